"""The peer network: a participant's entry in their cohort's directory, present only while opted in."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrdap.clock import now
from hrdap.crypto import EncryptedJSON, EncryptedText
from hrdap.database import UTCDateTime
from hrdap.extensions import db


class PeerProfile(db.Model):
    """An opted-in participant as their cohort sees them. Opting out deletes the row.

    The name (a real name or a pseudonym), the country, the themes and the languages could identify a
    defender at risk, so they are encrypted at rest (themes and languages: the keys of the application
    form's lists, as encrypted JSON).
    """

    __tablename__ = "peer_profiles"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    shown_name: Mapped[str] = mapped_column(EncryptedText)
    country: Mapped[str] = mapped_column(EncryptedText, default="")
    themes: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    languages: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    opted_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    user = relationship("User")
