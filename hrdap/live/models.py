"""Live Q&A sessions, the questions asked in advance, votes, and private calendar feeds."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrdap.clock import now
from hrdap.crypto import EncryptedText
from hrdap.database import UTCDateTime
from hrdap.extensions import db

#: The languages a question may be asked in (the programme's three).
QUESTION_LANGUAGES = ("en", "fr", "es")


class LiveSession(db.Model):
    """A live Q&A session with an expert, for one cohort."""

    __tablename__ = "live_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    expert: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    # A meeting link and passcode: shown only to the cohort, encrypted at rest.
    joining_instructions: Mapped[str] = mapped_column(EncryptedText, default="")
    # What personal data the video service will see (name, address, voice, video...).
    data_note: Mapped[str] = mapped_column(Text, default="")
    # After the session: notes (may name cases, so encrypted) and an https recording link.
    notes: Mapped[str] = mapped_column(EncryptedText, default="")
    recording_url: Mapped[str] = mapped_column(String(500), default="")
    # Calendar apps replace an event when its SEQUENCE grows: bumped on every change of the session.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    questions: Mapped[list["SessionQuestion"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def has_started(self, moment: datetime) -> bool:
        return moment >= self.starts_at

    def has_ended(self, moment: datetime) -> bool:
        return moment >= self.ends_at


class SessionQuestion(db.Model):
    """A question sent in advance, in one of the three languages; other members upvote it."""

    __tablename__ = "session_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    language: Mapped[str] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(EncryptedText)  # may describe a situation that endangers someone
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    session: Mapped[LiveSession] = relationship(back_populates="questions")
    author = relationship("User", foreign_keys=[author_id])
    votes: Mapped[list["QuestionVote"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class QuestionVote(db.Model):
    """One person's upvote of one question (at most one each)."""

    __tablename__ = "question_votes"
    __table_args__ = (UniqueConstraint("question_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("session_questions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class CalendarFeed(db.Model):
    """A person's private calendar feed of a cohort's sessions, reached by a secret link.

    Only the SHA-256 of the secret is stored (as for sign-in links); revoking replaces it, so the old
    link stops working at once and the person gets a new one.
    """

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
