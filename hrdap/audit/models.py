"""One audit event per staff action on people's records (ASVS: who, what, when; no content)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hrdap.clock import now
from hrdap.database import UTCDateTime
from hrdap.extensions import db


class AuditEvent(db.Model):
    """Something a person did to a record. ``detail`` is a short code, never what someone wrote."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)
    # SET NULL: the trail outlives a deleted account.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str | None] = mapped_column(String(200))
