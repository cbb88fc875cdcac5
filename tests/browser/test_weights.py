"""Weight, measured by the browser on a first visit (empty cache): the sign-in page, a lesson page beyond
the lesson's own text, all the JavaScript the app ships, and no web fonts. Budgets are on bytes."""
from __future__ import annotations

from browser_steps import sign_in
from browser_world import cohort_in_week

from hrdap.extensions import db
from hrdap.learning.models import Lesson, LessonText, Module

KB = 1024
_TRANSFERRED = """() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return entries.map(e => ({url: e.name, type: e.initiatorType || 'navigation', bytes: e.transferSize,
                            body: e.encodedBodySize}));
}"""


def _first_visit(chromium, live, path: str, storage_state=None) -> list[dict]:
    """Open ``path`` in a new context (nothing cached) and return what the browser transferred."""
    context = chromium.new_context(storage_state=storage_state)
    try:
        page = context.new_page()
        page.goto(live.origin + path)
        page.wait_for_load_state("networkidle")
        entries = page.evaluate(_TRANSFERRED)
    finally:
        context.close()
    assert not [e for e in entries if not e["url"].startswith((live.origin, "data:"))], entries
    assert not [e for e in entries if e["type"] == "css" and e["url"].endswith((".woff", ".woff2", ".ttf"))]
    return entries


def _record(findings, name: str, total: int, budget: int, note: str = "") -> None:
    findings.weights.append({"name": name, "bytes": total, "budget": budget, "note": note})


def test_the_sign_in_page_weighs_at_most_25_kb(live, chromium, findings):
    """Everything the sign-in page transfers on a first visit: at most 25 KB."""
    entries = _first_visit(chromium, live, "/signin")
    total = sum(e["bytes"] for e in entries)
    _record(findings, "sign-in page, first visit", total, 25 * KB, f"{len(entries)} request(s)")
    assert total <= 25 * KB, entries


def test_a_lesson_page_weighs_at_most_60_kb_beyond_its_text(live, chromium, open_browser, findings):
    """A week-1 lesson, signed in, on a first visit: at most 60 KB beyond the lesson's own HTML."""
    world = cohort_in_week(3)
    person = open_browser(tour=False)
    sign_in(person, world.participant)
    state = person.context.storage_state()
    lesson = db.session.scalar(db.select(Lesson).join(Module).where(Module.slug == "introduction",
                                                                     Lesson.slug == "overview"))
    own = len(db.session.scalar(db.select(LessonText.html).where(LessonText.lesson_id == lesson.id,
                                                                  LessonText.lang == "en")).encode())
    entries = _first_visit(chromium, live, "/learn/hrdap/introduction/overview", storage_state=state)
    total = sum(e["bytes"] for e in entries)
    _record(findings, "lesson page (introduction/overview), first visit", total, 60 * KB + own,
            f"60 KB + the lesson's own {own / KB:.1f} KB; {total / KB - own / KB:.1f} KB beyond it")
    assert total - own <= 60 * KB, entries


def test_all_javascript_together_is_at_most_20_kb_and_there_are_no_fonts(live, chromium, findings):
    """Every script the app ships, fetched by the browser: at most 20 KB together; no font files at all."""
    from pathlib import Path

    static = Path(live.served.static_folder)
    assert not [p for p in static.rglob("*") if p.suffix.lower() in {".woff", ".woff2", ".ttf", ".otf", ".eot"}]
    assert "@font-face" not in "".join(p.read_text() for p in static.rglob("*.css"))
    context = chromium.new_context()
    try:
        page = context.new_page()
        total = 0
        for script in sorted(static.rglob("*.js")):
            response = page.goto(f"{live.origin}/static/{script.relative_to(static).as_posix()}")
            sizes = response.request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            findings.scripts[f"/static/{script.name}"] = size
            total += size
    finally:
        context.close()
    _record(findings, "all JavaScript files together", total, 20 * KB, "headers included")
    assert total <= 20 * KB
