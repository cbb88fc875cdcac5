"""Coaching in a real browser: a participant writes an advocacy plan and submits it; the coach gives
feedback on each SMART criterion and asks for a revision; the participant revises and submits again."""
from __future__ import annotations

from browser_steps import sign_in, sign_out
from browser_world import cohort_in_week

from hrdap.coaching.models import CRITERIA

RECOMMENDATION = "Release the detained defenders named in the UPR submission."


def test_write_a_plan_get_feedback_and_revise(live, open_browser):
    """Version 1 submitted, feedback per criterion with a revise decision, version 2 submitted."""
    world = cohort_in_week(5)
    participant = open_browser()
    sign_in(participant, world.participant)
    participant.goto("/dashboard")
    participant.follow("Start your plan")
    participant.fill("The problem and its context", "Defenders are detained for documenting abuses.")
    participant.fill("Objectives", "Their release within a year.")
    participant.page.locator("main").get_by_label("Recommendation", exact=True).first.fill(RECOMMENDATION)
    participant.page.locator("main").get_by_label("State addressed", exact=True).first.fill("Egypt")
    participant.page.locator("main").get_by_label("Time frame", exact=True).first.fill("soon")
    participant.fill("Elevator pitch", "I document detentions; I ask States to press for release at the UPR.")
    participant.press("Save and submit to my coach")
    sign_out(participant)

    coach = open_browser()
    sign_in(coach, world.coach)
    coach.goto("/dashboard")
    coach.follow("Open the coaching queue")
    coach.follow(f"{world.participant.display_name}, version 1")
    for key, label in CRITERIA.items():
        rating = "Not met" if key == "time_bound" else "Met"
        coach.page.get_by_role("group", name=str(label), exact=True).first.get_by_label(rating, exact=True).check()
    coach.fill("Comment: Time-bound", "Name the session or the date: before the next UPR review.")
    coach.fill("Comment on the whole plan", "A strong plan; make the deadline precise.")
    coach.check("Revise")
    coach.press("Send feedback and decision")
    sign_out(coach)

    participant = open_browser()
    sign_in(participant, world.participant)
    participant.goto("/coaching/plan")
    assert "Your coach asked for a revision" in participant.text()
    participant.follow("Versions and feedback")
    participant.follow("Version 1")
    assert "Name the session or the date" in participant.text()
    participant.goto("/coaching/plan")
    time_frame = participant.page.locator("main").get_by_label("Time frame", exact=True).first
    time_frame.fill("Before its next UPR review, in 2027")
    participant.press("Save and submit to my coach")
    assert participant.heading() == "Version 2"
    assert "Added: Time frame: Before its next UPR review, in 2027" in participant.text()
