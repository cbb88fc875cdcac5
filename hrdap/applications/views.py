"""Public call page and the applicant's side: drafts step by step, submit, receipt, own data.

Views read the request, call a service, and render or redirect; the rules are in services.py.
"""
from __future__ import annotations

import json

from flask import (Blueprint, Response, abort, flash, jsonify, redirect, render_template, request,
                   session, url_for)
from flask_babel import format_datetime, gettext as _
from flask_login import current_user, logout_user

from hrdap.applications import blocks, personal_data, services
from hrdap.applications.answers import load_answers
from hrdap.applications.errors import (AlreadySubmitted, ApplicationError, DeadlinePassed, MissingAnswers,
                                       NotEditable, NotFound)
from hrdap.applications.forms import DeleteAccountForm
from hrdap.applications.steps import BY_SLUG, STEPS, form_values, missing_answers, summary
from hrdap.auth.forms import ConfirmForm
from hrdap.clock import now
from hrdap.errors import render_error
from hrdap.security import public

bp = Blueprint("applications", __name__)


@bp.errorhandler(ApplicationError)
def _refused(err: ApplicationError):
    """A domain error not handled by the view: its message, with its status."""
    return render_error(err.status, str(err.message))


@bp.get("/calls/<int:call_id>")
@public
def call_page(call_id: int):
    """The call, for anyone: eligibility, offer, deadline in Geneva and local time, a countdown."""
    call = services.get_call(call_id)
    application = services.application_of(current_user, call) if current_user.is_authenticated else None
    return render_template("applications/call.html", call=call, at=now(), application=application)


@bp.get("/calls/<int:call_id>/programme.pdf")
@public
def programme_pdf(call_id: int):
    """The programme description, as a download."""
    call = services.get_call(call_id)
    if not call.programme_pdf:
        abort(404)
    return Response(call.programme_pdf, mimetype="application/pdf", headers={
        "Content-Disposition": 'attachment; filename="programme.pdf"'})


