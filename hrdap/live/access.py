"""Who sees which cohort's sessions, directory and survey. Every check of the three features is here.

Staff see every cohort. A participant sees their own cohort (an active enrolment). A coach sees the
sessions and directory of cohorts where they coach someone now. Anyone else gets a 404, as if the
cohort did not exist.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hrdap.auth.models import Role, User
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.request_memo import per_request


class NotFound(Exception):
    """The cohort (or something in it) does not exist for this person: answered as 404."""


@dataclass(frozen=True)
class CohortAccess:
    """A person's relation to a cohort: ``staff``, ``participant`` (a member) or ``coach``."""

    cohort: Cohort
    role: str

    @property
    def is_staff(self) -> bool:
        return self.role == "staff"

    @property
    def is_member(self) -> bool:
        """A participant of the cohort now."""
        return self.role == "participant"

    @property
    def sees_joining(self) -> bool:
        """Joining instructions are for the cohort and the staff who run the sessions."""
        return self.role in ("staff", "participant")


def is_member(user: User, cohort_id: int) -> bool:
    """True when ``user`` has an active enrolment in the cohort."""
    return db.session.scalar(select(Enrolment.id).where(
        Enrolment.cohort_id == cohort_id, Enrolment.user_id == user.id,
        Enrolment.withdrawn_at.is_(None))) is not None


def coaches_in(user: User, cohort_id: int) -> bool:
    """True when ``user`` coaches an active participant of the cohort."""
    return user.has_role(Role.COACH) and db.session.scalar(select(Enrolment.id).where(
        Enrolment.cohort_id == cohort_id, Enrolment.coach_id == user.id,
        Enrolment.withdrawn_at.is_(None)).limit(1)) is not None


def access_for(user: User, cohort_id: int, coaches_allowed: bool = True) -> CohortAccess:
    """The person's access to the cohort, or NotFound. ``coaches_allowed=False`` for the survey."""
    if not user.is_authenticated or not user.is_active:
        raise NotFound
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound
    if user.has_role(Role.STAFF):
        return CohortAccess(cohort, "staff")
    if is_member(user, cohort_id):
        return CohortAccess(cohort, "participant")
    if coaches_allowed and coaches_in(user, cohort_id):
        return CohortAccess(cohort, "coach")
    raise NotFound


def visible_cohorts(user: User, coaches_allowed: bool = True) -> list[Cohort]:
    """The cohorts this person may open, newest first."""
    return _visible_cohorts(user, coaches_allowed)


@per_request  # the menu and the dashboard panel both ask
def _visible_cohorts(user: User, coaches_allowed: bool) -> list[Cohort]:
    if not user.is_authenticated:
        return []
    query = select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.id.desc())
    if not user.has_role(Role.STAFF):
        mine = select(Enrolment.cohort_id).where(Enrolment.withdrawn_at.is_(None), Enrolment.user_id == user.id)
        if coaches_allowed and user.has_role(Role.COACH):
            mine = select(Enrolment.cohort_id).where(
                Enrolment.withdrawn_at.is_(None),
                (Enrolment.user_id == user.id) | (Enrolment.coach_id == user.id))
        query = query.where(Cohort.id.in_(mine))
    return list(db.session.scalars(query))
