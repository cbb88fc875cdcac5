"""What a thief copies: the raw database (the SQLite file with its companions, or a ``pg_dump``)."""
from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from hrdap.extensions import db

PG_DUMP = "/usr/bin/pg_dump"


def sqlite_files(database_url: str) -> dict[str, bytes]:
    """The SQLite file and its companions (-wal, -shm, -journal), as raw bytes."""
    path = Path(make_url(database_url).database)
    return {str(p): p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}


def sqlite_checkpoint(app, database_url: str) -> None:
    """Close every connection and fold the WAL into the main file (what a copy of the file holds)."""
    db.session.commit()
    db.session.close()
    with app.app_context():
        db.engine.dispose()
    db.engine.dispose()
    conn = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    assert busy == 0, "the WAL could not be checkpointed: a connection is still open"


def pg_dump(database_url: str) -> bytes:
    """A plain-text dump of the test database."""
    url = make_url(database_url)
    env = {"PGPASSWORD": url.password} if url.password else {}
    result = subprocess.run([PG_DUMP, "--no-password", "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
                             "-U", url.username or "postgres", "-d", url.database],
                            capture_output=True, timeout=120, env={"PATH": "/usr/bin:/bin", **env})
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout


def raw_copy(app, database_url: str) -> bytes:
    """Everything a copy of the database holds, as one byte string (committed data included)."""
    db.session.commit()
    if make_url(database_url).get_backend_name() == "sqlite":
        before = b"".join(sqlite_files(database_url).values())
        sqlite_checkpoint(app, database_url)
        return before + b"".join(sqlite_files(database_url).values())
    return pg_dump(database_url)
