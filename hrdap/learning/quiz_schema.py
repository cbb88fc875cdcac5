"""Validate a module's ``quiz.toml`` (see ``courses/FORMAT.md``) into a :class:`Quiz`."""

from collections.abc import Callable
from typing import TypeVar

from hrdap.learning.course_data import (
    GRADING, LANGUAGES, QUESTION_TYPES, REVIEW_ITEMS, REVIEW_TIMES, Band, Item, Option, Pair,
    Question, Quiz,
)
from hrdap.learning.toml_source import Table, TomlFile

T = TypeVar("T")

QUIZ_KEYS = {
    "slug", "title", "pass_mark", "attempts", "grading", "shuffle_questions", "shuffle_options",
    "time_limit_minutes", "review", "band", "question",
}
QUESTION_KEYS = {"id", "type", "points", "text", "feedback"}
# The keys each question type adds to QUESTION_KEYS.
TYPE_KEYS = {
    "single": {"option"},
    "multiple": {"option"},
    "truefalse": {"answer"},
    "numeric": {"answer", "tolerance"},
    "text": {"accepted"},
    "matching": {"pair"},
    "ordering": {"item"},
}


def parse_quiz(file: TomlFile) -> Quiz:
    """Build the quiz from ``file``, reporting every problem to ``file.problems``."""
    root = file.root()
    root.check_keys(QUIZ_KEYS)
    pass_mark = root.get("pass_mark", "number", default=70)
    if not 0 <= pass_mark <= 100:
        root.problem(f"'pass_mark' must be between 0 and 100, not {pass_mark}", "pass_mark")
    attempts = root.get("attempts", "integer", default=0)
    if attempts < 0:
        root.problem("'attempts' must be 0 (unlimited) or more", "attempts")
    grading = root.get("grading", "string", default="highest")
    if grading not in GRADING:
        root.problem(f"'grading' must be one of {', '.join(GRADING)}, not {grading!r}", "grading")
    time_limit = root.get("time_limit_minutes", "integer", default=0)
    if time_limit < 0:
        root.problem("'time_limit_minutes' must be 0 (no limit) or more", "time_limit_minutes")
    questions = _questions(root)
    return Quiz(
        slug=root.slug("slug"),
        title=root.texts("title"),
        pass_mark=pass_mark,
        attempts=attempts,
        grading=grading,
        shuffle_questions=root.get("shuffle_questions", "boolean", default=False),
        shuffle_options=root.get("shuffle_options", "boolean", default=False),
        time_limit_minutes=time_limit,
        review=_review(root),
        bands=_bands(root),
        questions=questions,
    )


def _review(root: Table) -> dict[str, frozenset[str]]:
    """What participants see after an attempt, later, and after close (nothing unless listed)."""
    review = {time: frozenset[str]() for time in REVIEW_TIMES}
    table = root.table("review")
    if table is None:
        return review
    table.check_keys(REVIEW_TIMES)
    for time in REVIEW_TIMES:
        values = set(table.strings(time))
        unknown = values - set(REVIEW_ITEMS)
        if unknown:
            table.problem(
                f"'{time}' may only list {', '.join(REVIEW_ITEMS)}, not {', '.join(sorted(unknown))}",
                time,
            )
        review[time] = frozenset(values & set(REVIEW_ITEMS))
    return review


def _bands(root: Table) -> list[Band]:
    """Overall feedback bands, sorted by their minimum percent."""
    bands, seen = [], set()
    for table in root.tables("band"):
        table.check_keys({"min", "feedback"})
        minimum = table.get("min", "number", required=True, default=0)
        if not 0 <= minimum <= 100:
            table.problem(f"band 'min' must be between 0 and 100, not {minimum}", "min")
        if minimum in seen:
            table.problem(f"duplicate band min {minimum}", "min")
        seen.add(minimum)
        bands.append(Band(minimum, table.texts("feedback")))
    return sorted(bands, key=lambda band: band.min)


