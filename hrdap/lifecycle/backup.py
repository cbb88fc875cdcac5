"""Consistent backups while the app runs, and their restore.

SQLite: the online backup API copies a consistent snapshot page by page. PostgreSQL: pg_dump's custom
format, restored with pg_restore. The encryption key is never part of a backup: it lives outside the
database (HRDAP_ENCRYPTION_KEYS or instance/encryption_key) and must be kept separately.
"""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """The backup or restore could not be made; the message says why."""


def _sqlite_path(url) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(url.database)


def _pg_url(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def backup(database_url: str, target: Path, progress: Callable[[int, int], None] | None = None) -> Path:
    """Write a backup of the database to ``target`` and return it."""
    url = make_url(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        dest = sqlite3.connect(target)
        try:
            def step(status, remaining, total):
                if progress:
                    progress(total - remaining, total)
            source.backup(dest, pages=64, progress=step)
        finally:
            dest.close()
            source.close()
        return target
    if url.get_backend_name() == "postgresql":
        if not shutil.which("pg_dump"):
            raise BackupError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
        result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), _pg_url(url)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()[:300]}")
        return target
    raise BackupError(f"backups of {url.get_backend_name()} databases are not supported")


def restore(database_url: str, source: Path) -> None:
    """Replace the database's content with the backup at ``source``."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        backup_db = sqlite3.connect(source)
        live = sqlite3.connect(_sqlite_path(url))
        try:
            backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
        return
    if url.get_backend_name() == "postgresql":
        if not shutil.which("pg_restore"):
            raise BackupError("pg_restore is not installed (Debian: apt-get install postgresql-client)")
        result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                                 "--dbname", _pg_url(url), str(source)], capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()[:300]}")
        return
    raise BackupError(f"restoring {url.get_backend_name()} databases is not supported")
