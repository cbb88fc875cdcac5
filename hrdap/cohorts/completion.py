"""Completing the programme: every module done, an approved advocacy plan; then a certificate."""
from __future__ import annotations

import secrets
from typing import Callable

from flask_babel import get_locale, gettext as _
from sqlalchemy import select

from hrdap.cohorts.models import Certificate, Enrolment
from hrdap.extensions import db
from hrdap.learning import progress
from hrdap.learning.models import Course, pick

#: Features add requirements here: check(enrolment) -> a sentence saying what is missing, or None.
completion_checks: list[Callable[[Enrolment], str | None]] = []


def _lessons_check(enrolment: Enrolment) -> str | None:
    course = db.session.get(Course, enrolment.cohort.course_id)
    fractions = progress.module_fractions(course, progress.done_lesson_ids(enrolment.user_id, course))
    unfinished = [m for m in course.modules if m.retired_at is None and not fractions[m.id].complete]
    if unfinished:
        return _("Lessons to finish in: %(modules)s", modules=", ".join(pick(m.title, str(get_locale() or "en")) for m in unfinished))
    return None


def missing(enrolment: Enrolment) -> list[str]:
    """What the participant still has to do before completing (empty when complete)."""
    return [reason for check in [_lessons_check, *completion_checks] if (reason := check(enrolment))]


def issue(enrolment: Enrolment) -> Certificate:
    """The participant's certificate (created once); only call when ``missing`` is empty."""
    existing = db.session.scalar(select(Certificate).where(Certificate.enrolment_id == enrolment.id))
    if existing:
        return existing
    reference = f"HRDAP-C-{secrets.token_hex(4).upper()}"
    certificate = Certificate(enrolment_id=enrolment.id, reference=reference)
    db.session.add(certificate)
    db.session.commit()
    return certificate


def find(reference: str) -> Certificate | None:
    """A certificate by its reference (case and spaces forgiven)."""
    cleaned = reference.strip().upper()
    return db.session.scalar(select(Certificate).where(Certificate.reference == cleaned))
