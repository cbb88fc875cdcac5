"""Retention rules applied by ``hrdap purge``: safe to run every day; each run deletes only what is due.

Defaults (months, from HRDAP_RETENTION_* variables): declined and withdrawn applications 12 after their
call closed; drafts never submitted 6 after the call closed; sent mail 1; ended sessions and used or
expired links 1; audit events 24.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, or_, select

from hrdap.applications.models import Application, Call, Status
from hrdap.audit.models import AuditEvent
from hrdap.auth.models import AuthToken, UserSession
from hrdap.clock import now
from hrdap.extensions import db
from hrdap.mail.models import OutboxEmail

MONTH = timedelta(days=30)


@dataclass(frozen=True)
class Retention:
    declined_months: int = 12
    draft_months: int = 6
    mail_months: int = 1
    session_months: int = 1
    audit_months: int = 24

    @classmethod
    def from_environment(cls) -> "Retention":
        def months(name: str, default: int) -> int:
            raw = os.environ.get(f"HRDAP_RETENTION_{name}_MONTHS", "")
            return int(raw) if raw.isdigit() else default

        return cls(months("DECLINED", 12), months("DRAFT", 6), months("MAIL", 1), months("SESSION", 1),
                   months("AUDIT", 24))


def purge(retention: Retention) -> dict[str, int]:
    """Delete what the retention rules say is due; returns counts per kind."""
    moment = now()
    counts: dict[str, int] = {}

    def closed_before(months: int):
        return select(Call.id).where(Call.closes_at < moment - months * MONTH)

    counts["declined or withdrawn applications"] = db.session.execute(delete(Application).where(
        Application.status.in_([Status.DECLINED.value, Status.WITHDRAWN.value]),
        Application.call_id.in_(closed_before(retention.declined_months)))).rowcount
    counts["drafts never submitted"] = db.session.execute(delete(Application).where(
        Application.status == Status.DRAFT.value,
        Application.call_id.in_(closed_before(retention.draft_months)))).rowcount
    counts["sent mail"] = db.session.execute(delete(OutboxEmail).where(
        OutboxEmail.sent_at < moment - retention.mail_months * MONTH)).rowcount
    counts["ended sessions"] = db.session.execute(delete(UserSession).where(or_(
        UserSession.revoked_at < moment - retention.session_months * MONTH,
        UserSession.last_seen_at < moment - retention.session_months * MONTH)).execution_options(
        synchronize_session=False)).rowcount
    counts["used or expired links"] = db.session.execute(delete(AuthToken).where(
        AuthToken.expires_at < moment - retention.session_months * MONTH)).rowcount
    counts["audit events"] = db.session.execute(delete(AuditEvent).where(
        AuditEvent.at < moment - retention.audit_months * MONTH)).rowcount
    db.session.commit()
    return counts
