"""Staff anonymise a finished cohort: names and what participants wrote go, the statistics stay."""
import csv
import io
import threading

import pytest
from anonymise_world import build
from factories import DEFAULT_PASSWORD, sign_in
from formpost import csrf_token, post_form

from hrdap.applications.models import Application
from hrdap.audit.models import AuditEvent
from hrdap.auth.models import Role, User, UserSession
from hrdap.coaching.models import AdvocacyPlan, Notification
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.learning.models import LessonProgress
from hrdap.lifecycle import anonymise as anonymising
from hrdap.peers.models import PeerProfile


@pytest.fixture
def world(app, frozen_clock):
    return build()


def _url(world, rest=""):
    return f"/cohorts/{world.cohort.id}/anonymise{rest}"


def _staff(app, world):
    client = app.test_client()
    sign_in(client, world.staff)
    return client


def _end(frozen_clock, world):
    """Move the clock to the first day after the cohort's last week (sessions expire on the way)."""
    frozen_clock.advance(days=7)
    assert world.cohort.has_ended(anonymising.geneva_day(frozen_clock.now))


def _confirm(client, world, name=None):
    return post_form(client, _url(world), {"cohort_name": name or world.cohort.name},
                     page=f"/cohorts/{world.cohort.id}")


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def _statistics(client, world, course_wide_extra: str = "") -> dict:
    """What reports use, without names: progress and plan status, survey answers, quiz grades.

    The quiz results are course-wide: ``course_wide_extra`` names a learner of another cohort to leave out.
    """
    cohort_rows = _csv(client.get(f"/cohorts/{world.cohort.id}/export.csv"))
    survey_rows = _csv(client.get(f"/survey/{world.cohort.id}/results.csv"))
    quiz_rows = _csv(client.get("/learn/anon/council/quiz/results.csv"))
    survey_page = client.get(f"/survey/{world.cohort.id}/results").get_data(as_text=True)
    return {
        "progress": sorted((r["lessons_done"], r["lessons_total"], r["coach"], r["Advocacy plan"])
                           for r in cohort_rows),
        "survey": sorted((r["satisfaction"], r["can_apply"], r["module:council"]) for r in survey_rows),
        "answered": "2 of 2 participants have answered" in survey_page,
        "places": "2 of 16 places taken" in client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True),
        "grades": sorted(r["counted_grade"] for r in quiz_rows if r["participant"] != course_wide_extra),
    }


def _every_value_in_the_database() -> str:
    """Every row of every table, decrypted (the models' types do it), as one lower-case text."""
    parts = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()):
            parts.append(repr(tuple(row)))
    return "\n".join(parts).lower()


def _staff_pages(world) -> dict[str, int]:
    """Staff pages that showed the cohort's people, with the status each must answer."""
    c, plan = world.cohort.id, world.plans[(world.lucia.id, world.cohort.id)]
    return {"/cohorts/": 200, f"/cohorts/{c}": 200, f"/cohorts/{c}/export.csv": 200, f"/cohorts/{c}/geneva": 200,
            f"/survey/{c}/results": 200, f"/survey/{c}/results.csv": 200, f"/live/cohorts/{c}/": 200,
            f"/live/sessions/{world.session.id}": 200, f"/peers/{c}/": 200, f"/coaching/plans/{plan}": 200,
            f"/coaching/plans/{plan}/versions/1": 200, "/coaching/queue": 200, "/learn/anon/progress": 200,
            "/learn/anon/council/quiz/results": 200, "/learn/anon/council/quiz/results.csv": 200,
            "/people/?q=example.org": 200, "/people/?q=participant": 200, f"/people/{world.lucia.id}": 200,
            "/audit/": 200, f"/certificates/verify?reference={world.certificate}": 404,
            "/staff/calls": 200}


def test_refused_before_the_cohort_has_ended(app, world):
    """In the last week the page offers no button, and a posted confirmation changes nothing."""
    staff = _staff(app, world)
    page = staff.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "Anonymise this cohort" not in page and "it can be anonymised here" in page
    response = _confirm(staff, world)
    assert response.status_code == 303
    assert "has not ended yet" in staff.get(response.headers["Location"]).get_data(as_text=True)
    assert staff.get(_url(world)).status_code == 303
    assert db.session.get(Cohort, world.cohort.id).anonymised_at is None
    assert db.session.get(User, world.lucia.id).display_name == "Lucia CANARY"
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "cohort.anonymise")) == 0


