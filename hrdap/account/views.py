"""The account page: language, time zone, password, two-factor, active sessions."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from hrdap.account.forms import ChangePasswordForm, EnableTwoFactorForm, PasswordCheckForm, SettingsForm
from hrdap.auth import services, sessions
from hrdap.auth import two_factor as totp
from hrdap.auth.forms import ConfirmForm
from hrdap.auth.messages import message
from hrdap.auth.models import UserSession
from hrdap.auth.passwords import verify_password
from hrdap.clock import now
from hrdap.extensions import db

bp = Blueprint("account", __name__, url_prefix="/account")
_NEW_SECRET = "new_totp_secret"


def _page(status=200, **forms):
    forms.setdefault("settings_form", SettingsForm(obj=current_user))
    forms.setdefault("password_form", ChangePasswordForm())
    current = sessions.current_row()
    return render_template("account/index.html", sessions=sessions.active_sessions(current_user),
                           current_session_id=current.id if current else None,
                           confirm_form=ConfirmForm(),
                           recovery_left=totp.remaining_recovery_codes(current_user), **forms), status


@bp.get("/")
def index():
    """Show the account page."""
    return _page()


@bp.post("/settings")
def settings():
    """Save name, language and time zone."""
    form = SettingsForm()
    if not form.validate_on_submit():
        return _page(400, settings_form=form)
    current_user.display_name = form.display_name.data
    current_user.language = form.language.data
    current_user.time_zone = form.time_zone.data
    session["lang"] = form.language.data
    db.session.commit()
    flash(_("Your settings are saved."), "success")
    return redirect(url_for("account.index"), 303)


@bp.post("/password")
def change_password():
    """Change the password; other sessions end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except services.AuthError as err:
            field = form.current if err.code == "wrong_current_password" else form.password
            field.errors.append(message(err.code))
        else:
            flash(_("Your password has been changed. Your other sessions have been signed out."), "success")
            return redirect(url_for("account.index"), 303)
    return _page(400, password_form=form)


@bp.post("/sessions/<int:session_id>/end")
def end_session(session_id: int):
    """Sign one of my sessions out."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != current_user.id:
        abort(404)
    row.revoked_at = row.revoked_at or now()
    db.session.commit()
    flash(_("That session has been signed out."), "success")
    return redirect(url_for("account.index"), 303)


@bp.post("/sessions/end-others")
def end_other_sessions():
    """Sign out everywhere else."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = sessions.revoke_all(current_user, keep=sessions.current_row())
    db.session.commit()
    flash(ngettext("%(num)d other session has been signed out.", "%(num)d other sessions have been signed out.",
                   count), "success")
    return redirect(url_for("account.index"), 303)


@bp.route("/two-factor", methods=["GET", "POST"])
def two_factor():
    """Switch two-factor on: scan or type the key, then confirm with a code."""
    if current_user.two_factor_enabled:
        return render_template("account/two_factor_on.html", form=PasswordCheckForm(),
                               recovery_left=totp.remaining_recovery_codes(current_user))
    secret = session.get(_NEW_SECRET) or totp.new_secret()
    session[_NEW_SECRET] = secret
    form = EnableTwoFactorForm()
    if form.validate_on_submit():
        if totp.code_is_valid_for_secret(secret, form.code.data):
            codes = totp.enable(current_user, secret)
            session.pop(_NEW_SECRET, None)
            db.session.commit()
            return render_template("account/recovery_codes.html", codes=codes)
        form.code.errors.append(message("bad_code"))
    status = 400 if form.errors else 200
    return render_template("account/two_factor_setup.html", form=form, secret=secret,
                           uri=totp.provisioning_uri(current_user, secret)), status


@bp.post("/two-factor/recovery-codes")
def new_recovery_codes():
    """Replace the recovery codes (password asked again)."""
    form = PasswordCheckForm()
    if not current_user.two_factor_enabled:
        return redirect(url_for("account.two_factor"))
    if not form.validate_on_submit() or not verify_password(current_user.password_hash, form.current.data):
        flash(message("wrong_current_password"), "error")
        return redirect(url_for("account.two_factor"), 303)
    codes = totp.new_recovery_codes(current_user)
    db.session.commit()
    return render_template("account/recovery_codes.html", codes=codes)


@bp.post("/two-factor/off")
def two_factor_off():
    """Switch two-factor off (refused for staff and coaches, who must keep it)."""
    form = PasswordCheckForm()
    if current_user.needs_two_factor:
        flash(_("Staff and coaches must keep two-factor authentication on."), "error")
        return redirect(url_for("account.two_factor"), 303)
    if not form.validate_on_submit() or not verify_password(current_user.password_hash, form.current.data):
        flash(message("wrong_current_password"), "error")
        return redirect(url_for("account.two_factor"), 303)
    totp.disable(current_user)
    db.session.commit()
    flash(_("Two-factor authentication is off."), "success")
    return redirect(url_for("account.index"), 303)