@bp.route("/calls/<int:call_id>/apply", methods=["GET", "POST"])
def apply(call_id: int):
    """Start (POST) or resume an application; GET only shows what starting means."""
    call = services.get_call(call_id)
    existing = services.application_of(current_user, call)
    if existing is not None:
        return redirect(url_for(".show", application_id=existing.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        application = services.start_application(call, current_user, now())
        return redirect(url_for(".step", application_id=application.id, slug=STEPS[0].slug), 303)
    return render_template("applications/start.html", call=call, at=now(), form=form), 400 if form.errors else 200


def _neighbours(slug: str):
    index = [s.slug for s in STEPS].index(slug)
    return (STEPS[index - 1] if index > 0 else None), (STEPS[index + 1] if index + 1 < len(STEPS) else None)


def _step_page(application, step, form, status=200):
    previous, following = _neighbours(step.slug)
    return render_template("applications/step.html", application=application, step=step, form=form,
                           steps=STEPS, previous=previous, following=following, at=now()), status


@bp.route("/applications/<int:application_id>/steps/<slug>", methods=["GET", "POST"])
def step(application_id: int, slug: str):
    """One step of the form. Every button saves the draft first; autosave posts here too."""
    application = services.own_application(application_id, current_user)
    step_ = BY_SLUG.get(slug) or abort(404)
    autosave = request.headers.get("X-Autosave") == "1"
    if request.method == "GET":
        if not application.is_draft:
            return redirect(url_for(".show", application_id=application.id))
        if not services.can_edit(application, current_user, now()):
            return redirect(url_for(".review", application_id=application.id))
        return _step_page(application, step_, step_.form(data=load_answers(application.answers)))
    form = step_.form()
    if not form.validate_on_submit():
        if autosave:
            return jsonify(saved=False, errors={k: [str(e) for e in v] for k, v in form.errors.items()}), 400
        return _step_page(application, step_, form, 400)
    try:
        services.save_step(application, current_user, step_, form_values(form), now())
    except (DeadlinePassed, NotEditable) as err:
        if autosave:
            return jsonify(saved=False, message=str(err.message)), err.status
        return _review_page(application, err.status, message=str(err.message))
    if autosave:
        return jsonify(saved=True, at=format_datetime(now(), "short"))
    previous, following = _neighbours(slug)
    target = {"next": following, "back": previous}.get(request.form.get("go", ""))
    if request.form.get("go") == "review" or (request.form.get("go") == "next" and following is None):
        return redirect(url_for(".review", application_id=application.id), 303)
    flash(_("Your draft is saved."), "success")
    return redirect(url_for(".step", application_id=application.id, slug=(target or step_).slug), 303)


def _review_page(application, status=200, missing=None, message=None):
    answers = load_answers(application.answers)
    missing = missing if missing is not None else (missing_answers(answers) if application.is_draft else [])
    return render_template("applications/review.html", application=application, summary=summary(answers),
                           missing=missing, message=message, form=ConfirmForm(),
                           editable=services.can_edit(application, current_user, now()),
                           deadline=application.call.deadline_for(current_user), at=now()), status


@bp.get("/applications/<int:application_id>/review")
def review(application_id: int):
    """Everything written, before submitting; after the deadline a draft is shown read-only."""
    return _review_page(services.own_application(application_id, current_user))


@bp.post("/applications/<int:application_id>/submit")
def submit(application_id: int):
    """Submit the draft. Missing answers are listed; after the deadline it is refused and kept."""
    application = services.own_application(application_id, current_user)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.submit(application, current_user, now())
    except MissingAnswers as err:
        return _review_page(application, 400, missing=err.missing, message=str(err.message))
    except DeadlinePassed as err:
        return _review_page(application, 409, message=str(err.message))
    except AlreadySubmitted as err:
        flash(str(err.message), "info")
        return redirect(url_for(".show", application_id=application.id), 303)
    flash(_("Your application has been received. Your reference is %(ref)s.", ref=application.reference), "success")
    return redirect(url_for(".show", application_id=application.id), 303)


@bp.get("/applications/<int:application_id>")
def show(application_id: int):
    """The applicant's view of one application: status, receipt, copy, withdraw."""
    application = services.own_application(application_id, current_user)
    return render_template("applications/show.html", application=application, form=ConfirmForm(),
                           editable=services.can_edit(application, current_user, now()),
                           deadline=application.call.deadline_for(current_user), at=now())


@bp.get("/applications/<int:application_id>/copy")
def copy(application_id: int):
    """A copy of what was written, to print; ``?download=1`` saves it as a file."""
    application = services.own_application(application_id, current_user)
    html = render_template("applications/copy.html", application=application,
                           summary=summary(load_answers(application.answers)))
    response = Response(html, mimetype="text/html")
    if request.args.get("download"):
        name = application.reference or f"draft-{application.id}"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.html"'
    return response


@bp.post("/applications/<int:application_id>/withdraw")
def withdraw(application_id: int):
    """Withdraw the application."""
    application = services.own_application(application_id, current_user)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.withdraw(application, current_user, now())
    flash(_("Your application has been withdrawn."), "success")
    return redirect(url_for(".show", application_id=application.id), 303)


@bp.get("/my/applications")
def mine():
    """The applicant's space: their applications and their data."""
    return render_template("applications/mine.html", applications=services.applications_of(current_user),
                           open_calls=services.open_calls(now()), at=now())


@bp.get("/my/data.json")
def export_data():
    """Everything held about the person, as a JSON download."""
    body = json.dumps(personal_data.export_data(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="hrdap-my-data.json"'})


@bp.route("/my/delete", methods=["GET", "POST"])
def delete_account():
    """Delete the account and every application, after a password and a tick."""
    if not personal_data.can_delete_itself(current_user):
        raise NotFound()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if personal_data.delete_account(current_user, form.password.data, now()):
            logout_user()
            session.clear()
            flash(_("Your account and your applications have been deleted."), "success")
            return redirect(url_for("main.home"), 303)
        form.password.errors.append(_("This password is not right."))
    return render_template("applications/delete.html", form=form), 400 if form.errors else 200


blocks.init(bp)
