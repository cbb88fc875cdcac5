"""Quiz results for staff and coaches: grade distribution, most missed questions, histories, CSV.

Staff see every learner of the course (cohort participants and self-paced learners with attempts);
coaches see only the participants they coach (``Enrolment.coach_id``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from hrdap.auth.models import User
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.learning.access import LearnerView
from hrdap.learning.models import pick
from hrdap.quizzes import services
from hrdap.quizzes.models import Quiz, QuizAttempt

BINS = 10  # 0-10, 10-20, ... 90-100


@dataclass
class LearnerResult:
    """One learner's attempts at the quiz and the grade that counts."""

    user: User
    attempts: list[QuizAttempt]
    counted: float | None


@dataclass(frozen=True)
class Missed:
    """How often a question was not fully right, over all submitted attempts seen."""

    id: str
    text: str
    missed: int
    total: int

    @property
    def share(self) -> float:
        return self.missed / self.total if self.total else 0.0


@dataclass
class QuizResults:
    learners: list[LearnerResult]
    histogram: list[int]
    missed: list[Missed]

    @property
    def not_taken(self) -> int:
        return sum(1 for r in self.learners if r.counted is None)


def visible_user_ids(view: LearnerView, acting: User, quiz: Quiz) -> list[int]:
    """The learners whose results ``acting`` may see (coaches: their own participants only)."""
    query = select(Enrolment.user_id).join(Cohort).where(Cohort.course_id == view.course.id,
                                                         Enrolment.withdrawn_at.is_(None))
    if view.role != "staff":
        return list(dict.fromkeys(db.session.scalars(query.where(Enrolment.coach_id == acting.id))))
    enrolled = list(db.session.scalars(query))
    attempted = list(db.session.scalars(select(QuizAttempt.user_id).where(QuizAttempt.quiz_id == quiz.id)))
    return list(dict.fromkeys(enrolled + attempted))


def histogram(grades: list[float]) -> list[int]:
    """How many grades fall in each tenth: 0-<10, ..., 90-100 (100 goes in the last)."""
    bins = [0] * BINS
    for grade in grades:
        bins[min(int(grade // (100 / BINS)), BINS - 1)] += 1
    return bins


def most_missed(quiz: Quiz, attempts: list[QuizAttempt], lang: str) -> list[Missed]:
    """The quiz's questions, most often missed first (missed = not fully right, blank included)."""
    result = []
    for q in quiz.questions:
        states = [a.marks[q["id"]]["state"] for a in attempts if a.marks and q["id"] in a.marks]
        result.append(Missed(q["id"], pick(q.get("text"), lang),
                             sum(1 for s in states if s != "right"), len(states)))
    return sorted(result, key=lambda m: (-m.share, -m.missed))


def results(quiz: Quiz, user_ids: list[int], lang: str, moment: datetime) -> QuizResults:
    """Everything the results page shows, for the learners ``user_ids``."""
    attempts = list(db.session.scalars(select(QuizAttempt).where(
        QuizAttempt.quiz_id == quiz.id, QuizAttempt.user_id.in_(user_ids)).order_by(QuizAttempt.number)))
    services.finalise_expired(quiz, attempts, moment)
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    by_user: dict[int, list[QuizAttempt]] = {uid: [] for uid in user_ids}
    for attempt in attempts:
        by_user[attempt.user_id].append(attempt)
    learners = [LearnerResult(users[uid], rows, services.counted(quiz, rows))
                for uid, rows in by_user.items() if uid in users]
    learners.sort(key=lambda r: r.user.display_name.casefold())
    submitted = [a for a in attempts if a.submitted_at is not None]
    return QuizResults(learners=learners,
                       histogram=histogram([r.counted for r in learners if r.counted is not None]),
                       missed=most_missed(quiz, submitted, lang))


def csv_table(quiz: Quiz, data: QuizResults) -> tuple[list[str], list[list]]:
    """One row per attempt: who, when, grade, whether it counts, and the score of each question."""
    ids = [q["id"] for q in quiz.questions]
    header = ["participant", "email", "attempt", "started_at", "submitted_at", "auto_submitted",
              "score", "max_score", "percent", "counted_grade", *ids]
    rows = []
    for learner in data.learners:
        for a in learner.attempts:
            marks = a.marks or {}
            rows.append([learner.user.display_name, learner.user.email, a.number, a.started_at.isoformat(),
                         a.submitted_at.isoformat() if a.submitted_at else "", "yes" if a.auto_submitted else "",
                         a.score, a.max_score, a.percent, learner.counted,
                         *[marks.get(qid, {}).get("score", "") for qid in ids]])
    return header, rows
