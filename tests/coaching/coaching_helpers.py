"""Posting plan and feedback forms like a browser."""
from __future__ import annotations

import re

from formpost import post_form

from hrdap.coaching.models import CRITERIA

RECS = [
    {"text": "Consider reviewing the Public Order Act", "state": "Ruritania", "mechanism": "upr", "time_frame": ""},
    {"text": "Continue its efforts to protect human rights defenders", "state": "Ruritania", "mechanism": "upr",
     "time_frame": ""},
    {"text": "Investigate all complaints of ill-treatment of detained protesters within 12 months",
     "state": "Ruritania", "mechanism": "hrc", "time_frame": "within 12 months"},
]
PLAN = {
    "language": "en", "problem": "Defenders are charged for peaceful protests.",
    "objectives": "Get recommendations accepted at the next UPR review.", "mechanisms": ["upr", "sp"],
    "opportunities": "The next UPR review.", "targets": "Supportive States.",
    "pitch": "I am a lawyer. Fourteen defenders face charges. Recommend the repeal of the Act before the next review.",
    "geneva_activities": "Meet five missions.",
}


def plan_data(recs=RECS, **changes) -> dict:
    """The editor's form fields for ``recs`` and the plan texts (with ``changes``)."""
    data = dict(PLAN, **changes)
    for i, rec in enumerate(recs):
        for key, value in rec.items():
            data[f"recommendations-{i}-{key}"] = value
    return data


def save_plan(client, action="save", recs=RECS, **changes):
    return post_form(client, "/coaching/plan", dict(plan_data(recs, **changes), action=action), page="/dashboard")


def version_url(plan_id: int, number: int) -> str:
    return f"/coaching/plans/{plan_id}/versions/{number}"


def feedback_data(html: str, rating="partly", comment="Say which law.", decision=None, action="save",
                  **extra) -> dict:
    """Ratings and comments for every criterion of every recommendation shown on the coach's page."""
    ids = sorted({int(m) for m in re.findall(r'name="rating_(\d+)_', html)})
    data = {"action": action, "pitch_comment": "Good length.", "plan_comment": "Sharpen the first two."}
    for rec_id in ids:
        for criterion in CRITERIA:
            data[f"rating_{rec_id}_{criterion}"] = rating
            data[f"comment_{rec_id}_{criterion}"] = comment
    if decision:
        data["decision"] = decision
    data.update(extra)
    return data


def give_feedback(client, plan_id, number, **kwargs):
    url = version_url(plan_id, number)
    html = client.get(url).get_data(as_text=True)
    return post_form(client, url + "/feedback", feedback_data(html, **kwargs), page=url)
