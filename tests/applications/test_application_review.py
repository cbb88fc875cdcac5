"""Review: lists with filters and pages, blind rubric reviews, conflicts of interest, audit."""
from formpost import post_form

from factories import make_user

from hrdap.applications.choices import CRITERIA
from hrdap.audit.models import AuditEvent
from hrdap.extensions import db

from application_helpers import add_review, complete_answers, make_application, make_call

RUBRIC = {f"score_{key}": "4" for key in CRITERIA}


def test_a_reviewer_sees_other_scores_only_after_their_own(staff_client):
    """Blind review: before my review, other scores are hidden; after it, all are shown with mean and spread."""
    client, me = staff_client
    call = make_call()
    application = make_application(call, make_user(), "submitted")
    add_review(application, make_user(roles=("staff",)), 2, comment="Colleague's view")
    before = client.get(f"/staff/applications/{application.id}").get_data(as_text=True)
    assert "Colleague&#39;s view" not in before and "shown after you submit your own" in before
    response = post_form(client, f"/staff/applications/{application.id}/review", dict(RUBRIC, comment="Strong"),
                         page=f"/staff/applications/{application.id}")
    assert response.status_code == 303
    after = client.get(f"/staff/applications/{application.id}").get_data(as_text=True)
    assert "Colleague&#39;s view" in after and "Mean: 3.0" in after and "Spread (highest minus lowest): 2.0" in after


def test_a_rubric_with_a_missing_or_tampered_score_is_refused(staff_client):
    """Every criterion needs a score from 1 to 5; the comment typed is kept."""
    client, _ = staff_client
    application = make_application(make_call(), make_user(), "submitted")
    data = dict(RUBRIC, score_fit="9", comment="Kept comment")
    data.pop("score_role")
    response = post_form(client, f"/staff/applications/{application.id}/review", data,
                         page=f"/staff/applications/{application.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Give a score from 1 to 5" in html and "Kept comment" in html


def test_a_conflict_of_interest_removes_the_application_from_the_reviewer(staff_client):
    """After declaring a conflict, the application leaves my list and its page answers 404."""
    client, _ = staff_client
    call = make_call()
    application = make_application(call, make_user(), "submitted")
    post_form(client, f"/staff/applications/{application.id}/conflict", page=f"/staff/applications/{application.id}")
    assert client.get(f"/staff/applications/{application.id}").status_code == 404
    assert application.reference not in client.get(f"/staff/calls/{call.id}/applications").get_data(as_text=True)
    assert application.reference not in client.get(f"/staff/calls/{call.id}/export.csv").get_data(as_text=True)


def test_staff_views_are_audited_without_content(staff_client):
    """Opening an application writes who, what and when to the audit log, and no answer."""
    client, me = staff_client
    application = make_application(make_call(), make_user(), "submitted")
    client.get(f"/staff/applications/{application.id}")
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "application.view")).one()
    assert event.actor_id == me.id and event.target_id == application.id and event.at is not None
    assert event.detail is None


def test_filters_and_pages(staff_client):
    """Filter by status, region and area; 30 applications make two pages."""
    client, _ = staff_client
    call = make_call()
    for n in range(30):
        region = "africa" if n % 3 == 0 else "asia_pacific"
        make_application(call, make_user(), "submitted" if n % 2 else "shortlisted",
                         answers=complete_answers(name=f"Defender {n:02d}", region=region,
                                                  area="environment" if n < 5 else "equality"))
    base = f"/staff/calls/{call.id}/applications"
    first = client.get(base).get_data(as_text=True)
    assert "30 applications" in first and "Page 1 of 2" in first and "page=2" in first
    assert "Defender 29" in client.get(base + "?page=2").get_data(as_text=True)
    assert "10 applications" in client.get(base + "?region=africa").get_data(as_text=True)
    assert "15 applications" in client.get(base + "?status=shortlisted").get_data(as_text=True)
    assert "5 applications" in client.get(base + "?area=environment").get_data(as_text=True)
    assert "30 applications" in client.get(base + "?region=nowhere").get_data(as_text=True)


def test_score_filters_count_only_my_reviewed_applications(staff_client):
    """'Mean 4 or more' lists what I reviewed and scored high; 'not yet reviewed by me' the rest."""
    client, me = staff_client
    call = make_call()
    high = make_application(call, make_user(), "under_review")
    low = make_application(call, make_user(), "under_review")
    untouched = make_application(call, make_user(), "submitted")
    add_review(high, me, 5)
    add_review(low, me, 2)
    add_review(untouched, make_user(roles=("staff",)), 5)
    base = f"/staff/calls/{call.id}/applications?score="
    assert _refs(client.get(base + "high")) == {high.reference}
    assert _refs(client.get(base + "low")) == {low.reference}
    assert _refs(client.get(base + "unreviewed")) == {untouched.reference}


def _refs(response):
    import re
    return set(re.findall(r">(HRDAP27-\d{4})<", response.get_data(as_text=True)))
