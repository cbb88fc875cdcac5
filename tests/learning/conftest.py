"""Fixtures for the course loader tests: a small, valid course written into a temporary folder."""

from collections.abc import Callable
from pathlib import Path

import pytest

from hrdap.learning.loader import load_course

COURSE_TOML = """\
slug = "hrdap"
weeks = 2
geneva_weeks = [2]
future_weeks = "readable"

[title]
en = "Advocacy programme"
fr = "Programme de plaidoyer"
es = "Programa de incidencia"

[description]
en = "Ten weeks."
fr = "Dix semaines."
es = "Diez semanas."

[[week]]
number = 1
[week.title]
en = "The UN system"
fr = "Le système de l'ONU"
es = "El sistema de la ONU"

[[week]]
number = 2
[week.title]
en = "In Geneva"
fr = "À Genève"
es = "En Ginebra"
"""

GLOSSARY_TOML = """\
[[term]]
slug = "upr"
[term.en]
term = "Universal Periodic Review (UPR)"
definition = "A peer review of every UN member State."
[term.fr]
term = "Examen périodique universel (EPU)"
definition = "Un examen par les pairs."
[term.es]
term = "Examen Periódico Universal (EPU)"
definition = "Un examen entre pares."
"""

MODULE_TOML = """\
slug = "intro"
mechanism = "intro"
week = 1
order = 1
lessons = ["overview"]

[title]
en = "Introduction"
fr = "Introduction"
es = "Introducción"

[summary]
en = "What the programme is."
fr = "Ce qu'est le programme."
es = "Qué es el programa."
"""

LESSON = """\
# {title}

The [UPR](glossary:upr) reviews every State. See [this lesson](lesson:intro/overview).

## {sources}

- OHCHR, as of May 2025.
"""

QUIZ_TOML = """\
slug = "intro-quiz"
pass_mark = 70
attempts = 3
grading = "highest"
shuffle_questions = true
shuffle_options = false
time_limit_minutes = 0

[title]
en = "Check your understanding"
fr = "Vérifiez vos connaissances"
es = "Compruebe sus conocimientos"

[review]
immediately = ["correctness", "marks", "feedback", "answers"]
later = ["correctness"]

[[band]]
min = 0
[band.feedback]
en = "Re-read the lessons."
fr = "Relisez les leçons."
es = "Relea las lecciones."

"""

SINGLE_QUESTION = """\
[[question]]
id = "members"
type = "single"
[question.text]
en = "How many members?"
fr = "Combien de membres ?"
es = "¿Cuántos miembros?"
[question.feedback]
en = "47 States."
fr = "47 États."
es = "47 Estados."
[[question.option]]
id = "a"
correct = true
[question.option.text]
en = "47"
fr = "47"
es = "47"
[[question.option]]
id = "b"
[question.option.text]
en = "193"
fr = "193"
es = "193"
"""

MODULE_DIR = "hrdap/modules/01-intro"


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """A valid one-module course at ``tmp_path/hrdap`` (the courses root is ``tmp_path``)."""
    course = tmp_path / "hrdap"
    module = course / "modules" / "01-intro"
    module.mkdir(parents=True)
    (course / "course.toml").write_text(COURSE_TOML, encoding="utf-8")
    (course / "glossary.toml").write_text(GLOSSARY_TOML, encoding="utf-8")
    (module / "module.toml").write_text(MODULE_TOML, encoding="utf-8")
    (module / "quiz.toml").write_text(QUIZ_TOML + SINGLE_QUESTION, encoding="utf-8")
    titles = {"en": ("Overview", "Sources"), "fr": ("Aperçu", "Sources"),
              "es": ("Panorama", "Fuentes")}
    for lang, (title, sources) in titles.items():
        text = LESSON.format(title=title, sources=sources)
        (module / f"overview.{lang}.md").write_text(text, encoding="utf-8")
    return course


@pytest.fixture
def edit(course_dir: Path) -> Callable[[str, str, str], Path]:
    """Replace ``old`` (which must be there) by ``new`` in a file of the course; return the file."""

    def edit(rel: str, old: str, new: str) -> Path:
        path = course_dir.parent / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return edit


@pytest.fixture
def problems(course_dir: Path) -> Callable[[], list[str]]:
    """Load the course and return its problems as ``path:line: message`` strings."""

    def problems() -> list[str]:
        _, found = load_course(course_dir)
        return [str(problem) for problem in found]

    return problems


@pytest.fixture
def line_of(course_dir: Path) -> Callable[[str, str], int]:
    """1-based number of the first line of course file ``rel`` that contains ``needle``."""

    def line_of(rel: str, needle: str) -> int:
        text = (course_dir.parent / rel).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in {rel}")

    return line_of
