"""Counted quiz grades for many learners at once (course overview, progress tables, completion)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hrdap.extensions import db
from hrdap.learning.models import Course, Module
from hrdap.quizzes.grading import counted_grade
from hrdap.quizzes.models import Quiz, QuizAttempt


@dataclass(frozen=True)
class QuizState:
    """A learner's standing on one module's quiz."""

    grade: float | None  # the counted percent; None before any submitted attempt
    pass_mark: float

    @property
    def passed(self) -> bool:
        return self.grade is not None and self.grade >= self.pass_mark


def live_quizzes(course: Course) -> dict[int, Quiz]:
    """The course's live quizzes by module id."""
    rows = db.session.scalars(select(Quiz).join(Module).where(
        Module.course_id == course.id, Module.retired_at.is_(None), Quiz.retired_at.is_(None)))
    return {quiz.module_id: quiz for quiz in rows}


def counted_grades(course: Course, user_ids: list[int]) -> dict[int, dict[int, QuizState]]:
    """Per learner, per module with a quiz: the counted grade. Two queries for the whole group."""
    quizzes = live_quizzes(course)
    percents: dict[tuple[int, int], list[float]] = {}
    if user_ids and quizzes:
        rows = db.session.execute(
            select(QuizAttempt.user_id, QuizAttempt.quiz_id, QuizAttempt.percent)
            .where(QuizAttempt.user_id.in_(user_ids), QuizAttempt.submitted_at.is_not(None),
                   QuizAttempt.quiz_id.in_([q.id for q in quizzes.values()]))
            .order_by(QuizAttempt.number))
        for user_id, quiz_id, percent in rows:
            percents.setdefault((user_id, quiz_id), []).append(percent or 0.0)
    return {uid: {mid: QuizState(counted_grade(q.grading, percents.get((uid, q.id), [])), q.pass_mark)
                  for mid, q in quizzes.items()} for uid in user_ids}
