"""Quiz pages for learners: the quiz's home, an attempt (save, submit) and its review.

The attempt is one page with every question and two buttons in the same form ("Save answers",
"Submit"), so it works without JavaScript; quizzes.js only autosaves to the same address.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_datetime, get_locale, gettext as _
from flask_login import current_user

from hrdap.clock import now
from hrdap.learning import access, progress
from hrdap.learning.models import pick
from hrdap.quizzes import review as review_rows, services
from hrdap.quizzes.grades import live_quizzes
from hrdap.quizzes.services import QuizError

bp = Blueprint("quizzes", __name__, url_prefix="/learn")


def _lang() -> str:
    return str(get_locale() or "en")


@bp.app_template_global()
def quiz_states_for(view: access.LearnerView) -> dict:
    """For course pages: this learner's quiz state per module id (empty for staff and coaches)."""
    if not view.tracks_progress:
        return {}
    return progress.quiz_states(view.course, [current_user.id])[current_user.id]


@bp.app_template_global()
def quiz_table_for(course, user_ids: list[int]) -> dict:
    """For the progress table: per learner, per module with a quiz, the counted grade (one query)."""
    return progress.quiz_states(course, list(user_ids))


@bp.app_template_global()
def quiz_module_ids(course) -> set[int]:
    """Ids of the course's modules that have a live quiz."""
    return set(live_quizzes(course))


def context(course_slug: str, module_slug: str):
    """(view, module, quiz) for this person; 404 for locked weeks, unknown modules and no quiz."""
    try:
        view = access.view_for(current_user, course_slug, now())
        module = access.find_module(view, module_slug)
    except access.NotFound:
        abort(404)
    quiz = services.live_quiz(module) or abort(404)
    return view, module, quiz


def _attempt(quiz, attempt_id: int):
    try:
        return services.own_attempt(quiz, current_user, attempt_id)
    except services.AttemptNotFound:
        abort(404)


def _urls(view, module, **kw) -> dict:
    return dict(course_slug=view.course.slug, module_slug=module.slug, **kw)


def _home_page(view, module, quiz, message: str | None = None, status: int = 200):
    attempts = services.attempts_of(quiz, current_user.id)
    moment = now()
    visible = {a.id: services.review_items(quiz, a, attempts, moment) for a in attempts}
    return render_template("quizzes/home.html", view=view, module=module, quiz=quiz, attempts=attempts,
                           visible=visible, counted=services.counted(quiz, attempts),
                           show_grade=services.grade_visible(quiz, attempts, moment),
                           left=services.attempts_left(quiz, attempts), message=message,
                           lang=_lang(), pick=pick), status


@bp.get("/<course_slug>/<module_slug>/quiz")
def home(course_slug: str, module_slug: str):
    """The quiz's rules, this person's attempts and counted grade, and a start/resume button."""
    view, module, quiz = context(course_slug, module_slug)
    if view.tracks_progress:
        services.finalise_expired(quiz, services.attempts_of(quiz, current_user.id), now())
    return _home_page(view, module, quiz)


@bp.post("/<course_slug>/<module_slug>/quiz/start")
def start(course_slug: str, module_slug: str):
    """Start the next attempt, or resume the one in progress."""
    view, module, quiz = context(course_slug, module_slug)
    if not view.tracks_progress:
        flash(_("Quizzes are taken by learners; staff and coaches see the results."), "info")
        return redirect(url_for(".home", **_urls(view, module)), 303)
    try:
        attempt = services.start_attempt(quiz, current_user, now())
    except QuizError as err:
        return _home_page(view, module, quiz, err.message, err.status)
    return redirect(url_for(".attempt", **_urls(view, module, attempt_id=attempt.id)), 303)


def _attempt_page(view, module, quiz, attempt, message=None, status=200):
    return render_template("quizzes/attempt.html", view=view, module=module, quiz=quiz, attempt=attempt,
                           questions=services.questions_of(quiz, attempt, _lang()),
                           responses=attempt.responses or {}, message=message, at=now(),
                           lang=_lang(), pick=pick), status


@bp.route("/<course_slug>/<module_slug>/quiz/attempts/<int:attempt_id>", methods=["GET", "POST"])
def attempt(course_slug: str, module_slug: str, attempt_id: int):
    """The attempt: every question on one page. Each post saves; the Submit button also grades."""
    view, module, quiz = context(course_slug, module_slug)
    item = _attempt(quiz, attempt_id)
    urls = _urls(view, module, attempt_id=item.id)
    if request.method == "GET":
        if item.is_open and item.expired(now()):
            services.finalise_expired(quiz, [item], now())
            flash(_("The time limit has passed. The attempt was submitted with the answers saved in time."), "info")
        if not item.is_open:
            return redirect(url_for(".review", **urls))
        return _attempt_page(view, module, quiz, item)
    autosave = request.headers.get("X-Autosave") == "1"
    submitting = request.form.get("action") == "submit" and not autosave
    try:
        if submitting:
            services.submit(quiz, item, request.form, now())
        else:
            services.save(quiz, item, request.form, now())
    except QuizError as err:
        if autosave:
            return jsonify(saved=False, message=err.message), err.status
        if isinstance(err, services.BadAnswer):
            return _attempt_page(view, module, quiz, item, err.message, err.status)
        return _review_page(view, module, quiz, item, err.message, err.status)
    if autosave:
        return jsonify(saved=True, at=format_datetime(now(), "short"))
    if submitting:
        flash(_("Your attempt is submitted."), "success")
        return redirect(url_for(".review", **urls), 303)
    flash(_("Your answers are saved. You can come back and go on later."), "success")
    return redirect(url_for(".attempt", **urls), 303)


def _review_page(view, module, quiz, item, message=None, status=200):
    attempts = services.attempts_of(quiz, current_user.id)
    shows = services.review_items(quiz, item, attempts, now())
    rows = review_rows.rows(services.questions_of(quiz, item, _lang()), item, _lang())
    return render_template("quizzes/review.html", view=view, module=module, quiz=quiz, attempt=item,
                           rows=rows, shows=shows, message=message,
                           band=services.band_feedback(quiz, item.percent, _lang()),
                           left=services.attempts_left(quiz, attempts), lang=_lang(), pick=pick), status


@bp.get("/<course_slug>/<module_slug>/quiz/attempts/<int:attempt_id>/review")
def review(course_slug: str, module_slug: str, attempt_id: int):
    """A submitted attempt, showing what the quiz's review options allow at this moment."""
    view, module, quiz = context(course_slug, module_slug)
    item = _attempt(quiz, attempt_id)
    services.finalise_expired(quiz, [item], now())
    if item.is_open:
        return redirect(url_for(".attempt", **_urls(view, module, attempt_id=item.id)))
    return _review_page(view, module, quiz, item)
