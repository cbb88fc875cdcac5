"""The deadline: the server's clock decides, to the millisecond, in Geneva time, with extensions."""
from datetime import datetime, timedelta, timezone

import pytest

from factories import make_user, sign_in
from formpost import csrf_token, post_form

from hrdap.applications.models import Application, DeadlineExtension
from hrdap.audit.models import AuditEvent
from hrdap.extensions import db

from application_helpers import DEADLINE, fill_all, make_call, start

MS = timedelta(milliseconds=1)


@pytest.fixture
def applicant_client(signed_in, frozen_clock):
    """An applicant signed in ten minutes before the deadline (sessions time out after an idle hour)."""
    frozen_clock.set(DEADLINE - timedelta(minutes=10))
    return signed_in("applicant")


@pytest.fixture
def staff_client(signed_in, frozen_clock):
    """Staff signed in ten minutes before the deadline."""
    frozen_clock.set(DEADLINE - timedelta(minutes=10))
    return signed_in("staff")


def _status(application_id):
    db.session.expire_all()
    return db.session.get(Application, application_id).status


def _ready(client, frozen_clock, closes_at=DEADLINE):
    """A complete draft of an open call, and the submit form's token, taken before the deadline."""
    call = make_call(closes_at=closes_at)
    application_id = start(client, call)
    fill_all(client, application_id)
    return call, application_id, csrf_token(client, f"/applications/{application_id}/review")


@pytest.mark.parametrize("offset,accepted", [(-MS, True), (timedelta(0), False), (MS, False)])
def test_submission_at_the_deadline_edges(applicant_client, frozen_clock, offset, accepted):
    """Accepted at 22:59:59.999 UTC (23:59:59.999 Geneva); refused at midnight Geneva and after."""
    client, _ = applicant_client
    _call, application_id, token = _ready(client, frozen_clock)
    frozen_clock.set(DEADLINE + offset)
    response = client.post(f"/applications/{application_id}/submit", data={"csrf_token": token})
    assert (response.status_code == 303) is accepted
    assert _status(application_id) == ("submitted" if accepted else "draft")


