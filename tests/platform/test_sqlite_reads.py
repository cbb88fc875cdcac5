"""On SQLite, pages read beside a writer, and a page that writes after another worker's write is run again."""
import sqlite3

import pytest
from flask import request
from sqlalchemy import text
from sqlalchemy.engine import make_url

from factories import make_user, sign_in

from hrdap.auth.models import User
from hrdap.extensions import db
from hrdap.security import public
from hrdap.sqlite_reads import WRITE_FIRST


@pytest.fixture
def sqlite_path(app, database_url):
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip("SQLite's write lock")
    return make_url(database_url).database


def test_a_page_reads_while_another_worker_holds_the_write_lock(app, sqlite_path):
    """The dashboard answers while a draft save (another connection) holds SQLite's write lock."""
    user = make_user(name="Amal Reader")
    client = app.test_client()
    sign_in(client, user)
    writer = sqlite3.connect(sqlite_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        response = client.get("/dashboard")  # before, it waited for the lock (30 s), then failed with a 500
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert response.status_code == 200
    assert "Amal Reader" in response.get_data(as_text=True)


def test_a_read_that_writes_after_another_write_is_run_again_and_saved(app, sqlite_path, caplog):
    """SQLite refuses the stale write; the page runs again, writing first, and its write is kept."""
    user = make_user(name="Before")
    runs = []

    @app.get("/_test/rename")
    @public
    def rename():
        runs.append(bool(request.environ.get(WRITE_FIRST)))
        person = db.session.get(User, user.id)  # the read that starts this run's snapshot
        if len(runs) == 1:  # meanwhile another worker writes
            other = sqlite3.connect(sqlite_path, isolation_level=None)
            other.execute("UPDATE users SET language = 'fr' WHERE id = ?", (user.id,))
            other.close()
        person.display_name = f"{person.display_name} renamed"
        db.session.commit()
        return "renamed"

    caplog.set_level("INFO", logger="hrdap.sqlite_reads")
    response = app.test_client().get("/_test/rename")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "renamed")
    assert runs == [False, True]  # deferred first, then write-first
    assert "GET /_test/rename: another worker wrote first" in caplog.text  # operators can see contention
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert (stored.display_name, stored.language) == ("Before renamed", "fr")


def test_a_page_that_writes_without_conflict_runs_once(app, sqlite_path):
    """No second run when nobody wrote in between."""
    runs, user_id = [], make_user(name="Solo").id

    @app.get("/_test/write")
    @public
    def write():
        runs.append(1)
        db.session.get(User, user_id).display_name = "Solo saved"
        db.session.commit()
        return "ok"

    assert app.test_client().get("/_test/write").status_code == 200
    assert runs == [1]
    assert "Solo saved" in db.session.scalars(db.select(User.display_name)).all()


@pytest.mark.config(HRDAP_TEST_ERROR_PAGES=True)
def test_another_database_error_on_a_read_gets_the_usual_500_page_and_a_type_only_log(app, caplog):
    """Only a refused write is run again; any other database error is the plain 500 page, and the log
    holds no SQL text or parameters (they may carry what a person typed)."""
    @app.get("/_test/broken")
    @public
    def broken():
        db.session.execute(text("SELECT * FROM no_such_table WHERE note = :note"), {"note": "canary-8f3a"})
        return "unreachable"

    caplog.set_level("INFO")
    response = app.test_client().get("/_test/broken")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert "canary-8f3a" not in caplog.text and "no_such_table" not in caplog.text
    assert "unhandled" in caplog.text
