"""Sign-up, email confirmation, sign-in (with two-factor), sign-out and password reset."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from hrdap.auth import services, sessions, two_factor
from hrdap.auth.forms import ConfirmForm, NewPasswordForm, ResetRequestForm, SignInForm, SignUpForm, TwoFactorForm
from hrdap.auth.messages import message
from hrdap.auth.models import TokenPurpose, User
from hrdap.clock import now
from hrdap.extensions import db, limiter
from hrdap.security import public, safe_next

bp = Blueprint("auth", __name__)

_PENDING = "pending_2fa"          # user id and time of a password checked, awaiting the code
_PENDING_FOR = timedelta(minutes=5)


def _login_limit():
    from flask import current_app
    return current_app.config["HRDAP_LOGIN_LIMIT"]


@bp.route("/signup", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def sign_up():
    """Create an account. The answer is the same for a new and a taken email."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = SignUpForm(language=session.get("lang") or request.accept_languages.best_match(["en", "fr", "es"]) or "en")
    if form.validate_on_submit():
        try:
            services.sign_up(form.email.data, form.display_name.data, form.password.data,
                             form.language.data, form.time_zone.data)
        except services.AuthError as err:
            form.password.errors.append(message(err.code))
        else:
            return redirect(url_for("auth.sign_up_sent"), 303)
    status = 400 if form.errors else 200
    return render_template("auth/sign_up.html", form=form), status


@bp.get("/signup/sent")
@public
def sign_up_sent():
    """The neutral page shown after every sign-up."""
    return render_template("auth/check_email.html", reason="signup")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@public
def verify_email(token: str):
    """Confirm an address. GET only shows a button, so link scanners cannot use the link up."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.confirm_email(token)
        except services.AuthError as err:
            return render_template("auth/link_problem.html", error=message(err.code)), 400
        flash(_("Your email address is confirmed. You can sign in now."), "success")
        return redirect(url_for("auth.sign_in"), 303)
    try:
        services.check_link(token, TokenPurpose.VERIFY_EMAIL)
    except services.AuthError as err:
        return render_template("auth/link_problem.html", error=message(err.code)), 400
    return render_template("auth/confirm_email.html", form=form)


@bp.route("/signin", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def sign_in():
    """First factor: email and password."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = services.check_password(form.email.data, form.password.data, request.remote_addr)
        except services.AuthError as err:
            form.password.errors.append(message(err.code, seconds=err.retry_after)
                                        if err.code == "throttled" else message(err.code))
            status = 429 if err.code == "throttled" else 400
            return render_template("auth/sign_in.html", form=form), status
        target = safe_next(form.next.data)
        if user.two_factor_enabled:
            session.clear()
            session[_PENDING] = {"user": user.id, "at": now().timestamp(), "next": target}
            db.session.commit()
            return redirect(url_for("auth.second_factor"), 303)
        return _finish(user, target)
    status = 400 if form.errors else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.route("/signin/code", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def second_factor():
    """Second factor: a TOTP code (single use) or a recovery code."""
    pending = session.get(_PENDING)
    if not isinstance(pending, dict) or now().timestamp() - pending.get("at", 0) > _PENDING_FOR.total_seconds():
        session.pop(_PENDING, None)
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.sign_in"))
    user = db.session.get(User, pending["user"])
    if user is None or not user.is_active:
        session.clear()
        return redirect(url_for("auth.sign_in"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        code = form.code.data
        if two_factor.use_code(user, code) or two_factor.use_recovery_code(user, code):
            return _finish(user, pending.get("next") or url_for("main.dashboard"))
        services.throttle.record_failure(user.email, request.remote_addr)
        db.session.commit()
        form.code.errors.append(message("bad_code"))
    status = 400 if form.errors else 200
    return render_template("auth/second_factor.html", form=form), status


def _finish(user: User, target: str):
    services.complete_sign_in(user)
    login_user(user)
    return redirect(target, 303)


@bp.post("/signout")
@public
def sign_out():
    """End this browser's session on the server, so a copied cookie stops working."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("errors/error.html", code=400,
                               message=_("The sign-out form expired. Reload the page and sign out again.")), 400
    sessions.end_current()
    db.session.commit()
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("main.home"), 303)


@bp.route("/reset", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def reset_request():
    """Ask for a password reset link. Same answer whether or not the account exists."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("auth/check_email.html", reason="reset")
    status = 400 if form.errors else 200
    return render_template("auth/reset_request.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """Choose a new password through an emailed single-use link."""
    try:
        services.check_link(token, TokenPurpose.RESET_PASSWORD)
    except services.AuthError as err:
        return render_template("auth/link_problem.html", error=message(err.code)), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.AuthError as err:
            if err.code == "invalid_link":
                return render_template("auth/link_problem.html", error=message(err.code)), 400
            form.password.errors.append(message(err.code))
        else:
            session.clear()
            flash(_("Your password has been changed. Sign in with the new one."), "success")
            return redirect(url_for("auth.sign_in"), 303)
    status = 400 if form.errors else 200
    return render_template("auth/reset_password.html", form=form), status
