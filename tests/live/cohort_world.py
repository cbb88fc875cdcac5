"""Two cohorts of one course, with staff, a coach and participants: what the live, peer network and
survey tests share (the peers and survey folders load this file by path)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from factories import make_user, sign_in

from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.learning.models import Course, Module


@dataclass
class World:
    """The people and cohorts of a test; ``client(user)`` gives a browser signed in as ``user``."""

    app: object
    course: Course
    modules: list[Module]
    cohort: Cohort
    other: Cohort
    staff: object
    coach: object
    p1: object
    p2: object
    outsider: object
    _clients: dict = field(default_factory=dict)

    def client(self, user):
        if user.id not in self._clients:
            browser = self.app.test_client()
            sign_in(browser, user)
            self._clients[user.id] = browser
        return self._clients[user.id]

    def make_applicant(self):
        """An account with no cohort."""
        return make_user(roles=("applicant",))

    def travel(self, clock, instant):
        """Move the frozen clock far ahead: sessions expire, so browsers sign in again."""
        clock.set(instant)
        self._clients.clear()


def _module(course, slug, position, title):
    module = Module(course_id=course.id, slug=slug, mechanism="hrc", week=position, position=position,
                    title={"en": f"{title} EN", "fr": f"{title} FR", "es": f"{title} ES"}, summary={})
    db.session.add(module)
    return module


@pytest.fixture
def world(app, frozen_clock):
    """Cohort A (p1, p2, coached by ``coach``) and cohort B (``outsider``), on a two-module course."""
    course = Course(slug="mini", title={"en": "Mini"}, description={"en": ""}, weeks=10, geneva_weeks=[10],
                    week_titles={})
    db.session.add(course)
    db.session.flush()
    modules = [_module(course, "council", 1, "Council"), _module(course, "upr", 2, "Review")]
    cohort = Cohort(course_id=course.id, name="Cohort A", starts_on=date(2027, 1, 11), weeks=10)
    other = Cohort(course_id=course.id, name="Cohort B", starts_on=date(2027, 1, 11), weeks=10)
    db.session.add_all([cohort, other])
    db.session.commit()
    staff = make_user(roles=("staff",), name="Staff Sam")
    coach = make_user(roles=("coach",), name="Coach Amina")
    p1 = make_user(roles=("participant",), name="Participant Lucia")
    p2 = make_user(roles=("participant",), name="Participant Karim")
    outsider = make_user(roles=("participant",), name="Participant Elsewhere")
    db.session.add_all([Enrolment(cohort_id=cohort.id, user_id=p1.id, coach_id=coach.id),
                        Enrolment(cohort_id=cohort.id, user_id=p2.id),
                        Enrolment(cohort_id=other.id, user_id=outsider.id)])
    db.session.commit()
    return World(app, course, modules, cohort, other, staff, coach, p1, p2, outsider)
