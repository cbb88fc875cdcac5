"""TOTP two-factor authentication with single-use codes and recovery codes."""
from __future__ import annotations

import secrets

import pyotp
from sqlalchemy import update

from hrdap.auth.models import RecoveryCode, User
from hrdap.auth.tokens import token_hash
from hrdap.clock import now
from hrdap.extensions import db

ISSUER = "HRDAP"
RECOVERY_CODE_COUNT = 10


def new_secret() -> str:
    """A fresh base32 TOTP secret."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// URI an authenticator app understands."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _matching_step(secret: str, code: str) -> int | None:
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now())
    # One step either side tolerates a phone clock that is 30 s off.
    for step in (current - 1, current, current + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_is_valid_for_secret(secret: str, code: str) -> bool:
    """Check a code against a secret not yet saved (while enabling two-factor)."""
    return _matching_step(secret, code) is not None


def use_code(user: User, code: str) -> bool:
    """Accept a TOTP code once: the same code (or an older one) is refused afterwards, even concurrently."""
    if not user.totp_secret:
        return False
    step = _matching_step(user.totp_secret, code)
    if step is None:
        return False
    # An atomic compare-and-set, so two requests racing with one code cannot both succeed.
    result = db.session.execute(
        update(User).where(User.id == user.id, User.totp_last_step < step).values(totp_last_step=step)
    )
    return result.rowcount == 1


def enable(user: User, secret: str) -> list[str]:
    """Switch two-factor on with ``secret``; returns fresh recovery codes to show once."""
    user.totp_secret = secret
    user.totp_enabled_at = now()
    user.totp_last_step = pyotp.TOTP(secret).timecode(now())
    return new_recovery_codes(user)


def disable(user: User) -> None:
    """Switch two-factor off (not allowed for staff and coaches; the view checks)."""
    user.totp_secret = None
    user.totp_enabled_at = None
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; returns the new ones in clear, to show once."""
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    codes = ["-".join(secrets.token_hex(2) for _ in range(3)) for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=token_hash(code)))
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Accept a recovery code once."""
    cleaned = code.strip().lower().replace(" ", "")
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == token_hash(cleaned),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now())
    )
    return result.rowcount == 1


def remaining_recovery_codes(user: User) -> int:
    """How many unused recovery codes the user has left."""
    return db.session.query(RecoveryCode).filter_by(user_id=user.id, used_at=None).count()
