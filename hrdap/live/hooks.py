"""What live sessions, the peer network and the survey add to shared pages: menu items, a dashboard
panel with the next session and an open survey, and the demo data."""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.live import services
from hrdap.live.access import visible_cohorts
from hrdap.navigation import NavItem, add_dashboard_panel, add_nav, menu_fact


def _nav() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    if current_user.has_role(Role.STAFF):
        return [NavItem(_("Live sessions"), url_for("live.index")), NavItem(_("Surveys"), url_for("survey.index"))]
    # The cohorts they may open: their own, and for coaches those of the people they coach.
    in_a_cohort = menu_fact("enrolled") or (current_user.has_role(Role.COACH) and menu_fact("coaching"))
    if not current_user.has_role(Role.PARTICIPANT, Role.COACH) or not in_a_cohort:
        return []
    return [NavItem(_("Live sessions"), url_for("live.index")), NavItem(_("Peer network"), url_for("peers.index"))]


def _panel() -> Markup | None:
    """For a participant: the next live session and, when open, the survey."""
    if not current_user.is_authenticated or not current_user.has_role(Role.PARTICIPANT):
        return None
    from hrdap.survey.services import pending_survey

    cohorts = visible_cohorts(current_user, coaches_allowed=False)
    if not cohorts:
        return None
    cohort = cohorts[0]
    moment = now()
    upcoming = services.next_session(cohort.id, moment)
    survey = pending_survey(cohort.id, current_user)
    if upcoming is None and survey is None:
        return None
    return Markup(render_template("live/_dashboard_panel.html", cohort=cohort, upcoming=upcoming,
                                  survey=survey, moment=moment))


def register() -> None:
    """Install the menu items, the dashboard panel and the demo seeder."""
    from hrdap.demo import add_seeder
    from hrdap.live.demo import seed

    add_nav(_nav)
    add_dashboard_panel(_panel)
    add_seeder(seed)
