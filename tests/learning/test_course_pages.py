"""Course pages as learners, coaches and staff see them: weeks, locks, languages, progress, search."""
import io
import zipfile
from datetime import timedelta

import pytest

from course_builder import write_course
from factories import make_user, sign_in
from formpost import post_form

from hrdap.clock import now
from hrdap.cohorts.models import Cohort, Enrolment
from hrdap.extensions import db
from hrdap.learning.access import geneva_today
from hrdap.learning.models import Course
from hrdap.learning.sync import sync_course


@pytest.fixture
def course(app, tmp_path, frozen_clock):
    """The mini course, synced, with weeks locked until reached."""
    sync_course(write_course(tmp_path, future="locked", skip=("intro/basics.es",)))
    return db.session.scalar(db.select(Course))


def _enrol(course, user, week=2, coach=None):
    """Enrol ``user`` in a cohort that is in ``week`` today."""
    cohort = Cohort(course_id=course.id, name="Cohort A", weeks=10,
                    starts_on=geneva_today(now()) - timedelta(days=7 * (week - 1)))
    db.session.add(cohort)
    db.session.flush()
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=user.id, coach_id=coach.id if coach else None))
    db.session.commit()
    return cohort


@pytest.fixture
def learner(app, course):
    """A participant in week 2, signed in."""
    user = make_user(roles=("participant",))
    _enrol(course, user, week=2)
    client = app.test_client()
    sign_in(client, user)
    return client, user


def test_overview_shows_weeks_with_this_week_marked(learner):
    """The overview names week 2 as this week and shows dates."""
    client, _ = learner
    html = client.get("/learn/mini/").get_data(as_text=True)
    assert "Week 2 of 10" in html and "this week" in html
    assert "Council EN" in html and "Week title 4" in html


def test_locked_future_week_answers_404(learner):
    """A lesson of week 4 is not readable in week 2 when the course locks future weeks."""
    client, _ = learner
    assert client.get("/learn/mini/council/sessions").status_code == 200
    assert client.get("/learn/mini/upr/review").status_code == 404
    assert "opens on" in client.get("/learn/mini/").get_data(as_text=True)


def test_readable_future_weeks_setting(app, tmp_path, frozen_clock):
    """With future weeks readable, a participant may read ahead."""
    sync_course(write_course(tmp_path, future="readable"))
    user = make_user(roles=("participant",))
    _enrol(db.session.scalar(db.select(Course)), user, week=1)
    client = app.test_client()
    sign_in(client, user)
    assert client.get("/learn/mini/upr/review").status_code == 200


def test_people_outside_the_course_get_404(app, course):
    """An applicant with no cohort, and any unknown course, answer 404."""
    client = app.test_client()
    sign_in(client, make_user(roles=("applicant",)))
    assert client.get("/learn/mini/intro/welcome").status_code == 404
    assert client.get("/learn/other/").status_code == 404


def test_staff_open_the_course_to_everyone_self_paced(app, course, staff_client):
    """Once staff open the course, any signed-in person reads it, self-paced, with their own progress."""
    staff, _ = staff_client
    post_form(staff, "/learn/mini/open-to-all", {"open": "1"}, page="/learn/mini/")
    reader = app.test_client()
    sign_in(reader, make_user(roles=("applicant",)))
    html = reader.get("/learn/mini/").get_data(as_text=True)
    assert "Self-paced" in html
    assert reader.get("/learn/mini/upr/review").status_code == 200
    post_form(reader, "/learn/mini/upr/review/done", {"done": "1"}, page="/learn/mini/upr/review")
    assert "1 of 5 lessons done" in reader.get("/learn/mini/").get_data(as_text=True)


def test_lesson_in_the_readers_language_with_fallback_notice(app, course):
    """French readers get French; a lesson missing in Spanish shows English with a notice."""
    for lang, expected in (("fr", "Welcome FR"), ("es", "Welcome ES")):
        user = make_user(roles=("participant",), language=lang)
        _enrol(course, user)
        client = app.test_client()
        sign_in(client, user)
        html = client.get("/learn/mini/intro/welcome").get_data(as_text=True)
        assert expected in html and "not yet translated" not in html
    fallback = client.get("/learn/mini/intro/basics").get_data(as_text=True)
    assert "Basics EN" in fallback and '<p class="notice" lang="es">' in fallback


