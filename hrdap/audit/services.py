"""Write audit events. Callers commit with their own change, so the trail and the change agree."""
from __future__ import annotations

from sqlalchemy import select

from hrdap.audit.models import AuditEvent
from hrdap.clock import now
from hrdap.extensions import db


def record(actor, action: str, target_type: str, target_id: int | None, detail: str | None = None) -> AuditEvent:
    """Add an event: ``actor`` (a User or None), ``action`` like 'application.view', a target.

    ``detail`` is a short machine-readable note (a status, a date), never content a person wrote.
    """
    event = AuditEvent(actor_id=getattr(actor, "id", None), action=action, target_type=target_type,
                       target_id=target_id, detail=(detail or None) and detail[:200], at=now())
    db.session.add(event)
    return event


def events_for(target_type: str, target_id: int) -> list[AuditEvent]:
    """The events about one record, oldest first."""
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.target_type == target_type,
                                                            AuditEvent.target_id == target_id)
                                   .order_by(AuditEvent.id)))
