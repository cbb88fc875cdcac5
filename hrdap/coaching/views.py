"""The participant's side: the plan editor (save, autosave, submit), the live checker, notifications.

The coach's side (versions, feedback, queue) is in review_views.py, on the same blueprint.
"""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_time, get_locale, gettext as _
from flask_login import current_user

from hrdap.auth.forms import ConfirmForm
from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.coaching import access, notify, services
from hrdap.coaching.checker import check
from hrdap.coaching.forms import PlanForm
from hrdap.coaching.models import CRITERIA, MECHANISMS, RATINGS, TEXT_FIELDS
from hrdap.coaching.pitch import timing
from hrdap.content import render_markdown
from hrdap.learning import access as learning_access
from hrdap.coaching.services import CoachingError, FrozenVersion, Incomplete, MAX_RECOMMENDATIONS
from hrdap.errors import render_error
from hrdap.extensions import db
from hrdap.security import roles_required

bp = Blueprint("coaching", __name__, url_prefix="/coaching")


@bp.context_processor
def _helpers():
    return {"render_markdown": render_markdown, "TEXT_FIELDS": TEXT_FIELDS, "CRITERIA": CRITERIA,
            "MECHANISM_LABELS": MECHANISMS, "RATING_LABELS": RATINGS}


def reader_lang() -> str:
    return str(get_locale() or "en")


def glossary_url() -> str | None:
    """The glossary of the first course this person can open, where the checker's categories are explained."""
    courses = learning_access.courses_for(current_user)
    return url_for("learning.glossary", course_slug=courses[0].slug) if courses else None


@bp.errorhandler(CoachingError)
def _refused(err: CoachingError):
    """A refused action: its message with its status (a link to the current version when superseded)."""
    db.session.rollback()
    if err.status == 404:
        return render_error(404)
    current = getattr(err, "current", None)
    return render_template("coaching/refused.html", message=str(err.message), current=current,
                           missing=getattr(err, "missing", [])), err.status


def _blank_rows(form: PlanForm) -> None:
    """Show at least three recommendation rows, and always one empty row to add another."""
    wanted = min(MAX_RECOMMENDATIONS, max(3, len(form.recommendations.entries) + 1))
    while len(form.recommendations.entries) < wanted:
        form.recommendations.append_entry()


def _editor(plan, form: PlanForm, status: int = 200, missing=None):
    lang = form.language.data or (plan.language if plan else current_user.language) or "en"
    glossary = glossary_url()
    checks = [check(entry.form.text.data, lang, reader_lang(), entry.form.time_frame.data or "", glossary)
              if (entry.form.text.data or "").strip() else None
              for entry in form.recommendations]
    return render_template("coaching/edit.html", plan=plan, form=form, checks=checks, missing=missing or [],
                           pitch=timing(form.pitch.data or "", lang), lang=reader_lang()), status


@bp.get("/plan")
def edit_plan():
    """The participant's working draft (empty until the first save)."""
    if access.current_enrolment(current_user) is None:
        return render_error(404)
    plan = services.own_plan(current_user)
    if plan is not None and not plan.editable:
        return redirect(url_for("coaching.plan", plan_id=plan.id))
    if plan is None:
        form = PlanForm(data={"language": current_user.language or "en"})
    else:
        form = PlanForm(data=_form_data(plan))
    _blank_rows(form)
    return _editor(plan, form)


@bp.post("/plan")
def save_plan():
    """Save the draft ("Save draft", or autosave with JavaScript); "Submit" saves, then submits."""
    if access.current_enrolment(current_user) is None:
        return render_error(404)
    autosave = request.headers.get("X-Autosave") == "1"
    plan = services.own_plan(current_user)
    form = PlanForm()
    if not form.validate_on_submit():
        if autosave:
            return jsonify(saved=False, message=_("Not saved: please check the fields marked on the page.")), 400
        _blank_rows(form)
        return _editor(plan, form, 400)
    try:
        plan = services.save_draft(current_user, form.values(), form.recommendation_values(), now())
    except FrozenVersion as err:
        db.session.rollback()
        if autosave:
            return jsonify(saved=False, message=str(err.message)), err.status
        raise
    db.session.commit()
    if autosave:
        return jsonify(saved=True, message=_("Saved at %(time)s", time=format_time(now(), "short")))
    if request.form.get("action") == "submit":
        try:
            version = services.submit(plan, current_user, now())
        except Incomplete as err:
            db.session.rollback()
            flash(_("Your draft is saved, but it cannot be submitted yet."), "error")
            form = PlanForm(formdata=None, data=_form_data(plan))
            _blank_rows(form)
            return _editor(plan, form, 400, missing=err.missing)
        db.session.commit()
        flash(_("Your plan is submitted: version %(n)d is frozen and your coach has been told.", n=version.number),
              "success")
        return redirect(url_for("coaching.version", plan_id=plan.id, number=version.number), 303)
    flash(_("Your draft is saved."), "success")
    return redirect(url_for("coaching.edit_plan") + "#recommendations", 303)


def _form_data(plan) -> dict:
    return plan.texts() | {"language": plan.language, "mechanisms": plan.mechanism_codes,
                           "recommendations": [r.fields() for r in plan.recommendations]}


@bp.post("/check")
@roles_required(Role.PARTICIPANT, Role.COACH, Role.STAFF)
def check_recommendation():
    """Live SMART analysis of one recommendation (JSON; POST with the page's CSRF token)."""
    text = request.form.get("text", "")
    time_frame = request.form.get("time_frame", "")
    if len(text) > 2000 or len(time_frame) > 200:
        return jsonify(error=_("This recommendation is too long to check.")), 400
    return jsonify(check(text, request.form.get("lang", "en"), reader_lang(), time_frame, glossary_url()))


@bp.get("/notifications")
def notifications():
    """The signed-in person's notifications, newest first."""
    items = notify.notifications_for(current_user)
    return render_template("coaching/notifications.html", items=items, text_of=notify.text_of,
                           form=ConfirmForm())


@bp.post("/notifications/read")
def mark_notifications_read():
    form = ConfirmForm()
    if form.validate_on_submit():
        notify.mark_all_read(current_user, now())
        db.session.commit()
    return redirect(url_for("coaching.notifications"), 303)


from hrdap.coaching import review_views  # noqa: E402,F401  (routes on this blueprint)
