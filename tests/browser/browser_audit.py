"""What the browser tests check on every page: axe-core, the interface strings left in English on French
and Spanish pages, screenshots, and the session's collected figures (weights, accessibility) that the
terminal summary prints."""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
AXE_SOURCE = (HERE / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SCREENSHOTS = REPO / "screenshots"
#: axe impacts that fail a test.
BLOCKING = {"serious", "critical"}
#: Interface strings shorter than this are too likely to be the same word in two languages.
MIN_STRING = 13
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


# ---- accessibility -------------------------------------------------------------------------------

_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""
_SCRIPT_TAG = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_NOSCRIPT = re.compile(r"<(/?)noscript\b", re.I)


def axe_violations(page) -> list[dict]:
    """Run axe-core in a page whose JavaScript is on (injected by the test, so CSP does not apply)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return page.evaluate(_AXE_RUN)


def axe_on_html(audit_page, url: str, html: str) -> list[dict]:
    """axe-core on a page seen without JavaScript: its HTML (scripts removed, <noscript> shown) served at
    its own address to a JavaScript-enabled audit page, so styles load as they did."""
    static_html = _NOSCRIPT.sub(r"<\1div", _SCRIPT_TAG.sub("", html))

    def serve(route):
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=static_html)

    audit_page.route(url, serve)
    try:
        audit_page.goto(url)
        return axe_violations(audit_page)
    finally:
        audit_page.unroute(url, serve)


# ---- untranslated interface strings ---------------------------------------------------------------

@functools.cache
def interface_strings(lang: str) -> dict[str, str]:
    """English interface strings (every string marked for translation in hrdap/) that ``lang`` should
    show differently, each with its translation (or "" when the catalog has none).

    Strings with placeholders count by their longest literal part; strings with markup are skipped, and
    so are strings that the catalog deliberately leaves the same.
    """
    path = REPO / "hrdap" / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    translated = {}
    for message in catalog:
        if message.id and not message.fuzzy:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            translated.update(zip(ids, strings))
    with (REPO / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = dict(DEFAULT_KEYWORDS, _l=None, lazy_gettext=None, lazy_ngettext=(1, 2))
    found: dict[str, str] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(REPO / "hrdap"), method_map=method_map, options_map=options_map, keywords=keywords):
        for msgid in (message if isinstance(message, tuple) else (message,)):
            if not msgid or "<" in msgid:
                continue
            msgstr = translated.get(msgid, "")
            literal = max((part.strip() for part in _PLACEHOLDER.split(msgid.replace("%%", "%"))), key=len)
            literal = " ".join(literal.split()).strip(" ,.:;(")
            if len(literal) >= MIN_STRING and msgstr != msgid and literal not in msgstr:
                found[literal] = msgstr
    return found


class _VisibleText(HTMLParser):
    """The interface text of a page: scripts, styles, parts marked with another ``lang`` (course text
    shown in English, a person's own words) and lesson articles (course content, which cites English
    sources by their titles) are left out."""

    SKIP = {"script", "style", "template", "title"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        other_lang = "lang" in attributes and not (attributes["lang"] or "").startswith(self.lang)
        course_text = tag == "article" and "lang" in attributes  # a lesson: content, with its sources
        self.stack.append(tag in self.SKIP or other_lang or course_text or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str, lang: str) -> str:
    """The page's text in ``lang``, whitespace collapsed (see _VisibleText)."""
    body = html.split("<body", 1)[-1]
    parser = _VisibleText(lang)
    parser.feed("<body" + body)
    return " ".join(" ".join(parser.parts).split())


def untranslated(html: str, lang: str, strings: dict[str, str]) -> list[str]:
    """English interface strings found on a page that should be in ``lang``."""
    text = visible_text(html, lang)
    return sorted(s for s in strings if s in text)


# ---- the session's findings -------------------------------------------------------------------------

@dataclass
class Findings:
    """Everything the browser tests measured in this process, printed at the end of the run."""

    pages: dict[str, list[dict]] = field(default_factory=dict)  # page key -> serious/critical violations
    minor: dict[str, int] = field(default_factory=dict)  # page key -> count of moderate/minor violations
    weights: list[dict] = field(default_factory=list)
    scripts: dict[str, int] = field(default_factory=dict)  # script path -> bytes transferred
    untranslated: dict[str, list[str]] = field(default_factory=dict)  # "fr /path" -> strings
    screenshots: int = 0
    toured: set = field(default_factory=set)  # pages checked (per JavaScript mode)
    toured_languages: set = field(default_factory=set)  # pages seen in French and Spanish
    seconds: dict[str, float] = field(default_factory=dict)  # time spent checking pages, by kind

    def to_json(self) -> dict:
        return {"pages": self.pages, "minor": self.minor, "weights": self.weights, "scripts": self.scripts,
                "untranslated": self.untranslated, "screenshots": self.screenshots,
                "seconds": self.seconds}

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=1, sort_keys=True), encoding="utf-8")
        lines = [f"{key}:\n" + "".join(f"  {s}\n" for s in strings) for key, strings in sorted(self.untranslated.items())]
        (path.parent / "untranslated.txt").write_text("".join(lines), encoding="utf-8")


