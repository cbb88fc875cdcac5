"""Issue 24, point 6: a copy of the database does not let anyone claim a pending invitation or reset.

Staff invite a coach and an applicant asks for a password reset, through the pages, so live single-use
links are mailed. The thief takes a raw copy of the database (the SQLite file, or a ``pg_dump``) and
tries, as a stranger's browser, every link-like text in it and every stored hash as a token, on the
invitation, reset and confirmation pages. None may open; the thief's password never works. The real
links (read from the outbox through the app, with the key) still open: the mails were live.
"""
from __future__ import annotations

import re

from sqlalchemy import text

from factories import make_user, outbox_link
from formpost import post_form

from hrdap.crypto import PREFIX
from hrdap.extensions import db
from hrdap.mail.models import OutboxEmail
from hrdap.mail.services import deliver_pending, queue

from database_copy import raw_copy

THIEF_PASSWORD = "the thief's own long password"
CLAIM_PAGES = ("/invitation/", "/reset/", "/confirm/")
#: A link's token in a mail (``secrets.token_urlsafe(32)``: 43 characters), or a stored SHA-256 hex.
TOKEN_LIKE = re.compile(rb"(?:invitation|reset|confirm)/([A-Za-z0-9_-]{20,})|\b([0-9a-f]{64})\b")


def _candidates(copy: bytes) -> set[str]:
    found = set()
    for link_token, hex_hash in TOKEN_LIKE.findall(copy):
        found.add((link_token or hex_hash).decode())
    return found


def test_a_database_copy_cannot_claim_a_pending_invitation_or_reset(app, client, signed_in, database_url):
    """Every token-like text of the copy is tried on every claim page: none opens, nothing is claimed."""
    staff, _staff_user = signed_in("staff")
    response = post_form(staff, "/people/", {"email": "new.coach@example.org", "name": "New Coach",
                                             "role": "coach"})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    make_user(email="victim@example.org")
    assert post_form(client, "/reset", {"email": "victim@example.org"}).status_code == 200

    copy = raw_copy(app, database_url)
    candidates = _candidates(copy)
    thief = app.test_client()
    opened = []
    for token in sorted(candidates):
        for page in CLAIM_PAGES:
            answer = thief.get(page + token)
            if answer.status_code == 200:
                opened.append(page + token)
                post_form(thief, page + token, {"display_name": "Thief", "password": THIEF_PASSWORD,
                                                "confirm": THIEF_PASSWORD})
    for email in ("new.coach@example.org", "victim@example.org"):
        refused = post_form(app.test_client(), "/signin", {"email": email, "password": THIEF_PASSWORD})
        assert refused.status_code != 303, f"the thief signed in as {email}"
    print(f"\n[copy] {db.engine.dialect.name}: {len(copy):,} bytes copied, {len(candidates)} token-like texts "
          f"tried on {len(CLAIM_PAGES)} pages, {len(opened)} opened")
    assert opened == [], f"a database copy opened {opened}"

    # The mails held live links: the invited coach's own link opens.
    assert app.test_client().get(outbox_link("new.coach@example.org", "/invitation/")).status_code == 200
    assert app.test_client().get(outbox_link("victim@example.org", "/reset/")).status_code == 200


def test_mail_bodies_are_ciphertext_and_blanked_once_sent(app):
    """A queued mail's recipient, subject and body are stored encrypted; once sent, the body is gone."""
    with app.test_request_context():
        queue("someone@example.org", "reset_password", url="http://localhost/reset/live-token-0123456789")
        db.session.commit()
    raw = db.session.execute(text("SELECT recipient, subject, body FROM outbox_emails")).one()
    assert all(value.startswith(PREFIX) for value in raw), raw
    assert "live-token" not in raw.body and "someone@" not in raw.recipient
    assert deliver_pending() == 1
    mail = db.session.scalar(db.select(OutboxEmail))
    assert mail.sent_at is not None and mail.body is None
    assert db.session.execute(text("SELECT body FROM outbox_emails")).scalar_one() is None
