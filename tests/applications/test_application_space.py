"""The applicant's space: status, withdrawal, a JSON export of their data, deleting the account."""
import json

from factories import DEFAULT_PASSWORD
from formpost import post_form

from hrdap.applications.models import Application
from hrdap.auth.models import User, UserSession
from hrdap.extensions import db

from application_helpers import fill_all, make_call, start


def test_my_applications_show_their_status(applicant_client):
    """The list shows each application with its status; the dashboard links to it."""
    client, _ = applicant_client
    call = make_call()
    application_id = start(client, call)
    html = client.get("/my/applications").get_data(as_text=True)
    assert "HRDAP 2027" in html and "Draft" in html
    assert f"/applications/{application_id}" in client.get("/dashboard").get_data(as_text=True)


def test_withdrawing_a_submitted_application(applicant_client):
    """Withdrawing is a posted form; the status then says so."""
    client, _ = applicant_client
    application_id = start(client, make_call())
    fill_all(client, application_id)
    post_form(client, f"/applications/{application_id}/submit", page=f"/applications/{application_id}/review")
    assert client.get(f"/applications/{application_id}/withdraw").status_code == 405
    response = post_form(client, f"/applications/{application_id}/withdraw", page=f"/applications/{application_id}")
    assert response.status_code == 303
    assert "Withdrawn" in client.get(f"/applications/{application_id}").get_data(as_text=True)


def test_export_holds_the_account_and_every_answer(applicant_client):
    """The JSON export is a download with the account and the answers."""
    client, user = applicant_client
    application_id = start(client, make_call())
    fill_all(client, application_id)
    response = client.get("/my/data.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == user.email
    assert data["applications"][0]["answers"]["safe_contact"] == "Signal only."
    assert "/my/data.json" in client.get("/account/").get_data(as_text=True)


def test_deleting_the_account_needs_confirmation(applicant_client):
    """A wrong password or no tick keeps everything and says why."""
    client, user = applicant_client
    start(client, make_call())
    no_tick = post_form(client, "/my/delete", {"password": DEFAULT_PASSWORD})
    assert no_tick.status_code == 400 and "Tick this box" in no_tick.get_data(as_text=True)
    wrong = post_form(client, "/my/delete", {"password": "not my password at all", "confirm": "y"})
    assert wrong.status_code == 400 and "not right" in wrong.get_data(as_text=True)
    assert db.session.get(User, user.id) is not None


def test_deleting_the_account_removes_it_with_its_applications_and_sessions(app, applicant_client):
    """After deletion the data is gone and the old cookie no longer opens anything."""
    client, user = applicant_client
    user_id = user.id
    start(client, make_call())
    response = post_form(client, "/my/delete", {"password": DEFAULT_PASSWORD, "confirm": "y"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert db.session.scalars(db.select(Application).where(Application.applicant_id == user_id)).all() == []
    assert db.session.scalars(db.select(UserSession).where(UserSession.user_id == user_id)).all() == []
    assert client.get("/my/applications").status_code == 302


def test_staff_accounts_cannot_delete_themselves_here(staff_client):
    """Staff hold others' work: the deletion page does not exist for them."""
    client, _ = staff_client
    assert client.get("/my/delete").status_code == 404
