"""Demo data: an open call with applications in several stages; running it twice adds nothing."""
from hrdap.applications.demo import seed_demo
from hrdap.applications.models import Application, Call
from hrdap.demo import ensure_people
from hrdap.extensions import db


def test_demo_call_is_open_with_varied_applications_and_idempotent(app, frozen_clock, client):
    """HRDAP 2027 is open, the demo applicant has a draft, staff have reviews; a second run adds nothing."""
    people = ensure_people()
    assert seed_demo(people)
    call = db.session.scalars(db.select(Call)).one()
    assert call.is_open(frozen_clock.now)
    applications = db.session.scalars(db.select(Application)).all()
    assert len(applications) == 12
    assert {a.status for a in applications} >= {"draft", "submitted", "under_review", "shortlisted", "accepted"}
    assert len({a.region for a in applications}) >= 5
    assert any(a.applicant_id == people["applicant"].id and a.status == "draft" for a in applications)
    assert seed_demo(ensure_people()) == []
    assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 12
    assert client.get(f"/calls/{call.id}").status_code == 200
