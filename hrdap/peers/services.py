"""Rules of the peer network: only members opt in, only opted-in members are listed, opting out is
immediate and leaves nothing behind."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from hrdap.applications.choices import THEMES, WORKING_LANGUAGES
from hrdap.auth.models import User
from hrdap.cohorts.models import Enrolment
from hrdap.extensions import db
from hrdap.live.access import CohortAccess, NotFound
from hrdap.peers.models import PeerProfile


@dataclass
class Entry:
    """What a member chooses to show."""

    shown_name: str
    country: str = ""
    themes: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


def profile_of(cohort_id: int, user: User) -> PeerProfile | None:
    return db.session.scalar(select(PeerProfile).where(PeerProfile.cohort_id == cohort_id,
                                                       PeerProfile.user_id == user.id))


def directory(cohort_id: int) -> list[PeerProfile]:
    """The opted-in members who are still in the cohort, by name."""
    rows = db.session.scalars(select(PeerProfile).join(
        Enrolment, (Enrolment.cohort_id == PeerProfile.cohort_id) & (Enrolment.user_id == PeerProfile.user_id))
        .where(PeerProfile.cohort_id == cohort_id, Enrolment.withdrawn_at.is_(None)))
    return sorted(rows, key=lambda p: p.shown_name.casefold())


def opt_in(access: CohortAccess, user: User, entry: Entry, moment: datetime) -> PeerProfile:
    """List the member in the directory, or update what they show."""
    if not access.is_member:
        raise NotFound
    themes = [t for t in entry.themes if t in THEMES]
    languages = [lang for lang in entry.languages if lang in WORKING_LANGUAGES]
    profile = profile_of(access.cohort.id, user)
    if profile is None:
        profile = PeerProfile(cohort_id=access.cohort.id, user_id=user.id, opted_in_at=moment)
        db.session.add(profile)
    profile.shown_name, profile.country = entry.shown_name, entry.country or ""
    profile.themes, profile.languages, profile.updated_at = themes, languages, moment
    db.session.flush()
    return profile


def opt_out(cohort_id: int, user: User) -> bool:
    """Remove the member from the directory at once (the row is deleted). True if they were listed."""
    result = db.session.execute(db.delete(PeerProfile).where(PeerProfile.cohort_id == cohort_id,
                                                             PeerProfile.user_id == user.id))
    return bool(result.rowcount)
