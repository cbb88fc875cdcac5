"""Staff run cohorts: enrol within capacity, assign coaches with history, withdraw, export."""
import threading

from cohort_setup import enrol, make_cohort, make_course
from factories import make_user, sign_in
from formpost import post_form

from hrdap.auth.models import Role, User
from hrdap.cohorts.models import CoachAssignment, Cohort, Enrolment
from hrdap.extensions import db


def test_staff_create_a_cohort_and_enrol_by_email(staff_client):
    """Staff create a cohort, enrol an existing account, which becomes a participant."""
    client, _ = staff_client
    course = make_course()
    person = make_user(roles=("applicant",), name="Nadia")
    response = post_form(client, "/cohorts/", {"name": "HRDAP 2027", "course_id": course.id, "call_id": 0,
                                               "starts_on": "2027-04-12", "capacity": 16})
    assert response.status_code == 303
    cohort = db.session.scalar(db.select(Cohort))
    post_form(client, f"/cohorts/{cohort.id}/enrol", {"email": person.email}, page=f"/cohorts/{cohort.id}")
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Nadia" in page and "1 of 16 places taken" in page
    assert db.session.get(User, person.id).has_role(Role.PARTICIPANT)


def test_enrolling_twice_or_beyond_capacity_is_refused(staff_client):
    """A second enrolment of the same person, or one past capacity, gets a clear message."""
    client, _ = staff_client
    cohort = make_cohort(make_course(), capacity=1)
    first, second = make_user(name="First"), make_user(name="Second")
    post_form(client, f"/cohorts/{cohort.id}/enrol", {"email": first.email}, page=f"/cohorts/{cohort.id}")
    again = post_form(client, f"/cohorts/{cohort.id}/enrol", {"email": first.email}, page=f"/cohorts/{cohort.id}",
                      follow_redirects=True)
    assert "already in this cohort" in again.get_data(as_text=True)
    full = post_form(client, f"/cohorts/{cohort.id}/enrol", {"email": second.email}, page=f"/cohorts/{cohort.id}",
                     follow_redirects=True)
    assert "The cohort is full (capacity 1)" in full.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Enrolment)) == 1


def test_concurrent_enrolments_respect_capacity(app, staff_client):
    """Five enrolments posted at once into two places fill exactly two, without errors."""
    _client, staff = staff_client
    cohort = make_cohort(make_course(), capacity=2)
    people = [make_user(name=f"P{i}") for i in range(5)]
    clients = []
    for _ in people:
        c = app.test_client()
        sign_in(c, staff)
        clients.append(c)
    from formpost import csrf_token
    tokens = [csrf_token(c, f"/cohorts/{cohort.id}") for c in clients]
    statuses = []

    url = f"/cohorts/{cohort.id}/enrol"
    emails = [p.email for p in people]

    def worker(c, token, email):
        response = c.post(url, data={"email": email, "csrf_token": token})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=worker, args=args) for args in zip(clients, tokens, emails)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [303] * 5
    db.session.commit()  # end the test's read snapshot to see what the threads wrote
    assert db.session.scalar(db.select(db.func.count()).select_from(Enrolment)) == 2


def test_coach_reassignment_keeps_history(staff_client):
    """Changing a coach closes the old assignment and opens a new one."""
    client, _ = staff_client
    cohort = make_cohort(make_course())
    first, second = make_user(roles=("coach",), name="Coach One"), make_user(roles=("coach",), name="Coach Two")
    enrolment = enrol(cohort, make_user(roles=("participant",)))
    for coach in (first, second):
        post_form(client, f"/cohorts/{cohort.id}/enrolments/{enrolment.id}/coach",
                  {f"e{enrolment.id}-coach_id": coach.id}, page=f"/cohorts/{cohort.id}")
    rows = db.session.scalars(db.select(CoachAssignment).order_by(CoachAssignment.id)).all()
    assert [r.coach_id for r in rows] == [first.id, second.id]
    assert rows[0].ended_at is not None and rows[1].ended_at is None
    assert db.session.get(Enrolment, enrolment.id).coach_id == second.id


