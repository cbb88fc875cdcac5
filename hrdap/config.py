"""Settings, read from HRDAP_* environment variables.

Every setting has a safe default except the secret key: outside debug and demo the app refuses to
start without one, because a default key would let anyone forge sessions.
"""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

DEFAULT_SECRET = "change-me"


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to set."""


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"HRDAP_{name}", default)


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"HRDAP_{name} must be a whole number, not {raw!r}.") from exc


def from_environment(instance_path: str) -> dict:
    """Build the Flask config mapping from the environment."""
    sqlite_path = Path(instance_path) / "hrdap.sqlite3"
    debug = _env("DEBUG", "0") == "1"
    https = _env("HTTPS", "0") == "1"
    return {
        "SECRET_KEY": _env("SECRET_KEY"),
        "HRDAP_DEBUG": debug,
        "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL") or f"sqlite:///{sqlite_path}",
        "HRDAP_REDIS_URL": _env("REDIS_URL"),
        "RATELIMIT_STORAGE_URI": _env("REDIS_URL") or "memory://",
        "HRDAP_BASE_URL": (_env("BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
        "HRDAP_HTTPS": https,
        "HRDAP_MAIL_SERVER": _env("MAIL_SERVER"),
        "HRDAP_MAIL_PORT": _env_int("MAIL_PORT", 587),
        "HRDAP_MAIL_USERNAME": _env("MAIL_USERNAME"),
        "HRDAP_MAIL_PASSWORD": _env("MAIL_PASSWORD"),
        "HRDAP_MAIL_STARTTLS": _env("MAIL_STARTTLS", "1") == "1",
        "HRDAP_MAIL_SENDER": _env("MAIL_SENDER", "HRDAP <no-reply@localhost>"),
        "HRDAP_SESSION_IDLE_MINUTES": _env_int("SESSION_IDLE_MINUTES", 60),
        "HRDAP_SESSION_ABSOLUTE_HOURS": _env_int("SESSION_ABSOLUTE_HOURS", 12),
        "HRDAP_LOGIN_LIMIT": _env("LOGIN_LIMIT", "30 per minute"),
        "HRDAP_COURSES_PATH": _env("COURSES_PATH"),
        "HRDAP_ENCRYPTION_KEYS": _env("ENCRYPTION_KEYS"),
        "HRDAP_BLIND_INDEX_KEYS": _env("BLIND_INDEX_KEYS"),
        "HRDAP_BACKUP_RECIPIENTS": _env("BACKUP_RECIPIENTS"),
        "HRDAP_BACKUP_DIR": _env("BACKUP_DIR"),
        "HRDAP_BACKUP_KEEP_DAYS": _env_int("BACKUP_KEEP_DAYS", 30),
        "SESSION_COOKIE_NAME": "__Host-hrdap" if https else "hrdap",
        "SESSION_COOKIE_SECURE": https,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 12)),
        # The cookie is set when it changes (sign-in, a flash message), not re-signed on every page: its
        # life is the session's absolute limit anyway, and each response is a header lighter.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "WTF_CSRF_TIME_LIMIT": None,  # the session's own timeouts bound the token's life
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
    }


def check(config: dict) -> None:
    """Refuse settings that are unsafe outside debug and demo mode."""
    if config.get("HRDAP_DEBUG") or config.get("HRDAP_DEMO") or config.get("TESTING"):
        return
    key = config.get("SECRET_KEY")
    if not key or key == DEFAULT_SECRET or len(key) < 32:
        raise ConfigError(
            "HRDAP_SECRET_KEY is missing, a default, or shorter than 32 characters. "
            "Set it to a long random value, e.g. the output of: "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
