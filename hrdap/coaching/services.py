"""The rules of the review cycle: save the draft, submit a frozen version, give feedback, decide, reply.

Functions take explicit arguments (the acting user, the instant) and raise the domain errors below;
callers commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from hrdap.audit.services import record
from hrdap.auth.models import Role, User
from hrdap.coaching import access
from hrdap.coaching.models import (APPROVED, CRITERIA, DECISIONS, MECHANISMS, RATINGS, REVISE, SUBMITTED,
                                   TEXT_FIELDS, AdvocacyPlan, Feedback, PlanVersion, Recommendation, Reply)
from hrdap.coaching.notify import notify
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db

MAX_RECOMMENDATIONS = 10


class CoachingError(Exception):
    """A refused action: ``message`` for the person, ``status`` for the response."""

    message = _l("This cannot be done.")
    status = 409


class NotFound(CoachingError):
    """Absent, or not this person's: a 404 either way."""

    message = _l("This page does not exist, or you do not have access to it.")
    status = 404


class NotYours(NotFound):
    """A plan this person may read but not act on (another coach's participant, staff): also 404."""


class FrozenVersion(CoachingError):
    message = _l("This version has been submitted and is frozen: it can no longer be changed. "
                 "You can edit your plan again once your coach has asked for a revision.")


class Superseded(CoachingError):
    """Feedback on a version after a newer one was submitted. ``current`` is the newer version."""

    message = _l("A newer version of this plan has been submitted since: give your feedback on the current version.")

    def __init__(self, current: PlanVersion):
        super().__init__("superseded")
        self.current = current


class AlreadyDecided(CoachingError):
    message = _l("Feedback on this version has already been sent.")


class Incomplete(CoachingError):
    """What is missing before a plan can be submitted or feedback sent; ``missing`` lists labels."""

    message = _l("Some parts are missing. Nothing you wrote has been lost.")
    status = 400

    def __init__(self, missing: list[str]):
        super().__init__("incomplete")
        self.missing = missing


# --------------------------------------------------------------------------- finding plans

def plan_of(enrolment) -> AdvocacyPlan | None:
    if enrolment is None:
        return None
    return db.session.scalar(select(AdvocacyPlan).where(AdvocacyPlan.enrolment_id == enrolment.id))


def own_plan(user: User) -> AdvocacyPlan | None:
    """The participant's plan for their current enrolment, if they have started one."""
    return plan_of(access.current_enrolment(user))


def readable_plan(plan_id: int, user: User) -> AdvocacyPlan:
    """A plan ``user`` may read; NotFound otherwise (another participant's plan, another coach's)."""
    plan = db.session.get(AdvocacyPlan, plan_id)
    if plan is None or not access.can_read(user, plan):
        raise NotFound
    return plan


def version_of(plan: AdvocacyPlan, number: int) -> PlanVersion:
    version = next((v for v in plan.versions if v.number == number), None)
    if version is None:
        raise NotFound
    return version


def previous_reviewed(version: PlanVersion) -> PlanVersion | None:
    """The latest earlier version that received a decision: what "changed since the last feedback" compares to."""
    earlier = [v for v in version.plan.versions if v.number < version.number and v.decided]
    return earlier[-1] if earlier else None


def version_url(version: PlanVersion) -> str:
    return url_for("coaching.version", plan_id=version.plan_id, number=version.number)


def audit_view(user: User, plan: AdvocacyPlan, version: PlanVersion | None = None) -> None:
    """Record that a coach or staff member read a participant's plan (who, which plan; no content)."""
    if not access.is_owner(user, plan):
        record(user, "coaching.plan_view", "advocacy_plan", plan.id,
               f"version {version.number}" if version else "overview")


# --------------------------------------------------------------------------- the participant's draft

