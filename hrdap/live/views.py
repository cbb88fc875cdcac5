"""Live sessions: the cohort's list, scheduling, the session page, .ics files and the private feed."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request, flash, redirect, render_template, url_for
from flask_babel import force_locale, format_datetime, get_timezone, gettext as _
from flask_login import current_user

from hrdap.auth.forms import ConfirmForm
from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.errors import render_error
from hrdap.extensions import db
from hrdap.i18n import GENEVA
from hrdap.live import calendar, services
from hrdap.live.access import NotFound, access_for, visible_cohorts
from hrdap.live.forms import FollowUpForm, QuestionForm, SessionForm
from hrdap.live.models import LiveSession
from hrdap.security import public, roles_required

bp = Blueprint("live", __name__, url_prefix="/live")
ANY_ROLE = (Role.STAFF, Role.COACH, Role.PARTICIPANT)


@bp.errorhandler(NotFound)
def _not_found(_err):
    return render_error(404)


@bp.app_context_processor
def _helpers():
    return {"your_time": your_time}


def your_time(moment) -> str | None:
    """The moment in the viewer's own time zone, or None when that is Geneva's."""
    zone = get_timezone()
    name = getattr(zone, "zone", None) or getattr(zone, "key", None) or str(zone)
    if not name or name == "Europe/Zurich":
        return None
    return format_datetime(moment, "medium") + " (" + name.replace("_", " ") + ")"


@bp.get("/")
@roles_required(*ANY_ROLE)
def index():
    """The cohorts whose sessions this person may see (straight to the cohort when there is one)."""
    cohorts = visible_cohorts(current_user)
    if len(cohorts) == 1 and not current_user.has_role(Role.STAFF):
        return redirect(url_for("live.cohort", cohort_id=cohorts[0].id))
    return render_template("live/index.html", cohorts=cohorts)


@bp.get("/cohorts/<int:cohort_id>/")
@roles_required(*ANY_ROLE)
def cohort(cohort_id: int):
    """Upcoming and past sessions of a cohort, and the private calendar link."""
    access = access_for(current_user, cohort_id)
    moment = now()
    sessions = services.sessions_of(cohort_id)
    return render_template("live/cohort.html", access=access, cohort=access.cohort, confirm=ConfirmForm(),
                           upcoming=[s for s in sessions if not s.has_ended(moment)],
                           past=[s for s in sessions if s.has_ended(moment)][::-1],
                           has_feed=services.has_feed(cohort_id, current_user))


@bp.route("/cohorts/<int:cohort_id>/new", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def new(cohort_id: int):
    """Staff schedule a session (Geneva date and time)."""
    access = access_for(current_user, cohort_id)
    form = SessionForm()
    if form.validate_on_submit():
        try:
            session = services.schedule(access.cohort, form.session_data(), current_user, now())
        except services.LiveError as err:
            _field_error(form, err)
        else:
            db.session.commit()
            flash(_("Session scheduled."), "success")
            return redirect(url_for("live.session", session_id=session.id), 303)
    return render_template("live/edit.html", form=form, cohort=access.cohort, session=None), \
        400 if form.errors else 200


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def edit(session_id: int):
    """Staff change a session; calendars pick up the change."""
    session, access = services.session_for(current_user, session_id)
    form = SessionForm(obj=session)
    if not form.is_submitted():
        local = session.starts_at.astimezone(GENEVA)
        form.day.data, form.at.data = local.date(), local.time()
    if form.validate_on_submit():
        try:
            services.update(session, form.session_data(), now())
        except services.LiveError as err:
            _field_error(form, err)
        else:
            db.session.commit()
            flash(_("Session saved."), "success")
            return redirect(url_for("live.session", session_id=session.id), 303)
    return render_template("live/edit.html", form=form, cohort=access.cohort, session=session), \
        400 if form.errors else 200


def _field_error(form, err: services.LiveError) -> None:
    field = getattr(form, err.field, None) if err.field else None
    if field is not None:
        field.errors = list(field.errors) + [str(err.message)]
    else:
        form.form_errors.append(str(err.message))


def render_session(session: LiveSession, access, question_form=None, follow_form=None, status: int = 200):
    """The session page: times, expert, data note, joining (members), questions, staff tools."""
    moment = now()
    return render_template(
        "live/session.html", session=session, access=access, cohort=access.cohort, moment=moment,
        questions=services.question_rows(session, current_user), confirm=ConfirmForm(),
        question_form=question_form or QuestionForm(),
        follow_form=follow_form or FollowUpForm(obj=session),
        can_ask=access.is_member and not session.has_started(moment)), status


@bp.get("/sessions/<int:session_id>")
@roles_required(*ANY_ROLE)
def session(session_id: int):
    """One session."""
    session, access = services.session_for(current_user, session_id)
    return render_session(session, access)


@bp.post("/sessions/<int:session_id>/follow-up")
@roles_required(Role.STAFF)
def follow_up(session_id: int):
    """Staff add notes and a recording link after the session."""
    session, access = services.session_for(current_user, session_id)
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            services.follow_up(session, form.notes.data, form.recording_url.data, now())
        except services.LiveError as err:
            if err.field is None:
                flash(str(err.message), "error")
                return redirect(url_for("live.session", session_id=session.id), 303)
            _field_error(form, err)
        else:
            db.session.commit()
            flash(_("Notes and recording saved."), "success")
            return redirect(url_for("live.session", session_id=session.id), 303)
    db.session.rollback()
    return render_session(db.session.get(LiveSession, session_id), access, follow_form=form, status=400)


def _ics(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/sessions/<int:session_id>.ics")
@roles_required(*ANY_ROLE)
def session_ics(session_id: int):
    """The session as an .ics file to add to a calendar."""
    session, access = services.session_for(current_user, session_id)
    return _ics(calendar.session_ics(session, access.sees_joining, now()), f"hrdap-session-{session.id}.ics")


@bp.post("/cohorts/<int:cohort_id>/feed")
@roles_required(*ANY_ROLE)
def new_feed(cohort_id: int):
    """Make the private calendar link (or revoke the old one and make a new one); shown once."""
    access = access_for(current_user, cohort_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    token = services.new_feed_link(cohort_id, current_user, now())
    db.session.commit()
    site = current_app.config.get("HRDAP_BASE_URL") or request.host_url
    base = site.rstrip("/") + url_for("live.feed", token=token)
    return render_template("live/feed.html", cohort=access.cohort, url=base,
                           webcal="webcal://" + base.split("://", 1)[1])


@bp.post("/cohorts/<int:cohort_id>/feed/delete")
@roles_required(*ANY_ROLE)
def delete_feed(cohort_id: int):
    """Revoke the private calendar link without a new one."""
    access_for(current_user, cohort_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.delete_feed(cohort_id, current_user)
    db.session.commit()
    flash(_("Your calendar link no longer works."), "success")
    return redirect(url_for("live.cohort", cohort_id=cohort_id), 303)


@bp.get("/feed/<token>.ics")
@public
def feed(token: str):
    """The private feed, for calendar apps that cannot sign in: the secret link is the key.

    A wrong or revoked link answers 404. Reading the feed changes nothing.
    """
    access, owner = services.feed_access(token)
    with force_locale(owner.language or "en"):  # calendar apps send no useful language: use the owner's
        body = calendar.feed_ics(access.cohort.name, services.sessions_of(access.cohort.id), access.sees_joining,
                                 now())
    return Response(body, mimetype="text/calendar")
