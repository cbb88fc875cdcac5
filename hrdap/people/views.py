"""Staff pages for people, and the invitation page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from hrdap.auth.forms import ConfirmForm
from hrdap.auth.messages import message as auth_message
from hrdap.auth.models import Role, TokenPurpose, User
from hrdap.auth.passwords import MAX_LENGTH
from hrdap.auth.services import AuthError, check_link
from hrdap.extensions import db
from hrdap.forms import CleanText, strip_filter
from hrdap.people import services
from hrdap.security import public, roles_required

bp = Blueprint("people", __name__)

ROLE_LABELS = {Role.APPLICANT: _l("Applicant"), Role.PARTICIPANT: _l("Participant"), Role.COACH: _l("Coach"),
               Role.STAFF: _l("Staff")}
PEOPLE_ERRORS = {"own_staff_role": _l("You cannot remove your own staff role."),
                 "own_account": _l("You cannot disable your own account.")}
PAGE_SIZE = 50


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), Email(), CleanText()],
                       filters=[strip_filter])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100), CleanText()], filters=[strip_filter])
    role = SelectField(_l("Role"), choices=[(Role.COACH.value, _l("Coach")), (Role.STAFF.value, _l("Staff"))])


class RolesForm(FlaskForm):
    roles = SelectMultipleField(_l("Roles"), choices=[(r.value, ROLE_LABELS[r]) for r in Role],
                                option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))


class AcceptForm(FlaskForm):
    display_name = StringField(_l("Name or pseudonym"), validators=[DataRequired(), Length(max=100), CleanText()],
                               filters=[strip_filter])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])


@bp.route("/people/", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def index():
    """Find people, invite coaches and staff."""
    form = InviteForm()
    if form.validate_on_submit():
        user = services.invite(form.email.data, form.name.data, Role(form.role.data), current_user)
        flash(_("%(email)s has been invited.", email=user.email), "success")
        return redirect(url_for("people.index"), 303)
    query = (request.args.get("q") or "").strip()[:100]
    page = max(1, request.args.get("page", 1, type=int))
    people = services.find_people(query, page, PAGE_SIZE)
    return render_template("people/index.html", form=form, people=people, query=query,
                           labels=ROLE_LABELS), 400 if form.errors else 200


def _person(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def person(user_id: int):
    """One account: change roles, disable or enable."""
    user = _person(user_id)
    form = RolesForm(roles=[r.value for r in user.roles])
    if form.validate_on_submit():
        try:
            services.set_roles(user, {Role(r) for r in form.roles.data}, current_user)
        except services.PeopleError as err:
            flash(str(PEOPLE_ERRORS[err.code]), "error")
        else:
            flash(_("Roles saved."), "success")
        return redirect(url_for("people.person", user_id=user.id), 303)
    return render_template("people/person.html", person=user, form=form, confirm=ConfirmForm(), labels=ROLE_LABELS)


@bp.post("/people/<int:user_id>/disable")
@roles_required(Role.STAFF)
def disable(user_id: int):
    """Disable an account: its sessions end at once."""
    user = _person(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        if request.form.get("enable") == "1":
            services.enable(user, current_user)
        else:
            services.disable(user, current_user)
    except services.PeopleError as err:
        flash(str(PEOPLE_ERRORS[err.code]), "error")
    return redirect(url_for("people.person", user_id=user.id), 303)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept(token: str):
    """An invited coach or staff member chooses a name and password."""
    try:
        check_link(token, TokenPurpose.INVITATION)
    except AuthError as err:
        return render_template("auth/link_problem.html", error=auth_message(err.code)), 400
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            services.accept_invitation(token, form.display_name.data, form.password.data)
        except AuthError as err:
            if err.code == "invalid_link":
                return render_template("auth/link_problem.html", error=auth_message(err.code)), 400
            form.password.errors.append(auth_message(err.code))
        else:
            flash(_("Your account is ready. Sign in, then set up two-factor authentication."), "success")
            return redirect(url_for("auth.sign_in"), 303)
    return render_template("people/accept.html", form=form), 400 if form.errors else 200
