"""Shared fixtures: the app on a fresh database (SQLite, or PostgreSQL when HRDAP_TEST_DATABASE_URL
is set), clients signed in per role, a frozen clock, and form helpers that post like a browser."""
from __future__ import annotations

import os
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hrdap import clock, create_app
from hrdap.auth.passwords import use_fast_hashing_for_tests
from hrdap.extensions import db, limiter

from testconfig import make_test_config
from factories import DEFAULT_PASSWORD, make_user, sign_in  # noqa: F401  (re-exported for tests)

use_fast_hashing_for_tests()

#: A fixed "now" used by tests that freeze the clock: a Tuesday in the 2027 call period.
FROZEN_AT = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def _server_database(base_url: str, worker: str):
    """Create a database of its own for this test process on the PostgreSQL server; yield its URL."""
    url = make_url(base_url)
    name = f"{url.database}_{worker}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    """A fresh, empty database for this run (and this xdist worker)."""
    base = os.environ.get("HRDAP_TEST_DATABASE_URL")
    if base:
        yield from _server_database(base, worker_id)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def worker_id(request):
    """The xdist worker's name ('master' without xdist)."""
    return getattr(request.config, "workerinput", {}).get("workerid", "master")


@pytest.fixture(scope="session")
def _schema(database_url):
    """Create the tables once per run (migrations are tested on their own in test_migrations.py)."""
    app = create_app(make_test_config(database_url))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return True


class DataSafeClient(FlaskClient):
    """A test client that ends the test's own database transaction around each request.

    The test reads and writes through its own app context (a sibling app on the same database), so
    requests get fresh contexts like in production; ending the test's transaction first means it holds
    no SQLite lock and reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        in_test_thread = has_app_context()  # other threads (concurrency tests) have no test context
        if in_test_thread:
            db.session.commit()
        try:
            return super().open(*args, **kwargs)
        finally:
            if in_test_thread:
                db.session.expire_all()


@pytest.fixture
def app(database_url, _schema, request):
    """The application (empty database; tables emptied after each test).

    Test code runs in the app context of a sibling app on the same database, never in the served
    app's: a pushed context would be shared by every request of the test (one ``g``, one session).
    """
    marker = request.node.get_closest_marker("config")
    overrides = marker.kwargs if marker else {}
    served = create_app(make_test_config(database_url, **overrides))
    served.test_client_class = DataSafeClient
    # The test's own side reads with deferred transactions, so it never holds SQLite's write lock
    # while a request (or a thread of a concurrency test) waits for it.
    data_side = create_app(make_test_config(database_url, HRDAP_SQLITE_IMMEDIATE=False, HRDAP_REQUEST_MEMO=False,
                                             **overrides))
    ctx = data_side.test_request_context()
    ctx.push()
    try:
        yield served
    finally:
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        if served.config.get("RATELIMIT_ENABLED", True):
            with served.app_context():
                limiter.reset()
        db.engine.dispose()
        ctx.pop()
        with served.app_context():
            db.engine.dispose()
        clock.freeze(None)


@pytest.fixture
def client(app):
    """A browser without an account."""
    return app.test_client()


class FrozenClock:
    """Controls hrdap.clock.now() in a test."""

    def __init__(self, instant: datetime):
        self.set(instant)

    def set(self, instant: datetime) -> None:
        self.now = instant
        clock.freeze(instant)

    def advance(self, **delta) -> datetime:
        self.set(self.now + timedelta(**delta))
        return self.now


@pytest.fixture
def frozen_clock(app):
    """Freeze the clock at FROZEN_AT; move it with .set() and .advance()."""
    frozen = FrozenClock(FROZEN_AT)
    yield frozen
    clock.freeze(None)


@pytest.fixture
def signed_in(app, frozen_clock):
    """Return a function giving a new client signed in as a fresh account with the given roles."""

    def make(*roles, **user_kwargs):
        user = make_user(roles=roles, **user_kwargs)
        c = app.test_client()
        sign_in(c, user)
        return c, user

    return make


@pytest.fixture
def staff_client(signed_in):
    return signed_in("staff")


@pytest.fixture
def coach_client(signed_in):
    return signed_in("coach")


@pytest.fixture
def participant_client(signed_in):
    return signed_in("participant")


@pytest.fixture
def applicant_client(signed_in):
    return signed_in("applicant")


def pytest_configure(config):
    config.addinivalue_line("markers", "config(**settings): extra app settings for this test")
    # The browser tests' end-of-run summary (weights, accessibility), printed also under pytest-xdist.
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
    import browser_report

    config.pluginmanager.register(browser_report, "hrdap-browser-report")
