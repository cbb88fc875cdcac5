"""The rules of taking a quiz: start or resume, save, submit exactly once, time limit, review.

Each function takes the acting person and ``moment`` (from ``hrdap.clock.now``) explicitly and
raises a :class:`QuizError` that the view shows as a clear message with its status.

Concurrency: attempt numbers are unique per quiz and person (a database constraint). On SQLite
every transaction begins IMMEDIATE, so two starts queue; on PostgreSQL the second insert of the
same number fails and the start is retried, finding the first one's attempt and resuming it. Saving
and submitting are conditional updates (``WHERE submitted_at IS NULL``): whichever request comes
second changes nothing and is told so.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from hrdap.auth.models import User
from hrdap.extensions import db
from hrdap.learning.models import Module, pick
from hrdap.quizzes import paper
from hrdap.quizzes.grading import AttemptResult, InvalidAnswer, band_for, counted_grade
from hrdap.quizzes.models import IMMEDIATE_REVIEW, Quiz, QuizAttempt

REVIEW_ITEMS = ("correctness", "marks", "feedback", "answers")


class QuizError(Exception):
    """A refusal with a message for the person and an HTTP status."""

    status = 409

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AttemptsExhausted(QuizError):
    """No attempt is left."""


class AlreadySubmitted(QuizError):
    """The attempt was submitted before (maybe by another request at the same time)."""


class TimeUp(QuizError):
    """Answers arrived after the time limit: not saved; the attempt was submitted as it was."""


class BadAnswer(QuizError):
    """The form sent ids this quiz does not have (tampering, or a page of another quiz)."""

    status = 400


class AttemptNotFound(Exception):
    """Not an attempt of this person at this quiz (answered as 404)."""


def live_quiz(module: Module) -> Quiz | None:
    """The module's quiz, unless it was removed from the files."""
    return db.session.scalar(select(Quiz).where(Quiz.module_id == module.id, Quiz.retired_at.is_(None)))


def attempts_of(quiz: Quiz, user_id: int) -> list[QuizAttempt]:
    """This person's attempts at ``quiz``, first to last."""
    return list(db.session.scalars(select(QuizAttempt).where(
        QuizAttempt.quiz_id == quiz.id, QuizAttempt.user_id == user_id).order_by(QuizAttempt.number)))


def own_attempt(quiz: Quiz, user: User, attempt_id: int) -> QuizAttempt:
    """The attempt ``attempt_id`` if it is this person's, at this quiz; AttemptNotFound otherwise."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.quiz_id != quiz.id or attempt.user_id != user.id:
        raise AttemptNotFound
    return attempt


def attempts_left(quiz: Quiz, attempts: list[QuizAttempt]) -> int | None:
    """How many more attempts may be started (None when unlimited)."""
    return None if quiz.unlimited else max(quiz.attempts_allowed - len(attempts), 0)


def counted(quiz: Quiz, attempts: list[QuizAttempt]) -> float | None:
    """The percent that counts, by the quiz's grading method; None before any submitted attempt."""
    return counted_grade(quiz.grading, [a.percent for a in attempts if a.submitted_at and a.percent is not None])


def questions_of(quiz: Quiz, attempt: QuizAttempt, lang: str) -> list[paper.Shown]:
    """The attempt's paper in ``lang``."""
    return paper.paper(quiz.questions, attempt.seed, lang, quiz.shuffle_questions, quiz.shuffle_options,
                       attempt.responses)


# --------------------------------------------------------------------------- lifecycle


def start_attempt(quiz: Quiz, user: User, moment: datetime) -> QuizAttempt:
    """Resume the open attempt, or start the next one; AttemptsExhausted after the last."""
    for _try in range(5):
        attempts = attempts_of(quiz, user.id)
        finalise_expired(quiz, attempts, moment)
        current = next((a for a in attempts if a.is_open), None)
        if current is not None:
            return current
        if attempts_left(quiz, attempts) == 0:
            db.session.rollback()
            raise AttemptsExhausted(_("You have used all %(n)d attempts at this quiz.", n=quiz.attempts_allowed))
        limit = quiz.time_limit_minutes
        attempt = QuizAttempt(
            quiz_id=quiz.id, user_id=user.id, number=max((a.number for a in attempts), default=0) + 1,
            seed=secrets.token_hex(16), started_at=moment, responses={},
            deadline_at=moment + timedelta(minutes=limit) if limit > 0 else None)
        try:
            with db.session.begin_nested():
                db.session.add(attempt)
        except IntegrityError:
            continue  # another request started this number at the same moment: look again
        db.session.commit()
        return attempt
    raise QuizError(_("The quiz is busy. Please try again in a moment."))


