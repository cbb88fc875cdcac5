"""Server-side, revocable sessions.

The Flask cookie holds only a random session token; the row in ``user_sessions`` decides whether it
is still valid. Sign-out, password change, "sign out everywhere" and disabling an account revoke rows,
so a copied cookie stops working at once. Sessions are not bound to the IP address (Tor changes it).
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, request, session
from sqlalchemy import bindparam
from sqlalchemy.orm import joinedload

from hrdap.auth.models import User, UserSession
from hrdap.auth.tokens import new_token, token_hash
from hrdap.clock import now
from hrdap.extensions import db

SESSION_KEY = "sid"
# Writing last_seen_at on every request would turn every page view into a write; once a minute is enough.
_TOUCH_EVERY = timedelta(minutes=1)


def start(user: User) -> UserSession:
    """Begin a new session for ``user``: a fresh cookie (no fixation) and a new row."""
    session.clear()
    token = new_token()
    row = UserSession(
        user_id=user.id,
        token_hash=token_hash(token),
        user_agent=(request.user_agent.string or "")[:120],
    )
    db.session.add(row)
    session[SESSION_KEY] = token
    session.permanent = True
    return row


def current_row() -> UserSession | None:
    """The valid session row of this request, or None (revoked, timed out, or absent)."""
    found = _session_and_user()
    return found[0] if found else None


# Built once, run with a parameter: building a statement with its options costs as much as running it.
_SESSION_AND_USER = (db.select(UserSession, User).join(User, User.id == UserSession.user_id)
                     .options(joinedload(User.role_rows)).where(UserSession.token_hash == bindparam("token_hash")))


def _session_and_user() -> tuple[UserSession, User] | None:
    """This request's valid session row and its account, read in one query (every page asks)."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    found = db.session.execute(_SESSION_AND_USER, {"token_hash": token_hash(token)}).unique().first()
    if found is None:
        return None
    row, user = found
    if row.revoked_at is not None:
        return None
    moment = now()
    config = current_app.config
    idle = timedelta(minutes=config["HRDAP_SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=config["HRDAP_SESSION_ABSOLUTE_HOURS"])
    if moment - row.last_seen_at > idle or moment - row.created_at > absolute:
        row.revoked_at = moment
        db.session.commit()
        return None
    if moment - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = moment
        db.session.commit()
    return row, user


def load_user() -> User | None:
    """Flask-Login's loader: the active user of a valid session."""
    found = _session_and_user()
    if found is None:
        return None
    user = found[1]
    return user if user.is_active else None


def end_current() -> None:
    """Revoke this browser's session and clear its cookie."""
    row = current_row()
    if row is not None:
        row.revoked_at = now()
    session.clear()


def revoke_all(user: User, keep: UserSession | None = None) -> int:
    """Revoke every session of ``user`` except ``keep``; returns how many were ended."""
    rows = db.session.scalars(
        db.select(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    ).all()
    moment = now()
    count = 0
    for row in rows:
        if keep is not None and row.id == keep.id:
            continue
        row.revoked_at = moment
        count += 1
    return count


def active_sessions(user: User) -> list[UserSession]:
    """The user's sessions that are still valid, newest first."""
    moment = now()
    config = current_app.config
    idle_cut = moment - timedelta(minutes=config["HRDAP_SESSION_IDLE_MINUTES"])
    absolute_cut = moment - timedelta(hours=config["HRDAP_SESSION_ABSOLUTE_HOURS"])
    return list(
        db.session.scalars(
            db.select(UserSession)
            .where(
                UserSession.user_id == user.id,
                UserSession.revoked_at.is_(None),
                UserSession.last_seen_at > idle_cut,
                UserSession.created_at > absolute_cut,
            )
            .order_by(UserSession.last_seen_at.desc())
        )
    )
