"""Review and selection: blind rubric reviews, conflicts of interest, shortlist, decisions, balance.

Accepting an applicant gives their account the participant role and calls every hook in
``on_accept``: the cohort feature registers one there to enrol the person in the call's cohort.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from statistics import mean
from typing import Callable

from flask import url_for
from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import selectinload

from hrdap.applications.errors import CallFull, NotAllowed, NotFound, ReviewsNeeded
from hrdap.applications.models import Application, Call, Review, Status
from hrdap.audit.services import record
from hrdap.auth.models import Role
from hrdap.extensions import db
from hrdap.mail import services as mail

#: Called with each newly accepted Application (same transaction). The cohort issue adds the
#: enrolment here: ``review_services.on_accept.append(enrol_in_cohort)``.
on_accept: list[Callable[[Application], None]] = []

MIN_REVIEWS = 2
DECISIONS = (Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED)


@dataclass(frozen=True)
class Scores:
    """The reviews of one application: how many, their mean, and their spread (max - min)."""

    count: int
    mean: float | None
    spread: float | None


def conflicted_for(reviewer_id: int):
    """Applications where ``reviewer_id`` declared a conflict of interest."""
    return exists().where(Review.application_id == Application.id, Review.reviewer_id == reviewer_id,
                          Review.conflict.is_(True))


def staff_application(application_id: int, reviewer) -> Application:
    """A sent application as staff may see it; drafts and the reviewer's conflicts are NotFound."""
    application = db.session.get(Application, application_id)
    if application is None or application.submitted_at is None:  # drafts are the applicant's own
        raise NotFound()
    if any(r.reviewer_id == reviewer.id and r.conflict for r in application.reviews):
        raise NotFound()
    return application


def record_view(application: Application, actor, what: str = "application.view") -> None:
    """Write a staff view of an application to the audit log."""
    record(actor, what, "application", application.id)
    db.session.commit()


def own_review(application: Application, reviewer) -> Review | None:
    """The reviewer's review of the application, if any."""
    return next((r for r in application.reviews if r.reviewer_id == reviewer.id), None)


def visible_reviews(application: Application, reviewer) -> list[Review] | None:
    """Other reviewers' reviews, or None while the reviewer has not submitted their own (blind review)."""
    mine = own_review(application, reviewer)
    if mine is None or mine.submitted_at is None:
        return None
    return application.completed_reviews()


def scores(application: Application) -> Scores:
    """Count, mean and spread of the completed reviews."""
    means = [r.mean_score for r in application.completed_reviews() if r.mean_score is not None]
    if not means:
        return Scores(0, None, None)
    return Scores(len(means), round(mean(means), 2), round(max(means) - min(means), 2))


def criterion_scores(review: Review) -> dict[str, int]:
    """A review's score per criterion."""
    return json.loads(review.scores or "{}")


def save_review(application: Application, reviewer, values: dict[str, int], comment: str, at: datetime) -> Review:
    """Score the application 1–5 on every criterion, with a comment. A reviewer may revise theirs."""
    if application.status not in (Status.SUBMITTED.value, Status.UNDER_REVIEW.value, Status.SHORTLISTED.value):
        raise NotAllowed()
    review = own_review(application, reviewer)
    if review is None:
        review = Review(reviewer_id=reviewer.id)
        application.reviews.append(review)
    review.scores = json.dumps(values, sort_keys=True)
    review.mean_score = round(mean(values.values()), 3)
    review.comment = comment
    review.submitted_at = at
    if application.status == Status.SUBMITTED.value:
        application.status = Status.UNDER_REVIEW.value
    record(reviewer, "application.review", "application", application.id)
    db.session.commit()
    return review


def declare_conflict(application: Application, reviewer, at: datetime) -> None:
    """Declare a conflict of interest: the application disappears for this reviewer, their scores too."""
    review = own_review(application, reviewer)
    if review is None:
        review = Review(reviewer_id=reviewer.id)
        application.reviews.append(review)
    review.conflict, review.scores, review.mean_score, review.comment = True, "{}", None, ""
    review.submitted_at = at
    record(reviewer, "application.conflict", "application", application.id)
    db.session.commit()


def shortlist(application: Application, actor, at: datetime) -> None:
    """Put a reviewed application on the shortlist."""
    if application.status not in (Status.SUBMITTED.value, Status.UNDER_REVIEW.value, Status.WAITLISTED.value):
        raise NotAllowed()
    if scores(application).count < MIN_REVIEWS:
        raise ReviewsNeeded()
    application.status = Status.SHORTLISTED.value
    record(actor, "application.shortlist", "application", application.id)
    db.session.commit()


