"""Migration c2e8f0a5d7b1: queued mails stored in clear are encrypted, sent bodies dropped (issue 24, point 6)."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from hrdap import create_app
from hrdap.crypto import PREFIX
from hrdap.extensions import db
from hrdap.mail.models import OutboxEmail

from testconfig import fresh_database, make_test_config

BEFORE = "b7d1e4a9c203"
LINK = "http://localhost/invitation/pending-invitation-token-0123456789abcdef"


def test_queued_mails_are_encrypted_and_sent_bodies_dropped_by_the_upgrade(database_url, tmp_path):
    """A pending invitation's mail is ciphertext after the upgrade and still found by its address; a sent
    mail loses its body; the downgrade gives the older code clear text again."""
    url, drop = fresh_database(database_url, tmp_path)
    app = create_app(make_test_config(url))
    try:
        with app.app_context():
            upgrade(revision=BEFORE)
            insert = text("INSERT INTO outbox_emails (recipient, subject, body, created_at, sent_at, attempts) "
                          "VALUES (:r, :s, :b, '2026-11-28 09:00:00', :t, 0)")
            db.session.execute(insert, {"r": "coach@example.org", "s": "Invitation", "b": f"Open {LINK}", "t": None})
            db.session.execute(insert, {"r": "old@example.org", "s": "Reset", "b": "Open http://localhost/reset/x",
                                        "t": "2026-11-28 09:05:00"})
            db.session.commit()

            upgrade()
            raw = db.session.execute(text("SELECT recipient, subject, body FROM outbox_emails ORDER BY id")).all()
            assert raw[0].recipient.startswith(PREFIX) and raw[0].body.startswith(PREFIX)
            assert raw[0].subject.startswith(PREFIX) and raw[1].body is None
            pending = db.session.scalars(db.select(OutboxEmail).where(OutboxEmail.to("Coach@Example.org"))).one()
            assert pending.body == f"Open {LINK}" and pending.recipient == "coach@example.org"
            db.session.commit()

            downgrade(revision=BEFORE)
            rows = db.session.execute(text("SELECT recipient, subject, body FROM outbox_emails ORDER BY id")).all()
            assert [tuple(r) for r in rows] == [("coach@example.org", "Invitation", f"Open {LINK}"),
                                                ("old@example.org", "Reset", "")]
            db.session.commit()
            upgrade()
            db.engine.dispose()
    finally:
        drop()
