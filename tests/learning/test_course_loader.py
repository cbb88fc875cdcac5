"""Tests of the course loader: course, module, lesson and glossary files (quizzes: test_quiz_schema)."""

import shutil

import pytest

from hrdap.learning.loader import Problem, check, coverage, load_course

COURSE = "hrdap/course.toml"
MODULE = "hrdap/modules/01-intro/module.toml"
LESSON_EN = "hrdap/modules/01-intro/overview.en.md"


def test_valid_course_loads_without_problems(course_dir):
    """The fixture course loads completely, with no problem at all."""
    course, problems = load_course(course_dir)
    assert problems == []
    assert course.slug == "hrdap" and course.weeks == 2
    assert course.geneva_weeks == {2} and course.future_weeks == "readable"
    assert course.week_titles[2]["fr"] == "À Genève"
    [module] = course.modules
    assert (module.slug, module.mechanism, module.week, module.order) == ("intro", "intro", 1, 1)
    [lesson] = module.lessons
    assert lesson.texts["es"].title == "Panorama"
    assert lesson.texts["en"].markdown.startswith("# Overview")
    assert module.quiz.slug == "intro-quiz"
    assert course.glossary[0].texts["en"].term == "Universal Periodic Review (UPR)"


def test_problem_prints_as_path_line_message():
    """A problem reads like a compiler message; a warning says so."""
    assert str(Problem("hrdap/course.toml", 3, "bad")) == "hrdap/course.toml:3: bad"
    assert str(Problem("a.md", 1, "odd", warning=True)) == "a.md:1: warning: odd"


def test_unknown_key_names_the_allowed_keys(edit, problems, line_of):
    """An unknown key is reported at its line, with the keys that are allowed."""
    edit(COURSE, "weeks = 2", "weeks = 2\ncolour = 'red'")
    [problem] = problems()
    assert problem.startswith(f"{COURSE}:{line_of(COURSE, 'colour')}: unknown key 'colour' (allowed: ")
    assert "future_weeks" in problem


def test_unknown_language_in_a_text_table(edit, problems, line_of):
    """Only en, fr and es are languages."""
    edit(MODULE, 'es = "Introducción"', 'es = "Introducción"\nde = "Einführung"')
    assert problems() == [
        f"{MODULE}:{line_of(MODULE, 'de =')}: unknown key 'de' in [title] (allowed: en, es, fr)"
    ]


def test_missing_required_field(edit, problems):
    """A required key that is absent is reported (at line 1 when there is no line for it)."""
    edit(MODULE, 'mechanism = "intro"\n', "")
    assert problems() == [f"{MODULE}:1: missing required key 'mechanism'"]


def test_wrong_type(edit, problems, line_of):
    """A value of the wrong type says what was expected."""
    edit(MODULE, "order = 1", 'order = "first"')
    assert problems() == [f"{MODULE}:{line_of(MODULE, 'order')}: 'order' must be an integer, not a string"]


def test_module_week_outside_the_course(edit, problems, line_of):
    """A module's week must exist in the course."""
    edit(MODULE, "week = 1", "week = 5")
    assert problems() == [f"{MODULE}:{line_of(MODULE, 'week =')}: week 5 is outside 1..2 (the course's weeks)"]


def test_course_schedule_problems(course_dir, edit, problems, line_of):
    """Geneva weeks in range, a known future_weeks value, each week once."""
    edit(COURSE, "geneva_weeks = [2]", "geneva_weeks = [3]")
    edit(COURSE, 'future_weeks = "readable"', 'future_weeks = "open"')
    edit(COURSE, "number = 2", "number = 1")
    lines = (course_dir / "course.toml").read_text(encoding="utf-8").splitlines()
    second_week = [n for n, line in enumerate(lines, 1) if line == "number = 1"][1]
    assert problems() == [
        f"{COURSE}:3: 'geneva_weeks' must list week numbers from 1 to 2",
        f"{COURSE}:4: 'future_weeks' must be one of readable, locked, not 'open'",
        f"{COURSE}:{line_of(COURSE, '[[week]]')}: no [[week]] table for week 2",
        f"{COURSE}:{second_week}: duplicate week number 1",
    ]