def summary_lines(report: dict) -> list[str]:
    """The lines printed at the end of the run: weights, JavaScript, accessibility, translations."""
    lines = []
    for w in report["weights"]:
        verdict = "ok" if w["bytes"] <= w["budget"] else "OVER BUDGET"
        lines.append(f"weight  {w['name']:<44} {w['bytes'] / 1024:7.1f} KB  (budget {w['budget'] / 1024:.1f} KB"
                     f"{', ' + w['note'] if w.get('note') else ''})  {verdict}")
    if report["scripts"]:
        lines.append("weight    JavaScript files: "
                     + ", ".join(f"{p} {b / 1024:.1f} KB" for p, b in sorted(report["scripts"].items())))
    lines.append("weight  web fonts requested: none (any font request fails its test)")
    pages = report["pages"]
    bad = {k: v for k, v in pages.items() if v}
    lines.append(f"axe     {len(pages)} page(s) checked with axe-core {_axe_version()}: "
                 f"{len(bad)} with serious or critical violations, "
                 f"{sum(report['minor'].values())} moderate/minor violation(s) in all")
    for key in sorted(pages):
        status = ("; ".join(f"{v['impact']} {v['id']} ({', '.join(v['targets'])})" for v in pages[key])
                  or "no serious or critical violation")
        minor = report["minor"].get(key, 0)
        lines.append(f"axe       {key:<56} {status}{f' · {minor} moderate/minor' if minor else ''}")
    untranslated = report["untranslated"]
    lines.append(f"i18n    {report['screenshots']} screenshot(s) in screenshots/ (en, fr, es); "
                 f"{len(untranslated)} French/Spanish page(s) show English interface strings "
                 f"(all of them in screenshots/reports/untranslated.txt)")
    for key, strings in sorted(untranslated.items()):
        shown = " | ".join(strings[:4]) + (f" | … {len(strings) - 4} more" if len(strings) > 4 else "")
        lines.append(f"i18n      {key}: {shown}")
    if report.get("seconds"):
        lines.append("time    checking pages: " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(report["seconds"].items())))
    return lines


def _axe_version() -> str:
    match = re.search(r"axe v([\d.]+)", AXE_SOURCE[:200])
    return match.group(1) if match else "?"


def merge(reports: list[dict]) -> dict:
    """Merge the reports of several processes (pytest-xdist workers)."""
    merged = Findings().to_json()
    for report in reports:
        merged["pages"].update(report["pages"])
        merged["minor"].update(report["minor"])
        merged["weights"].extend(report["weights"])
        merged["scripts"].update(report["scripts"])
        merged["untranslated"].update(report["untranslated"])
        merged["screenshots"] += report["screenshots"]
        for kind, spent in report.get("seconds", {}).items():
            merged["seconds"][kind] = merged["seconds"].get(kind, 0) + spent
    return merged
