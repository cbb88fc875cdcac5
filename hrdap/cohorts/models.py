"""Cohorts: a group following a course on a schedule, with their coaches."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrdap.clock import now
from hrdap.database import UTCDateTime
from hrdap.extensions import db


class Cohort(db.Model):
    """One edition's participants, following a course from ``starts_on`` for ``weeks`` weeks."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer, default=10)
    capacity: Mapped[int] = mapped_column(Integer, default=16)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    enrolments: Mapped[list["Enrolment"]] = relationship(back_populates="cohort")

    def week_starts(self, week: int) -> date:
        """The first day of ``week`` (1-based)."""
        return self.starts_on + timedelta(weeks=week - 1)

    def week_on(self, day: date) -> int:
        """The week number on ``day``: 0 before the start, ``weeks + 1`` after the end."""
        if day < self.starts_on:
            return 0
        return min((day - self.starts_on).days // 7 + 1, self.weeks + 1)


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
