"""Load a course folder (``courses/<slug>/``, see ``courses/FORMAT.md``) and report every problem.

``load_course`` never raises on bad content: each fault becomes a :class:`Problem`
(``path:line: message``), and as much of the course as could be read is still returned, so that
``courses check`` can report everything at once. ``courses sync`` must refuse to load a course
with any problem that is not a warning.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from hrdap.content import render_markdown
from hrdap.learning.course_data import (
    FUTURE_WEEKS, LANGUAGES, MECHANISMS, Band, Course, Item, Lesson, LessonText, Module, Option,
    Pair, Problem, Question, Quiz, Term, TermText,
)
from hrdap.learning.quiz_schema import parse_quiz
from hrdap.learning.toml_source import SLUG, Table, TomlFile, read_utf8, relative

__all__ = [
    "LANGUAGES", "Band", "Course", "Item", "Lesson", "LessonText", "Module", "Option", "Pair",
    "Problem", "Question", "Quiz", "Term", "TermText", "check", "coverage", "load_course",
]

COURSE_KEYS = {"slug", "weeks", "geneva_weeks", "future_weeks", "title", "description", "week"}
MODULE_KEYS = {"slug", "mechanism", "week", "order", "lessons", "title", "summary"}
LESSON_FILE = re.compile(r"(?P<slug>[^.]+)\.(?P<lang>[^.]+)\.md")
SOURCES_HEADINGS = {"sources", "fuentes"}  # en and fr "Sources", es "Fuentes"


@dataclass
class _LoadedModule:
    """A module with the manifest tables that later cross-checks report against."""

    module: Module
    manifest: Table
    quiz: Table | None


def load_course(path: Path) -> tuple[Course | None, list[Problem]]:
    """Read the course folder ``path``; return the course (None if unusable) and its problems."""
    path = Path(path)
    root = path.parent
    problems: list[Problem] = []
    if not (path / "course.toml").is_file():
        problems.append(Problem(relative(path / "course.toml", root), 1, "missing course.toml"))
        return None, problems
    manifest = TomlFile.read(path / "course.toml", root, problems)
    if manifest is None:
        return None, problems
    top = manifest.root()
    top.check_keys(COURSE_KEYS)
    slug = top.slug("slug")
    if slug and slug != path.name:
        top.problem(f"'slug' {slug!r} must match the folder name {path.name!r}", "slug")
    weeks = top.get("weeks", "integer", required=True, default=10)
    if weeks < 1:
        top.problem("'weeks' must be 1 or more", "weeks")
        weeks = 10
    loaded = _modules(path / "modules", root, problems, weeks)
    glossary = _glossary(path / "glossary.toml", root, problems)
    course = Course(
        slug=slug,
        title=top.texts("title"),
        description=top.texts("description"),
        weeks=weeks,
        geneva_weeks=_geneva_weeks(top, weeks),
        future_weeks=_future_weeks(top),
        week_titles=_week_titles(top, weeks),
        modules=[item.module for item in loaded],
        glossary=glossary,
    )
    _check_unique(loaded)
    _check_links(course, root, problems)
    return course, sorted(problems, key=lambda p: (p.path, p.line))


def _geneva_weeks(top: Table, weeks: int) -> frozenset[int]:
    """The weeks spent in Geneva: integers in 1..weeks."""
    values = top.get("geneva_weeks", "list", default=[])
    valid = {v for v in values if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= weeks}
    if len(valid) != len(values):
        top.problem(f"'geneva_weeks' must list week numbers from 1 to {weeks}", "geneva_weeks")
    return frozenset(valid)


def _future_weeks(top: Table) -> str:
    """Whether participants may open weeks not yet reached."""
    value = top.get("future_weeks", "string", default="readable")
    if value not in FUTURE_WEEKS:
        top.problem(f"'future_weeks' must be one of {', '.join(FUTURE_WEEKS)}, not {value!r}",
                    "future_weeks")
        return "readable"
    return value


def _week_titles(top: Table, weeks: int) -> dict[int, dict[str, str]]:
    """The ``[[week]]`` tables: each number from 1 to ``weeks`` exactly once, with a title."""
    titles: dict[int, dict[str, str]] = {}
    for table in top.tables("week", required=True):
        table.check_keys({"number", "title"})
        number = table.get("number", "integer", required=True)
        title = table.texts("title")
        if number is None:
            continue
        if not 1 <= number <= weeks:
            table.problem(f"week number {number} is outside 1..{weeks}", "number")
        elif number in titles:
            table.problem(f"duplicate week number {number}", "number")
        else:
            titles[number] = title
    missing = [str(n) for n in range(1, weeks + 1) if n not in titles]
    if missing and "week" in top.data:
        top.problem(f"no [[week]] table for week {', '.join(missing)}", "week")
    return titles


def _modules(folder: Path, root: Path, problems: list[Problem], weeks: int) -> list[_LoadedModule]:
    """Every module folder under ``modules/``, sorted by order then slug."""
    if not folder.is_dir():
        problems.append(Problem(relative(folder, root), 1, "missing modules/ folder"))
        return []
    loaded = []
    for entry in sorted(folder.iterdir()):
        if not entry.is_dir():
            problems.append(Problem(relative(entry, root), 1, "not a module folder", warning=True))
        elif not (entry / "module.toml").is_file():
            problems.append(Problem(relative(entry / "module.toml", root), 1, "missing module.toml"))
        elif item := _module(entry, root, problems, weeks):
            loaded.append(item)
    return sorted(loaded, key=lambda item: (item.module.order, item.module.slug))


def _module(folder: Path, root: Path, problems: list[Problem], weeks: int) -> _LoadedModule | None:
    """One module: its manifest, its lessons and its optional quiz."""
    manifest = TomlFile.read(folder / "module.toml", root, problems)
    if manifest is None:
        return None
    top = manifest.root()
    top.check_keys(MODULE_KEYS)
    # Without a slug, the folder name keeps links to this module from all looking broken.
    slug = top.slug("slug") or re.sub(r"^\d+-", "", folder.name)
    mechanism = top.get("mechanism", "string", required=True, default="")
    if mechanism and mechanism not in MECHANISMS:
        top.problem(f"'mechanism' must be one of {', '.join(MECHANISMS)}, not {mechanism!r}",
                    "mechanism")
    week = top.get("week", "integer", required=True, default=1)
    if not 1 <= week <= weeks:
        top.problem(f"week {week} is outside 1..{weeks} (the course's weeks)", "week")
    quiz_file = None
    if (folder / "quiz.toml").is_file():
        quiz_file = TomlFile.read(folder / "quiz.toml", root, problems)
    module = Module(
        slug=slug,
        mechanism=mechanism,
        week=week,
        order=top.get("order", "integer", required=True, default=0),
        title=top.texts("title"),
        summary=top.texts("summary"),
        lessons=_lessons(top, folder, root, problems),
        quiz=parse_quiz(quiz_file) if quiz_file else None,
        folder=folder,
    )
    return _LoadedModule(module, top, quiz_file.root() if quiz_file else None)


def _lessons(top: Table, folder: Path, root: Path, problems: list[Problem]) -> list[Lesson]:
    """The lessons listed in module.toml, in order; unlisted or misnamed files are reported."""
    slugs = top.strings("lessons", required=True)
    lessons = []
    for slug in dict.fromkeys(slugs):  # keeps the order, drops repeats (reported below)
        if slugs.count(slug) > 1:
            top.problem(f"lesson '{slug}' is listed more than once", "lessons")
        if not SLUG.fullmatch(slug):
            top.problem(f"lesson slug {slug!r} must use only a-z, 0-9 and '-'", "lessons")
        texts = {}
        for lang in LANGUAGES:
            file = folder / f"{slug}.{lang}.md"
            if file.is_file() and (text := _lesson_text(file, root, problems, lang)):
                texts[lang] = text
        if "en" not in texts and not (folder / f"{slug}.en.md").is_file():
            top.problem(f"lesson '{slug}' has no English file {slug}.en.md", "lessons")
        lessons.append(Lesson(slug, texts))
    for file in sorted(folder.iterdir()):
        if file.name in ("module.toml", "quiz.toml"):
            continue
        name = LESSON_FILE.fullmatch(file.name)
        rel = relative(file, root)
        if not name or name["lang"] not in LANGUAGES:
            problems.append(Problem(rel, 1, "unexpected file: lessons are named "
                                    f"<lesson-slug>.<lang>.md with lang {', '.join(LANGUAGES)}"))
        elif name["slug"] not in slugs:
            problems.append(Problem(rel, 1, f"lesson '{name['slug']}' is not listed in "
                                    "module.toml 'lessons'", warning=True))
    return lessons


def _lesson_text(file: Path, root: Path, problems: list[Problem], lang: str) -> LessonText | None:
    """Read one lesson file: a ``# Title`` first line, then Markdown ending with its sources."""
    text = read_utf8(file, root, problems)
    if text is None:
        return None
    rel = relative(file, root)
    lines = text.splitlines()
    first = lines[0] if lines else ""
    if not first.startswith("# ") or not first[2:].strip():
        problems.append(Problem(rel, 1, "a lesson must start with its title as '# Title'"))
    headings = [(i, line[3:].strip()) for i, line in enumerate(lines) if line.startswith("## ")]
    if not headings or headings[-1][1].lower() not in SOURCES_HEADINGS:
        expected = "Fuentes" if lang == "es" else "Sources"
        problems.append(Problem(rel, headings[-1][0] + 1 if headings else max(1, len(lines)),
                                f"a lesson must end with a '## {expected}' section", warning=True))
    return LessonText(first[2:].strip() if first.startswith("# ") else "", text, file)


