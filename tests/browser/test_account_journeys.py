"""Accounts in a real browser: sign up and confirm, sign in with two-factor, the language switcher, the
account page — with JavaScript on and off."""
from __future__ import annotations

import pytest

from factories import outbox_link

from browser_steps import sign_in, sign_out
from browser_world import make_user


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_sign_up_confirm_and_sign_in(live, open_browser, js):
    """A defender creates an account, confirms it from the emailed link, and signs in."""
    person = open_browser(js=js)
    person.goto("/")
    person.follow("Create an account", within=person.page.locator("header"))
    person.fill("Email", "nadia@example.org")
    person.fill("Name or pseudonym", "Nadia")
    person.fill("Password", "a long and unusual passphrase 7")
    person.press("Create my account")
    assert person.heading() == "Check your email"
    person.goto(outbox_link("nadia@example.org", "/confirm/"))
    person.press("Confirm my email address")
    assert "Your email address is confirmed" in person.text()
    person.fill("Email", "nadia@example.org")
    person.fill("Password", "a long and unusual passphrase 7")
    person.press("Sign in", within=person.page.locator("main"))
    assert "/dashboard" in person.page.url
    sign_out(person)
    assert person.page.get_by_role("link", name="Sign in").count()


def test_staff_sign_in_with_two_factor_and_the_account_page(live, open_browser):
    """Staff sign in with a password and an authenticator code, then see where they are signed in."""
    staff = make_user(roles=("staff",), name="Programme Officer Sam")
    person = open_browser()
    sign_in(person, staff)
    person.follow("Account", within=person.page.locator("header"))
    assert person.heading() == "Your account"
    assert "(this one)" in person.text()
    person.follow("Manage")
    sign_out(person)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_language_switcher_changes_the_interface_and_the_account(live, open_browser, js):
    """The switcher works without JavaScript, and a signed-in person's choice is kept in the account."""
    user = make_user(name="Karim")
    person = open_browser(js=js, tour=False)
    person.goto("/signin")
    person.switch_language("fr")
    assert person.page.get_by_role("heading", name="Se connecter").count()
    person.switch_language("en")
    sign_in(person, user)
    person.switch_language("es")
    person.follow("Cuenta", within=person.page.locator("header"))
    assert person.page.locator("main").get_by_label("Idioma", exact=True).input_value() == "es"
    person.switch_language("en")