def test_one_second_late_is_refused_clearly_and_the_draft_kept(applicant_client, frozen_clock):
    """One second after the deadline: a clear message, the draft kept, readable but not editable."""
    client, _ = applicant_client
    _call, application_id, token = _ready(client, frozen_clock)
    frozen_clock.set(DEADLINE + timedelta(seconds=1))
    response = client.post(f"/applications/{application_id}/submit", data={"csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "The deadline has passed" in html
    assert "Documenting detentions." in html and "Submit my application" not in html
    assert _status(application_id) == "draft"
    step = client.get(f"/applications/{application_id}/steps/motivation")
    assert step.status_code == 302 and step.headers["Location"].endswith("/review")
    review = client.get(f"/applications/{application_id}/review").get_data(as_text=True)
    assert "can no longer be changed or submitted" in review and "To use the UN." in review


def test_a_step_form_replayed_after_the_deadline_changes_nothing(applicant_client, frozen_clock):
    """A page left open past the deadline, then sent, is refused; the saved text stays."""
    client, _ = applicant_client
    _call, application_id, _token = _ready(client, frozen_clock)
    url = f"/applications/{application_id}/steps/motivation"
    token = csrf_token(client, url)
    frozen_clock.set(DEADLINE + timedelta(minutes=5))
    response = client.post(url, data={"csrf_token": token, "motivation": "Changed late", "objectives": "x",
                                      "go": "save"})
    assert response.status_code == 409 and "The deadline has passed" in response.get_data(as_text=True)
    autosave = client.post(url, data={"csrf_token": token, "motivation": "late"}, headers={"X-Autosave": "1"})
    assert autosave.status_code == 409 and autosave.get_json()["saved"] is False
    assert "Changed late" not in client.get(f"/applications/{application_id}/review").get_data(as_text=True)


def test_deadline_in_summer_time(signed_in, frozen_clock):
    """A call entered in winter closing on 15 April: midnight Geneva is 22:00 UTC (CEST), not 23:00."""
    closes = datetime(2027, 4, 15, 22, 0, tzinfo=timezone.utc)
    frozen_clock.set(closes - timedelta(minutes=10))
    client, _ = signed_in("applicant")
    _call, application_id, token = _ready(client, frozen_clock, closes_at=closes)
    frozen_clock.set(closes + timedelta(minutes=30))  # still "before midnight" if CET were wrongly used
    assert client.post(f"/applications/{application_id}/submit", data={"csrf_token": token}).status_code == 409
    frozen_clock.set(closes - MS)
    assert client.post(f"/applications/{application_id}/submit", data={"csrf_token": token}).status_code == 303


def test_client_time_is_ignored(applicant_client, frozen_clock):
    """Whatever the browser says about the time, the server's clock decides."""
    client, _ = applicant_client
    _call, application_id, token = _ready(client, frozen_clock)
    frozen_clock.set(DEADLINE + MS)
    response = client.post(f"/applications/{application_id}/submit",
                           data={"csrf_token": token, "now": "2027-01-15T10:00:00Z"},
                           headers={"Date": "Fri, 15 Jan 2027 10:00:00 GMT"})
    assert response.status_code == 409


def test_staff_extend_the_deadline_for_one_applicant(app, staff_client, applicant_client, frozen_clock):
    """An extension for one person lets them submit late; others stay refused; it is logged."""
    client, user = applicant_client
    call, application_id, token = _ready(client, frozen_clock)
    other = app.test_client()
    sign_in(other, make_user())
    other_id = start(other, call)
    fill_all(other, other_id)
    other_token = csrf_token(other, f"/applications/{other_id}/review")
    staff, staff_user = staff_client
    response = post_form(staff, f"/staff/calls/{call.id}/extend",
                         {"reference": str(application_id), "closes_on": "2027-01-18"})
    assert response.status_code == 303
    frozen_clock.set(DEADLINE + timedelta(minutes=30))
    assert client.post(f"/applications/{application_id}/submit", data={"csrf_token": token}).status_code == 303
    assert other.post(f"/applications/{other_id}/submit", data={"csrf_token": other_token}).status_code == 409
    extension = db.session.scalars(db.select(DeadlineExtension)).one()
    assert extension.user_id == user.id and extension.granted_by_id == staff_user.id
    assert extension.closes_at == datetime(2027, 1, 18, 23, 0, tzinfo=timezone.utc)
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "call.extend_deadline"))


def test_staff_extend_the_deadline_for_everyone(staff_client, applicant_client, frozen_clock):
    """An extension for all moves the call's deadline, shown on the public page."""
    client, _ = applicant_client
    call, application_id, token = _ready(client, frozen_clock)
    staff, _ = staff_client
    assert post_form(staff, f"/staff/calls/{call.id}/extend", {"closes_on": "2027-01-20"}).status_code == 303
    db.session.refresh(call)
    assert call.closes_at == datetime(2027, 1, 20, 23, 0, tzinfo=timezone.utc)
    frozen_clock.set(DEADLINE + timedelta(minutes=30))
    assert client.post(f"/applications/{application_id}/submit", data={"csrf_token": token}).status_code == 303


def test_an_extension_must_be_later(staff_client, frozen_clock):
    """An 'extension' to an earlier date is refused next to the field."""
    staff, _ = staff_client
    call = make_call()
    response = post_form(staff, f"/staff/calls/{call.id}/extend", {"closes_on": "2027-01-10"})
    assert response.status_code == 400 and "must be later" in response.get_data(as_text=True)


def test_a_call_not_open_yet_cannot_be_started(applicant_client, frozen_clock):
    """Before the opening, the call page shows when it opens and there is no way to start."""
    client, _ = applicant_client
    call = make_call(opens_at=datetime(2027, 2, 1, tzinfo=timezone.utc),
                     closes_at=datetime(2027, 3, 1, tzinfo=timezone.utc))
    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Applications open on" in html and f"/calls/{call.id}/apply" not in html
    response = post_form(client, f"/calls/{call.id}/apply")
    assert response.status_code == 409 and "not open yet" in response.get_data(as_text=True)
