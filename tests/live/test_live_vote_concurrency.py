"""Simultaneous upvotes of one question by one person (a double click, two tabs) count once."""
import threading

from factories import sign_in
from formpost import csrf_token, post_form

from hrdap.extensions import db
from hrdap.live.models import LiveSession, QuestionVote, SessionQuestion

THREADS = 5


def test_concurrent_upvotes_count_once(world):
    """Five tabs upvote at the same moment: one vote is stored."""
    post_form(world.client(world.staff), f"/live/cohorts/{world.cohort.id}/new",
              {"title": "Q&A", "expert": "Expert", "day": "2027-03-29", "at": "15:00", "duration_minutes": "60",
               "data_note": "Your IP address."})
    session = db.session.scalar(db.select(LiveSession))
    post_form(world.client(world.p1), f"/live/sessions/{session.id}/questions", {"language": "en", "text": "Why?"},
              page=f"/live/sessions/{session.id}")
    question = db.session.scalar(db.select(SessionQuestion))
    url = f"/live/sessions/{session.id}/questions/{question.id}/vote"
    tabs = []
    for _ in range(THREADS):
        tab = world.app.test_client()
        sign_in(tab, world.p2)
        tabs.append((tab, csrf_token(tab, f"/live/sessions/{session.id}")))
    barrier = threading.Barrier(THREADS)
    codes = []

    def send(tab, token):
        barrier.wait()
        codes.append(tab.post(url, data={"csrf_token": token}).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in tabs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    db.session.commit()
    db.session.expire_all()
    assert codes == [303] * THREADS
    assert db.session.scalar(db.select(db.func.count()).select_from(QuestionVote)) == 1
