"""Demo plans: Lucía's plan went through one revision and waits for feedback again; Karim has a draft.

Runs after the course seeder (which creates the demo cohort); skips anyone not enrolled with a coach.
The State and facts are fictional.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from hrdap.auth.models import User
from hrdap.clock import now
from hrdap.cohorts.models import Enrolment
from hrdap.coaching import services
from hrdap.coaching.models import CRITERIA
from hrdap.extensions import db

PLAN = {
    "language": "en", "mechanisms": ["upr", "sp", "hrc"],
    "problem": "Since 2024 at least **14 defenders** of land rights in Ruritania's northern provinces have been "
               "charged under the *Public Order Act* for peaceful protests.\n\n- 9 remain in pre-trial detention\n"
               "- none of the complaints of ill-treatment has been investigated",
    "objectives": "1. Get recommendations on defenders' protection accepted at Ruritania's next UPR review.\n"
                  "2. Bring the cases to the Special Rapporteur on human rights defenders.",
    "opportunities": "- Ruritania's 5th UPR review (pre-sessions in Geneva)\n- HRC60: interactive dialogue with "
                     "the Special Rapporteur on human rights defenders",
    "targets": "Supportive States with embassies in the capital; States that raised civic space at the last review; "
               "the Special Rapporteur's office.",
    "pitch": "I am Lucía, a lawyer defending land rights activists in Ruritania. Fourteen of them face charges "
             "for peaceful protests. We ask your delegation to recommend that Ruritania repeal articles 12 to 15 "
             "of its Public Order Act before its next review. Your government has spoken for civic space: "
             "this is where it matters. Here is our one-page brief.",
    "geneva_activities": "- Meet 5 missions\n- Speak at a side event on civic space\n- Brief the Special Rapporteur",
}
RECS_V1 = [
    {"text": "Consider reviewing the Public Order Act", "state": "Ruritania", "mechanism": "upr", "time_frame": ""},
    {"text": "Continue its efforts to protect human rights defenders", "state": "Ruritania", "mechanism": "upr",
     "time_frame": ""},
    {"text": "Investigate all complaints of ill-treatment of detained protesters within 12 months",
     "state": "Ruritania", "mechanism": "upr", "time_frame": "within 12 months"},
]
RECS_V2 = [
    {"text": "Repeal articles 12 to 15 of the Public Order Act before its next review", "state": "Ruritania",
     "mechanism": "upr", "time_frame": "before its next review"},
    {"text": "Adopt a law recognising and protecting human rights defenders by 2028", "state": "Ruritania",
     "mechanism": "upr", "time_frame": "by 2028"},
    RECS_V1[2],
]
RATINGS_V1 = [
    {"specific": "not_met", "measurable": "not_met", "achievable": "met", "relevant": "met", "time_bound": "not_met"},
    {"specific": "not_met", "measurable": "not_met", "achievable": "met", "relevant": "met", "time_bound": "not_met"},
    {"specific": "met", "measurable": "met", "achievable": "partly", "relevant": "met", "time_bound": "met"},
]
COMMENTS_V1 = ["“Consider reviewing” lets the State accept without changing anything: ask for the repeal itself.",
               "“Continue” is category 2: name one new step, for example a law.", "Good: clear action and deadline."]


def _coached_enrolment(user: User, coach: User) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.coach_id == coach.id,
                                                     Enrolment.withdrawn_at.is_(None)).limit(1))


def seed(people: dict[str, User]) -> list[str]:
    """Add the demo plans (idempotent)."""
    participant, coach, other = people.get("participant"), people.get("coach"), people.get("participant2")
    if participant is None or coach is None:
        return []
    lines: list[str] = []
    base = current_app.config.get("HRDAP_BASE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=base):
        enrolment = _coached_enrolment(participant, coach)
        if enrolment is not None and services.plan_of(enrolment) is None:
            _revised_plan(participant, coach)
            lines.append(f"Advocacy plan: {participant.email} revised it after feedback; it waits in "
                         f"{coach.email}'s coaching queue")
        if other is not None:
            enrolment = _coached_enrolment(other, coach)
            if enrolment is not None and services.plan_of(enrolment) is None:
                services.save_draft(other, {"language": "en", "problem": "Draft: journalists covering protests "
                                            "are being detained.", "mechanisms": ["sp"]},
                                    [{"text": "Release all detained journalists", "state": "Ruritania",
                                      "mechanism": "sp", "time_frame": ""}], now() - timedelta(days=1))
                lines.append(f"Advocacy plan: {other.email} has a draft")
        db.session.commit()
    return lines


def _revised_plan(participant: User, coach: User) -> None:
    start = now()
    plan = services.save_draft(participant, PLAN, RECS_V1, start - timedelta(days=8))
    db.session.flush()
    version = services.submit(plan, participant, start - timedelta(days=7))
    entries = {}
    for rec, ratings, comment in zip(version.recommendations, RATINGS_V1, COMMENTS_V1):
        for criterion in CRITERIA:
            entries[(rec.id, criterion)] = (ratings[criterion], comment if criterion == "specific" else "")
    services.save_feedback(version, coach, entries, "Strong: under 30 seconds, one clear ask.",
                           "Make the first two recommendations category 5 actions with a deadline.",
                           start - timedelta(days=5))
    db.session.flush()
    services.decide(version, coach, "revise", start - timedelta(days=5))
    services.save_draft(participant, PLAN, RECS_V2, start - timedelta(days=2))
    db.session.flush()
    services.submit(plan, participant, start - timedelta(days=2))
