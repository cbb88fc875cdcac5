"""Selection in a real browser: staff sign in with two-factor, review an application with the rubric, and
accept it; the applicant then reads the news on their application."""
from __future__ import annotations

from browser_steps import sign_in, sign_out
from browser_world import fresh, make_user, open_call, submitted_application

from hrdap.applications.choices import CRITERIA


def test_staff_review_and_accept_an_application(live, open_browser):
    """Score every criterion, save the review, accept; the applicant sees that they were selected."""
    call = open_call()
    applicant = make_user(email="nadia@example.org", name="Nadia")
    colleague = make_user(roles=("staff",), name="Programme Officer Ana")
    application = submitted_application(call, applicant, reviewed_by=colleague)
    staff = make_user(roles=("staff",), name="Programme Officer Sam")
    person = open_browser()
    sign_in(person, staff)
    person.goto("/staff/calls")
    person.follow(call.name)
    person.follow(application.reference)
    for label in CRITERIA.values():
        group = person.page.get_by_role("group", name=str(label))
        group.get_by_label("5", exact=True).check()
    person.fill("Comment", "Clear objectives and a strong record.")
    person.press("Save my review")
    assert "Clear objectives and a strong record." in person.text()
    person.check("Accept")
    person.press("Save the decision")
    assert fresh(application).status == "accepted"
    sign_out(person)

    applicant_browser = open_browser()
    sign_in(applicant_browser, applicant)
    applicant_browser.goto("/my/applications")
    applicant_browser.follow(call.name, exact=False)
    assert "you have been selected" in applicant_browser.text()
