"""The one place where an application's answers are encoded and decoded.

Answers are sensitive (work, organisation, risks): the column is an ``EncryptedText`` (hrdap.crypto), so
what these functions produce is encrypted before it reaches the database.
"""
from __future__ import annotations

import json


def dump_answers(answers: dict) -> str:
    """Encode the answers (field -> value) for storage."""
    return json.dumps(answers, ensure_ascii=False, sort_keys=True)


def load_answers(stored: str | None) -> dict:
    """Decode stored answers; an empty column gives an empty dict."""
    if not stored:
        return {}
    value = json.loads(stored)
    return value if isinstance(value, dict) else {}
