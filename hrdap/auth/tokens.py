"""Random secrets and their stored hashes (links, sessions, recovery codes)."""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app


def new_token(nbytes: int = 32) -> str:
    """A URL-safe random secret."""
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    """The stored form of a high-entropy secret: its SHA-256 (no salt needed at this entropy)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def keyed_hash(value: str) -> str:
    """A hash keyed with the app secret, for values of low entropy (emails, addresses) kept briefly."""
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
