"""Demo data: the demo participant has taken the introduction quiz once (idempotent)."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from hrdap.auth.models import User
from hrdap.clock import now
from hrdap.extensions import db
from hrdap.learning.models import Course, Module
from hrdap.quizzes import services
from hrdap.quizzes.paper import token

DEMO_MODULE = "introduction"


def demo_answers(quiz, seed: str) -> MultiDict:
    """Mostly right answers: the right option, answer, pairs or order for every question but the last."""
    questions = quiz.questions
    form = MultiDict()
    for q in questions[:-1]:
        name = "q." + q["id"]
        if q["type"] in ("single", "multiple"):
            for option in q["options"]:
                if option.get("correct"):
                    form.add(name, option["id"])
        elif q["type"] in ("truefalse", "numeric"):
            form.add(name, str(q["answer"]).lower() if q["type"] == "truefalse" else f"{q['answer']:g}")
        elif q["type"] == "text":
            form.add(name, q["accepted"]["en"][0])
        elif q["type"] == "matching":
            for pair in q["pairs"]:
                form.add(f"{name}.{pair['id']}", token(seed, q["id"], pair["id"]))
        elif q["type"] == "ordering":
            for position, item in enumerate(q["items"], start=1):
                form.add(f"{name}.{token(seed, q['id'], item['id'])}", str(position))
    return form


def seed(people: dict[str, User]) -> list[str]:
    """Give the demo participant a submitted attempt on the introduction quiz, once."""
    module = db.session.scalar(db.select(Module).join(Course).where(
        Course.slug == "hrdap", Module.slug == DEMO_MODULE))
    quiz = services.live_quiz(module) if module else None
    user = people.get("participant")
    if quiz is None or user is None or services.attempts_of(quiz, user.id):
        return []
    attempt = services.start_attempt(quiz, user, now())
    services.submit(quiz, attempt, demo_answers(quiz, attempt.seed), now())
    return [f"Quiz: {user.email} has a submitted attempt on {quiz.slug} ({attempt.percent:.0f}%)"]