def _glossary(file: Path, root: Path, problems: list[Problem]) -> list[Term]:
    """The glossary terms (the file is optional), slugs unique."""
    if not file.is_file():
        return []
    glossary = TomlFile.read(file, root, problems)
    if glossary is None:
        return []
    top = glossary.root()
    top.check_keys({"term"})
    terms, seen = [], set()
    for table in top.tables("term"):
        table.check_keys({"slug", *LANGUAGES})
        slug = table.slug("slug")
        if slug and slug in seen:
            table.problem(f"duplicate glossary slug '{slug}'", "slug")
        seen.add(slug)
        texts = {}
        for lang in LANGUAGES:
            entry = table.table(lang, required=lang == "en")
            if entry is None:
                continue
            entry.check_keys({"term", "definition"})
            term = entry.get("term", "string", required=True, default="")
            definition = entry.get("definition", "string", required=True, default="")
            if term.strip() and definition.strip():
                texts[lang] = TermText(term, definition)
        terms.append(Term(slug, texts))
    return terms


def _check_unique(loaded: list[_LoadedModule]) -> None:
    """Module slugs, module orders and quiz slugs are unique in the course."""
    slugs: set[str] = set()
    orders: set[int] = set()
    quizzes: set[str] = set()
    for item in loaded:
        module = item.module
        if module.slug in slugs:
            item.manifest.problem(f"duplicate module slug '{module.slug}'", "slug")
        if module.order in orders:
            item.manifest.problem(f"duplicate module order {module.order}", "order")
        slugs.add(module.slug)
        orders.add(module.order)
        if module.quiz and item.quiz and module.quiz.slug:
            if module.quiz.slug in quizzes:
                item.quiz.problem(f"duplicate quiz slug '{module.quiz.slug}'", "slug")
            quizzes.add(module.quiz.slug)


