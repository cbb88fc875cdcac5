"""Offline copies: a module as one self-contained HTML file, and the whole course as an EPUB."""
from __future__ import annotations

import re
from importlib import resources

from flask import render_template

from hrdap.content import render_markdown
from hrdap.learning.models import Course, Module, pick
from hrdap.learning.sync import _without_title

_HREF = re.compile(r'href="/learn/[^"]*"')


def _offline_resolver(module: Module):
    """Links to lessons of the same file become in-page anchors; other links become plain text."""
    slugs = {lesson.slug for lesson in module.live_lessons}

    def resolve(href: str) -> str | None:
        if href.startswith("lesson:"):
            target_module, _, lesson = href[len("lesson:"):].partition("/")
            if target_module == module.slug and lesson in slugs:
                return f"#lesson-{lesson}"
        return None

    return resolve


def module_html(module: Module, lang: str) -> str:
    """The module in ``lang`` as one HTML page with its CSS inline and no external references."""
    css = resources.files("hrdap").joinpath("static/style.css").read_text("utf-8")
    resolve = _offline_resolver(module)
    lessons = []
    for lesson in module.live_lessons:
        text = lesson.text(lang)
        lessons.append({"slug": lesson.slug, "title": text.title, "lang": text.lang,
                        "html": render_markdown(_without_title(text.markdown), resolve)})
    return render_template("learning/offline_module.html", module=module, lessons=lessons, css=css,
                           title=pick(module.title, lang), lang=lang)


def course_epub(course: Course, lang: str) -> bytes:
    """The course in ``lang`` as an EPUB 3 book: one chapter per lesson."""
    import io

    from ebooklib import epub  # imported here: a web worker that never builds an EPUB stays lighter

    book = epub.EpubBook()
    book.set_identifier(f"hrdap-{course.slug}-{lang}")
    book.set_title(pick(course.title, lang))
    book.set_language(lang)
    book.add_author("HRDAP")
    chapters, toc = [], []
    for module in course.modules:
        if module.retired_at is not None:
            continue
        resolve = _offline_resolver(module)
        section = []
        for lesson in module.live_lessons:
            text = lesson.text(lang)
            chapter = epub.EpubHtml(title=text.title, file_name=f"{module.slug}-{lesson.slug}.xhtml", lang=lang)
            body = render_markdown(_without_title(text.markdown), resolve)
            body = body.replace('href="#lesson-', f'href="{module.slug}-').replace('"#', '"#')
            body = re.sub(rf'href="{re.escape(module.slug)}-([a-z0-9-]+)"',
                          rf'href="{module.slug}-\1.xhtml"', body)
            chapter.content = f"<h1>{_escape(text.title)}</h1>{body}"
            book.add_item(chapter)
            chapters.append(chapter)
            section.append(chapter)
        toc.append((epub.Section(pick(module.title, lang)), section))
    book.toc = toc
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    out = io.BytesIO()
    epub.write_epub(out, book)
    return out.getvalue()


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
