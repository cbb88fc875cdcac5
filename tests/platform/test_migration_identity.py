"""Migration d4a7b9c1e5f3: names, addresses and identifying choices already stored are encrypted
(issue 24, point 8); the downgrade gives the older code its clear values back."""
from __future__ import annotations

import json

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from hrdap import create_app
from hrdap.applications.models import Application
from hrdap.auth.models import User, UserSession
from hrdap.auth.services import find_user
from hrdap.crypto import PREFIX, encrypt
from hrdap.extensions import db
from hrdap.peers.models import PeerProfile

from testconfig import fresh_database, make_test_config

BEFORE = "c2e8f0a5d7b1"
NOW = "2026-11-28 09:00:00"


def _insert(sql: str, **values) -> int:
    return db.session.execute(text(sql + " RETURNING id"), values).scalar_one()


def _old_rows() -> dict[str, int]:
    """An account with a session, an application and a peer entry, as the older code stored them."""
    user = _insert("INSERT INTO users (email, display_name, password_hash, language, time_zone, created_at, "
                   "totp_last_step) VALUES ('nadia@example.org', 'Nadia Haddad', 'x', 'en', 'Asia/Tehran', :t, 0)",
                   t=NOW)
    session = _insert("INSERT INTO user_sessions (user_id, token_hash, created_at, last_seen_at, user_agent) "
                      "VALUES (:u, 'h', :t, :t, 'Firefox/128')", u=user, t=NOW)
    call = _insert("INSERT INTO calls (name, reference_prefix, description, eligibility, offer, opens_at, closes_at, "
                   "capacity, last_number, programme_pdf_name, created_at) VALUES ('C', 'C27', '', '', '', :t, :t, 16, "
                   "0, '', :t)", t=NOW)
    application = _insert("INSERT INTO applications (call_id, applicant_id, status, answers, gender, languages, "
                          "created_at, updated_at) VALUES (:c, :u, 'draft', :a, 'woman', 'ar,fa', :t, :t)",
                          c=call, u=user, a=encrypt("{}"), t=NOW)
    course = _insert("INSERT INTO courses (slug, title, description, weeks, geneva_weeks, future_weeks, week_titles, "
                     "open_to_all, synced_at) VALUES ('c', '{}', '{}', 10, '[]', 'hide', '{}', false, :t)", t=NOW)
    cohort = _insert("INSERT INTO cohorts (course_id, name, starts_on, weeks, capacity, hrc_session, created_at) "
                     "VALUES (:c, 'A', '2027-01-11', 10, 16, '', :t)", c=course, t=NOW)
    peer = _insert("INSERT INTO peer_profiles (cohort_id, user_id, shown_name, country, themes, languages, "
                   "opted_in_at, updated_at) VALUES (:c, :u, :n, :k, :th, :la, :t, :t)", c=cohort, u=user,
                   n=encrypt("Condor"), k=encrypt("IR"), th=json.dumps(["women", "lgbti"]), la=json.dumps(["fa"]), t=NOW)
    db.session.commit()
    return {"user": user, "session": session, "application": application, "peer": peer}


def _as_list(value) -> list:
    """A JSON column's value (PostgreSQL gives a list, SQLite the text)."""
    return value if isinstance(value, list) else json.loads(value)


def _raw(sql: str, **values):
    return db.session.execute(text(sql), values).one()


def test_identity_columns_are_encrypted_by_the_upgrade_and_decrypted_by_the_downgrade(database_url, tmp_path):
    """After the upgrade every converted value is ciphertext, reads back the same, and the address is found
    by its blind index; the downgrade restores the clear values; the session and the rows that refer to
    the account survive the table rebuilds (SQLite)."""
    url, drop = fresh_database(database_url, tmp_path)
    app = create_app(make_test_config(url))
    try:
        with app.app_context():
            upgrade(revision=BEFORE)
            ids = _old_rows()

            upgrade()
            raw = _raw("SELECT email, email_index, display_name, time_zone FROM users WHERE id = :i", i=ids["user"])
            assert all(v.startswith(PREFIX) for v in (raw.email, raw.display_name, raw.time_zone))
            assert len(raw.email_index) == 64
            assert _raw("SELECT user_agent FROM user_sessions").user_agent.startswith(PREFIX)
            gender, languages = _raw("SELECT gender, languages FROM applications")
            themes, peer_languages = _raw("SELECT themes, languages FROM peer_profiles")
            assert all(str(v).startswith(PREFIX) for v in (gender, languages, themes, peer_languages))
            user = find_user("Nadia@Example.org")
            assert (user.id, user.display_name, user.time_zone) == (ids["user"], "Nadia Haddad", "Asia/Tehran")
            assert db.session.get(UserSession, ids["session"]).user_agent == "Firefox/128"
            application = db.session.get(Application, ids["application"])
            assert (application.gender, application.languages) == ("woman", "ar,fa")
            peer = db.session.get(PeerProfile, ids["peer"])
            assert (peer.themes, peer.languages) == (["women", "lgbti"], ["fa"])
            assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1
            db.session.commit()

            downgrade(revision=BEFORE)
            raw = _raw("SELECT email, display_name, time_zone FROM users")
            assert tuple(raw) == ("nadia@example.org", "Nadia Haddad", "Asia/Tehran")
            assert _raw("SELECT user_agent FROM user_sessions").user_agent == "Firefox/128"
            assert tuple(_raw("SELECT gender, languages FROM applications")) == ("woman", "ar,fa")
            themes, peer_languages = _raw("SELECT themes, languages FROM peer_profiles")
            assert (_as_list(themes), _as_list(peer_languages)) == (["women", "lgbti"], ["fa"])
            db.session.commit()
            upgrade()
            db.engine.dispose()
    finally:
        drop()