def test_only_coaches_can_be_assigned(staff_client):
    """Assigning a non-coach is refused."""
    client, _ = staff_client
    cohort = make_cohort(make_course())
    enrolment = enrol(cohort, make_user(roles=("participant",)))
    not_coach = make_user(roles=("participant",))
    response = post_form(client, f"/cohorts/{cohort.id}/enrolments/{enrolment.id}/coach",
                         {f"e{enrolment.id}-coach_id": not_coach.id}, page=f"/cohorts/{cohort.id}",
                         follow_redirects=True)
    assert "Choose a coach" in response.get_data(as_text=True)
    assert db.session.get(Enrolment, enrolment.id).coach_id is None


def test_withdraw_removes_from_lists(staff_client):
    """A withdrawn participant leaves the cohort's table and frees a place."""
    client, _ = staff_client
    cohort = make_cohort(make_course())
    enrolment = enrol(cohort, make_user(roles=("participant",), name="Leaving"))
    post_form(client, f"/cohorts/{cohort.id}/enrolments/{enrolment.id}/withdraw", page=f"/cohorts/{cohort.id}")
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "<th scope=\"row\">Leaving" not in page and "0 of 16 places taken" in page


def test_inactive_participant_is_flagged(staff_client, frozen_clock):
    """Someone without activity for a week is flagged as needing help."""
    client, _ = staff_client
    cohort = make_cohort(make_course())
    enrol(cohort, make_user(roles=("participant",), name="Quiet"))
    html = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Never active" in html


def test_coach_dashboard_shows_only_own_participants(app):
    """A coach sees their participants and nobody else's."""
    coach, other_coach = make_user(roles=("coach",)), make_user(roles=("coach",))
    cohort = make_cohort(make_course())
    enrol(cohort, make_user(roles=("participant",), name="Mine"), coach=coach)
    enrol(cohort, make_user(roles=("participant",), name="Theirs"), coach=other_coach)
    client = app.test_client()
    sign_in(client, coach)
    html = client.get("/coach/").get_data(as_text=True)
    assert "Mine" in html and "Theirs" not in html
    assert client.get(f"/cohorts/{cohort.id}").status_code == 404


def test_export_is_formula_safe(staff_client):
    """The CSV export neutralises cells that a spreadsheet would run as formulas."""
    client, _ = staff_client
    cohort = make_cohort(make_course())
    enrol(cohort, make_user(roles=("participant",), name="=HYPERLINK(\"http://evil\")"))
    body = client.get(f"/cohorts/{cohort.id}/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body


def test_participants_and_applicants_cannot_manage_cohorts(app):
    """Cohort pages answer 404 to anyone but staff."""
    cohort = make_cohort(make_course())
    for role in ("participant", "applicant", "coach"):
        client = app.test_client()
        sign_in(client, make_user(roles=(role,)))
        assert client.get(f"/cohorts/{cohort.id}").status_code == 404
        assert client.get("/cohorts/").status_code == 404


def test_dashboard_shows_plan_status_and_flags_a_long_wait(staff_client, frozen_clock):
    """The staff dashboard shows each plan's status and flags a plan waiting for feedback for days."""
    from datetime import timedelta

    from hrdap.coaching.models import SUBMITTED, AdvocacyPlan, PlanVersion

    client, _ = staff_client
    cohort = make_cohort(make_course())
    enrolment = enrol(cohort, make_user(roles=("participant",), name="Waiting"))
    plan = AdvocacyPlan(enrolment_id=enrolment.id, participant_id=enrolment.user_id, status=SUBMITTED)
    db.session.add(plan)
    db.session.flush()
    db.session.add(PlanVersion(plan_id=plan.id, number=1, submitted_at=frozen_clock.now - timedelta(days=8)))
    db.session.commit()
    html = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Waiting for feedback" in html and "Plan waiting for feedback for 8 days" in html
