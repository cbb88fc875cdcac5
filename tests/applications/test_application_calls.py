"""Calls: staff create and edit them in Geneva time; anyone reads the public call page."""
from datetime import datetime, timezone

from formpost import post_form

from hrdap.applications.models import Call
from hrdap.extensions import db

from application_helpers import DEADLINE, make_call

CALL_FORM = {"name": "HRDAP 2027", "description": "About the programme.", "eligibility": "Experienced defenders.",
             "offer": "Coaching. Tuition CHF 3,000.", "opens_on": "2026-11-01", "closes_on": "2027-01-15",
             "capacity": "16"}


def _only_call():
    return db.session.scalars(db.select(Call)).one()


def test_staff_create_a_call_whose_deadline_is_midnight_geneva(staff_client):
    """A deadline day becomes 'before midnight Geneva time': 15 Jan 2027 24:00 CET = 23:00 UTC."""
    client, _ = staff_client
    response = post_form(client, "/staff/calls/new", CALL_FORM)
    assert response.status_code == 303
    call = _only_call()
    assert call.closes_at == DEADLINE
    assert call.opens_at == datetime(2026, 10, 31, 23, 0, tzinfo=timezone.utc)
    assert call.reference_prefix == "HRDAP27"


def test_deadline_day_in_summer_time_uses_cest(staff_client):
    """Across the daylight-saving change: end of 15 April 2027 in Geneva is 22:00 UTC (CEST)."""
    client, _ = staff_client
    post_form(client, "/staff/calls/new", dict(CALL_FORM, closes_on="2027-04-15"))
    assert _only_call().closes_at == datetime(2027, 4, 15, 22, 0, tzinfo=timezone.utc)


def test_deadline_with_a_time_on_the_day_clocks_change(staff_client):
    """12:00 on 28 March 2027 (the day summer time starts) is 10:00 UTC."""
    client, _ = staff_client
    post_form(client, "/staff/calls/new", dict(CALL_FORM, closes_on="2027-03-28", closes_time="12:00"))
    assert _only_call().closes_at == datetime(2027, 3, 28, 10, 0, tzinfo=timezone.utc)


def test_a_time_that_does_not_exist_in_geneva_is_refused(staff_client):
    """02:30 on 28 March 2027 is skipped by the clocks: a clear message, nothing saved."""
    client, _ = staff_client
    response = post_form(client, "/staff/calls/new", dict(CALL_FORM, closes_on="2027-03-28", closes_time="02:30"))
    assert response.status_code == 400 and "does not exist in Geneva" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Call)) == 0


def test_a_file_that_is_not_a_pdf_is_refused(staff_client):
    """An upload without the PDF signature gets a clear message next to the field."""
    import io
    client, _ = staff_client
    from formpost import csrf_token
    data = dict(CALL_FORM, csrf_token=csrf_token(client, "/staff/calls/new"),
                programme_pdf=(io.BytesIO(b"MZ\x90\x00 not a pdf"), "programme.pdf"))
    response = client.post("/staff/calls/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and "not a PDF" in response.get_data(as_text=True)
    assert 'value="HRDAP 2027"' in response.get_data(as_text=True)


def test_a_pdf_is_kept_and_offered_as_a_download(staff_client, client):
    """A real PDF is stored and served as an attachment on the public page."""
    import io
    staff, _ = staff_client
    from formpost import csrf_token
    pdf = b"%PDF-1.4\n%demo\n"
    data = dict(CALL_FORM, csrf_token=csrf_token(staff, "/staff/calls/new"),
                programme_pdf=(io.BytesIO(pdf), "programme.pdf"))
    assert staff.post("/staff/calls/new", data=data, content_type="multipart/form-data").status_code == 303
    call = _only_call()
    download = client.get(f"/calls/{call.id}/programme.pdf")
    assert download.data == pdf and download.headers["Content-Disposition"].startswith("attachment")


def test_editing_a_call_shows_its_deadline_in_geneva_time(staff_client):
    """The edit form shows the deadline day, not the next day's midnight."""
    client, _ = staff_client
    call = make_call()
    html = client.get(f"/staff/calls/{call.id}/edit").get_data(as_text=True)
    assert 'value="2027-01-15"' in html
    assert post_form(client, f"/staff/calls/{call.id}/edit", dict(CALL_FORM, capacity="12")).status_code == 303
    db.session.refresh(call)
    assert call.capacity == 12 and call.closes_at == DEADLINE


def test_public_call_page_needs_no_account(client, frozen_clock):
    """Anyone sees eligibility, the offer, the deadline in Geneva and UTC, a countdown and Apply."""
    call = make_call()
    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Experienced defenders." in html and "CHF 3,000" in html
    assert "before midnight at the end of Friday, January 15, 2027, Geneva time" in html
    assert "2027-01-15 23:00" in html
    assert '<time datetime="2027-01-15T23:00:00+00:00" data-local>' in html
    assert "45 days, 14 hours left" in html
    assert f'href="/calls/{call.id}/apply"' in html
    assert "<script>" not in html and 'src="/static/applications.js"' in html


def test_home_page_lists_the_open_call(client, frozen_clock):
    """The home page points to the open call."""
    call = make_call()
    assert f"/calls/{call.id}" in client.get("/").get_data(as_text=True)


def test_staff_pages_are_hidden_from_applicants(applicant_client):
    """An applicant asking for a staff page gets 404, as if it did not exist."""
    client, _ = applicant_client
    call = make_call()
    for path in ("/staff/calls", "/staff/calls/new", f"/staff/calls/{call.id}/applications",
                 f"/staff/calls/{call.id}/export.csv"):
        assert client.get(path).status_code == 404
