"""English, French and Spanish: the switcher, the browser's choice, and the account's setting."""
import pytest

from formpost import post_form
from factories import make_user, sign_in

HOME_TITLE = {"en": "Human Rights Defender Advocacy Programme",
              "fr": "Programme de formation au plaidoyer",
              "es": "Programa de Incidencia"}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_switcher_changes_the_language_without_javascript(client, lang):
    """Pressing a language button (a plain form) shows the site in that language."""
    response = post_form(client, "/language", {"lang": lang, "next": "/signin"}, page="/")
    assert response.status_code == 303 and response.headers["Location"] == "/signin"
    html = client.get("/").get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert HOME_TITLE[lang] in html


def test_browser_language_is_used_first_time(client):
    """A Spanish browser gets Spanish pages."""
    html = client.get("/", headers={"Accept-Language": "es-VE,es;q=0.9"}).get_data(as_text=True)
    assert '<html lang="es">' in html


def test_account_language_wins(app):
    """A signed-in person sees their account's language whatever the browser says."""
    client = app.test_client()
    sign_in(client, make_user(language="fr"))
    html = client.get("/dashboard", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="fr">' in html


def test_unknown_language_code_is_refused(client):
    """An unknown code answers 400 with a message; the language does not change."""
    response = post_form(client, "/language", {"lang": "xx", "next": "/"}, page="/")
    assert response.status_code == 400
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_switcher_next_cannot_leave_the_site(client):
    """The switcher's return address is checked like any other."""
    response = post_form(client, "/language", {"lang": "fr", "next": "https://evil.example/"}, page="/")
    assert response.headers["Location"] == "/"
