"""Markdown payloads are neutralised on display, and every plan text is encrypted in the database."""
import re

import pytest
from sqlalchemy import text

from coaching_helpers import RECS, give_feedback, save_plan, version_url
from formpost import post_form

from hrdap.coaching.models import AdvocacyPlan, Feedback
from hrdap.extensions import db

PAYLOADS = [
    "<script>alert('x')</script>",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "![tracker](https://evil.example/pixel.png)",
    '<a href="https://evil.example" onclick="steal()">link</a>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_payloads_neutralised(pair, payload):
    """Script, javascript: links, event handlers and remote images never reach the page as HTML."""
    recs = [dict(RECS[0], text=payload, state=payload)] + RECS[1:]
    save_plan(pair.p, action="submit", recs=recs, problem=payload, pitch="Short pitch. " + payload)
    plan = db.session.scalar(db.select(AdvocacyPlan))
    give_feedback(pair.c, plan.id, 1, comment=payload, decision="revise", action="send",
                  plan_comment=payload, pitch_comment=payload)
    url = version_url(plan.id, 1)
    post_form(pair.p, url + "/replies", {"topic": "plan", "body": payload}, page=url)
    for client in (pair.p, pair.c):
        html = client.get(url).get_data(as_text=True)
        assert any(w in html for w in ("alert", "tracker", "steal"))   # the text is shown, as text
        assert "<script>alert" not in html
        assert not re.search(r'href="\s*javascript:', html, re.I)
        assert not re.search(r"<[a-z][^>]*\son\w+=", html, re.I)   # no event handler inside a tag
        assert "<img" not in html and 'src="https://evil' not in html
    editor_safe = pair.p.get(f"/coaching/plans/{plan.id}").get_data(as_text=True)
    assert "<script>alert" not in editor_safe


def test_editor_shows_payload_as_text(pair):
    """What was typed comes back in the editor as text, not markup."""
    save_plan(pair.p, problem="<script>alert('x')</script>")
    html = pair.p.get("/coaching/plan").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in html and "<script>alert" not in html


CANARY = "CANARY-7f3a-Ruritania-secret"

ENCRYPTED = {
    "advocacy_plans": ["problem", "objectives", "opportunities", "targets", "pitch", "geneva_activities"],
    "plan_versions": ["problem", "objectives", "opportunities", "targets", "pitch", "geneva_activities",
                      "pitch_comment", "plan_comment"],
    "plan_recommendations": ["text", "state", "time_frame"],
    "plan_feedback": ["comment"],
    "plan_replies": ["body"],
}


def test_canary_is_encrypted_at_rest(pair):
    """A canary typed in every field, feedback and reply is stored only as enc1: ciphertext."""
    recs = [{"text": f"Repeal the Act by 2027 {CANARY}", "state": CANARY, "mechanism": "upr",
             "time_frame": CANARY}]
    fields = {name: f"{CANARY} {name}" for name in ENCRYPTED["advocacy_plans"]}
    assert save_plan(pair.p, action="submit", recs=recs, **fields).status_code == 303
    plan = db.session.scalar(db.select(AdvocacyPlan))
    give_feedback(pair.c, plan.id, 1, comment=CANARY, decision="revise", action="send",
                  pitch_comment=CANARY, plan_comment=CANARY)
    url = version_url(plan.id, 1)
    feedback = db.session.scalars(db.select(Feedback)).first()
    post_form(pair.p, url + "/replies", {"topic": "feedback", "feedback_id": str(feedback.id), "body": CANARY},
              page=url)
    assert CANARY in pair.p.get(url).get_data(as_text=True)   # the app still reads it
    db.session.commit()
    for table, columns in ENCRYPTED.items():
        rows = db.session.execute(text(f"SELECT {', '.join(columns)} FROM {table}")).all()
        assert rows, table
        for row in rows:
            for column, value in zip(columns, row):
                if value in (None, ""):
                    continue
                assert value.startswith("enc1:"), (table, column)
                assert CANARY not in value, (table, column)
