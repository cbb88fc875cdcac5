"""One attempt's paper: questions in the attempt's order, form answers read back, and grading.

Everything follows the attempt's seed, so the order is the same on every page load of that
attempt (and differs between attempts). Matching answers and ordering items travel in the form as
per-attempt tokens, never as the ids of the course files: ids such as ``submission`` or the pair id
of the left column would otherwise give the right answer away in the page source.

Saved responses are JSON: single/truefalse/numeric/text a string, multiple a list of option ids,
matching ``{left pair id: right pair id}``, ordering ``{item id: position}`` (as the person chose,
even when two items share a position: that is a mistake to show, not tampering).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Mapping

from werkzeug.datastructures import MultiDict

from hrdap.learning.models import pick
from hrdap.quizzes.grading import (
    AttemptResult, GradableQuestion, InvalidAnswer, Mark, MarkState, grade_question, shuffled,
)

PREFIX = "q."  # form fields: q.<question id> and q.<question id>.<part token or id>
MAX_TEXT = 500


def token(seed: str, question_id: str, part_id: str) -> str:
    """An opaque per-attempt name for a matching answer or an ordering item."""
    return hashlib.sha256(f"{seed}:{question_id}:{part_id}".encode()).hexdigest()[:12]


def gradable(q: Mapping[str, Any]) -> GradableQuestion:
    """The grading view of a question of the quiz definition."""
    options = q.get("options") or []
    return GradableQuestion(
        id=q["id"], type=q["type"], points=float(q.get("points", 1)),
        correct_options=frozenset(o["id"] for o in options if o.get("correct")),
        all_options=frozenset(o["id"] for o in options),
        answer=q.get("answer"), tolerance=float(q.get("tolerance") or 0),
        accepted=q.get("accepted") or {},
        pairs={p["id"]: p["id"] for p in q.get("pairs") or []},
        items=tuple(i["id"] for i in q.get("items") or []))


@dataclass
class Shown:
    """A question as shown in one attempt, in one language."""

    q: dict
    number: int
    text: str
    choices: list[tuple[str, str]] = field(default_factory=list)  # single/multiple: (option id, text)
    lefts: list[tuple[str, str]] = field(default_factory=list)    # matching: (pair id, left text)
    rights: list[tuple[str, str]] = field(default_factory=list)   # matching: (token, right text)
    items: list[tuple[str, str]] = field(default_factory=list)    # ordering: (token, text)
    response: Any = None                                          # the saved answer, as stored
    selected: dict[str, Any] = field(default_factory=dict)        # matching: left id -> token;
                                                                  # ordering: token -> position

    @property
    def id(self) -> str:
        return self.q["id"]

    @property
    def type(self) -> str:
        return self.q["type"]


def _never_in_order(ids: list[str], seed: str) -> list[str]:
    """Shuffle ``ids``; if that left them in the right order, rotate by one (an ordering question)."""
    order = shuffled(ids, seed)
    return order[1:] + order[:1] if len(order) > 1 and order == ids else order


def paper(questions: list[dict], seed: str, lang: str, shuffle_questions: bool,
          shuffle_options: bool, responses: Mapping[str, Any] | None = None) -> list[Shown]:
    """The questions of an attempt in its order, with their parts in its order, texts in ``lang``,
    and the saved ``responses`` ready to fill the form again."""
    responses = responses or {}
    by_id = {q["id"]: q for q in questions}
    order = shuffled(list(by_id), seed) if shuffle_questions else list(by_id)
    result = []
    for number, qid in enumerate(order, start=1):
        q = by_id[qid]
        shown = Shown(q=q, number=number, text=pick(q.get("text"), lang))
        options = {o["id"]: o for o in q.get("options") or []}
        option_ids = shuffled(list(options), f"{seed}:{qid}") if shuffle_options else list(options)
        shown.choices = [(oid, pick(options[oid].get("text"), lang)) for oid in option_ids]
        pairs = {p["id"]: p for p in q.get("pairs") or []}
        shown.lefts = [(pid, pick(p.get("left"), lang)) for pid, p in pairs.items()]
        shown.rights = [(token(seed, qid, pid), pick(pairs[pid].get("right"), lang))
                        for pid in _never_in_order(list(pairs), f"{seed}:{qid}:right")]
        items = {i["id"]: i for i in q.get("items") or []}
        shown.items = [(token(seed, qid, iid), pick(items[iid].get("text"), lang))
                       for iid in _never_in_order(list(items), f"{seed}:{qid}:items")]
        shown.response = responses.get(qid)
        if isinstance(shown.response, Mapping):
            shown.selected = ({left: token(seed, qid, right) for left, right in shown.response.items()}
                              if q["type"] == "matching" else
                              {token(seed, qid, iid): pos for iid, pos in shown.response.items()})
        result.append(shown)
    return result


# --------------------------------------------------------------------------- reading the form


def read_form(questions: list[dict], seed: str, form: MultiDict) -> dict[str, Any]:
    """The responses in a posted attempt form; InvalidAnswer for anything the form could not send."""
    by_id = {q["id"]: q for q in questions}
    for name in form:
        if name.startswith(PREFIX) and name[len(PREFIX):].split(".")[0] not in by_id:
            raise InvalidAnswer("answers to questions that are not in this quiz")
    responses: dict[str, Any] = {}
    for qid, q in by_id.items():
        name = PREFIX + qid
        kind = q["type"]
        if kind == "multiple":
            value: Any = form.getlist(name)
        elif kind == "matching":
            value = _read_matching(q, seed, form)
        elif kind == "ordering":
            value = _read_ordering(q, seed, form)
        else:
            value = form.get(name, "")
            if len(value) > MAX_TEXT:
                raise InvalidAnswer(f"question {qid!r}: answer too long")
        if value not in ("", [], {}, None):
            responses[qid] = value
    check(questions, responses)
    return responses


def _read_matching(q: dict, seed: str, form: MultiDict) -> dict[str, str]:
    pairs = [p["id"] for p in q.get("pairs") or []]
    by_token = {token(seed, q["id"], pid): pid for pid in pairs}
    chosen = {}
    for pid in pairs:
        value = form.get(f"{PREFIX}{q['id']}.{pid}", "")
        if value:
            if value not in by_token:
                raise InvalidAnswer(f"question {q['id']!r}: unknown answer")
            chosen[pid] = by_token[value]
    extra = {n for n in form if n.startswith(f"{PREFIX}{q['id']}.")} - {f"{PREFIX}{q['id']}.{p}" for p in pairs}
    if extra:
        raise InvalidAnswer(f"question {q['id']!r}: unknown items")
    return chosen


def _read_ordering(q: dict, seed: str, form: MultiDict) -> dict[str, int]:
    items = [i["id"] for i in q.get("items") or []]
    names = {f"{PREFIX}{q['id']}.{token(seed, q['id'], iid)}": iid for iid in items}
    extra = {n for n in form if n.startswith(f"{PREFIX}{q['id']}.")} - set(names)
    if extra:
        raise InvalidAnswer(f"question {q['id']!r}: unknown items")
    positions = {}
    for name, iid in names.items():
        value = form.get(name, "")
        if value:
            if not value.isdigit() or not 1 <= int(value) <= len(items):
                raise InvalidAnswer(f"question {q['id']!r}: position out of range")
            positions[iid] = int(value)
    return positions


def check(questions: list[dict], responses: Mapping[str, Any]) -> None:
    """Raise InvalidAnswer when a response names options or questions the quiz does not have."""
    grade(questions, responses)


# --------------------------------------------------------------------------- grading


def ordering_list(q: dict, positions: Mapping[str, int]) -> list[str] | None:
    """Item ids by chosen position; None when the positions are incomplete or repeated."""
    items = [i["id"] for i in q.get("items") or []]
    if sorted(positions.values()) != list(range(1, len(items) + 1)) or set(positions) != set(items):
        return None
    return sorted(positions, key=positions.__getitem__)


def grade(questions: list[dict], responses: Mapping[str, Any]) -> AttemptResult:
    """Grade saved responses against the questions (responses to removed questions are ignored)."""
    marks: dict[str, Mark] = {}
    for q in questions:
        g = gradable(q)
        response = responses.get(q["id"])
        if q["type"] == "ordering" and response:
            if not isinstance(response, Mapping):
                raise InvalidAnswer(f"question {q['id']!r}: expected positions")
            order = ordering_list(q, response)
            if order is None:  # a position given twice or left out: wrong, not tampering
                marks[q["id"]] = Mark(0.0, g.points, MarkState.WRONG)
                continue
            response = order
        marks[q["id"]] = grade_question(g, response)
    score = round(sum(m.score for m in marks.values()), 4)
    max_score = round(sum(m.max for m in marks.values()), 4)
    percent = round(score * 100 / max_score, 4) if max_score else 0.0
    return AttemptResult(score=score, max_score=max_score, percent=percent, marks=marks)
