"""The end-of-programme survey in a real browser: staff open it, a participant answers it from the
dashboard, and staff read the results."""
from __future__ import annotations

import pytest

from browser_steps import sign_in, sign_out
from browser_world import cohort_in_week


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_staff_open_the_survey_a_participant_answers_and_staff_read_the_results(live, open_browser, js):
    """Open, answer once anonymously (satisfaction, yes/no, a comment): the results say the answer is
    held until five have answered anonymously, and do not show it yet."""
    world = cohort_in_week(10)
    staff = open_browser(js=js)
    sign_in(staff, world.staff)
    staff.follow("Surveys", within=staff.page.locator("header"))
    staff.follow("Results")
    staff.press("Open the survey")
    assert "The survey is open." in staff.text()
    sign_out(staff)

    participant = open_browser(js=js)
    sign_in(participant, world.participant)
    participant.goto("/dashboard")
    participant.follow("Answer the end-of-programme survey")
    participant.page.get_by_role("group", name="Overall, how satisfied are you with the programme?") \
        .get_by_label("Very satisfied", exact=True).check()
    participant.page.get_by_role("group", name="I will be able to apply what I learnt.") \
        .get_by_label("Yes", exact=True).check()
    participant.fill("Comments (optional)", "The coaching on my recommendations helped most.")
    participant.press("Send my answers")
    assert "Thank you" in participant.text()
    sign_out(participant)

    sign_in(staff, world.staff)
    staff.follow("Surveys", within=staff.page.locator("header"))
    staff.follow("Results")
    assert "1 anonymous answer is held until at least 5 people have answered anonymously" in staff.text()
    assert "The coaching on my recommendations helped most." not in staff.text()