def decide(application: Application, actor, decision: Status, at: datetime) -> None:
    """Accept, waitlist or decline; the applicant gets a neutral email. Accepting respects capacity."""
    if decision not in DECISIONS:
        raise NotAllowed()
    if application.status not in (Status.SUBMITTED.value, Status.UNDER_REVIEW.value,
                                  Status.SHORTLISTED.value, Status.WAITLISTED.value):
        raise NotAllowed()
    if decision is Status.ACCEPTED:
        if scores(application).count < MIN_REVIEWS:
            raise ReviewsNeeded()
        # Lock the call row (PostgreSQL; SQLite writers already queue) so two staff cannot overfill it.
        call = db.session.scalar(select(Call).where(Call.id == application.call_id).with_for_update())
        if call.accepted_count() >= call.capacity:
            db.session.rollback()
            raise CallFull()
    application.status = decision.value
    application.decided_at = at
    if decision is Status.ACCEPTED:
        application.applicant.add_role(Role.PARTICIPANT)
        for hook in on_accept:
            hook(application)
    record(actor, "application.decide", "application", application.id, detail=decision.value)
    applicant = application.applicant
    mail.queue(applicant.email, "application_news", applicant.language,
               url=url_for("applications.show", application_id=application.id, _external=True))
    db.session.commit()


def accepted_applicants(call: Call) -> list[Application]:
    """The accepted applications of ``call``: the people to enrol in its cohort."""
    return list(db.session.scalars(select(Application).where(
        Application.call_id == call.id, Application.status == Status.ACCEPTED.value).order_by(Application.id)))


def filtered(call: Call, reviewer, *, status: str = "", region: str = "", area: str = "", score: str = ""):
    """A query of the call's sent applications for staff, without the reviewer's conflicts.

    ``score`` is 'unreviewed' (not yet reviewed by me), 'high' (mean >= 4), 'mid' (3 to 4) or 'low'
    (< 3); score filters only consider applications this reviewer has reviewed (blind review).
    """
    query = select(Application).where(Application.call_id == call.id, Application.submitted_at.is_not(None),
                                      ~conflicted_for(reviewer.id))
    if status:
        query = query.where(Application.status == status)
    if region:
        query = query.where(Application.region == region)
    if area:
        query = query.where(Application.area == area)
    mine = exists().where(Review.application_id == Application.id, Review.reviewer_id == reviewer.id,
                          Review.submitted_at.is_not(None))
    if score == "unreviewed":
        query = query.where(~mine)
    elif score in ("high", "mid", "low"):
        average = (select(func.avg(Review.mean_score)).where(Review.application_id == Application.id,
                                                            Review.conflict.is_(False))
                   .scalar_subquery())
        bounds = {"high": average >= 4, "mid": and_(average >= 3, average < 4), "low": average < 3}
        query = query.where(mine, bounds[score])
    # The list shows each row's scores and whether I reviewed it: load the page's reviews in one query.
    return query.options(selectinload(Application.reviews)).order_by(Application.reference)


def reviewed_by(reviewer, applications: list[Application]) -> set[int]:
    """Ids among ``applications`` that the reviewer has reviewed."""
    return {a.id for a in applications if any(r.reviewer_id == reviewer.id and r.submitted_at and not r.conflict
                                              for r in a.reviews)}


def balance(call: Call) -> dict[str, dict[str, Counter]]:
    """Counts of the shortlisted and the accepted by region, area, gender and language."""
    result: dict[str, dict[str, Counter]] = {}
    for status in (Status.SHORTLISTED, Status.ACCEPTED):
        rows = db.session.scalars(select(Application).where(Application.call_id == call.id,
                                                            Application.status == status.value)).all()
        result[status.value] = {
            "region": Counter(a.region or "" for a in rows),
            "area": Counter(a.area or "" for a in rows),
            "gender": Counter(a.gender or "undisclosed" for a in rows),
            "language": Counter(code for a in rows for code in a.language_list),
        }
    return result


def status_counts(call: Call) -> dict[str, int]:
    """How many applications of the call are in each status (drafts included, as a number only)."""
    rows = db.session.execute(select(Application.status, func.count()).where(Application.call_id == call.id)
                              .group_by(Application.status)).all()
    return {status: count for status, count in rows}

