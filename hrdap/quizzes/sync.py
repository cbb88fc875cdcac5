"""Load a module's quiz from the course files into the database (called by ``learning.sync``).

The Quiz row is updated in place on every sync, so attempts survive. A quiz that disappeared from
the files is deleted when nobody attempted it, otherwise retired (hidden, kept for the record).
"""
from __future__ import annotations

import dataclasses

from sqlalchemy import func, select

from hrdap.clock import now
from hrdap.extensions import db
from hrdap.learning import course_data as cd
from hrdap.learning.models import Module
from hrdap.quizzes.models import Quiz, QuizAttempt


def definition_of(quiz: cd.Quiz) -> dict:
    """The loader's questions as plain JSON-ready dicts."""
    return {"questions": [dataclasses.asdict(q) for q in quiz.questions]}


def sync_quiz(module: Module, quiz_data: cd.Quiz | None) -> None:
    """Create, update, retire or delete the quiz of ``module`` to match the files."""
    quiz = db.session.scalar(select(Quiz).where(Quiz.module_id == module.id))
    if quiz_data is None:
        if quiz is not None:
            attempts = db.session.scalar(
                select(func.count()).select_from(QuizAttempt).where(QuizAttempt.quiz_id == quiz.id))
            if attempts:
                quiz.retired_at = quiz.retired_at or now()
            else:
                db.session.delete(quiz)
        return
    if quiz is None:
        quiz = Quiz(module_id=module.id)
        db.session.add(quiz)
    quiz.slug, quiz.title = quiz_data.slug, dict(quiz_data.title)
    quiz.pass_mark, quiz.attempts_allowed = float(quiz_data.pass_mark), int(quiz_data.attempts)
    quiz.grading = quiz_data.grading
    quiz.shuffle_questions, quiz.shuffle_options = quiz_data.shuffle_questions, quiz_data.shuffle_options
    quiz.time_limit_minutes = int(quiz_data.time_limit_minutes)
    quiz.review = {moment: sorted(items) for moment, items in quiz_data.review.items()}
    quiz.bands = [{"min": band.min, "feedback": dict(band.feedback)} for band in quiz_data.bands]
    quiz.definition = definition_of(quiz_data)
    quiz.synced_at, quiz.retired_at = now(), None
    db.session.flush()
