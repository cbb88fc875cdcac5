"""A course and a cohort for cohort tests."""
from __future__ import annotations

from datetime import timedelta

from hrdap.clock import now
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.learning.access import geneva_today
from hrdap.learning.models import Course


def make_course(slug: str = "c") -> Course:
    course = Course(slug=slug, title={"en": "Course"}, description={}, weeks=10, geneva_weeks=[9, 10],
                    future_weeks="readable", week_titles={})
    db.session.add(course)
    db.session.commit()
    return course


def make_cohort(course: Course, capacity: int = 16, week: int = 3, name: str = "Cohort A") -> Cohort:
    cohort = Cohort(course_id=course.id, name=name, capacity=capacity, weeks=10,
                    starts_on=geneva_today(now()) - timedelta(days=7 * (week - 1)))
    db.session.add(cohort)
    db.session.commit()
    return cohort


def enrol(cohort: Cohort, user, coach=None) -> Enrolment:
    enrolment = Enrolment(cohort_id=cohort.id, user_id=user.id, coach_id=coach.id if coach else None)
    db.session.add(enrolment)
    db.session.commit()
    return enrolment
