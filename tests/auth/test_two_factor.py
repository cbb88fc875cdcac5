"""Two-factor: required for staff and coaches, single-use codes, recovery codes, no bypass by reset."""
import pyotp

from formpost import post_form
from factories import DEFAULT_PASSWORD, make_user, outbox_link, totp_code

from hrdap.auth.models import User
from hrdap.extensions import db


def _password_step(client, user):
    return post_form(client, "/signin", {"email": user.email, "password": DEFAULT_PASSWORD})


def test_staff_sign_in_asks_for_a_code(client, frozen_clock):
    """Staff with two-factor reach their dashboard only after a valid code."""
    staff = make_user(roles=("staff",))
    assert _password_step(client, staff).headers["Location"].endswith("/signin/code")
    assert client.get("/dashboard").status_code == 302
    wrong = post_form(client, "/signin/code", {"code": "000000"})
    assert wrong.status_code == 400 and "not valid" in wrong.get_data(as_text=True)
    frozen_clock.advance(seconds=30)
    assert post_form(client, "/signin/code", {"code": totp_code(staff)}).status_code == 303
    assert client.get("/dashboard").status_code == 200


def test_a_code_works_only_once(app, frozen_clock):
    """A code used to sign in cannot be used again, even from another browser."""
    staff = make_user(roles=("staff",))
    frozen_clock.advance(seconds=60)
    code = totp_code(staff)
    first, second = app.test_client(), app.test_client()
    _password_step(first, staff)
    _password_step(second, staff)
    assert post_form(first, "/signin/code", {"code": code}).status_code == 303
    assert post_form(second, "/signin/code", {"code": code}).status_code == 400


def test_recovery_code_works_once(app):
    """A recovery code signs in once, then is spent."""
    user = make_user()
    client = app.test_client()
    from hrdap.auth import two_factor
    codes = two_factor.enable(user, pyotp.random_base32())
    db.session.commit()
    _password_step(client, user)
    assert post_form(client, "/signin/code", {"code": codes[0]}).status_code == 303
    other = app.test_client()
    _password_step(other, user)
    assert post_form(other, "/signin/code", {"code": codes[0]}).status_code == 400


def test_coach_without_two_factor_must_set_it_up_first(client, frozen_clock):
    """A coach without two-factor is sent to set it up before anything else, and can then continue."""
    coach = make_user(roles=("coach",), two_factor_on=False)
    assert _password_step(client, coach).status_code == 303
    assert client.get("/dashboard").headers["Location"].endswith("/account/two-factor")
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "required" in page
    with client.session_transaction() as s:
        secret = s["new_totp_secret"]
    done = post_form(client, "/account/two-factor", {"code": pyotp.TOTP(secret).at(frozen_clock.now)})
    assert done.status_code == 200 and "recovery codes" in done.get_data(as_text=True).lower()
    assert client.get("/dashboard").status_code == 200
    assert db.session.get(User, coach.id).two_factor_enabled


def test_password_reset_does_not_bypass_two_factor(client, frozen_clock):
    """After a reset, the code is still asked at sign-in."""
    staff = make_user(roles=("staff",))
    post_form(client, "/reset", {"email": staff.email})
    new = "a fresh staff passphrase"
    post_form(client, outbox_link(staff.email, "/reset/"), {"password": new, "confirm": new})
    assert client.get("/dashboard").status_code == 302
    response = post_form(client, "/signin", {"email": staff.email, "password": new})
    assert response.headers["Location"].endswith("/signin/code")


def test_staff_cannot_switch_two_factor_off(staff_client):
    """Staff must keep two-factor."""
    client, staff = staff_client
    response = post_form(client, "/account/two-factor/off", {"current": DEFAULT_PASSWORD},
                         page="/account/two-factor", follow_redirects=True)
    assert "must keep two-factor" in response.get_data(as_text=True)
    assert db.session.get(User, staff.id).two_factor_enabled


def test_applicant_may_switch_two_factor_on_and_off(applicant_client, frozen_clock):
    """Two-factor is offered to everyone, and optional for applicants."""
    client, user = applicant_client
    client.get("/account/two-factor")
    with client.session_transaction() as s:
        secret = s["new_totp_secret"]
    post_form(client, "/account/two-factor", {"code": pyotp.TOTP(secret).at(frozen_clock.now)})
    assert db.session.get(User, user.id).two_factor_enabled
    post_form(client, "/account/two-factor/off", {"current": DEFAULT_PASSWORD}, page="/account/two-factor")
    assert not db.session.get(User, user.id).two_factor_enabled
