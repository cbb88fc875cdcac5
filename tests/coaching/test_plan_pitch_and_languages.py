"""Pitch timing, the live checker and autosave endpoints, and the pages in French and Spanish."""
import pytest

from coaching_helpers import RECS, give_feedback, plan_data, save_plan, version_url
from factories import make_user
from formpost import csrf_token

from hrdap.coaching.models import AdvocacyPlan
from hrdap.coaching.pitch import timing
from hrdap.extensions import db


def test_pitch_timing_per_language():
    """75 words take about 30 seconds in English and French, a little less in Spanish."""
    words = " ".join(["word"] * 75)
    assert timing(words, "en").seconds == 30 and timing(words, "en").fits
    assert timing(words, "fr").seconds == 30
    assert timing(words, "es").seconds == 28
    long = timing(" ".join(["word"] * 120), "en")
    assert long.seconds == 48 and long.too_long and long.words_to_cut == 45
    assert timing("**Bold** [my link](https://example.org) l'État", "fr").words == 4


def test_pitch_timing_on_the_page(pair):
    """The editor says how long the pitch takes and whether it is within 30 seconds."""
    save_plan(pair.p, pitch=" ".join(["word"] * 120))
    html = pair.p.get("/coaching/plan").get_data(as_text=True)
    assert "About 48 seconds spoken" in html and "Longer than 30 seconds: try cutting about 45 words." in html
    save_plan(pair.p, pitch=" ".join(["word"] * 70))
    assert "Within the 30-second aim." in pair.p.get("/coaching/plan").get_data(as_text=True)


def test_live_check_endpoint(pair):
    """The JSON checker answers with the category, deadline and hints in the reader's language."""
    token = csrf_token(pair.p, "/coaching/plan")
    response = pair.p.post("/coaching/check", data={"text": "Consider ratifying the Convention", "lang": "en",
                                                    "csrf_token": token})
    data = response.get_json()
    assert data["category"] == 3 and data["time_bound"] is False
    assert any("deadline" in hint for hint in data["hints"])
    assert pair.p.post("/coaching/check", data={"text": "x"}).status_code == 400   # no CSRF token


def test_autosave_returns_saved_at(pair):
    """Autosave (JavaScript) saves the draft and answers with the time."""
    token = csrf_token(pair.p, "/coaching/plan")
    response = pair.p.post("/coaching/plan", data=dict(plan_data(), csrf_token=token), headers={"X-Autosave": "1"})
    assert response.status_code == 200 and response.get_json()["message"].startswith("Saved at")
    assert db.session.scalar(db.select(AdvocacyPlan)).problem.startswith("Defenders")


@pytest.mark.parametrize("lang, expected", [("fr", "Tableau de bord"), ("es", "Panel")])
def test_pages_render_in_french_and_spanish(enrol, lang, expected):
    """Every plan page answers 200 in French and Spanish, with the checker's hints in that language."""
    from hrdap.coaching.smart import hint_text

    pair = enrol(coach=make_user(roles=("coach",), language=lang), language=lang)
    coach = pair.c
    save_plan(pair.p)
    editor = pair.p.get("/coaching/plan").get_data(as_text=True)
    assert hint_text("no_deadline", lang) in editor.replace("&#39;", "'").replace("&#34;", '"')
    save_plan(pair.p, action="submit")
    plan = db.session.scalar(db.select(AdvocacyPlan))
    give_feedback(coach, plan.id, 1, decision="revise", action="send")
    save_plan(pair.p, action="submit", recs=RECS[:2])
    urls = ["/coaching/plan", f"/coaching/plans/{plan.id}", version_url(plan.id, 1), version_url(plan.id, 2),
            "/coaching/notifications", "/dashboard"]
    for url in urls:
        response = pair.p.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert f'<html lang="{lang}">' in html and expected in html   # the menu, in that language
    for url in ["/coaching/queue", version_url(plan.id, 2), "/dashboard"]:
        assert coach.get(url).status_code == 200, url
