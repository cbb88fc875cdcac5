"""Attack tests over the whole app, as each demo person: XSS through every form, SQL-injection strings
in every field and search, path traversal in downloads. Each prints how much it tried."""
from __future__ import annotations

import re

import pytest

from crawler import crawl
from world import build_world, signed_in_client

XSS_PAYLOADS = [
    '<script>alert("xss1")</script>',
    '"><img src=x onerror=alert("xss2")>',
    "<svg/onload=alert('xss3')>",
    "javascript:alert('xss4')",
    '<a href="javascript:alert(5)">xss5</a>',
    "'';!--\"<XSS6>=&{()}",
    "<iframe src=//evil.example/xss7>",
    '<div style="background:url(javascript:alert(8))">xss8</div>',
    "\u202e<script>xss9</script>",
    "[xss10](javascript:alert(10))",
    "![xss11](https://evil.example/pixel.png)",
    "<<SCRIPT>alert('xss12');//<</SCRIPT>",
]
SQL_PAYLOADS = ["' OR '1'='1", "1; DROP TABLE users; --", "\" OR 1=1 --", "%' UNION SELECT password_hash FROM users --",
                "\\x00'", "admin'--"]
#: Markers that must never appear unescaped in any page after the payloads were sent.
RAW_MARKERS = re.compile(r"<script>alert|<img src=x onerror|<svg/onload|<iframe src=//evil|<XSS6>|"
                         r'href="javascript:|src="https://evil', re.I)
ROLES = ["applicant", "participant", "coach", "staff"]


@pytest.fixture
def world(app, frozen_clock):
    return build_world()


def _fill(form, payload):
    data = dict(form.fields)
    for name in form.text_fields:
        data[name] = payload
    for name, options in form.selects.items():
        data[name] = next((o for o in options if o), "")
    for name, values in form.checkboxes.items():
        data[name] = values[0]
    return data


@pytest.mark.parametrize("role", ROLES)
def test_xss_payloads_through_every_form_are_neutralised(app, world, role, capsys):
    """Every form a person can reach, filled with XSS payloads: no 500, and no page shows them raw."""
    client = signed_in_client(app, world[role])
    pages, forms = crawl(client, ["/dashboard", "/account/"])
    posts = [f for f in forms if f.method == "POST"]
    tried = 0
    for payload in XSS_PAYLOADS:
        for form in posts:
            response = client.post(form.action, data=_fill(form, payload))
            assert response.status_code < 500, (form.action, payload)
            tried += 1
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        assert not RAW_MARKERS.search(html), f"raw payload on {path}"
    with capsys.disabled():
        print(f"\n[attacks] {role}: {len(pages)} pages, {len(posts)} forms, {tried} XSS posts")


@pytest.mark.parametrize("role", ROLES)
def test_sql_injection_strings_in_fields_and_queries(app, world, role, capsys):
    """SQL-injection strings in every form field and every GET form give no 500 and change no data."""
    from hrdap.auth.models import User
    from hrdap.extensions import db

    users_before = db.session.scalar(db.select(db.func.count()).select_from(User))
    client = signed_in_client(app, world[role])
    pages, forms = crawl(client, ["/dashboard"])
    tried = 0
    for payload in SQL_PAYLOADS:
        for form in forms:
            data = _fill(form, payload)
            response = client.get(form.action.split("?")[0], query_string=data) if form.method == "GET" else \
                client.post(form.action, data=data)
            assert response.status_code < 500, (form.action, payload)
            tried += 1
        for path in list(pages)[:40]:
            response = client.get(path.split("?")[0], query_string={"q": payload, "page": payload, "status": payload})
            assert response.status_code < 500, (path, payload)
            tried += 1
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == users_before
    with capsys.disabled():
        print(f"\n[attacks] {role}: {tried} SQL-injection requests")


TRAVERSALS = ["..%2F..%2Fetc%2Fpasswd", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2f",
              "....//....//etc/passwd", "%00", "..%252f..%252fetc%252fpasswd"]


@pytest.mark.parametrize("role", ["participant", "staff"])
def test_path_traversal_in_every_download(app, world, role, capsys):
    """Every download path with its last segment replaced by a traversal answers 4xx and leaks nothing."""
    client = signed_in_client(app, world[role])
    pages, _forms = crawl(client, ["/dashboard"])
    downloads = [p for p in pages if re.search(r"\.(html|epub|csv|ics|pdf|json)(\?|$)|/download|/export", p)]
    tried = 0
    for path in downloads:
        base = path.split("?")[0].rsplit("/", 1)[0]
        for attack in TRAVERSALS:
            response = client.get(f"{base}/{attack}", follow_redirects=True)  # e.g. a trailing-slash 308
            assert 400 <= response.status_code < 500, (base, attack, response.status_code)
            assert b"root:" not in response.data and b"[fonts]" not in response.data
            tried += 1
    with capsys.disabled():
        print(f"\n[attacks] {role}: {len(downloads)} downloads, {tried} traversal requests")


@pytest.mark.parametrize("role", ROLES)
def test_every_form_refuses_a_missing_or_foreign_csrf_token(app, world, role, capsys):
    """Every POST form a person can reach, sent without its token or with another session's, answers 400."""
    from formpost import csrf_token

    client = signed_in_client(app, world[role])
    foreign = csrf_token(app.test_client())
    _pages, forms = crawl(client, ["/dashboard", "/account/"])
    posts = {f.action: f for f in forms if f.method == "POST"}
    assert posts, "the crawler found no form"
    for action, form in posts.items():
        data = _fill(form, "csrf probe")
        names = [name for name in data if name.endswith("csrf_token")]  # prefixed forms: "e1-csrf_token"
        assert names, f"{action} has no CSRF token field"
        for name in names:
            data.pop(name)
        missing = client.post(action, data=data)
        assert missing.status_code == 400, (action, "missing", missing.status_code)
        other = client.post(action, data=dict(data, **{names[0]: foreign}))
        assert other.status_code == 400, (action, "foreign", other.status_code)
    with capsys.disabled():
        print(f"\n[attacks] {role}: {len(posts)} forms refused a missing and a foreign CSRF token")


def test_extra_form_fields_cannot_grant_roles(client):
    """Mass assignment: extra fields in the sign-up form (roles, is_staff, email_verified_at) are ignored."""
    from formpost import post_form
    from hrdap.auth.services import find_user

    post_form(client, "/signup", {"email": "mass@example.org", "display_name": "M", "password": "a long enough passphrase",
                                  "language": "en", "time_zone": "Europe/Zurich", "roles": "staff", "role": "staff",
                                  "is_staff": "1", "email_verified_at": "2020-01-01", "disabled_at": ""})
    user = find_user("mass@example.org")
    assert {r.value for r in user.roles} == {"applicant"}
    assert user.email_verified_at is None
