"""Anonymising a finished cohort: what identifies its participants goes, the statistics stay.

Summarised for operators in SECURITY.md ("Data lifecycle").

Staff run it from the cohort's page once its last week is over (``Cohort.has_ended``, Geneva day).
The rule: what a participant wrote, what was written about them, and what names or reaches them is
removed; what the programme measured is kept. It applies to every enrolment of the cohort, withdrawn
ones included, and runs once (``Cohort.anonymised_at``): a second run changes nothing.

Removed:

- advocacy plans: every text of the draft and of each version (problem, objectives, opportunities,
  targets, pitch, Geneva activities), and each recommendation's text, State and time frame;
- coach feedback: the comments per SMART criterion, on the pitch and on the plan; every reply of the
  plan conversations (participant's and coach's);
- the titles of planned Geneva activities;
- the questions the participants sent to the cohort's live sessions (their votes go with them), their
  private calendar feeds of the cohort, their entries in the cohort's peer directory;
- their applications to the cohort's call (answers, reviews, personal deadline extensions);
- their certificates (a name on paper whose reference would lead back to the records);
- the survey's comments; named survey responses become anonymous (no person, no time);
- the link between the person and the cohort:

  * an account with no other use is anonymised itself: "Participant 7", an address that cannot
    receive mail (``…@anonymised.invalid``), no password, no two-factor secret or recovery codes, no
    sessions (deleted, so a copied cookie stops working), links, notifications or queued mail, no
    roles, language and time zone reset, disabled;
  * an account still in use (staff or coach, enrolled in another cohort not yet anonymised, or with
    an application to another call) keeps its name, address, sign-in and everything about that other
    use. This cohort's enrolment moves to a new disabled placeholder account "Participant 7", and
    takes this cohort's records with it: the plan, the survey participation, votes, and the course's
    lesson progress and quiz attempts (moved; copied when the person follows the same course in
    another cohort, so that both cohorts keep their numbers).

Kept, so that reports still add up: the cohort and its enrolments (dates, coach and its history,
withdrawals), lesson progress, quiz attempts, answers and scores, plan statuses, versions, decisions,
SMART ratings and mechanisms, Geneva activity kinds, dates and statuses, survey answers (satisfaction,
"can apply", module ratings) and who answered (response rates), live sessions and their staff notes,
staff and coach accounts, and the audit log (ids and counts, never content). Staff who need quotes
from survey comments export them before anonymising.
"""
from __future__ import annotations

import copy
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select, update

from hrdap.applications.models import Application, DeadlineExtension
from hrdap.audit.services import record
from hrdap.auth.models import AuthToken, RecoveryCode, Role, User, UserSession
from hrdap.coaching.models import TEXT_FIELDS, AdvocacyPlan, Notification
from hrdap.cohorts.models import Certificate, Cohort, Enrolment, GenevaActivity
from hrdap.cohorts.services import CohortError
from hrdap.extensions import db
from hrdap.i18n import GENEVA
from hrdap.learning.models import Lesson, LessonProgress, Module
from hrdap.live.models import CalendarFeed, LiveSession, QuestionVote, SessionQuestion
from hrdap.mail.models import OutboxEmail
from hrdap.peers.models import PeerProfile
from hrdap.quizzes.models import Quiz, QuizAttempt
from hrdap.survey.held import forget_held_comments, reshuffle
from hrdap.survey.models import Survey, SurveyParticipation, SurveyResponse

#: Not an Argon2 hash: verification always fails (hrdap.auth.passwords.verify_password).
UNUSABLE_PASSWORD = "!anonymised"
#: What an anonymised person is called; ``n`` is their place in the cohort (by enrolment).
PSEUDONYM = "Participant {n}"
#: What a run counts, in the order of the audit detail. accounts: anonymised accounts; kept: accounts
#: left to their owner (this cohort's records moved to a placeholder).
COUNTED = ("participants", "accounts", "kept", "plans", "feedback", "replies", "geneva", "questions",
           "feeds", "peers", "applications", "certificates", "survey")


@dataclass(frozen=True)
class Preview:
    """What the confirmation page announces."""

    participants: int
    kept_accounts: int  # people whose account stays because they still use it


@dataclass
class Outcome:
    """What a run did: counts only. ``already`` when the cohort had been anonymised before."""

    already: bool
    anonymised_at: datetime | None
    counts: Counter = field(default_factory=Counter)

    def audit_detail(self) -> str:
        """The counts as ``key=n`` pairs (under the audit log's 200 characters)."""
        return " ".join(f"{key}={self.counts[key]}" for key in COUNTED)


def geneva_day(moment: datetime):
    return moment.astimezone(GENEVA).date()


def check_ended(cohort: Cohort, moment: datetime) -> None:
    """Refuse (CohortError "not_ended") while the cohort's last week is not over."""
    if not cohort.has_ended(geneva_day(moment)):
        raise CohortError("not_ended", date=cohort.ends_on)


