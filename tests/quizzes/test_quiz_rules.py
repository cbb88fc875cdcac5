"""Quiz settings as participants meet them: attempts, time limit, review options, counted grade."""
from quiz_helpers import RIGHT, attempt_url, quiz_row, quiz_url, send, start

from hrdap.cohorts import completion
from hrdap.cohorts.models import Enrolment
from hrdap.extensions import db
from hrdap.learning import progress
from hrdap.learning.models import LessonProgress, Module
from hrdap.quizzes.models import QuizAttempt

HALF = {"members": "a", "charter": ["hrc", "upr"], "ngo": "true", "mandates": "46", "upr-name": "UPR"}  # 6/10


def _take(client, answers):
    _, attempt = start(client)
    send(client, attempt, answers, action="submit")
    return attempt


def test_no_attempt_after_the_last(make_course, make_learner):
    """With 2 attempts, a third start is refused with a message and no attempt is created."""
    course = make_course(attempts=2)
    client, _ = make_learner(course)
    _take(client, HALF)
    _take(client, RIGHT)
    response, _ = start(client)
    assert response.status_code == 409
    assert "You have used all 2 attempts at this quiz." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(QuizAttempt)) == 2
    assert "You have used every attempt" in client.get(quiz_url()).get_data(as_text=True)


def test_start_resumes_the_open_attempt(learner):
    """Pressing start twice gives the same attempt, not a second one."""
    client, _ = learner
    _, first = start(client)
    _, again = start(client)
    assert first.id == again.id and again.number == 1


def test_time_limit_is_enforced_by_the_server(make_course, make_learner, frozen_clock):
    """Answers sent after the limit (and its 30-second grace) are not saved; the attempt is submitted as saved."""
    course = make_course(time_limit=10)
    client, _ = make_learner(course)
    _, attempt = start(client)
    assert "Time limit: submit by" in client.get(attempt_url(attempt)).get_data(as_text=True)
    frozen_clock.advance(minutes=5)
    send(client, attempt, {"members": "a"})
    frozen_clock.advance(minutes=5, seconds=20)  # within the grace: still saved
    send(client, attempt, {"members": "a", "ngo": "true"})
    frozen_clock.advance(seconds=20)
    late = send(client, attempt, RIGHT, action="submit")
    assert late.status_code == 409
    assert "The time limit has passed, so these answers were not saved." in late.get_data(as_text=True)
    row = db.session.get(QuizAttempt, attempt.id)
    assert row.auto_submitted and row.score == 2 and row.responses == {"members": "a", "ngo": "true"}
    assert row.submitted_at == row.deadline_at


def test_expired_attempt_is_submitted_when_next_seen(make_course, make_learner, frozen_clock):
    """An attempt left open past its limit is submitted with its saved answers when the quiz is next opened."""
    course = make_course(time_limit=5)
    client, _ = make_learner(course)
    _, attempt = start(client)
    send(client, attempt, {"members": "a"})
    frozen_clock.advance(minutes=20)
    page = client.get(quiz_url()).get_data(as_text=True)
    assert "(time limit)" in page and "Start a new attempt" in page
    assert db.session.get(QuizAttempt, attempt.id).score == 1


def test_review_options_at_the_three_moments(make_course, make_learner, frozen_clock):
    """Right after: everything; later: correctness only; after the last attempt: everything again."""
    course = make_course(attempts=2, immediately=["correctness", "marks", "feedback", "answers"],
                         later=["correctness"], after_close=["marks", "answers"])
    client, _ = make_learner(course)
    first = _take(client, HALF)
    review = client.get(attempt_url(first, rest="/review")).get_data(as_text=True)
    assert "Grade: 60%" in review and "state-right" in review and "Right answer:" in review
    assert "Re-read the lessons." in review and "47 States (lesson: Welcome)." in review

    frozen_clock.advance(minutes=11)  # later, one attempt left
    review = client.get(attempt_url(first, rest="/review")).get_data(as_text=True)
    assert "state-right" in review and "Grade:" not in review and "Right answer:" not in review
    assert "47 States (lesson: Welcome)." not in review
    assert "60%" not in client.get(quiz_url()).get_data(as_text=True)

    _take(client, RIGHT)
    frozen_clock.advance(minutes=11)  # after close: no attempt left
    review = client.get(attempt_url(first, rest="/review")).get_data(as_text=True)
    assert "Grade: 60%" in review and "Right answer:" in review
    assert "state-right" not in review and "47 States (lesson: Welcome)." not in review


def test_nothing_shown_when_review_options_are_empty(make_course, make_learner):
    """With no review options, the review page only confirms the answers are recorded."""
    course = make_course(immediately=[], later=[], after_close=[])
    client, _ = make_learner(course)
    attempt = _take(client, RIGHT)
    review = client.get(attempt_url(attempt, rest="/review")).get_data(as_text=True)
    assert "results of this attempt will be shown later" in review and "Grade:" not in review


def _module_done(course, user, grading):
    """Every lesson of the intro read; is the module complete by the counted grade?"""
    intro = db.session.scalar(db.select(Module).where(Module.slug == "intro"))
    fraction = progress.module_fractions(course, progress.done_lesson_ids(user.id, course))[intro.id]
    state = progress.quiz_states(course, [user.id])[user.id][intro.id]
    return progress.module_complete(fraction, state), state.grade


def test_grading_method_decides_module_completion(make_course, make_learner):
    """Highest, last, first and average of 60% then 100% give complete, complete, not, complete at 70%."""
    expected = {"highest": (True, 100), "last": (True, 100), "first": (False, 60), "average": (True, 80)}
    for method, (complete, grade) in expected.items():
        course = make_course(grading=method)
        client, user = make_learner(course)
        intro = db.session.scalar(db.select(Module).where(Module.slug == "intro"))
        for lesson in intro.live_lessons:
            db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id))
        db.session.commit()
        assert _module_done(course, user, method) == (False, None)
        _take(client, HALF)
        _take(client, RIGHT)
        assert _module_done(course, user, method) == (complete, grade), method
        db.session.execute(db.delete(QuizAttempt))
        db.session.commit()


def test_completion_lists_quizzes_not_passed(course, learner):
    """The programme's completion check names the modules whose quiz is not passed yet."""
    client, user = learner
    enrolment = db.session.scalar(db.select(Enrolment).where(Enrolment.user_id == user.id))
    assert any("Quizzes to pass in: Intro EN" in m for m in completion.missing(enrolment))
    _take(client, RIGHT)
    assert not any("Intro EN" in m and "Quizzes" in m for m in completion.missing(enrolment))
    assert quiz_row().attempts_allowed == 3
