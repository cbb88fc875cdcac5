"""Course pages: overview, module, lesson, search, glossary, offline copies, progress."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from hrdap.auth.forms import ConfirmForm
from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.extensions import db
from hrdap.learning import access, lesson_cache, offline, progress
from hrdap.learning.models import GlossaryTerm, pick
from hrdap.learning.search import search as search_lessons
from hrdap.security import roles_required

bp = Blueprint("learning", __name__, url_prefix="/learn")


def _lang() -> str:
    return str(get_locale() or "en")


def _view(course_slug: str) -> access.LearnerView:
    try:
        return access.view_for(current_user, course_slug, now())
    except access.NotFound:
        abort(404)


@bp.get("/")
def index():
    """The courses this person can open; straight to the course when there is one."""
    courses = access.courses_for(current_user)
    if len(courses) == 1:
        return redirect(url_for("learning.overview", course_slug=courses[0].slug))
    return render_template("learning/index.html", courses=courses, lang=_lang())


@bp.get("/<course_slug>/")
def overview(course_slug: str):
    """The weeks and modules, with this person's progress and this week highlighted."""
    view = _view(course_slug)
    done = progress.done_lesson_ids(current_user.id, view.course) if view.tracks_progress else set()
    fractions = progress.module_fractions(view.course, done)
    return render_template("learning/overview.html", view=view, fractions=fractions,
                           total=progress.course_fraction(fractions), lang=_lang(), pick=pick)


@bp.get("/<course_slug>/<module_slug>/")
def module(course_slug: str, module_slug: str):
    """A module's lessons, each marked done or not."""
    view = _view(course_slug)
    try:
        mod = access.find_module(view, module_slug)
    except access.NotFound:
        abort(404)
    done = progress.done_lesson_ids(current_user.id, view.course) if view.tracks_progress else set()
    lessons = lesson_cache.module_lessons(mod.id, _lang(), view.course.synced_at)
    return render_template("learning/module.html", view=view, module=mod, lessons=lessons, done=done,
                           lang=_lang(), pick=pick)


@bp.get("/<course_slug>/<module_slug>/<lesson_slug>")
def lesson(course_slug: str, module_slug: str, lesson_slug: str):
    """A lesson in the reader's language (English with a notice when it is not translated yet)."""
    view = _view(course_slug)
    try:
        item, done = access.find_lesson_and_done(view, module_slug, lesson_slug,
                                                 current_user.id if view.tracks_progress else None)
    except access.NotFound:
        abort(404)
    synced = view.course.synced_at
    previous, following = lesson_cache.neighbours(item, _lang(), synced)
    return render_template("learning/lesson.html", view=view, lesson=item,
                           text=lesson_cache.lesson_text(item.id, _lang(), synced),
                           previous=previous, next=following,
                           done=done, form=ConfirmForm(), lang=_lang(), pick=pick)


@bp.post("/<course_slug>/<module_slug>/<lesson_slug>/done")
def mark_done(course_slug: str, module_slug: str, lesson_slug: str):
    """Mark a lesson done (or not done), then go on to the next one."""
    view = _view(course_slug)
    try:
        item = access.find_lesson(view, module_slug, lesson_slug)
    except access.NotFound:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not view.tracks_progress:
        flash(_("Progress is recorded for learners only."), "info")
    elif request.form.get("done") == "0":
        progress.mark_not_done(current_user, item)
    else:
        progress.mark_done(current_user, item)
        _previous, following = lesson_cache.neighbours(item, _lang(), view.course.synced_at)
        if following is not None:
            return redirect(url_for("learning.lesson", course_slug=course_slug, module_slug=module_slug,
                                    lesson_slug=following.slug), 303)
        flash(_("You have finished every lesson of this module."), "success")
        return redirect(url_for("learning.module", course_slug=course_slug, module_slug=module_slug), 303)
    return redirect(url_for("learning.lesson", course_slug=course_slug, module_slug=module_slug,
                            lesson_slug=lesson_slug), 303)


@bp.get("/<course_slug>/search")
def search(course_slug: str):
    """Search the lessons in the reader's language."""
    view = _view(course_slug)
    query = (request.args.get("q") or "")[:200]
    hits = search_lessons(view.course, _lang(), query, view.week_open) if query.strip() else []
    return render_template("learning/search.html", view=view, query=query, hits=hits, lang=_lang(), pick=pick)


@bp.get("/<course_slug>/glossary")
def glossary(course_slug: str):
    """UN terms explained, in the reader's language (English where a term is not translated)."""
    view = _view(course_slug)
    rows = db.session.scalars(db.select(GlossaryTerm).where(GlossaryTerm.course_id == view.course.id)).all()
    terms: dict[str, GlossaryTerm] = {}
    for row in rows:
        if row.lang == _lang() or (row.lang == "en" and row.slug not in terms):
            terms[row.slug] = row
    ordered = sorted(terms.values(), key=lambda t: t.term.casefold())
    return render_template("learning/glossary.html", view=view, terms=ordered, lang=_lang(), pick=pick)


@bp.get("/<course_slug>/<module_slug>/offline.html")
def module_offline(course_slug: str, module_slug: str):
    """Download a module as one HTML file to read without a connection."""
    view = _view(course_slug)
    try:
        mod = access.find_module(view, module_slug)
    except access.NotFound:
        abort(404)
    html = offline.module_html(mod, _lang())
    return Response(html, mimetype="text/html", headers={
        "Content-Disposition": f'attachment; filename="{course_slug}-{module_slug}-{_lang()}.html"'})


@bp.get("/<course_slug>/course.epub")
def course_epub(course_slug: str):
    """Download the whole course as an EPUB book in the reader's language."""
    view = _view(course_slug)
    if view.cohort is not None and view.course.future_weeks == "locked":
        abort(404)  # a cohort with locked weeks gets module files week by week instead
    data = offline.course_epub(view.course, _lang())
    return Response(data, mimetype="application/epub+zip", headers={
        "Content-Disposition": f'attachment; filename="{course_slug}-{_lang()}.epub"'})


@bp.post("/<course_slug>/open-to-all")
@roles_required(Role.STAFF)
def set_open_to_all(course_slug: str):
    """Staff open the course to every signed-in person (self-paced), or close it again."""
    view = _view(course_slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    view.course.open_to_all = request.form.get("open") == "1"
    db.session.commit()
    flash(_("The course is now open to every signed-in person, self-paced.") if view.course.open_to_all
          else _("The course is now for cohort participants only."), "success")
    return redirect(url_for("learning.overview", course_slug=course_slug), 303)
