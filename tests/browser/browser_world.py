"""The data a journey starts from, made with the app's own models and services (never the actions
under test): accounts, an open call, the real course's cohort in its third week, a coach."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pyotp

from factories import DEFAULT_PASSWORD, make_user

from hrdap.applications.models import Call
from hrdap.applications.services import geneva_instant
from hrdap.auth.models import User
from hrdap.clock import now
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.learning.access import geneva_today
from hrdap.learning.models import Course

__all__ = ["DEFAULT_PASSWORD", "make_user", "open_call", "cohort_in_week", "Cohort3", "fresh", "totp_for"]


def fresh(obj):
    """``obj`` as the database has it now (after what the browser did)."""
    db.session.commit()
    db.session.refresh(obj)
    return obj


def totp_for(user: User) -> str:
    """The code the person's authenticator app shows now (a code works once: the last use is forgotten)."""
    db.session.commit()  # end the test's read transaction first: on SQLite a stale one cannot write
    db.session.execute(db.update(User).where(User.id == user.id).values(totp_last_step=0))
    db.session.commit()
    return pyotp.TOTP(user.totp_secret).at(now())


def open_call(name: str = "HRDAP 2027", closes_at=None, opened: date | None = None) -> Call:
    """A call for applications, open since ``opened`` and closing at ``closes_at`` (default: in 60 days)."""
    today = geneva_today(now())
    call = Call(name=name, reference_prefix="HRDAP27", last_number=0, capacity=16,
                opens_at=geneva_instant(opened or today - timedelta(days=30)),
                closes_at=closes_at or geneva_instant(today + timedelta(days=60)),
                description="The **programme**: ten weeks online, then Geneva.",
                eligibility="Experienced human rights defenders.", offer="Coaching; travel to Geneva.")
    db.session.add(call)
    db.session.commit()
    return call


@dataclass
class Cohort3:
    """The real course's cohort in its third week: staff, a coach, two participants (the first coached)."""

    cohort: Cohort
    staff: User
    coach: User
    participant: User
    other: User


def cohort_in_week(week: int = 3, participant_language: str = "en") -> Cohort3:
    """A cohort of the synced course ``hrdap`` that began ``week - 1`` weeks ago."""
    course = db.session.scalar(db.select(Course).where(Course.slug == "hrdap"))
    cohort = Cohort(course_id=course.id, name="HRDAP 2027 cohort", capacity=16, weeks=course.weeks,
                    starts_on=geneva_today(now()) - timedelta(days=7 * (week - 1)))
    db.session.add(cohort)
    db.session.commit()
    staff = make_user(roles=("staff",), name="Programme Officer Sam")
    coach = make_user(roles=("coach",), name="Coach Amina")
    participant = make_user(roles=("participant",), name="Participant Lucía", language=participant_language)
    other = make_user(roles=("participant",), name="Participant Karim")
    db.session.add_all([Enrolment(cohort_id=cohort.id, user_id=participant.id, coach_id=coach.id),
                        Enrolment(cohort_id=cohort.id, user_id=other.id)])
    db.session.commit()
    return Cohort3(cohort, staff, coach, participant, other)


def submitted_application(call: Call, applicant: User, reviewed_by: User | None = None):
    """A submitted application (answers as the form stores them), with one finished review if asked."""
    import json

    from hrdap.applications.answers import dump_answers
    from hrdap.applications.choices import CRITERIA
    from hrdap.applications.models import Application, Review

    answers = {"name": "Nadia", "country": "EG", "region": "middle_east_north_africa", "languages": ["ar", "en"],
               "org_role": "Researcher", "org_kind": "ngo", "years": 9, "national_experience": "Documenting detentions.",
               "un_engagement": "yes", "area": "accountability", "motivation": "To use the UN.",
               "objectives": "Release of detained colleagues.", "funding": "full", "availability": "yes",
               "safe_contact": "Signal only.", "referee_name": "R. Referee", "referee_email": "referee@example.org",
               "consent": True}
    call.last_number += 1
    application = Application(call_id=call.id, applicant_id=applicant.id, status="submitted",
                              answers=dump_answers(answers), region="middle_east_north_africa", area="accountability",
                              languages="ar,en", reference=f"{call.reference_prefix}-{call.last_number:04d}",
                              submitted_at=now())
    db.session.add(application)
    db.session.flush()
    if reviewed_by is not None:
        db.session.add(Review(application_id=application.id, reviewer_id=reviewed_by.id, mean_score=4.0,
                              scores=json.dumps({key: 4 for key in CRITERIA}), comment="Strong.", submitted_at=now()))
    db.session.commit()
    return application
