"""Field checks shared by every form: length limits and no control characters."""
from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError


class CleanText:
    """Refuse NUL bytes and control characters (tabs and newlines only where ``multiline``)."""

    def __init__(self, multiline: bool = False):
        self.allowed = {"\n", "\r", "\t"} if multiline else set()

    def __call__(self, form, field):
        value = field.data or ""
        for ch in value:
            if ch in self.allowed:
                continue
            if unicodedata.category(ch) in ("Cc", "Cs") or ch in ("\u2028", "\u2029"):
                raise ValidationError(_l("This field contains characters that are not allowed."))


def strip_filter(value):
    """Trim surrounding spaces from text input (the rest is kept as typed)."""
    return value.strip() if isinstance(value, str) else value
