"""The SMART checker as the pages show it: the plan's language is analysed, the reader's is spoken.

``check()`` is the one service function the pages call (plan editor, coach's view, live JSON check)
and that a quiz question "write a recommendation" can call for per-criterion feedback. It needs a
request or app context (translated labels); it reads nothing from the database.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from hrdap.coaching.models import CRITERIA
from hrdap.coaching.smart import LANGS, SmartReport, analyse

CATEGORY_LABELS = {
    1: _l("Category 1: minimal action"),
    2: _l("Category 2: continuing action"),
    3: _l("Category 3: considering action"),
    4: _l("Category 4: general action"),
    5: _l("Category 5: specific action"),
}
CATEGORY_EXPLANATIONS = {
    1: _l("UPR Info puts here recommendations addressed to other States, or asking the State only to "
          "seek assistance or share information."),
    2: _l("The State is asked to go on doing what it already does (continue, maintain, pursue): "
          "nothing new can be monitored."),
    3: _l("The State is asked only to consider, study or review a change: it can accept and change "
          "nothing."),
    4: _l("The State is asked for action in general terms (ensure, strengthen, take measures): hard "
          "to tell afterwards whether it was done."),
    5: _l("The State is asked for one concrete, checkable act (ratify, adopt, amend, establish, "
          "investigate): the kind of recommendation that can be monitored."),
}
GLOSSARY_TERM = "action-category"   # courses/hrdap/glossary.toml, shown at …/glossary#term-<slug>
UNCHECKED = ("achievable", "relevant")   # need knowledge of the country: the coach judges them


def _criteria(report: SmartReport, reader: str) -> list[dict]:
    """One entry per SMART criterion: "met", "not_met" or "unchecked", with the hints that explain it."""
    hints = dict(zip(report.hint_keys, report.text(reader)))
    by_criterion = {
        "specific": (report.specific, ("no_verb", "multiple_actions", "category_1", "category_2",
                                       "category_3", "category_4", "vague_object")),
        "measurable": (report.measurable, ("not_measurable", "vague_object")),
        "time_bound": (report.time_bound, ("no_deadline", "vague_deadline")),
    }
    entries = []
    for criterion, label in CRITERIA.items():
        if criterion in UNCHECKED:
            entries.append({"criterion": criterion, "label": str(label), "status": "unchecked",
                            "messages": [str(_l("The checker cannot judge this: your coach will."))]})
            continue
        met, keys = by_criterion[criterion]
        entries.append({"criterion": criterion, "label": str(label), "status": "met" if met else "not_met",
                        "messages": [hints[k] for k in keys if k in hints]})
    return entries


def check(text: str, text_lang: str, reader_lang: str, time_frame: str = "",
          glossary_url: str | None = None) -> dict:
    """The report on one recommendation ``text`` written in ``text_lang``, for a ``reader_lang`` reader.

    ``time_frame`` is the plan's "Time frame" field of the same recommendation (a deadline written
    there counts). ``glossary_url`` links the category to the glossary's explanation of the UPR Info
    categories (the caller knows which course the reader can open). Keys of the result: category,
    category_label, category_help, glossary_url, time_bound, time_bound_label, deadline,
    deadline_source, hints, keys, criteria (see ``_criteria``).
    """
    lang = text_lang if text_lang in LANGS else "en"
    reader = reader_lang if reader_lang in LANGS else "en"
    report = analyse(text or "", lang, time_frame or "")
    category = report.action_category
    if report.deadline_source == "time_frame":
        time_label = _l("Deadline in the time frame field: %(deadline)s", deadline=report.deadline)
    else:
        time_label = _l("Has a deadline") if report.time_bound else _l("No deadline")
    return {
        "category": category,
        "category_label": str(CATEGORY_LABELS[category]) if category else str(_l("No action verb found")),
        "category_help": str(CATEGORY_EXPLANATIONS[category]) if category else "",
        "glossary_url": f"{glossary_url}#term-{GLOSSARY_TERM}" if glossary_url and category else None,
        "time_bound": report.time_bound,
        "time_bound_label": str(time_label),
        "deadline": report.deadline,
        "deadline_source": report.deadline_source,
        "hints": report.text(reader),
        "keys": report.hint_keys,
        "criteria": _criteria(report, reader),
    }
