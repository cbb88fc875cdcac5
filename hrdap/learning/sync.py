"""Load the course files into the database: idempotent, and progress survives.

A module or lesson that disappeared from the files is deleted only if nobody has progress on it;
otherwise it is retired (hidden, kept) and reported, never dropped silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy import delete, func, insert, select

from hrdap.clock import now
from hrdap.content import render_markdown
from hrdap.extensions import db
from hrdap.learning import course_data as cd
from hrdap.learning.loader import load_course
from hrdap.learning.models import (Course, GlossaryTerm, Lesson, LessonProgress, LessonText, Module,
                                   SearchTerm)
from hrdap.learning.search_index import words
from hrdap.quizzes.sync import sync_quiz


class CourseInvalid(Exception):
    """The files have errors; nothing was loaded."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class SyncReport:
    """What a sync did."""

    course: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    retired: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.course}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
               f"{self.deleted} deleted"]
        out += [f"kept (learners have progress on it; no longer in the files): {r}" for r in self.retired]
        return out


def lesson_url(course: str, module: str, lesson: str) -> str:
    return f"/learn/{course}/{module}/{lesson}"


def link_resolver(course_slug: str) -> Callable[[str], str | None]:
    """Turn ``lesson:`` and ``glossary:`` links into site paths."""

    def resolve(href: str) -> str | None:
        if href.startswith("lesson:"):
            module, _, lesson = href[len("lesson:"):].partition("/")
            return lesson_url(course_slug, module, lesson)
        if href.startswith("glossary:"):
            return f"/learn/{course_slug}/glossary#term-{href[len('glossary:'):]}"
        return None

    return resolve


def sync_course(path: Path, progress: Callable[[str], None] | None = None) -> SyncReport:
    """Load the course folder at ``path``; raises CourseInvalid when the files have errors."""
    course_data, problems = load_course(path)
    errors = [str(p) for p in problems if not p.warning]
    if course_data is None or errors:
        raise CourseInvalid(errors or ["the course could not be read"])
    report = SyncReport(course=course_data.slug)
    course = db.session.scalar(select(Course).where(Course.slug == course_data.slug))
    if course is None:
        course = Course(slug=course_data.slug, open_to_all=False)
        db.session.add(course)
    course.title, course.description = dict(course_data.title), dict(course_data.description)
    course.weeks, course.geneva_weeks = course_data.weeks, sorted(course_data.geneva_weeks)
    course.future_weeks = course_data.future_weeks
    course.week_titles = {str(k): dict(v) for k, v in course_data.week_titles.items()}
    course.synced_at = now()
    db.session.flush()
    resolve = link_resolver(course_data.slug)
    existing = {m.slug: m for m in course.modules}
    for position, module_data in enumerate(course_data.modules, start=1):
        if progress:
            progress(module_data.slug)
        module = existing.pop(module_data.slug, None)
        if module is None:
            module = Module(course=course, slug=module_data.slug)
            db.session.add(module)
        module.mechanism, module.week, module.position = module_data.mechanism, module_data.week, position
        module.title, module.summary = dict(module_data.title), dict(module_data.summary)
        module.retired_at = None
        db.session.flush()
        _sync_lessons(module, module_data, resolve, report)
        sync_quiz(module, module_data.quiz)
    for module in existing.values():
        for lesson in list(module.lessons):
            _remove_lesson(lesson, f"{module.slug}/{lesson.slug}", report)
        db.session.flush()
        db.session.refresh(module)
        if module.lessons:  # some are kept for their progress
            module.retired_at = module.retired_at or now()
        else:
            db.session.delete(module)
    _sync_glossary(course, course_data)
    db.session.commit()
    return report


def _sync_lessons(module: Module, module_data: cd.Module, resolve, report: SyncReport) -> None:
    existing = {lesson.slug: lesson for lesson in module.lessons}
    for position, lesson_data in enumerate(module_data.lessons, start=1):
        lesson = existing.pop(lesson_data.slug, None)
        is_new = lesson is None
        if lesson is None:
            lesson = Lesson(module=module, slug=lesson_data.slug, position=position)
            db.session.add(lesson)
            db.session.flush()
        moved = lesson.position != position or lesson.retired_at is not None
        lesson.position, lesson.retired_at = position, None
        changed = _sync_texts(lesson, lesson_data, resolve) or moved
        if is_new:
            report.created += 1
        elif changed:
            report.updated += 1
        else:
            report.unchanged += 1
    for slug, lesson in existing.items():
        _remove_lesson(lesson, f"{module.slug}/{slug}", report)


def _sync_texts(lesson: Lesson, lesson_data: cd.Lesson, resolve) -> bool:
    """Update the lesson's texts; returns True when any text changed."""
    by_lang = {t.lang: t for t in lesson.texts}
    changed = False
    for lang, text in lesson_data.texts.items():
        row = by_lang.pop(lang, None)
        if row is not None and row.markdown == text.markdown and row.title == text.title:
            continue
        changed = True
        if row is None:
            row = LessonText(lesson=lesson, lang=lang)
            db.session.add(row)
        row.title, row.markdown = text.title[:300], text.markdown
        row.html = render_markdown(_without_title(text.markdown), resolve)
        row.words = len(text.markdown.split())
        db.session.flush()
        _index(row)
    for row in by_lang.values():
        db.session.delete(row)
        changed = True
    return changed


def _without_title(markdown: str) -> str:
    """The lesson body: the first '# Title' line is shown by the page itself."""
    first, _, rest = markdown.partition("\n")
    return rest if first.startswith("# ") else markdown


def _index(row: LessonText) -> None:
    db.session.execute(delete(SearchTerm).where(SearchTerm.lesson_text_id == row.id))
    counted = words(row.title + " " + row.title + " " + row.markdown)
    if counted:  # one multi-row INSERT: ~250 words per text, so no ORM object per word
        db.session.execute(insert(SearchTerm), [{"lesson_text_id": row.id, "lang": row.lang, "word": w, "count": n}
                                                for w, n in counted.items()])


def _remove_lesson(lesson: Lesson, name: str, report: SyncReport) -> None:
    has_progress = db.session.scalar(
        select(func.count()).select_from(LessonProgress).where(LessonProgress.lesson_id == lesson.id))
    if has_progress:
        if lesson.retired_at is None:
            lesson.retired_at = now()
            report.retired.append(name)
    else:
        db.session.delete(lesson)
        report.deleted += 1


def _sync_glossary(course: Course, course_data: cd.Course) -> None:
    db.session.execute(delete(GlossaryTerm).where(GlossaryTerm.course_id == course.id))
    for term in course_data.glossary:
        for lang, text in term.texts.items():
            db.session.add(GlossaryTerm(course_id=course.id, slug=term.slug, lang=lang, term=text.term,
                                        definition=text.definition))
