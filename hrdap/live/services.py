"""Rules of live sessions: scheduling in Geneva time, questions and votes, private calendar links."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from hrdap.auth.models import User
from hrdap.auth.tokens import new_token, token_hash
from hrdap.cohorts.models import Cohort
from hrdap.extensions import db
from hrdap.i18n import GENEVA
from hrdap.live.access import CohortAccess, NotFound, access_for
from hrdap.live.models import QUESTION_LANGUAGES, CalendarFeed, LiveSession, QuestionVote, SessionQuestion

MIN_MINUTES, MAX_MINUTES = 15, 240
MAX_QUESTION = 1000


class LiveError(Exception):
    """A refused action; ``message`` is shown to the person, next to ``field`` when there is one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message, self.field = message, field


@dataclass
class SessionData:
    """What staff enter for a session; the start is a Geneva wall-clock date and time."""

    title: str
    expert: str
    day: date
    at: time
    duration_minutes: int
    joining_instructions: str = ""
    data_note: str = ""


def geneva_instant(day: date, at: time) -> datetime:
    """The UTC instant of a Geneva date and time (DST-safe); a time skipped by the clock change is refused.

    On the autumn night that repeats an hour, the first (summer-time) occurrence is taken.
    """
    local = datetime.combine(day, at.replace(second=0, microsecond=0), tzinfo=GENEVA)
    instant = local.astimezone(timezone.utc)
    if instant.astimezone(GENEVA).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise LiveError(_l("This time does not exist in Geneva: the clocks go forward that night. "
                           "Choose another time."), field="at")
    return instant


def _check(data: SessionData, moment: datetime, starts_at: datetime, start_changed: bool) -> None:
    if not MIN_MINUTES <= data.duration_minutes <= MAX_MINUTES:
        raise LiveError(_l("A session lasts between %(min)d and %(max)d minutes.", min=MIN_MINUTES,
                           max=MAX_MINUTES), field="duration_minutes")
    if start_changed and starts_at <= moment:
        raise LiveError(_l("This date and time (Geneva) is already past. Choose a time in the future."),
                        field="day")


def schedule(cohort: Cohort, data: SessionData, acting: User, moment: datetime) -> LiveSession:
    """Schedule a session for the cohort; the start must be in the future."""
    starts_at = geneva_instant(data.day, data.at)
    _check(data, moment, starts_at, start_changed=True)
    session = LiveSession(cohort_id=cohort.id, created_by_id=acting.id, created_at=moment, updated_at=moment,
                          starts_at=starts_at, sequence=0)
    _apply(session, data, starts_at)
    db.session.add(session)
    db.session.flush()
    return session


def update(session: LiveSession, data: SessionData, moment: datetime) -> None:
    """Change a session; a changed start must be in the future. Calendars see a new SEQUENCE."""
    starts_at = geneva_instant(data.day, data.at)
    _check(data, moment, starts_at, start_changed=starts_at != session.starts_at)
    _apply(session, data, starts_at)
    session.sequence += 1
    session.updated_at = moment


def _apply(session: LiveSession, data: SessionData, starts_at: datetime) -> None:
    session.title, session.expert = data.title, data.expert
    session.starts_at, session.duration_minutes = starts_at, data.duration_minutes
    session.joining_instructions, session.data_note = data.joining_instructions or "", data.data_note or ""


def is_https_url(url: str) -> bool:
    """An absolute https:// link with a host and no spaces or control characters."""
    if not url or len(url) > 500 or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname) and not parts.username


def follow_up(session: LiveSession, notes: str, recording_url: str, moment: datetime) -> None:
    """After the session starts: notes and a recording link (https only)."""
    if not session.has_started(moment):
        raise LiveError(_l("Notes and a recording can be added once the session has started."))
    if recording_url and not is_https_url(recording_url):
        raise LiveError(_l("Give a full link starting with https://"), field="recording_url")
    session.notes, session.recording_url = notes or "", recording_url or ""
    session.sequence += 1
    session.updated_at = moment


def sessions_of(cohort_id: int) -> list[LiveSession]:
    """The cohort's sessions, in time order."""
    return list(db.session.scalars(select(LiveSession).where(LiveSession.cohort_id == cohort_id)
                                   .order_by(LiveSession.starts_at, LiveSession.id)))


def session_for(user: User, session_id: int) -> tuple[LiveSession, CohortAccess]:
    """A session and the person's access to its cohort, or NotFound."""
    session = db.session.get(LiveSession, session_id)
    if session is None:
        raise NotFound
    return session, access_for(user, session.cohort_id)


def next_session(cohort_id: int, moment: datetime) -> LiveSession | None:
    """The next session that has not ended."""
    return next((s for s in sessions_of(cohort_id) if not s.has_ended(moment)), None)


