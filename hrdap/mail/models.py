"""Outgoing mail, queued in the database so nothing is lost when SMTP is down."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, validates

from hrdap.blind_index import email_index, email_indexes
from hrdap.clock import now
from hrdap.crypto import EncryptedText
from hrdap.database import UTCDateTime
from hrdap.extensions import db


class OutboxEmail(db.Model):
    """One email to send. Bodies never carry application content (neutral by design), but they carry
    live single-use links (invitations, resets, confirmations) and say who is mailed about what: the
    recipient, subject and body are encrypted at rest, and the body is dropped once the mail is sent."""

    __tablename__ = "outbox_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(EncryptedText)
    # The recipient's blind index (hrdap/blind_index.py): finds an address's mails without decrypting.
    recipient_index: Mapped[str] = mapped_column(String(64), index=True)
    subject: Mapped[str] = mapped_column(EncryptedText)
    body: Mapped[str | None] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))

    @validates("recipient")
    def _index_recipient(self, _key, address: str) -> str:
        self.recipient_index = email_index(address)
        return address

    @classmethod
    def to(cls, address: str):
        """The SQL condition "queued for ``address``" (any configured index key)."""
        return cls.recipient_index.in_(email_indexes(address))
