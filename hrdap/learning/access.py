"""Who may read a course, which week they are in, and which weeks are open to them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, exists, or_, select
from sqlalchemy.orm import aliased, contains_eager

from hrdap.auth.models import Role, User
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.clock import now
from hrdap.extensions import db
from hrdap.learning.models import Course, Lesson, LessonProgress, Module
from hrdap.request_memo import per_request

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
        select(Enrolment).join(Cohort).options(contains_eager(Enrolment.cohort))
        .where(Enrolment.user_id == user.id, Enrolment.withdrawn_at.is_(None), Cohort.course_id == course.id)
        .order_by(Cohort.starts_on.desc()).limit(1))


# Course pages run these on every request; they are built once (building a statement with joins and
# options costs as much as running it) and run with parameters.
_ENROLLED = aliased(Enrolment, name="enrolled")
_COURSE_AND_COHORT = (
    select(Course, Cohort).select_from(Course)
    .outerjoin(_ENROLLED, and_(_ENROLLED.user_id == bindparam("user_id"), _ENROLLED.withdrawn_at.is_(None)))
    .outerjoin(Cohort, and_(Cohort.id == _ENROLLED.cohort_id, Cohort.course_id == Course.id))
    .where(Course.slug == bindparam("slug"))
    .order_by(Cohort.id.is_(None), Cohort.starts_on.desc()).limit(1))
# The lesson, and whether the reader marked it done (the lesson page shows it): one round trip.
_LESSON_AND_DONE = (
    select(Lesson, exists().where(LessonProgress.user_id == bindparam("user_id"),
                                  LessonProgress.lesson_id == Lesson.id).label("done"))
    .join(Module).options(contains_eager(Lesson.module))
    .where(Module.course_id == bindparam("course_id"), Module.slug == bindparam("module_slug"),
           Module.retired_at.is_(None), Lesson.slug == bindparam("lesson_slug"), Lesson.retired_at.is_(None)))


def _course_and_cohort(user: User, course_slug: str) -> tuple[Course | None, Cohort | None]:
    """The course, and the cohort of ``user``'s current enrolment in it (as ``active_enrolment``), in one
    query: every course page asks, and on PostgreSQL each query is a round trip."""
    row = db.session.execute(_COURSE_AND_COHORT, {"user_id": user.id, "slug": course_slug}).first()
    return (row[0], row[1]) if row is not None else (None, None)


def coaches_in(user: User, course: Course) -> bool:
    """True when ``user`` coaches someone in a cohort of ``course``."""
    return db.session.scalar(
        select(Enrolment.id).join(Cohort)
        .where(Enrolment.coach_id == user.id, Cohort.course_id == course.id).limit(1)) is not None


def view_for(user: User, course_slug: str, moment: datetime) -> LearnerView:
    """Decide how ``user`` sees the course; NotFound when they may not see it at all."""
    course, role, cohort = _role_in(user, course_slug)
    if course is None:
        raise NotFound
    return LearnerView(course, role, cohort, geneva_today(moment))


@per_request  # the menu, the dashboard and the page all ask
def _role_in(user: User, course_slug: str) -> tuple[Course | None, str, Cohort | None]:
    if user.has_role(Role.STAFF):
        course = db.session.scalar(select(Course).where(Course.slug == course_slug))
        return (course, "staff", None) if course is not None else (None, "", None)
    course, cohort = _course_and_cohort(user, course_slug)
    if course is None:
        return None, "", None
    if cohort is not None:
        return course, "participant", cohort
    if user.has_role(Role.COACH) and coaches_in(user, course):
        return course, "coach", None
    if course.open_to_all:
        return course, "self_paced", None
    return None, "", None


def find_module(view: LearnerView, module_slug: str) -> Module:
    """A live module of the course whose week is open; NotFound otherwise."""
    module = db.session.scalar(select(Module).where(
        Module.course_id == view.course.id, Module.slug == module_slug, Module.retired_at.is_(None)))
    if module is None or not view.week_open(module.week):
        raise NotFound
    return module


def find_lesson(view: LearnerView, module_slug: str, lesson_slug: str) -> Lesson:
    """A live lesson of an open week; NotFound otherwise (locked weeks answer 404 too)."""
    return find_lesson_and_done(view, module_slug, lesson_slug, None)[0]


def find_lesson_and_done(view: LearnerView, module_slug: str, lesson_slug: str, learner_id: int | None
                         ) -> tuple[Lesson, bool]:
    """A live lesson of an open week (NotFound otherwise), and whether ``learner_id`` marked it done
    (False for None)."""
    row = db.session.execute(_LESSON_AND_DONE, {"course_id": view.course.id, "module_slug": module_slug,
                                                "lesson_slug": lesson_slug, "user_id": learner_id}).first()
    if row is None or not view.week_open(row[0].module.week):
        raise NotFound
    return row[0], bool(row[1])


def sees_a_course_expression(user: User):
    """SQL truth of ``courses_for(user)`` not being empty, read with the other menu facts in one query.

    The same rules as ``_role_in``: staff see every course, participants their cohort's, coaches the
    courses of the people they coach, anyone the courses open to all."""
    if user.has_role(Role.STAFF):
        return exists().where(Course.id.isnot(None))
    conditions = [exists().where(Course.open_to_all.is_(True)),
                  exists().where(Enrolment.user_id == user.id, Enrolment.withdrawn_at.is_(None))]
    if user.has_role(Role.COACH):
        conditions.append(exists().where(Enrolment.coach_id == user.id))
    return or_(*conditions)


@per_request
def courses_for(user: User) -> list[Course]:
    """The courses this person can open (for the menu and the dashboard)."""
    courses = db.session.scalars(select(Course).order_by(Course.id)).all()
    visible = []
    for course in courses:
        try:
            view_for(user, course.slug, now())
        except NotFound:
            continue
        visible.append(course)
    return visible
