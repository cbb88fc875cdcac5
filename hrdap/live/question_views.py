"""Questions sent in advance: ask, upvote, withdraw; staff mark them answered."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrdap.auth.forms import ConfirmForm
from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.extensions import db
from hrdap.live import services
from hrdap.live.access import NotFound
from hrdap.live.forms import QuestionForm
from hrdap.live.views import bp, render_session
from hrdap.security import roles_required


def _back(session_id: int):
    return redirect(url_for("live.session", session_id=session_id) + "#questions", 303)


def _member_session(session_id: int):
    session, access = services.session_for(current_user, session_id)
    if not access.is_member:
        raise NotFound
    return session, access


@bp.post("/sessions/<int:session_id>/questions")
@roles_required(Role.PARTICIPANT)
def ask(session_id: int):
    """A member sends a question in English, French or Spanish."""
    session, access = _member_session(session_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            services.ask(session, current_user, form.language.data, form.text.data, now())
        except services.LiveError as err:
            (getattr(form, err.field).errors.append(str(err.message)) if err.field
             else form.form_errors.append(str(err.message)))
        else:
            db.session.commit()
            flash(_("Your question has been sent."), "success")
            return _back(session.id)
    return render_session(session, access, question_form=form, status=400)


@bp.post("/sessions/<int:session_id>/questions/<int:question_id>/vote")
@roles_required(Role.PARTICIPANT)
def vote(session_id: int, question_id: int):
    """Upvote a question (once)."""
    session, _access = _member_session(session_id)
    question = services.question_in(session, question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.upvote(question, current_user, now())
    except services.LiveError as err:
        db.session.rollback()
        flash(str(err.message), "error")
    else:
        db.session.commit()
        flash(_("Upvoted."), "success")
    return _back(session.id)


@bp.post("/sessions/<int:session_id>/questions/<int:question_id>/withdraw")
@roles_required(Role.PARTICIPANT)
def withdraw(session_id: int, question_id: int):
    """The author withdraws their own question."""
    session, _access = _member_session(session_id)
    question = services.question_in(session, question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.withdraw_question(question, current_user)
    db.session.commit()
    flash(_("Your question has been withdrawn."), "success")
    return _back(session.id)


@bp.post("/sessions/<int:session_id>/questions/<int:question_id>/answered")
@roles_required(Role.STAFF)
def answered(session_id: int, question_id: int):
    """Staff mark a question answered, or not answered."""
    session, _access = services.session_for(current_user, session_id)
    question = services.question_in(session, question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.mark_answered(question, current_user, request.form.get("answered") == "1", now())
    db.session.commit()
    flash(_("Question updated."), "success")
    return _back(session.id)