# Questions -----------------------------------------------------------------------------------

def ask(session: LiveSession, author: User, language: str, text: str, moment: datetime) -> SessionQuestion:
    """A member sends a question in advance, in English, French or Spanish."""
    if session.has_started(moment):
        raise LiveError(_l("Questions can be sent until the session starts."))
    if language not in QUESTION_LANGUAGES:
        raise LiveError(_l("Choose English, French or Spanish."), field="language")
    text = (text or "").strip()
    if not text or len(text) > MAX_QUESTION:
        raise LiveError(_l("Write a question of at most %(n)d characters.", n=MAX_QUESTION), field="text")
    question = SessionQuestion(session_id=session.id, author_id=author.id, language=language, text=text,
                               created_at=moment)
    db.session.add(question)
    db.session.flush()
    return question


def question_in(session: LiveSession, question_id: int) -> SessionQuestion:
    """A question of this session, or NotFound."""
    question = db.session.get(SessionQuestion, question_id)
    if question is None or question.session_id != session.id:
        raise NotFound
    return question


def withdraw_question(question: SessionQuestion, user: User) -> None:
    """The author withdraws their question (it is deleted, with its votes)."""
    if question.author_id != user.id:
        raise NotFound
    db.session.delete(question)


def upvote(question: SessionQuestion, user: User, moment: datetime) -> None:
    """One upvote per person and question, not on one's own question, until the session starts."""
    if question.session.has_started(moment):
        raise LiveError(_l("Voting closes when the session starts."))
    if question.author_id == user.id:
        raise LiveError(_l("You cannot upvote your own question."))
    already = _l("You have already upvoted this question.")
    if db.session.scalar(select(QuestionVote.id).where(QuestionVote.question_id == question.id,
                                                       QuestionVote.user_id == user.id)):
        raise LiveError(already)
    try:
        with db.session.begin_nested():
            db.session.add(QuestionVote(question_id=question.id, user_id=user.id, created_at=moment))
    except IntegrityError:  # a second click that raced the first
        raise LiveError(already) from None


def mark_answered(question: SessionQuestion, acting: User, answered: bool, moment: datetime) -> None:
    """Staff mark a question answered (or not)."""
    question.answered_at = moment if answered else None
    question.answered_by_id = acting.id if answered else None


@dataclass(frozen=True)
class QuestionRow:
    question: SessionQuestion
    votes: int
    voted: bool
    mine: bool


def question_rows(session: LiveSession, user: User) -> list[QuestionRow]:
    """The session's questions, most upvoted first, with whether ``user`` voted or wrote each."""
    counts = dict(db.session.execute(
        select(QuestionVote.question_id, func.count()).join(SessionQuestion)
        .where(SessionQuestion.session_id == session.id).group_by(QuestionVote.question_id)).all())
    voted = set(db.session.scalars(select(QuestionVote.question_id).join(SessionQuestion).where(
        SessionQuestion.session_id == session.id, QuestionVote.user_id == user.id)))
    rows = [QuestionRow(q, counts.get(q.id, 0), q.id in voted, q.author_id == user.id)
            for q in session.questions]
    return sorted(rows, key=lambda r: (r.question.answered_at is not None, -r.votes, r.question.created_at))


# Calendar feeds ------------------------------------------------------------------------------

def has_feed(cohort_id: int, user: User) -> bool:
    return db.session.scalar(select(CalendarFeed.id).where(CalendarFeed.cohort_id == cohort_id,
                                                           CalendarFeed.user_id == user.id)) is not None


def new_feed_link(cohort_id: int, user: User, moment: datetime) -> str:
    """Create the person's feed, or revoke the old link and make a new one; returns the secret once."""
    token = new_token()
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.cohort_id == cohort_id,
                                                        CalendarFeed.user_id == user.id))
    if feed is None:
        feed = CalendarFeed(cohort_id=cohort_id, user_id=user.id)
        db.session.add(feed)
    feed.token_hash, feed.created_at = token_hash(token), moment
    db.session.flush()
    return token


def delete_feed(cohort_id: int, user: User) -> None:
    """Revoke the person's link without making a new one."""
    db.session.execute(db.delete(CalendarFeed).where(CalendarFeed.cohort_id == cohort_id,
                                                     CalendarFeed.user_id == user.id))


def feed_access(token: str) -> tuple[CohortAccess, User]:
    """The feed's owner and their access, found by the secret; NotFound for a wrong or revoked link,
    or when the owner no longer has access to the cohort. Changes nothing."""
    if not token or len(token) > 100:
        raise NotFound
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(token)))
    if feed is None:
        raise NotFound
    owner = db.session.get(User, feed.user_id)
    if owner is None:
        raise NotFound
    return access_for(owner, feed.cohort_id), owner
