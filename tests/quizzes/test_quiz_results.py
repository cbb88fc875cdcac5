"""Results for staff and coaches: grade distribution, most missed questions, histories, CSV."""
import csv
import io

from factories import make_user
from quiz_helpers import RIGHT, quiz_url, send, start

HALF = {"members": "a", "charter": ["hrc", "upr"], "ngo": "true", "mandates": "46", "upr-name": "UPR"}  # 60%


def _take(client, answers):
    _, attempt = start(client)
    send(client, attempt, answers, action="submit")


def test_staff_see_distribution_and_most_missed(course, make_learner, staff_client):
    """Counted grades 100, 60, 60 and one not taken: the histogram numbers and the missed ordering show it."""
    for answers in (RIGHT, HALF, HALF):
        client, _ = make_learner(course)
        _take(client, answers)
    make_learner(course)  # enrolled, no attempt
    staff, _ = staff_client
    html = staff.get(quiz_url(rest="/results")).get_data(as_text=True)
    assert "4 learners; 1 have not submitted an attempt yet." in html
    assert "<svg" in html and "<script" not in html
    assert "<th scope=\"row\">60–70%</th><td>2</td>" in html
    assert "<th scope=\"row\">90–100%</th><td>1</td>" in html
    assert "<th scope=\"row\">0–10%</th><td>0</td>" in html
    missed = html[html.index("Questions most often missed"):html.index("<h2>Learners")]
    # matching/ordering missed 2 of 3; single missed 0 of 3
    assert missed.index("Match each treaty") < missed.index("How many member States")
    assert "67% (2 of 3)" in missed and "0% (0 of 3)" in missed


def test_progress_table_shows_grades_and_links_results(course, make_learner, staff_client):
    """The staff progress table shows each learner's counted grade and links to each quiz's results."""
    client, _ = make_learner(course, name="Ana Quiz")
    _take(client, RIGHT)
    staff, _ = staff_client
    html = staff.get("/learn/mini/progress").get_data(as_text=True)
    assert "100% ✓" in html and quiz_url(rest="/results") in html


def test_coach_sees_only_their_participants(app, course, make_learner, signed_in):
    """A coach's results and histories cover their own participants; another's history is 404."""
    coach_client, coach = signed_in("coach")
    mine, me = make_learner(course, coach=coach, name="Mine Participant")
    theirs, them = make_learner(course, coach=make_user(roles=("coach",)), name="Other Participant")
    _take(mine, RIGHT)
    _take(theirs, HALF)
    html = coach_client.get(quiz_url(rest="/results")).get_data(as_text=True)
    assert "Mine Participant" in html and "Other Participant" not in html
    assert coach_client.get(quiz_url(rest=f"/results/{me.id}")).status_code == 200
    assert coach_client.get(quiz_url(rest=f"/results/{them.id}")).status_code == 404
    rows = list(csv.reader(io.StringIO(coach_client.get(quiz_url(rest="/results.csv")).get_data(as_text=True))))
    assert len(rows) == 2 and rows[1][0] == "Mine Participant"


def test_participants_cannot_see_results(course, learner):
    """The results pages answer 404 to participants."""
    client, _ = learner
    assert client.get(quiz_url(rest="/results")).status_code == 404
    assert client.get(quiz_url(rest="/results.csv")).status_code == 404


def test_history_shows_each_attempt_question_by_question(course, make_learner, staff_client):
    """Staff see a learner's attempts with every answer and mark."""
    client, user = make_learner(course)
    _take(client, HALF)
    _take(client, RIGHT)
    staff, _ = staff_client
    html = staff.get(quiz_url(rest=f"/results/{user.id}")).get_data(as_text=True)
    assert "Attempt 1" in html and "Attempt 2" in html and "Counted grade: 100%" in html
    assert "Not answered (0/2)" in html and "Right (2/2)" in html


def test_csv_export_is_safe_against_formula_injection(course, make_learner, staff_client):
    """A name starting with = is exported with a leading quote; every attempt is a row."""
    client, _ = make_learner(course, name="=HYPERLINK(\"http://evil\")")
    _take(client, RIGHT)
    staff, _ = staff_client
    response = staff.get(quiz_url(rest="/results.csv"))
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["participant", "email", "attempt"] and "steps" in rows[0]
    assert rows[1][0].startswith("'=HYPERLINK") and rows[1][8] == "100.0"
