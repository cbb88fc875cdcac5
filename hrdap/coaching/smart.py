"""SMART checker for UPR recommendations written by defenders (English, French, Spanish).

``analyse(text, lang)`` returns a :class:`SmartReport`: the UPR Info action category of the
leading verb (1 minimal … 5 specific action), whether a deadline is given, the main actions asked
for, rough *specific*/*measurable* signals, and hints as message keys plus parameters so the app
can translate them (``SmartReport.text(lang)`` renders them from the data files).

Vocabulary lives in ``smart_data/{en,fr,es}.toml``; the code only inflects verbs and knows how
recommendations are shaped: the first recognised verb decides ("Consider ratifying" is 3,
"Continue its efforts to" is 2) and words before it are skipped ("That the State…", "Swiftly…").
Matching is on normalised text (lower case, no accents): "Établir" and "ETABLIT" are one verb.
"""
from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

LANGS = ("en", "fr", "es")
DATA_DIR = Path(__file__).with_name("smart_data")
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
_APOSTROPHES = "\u2019\u2018\u02bc`\u00b4"
_DASHES = "\u2010\u2011\u2012\u2013\u2014"
_GERUND_ENDINGS = {"en": "ing", "fr": "ant", "es": "ndo"}


# --------------------------------------------------------------------------- normalisation