def test_slug_syntax_and_folder_name(edit, problems):
    """Slugs are [a-z0-9-]; the course slug is its folder's name."""
    edit(COURSE, 'slug = "hrdap"', 'slug = "HRDAP_2025"')
    assert problems() == [
        f"{COURSE}:1: 'slug' 'HRDAP_2025' must use only a-z, 0-9 and '-'",
        f"{COURSE}:1: 'slug' 'HRDAP_2025' must match the folder name 'hrdap'",
    ]


def test_duplicate_module_and_quiz_slugs(course_dir, problems):
    """Two modules with the same slug, order and quiz slug are each reported on the second."""
    shutil.copytree(course_dir / "modules" / "01-intro", course_dir / "modules" / "02-copy")
    found = problems()
    assert "hrdap/modules/02-copy/module.toml:1: duplicate module slug 'intro'" in found
    assert "hrdap/modules/02-copy/module.toml:4: duplicate module order 1" in found
    assert "hrdap/modules/02-copy/quiz.toml:1: duplicate quiz slug 'intro-quiz'" in found


def test_duplicate_lesson_and_glossary_slugs(edit, problems):
    """A lesson listed twice and a glossary term defined twice are reported."""
    edit(MODULE, 'lessons = ["overview"]', 'lessons = ["overview", "overview"]')
    glossary = "hrdap/glossary.toml"
    edit(glossary, "[term.es]", '[[term]]\nslug = "upr"\n[term.en]\nterm = "x"\ndefinition = "y"\n[term.es]')
    found = problems()
    assert f"{MODULE}:5: lesson 'overview' is listed more than once" in found
    assert f"{glossary}:10: duplicate glossary slug 'upr'" in found


def test_missing_english_lesson(course_dir, problems, line_of):
    """English is required for every lesson; French and Spanish are not."""
    (course_dir / "modules/01-intro/overview.en.md").unlink()
    (course_dir / "modules/01-intro/overview.es.md").unlink()
    found = problems()
    assert f"{MODULE}:{line_of(MODULE, 'lessons')}: lesson 'overview' has no English file overview.en.md" in found
    assert not any("overview.es.md" in problem for problem in found)


def test_missing_english_title(edit, problems, line_of):
    """Titles and summaries need English."""
    edit(MODULE, 'en = "Introduction"\n', "")
    assert problems() == [f"{MODULE}:{line_of(MODULE, '[title]')}: missing English text for 'title'"]


def test_lesson_must_start_with_its_title(edit, problems):
    """The first line of a lesson is '# Title'."""
    edit(LESSON_EN, "# Overview", "Overview")
    assert problems() == [f"{LESSON_EN}:1: a lesson must start with its title as '# Title'"]


def test_lesson_without_sources_is_a_warning(edit, line_of):
    """A lesson that does not end with its sources is reported, but the check passes."""
    path = edit("hrdap/modules/01-intro/overview.es.md", "## Fuentes", "## Notas")
    ok, lines = check(path.parent.parent.parent)
    number = line_of("hrdap/modules/01-intro/overview.es.md", "## Notas")
    assert ok
    assert lines[0] == (f"hrdap/modules/01-intro/overview.es.md:{number}: "
                        "warning: a lesson must end with a '## Fuentes' section")


def test_unlisted_and_misnamed_lesson_files(course_dir, problems):
    """Lesson files not in module.toml are warnings; files with an unknown language are errors."""
    (course_dir / "modules/01-intro/extra.en.md").write_text("# Extra\n\n## Sources\n", encoding="utf-8")
    (course_dir / "modules/01-intro/overview.de.md").write_text("# Überblick\n", encoding="utf-8")
    found = problems()
    assert ("hrdap/modules/01-intro/extra.en.md:1: warning: lesson 'extra' is not listed in "
            "module.toml 'lessons'") in found
    assert any(p.startswith("hrdap/modules/01-intro/overview.de.md:1: unexpected file") for p in found)


