"""Survey pages: participants answer once; staff open, close, read the results and export them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from hrdap.audit.services import record
from hrdap.auth.forms import ConfirmForm
from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.csv_export import csv_response
from hrdap.errors import render_error
from hrdap.extensions import db
from hrdap.learning.models import pick
from hrdap.live.access import NotFound, access_for, visible_cohorts
from hrdap.security import roles_required
from hrdap.survey import services
from hrdap.survey.chart import hbar_chart
from hrdap.survey.forms import SATISFACTION_LABELS, survey_form
from hrdap.survey.held import RELEASE_AT

bp = Blueprint("survey", __name__, url_prefix="/survey")


@bp.errorhandler(NotFound)
def _not_found(_err):
    return render_error(404)


def _title(module) -> str:
    return pick(module.title, str(get_locale() or "en"))


@bp.get("/")
@roles_required(Role.STAFF, Role.PARTICIPANT)
def index():
    """Staff: every cohort's survey. A participant goes to their cohort's survey."""
    cohorts = visible_cohorts(current_user, coaches_allowed=False)
    if not current_user.has_role(Role.STAFF):
        if not cohorts:
            abort(404)
        return redirect(url_for("survey.answer", cohort_id=cohorts[0].id))
    rows = [(c, services.survey_of(c.id)) for c in cohorts]
    return render_template("survey/index.html", rows=rows, confirm=ConfirmForm(),
                           counts={c.id: services.participation_count(s) for c, s in rows})


@bp.route("/<int:cohort_id>/", methods=["GET", "POST"])
@roles_required(Role.PARTICIPANT)
def answer(cohort_id: int):
    """The survey for a member of the cohort: answered once, optionally anonymously."""
    access = access_for(current_user, cohort_id, coaches_allowed=False)
    if not access.is_member:
        abort(404)
    survey = services.survey_of(cohort_id)
    modules = services.modules_of(access.cohort)
    form = survey_form(modules, _title)
    state = "closed" if survey is None or not survey.is_open else \
        "answered" if services.has_answered(survey, current_user) else "open"
    status = 200
    if form.is_submitted() and state != "open":
        flash(_("You have already answered this survey. Thank you: answers cannot be sent twice.")
              if state == "answered" else _("The survey is not open."), "error")
        status = 409
    elif form.validate_on_submit():
        try:
            services.submit(survey, current_user, services.Answers(
                satisfaction=form.satisfaction.data, can_apply=form.can_apply.data == "yes",
                ratings=form.ratings(), comments=form.comments.data or "", anonymous=form.anonymous.data),
                modules, now())
        except services.SurveyError as err:
            db.session.rollback()
            flash(str(err.message), "error")
            status = 409
        else:
            db.session.commit()
            flash(_("Thank you. Your answers are saved."), "success")
            return redirect(url_for("survey.answer", cohort_id=cohort_id), 303)
    elif form.errors:
        status = 400
    return render_template("survey/answer.html", cohort=access.cohort, state=state, form=form), status


def _staff_cohort(cohort_id: int):
    access = access_for(current_user, cohort_id, coaches_allowed=False)
    if not access.is_staff:
        abort(404)
    return access.cohort


@bp.post("/<int:cohort_id>/open")
@roles_required(Role.STAFF)
def open_survey(cohort_id: int):
    """Open the survey to the cohort's participants."""
    cohort = _staff_cohort(cohort_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    survey = services.open_survey(cohort, now())
    record(current_user, "survey.open", "survey", survey.id)
    db.session.commit()
    flash(_("The survey is open. Participants see it on their dashboard."), "success")
    return redirect(url_for("survey.results", cohort_id=cohort_id), 303)


@bp.post("/<int:cohort_id>/close")
@roles_required(Role.STAFF)
def close_survey(cohort_id: int):
    """Stop accepting answers."""
    _staff_cohort(cohort_id)
    survey = services.survey_of(cohort_id)
    if survey is None or not ConfirmForm().validate_on_submit():
        abort(400 if survey else 404)
    services.close_survey(survey, now())
    record(current_user, "survey.close", "survey", survey.id)
    db.session.commit()
    flash(_("The survey is closed."), "success")
    return redirect(url_for("survey.results", cohort_id=cohort_id), 303)


@bp.get("/<int:cohort_id>/results")
@roles_required(Role.STAFF)
def results(cohort_id: int):
    """The results: the satisfied share, levels and module ratings drawn as charts, comments."""
    cohort = _staff_cohort(cohort_id)
    survey = services.survey_of(cohort_id)
    modules = services.modules_of(cohort)
    res = services.results(survey, modules)
    levels_chart = hbar_chart([(str(SATISFACTION_LABELS[k]), n, str(n)) for k, n in res.levels],
                              max([n for _k, n in res.levels] + [1]))
    modules_chart = hbar_chart([(_title(m.module), m.average or 0, "—" if m.average is None else f"{m.average:.1f}")
                                for m in res.modules], 5, colour="#1e6b2e")
    return render_template("survey/results.html", cohort=cohort, survey=survey, res=res, confirm=ConfirmForm(),
                           labels=SATISFACTION_LABELS, levels_chart=levels_chart, modules_chart=modules_chart,
                           title=_title, answered=services.participation_count(survey),
                           held=services.held_count(survey), release_at=RELEASE_AT,
                           members=len(cohort.active_enrolments))


@bp.get("/<int:cohort_id>/results.csv")
@roles_required(Role.STAFF)
def export(cohort_id: int):
    """The answers as CSV, one row per response, safe to open in a spreadsheet."""
    cohort = _staff_cohort(cohort_id)
    modules = services.modules_of(cohort)
    res = services.results(services.survey_of(cohort_id), modules)
    record(current_user, "survey.export", "cohort", cohort.id)
    db.session.commit()
    header = ["respondent", "satisfaction", "can_apply", *[f"module:{m.slug}" for m in modules], "comments"]
    rows = []
    for r in res.responses:
        ratings = {x.module_id: x.rating for x in r.ratings}
        rows.append([r.user.display_name if r.user_id and r.user else "anonymous", r.satisfaction,
                     "yes" if r.can_apply else "no", *[ratings.get(m.id, "") for m in modules], r.comments])
    return csv_response(f"survey-cohort-{cohort.id}.csv", header, rows)
