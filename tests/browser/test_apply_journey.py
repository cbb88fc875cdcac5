"""Applying in a real browser: sign up, fill every step over two visits, submit, receipt — with and without
JavaScript, and with the keyboard only; and a deadline that passes while the draft is open."""
from __future__ import annotations

from datetime import timedelta

import pytest

from factories import DEFAULT_PASSWORD, outbox_link

from browser_steps import sign_in, sign_out
from browser_world import fresh, make_user, open_call

from hrdap import clock
from hrdap.applications.models import Application
from hrdap.extensions import db

PASSWORD = "a long and unusual passphrase 7"

#: Each step of the form as a person fills it: (action, label, value).
STEPS = [
    ("About you", [("fill", "Name or pseudonym", "Nadia"), ("fill", "Email address to reach you", "nadia@example.org"),
                   ("choose", "Country where you work", "Egypt"), ("choose", "Region", "Middle East and North Africa"),
                   ("check", "Arabic", None), ("check", "English", None)]),
    ("Your organisation", [("fill", "Name of your organisation (if any)", "Cairo Rights Centre"),
                           ("fill", "Your role in it", "Researcher"),
                           ("choose", "Kind of organisation", "Non-governmental organisation")]),
    ("Your experience", [("fill", "Years of human rights work", "9"),
                         ("fill", "Your national or regional advocacy experience", "Documenting detentions."),
                         ("check", "Yes", None), ("check", "Universal Periodic Review", None)]),
    ("Your focus", [("check", "International accountability for the repression of defenders", None),
                    ("check", "Protection of defenders", None)]),
    ("Motivation and objectives", [("fill", "Why do you want to join the programme?", "To use the UN."),
                                   ("fill", "Your advocacy objectives: what change do you seek, and how could the UN help?",
                                    "Release of detained colleagues.")]),
    ("Funding and availability", [("check", "A full scholarship", None),
                                  ("check", "Yes, I can be in Geneva for the two weeks", None)]),
    ("Your safety", [("fill", "How can we contact you safely?", "Signal only.")]),
    ("A referee", [("fill", "Referee's name", "R. Referee"), ("fill", "Referee's email", "referee@example.org")]),
    ("Consent", [("check", "I agree that the programme staff process the data in this application to select "
                           "participants, as the privacy page explains. I can withdraw and delete it at any time.", None)]),
]


def _sign_up(person, email: str) -> None:
    """Create an account from the call page's Apply link, and confirm it from the emailed link."""
    person.goto("/")
    person.follow("HRDAP 2027")
    person.follow("Apply")
    person.follow("Create an account", within=person.page.locator("main"))
    person.fill("Email", email)
    person.fill("Name or pseudonym", "Nadia")
    person.fill("Password", PASSWORD)
    person.press("Create my account")
    person.goto(outbox_link(email, "/confirm/"))
    person.press("Confirm my email address")


def _sign_in(person, email: str) -> None:
    person.fill("Email", email)
    person.fill("Password", PASSWORD)
    person.press("Sign in", within=person.page.locator("main"))


def _fill_step(person, actions) -> None:
    for action, label, value in actions:
        if action == "fill":
            person.fill(label, value)
        elif action == "choose":
            person.choose(label, value)
        else:
            person.check(label)


def live_application(call) -> Application:
    """The call's one application, as the database has it now."""
    db.session.commit()
    return db.session.scalars(db.select(Application).where(Application.call_id == call.id)).one()


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_apply_over_two_visits_and_get_a_receipt(live, open_browser, js):
    """Sign up, fill half the form, save a draft, sign out; come back, finish, submit, read the receipt."""
    call = open_call()
    person = open_browser(js=js)
    _sign_up(person, "nadia@example.org")
    _sign_in(person, "nadia@example.org")
    person.goto(f"/calls/{call.id}")
    person.follow("Apply")
    person.press("Start my application")
    for title, actions in STEPS[:4]:
        assert person.heading() == title
        _fill_step(person, actions)
        person.press("Save and continue")
    person.press("Save draft")
    assert person.heading() == "Motivation and objectives"
    sign_out(person)

    person.goto("/signin")
    _sign_in(person, "nadia@example.org")
    person.goto("/my/applications")
    person.follow("HRDAP 2027", exact=False)
    person.follow("Continue my application")
    assert person.page.locator("main").get_by_label("Name or pseudonym", exact=True).input_value() == "Nadia"
    person.follow("Motivation and objectives")
    for title, actions in STEPS[4:]:
        assert person.heading() == title
        _fill_step(person, actions)
        person.press("Save and continue" if title != "Consent" else "Save and review")
    assert person.heading() == "Review your application"
    person.press("Submit my application")
    assert "HRDAP27-0001" in person.text() and "Receipt" in person.text()
    application = live_application(call)
    assert application.status == "submitted" and application.reference == "HRDAP27-0001"


def test_the_deadline_passes_while_drafting(live, open_browser):
    """Submitting after the deadline is refused with a clear message; the draft and its answers are kept."""
    start = clock.now()
    clock.freeze(start)
    call = open_call(closes_at=start + timedelta(minutes=30))
    user = make_user(email="olena@example.org", name="Olena")
    person = open_browser()
    sign_in(person, user)
    person.goto(f"/calls/{call.id}/apply")
    person.press("Start my application")
    for title, actions in STEPS:
        _fill_step(person, actions)
        person.press("Save and continue" if title != "Consent" else "Save and review")
    assert person.heading() == "Review your application"
    clock.freeze(start + timedelta(minutes=31))
    person.press("Submit my application")
    assert "deadline" in person.text().lower()
    application = fresh(live_application(call))
    assert application.status == "draft" and application.reference is None
    person.follow("Printable copy")
    assert "Release of detained colleagues." in person.text()



def test_apply_with_the_keyboard_only(live, open_browser):
    """Sign in, start, fill every step, review and submit with Tab, typing, Space, arrows and Enter only."""
    call = open_call()
    user = make_user(email="mei@example.org", name="Mei")
    person = open_browser()
    person.goto("/")
    person.key_activate("link", "Sign in", within=person.page.locator("header"))
    person.key_fill("Email", user.email)
    person.key_fill("Password", DEFAULT_PASSWORD)
    person.press_key("Enter", navigates=True)
    person.goto("/")
    person.key_activate("link", call.name)
    person.key_activate("link", "Apply")
    person.key_activate("button", "Start my application")
    for title, actions in STEPS:
        assert person.heading() == title
        for action, label, value in actions:
            if action == "fill":
                person.key_fill(label, value)
            elif action == "choose":
                person.key_choose(label, value)
            else:
                person.key_check(label)
        person.key_activate("button", "Save and continue" if title != "Consent" else "Save and review")
    assert person.heading() == "Review your application"
    person.key_activate("button", "Submit my application")
    assert "HRDAP27-0001" in person.text()
