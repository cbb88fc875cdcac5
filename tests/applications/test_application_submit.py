"""Submitting: missing answers listed, a reference, a receipt, a neutral email, exactly once."""
import re

from factories import make_user, sign_in
from formpost import csrf_token, post_form

from hrdap.applications.models import Application
from hrdap.extensions import db
from hrdap.mail.models import OutboxEmail

from application_helpers import STEP_DATA, fill_all, make_call, post_at_once, start


def _application(application_id):
    db.session.expire_all()
    return db.session.get(Application, application_id)


def _submit(client, application_id):
    return post_form(client, f"/applications/{application_id}/submit", page=f"/applications/{application_id}/review")


def test_missing_answers_are_listed_and_nothing_is_lost(applicant_client):
    """Submitting a half-filled draft: 400, a list of what is missing with links, the draft intact."""
    client, _ = applicant_client
    application_id = start(client, make_call())
    post_form(client, f"/applications/{application_id}/steps/motivation",
              {"motivation": "Half written.", "objectives": "", "go": "save"})
    response = _submit(client, application_id)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "These required answers are missing" in html
    assert "Your advocacy objectives" in html and f"/applications/{application_id}/steps/consent" in html
    assert "Half written." in html
    assert _application(application_id).status == "draft"


def test_submitting_gives_a_reference_a_receipt_and_a_neutral_email(applicant_client):
    """HRDAP27-0001 on the confirmation page; the email names the reference but no answer."""
    client, user = applicant_client
    application_id = start(client, make_call())
    fill_all(client, application_id)
    response = _submit(client, application_id)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "HRDAP27-0001" in page and "has been received" in page
    application = _application(application_id)
    assert application.reference == "HRDAP27-0001" and application.status == "submitted"
    mail = db.session.scalars(db.select(OutboxEmail).where(OutboxEmail.to(user.email))).one()
    assert "HRDAP27-0001" in mail.body
    for data in STEP_DATA.values():
        for value in data.values():
            if isinstance(value, str) and len(value) > 3:
                assert value not in mail.body and value not in mail.subject


def test_a_copy_can_be_printed_or_downloaded(applicant_client):
    """The copy holds every answer; the download is an attachment."""
    client, _ = applicant_client
    application_id = start(client, make_call())
    fill_all(client, application_id)
    _submit(client, application_id)
    copy = client.get(f"/applications/{application_id}/copy")
    assert "Release of detained colleagues." in copy.get_data(as_text=True)
    assert "HRDAP27-0001" in copy.get_data(as_text=True)
    download = client.get(f"/applications/{application_id}/copy?download=1")
    assert 'attachment; filename="HRDAP27-0001.html"' == download.headers["Content-Disposition"]


def test_a_submitted_application_can_no_longer_be_changed(applicant_client):
    """After submitting, steps lead to the receipt and posted changes are refused."""
    client, _ = applicant_client
    application_id = start(client, make_call())
    fill_all(client, application_id)
    token = csrf_token(client, f"/applications/{application_id}/steps/motivation")
    _submit(client, application_id)
    assert client.get(f"/applications/{application_id}/steps/motivation").status_code == 302
    late = client.post(f"/applications/{application_id}/steps/motivation",
                       data={"csrf_token": token, "motivation": "Changed", "objectives": "x", "go": "save"})
    assert late.status_code == 409
    assert "Changed" not in client.get(f"/applications/{application_id}/copy").get_data(as_text=True)


def test_a_double_click_gives_one_submission(applicant_client):
    """The second submit of the same form shows the receipt; one reference, one email."""
    client, user = applicant_client
    application_id = start(client, make_call())
    fill_all(client, application_id)
    token = csrf_token(client, f"/applications/{application_id}/review")
    first = client.post(f"/applications/{application_id}/submit", data={"csrf_token": token})
    second = client.post(f"/applications/{application_id}/submit", data={"csrf_token": token})
    assert first.status_code == second.status_code == 303
    assert "already been submitted" in client.get(second.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxEmail)
                             .where(OutboxEmail.to(user.email))) == 1


def test_concurrent_submits_of_one_draft_give_exactly_one_submission(app, applicant_client):
    """Eight tabs submitting at once: one submission, one reference, one email."""
    client, user = applicant_client
    call = make_call()
    application_id = start(client, call)
    fill_all(client, application_id)
    tabs = []
    for _ in range(8):
        tab = app.test_client()
        sign_in(tab, user)
        url = f"/applications/{application_id}/submit"
        tabs.append((tab, url, {"csrf_token": csrf_token(tab, f"/applications/{application_id}/review")}))
    statuses = post_at_once(tabs)
    assert statuses == [303] * 8
    db.session.expire_all()
    assert _application(application_id).reference == "HRDAP27-0001"
    db.session.refresh(call)
    assert call.last_number == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxEmail)
                             .where(OutboxEmail.to(user.email))) == 1


def test_concurrent_applicants_get_unique_references(app, frozen_clock):
    """Eight applicants submitting at the same moment get eight different, consecutive references."""
    call = make_call()
    posts = []
    for _ in range(8):
        client = app.test_client()
        sign_in(client, make_user())
        application_id = start(client, call)
        fill_all(client, application_id)
        posts.append((client, f"/applications/{application_id}/submit",
                      {"csrf_token": csrf_token(client, f"/applications/{application_id}/review")}))
    assert post_at_once(posts) == [303] * 8
    db.session.expire_all()
    references = sorted(db.session.scalars(db.select(Application.reference)).all())
    assert references == [f"HRDAP27-{n:04d}" for n in range(1, 9)]
    assert all(re.fullmatch(r"HRDAP27-\d{4}", r) for r in references)
