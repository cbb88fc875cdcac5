"""Database engine settings and column types shared by every model."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

from hrdap.sqlite_reads import begin_statement


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime on both databases (SQLite would otherwise return naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; use hrdap.clock.now()")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def configure_sqlite(engine: Engine, immediate: bool = True) -> None:
    """WAL, foreign keys, a busy timeout, and writers that queue instead of losing updates.

    Python's sqlite3 driver opens transactions lazily (on the first write), so two requests can both
    read a counter and both write it back. Switching the driver's own handling off and beginning every
    transaction with BEGIN IMMEDIATE makes concurrent writers wait for each other (DESIGN.md). Pages
    that only read begin deferred instead (hrdap.sqlite_reads).
    """
    if engine.dialect.name != "sqlite" or getattr(engine, "_hrdap_configured", False):
        return
    engine._hrdap_configured = True  # type: ignore[attr-defined]

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if ":memory:" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # Deferred for the tests' read-mostly side; else IMMEDIATE, but deferred for a page that reads.
        connection.exec_driver_sql(begin_statement() if immediate else "BEGIN")
