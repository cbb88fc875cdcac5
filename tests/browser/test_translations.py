"""French and Spanish in a real browser: every page each kind of person can reach from their dashboard,
read in their language, shows no English interface string (screenshots go to screenshots/fr, /es)."""
from __future__ import annotations

import pytest

from browser_audit import interface_strings, untranslated
from browser_person import page_key
from browser_steps import sign_in
from browser_world import cohort_in_week, make_user, open_call, submitted_application

from hrdap.extensions import db

#: Addresses that download a file instead of showing a page.
DOWNLOADS = (".csv", ".ics", ".epub", ".json", ".pdf", "offline.html", "download=1")
PAGES_PER_PERSON = 12


def _reachable(person, origin: str) -> list[str]:
    """The app's own links on the current page (pages only, no downloads, no fragments)."""
    hrefs = person.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href.split('#')[0])")
    return [h[len(origin):] for h in hrefs if h.startswith(origin + "/") and not h.endswith(DOWNLOADS)
            and "/static/" not in h]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_pages_in_french_and_spanish_show_no_english_interface_string(live, open_browser, lang):
    """Applicant, participant, coach and staff each browse every page they can reach, in their language."""
    world = cohort_in_week(3)
    call = open_call()
    applicant = make_user(name="Olena")
    submitted_application(call, applicant, reviewed_by=world.staff)
    people = [applicant, world.participant, world.coach, world.staff]
    for user in people:
        user.language = lang
    db.session.commit()
    strings = interface_strings(lang)
    found: dict[str, list[str]] = {}
    seen: set[str] = set()  # kinds of page read by anyone: each person reads the new kinds first
    for user in people:
        person = open_browser(tour=False, axe=False)
        sign_in(person, user)
        person.lang = lang
        queue, mine = ["/dashboard"], set()
        while queue and len(mine) < PAGES_PER_PERSON:
            queue.sort(key=lambda p: page_key(p) in seen)
            path = queue.pop(0)
            if page_key(path) in mine:
                continue
            mine.add(page_key(path))
            seen.add(page_key(path))
            person.goto(path)
            if person.page.locator("html").get_attribute("lang") != lang:
                continue  # a printable copy or an error page outside the site's frame
            left = untranslated(person.page.content(), lang, strings)
            if left:
                found[f"{page_key(person.page.url)} ({', '.join(sorted(r.value for r in user.roles))})"] = left
            queue += [p for p in _reachable(person, live.origin) if page_key(p) not in mine]
    report = "\n".join(f"  {page}: " + " | ".join(strings) for page, strings in sorted(found.items()))
    assert not found, f"{len(found)} {lang} page(s) show English interface strings:\n{report}"