def test_broken_lesson_link(edit, problems, line_of):
    """A lesson: link must name a module and one of its lessons."""
    edit(LESSON_EN, "lesson:intro/overview", "lesson:intro/missing")
    assert problems() == [f"{LESSON_EN}:{line_of(LESSON_EN, 'lesson:intro/missing')}: broken link "
                          "'lesson:intro/missing': no lesson 'missing' in module 'intro'"]


def test_broken_glossary_link(edit, problems):
    """A glossary: link must name a term of glossary.toml (reference-style links too)."""
    edit(LESSON_EN, "[UPR](glossary:upr)", "[UPR][u]")
    edit(LESSON_EN, "## Sources", "[u]: glossary:upr-typo\n\n## Sources")
    assert problems() == [f"{LESSON_EN}:5: broken link 'glossary:upr-typo': no glossary term 'upr-typo'"]


def test_malformed_toml_reports_tomllib_line(edit, problems):
    """A TOML syntax error is reported at the line tomllib gives."""
    edit(MODULE, "order = 1", "order = = 1")
    [problem] = problems()
    assert problem.startswith(f"{MODULE}:4: invalid TOML: ")


def test_unreadable_utf8(course_dir, problems):
    """A file that is not UTF-8 is reported at the line of the first bad byte."""
    (course_dir / "modules/01-intro/overview.fr.md").write_bytes(b"# Aper\xe7u\n\nok\n\xff\n")
    assert problems() == ["hrdap/modules/01-intro/overview.fr.md:1: not valid UTF-8 (byte 6)"]


def test_missing_course_manifest(tmp_path):
    """Without course.toml there is no course, and the check fails."""
    (tmp_path / "empty").mkdir()
    assert check(tmp_path / "empty") == (False, ["empty/course.toml:1: missing course.toml"])


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        (COURSE, "[title]", "title = 3\n[x]"),
        (COURSE, "weeks = 2", "weeks = -1"),
        (COURSE, "[[week]]\nnumber = 1", "week = 7\n[[x]]\nnumber = 1"),
        (MODULE, 'lessons = ["overview"]', "lessons = [1, 2]"),
        (MODULE, "[summary]", "summary = [1]\n[x]"),
        ("hrdap/glossary.toml", "[term.en]", "en = 5\n[term.x]"),
        ("hrdap/modules/01-intro/quiz.toml", "[[question]]", "question = 1\n[[y]]"),
        ("hrdap/modules/01-intro/quiz.toml", "[review]", "review = 'all'\n[z]"),
    ],
)
def test_wrong_shapes_never_raise(edit, problems, rel, old, new):
    """Whatever the shape of the data, loading reports problems instead of raising."""
    edit(rel, old, new)
    assert problems()


def test_coverage_counts_translated_units(course_dir, edit):
    """Coverage is the share of translatable units present in each language."""
    course, _ = load_course(course_dir)
    assert coverage(course) == {"en": 100.0, "fr": 100.0, "es": 100.0}
    # 14 units: course title, description, 2 weeks, 1 term, module title, summary, 1 lesson,
    # quiz title, 1 band, question text and feedback, 2 options.
    (course_dir / "modules/01-intro/overview.es.md").unlink()
    edit(MODULE, 'fr = "Ce qu\'est le programme."\n', "")
    course, problems = load_course(course_dir)
    assert problems == []
    assert coverage(course) == pytest.approx({"en": 100.0, "fr": 1300 / 14, "es": 1300 / 14})
    assert set(course.modules[0].lessons[0].texts) == {"en", "fr"}


def test_check_report_ends_with_coverage(course_dir):
    """check() lists the problems, then the coverage line; ok when there is no error."""
    (course_dir / "modules/01-intro/overview.es.md").unlink()
    assert check(course_dir) == (True, ["Translation coverage: en 100.0%, fr 100.0%, es 92.9%"])
