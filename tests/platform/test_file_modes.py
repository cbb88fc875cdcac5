"""Issue 24, point 8: the files that hold the data or its keys are readable by their owner only (0600)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from hrdap import create_app
from hrdap.extensions import db

from testconfig import make_test_config


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_sqlite_database_and_its_companions_are_owner_only(tmp_path):
    """A new SQLite database, its WAL and its shared-memory file are created 0600 (the umask would give 0644)."""
    database = tmp_path / "new.sqlite3"
    app = create_app(make_test_config(f"sqlite:///{database}"))
    with app.app_context():
        db.create_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE written (x INTEGER)")
            conn.exec_driver_sql("INSERT INTO written VALUES (1)")
        files = sorted(tmp_path.glob("new.sqlite3*"))
        modes = {p.name: _mode(p) for p in files}
        db.engine.dispose()
    print(f"\n[modes] {modes}")
    assert {"new.sqlite3", "new.sqlite3-wal", "new.sqlite3-shm"} <= set(modes)
    assert set(modes.values()) == {"0o600"}, modes


def test_an_existing_world_readable_database_is_narrowed(tmp_path):
    """A database file left 0644 by an older version is narrowed to 0600 when the app opens it."""
    database = tmp_path / "old.sqlite3"
    database.touch()
    os.chmod(database, 0o644)
    app = create_app(make_test_config(f"sqlite:///{database}"))
    with app.app_context():
        db.engine.dispose()
    assert _mode(database) == "0o600"


def test_key_files_are_created_owner_only(tmp_path, monkeypatch):
    """The demo's keys (session secret, encryption key, blind-index key) are created 0600 in an instance
    folder that is itself 0700."""
    from hrdap import _instance_secret
    from hrdap.blind_index import email_index
    from hrdap.crypto import encrypt

    instance = tmp_path / "instance"
    instance.mkdir(mode=0o700)
    _instance_secret(str(instance))
    app = create_app(make_test_config("sqlite://"))
    app.instance_path = str(instance)
    with app.app_context():
        encrypt("make the key")
        email_index("someone@example.org")
    modes = {p.name: _mode(p) for p in instance.iterdir()}
    assert set(modes) == {"secret_key", "encryption_key", "blind_index_key"}, modes
    assert set(modes.values()) == {"0o600"}, modes
    assert _mode(Path(create_app(make_test_config("sqlite://")).instance_path)) == "0o700"
