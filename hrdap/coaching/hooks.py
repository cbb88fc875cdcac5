"""What coaching adds to shared pages: menu items, the participant's plan panel, the coach's queue panel."""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import format_timedelta, gettext as _
from flask_login import current_user
from markupsafe import Markup

from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.coaching import access, notify, services
from hrdap.navigation import NavItem, add_dashboard_panel, add_nav


def _reviewer() -> bool:
    return current_user.has_role(Role.STAFF) or access.coaches_anyone(current_user)


def _nav() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    items = []
    if access.current_enrolment(current_user) is not None:
        items.append(NavItem(_("Advocacy plan"), url_for("coaching.edit_plan")))
    if _reviewer():
        items.append(NavItem(_("Coaching"), url_for("coaching.queue")))
    unread = notify.unread_count(current_user)
    if unread:
        items.append(NavItem(_("Notifications (%(n)d)", n=unread), url_for("coaching.notifications")))
    return items


def _participant_panel() -> Markup | None:
    if not current_user.is_authenticated or access.current_enrolment(current_user) is None:
        return None
    plan = services.own_plan(current_user)
    latest = plan.latest_version if plan else None
    reviewed = next((v for v in reversed(plan.versions) if v.decided), None) if plan else None
    return Markup(render_template("coaching/_participant_panel.html", plan=plan, latest=latest, reviewed=reviewed))


def _coach_panel() -> Markup | None:
    if not current_user.is_authenticated or not _reviewer():
        return None
    at = now()
    waiting = services.queue_for(current_user, at)
    oldest = format_timedelta(waiting[0].waiting, granularity="hour", add_direction=False) if waiting else None
    return Markup(render_template("coaching/_coach_panel.html", count=len(waiting), oldest=oldest))


def register() -> None:
    from hrdap.coaching.demo import seed
    from hrdap.demo import add_seeder

    add_nav(_nav)
    add_dashboard_panel(_participant_panel)
    add_dashboard_panel(_coach_panel)
    add_seeder(seed)
