"""Simultaneous submits of one person's survey (several tabs, a double click): exactly one answer counts."""
import threading

from factories import sign_in
from formpost import csrf_token, post_form

from hrdap.extensions import db
from hrdap.survey.held import held_answers
from hrdap.survey.models import Survey, SurveyParticipation, SurveyResponse

THREADS = 5


def test_concurrent_answers_are_recorded_once(world):
    """Five tabs send at the same moment: one is accepted, the others are refused, one answer held."""
    post_form(world.client(world.staff), f"/survey/{world.cohort.id}/open", {}, page="/dashboard")
    url = f"/survey/{world.cohort.id}/"
    tabs = []
    for _ in range(THREADS):
        tab = world.app.test_client()
        sign_in(tab, world.p1)
        tabs.append((tab, csrf_token(tab, url)))
    barrier = threading.Barrier(THREADS)
    codes = []

    def send(tab, token):
        barrier.wait()
        codes.append(tab.post(url, data={"csrf_token": token, "satisfaction": "very", "can_apply": "yes",
                                         "anonymous": "y"}).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in tabs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    db.session.commit()
    db.session.expire_all()
    assert sorted(codes) == [303] + [409] * (THREADS - 1)
    assert db.session.scalar(db.select(db.func.count()).select_from(SurveyResponse)) == 0  # held, not lost
    assert len(held_answers(db.session.scalar(db.select(Survey)))) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(SurveyParticipation)) == 1
