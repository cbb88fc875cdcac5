"""Accounts, roles, server-side sessions, one-time tokens and sign-in failures."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hrdap.blind_index import email_index, normalise_email
from hrdap.clock import now
from hrdap.crypto import EncryptedText
from hrdap.database import UTCDateTime
from hrdap.extensions import db


class Role(str, enum.Enum):
    """What a person may do. One account, roles change over time."""

    APPLICANT = "applicant"
    PARTICIPANT = "participant"
    COACH = "coach"
    STAFF = "staff"


#: Roles whose accounts hold other people's data and must use two-factor.
TWO_FACTOR_ROLES = frozenset({Role.STAFF, Role.COACH})


class User(UserMixin, db.Model):
    """A person with an account.

    The address, the name and the time zone (which tells where someone lives) are encrypted at rest: a
    stolen database must not tell who has an account. The address is found through its blind index.
    """

    __tablename__ = "users"
    # HMAC of the normalised address (hrdap/blind_index.py): sign-in is one indexed look-up.
    __table_args__ = (UniqueConstraint("email_index", name="uq_users_email_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(EncryptedText)
    email_index: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(EncryptedText)
    password_hash: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="en")
    time_zone: Mapped[str] = mapped_column(EncryptedText, default="Europe/Zurich")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last TOTP time step accepted: a code (or an older one) never works twice.
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0)

    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @validates("email")
    def _index_email(self, _key, address: str) -> str:
        """Every address is stored normalised, with its blind index beside it."""
        address = normalise_email(address)
        self.email_index = email_index(address)
        return address

    @property
    def roles(self) -> frozenset[Role]:
        """The roles this account has now."""
        return frozenset(Role(r.role) for r in self.role_rows)

    def has_role(self, *roles: Role) -> bool:
        """True when the account has any of ``roles``."""
        return bool(self.roles.intersection(roles))

    def add_role(self, role: Role) -> None:
        """Give the account ``role`` (no-op if it has it)."""
        if role not in self.roles:
            self.role_rows.append(UserRole(role=role.value))

    def remove_role(self, role: Role) -> None:
        """Take ``role`` away from the account."""
        self.role_rows = [r for r in self.role_rows if r.role != role.value]

    @property
    def needs_two_factor(self) -> bool:
        """Staff and coaches must have two-factor switched on."""
        return bool(self.roles & TWO_FACTOR_ROLES)

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot sign in
        return self.disabled_at is None


class UserRole(db.Model):
    """One role held by one account."""

    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    user: Mapped[User] = relationship(back_populates="role_rows")


class UserSession(db.Model):
    """A signed-in browser. The cookie holds a random token; only its hash is stored here."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A short browser description so a person can recognise their sessions; no IP address is kept.
    # Encrypted: with a time zone and a language, a browser's description narrows down who someone is.
    user_agent: Mapped[str] = mapped_column(EncryptedText, default="")


class RecoveryCode(db.Model):
    """A single-use two-factor recovery code (hash only)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TokenPurpose(str, enum.Enum):
    """What an emailed one-time link is for."""

    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"
    INVITATION = "invitation"


class AuthToken(db.Model):
    """A single-use, expiring link sent by email (hash only)."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginFailure(db.Model):
    """A failed sign-in, kept briefly for throttling. The email is stored only as a keyed hash."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    address_key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)
