"""Encryption at rest for sensitive fields (application answers, plans, feedback).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under keys kept outside the database:
``HRDAP_ENCRYPTION_KEYS`` (comma-separated, newest first) or, for development and the demo, a key
file in ``instance/``. Several keys allow rotation: the first encrypts, all decrypt, and
``hrdap keys rotate`` re-encrypts every row under the first key.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app, has_app_context
from sqlalchemy import Text
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator

PREFIX = "enc1:"  # marks an encrypted value; anything without it is refused on read


class KeyError_(RuntimeError):
    """No usable encryption key, or a value that no key opens."""


def _keys_from_config() -> list[bytes]:
    config = current_app.config
    raw = config.get("HRDAP_ENCRYPTION_KEYS")
    if raw:
        return [k.strip().encode() for k in raw.split(",") if k.strip()]
    path = Path(current_app.instance_path) / "encryption_key"
    if not path.exists():
        if not (config.get("HRDAP_DEBUG") or config.get("HRDAP_DEMO") or config.get("TESTING")):
            raise KeyError_("HRDAP_ENCRYPTION_KEYS is not set. Generate a key with: "
                            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # 0600 from the start
        with os.fdopen(fd, "wb") as handle:
            handle.write(Fernet.generate_key())
    return [path.read_bytes().strip()]


def _fernet() -> MultiFernet:
    if not has_app_context():
        raise KeyError_("encryption needs an application context")
    cache = current_app.extensions.setdefault("hrdap_crypto", {})
    if "fernet" not in cache:
        keys = _keys_from_config()
        try:
            cache["fernet"] = MultiFernet([Fernet(k) for k in keys])
        except ValueError as exc:
            raise KeyError_("HRDAP_ENCRYPTION_KEYS holds a value that is not a Fernet key") from exc
    return cache["fernet"]


def encrypt(plain: str) -> str:
    """Encrypt a text for storage."""
    return PREFIX + _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    """Decrypt a stored text."""
    if not stored.startswith(PREFIX):
        raise KeyError_("a sensitive value is stored unencrypted")
    try:
        return _fernet().decrypt(stored[len(PREFIX):].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise KeyError_("no configured key opens this value (was a key removed too early?)") from exc


def rotate(stored: str) -> str:
    """Re-encrypt a stored text under the newest key."""
    return PREFIX + _fernet().rotate(stored[len(PREFIX):].encode("ascii")).decode("ascii")


#: Comparisons that SQL cannot make on ciphertext: each encryption differs, so they would silently match
#: nothing (or everything). Look values up through a blind index (hrdap/blind_index.py) instead.
_MEANINGLESS = {operators.eq, operators.ne, operators.lt, operators.le, operators.gt, operators.ge,
                operators.like_op, operators.ilike_op, operators.not_like_op, operators.not_ilike_op,
                operators.in_op, operators.not_in_op, operators.contains_op, operators.startswith_op,
                operators.endswith_op}


class EncryptedText(TypeDecorator):
    """A text column encrypted at rest; Python code sees plain text. SQL can test it only for NULL."""

    impl = Text
    cache_ok = True

    class Comparator(TypeDecorator.Comparator):
        def operate(self, op, *other, **kwargs):
            if op in _MEANINGLESS:
                raise TypeError(f"{self.expr} is encrypted: compare it through a blind index, not in SQL")
            return super().operate(op, *other, **kwargs)

    comparator_factory = Comparator

    def process_bind_param(self, value: str | None, dialect):
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect):
        return None if value is None else decrypt(value)


class EncryptedJSON(EncryptedText):
    """A JSON value (a list of keys, say) encrypted at rest as its JSON text."""

    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt(json.dumps(value))

    def process_result_value(self, value: str | None, dialect):
        return None if value is None else json.loads(decrypt(value))


class HideDecryptedRows(logging.Filter):
    """Blank SQLAlchemy's debug record of each fetched row: it shows the row after decryption.

    With the ``sqlalchemy.engine`` logger at DEBUG (``SQLALCHEMY_ECHO="debug"``, or a logging set-up
    that lowers it), every application's answers and every plan would otherwise be written to the logs
    in clear. The INFO records (statements and their parameters) show only ciphertext and are kept.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == "Row %r":
            record.msg, record.args = "Row (hidden: it may hold decrypted values)", ()
        return True


logging.getLogger("sqlalchemy.engine.Engine").addFilter(HideDecryptedRows())


def encrypted_columns(metadata) -> list[tuple]:
    """Every (table, column) of type EncryptedText: what key rotation must rewrite."""
    return [(table, column) for table in metadata.sorted_tables for column in table.columns
            if isinstance(column.type, EncryptedText)]
