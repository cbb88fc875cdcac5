"""Server-side sessions: sign-out, password change and timeouts end them for real."""
from datetime import datetime, timedelta, timezone

from formpost import post_form
from factories import DEFAULT_PASSWORD, make_user, sign_in


def _copy_cookie(source, target):
    """Copy the session cookie from one client to another, as a thief would."""
    cookie = source.get_cookie("hrdap")
    target.set_cookie("hrdap", cookie.value)


def test_cookie_copied_before_sign_out_no_longer_works(app):
    """After sign-out, a copy of the old cookie is sent back to the sign-in page."""
    browser, thief = app.test_client(), app.test_client()
    sign_in(browser, make_user())
    _copy_cookie(browser, thief)
    assert thief.get("/dashboard").status_code == 200
    assert post_form(browser, "/signout", page="/dashboard").status_code == 303
    assert thief.get("/dashboard").status_code == 302
    assert browser.get("/dashboard").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app):
    """Changing the password signs out every other browser."""
    user = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, user)
    sign_in(elsewhere, user)
    new = "another long passphrase"
    response = post_form(here, "/account/password", {"current": DEFAULT_PASSWORD, "password": new, "confirm": new},
                         page="/account/")
    assert response.status_code == 303
    assert here.get("/dashboard").status_code == 200
    assert elsewhere.get("/dashboard").status_code == 302


def test_wrong_current_password_is_refused(participant_client):
    """The password is not changed without the current one."""
    client, _user = participant_client
    response = post_form(client, "/account/password", {"current": "not my password", "password": "x" * 20,
                                                       "confirm": "x" * 20}, page="/account/")
    assert response.status_code == 400 and "current password is not correct" in response.get_data(as_text=True)


def test_sign_out_everywhere_else(app):
    """'Sign out everywhere else' ends the other sessions and lists only this one."""
    user = make_user()
    here, other = app.test_client(), app.test_client()
    sign_in(other, user)
    sign_in(here, user)
    assert here.get("/account/").get_data(as_text=True).count("(this one)") == 1
    post_form(here, "/account/sessions/end-others", page="/account/")
    assert other.get("/dashboard").status_code == 302
    assert here.get("/dashboard").status_code == 200


def test_cannot_end_someone_elses_session(app):
    """Ending another account's session answers 404."""
    from hrdap.auth.models import UserSession
    from hrdap.extensions import db

    mine, theirs = app.test_client(), app.test_client()
    sign_in(mine, make_user())
    sign_in(theirs, make_user())
    their_session = db.session.scalars(db.select(UserSession).order_by(UserSession.id.desc())).first()
    assert post_form(mine, f"/account/sessions/{their_session.id}/end", page="/account/").status_code == 404
    assert theirs.get("/dashboard").status_code == 200


def test_idle_timeout(app, frozen_clock):
    """A session idle for longer than the idle timeout ends."""
    client = app.test_client()
    sign_in(client, make_user())
    frozen_clock.advance(minutes=59)
    assert client.get("/dashboard").status_code == 200
    frozen_clock.advance(minutes=61)
    assert client.get("/dashboard").status_code == 302


def test_absolute_timeout(app, frozen_clock):
    """Even an active session ends after the absolute lifetime."""
    client = app.test_client()
    sign_in(client, make_user())
    for _ in range(14):  # 14 x 55 min > 12 h
        frozen_clock.advance(minutes=55)
        client.get("/dashboard")
    assert client.get("/dashboard").status_code == 302


def test_disabling_an_account_ends_its_sessions(app):
    """A disabled account's open sessions stop working at once."""
    from hrdap.auth.services import disable_account

    user = make_user()
    client = app.test_client()
    sign_in(client, user)
    disable_account(user)
    assert client.get("/dashboard").status_code == 302


def test_pages_do_not_resend_the_cookie_which_lasts_the_absolute_limit(app):
    """The cookie is set at sign-in for the session's absolute life; a page view sends no new cookie."""
    client = app.test_client()
    sign_in(client, make_user())
    cookie = client.get_cookie("hrdap")
    left = cookie.expires.replace(tzinfo=cookie.expires.tzinfo or timezone.utc) - datetime.now(timezone.utc)
    assert timedelta(hours=11) < left <= timedelta(hours=12)
    client.get("/dashboard")  # the first page after sign-in may still store its form token
    response = client.get("/dashboard")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