def _check_links(course: Course, root: Path, problems: list[Problem]) -> None:
    """Every ``lesson:`` and ``glossary:`` link in every lesson points at something that exists."""
    lessons = {(m.slug, lesson.slug) for m in course.modules for lesson in m.lessons
               if "en" in lesson.texts}
    terms = {term.slug for term in course.glossary}
    for module in course.modules:
        for lesson in module.lessons:
            for text in lesson.texts.values():
                hrefs: list[str] = []
                # The renderer finds links exactly as pages will (reference links included).
                render_markdown(text.markdown, lambda href: hrefs.append(href))
                for href in dict.fromkeys(hrefs):
                    error = _link_error(href, lessons, terms)
                    if error:
                        line = next((i + 1 for i, line in enumerate(text.markdown.splitlines())
                                     if href in line), 1)
                        problems.append(Problem(relative(text.path, root), line, error))


def _link_error(href: str, lessons: set[tuple[str, str]], terms: set[str]) -> str | None:
    """Why ``href`` (``lesson:module/lesson`` or ``glossary:slug``) is broken, or None."""
    kind, _, target = href.partition(":")
    target = target.split("#", 1)[0]
    if kind.lower() == "glossary":
        return None if target in terms else f"broken link '{href}': no glossary term '{target}'"
    module, _, lesson = target.partition("/")
    if (module, lesson) in lessons:
        return None
    return f"broken link '{href}': no lesson '{lesson}' in module '{module}'"


def _translatable(course: Course) -> list[dict]:
    """Every translatable unit (a dict keyed by the languages it exists in)."""
    units: list[dict] = [course.title, course.description, *course.week_titles.values()]
    units += [term.texts for term in course.glossary]
    for module in course.modules:
        units += [module.title, module.summary, *(lesson.texts for lesson in module.lessons)]
        quiz = module.quiz
        if quiz is None:
            continue
        units += [quiz.title, *(band.feedback for band in quiz.bands)]
        for question in quiz.questions:
            units += [question.text, question.feedback, question.accepted]
            units += [t for option in question.options for t in (option.text, option.feedback)]
            units += [t for pair in question.pairs for t in (pair.left, pair.right)]
            units += [item.text for item in question.items]
    return [unit for unit in units if unit]


def coverage(course: Course) -> dict[str, float]:
    """Percent of the translatable units present in each language (100.0 when there are none)."""
    units = _translatable(course)
    if not units:
        return {lang: 100.0 for lang in LANGUAGES}
    return {lang: 100.0 * sum(lang in unit for unit in units) / len(units) for lang in LANGUAGES}


def check(path: Path) -> tuple[bool, list[str]]:
    """Validate a course folder: (no errors, printable lines: problems then coverage)."""
    course, problems = load_course(path)
    lines = [str(problem) for problem in problems]
    if course is not None:
        percents = coverage(course)
        lines.append("Translation coverage: "
                     + ", ".join(f"{lang} {percents[lang]:.1f}%" for lang in LANGUAGES))
    return course is not None and not any(not p.warning for p in problems), lines
