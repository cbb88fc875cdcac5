"""Calls for applications, applications, reviews and deadline extensions."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint,
                        func, select)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrdap.clock import now
from hrdap.crypto import EncryptedText
from hrdap.database import UTCDateTime
from hrdap.extensions import db


class Status(str, enum.Enum):
    """Where an application stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    SHORTLISTED = "shortlisted"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Call(db.Model):
    """A yearly call for applications, open from ``opens_at`` until ``closes_at`` (exclusive, UTC)."""

    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    reference_prefix: Mapped[str] = mapped_column(String(12))
    description: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")
    offer: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Exclusive: "before midnight Geneva time" is the instant of that midnight.
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer, default=16)
    # The last reference number given out; raised atomically (UPDATE ... SET n = n + 1 RETURNING).
    last_number: Mapped[int] = mapped_column(Integer, default=0)
    programme_pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    programme_pdf_name: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    extensions: Mapped[list["DeadlineExtension"]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="DeadlineExtension.id")

    def has_started(self, at: datetime) -> bool:
        """True once the call has opened."""
        return at >= self.opens_at

    def has_ended(self, at: datetime) -> bool:
        """True from the deadline on (the deadline instant itself is too late)."""
        return at >= self.closes_at

    def is_open(self, at: datetime) -> bool:
        """True while anyone may submit."""
        return self.has_started(at) and not self.has_ended(at)

    def deadline_for(self, user) -> datetime:
        """The deadline that applies to ``user``: the call's, or a later one granted to them."""
        own = [e.closes_at for e in self.extensions if user is not None and e.user_id == getattr(user, "id", None)]
        return max([self.closes_at, *own])

    def can_submit(self, user, at: datetime) -> bool:
        """True when ``user`` may still submit (or edit a draft) at ``at``: the server's clock decides."""
        return self.has_started(at) and at < self.deadline_for(user)

    def accepted_count(self) -> int:
        """How many applications are accepted."""
        return db.session.scalar(select(func.count()).select_from(Application).where(
            Application.call_id == self.id, Application.status == Status.ACCEPTED.value)) or 0


class DeadlineExtension(db.Model):
    """A later deadline for one applicant (``user_id``) or for everyone (``user_id`` None); a log."""

    __tablename__ = "deadline_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    previous_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    call: Mapped[Call] = relationship(back_populates="extensions")


class Application(db.Model):
    """One person's application to one call. ``answers`` holds everything they wrote (see answers.py).

    Only the plain columns needed for filters and the balance view sit outside ``answers``.
    """

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("call_id", "applicant_id"),
        # The staff list (a call's sent applications by reference, paginated and counted) and the
        # per-status counts read these without sorting or scanning the call (benchmarks/growth.py).
        Index("ix_applications_call_reference", "call_id", "reference", "submitted_at"),
        Index("ix_applications_call_status", "call_id", "status"),
        # Filtered by region or area, the same list seeks the matching rows already in reference order;
        # without these SQLite read every row for the region, which it stores after the long encrypted answers.
        Index("ix_applications_call_region", "call_id", "region", "reference", "submitted_at"),
        Index("ix_applications_call_area", "call_id", "area", "reference", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT.value, index=True)
    reference: Mapped[str | None] = mapped_column(String(24), unique=True)
    # Encrypted at rest (hrdap.crypto): everything the applicant wrote, as JSON.
    answers: Mapped[str] = mapped_column(EncryptedText, default="")
    # Region and programme area stay clear: staff filter and balance a selection by them, indexes seek
    # them, and each is shared by many applicants (SECURITY.md, "What is encrypted").
    region: Mapped[str | None] = mapped_column(String(40), index=True)
    area: Mapped[str | None] = mapped_column(String(40), index=True)
    # Encrypted: with the region, gender and working languages narrow an applicant down to a few people.
    gender: Mapped[str | None] = mapped_column(EncryptedText)
    languages: Mapped[str | None] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    call: Mapped[Call] = relationship()
    applicant = relationship("User")
    reviews: Mapped[list["Review"]] = relationship(back_populates="application", cascade="all, delete-orphan",
                                                   order_by="Review.id")

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT.value

    @property
    def language_list(self) -> list[str]:
        return [code for code in (self.languages or "").split(",") if code]

    def completed_reviews(self) -> list["Review"]:
        """Reviews with scores (conflict declarations are not reviews)."""
        return [r for r in self.reviews if r.submitted_at is not None and not r.conflict]


class Review(db.Model):
    """One reviewer's rubric scores and comment, or their conflict-of-interest declaration."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("application_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    scores: Mapped[str] = mapped_column(Text, default="{}")      # JSON: criterion -> 1..5
    mean_score: Mapped[float | None] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(EncryptedText, default="")  # a reviewer's words about a defender
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship(back_populates="reviews")
    reviewer = relationship("User")
