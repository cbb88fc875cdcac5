"""Questions sent in advance in three languages: upvotes, withdrawal, and staff marking them answered."""
from datetime import datetime, timezone

from formpost import post_form

from hrdap.extensions import db
from hrdap.live.models import LiveSession, QuestionVote, SessionQuestion

FORM = {"title": "Treaty bodies Q&A", "expert": "Dr Expert", "day": "2027-03-29", "at": "15:00",
        "duration_minutes": "60", "data_note": "The video service sees your IP address."}


def _session(world):
    post_form(world.client(world.staff), f"/live/cohorts/{world.cohort.id}/new", FORM)
    return db.session.scalar(db.select(LiveSession))


def _ask(world, user, session, text, lang="en"):
    return post_form(world.client(user), f"/live/sessions/{session.id}/questions", {"language": lang, "text": text},
                     page=f"/live/sessions/{session.id}")


def _action(world, user, session, question, action, **data):
    return post_form(world.client(user), f"/live/sessions/{session.id}/questions/{question.id}/{action}", data,
                     page=f"/live/sessions/{session.id}")


def test_questions_in_three_languages(world):
    """Questions in English, French and Spanish keep their language and are marked up with it."""
    session = _session(world)
    for lang, text in (("en", "How do we submit?"), ("fr", "Comment soumettre ?"), ("es", "¿Cómo enviar?")):
        assert _ask(world, world.p1, session, text, lang).status_code == 303
    stored = {q.language: q.text for q in db.session.scalars(db.select(SessionQuestion))}
    assert stored == {"en": "How do we submit?", "fr": "Comment soumettre ?", "es": "¿Cómo enviar?"}
    html = world.client(world.p2).get(f"/live/sessions/{session.id}").get_data(as_text=True)
    assert '<p lang="fr">Comment soumettre ?</p>' in html and '<p lang="es">¿Cómo enviar?</p>' in html


def test_question_authors_are_not_shown_to_peers(world):
    """Other participants see the question without its author's name; staff see who asked."""
    session = _session(world)
    _ask(world, world.p1, session, "A sensitive question")
    assert "Participant Lucia" not in world.client(world.p2).get(f"/live/sessions/{session.id}").get_data(as_text=True)
    assert "Participant Lucia" in world.client(world.staff).get(f"/live/sessions/{session.id}").get_data(as_text=True)


def test_upvote_once(world):
    """A second upvote is refused with a message; the count stays at one."""
    session = _session(world)
    _ask(world, world.p1, session, "Most useful question?")
    question = db.session.scalar(db.select(SessionQuestion))
    _action(world, world.p2, session, question, "vote")
    second = _action(world, world.p2, session, question, "vote")
    assert second.status_code == 303
    html = world.client(world.p2).get(f"/live/sessions/{session.id}").get_data(as_text=True)
    assert "already upvoted" in html and "1 upvote" in html
    assert db.session.scalar(db.select(db.func.count()).select_from(QuestionVote)) == 1


def test_cannot_upvote_own_question(world):
    """The author's upvote is refused."""
    session = _session(world)
    _ask(world, world.p1, session, "Mine")
    _action(world, world.p1, session, db.session.scalar(db.select(SessionQuestion)), "vote")
    html = world.client(world.p1).get(f"/live/sessions/{session.id}").get_data(as_text=True)
    assert "cannot upvote your own question" in html and "0 upvotes" in html


def test_withdraw_own_question_only(world):
    """The author withdraws their question; another participant cannot (404)."""
    session = _session(world)
    _ask(world, world.p1, session, "Withdraw me")
    question = db.session.scalar(db.select(SessionQuestion))
    assert _action(world, world.p2, session, question, "withdraw").status_code == 404
    assert _action(world, world.p1, session, question, "withdraw").status_code == 303
    assert db.session.scalar(db.select(SessionQuestion)) is None


def test_staff_mark_answered(world):
    """Staff mark a question answered; participants see it."""
    session = _session(world)
    _ask(world, world.p1, session, "Answer me")
    question = db.session.scalar(db.select(SessionQuestion))
    assert _action(world, world.p1, session, question, "answered", answered="1").status_code == 404
    _action(world, world.staff, session, question, "answered", answered="1")
    assert "Answered" in world.client(world.p2).get(f"/live/sessions/{session.id}").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SessionQuestion, question.id).answered_by_id == world.staff.id


def test_questions_close_when_the_session_starts(world, frozen_clock):
    """After the start, asking is refused with a message."""
    session = _session(world)
    world.travel(frozen_clock, datetime(2027, 3, 29, 13, 5, tzinfo=timezone.utc))
    response = _ask(world, world.p1, session, "Too late")
    assert response.status_code == 400 and "until the session starts" in response.get_data(as_text=True)


def test_coaches_and_other_cohorts_cannot_ask(world):
    """A coach and a participant of another cohort get 404 when asking."""
    session = _session(world)
    for user in (world.coach, world.outsider):
        response = post_form(world.client(user), f"/live/sessions/{session.id}/questions",
                             {"language": "en", "text": "Hello?"}, page="/dashboard")
        assert response.status_code == 404
    assert db.session.scalar(db.select(SessionQuestion)) is None


def test_empty_question_is_refused_and_kept_form(world):
    """An empty question gets a message next to the field."""
    session = _session(world)
    response = _ask(world, world.p1, session, "   ")
    assert response.status_code == 400 and "Write your question." in response.get_data(as_text=True)
