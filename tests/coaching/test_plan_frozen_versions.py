"""Frozen versions cannot be edited; feedback on a superseded version is refused with a link."""
from coaching_helpers import PLAN, RECS, give_feedback, save_plan, version_url
from formpost import post_form

from hrdap.coaching.models import AdvocacyPlan, PlanVersion
from hrdap.extensions import db


def _plan():
    return db.session.scalar(db.select(AdvocacyPlan))


def test_editing_a_submitted_version_is_refused(pair):
    """While a version waits for feedback, saving the plan is refused and nothing changes."""
    save_plan(pair.p, action="submit")
    response = save_plan(pair.p, problem="Changed after submitting")
    assert response.status_code == 409
    assert "frozen" in response.get_data(as_text=True)
    assert _plan().problem == PLAN["problem"]
    assert db.session.scalar(db.select(PlanVersion)).problem == PLAN["problem"]
    # The editor is not offered: it leads to the plan's page instead.
    assert pair.p.get("/coaching/plan").status_code == 302


def test_autosave_on_a_frozen_version_is_refused(pair):
    """Autosave gets a JSON refusal while the version is frozen."""
    save_plan(pair.p, action="submit")
    from coaching_helpers import plan_data
    from formpost import csrf_token

    token = csrf_token(pair.p, f"/coaching/plans/{_plan().id}")
    response = pair.p.post("/coaching/plan", data=dict(plan_data(problem="x"), csrf_token=token),
                           headers={"X-Autosave": "1"})
    assert response.status_code == 409 and response.get_json()["saved"] is False


def test_approved_plan_cannot_be_edited(pair):
    """After approval the plan is final."""
    save_plan(pair.p, action="submit")
    give_feedback(pair.c, _plan().id, 1, rating="met", decision="approved", action="send")
    assert save_plan(pair.p, problem="Late change").status_code == 409


def test_feedback_on_superseded_version_is_refused_with_link(pair):
    """A coach posting on an older version (a stale tab) is refused and sent to the current one."""
    save_plan(pair.p, action="submit")
    plan = _plan()
    old_page = version_url(plan.id, 1)
    old_html = pair.c.get(old_page).get_data(as_text=True)
    give_feedback(pair.c, plan.id, 1, decision="revise", action="send")
    save_plan(pair.p, action="submit", recs=RECS[:2])
    from coaching_helpers import feedback_data
    response = post_form(pair.c, old_page + "/feedback", feedback_data(old_html, decision="approved", action="send"),
                         page=old_page)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "newer version" in html and f'href="{version_url(plan.id, 2)}"' in html
    assert _plan().status == "submitted"
    assert "This version has been superseded" in pair.c.get(old_page).get_data(as_text=True)


def test_feedback_twice_on_the_same_version_is_refused(pair):
    """Once sent, feedback on a version cannot be sent again."""
    save_plan(pair.p, action="submit")
    plan = _plan()
    page = version_url(plan.id, 1)
    html = pair.c.get(page).get_data(as_text=True)
    give_feedback(pair.c, plan.id, 1, decision="revise", action="send")
    from coaching_helpers import feedback_data
    response = post_form(pair.c, page + "/feedback", feedback_data(html, decision="approved", action="send"), page=page)
    assert response.status_code == 409 and "already been sent" in response.get_data(as_text=True)
    assert _plan().status == "revise"
