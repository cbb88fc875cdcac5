"""The demo seeder: a revised plan waiting in the coach's queue and a draft, added once."""
from factories import make_user, sign_in

from hrdap.coaching.demo import seed
from hrdap.coaching.models import AdvocacyPlan
from hrdap.cohorts.models import Enrolment
from hrdap.extensions import db


def test_demo_plans_seeded_once(app, cohort):
    """Lucía's plan has version 1 with feedback asking for revision and version 2 waiting; Karim has a draft."""
    coach = make_user(roles=("coach",))
    people = {"coach": coach, "participant": make_user(roles=("participant",)),
              "participant2": make_user(roles=("participant",))}
    for key in ("participant", "participant2"):
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=people[key].id, coach_id=coach.id))
    db.session.commit()
    assert len(seed(people)) == 2
    assert seed(people) == []
    plans = {p.participant_id: p for p in db.session.scalars(db.select(AdvocacyPlan))}
    assert len(plans) == 2
    lucia = plans[people["participant"].id]
    assert lucia.status == "submitted" and len(lucia.recommendations) == 3
    assert [(v.number, v.decision) for v in lucia.versions] == [(1, "revise"), (2, None)]
    assert plans[people["participant2"].id].status == "draft"
    client = app.test_client()
    sign_in(client, coach)
    html = client.get("/coaching/queue").get_data(as_text=True)
    assert people["participant"].display_name in html and "waiting for 2 days" in html
    v2 = client.get(f"/coaching/plans/{lucia.id}/versions/2").get_data(as_text=True)
    assert "What changed since version 1" in v2


def test_demo_skips_people_without_enrolment(app, cohort):
    """Without the demo cohort the seeder adds nothing."""
    people = {"coach": make_user(roles=("coach",)), "participant": make_user(roles=("participant",))}
    assert seed(people) == []
    assert db.session.scalar(db.select(AdvocacyPlan)) is None
