"""A small crawler over the app as one signed-in person: follows same-site links, finds forms."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html

#: Links never followed and forms never posted by the crawler: they end the session or delete data.
DESTRUCTIVE = ("signout", "delete", "withdraw", "disable", "end-others", "/end", "two-factor/off",
               "revoke", "recovery-codes", "/language")


@dataclass
class FoundForm:
    page: str
    action: str
    method: str
    fields: dict[str, str]
    text_fields: list[str]
    selects: dict[str, list[str]] = field(default_factory=dict)
    checkboxes: dict[str, list[str]] = field(default_factory=dict)


def _local(href: str, base: str) -> str | None:
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "localhost"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path.startswith("/") and not path.startswith("/static/") else None


def crawl(client, start: list[str], limit: int = 120) -> tuple[dict[str, int], list[FoundForm]]:
    """Visit pages breadth-first from ``start``; returns status per path and the forms found."""
    seen: dict[str, int] = {}
    forms: list[FoundForm] = []
    queue = deque(start)
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen or any(word in path for word in DESTRUCTIVE):
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        doc = lxml.html.fromstring(response.get_data(as_text=True))
        for href in doc.xpath("//a/@href"):
            target = _local(href, path)
            if target and target not in seen:
                queue.append(target)
        for form in doc.forms:
            forms.append(_form(form, path))
    return seen, forms


def _form(form, page: str) -> FoundForm:
    action = _local(form.action or page, page) or page
    fields, text_fields, selects, checkboxes = {}, [], {}, {}
    for el in form.inputs:
        name = el.get("name")
        if not name:
            continue
        tag, kind = el.tag, (el.get("type") or "text").lower()
        if tag == "select":
            selects[name] = [o.get("value", o.text or "") for o in el.findall(".//option")]
        elif tag == "textarea" or kind in ("text", "email", "search", "url", "tel", "password", "number", "date"):
            text_fields.append(name)
            fields[name] = el.value or ""
        elif kind in ("checkbox", "radio"):
            checkboxes.setdefault(name, []).append(el.get("value", "on"))
        elif kind in ("hidden", "submit"):
            fields.setdefault(name, el.get("value", ""))
    return FoundForm(page, action, (form.method or "GET").upper(), fields, text_fields, selects, checkboxes)
