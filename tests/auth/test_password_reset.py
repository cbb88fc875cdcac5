"""Password reset by an emailed, single-use, expiring link."""
from formpost import post_form
from factories import DEFAULT_PASSWORD, make_user, outbox_link, sign_in


def test_reset_link_changes_password_and_ends_sessions(app, client):
    """The link sets a new password; sessions open before it end."""
    user = make_user()
    other = app.test_client()
    sign_in(other, user)
    post_form(client, "/reset", {"email": user.email})
    link = outbox_link(user.email, "/reset/")
    new = "completely new passphrase"
    assert post_form(client, link, {"password": new, "confirm": new}).status_code == 303
    assert other.get("/dashboard").status_code == 302
    assert post_form(client, "/signin", {"email": user.email, "password": DEFAULT_PASSWORD}).status_code == 400
    assert post_form(client, "/signin", {"email": user.email, "password": new}).status_code == 303


def test_reset_link_used_twice_is_refused(client):
    """A second use of the same link is refused with a clear message."""
    user = make_user()
    post_form(client, "/reset", {"email": user.email})
    link = outbox_link(user.email, "/reset/")
    new = "completely new passphrase"
    post_form(client, link, {"password": new, "confirm": new})
    again = client.get(link)
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)


def test_expired_reset_link_is_refused(client, frozen_clock):
    """A link older than an hour no longer works."""
    user = make_user()
    post_form(client, "/reset", {"email": user.email})
    link = outbox_link(user.email, "/reset/")
    frozen_clock.advance(minutes=61)
    assert client.get(link).status_code == 400


def test_guessed_reset_link_is_refused(client):
    """A made-up token is refused, not an error."""
    assert client.get("/reset/not-a-real-token").status_code == 400


def test_mismatched_confirmation_keeps_the_form(client):
    """Two different passwords give a message and nothing changes."""
    user = make_user()
    post_form(client, "/reset", {"email": user.email})
    link = outbox_link(user.email, "/reset/")
    response = post_form(client, link, {"password": "first long passphrase", "confirm": "second long passphrase"})
    assert response.status_code == 400 and "differ" in response.get_data(as_text=True)
    assert post_form(client, "/signin", {"email": user.email, "password": DEFAULT_PASSWORD}).status_code == 303
