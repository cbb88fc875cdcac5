"""The checker on the plan pages reads the row's own "Time frame" field and links the category to the glossary."""
from coaching_helpers import save_plan
from formpost import csrf_token

ROW = {"text": "Adopt a law recognising and protecting human rights defenders", "state": "Ruritania",
       "mechanism": "upr", "time_frame": "within 12 months"}


def _editor(pair) -> str:
    return pair.p.get("/coaching/plan").get_data(as_text=True).replace("&#39;", "'")


def test_editor_reads_the_time_frame_field(pair):
    """The field says "within 12 months": the checker must not say "No deadline"."""
    save_plan(pair.p, recs=[ROW])
    html = _editor(pair)
    box = html.split('id="check-0"', 1)[1].split("</div>", 1)[0]
    assert "Deadline in the time frame field: within 12 months" in box
    assert "No deadline" not in box and "Add a deadline" not in box
    assert "asks for 2 actions" not in box   # "recognising and protecting" describe the law
    assert 'data-check-text="recommendations-0-text"' in html   # JavaScript re-checks when the field changes


def test_editor_without_time_frame_still_asks_for_a_deadline(pair):
    save_plan(pair.p, recs=[dict(ROW, time_frame="")])
    box = _editor(pair).split('id="check-0"', 1)[1].split("</div>", 1)[0]
    assert "No deadline" in box and "Add a deadline" in box


def test_category_5_is_explained_with_a_glossary_link(pair, cohort):
    from hrdap.extensions import db
    from hrdap.learning.models import GlossaryTerm
    db.session.add(GlossaryTerm(course_id=cohort.course_id, slug="action-category", lang="en",
                                term="Action category (UPR Info)", definition="From 1 to 5."))
    db.session.commit()
    save_plan(pair.p, recs=[ROW])
    box = _editor(pair).split('id="check-0"', 1)[1].split("</div>", 1)[0]
    assert "Category 5: specific action" in box
    assert "one concrete, checkable act" in box
    assert '/glossary#term-action-category"' in box
    glossary = pair.p.get(box.split('href="', 1)[1].split("#", 1)[0])
    assert glossary.status_code == 200 and 'id="term-action-category"' in glossary.get_data(as_text=True)


def test_live_check_reads_the_time_frame_and_gives_per_criterion_feedback(pair):
    token = csrf_token(pair.p, "/coaching/plan")
    data = pair.p.post("/coaching/check", data={"text": ROW["text"], "lang": "en", "time_frame": "within 12 months",
                                                "csrf_token": token}).get_json()
    assert data["time_bound"] is True and data["deadline_source"] == "time_frame"
    assert data["time_bound_label"] == "Deadline in the time frame field: within 12 months"
    statuses = {c["criterion"]: c["status"] for c in data["criteria"]}
    assert statuses == {"specific": "met", "measurable": "met", "achievable": "unchecked",
                        "relevant": "unchecked", "time_bound": "met"}
    assert data["glossary_url"].endswith("/glossary#term-action-category")
    too_long = pair.p.post("/coaching/check", data={"text": "x", "time_frame": "y" * 201, "csrf_token": token})
    assert too_long.status_code == 400


def test_coach_sees_the_time_frame_counted(pair):
    from coaching_helpers import version_url
    from hrdap.coaching.models import AdvocacyPlan
    from hrdap.extensions import db
    save_plan(pair.p, action="submit", recs=[ROW])
    plan = db.session.scalar(db.select(AdvocacyPlan))
    html = pair.c.get(version_url(plan.id, 1)).get_data(as_text=True)
    assert "Deadline in the time frame field: within 12 months" in html
