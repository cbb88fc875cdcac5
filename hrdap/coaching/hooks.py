"""What coaching adds to shared pages: menu items, the participant's plan panel, the coach's queue panel."""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import format_timedelta, gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import exists

from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.coaching import access, notify, services
from hrdap.cohorts.models import Enrolment
from hrdap.navigation import NavItem, add_dashboard_panel, add_menu_fact, add_nav, menu_fact


def _reviewer() -> bool:
    return current_user.has_role(Role.STAFF) or access.coaches_anyone(current_user)


def _nav() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    items = []
    if menu_fact("enrolled"):
        items.append(NavItem(_("Advocacy plan"), url_for("coaching.edit_plan")))
    if current_user.has_role(Role.STAFF) or (current_user.has_role(Role.COACH) and menu_fact("coaching")):
        items.append(NavItem(_("Coaching"), url_for("coaching.queue")))
    unread = menu_fact("unread")
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

    add_menu_fact("enrolled", lambda user: exists().where(Enrolment.user_id == user.id, Enrolment.withdrawn_at.is_(None)))
    add_menu_fact("coaching", lambda user: exists().where(Enrolment.coach_id == user.id, Enrolment.withdrawn_at.is_(None)))
    add_menu_fact("unread", notify.unread_count_expression)
    add_nav(_nav)
    add_dashboard_panel(_participant_panel)
    add_dashboard_panel(_coach_panel)
    add_seeder(seed)
