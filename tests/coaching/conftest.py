"""Fixtures for plan tests: a course, a cohort, a participant enrolled with a coach, signed in."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from factories import make_cohort, make_user, sign_in

from hrdap.cohorts.models import Enrolment
from hrdap.extensions import db


@pytest.fixture
def cohort(app, frozen_clock):
    """A cohort of a minimal course."""
    return make_cohort()


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
