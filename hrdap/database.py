"""Database engine settings and column types shared by every model."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

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


def owner_only_file(path: Path) -> None:
    """Create ``path`` readable and writable by its owner only (0600), or narrow an existing one to that."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)


def secure_sqlite_file(engine: Engine) -> None:
    """The SQLite file is created (or narrowed to) 0600 before SQLite opens it: SQLite gives its -wal, -shm
    and -journal files the database file's own mode, so none of them is readable by other users."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    owner_only_file(path)
    for companion in (Path(f"{database}-wal"), Path(f"{database}-shm"), Path(f"{database}-journal")):
        if companion.exists() and companion.stat().st_mode & 0o077:
            os.chmod(companion, 0o600)


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
    secure_sqlite_file(engine)

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
