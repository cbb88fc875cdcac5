"""Advocacy plans: the participant's working draft, frozen versions, coach feedback, replies.

The draft lives on :class:`AdvocacyPlan` and is the only editable copy. Submitting copies it into a
new :class:`PlanVersion` (frozen: nothing writes to a version's texts afterwards). Recommendations
belong either to the draft (``plan_id``) or to one version (``version_id``). Every free text is
encrypted at rest (``EncryptedText``).
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrdap.clock import now
from hrdap.crypto import EncryptedText
from hrdap.database import UTCDateTime
from hrdap.extensions import db

#: Plan statuses: never submitted / waiting for feedback / revision asked / approved.
DRAFT, SUBMITTED, REVISE, APPROVED = "draft", "submitted", "revise", "approved"
STATUS_LABELS = {
    DRAFT: _l("Draft"), SUBMITTED: _l("Waiting for feedback"),
    REVISE: _l("Revision asked"), APPROVED: _l("Approved"),
}
DECISIONS = {APPROVED: _l("Approved"), REVISE: _l("Revise")}

MECHANISMS = {
    "hrc": _l("Human Rights Council"), "sp": _l("Special Procedures"), "tb": _l("Treaty Bodies"),
    "upr": _l("Universal Periodic Review"), "ohchr": _l("OHCHR"),
}
CRITERIA = {
    "specific": _l("Specific"), "measurable": _l("Measurable"), "achievable": _l("Achievable"),
    "relevant": _l("Relevant"), "time_bound": _l("Time-bound"),
}
RATINGS = {"met": _l("Met"), "partly": _l("Partly met"), "not_met": _l("Not met")}

#: The plan's text fields, in the order they are shown, with their headings.
TEXT_FIELDS = {
    "problem": _l("The problem and its context"),
    "objectives": _l("Objectives"),
    "opportunities": _l("Concrete opportunities"),
    "targets": _l("Target States and actors"),
    "pitch": _l("Elevator pitch"),
    "geneva_activities": _l("Planned activities for the Geneva weeks"),
}


class _PlanTexts:
    """The contents shared by the draft and each frozen version."""

    language: Mapped[str] = mapped_column(String(5), default="en")   # language the plan is written in
    mechanisms: Mapped[str] = mapped_column(String(60), default="")  # codes of MECHANISMS, comma-separated
    problem: Mapped[str] = mapped_column(EncryptedText, default="")
    objectives: Mapped[str] = mapped_column(EncryptedText, default="")
    opportunities: Mapped[str] = mapped_column(EncryptedText, default="")
    targets: Mapped[str] = mapped_column(EncryptedText, default="")
    pitch: Mapped[str] = mapped_column(EncryptedText, default="")
    geneva_activities: Mapped[str] = mapped_column(EncryptedText, default="")

    @property
    def mechanism_codes(self) -> list[str]:
        return [code for code in (self.mechanisms or "").split(",") if code in MECHANISMS]

    def texts(self) -> dict[str, str]:
        """The free-text fields as a dict (for copying and comparing)."""
        return {name: getattr(self, name) or "" for name in TEXT_FIELDS}


class AdvocacyPlan(_PlanTexts, db.Model):
    """One participant's plan for one enrolment; holds the working draft."""

    __tablename__ = "advocacy_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), unique=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    enrolment = relationship("Enrolment")
    participant = relationship("User", foreign_keys=[participant_id])
    recommendations: Mapped[list["Recommendation"]] = relationship(
        primaryjoin="AdvocacyPlan.id == Recommendation.plan_id", order_by="Recommendation.position",
        cascade="all, delete-orphan")
    versions: Mapped[list["PlanVersion"]] = relationship(
        back_populates="plan", order_by="PlanVersion.number", cascade="all, delete-orphan")

    @property
    def latest_version(self) -> "PlanVersion | None":
        return self.versions[-1] if self.versions else None

    @property
    def editable(self) -> bool:
        """The draft can be changed unless a version waits for feedback or the plan is approved."""
        return self.status in (DRAFT, REVISE)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


class PlanVersion(_PlanTexts, db.Model):
    """A submitted, frozen copy of the draft, with the coach's decision on it."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("advocacy_plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)
    decision: Mapped[str | None] = mapped_column(String(12))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    pitch_comment: Mapped[str] = mapped_column(EncryptedText, default="")
    plan_comment: Mapped[str] = mapped_column(EncryptedText, default="")
    feedback_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    plan: Mapped[AdvocacyPlan] = relationship(back_populates="versions")
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    recommendations: Mapped[list["Recommendation"]] = relationship(
        primaryjoin="PlanVersion.id == Recommendation.version_id", order_by="Recommendation.position",
        cascade="all, delete-orphan")
    feedback: Mapped[list["Feedback"]] = relationship(back_populates="version", cascade="all, delete-orphan")
    replies: Mapped[list["Reply"]] = relationship(back_populates="version", order_by="Reply.id",
                                                  cascade="all, delete-orphan")

    @property
    def decided(self) -> bool:
        return self.decided_at is not None

    def feedback_for(self, recommendation_id: int, criterion: str) -> "Feedback | None":
        return next((f for f in self.feedback
                     if f.recommendation_id == recommendation_id and f.criterion == criterion), None)


class Recommendation(db.Model):
    """A recommendation to a State, in the draft or in one frozen version."""

    __tablename__ = "plan_recommendations"
    __table_args__ = (CheckConstraint("(plan_id IS NULL) <> (version_id IS NULL)", name="ck_recommendation_owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("advocacy_plans.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(EncryptedText, default="")
    state: Mapped[str] = mapped_column(EncryptedText, default="")        # the State addressed
    mechanism: Mapped[str] = mapped_column(String(10), default="")       # a MECHANISMS code or ""
    time_frame: Mapped[str] = mapped_column(EncryptedText, default="")

    def fields(self) -> dict[str, str]:
        return {"text": self.text or "", "state": self.state or "", "mechanism": self.mechanism or "",
                "time_frame": self.time_frame or ""}


class Feedback(db.Model):
    """The coach's rating and comment on one SMART criterion of one recommendation of a version."""

    __tablename__ = "plan_feedback"
    __table_args__ = (UniqueConstraint("recommendation_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("plan_recommendations.id", ondelete="CASCADE"), index=True)
    criterion: Mapped[str] = mapped_column(String(12))
    rating: Mapped[str] = mapped_column(String(8), default="")   # a RATINGS key, or "" while unrated
    comment: Mapped[str] = mapped_column(EncryptedText, default="")

    version: Mapped[PlanVersion] = relationship(back_populates="feedback")


class Reply(db.Model):
    """An answer to a feedback comment (``feedback_id``) or to the pitch/plan comment (``topic``)."""

    __tablename__ = "plan_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    feedback_id: Mapped[int | None] = mapped_column(ForeignKey("plan_feedback.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(10))   # "feedback", "pitch" or "plan"
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    version: Mapped[PlanVersion] = relationship(back_populates="replies")
    author = relationship("User")


class Notification(db.Model):
    """An in-app notice for one person. ``kind`` picks a neutral text; ``link`` is a local path."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    link: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