def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Lower-case, strip accents, unify apostrophes/dashes and collapse spaces.

    Also returns, for every output character, the index of the input character it came from,
    so that phrases quoted back in hints keep the writer's accents.
    """
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        if char in _APOSTROPHES:
            char = "'"
        elif char in _DASHES:
            char = "-"
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        base = base.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").lower()
        for c in base:
            if c.isspace():
                if not out or out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            origin.append(i)
    while out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def normalise(text: str) -> str:
    """The form every verb list and pattern is matched against."""
    return _normalise_with_map(text)[0]


# --------------------------------------------------------------------------- verb inflection

def _inflect_en(verb: str) -> dict[str, str]:
    forms = {verb: "base"}
    if re.search(r"[^aeiou]y$", verb):
        forms[verb[:-1] + "ies"] = "finite"
        forms[verb + "ing"] = "gerund"
        return forms
    forms[verb + ("es" if re.search(r"(s|sh|ch|x|z|o)$", verb) else "s")] = "finite"
    if verb.endswith("ie"):
        forms[verb[:-2] + "ying"] = "gerund"
    elif verb.endswith("e") and not verb.endswith(("ee", "oe", "ye")):
        forms[verb[:-1] + "ing"] = "gerund"
    else:
        forms[verb + "ing"] = "gerund"
    return forms


def _inflect_fr(verb: str) -> dict[str, str]:
    forms = {verb: "base"}
    stem = verb[:-2]
    if verb.endswith("er"):
        soft = stem + "e" if stem.endswith("g") else stem   # encourageant, protegeons
        for f in (stem + "e", stem + "es", stem + "ent", stem + "ez", soft + "ons"):
            forms[f] = "finite"
        forms[soft + "ant"] = "gerund"
    elif verb.endswith("ir"):                                 # 2nd group: etablir
        for f in (stem + "it", stem + "is", stem + "issent", stem + "isse", stem + "issez"):
            forms[f] = "finite"
        forms[stem + "issant"] = "gerund"
    return forms


def _inflect_es(verb: str) -> dict[str, str]:
    core = verb[:-2] if verb.endswith(("arse", "erse", "irse")) else verb
    forms = {core: "base", core + "se": "base"}   # "adherir" and "adherirse"
    stem, ending = core[:-2], core[-2:]
    if ending == "ar":
        # Subjunctive spelling: ratifique, juzgue, garantice ("Que el Estado ratifique").
        subj = stem[:-1] + {"c": "qu", "g": "gu", "z": "c"}.get(stem[-1:], stem[-1:])
        for f in (stem + "a", stem + "an", subj + "e", subj + "en"):
            forms[f] = "finite"
        forms[stem + "ando"] = "gerund"
    elif ending in ("er", "ir"):
        for f in (stem + "e", stem + "en", stem + "a", stem + "an"):
            forms[f] = "finite"
        forms[stem + "iendo"] = "gerund"
    return forms


_INFLECT = {"en": _inflect_en, "fr": _inflect_fr, "es": _inflect_es}


# --------------------------------------------------------------------------- language data

@dataclass(frozen=True)
class _Entry:
    """One verb-list entry: category, display lemma and what must follow the first word."""
    category: int
    lemma: str
    rest: tuple[frozenset[str] | None, ...]   # None is a "..." gap


@dataclass(frozen=True)
class _Lang:
    code: str
    index: Mapping[str, tuple[tuple[_Entry, str], ...]]   # verb form -> (entry, kind)
    coordinators: tuple[tuple[str, ...], ...]
    pass_words: frozenset[str]
    adverb_suffix: str
    ambiguous: frozenset[str]
    determiners: frozenset[str]
    gap_breakers: frozenset[str]
    deadlines: tuple[re.Pattern[str], ...]
    dated_years: tuple[re.Pattern[str], ...]
    past_suffixes: tuple[str, ...]
    past_words: frozenset[str]
    vague_deadlines: tuple[re.Pattern[str], ...]
    vague_objects: tuple[re.Pattern[str], ...]
    measurable: tuple[re.Pattern[str], ...]
    hints: Mapping[str, str]


def _lang_code(lang: str) -> str:
    return (lang or "").strip().lower().replace("_", "-").split("-")[0]


@functools.cache
def _load(code: str) -> _Lang:
    """Read and compile one language's data file (once per process)."""
    with open(DATA_DIR / f"{code}.toml", "rb") as fh:
        raw = tomllib.load(fh)
    words = raw["words"]
    not_verbs = {normalise(w) for w in words.get("not_verbs", [])}
    extra = {normalise(k): [normalise(f) for f in v] for k, v in raw.get("forms", {}).items()}
    gerund = _GERUND_ENDINGS[code]
    index: dict[str, list[tuple[_Entry, str]]] = {}
    for category, entries in raw["verbs"].items():
        for text in entries:
            parts = normalise(text).split()
            rest = tuple(None if p == "..." else frozenset(p.split("|")) for p in parts[1:])
            lemma = " ".join(p.split("|")[0] for p in text.split() if p != "...")
            entry = _Entry(int(category), lemma, rest)
            for head in parts[0].split("|"):
                forms = _INFLECT[code](head)
                core = head[:-2] if code == "es" and head.endswith("se") else head
                for form in extra.get(head, []) + extra.get(core, []):
                    forms.setdefault(form, "gerund" if form.endswith(gerund) else "finite")
                for form, kind in forms.items():
                    if form not in not_verbs:
                        index.setdefault(form, []).append((entry, kind))
    for form in index:   # longest entries first: "adopt ... measures" before "adopt"
        index[form].sort(key=lambda pair: -sum(p is not None for p in pair[0].rest))
    wordsets = {k: frozenset(normalise(w) for w in words.get(k, []))
                for k in ("pass_words", "ambiguous", "determiners", "gap_breakers", "past_words")}
    patterns = {k: tuple(re.compile(p) for p in raw["patterns"].get(k, []))
                for k in ("deadlines", "dated_years", "vague_deadlines", "vague_objects", "measurable")}
    return _Lang(
        code=code, index={k: tuple(v) for k, v in index.items()},
        coordinators=tuple(tuple(normalise(c).split()) for c in words["coordinators"]),
        adverb_suffix=words.get("adverb_suffix", ""), hints=dict(raw["hints"]),
        past_suffixes=tuple(words.get("past_suffixes", [])),
        **wordsets, **patterns,
    )


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
                "deadline", "measurable", "specific")
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


def analyse(text: str, lang: str = "en") -> SmartReport:
    """Check one recommendation; ``lang`` is "en", "fr" or "es" (region suffixes ignored)."""
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
    if deadline is None:
        hints.append(Hint("vague_deadline", {"phrase": original(vague_deadline)})
                     if vague_deadline else Hint("no_deadline"))
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
        time_bound=deadline is not None,
        deadline=original(deadline) if deadline else None,
        measurable=measurable, specific=specific, hints=tuple(hints),
    )
