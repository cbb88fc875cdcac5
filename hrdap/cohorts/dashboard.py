"""What staff and coaches see of their participants: progress, last activity, and who needs help."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import func, select

from hrdap.auth.models import UserSession
from hrdap.clock import now
from hrdap.cohorts.models import Enrolment
from hrdap.extensions import db
from hrdap.learning import progress
from hrdap.learning.models import Course, LessonProgress

INACTIVE_AFTER = timedelta(days=7)

#: Features add flags here: provider(enrolments) -> {enrolment id: [message, ...]}.
flag_providers: list[Callable[[list[Enrolment]], dict[int, list[str]]]] = []
#: Features add columns here: provider(enrolments) -> (heading, {enrolment id: cell text}).
column_providers: list[Callable[[list[Enrolment]], tuple[str, dict[int, str]]]] = []


@dataclass
class Row:
    enrolment: Enrolment
    lessons: progress.Fraction
    last_active: datetime | None
    flags: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def _last_activity(user_ids: list[int]) -> dict[int, datetime]:
    """Latest lesson done or page seen, per user: two grouped queries for the whole list."""
    latest: dict[int, datetime] = {}
    for column, owner in ((LessonProgress.completed_at, LessonProgress.user_id),
                          (UserSession.last_seen_at, UserSession.user_id)):
        for uid, at in db.session.execute(select(owner, func.max(column)).where(owner.in_(user_ids))
                                          .group_by(owner)):
            if at is not None:
                at = at if at.tzinfo else at.replace(tzinfo=now().tzinfo)
                latest[uid] = max(latest.get(uid, at), at)
    return latest


def rows_for(enrolments: list[Enrolment], course: Course) -> tuple[list[str], list[Row]]:
    """One row per enrolment with progress, last activity and flags; and the extra column headings."""
    from flask_babel import gettext as _

    user_ids = [e.user_id for e in enrolments]
    table = progress.cohort_table(course, user_ids)
    active = _last_activity(user_ids) if user_ids else {}
    moment = now()
    rows = []
    for e in enrolments:
        last = active.get(e.user_id)
        row = Row(e, progress.course_fraction(table.get(e.user_id, {})), last)
        if last is None or moment - last > INACTIVE_AFTER:
            row.flags.append(_("No activity for %(days)d days", days=INACTIVE_AFTER.days) if last else
                             _("Never active"))
        rows.append(row)
    by_id = {r.enrolment.id: r for r in rows}
    for provider in flag_providers:
        for enrolment_id, flags in provider(enrolments).items():
            if enrolment_id in by_id:
                by_id[enrolment_id].flags.extend(flags)
    headings = []
    for provider in column_providers:
        heading, cells = provider(enrolments)
        headings.append(heading)
        for r in rows:
            r.extra.append(cells.get(r.enrolment.id, ""))
    return headings, rows
