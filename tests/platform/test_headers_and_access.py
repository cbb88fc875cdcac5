"""Security headers on every response, deny-by-default access, CSRF on every form, error pages."""
import pytest

from formpost import post_form
from factories import DEFAULT_PASSWORD, make_user

PUBLIC_PAGES = ["/", "/signin", "/signup", "/reset", "/privacy"]


@pytest.mark.parametrize("path", PUBLIC_PAGES + ["/does-not-exist", "/static/style.css"])
def test_security_headers_on_every_response(client, path):
    """CSP without inline script, nosniff, same-origin referrer, no framing."""
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_are_not_cached(participant_client):
    """Pages behind sign-in carry Cache-Control: no-store (shared computers)."""
    client, _ = participant_client
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_load_nothing_from_other_origins(client, path):
    """No script, stylesheet, font or image from another origin; no inline script."""
    html = client.get(path).get_data(as_text=True)
    assert "<script>" not in html
    for marker in ('src="http', "src=\"//", 'href="//', "@import", "fonts.googleapis"):
        assert marker not in html


@pytest.mark.parametrize("path", ["/dashboard", "/account/", "/account/two-factor"])
def test_pages_require_sign_in(client, path):
    """Anything not marked public sends an anonymous visitor to sign in."""
    response = client.get(path)
    assert response.status_code == 302 and "/signin?next=" in response.headers["Location"]


def test_every_route_is_public_or_protected_on_purpose(app):
    """A route is either in the public allow-list or requires an account: listing the public ones."""
    public = sorted(rule.rule for rule in app.url_map.iter_rules()
                    if getattr(app.view_functions[rule.endpoint], "hrdap_public", False))
    assert public == sorted(["/", "/signin", "/signin/code", "/signup", "/signup/sent", "/confirm/<token>",
                             "/signout", "/reset", "/reset/<token>", "/privacy", "/language"] + EXTRA_PUBLIC)


#: Public routes added by feature modules (kept here so that adding one is a visible decision).
EXTRA_PUBLIC: list[str] = [
    "/calls/<int:call_id>", "/calls/<int:call_id>/programme.pdf",  # applications: the public call page
    "/invitation/<token>",  # people: an invited coach or staff member sets a password
    "/live/feed/<token>.ics",  # live: a calendar app fetches the private feed by its secret link
]


@pytest.mark.parametrize("url,data", [
    ("/signin", {"email": "a@example.org", "password": "x" * 12}),
    ("/signup", {"email": "a@example.org", "display_name": "A", "password": "x" * 12}),
    ("/reset", {"email": "a@example.org"}),
    ("/language", {"lang": "fr"}),
    ("/signout", {}),
])
def test_forms_without_csrf_token_are_refused(client, url, data):
    """A post without a token (or with another session's token) gets 400 and a clear message."""
    missing = client.post(url, data=data)
    assert missing.status_code == 400
    assert "did not come from this site" in missing.get_data(as_text=True)
    other_client = client.application.test_client()
    from formpost import csrf_token
    foreign = client.post(url, data=dict(data, csrf_token=csrf_token(other_client)))
    assert foreign.status_code == 400


def test_signed_in_forms_need_csrf_too(participant_client):
    """Changing a password without a token is refused."""
    client, _ = participant_client
    response = client.post("/account/password", data={"current": DEFAULT_PASSWORD, "password": "y" * 20,
                                                      "confirm": "y" * 20})
    assert response.status_code == 400


def test_not_found_page_is_friendly(client):
    """An unknown address answers 404 with a page, not a stack trace."""
    response = client.get("/nothing-here")
    assert response.status_code == 404 and "does not exist" in response.get_data(as_text=True)


@pytest.mark.config(HRDAP_TEST_ERROR_PAGES=True)
def test_unexpected_error_gives_500_page_without_details(app, client):
    """A crash shows a calm page and no exception text."""
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret application content")

    app.view_functions["boom"].hrdap_public = True
    response = client.get("/boom")
    assert response.status_code == 500
    assert "secret application content" not in response.get_data(as_text=True)
    assert "Something went wrong" in response.get_data(as_text=True)


def test_get_requests_change_nothing(client):
    """Sign-out by GET is not possible: it needs a posted form."""
    user = make_user()
    post_form(client, "/signin", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert client.get("/signout").status_code == 405
    assert client.get("/dashboard").status_code == 200


def test_nul_bytes_in_addresses_answer_404(participant_client):
    """A NUL byte in a path or a query parameter is refused cleanly, not a database error."""
    client, _ = participant_client
    assert client.get("/learn/hrdap/%00/x").status_code == 404
    assert client.get("/dashboard?q=%00").status_code == 404
