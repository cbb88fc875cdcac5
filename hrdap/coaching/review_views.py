"""Reading plans and versions, the coach's feedback and decision, replies, and the coach's queue."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import format_timedelta, gettext as _
from flask_login import current_user

from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.coaching import access, services
from hrdap.coaching.checker import check
from hrdap.coaching.diff import compare
from hrdap.coaching.forms import ReplyForm, feedback_entries, feedback_form_class
from hrdap.coaching.models import APPROVED
from hrdap.coaching.pitch import timing
from hrdap.coaching.services import Incomplete
from hrdap.coaching.views import bp, glossary_url, reader_lang
from hrdap.extensions import db
from hrdap.security import roles_required


def _plan(plan_id: int):
    return services.readable_plan(plan_id, current_user)


@bp.get("/plans/<int:plan_id>")
def plan(plan_id: int):
    """A plan's status and its versions (participant, their coach, staff)."""
    item = _plan(plan_id)
    services.audit_view(current_user, item)
    db.session.commit()
    return render_template("coaching/plan.html", plan=item, is_owner=access.is_owner(current_user, item),
                           is_coach=access.can_coach(current_user, item))


def _feedback_form(version, formdata=True):
    ids = [r.id for r in version.recommendations]
    cls = feedback_form_class(ids)
    if formdata:
        return cls()
    data = {"pitch_comment": version.pitch_comment, "plan_comment": version.plan_comment}
    for row in version.feedback:
        data[f"rating_{row.recommendation_id}_{row.criterion}"] = row.rating or None
        data[f"comment_{row.recommendation_id}_{row.criterion}"] = row.comment
    return cls(formdata=None, data=data)


def _version_page(item, version, form=None, status: int = 200, missing=None):
    is_owner = access.is_owner(current_user, item)
    is_coach = access.can_coach(current_user, item)
    latest = item.latest_version
    reviewing = is_coach and latest is version and not version.decided
    if reviewing and form is None:
        form = _feedback_form(version, formdata=False)
    previous = services.previous_reviewed(version)
    glossary = glossary_url() if not is_owner else None
    checks = {r.id: check(r.text, version.language, reader_lang(), r.time_frame or "", glossary)
              for r in version.recommendations} \
        if not is_owner else {}
    replies: dict = {}
    for reply in version.replies:
        replies.setdefault(reply.feedback_id or reply.topic, []).append(reply)
    return render_template(
        "coaching/version.html", plan=item, version=version, latest=latest, is_owner=is_owner,
        is_coach=is_coach, reviewing=reviewing, form=form, missing=missing or [],
        show_feedback=version.decided or not is_owner, can_reply=version.decided and (is_owner or is_coach),
        changes=compare(previous, version) if previous else None, previous=previous, checks=checks,
        replies=replies, reply_form=ReplyForm(), pitch=timing(version.pitch, version.language)), status


@bp.get("/plans/<int:plan_id>/versions/<int:number>")
def version(plan_id: int, number: int):
    """One frozen version: its contents, what changed, the feedback, the conversation."""
    item = _plan(plan_id)
    ver = services.version_of(item, number)
    services.audit_view(current_user, item, ver)
    db.session.commit()
    return _version_page(item, ver)


@bp.post("/plans/<int:plan_id>/versions/<int:number>/feedback")
@roles_required(Role.COACH)
def feedback(plan_id: int, number: int):
    """Save the coach's feedback; "Send" also records the decision and tells the participant."""
    item = _plan(plan_id)
    ver = services.version_of(item, number)
    if not access.can_coach(current_user, item):
        raise services.NotYours
    form = _feedback_form(ver)
    if not form.validate_on_submit():
        return _version_page(item, ver, form, 400)
    ids = [r.id for r in ver.recommendations]
    services.save_feedback(ver, current_user, feedback_entries(form, ids), form.pitch_comment.data or "",
                           form.plan_comment.data or "", now())
    db.session.commit()
    if form.action.data != "send":
        flash(_("Your feedback is saved. The participant will see it when you send it."), "success")
        return redirect(url_for("coaching.version", plan_id=item.id, number=ver.number) + "#feedback", 303)
    try:
        services.decide(ver, current_user, form.decision.data or "", now())
    except Incomplete as err:
        db.session.rollback()
        flash(_("Your feedback is saved but not sent yet."), "error")
        return _version_page(item, ver, form, 400, missing=err.missing)
    db.session.commit()
    flash(_("The plan is approved and the participant has been told.") if ver.decision == APPROVED
          else _("A revision is asked and the participant has been told."), "success")
    return redirect(url_for("coaching.version", plan_id=item.id, number=ver.number), 303)


@bp.post("/plans/<int:plan_id>/versions/<int:number>/replies")
def reply(plan_id: int, number: int):
    """Answer a feedback comment, or the comment on the pitch or the plan."""
    item = _plan(plan_id)
    ver = services.version_of(item, number)
    form = ReplyForm()
    if not form.validate_on_submit():
        flash(_("Your reply is empty or too long: nothing was sent."), "error")
        return redirect(url_for("coaching.version", plan_id=item.id, number=ver.number) + "#conversation", 303)
    feedback_id = int(form.feedback_id.data) if (form.feedback_id.data or "").isdigit() else None
    services.add_reply(ver, current_user, form.topic.data, feedback_id, form.body.data, now())
    db.session.commit()
    flash(_("Your reply is sent."), "success")
    anchor = f"#feedback-{feedback_id}" if feedback_id else f"#{form.topic.data}-comment"
    return redirect(url_for("coaching.version", plan_id=item.id, number=ver.number) + anchor, 303)


@bp.get("/queue")
@roles_required(Role.COACH, Role.STAFF)
def queue():
    """Plans waiting for feedback, oldest first, and every plan this person may read."""
    at = now()
    waiting = services.queue_for(current_user, at)
    return render_template("coaching/queue.html", waiting=waiting, plans=services.plans_for(current_user),
                           since=lambda delta: format_timedelta(delta, granularity="hour", add_direction=False))
