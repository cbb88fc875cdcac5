"""Learners' progress: lessons marked done, per module and per course, and cohort overviews."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from hrdap.auth.models import User
from hrdap.extensions import db
from hrdap.learning.models import Course, Lesson, LessonProgress, Module
from hrdap.quizzes.grades import QuizState, counted_grades


@dataclass(frozen=True)
class Fraction:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


# Every course page asks; built once (see access._LESSON_AND_DONE).
_DONE_IDS = (select(LessonProgress.lesson_id).join(Lesson).join(Module)
             .where(LessonProgress.user_id == bindparam("user_id"), Module.course_id == bindparam("course_id")))


def done_lesson_ids(user_id: int, course: Course) -> set[int]:
    """Ids of the course's lessons this learner marked done."""
    return set(db.session.scalars(_DONE_IDS, {"user_id": user_id, "course_id": course.id}))


def module_fractions(course: Course, done: set[int]) -> dict[int, Fraction]:
    """Lessons done out of the live lessons, per module id (one query, however many lessons)."""
    ids: dict[int, list[int]] = {m.id: [] for m in course.modules if m.retired_at is None}
    for module_id, lesson_id in db.session.execute(
            select(Lesson.module_id, Lesson.id).join(Module)
            .where(Module.course_id == course.id, Module.retired_at.is_(None), Lesson.retired_at.is_(None))):
        ids.setdefault(module_id, []).append(lesson_id)
    return {module_id: Fraction(sum(1 for i in lesson_ids if i in done), len(lesson_ids))
            for module_id, lesson_ids in ids.items()}


def course_fraction(fractions: dict[int, Fraction]) -> Fraction:
    return Fraction(sum(f.done for f in fractions.values()), sum(f.total for f in fractions.values()))


def mark_done(user: User, lesson: Lesson) -> None:
    """Record the lesson as done (twice, or from two tabs at once, is the same as once)."""
    exists = db.session.scalar(select(LessonProgress.id).where(
        LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id))
    if exists:
        return
    try:
        with db.session.begin_nested():
            db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id))
    except IntegrityError:
        pass  # a concurrent request recorded it first
    db.session.commit()


def mark_not_done(user: User, lesson: Lesson) -> None:
    """Undo 'mark as done'."""
    db.session.execute(LessonProgress.__table__.delete().where(
        LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id))
    db.session.commit()


def cohort_table(course: Course, user_ids: list[int]) -> dict[int, dict[int, Fraction]]:
    """Per learner, per module: lessons done. One grouped query for the whole cohort (no N+1)."""
    counts: dict[tuple[int, int], int] = {}
    if user_ids:
        rows = db.session.execute(
            select(LessonProgress.user_id, Lesson.module_id, func.count())
            .join(Lesson, Lesson.id == LessonProgress.lesson_id).join(Module)
            .where(LessonProgress.user_id.in_(user_ids), Module.course_id == course.id,
                   Lesson.retired_at.is_(None))
            .group_by(LessonProgress.user_id, Lesson.module_id))
        counts = {(u, m): n for u, m, n in rows}
    live = [m for m in course.modules if m.retired_at is None]
    return {uid: {m.id: Fraction(counts.get((uid, m.id), 0), len(m.live_lessons)) for m in live}
            for uid in user_ids}


def quiz_states(course: Course, user_ids: list[int]) -> dict[int, dict[int, QuizState]]:
    """Per learner, per module that has a quiz: the counted grade and the pass mark (one query)."""
    return counted_grades(course, user_ids)


def module_complete(fraction: Fraction, quiz: QuizState | None) -> bool:
    """A module is complete when its live lessons are done and its quiz, if any, is passed."""
    return fraction.complete and (quiz is None or quiz.passed)
