"""Taking a quiz through its pages: every question type saved, resumed, submitted and reviewed."""
import re

from factories import sign_in
from formpost import post_form
from quiz_helpers import RIGHT, attempt_url, form_for, quiz_url, send, start

from hrdap.extensions import db
from hrdap.quizzes.models import QuizAttempt
from hrdap.quizzes.paper import token


def test_every_type_saved_resumed_submitted_and_reviewed(app, learner):
    """Answers of all seven types survive a new session, then grade 10/10 with feedback and band."""
    client, user = learner
    response, attempt = start(client)
    assert response.status_code == 303 and response.headers["Location"].endswith(attempt_url(attempt))
    page = client.get(attempt_url(attempt)).get_data(as_text=True)
    assert 'name="action" value="save"' in page and 'name="action" value="submit"' in page
    assert f'name="q.steps.{token(attempt.seed, "steps", "submission")}"' in page
    assert "submission" not in page  # ordering items travel as tokens, never as ids
    saved = send(client, attempt, RIGHT)
    assert saved.status_code == 303
    assert "Your answers are saved" in client.get(saved.headers["Location"]).get_data(as_text=True)

    other = app.test_client()  # the connection dropped: a new browser session of the same person
    sign_in(other, user)
    resumed, same = start(other)
    assert same.id == attempt.id and resumed.headers["Location"].endswith(attempt_url(attempt))
    page = other.get(attempt_url(attempt)).get_data(as_text=True)
    assert 'value="a"\n    checked' in page or re.search(r'value="a"\s+checked', page)
    assert 'value="46,5"' in page and "universal periodic REVIEW" in page
    assert f'value="{token(attempt.seed, "treaties", "ccpr")}" selected' in page
    assert '<option value="1" selected>1</option>' in page

    submitted = send(other, attempt, RIGHT, action="submit")
    assert submitted.status_code == 303 and submitted.headers["Location"].endswith("/review")
    review = other.get(submitted.headers["Location"]).get_data(as_text=True)
    assert "Grade: 100% (10 out of 10)" in review and "passed" in review
    assert "Well done, you know the system." in review
    assert "Right: the General Assembly elects 47." in review and "47 States (lesson: Welcome)." in review
    assert review.count("state-right") == 7
    row = db.session.get(QuizAttempt, attempt.id)
    assert row.percent == 100 and row.submitted_at is not None


def test_wrong_and_partial_answers_are_marked_per_type(learner):
    """Partial credit for multiple and matching, wrong order and a blank question show as such."""
    client, _ = learner
    _, attempt = start(client)
    answers = {"members": "b", "charter": ["hrc"], "ngo": "false", "mandates": "40",
               "upr-name": "Examen periodique universel",  # accepted in French, accents ignored
               "treaties": {"ccpr": "ccpr", "torture": "child", "child": "torture"},
               "steps": ["dialogue", "pre-session", "submission"]}
    send(client, attempt, answers, action="submit")
    review = client.get(attempt_url(attempt, rest="/review")).get_data(as_text=True)
    # single 0 + multiple 1 (one of two right) + tf 0 + numeric 0 + text 1 + matching 2 * 1/3 + ordering 0
    row = db.session.get(QuizAttempt, attempt.id)
    assert row.marks["charter"] == {"score": 1.0, "max": 2.0, "state": "partial"}
    assert row.marks["upr-name"]["state"] == "right" and row.marks["steps"]["state"] == "wrong"
    assert round(row.score, 2) == 2.67 and round(row.percent) == 27
    assert "Re-read the lessons." in review and "No: 193 is the General Assembly." in review
    assert "Partly right" in review and "Human Rights Committee" in review


def test_blank_and_repeated_positions_are_answers_not_tampering(learner):
    """An ordering with a position used twice is saved and marked wrong; blank questions are unanswered."""
    client, _ = learner
    _, attempt = start(client)
    data = form_for(attempt, {"steps": ["submission", "pre-session", "dialogue"]})
    first = next(name for name in data if name.startswith("q.steps."))
    for name in data:
        data[name] = "1"
    data[first] = "1"
    data["action"] = "submit"
    response = post_form(client, attempt_url(attempt), data, page=quiz_url())
    assert response.status_code == 303
    row = db.session.get(QuizAttempt, attempt.id)
    assert row.marks["steps"]["state"] == "wrong" and row.marks["members"]["state"] == "unanswered"


def test_autosave_answers_json_and_keeps_answers(learner):
    """The script's autosave posts to the same address and gets JSON; the answers are kept."""
    client, _ = learner
    _, attempt = start(client)
    response = send(client, attempt, {"members": "a"}, headers={"X-Autosave": "1"})
    assert response.status_code == 200 and response.get_json()["saved"] is True
    assert db.session.get(QuizAttempt, attempt.id).responses == {"members": "a"}
    page = client.get(attempt_url(attempt)).get_data(as_text=True)
    assert "quizzes.js" in page and "<script>" not in page


def test_shuffle_is_the_same_within_an_attempt_and_differs_between_attempts(learner):
    """Reloading an attempt keeps its order; another attempt has its own order."""
    client, _ = learner
    _, first = start(client)

    def order(attempt):
        html = client.get(attempt_url(attempt)).get_data(as_text=True)
        return re.findall(r'id="question-([a-z-]+)"', html)

    assert order(first) == order(first) and sorted(order(first)) == sorted(RIGHT)
    seen = {tuple(order(first))}
    send(client, first, {}, action="submit")
    for _ in range(2):  # the quiz allows three attempts
        _, following = start(client)
        assert order(following) == order(following)
        seen.add(tuple(order(following)))
        send(client, following, {}, action="submit")
    assert len(seen) > 1


def test_module_page_and_overview_show_the_quiz_state(learner):
    """The module page offers the quiz, then shows the counted grade once submitted."""
    client, _ = learner
    page = client.get("/learn/mini/intro/").get_data(as_text=True)
    assert "Quiz intro-quiz EN" in page and "Not taken yet." in page and quiz_url() in page
    _, attempt = start(client)
    send(client, attempt, RIGHT, action="submit")
    page = client.get("/learn/mini/intro/").get_data(as_text=True)
    assert "Counted grade: 100%" in page and "passed" in page
    assert "Quiz: passed ✓" in client.get("/learn/mini/").get_data(as_text=True)


def test_quiz_pages_in_french_and_spanish(course, make_learner):
    """French and Spanish readers get the page in their language with the question texts translated."""
    for lang, text, band in (("fr", "Combien d&#39;États membres siègent au Conseil ?", "Bravo"),
                             ("es", "¿Cuántos Estados miembros tiene el Consejo?", "Muy bien")):
        client, _ = make_learner(course, language=lang)
        _, attempt = start(client)
        page = client.get(attempt_url(attempt)).get_data(as_text=True)
        assert f'<html lang="{lang}">' in page and text in page
        assert "Quiz intro-quiz " + lang.upper() in page
        send(client, attempt, RIGHT, action="submit")
        review = client.get(attempt_url(attempt, rest="/review")).get_data(as_text=True)
        assert band in review and text in review