def _read(quiz: Quiz, attempt: QuizAttempt, form: MultiDict) -> dict[str, Any]:
    try:
        return paper.read_form(quiz.questions, attempt.seed, form)
    except InvalidAnswer as err:
        db.session.rollback()
        raise BadAnswer(_("Some answers do not belong to this quiz (unknown options or questions), so "
                          "nothing was saved. Reload the quiz page and answer again.")) from err


def _check_open(quiz: Quiz, attempt: QuizAttempt, moment: datetime) -> None:
    """Refuse a submitted attempt; submit an expired one as saved, and refuse the new answers."""
    if attempt.submitted_at is not None:
        raise AlreadySubmitted(_("This attempt has already been submitted; nothing was changed."))
    if attempt.expired(moment):
        finalise_expired(quiz, [attempt], moment)
        raise TimeUp(_("The time limit has passed, so these answers were not saved. The attempt was "
                       "submitted with the answers saved before the limit."))


def save(quiz: Quiz, attempt: QuizAttempt, form: MultiDict, moment: datetime) -> None:
    """Save the posted answers (all of them replace the saved ones); nothing on any refusal."""
    _check_open(quiz, attempt, moment)
    responses = _read(quiz, attempt, form)
    changed = db.session.execute(
        update(QuizAttempt).where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(responses=responses, saved_at=moment).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    db.session.refresh(attempt)
    if changed != 1:
        raise AlreadySubmitted(_("This attempt has already been submitted; nothing was changed."))


def submit(quiz: Quiz, attempt: QuizAttempt, form: MultiDict | None, moment: datetime) -> AttemptResult:
    """Save the posted answers and grade them, exactly once (a second submit is refused)."""
    _check_open(quiz, attempt, moment)
    responses = _read(quiz, attempt, form) if form is not None else dict(attempt.responses or {})
    return _finish(quiz, attempt, responses, moment, auto=False)


def _finish(quiz: Quiz, attempt: QuizAttempt, responses: dict, moment: datetime, auto: bool) -> AttemptResult:
    """Grade and close the attempt with one conditional update; AlreadySubmitted if it was closed."""
    live = {q["id"] for q in quiz.questions}
    result = paper.grade(quiz.questions, {k: v for k, v in responses.items() if k in live})
    marks = {qid: {"score": m.score, "max": m.max, "state": m.state.value} for qid, m in result.marks.items()}
    changed = db.session.execute(
        update(QuizAttempt).where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(responses=responses, submitted_at=moment, auto_submitted=auto, score=result.score,
                max_score=result.max_score, percent=result.percent, marks=marks)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    db.session.refresh(attempt)
    if changed != 1:
        raise AlreadySubmitted(_("This attempt has already been submitted; nothing was changed."))
    return result


def finalise_expired(quiz: Quiz, attempts: list[QuizAttempt], moment: datetime) -> None:
    """Submit, with the answers saved in time, every open attempt whose time limit has passed.

    The submission time recorded is the deadline, not the moment someone noticed.
    """
    for attempt in attempts:
        if attempt.is_open and attempt.expired(moment):
            try:
                _finish(quiz, attempt, dict(attempt.responses or {}), attempt.deadline_at, auto=True)
            except (AlreadySubmitted, InvalidAnswer):
                db.session.rollback()
                db.session.refresh(attempt)


# --------------------------------------------------------------------------- review


def review_moment(quiz: Quiz, attempt: QuizAttempt, attempts: list[QuizAttempt], moment: datetime) -> str:
    """'immediately' (10 minutes after submitting), then 'after_close' once no attempt is left, else 'later'."""
    if attempt.submitted_at and moment < attempt.submitted_at + IMMEDIATE_REVIEW:
        return "immediately"
    if attempts_left(quiz, attempts) == 0 and not any(a.is_open for a in attempts):
        return "after_close"
    return "later"


def review_items(quiz: Quiz, attempt: QuizAttempt, attempts: list[QuizAttempt], moment: datetime) -> frozenset[str]:
    """What the participant may see of ``attempt`` now: correctness, marks, feedback, answers."""
    if attempt.submitted_at is None:
        return frozenset()
    return frozenset((quiz.review or {}).get(review_moment(quiz, attempt, attempts, moment), ()))


def grade_visible(quiz: Quiz, attempts: list[QuizAttempt], moment: datetime) -> bool:
    """May the learner see their counted grade as a number now? Only when the review options show
    marks for their latest submitted attempt (otherwise they only learn whether they passed)."""
    submitted = [a for a in attempts if a.submitted_at is not None]
    return bool(submitted) and "marks" in review_items(quiz, submitted[-1], attempts, moment)


def band_feedback(quiz: Quiz, percent: float | None, lang: str) -> str:
    """The overall feedback of the score band ``percent`` falls in."""
    if percent is None:
        return ""
    texts = band_for(percent, [(b["min"], b["feedback"]) for b in quiz.bands or []])
    return pick(texts, lang) if texts else ""
