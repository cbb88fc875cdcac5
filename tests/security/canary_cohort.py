"""Canaries typed through the pages of a cohort and of an account (issue 24, point 9): a live session's
joining instructions and notes, a question to the expert, a peer-directory entry, a Geneva activity, a
named and an anonymous survey answer; a sign-up with its address, name and browser."""
from __future__ import annotations

from factories import DEFAULT_PASSWORD, make_user, outbox_link, sign_in
from formpost import post_form

from hrdap.cohorts.models import Enrolment
from hrdap.extensions import db
from hrdap.live.models import LiveSession

#: Encrypted columns whose values are chosen from a list on the page (no canary can be typed): the value
#: chosen here, which the test finds decrypted in the column (as JSON for list columns).
CHOSEN = {("users", "time_zone"): "Asia/Tehran", ("applications", "gender"): "woman",
          ("applications", "languages"): "ar,en", ("peer_profiles", "country"): "CO",
          ("peer_profiles", "themes"): '["indigenous", "climate"]', ("peer_profiles", "languages"): '["es", "en"]'}

#: Encrypted columns the app writes itself (mails): the test checks their decrypted text is not in the copy.
GENERATED = {("outbox_emails", "subject"), ("outbox_emails", "body"), ("users", "totp_secret")}


def sign_up_through_the_pages(app, c) -> object:
    """A person signs up (canary address and name), confirms by the mailed link and signs in with a
    browser whose description is a canary; returns the signed-in client."""
    client = app.test_client()
    email = c.email("account-email")
    response = post_form(client, "/signup", {"email": email, "display_name": c("account-name"),
                                             "password": DEFAULT_PASSWORD, "language": "en",
                                             "time_zone": CHOSEN[("users", "time_zone")]})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert post_form(client, outbox_link(email.lower(), "/confirm/")).status_code == 303
    client.environ_base["HTTP_USER_AGENT"] = c("account-browser")
    response = post_form(client, "/signin", {"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return client


def cohort_through_the_pages(app, participant, staff, cohort_id: int, c, clock) -> dict[str, str]:
    """Staff schedule a live session and write its notes; the participant asks a question, joins the peer
    directory, plans a Geneva activity and answers the survey by name; a second member answers it
    anonymously. Returns, per page, the text its reader sees there."""
    url = f"/live/cohorts/{cohort_id}/new"
    # Today (the frozen clock: 10:00 in Geneva) at 10:15 for 15 minutes; the notes come after it.
    response = post_form(staff, url, {"title": "Meet a Special Rapporteur", "expert": "Dr Expert",
                                      "day": clock.now.date().isoformat(), "at": "10:15", "duration_minutes": "15",
                                      "joining_instructions": c.sentence("live-joining"),
                                      "data_note": "The video service sees your name."})
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    session_id = db.session.scalar(db.select(LiveSession.id).where(LiveSession.cohort_id == cohort_id))
    page = f"/live/sessions/{session_id}"
    response = post_form(participant, page + "/questions", {"language": "en", "text": c.sentence("live-question")},
                         page=page)
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    clock.advance(minutes=40)
    response = post_form(staff, page + "/follow-up", {"notes": c.sentence("live-notes"), "recording_url": ""},
                         page=page)
    assert response.status_code == 303, response.get_data(as_text=True)[:800]

    peers = f"/peers/{cohort_id}/"
    response = post_form(participant, peers + "me", {"shown_name": c("peer-name"),
                                                      "country": CHOSEN[("peer_profiles", "country")],
                                                      "themes": ["indigenous", "climate"], "languages": ["es", "en"]},
                         page=peers)
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    response = post_form(participant, "/geneva", {"kind": "meeting", "title": c.sentence("geneva-title"),
                                                  "planned_on": "", "status": "planned"})
    assert response.status_code == 303, response.get_data(as_text=True)[:800]

    survey = f"/survey/{cohort_id}/"
    assert post_form(staff, survey + "open", {}, page=survey + "results").status_code == 303
    response = post_form(participant, survey, {"satisfaction": "very", "can_apply": "yes",
                                               "comments": c.sentence("survey-named-comment")}, page="/dashboard")
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    other = make_user(roles=("participant",))
    db.session.add(Enrolment(cohort_id=cohort_id, user_id=other.id))
    db.session.commit()
    other_client = app.test_client()
    sign_in(other_client, other)
    response = post_form(other_client, survey, {"satisfaction": "very", "can_apply": "yes", "anonymous": "y",
                                                "comments": c.sentence("survey-held-comment")}, page="/dashboard")
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    return {page: participant.get(page).get_data(as_text=True),
            page + " (staff)": staff.get(page).get_data(as_text=True),
            peers: participant.get(peers).get_data(as_text=True),
            "/geneva": participant.get("/geneva").get_data(as_text=True),
            survey + "results": staff.get(survey + "results").get_data(as_text=True)}
