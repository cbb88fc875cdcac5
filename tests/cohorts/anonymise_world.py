"""A cohort in its last week, full of what identifies its participants, for the anonymisation tests.

Everything that must disappear carries the word CANARY (names, addresses, texts). Nadia is in this
cohort and in a later one of the same course, and has applied to the later call: her account, and
what belongs to the later cohort (marked KEEP), must stay hers.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta

from factories import make_user

from hrdap.applications.models import Application, Call, DeadlineExtension, Status
from hrdap.auth.models import User
from hrdap.clock import now
from hrdap.coaching.models import (APPROVED, DRAFT, AdvocacyPlan, Feedback, Notification, PlanVersion,
                                   Recommendation, Reply)
from hrdap.cohorts.models import Certificate, Cohort, Enrolment, GenevaActivity
from hrdap.extensions import db
from hrdap.learning.access import geneva_today
from hrdap.learning.models import Course, Lesson, LessonProgress, Module
from hrdap.live.models import CalendarFeed, LiveSession, QuestionVote, SessionQuestion
from hrdap.mail.models import OutboxEmail
from hrdap.peers.models import PeerProfile
from hrdap.quizzes.models import Quiz, QuizAttempt
from hrdap.survey.models import ModuleRating, Survey, SurveyParticipation, SurveyResponse

PLAN_TEXTS = ("problem", "objectives", "opportunities", "targets", "pitch", "geneva_activities")


@dataclass
class World:
    course: Course
    module: Module
    cohort: Cohort          # "HRDAP 2026": in its last week today, ends in 7 days
    later: Cohort           # "HRDAP 2027": starts next month, same course
    staff: User
    coach: User
    lucia: User             # only in this cohort
    karim: User             # only in this cohort, withdrew
    nadia: User             # in both cohorts, applied to the later call: keeps her account
    session: LiveSession
    plans: dict = field(default_factory=dict)        # (user id, cohort id) -> plan id
    certificate: str = ""


def _plan(enrolment: Enrolment, user: User, marker: str, feedback: bool) -> AdvocacyPlan:
    plan = AdvocacyPlan(enrolment_id=enrolment.id, participant_id=user.id, status=APPROVED if feedback else DRAFT,
                        mechanisms="upr", **{name: f"{marker}-plan-{name}" for name in PLAN_TEXTS})
    plan.recommendations = [Recommendation(position=1, text=f"{marker}-recommendation", state=f"{marker}-State",
                                           mechanism="upr", time_frame=f"{marker}-by 2027")]
    db.session.add(plan)
    db.session.flush()
    if feedback:
        version = PlanVersion(plan_id=plan.id, number=1, decision=APPROVED, decided_at=now(),
                              pitch_comment=f"{marker}-pitch comment", plan_comment=f"{marker}-plan comment",
                              **{name: f"{marker}-v1-{name}" for name in PLAN_TEXTS})
        rec = Recommendation(position=1, text=f"{marker}-v1-recommendation", state=f"{marker}-v1-State",
                             mechanism="upr")
        version.recommendations = [rec]
        db.session.add(version)
        db.session.flush()
        db.session.add_all([Feedback(version_id=version.id, recommendation_id=rec.id, criterion="specific",
                                     rating="met", comment=f"{marker}-feedback"),
                            Reply(version_id=version.id, topic="plan", author_id=user.id, body=f"{marker}-reply")])
    return plan


def build() -> World:
    """Create the world (the clock must be frozen)."""
    today = geneva_today(now())
    course = Course(slug="anon", title={"en": "Advocacy"}, description={}, weeks=10, geneva_weeks=[9, 10],
                    future_weeks="readable", week_titles={})
    db.session.add(course)
    db.session.flush()
    module = Module(course_id=course.id, slug="council", mechanism="hrc", week=1, position=1,
                    title={"en": "Council"}, summary={})
    db.session.add(module)
    db.session.flush()
    lessons = [Lesson(module_id=module.id, slug=f"l{i}", position=i) for i in (1, 2)]
    quiz = Quiz(module_id=module.id, slug="council-quiz", title={"en": "Council quiz"}, pass_mark=70,
                review={"immediately": [], "later": [], "after_close": []}, bands=[],
                definition={"questions": [{"id": "q1", "type": "truefalse", "points": 1, "text": {"en": "True?"},
                                           "answer": True}]})
    db.session.add_all([*lessons, quiz])
    call = Call(name="Call 2026", reference_prefix="H26", opens_at=now() - timedelta(days=400),
                closes_at=now() - timedelta(days=300))
    later_call = Call(name="Call 2027", reference_prefix="H27", opens_at=now() - timedelta(days=30),
                      closes_at=now() + timedelta(days=30))
    db.session.add_all([call, later_call])
    db.session.flush()
    cohort = Cohort(course_id=course.id, call_id=call.id, name="HRDAP 2026", capacity=16, weeks=10,
                    starts_on=today - timedelta(weeks=9))
    later = Cohort(course_id=course.id, name="HRDAP 2027", capacity=16, weeks=10, starts_on=today + timedelta(days=30))
    db.session.add_all([cohort, later])
    db.session.commit()

    staff = make_user(roles=("staff",), name="Staff Sam")
    coach = make_user(roles=("coach",), name="Coach Amina")
    lucia = make_user(roles=("participant",), name="Lucia CANARY", email="canary.lucia@example.org")
    karim = make_user(roles=("participant",), name="Karim CANARY", email="canary.karim@example.org")
    nadia = make_user(roles=("participant", "applicant"), name="Nadia Keeps", email="nadia.keeps@example.org")
    mine = {u.id: Enrolment(cohort_id=cohort.id, user_id=u.id, coach_id=coach.id) for u in (lucia, karim, nadia)}
    mine[karim.id].withdrawn_at = now() - timedelta(weeks=2)
    nadia_later = Enrolment(cohort_id=later.id, user_id=nadia.id, coach_id=coach.id)
    db.session.add_all([*mine.values(), nadia_later])
    db.session.flush()

    world = World(course, module, cohort, later, staff, coach, lucia, karim, nadia, session=None)
    for user, marker, feedback in ((lucia, "CANARY-lucia", True), (nadia, "CANARY-nadia", False)):
        world.plans[(user.id, cohort.id)] = _plan(mine[user.id], user, marker, feedback).id
    world.plans[(nadia.id, later.id)] = _plan(nadia_later, nadia, "KEEP-2027", False).id

    # Learning: Lucia did both lessons, Karim and Nadia one; quiz grades 80, 50, 90.
    done = {lucia.id: lessons, karim.id: lessons[:1], nadia.id: lessons[:1]}
    for user_id, rows in done.items():
        db.session.add_all([LessonProgress(user_id=user_id, lesson_id=lesson.id,
                                           completed_at=now() - timedelta(days=20)) for lesson in rows])
    for user_id, percent in ((lucia.id, 80.0), (karim.id, 50.0), (nadia.id, 90.0)):
        db.session.add(QuizAttempt(quiz_id=quiz.id, user_id=user_id, number=1, seed="s", responses={"q1": "true"},
                                   started_at=now() - timedelta(days=20), submitted_at=now() - timedelta(days=20),
                                   score=percent / 100, max_score=1, percent=percent,
                                   marks={"q1": {"score": percent / 100, "max": 1, "state": "right"}}))

    # Geneva, certificate, live session with questions and a vote, peer entries, calendar feed.
    db.session.add(GenevaActivity(enrolment_id=mine[lucia.id].id, kind="meeting", title="CANARY-meeting Mission",
                                  planned_on=today, status="done"))
    world.certificate = "HRDAP-C-0A1B2C3D"
    db.session.add(Certificate(enrolment_id=mine[lucia.id].id, reference=world.certificate))
    session = LiveSession(cohort_id=cohort.id, title="Special Procedures Q&A", expert="An expert",
                          starts_at=now() - timedelta(days=10), duration_minutes=60, notes="Staff notes kept")
    db.session.add(session)
    db.session.flush()
    world.session = session
    question = SessionQuestion(session_id=session.id, author_id=lucia.id, language="en", text="CANARY-question?")
    db.session.add_all([question, SessionQuestion(session_id=session.id, author_id=nadia.id, language="en",
                                                  text="CANARY-nadia question?")])
    db.session.flush()
    db.session.add(QuestionVote(question_id=question.id, user_id=nadia.id))
    db.session.add_all([PeerProfile(cohort_id=cohort.id, user_id=lucia.id, shown_name="CANARY-peer Lucia",
                                    country="CANARY-country"),
                        PeerProfile(cohort_id=cohort.id, user_id=nadia.id, shown_name="CANARY-peer Nadia"),
                        PeerProfile(cohort_id=later.id, user_id=nadia.id, shown_name="KEEP-peer Nadia"),
                        CalendarFeed(cohort_id=cohort.id, user_id=lucia.id, token_hash="a" * 64)])

    # Applications: the cohort's call (all three) and Nadia's to the later call.
    for user in (lucia, karim, nadia):
        db.session.add(Application(call_id=call.id, applicant_id=user.id, status=Status.ACCEPTED.value,
                                   reference=f"H26-{user.id:04d}", region="asia", answers=json.dumps(
                                       {"organisation": f"CANARY-organisation of {user.display_name}"})))
    db.session.add(DeadlineExtension(call_id=call.id, user_id=lucia.id, previous_closes_at=call.closes_at,
                                     closes_at=call.closes_at + timedelta(days=1)))
    db.session.add(Application(call_id=later_call.id, applicant_id=nadia.id, status=Status.SUBMITTED.value,
                               reference="H27-0001", answers=json.dumps({"organisation": "KEEP-2027 organisation"})))

    # Survey: Lucia named with a comment, Nadia anonymous.
    survey = Survey(cohort_id=cohort.id, opened_at=now() - timedelta(days=3))
    db.session.add(survey)
    db.session.flush()
    named = SurveyResponse(survey_id=survey.id, user_id=lucia.id, submitted_at=now(), satisfaction="extremely",
                           can_apply=True, comments="CANARY-survey comment")
    named.ratings = [ModuleRating(module_id=module.id, rating=5)]
    anonymous = SurveyResponse(survey_id=survey.id, satisfaction="very", can_apply=False, comments="CANARY-anon")
    anonymous.ratings = [ModuleRating(module_id=module.id, rating=3)]
    db.session.add_all([named, anonymous, SurveyParticipation(survey_id=survey.id, user_id=lucia.id),
                        SurveyParticipation(survey_id=survey.id, user_id=nadia.id)])

    # Notices and mail.
    lucia_plan, nadia_plan = world.plans[(lucia.id, cohort.id)], world.plans[(nadia.id, cohort.id)]
    nadia_later_plan = world.plans[(nadia.id, later.id)]
    db.session.add_all([*[Notification(user_id=user.id, kind="plan_reviewed", link=f"/coaching/plans/{plan}/versions/1")
                          for user, plan in ((lucia, lucia_plan), (nadia, nadia_plan), (nadia, nadia_later_plan))],
                        OutboxEmail(recipient=lucia.email, subject="Neutral", body="Something is waiting.")])
    db.session.commit()
    return world
