"""The end-of-programme survey: staff open it, participants answer once (optionally anonymously),
staff read the results and export them."""
import csv
import io

from factories import make_user
from formpost import post_form

from hrdap.cohorts.models import Enrolment
from hrdap.extensions import db
from hrdap.survey.held import RELEASE_AT
from hrdap.survey.models import ModuleRating, SurveyParticipation, SurveyResponse


def _open(world):
    return post_form(world.client(world.staff), f"/survey/{world.cohort.id}/open", {},
                     page=f"/survey/{world.cohort.id}/results")


def _answer(world, user, satisfaction="very", can_apply="yes", anonymous=False, comments="", ratings=(5, 4)):
    data = {"satisfaction": satisfaction, "can_apply": can_apply, "comments": comments}
    if anonymous:
        data["anonymous"] = "y"
    for module, rating in zip(world.modules, ratings):
        data[f"m{module.id}"] = str(rating)
    return post_form(world.client(user), f"/survey/{world.cohort.id}/", data, page="/dashboard")


def _members(world, n):
    """``n`` more participants in the cohort."""
    people = [make_user(roles=("participant",)) for _ in range(n)]
    db.session.add_all([Enrolment(cohort_id=world.cohort.id, user_id=p.id) for p in people])
    db.session.commit()
    return people


def test_survey_not_open_until_staff_open_it(world):
    """Before staff open it, the participant is told so and an answer is refused."""
    assert "The survey is not open." in world.client(world.p1).get(f"/survey/{world.cohort.id}/").get_data(as_text=True)
    assert _answer(world, world.p1).status_code == 409
    assert _open(world).status_code == 303
    page = world.client(world.p1).get(f"/survey/{world.cohort.id}/").get_data(as_text=True)
    assert "Extremely satisfied" in page and "Not at all satisfied" in page and "Council EN" in page
    assert "Answer the end-of-programme survey" in world.client(world.p1).get("/dashboard").get_data(as_text=True)


def test_answer_once_second_time_refused(world):
    """The first answer is saved; a second is refused with a message and nothing more is stored."""
    _open(world)
    assert _answer(world, world.p1).status_code == 303
    second = _answer(world, world.p1, satisfaction="slightly")
    assert second.status_code == 409 and "already answered" in second.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(SurveyResponse)) == 1
    assert "You have answered this survey" in world.client(world.p1).get(f"/survey/{world.cohort.id}/").get_data(
        as_text=True)


def test_anonymous_answer_is_not_linked_to_the_person(world):
    """Anonymous responses have no user and no time; only the participation rows name the people."""
    _open(world)
    _answer(world, world.p1, anonymous=True, comments="Great sessions")
    for person in _members(world, RELEASE_AT - 1):
        _answer(world, person, anonymous=True)
    responses = db.session.scalars(db.select(SurveyResponse)).all()
    assert len(responses) == RELEASE_AT
    assert all(r.user_id is None and r.submitted_at is None for r in responses)
    assert all(len(r.id) == 32 and not r.id.isdigit() for r in responses)
    assert world.p1.id in set(db.session.scalars(db.select(SurveyParticipation.user_id)))
    assert {r.rating for r in db.session.scalars(db.select(ModuleRating))} == {5, 4}
    results = world.client(world.staff).get(f"/survey/{world.cohort.id}/results").get_data(as_text=True)
    assert "Great sessions" in results and "Anonymous" in results and "Participant Lucia" not in results


def test_named_answer_keeps_the_name(world):
    """Unticking "anonymous" links the response to the person for staff."""
    _open(world)
    _answer(world, world.p1, anonymous=False, comments="Named comment")
    assert db.session.scalar(db.select(SurveyResponse.user_id)) == world.p1.id
    html = world.client(world.staff).get(f"/survey/{world.cohort.id}/results").get_data(as_text=True)
    assert "Participant Lucia" in html


