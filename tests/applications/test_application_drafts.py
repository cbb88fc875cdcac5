"""Drafts: saved step by step, resumed anywhere, with limits and choices checked on the server."""
import pytest

from factories import make_user, sign_in
from formpost import csrf_token, post_form

from hrdap.applications.answers import load_answers
from hrdap.applications.models import Application
from hrdap.extensions import db

from application_helpers import STEP_DATA, fill_all, make_call, post_at_once, start


def _application(application_id):
    db.session.expire_all()
    return db.session.get(Application, application_id)


def test_a_draft_survives_sign_out_and_a_second_device(app, applicant_client):
    """Saved on one browser, signed out, then read and continued on another."""
    client, user = applicant_client
    call = make_call()
    application_id = start(client, call)
    post_form(client, f"/applications/{application_id}/steps/motivation",
              {"motivation": "Because the UN matters.", "objectives": "", "go": "save"})
    post_form(client, "/signout", page="/dashboard")
    second = app.test_client()
    sign_in(second, user)
    html = second.get(f"/applications/{application_id}/steps/motivation").get_data(as_text=True)
    assert "Because the UN matters." in html
    assert second.get(f"/calls/{call.id}/apply").headers["Location"].endswith(f"/applications/{application_id}")


def test_save_and_continue_goes_to_the_next_step(applicant_client):
    """'Save and continue' saves and opens the next step."""
    client, _ = applicant_client
    application_id = start(client, make_call())
    response = post_form(client, f"/applications/{application_id}/steps/identity",
                         dict(STEP_DATA["identity"], go="next"))
    assert response.headers["Location"].endswith("/steps/organisation")
    assert load_answers(_application(application_id).answers)["languages"] == ["ar", "en"]
    assert _application(application_id).region == "middle_east_north_africa"


def test_autosave_answers_with_json(applicant_client):
    """The autosave script posts to the same address and gets a small JSON answer."""
    client, _ = applicant_client
    application_id = start(client, make_call())
    url = f"/applications/{application_id}/steps/focus"
    response = client.post(url, data={"area": "environment", "csrf_token": csrf_token(client, url)},
                           headers={"X-Autosave": "1"})
    assert response.status_code == 200 and response.get_json()["saved"] is True
    assert _application(application_id).area == "environment"


def test_an_over_long_answer_is_refused_and_kept(applicant_client):
    """3,001 characters: 400, a message beside the field, the text still in the box, nothing saved."""
    client, _ = applicant_client
    application_id = start(client, make_call())
    text = "word " * 600 + "x"
    response = post_form(client, f"/applications/{application_id}/steps/motivation",
                         {"motivation": text, "objectives": "Keep me", "go": "save"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "longer than 3000 characters" in html
    assert text.strip() in html and "Keep me" in html
    assert "motivation" not in load_answers(_application(application_id).answers)


def test_a_tampered_choice_is_refused(applicant_client):
    """A value that the form never offered (edited in the page) is refused with a message."""
    client, _ = applicant_client
    application_id = start(client, make_call())
    response = post_form(client, f"/applications/{application_id}/steps/focus",
                         {"area": "anything", "themes": ["civic_space", "<script>"], "go": "save"})
    assert response.status_code == 400 and "Choose one of the options offered" in response.get_data(as_text=True)


def test_extra_and_hidden_fields_are_ignored(applicant_client):
    """Posting status, reference or another owner changes nothing but the answers of the step."""
    client, user = applicant_client
    application_id = start(client, make_call())
    post_form(client, f"/applications/{application_id}/steps/focus",
              {"area": "equality", "status": "accepted", "reference": "HRDAP27-9999", "applicant_id": "1",
               "submitted_at": "2020-01-01", "go": "save"})
    application = _application(application_id)
    assert application.status == "draft" and application.reference is None and application.applicant_id == user.id
    assert "status" not in load_answers(application.answers)


@pytest.mark.parametrize("path", ["/steps/identity", "/review", "", "/copy"])
def test_another_applicants_application_is_not_found(app, applicant_client, path):
    """Another person's application answers 404, for reading and writing alike."""
    client, _ = applicant_client
    call = make_call()
    other = app.test_client()
    sign_in(other, make_user())
    theirs = start(other, call)
    assert client.get(f"/applications/{theirs}{path}").status_code == 404
    token = csrf_token(client, "/dashboard")
    for action in ("/submit", "/withdraw", "/steps/identity"):
        assert client.post(f"/applications/{theirs}{action}", data={"csrf_token": token}).status_code == 404
    assert _application(theirs).status == "draft"


def test_staff_do_not_see_drafts(staff_client, applicant_client):
    """A draft is the applicant's own: staff get 404 for it."""
    applicant, _ = applicant_client
    application_id = start(applicant, make_call())
    staff, _ = staff_client
    assert staff.get(f"/staff/applications/{application_id}").status_code == 404


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_form_renders_in_each_language(app, frozen_clock, language):
    """English, French and Spanish: every step answers 200 with the page's language set; submitting works."""
    user = make_user(language=language)
    client = app.test_client()
    sign_in(client, user)
    application_id = start(client, make_call())
    for slug in STEP_DATA:
        response = client.get(f"/applications/{application_id}/steps/{slug}")
        assert response.status_code == 200 and f'<html lang="{language}">' in response.get_data(as_text=True)
    assert client.get(f"/applications/{application_id}/review").status_code == 200
    fill_all(client, application_id)
    submitted = post_form(client, f"/applications/{application_id}/submit", page=f"/applications/{application_id}/review")
    assert submitted.status_code == 303 and _application(application_id).reference == "HRDAP27-0001"


def test_the_form_works_without_javascript(applicant_client):
    """Steps are plain forms with buttons; the script only enhances (no inline script)."""
    client, _ = applicant_client
    application_id = start(client, make_call())
    html = client.get(f"/applications/{application_id}/steps/identity").get_data(as_text=True)
    assert '<form method="post"' in html and 'name="go" value="save"' in html and "<script>" not in html


def test_steps_saved_at_the_same_moment_from_several_tabs_are_all_kept(app, applicant_client):
    """Four tabs saving four different steps at once: every answer is kept."""
    client, user = applicant_client
    application_id = start(client, make_call())
    posts = []
    for slug in ("identity", "focus", "motivation", "referee"):
        tab = app.test_client()
        sign_in(tab, user)
        url = f"/applications/{application_id}/steps/{slug}"
        posts.append((tab, url, dict(STEP_DATA[slug], go="save", csrf_token=csrf_token(tab, url))))
    assert post_at_once(posts) == [303] * 4
    answers = load_answers(_application(application_id).answers)
    assert answers["country"] == "EG" and answers["area"] == "accountability"
    assert answers["motivation"] == "To use the UN." and answers["referee_name"] == "R. Referee"
