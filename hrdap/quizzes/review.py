"""What a review page shows of a submitted attempt, question by question, in the reader's language.

Which parts are shown (correctness, marks, feedback, right answers) is decided by
``services.review_items``; this module only puts the words together. A person always sees their
own answers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from hrdap.learning.models import pick
from hrdap.quizzes import paper
from hrdap.quizzes.models import QuizAttempt

STATE_LABELS = {
    "right": lambda: _("Right"),
    "partial": lambda: _("Partly right"),
    "wrong": lambda: _("Wrong"),
    "unanswered": lambda: _("Not answered"),
}


@dataclass
class ReviewRow:
    """One question of a review page."""

    shown: paper.Shown
    given: list[str]
    state: str = "unanswered"
    score: float = 0.0
    max: float = 0.0
    feedback: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, STATE_LABELS["unanswered"])()


def _bool_label(value) -> str:
    return _("True") if value else _("False")


def given_answer(q: dict, response, lang: str) -> list[str]:
    """The person's answer as lines of text."""
    if response in (None, "", [], {}):
        return []
    kind = q["type"]
    options = {o["id"]: pick(o.get("text"), lang) for o in q.get("options") or []}
    if kind == "single":
        return [options.get(response, "")]
    if kind == "multiple":
        return [options.get(o, "") for o in response]
    if kind == "truefalse":
        return [_bool_label(str(response).lower() == "true")]
    if kind == "matching":
        pairs = {p["id"]: p for p in q.get("pairs") or []}
        return [f"{pick(pairs[left]['left'], lang)} → {pick(pairs[right]['right'], lang)}"
                for left, right in response.items() if left in pairs and right in pairs]
    if kind == "ordering":
        items = {i["id"]: pick(i.get("text"), lang) for i in q.get("items") or []}
        return [f"{pos}. {items.get(iid, '')}" for iid, pos in sorted(response.items(), key=lambda kv: kv[1])]
    return [str(response)]


def right_answer(q: dict, lang: str) -> list[str]:
    """The right answer as lines of text."""
    kind = q["type"]
    if kind in ("single", "multiple"):
        return [pick(o.get("text"), lang) for o in q.get("options") or [] if o.get("correct")]
    if kind == "truefalse":
        return [_bool_label(q.get("answer"))]
    if kind == "numeric":
        answer = f"{q.get('answer'):g}"
        tolerance = q.get("tolerance") or 0
        return [answer + (f" ± {tolerance:g}" if tolerance else "")]
    if kind == "text":
        accepted = q.get("accepted") or {}
        return list(accepted.get(lang) or accepted.get("en") or [])
    if kind == "matching":
        return [f"{pick(p['left'], lang)} → {pick(p['right'], lang)}" for p in q.get("pairs") or []]
    if kind == "ordering":
        return [f"{n}. {pick(i.get('text'), lang)}" for n, i in enumerate(q.get("items") or [], start=1)]
    return []


def feedback_of(q: dict, response, lang: str) -> list[str]:
    """The feedback of the options the person chose, then the question's own feedback."""
    chosen = response if isinstance(response, list) else [response]
    lines = [pick(o.get("feedback"), lang) for o in q.get("options") or [] if o["id"] in chosen]
    lines.append(pick(q.get("feedback"), lang))
    return [line for line in lines if line]


def rows(shown: list[paper.Shown], attempt: QuizAttempt, lang: str) -> list[ReviewRow]:
    """The review rows of a submitted attempt (questions added after it was graded show as not answered)."""
    marks = attempt.marks or {}
    responses = attempt.responses or {}
    result = []
    for s in shown:
        response = responses.get(s.id)
        mark = marks.get(s.id, {})
        result.append(ReviewRow(
            shown=s, given=given_answer(s.q, response, lang), state=mark.get("state", "unanswered"),
            score=mark.get("score", 0.0), max=mark.get("max", float(s.q.get("points", 1))),
            feedback=feedback_of(s.q, response, lang), right=right_answer(s.q, lang)))
    return result
