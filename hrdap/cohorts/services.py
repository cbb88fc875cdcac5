"""Cohort rules: creating, enrolling within capacity, withdrawing, assigning coaches."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from hrdap.audit.services import record
from hrdap.auth.models import Role, User
from hrdap.clock import now
from hrdap.cohorts.models import CoachAssignment, Cohort, Enrolment
from hrdap.extensions import db


class CohortError(Exception):
    """A refused cohort action; ``code`` names the message shown."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def create_cohort(course_id: int, name: str, starts_on: date, capacity: int, acting: User,
                  call_id: int | None = None, weeks: int = 10) -> Cohort:
    """Create a cohort (at most one per call)."""
    if call_id is not None and db.session.scalar(select(Cohort.id).where(Cohort.call_id == call_id)):
        raise CohortError("call_has_cohort")
    cohort = Cohort(course_id=course_id, name=name, starts_on=starts_on, capacity=capacity, call_id=call_id,
                    weeks=weeks)
    db.session.add(cohort)
    db.session.flush()
    record(acting, "cohort.create", "cohort", cohort.id)
    return cohort


def _lock(cohort: Cohort) -> None:
    """Serialise enrolments of one cohort: a row lock on PostgreSQL (SQLite's BEGIN IMMEDIATE does it)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Cohort.id).where(Cohort.id == cohort.id).with_for_update())


def active_count(cohort: Cohort) -> int:
    return db.session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.cohort_id == cohort.id, Enrolment.withdrawn_at.is_(None))) or 0


def enrol(cohort: Cohort, user: User, acting: User | None, coach: User | None = None) -> Enrolment:
    """Enrol ``user`` as a participant; refused when the cohort is full, anonymised, or they are in it."""
    if cohort.anonymised_at is not None:  # a name added now would never be anonymised
        raise CohortError("anonymised")
    _lock(cohort)
    existing = db.session.scalar(select(Enrolment).where(Enrolment.cohort_id == cohort.id,
                                                         Enrolment.user_id == user.id))
    if existing is not None and existing.withdrawn_at is None:
        raise CohortError("already_enrolled", name=user.display_name)
    if active_count(cohort) >= cohort.capacity:
        raise CohortError("full", capacity=cohort.capacity)
    if existing is not None:  # re-enrolling someone withdrawn earlier keeps one row
        existing.withdrawn_at = None
        enrolment = existing
    else:
        enrolment = Enrolment(cohort_id=cohort.id, user_id=user.id)
        db.session.add(enrolment)
    user.add_role(Role.PARTICIPANT)
    db.session.flush()
    record(acting, "cohort.enrol", "enrolment", enrolment.id)
    if coach is not None:
        assign_coach(enrolment, coach, acting)
    return enrolment


def withdraw(enrolment: Enrolment, acting: User) -> None:
    """Withdraw a participant (their data stays; they leave the cohort's lists)."""
    if enrolment.withdrawn_at is None:
        enrolment.withdrawn_at = now()
        record(acting, "cohort.withdraw", "enrolment", enrolment.id)


def assign_coach(enrolment: Enrolment, coach: User | None, acting: User | None) -> None:
    """Give a participant a coach (or none); the previous assignment is closed, not erased."""
    if coach is not None and not coach.has_role(Role.COACH):
        raise CohortError("not_a_coach")
    if enrolment.coach_id == (coach.id if coach else None):
        return
    moment = now()
    open_rows = db.session.scalars(select(CoachAssignment).where(
        CoachAssignment.enrolment_id == enrolment.id, CoachAssignment.ended_at.is_(None)))
    for row in open_rows:
        row.ended_at = moment
    enrolment.coach_id = coach.id if coach else None
    if coach is not None:
        db.session.add(CoachAssignment(enrolment_id=enrolment.id, coach_id=coach.id,
                                       assigned_by_id=getattr(acting, "id", None), assigned_at=moment))
    record(acting, "cohort.assign_coach", "enrolment", enrolment.id, detail=f"coach={coach.id if coach else '-'}")


def coach_history(enrolment: Enrolment) -> list[CoachAssignment]:
    return list(db.session.scalars(select(CoachAssignment).where(CoachAssignment.enrolment_id == enrolment.id)
                                   .order_by(CoachAssignment.assigned_at)))


def coaches() -> list[User]:
    """Every active account with the coach role."""
    from hrdap.auth.models import UserRole

    found = db.session.scalars(select(User).join(UserRole).where(UserRole.role == Role.COACH.value,
                                                                 User.disabled_at.is_(None)))
    return sorted(found, key=lambda user: (user.display_name.casefold(), user.id))  # names are encrypted


def enrolments_coached_by(coach: User) -> list[Enrolment]:
    """The coach's current participants, across cohorts."""
    return list(db.session.scalars(select(Enrolment).where(Enrolment.coach_id == coach.id,
                                                           Enrolment.withdrawn_at.is_(None))))


def enrol_accepted_application(application) -> None:
    """The applications feature calls this on acceptance: the same account joins the call's cohort."""
    cohort = db.session.scalar(select(Cohort).where(Cohort.call_id == application.call_id))
    if cohort is None:
        return  # no cohort yet: staff create it from the call, which enrols every accepted applicant
    if cohort.anonymised_at is not None:
        return  # the edition is over and anonymised: nobody joins it any more
    user = db.session.get(User, application.applicant_id)
    existing = db.session.scalar(select(Enrolment).where(Enrolment.cohort_id == cohort.id,
                                                         Enrolment.user_id == user.id,
                                                         Enrolment.withdrawn_at.is_(None)))
    if existing is None:
        enrol(cohort, user, acting=None)


def enrol_call_acceptances(cohort: Cohort, acting: User) -> tuple[int, int]:
    """Enrol every accepted applicant of the cohort's call; returns (enrolled, refused for capacity)."""
    if cohort.call_id is None:
        return 0, 0
    from hrdap.applications.models import Application, Status

    accepted = db.session.scalars(select(Application).where(Application.call_id == cohort.call_id,
                                                            Application.status == Status.ACCEPTED.value))
    added = refused = 0
    for application in accepted:
        user = db.session.get(User, application.applicant_id)
        try:
            enrol(cohort, user, acting)
            added += 1
        except CohortError as err:
            refused += err.code == "full"
    return added, refused
