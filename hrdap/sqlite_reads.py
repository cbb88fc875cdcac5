"""On SQLite, pages that only read do not take the write lock; the rare read that writes is run again.

Every transaction used to begin IMMEDIATE, so each page held SQLite's single write lock from its first
query to its end and the web workers took turns even to read (benchmarks: one core of two busy).
GET and HEAD requests now begin deferred: they read side by side with any writer. Some of them do
write (a session's last-seen time, an audit entry, a quiz past its time limit); if another worker
committed since such a request started reading, SQLite refuses the upgrade to a write transaction
at once (SQLITE_BUSY, without waiting). That request is then run again from the start with
IMMEDIATE transactions, which queue for the lock and cannot be refused. Nothing was written by the
refused attempt, and GET handlers do nothing outside the database that a second run would repeat.
Other methods always begin IMMEDIATE (DESIGN.md: writers queue instead of losing updates).
"""
from __future__ import annotations

import logging
import sqlite3

from flask import Flask, Response, has_request_context, request
from sqlalchemy.exc import OperationalError

from hrdap import errors
from hrdap.extensions import db

READ_METHODS = frozenset({"GET", "HEAD"})
WRITE_FIRST = "hrdap.sqlite_write_first"   # environ key: this run begins IMMEDIATE
RUN_AGAIN = "hrdap.sqlite_run_again"       # environ key: the deferred run was refused a write
SQLITE_BUSY = 5                            # primary result code; BUSY_SNAPSHOT is 517 (5 | 2 << 8)

log = logging.getLogger(__name__)


def begin_statement() -> str:
    """How this request's next transaction begins."""
    if has_request_context() and request.method in READ_METHODS and not request.environ.get(WRITE_FIRST):
        return "BEGIN"
    return "BEGIN IMMEDIATE"


def _refused_upgrade(err: OperationalError) -> bool:
    orig = err.orig
    return isinstance(orig, sqlite3.OperationalError) and (getattr(orig, "sqlite_errorcode", 0) & 0xFF) == SQLITE_BUSY


class RunReadsAgainOnConflict:
    """WSGI wrapper: a read request refused a write is answered by a second, write-first run."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") not in READ_METHODS:
            return self.wsgi_app(environ, start_response)
        held: list = []

        def hold(status, headers, exc_info=None):
            held[:] = [status, headers, exc_info]
            return lambda _data: None  # Flask never uses write()

        body = self.wsgi_app(environ, hold)
        if not environ.pop(RUN_AGAIN, False):
            start_response(*held)
            return body
        if hasattr(body, "close"):
            body.close()
        environ[WRITE_FIRST] = True
        return self.wsgi_app(environ, start_response)


def _on_operational_error(err: OperationalError):
    if request.method in READ_METHODS and not request.environ.get(WRITE_FIRST) and _refused_upgrade(err):
        db.session.rollback()
        log.info("%s %s: another worker wrote first; running it again, writing first", request.method, request.path)
        request.environ[RUN_AGAIN] = True
        return Response(status=503)  # never sent: the wrapper runs the request again
    return errors.unexpected(err)  # any other database error: the usual 500 page and type-only log


def init_app(app: Flask) -> None:
    """Install the second run (SQLite with IMMEDIATE writers only)."""
    app.register_error_handler(OperationalError, _on_operational_error)
    app.wsgi_app = RunReadsAgainOnConflict(app.wsgi_app)
