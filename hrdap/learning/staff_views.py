"""Progress for staff and coaches, and moving a cohort's start date."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import DataRequired

from hrdap.auth.models import Role
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.learning import progress
from hrdap.learning.models import pick
from hrdap.learning.views import _lang, _view, bp
from hrdap.security import roles_required


class StartDateForm(FlaskForm):
    starts_on = DateField(_("First day of week 1"), validators=[DataRequired()])


@bp.get("/<course_slug>/progress")
@roles_required(Role.STAFF, Role.COACH)
def progress_table(course_slug: str):
    """Each participant's progress per module: staff see every cohort, coaches their own participants."""
    view = _view(course_slug)
    query = db.select(Enrolment).join(Cohort).where(Cohort.course_id == view.course.id,
                                                    Enrolment.withdrawn_at.is_(None))
    if view.role != "staff":
        query = query.where(Enrolment.coach_id == current_user.id)
    enrolments = db.session.scalars(query.order_by(Cohort.starts_on.desc(), Enrolment.id)).all()
    table = progress.cohort_table(view.course, [e.user_id for e in enrolments])
    modules = [m for m in view.course.modules if m.retired_at is None]
    cohorts = sorted({e.cohort for e in enrolments}, key=lambda c: c.starts_on, reverse=True)
    forms = {c.id: StartDateForm(starts_on=c.starts_on, prefix=f"c{c.id}") for c in cohorts}
    return render_template("learning/progress.html", view=view, enrolments=enrolments, table=table,
                           modules=modules, cohorts=cohorts, forms=forms, lang=_lang(), pick=pick,
                           totals={uid: progress.course_fraction(row) for uid, row in table.items()})


@bp.post("/<course_slug>/cohorts/<int:cohort_id>/start")
@roles_required(Role.STAFF)
def move_start(course_slug: str, cohort_id: int):
    """Staff move a cohort's start date; every week's dates follow."""
    view = _view(course_slug)
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or cohort.course_id != view.course.id:
        abort(404)
    form = StartDateForm(prefix=f"c{cohort.id}")
    if not form.validate_on_submit():
        flash(_("Enter the start date as a date, for example 2027-04-12."), "error")
        return redirect(url_for("learning.progress_table", course_slug=course_slug), 303)
    cohort.starts_on = form.starts_on.data
    db.session.commit()
    flash(_("The cohort now starts on %(date)s.", date=cohort.starts_on.isoformat()), "success")
    return redirect(url_for("learning.progress_table", course_slug=course_slug), 303)
