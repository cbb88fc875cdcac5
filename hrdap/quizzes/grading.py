"""Quiz grading: pure functions, no Flask, no database.

Implements the rules of ``courses/FORMAT.md`` (section "quiz.toml") for the seven
question types. The module keeps its own small input type, :class:`GradableQuestion`,
so it does not depend on the course loader; the caller converts a loaded question
into one. Responses have the shapes an HTML form gives (see each ``grade_*``).

A response that could not come from the form (an option id the question does not
have, an ordering that is not a permutation, ...) raises :class:`InvalidAnswer`:
the caller should treat it as tampering, not as a wrong answer.
"""

from __future__ import annotations

import enum
import hashlib
import math
import random
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any, Iterable, Mapping, Sequence, TypeVar

__all__ = [
    "QUESTION_TYPES", "GRADING_METHODS", "InvalidAnswer", "MarkState", "Mark",
    "GradableQuestion", "AttemptResult", "normalise_text", "grade_single",
    "grade_multiple", "grade_truefalse", "grade_numeric", "grade_text",
    "grade_matching", "grade_ordering", "grade_question", "grade_attempt",
    "counted_grade", "band_for", "shuffled",
]

QUESTION_TYPES = frozenset(
    {"single", "multiple", "truefalse", "numeric", "text", "matching", "ordering"}
)
GRADING_METHODS = ("highest", "last", "first", "average")
_PLACES = 4  # scores and percents are rounded to this many decimals
_MAX_NUMBER_LENGTH = 64  # longer numeric input is not treated as a number

T = TypeVar("T")


class InvalidAnswer(ValueError):
    """A response the form could not have produced (tampered ids, bad shape)."""


class MarkState(str, enum.Enum):
    """How a question was answered."""

    RIGHT = "right"
    PARTIAL = "partial"
    WRONG = "wrong"
    UNANSWERED = "unanswered"


@dataclass(frozen=True)
class Mark:
    """The mark of one question: ``score`` out of ``max`` and its state."""

    score: float
    max: float
    state: MarkState

    @property
    def correct(self) -> bool | None:
        """True when fully right, None when unanswered, otherwise False (partial included)."""
        if self.state is MarkState.UNANSWERED:
            return None
        return self.state is MarkState.RIGHT


@dataclass(frozen=True, eq=False)
class GradableQuestion:
    """What grading needs to know about one question, whatever its type.

    ``correct_options``/``all_options``: single and multiple. ``answer``: a bool for
    truefalse, a number for numeric (with ``tolerance``). ``accepted``: text, lists per
    language. ``pairs``: matching, left id -> right id. ``items``: ordering, item ids in
    the right order.
    """

    id: str
    type: str
    points: float = 1
    correct_options: frozenset[str] = frozenset()
    all_options: frozenset[str] = frozenset()
    answer: bool | float | None = None
    tolerance: float = 0
    accepted: Mapping[str, Sequence[str]] = field(default_factory=dict)
    pairs: Mapping[str, str] = field(default_factory=dict)
    items: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Reject an unknown type or negative points early."""
        if self.type not in QUESTION_TYPES:
            raise ValueError(f"question {self.id!r}: unknown type {self.type!r}")
        if self.points < 0:
            raise ValueError(f"question {self.id!r}: points must not be negative")


@dataclass(frozen=True)
class AttemptResult:
    """The result of a whole attempt; ``percent`` is 0..100."""

    score: float
    max_score: float
    percent: float
    marks: dict[str, Mark]


# --------------------------------------------------------------------------- helpers


def _round(value: float) -> float:
    """Round to the module's precision, turning -0.0 into 0.0."""
    return round(value, _PLACES) + 0.0


def _mark(q: GradableQuestion, fraction: float) -> Mark:
    """A mark worth ``fraction`` (0..1) of the question's points."""
    fraction = min(max(round(fraction, 9), 0.0), 1.0)
    score = _round(q.points * fraction)
    if fraction >= 1.0:
        state = MarkState.RIGHT
    elif fraction > 0:
        state = MarkState.PARTIAL
    else:
        state = MarkState.WRONG
    return Mark(score=score, max=float(q.points), state=state)


def _unanswered(q: GradableQuestion) -> Mark:
    """The mark of a question left blank."""
    return Mark(score=0.0, max=float(q.points), state=MarkState.UNANSWERED)


def _is_blank(response: Any) -> bool:
    """True for None, an empty string or an empty collection."""
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, (list, tuple, set, frozenset, dict)):
        return len(response) == 0
    return False


def _is_boundary_char(c: str) -> bool:
    """Whitespace or punctuation, stripped from both ends of a text answer."""
    return c.isspace() or unicodedata.category(c).startswith("P")


