"""How long an elevator pitch takes to say, and whether it fits the 30 seconds ISHR advises.

Assumption: a calm, clear speaking pace of about 150 words a minute in English and French and
160 in Spanish (Spanish carries more, shorter syllables per word and is usually spoken with more
words per minute). These are rough conversational rates, not measurements of any speaker: the
result is shown as "about N seconds", and people are told to time themselves aloud.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

WORDS_PER_MINUTE = {"en": 150, "fr": 150, "es": 160}
TARGET_SECONDS = 30
MARGIN_SECONDS = 5        # 25–35 seconds counts as "about 30 seconds"

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`#>]")   # keep a link's text, drop Markdown marks


@dataclass(frozen=True)
class PitchTiming:
    words: int
    seconds: int
    words_per_minute: int

    @property
    def fits(self) -> bool:
        """Within 30 seconds give or take the margin (or shorter: short is fine)."""
        return 0 < self.seconds <= TARGET_SECONDS + MARGIN_SECONDS

    @property
    def too_long(self) -> bool:
        return self.seconds > TARGET_SECONDS + MARGIN_SECONDS

    @property
    def words_to_cut(self) -> int:
        """About how many words to cut to come back to 30 seconds."""
        target_words = self.words_per_minute * TARGET_SECONDS // 60
        return max(0, self.words - target_words)


def count_words(text: str) -> int:
    plain = _MARKUP.sub(lambda m: m.group(1) or " ", text or "")
    return len(_WORD.findall(plain))


def timing(text: str, lang: str = "en") -> PitchTiming:
    """Words and the rounded speaking time of ``text`` written in ``lang``."""
    wpm = WORDS_PER_MINUTE.get((lang or "en")[:2], WORDS_PER_MINUTE["en"])
    words = count_words(text)
    return PitchTiming(words=words, seconds=round(words * 60 / wpm), words_per_minute=wpm)
