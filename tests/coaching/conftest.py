"""Fixtures for plan tests: a course, a cohort, a participant enrolled with a coach, signed in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from factories import make_user, sign_in

from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.learning.models import Course


@pytest.fixture
def cohort(app, frozen_clock):
    """A cohort of a minimal course."""
    course = Course(slug="c", title={"en": "C"}, description={}, weeks=10, geneva_weeks=[9, 10],
                    future_weeks="readable", week_titles={})
    db.session.add(course)
    db.session.flush()
    item = Cohort(course_id=course.id, name="Cohort A", starts_on=date(2026, 11, 1), weeks=10)
    db.session.add(item)
    db.session.commit()
    return item


@dataclass
class Pair:
    """A participant and their coach, each with a signed-in browser."""

    participant: object
    coach: object
    p: object   # participant's client
    c: object   # coach's client


@pytest.fixture
def enrol(app, cohort):
    """Return a function enrolling a new participant (signed in) with ``coach`` (a new coach by default)."""

    def make(coach=None, language="en") -> Pair:
        coach = coach or make_user(roles=("coach",))
        participant = make_user(roles=("participant",), language=language)
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=participant.id, coach_id=coach.id))
        db.session.commit()
        p, c = app.test_client(), app.test_client()
        sign_in(p, participant)
        sign_in(c, coach)
        return Pair(participant, coach, p, c)

    return make


@pytest.fixture
def pair(enrol):
    """A participant and their coach, signed in."""
    return enrol()
