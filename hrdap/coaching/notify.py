"""Neutral notices about plans: an email and an in-app notification, never any plan content.

A mail only says that something is waiting on the platform, with a link; the subject names no
person, State or topic (a mailbox may be read by others).
"""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from hrdap.auth.models import User
from hrdap.clock import now
from hrdap.extensions import db
from hrdap.coaching.models import Notification
from hrdap.mail.services import queue

#: kind -> (mail template, in-app text)
KINDS = {
    "plan_submitted": ("coaching_submitted", _l("A plan is waiting for your feedback.")),
    "plan_reviewed": ("coaching_reviewed", _l("Your coach has sent feedback on your plan.")),
    "plan_reply": ("coaching_reply", _l("There is a new reply in a plan conversation.")),
}


def notify(user: User | None, kind: str, link: str) -> None:
    """Queue the mail and add the in-app notification for ``user`` (no-op without a user)."""
    if user is None:
        return
    template, _text = KINDS[kind]
    queue(user.email, template, user.language or "en", url=_external(link))
    db.session.add(Notification(user_id=user.id, kind=kind, link=link, created_at=now()))


def _external(path: str) -> str:
    """The configured site address, never the request's Host header, in front of ``path``."""
    return current_app.config.get("HRDAP_BASE_URL", "").rstrip("/") + path


def text_of(notification: Notification) -> str:
    kind = KINDS.get(notification.kind)
    return str(kind[1]) if kind else str(_l("Something changed on the platform."))


def notifications_for(user: User, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id.desc()).limit(limit)))


def unread_count_expression(user: User):
    """How many notifications ``user`` has not read, as a scalar subquery (the menu reads it)."""
    return select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)).scalar_subquery()


def mark_all_read(user: User, at) -> None:
    db.session.execute(update(Notification).where(Notification.user_id == user.id,
                                                  Notification.read_at.is_(None)).values(read_at=at))
