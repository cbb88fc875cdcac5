"""What the quiz and coaching features add to cohort dashboards and to completion.

Kept here, beside the dashboards they feed, so each feature stays unaware of the dashboards.
"""
from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from hrdap.clock import now
from hrdap.cohorts.models import Enrolment
from hrdap.extensions import db

PLAN_WAIT_TOO_LONG = timedelta(days=5)


def _plans(enrolments: list[Enrolment]):
    from hrdap.coaching.models import AdvocacyPlan

    ids = [e.id for e in enrolments]
    return {p.enrolment_id: p for p in db.session.scalars(
        select(AdvocacyPlan).where(AdvocacyPlan.enrolment_id.in_(ids)))} if ids else {}


def plan_column(enrolments: list[Enrolment]) -> tuple[str, dict[int, str]]:
    """The 'Advocacy plan' column: each participant's plan status."""
    from hrdap.coaching.models import STATUS_LABELS

    plans = _plans(enrolments)
    return _("Advocacy plan"), {e.id: str(STATUS_LABELS[plans[e.id].status]) if e.id in plans else _("Not started")
                                for e in enrolments}


def plan_flags(enrolments: list[Enrolment]) -> dict[int, list[str]]:
    """A plan waiting for the coach's feedback for more than five days."""
    from hrdap.coaching.models import SUBMITTED, PlanVersion

    waiting = {p.id: enrolment_id for enrolment_id, p in _plans(enrolments).items() if p.status == SUBMITTED}
    if not waiting:
        return {}
    latest = db.session.execute(select(PlanVersion.plan_id, func.max(PlanVersion.submitted_at))
                                .where(PlanVersion.plan_id.in_(list(waiting))).group_by(PlanVersion.plan_id))
    flags: dict[int, list[str]] = {}
    for plan_id, submitted_at in latest:
        if submitted_at is not None and now() - submitted_at > PLAN_WAIT_TOO_LONG:
            flags[waiting[plan_id]] = [_("Plan waiting for feedback for %(days)d days",
                                         days=(now() - submitted_at).days)]
    return flags


def quiz_flags(enrolments: list[Enrolment]) -> dict[int, list[str]]:
    """A quiz attempted but not passed."""
    from hrdap.learning.models import Course
    from hrdap.learning.progress import quiz_states

    flags: dict[int, list[str]] = {}
    by_course: dict[int, list[Enrolment]] = {}
    for e in enrolments:
        by_course.setdefault(e.cohort.course_id, []).append(e)
    for course_id, group in by_course.items():
        course = db.session.get(Course, course_id)
        states = quiz_states(course, [e.user_id for e in group])
        for e in group:
            failed = [s for s in states.get(e.user_id, {}).values() if s.grade is not None and not s.passed]
            if failed:
                flags.setdefault(e.id, []).append(_("Quiz not passed (%(n)d)", n=len(failed)))
    return flags


def approved_plan_check(enrolment: Enrolment) -> str | None:
    """Completion needs an approved advocacy plan."""
    from hrdap.coaching.models import APPROVED

    plan = _plans([enrolment]).get(enrolment.id)
    return None if plan is not None and plan.status == APPROVED else _("An advocacy plan approved by your coach")


def register() -> None:
    from hrdap.cohorts.completion import completion_checks
    from hrdap.cohorts.dashboard import column_providers, flag_providers

    for registry, provider in ((flag_providers, plan_flags), (flag_providers, quiz_flags),
                               (column_providers, plan_column), (completion_checks, approved_plan_check)):
        if provider not in registry:
            registry.append(provider)
