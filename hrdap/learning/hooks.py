"""What the course adds to shared pages: a menu item and the participant's "this week" panel."""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from markupsafe import Markup

from hrdap.clock import now
from hrdap.learning import access, lesson_cache, progress
from hrdap.learning.models import pick
from hrdap.navigation import NavItem, add_dashboard_panel, add_menu_fact, add_nav, menu_fact


def _nav() -> list[NavItem]:
    if not current_user.is_authenticated or not menu_fact("sees_a_course"):
        return []
    return [NavItem(_("Course"), url_for("learning.index"))]


def _this_week_panel() -> Markup | None:
    """For a learner: this week's modules, what is left, and the next lesson to read."""
    if not current_user.is_authenticated:
        return None
    lang = str(get_locale() or "en")
    panels = []
    for course in access.courses_for(current_user):
        view = access.view_for(current_user, course.slug, now())
        if not view.tracks_progress:
            continue
        done = progress.done_lesson_ids(current_user.id, course)
        week = view.current_week
        live = [m for m in course.modules if m.retired_at is None]
        fractions = progress.module_fractions(course, done)
        if week is not None and 1 <= week <= course.weeks:
            focus = [m for m in live if m.week == week]
        else:  # self-paced, or outside the schedule: the first module not finished
            focus = [m for m in live if not fractions[m.id].complete and fractions[m.id].total][:1]
        next_module, next_lesson = next(
            ((m, lesson) for m in focus for lesson in lesson_cache.module_lessons(m.id, lang, course.synced_at)
             if lesson.id not in done), (None, None))
        panels.append(render_template("learning/_dashboard_panel.html", view=view, focus=focus,
                                      next_lesson=next_lesson, next_module=next_module, fractions=fractions, lang=lang, pick=pick,
                                      total=progress.course_fraction(fractions)))
    return Markup("".join(panels)) if panels else None


def register() -> None:
    from hrdap.demo import add_seeder
    from hrdap.learning.demo import seed

    add_menu_fact("sees_a_course", access.sees_a_course_expression)
    add_nav(_nav)
    add_dashboard_panel(_this_week_panel)
    add_seeder(seed)
