"""Helpers for quiz tests: enrol a learner, start an attempt, answer through the attempt form."""
from __future__ import annotations

from datetime import timedelta

from formpost import post_form

from hrdap.clock import now
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.learning.access import geneva_today
from hrdap.quizzes.models import Quiz, QuizAttempt
from hrdap.quizzes.paper import token

RIGHT = {"members": "a", "charter": ["hrc", "upr"], "ngo": "true", "mandates": "46,5",
         "upr-name": "  universal periodic REVIEW ",
         "treaties": {"ccpr": "ccpr", "torture": "torture", "child": "child"},
         "steps": ["submission", "pre-session", "dialogue"]}


def enrol(course, user, week=2, coach=None):
    """Put ``user`` in a cohort that is in ``week`` today."""
    cohort = Cohort(course_id=course.id, name=f"Cohort {user.id}", weeks=10,
                    starts_on=geneva_today(now()) - timedelta(days=7 * (week - 1)))
    db.session.add(cohort)
    db.session.flush()
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=user.id, coach_id=coach.id if coach else None))
    db.session.commit()
    return cohort


def quiz_url(module="intro", rest=""):
    return f"/learn/mini/{module}/quiz{rest}"


def start(client, module="intro"):
    """Press "Start" on the quiz page; return (response, the person's newest attempt or None)."""
    response = post_form(client, quiz_url(module, "/start"), page=quiz_url(module))
    attempt = db.session.scalar(db.select(QuizAttempt).order_by(QuizAttempt.id.desc()))
    return response, attempt


def attempt_url(attempt, module="intro", rest=""):
    return quiz_url(module, f"/attempts/{attempt.id}{rest}")


def form_for(attempt: QuizAttempt, answers: dict) -> dict:
    """The form fields a browser would send for ``answers`` (matching and ordering by id, as tokens)."""
    data: dict = {}
    for qid, value in answers.items():
        name = f"q.{qid}"
        if qid == "treaties":
            for left, right in value.items():
                data[f"{name}.{left}"] = token(attempt.seed, qid, right)
        elif qid == "steps":
            for position, item in enumerate(value, start=1):
                data[f"{name}.{token(attempt.seed, qid, item)}"] = str(position)
        else:
            data[name] = value
    return data


def send(client, attempt, answers, action="save", module="intro", headers=None):
    """Post the attempt form with ``action`` ("save" or "submit") and a real CSRF token."""
    data = form_for(attempt, answers)
    data["action"] = action
    # The CSRF token comes from the course overview: opening the quiz pages would submit an expired attempt.
    return post_form(client, attempt_url(attempt, module), data, page="/learn/mini/", headers=headers or {})


def quiz_row(slug="intro-quiz") -> Quiz:
    return db.session.scalar(db.select(Quiz).where(Quiz.slug == slug))
