"""Staff read and filter the audit log. There is no way to edit it from the app."""
from __future__ import annotations

from datetime import datetime, time, timezone

from flask import Blueprint, render_template, request
from sqlalchemy import select

from hrdap.audit.models import AuditEvent
from hrdap.auth.models import Role, User
from hrdap.blind_index import email_indexes
from hrdap.extensions import db
from hrdap.security import roles_required

bp = Blueprint("audit", __name__)
PAGE_SIZE = 100


def _date(name: str):
    try:
        return datetime.strptime(request.args.get(name, ""), "%Y-%m-%d").date()
    except ValueError:
        return None


@bp.get("/audit/")
@roles_required(Role.STAFF)
def index():
    """The audit trail, newest first, filtered by action, person, record and dates."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc())
    action = (request.args.get("action") or "").strip()[:60]
    actor = (request.args.get("actor") or "").strip()[:254]
    target = (request.args.get("target") or "").strip()[:40]
    since, until = _date("since"), _date("until")
    if action:
        stmt = stmt.where(AuditEvent.action.startswith(action))
    if actor:
        stmt = stmt.join(User, User.id == AuditEvent.actor_id).where(User.email_index.in_(email_indexes(actor)))
    if target:
        stmt = stmt.where(AuditEvent.target_type == target)
    if since:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(since, time.min, timezone.utc))
    if until:
        stmt = stmt.where(AuditEvent.at <= datetime.combine(until, time.max, timezone.utc))
    page = max(1, request.args.get("page", 1, type=int))
    events = db.paginate(stmt, page=page, per_page=PAGE_SIZE, error_out=False)
    actors = {u.id: u for u in db.session.scalars(select(User).where(
        User.id.in_({e.actor_id for e in events.items if e.actor_id})))}
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/index.html", events=events, actors=actors, args=args)
