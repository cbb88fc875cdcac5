"""Search over lessons in the reader's language, through the word index built at sync."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from hrdap.extensions import db
from hrdap.learning.models import Course, Lesson, LessonText, Module, SearchTerm
from hrdap.learning.search_index import query_words


@dataclass(frozen=True)
class Hit:
    lesson: Lesson
    text: LessonText
    score: int


def search(course: Course, lang: str, query: str, week_open, limit: int = 20) -> list[Hit]:
    """Lessons whose text in ``lang`` has every word of ``query`` (the last may be a prefix)."""
    terms = query_words(query)
    if not terms:
        return []
    matches = None
    scores: dict[int, int] = {}
    for i, term in enumerate(terms):
        condition = SearchTerm.word.startswith(term) if i == len(terms) - 1 else SearchTerm.word == term
        rows = db.session.execute(
            select(SearchTerm.lesson_text_id, func.sum(SearchTerm.count))
            .where(SearchTerm.lang == lang, condition).group_by(SearchTerm.lesson_text_id)).all()
        found = {text_id: int(n) for text_id, n in rows}
        matches = set(found) if matches is None else matches & set(found)
        for text_id, n in found.items():
            scores[text_id] = scores.get(text_id, 0) + n
    if not matches:
        return []
    texts = db.session.scalars(
        select(LessonText).join(Lesson).join(Module)
        .where(LessonText.id.in_(matches), Module.course_id == course.id,
               Lesson.retired_at.is_(None), Module.retired_at.is_(None))).all()
    hits = [Hit(t.lesson, t, scores[t.id]) for t in texts if week_open(t.lesson.module.week)]
    return sorted(hits, key=lambda h: -h.score)[:limit]
