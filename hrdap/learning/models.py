"""The course as loaded from ``courses/`` (see ``sync.py``), and each learner's progress."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrdap.clock import now
from hrdap.database import UTCDateTime
from hrdap.extensions import db

Texts = dict  # {"en": "...", "fr": "...", "es": "..."}


def pick(texts: Texts | None, lang: str) -> str:
    """The text in ``lang``, else English (callers that must say so use ``has_lang``)."""
    texts = texts or {}
    return texts.get(lang) or texts.get("en") or ""


class Course(db.Model):
    """A course: manifest values and its 10-week schedule."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[Texts] = mapped_column(JSON)
    description: Mapped[Texts] = mapped_column(JSON)
    weeks: Mapped[int] = mapped_column(Integer)
    geneva_weeks: Mapped[list] = mapped_column(JSON)
    future_weeks: Mapped[str] = mapped_column(String(10), default="readable")
    week_titles: Mapped[dict] = mapped_column(JSON)  # {"1": {"en": ...}, ...}
    # Staff may open the course to every signed-in person, self-paced (the "open academy").
    open_to_all: Mapped[bool] = mapped_column(Boolean, default=False)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    modules: Mapped[list["Module"]] = relationship(back_populates="course", order_by="Module.position")

    def week_title(self, week: int, lang: str) -> str:
        return pick(self.week_titles.get(str(week)), lang)


class Module(db.Model):
    """A module of a course (one UN mechanism, the toolbox, the case studies...)."""

    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    mechanism: Mapped[str] = mapped_column(String(32))
    week: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[Texts] = mapped_column(JSON)
    summary: Mapped[Texts] = mapped_column(JSON)
    # Set when the files no longer have the module but learners have progress on it: kept, hidden.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship(back_populates="modules")
    lessons: Mapped[list["Lesson"]] = relationship(back_populates="module", order_by="Lesson.position")

    @property
    def live_lessons(self) -> list["Lesson"]:
        return [lesson for lesson in self.lessons if lesson.retired_at is None]


class Lesson(db.Model):
    """A lesson; its texts per language are in ``LessonText``."""

    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    module: Mapped[Module] = relationship(back_populates="lessons")
    texts: Mapped[list["LessonText"]] = relationship(back_populates="lesson", cascade="all, delete-orphan")

    def text(self, lang: str) -> "LessonText | None":
        """The text in ``lang``, else English."""
        by_lang = {t.lang: t for t in self.texts}
        return by_lang.get(lang) or by_lang.get("en")


class LessonText(db.Model):
    """A lesson in one language: its Markdown and the sanitised HTML rendered once at sync."""

    __tablename__ = "lesson_texts"
    __table_args__ = (UniqueConstraint("lesson_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(300))
    markdown: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    words: Mapped[int] = mapped_column(Integer, default=0)

    lesson: Mapped[Lesson] = relationship(back_populates="texts")


class SearchTerm(db.Model):
    """One normalised word of one lesson text: a small word index that serves SQLite and PostgreSQL."""

    __tablename__ = "search_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_text_id: Mapped[int] = mapped_column(ForeignKey("lesson_texts.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(5))
    word: Mapped[str] = mapped_column(String(40), index=True)
    count: Mapped[int] = mapped_column(Integer, default=1)


class GlossaryTerm(db.Model):
    """A UN term explained, per language."""

    __tablename__ = "glossary_terms"
    __table_args__ = (UniqueConstraint("course_id", "slug", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(5))
    term: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text)


class LessonProgress(db.Model):
    """A lesson marked as done by a learner."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
