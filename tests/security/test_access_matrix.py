"""The access matrix: every route of the app × every role, against the expected answer in access_matrix.py.

The URL parameters point at objects of ``applicant``, ``participant`` and ``coach``, so that the
"another …" roles (``applicant_b``, ``participant_b``, ``classmate``, ``coach_b``) probe someone
else's application, plan, attempt, question, activity or cohort.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from hrdap import demo
from hrdap.applications import services as applications
from hrdap.applications.models import Application, Call, Status
from hrdap.applications.steps import STEPS
from hrdap.auth.models import User, UserSession
from hrdap.clock import now
from hrdap.coaching import services as coaching
from hrdap.cohorts.models import Cohort, Enrolment, GenevaActivity
from hrdap.extensions import db
from hrdap.learning.demo import DEMO_COHORT
from hrdap.learning.models import Course, Module
from hrdap.live import services as live
from hrdap.live.models import LiveSession, SessionQuestion
from hrdap.quizzes import services as quizzes

from access_matrix import EXPECTED, LATE, OUTCOMES, POST_DATA, ROLES, expected_outcomes
from factories import make_user
from formpost import csrf_token
from world import build_world, signed_in_client

_PARAM = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")

#: URL parameters that differ from the defaults for some rules (rule -> parameter -> world key).
OVERRIDES = {
    "/account/sessions/<int:session_id>/end": {"session_id": "account_session_id"},
    "/people/<int:user_id>": {"user_id": "bystander_id"},
    "/people/<int:user_id>/disable": {"user_id": "bystander_id"},
    "/coaching/plans/<int:plan_id>/versions/<int:number>/replies": {"number": "decided_version"},
    "/cohorts/<int:cohort_id>/enrolments/<int:enrolment_id>/withdraw": {"enrolment_id": "spare_enrolment_id"},
    "/live/feed/<token>.ics": {"token": "feed_token"},
}
STAFF_APPLICATION = "/staff/applications/"


def app_routes(app) -> list[str]:
    """Every route of the app as "METHOD rule" (GET and POST; the static files left out)."""
    keys = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in ("GET", "POST"):
            if method in rule.methods:
                keys.add(f"{method} {rule.rule}")
    return sorted(keys)


def test_every_route_has_a_row_and_every_row_a_route(app):
    """A route without a row in the matrix, a row without a route, or a malformed row fails."""
    routes = set(app_routes(app))
    missing = sorted(routes - set(EXPECTED))
    stale = sorted(set(EXPECTED) - routes)
    malformed = []
    for key in EXPECTED:
        try:
            expected_outcomes(key)
        except ValueError as err:
            malformed.append(str(err))
    unknown_late = [key for key in LATE + tuple(POST_DATA) if key not in EXPECTED]
    assert not missing, "routes with no row in tests/security/access_matrix.py:\n  " + "\n  ".join(missing)
    assert not stale, "rows in access_matrix.py whose route no longer exists:\n  " + "\n  ".join(stale)
    assert not malformed, "\n".join(malformed)
    assert not unknown_late, f"LATE or POST_DATA name rows that do not exist: {unknown_late}"


def _extra_people_and_objects(people: dict[str, User]) -> dict[str, User]:
    """Add the "another …" people, each with objects of their own, in a cohort B of the same course."""
    call = db.session.scalar(select(Call).where(Call.name == "HRDAP 2027"))
    course = db.session.scalar(select(Course).where(Course.slug == "hrdap"))
    cohort_a = db.session.scalar(select(Cohort).where(Cohort.name == DEMO_COHORT))
    password = demo.DEMO_PASSWORD
    extra = {
        "applicant_b": make_user(("applicant",), password=password, name="Applicant B (matrix)"),
        "participant_b": make_user(("participant",), password=password, name="Participant B (matrix)"),
        "coach_b": make_user(("coach",), password=password, name="Coach B (matrix)"),
        "bystander": make_user(("applicant",), password=password, name="Bystander (matrix)"),
    }
    applications.start_application(call, extra["applicant_b"], now())
    cohort_b = Cohort(course_id=course.id, name="Matrix cohort B", weeks=course.weeks, capacity=16,
                      starts_on=cohort_a.starts_on)
    db.session.add(cohort_b)
    db.session.flush()
    db.session.add(Enrolment(cohort_id=cohort_b.id, user_id=extra["participant_b"].id, coach_id=extra["coach_b"].id))
    db.session.commit()
    coaching.save_draft(extra["participant_b"], {"language": "en", "problem": "Participant B's own draft.",
                                                 "mechanisms": ["sp"]},
                        [{"text": "Release all detained journalists", "state": "Ruritania", "mechanism": "sp",
                          "time_frame": ""}], now() - timedelta(days=1))
    call.programme_pdf = b"%PDF-1.4\n% access matrix\n%%EOF\n"
    db.session.commit()
    return {**people, "classmate": people["participant2"], **extra}


def _parameter_values(people: dict[str, User]) -> dict[str, object]:
    """The objects of ``applicant``, ``participant`` and ``coach`` that the URLs point at."""
    participant = people["participant"]
    call = db.session.scalar(select(Call).where(Call.name == "HRDAP 2027"))
    cohort_a = db.session.scalar(select(Cohort).where(Cohort.name == DEMO_COHORT))
    enrolments = {e.user_id: e for e in cohort_a.enrolments}
    module = db.session.scalar(select(Module).join(Course).where(Course.slug == "hrdap",
                                                                Module.slug == "introduction"))
    quiz = quizzes.live_quiz(module)
    attempt = quizzes.attempts_of(quiz, participant.id)[0]
    plan = coaching.own_plan(participant)
    upcoming = db.session.scalars(select(LiveSession).where(LiveSession.cohort_id == cohort_a.id,
                                                            LiveSession.starts_at > now())
                                  .order_by(LiveSession.starts_at)).first()
    question = db.session.scalar(select(SessionQuestion).where(SessionQuestion.session_id == upcoming.id,
                                                               SessionQuestion.author_id == participant.id))
    activity = GenevaActivity(enrolment_id=enrolments[participant.id].id, kind="meeting",
                              title="Meet the mission of a supportive State", status="planned")
    db.session.add(activity)
    feed_token = live.new_feed_link(cohort_a.id, participant, now())
    db.session.commit()
    sent = db.session.scalars(select(Application).where(Application.call_id == call.id,
                                                        Application.status == Status.SUBMITTED.value)
                              .order_by(Application.id)).first()
    own_draft = applications.application_of(people["applicant"], call)
    assert own_draft is not None and own_draft.is_draft and plan is not None and len(plan.versions) == 2
    assert not attempt.is_open and question is not None
    return {
        "call_id": call.id, "application_id": own_draft.id, "staff_application_id": sent.id,
        "slug": STEPS[0].slug, "cohort_id": cohort_a.id, "enrolment_id": enrolments[participant.id].id,
        "spare_enrolment_id": enrolments[people["participant3"].id].id, "activity_id": activity.id,
        "course_slug": "hrdap", "module_slug": module.slug, "lesson_slug": module.live_lessons[0].slug,
        "attempt_id": attempt.id, "user_id": participant.id, "bystander_id": people["bystander"].id,
        "plan_id": plan.id, "number": 2, "decided_version": 1, "session_id": upcoming.id,
        "question_id": question.id, "token": "not-a-real-token", "feed_token": feed_token,
    }


def _url(rule: str, values: dict[str, object]) -> str:
    names = OVERRIDES.get(rule, {})
    if rule.startswith(STAFF_APPLICATION):
        names = {"application_id": "staff_application_id"}
    return _PARAM.sub(lambda m: str(values[names.get(m.group(1), m.group(1))]), rule)


def _outcome(response) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        return "signin" if urlsplit(response.headers.get("Location", "")).path == "/signin" else "ok"
    if 200 <= status < 300:
        return "ok"
    if status in (400, 409):
        return "bad"
    return str(status)


@pytest.fixture
def matrix_world(app, frozen_clock):
    """The demo world, the extra people, a signed-in client and a CSRF token per role, the URL values."""
    people = _extra_people_and_objects(build_world())
    values = _parameter_values(people)
    signed_in_client(app, people["participant"])  # a second session of the participant, for its owner to end
    values["account_session_id"] = db.session.scalar(
        select(UserSession.id).where(UserSession.user_id == people["participant"].id))
    clients = {"anonymous": app.test_client()}
    for role in ROLES[1:]:
        clients[role] = signed_in_client(app, people[role])
    tokens = {role: csrf_token(client, "/signin" if role == "anonymous" else "/account/")
              for role, client in clients.items()}
    return clients, tokens, values


def test_access_matrix(app, matrix_world, capsys):
    """Every route × every role answers as the matrix says: no other person's object, no 500."""
    clients, tokens, values = matrix_world
    routes = app_routes(app)
    ordered = [k for k in EXPECTED if k in routes and k not in LATE] + [k for k in LATE if k in routes]
    counts: Counter[str] = Counter()
    wrong: list[str] = []
    spent: dict[str, float] = {}
    started = time.perf_counter()
    for key in ordered:
        route_started = time.perf_counter()
        method, rule = key.split(" ", 1)
        url = _url(rule, values)
        expected = expected_outcomes(key)
        # Refused roles first: an allowed role's post (withdraw, revoke) must not change their answer.
        for role in sorted(ROLES, key=lambda r: expected[r] in ("ok", "bad")):
            client = clients[role]
            try:
                if method == "GET":
                    response = client.get(url)
                else:
                    response = client.post(url, data={"csrf_token": tokens[role], **POST_DATA.get(key, {})})
                got, detail = _outcome(response), f"{response.status_code} {response.headers.get('Location', '')}"
            except Exception as err:  # noqa: BLE001  (the app raises in tests instead of answering 500)
                got, detail = "500", f"{type(err).__name__}: {err}"[:200]
            counts[got] += 1
            if got != expected[role]:
                wrong.append(f"{key} [{url}] as {role}: expected {expected[role]}, got {got} ({detail.strip()})")
        spent[key] = time.perf_counter() - route_started
    elapsed = time.perf_counter() - started
    rules = len({k.split(" ", 1)[1] for k in routes})
    with capsys.disabled():
        tally = ", ".join(f"{o} {counts[o]}" for o in OUTCOMES) + "".join(
            f", {o} {n}" for o, n in sorted(counts.items()) if o not in OUTCOMES)
        print(f"\n[access matrix] {rules} rules, {len(ordered)} routes (rule × method) × {len(ROLES)} roles = "
              f"{sum(counts.values())} requests in {elapsed:.1f}s: {tally}; {len(wrong)} unexpected")
        slowest = sorted(spent, key=spent.get, reverse=True)[:3]
        print("[access matrix] slowest: " + ", ".join(f"{k} {spent[k]:.1f}s" for k in slowest))
    assert not wrong, f"{len(wrong)} answers differ from the matrix:\n" + "\n".join(wrong)