def test_mark_done_goes_to_next_lesson_and_counts(learner):
    """'Mark as done' records progress and moves on; the overview and dashboard count it."""
    client, _ = learner
    response = post_form(client, "/learn/mini/intro/welcome/done", {"done": "1"}, page="/learn/mini/intro/welcome")
    assert response.status_code == 303 and response.headers["Location"].endswith("/learn/mini/intro/basics")
    again = post_form(client, "/learn/mini/intro/welcome/done", {"done": "1"}, page="/learn/mini/intro/welcome")
    assert again.status_code == 303
    assert "1 of 2 lessons done" in client.get("/learn/mini/").get_data(as_text=True)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Week 2 of 10" in dashboard and "Continue: Sessions EN" in dashboard
    assert "You marked this lesson as done" in client.get("/learn/mini/intro/welcome").get_data(as_text=True)


def test_done_mark_is_the_readers_own(app, course, learner):
    """A lesson one learner marked done still offers 'Mark as done' to another learner and to staff."""
    client, _ = learner
    post_form(client, "/learn/mini/intro/welcome/done", {"done": "1"}, page="/learn/mini/intro/welcome")
    other = make_user(roles=("participant",))
    _enrol(course, other, week=2)
    for person in (other, make_user(roles=("staff",))):
        reader = app.test_client()
        sign_in(reader, person)
        html = reader.get("/learn/mini/intro/welcome").get_data(as_text=True)
        assert "Welcome EN" in html and "You marked this lesson as done" not in html
    assert "Mark as not done" in client.get("/learn/mini/intro/welcome").get_data(as_text=True)


def test_lesson_links_resolve_to_pages_and_glossary(learner):
    """lesson: and glossary: links become working site links."""
    client, _ = learner
    html = client.get("/learn/mini/intro/basics").get_data(as_text=True)
    assert 'href="/learn/mini/glossary#term-upr"' in html and 'href="/learn/mini/intro/welcome"' in html
    glossary = client.get("/learn/mini/glossary").get_data(as_text=True)
    assert 'id="term-upr"' in glossary and "A review of every State." in glossary


def test_search_in_the_readers_language(app, course):
    """A French reader searching 'diplomates' finds the French lessons, accents ignored."""
    user = make_user(roles=("participant",), language="fr")
    _enrol(course, user, week=4)
    client = app.test_client()
    sign_in(client, user)
    html = client.get("/learn/mini/search?q=examen periodique").get_data(as_text=True)
    assert "Welcome FR" in html and "Review FR" in html
    assert "Welcome FR" not in client.get("/learn/mini/search?q=xylophone").get_data(as_text=True)


def test_search_hides_locked_weeks(learner):
    """Lessons of locked weeks do not appear in search results."""
    client, _ = learner
    html = client.get("/learn/mini/search?q=diplomats").get_data(as_text=True)
    assert "Welcome EN" in html and "Review EN" not in html


def test_offline_module_file_is_self_contained(learner):
    """The offline file has every lesson, inline CSS, and no external or site references."""
    client, _ = learner
    response = client.get("/learn/mini/intro/offline.html")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert "Welcome EN" in html and "Basics EN" in html and "<style>" in html
    for marker in ("src=", 'href="/', 'href="http', "<link", "<script"):
        assert marker not in html
    assert 'href="#lesson-welcome"' in html


def test_epub_download(app, tmp_path, frozen_clock):
    """The whole course downloads as an EPUB with a chapter per lesson."""
    sync_course(write_course(tmp_path, future="readable"))
    user = make_user(roles=("participant",))
    _enrol(db.session.scalar(db.select(Course)), user)
    client = app.test_client()
    sign_in(client, user)
    response = client.get("/learn/mini/course.epub")
    assert response.mimetype == "application/epub+zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert sum(1 for n in names if n.endswith(".xhtml") and "intro-" in n) == 2


def test_staff_and_coach_progress_views(app, course, staff_client):
    """Staff see every participant's progress; a coach only their own participants."""
    coach = make_user(roles=("coach",))
    mine, other = make_user(roles=("participant",), name="Mine"), make_user(roles=("participant",), name="Other")
    _enrol(course, mine, coach=coach)
    _enrol(course, other)
    staff, _ = staff_client
    html = staff.get("/learn/mini/progress").get_data(as_text=True)
    assert "Mine" in html and "Other" in html
    coach_client = app.test_client()
    sign_in(coach_client, coach)
    html = coach_client.get("/learn/mini/progress").get_data(as_text=True)
    assert "Mine" in html and "Other" not in html


