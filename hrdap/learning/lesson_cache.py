"""Lesson texts and lesson lists kept in each worker's memory.

A lesson changes only when ``hrdap courses sync`` runs, and every sync stamps ``Course.synced_at``. The
stamp is part of every key, so after a sync the next page reads the new text in every worker; old
entries simply age out. This spares the lesson page most of its queries and its largest row.
The caches belong to the app object (one per worker), so two apps never share entries (tests).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from flask import current_app

from sqlalchemy import select

from hrdap.extensions import db
from hrdap.learning.models import Lesson, LessonText


@dataclass(frozen=True)
class CachedText:
    lang: str
    title: str
    html: str


@dataclass(frozen=True)
class Sibling:
    """A live lesson of a module, with its title in one language (for previous/next links)."""
    id: int
    slug: str
    title: str


def _cached(fn):
    """``fn`` behind an LRU cache owned by the current app."""
    caches = current_app.extensions.setdefault("hrdap_lesson_cache", {})
    if fn.__name__ not in caches:
        caches[fn.__name__] = lru_cache(maxsize=256)(fn)
    return caches[fn.__name__]


def lesson_text(lesson_id: int, lang: str, synced_at: datetime) -> CachedText | None:
    """The lesson in ``lang``, else English."""
    return _cached(_lesson_text)(lesson_id, lang, synced_at)


def module_lessons(module_id: int, lang: str, synced_at: datetime) -> tuple[Sibling, ...]:
    """The module's live lessons in order, titled in ``lang`` (else English)."""
    return _cached(_module_lessons)(module_id, lang, synced_at)


def _lesson_text(lesson_id: int, lang: str, synced_at: datetime) -> CachedText | None:
    rows = db.session.execute(select(LessonText.lang, LessonText.title, LessonText.html).where(
        LessonText.lesson_id == lesson_id, LessonText.lang.in_({lang, "en"}))).all()
    by_lang = {row.lang: row for row in rows}
    row = by_lang.get(lang) or by_lang.get("en")
    return CachedText(row.lang, row.title, row.html) if row else None


def _module_lessons(module_id: int, lang: str, synced_at: datetime) -> tuple[Sibling, ...]:
    rows = db.session.execute(
        select(Lesson.id, Lesson.slug, LessonText.lang, LessonText.title).join(LessonText)
        .where(Lesson.module_id == module_id, Lesson.retired_at.is_(None), LessonText.lang.in_({lang, "en"}))
        .order_by(Lesson.position)).all()
    titles: dict[int, dict[str, str]] = {}
    slugs: dict[int, str] = {}
    for row in rows:
        slugs[row.id] = row.slug
        titles.setdefault(row.id, {})[row.lang] = row.title
    return tuple(Sibling(i, slugs[i], titles[i].get(lang) or titles[i].get("en", "")) for i in slugs)


def neighbours(lesson: Lesson, lang: str, synced_at: datetime) -> tuple[Sibling | None, Sibling | None]:
    """The lessons before and after ``lesson`` in its module."""
    siblings = module_lessons(lesson.module_id, lang, synced_at)
    index = next(i for i, s in enumerate(siblings) if s.id == lesson.id)
    return (siblings[index - 1] if index > 0 else None,
            siblings[index + 1] if index + 1 < len(siblings) else None)
