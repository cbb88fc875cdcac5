"""Keyed hashes ("blind indexes") for finding encrypted values that must be looked up exactly: an
account by its email, the mails queued for an address.

Encrypted values cannot be compared in SQL (each encryption is different), so beside such a column sits
``HMAC-SHA256(key, purpose + ":" + normalised value)``, unique and indexed: a sign-in stays one indexed
look-up. Without the key the hash tells nothing (an address cannot be tried against it), so the key is
kept like the encryption keys, outside the database: ``HRDAP_BLIND_INDEX_KEYS`` (comma-separated, newest
first) or, for development, the demo and the tests, ``instance/blind_index_key``. Several keys allow
rotation: the first is written, all are looked up, and ``hrdap keys reindex`` rewrites every hash under
the first key (SECURITY.md, "Key rotation").
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from flask import current_app, has_app_context


class IndexKeyError(RuntimeError):
    """No usable blind-index key."""


def _keys_from_config() -> list[bytes]:
    config = current_app.config
    raw = config.get("HRDAP_BLIND_INDEX_KEYS")
    if raw:
        keys = [k.strip().encode() for k in raw.split(",") if k.strip()]
        if any(len(k) < 32 for k in keys):
            raise IndexKeyError("each key of HRDAP_BLIND_INDEX_KEYS must have at least 32 characters")
        return keys
    path = Path(current_app.instance_path) / "blind_index_key"
    if not path.exists():
        if not (config.get("HRDAP_DEBUG") or config.get("HRDAP_DEMO") or config.get("TESTING")):
            raise IndexKeyError("HRDAP_BLIND_INDEX_KEYS is not set. Generate a key with: hrdap keys generate")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
    return [path.read_bytes().strip()]


def _keys() -> list[bytes]:
    if not has_app_context():
        raise IndexKeyError("a blind index needs an application context")
    cache = current_app.extensions.setdefault("hrdap_crypto", {})
    if "index_keys" not in cache:
        cache["index_keys"] = _keys_from_config()
    return cache["index_keys"]


def _digest(key: bytes, purpose: str, value: str) -> str:
    return hmac.new(key, f"{purpose}:{value}".encode("utf-8"), hashlib.sha256).hexdigest()


def normalise_email(email: str) -> str:
    """The form of an email that is stored, compared and hashed."""
    return email.strip().lower()


def email_index(email: str) -> str:
    """The stored hash of an email address, under the newest key."""
    return _digest(_keys()[0], "email", normalise_email(email))


def email_indexes(email: str) -> list[str]:
    """The hashes of an email under every configured key (for look-ups during a rotation)."""
    value = normalise_email(email)
    return [_digest(key, "email", value) for key in _keys()]
