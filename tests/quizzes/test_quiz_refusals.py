"""Bad input is refused with a clear message and changes nothing: tampering, other people, locked weeks."""
from factories import make_user, sign_in
from formpost import post_form
from quiz_helpers import RIGHT, attempt_url, form_for, quiz_url, send, start

from hrdap.extensions import db
from hrdap.quizzes.models import QuizAttempt

REFUSED = "Some answers do not belong to this quiz"


def _saved(attempt):
    return db.session.get(QuizAttempt, attempt.id).responses


def test_tampered_option_id_is_refused_and_nothing_saved(learner):
    """An option id the question does not have answers 400, keeps the earlier answers and grades nothing."""
    client, _ = learner
    _, attempt = start(client)
    send(client, attempt, {"members": "a"})
    for bad in ({"members": "z", "ngo": "true"}, {"charter": ["hrc", "nope"]}, {"ngo": "maybe"},
                {"treaties": {"ccpr": "ccpr"}} | {"q.treaties.ccpr": "x"}):
        data = form_for(attempt, {k: v for k, v in bad.items() if not k.startswith("q.")})
        data.update({k: v for k, v in bad.items() if k.startswith("q.")})
        data["action"] = "submit"
        response = post_form(client, attempt_url(attempt), data, page="/learn/mini/")
        assert response.status_code == 400 and REFUSED in response.get_data(as_text=True)
    row = db.session.get(QuizAttempt, attempt.id)
    assert row.responses == {"members": "a"} and row.submitted_at is None and row.score is None


def test_ordering_position_out_of_range_is_refused(learner):
    """A position that the drop-down does not offer is tampering: 400, nothing saved."""
    client, _ = learner
    _, attempt = start(client)
    data = form_for(attempt, {"steps": ["submission", "pre-session", "dialogue"]})
    data[next(iter(data))] = "9"
    data["action"] = "save"
    response = post_form(client, attempt_url(attempt), data, page="/learn/mini/")
    assert response.status_code == 400 and _saved(attempt) == {}


def test_answers_to_another_quizs_questions_are_refused(learner):
    """Question ids of the council quiz posted to the intro attempt: 400, nothing saved."""
    client, _ = learner
    _, attempt = start(client)
    response = send(client, attempt, {"members": "a", "council-only": "false"})
    assert response.status_code == 400 and REFUSED in response.get_data(as_text=True)
    assert _saved(attempt) == {}


def test_attempt_posted_under_another_quiz_is_404(learner):
    """An intro attempt posted to the council quiz's address does not exist there."""
    client, _ = learner
    _, attempt = start(client)
    response = post_form(client, f"/learn/mini/council/quiz/attempts/{attempt.id}",
                         {"q.council-only": "false", "action": "submit"}, page="/learn/mini/")
    assert response.status_code == 404 and _saved(attempt) == {}


def test_submit_twice_is_refused(learner):
    """A second submit (double click, back button) changes nothing and says so."""
    client, _ = learner
    _, attempt = start(client)
    send(client, attempt, RIGHT, action="submit")
    again = send(client, attempt, {"members": "b"}, action="submit")
    assert again.status_code == 409 and "already been submitted" in again.get_data(as_text=True)
    saved = send(client, attempt, {"members": "b"}, action="save")
    assert saved.status_code == 409
    row = db.session.get(QuizAttempt, attempt.id)
    assert row.percent == 100 and row.responses["members"] == "a"


def test_another_participants_attempt_is_404(app, course, learner):
    """Someone else's attempt cannot be seen, saved or submitted: 404 and unchanged."""
    client, _ = learner
    _, attempt = start(client)
    send(client, attempt, {"members": "a"})
    intruder = app.test_client()
    from quiz_helpers import enrol
    other = make_user(roles=("participant",))
    enrol(course, other)
    sign_in(intruder, other)
    assert intruder.get(attempt_url(attempt)).status_code == 404
    assert intruder.get(attempt_url(attempt, rest="/review")).status_code == 404
    assert send(intruder, attempt, {"members": "b"}, action="submit").status_code == 404
    assert _saved(attempt) == {"members": "a"} and db.session.get(QuizAttempt, attempt.id).is_open


def test_quiz_of_a_locked_week_is_404(learner):
    """The week-4 quiz cannot be opened or started in week 2."""
    client, _ = learner
    assert client.get(quiz_url("upr")).status_code == 404
    response = post_form(client, quiz_url("upr", "/start"), page="/learn/mini/")
    assert response.status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(QuizAttempt)) == 0


def test_people_outside_the_course_get_404(app, course):
    """An applicant with no cohort cannot open the quiz."""
    client = app.test_client()
    sign_in(client, make_user(roles=("applicant",)))
    assert client.get(quiz_url()).status_code == 404


def test_staff_do_not_start_attempts(course, staff_client):
    """Staff see the quiz page with a link to the results; starting is declined with a message."""
    client, _ = staff_client
    assert "Results of this quiz" in client.get(quiz_url()).get_data(as_text=True)
    response = post_form(client, quiz_url(rest="/start"), page="/learn/mini/", follow_redirects=True)
    assert "Quizzes are taken by learners" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(QuizAttempt)) == 0
