"""SMART checker for UPR recommendations written by defenders (English, French, Spanish).

``analyse(text, lang)`` returns a :class:`SmartReport`: the UPR Info action category of the
leading verb (1 minimal … 5 specific action), whether a deadline is given, the main actions asked
for, rough *specific*/*measurable* signals, and hints as message keys plus parameters so the app
can translate them (``SmartReport.text(lang)`` renders them from the data files).

Vocabulary lives in ``smart_data/{en,fr,es}.toml`` (loaded by smart_lang.py); the code knows how
recommendations are shaped: the first recognised verb decides ("Consider ratifying" is 3,
"Continue its efforts to" is 2) and words before it are skipped ("That the State…", "Swiftly…").
Matching is on normalised text (lower case, no accents): "Établir" and "ETABLIT" are one verb.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from hrdap.coaching.smart_lang import (  # noqa: F401  (LANGS, DATA_DIR, normalise: public API)
    DATA_DIR, LANGS, _Entry, _Lang, _lang_code, _load, _normalise_with_map, normalise,
)

HINT_KEYS = (
    "empty", "no_verb", "multiple_actions", "category_1", "category_2", "category_3",
    "category_4", "vague_object", "no_deadline", "vague_deadline", "not_measurable",
    "too_long", "looks_smart",
)
LEAD_WINDOW = 20      # tokens searched for the leading verb ("That the Government of X should …")
MAX_GAP = 3           # words allowed inside "take ... measures"
VAGUE_REACH = 40      # characters after the leading verb where "its efforts" counts as its object
LONG_WORDS = 50       # beyond this a recommendation no longer fits a 30-second pitch
PAST_REACH = 3        # words before "in 2010" searched for a past participle ("signed in 2007")

_TOKEN = re.compile(r"[a-z0-9]+|[;,:.!?()]")


# --------------------------------------------------------------------------- results

@dataclass(frozen=True)
class Hint:
    """One piece of advice: a message key from the data files and its parameters."""
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return hint_text(self.key, lang, **self.params)


@dataclass(frozen=True)
class SmartReport:
    """What ``analyse`` found. ``text(lang)`` renders the hints as sentences."""
    source: str
    lang: str
    action_category: int | None = None   # UPR Info category of the leading verb, 1-5
    leading_verb: str | None = None      # lemma as listed in the data file ("consider")
    actions: tuple[str, ...] = ()        # main actions: the leading verb + coordinated verbs
    verbs: tuple[str, ...] = ()          # every recognised verb, in order
    time_bound: bool = False
    deadline: str | None = None          # the deadline expression as written
    deadline_source: str | None = None   # "text", or "time_frame" when only the plan's field gives one
    measurable: bool = False
    specific: bool = False
    hints: tuple[Hint, ...] = ()

    @property
    def multiple_actions(self) -> bool:
        return len(self.actions) > 1

    @property
    def hint_keys(self) -> list[str]:
        return [h.key for h in self.hints]

    def text(self, lang: str | None = None) -> list[str]:
        return [h.text(lang or self.lang) for h in self.hints]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the app's API."""
        keys = ("lang", "action_category", "leading_verb", "multiple_actions", "time_bound",
                "deadline", "deadline_source", "measurable", "specific")
        return {k: getattr(self, k) for k in keys} | {
            "actions": list(self.actions),
            "hints": [{"key": h.key, "params": dict(h.params)} for h in self.hints]}


def hint_text(key: str, lang: str = "en", **params: Any) -> str:
    """The sentence for a hint key; unknown display languages fall back to English."""
    code = _lang_code(lang)
    data = _load(code if code in LANGS else "en")
    return data.hints[key].format(**params)


# --------------------------------------------------------------------------- analysis

@dataclass(frozen=True)
class _Hit:
    pos: int          # token index of the verb
    end: int          # token index after the whole entry ("take all necessary measures")
    entry: _Entry
    kind: str         # base / finite / gerund


def _match_rest(rest: tuple, toks: list[str], j: int, breakers: frozenset[str]) -> int | None:
    if not rest:
        return j
    head, tail = rest[0], rest[1:]
    if head is not None:
        if j < len(toks) and toks[j] in head:
            return _match_rest(tail, toks, j + 1, breakers)
        return None
    for skip in range(MAX_GAP + 1):   # a gap of ordinary words, never across "on", "to", ","
        if skip:
            word = toks[j + skip - 1] if j + skip - 1 < len(toks) else ""
            if not word.isalnum() or word in breakers:
                return None
        found = _match_rest(tail, toks, j + skip, breakers)
        if found is not None:
            return found
    return None


def _scan(data: _Lang, toks: list[str]) -> list[_Hit]:
    hits: list[_Hit] = []
    i = 0
    while i < len(toks):
        for entry, kind in data.index.get(toks[i], ()):
            end = _match_rest(entry.rest, toks, i + 1, data.gap_breakers)
            if end is not None:
                hits.append(_Hit(i, end, entry, kind))
                i = end - 1
                break
        i += 1
    return hits


def _coordinated(data: _Lang, toks: list[str], pos: int) -> bool:
    """Does the verb at ``pos`` open a new clause ("…, and to establish", "; adopt")?"""
    j, suffix = pos, data.adverb_suffix

    def skippable(word: str) -> bool:   # "and to", "and further", "and swiftly"
        return word in data.pass_words or (word.endswith(suffix) and len(word) > len(suffix) + 3)

    while j > 0 and skippable(toks[j - 1]):
        j -= 1
    if j > 0 and toks[j - 1] in (",", ";"):
        return True
    return any(j >= len(c) and tuple(toks[j - len(c):j]) == c for c in data.coordinators)


