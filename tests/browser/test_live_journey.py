"""Live Q&A sessions in a real browser: staff schedule a session for the cohort; a participant finds it and
downloads it to their calendar (.ics)."""
from __future__ import annotations

from datetime import timedelta

from browser_steps import sign_in, sign_out
from browser_world import cohort_in_week

from hrdap.clock import now
from hrdap.learning.access import geneva_today


def test_staff_schedule_a_session_and_a_participant_downloads_its_ics(live, open_browser):
    """Schedule with the form; the participant's .ics holds the session's title and Geneva start."""
    world = cohort_in_week(3)
    day = geneva_today(now()) + timedelta(days=7)
    staff = open_browser()
    sign_in(staff, world.staff)
    staff.follow("Live sessions", within=staff.page.locator("header"))
    staff.follow("Live sessions", within=staff.page.locator("main"))
    staff.follow("Schedule a session")
    staff.fill("Title", "Urgent appeals: questions and answers")
    staff.fill("Expert", "A former Special Rapporteur")
    staff.fill("Date (Geneva)", day.isoformat())
    staff.fill("Start time (Geneva)", "15:00")
    staff.fill("Duration in minutes", "90")
    staff.fill("What personal data the video service will see", "Your name and IP address; not recorded.")
    staff.press("Schedule")
    assert staff.heading() == "Urgent appeals: questions and answers"
    sign_out(staff)

    participant = open_browser()
    sign_in(participant, world.participant)
    participant.follow("Live sessions", within=participant.page.locator("header"))
    if participant.page.get_by_role("link", name="Urgent appeals: questions and answers").count() == 0:
        participant.follow("Live sessions", within=participant.page.locator("main"))
    participant.follow("Urgent appeals: questions and answers")
    with participant.page.expect_download() as download:
        participant.page.get_by_role("link", name="Add to my calendar (.ics)").click()
    ics = open(download.value.path(), encoding="utf-8").read()
    assert "BEGIN:VCALENDAR" in ics and "Urgent appeals: questions and answers" in ics
    assert f"DTSTART;TZID=Europe/Zurich:{day:%Y%m%d}T150000" in ics or f"{day:%Y%m%d}T" in ics
