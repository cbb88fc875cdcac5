"""The course as read from ``courses/`` (see ``courses/FORMAT.md``): plain frozen data, no database.

Texts are ``dict[lang, str]`` and may lack French or Spanish: the app falls back to English.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

LANGUAGES = ("en", "fr", "es")
MECHANISMS = (
    "intro", "hrc", "special-procedures", "treaty-bodies", "upr", "ohchr", "advocacy",
    "case-studies", "geneva",
)
QUESTION_TYPES = ("single", "multiple", "truefalse", "numeric", "text", "matching", "ordering")
GRADING = ("highest", "last", "first", "average")
REVIEW_TIMES = ("immediately", "later", "after_close")
REVIEW_ITEMS = ("correctness", "marks", "feedback", "answers")
FUTURE_WEEKS = ("readable", "locked")

Texts = dict[str, str]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the content, at ``path`` (relative to ``courses/``) and 1-based ``line``."""

    path: str
    line: int
    message: str
    warning: bool = False  # reported, but does not make the check fail

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}{self.message}"


class TermText(NamedTuple):
    """A glossary term and its definition in one language."""

    term: str
    definition: str


class Band(NamedTuple):
    """Overall quiz feedback for scores of at least ``min`` percent."""

    min: float
    feedback: Texts


@dataclass(frozen=True)
class LessonText:
    """One language version of a lesson: its ``# `` title and the Markdown (title line included)."""

    title: str
    markdown: str
    path: Path


@dataclass(frozen=True)
class Lesson:
    """A lesson, with one text per language present (English always, when valid)."""

    slug: str
    texts: dict[str, LessonText]


@dataclass(frozen=True)
class Term:
    """A glossary entry, linked from lessons as ``glossary:<slug>``."""

    slug: str
    texts: dict[str, TermText]


@dataclass(frozen=True)
class Option:
    """An option of a single or multiple choice question."""

    id: str
    correct: bool
    text: Texts
    feedback: Texts


@dataclass(frozen=True)
class Pair:
    """A matching pair: ``left`` goes with ``right``."""

    id: str
    left: Texts
    right: Texts


@dataclass(frozen=True)
class Item:
    """An item of an ordering question (items are listed in the right order)."""

    id: str
    text: Texts


@dataclass(frozen=True)
class Question:
    """A quiz question; which of the type-specific fields are used depends on ``type``."""

    id: str
    type: str
    points: float
    text: Texts
    feedback: Texts
    options: list[Option] = field(default_factory=list)
    answer: bool | float | None = None  # truefalse: bool; numeric: number
    tolerance: float = 0.0
    accepted: dict[str, list[str]] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Quiz:
    """A module's quiz and its rules (pass mark, attempts, grading, what review shows when)."""

    slug: str
    title: Texts
    pass_mark: float
    attempts: int
    grading: str
    shuffle_questions: bool
    shuffle_options: bool
    time_limit_minutes: int
    review: dict[str, frozenset[str]]
    bands: list[Band]
    questions: list[Question]


@dataclass(frozen=True)
class Module:
    """A module: a folder under ``modules/`` with its lessons and optional quiz."""

    slug: str
    mechanism: str
    week: int
    order: int
    title: Texts
    summary: Texts
    lessons: list[Lesson]
    quiz: Quiz | None
    folder: Path


@dataclass(frozen=True)
class Course:
    """A whole course: manifest, weekly schedule, modules (sorted by order) and glossary."""

    slug: str
    title: Texts
    description: Texts
    weeks: int
    geneva_weeks: frozenset[int]
    future_weeks: str
    week_titles: dict[int, Texts]
    modules: list[Module]
    glossary: list[Term]
