"""Concurrent requests: an attempt is submitted exactly once, and two starts make one attempt."""
import threading

from factories import sign_in
from quiz_helpers import RIGHT, form_for, quiz_url, start
from formpost import csrf_token

from hrdap.extensions import db
from hrdap.quizzes.models import QuizAttempt

THREADS = 6


def _race(clients, url, payloads):
    """Post from every client at the same time; return the status codes."""
    barrier = threading.Barrier(len(clients))
    codes = []

    def run(client, payload):
        barrier.wait()
        codes.append(client.post(url, data=payload).status_code)

    threads = [threading.Thread(target=run, args=(c, p)) for c, p in zip(clients, payloads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    db.session.commit()  # read what the threads wrote
    db.session.expire_all()
    return codes


def _clients(app, user, n):
    clients = []
    for _ in range(n):
        c = app.test_client()
        sign_in(c, user)
        clients.append((c, csrf_token(c, "/learn/mini/")))
    return clients


def test_concurrent_submits_grade_exactly_once(app, learner):
    """Six simultaneous submits of one attempt: one succeeds, the others are refused, one grade."""
    _, user = learner
    client, _ = learner
    _, attempt = start(client)
    clients = _clients(app, user, THREADS)
    payloads = []
    for i, (_, token) in enumerate(clients):
        answers = dict(RIGHT) if i == 0 else {"members": "b"}
        payloads.append(form_for(attempt, answers) | {"action": "submit", "csrf_token": token})
    codes = _race([c for c, _ in clients], f"/learn/mini/intro/quiz/attempts/{attempt.id}", payloads)
    assert sorted(codes) == [303] + [409] * (THREADS - 1)
    row = db.session.get(QuizAttempt, attempt.id)
    assert row.submitted_at is not None and row.percent in (100.0, 0.0)
    assert db.session.scalar(db.select(db.func.count()).select_from(QuizAttempt)) == 1


def test_concurrent_starts_make_one_attempt(app, learner):
    """Six simultaneous starts give one open attempt that every request resumes."""
    _, user = learner
    clients = _clients(app, user, THREADS)
    codes = _race([c for c, _ in clients], quiz_url(rest="/start"),
                  [{"csrf_token": token} for _, token in clients])
    assert codes == [303] * THREADS
    attempts = db.session.scalars(db.select(QuizAttempt)).all()
    assert len(attempts) == 1 and attempts[0].number == 1
