"""The SMART checker's language data: text normalisation, verb inflection, and the compiled
vocabulary of smart_data/{en,fr,es}.toml (loaded once per process). The analysis is in smart.py."""
from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

LANGS = ("en", "fr", "es")
DATA_DIR = Path(__file__).with_name("smart_data")
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
