"""Survey rules: staff open and close it; a participant answers once, named or anonymously; results."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hrdap.auth.models import User
from hrdap.cohorts.models import Cohort
from hrdap.extensions import db
from hrdap.learning.models import Course, Module
from hrdap.live.access import is_member
from hrdap.survey.held import HeldAnswer, hold, lock_survey, release_remainder
from hrdap.survey.models import SATISFACTION, SATISFIED, ModuleRating, Survey, SurveyParticipation, SurveyResponse


class SurveyError(Exception):
    """A refused answer; ``message`` is shown to the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Answers:
    """One participant's answers."""

    satisfaction: str
    can_apply: bool
    ratings: dict[int, int] = field(default_factory=dict)
    comments: str = ""
    anonymous: bool = False


def survey_of(cohort_id: int) -> Survey | None:
    return db.session.scalar(select(Survey).where(Survey.cohort_id == cohort_id))


def modules_of(cohort: Cohort) -> list[Module]:
    """The modules participants rate: the cohort's course's current modules, in course order."""
    course = db.session.get(Course, cohort.course_id)
    return [m for m in course.modules if m.retired_at is None] if course else []


def open_survey(cohort: Cohort, moment: datetime) -> Survey:
    """Open the cohort's survey (creating it), or reopen it after closing."""
    survey = survey_of(cohort.id)
    if survey is None:
        survey = Survey(cohort_id=cohort.id)
        db.session.add(survey)
    survey.opened_at, survey.closed_at = survey.opened_at or moment, None
    db.session.flush()
    return survey


def close_survey(survey: Survey, moment: datetime) -> None:
    """Stop accepting answers; held anonymous answers are released if five or more exist in all."""
    lock_survey(survey)
    if survey.is_open:
        survey.closed_at = moment
    release_remainder(survey)


def has_answered(survey: Survey, user: User) -> bool:
    return db.session.scalar(select(SurveyParticipation.id).where(
        SurveyParticipation.survey_id == survey.id, SurveyParticipation.user_id == user.id)) is not None


def pending_survey(cohort_id: int, user: User) -> Survey | None:
    """The cohort's open survey if this member has not answered it yet."""
    survey = survey_of(cohort_id)
    if survey is None or not survey.is_open or has_answered(survey, user) or not is_member(user, cohort_id):
        return None
    return survey


def submit(survey: Survey, user: User, answers: Answers, modules: list[Module], moment: datetime) -> None:
    """Record the answers once. The participation is written at once; an anonymous answer is held and
    released among at least five (``survey/held.py``), with no user, no time and no row order of its own."""
    lock_survey(survey)
    if not survey.is_open:
        raise SurveyError(_l("The survey is not open."))
    already = _l("You have already answered this survey. Thank you: answers cannot be sent twice.")
    if has_answered(survey, user):
        raise SurveyError(already)
    if answers.satisfaction not in SATISFACTION:
        raise SurveyError(_l("Choose how satisfied you are."))
    known = {m.id for m in modules}
    ratings = {mid: r for mid, r in answers.ratings.items() if mid in known and r in (1, 2, 3, 4, 5)}
    try:
        with db.session.begin_nested():
            db.session.add(SurveyParticipation(survey_id=survey.id, user_id=user.id))
            db.session.flush()
    except IntegrityError:  # a second submit that raced the first
        raise SurveyError(already) from None
    if answers.anonymous:
        hold(survey, HeldAnswer(answers.satisfaction, answers.can_apply, answers.comments or "", ratings))
        db.session.flush()
        return
    response = SurveyResponse(survey_id=survey.id, satisfaction=answers.satisfaction, can_apply=answers.can_apply,
                              comments=answers.comments or "", user_id=user.id, submitted_at=moment)
    response.ratings = [ModuleRating(module_id=mid, rating=r) for mid, r in sorted(ratings.items())]
    db.session.add(response)
    db.session.flush()


@dataclass(frozen=True)
class ModuleResult:
    module: Module
    count: int
    average: float | None


@dataclass(frozen=True)
class Results:
    """What staff see: satisfaction counts, the satisfied share, "can apply", modules, comments."""

    total: int
    levels: list[tuple[str, int]]
    satisfied: int
    can_apply: int
    modules: list[ModuleResult]
    comments: list[tuple[str, str | None]]  # (comment, name or None when anonymous)
    responses: list[SurveyResponse]

    @property
    def satisfied_percent(self) -> int | None:
        """The share of "extremely or very satisfied", in whole percent (None without answers)."""
        return round(100 * self.satisfied / self.total) if self.total else None

    @property
    def can_apply_percent(self) -> int | None:
        return round(100 * self.can_apply / self.total) if self.total else None


def results(survey: Survey | None, modules: list[Module]) -> Results:
    """Count the answers. Rows are ordered by their answers, never by when they were given."""
    responses = list(db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id))) \
        if survey else []
    responses.sort(key=lambda r: (SATISFACTION.index(r.satisfaction), r.id))
    levels = [(level, sum(1 for r in responses if r.satisfaction == level)) for level in SATISFACTION]
    by_module: dict[int, list[int]] = {m.id: [] for m in modules}
    for response in responses:
        for rating in response.ratings:
            by_module.setdefault(rating.module_id, []).append(rating.rating)
    module_results = [ModuleResult(m, len(by_module[m.id]),
                                   round(sum(by_module[m.id]) / len(by_module[m.id]), 1) if by_module[m.id] else None)
                      for m in modules]
    comments = sorted(((r.comments, r.user.display_name if r.user_id and r.user else None)
                       for r in responses if r.comments.strip()), key=lambda c: c[0].casefold())
    return Results(total=len(responses), levels=levels,
                   satisfied=sum(1 for r in responses if r.satisfaction in SATISFIED),
                   can_apply=sum(1 for r in responses if r.can_apply), modules=module_results,
                   comments=comments, responses=responses)


def held_count(survey: Survey | None) -> int:
    """How many anonymous answers wait to be released (those who answered, less the stored answers)."""
    if survey is None:
        return 0
    stored = db.session.scalar(select(db.func.count()).select_from(SurveyResponse)
                               .where(SurveyResponse.survey_id == survey.id)) or 0
    return max(0, participation_count(survey) - stored)


def participation_count(survey: Survey | None) -> int:
    """How many participants have answered."""
    if survey is None:
        return 0
    return len(db.session.scalars(select(SurveyParticipation.id).where(
        SurveyParticipation.survey_id == survey.id)).all())
