"""Database side of the benchmark, run in a subprocess with the same HRDAP_* environment as gunicorn.

    python -m benchmarks.seed seed DATASET ACTIVE PARTICIPANTS OUT.json  # schema, data, course; driver input
    python -m benchmarks.seed deadline EPOCH                           # move the call's deadline
    python -m benchmarks.seed verify OUT.json                          # what the database holds after the rush

Accounts use the fast test hasher (``use_fast_hashing_for_tests``) and are inserted in bulk.
"""
from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, insert, select

PASSWORD = "benchmark password for hrdap"
CALL_NAME = "HRDAP Benchmark 2027"


def _app():
    from hrdap import create_app
    from hrdap.auth import passwords

    passwords.use_fast_hashing_for_tests()
    return create_app()


def _answers(n: int) -> dict:
    from hrdap.applications import choices as c

    first = lambda mapping: next(iter(mapping))  # noqa: E731
    return {
        "name": f"Applicant {n}", "email": f"applicant{n}@bench.hrdap.org", "country": c.countries()[0][0],
        "region": first(c.REGIONS), "gender": first(c.GENDERS), "languages": ["en", "fr"],
        "org_name": "Bench NGO", "org_role": "Coordinator", "org_kind": first(c.ORGANISATION_KINDS),
        "org_confidential": False, "years": 8, "national_experience": "Years of documentation work. " * 20,
        "un_engagement": first(c.YES_NO), "un_mechanisms": [], "area": first(c.AREAS), "themes": [],
        "motivation": "To use the UN system for our community. " * 20, "objectives": "Recommendations. " * 20,
        "funding": first(c.FUNDING), "availability": first(c.AVAILABILITY),
        "safe_contact": "Signal, evenings only.", "risks": "", "referee_name": "A. Referee",
        "referee_organisation": "Another NGO", "referee_email": "referee@bench.hrdap.org",
        "referee_relationship": "Colleague", "consent": False,
    }


