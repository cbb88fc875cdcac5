"""Staff manage cohorts; coaches see their participants."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_date, get_locale, gettext as _
from flask_login import current_user

from hrdap.auth.forms import ConfirmForm
from hrdap.auth.models import Role
from hrdap.auth.services import find_user
from hrdap.clock import now
from hrdap.cohorts import services
from hrdap.cohorts.dashboard import rows_for
from hrdap.cohorts.forms import AnonymiseForm, CoachForm, CohortForm, EnrolForm
from hrdap.cohorts.messages import message
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.csv_export import csv_response
from hrdap.extensions import db
from hrdap.learning.models import Course, pick
from hrdap.lifecycle import anonymise as anonymising
from hrdap.security import roles_required

bp = Blueprint("cohorts", __name__)


def _cohort(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    return cohort


def _cohort_form(form: CohortForm | None = None) -> CohortForm:
    from hrdap.applications.models import Call

    form = form or CohortForm()
    form.course_id.choices = [(c.id, pick(c.title, str(get_locale() or "en"))) for c in db.session.scalars(db.select(Course))]
    taken = set(db.session.scalars(db.select(Cohort.call_id).where(Cohort.call_id.is_not(None))))
    form.call_id.choices = [(0, _("None"))] + [(c.id, c.name) for c in db.session.scalars(
        db.select(Call).order_by(Call.closes_at.desc())) if c.id not in taken]
    return form


@bp.route("/cohorts/", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def index():
    """Every cohort, and a form to create one (from a call: its accepted applicants join)."""
    form = _cohort_form()
    if form.validate_on_submit():
        try:
            cohort = services.create_cohort(form.course_id.data, form.name.data, form.starts_on.data,
                                            form.capacity.data, current_user, call_id=form.call_id.data or None)
            cohort.hrc_session = form.hrc_session.data or ""
            cohort.hrc_starts_on, cohort.hrc_ends_on = form.hrc_starts_on.data, form.hrc_ends_on.data
            added, refused = services.enrol_call_acceptances(cohort, current_user)
        except services.CohortError as err:
            form.call_id.errors.append(message(err))
        else:
            db.session.commit()
            flash(_("Cohort created with %(n)d participants.", n=added), "success")
            if refused:
                flash(_("%(n)d accepted applicants could not join: the cohort is full.", n=refused), "error")
            return redirect(url_for("cohorts.show", cohort_id=cohort.id), 303)
    cohorts = db.session.scalars(db.select(Cohort).order_by(Cohort.starts_on.desc())).all()
    return render_template("cohorts/index.html", cohorts=cohorts, form=form), 400 if form.errors else 200


@bp.get("/cohorts/<int:cohort_id>")
@roles_required(Role.STAFF)
def show(cohort_id: int):
    """A cohort's participants with progress, flags, coaches; enrol and withdraw."""
    cohort = _cohort(cohort_id)
    headings, rows = rows_for(cohort.active_enrolments, db.session.get(Course, cohort.course_id))
    coach_choices = [(0, _("No coach"))] + [(c.id, c.display_name) for c in services.coaches()]
    coach_forms = {}
    for row in rows:
        f = CoachForm(prefix=f"e{row.enrolment.id}", coach_id=row.enrolment.coach_id or 0)
        f.coach_id.choices = coach_choices
        coach_forms[row.enrolment.id] = f
    return render_template("cohorts/show.html", cohort=cohort, rows=rows, headings=headings,
                           enrol_form=EnrolForm(), coach_forms=coach_forms, confirm=ConfirmForm(),
                           count=services.active_count(cohort),
                           ended=cohort.has_ended(anonymising.geneva_day(now())))


