"""What cohorts add elsewhere: menu items, and enrolment when an applicant is accepted."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrdap.auth.models import Role
from hrdap.navigation import NavItem, add_nav


def _nav() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    items = []
    if current_user.has_role(Role.STAFF):
        items += [NavItem(_("Cohorts"), url_for("cohorts.index")), NavItem(_("People"), url_for("people.index")),
                  NavItem(_("Audit log"), url_for("audit.index"))]
    if current_user.has_role(Role.COACH):
        items.append(NavItem(_("My participants"), url_for("cohorts.coach_dashboard")))
    if current_user.has_role(Role.PARTICIPANT):
        items.append(NavItem(_("Geneva"), url_for("cohorts.geneva_mine")))
    return items


def register() -> None:
    from hrdap.applications import review_services
    from hrdap.cohorts.services import enrol_accepted_application

    from hrdap.cohorts import feature_signals

    add_nav(_nav)
    feature_signals.register()
    if enrol_accepted_application not in review_services.on_accept:
        review_services.on_accept.append(enrol_accepted_application)