def _questions(root: Table) -> list[Question]:
    """All questions, with ids unique in the quiz; at least one is required."""
    tables = root.tables("question", required=True)
    if "question" in root.data and not tables:
        root.problem("a quiz needs at least one [[question]]", "question")
    questions, seen = [], set()
    for table in tables:
        question = _question(table)
        if question.id and question.id in seen:
            table.problem(f"duplicate question id '{question.id}'", "id")
        seen.add(question.id)
        questions.append(question)
    return questions


def _question(table: Table) -> Question:
    """One question, checked against the rules of its type."""
    kind = table.get("type", "string", required=True, default="")
    if kind and kind not in QUESTION_TYPES:
        table.problem(f"'type' must be one of {', '.join(QUESTION_TYPES)}, not {kind!r}", "type")
    extra = TYPE_KEYS.get(kind, set().union(*TYPE_KEYS.values()))
    table.check_keys(QUESTION_KEYS | extra)
    points = table.get("points", "number", default=1)
    if points <= 0:
        table.problem("'points' must be more than 0", "points")
    fields: dict = {}
    if kind in ("single", "multiple"):
        fields["options"] = _options(table, kind)
    elif kind == "truefalse":
        fields["answer"] = table.get("answer", "boolean", required=True)
    elif kind == "numeric":
        fields["answer"] = table.get("answer", "number", required=True)
        fields["tolerance"] = table.get("tolerance", "number", default=0)
        if fields["tolerance"] < 0:
            table.problem("'tolerance' must be 0 or more", "tolerance")
    elif kind == "text":
        fields["accepted"] = _accepted(table)
    elif kind == "matching":
        fields["pairs"] = _parts(
            table, "pair", {"left", "right"}, lambda t, i: Pair(i, t.texts("left"), t.texts("right"))
        )
    elif kind == "ordering":
        fields["items"] = _parts(table, "item", {"text"}, lambda t, i: Item(i, t.texts("text")))
    return Question(
        id=table.slug("id"),
        type=kind,
        points=points,
        text=table.texts("text"),
        feedback=table.texts("feedback", required=False),
        **fields,
    )


def _options(question: Table, kind: str) -> list[Option]:
    """Options of a single/multiple question: single needs exactly one correct, multiple one or more."""
    options = _parts(
        question,
        "option",
        {"correct", "text", "feedback"},
        lambda t, i: Option(
            i, t.get("correct", "boolean", default=False), t.texts("text"),
            t.texts("feedback", required=False),
        ),
    )
    correct = sum(option.correct for option in options)
    if kind == "single" and correct != 1:
        question.problem(
            f"a 'single' question needs exactly one correct option, not {correct}", "option"
        )
    if kind == "multiple" and correct < 1:
        question.problem("a 'multiple' question needs at least one correct option", "option")
    return options


def _parts(question: Table, key: str, keys: set[str], build: Callable[[Table, str], T]) -> list[T]:
    """The ``[[question.<key>]]`` tables (options, pairs, items): ids unique, at least two."""
    tables = question.tables(key, required=True)
    if key in question.data and len(tables) < 2:
        question.problem(f"a question needs at least two '{key}' entries, not {len(tables)}", key)
    parts, seen = [], set()
    for table in tables:
        table.check_keys({"id"} | keys)
        ident = table.slug("id")
        if ident and ident in seen:
            table.problem(f"duplicate {key} id '{ident}'", "id")
        seen.add(ident)
        parts.append(build(table, ident))
    return parts


def _accepted(question: Table) -> dict[str, list[str]]:
    """Accepted answers of a text question per language; English needs at least one."""
    table = question.table("accepted", required=True)
    if table is None:
        return {}
    table.check_keys(LANGUAGES)
    accepted = {}
    for lang in LANGUAGES:
        values = [v for v in table.strings(lang) if v.strip()]
        if values:
            accepted[lang] = values
    if "en" not in accepted:
        question.problem("a 'text' question needs a list of accepted English answers", "accepted")
    return accepted
