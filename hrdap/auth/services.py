"""Account rules: sign-up, email confirmation, sign-in, password reset and change.

Sign-up, sign-in and reset answer the same way whether or not an email has an account (ASVS 6.3.8):
what differs goes by email to the address itself.
"""
from __future__ import annotations

from datetime import timedelta

from flask import url_for
from sqlalchemy import select

from hrdap.auth import sessions, throttle
from hrdap.auth.models import AuthToken, Role, TokenPurpose, User
from hrdap.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from hrdap.auth.tokens import new_token, token_hash
from hrdap.blind_index import email_indexes, normalise_email
from hrdap.clock import now
from hrdap.extensions import db
from hrdap.mail import services as mail

LINK_LIFETIME = {
    TokenPurpose.VERIFY_EMAIL: timedelta(days=2),
    TokenPurpose.RESET_PASSWORD: timedelta(hours=1),
    TokenPurpose.INVITATION: timedelta(days=7),
}


class AuthError(Exception):
    """A refused account action; ``code`` names the message the view shows."""

    def __init__(self, code: str, retry_after: int = 0):
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after


def find_user(email: str) -> User | None:
    """The account with this email, if any: one indexed look-up by its blind index (under every
    configured index key, so that look-ups keep working during a key rotation)."""
    return db.session.scalar(select(User).where(User.email_index.in_(email_indexes(email))))


def create_user(email: str, display_name: str, password: str, *, language: str = "en",
                time_zone: str = "Europe/Zurich", roles: tuple[Role, ...] = (Role.APPLICANT,),
                verified: bool = False) -> User:
    """Create an account directly (CLI, demo, invitations). Raises AuthError on a weak password."""
    problem = password_problem(password)
    if problem:
        raise AuthError(problem)
    user = User(email=normalise_email(email), display_name=display_name.strip(),
                password_hash=hash_password(password), language=language, time_zone=time_zone,
                email_verified_at=now() if verified else None)
    for role in roles:
        user.add_role(role)
    db.session.add(user)
    db.session.flush()
    return user


def issue_link(user: User, purpose: TokenPurpose) -> str:
    """Create a single-use expiring token and return it (only its hash is stored)."""
    token = new_token()
    db.session.add(AuthToken(user_id=user.id, purpose=purpose.value, token_hash=token_hash(token),
                             expires_at=now() + LINK_LIFETIME[purpose]))
    return token


def check_link(token: str, purpose: TokenPurpose) -> AuthToken:
    """The unused, unexpired token row for ``token``; AuthError('invalid_link') otherwise."""
    row = db.session.scalar(select(AuthToken).where(AuthToken.token_hash == token_hash(token),
                                                    AuthToken.purpose == purpose.value))
    if row is None or row.used_at is not None or row.expires_at <= now():
        raise AuthError("invalid_link")
    return row


def consume_link(token: str, purpose: TokenPurpose) -> User:
    """Use a link once: a second use, or a use after expiry, raises AuthError('invalid_link')."""
    row = check_link(token, purpose)
    # Compare-and-set so that two concurrent uses cannot both succeed.
    updated = db.session.execute(
        AuthToken.__table__.update()
        .where(AuthToken.id == row.id, AuthToken.used_at.is_(None))
        .values(used_at=now())
    )
    if updated.rowcount != 1:
        raise AuthError("invalid_link")
    return db.session.get(User, row.user_id)


def sign_up(email: str, display_name: str, password: str, language: str, time_zone: str) -> None:
    """Register, answering identically whether the email is new or taken.

    A new address gets a confirmation link. A taken, confirmed address gets a notice (with a reset
    link) instead. A taken but unconfirmed address takes the new details and gets a new link.
    """
    problem = password_problem(password)
    if problem:
        raise AuthError(problem)
    user = find_user(email)
    if user is not None and user.email_verified_at is not None:
        mail.queue(user.email, "account_exists", user.language,
                   reset_url=url_for("auth.reset_request", _external=True))
        db.session.commit()
        return
    if user is None:
        user = create_user(email, display_name, password, language=language, time_zone=time_zone)
    else:
        user.display_name = display_name.strip()
        user.password_hash = hash_password(password)
        user.language, user.time_zone = language, time_zone
    token = issue_link(user, TokenPurpose.VERIFY_EMAIL)
    mail.queue(user.email, "confirm_email", language,
               url=url_for("auth.verify_email", token=token, _external=True))
    db.session.commit()


def confirm_email(token: str) -> User:
    """Mark the address confirmed through its emailed link."""
    user = consume_link(token, TokenPurpose.VERIFY_EMAIL)
    if user.email_verified_at is None:
        user.email_verified_at = now()
    db.session.commit()
    return user


def check_password(email: str, password: str, address: str | None) -> User:
    """First step of sign-in. Raises AuthError('throttled'|'bad_credentials'|'unconfirmed'|...)."""
    wait = throttle.seconds_to_wait(email, address)
    if wait > 0:
        raise AuthError("throttled", retry_after=wait)
    user = find_user(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        throttle.record_failure(email, address)
        if user is not None:  # unknown emails are not recorded: they are not anyone's data
            from hrdap.audit.services import record
            record(None, "auth.sign_in_failed", "user", user.id)
        db.session.commit()
        raise AuthError("bad_credentials")
    if user.email_verified_at is None:
        # Only someone who knows the password learns this, so it reveals nothing to a prober.
        token = issue_link(user, TokenPurpose.VERIFY_EMAIL)
        mail.queue(user.email, "confirm_email", user.language,
                   url=url_for("auth.verify_email", token=token, _external=True))
        db.session.commit()
        raise AuthError("unconfirmed")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def complete_sign_in(user: User) -> None:
    """Start a fresh server-side session once every factor is checked."""
    from hrdap.audit.services import record

    throttle.clear(user.email)
    sessions.start(user)
    record(user, "auth.sign_in", "user", user.id)
    db.session.commit()


def request_password_reset(email: str) -> None:
    """Send a reset link if the account exists; the caller shows the same page either way."""
    user = find_user(email)
    if user is not None and user.is_active:
        token = issue_link(user, TokenPurpose.RESET_PASSWORD)
        mail.queue(user.email, "reset_password", user.language,
                   url=url_for("auth.reset_password", token=token, _external=True))
    db.session.commit()


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link and end every session.

    It does not sign the person in: two-factor, if on, is still asked at the next sign-in.
    """
    problem = password_problem(new_password)
    if problem:
        raise AuthError(problem)
    user = consume_link(token, TokenPurpose.RESET_PASSWORD)
    user.password_hash = hash_password(new_password)
    if user.email_verified_at is None:
        user.email_verified_at = now()  # the link proved control of the mailbox
    sessions.revoke_all(user)
    throttle.clear(user.email)
    mail.queue(user.email, "password_changed", user.language)
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change the password; every other session of the account ends."""
    if not verify_password(user.password_hash, current):
        raise AuthError("wrong_current_password")
    problem = password_problem(new)
    if problem:
        raise AuthError(problem)
    user.password_hash = hash_password(new)
    sessions.revoke_all(user, keep=sessions.current_row())
    mail.queue(user.email, "password_changed", user.language)
    db.session.commit()


def disable_account(user: User) -> None:
    """Disable an account and end its sessions at once."""
    user.disabled_at = now()
    sessions.revoke_all(user)
    db.session.commit()