def test_anonymising_removes_identities_and_texts_but_keeps_statistics(app, world, frozen_clock):
    """After the end: confirm with the cohort's name; no name, address or text is left, the numbers are."""
    lucia_browser = app.test_client()
    _end(frozen_clock, world)
    sign_in(lucia_browser, world.lucia)
    staff = _staff(app, world)
    before = _statistics(staff, world)
    page = staff.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "Anonymise this cohort" in page
    confirm = staff.get(_url(world)).get_data(as_text=True)
    assert "withdrawn ones included: 3." in confirm and "still using their account" in confirm

    wrong = _confirm(staff, world, name="HRDAP 2025")
    assert wrong.status_code == 400 and "This is not the name of the cohort" in wrong.get_data(as_text=True)
    assert db.session.get(Cohort, world.cohort.id).anonymised_at is None

    done = _confirm(staff, world, name="  hrdap   2026 ")
    assert done.status_code == 303
    page = staff.get(done.headers["Location"]).get_data(as_text=True)
    assert "The cohort is anonymised. Participants: 3." in page and "Anonymised on" in page
    assert "Participant 1" in page and "Participant 3" in page and "Enrol someone" not in page

    assert "canary" not in _every_value_in_the_database()
    for url, status in _staff_pages(world).items():
        response = staff.get(url)
        assert response.status_code == status, url
        text = response.get_data(as_text=True)
        assert "canary" not in text.lower(), url
        if str(world.cohort.id) in url and "/people/" not in url:
            assert "Nadia" not in text and "nadia.keeps" not in text, url
    # Nadia's attempt was copied to her placeholder: the course-wide list shows her under both names.
    assert _statistics(staff, world, course_wide_extra="Nadia Keeps") == before

    lucia = db.session.get(User, world.lucia.id)
    assert lucia.display_name == "Participant 1" and lucia.email.endswith("@anonymised.invalid")
    assert lucia.disabled_at and not lucia.roles and lucia.totp_secret is None
    assert db.session.scalar(db.select(UserSession.id).where(UserSession.user_id == lucia.id)) is None
    assert lucia_browser.get("/dashboard").status_code == 302  # the old session cookie is dead
    refused = post_form(app.test_client(), "/signin", {"email": "canary.lucia@example.org",
                                                       "password": DEFAULT_PASSWORD})
    assert refused.status_code != 303

    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "cohort.anonymise"))
    assert event.actor_id == world.staff.id and event.target_type == "cohort" and event.target_id == world.cohort.id
    assert event.detail.startswith("participants=3 accounts=2 kept=1 plans=2 ")
    assert "applications=3" in event.detail and "questions=2" in event.detail and "certificates=1" in event.detail


def test_a_second_run_changes_nothing_and_says_so(app, world, frozen_clock):
    """Posting the confirmation again (or calling the service) is a no-op with a clear message."""
    _end(frozen_clock, world)
    staff = _staff(app, world)
    page = staff.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    assert _confirm(staff, world).status_code == 303

    def snapshot():
        db.session.expire_all()
        return {t.name: sorted(map(repr, db.session.execute(t.select()))) for t in db.metadata.sorted_tables
                if t.name != "user_sessions"}

    first = snapshot()
    again = staff.post(_url(world), data={"csrf_token": token, "cohort_name": world.cohort.name})
    assert again.status_code == 303
    assert "was anonymised on" in staff.get(again.headers["Location"]).get_data(as_text=True)
    assert "Nothing has been changed" in staff.get(_url(world), follow_redirects=True).get_data(as_text=True)
    outcome = anonymising.anonymise(db.session.get(Cohort, world.cohort.id), world.staff, frozen_clock.now)
    db.session.commit()
    assert outcome.already and not outcome.counts
    assert snapshot() == first


@pytest.mark.parametrize("roles", [("coach",), ("participant",), ("applicant",)])
def test_only_staff_can_anonymise(app, world, frozen_clock, signed_in, roles):
    """Coaches, participants and applicants get the app's refusal (404) and nothing changes."""
    _end(frozen_clock, world)
    client, _user = signed_in(*roles)
    assert client.get(_url(world)).status_code == 404
    assert client.post(_url(world), data={"cohort_name": world.cohort.name}).status_code in (400, 404)
    coach = app.test_client()
    sign_in(coach, world.coach)  # the cohort's own coach is not staff either
    assert coach.get(_url(world)).status_code == 404
    assert db.session.get(Cohort, world.cohort.id).anonymised_at is None


