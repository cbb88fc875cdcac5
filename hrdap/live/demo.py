"""Demo data for live sessions, the peer network and the survey, in the learning demo's cohort."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hrdap.auth.models import User
from hrdap.clock import now
from hrdap.cohorts.models import Cohort
from hrdap.extensions import db
from hrdap.live.models import LiveSession, QuestionVote, SessionQuestion
from hrdap.peers.models import PeerProfile
from hrdap.survey.models import Survey

DEMO_COHORT = "HRDAP 2027 demo cohort"  # made by hrdap.learning.demo
DATA_NOTE = ("The video service sees the name you type, your IP address (unless you use Tor or a VPN), and your "
             "voice and video if you switch them on. The session is recorded; questions are read out without names.")

#: (title, expert, days from now, Geneva-ish hour in UTC, recording)
_SESSIONS = [
    ("Engaging with Special Procedures", "A former Special Rapporteur (demo)", -7, 13, True),
    ("Preparing for the Universal Periodic Review", "UPR Info adviser (demo)", 7, 13, False),
    ("Side events and oral statements at HRC60", "ISHR Geneva advocate (demo)", 21, 14, False),
]
#: (session index, author key, language, text, voters)
_QUESTIONS = [
    (1, "participant", "en", "How early should we send information for a State's UPR?", ["participant2"]),
    (1, "participant2", "fr", "Comment suivre les recommandations acceptées après l'examen ?", ["participant",
                                                                                              "participant3"]),
    (1, "participant3", "es", "¿Podemos presentar un informe conjunto con otras organizaciones?", []),
    (2, "participant", "es", "¿Cómo se solicita un espacio para un evento paralelo?", ["participant3"]),
]


def seed(people: dict[str, User]) -> list[str]:
    """Add sessions, questions, votes, two directory entries and a survey not yet open (idempotent)."""
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == DEMO_COHORT))
    if cohort is None:
        return []
    lines = []
    moment = now()
    if db.session.scalar(select(LiveSession.id).where(LiveSession.cohort_id == cohort.id).limit(1)) is None:
        sessions = []
        for title, expert, days, hour, recorded in _SESSIONS:
            start = (moment + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
            session = LiveSession(cohort_id=cohort.id, title=title, expert=expert, starts_at=start,
                                  duration_minutes=90, data_note=DATA_NOTE, created_by_id=people["staff"].id,
                                  joining_instructions="Meeting link: https://meet.example.org/hrdap-demo\n"
                                                       "Passcode: demo-2027",
                                  recording_url="https://video.example.org/hrdap-demo-special-procedures"
                                  if recorded else "",
                                  notes="The expert shared the communications template." if recorded else "")
            db.session.add(session)
            sessions.append(session)
        db.session.flush()
        for index, author, lang, text, voters in _QUESTIONS:
            question = SessionQuestion(session_id=sessions[index].id, author_id=people[author].id,
                                       language=lang, text=text)
            db.session.add(question)
            db.session.flush()
            for voter in voters:
                db.session.add(QuestionVote(question_id=question.id, user_id=people[voter].id))
        lines.append("Live sessions: two upcoming and one past, with questions in three languages")
    if db.session.scalar(select(PeerProfile.id).where(PeerProfile.cohort_id == cohort.id).limit(1)) is None:
        db.session.add(PeerProfile(cohort_id=cohort.id, user_id=people["participant"].id, shown_name="Lucía",
                                   country="CO", themes=["indigenous", "climate"], languages=["es", "en"]))
        db.session.add(PeerProfile(cohort_id=cohort.id, user_id=people["participant2"].id, shown_name="K. (pseudonym)",
                                   country="", themes=["civic_space"], languages=["ar", "fr"]))
        lines.append("Peer network: two participants listed")
    if db.session.scalar(select(Survey.id).where(Survey.cohort_id == cohort.id)) is None:
        db.session.add(Survey(cohort_id=cohort.id))
        lines.append("Survey: ready, not yet open (staff open it from the survey page)")
    db.session.commit()
    return lines
