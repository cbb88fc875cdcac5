"""Quizzes as synced from ``courses/`` and the attempts participants make at them.

A :class:`Quiz` keeps its settings in columns and its questions in ``definition`` (plain JSON made
from the loader's dataclasses, texts per language). A re-sync updates the row in place, so attempts
survive; a question removed from the files is simply no longer shown or graded.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrdap.clock import now
from hrdap.database import UTCDateTime
from hrdap.extensions import db
from hrdap.learning.models import Module

#: Answers posted this long after an attempt's deadline are still accepted (network latency).
GRACE = timedelta(seconds=30)
#: "Immediately after the attempt" lasts this long after submitting, for the review options.
IMMEDIATE_REVIEW = timedelta(minutes=10)


class Quiz(db.Model):
    """A module's quiz: its rules and questions (``definition = {"questions": [...]}``)."""

    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), unique=True)
    slug: Mapped[str] = mapped_column(String(64))
    title: Mapped[dict] = mapped_column(JSON)
    pass_mark: Mapped[float] = mapped_column(Float, default=70)
    attempts_allowed: Mapped[int] = mapped_column(Integer, default=0)  # 0 = unlimited
    grading: Mapped[str] = mapped_column(String(10), default="highest")
    shuffle_questions: Mapped[bool] = mapped_column(Boolean, default=False)
    shuffle_options: Mapped[bool] = mapped_column(Boolean, default=False)
    time_limit_minutes: Mapped[int] = mapped_column(Integer, default=0)  # 0 = no limit
    review: Mapped[dict] = mapped_column(JSON)  # {"immediately": [...], "later": [...], "after_close": [...]}
    bands: Mapped[list] = mapped_column(JSON)  # [{"min": 0, "feedback": {"en": ...}}, ...]
    definition: Mapped[dict] = mapped_column(JSON)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # Set when the files no longer have the quiz but attempts exist: kept for the record, hidden.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    module: Mapped[Module] = relationship()

    @property
    def questions(self) -> list[dict]:
        """The questions, in the order of the file."""
        return list((self.definition or {}).get("questions", []))

    @property
    def unlimited(self) -> bool:
        return self.attempts_allowed <= 0


class QuizAttempt(db.Model):
    """One attempt: answers saved as they are posted, graded once on submit (exactly once)."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("quiz_id", "user_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per person and quiz
    seed: Mapped[str] = mapped_column(String(32))  # fixes the shuffled order of this attempt
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # started + time limit
    responses: Mapped[dict] = mapped_column(JSON, default=dict)  # {question id: answer}
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    auto_submitted: Mapped[bool] = mapped_column(Boolean, default=False)  # by the time limit
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    percent: Mapped[float | None] = mapped_column(Float)
    marks: Mapped[dict | None] = mapped_column(JSON)  # {question id: {"score", "max", "state"}}

    quiz: Mapped[Quiz] = relationship()

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None

    def expired(self, moment: datetime) -> bool:
        """True once the time limit (and its grace) has passed."""
        return self.deadline_at is not None and moment > self.deadline_at + GRACE
