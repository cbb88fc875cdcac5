"""Learning in a real browser, with and without JavaScript: a participant reads a week-1 lesson, marks it
done, and passes the module's quiz."""
from __future__ import annotations

import pytest

from browser_quiz import answer_correctly, quiz_file
from browser_steps import sign_in
from browser_world import cohort_in_week

from hrdap.extensions import db
from hrdap.learning.models import LessonProgress
from hrdap.quizzes.models import QuizAttempt

MODULE = "Introduction: the UN human rights system and strategic advocacy"
FIRST_LESSON = "The UN human rights system at a glance"


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_read_a_week_1_lesson_and_pass_its_quiz(live, open_browser, js):
    """From the dashboard through the course to the first lesson, marked done; then the quiz, answered and passed."""
    world = cohort_in_week(3)
    person = open_browser(js=js)
    sign_in(person, world.participant)
    person.goto("/dashboard")
    person.follow("See the whole course")
    person.follow(MODULE)
    person.follow(FIRST_LESSON)
    assert person.heading() == FIRST_LESSON
    person.press("Mark as done and continue")
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(LessonProgress)
                             .where(LessonProgress.user_id == world.participant.id)) == 1
    person.follow(MODULE, within=person.page.locator("main"))
    person.follow("Open the quiz")
    person.press("Start the quiz")
    assert answer_correctly(person, quiz_file("01-introduction")) >= 1
    person.press("Submit for grading")
    assert "passed" in person.text()
    db.session.commit()
    attempt = db.session.scalars(db.select(QuizAttempt).where(QuizAttempt.user_id == world.participant.id)).one()
    assert attempt.percent >= 70
