"""Replies on feedback from both sides, and neutral notifications by mail and in the app."""
import re

from coaching_helpers import PLAN, give_feedback, save_plan, version_url
from formpost import post_form

from hrdap.coaching.models import AdvocacyPlan, Feedback
from hrdap.extensions import db
from hrdap.mail.models import OutboxEmail


def _reviewed(pair):
    save_plan(pair.p, action="submit")
    plan = db.session.scalar(db.select(AdvocacyPlan))
    give_feedback(pair.c, plan.id, 1, comment="Which article exactly?", decision="revise", action="send")
    return plan


def _mails(user):
    return db.session.scalars(db.select(OutboxEmail).where(OutboxEmail.to(user.email))).all()


def test_both_sides_reply_to_a_feedback_comment(pair):
    """The participant answers a criterion's comment, the coach answers back; both see the thread."""
    plan = _reviewed(pair)
    url = version_url(plan.id, 1)
    feedback = db.session.scalars(db.select(Feedback).order_by(Feedback.id)).first()
    data = {"topic": "feedback", "feedback_id": str(feedback.id), "body": "Articles 12 to 15."}
    assert post_form(pair.p, url + "/replies", data, page=url).status_code == 303
    data["body"] = "Then name them in the text."
    assert post_form(pair.c, url + "/replies", data, page=url).status_code == 303
    for client in (pair.p, pair.c):
        html = client.get(url).get_data(as_text=True)
        assert "Articles 12 to 15." in html and "Then name them in the text." in html
        assert html.index("Articles 12 to 15.") < html.index("Then name them in the text.")


def test_reply_to_the_pitch_comment(pair):
    """The comment on the pitch can be answered too."""
    plan = _reviewed(pair)
    url = version_url(plan.id, 1)
    post_form(pair.p, url + "/replies", {"topic": "pitch", "body": "I timed it: 28 seconds."}, page=url)
    assert "I timed it: 28 seconds." in pair.c.get(url).get_data(as_text=True)


def test_empty_reply_is_refused(pair):
    """An empty reply sends nothing."""
    plan = _reviewed(pair)
    url = version_url(plan.id, 1)
    response = post_form(pair.p, url + "/replies", {"topic": "plan", "body": "  "}, page=url)
    assert "nothing was sent" in pair.p.get(response.headers["Location"]).get_data(as_text=True)


def test_mails_are_neutral(pair):
    """Submitting, feedback and replies each mail the other side, naming no plan content."""
    plan = _reviewed(pair)
    url = version_url(plan.id, 1)
    post_form(pair.p, url + "/replies", {"topic": "plan", "body": "Reply with Ruritania in it"}, page=url)
    coach_mails, participant_mails = _mails(pair.coach), _mails(pair.participant)
    assert len(coach_mails) == 2 and len(participant_mails) == 1
    words = ["Ruritania", "Public Order", "repeal", "Which article", "Consider", PLAN["problem"],
             pair.participant.display_name]
    for mail in coach_mails + participant_mails:
        assert mail.subject == "Something is waiting for you on HRDAP"
        for word in words:
            assert word not in mail.subject and word not in mail.body
        assert re.search(r"http://localhost/coaching/plans/\d+/versions/1", mail.body)


def test_in_app_notifications_listed_and_marked_read(pair):
    """The coach sees a notification for the submitted plan in the menu and on the list, then marks it read."""
    save_plan(pair.p, action="submit")
    assert "Notifications (1)" in pair.c.get("/dashboard").get_data(as_text=True)
    html = pair.c.get("/coaching/notifications").get_data(as_text=True)
    assert "A plan is waiting for your feedback." in html and "/versions/1" in html
    post_form(pair.c, "/coaching/notifications/read", {}, page="/coaching/notifications")
    assert "Notifications (1)" not in pair.c.get("/dashboard").get_data(as_text=True)
    assert "New:" not in pair.c.get("/coaching/notifications").get_data(as_text=True)


def test_participant_notified_of_feedback(pair):
    """The participant's notification leads to the version with feedback."""
    plan = _reviewed(pair)
    html = pair.p.get("/coaching/notifications").get_data(as_text=True)
    assert "Your coach has sent feedback on your plan." in html and version_url(plan.id, 1) in html