@bp.route("/cohorts/<int:cohort_id>/anonymise", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def anonymise(cohort_id: int):
    """Confirm, then anonymise a finished cohort (the rules: hrdap/lifecycle/anonymise.py)."""
    cohort = _cohort(cohort_id)
    back = redirect(url_for("cohorts.show", cohort_id=cohort.id), 303)
    if cohort.anonymised_at is not None:
        flash(_("This cohort was anonymised on %(date)s. Nothing has been changed.",
                date=format_date(cohort.anonymised_at, "long")), "info")
        return back
    try:
        anonymising.check_ended(cohort, now())
    except services.CohortError as err:
        flash(message(err), "error")
        return back
    form = AnonymiseForm(expected_name=cohort.name)
    if form.validate_on_submit():
        outcome = anonymising.anonymise(cohort, current_user, now())
        db.session.commit()
        if outcome.already:
            flash(_("This cohort was anonymised on %(date)s. Nothing has been changed.",
                    date=format_date(outcome.anonymised_at, "long")), "info")
        else:
            counts = outcome.counts
            flash(_("The cohort is anonymised. Participants: %(n)d. Accounts that now carry no name: "
                    "%(accounts)d. Accounts kept by people who still use them, without this cohort's records: "
                    "%(kept)d.",
                    n=counts["participants"], accounts=counts["accounts"], kept=counts["kept"]), "success")
        return back
    return render_template("cohorts/anonymise.html", cohort=cohort, form=form,
                           preview=anonymising.preview(cohort)), 400 if form.errors else 200


@bp.post("/cohorts/<int:cohort_id>/enrol")
@roles_required(Role.STAFF)
def enrol(cohort_id: int):
    """Enrol an existing account by its email."""
    cohort = _cohort(cohort_id)
    form = EnrolForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is None:
            flash(_("No account uses this email. Ask the person to create one, or invite them."), "error")
        else:
            try:
                services.enrol(cohort, user, current_user)
            except services.CohortError as err:
                flash(message(err), "error")
            else:
                db.session.commit()
                flash(_("%(name)s is enrolled.", name=user.display_name), "success")
    else:
        flash(_("Enter a valid email address."), "error")
    return redirect(url_for("cohorts.show", cohort_id=cohort.id), 303)


def _enrolment(cohort_id: int, enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.cohort_id != cohort_id:
        abort(404)
    return enrolment


@bp.post("/cohorts/<int:cohort_id>/enrolments/<int:enrolment_id>/coach")
@roles_required(Role.STAFF)
def set_coach(cohort_id: int, enrolment_id: int):
    """Assign or change a participant's coach (the history is kept)."""
    enrolment = _enrolment(cohort_id, enrolment_id)
    form = CoachForm(prefix=f"e{enrolment.id}")
    form.coach_id.choices = [(0, "")] + [(c.id, c.display_name) for c in services.coaches()]
    if not form.validate_on_submit():
        flash(_("Choose a coach from the list."), "error")
        return redirect(url_for("cohorts.show", cohort_id=cohort_id), 303)
    from hrdap.auth.models import User

    services.assign_coach(enrolment, db.session.get(User, form.coach_id.data) if form.coach_id.data else None,
                          current_user)
    db.session.commit()
    flash(_("Coach saved."), "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort_id), 303)


@bp.post("/cohorts/<int:cohort_id>/enrolments/<int:enrolment_id>/withdraw")
@roles_required(Role.STAFF)
def withdraw(cohort_id: int, enrolment_id: int):
    """Withdraw a participant from the cohort."""
    enrolment = _enrolment(cohort_id, enrolment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.withdraw(enrolment, current_user)
    db.session.commit()
    flash(_("%(name)s has been withdrawn.", name=enrolment.user.display_name), "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort_id), 303)


@bp.get("/cohorts/<int:cohort_id>/export.csv")
@roles_required(Role.STAFF)
def export(cohort_id: int):
    """The cohort's progress as CSV (safe to open in a spreadsheet)."""
    from hrdap.audit.services import record

    cohort = _cohort(cohort_id)
    headings, rows = rows_for(cohort.active_enrolments, db.session.get(Course, cohort.course_id))
    record(current_user, "cohort.export", "cohort", cohort.id)
    db.session.commit()
    return csv_response(f"cohort-{cohort.id}.csv",
                        ["participant", "coach", "lessons_done", "lessons_total", "last_active", "flags", *headings],
                        [[r.enrolment.user.display_name, r.enrolment.coach.display_name if r.enrolment.coach else "",
                          r.lessons.done, r.lessons.total, r.last_active.isoformat() if r.last_active else "",
                          "; ".join(r.flags), *r.extra] for r in rows])


@bp.get("/coach/")
@roles_required(Role.COACH)
def coach_dashboard():
    """A coach's own participants, with their progress and flags."""
    enrolments = services.enrolments_coached_by(current_user)
    groups = []
    for cohort_id in sorted({e.cohort_id for e in enrolments}):
        cohort = db.session.get(Cohort, cohort_id)
        mine = [e for e in enrolments if e.cohort_id == cohort_id]
        headings, rows = rows_for(mine, db.session.get(Course, cohort.course_id))
        groups.append((cohort, headings, rows))
    return render_template("cohorts/coach.html", groups=groups)
