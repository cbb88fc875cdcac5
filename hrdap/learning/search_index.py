"""A small word index for lesson search that works the same on SQLite and PostgreSQL.

Words are case-folded and stripped of accents, so "Periodico" finds "Periódico". Short and very
common words are skipped. The index is rebuilt for a lesson text whenever sync changes it.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

_WORD = re.compile(r"\w{3,40}", re.UNICODE)
_STOP = frozenset("""
the and for with that this from are was were has have not but can will its their they them you your
les des une pour par dans que qui sur est son ses aux ces pas plus leur elle ils avec
los las del por para con una que sus son como más pero sobre este esta entre
""".split())


def normalise(word: str) -> str:
    """Casefold and strip accents."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> Counter[str]:
    """The indexable words of ``text`` with their counts."""
    found = (normalise(w) for w in _WORD.findall(text))
    return Counter(w for w in found if w not in _STOP and not w.isdigit())


def query_words(query: str) -> list[str]:
    """The words of a search query, normalised, at most eight."""
    return list(dict.fromkeys(normalise(w) for w in _WORD.findall(query) if normalise(w) not in _STOP))[:8]
