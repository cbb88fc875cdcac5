"""Configuration: unsafe settings stop the app with a clear message."""
import pytest

from hrdap import create_app
from hrdap.config import ConfigError


@pytest.mark.parametrize("key", [None, "change-me", "short"])
def test_production_refuses_missing_or_weak_secret(monkeypatch, tmp_path, key):
    """Outside debug/demo, a missing or weak secret key refuses to start and says what to set."""
    monkeypatch.delenv("HRDAP_DEBUG", raising=False)
    if key is None:
        monkeypatch.delenv("HRDAP_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("HRDAP_SECRET_KEY", key)
    monkeypatch.setenv("HRDAP_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    with pytest.raises(ConfigError, match="HRDAP_SECRET_KEY"):
        create_app()


def test_demo_generates_a_key_into_instance(monkeypatch, tmp_path):
    """Demo mode starts without a key and keeps a generated one."""
    monkeypatch.delenv("HRDAP_SECRET_KEY", raising=False)
    monkeypatch.setenv("HRDAP_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    app = create_app({"HRDAP_DEMO": True})
    assert len(app.config["SECRET_KEY"]) >= 32


def test_sqlite_is_set_up_for_concurrent_writers(app):
    """On SQLite: WAL, foreign keys and a busy timeout are on."""
    from hrdap.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
