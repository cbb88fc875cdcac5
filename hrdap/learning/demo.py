"""Demo data for the course: the course synced, and a cohort in its third week with a coach."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hrdap.auth.models import User
from hrdap.clock import now
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.learning.access import geneva_today
from hrdap.learning.cli import sync_all
from hrdap.learning.models import Course, LessonProgress

DEMO_COHORT = "HRDAP 2027 demo cohort"


def seed(people: dict[str, User]) -> list[str]:
    """Sync the course and put the demo participants in a cohort in its third week."""
    lines = sync_all()
    course = db.session.scalar(select(Course).where(Course.slug == "hrdap"))
    if course is None or db.session.scalar(select(Cohort).where(Cohort.name == DEMO_COHORT)):
        return lines
    cohort = Cohort(course_id=course.id, name=DEMO_COHORT, weeks=course.weeks, capacity=16,
                    starts_on=geneva_today(now()) - timedelta(days=14))
    db.session.add(cohort)
    db.session.flush()
    for key in ("participant", "participant2", "participant3"):
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=people[key].id, coach_id=people["coach"].id))
    # Weeks 1 and 2 read by the first participant, half of week 1 by the second.
    done_by = {"participant": [1, 2], "participant2": [1]}
    for key, weeks in done_by.items():
        for module in course.modules:
            if module.week not in weeks:
                continue
            lessons = module.live_lessons if key == "participant" else module.live_lessons[:2]
            for lesson in lessons:
                db.session.add(LessonProgress(user_id=people[key].id, lesson_id=lesson.id))
    db.session.commit()
    return lines + [f"Cohort: {DEMO_COHORT}, in its third week, coached by {people['coach'].email}"]
