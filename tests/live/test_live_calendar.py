"""Adding sessions to a calendar: the .ics file and the private feed with its revocable secret link."""
import re
from datetime import datetime, timedelta, timezone

from icalendar import Calendar

from formpost import post_form

from hrdap.extensions import db
from hrdap.live.models import CalendarFeed, LiveSession

FORM = {"title": "UPR briefing", "expert": "Dr Expert", "day": "2027-03-29", "at": "15:00",
        "duration_minutes": "90", "joining_instructions": "https://meet.example.org/xyz",
        "data_note": "The video service sees your IP address."}


def _session(world):
    post_form(world.client(world.staff), f"/live/cohorts/{world.cohort.id}/new", FORM)
    return db.session.scalar(db.select(LiveSession))


def _events(body: bytes):
    return list(Calendar.from_ical(body).walk("VEVENT"))


def _new_link(world, user) -> str:
    """Create (or renew) the person's feed link; returns its path."""
    url = f"/live/cohorts/{world.cohort.id}/feed"
    html = post_form(world.client(user), url, {}, page=f"/live/cohorts/{world.cohort.id}/").get_data(as_text=True)
    return re.search(r"http://localhost(/live/feed/[^<\s\"]+\.ics)", html).group(1)


def test_ics_file_has_the_event_in_utc(world):
    """The .ics parses back: UID, start and end in UTC, title, and the joining link for a member."""
    session = _session(world)
    response = world.client(world.p1).get(f"/live/sessions/{session.id}.ics")
    assert response.mimetype == "text/calendar"
    (event,) = _events(response.data)
    assert str(event["UID"]).startswith(f"hrdap-live-{session.id}@")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime(2027, 3, 29, 13, 0, tzinfo=timezone.utc) and end - start == timedelta(minutes=90)
    assert b"DTSTART:20270329T130000Z" in response.data
    assert str(event["SUMMARY"]) == "UPR briefing"
    assert "meet.example.org/xyz" in str(event["DESCRIPTION"])


def test_ics_for_a_coach_has_no_joining_instructions(world):
    """The coach's .ics describes the session without the meeting link."""
    session = _session(world)
    (event,) = _events(world.client(world.coach).get(f"/live/sessions/{session.id}.ics").data)
    assert "meet.example.org/xyz" not in str(event["DESCRIPTION"])
    assert world.client(world.outsider).get(f"/live/sessions/{session.id}.ics").status_code == 404


def test_feed_works_with_its_secret_link_only(world, client):
    """A calendar app without an account reads the feed by its link; a guessed link answers 404."""
    _session(world)
    path = _new_link(world, world.p1)
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    (event,) = _events(response.data)
    assert str(event["SUMMARY"]) == "UPR briefing" and "meet.example.org/xyz" in str(event["DESCRIPTION"])
    assert client.get("/live/feed/guessed-token-123.ics").status_code == 404
    assert client.get(path[:-8] + "AAAA.ics").status_code == 404


def test_only_a_hash_of_the_secret_is_stored(world):
    """The database holds the SHA-256 of the secret, never the secret."""
    token = _new_link(world, world.p1).rsplit("/", 1)[1][:-4]
    stored = db.session.scalar(db.select(CalendarFeed.token_hash))
    assert token not in stored and len(stored) == 64


def test_revoking_gives_a_new_link_and_kills_the_old(world, client):
    """After "make a new link" the old link answers 404 and the new one works."""
    _session(world)
    old = _new_link(world, world.p1)
    new = _new_link(world, world.p1)
    assert old != new
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200
    post_form(world.client(world.p1), f"/live/cohorts/{world.cohort.id}/feed/delete", {},
              page=f"/live/cohorts/{world.cohort.id}/")
    assert client.get(new).status_code == 404


def test_reading_the_feed_changes_nothing(world, client):
    """GET of the feed leaves the stored feed as it was."""
    path = _new_link(world, world.p1)
    before = [(f.id, f.token_hash, f.created_at) for f in db.session.scalars(db.select(CalendarFeed))]
    client.get(path)
    db.session.expire_all()
    assert [(f.id, f.token_hash, f.created_at) for f in db.session.scalars(db.select(CalendarFeed))] == before


def test_feed_stops_when_the_participant_leaves_the_cohort(world, client):
    """A withdrawn participant's link answers 404."""
    from hrdap.cohorts.models import Enrolment

    path = _new_link(world, world.p1)
    enrolment = db.session.scalar(db.select(Enrolment).where(Enrolment.user_id == world.p1.id))
    enrolment.withdrawn_at = datetime(2026, 12, 1, tzinfo=timezone.utc)
    db.session.commit()
    assert client.get(path).status_code == 404


def test_coach_feed_has_sessions_without_joining(world, client):
    """A coach's feed lists the sessions but not the meeting link."""
    _session(world)
    (event,) = _events(client.get(_new_link(world, world.coach)).data)
    assert str(event["SUMMARY"]) == "UPR briefing" and "meet.example.org" not in str(event["DESCRIPTION"])
