"""Sessions as iCalendar (RFC 5545): one .ics per session and a cohort feed.

Times are written in UTC (``DTSTART:…Z``) so every calendar app places them right whatever its zone.
Joining instructions go into DESCRIPTION only for people who may see them.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app, url_for
from flask_babel import gettext as _

from hrdap.live.models import LiveSession

PRODID = "-//HRDAP//Live Q&A sessions//EN"


def _host() -> str:
    return urlsplit(current_app.config.get("HRDAP_BASE_URL") or "http://localhost").hostname or "localhost"


def _page_url(session: LiveSession) -> str:
    base = (current_app.config.get("HRDAP_BASE_URL") or "").rstrip("/")
    return base + url_for("live.session", session_id=session.id)


def event_for(session: LiveSession, with_joining: bool, stamp: datetime):
    """One VEVENT: UID, start and end in UTC, title, and a description."""
    from icalendar import Event  # imported on use: most pages never build a calendar

    event = Event()
    event.add("uid", f"hrdap-live-{session.id}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("sequence", session.sequence)
    event.add("summary", session.title)
    lines = [_("Expert: %(name)s", name=session.expert)]
    if with_joining and session.joining_instructions:
        lines += ["", _("How to join:"), session.joining_instructions]
    if session.data_note:
        lines += ["", _("What the video service will see:"), session.data_note]
    if session.recording_url:
        lines += ["", _("Recording:"), session.recording_url]
    lines += ["", _("Questions and details:"), _page_url(session)]
    event.add("description", "\n".join(lines))
    event.add("url", _page_url(session))
    return event


def _calendar(name: str):
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def session_ics(session: LiveSession, with_joining: bool, stamp: datetime) -> bytes:
    """The .ics file of one session."""
    cal = _calendar(session.title)
    cal.add_component(event_for(session, with_joining, stamp))
    return cal.to_ical()


def feed_ics(cohort_name: str, sessions: list[LiveSession], with_joining: bool, stamp: datetime) -> bytes:
    """The cohort's feed: every session, as a subscribed calendar shows it."""
    cal = _calendar(_("Live sessions: %(cohort)s", cohort=cohort_name))
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for session in sessions:
        cal.add_component(event_for(session, with_joining, stamp))
    return cal.to_ical()
