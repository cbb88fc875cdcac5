"""Simultaneous submits (two tabs, double clicks) freeze exactly one version."""
import threading

from coaching_helpers import plan_data, save_plan
from factories import sign_in
from formpost import csrf_token

from hrdap.coaching.models import AdvocacyPlan, PlanVersion
from hrdap.extensions import db

THREADS = 6


def _race(clients, url, payloads):
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
    db.session.commit()
    db.session.expire_all()
    return codes


def _clients(app, user, n):
    out = []
    for _ in range(n):
        c = app.test_client()
        sign_in(c, user)
        out.append((c, csrf_token(c, "/dashboard")))
    return out


def test_concurrent_submits_make_one_version(app, pair):
    """Six simultaneous "Save and submit" posts: one version 1, the others refused as frozen."""
    save_plan(pair.p)
    clients = _clients(app, pair.participant, THREADS)
    payloads = [dict(plan_data(problem=f"Text {i}"), action="submit", csrf_token=t) for i, (_, t) in enumerate(clients)]
    codes = _race([c for c, _ in clients], "/coaching/plan", payloads)
    assert sorted(codes) == [303] + [409] * (THREADS - 1)
    versions = db.session.scalars(db.select(PlanVersion)).all()
    assert [v.number for v in versions] == [1]
    plan = db.session.scalar(db.select(AdvocacyPlan))
    assert plan.status == "submitted" and plan.problem == versions[0].problem   # the draft matches the frozen copy


def test_concurrent_first_saves_make_one_plan(app, pair):
    """Six simultaneous first saves create a single plan."""
    clients = _clients(app, pair.participant, THREADS)
    payloads = [dict(plan_data(), action="save", csrf_token=t) for _, t in clients]
    codes = _race([c for c, _ in clients], "/coaching/plan", payloads)
    assert codes == [303] * THREADS
    assert db.session.scalar(db.select(db.func.count()).select_from(AdvocacyPlan)) == 1