def test_participants_cannot_see_progress_table(learner):
    """The progress table is for staff and coaches only."""
    client, _ = learner
    assert client.get("/learn/mini/progress").status_code == 404


def test_staff_move_a_cohort_start_date(app, course, staff_client):
    """Moving the start date changes which week the cohort is in."""
    user = make_user(roles=("participant",))
    cohort = _enrol(course, user, week=2)
    staff, _ = staff_client
    new_start = (cohort.starts_on - timedelta(days=14)).isoformat()
    post_form(staff, f"/learn/mini/cohorts/{cohort.id}/start", {f"c{cohort.id}-starts_on": new_start},
              page="/learn/mini/progress")
    client = app.test_client()
    sign_in(client, user)
    assert "Week 4 of 10" in client.get("/learn/mini/").get_data(as_text=True)


def test_bad_start_date_is_refused_with_a_message(app, course, staff_client):
    """A start date that is not a date is refused, nothing changes."""
    user = make_user(roles=("participant",))
    cohort = _enrol(course, user, week=2)
    staff, _ = staff_client
    response = post_form(staff, f"/learn/mini/cohorts/{cohort.id}/start", {f"c{cohort.id}-starts_on": "soon"},
                         page="/learn/mini/progress", follow_redirects=True)
    assert "Enter the start date" in response.get_data(as_text=True)


def _menu_links_to_course(client) -> bool:
    return '<li><a href="/learn/">Course</a></li>' in client.get("/dashboard").get_data(as_text=True)


def test_course_menu_item_appears_for_exactly_those_who_can_open_a_course(app, course):
    """The menu's Course link (read with the other menu facts in one query) follows the course's rules."""
    participant, withdrawn, coachee = (make_user(roles=("participant",)) for _ in range(3))
    coach, idle_coach = make_user(roles=("coach",)), make_user(roles=("coach",))
    _enrol(course, participant)
    _enrol(course, coachee, coach=coach)
    _enrol(course, withdrawn)
    db.session.execute(db.update(Enrolment).where(Enrolment.user_id == withdrawn.id).values(withdrawn_at=now()))
    db.session.commit()
    expected = {participant: True, coach: True, make_user(roles=("staff",)): True,
                withdrawn: False, idle_coach: False, make_user(roles=("applicant",)): False}
    for person, sees in expected.items():
        client = app.test_client()
        sign_in(client, person)
        assert _menu_links_to_course(client) is sees, person.email
        # The course list sends those with a course straight to it.
        assert (client.get("/learn/").status_code == 302) is sees, person.email

    course.open_to_all = True  # a self-paced course: everyone signed in may open it
    db.session.commit()
    client = app.test_client()
    sign_in(client, idle_coach)
    assert _menu_links_to_course(client)


def test_the_week_shown_is_that_of_the_current_enrolment_in_this_course(app, course):
    """Enrolled before (withdrawn, newer cohort) and in another course too: this course's week is that of
    the one current enrolment in it."""
    other = Course(slug="other", title={"en": "Other"}, description={}, weeks=10, geneva_weeks=[],
                   future_weeks="readable", week_titles={})
    db.session.add(other)
    db.session.commit()
    user = make_user(roles=("participant",))
    _enrol(other, user, week=7)
    _enrol(course, user, week=3)
    _enrol(course, user, week=1)  # the newest cohort of this course, but withdrawn from
    db.session.execute(db.update(Enrolment).where(Enrolment.user_id == user.id, Enrolment.cohort_id == db.select(
        Cohort.id).where(Cohort.course_id == course.id).order_by(Cohort.starts_on.desc()).limit(1).scalar_subquery())
        .values(withdrawn_at=now()))
    db.session.commit()
    client = app.test_client()
    sign_in(client, user)
    assert "Week 3 of 10" in client.get("/learn/mini/").get_data(as_text=True)
    assert "Week 7 of 10" in client.get("/learn/other/").get_data(as_text=True)