def test_satisfied_share_three_of_four_is_75_percent(world):
    """Extremely + very satisfied over all answers: 3 of 4 gives 75%, with the chart and numbers."""
    _open(world)
    others = _members(world, 2)
    for user, level in zip([world.p1, world.p2, *others], ["extremely", "very", "very", "moderately"]):
        assert _answer(world, user, satisfaction=level, can_apply="yes" if level != "moderately" else "no") \
            .status_code == 303
    html = world.client(world.staff).get(f"/survey/{world.cohort.id}/results").get_data(as_text=True)
    assert "75% extremely or very satisfied" in html and "3 of 4" in html
    assert "75% will be able to apply what they learnt" in html
    assert "<svg" in html and "4 of 4 participants have answered." in html


def test_module_ratings_are_averaged(world):
    """Each module's average rating is shown."""
    _open(world)
    _answer(world, world.p1, ratings=(5, 2))
    _answer(world, world.p2, ratings=(4, 3))
    html = world.client(world.staff).get(f"/survey/{world.cohort.id}/results").get_data(as_text=True)
    assert "<td>4.5</td>" in html and "<td>2.5</td>" in html


def test_csv_export_is_safe_from_formula_injection(world):
    """A comment starting with = is exported with a leading quote; anonymous rows have no name."""
    _open(world)
    _answer(world, world.p1, anonymous=True, comments='=HYPERLINK("http://evil.example","x")')
    for person in _members(world, RELEASE_AT - 1):
        _answer(world, person, anonymous=True)
    _answer(world, world.p2, comments="@SUM(A1)")
    response = world.client(world.staff).get(f"/survey/{world.cohort.id}/results.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["respondent", "satisfaction", "can_apply"]
    comments = {row[-1] for row in rows[1:] if row[-1]}
    assert comments == {"'=HYPERLINK(\"http://evil.example\",\"x\")", "'@SUM(A1)"}
    assert {row[0] for row in rows[1:]} == {"anonymous", "Participant Karim"}


def test_each_role_sees_only_what_it_should(world):
    """Coaches and participants cannot see results; other cohorts and coaches cannot answer (404)."""
    _open(world)
    results = f"/survey/{world.cohort.id}/results"
    for user in (world.p1, world.coach, world.outsider):
        assert world.client(user).get(results).status_code == 404
        assert world.client(user).get(results + ".csv").status_code == 404
    assert world.client(world.coach).get(f"/survey/{world.cohort.id}/").status_code == 404
    assert world.client(world.outsider).get(f"/survey/{world.cohort.id}/").status_code == 404
    assert _answer(world, world.outsider).status_code == 404
    assert post_form(world.client(world.p1), f"/survey/{world.cohort.id}/open", {}, page="/dashboard") \
        .status_code == 404


def test_missing_answer_is_shown_next_to_the_field(world):
    """Sending without choosing a satisfaction level gets a message and a 400."""
    _open(world)
    response = post_form(world.client(world.p1), f"/survey/{world.cohort.id}/", {"can_apply": "yes"},
                         page="/dashboard")
    assert response.status_code == 400 and "Choose how satisfied you are." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(SurveyParticipation)) is None


def test_closed_survey_refuses_answers(world):
    """After staff close it, answers are refused."""
    _open(world)
    post_form(world.client(world.staff), f"/survey/{world.cohort.id}/close", {},
              page=f"/survey/{world.cohort.id}/results")
    assert _answer(world, world.p1).status_code == 409


def test_survey_pages_render_in_french_and_spanish(world):
    """The form and the results work in French and Spanish."""
    _open(world)
    _answer(world, world.p2)
    for lang in ("fr", "es"):
        world.p1.language = lang
        world.staff.language = lang
        db.session.commit()
        pages = ((world.p1, f"/survey/{world.cohort.id}/"), (world.staff, f"/survey/{world.cohort.id}/results"))
        for user, url in pages:
            response = world.client(user).get(url)
            assert response.status_code == 200 and f'lang="{lang}"' in response.get_data(as_text=True)
