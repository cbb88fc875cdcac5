"""The one place where Markdown becomes HTML that is safe to show.

Everything a person or a content file writes (lessons, glossary, plans, coach feedback) goes
through :func:`render_markdown`: Markdown first, then nh3 with an explicit allow-list.
"""

from collections.abc import Callable
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

LinkResolver = Callable[[str], str | None]

# Hrefs that name course content rather than a URL; a resolver turns them into real URLs.
INTERNAL_SCHEMES = ("lesson:", "glossary:")

ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h2": {"id"}, "h3": {"id"}}

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},  # drop their text too, not just the tags
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


class _InternalLinks(Treeprocessor):
    """Replace ``lesson:``/``glossary:`` hrefs with the resolver's URL, or unlink them."""

    def __init__(self, md: markdown.Markdown, resolver: LinkResolver | None) -> None:
        super().__init__(md)
        self.resolver = resolver

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            href = (link.get("href") or "").strip()
            if not href.lower().startswith(INTERNAL_SCHEMES):
                continue
            url = self.resolver(href) if self.resolver else None
            if url:
                link.set("href", url)
            else:
                # A tag outside the allow-list: nh3 removes it and keeps the link text.
                link.tag = "span"
                link.attrib.clear()


class _SafeMarkdown(Extension):
    """Turn off raw HTML and resolve internal links."""

    def __init__(self, resolver: LinkResolver | None) -> None:
        super().__init__()
        self.resolver = resolver

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Raw HTML is never interpreted: it stays visible as text, so nothing typed is lost.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After 'inline' (20), which creates the links from [text](href).
        md.treeprocessors.register(_InternalLinks(md, self.resolver), "internal_links", 15)


def render_markdown(text: str, link_resolver: LinkResolver | None = None) -> str:
    """Render Markdown ``text`` to sanitised HTML.

    ``link_resolver`` receives each ``lesson:module/lesson`` or ``glossary:slug`` href and returns
    the URL to use, or None to show the link text without a link.
    """
    # A new Markdown object per call: instances keep state and are not thread-safe.
    md = markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", "toc", _SafeMarkdown(link_resolver)],
        output_format="html",
    )
    return _CLEANER.clean(md.convert(text))
