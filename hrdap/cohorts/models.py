"""Cohorts: a group following a course on a schedule, with their coaches."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrdap.clock import now
from hrdap.crypto import EncryptedText
from hrdap.database import UTCDateTime
from hrdap.extensions import db


class Cohort(db.Model):
    """One edition's participants, following a course from ``starts_on`` for ``weeks`` weeks."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    # The call whose accepted applicants join this cohort (one cohort per call).
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer, default=10)
    capacity: Mapped[int] = mapped_column(Integer, default=16)
    # The Human Rights Council session of the Geneva weeks, e.g. "HRC60", and its dates.
    hrc_session: Mapped[str] = mapped_column(String(40), default="")
    hrc_starts_on: Mapped[date | None] = mapped_column(Date)
    hrc_ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # Set once staff have anonymised the finished cohort (hrdap/lifecycle/anonymise.py); never unset.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    enrolments: Mapped[list["Enrolment"]] = relationship(back_populates="cohort")

    @property
    def active_enrolments(self) -> list["Enrolment"]:
        return [e for e in self.enrolments if e.withdrawn_at is None]

    def week_starts(self, week: int) -> date:
        """The first day of ``week`` (1-based)."""
        return self.starts_on + timedelta(weeks=week - 1)

    def week_on(self, day: date) -> int:
        """The week number on ``day``: 0 before the start, ``weeks + 1`` after the end."""
        if day < self.starts_on:
            return 0
        return min((day - self.starts_on).days // 7 + 1, self.weeks + 1)

    @property
    def ends_on(self) -> date:
        """The first day after the last week: from this (Geneva) day on, the cohort has ended."""
        return self.week_starts(self.weeks + 1)

    def has_ended(self, day: date) -> bool:
        """True once the last week is over on ``day`` (``week_on`` says ``weeks + 1``)."""
        return self.week_on(day) > self.weeks


class Enrolment(db.Model):
    """A participant in a cohort, and their coach."""

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cohort: Mapped[Cohort] = relationship(back_populates="enrolments")
    user = relationship("User", foreign_keys=[user_id])
    coach = relationship("User", foreign_keys=[coach_id])


class CoachAssignment(db.Model):
    """Who coached a participant when: reassigning a coach keeps the history."""

    __tablename__ = "coach_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    coach = relationship("User", foreign_keys=[coach_id])


class GenevaActivity(db.Model):
    """Something a participant plans for the Geneva weeks: a meeting, a side event, a statement."""

    __tablename__ = "geneva_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))      # meeting | side_event | statement | other
    title: Mapped[str] = mapped_column(EncryptedText)  # may name a State or a case: sensitive
    planned_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned | confirmed | done | cancelled
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Certificate(db.Model):
    """A certificate of completion, verifiable by its reference."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), unique=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    enrolment: Mapped[Enrolment] = relationship()
