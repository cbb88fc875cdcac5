"""The end-of-programme survey: one per cohort, answered once per participant, optionally anonymously.

Who answered (``SurveyParticipation``) is kept apart from what was answered (``SurveyResponse``). An
anonymous response has no user, no timestamp and a random id, and its module ratings have no id of their
own; it is held back on the survey row and written among at least five others in a random order
(``survey/held.py``), so neither row order, ids nor time link it back to the participation row.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrdap.crypto import EncryptedText
from hrdap.database import UTCDateTime
from hrdap.extensions import db

#: Overall satisfaction, best first: stored keys (labels are in ``survey/forms.py``).
SATISFACTION = ("extremely", "very", "moderately", "slightly", "not_at_all")
#: The two levels the programme reports each year as "satisfied".
SATISFIED = ("extremely", "very")


def _random_id() -> str:
    return secrets.token_hex(16)


class Survey(db.Model):
    """A cohort's survey; staff open and close it."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), unique=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Anonymous answers not yet released (JSON list in a random order, encrypted): survey/held.py.
    held_answers: Mapped[str | None] = mapped_column(EncryptedText)

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


class SurveyParticipation(db.Model):
    """That a person has answered (no time, no link to the answers): it makes "answer once" hold."""

    __tablename__ = "survey_participations"
    __table_args__ = (UniqueConstraint("survey_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class SurveyResponse(db.Model):
    """The answers. ``user_id`` and ``submitted_at`` are set only when the person chose to be named."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "user_id"),)  # NULLs (anonymous) do not collide

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_id)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    satisfaction: Mapped[str] = mapped_column(String(12))
    can_apply: Mapped[bool] = mapped_column(Boolean)
    comments: Mapped[str] = mapped_column(EncryptedText, default="")

    ratings: Mapped[list["ModuleRating"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    user = relationship("User")


class ModuleRating(db.Model):
    """A rating of one module from 1 (poor) to 5 (excellent) in one response."""

    __tablename__ = "survey_module_ratings"

    response_id: Mapped[str] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True)
    rating: Mapped[int] = mapped_column(Integer)