def test_a_participant_of_a_later_cohort_keeps_it(app, world, frozen_clock):
    """Nadia keeps her account, her later cohort's plan, directory entry, application and progress."""
    _end(frozen_clock, world)
    staff = _staff(app, world)
    later_before = staff.get(f"/cohorts/{world.later.id}/export.csv").get_data(as_text=True)
    assert _confirm(staff, world).status_code == 303

    nadia = db.session.get(User, world.nadia.id)
    assert (nadia.display_name, nadia.email, nadia.disabled_at) == ("Nadia Keeps", "nadia.keeps@example.org", None)
    assert nadia.roles == {Role.PARTICIPANT, Role.APPLICANT}
    assert staff.get(f"/cohorts/{world.later.id}/export.csv").get_data(as_text=True) == later_before
    assert "Nadia Keeps" in later_before
    browser = app.test_client()
    sign_in(browser, nadia)
    assert browser.get("/dashboard").status_code == 200

    later_plan = db.session.get(AdvocacyPlan, world.plans[(nadia.id, world.later.id)])
    assert later_plan.participant_id == nadia.id and later_plan.problem == "KEEP-2027-plan-problem"
    assert later_plan.recommendations[0].text == "KEEP-2027-recommendation"
    assert db.session.scalar(db.select(PeerProfile.shown_name).where(PeerProfile.user_id == nadia.id)) == \
        "KEEP-peer Nadia"
    assert db.session.scalars(db.select(Application.reference).where(Application.applicant_id == nadia.id)).all() == \
        ["H27-0001"]
    assert db.session.scalars(db.select(Notification.link).where(Notification.user_id == nadia.id)).all() == \
        [f"/coaching/plans/{later_plan.id}/versions/1"]
    assert db.session.scalar(db.select(db.func.count()).select_from(LessonProgress)
                             .where(LessonProgress.user_id == nadia.id)) == 1

    # Her place in the anonymised cohort is now a placeholder's, with the same numbers.
    assert db.session.scalar(db.select(Enrolment.id).where(Enrolment.cohort_id == world.cohort.id,
                                                           Enrolment.user_id == nadia.id)) is None
    placeholder = next(u for u in db.session.scalars(db.select(User)) if u.display_name == "Participant 3")
    assert placeholder.disabled_at and placeholder.email.endswith("@anonymised.invalid")
    old_plan = db.session.get(AdvocacyPlan, world.plans[(nadia.id, world.cohort.id)])
    assert old_plan.participant_id == placeholder.id and old_plan.problem == ""
    assert db.session.scalar(db.select(db.func.count()).select_from(LessonProgress)
                             .where(LessonProgress.user_id == placeholder.id)) == 1
    page = staff.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "Participant 3" in page and "1 of 2" in page


def test_enrolling_into_an_anonymised_cohort_is_refused(app, world, frozen_clock):
    """Nobody joins an anonymised cohort: their name would never be anonymised."""
    _end(frozen_clock, world)
    staff = _staff(app, world)
    _confirm(staff, world)
    response = post_form(staff, f"/cohorts/{world.cohort.id}/enrol", {"email": world.nadia.email},
                         page=f"/cohorts/{world.later.id}", follow_redirects=True)
    assert "nobody can join it any more" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Enrolment)
                             .where(Enrolment.cohort_id == world.cohort.id)) == 3


def test_two_staff_confirming_at_once_anonymise_once(app, world, frozen_clock):
    """Two confirmations posted at the same moment: one does the work, the other changes nothing."""
    _end(frozen_clock, world)
    clients = [_staff(app, world) for _ in range(2)]
    tokens = [csrf_token(c, f"/cohorts/{world.cohort.id}") for c in clients]
    statuses, url = [], _url(world)  # threads have no app context: read ids first

    def post(client, token):
        statuses.append(client.post(url, data={"csrf_token": token, "cohort_name": "HRDAP 2026"}).status_code)

    threads = [threading.Thread(target=post, args=pair) for pair in zip(clients, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303, 303]
    db.session.commit()  # end the test's read snapshot to see what the threads wrote
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "cohort.anonymise")) == 1
    assert db.session.scalars(db.select(User.display_name)).all().count("Participant 3") == 1


@pytest.mark.parametrize(("language", "button"), [("fr", "Anonymiser cette cohorte"),
                                                  ("es", "Anonimizar esta cohorte")])
def test_the_confirmation_page_is_translated(app, world, frozen_clock, language, button):
    """Staff working in French or Spanish read the page in their language."""
    _end(frozen_clock, world)
    world.staff.language = language
    db.session.commit()
    page = _staff(app, world).get(_url(world)).get_data(as_text=True)
    assert button in page and "What is removed" not in page
