"""The whole review cycle: write, check, submit, feedback per criterion, revise, compare, approve."""
from coaching_helpers import RECS, give_feedback, save_plan, version_url

from hrdap.coaching.models import AdvocacyPlan, PlanVersion
from hrdap.extensions import db


def _plan():
    return db.session.scalar(db.select(AdvocacyPlan))


def test_full_cycle(pair):
    """A participant writes three recommendations, submits, revises after feedback, and gets approval."""
    response = save_plan(pair.p)
    assert response.status_code == 303
    page = pair.p.get("/coaching/plan").get_data(as_text=True)
    assert "Your draft is saved" in page
    assert "Category 3: considering action" in page and "Category 2: continuing action" in page
    assert "Add a deadline" in page          # the checker's hint on the first recommendation
    assert page.count('class="smart-check"') >= 3

    response = save_plan(pair.p, action="submit")
    assert response.status_code == 303
    plan = _plan()
    assert plan.status == "submitted" and [v.number for v in plan.versions] == [1]
    assert "Waiting for feedback" in pair.p.get(f"/coaching/plans/{plan.id}").get_data(as_text=True)

    coach_page = pair.c.get(version_url(plan.id, 1)).get_data(as_text=True)
    assert "Consider reviewing the Public Order Act" in coach_page
    assert "Category 3: considering action" in coach_page      # checker beside each recommendation
    assert give_feedback(pair.c, plan.id, 1, rating="not_met", comment="Ask for the repeal itself.",
                         decision="revise", action="send").status_code == 303
    assert _plan().status == "revise"

    seen = pair.p.get(version_url(plan.id, 1)).get_data(as_text=True)
    assert "Ask for the repeal itself." in seen and "Not met" in seen and "Revise" in seen
    revised = [dict(RECS[0], text="Repeal articles 12 to 15 of the Public Order Act before its next review",
                    time_frame="before its next review")] + RECS[1:]
    assert save_plan(pair.p, action="submit", recs=revised).status_code == 303
    assert [v.number for v in _plan().versions] == [1, 2]

    v2 = pair.c.get(version_url(plan.id, 2)).get_data(as_text=True)
    assert "What changed since version 1" in v2
    assert "Removed:</span> Recommendation: Consider reviewing the Public Order Act" in v2
    assert "Added:</span> Recommendation: Repeal articles 12 to 15" in v2
    assert give_feedback(pair.c, plan.id, 2, rating="met", decision="approved", action="send").status_code == 303
    assert _plan().status == "approved"
    final = pair.p.get(f"/coaching/plans/{plan.id}").get_data(as_text=True)
    assert "Approved" in final


def test_feedback_hidden_from_participant_until_sent(pair):
    """Saved but unsent feedback is not shown to the participant."""
    save_plan(pair.p, action="submit")
    plan = _plan()
    give_feedback(pair.c, plan.id, 1, comment="Secret draft comment", action="save")
    assert "Secret draft comment" in pair.c.get(version_url(plan.id, 1)).get_data(as_text=True)
    assert "Secret draft comment" not in pair.p.get(version_url(plan.id, 1)).get_data(as_text=True)


def test_sending_needs_every_rating(pair):
    """Sending without rating every criterion is refused and keeps what the coach wrote."""
    save_plan(pair.p, action="submit")
    plan = _plan()
    response = give_feedback(pair.c, plan.id, 1, rating="", comment="Kept comment", decision="revise", action="send")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Recommendation 1: Specific" in html and "Kept comment" in html
    assert db.session.scalar(db.select(PlanVersion)).decided_at is None


def test_submit_with_missing_parts_keeps_the_draft(pair):
    """Submitting without a pitch saves the draft, lists what is missing, and freezes nothing."""
    response = save_plan(pair.p, action="submit", pitch="")
    assert response.status_code == 400
    assert "Elevator pitch" in response.get_data(as_text=True)
    plan = _plan()
    assert plan.status == "draft" and not plan.versions and plan.problem.startswith("Defenders")
