"""Who may open which plan: the owner, their coach, staff read-only; everyone else gets 404."""
from coaching_helpers import give_feedback, save_plan, version_url
from factories import make_user, sign_in
from formpost import post_form

from hrdap.audit.models import AuditEvent
from hrdap.coaching.models import AdvocacyPlan
from hrdap.extensions import db


def _submitted(pair):
    save_plan(pair.p, action="submit")
    return db.session.scalar(db.select(AdvocacyPlan))


def test_other_participant_gets_404(pair, enrol):
    """Another participant cannot open, or reply on, someone else's plan."""
    plan = _submitted(pair)
    give_feedback(pair.c, plan.id, 1, decision="revise", action="send")
    other = enrol()
    assert other.p.get(f"/coaching/plans/{plan.id}").status_code == 404
    assert other.p.get(version_url(plan.id, 1)).status_code == 404
    response = post_form(other.p, version_url(plan.id, 1) + "/replies", {"topic": "plan", "body": "hi"},
                         page="/coaching/plan")
    assert response.status_code == 404


def test_other_coach_gets_404(pair, enrol):
    """A coach cannot read, or give feedback on, a plan of someone they do not coach."""
    plan = _submitted(pair)
    other = enrol()   # another coach with their own participant
    assert other.c.get(version_url(plan.id, 1)).status_code == 404
    response = post_form(other.c, version_url(plan.id, 1) + "/feedback",
                         {"action": "send", "decision": "approved"}, page="/coaching/queue")
    assert response.status_code == 404
    assert db.session.scalar(db.select(AdvocacyPlan)).status == "submitted"
    assert "No plan is waiting" in other.c.get("/coaching/queue").get_data(as_text=True)


def test_staff_read_only_and_audited(app, pair, staff_client):
    """Staff read every plan (the read is audited) but cannot give feedback."""
    plan = _submitted(pair)
    staff, user = staff_client
    html = staff.get(version_url(plan.id, 1)).get_data(as_text=True)
    assert "Consider reviewing" in html and 'name="decision"' not in html
    response = post_form(staff, version_url(plan.id, 1) + "/feedback", {"action": "send", "decision": "approved"},
                         page="/coaching/queue")
    assert response.status_code == 404
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "coaching.plan_view")).all()
    assert any(e.actor_id == user.id and e.target_id == plan.id for e in events)


def test_coach_view_is_audited_owner_view_is_not(pair):
    """A coach opening a plan is written to the audit log; the participant reading their own is not."""
    plan = _submitted(pair)
    pair.p.get(version_url(plan.id, 1))
    pair.c.get(version_url(plan.id, 1))
    actors = {e.actor_id for e in db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "coaching.plan_view"))}
    assert actors == {pair.coach.id}


def test_not_enrolled_and_wrong_roles_get_404(app, cohort, participant_client):
    """Without an enrolment there is no plan page; the queue is for coaches and staff only."""
    client, _ = participant_client
    assert client.get("/coaching/plan").status_code == 404
    assert client.get("/coaching/queue").status_code == 404
    applicant = app.test_client()
    sign_in(applicant, make_user(roles=("applicant",)))
    assert applicant.get("/coaching/plan").status_code == 404
    assert applicant.get("/coaching/plans/1").status_code == 404


def test_withdrawn_participant_loses_the_coach(pair):
    """When the enrolment is withdrawn, the coach no longer sees the plan."""
    from hrdap.clock import now
    from hrdap.cohorts.models import Enrolment

    plan = _submitted(pair)
    enrolment = db.session.scalar(db.select(Enrolment))
    enrolment.withdrawn_at = now()
    db.session.commit()
    assert pair.c.get(version_url(plan.id, 1)).status_code == 404
