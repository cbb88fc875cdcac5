"""The coach's queue: plans waiting for feedback, oldest first, with how long they have waited."""
from datetime import timedelta

import pytest
from coaching_helpers import give_feedback, save_plan

from hrdap.coaching.models import AdvocacyPlan
from hrdap.extensions import db


@pytest.mark.config(HRDAP_SESSION_IDLE_MINUTES=10 * 24 * 60, HRDAP_SESSION_ABSOLUTE_HOURS=10 * 24,
                    PERMANENT_SESSION_LIFETIME=timedelta(days=10))
def test_queue_oldest_first_with_waiting_time(enrol, frozen_clock):
    """Three plans submitted on different days are listed oldest first with their waiting time."""
    first = enrol()
    coach = first.coach
    second, third = enrol(coach=coach), enrol(coach=coach)
    save_plan(third.p, action="submit")          # day 0: oldest
    frozen_clock.advance(days=2)
    save_plan(first.p, action="submit")          # day 2
    frozen_clock.advance(days=1, hours=5)
    save_plan(second.p, action="submit")         # day 3, 5 hours before "now"
    frozen_clock.advance(hours=5)
    html = first.c.get("/coaching/queue").get_data(as_text=True)
    queue = html.split("Waiting for feedback")[1].split("All plans")[0]
    names = [p.participant.display_name for p in (third, first, second)]
    positions = [queue.index(name) for name in names]
    assert positions == sorted(positions)
    assert "waiting for 3 days" in queue and "waiting for 1 day" in queue and "waiting for 5 hours" in queue


def test_decided_plans_leave_the_queue_and_dashboard_counts(pair):
    """The dashboard counts waiting plans; a plan with feedback sent leaves the queue."""
    save_plan(pair.p, action="submit")
    assert "1 plan is waiting for feedback." in pair.c.get("/dashboard").get_data(as_text=True)
    plan = db.session.scalar(db.select(AdvocacyPlan))
    give_feedback(pair.c, plan.id, 1, decision="revise", action="send")
    assert "0 plans are waiting for feedback." in pair.c.get("/dashboard").get_data(as_text=True)
    assert "No plan is waiting for feedback." in pair.c.get("/coaching/queue").get_data(as_text=True)


def test_staff_see_every_coachs_queue(enrol, staff_client):
    """Staff see waiting plans of every coach."""
    a, b = enrol(), enrol()
    save_plan(a.p, action="submit")
    save_plan(b.p, action="submit")
    staff, _ = staff_client
    html = staff.get("/coaching/queue").get_data(as_text=True)
    assert a.participant.display_name in html and b.participant.display_name in html


def test_participant_dashboard_shows_status_and_latest_feedback(pair):
    """The participant's dashboard panel shows the plan's status and links to the latest feedback."""
    assert "Start your plan" in pair.p.get("/dashboard").get_data(as_text=True)
    save_plan(pair.p, action="submit")
    assert "Waiting for feedback" in pair.p.get("/dashboard").get_data(as_text=True)
    plan = db.session.scalar(db.select(AdvocacyPlan))
    give_feedback(pair.c, plan.id, 1, decision="revise", action="send")
    html = pair.p.get("/dashboard").get_data(as_text=True)
    assert "Revision asked" in html and "Latest feedback: revise" in html and "Read the feedback" in html


def test_an_anonymised_cohorts_plans_leave_the_queue_and_take_no_feedback(pair):
    """Once staff anonymise the cohort, its waiting plan (now without text) is neither listed nor reviewable."""
    from hrdap.clock import now
    from hrdap.cohorts.models import Cohort

    save_plan(pair.p, action="submit")
    plan = db.session.scalar(db.select(AdvocacyPlan))
    assert pair.participant.display_name in pair.c.get("/coaching/queue").get_data(as_text=True)
    db.session.execute(db.update(Cohort).values(anonymised_at=now()))
    db.session.commit()
    assert "No plan is waiting for feedback." in pair.c.get("/coaching/queue").get_data(as_text=True)
    response = give_feedback(pair.c, plan.id, 1, decision="revise", action="send")
    assert response.status_code == 404
