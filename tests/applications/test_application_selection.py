"""Selection: shortlist, decisions with neutral emails, capacity, enrolment hook, balance, CSV export."""
import csv
import io

from formpost import post_form

from factories import make_user

from hrdap.applications import review_services
from hrdap.applications.choices import CRITERIA
from hrdap.applications.models import Application
from hrdap.auth.models import Role, User
from hrdap.extensions import db
from hrdap.mail.models import OutboxEmail

from application_helpers import add_review, complete_answers, make_application, make_call

RUBRIC = {f"score_{key}": "4" for key in CRITERIA}


def _reviewed(call, scores=(4, 5), **answers):
    application = make_application(call, make_user(), "under_review", answers=complete_answers(**answers))
    for score in scores:
        add_review(application, make_user(roles=("staff",)), score)
    return application


def _decide(client, application, decision):
    return post_form(client, f"/staff/applications/{application.id}/decision", {"decision": decision},
                     page=f"/staff/applications/{application.id}")


def _status(application):
    db.session.expire_all()
    return db.session.get(Application, application.id).status


def test_shortlisting_needs_two_reviews(staff_client):
    """With one review the shortlist is refused with a message; with two it works."""
    client, _ = staff_client
    call = make_call()
    one = _reviewed(call, scores=(4,))
    two = _reviewed(call)
    url = "/staff/applications/{}/shortlist"
    refused = post_form(client, url.format(one.id), page=f"/staff/applications/{one.id}")
    assert refused.status_code == 409 and "At least two reviews" in refused.get_data(as_text=True)
    assert post_form(client, url.format(two.id), page=f"/staff/applications/{two.id}").status_code == 303
    assert _status(two) == "shortlisted"


def test_accepting_makes_the_same_account_a_participant_and_calls_the_enrolment_hook(staff_client):
    """Accepted: participant role on the same account, the hook called, a neutral email."""
    client, _ = staff_client
    call = make_call()
    application = _reviewed(call)
    seen = []
    review_services.on_accept.append(seen.append)
    try:
        assert _decide(client, application, "accepted").status_code == 303
    finally:
        review_services.on_accept.remove(seen.append)
    db.session.expire_all()
    user = db.session.get(User, application.applicant_id)
    assert Role.PARTICIPANT in user.roles and [a.id for a in seen] == [application.id]
    assert [a.id for a in review_services.accepted_applicants(call)] == [application.id]
    mail = db.session.scalars(db.select(OutboxEmail).where(OutboxEmail.to(user.email))).one()
    assert "accepted" not in mail.body.lower() and "Documenting" not in mail.body


def test_waitlist_and_decline_send_neutral_emails(staff_client):
    """Every decision sends the same neutral email, naming no decision."""
    client, _ = staff_client
    call = make_call()
    waiting, declined = _reviewed(call), _reviewed(call)
    _decide(client, waiting, "waitlisted")
    _decide(client, declined, "declined")
    assert (_status(waiting), _status(declined)) == ("waitlisted", "declined")
    bodies = {m.body for m in db.session.scalars(db.select(OutboxEmail))}
    assert len({b.split("http")[0] for b in bodies}) == 1


def test_capacity_is_enforced(staff_client):
    """With two places, the third acceptance is refused with a message."""
    client, _ = staff_client
    call = make_call(capacity=2)
    applications = [_reviewed(call) for _ in range(3)]
    assert _decide(client, applications[0], "accepted").status_code == 303
    assert _decide(client, applications[1], "accepted").status_code == 303
    third = _decide(client, applications[2], "accepted")
    assert third.status_code == 409 and "The call is full" in third.get_data(as_text=True)
    assert _status(applications[2]) == "under_review"


def test_the_balance_view_counts_the_shortlist_and_the_accepted(staff_client):
    """Region, area, gender and language counts, drawn as bars with the numbers beside them."""
    client, _ = staff_client
    call = make_call()
    for region in ("africa", "africa", "asia_pacific"):
        application = _reviewed(call, region=region)
        application.status = "shortlisted"
    db.session.commit()
    html = client.get(f"/staff/calls/{call.id}/balance").get_data(as_text=True)
    assert "<svg" in html and "Africa</th><td>2</td>" in html and "Asia and the Pacific</th><td>1</td>" in html
    assert "Arabic</th><td>3</td>" in html


def test_csv_export_is_safe_against_formulas(staff_client):
    """A name starting with = + - @ or a tab is exported as text, with a leading quote; the export is audited."""
    client, _ = staff_client
    call = make_call()
    for name in ("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tTab", "Plain"):
        make_application(call, make_user(), "submitted", answers=complete_answers(name=name))
    response = client.get(f"/staff/calls/{call.id}/export.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    names = [row["name"] for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))]
    assert names == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "'\tTab", "Plain"]
    from hrdap.audit.models import AuditEvent
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "call.export_csv"))


def test_from_applications_to_a_selected_group(staff_client):
    """Staff review, shortlist and accept; the accepted are the call's participants, within capacity."""
    client, _ = staff_client
    call = make_call(capacity=3)
    regions = ("africa", "asia_pacific", "africa", "latin_america_caribbean")
    applications = [_reviewed(call, scores=(3,), region=region) for region in regions]
    for application in applications:
        page = f"/staff/applications/{application.id}"
        assert post_form(client, f"{page}/review", RUBRIC, page=page).status_code == 303
        assert post_form(client, f"{page}/shortlist", page=page).status_code == 303
    for application in applications[:3]:
        assert _decide(client, application, "accepted").status_code == 303
    assert _decide(client, applications[3], "waitlisted").status_code == 303
    accepted = review_services.accepted_applicants(call)
    assert len(accepted) == 3
    assert all(Role.PARTICIPANT in a.applicant.roles for a in accepted)