def save_draft(user: User, values: dict, recommendations: list[dict], at: datetime) -> AdvocacyPlan:
    """Save the working draft of ``user``'s plan, creating the plan on the first save.

    ``values`` holds the text fields, ``language`` and ``mechanisms`` (codes); ``recommendations``
    dicts of text/state/mechanism/time_frame. Rows left entirely empty are dropped.
    """
    enrolment = access.current_enrolment(user)
    if enrolment is None:
        raise NotFound
    plan = _locked_plan(enrolment, user, at)
    if not plan.editable:
        raise FrozenVersion
    for name in TEXT_FIELDS:
        setattr(plan, name, values.get(name) or "")
    plan.language = values.get("language") or plan.language or "en"
    plan.mechanisms = ",".join(c for c in values.get("mechanisms") or [] if c in MECHANISMS)
    kept = [r for r in recommendations if any((r.get(k) or "").strip() for k in ("text", "state", "time_frame"))]
    kept = kept[:MAX_RECOMMENDATIONS]
    rows = list(plan.recommendations)
    for index, data in enumerate(kept):
        if index < len(rows):
            row = rows[index]
        else:
            row = Recommendation(position=index)
            plan.recommendations.append(row)
        row.position = index
        row.text, row.state = data.get("text") or "", data.get("state") or ""
        row.time_frame = data.get("time_frame") or ""
        row.mechanism = data.get("mechanism") if data.get("mechanism") in MECHANISMS else ""
    for row in rows[len(kept):]:
        plan.recommendations.remove(row)
    plan.saved_at = at
    return plan


def _locked_plan(enrolment, user: User, at: datetime) -> AdvocacyPlan:
    """The enrolment's plan, created if missing, its row locked until commit (two tabs, double clicks)."""
    query = select(AdvocacyPlan).where(AdvocacyPlan.enrolment_id == enrolment.id).with_for_update() \
        .execution_options(populate_existing=True)
    plan = db.session.scalar(query)
    if plan is not None:
        return plan
    try:
        with db.session.begin_nested():
            db.session.add(AdvocacyPlan(enrolment_id=enrolment.id, participant_id=user.id, created_at=at,
                                        saved_at=at, language=user.language or "en"))
    except IntegrityError:   # another request created it first (PostgreSQL; SQLite queues writers)
        pass
    return db.session.scalar(query)


def missing_for_submission(plan: AdvocacyPlan) -> list[str]:
    """Labels of what a plan needs before it can be submitted."""
    missing = [str(TEXT_FIELDS[name]) for name in ("problem", "objectives", "pitch")
               if not (getattr(plan, name) or "").strip()]
    if not plan.recommendations:
        missing.append(str(_l("At least one recommendation")))
    for index, rec in enumerate(plan.recommendations, start=1):
        if not rec.text.strip() or not rec.state.strip():
            missing.append(str(_l("Recommendation %(n)d: its text and the State addressed", n=index)))
    return missing


def submit(plan: AdvocacyPlan, user: User, at: datetime) -> PlanVersion:
    """Freeze the draft as a new version and tell the coach. Only the owner, only while editable."""
    if not access.is_owner(user, plan):
        raise NotFound
    # Lock the plan row (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers).
    db.session.scalar(select(AdvocacyPlan).where(AdvocacyPlan.id == plan.id).with_for_update()
                      .execution_options(populate_existing=True))
    if not plan.editable:
        raise FrozenVersion
    missing = missing_for_submission(plan)
    if missing:
        raise Incomplete(missing)
    number = (db.session.scalar(select(func.max(PlanVersion.number)).where(PlanVersion.plan_id == plan.id)) or 0) + 1
    version = PlanVersion(number=number, submitted_at=at, language=plan.language, mechanisms=plan.mechanisms,
                          **plan.texts())
    for rec in plan.recommendations:
        version.recommendations.append(Recommendation(position=rec.position, **rec.fields()))
    plan.versions.append(version)
    plan.status = SUBMITTED
    db.session.flush()
    notify(access.coach_of(plan), "plan_submitted", version_url(version))
    return version


# --------------------------------------------------------------------------- the coach's feedback

def _check_reviewable(version: PlanVersion, coach: User) -> None:
    if not access.can_coach(coach, version.plan):
        raise NotYours
    latest = version.plan.latest_version
    if latest is not None and latest.number != version.number:
        raise Superseded(latest)
    if version.decided:
        raise AlreadyDecided


