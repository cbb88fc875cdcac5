"""Quiz results for staff and coaches: distribution, most missed questions, histories, CSV export."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.csv_export import csv_response
from hrdap.extensions import db
from hrdap.auth.models import User
from hrdap.learning.models import pick
from hrdap.quizzes import results as quiz_results, review as review_rows, services
from hrdap.quizzes.views import _lang, bp, context
from hrdap.security import roles_required


def _staff_context(course_slug: str, module_slug: str):
    view, module, quiz = context(course_slug, module_slug)
    if view.role not in ("staff", "coach"):
        abort(404)
    return view, module, quiz, quiz_results.visible_user_ids(view, current_user, quiz)


@bp.get("/<course_slug>/<module_slug>/quiz/results")
@roles_required(Role.STAFF, Role.COACH)
def results(course_slug: str, module_slug: str):
    """The distribution of counted grades, the questions most often missed, and each learner's attempts."""
    view, module, quiz, user_ids = _staff_context(course_slug, module_slug)
    data = quiz_results.results(quiz, user_ids, _lang(), now())
    return render_template("quizzes/results.html", view=view, module=module, quiz=quiz, data=data,
                           lang=_lang(), pick=pick)


@bp.get("/<course_slug>/<module_slug>/quiz/results.csv")
@roles_required(Role.STAFF, Role.COACH)
def results_csv(course_slug: str, module_slug: str):
    """Every attempt as CSV, safe to open in a spreadsheet."""
    view, module, quiz, user_ids = _staff_context(course_slug, module_slug)
    header, rows = quiz_results.csv_table(quiz, quiz_results.results(quiz, user_ids, _lang(), now()))
    return csv_response(f"{course_slug}-{quiz.slug}-results.csv", header, rows)


@bp.get("/<course_slug>/<module_slug>/quiz/results/<int:user_id>")
@roles_required(Role.STAFF, Role.COACH)
def history(course_slug: str, module_slug: str, user_id: int):
    """One learner's attempts, question by question (coaches: their own participants only)."""
    view, module, quiz, user_ids = _staff_context(course_slug, module_slug)
    learner = db.session.get(User, user_id)
    if learner is None or user_id not in user_ids:
        abort(404)
    attempts = services.attempts_of(quiz, user_id)
    services.finalise_expired(quiz, attempts, now())
    papers = {a.id: review_rows.rows(services.questions_of(quiz, a, _lang()), a, _lang())
              for a in attempts if a.submitted_at}
    return render_template("quizzes/history.html", view=view, module=module, quiz=quiz, learner=learner,
                           attempts=attempts, papers=papers, counted=services.counted(quiz, attempts),
                           lang=_lang(), pick=pick)
