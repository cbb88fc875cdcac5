"""What applications add to shared pages (menu, home, dashboard, account) and template helpers."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import render_template, url_for
from flask_babel import format_date, format_datetime, get_timezone, gettext as _, ngettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import exists

from hrdap import navigation
from hrdap.applications import personal_data, services
from hrdap.applications.models import Application
from hrdap.applications.choices import AREAS, GENDERS, REGIONS, STATUSES, label
from hrdap.applications.demo import seed_demo
from hrdap.content import render_markdown
from hrdap.demo import add_seeder
from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.i18n import GENEVA


def deadline_in_geneva(instant: datetime) -> str:
    """'before midnight at the end of Friday 10 January 2025, Geneva time' (or the exact time)."""
    local = instant.astimezone(GENEVA)
    if local.time() == time(0):
        day = format_date(local.date() - timedelta(days=1), "full")
        return _("before midnight at the end of %(day)s, Geneva time", day=day)
    return _("before %(moment)s, Geneva time", moment=format_datetime(local, "full", rebase=False))


def time_left(until: datetime, at: datetime) -> str:
    """The countdown as text: '12 days, 3 hours left' (the server's clock decides)."""
    seconds = int((until - at).total_seconds())
    if seconds <= 0:
        return _("The deadline has passed.")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _("%(days)s, %(hours)s left", days=ngettext("%(num)d day", "%(num)d days", days),
                 hours=ngettext("%(num)d hour", "%(num)d hours", hours))
    return _("%(hours)s, %(minutes)s left", hours=ngettext("%(num)d hour", "%(num)d hours", hours),
             minutes=ngettext("%(num)d minute", "%(num)d minutes", minutes))


def status_label(status: str) -> str:
    """The status as the applicant reads it: internal review stages show as 'under review'."""
    if status == "shortlisted":  # the shortlist is staff's working state, not news for the applicant
        status = "under_review"
    return label(STATUSES, status)


def label_of(kind: str, key) -> str:
    """The label of a stored key of one choice list ('region', 'area', 'status', ...)."""
    mapping = {"region": REGIONS, "area": AREAS, "status": STATUSES, "gender": GENDERS}[kind]
    return label(mapping, key)


def current_timezone_name() -> str:
    """The reader's time zone as shown beside local times."""
    return str(get_timezone()).replace("_", " ")


def _home() -> Markup | None:
    calls = services.open_calls(now())
    if not calls:
        return None
    return Markup(render_template("applications/_home_block.html", calls=calls, at=now()))


def _dashboard() -> Markup | None:
    if current_user.has_role(Role.STAFF):
        return Markup(render_template("applications/_staff_panel.html"))
    own = services.applications_of(current_user)
    calls = [c for c in services.open_calls(now()) if c.id not in {a.call_id for a in own}]
    if not own and not calls:
        return None
    return Markup(render_template("applications/_dashboard_panel.html", applications=own, calls=calls, at=now()))


def _account() -> Markup | None:
    return Markup(render_template("applications/_account_block.html"))


def _nav() -> list[navigation.NavItem]:
    if current_user.has_role(Role.STAFF):
        return [navigation.NavItem(_("Calls and applications"), url_for("selection.calls"))]
    if navigation.menu_fact("has_applied"):
        return [navigation.NavItem(_("My applications"), url_for("applications.mine"))]
    return []


def init(bp) -> None:
    """Register the blocks and the template helpers (called once, when the views are imported)."""
    navigation.add_home_block(_home)
    navigation.add_dashboard_panel(_dashboard)
    navigation.add_account_block(_account)
    navigation.add_menu_fact("has_applied", lambda user: exists().where(Application.applicant_id == user.id))
    navigation.add_nav(_nav)
    bp.add_app_template_global(deadline_in_geneva)
    bp.add_app_template_global(time_left)
    bp.add_app_template_global(status_label)
    bp.add_app_template_global(label_of)
    bp.add_app_template_global(current_timezone_name)
    bp.add_app_template_global(lambda: personal_data.can_delete_itself(current_user), "can_delete_account")
    bp.add_app_template_filter(lambda text: Markup(render_markdown(text or "")), "call_markdown")
    add_seeder(seed_demo)
