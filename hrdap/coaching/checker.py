"""The SMART checker as the pages show it: the plan's language is analysed, the reader's is spoken."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from hrdap.coaching.smart import LANGS, analyse

CATEGORY_LABELS = {
    1: _l("Category 1: minimal action"),
    2: _l("Category 2: continuing action"),
    3: _l("Category 3: considering action"),
    4: _l("Category 4: general action"),
    5: _l("Category 5: specific action"),
}


def check(text: str, text_lang: str, reader_lang: str) -> dict:
    """The report on one recommendation ``text`` written in ``text_lang``, for a ``reader_lang`` reader."""
    lang = text_lang if text_lang in LANGS else "en"
    report = analyse(text or "", lang)
    category = report.action_category
    return {
        "category": category,
        "category_label": str(CATEGORY_LABELS[category]) if category else str(_l("No action verb found")),
        "time_bound": report.time_bound,
        "time_bound_label": str(_l("Has a deadline") if report.time_bound else _l("No deadline")),
        "deadline": report.deadline,
        "hints": report.text(reader_lang if reader_lang in LANGS else "en"),
        "keys": report.hint_keys,
    }
