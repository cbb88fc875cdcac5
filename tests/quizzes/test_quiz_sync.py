"""Quizzes come from the course files: synced in place, attempts kept, the real course's quizzes valid."""
from pathlib import Path

from course_builder import write_course
from quiz_helpers import RIGHT, send, start
from quiz_toml import quiz_toml

from hrdap.extensions import db
from hrdap.learning.loader import load_course
from hrdap.learning.sync import sync_course
from hrdap.quizzes.models import Quiz, QuizAttempt

COURSES = Path(__file__).resolve().parents[2] / "courses"


def test_sync_stores_settings_and_questions(course):
    """The intro quiz's settings and its seven questions are in the database, texts per language."""
    quiz = db.session.scalar(db.select(Quiz).where(Quiz.slug == "intro-quiz"))
    assert (quiz.pass_mark, quiz.attempts_allowed, quiz.grading) == (70, 3, "highest")
    assert [q["type"] for q in quiz.questions] == [
        "single", "multiple", "truefalse", "numeric", "text", "matching", "ordering"]
    assert quiz.questions[0]["text"]["fr"] == "Combien d'États membres siègent au Conseil ?"
    assert quiz.review["later"] == ["correctness"]


def test_resync_updates_in_place_and_keeps_attempts(course, learner, tmp_path):
    """Changing the files updates the same quiz row; a removed question is no longer graded."""
    client, _ = learner
    _, attempt = start(client)
    send(client, attempt, RIGHT, action="submit")
    quiz_id = db.session.scalar(db.select(Quiz.id).where(Quiz.slug == "intro-quiz"))
    text = quiz_toml(attempts=5)
    text = text[:text.index('[[question]]\nid = "steps"')]  # drop the ordering question
    sync_course(write_course(tmp_path, future="locked", quizzes={"intro": text}))
    quiz = db.session.get(Quiz, quiz_id)
    assert quiz.attempts_allowed == 5 and len(quiz.questions) == 6
    assert db.session.get(QuizAttempt, attempt.id).percent == 100
    _, second = start(client)
    assert send(client, second, RIGHT, action="submit").status_code == 400  # steps is gone
    send(client, second, {k: v for k, v in RIGHT.items() if k != "steps"}, action="submit")
    row = db.session.get(QuizAttempt, second.id)
    assert row.max_score == 8 and "steps" not in row.marks
    assert db.session.scalar(db.select(Quiz).where(Quiz.slug == "council-quiz")).retired_at is None


def test_quiz_removed_from_the_files_is_retired_when_attempted(course, learner, tmp_path):
    """A quiz with attempts is kept but hidden; one without attempts is deleted."""
    client, _ = learner
    _, attempt = start(client)
    sync_course(write_course(tmp_path, future="locked", quizzes={}))
    for name in ("mini/modules/01-intro/quiz.toml", "mini/modules/02-council/quiz.toml",
                 "mini/modules/03-upr/quiz.toml"):
        (tmp_path / name).unlink()
    sync_course(tmp_path / "mini")
    intro = db.session.scalar(db.select(Quiz).where(Quiz.slug == "intro-quiz"))
    assert intro.retired_at is not None and db.session.get(QuizAttempt, attempt.id) is not None
    assert db.session.scalar(db.select(Quiz).where(Quiz.slug == "council-quiz")) is None
    assert client.get("/learn/mini/intro/quiz").status_code == 404


def test_the_course_quizzes_are_valid_and_teach():
    """`courses check` passes; each mechanism module's quiz has 8+ questions of 4+ types, with feedback."""
    course, problems = load_course(COURSES / "hrdap")
    assert not [p for p in problems if not p.warning]
    for module in course.modules:
        if module.mechanism in ("hrc", "special-procedures", "treaty-bodies", "upr", "ohchr"):
            quiz = module.quiz
            assert quiz and len(quiz.questions) >= 8 and len({q.type for q in quiz.questions}) >= 4
            assert all(q.feedback.get("en") and q.feedback.get("fr") and q.feedback.get("es")
                       for q in quiz.questions)


def test_demo_participant_has_a_submitted_attempt(app, frozen_clock):
    """The demo seeder gives the demo participant one submitted, passing attempt on the introduction quiz, once."""
    from hrdap.demo import ensure_people
    from hrdap.learning.cli import sync_all
    from hrdap.quizzes.demo import seed

    with app.app_context():
        people = ensure_people()
        sync_all()
        first = seed(people)
        again = seed(people)
        attempts = db.session.scalars(db.select(QuizAttempt)).all()
        assert first and not again
        assert len(attempts) == 1 and attempts[0].submitted_at and attempts[0].percent >= 70
