"""Scheduling live sessions in Geneva time, who sees them, and follow-up notes and recordings."""
from datetime import datetime, timezone

from formpost import post_form

from hrdap.extensions import db
from hrdap.live.models import LiveSession

FORM = {"title": "Meet a Special Rapporteur", "expert": "Dr Expert", "day": "2027-03-29", "at": "15:00",
        "duration_minutes": "60", "joining_instructions": "Link: https://meet.example.org/abc passcode 42",
        "data_note": "The video service sees your name and IP address."}


def schedule(world, **changes):
    """Staff post the scheduling form; returns the response."""
    url = f"/live/cohorts/{world.cohort.id}/new"
    return post_form(world.client(world.staff), url, dict(FORM, **changes))


def only_session():
    return db.session.scalar(db.select(LiveSession))


def test_geneva_time_is_stored_in_utc_across_daylight_saving(world):
    """15:00 in Geneva is 13:00 UTC after the spring clock change and 14:00 UTC before it."""
    assert schedule(world).status_code == 303
    assert only_session().starts_at == datetime(2027, 3, 29, 13, 0, tzinfo=timezone.utc)
    schedule(world, day="2027-03-20", title="Winter session")
    winter = db.session.scalar(db.select(LiveSession).where(LiveSession.title == "Winter session"))
    assert winter.starts_at == datetime(2027, 3, 20, 14, 0, tzinfo=timezone.utc)


def test_viewer_sees_geneva_time_and_their_own(world):
    """A viewer in New York sees 3 PM Geneva and 9 AM New York time on the DST-gap date."""
    world.p1.time_zone = "America/New_York"
    db.session.commit()
    schedule(world)
    html = world.client(world.p1).get(f"/live/sessions/{only_session().id}").get_data(as_text=True)
    assert "3:00:00" in html and "(Geneva)" in html
    assert "9:00:00" in html and "America/New York" in html


def test_past_time_is_refused_next_to_the_field(world):
    """A start that is already past is refused with a message, and what was typed is kept."""
    response = schedule(world, day="2026-11-30")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "already past" in html
    assert 'id="day-error"' in html and "Meet a Special Rapporteur" in html
    assert only_session() is None


def test_time_skipped_by_the_clock_change_is_refused(world):
    """02:30 on the night the clocks go forward does not exist in Geneva."""
    response = schedule(world, day="2027-03-28", at="02:30")
    assert response.status_code == 400 and "does not exist in Geneva" in response.get_data(as_text=True)


def test_duration_must_be_between_15_and_240_minutes(world):
    """A 10-minute or a 5-hour session is refused."""
    for minutes in ("10", "300"):
        response = schedule(world, duration_minutes=minutes)
        assert response.status_code == 400 and "between 15 and 240 minutes" in response.get_data(as_text=True)
    assert only_session() is None


def test_joining_instructions_only_for_the_cohort(world):
    """Participants and staff see the link; the coach sees the session without it; others get 404."""
    schedule(world)
    url = f"/live/sessions/{only_session().id}"
    assert "meet.example.org/abc" in world.client(world.p1).get(url).get_data(as_text=True)
    assert "meet.example.org/abc" in world.client(world.staff).get(url).get_data(as_text=True)
    coach_page = world.client(world.coach).get(url)
    assert coach_page.status_code == 200 and "meet.example.org/abc" not in coach_page.get_data(as_text=True)
    assert "video service sees your name" in coach_page.get_data(as_text=True)
    assert world.client(world.outsider).get(url).status_code == 404
    assert world.client(world.outsider).get(f"/live/cohorts/{world.cohort.id}/").status_code == 404


def test_participants_cannot_schedule(world):
    """The scheduling form is for staff only."""
    assert world.client(world.p1).get(f"/live/cohorts/{world.cohort.id}/new").status_code == 404


def test_cohort_page_lists_upcoming_and_past(world, frozen_clock):
    """After the session ends it moves to past sessions, with its recording."""
    schedule(world)
    session = only_session()
    world.travel(frozen_clock, datetime(2027, 3, 29, 15, 0, tzinfo=timezone.utc))
    staff = world.client(world.staff)
    response = post_form(staff, f"/live/sessions/{session.id}/follow-up",
                         {"recording_url": "https://video.example.org/rec1", "notes": "Slides shared."},
                         page=f"/live/sessions/{session.id}")
    assert response.status_code == 303
    html = world.client(world.p1).get(f"/live/cohorts/{world.cohort.id}/").get_data(as_text=True)
    assert "No session is scheduled yet." in html and "https://video.example.org/rec1" in html
    assert "Slides shared." in world.client(world.p1).get(f"/live/sessions/{session.id}").get_data(as_text=True)


def test_recording_link_must_be_https(world, frozen_clock):
    """An http:// or javascript: link is refused next to the field."""
    schedule(world)
    session = only_session()
    world.travel(frozen_clock, datetime(2027, 3, 29, 15, 0, tzinfo=timezone.utc))
    for link in ("http://video.example.org/rec", "javascript:alert(1)"):
        response = post_form(world.client(world.staff), f"/live/sessions/{session.id}/follow-up",
                             {"recording_url": link}, page=f"/live/sessions/{session.id}")
        assert response.status_code == 400 and "https://" in response.get_data(as_text=True)
    assert only_session().recording_url == ""


def test_staff_change_a_session(world):
    """Editing keeps the Geneva time in the form and bumps the calendar sequence."""
    schedule(world)
    session = only_session()
    staff = world.client(world.staff)
    assert 'value="15:00"' in staff.get(f"/live/sessions/{session.id}/edit").get_data(as_text=True)
    post_form(staff, f"/live/sessions/{session.id}/edit", dict(FORM, at="16:30", title="Moved"))
    db.session.expire_all()
    moved = only_session()
    assert moved.title == "Moved" and moved.starts_at.hour == 14 and moved.starts_at.minute == 30
    assert moved.sequence == 1


def test_pages_render_in_french_and_spanish(world):
    """The cohort and session pages work in French and Spanish."""
    schedule(world)
    session = only_session()
    for lang, word in (("fr", 'lang="fr"'), ("es", 'lang="es"')):
        world.p1.language = lang
        db.session.commit()
        for url in (f"/live/cohorts/{world.cohort.id}/", f"/live/sessions/{session.id}"):
            response = world.client(world.p1).get(url)
            assert response.status_code == 200 and word in response.get_data(as_text=True)


def test_dashboard_and_menu_show_the_next_session(world):
    """A participant's dashboard names the next session; the menu links to live sessions."""
    schedule(world)
    html = world.client(world.p1).get("/dashboard").get_data(as_text=True)
    assert "Next live session:" in html and "Meet a Special Rapporteur" in html
    assert 'href="/live/"' in html and 'href="/peers/"' in html
    assert 'href="/live/"' not in world.client(world.make_applicant()).get("/dashboard").get_data(as_text=True)