def _main_actions(data: _Lang, toks: list[str], hits: list[_Hit], lead: _Hit) -> list[_Hit]:
    """The lead verb and the verbs coordinated with it in the same form.

    Only the lead's own form (or the bare imperative) opens a new action: in "adopt a law recognising
    and protecting defenders" or "una ley que reconozca y proteja" the coordinated participles
    describe the law; they are not requests of their own.
    """
    actions = [lead]
    kinds = {"base", lead.kind}
    for hit in hits:
        if hit.pos <= lead.pos:
            continue
        if hit.kind in kinds and _coordinated(data, toks, hit.pos):
            nxt = toks[hit.end] if hit.end < len(toks) else ""
            # "monitoring and review mechanism": a noun-like verb needs an object marker.
            if toks[hit.pos] not in data.ambiguous or nxt in data.determiners:
                actions.append(hit)
    return actions


def _first(patterns: tuple[re.Pattern[str], ...], norm: str, start: int = 0,
           reach: int | None = None) -> re.Match[str] | None:
    found = [m for p in patterns for m in p.finditer(norm, start)
             if reach is None or m.start() - start <= reach]
    return min(found, key=lambda m: m.start(), default=None)


def _deadline(data: _Lang, norm: str) -> re.Match[str] | None:
    """The first deadline: an explicit one ("by 2027"), or "in 2027" unless it dates a past act."""
    def past(match: re.Match[str]) -> bool:
        before = re.findall(r"[a-z]+", norm[:match.start()])[-PAST_REACH:]
        return any(w in data.past_words or (len(w) > 3 and w.endswith(data.past_suffixes))
                   for w in before)
    dated = [m for p in data.dated_years for m in p.finditer(norm) if not past(m)]
    explicit = _first(data.deadlines, norm)
    return min([m for m in (explicit, *dated) if m is not None], key=lambda m: m.start(), default=None)


def analyse(text: str, lang: str = "en", time_frame: str = "") -> SmartReport:
    """Check one recommendation; ``lang`` is "en", "fr" or "es" (region suffixes ignored).

    ``time_frame`` is the plan's own "Time frame" field for this recommendation: when the text sets
    no deadline, a deadline written there ("within 12 months") makes the recommendation time-bound.
    """
    code = _lang_code(lang)
    if code not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGS}")
    data = _load(code)
    source = text or ""
    norm, origin = _normalise_with_map(source)
    spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(norm)]
    toks = [s[0] for s in spans]
    words = sum(1 for t in toks if t.isalnum())
    if not words:
        return SmartReport(source, code, hints=(Hint("empty"),))

    def original(m: re.Match[str]) -> str:
        return source[origin[m.start()]:origin[m.end() - 1] + 1]

    hits = _scan(data, toks)
    lead = next((h for h in hits if h.pos < LEAD_WINDOW), None)
    actions = _main_actions(data, toks, hits, lead) if lead else []
    category = lead.entry.category if lead else None
    deadline = _deadline(data, norm)
    vague_deadline = _first(data.vague_deadlines, norm)
    frame = " ".join((time_frame or "").split())
    frame_deadline = _deadline(data, normalise(frame)) if frame and deadline is None else None
    # Only "its efforts"/"all measures" that are the leading verb's own object make it vague.
    vague_object = (_first(data.vague_objects, norm, spans[lead.pos][2], VAGUE_REACH)
                    if lead else None)
    # The "12" of "within 12 months" is a deadline, not something to measure.
    undated = norm
    for pattern in (*data.deadlines, *data.dated_years):
        undated = pattern.sub(lambda m: " " * len(m.group()), undated)
    checkable = any(p.search(undated) for p in data.measurable)
    measurable = category in (4, 5) and vague_object is None and (category == 5 or checkable)
    specific = category == 5 and len(actions) == 1 and vague_object is None

    hints: list[Hint] = []
    if lead is None:
        hints.append(Hint("no_verb"))
    if len(actions) > 1:
        names = ", ".join(a.entry.lemma for a in actions)
        hints.append(Hint("multiple_actions", {"count": len(actions), "actions": names}))
    if category in (1, 2, 3, 4):
        hints.append(Hint(f"category_{category}", {"verb": lead.entry.lemma}))
    if vague_object is not None:
        hints.append(Hint("vague_object", {"phrase": original(vague_object)}))
    if deadline is None and frame_deadline is None:
        if vague_deadline:
            hints.append(Hint("vague_deadline", {"phrase": original(vague_deadline)}))
        elif frame:   # the field says something, but not a date or a period
            hints.append(Hint("vague_deadline", {"phrase": frame}))
        else:
            hints.append(Hint("no_deadline"))
    if category in (4, 5) and not measurable and vague_object is None:
        hints.append(Hint("not_measurable"))
    if words > LONG_WORDS:
        hints.append(Hint("too_long", {"words": words, "limit": LONG_WORDS}))
    if not hints:
        hints.append(Hint("looks_smart"))

    return SmartReport(
        source=source, lang=code, action_category=category,
        leading_verb=lead.entry.lemma if lead else None,
        actions=tuple(a.entry.lemma for a in actions),
        verbs=tuple(h.entry.lemma for h in hits),
        time_bound=deadline is not None or frame_deadline is not None,
        deadline=original(deadline) if deadline else (frame if frame_deadline else None),
        deadline_source="text" if deadline else ("time_frame" if frame_deadline else None),
        measurable=measurable, specific=specific, hints=tuple(hints),
    )
