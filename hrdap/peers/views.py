"""The peer network pages: the cohort's opt-in directory, and a member's own entry."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrdap.applications.choices import THEMES, WORKING_LANGUAGES, country_name, label
from hrdap.auth.forms import ConfirmForm
from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.errors import render_error
from hrdap.extensions import db
from hrdap.live.access import NotFound, access_for, visible_cohorts
from hrdap.peers import services
from hrdap.peers.forms import PeerForm
from hrdap.security import roles_required

bp = Blueprint("peers", __name__, url_prefix="/peers")
ANY_ROLE = (Role.STAFF, Role.COACH, Role.PARTICIPANT)


@bp.errorhandler(NotFound)
def _not_found(_err):
    return render_error(404)


@bp.get("/")
@roles_required(*ANY_ROLE)
def index():
    """Straight to the person's cohort directory; staff and multi-cohort coaches choose one."""
    cohorts = visible_cohorts(current_user)
    if len(cohorts) == 1 and not current_user.has_role(Role.STAFF):
        return redirect(url_for("peers.directory", cohort_id=cohorts[0].id))
    return render_template("live/index.html", cohorts=cohorts)


def _render(access, form: PeerForm | None = None, status: int = 200):
    mine = services.profile_of(access.cohort.id, current_user) if access.is_member else None
    if form is None:
        form = PeerForm(obj=mine) if mine else PeerForm()
    return render_template("peers/directory.html", access=access, cohort=access.cohort, mine=mine, form=form,
                           people=services.directory(access.cohort.id), confirm=ConfirmForm(),
                           country_name=country_name, label=label, THEMES=THEMES,
                           LANGUAGES_SPOKEN=WORKING_LANGUAGES), status


@bp.get("/<int:cohort_id>/")
@roles_required(*ANY_ROLE)
def directory(cohort_id: int):
    """The members who chose to be listed; a member's own entry form."""
    return _render(access_for(current_user, cohort_id))


@bp.post("/<int:cohort_id>/me")
@roles_required(Role.PARTICIPANT)
def save(cohort_id: int):
    """Opt in to the directory, or change what is shown."""
    access = access_for(current_user, cohort_id)
    if not access.is_member:
        abort(404)
    form = PeerForm()
    if not form.validate_on_submit():
        return _render(access, form, 400)
    services.opt_in(access, current_user, services.Entry(form.shown_name.data, form.country.data or "",
                                                         form.themes.data or [], form.languages.data or []), now())
    db.session.commit()
    flash(_("Your entry is saved. Your cohort can see it."), "success")
    return redirect(url_for("peers.directory", cohort_id=cohort_id), 303)


@bp.post("/<int:cohort_id>/me/delete")
@roles_required(Role.PARTICIPANT)
def remove(cohort_id: int):
    """Opt out: the entry disappears at once."""
    access = access_for(current_user, cohort_id)
    if not access.is_member or not ConfirmForm().validate_on_submit():
        abort(404 if not access.is_member else 400)
    services.opt_out(cohort_id, current_user)
    db.session.commit()
    flash(_("You are no longer listed in the directory."), "success")
    return redirect(url_for("peers.directory", cohort_id=cohort_id), 303)
