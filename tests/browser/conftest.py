"""Real-browser tests: the app served on 127.0.0.1 (a fresh database of its own, the real course synced),
Debian's Chromium driven by Playwright, one context per person, with and without JavaScript.

Data is set up through the app's own services (accounts, a call, a cohort); everything under test is
done through pages, labels and buttons. After each test, the requests, CSP reports, fonts, script
errors and serious accessibility violations of every person's browser are checked; at the end of the
run the weights and axe-core results are printed (and written to screenshots/reports/).
"""
from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
COURSE = Path(__file__).resolve().parent.parent.parent / "courses" / "hrdap"
REPORTS = Path(__file__).resolve().parent.parent.parent / "screenshots" / "reports"


def pytest_collection_modifyitems(config, items):
    """Keep every browser test in one xdist worker (one browser, one server, one course sync)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.xdist_group("browser"))
            item.add_marker(pytest.mark.browser)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: a real-browser test (Chromium via Playwright)")


@pytest.fixture(scope="session")
def browser_database_url(tmp_path_factory, worker_id):
    """A database for the served app alone: a SQLite file, or a new database on the PostgreSQL server."""
    base = os.environ.get("HRDAP_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('browserdb') / 'browser.sqlite3'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base)
    name = f"{url.database}_browser_{worker_id}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _quiet_handler():
    from werkzeug.serving import WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            """Requests are not logged (the browser's recorder has them)."""

    return Quiet


class LiveApp:
    """The app served on 127.0.0.1, and a sibling app whose context the test uses for its data."""

    def __init__(self, served, data_side, server, content_tables):
        self.served = served
        self.data_side = data_side
        self.server = server
        self.origin = f"http://127.0.0.1:{server.server_port}"
        self.content_tables = content_tables


@pytest.fixture(scope="session")
def live_app(browser_database_url):
    """Create the tables, sync the real course, and serve the app from a thread."""
    from sqlalchemy import func, select
    from werkzeug.serving import make_server
    _QuietHandler = _quiet_handler()

    from hrdap import create_app
    from hrdap.extensions import db
    from hrdap.learning.sync import sync_course
    from testconfig import make_test_config

    served = create_app(make_test_config(browser_database_url))
    data_side = create_app(make_test_config(browser_database_url, HRDAP_SQLITE_IMMEDIATE=False))
    with data_side.app_context():
        db.create_all()
        sync_course(COURSE)
        db.session.commit()
        content = {t.name for t in db.metadata.sorted_tables
                   if db.session.scalar(select(func.count()).select_from(t))}
        db.session.remove()
    server = make_server("127.0.0.1", 0, served, threaded=True, request_handler=_QuietHandler)
    live = LiveApp(served, data_side, server, content)
    served.config["HRDAP_BASE_URL"] = live.origin
    thread = threading.Thread(target=server.serve_forever, name="hrdap-live-server", daemon=True)
    thread.start()
    yield live
    server.shutdown()
    thread.join(10)
    for app in (served, data_side):
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def live(live_app):
    """The served app, with the test's data context pushed; everything but the course is emptied after."""
    from hrdap import clock
    from hrdap.extensions import db

    ctx = live_app.data_side.test_request_context()
    ctx.push()
    try:
        yield live_app
    finally:
        clock.freeze(None)
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in live_app.content_tables:
                    conn.execute(table.delete())
        ctx.pop()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, driven by Playwright (one browser for the run)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def findings(worker_id, pytestconfig):
    """What this process measured: printed at the end of the run, and written to screenshots/reports/
    (under pytest-xdist, workers' output is not shown: read the files)."""
    from browser_audit import Findings

    collected = Findings()
    pytestconfig._browser_findings = collected
    yield collected
    collected.write(REPORTS / f"browser-{worker_id}.json")


@pytest.fixture(scope="session")
def audit_page(chromium):
    """A JavaScript-enabled page where axe-core checks the pages seen without JavaScript."""
    context = chromium.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def open_browser(request, live, chromium, findings, audit_page):
    """Return a function opening a new person's browser: ``open_browser(js=True, tour=True, axe=True)``
    (``tour``: see each new kind of page in French and Spanish too; ``axe``: check it with axe-core)."""
    from browser_person import Person

    people = []
    contexts = []

    def make(js: bool = True, tour: bool = True, axe: bool = True, **context_options):
        context = chromium.new_context(java_script_enabled=js, locale="en-GB", **context_options)
        contexts.append(context)
        person = Person(context, live.origin, findings, audit_page, js=js, tour=tour, axe=axe)
        people.append(person)
        return person

    request.node._browser_people = people
    yield make
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a browser test's own steps: no other origin, no CSP violation, no font, no script error,
    no serious or critical accessibility violation on any page it visited."""
    result = yield
    problems = []
    for person in getattr(item, "_browser_people", []):
        problems += person.recorder.problems() + person.findings_here
    if problems:
        raise AssertionError("The browser saw:\n  " + "\n  ".join(problems))
    return result