def save_feedback(version: PlanVersion, coach: User, entries: dict[tuple[int, str], tuple[str, str]],
                  pitch_comment: str, plan_comment: str, at: datetime) -> None:
    """Store the coach's ratings and comments (not visible to the participant until a decision).

    ``entries`` maps (recommendation id, criterion) to (rating or "", comment).
    """
    _check_reviewable(version, coach)
    rec_ids = {r.id for r in version.recommendations}
    for (rec_id, criterion), (rating, comment) in entries.items():
        if rec_id not in rec_ids or criterion not in CRITERIA:
            continue
        row = version.feedback_for(rec_id, criterion)
        if row is None:
            row = Feedback(recommendation_id=rec_id, criterion=criterion)
            version.feedback.append(row)
        row.rating = rating if rating in RATINGS else ""
        row.comment = comment or ""
    version.pitch_comment, version.plan_comment = pitch_comment or "", plan_comment or ""
    version.feedback_saved_at = at


def missing_ratings(version: PlanVersion) -> list[str]:
    missing = []
    for index, rec in enumerate(version.recommendations, start=1):
        for criterion, label in CRITERIA.items():
            row = version.feedback_for(rec.id, criterion)
            if row is None or not row.rating:
                missing.append(str(_l("Recommendation %(n)d: %(criterion)s", n=index, criterion=label)))
    return missing


def decide(version: PlanVersion, coach: User, decision: str, at: datetime) -> None:
    """Send the feedback with "approved" or "revise"; every criterion must be rated first."""
    _check_reviewable(version, coach)
    if decision not in DECISIONS:
        raise Incomplete([str(_l("Your decision"))])
    missing = missing_ratings(version)
    if missing:
        raise Incomplete(missing)
    version.decision, version.decided_at, version.decided_by_id = decision, at, coach.id
    version.plan.status = APPROVED if decision == APPROVED else REVISE
    notify(version.plan.participant, "plan_reviewed", version_url(version))


# --------------------------------------------------------------------------- conversation

def add_reply(version: PlanVersion, author: User, topic: str, feedback_id: int | None, body: str,
              at: datetime) -> Reply:
    """Answer a feedback comment (or the pitch/plan comment); the other side is notified."""
    plan = version.plan
    owner, coach = access.is_owner(author, plan), access.can_coach(author, plan)
    if not (owner or coach):
        raise NotYours
    if not version.decided and owner:
        raise NotFound   # the participant sees feedback only once it is sent
    if topic == "feedback":
        if feedback_id not in {f.id for f in version.feedback}:
            raise NotFound
    elif topic in ("pitch", "plan"):
        feedback_id = None
    else:
        raise NotFound
    if not body.strip():
        raise Incomplete([str(_l("Your reply"))])
    reply = Reply(topic=topic, feedback_id=feedback_id, author_id=author.id, body=body, created_at=at)
    version.replies.append(reply)
    other = access.coach_of(plan) if owner else plan.participant
    notify(other, "plan_reply", version_url(version) + "#conversation")
    return reply


# --------------------------------------------------------------------------- lists

@dataclass(frozen=True)
class Waiting:
    plan: AdvocacyPlan
    version: PlanVersion
    waiting: timedelta


def queue_for(user: User, at: datetime) -> list[Waiting]:
    """Plans waiting for feedback, oldest submission first: a coach's own, or every plan for staff."""
    query = (select(AdvocacyPlan, PlanVersion).join(PlanVersion, PlanVersion.plan_id == AdvocacyPlan.id)
             .join(Enrolment, Enrolment.id == AdvocacyPlan.enrolment_id).join(Cohort, Cohort.id == Enrolment.cohort_id)
             # An anonymised cohort's plans have no text left: nothing to review.
             .where(AdvocacyPlan.status == SUBMITTED, PlanVersion.decided_at.is_(None), Cohort.anonymised_at.is_(None))
             .order_by(PlanVersion.submitted_at, PlanVersion.id))
    if not user.has_role(Role.STAFF):
        query = query.where(AdvocacyPlan.id.in_(access.coached_plan_ids(user)))
    rows = db.session.execute(query).all()
    return [Waiting(plan, version, at - version.submitted_at) for plan, version in rows
            if plan.latest_version is version]


def plans_for(user: User) -> list[AdvocacyPlan]:
    """Every plan a coach coaches, or every plan for staff."""
    query = select(AdvocacyPlan).order_by(AdvocacyPlan.id)
    if not user.has_role(Role.STAFF):
        query = query.where(AdvocacyPlan.id.in_(access.coached_plan_ids(user)))
    return list(db.session.scalars(query))
