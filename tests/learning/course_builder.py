"""A small course on disk for page and sync tests: three modules in weeks 1, 2 and 4."""
from __future__ import annotations

from pathlib import Path

COURSE = """slug = "mini"
weeks = 10
geneva_weeks = [9, 10]
future_weeks = "{future}"
[title]
en = "Mini course"
fr = "Mini cours"
es = "Mini curso"
[description]
en = "For tests."
fr = "Pour les tests."
es = "Para pruebas."
""" + "".join(f"""
[[week]]
number = {n}
[week.title]
en = "Week title {n}"
fr = "Titre de semaine {n}"
es = "Título de semana {n}"
""" for n in range(1, 11))

MODULE = """slug = "{slug}"
mechanism = "{mechanism}"
week = {week}
order = {order}
lessons = {lessons}
[title]
en = "{title} EN"
fr = "{title} FR"
es = "{title} ES"
[summary]
en = "Summary"
fr = "Résumé"
es = "Resumen"
"""

GLOSSARY = """[[term]]
slug = "upr"
[term.en]
term = "Universal Periodic Review (UPR)"
definition = "A review of every State."
[term.fr]
term = "Examen périodique universel (EPU)"
definition = "Un examen de chaque État."
"""

BODY = {
    "en": "Defenders brief **diplomats** before the review. See [the glossary](glossary:upr) and [next](lesson:{link}).\n\n## Sources\n\n- OHCHR\n",  # noqa: E501
    "fr": "Les défenseurs informent les **diplomates** avant l'examen périodique. Voir [le glossaire](glossary:upr) et [suite](lesson:{link}).\n\n## Sources\n\n- HCDH\n",  # noqa: E501
    "es": "Las personas defensoras informan a los **diplomáticos** antes del examen periódico. Ver [glosario](glossary:upr) y [siguiente](lesson:{link}).\n\n## Fuentes\n\n- ACNUDH\n",  # noqa: E501
}

MODULES = [
    ("01-intro", "intro", "intro", 1, ["welcome", "basics"]),
    ("02-council", "council", "hrc", 2, ["sessions"]),
    ("03-upr", "upr", "upr", 4, ["review", "engage"]),
]


def write_course(root: Path, future: str = "locked", skip: tuple[str, ...] = (),
                 quizzes: dict[str, str] | None = None) -> Path:
    """Write the course under ``root/mini``; ``skip`` names files (e.g. 'intro/basics.es') left out;
    ``quizzes`` maps a module slug to the text of its quiz.toml."""
    course = root / "mini"
    (course / "modules").mkdir(parents=True, exist_ok=True)
    (course / "course.toml").write_text(COURSE.format(future=future), encoding="utf-8")
    (course / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    for order, (folder, slug, mechanism, week, lessons) in enumerate(MODULES, start=1):
        path = course / "modules" / folder
        path.mkdir(exist_ok=True)
        listed = [lesson for lesson in lessons if f"{slug}/{lesson}" not in skip]
        (path / "module.toml").write_text(MODULE.format(
            slug=slug, mechanism=mechanism, week=week, order=order, title=slug.title(),
            lessons="[" + ", ".join(f'"{lesson}"' for lesson in listed) + "]"), encoding="utf-8")
        for lesson in listed:
            for lang, body in BODY.items():
                if f"{slug}/{lesson}.{lang}" in skip:
                    continue
                title = f"{lesson.title()} {lang.upper()}"
                (path / f"{lesson}.{lang}.md").write_text(
                    f"# {title}\n\n" + body.format(link="intro/welcome"), encoding="utf-8")
        if quizzes and slug in quizzes:
            (path / "quiz.toml").write_text(quizzes[slug], encoding="utf-8")
    return course
