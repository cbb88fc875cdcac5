"""Post forms like a browser: with the CSRF token the page carries."""
from __future__ import annotations

import re

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url: str = "/signin") -> str:
    """Read a CSRF token from a page, as a browser form would carry it."""
    html = client.get(url).get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post_form(client, url: str, data: dict | None = None, page: str | None = None, **kwargs):
    """Post ``data`` to ``url`` with a valid CSRF token taken from ``page`` (default: ``url``)."""
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf_token(client, page or url))
    return client.post(url, data=payload, **kwargs)
