"""Issue 24, point 8: a stolen database does not tell who applied.

A defender signs up through the pages (a distinctive address, name and time zone), confirms, applies
(gender and working languages) and joins the peer directory (themes and languages). A thief with a raw
copy of the database looks for the address and the name (as typed, lower-cased, upper-cased) and reads
the columns that held them in clear: none holds anything but ciphertext. The person still signs in with
their address typed in any case, through one indexed look-up.
"""
from __future__ import annotations

import sys
import uuid
from pathlib import Path

from sqlalchemy import event, text

from factories import DEFAULT_PASSWORD, make_cohort, outbox_link
from formpost import post_form

from hrdap.auth.models import Role, User
from hrdap.auth.services import find_user
from hrdap.cohorts.models import Enrolment
from hrdap.crypto import PREFIX
from hrdap.extensions import db

from database_copy import raw_copy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "applications"))
from application_helpers import STEP_DATA, make_call  # noqa: E402

#: Every column that held a person's identity in clear before issue 24 (the full list: SECURITY.md).
IDENTITY_COLUMNS = [("users", "email"), ("users", "display_name"), ("users", "time_zone"),
                    ("user_sessions", "user_agent"), ("applications", "gender"), ("applications", "languages"),
                    ("peer_profiles", "themes"), ("peer_profiles", "languages"),
                    ("outbox_emails", "recipient")]


def _sign_up_and_apply(app, client, email: str, name: str) -> None:
    response = post_form(client, "/signup", {"email": email, "display_name": name, "password": DEFAULT_PASSWORD,
                                             "language": "en", "time_zone": "Asia/Tehran"})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert post_form(client, outbox_link(email, "/confirm/")).status_code == 303
    signed = post_form(client, "/signin", {"email": email.upper(), "password": DEFAULT_PASSWORD},
                       headers={"User-Agent": "DistinctiveBrowser/7.1"})
    assert signed.status_code == 303, "the person signs in with their address typed in capitals"
    call = make_call()
    response = post_form(client, f"/calls/{call.id}/apply")
    application_id = int(response.headers["Location"].split("/applications/")[1].split("/")[0])
    response = post_form(client, f"/applications/{application_id}/steps/identity",
                         dict(STEP_DATA["identity"], go="save"))
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def _join_peer_directory(client, user_id: int) -> None:
    cohort = make_cohort()
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=user_id))
    db.session.get(User, user_id).add_role(Role.PARTICIPANT)
    db.session.commit()
    response = post_form(client, f"/peers/{cohort.id}/me",
                         {"shown_name": "Condor", "country": "CO", "themes": ["indigenous", "climate"],
                          "languages": ["es", "en"]}, page=f"/peers/{cohort.id}/")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def test_a_stolen_database_does_not_tell_who_applied(app, client, database_url, frozen_clock):
    """The address, name and browser are nowhere in the raw copy; every identity column is ciphertext."""
    marker = uuid.uuid4().hex[:12]
    email, name = f"Defender.{marker}@Example.org", f"Nadia {marker} Haddad"
    _sign_up_and_apply(app, client, email, name)
    user_id = find_user(email).id
    _join_peer_directory(client, user_id)

    not_ciphertext = {}
    for table, column in IDENTITY_COLUMNS:
        values = db.session.execute(text(f'SELECT "{column}" FROM "{table}"')).scalars().all()
        assert values, f"no row in {table}: the test did not store what it checks"
        bad = [v for v in values if v is not None and not str(v).startswith(PREFIX)]
        if bad:
            not_ciphertext[f"{table}.{column}"] = bad[:2]
    copy = raw_copy(app, database_url).lower()
    found = [needle for needle in (marker, "distinctivebrowser", "asia/tehran") if needle.encode() in copy]
    print(f"\n[identity] {db.engine.dialect.name}: {len(copy):,} bytes searched; clear columns: "
          f"{sorted(not_ciphertext) or 'none'}; found in the copy: {found or 'nothing'}")
    assert not_ciphertext == {}, f"identity stored in clear: {not_ciphertext}"
    assert found == [], f"the raw copy holds {found}"


def test_sign_in_finds_the_account_in_one_indexed_look_up(app):
    """find_user runs one SELECT on the users table, by its blind index, which the database answers from
    an index (SQLite's query plan; PostgreSQL's plan with sequential scans off, as on a large table)."""
    from factories import make_user

    make_user(email="Look.Up@example.org")
    statements = []

    def remember(_conn, _cursor, statement, _params, _context, _many):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        user = find_user("  look.up@EXAMPLE.org ")
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert user is not None and user.email == "look.up@example.org"
    users_selects = [s for s in statements if "FROM users" in s]
    assert len(users_selects) == 1 and "email_index" in users_selects[0], statements
    if engine.dialect.name == "sqlite":
        plan = db.session.execute(text("EXPLAIN QUERY PLAN SELECT id FROM users WHERE email_index IN ('a', 'b')")).all()
        assert any("USING" in str(row) and "INDEX" in str(row) for row in plan), plan
    else:
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = db.session.execute(text("EXPLAIN SELECT id FROM users WHERE email_index IN ('a', 'b')")).scalars().all()
        assert any("Index" in line for line in plan), plan
    db.session.rollback()
