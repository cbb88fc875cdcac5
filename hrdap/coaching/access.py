"""Who may see and act on an advocacy plan. Every access check goes through these functions.

A coach "has" a participant while an active enrolment names them as its coach. When coach
reassignment history arrives (cohorts issue), only :func:`coach_of` needs to change.
"""
from __future__ import annotations

from sqlalchemy import select

from hrdap.auth.models import Role, User
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.coaching.models import AdvocacyPlan
from hrdap.request_memo import per_request


@per_request  # asked by the menu, the dashboard and the plan pages
def current_enrolment(user: User) -> Enrolment | None:
    """The participant's active enrolment (the newest cohort's), or None."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        select(Enrolment).join(Cohort)
        .where(Enrolment.user_id == user.id, Enrolment.withdrawn_at.is_(None))
        .order_by(Cohort.starts_on.desc(), Enrolment.id.desc()).limit(1))


def coach_of(plan: AdvocacyPlan) -> User | None:
    """The coach responsible for ``plan`` now (None when unassigned or the enrolment is withdrawn)."""
    enrolment = plan.enrolment
    if enrolment is None or enrolment.withdrawn_at is not None or enrolment.cohort.anonymised_at is not None:
        return None
    return enrolment.coach


def can_coach(user: User, plan: AdvocacyPlan) -> bool:
    """May ``user`` give feedback on ``plan``?"""
    coach = coach_of(plan)
    return coach is not None and user.is_authenticated and coach.id == user.id and user.has_role(Role.COACH)


def is_owner(user: User, plan: AdvocacyPlan) -> bool:
    return user.is_authenticated and plan.participant_id == user.id


def can_read(user: User, plan: AdvocacyPlan) -> bool:
    """The participant, their coach, and staff (read-only) may read a plan."""
    return is_owner(user, plan) or can_coach(user, plan) or (user.is_authenticated and user.has_role(Role.STAFF))


def coached_plan_ids(user: User):
    """A select of the ids of the plans ``user`` coaches now (for lists and the queue)."""
    return (select(AdvocacyPlan.id).join(Enrolment, AdvocacyPlan.enrolment_id == Enrolment.id)
            .where(Enrolment.coach_id == user.id, Enrolment.withdrawn_at.is_(None)))


def coaches_anyone(user: User) -> bool:
    """True when ``user`` is a coach with at least one active participant."""
    if not user.is_authenticated or not user.has_role(Role.COACH):
        return False
    return db.session.scalar(select(Enrolment.id).where(
        Enrolment.coach_id == user.id, Enrolment.withdrawn_at.is_(None)).limit(1)) is not None
