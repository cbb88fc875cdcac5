"""Sign-up and email confirmation, without revealing which emails have accounts."""
from formpost import post_form
from factories import make_user, outbox_link, DEFAULT_PASSWORD

from hrdap.auth.services import find_user
from hrdap.blind_index import email_index
from hrdap.extensions import db
from hrdap.mail.models import OutboxEmail

FORM = {"email": "new.defender@example.org", "display_name": "Nadia", "password": DEFAULT_PASSWORD,
        "language": "fr", "time_zone": "Africa/Cairo"}


def _mails_to(address):
    return db.session.scalars(db.select(OutboxEmail).where(OutboxEmail.to(address))).all()


def test_new_account_is_confirmed_by_emailed_link_then_can_sign_in(client):
    """A new person signs up, confirms by the link, and signs in."""
    response = post_form(client, "/signup", FORM)
    assert response.status_code == 303 and response.headers["Location"].endswith("/signup/sent")
    link = outbox_link(FORM["email"], "/confirm/")
    page = client.get(link)
    assert page.status_code == 200 and "Confirm" in page.get_data(as_text=True)
    assert find_user(FORM["email"]).email_verified_at is None, "GET must not use the link up"
    assert post_form(client, link).status_code == 303
    assert find_user(FORM["email"]).email_verified_at is not None
    signed = post_form(client, "/signin", {"email": FORM["email"], "password": DEFAULT_PASSWORD})
    assert signed.status_code == 303
    assert client.get("/dashboard").status_code == 200


def test_taken_email_gets_the_same_answer_and_a_notice_by_mail(client, app):
    """Signing up with a taken email looks exactly like a new sign-up; the owner is told by email."""
    owner = make_user(email="taken@example.org")
    first = post_form(client, "/signup", dict(FORM, email="taken@example.org"))
    second = post_form(app.test_client(), "/signup", dict(FORM, email="free@example.org"))
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    mails = _mails_to(owner.email)
    assert len(mails) == 1 and "/reset" in mails[0].body and "/confirm/" not in mails[0].body
    assert db.session.query(type(owner)).filter_by(email_index=email_index("taken@example.org")).count() == 1


def test_signing_up_again_before_confirming_sends_a_new_link(client):
    """An unconfirmed sign-up can be repeated; the newest details win."""
    post_form(client, "/signup", FORM)
    post_form(client, "/signup", dict(FORM, display_name="Nadia B."))
    assert find_user(FORM["email"]).display_name == "Nadia B."
    assert len(_mails_to(FORM["email"])) == 2


def test_unconfirmed_account_cannot_sign_in_and_gets_a_new_link(client):
    """Signing in before confirming explains what to do and sends a new link."""
    post_form(client, "/signup", FORM)
    response = post_form(client, "/signin", {"email": FORM["email"], "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "Confirm your email address first" in response.get_data(as_text=True)
    assert len(_mails_to(FORM["email"])) == 2


def test_confirmation_link_works_once(client):
    """A confirmation link used twice is refused the second time with a clear message."""
    post_form(client, "/signup", FORM)
    link = outbox_link(FORM["email"], "/confirm/")
    assert post_form(client, link).status_code == 303
    again = client.get(link)
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)


def test_weak_and_common_passwords_are_refused_and_input_kept(client):
    """Short or common passwords are refused next to the field; the other fields keep what was typed."""
    for password, words in (("short", "at least 12"), ("password1234", "too common")):
        response = post_form(client, "/signup", dict(FORM, password=password))
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and words in html
        assert 'value="new.defender@example.org"' in html and 'value="Nadia"' in html
    assert find_user(FORM["email"]) is None


def test_unicode_password_is_kept_as_typed(client):
    """A password in another script works exactly as typed."""
    password = "كلمة سر طويلة جدا ١٢٣"
    post_form(client, "/signup", dict(FORM, password=password))
    post_form(client, outbox_link(FORM["email"], "/confirm/"))
    assert post_form(client, "/signin", {"email": FORM["email"], "password": password}).status_code == 303


def test_bad_input_gets_messages_not_errors(client):
    """Invalid email, over-long name, NUL bytes and an unknown time zone give 400 with messages."""
    cases = [
        (dict(FORM, email="not-an-email"), "valid email"),
        (dict(FORM, display_name="x" * 101), "100"),
        (dict(FORM, display_name="Nad\x00ia"), "not allowed"),
        (dict(FORM, display_name="Nad\x07ia"), "not allowed"),
        (dict(FORM, time_zone="Mars/Olympus"), "time zone"),
        (dict(FORM, language="xx"), "Not a valid choice"),
        (dict(FORM, email="a" * 250 + "@example.org"), "254"),
    ]
    for data, words in cases:
        response = post_form(client, "/signup", data)
        assert response.status_code == 400, data
        assert words in response.get_data(as_text=True), (data, words)
    assert find_user(FORM["email"]) is None
