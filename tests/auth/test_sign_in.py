"""Sign-in: no enumeration, throttling without lockout, safe redirects, fixation."""
import re

import pytest

from formpost import post_form
from factories import DEFAULT_PASSWORD, make_user, outbox_link, sign_in


def _body(response):
    """The page without its CSRF token (which differs per session)."""
    return re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))


def test_wrong_password_and_unknown_email_answer_identically(client, app):
    """A prober cannot tell a known email from an unknown one."""
    make_user(email="known@example.org")
    known = post_form(client, "/signin", {"email": "known@example.org", "password": "wrong password!!"})
    unknown = post_form(app.test_client(), "/signin", {"email": "nobody@example.org", "password": "wrong password!!"})
    assert known.status_code == unknown.status_code == 400
    assert "do not match an account" in known.get_data(as_text=True)
    assert _body(known).replace("known@example.org", "X") == _body(unknown).replace("nobody@example.org", "X")


def test_reset_request_answers_identically(client, app):
    """Asking for a reset gives the same page for known and unknown emails."""
    make_user(email="known@example.org")
    known = post_form(client, "/reset", {"email": "known@example.org"})
    unknown = post_form(app.test_client(), "/reset", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert _body(known) == _body(unknown)


def test_repeated_failures_slow_one_address_but_not_other_accounts(client, app, frozen_clock):
    """After five failures the next attempt waits, even with the right password; others still sign in."""
    victim = make_user(email="victim@example.org")
    other = make_user(email="other@example.org")
    for _ in range(5):
        assert post_form(client, "/signin", {"email": victim.email, "password": "not the password"}).status_code == 400
    refused = post_form(client, "/signin", {"email": victim.email, "password": DEFAULT_PASSWORD})
    assert refused.status_code == 429 and "Too many attempts" in refused.get_data(as_text=True)
    assert post_form(app.test_client(), "/signin", {"email": other.email, "password": DEFAULT_PASSWORD}).status_code == 303
    frozen_clock.advance(minutes=2)
    assert post_form(client, "/signin", {"email": victim.email, "password": DEFAULT_PASSWORD}).status_code == 303


def test_password_reset_lifts_the_throttle(client, app):
    """The owner can always get back in: a reset clears the failures (no lockout)."""
    victim = make_user(email="victim@example.org")
    for _ in range(6):
        post_form(client, "/signin", {"email": victim.email, "password": "not the password"})
    post_form(client, "/reset", {"email": victim.email})
    link = outbox_link(victim.email, "/reset/")
    new = "a brand new passphrase"
    assert post_form(client, link, {"password": new, "confirm": new}).status_code == 303
    assert post_form(client, "/signin", {"email": victim.email, "password": new}).status_code == 303


@pytest.mark.config(RATELIMIT_ENABLED=True, HRDAP_LOGIN_LIMIT="3 per minute")
def test_per_address_limit_answers_429(client):
    """Many sign-in posts from one address are refused with 429 and a clear page."""
    statuses = [post_form(client, "/signin", {"email": f"p{i}@example.org", "password": "x" * 12}).status_code
                for i in range(4)]
    assert statuses[:3] == [400, 400, 400] and statuses[3] == 429


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "javascript:alert(1)", "http:/evil.example"])
def test_next_parameter_never_leaves_the_site(client, target):
    """A next parameter pointing elsewhere is ignored: the person lands on their dashboard."""
    user = make_user()
    response = post_form(client, f"/signin?next={target}", {"email": user.email, "password": DEFAULT_PASSWORD,
                                                            "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/dashboard"


def test_next_parameter_to_a_local_page_is_followed(client):
    """After being sent to sign in, the person returns to the page they wanted."""
    user = make_user()
    redirect = client.get("/account/")
    assert redirect.status_code == 302 and "/signin?next=/account/" in redirect.headers["Location"]
    response = post_form(client, "/signin?next=/account/", {"email": user.email, "password": DEFAULT_PASSWORD,
                                                           "next": "/account/"})
    assert response.headers["Location"] == "/account/"


def test_new_session_id_at_sign_in(client):
    """A session id planted before sign-in is replaced (no session fixation)."""
    user = make_user()
    with client.session_transaction() as s:
        s["sid"] = "planted-by-attacker"
    sign_in(client, user)
    with client.session_transaction() as s:
        assert s["sid"] != "planted-by-attacker"


def test_disabled_account_cannot_sign_in(client):
    """A disabled account is refused like a wrong password."""
    from hrdap.auth.services import disable_account

    user = make_user()
    disable_account(user)
    response = post_form(client, "/signin", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400


def test_a_hash_with_older_parameters_still_signs_in_and_is_redone(app):
    """An account hashed with argon2-cffi's default (RFC 9106 low-memory: 64 MiB, 3 passes, before these
    parameters were chosen) signs in, and its stored hash is replaced by one in today's parameters."""
    from argon2 import PasswordHasher

    from hrdap.auth import passwords
    from hrdap.extensions import db

    user = make_user(email="older@example.org")
    user.password_hash = PasswordHasher().hash(DEFAULT_PASSWORD)
    db.session.commit()
    assert "$m=65536,t=3,p=4$" in user.password_hash and passwords.needs_rehash(user.password_hash)
    sign_in(app.test_client(), user)
    db.session.refresh(user)
    assert "$m=65536" not in user.password_hash and not passwords.needs_rehash(user.password_hash)
    assert passwords.verify_password(user.password_hash, DEFAULT_PASSWORD)


def test_production_hashes_are_argon2id_within_the_worker_memory_budget():
    """Guard on the production parameters (tests use cheap ones): Argon2id, 48 MiB, 4 passes, 4 lanes —
    memory times passes no lower than RFC 9106's low-memory option (64 MiB x 3)."""
    from argon2 import PasswordHasher, Type, extract_parameters

    from hrdap.auth.passwords import PRODUCTION_PARAMETERS

    made = extract_parameters(PasswordHasher(**PRODUCTION_PARAMETERS).hash("correct horse battery staple"))
    assert made.type is Type.ID and made.parallelism == 4
    assert made.memory_cost <= 48 * 1024 and made.memory_cost * made.time_cost >= 64 * 1024 * 3
