"""The Geneva weeks plan and the certificate of completion."""
from cohort_setup import enrol, make_cohort, make_course
from factories import make_user, sign_in
from formpost import post_form

from hrdap.cohorts.models import GenevaActivity
from hrdap.extensions import db
from hrdap.learning.models import Lesson, LessonProgress, Module


def test_participant_plans_geneva_activities_seen_by_coach_and_staff(app, staff_client):
    """A participant adds a meeting; their coach and staff see it; another coach gets 404."""
    coach, other_coach = make_user(roles=("coach",)), make_user(roles=("coach",))
    participant = make_user(roles=("participant",), name="Lucía")
    cohort = make_cohort(make_course())
    enrol(cohort, participant, coach=coach)
    client = app.test_client()
    sign_in(client, participant)
    response = post_form(client, "/geneva", {"kind": "meeting", "title": "Meeting with the Mission of Chile",
                                             "planned_on": "2027-06-16", "status": "planned"})
    assert response.status_code == 303
    activity = db.session.scalar(db.select(GenevaActivity))
    post_form(client, f"/geneva/{activity.id}/status", {"status": "confirmed"}, page="/geneva")
    coach_client = app.test_client()
    sign_in(coach_client, coach)
    html = coach_client.get(f"/cohorts/{cohort.id}/geneva").get_data(as_text=True)
    assert "Meeting with the Mission of Chile" in html and "Confirmed" in html
    staff, _ = staff_client
    assert "Lucía" in staff.get(f"/cohorts/{cohort.id}/geneva").get_data(as_text=True)
    outsider = app.test_client()
    sign_in(outsider, other_coach)
    assert outsider.get(f"/cohorts/{cohort.id}/geneva").status_code == 404


def test_geneva_activity_titles_are_encrypted(app):
    """The title of a planned meeting is not stored in clear."""
    participant = make_user(roles=("participant",))
    enrol(make_cohort(make_course()), participant)
    client = app.test_client()
    sign_in(client, participant)
    post_form(client, "/geneva", {"kind": "meeting", "title": "CANARY-meeting-Ministry", "status": "planned"})
    stored = db.session.execute(db.text("SELECT title FROM geneva_activities")).scalar()
    assert stored.startswith("enc1:") and "CANARY" not in stored


def test_certificate_lists_what_is_missing_then_issues_and_verifies(app, staff_client):
    """Until every lesson is done the page says what is left; then a certificate staff can verify."""
    course = make_course()
    module = Module(course_id=course.id, slug="m", mechanism="hrc", week=1, position=1, title={"en": "Council"},
                    summary={})
    db.session.add(module)
    db.session.flush()
    lesson = Lesson(module_id=module.id, slug="l", position=1)
    db.session.add(lesson)
    db.session.commit()
    participant = make_user(roles=("participant",), name="Karim")
    enrolment = enrol(make_cohort(course), participant)
    client = app.test_client()
    sign_in(client, participant)
    pending = client.get("/certificate").get_data(as_text=True)
    assert "Lessons to finish in: Council" in pending and "An advocacy plan approved by your coach" in pending
    db.session.add(LessonProgress(user_id=participant.id, lesson_id=lesson.id))
    db.session.commit()
    assert "Lessons to finish" not in client.get("/certificate").get_data(as_text=True)
    from hrdap.coaching.models import APPROVED, AdvocacyPlan
    db.session.add(AdvocacyPlan(enrolment_id=enrolment.id, participant_id=participant.id, status=APPROVED))
    db.session.commit()
    html = client.get("/certificate").get_data(as_text=True)
    assert "Certificate of completion" in html and "Karim" in html
    reference = html.split("Reference: ")[1].split("<")[0].strip()
    staff, _ = staff_client
    assert "Valid: issued to Karim" in staff.get(f"/certificates/verify?reference={reference}").get_data(as_text=True)
    assert staff.get("/certificates/verify?reference=HRDAP-C-NOPE").status_code == 404
