"""Retention: the purge deletes only what is due, and running it twice changes nothing more."""
from datetime import timedelta

from factories import make_user

from hrdap.applications.models import Application, Call, Status
from hrdap.audit.models import AuditEvent
from hrdap.clock import now
from hrdap.extensions import db
from hrdap.lifecycle.purge import Retention, purge


def _call(closed_days_ago: int) -> Call:
    call = Call(name="Call", reference_prefix="T", opens_at=now() - timedelta(days=closed_days_ago + 60),
                closes_at=now() - timedelta(days=closed_days_ago), capacity=16)
    db.session.add(call)
    db.session.flush()
    return call


def _application(call, status):
    db.session.add(Application(call_id=call.id, applicant_id=make_user().id, status=status.value))


def test_purge_follows_retention_and_is_idempotent(app, frozen_clock):
    """Old declined applications and abandoned drafts go; recent ones and accepted ones stay."""
    old, recent = _call(closed_days_ago=400), _call(closed_days_ago=30)
    for call in (old, recent):
        for status in (Status.DECLINED, Status.DRAFT, Status.ACCEPTED, Status.WITHDRAWN):
            _application(call, status)
    db.session.add(AuditEvent(action="x", target_type="y", at=now() - timedelta(days=800)))
    db.session.add(AuditEvent(action="x", target_type="y", at=now() - timedelta(days=10)))
    db.session.commit()
    counts = purge(Retention())
    assert counts["declined or withdrawn applications"] == 2
    assert counts["drafts never submitted"] == 1
    assert counts["audit events"] == 1
    left = db.session.scalars(db.select(Application.status).where(Application.call_id == old.id)).all()
    assert left == [Status.ACCEPTED.value]
    assert db.session.scalar(db.select(db.func.count()).select_from(Application)
                             .where(Application.call_id == recent.id)) == 4
    assert set(purge(Retention()).values()) == {0}
