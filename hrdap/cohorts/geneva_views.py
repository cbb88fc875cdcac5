"""The Geneva weeks: the Council session's dates and each participant's planned activities."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from hrdap.auth.forms import ConfirmForm
from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.cohorts.forms import ACTIVITY_KINDS, ACTIVITY_STATUSES, ActivityForm
from hrdap.cohorts.models import Cohort, Enrolment, GenevaActivity
from hrdap.cohorts.views import bp
from hrdap.extensions import db
from hrdap.security import roles_required


def _my_enrolment() -> Enrolment:
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == current_user.id,
                                                          Enrolment.withdrawn_at.is_(None))
                                  .order_by(Enrolment.id.desc()).limit(1))
    if enrolment is None:
        abort(404)
    return enrolment


def _activities(enrolment_ids: list[int]) -> dict[int, list[GenevaActivity]]:
    rows = db.session.scalars(select(GenevaActivity).where(GenevaActivity.enrolment_id.in_(enrolment_ids))
                              .order_by(GenevaActivity.planned_on, GenevaActivity.id)).all()
    grouped: dict[int, list[GenevaActivity]] = {i: [] for i in enrolment_ids}
    for row in rows:
        grouped[row.enrolment_id].append(row)
    return grouped


@bp.route("/geneva", methods=["GET", "POST"])
@roles_required(Role.PARTICIPANT)
def geneva_mine():
    """A participant's own Geneva plan: add activities and update their status."""
    enrolment = _my_enrolment()
    form = ActivityForm()
    if form.validate_on_submit():
        db.session.add(GenevaActivity(enrolment_id=enrolment.id, kind=form.kind.data, title=form.title.data,
                                      planned_on=form.planned_on.data, status=form.status.data, updated_at=now()))
        db.session.commit()
        flash(_("Activity added."), "success")
        return redirect(url_for("cohorts.geneva_mine"), 303)
    return render_template("cohorts/geneva_mine.html", cohort=enrolment.cohort, form=form,
                           activities=_activities([enrolment.id])[enrolment.id],
                           kinds=dict(ACTIVITY_KINDS), statuses=ACTIVITY_STATUSES), 400 if form.errors else 200


@bp.post("/geneva/<int:activity_id>/status")
@roles_required(Role.PARTICIPANT)
def geneva_status(activity_id: int):
    """Change the status of one of my activities."""
    from flask import request

    enrolment = _my_enrolment()
    activity = db.session.get(GenevaActivity, activity_id)
    status = request.form.get("status")
    if activity is None or activity.enrolment_id != enrolment.id:
        abort(404)
    if status not in dict(ACTIVITY_STATUSES) or not ConfirmForm().validate_on_submit():
        abort(400)
    activity.status, activity.updated_at = status, now()
    db.session.commit()
    flash(_("Status saved."), "success")
    return redirect(url_for("cohorts.geneva_mine"), 303)


@bp.get("/cohorts/<int:cohort_id>/geneva")
@roles_required(Role.STAFF, Role.COACH)
def geneva_overview(cohort_id: int):
    """Staff see every participant's Geneva plan; a coach sees their own participants'."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    enrolments = cohort.active_enrolments
    if not current_user.has_role(Role.STAFF):
        enrolments = [e for e in enrolments if e.coach_id == current_user.id]
        if not enrolments:
            abort(404)
    return render_template("cohorts/geneva_overview.html", cohort=cohort, enrolments=enrolments,
                           activities=_activities([e.id for e in enrolments]),
                           kinds=dict(ACTIVITY_KINDS), statuses=dict(ACTIVITY_STATUSES))
