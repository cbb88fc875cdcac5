"""Anonymous answers held back and released in shuffled groups, so that a copy of the database cannot
tell whose they are.

Who answered is written at once (``survey_participations``: "answer once" must hold), in the order people
answer; so would the answers be, and a thief could pair the k-th participant with the k-th answer by
row id, SQLite's rowid, PostgreSQL's ctid or the writing transaction. Instead an anonymous answer joins
the survey's *held* answers: one encrypted value on the survey row, in a random order. When at least
``RELEASE_AT`` are there, every anonymous answer of the survey (those released before included) is
deleted and written again in a fresh random order with fresh random ids, in one transaction. Closing
the survey releases a remainder the same way, but only when five or more anonymous answers exist in all.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field

from sqlalchemy import delete, insert, select

from hrdap.extensions import db
from hrdap.survey.models import ModuleRating, Survey, SurveyResponse

#: The fewest anonymous answers that are ever released together (issue 24: "at least five").
RELEASE_AT = 5

_random = secrets.SystemRandom()


@dataclass
class HeldAnswer:
    """An anonymous answer without any id or time."""

    satisfaction: str
    can_apply: bool
    comments: str = ""
    ratings: dict[int, int] = field(default_factory=dict)


def held_answers(survey: Survey) -> list[HeldAnswer]:
    """The survey's held anonymous answers (decrypted)."""
    if not survey.held_answers:
        return []
    return [HeldAnswer(e["satisfaction"], e["can_apply"], e["comments"], {int(k): v for k, v in e["ratings"].items()})
            for e in json.loads(survey.held_answers)]


def _store(survey: Survey, answers: list[HeldAnswer]) -> None:
    survey.held_answers = json.dumps([asdict(a) for a in answers]) if answers else None


def hold(survey: Survey, answer: HeldAnswer) -> None:
    """Add an anonymous answer at a random place among the held ones; release them all at five.

    The caller holds the survey's row lock (``lock_survey``), so two answers cannot both rewrite it.
    """
    answers = held_answers(survey)
    answers.insert(_random.randrange(len(answers) + 1), answer)
    if len(answers) >= RELEASE_AT:
        _release(survey, answers)
    else:
        _store(survey, answers)


def release_remainder(survey: Survey) -> bool:
    """On closing: release held answers if they join at least five anonymous answers in all."""
    held = held_answers(survey)
    if not held or released_anonymous_count(survey) + len(held) < RELEASE_AT:
        return False
    _release(survey, held)
    return True


def reshuffle(survey: Survey) -> None:
    """Write every anonymous answer of the survey again in a new random order (after anonymising a
    cohort turned named answers into anonymous ones), held ones included when five or more exist."""
    held = held_answers(survey)
    if released_anonymous_count(survey) + len(held) >= RELEASE_AT:
        _release(survey, held)


def forget_held_comments(survey: Survey) -> None:
    """Blank the comments of held answers (anonymising a cohort removes every survey comment)."""
    answers = held_answers(survey)
    for answer in answers:
        answer.comments = ""
    _store(survey, answers)


def released_anonymous_count(survey: Survey) -> int:
    return db.session.scalar(select(db.func.count()).select_from(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.user_id.is_(None))) or 0


def lock_survey(survey: Survey) -> None:
    """Take the survey row's lock (PostgreSQL; SQLite's writers already queue) and re-read it."""
    db.session.refresh(survey, with_for_update=True)


def _release(survey: Survey, held: list[HeldAnswer]) -> None:
    released = db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id,
                                                               SurveyResponse.user_id.is_(None))).all()
    answers = held + [HeldAnswer(r.satisfaction, r.can_apply, r.comments, {x.module_id: x.rating for x in r.ratings})
                      for r in released]
    ids = [r.id for r in released]
    for response in released:
        db.session.expunge(response)
    if ids:
        db.session.execute(delete(ModuleRating).where(ModuleRating.response_id.in_(ids)))
        db.session.execute(delete(SurveyResponse).where(SurveyResponse.id.in_(ids)))
    _random.shuffle(answers)
    # One statement per row, in the shuffled order: the physical order is the random one.
    for answer in answers:
        response_id = secrets.token_hex(16)
        db.session.execute(insert(SurveyResponse).values(
            id=response_id, survey_id=survey.id, user_id=None, submitted_at=None, satisfaction=answer.satisfaction,
            can_apply=answer.can_apply, comments=answer.comments))
        for module_id, rating in sorted(answer.ratings.items()):
            db.session.execute(insert(ModuleRating).values(response_id=response_id, module_id=module_id,
                                                           rating=rating))
    _store(survey, [])