def seed(applicants: int, active: int, participants: int, out_path: str) -> None:
    """``applicants`` accounts with a draft each; the first ``active`` are handed to the driver."""
    from hrdap.applications.answers import dump_answers
    from hrdap.applications.models import Application, Call, Status
    from hrdap.applications.steps import missing_answers
    from hrdap.auth.models import Role, User, UserRole
    from hrdap.auth.passwords import hash_password
    from hrdap.blind_index import email_index
    from hrdap.clock import now
    from hrdap.cohorts.models import Cohort, Enrolment
    from hrdap.extensions import db
    from hrdap.learning.access import LearnerView, geneva_today
    from hrdap.learning.models import Course
    from hrdap.learning.sync import lesson_url, sync_course
    from hrdap.quizzes.grades import live_quizzes
    from flask import url_for

    app = _app()
    with app.app_context(), app.test_request_context():
        db.create_all()
        at = now()
        password_hash = hash_password(PASSWORD)   # fast test parameters; one hash shared by all
        people = [(f"applicant{n}@bench.hrdap.org", f"Applicant {n}", Role.APPLICANT) for n in range(applicants)]
        people += [(f"participant{n}@bench.hrdap.org", f"Participant {n}", Role.PARTICIPANT)
                   for n in range(participants)]
        db.session.execute(insert(User), [
            {"email": e, "email_index": email_index(e), "display_name": name, "password_hash": password_hash,
             "language": "en",
             "time_zone": "Europe/Zurich", "email_verified_at": at, "created_at": at} for e, name, _r in people])
        ids = dict(db.session.execute(select(User.email, User.id)).all())
        db.session.execute(insert(UserRole), [{"user_id": ids[e], "role": r.value} for e, _n, r in people])
        call = Call(name=CALL_NAME, reference_prefix="BENCH27", opens_at=at - timedelta(days=30),
                    closes_at=at + timedelta(days=1), capacity=16, last_number=0)
        db.session.add(call)
        db.session.flush()
        sample = _answers(0)
        assert [name for _s, name, _l in missing_answers(sample)] == ["consent"], missing_answers(sample)
        db.session.execute(insert(Application), [
            {"call_id": call.id, "applicant_id": ids[f"applicant{n}@bench.hrdap.org"], "status": Status.DRAFT.value,
             "answers": dump_answers(_answers(n)), "region": sample["region"], "area": sample["area"],
             "gender": sample["gender"], "languages": "en,fr", "created_at": at, "updated_at": at}
            for n in range(applicants)])
        db.session.commit()
        report = sync_course(Path("courses/hrdap"))
        db.session.commit()
        course = db.session.scalar(select(Course).where(Course.slug == "hrdap"))
        cohort = Cohort(course_id=course.id, name="Benchmark cohort", weeks=course.weeks, capacity=16,
                        starts_on=geneva_today(at) - timedelta(days=14))
        db.session.add(cohort)
        db.session.flush()
        db.session.execute(insert(Enrolment), [
            {"cohort_id": cohort.id, "user_id": ids[f"participant{n}@bench.hrdap.org"], "enrolled_at": at}
            for n in range(participants)])
        db.session.commit()
        lessons = [lesson_url(course.slug, m.slug, lesson.slug)
                   for m in course.modules if m.retired_at is None for lesson in m.live_lessons]
        # Quizzes the participants can take today (their cohort's open weeks).
        view = LearnerView(course, "participant", cohort, geneva_today(at))
        quizzes = [url_for("quizzes.home", course_slug=course.slug, module_slug=course_module.slug)
                   for module_id, quiz in live_quizzes(course).items()
                   for course_module in course.modules if course_module.id == module_id and view.week_open(course_module.week)]
        app_ids = dict(db.session.execute(select(Application.applicant_id, Application.id)
                                          .where(Application.call_id == call.id)).all())
        out = {
            "call_id": call.id, "sync": report.lines(), "lessons": lessons, "quizzes": quizzes,
            "applicants": [{"email": f"applicant{n}@bench.hrdap.org", "password": PASSWORD,
                            "app_id": app_ids[ids[f"applicant{n}@bench.hrdap.org"]]} for n in range(active)],
            "participants": [{"email": f"participant{n}@bench.hrdap.org", "password": PASSWORD}
                             for n in range(participants)],
        }
    Path(out_path).write_text(json.dumps(out))


def set_deadline(epoch: float) -> None:
    from hrdap.applications.models import Call
    from hrdap.extensions import db

    app = _app()
    with app.app_context():
        call = db.session.scalar(select(Call).where(Call.name == CALL_NAME))
        call.closes_at = datetime.fromtimestamp(epoch, timezone.utc)
        db.session.commit()


def verify(out_path: str) -> None:
    from hrdap.applications.models import Application, Call
    from hrdap.extensions import db
    from hrdap.quizzes.models import QuizAttempt

    app = _app()
    with app.app_context():
        call = db.session.scalar(select(Call).where(Call.name == CALL_NAME))
        attempts = db.session.execute(select(func.count(), func.count(QuizAttempt.submitted_at))).one()
        rows = db.session.execute(select(Application.id, Application.status, Application.reference,
                                         Application.submitted_at).where(Application.call_id == call.id)).all()
        references = [r.reference for r in rows if r.reference]
        out = {
            "closes_at": call.closes_at.timestamp(), "last_number": call.last_number,
            "applications": {str(r.id): [r.status, r.reference, r.submitted_at.timestamp() if r.submitted_at else None]
                             for r in rows},
            "distinct_references": len(set(references)), "references": len(references),
            "quiz_attempts": {"started": attempts[0], "submitted": attempts[1]},
            "rows_per_applicant_max": db.session.scalar(
                select(func.max(select(func.count()).where(Application.call_id == call.id)
                                .group_by(Application.applicant_id).subquery().c[0]))) if rows else 0,
        }
    Path(out_path).write_text(json.dumps(out))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "seed":
        seed(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif command == "deadline":
        set_deadline(float(sys.argv[2]))
    elif command == "verify":
        verify(sys.argv[2])
    else:
        raise SystemExit(__doc__)
