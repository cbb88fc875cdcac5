"""The audit log: sign-ins and refused access are recorded; staff filter it; nobody else reads it."""
from factories import make_user, sign_in

from hrdap.audit.models import AuditEvent
from hrdap.extensions import db


def test_sign_in_and_refused_access_are_recorded_without_content(app):
    """A sign-in and an attempt at a staff page leave events naming who and what, nothing else."""
    user = make_user()
    client = app.test_client()
    sign_in(client, user)
    assert client.get("/audit/").status_code == 404
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.actor_id == user.id)).all()
    assert {e.action for e in events} >= {"auth.sign_in", "access.refused"}
    assert all(user.email not in (e.detail or "") for e in events)


def test_staff_filter_the_log(staff_client):
    """Staff see events and can filter them by action."""
    client, staff = staff_client
    other = make_user()
    c2 = client.application.test_client()
    sign_in(c2, other)
    html = client.get("/audit/?action=auth.sign_in").get_data(as_text=True)
    assert other.email in html and staff.email in html
    assert "access.refused" not in client.get("/audit/?action=auth.").get_data(as_text=True)
    assert client.get("/audit/?since=not-a-date&page=abc").status_code == 200