# --------------------------------------------------------------------------- text


def normalise_text(s: str) -> str:
    """Fold ``s`` for comparison: case, accents, inner whitespace, outer punctuation.

    ``normalise_text("  Examen Périodique Universel. ") == "examen periodique universel"``.
    """
    folded = unicodedata.normalize("NFKD", s.casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    collapsed = " ".join(bare.split())
    start, end = 0, len(collapsed)
    while start < end and _is_boundary_char(collapsed[start]):
        start += 1
    while end > start and _is_boundary_char(collapsed[end - 1]):
        end -= 1
    return collapsed[start:end]


# --------------------------------------------------------------------------- per type


def grade_single(q: GradableQuestion, response: str | None) -> Mark:
    """One option id (or None). An id the question lacks raises InvalidAnswer."""
    if _is_blank(response):
        return _unanswered(q)
    if not isinstance(response, str) or response not in q.all_options:
        raise InvalidAnswer(f"question {q.id!r}: unknown option {response!r}")
    return _mark(q, 1.0 if response in q.correct_options else 0.0)


def grade_multiple(q: GradableQuestion, response: Iterable[str] | str | None) -> Mark:
    """A list of ticked option ids; partial credit as in FORMAT.md, never below 0.

    Each correct option ticked earns points/#correct, each wrong one ticked takes
    away points/#wrong. Duplicates are ignored; unknown ids raise InvalidAnswer.
    """
    if _is_blank(response):
        return _unanswered(q)
    if isinstance(response, str):
        response = [response]
    if isinstance(response, Mapping) or not isinstance(response, Iterable):
        raise InvalidAnswer(f"question {q.id!r}: expected a list of option ids")
    try:
        ticked = set(response)
    except TypeError as exc:
        raise InvalidAnswer(f"question {q.id!r}: option ids must be strings") from exc
    unknown = [o for o in ticked if not isinstance(o, str) or o not in q.all_options]
    if unknown:
        raise InvalidAnswer(f"question {q.id!r}: unknown options {sorted(map(repr, unknown))}")
    wrong_options = q.all_options - q.correct_options
    fraction = 0.0
    if q.correct_options:
        fraction += len(ticked & q.correct_options) / len(q.correct_options)
    if wrong_options:
        fraction -= len(ticked & wrong_options) / len(wrong_options)
    return _mark(q, fraction)


def grade_truefalse(q: GradableQuestion, response: str | bool | None) -> Mark:
    """"true"/"false" (any case) or a bool; anything else raises InvalidAnswer."""
    if q.answer is None:
        raise ValueError(f"question {q.id!r}: truefalse question without an answer")
    if _is_blank(response):
        return _unanswered(q)
    if isinstance(response, bool):
        given = response
    elif isinstance(response, str) and response.strip().lower() in ("true", "false"):
        given = response.strip().lower() == "true"
    else:
        raise InvalidAnswer(f"question {q.id!r}: expected true or false, got {response!r}")
    return _mark(q, 1.0 if given is bool(q.answer) else 0.0)


def _to_decimal(value: Any) -> Decimal | None:
    """Parse a form value as a number: "3,5", "1 000,5", "1,000.5", 3.5; None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not isinstance(value, str) or len(value) > _MAX_NUMBER_LENGTH:
        return None
    text = "".join(c for c in value if not c.isspace() and c not in "'_")
    if "," in text and "." in text:  # the rightmost one is the decimal separator
        thousands = "," if text.rfind(".") > text.rfind(",") else "."
        text = text.replace(thousands, "")
    if text.count(",") == 1:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def grade_numeric(q: GradableQuestion, response: str | float | None) -> Mark:
    """A number or its text; right when |given - answer| <= tolerance, exactly.

    Input that is not a number is unanswered (score 0, no exception); infinity and
    NaN are wrong. The comparison uses decimals, so tolerance boundaries are exact.
    """
    if q.answer is None or isinstance(q.answer, bool):
        raise ValueError(f"question {q.id!r}: numeric question without a numeric answer")
    if _is_blank(response):
        return _unanswered(q)
    given = _to_decimal(response)
    if given is None:
        return _unanswered(q)
    if not given.is_finite():
        return _mark(q, 0.0)
    answer = _to_decimal(q.answer)
    tolerance = abs(_to_decimal(q.tolerance or 0))
    with localcontext() as ctx:
        ctx.prec = 200
        low, high = answer - tolerance, answer + tolerance
    return _mark(q, 1.0 if low <= given <= high else 0.0)


def grade_text(q: GradableQuestion, response: str | None) -> Mark:
    """Short text, right if it matches an accepted answer in ANY language."""
    if response is None:
        return _unanswered(q)
    if not isinstance(response, str):
        raise InvalidAnswer(f"question {q.id!r}: expected text, got {type(response).__name__}")
    given = normalise_text(response)
    if not given:
        return _unanswered(q)
    accepted = {normalise_text(a) for answers in q.accepted.values() for a in answers}
    return _mark(q, 1.0 if given in accepted else 0.0)


def grade_matching(q: GradableQuestion, response: Mapping[str, str | None] | None) -> Mark:
    """A dict left id -> right id; each correct pair earns points/#pairs.

    Blank right ids (an untouched drop-down) count as not matched; unknown left or
    right ids raise InvalidAnswer.
    """
    if _is_blank(response):
        return _unanswered(q)
    if not isinstance(response, Mapping):
        raise InvalidAnswer(f"question {q.id!r}: expected a mapping of left to right ids")
    rights = set(q.pairs.values())
    chosen = {left: right for left, right in response.items() if not _is_blank(right)}
    for left, right in response.items():
        if left not in q.pairs:
            raise InvalidAnswer(f"question {q.id!r}: unknown left id {left!r}")
        if left in chosen and (not isinstance(right, str) or right not in rights):
            raise InvalidAnswer(f"question {q.id!r}: unknown right id {right!r}")
    if not chosen:
        return _unanswered(q)
    if not q.pairs:
        return _mark(q, 0.0)
    hits = sum(1 for left, right in chosen.items() if q.pairs[left] == right)
    return _mark(q, hits / len(q.pairs))


def grade_ordering(q: GradableQuestion, response: Sequence[str] | None) -> Mark:
    """A list of item ids: must be a permutation of the items; all or nothing."""
    if _is_blank(response):
        return _unanswered(q)
    if isinstance(response, (str, Mapping)) or not isinstance(response, Sequence):
        raise InvalidAnswer(f"question {q.id!r}: expected a list of item ids")
    given = tuple(response)
    if not all(isinstance(i, str) for i in given) or sorted(given) != sorted(q.items):
        raise InvalidAnswer(f"question {q.id!r}: the order is not a permutation of the items")
    return _mark(q, 1.0 if given == tuple(q.items) else 0.0)


_GRADERS = {
    "single": grade_single,
    "multiple": grade_multiple,
    "truefalse": grade_truefalse,
    "numeric": grade_numeric,
    "text": grade_text,
    "matching": grade_matching,
    "ordering": grade_ordering,
}


def grade_question(q: GradableQuestion, response: Any) -> Mark:
    """Grade one response with the grader of the question's type."""
    return _GRADERS[q.type](q, response)


# --------------------------------------------------------------------------- attempts


def grade_attempt(
    questions: Iterable[GradableQuestion], responses: Mapping[str, Any]
) -> AttemptResult:
    """Grade an attempt; missing responses are unanswered, unknown ids raise InvalidAnswer."""
    questions = list(questions)
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate question ids in the attempt")
    unknown = set(responses) - set(ids)
    if unknown:
        raise InvalidAnswer(f"responses for unknown questions: {sorted(map(str, unknown))}")
    marks = {q.id: grade_question(q, responses.get(q.id)) for q in questions}
    score = _round(sum(m.score for m in marks.values()))
    max_score = _round(sum(m.max for m in marks.values()))
    percent = _round(score * 100 / max_score) if max_score > 0 else 0.0
    return AttemptResult(score=score, max_score=max_score, percent=percent, marks=marks)


def counted_grade(method: str, percents: Sequence[float]) -> float | None:
    """The percent that counts among attempts (in attempt order); None when none."""
    if method not in GRADING_METHODS:
        raise ValueError(f"unknown grading method {method!r}; expected one of {GRADING_METHODS}")
    if not percents:
        return None
    if method == "highest":
        return max(percents)
    if method == "first":
        return percents[0]
    if method == "last":
        return percents[-1]
    return _round(math.fsum(percents) / len(percents))


def band_for(percent: float, bands: Iterable[tuple[int, T]]) -> T | None:
    """The value of the band with the highest min <= percent (the first on a tie)."""
    best: tuple[float, T] | None = None
    for minimum, value in bands:
        if minimum <= percent and (best is None or minimum > best[0]):
            best = (minimum, value)
    return None if best is None else best[1]


def shuffled(ids: Sequence[str], seed: str) -> list[str]:
    """A copy of ``ids`` in an order fixed by ``seed`` (stable across processes)."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    result = list(ids)
    random.Random(int.from_bytes(digest, "big")).shuffle(result)
    return result
