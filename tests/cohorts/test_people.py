"""Staff invite coaches and staff, change roles, and disable accounts."""
from factories import DEFAULT_PASSWORD, make_user, outbox_link, sign_in
from formpost import post_form

from hrdap.auth.models import Role, User
from hrdap.auth.services import find_user
from hrdap.extensions import db


def test_invited_coach_sets_password_then_must_set_up_two_factor(app, staff_client):
    """An invitation link lets the coach choose a password once; sign-in leads to two-factor setup."""
    staff, _ = staff_client
    post_form(staff, "/people/", {"email": "coach.new@example.org", "name": "New Coach", "role": "coach"})
    link = outbox_link("coach.new@example.org", "/invitation/")
    browser = app.test_client()
    assert post_form(browser, link, {"display_name": "Amina", "password": DEFAULT_PASSWORD,
                                     "confirm": DEFAULT_PASSWORD}).status_code == 303
    assert browser.get(link).status_code == 400  # single use
    post_form(browser, "/signin", {"email": "coach.new@example.org", "password": DEFAULT_PASSWORD})
    assert browser.get("/dashboard").headers["Location"].endswith("/account/two-factor")
    assert find_user("coach.new@example.org").has_role(Role.COACH)


def test_expired_invitation_is_refused(app, staff_client, frozen_clock):
    """An invitation older than seven days no longer works."""
    staff, _ = staff_client
    post_form(staff, "/people/", {"email": "late@example.org", "name": "Late", "role": "staff"})
    link = outbox_link("late@example.org", "/invitation/")
    frozen_clock.advance(days=8)
    assert app.test_client().get(link).status_code == 400


def test_staff_change_roles_but_not_remove_their_own_staff_role(staff_client):
    """Roles change; staff cannot lock themselves out."""
    client, me = staff_client
    person = make_user(roles=("applicant",))
    post_form(client, f"/people/{person.id}", {"roles": ["applicant", "coach"]})
    assert db.session.get(User, person.id).roles == {Role.APPLICANT, Role.COACH}
    response = post_form(client, f"/people/{me.id}", {"roles": ["coach"]}, follow_redirects=True)
    assert "cannot remove your own staff role" in response.get_data(as_text=True)
    assert db.session.get(User, me.id).has_role(Role.STAFF)


def test_disabling_an_account_ends_its_sessions(app, staff_client):
    """A disabled person is signed out at once and cannot sign in."""
    client, _ = staff_client
    person = make_user()
    their_browser = app.test_client()
    sign_in(their_browser, person)
    post_form(client, f"/people/{person.id}/disable", page=f"/people/{person.id}")
    assert their_browser.get("/dashboard").status_code == 302
    assert post_form(app.test_client(), "/signin", {"email": person.email, "password": DEFAULT_PASSWORD}).status_code == 400


def test_people_pages_are_staff_only(app):
    """Coaches and participants get 404 on people pages."""
    person = make_user()
    for role in ("coach", "participant"):
        client = app.test_client()
        sign_in(client, make_user(roles=(role,)))
        assert client.get("/people/").status_code == 404
        assert client.get(f"/people/{person.id}").status_code == 404