def keeps_account(user: User, cohort: Cohort) -> bool:
    """True when the person still uses their account outside this cohort, so it must stay theirs."""
    if user.has_role(Role.STAFF, Role.COACH):
        return True
    elsewhere = db.session.scalar(select(Enrolment.id).join(Cohort).where(
        Enrolment.user_id == user.id, Enrolment.cohort_id != cohort.id, Cohort.anonymised_at.is_(None)).limit(1))
    if elsewhere is not None:
        return True
    applications = select(Application.id).where(Application.applicant_id == user.id)
    if cohort.call_id is not None:
        applications = applications.where(Application.call_id != cohort.call_id)
    return db.session.scalar(applications.limit(1)) is not None


def _enrolments(cohort: Cohort) -> list[Enrolment]:
    return list(db.session.scalars(select(Enrolment).where(Enrolment.cohort_id == cohort.id)
                                   .order_by(Enrolment.id)))


def preview(cohort: Cohort) -> Preview:
    enrolments = _enrolments(cohort)
    return Preview(len(enrolments), sum(1 for e in enrolments if keeps_account(e.user, cohort)))


def anonymise(cohort: Cohort, acting: User, moment: datetime) -> Outcome:
    """Anonymise the finished cohort (see the module's docstring); the caller commits.

    Refused with CohortError("not_ended") before the end; a no-op (``already``) the second time.
    """
    if db.session.get_bind().dialect.name == "postgresql":  # SQLite: BEGIN IMMEDIATE serialises it
        stamp = db.session.scalar(select(Cohort.anonymised_at).where(Cohort.id == cohort.id).with_for_update())
    else:
        stamp = db.session.scalar(select(Cohort.anonymised_at).where(Cohort.id == cohort.id))
    if stamp is not None:
        return Outcome(already=True, anonymised_at=stamp)
    check_ended(cohort, moment)
    enrolments = _enrolments(cohort)
    outcome = Outcome(already=False, anonymised_at=moment, counts=Counter(dict.fromkeys(COUNTED, 0)))
    counts = outcome.counts
    counts["participants"] = len(enrolments)
    enrolment_ids = [e.id for e in enrolments]
    people = {e.id: e.user for e in enrolments}
    _erase_contents(cohort, enrolment_ids, [u.id for u in people.values()], counts)
    for n, enrolment in enumerate(enrolments, start=1):
        person = people[enrolment.id]
        if keeps_account(person, cohort):
            _detach(enrolment, person, _placeholder(cohort, n, moment), cohort)
            counts["kept"] += 1
        else:
            _anonymise_account(person, cohort, n, moment)
            counts["accounts"] += 1
    cohort.anonymised_at = moment
    record(acting, "cohort.anonymise", "cohort", cohort.id, detail=outcome.audit_detail())
    db.session.flush()
    db.session.expire_all()
    return outcome


def _bulk(statement) -> int:
    return db.session.execute(statement.execution_options(synchronize_session=False)).rowcount or 0


def _erase_contents(cohort: Cohort, enrolment_ids: list[int], user_ids: list[int], counts: Counter) -> None:
    """Remove what the participants wrote or what was written about them, in this cohort only."""
    if not enrolment_ids:
        return
    plans = db.session.scalars(select(AdvocacyPlan).where(AdvocacyPlan.enrolment_id.in_(enrolment_ids))).all()
    for plan in plans:
        counts["plans"] += 1
        _blank_texts(plan)
        for rec in plan.recommendations:
            rec.text = rec.state = rec.time_frame = ""
        for version in plan.versions:  # versions are frozen for everyone else; erasing is the exception
            _blank_texts(version)
            version.pitch_comment = version.plan_comment = ""
            for rec in version.recommendations:
                rec.text = rec.state = rec.time_frame = ""
            for item in version.feedback:
                if item.comment:
                    item.comment = ""
                    counts["feedback"] += 1
            counts["replies"] += len(version.replies)
            version.replies.clear()  # delete-orphan
    activities = db.session.scalars(select(GenevaActivity).where(GenevaActivity.enrolment_id.in_(enrolment_ids)))
    for activity in activities.all():
        activity.title = ""
        counts["geneva"] += 1
    counts["certificates"] = _bulk(delete(Certificate).where(Certificate.enrolment_id.in_(enrolment_ids)))
    sessions = select(LiveSession.id).where(LiveSession.cohort_id == cohort.id)
    counts["questions"] = _bulk(delete(SessionQuestion).where(SessionQuestion.session_id.in_(sessions),
                                                              SessionQuestion.author_id.in_(user_ids)))
    counts["feeds"] = _bulk(delete(CalendarFeed).where(CalendarFeed.cohort_id == cohort.id,
                                                       CalendarFeed.user_id.in_(user_ids)))
    counts["peers"] = _bulk(delete(PeerProfile).where(PeerProfile.cohort_id == cohort.id,
                                                      PeerProfile.user_id.in_(user_ids)))
    if cohort.call_id is not None:
        _bulk(delete(DeadlineExtension).where(DeadlineExtension.call_id == cohort.call_id,
                                              DeadlineExtension.user_id.in_(user_ids)))
        counts["applications"] = _bulk(delete(Application).where(Application.call_id == cohort.call_id,
                                                                 Application.applicant_id.in_(user_ids)))
    survey = db.session.scalar(select(Survey).where(Survey.cohort_id == cohort.id))
    if survey is not None:
        responses = db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)).all()
        for response in responses:
            if response.comments or response.user_id is not None:
                counts["survey"] += 1
            response.comments, response.user_id, response.submitted_at = "", None, None
        forget_held_comments(survey)
        db.session.flush()
        reshuffle(survey)  # the formerly named answers must not keep their place among the others


