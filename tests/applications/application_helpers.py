"""Builders for application tests: a call, complete answers, applications in any status."""
from __future__ import annotations

import threading
from datetime import date, datetime, timezone

from flask.testing import FlaskClient

from hrdap.applications.answers import dump_answers
from hrdap.applications.models import Application, Call, Review, Status
from hrdap.applications.services import geneva_instant
from hrdap.extensions import db

from formpost import post_form

#: The 2027 call's deadline: "before midnight Geneva time on Friday 15 January 2027" (CET, UTC+1).
DEADLINE = datetime(2027, 1, 15, 23, 0, tzinfo=timezone.utc)

#: Every answer of a complete application, as a browser posts it, step by step.
STEP_DATA = {
    "identity": {"name": "Nadia", "email": "nadia@example.org", "country": "EG", "region": "middle_east_north_africa",
                 "gender": "woman", "languages": ["ar", "en"]},
    "organisation": {"org_name": "Cairo Rights Centre", "org_role": "Researcher", "org_kind": "ngo",
                     "org_confidential": "y"},
    "experience": {"years": "9", "national_experience": "Documenting detentions.", "un_engagement": "yes",
                   "un_mechanisms": ["upr", "special_procedures"]},
    "focus": {"area": "accountability", "themes": ["defenders", "civic_space"]},
    "motivation": {"motivation": "To use the UN.", "objectives": "Release of detained colleagues."},
    "participation": {"funding": "full", "availability": "yes"},
    "safety": {"safe_contact": "Signal only.", "risks": "Travel bans."},
    "referee": {"referee_name": "R. Referee", "referee_email": "referee@example.org",
                "referee_organisation": "Partner NGO", "referee_relationship": "Colleague"},
    "consent": {"consent": "y"},
}


def complete_answers(**changes) -> dict:
    """The stored form of STEP_DATA (what save_step writes)."""
    answers = {}
    for data in STEP_DATA.values():
        for key, value in data.items():
            answers[key] = True if value == "y" else int(value) if key == "years" else value
    answers.update({"gender": "woman"})
    answers.update(changes)
    return answers


def make_call(name: str = "HRDAP 2027", closes_at: datetime = DEADLINE, capacity: int = 16,
              opens_at: datetime | None = None) -> Call:
    """An open call (opened 1 November 2026 in Geneva)."""
    call = Call(name=name, reference_prefix="HRDAP27", last_number=0, capacity=capacity,
                opens_at=opens_at or geneva_instant(date(2026, 10, 31)), closes_at=closes_at,
                description="The **programme**.", eligibility="Experienced defenders.", offer="Coaching; CHF 3,000.")
    db.session.add(call)
    db.session.commit()
    return call


def make_application(call: Call, user, status: str = Status.DRAFT.value, answers: dict | None = None,
                     **columns) -> Application:
    """An application stored directly (for staff-side tests)."""
    answers = complete_answers() if answers is None else answers
    application = Application(call_id=call.id, applicant_id=user.id, status=status, answers=dump_answers(answers),
                              region=answers.get("region"), area=answers.get("area"), gender=answers.get("gender"),
                              languages=",".join(answers.get("languages") or []), **columns)
    if status != Status.DRAFT.value:
        call.last_number += 1
        application.reference = application.reference or f"{call.reference_prefix}-{call.last_number:04d}"
        application.submitted_at = application.submitted_at or datetime(2026, 12, 1, tzinfo=timezone.utc)
    db.session.add(application)
    db.session.commit()
    return application


def add_review(application: Application, reviewer, score: int, comment: str = "") -> Review:
    """A completed review with the same score on every criterion."""
    import json

    from hrdap.applications.choices import CRITERIA

    review = Review(application_id=application.id, reviewer_id=reviewer.id, mean_score=float(score),
                    scores=json.dumps({k: score for k in CRITERIA}), comment=comment,
                    submitted_at=datetime(2027, 1, 20, tzinfo=timezone.utc))
    db.session.add(review)
    db.session.commit()
    return review


def start(client, call: Call) -> int:
    """Start an application through the pages; returns its id."""
    response = post_form(client, f"/calls/{call.id}/apply")
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return int(response.headers["Location"].split("/applications/")[1].split("/")[0])


def fill_all(client, application_id: int, **overrides) -> None:
    """Fill every step through the pages."""
    for slug, data in STEP_DATA.items():
        payload = dict(data, go="save", **overrides.get(slug, {}))
        response = post_form(client, f"/applications/{application_id}/steps/{slug}", payload)
        assert response.status_code == 303, response.get_data(as_text=True)[:800]


def post_at_once(posts):
    """Post every (client, url, data) at the same moment, each from its own thread; return the statuses."""
    db.session.commit()  # the test holds no transaction (nor SQLite lock) while the requests run
    barrier = threading.Barrier(len(posts))
    statuses = [None] * len(posts)

    def run(index, client, url, data):
        barrier.wait()
        # FlaskClient.open itself: the test's own database session belongs to the main thread.
        statuses[index] = FlaskClient.open(client, url, method="POST", data=data).status_code

    threads = [threading.Thread(target=run, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses
