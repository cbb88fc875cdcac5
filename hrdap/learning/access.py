"""Who may read a course, which week they are in, and which weeks are open to them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from hrdap.auth.models import Role, User
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.clock import now
from hrdap.extensions import db
from hrdap.learning.models import Course, Lesson, Module

GENEVA = ZoneInfo("Europe/Zurich")


class NotFound(Exception):
    """The course, module or lesson does not exist for this person (answered as 404)."""


@dataclass(frozen=True)
class LearnerView:
    """A person's view of a course: their role in it, their cohort and the week they are in."""

    course: Course
    role: str                 # "participant", "self_paced", "coach" or "staff"
    cohort: Cohort | None
    today: date

    @property
    def current_week(self) -> int | None:
        """The cohort's week today (0 before the start); None without a schedule."""
        return self.cohort.week_on(self.today) if self.cohort else None

    @property
    def tracks_progress(self) -> bool:
        return self.role in ("participant", "self_paced")

    def week_open(self, week: int) -> bool:
        """May this person read the lessons of ``week``?"""
        if self.cohort is None or self.course.future_weeks == "readable":
            return True
        return week <= (self.current_week or 0)

    def week_dates(self, week: int) -> tuple[date, date] | None:
        """First and last day of ``week`` for the cohort."""
        if self.cohort is None:
            return None
        start = self.cohort.week_starts(week)
        return start, start.fromordinal(start.toordinal() + 6)


def geneva_today(moment: datetime) -> date:
    """The programme's calendar day (Geneva)."""
    return moment.astimezone(GENEVA).date()


def active_enrolment(user: User, course: Course) -> Enrolment | None:
    """The participant's current enrolment in a cohort of ``course``, newest first."""
    return db.session.scalar(
        select(Enrolment).join(Cohort)
        .where(Enrolment.user_id == user.id, Enrolment.withdrawn_at.is_(None), Cohort.course_id == course.id)
        .order_by(Cohort.starts_on.desc()).limit(1))


def coaches_in(user: User, course: Course) -> bool:
    """True when ``user`` coaches someone in a cohort of ``course``."""
    return db.session.scalar(
        select(Enrolment.id).join(Cohort)
        .where(Enrolment.coach_id == user.id, Cohort.course_id == course.id).limit(1)) is not None


def view_for(user: User, course_slug: str, moment: datetime) -> LearnerView:
    """Decide how ``user`` sees the course; NotFound when they may not see it at all."""
    course = db.session.scalar(select(Course).where(Course.slug == course_slug))
    if course is None:
        raise NotFound
    today = geneva_today(moment)
    if user.has_role(Role.STAFF):
        return LearnerView(course, "staff", None, today)
    enrolment = active_enrolment(user, course)
    if enrolment is not None:
        return LearnerView(course, "participant", enrolment.cohort, today)
    if user.has_role(Role.COACH) and coaches_in(user, course):
        return LearnerView(course, "coach", None, today)
    if course.open_to_all:
        return LearnerView(course, "self_paced", None, today)
    raise NotFound


def find_module(view: LearnerView, module_slug: str) -> Module:
    """A live module of the course whose week is open; NotFound otherwise."""
    module = db.session.scalar(select(Module).where(
        Module.course_id == view.course.id, Module.slug == module_slug, Module.retired_at.is_(None)))
    if module is None or not view.week_open(module.week):
        raise NotFound
    return module


def find_lesson(view: LearnerView, module_slug: str, lesson_slug: str) -> Lesson:
    """A live lesson of an open week; NotFound otherwise (locked weeks answer 404 too)."""
    module = find_module(view, module_slug)
    lesson = next((lesson for lesson in module.live_lessons if lesson.slug == lesson_slug), None)
    if lesson is None:
        raise NotFound
    return lesson


def courses_for(user: User) -> list[Course]:
    """The courses this person can open (for the menu and the dashboard); computed once per request."""
    from flask import g, has_request_context

    if has_request_context():
        cached = g.get("hrdap_courses_for")
        if cached is not None and cached[0] == user.id:
            return cached[1]
    visible = _courses_for(user)
    if has_request_context():
        g.hrdap_courses_for = (user.id, visible)
    return visible


def _courses_for(user: User) -> list[Course]:
    courses = db.session.scalars(select(Course).order_by(Course.id)).all()
    visible = []
    for course in courses:
        try:
            view_for(user, course.slug, now())
        except NotFound:
            continue
        visible.append(course)
    return visible