def _blank_texts(item) -> None:
    for name in TEXT_FIELDS:
        setattr(item, name, "")


def _pseudonymous_identity(user: User, cohort: Cohort, n: int, moment: datetime) -> None:
    """Name, address, password, preferences and roles of an account nobody can use or recognise."""
    user.display_name = PSEUDONYM.format(n=n)
    user.email = f"participant-{cohort.id}-{n}-{secrets.token_hex(4)}@anonymised.invalid"
    user.password_hash = UNUSABLE_PASSWORD
    user.language, user.time_zone = "en", "Europe/Zurich"
    user.email_verified_at = None
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = None, None, 0
    user.disabled_at = user.disabled_at or moment
    user.role_rows = []


def _anonymise_account(user: User, cohort: Cohort, n: int, moment: datetime) -> None:
    """The account had no other use: it becomes the placeholder itself."""
    former_email = user.email
    _pseudonymous_identity(user, cohort, n, moment)
    for model in (UserSession, RecoveryCode, AuthToken, Notification):
        _bulk(delete(model).where(model.user_id == user.id))
    _bulk(delete(OutboxEmail).where(OutboxEmail.to(former_email)))


def _placeholder(cohort: Cohort, n: int, moment: datetime) -> User:
    user = User(email="", display_name="", password_hash=UNUSABLE_PASSWORD, created_at=moment)
    _pseudonymous_identity(user, cohort, n, moment)
    db.session.add(user)
    db.session.flush()
    return user


def _detach(enrolment: Enrolment, person: User, holder: User, cohort: Cohort) -> None:
    """Move this cohort's records from ``person`` (who keeps their account) to ``holder``."""
    plan_ids = list(db.session.scalars(select(AdvocacyPlan.id).where(AdvocacyPlan.enrolment_id == enrolment.id)))
    _bulk(update(AdvocacyPlan).where(AdvocacyPlan.id.in_(plan_ids)).values(participant_id=holder.id))
    for plan_id in plan_ids:  # notices about this plan ("your coach has sent feedback") link to it
        _bulk(delete(Notification).where(Notification.user_id == person.id,
                                         Notification.link.like(f"%/plans/{plan_id}/%")))
    survey_ids = select(Survey.id).where(Survey.cohort_id == cohort.id)
    _bulk(update(SurveyParticipation).where(SurveyParticipation.survey_id.in_(survey_ids),
                                            SurveyParticipation.user_id == person.id).values(user_id=holder.id))
    questions = select(SessionQuestion.id).join(LiveSession).where(LiveSession.cohort_id == cohort.id)
    _bulk(update(QuestionVote).where(QuestionVote.question_id.in_(questions),
                                     QuestionVote.user_id == person.id).values(user_id=holder.id))
    _transfer_learning(person, holder, cohort)
    _bulk(update(Enrolment).where(Enrolment.id == enrolment.id).values(user_id=holder.id))


def _transfer_learning(person: User, holder: User, cohort: Cohort) -> None:
    """The course's lesson progress and quiz attempts follow the enrolment to ``holder``.

    Moved, unless the person follows the same course in another cohort (their progress there is the
    same rows): then copied, so that each cohort keeps its numbers.
    """
    lessons = select(Lesson.id).join(Module).where(Module.course_id == cohort.course_id)
    quizzes = select(Quiz.id).join(Module).where(Module.course_id == cohort.course_id)
    same_course = db.session.scalar(select(Enrolment.id).join(Cohort).where(
        Enrolment.user_id == person.id, Enrolment.cohort_id != cohort.id,
        Cohort.course_id == cohort.course_id).limit(1)) is not None
    if not same_course:
        _bulk(update(LessonProgress).where(LessonProgress.user_id == person.id, LessonProgress.lesson_id.in_(lessons))
              .values(user_id=holder.id))
        _bulk(update(QuizAttempt).where(QuizAttempt.user_id == person.id, QuizAttempt.quiz_id.in_(quizzes))
              .values(user_id=holder.id))
        return
    for row in db.session.scalars(select(LessonProgress).where(LessonProgress.user_id == person.id,
                                                               LessonProgress.lesson_id.in_(lessons))).all():
        db.session.add(LessonProgress(user_id=holder.id, lesson_id=row.lesson_id, completed_at=row.completed_at))
    columns = [c.key for c in QuizAttempt.__table__.columns if c.key not in ("id", "user_id")]
    for attempt in db.session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == person.id,
                                                                QuizAttempt.quiz_id.in_(quizzes))).all():
        db.session.add(QuizAttempt(user_id=holder.id,
                                   **{key: copy.deepcopy(getattr(attempt, key)) for key in columns}))
