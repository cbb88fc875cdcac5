"""Steps several journeys share, done through the pages: signing in (with two-factor), signing out."""
from __future__ import annotations

from factories import DEFAULT_PASSWORD

from browser_world import totp_for


def sign_in(person, user, password: str = DEFAULT_PASSWORD) -> None:
    """Sign in from the sign-in page, entering the authenticator code when two-factor is on."""
    person.goto("/signin")
    person.fill("Email", user.email)
    person.fill("Password", password)
    person.press("Sign in", within=person.page.locator("main"))
    if person.page.url.endswith("/signin/code"):
        person.fill("Code from your authenticator app, or a recovery code", totp_for(user))
        person.press("Continue")
    assert "/signin" not in person.page.url, person.text()[:500]


def sign_out(person) -> None:
    """Sign out with the header's button."""
    person.press("Sign out", within=person.page.locator("header"))
