"""What quizzes add to shared places: the quiz block of a module page, a completion requirement,
and demo data."""
from __future__ import annotations

from flask import render_template
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from markupsafe import Markup

from hrdap.clock import now
from hrdap.cohorts.models import Enrolment
from hrdap.extensions import db
from hrdap.learning.access import LearnerView
from hrdap.learning.models import Course, Module, pick
from hrdap.quizzes import services
from hrdap.quizzes.grades import counted_grades


def module_block(view: LearnerView, module: Module) -> Markup | None:
    """The module's quiz: rules, this learner's counted grade, and the way in."""
    quiz = services.live_quiz(module)
    if quiz is None:
        return None
    attempts = services.attempts_of(quiz, current_user.id) if view.tracks_progress else []
    return Markup(render_template(
        "quizzes/_module_block.html", view=view, module=module, quiz=quiz, attempts=attempts,
        counted=services.counted(quiz, attempts), left=services.attempts_left(quiz, attempts),
        show_grade=services.grade_visible(quiz, attempts, now()),
        lang=str(get_locale() or "en"), pick=pick))


def quizzes_check(enrolment: Enrolment) -> str | None:
    """Completing the programme needs every module's quiz passed (the counted grade)."""
    course = db.session.get(Course, enrolment.cohort.course_id)
    states = counted_grades(course, [enrolment.user_id]).get(enrolment.user_id, {})
    modules = {m.id: m for m in course.modules}
    failing = [pick(modules[mid].title, "en") for mid, state in states.items() if not state.passed]
    if failing:
        return _("Quizzes to pass in: %(modules)s", modules=", ".join(failing))
    return None


def register() -> None:
    """Install the module block, the completion check and the demo seeder."""
    from hrdap.cohorts.completion import completion_checks
    from hrdap.demo import add_seeder
    from hrdap.navigation import add_module_block
    from hrdap.quizzes.demo import seed

    add_module_block(module_block)
    if quizzes_check not in completion_checks:
        completion_checks.append(quizzes_check)
    add_seeder(seed)
