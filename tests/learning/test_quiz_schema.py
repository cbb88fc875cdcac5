"""Tests of quiz.toml validation: each question type, well-formed and malformed."""

import pytest

from hrdap.learning.loader import load_course

QUIZ = "hrdap/modules/01-intro/quiz.toml"

TEXT = '[question.text]\nen = "Q?"\nfr = "Q ?"\nes = "¿Q?"\n'


def option(ident: str, correct: bool = False) -> str:
    """A ``[[question.option]]`` table."""
    flag = "correct = true\n" if correct else ""
    return f'[[question.option]]\nid = "{ident}"\n{flag}[question.option.text]\nen = "{ident}"\n'


def pair(ident: str) -> str:
    """A ``[[question.pair]]`` table."""
    return (f'[[question.pair]]\nid = "{ident}"\n[question.pair.left]\nen = "L{ident}"\n'
            f'[question.pair.right]\nen = "R{ident}"\n')


def item(ident: str) -> str:
    """A ``[[question.item]]`` table."""
    return f'[[question.item]]\nid = "{ident}"\n[question.item.text]\nen = "I{ident}"\n'


def question(kind: str, body: str = "", ident: str = "q") -> str:
    """A ``[[question]]`` of ``kind``; ``body`` holds its type-specific keys and tables."""
    keys, _, tables = body.partition("[")
    return f'[[question]]\nid = "{ident}"\ntype = "{kind}"\n{keys}{TEXT}{"[" + tables if tables else ""}'


# A valid body for each question type.
BODIES = {
    "single": option("a", True) + option("b"),
    "multiple": option("a", True) + option("b", True) + option("c"),
    "truefalse": "answer = false\n",
    "numeric": "answer = 47\ntolerance = 0.5\n",
    "text": '[question.accepted]\nen = ["UPR", "Universal Periodic Review"]\n',
    "matching": pair("a") + pair("b"),
    "ordering": item("a") + item("b") + item("c"),
}


@pytest.fixture
def quiz_problems(course_dir, problems):
    """Replace the quiz's questions with ``questions`` and return the course's problems."""

    def quiz_problems(questions: str) -> list[str]:
        path = course_dir / "modules/01-intro/quiz.toml"
        text = path.read_text(encoding="utf-8")
        head = text[: text.index("[[question]]")]
        path.write_text(head + questions, encoding="utf-8")
        return problems()

    return quiz_problems


def test_every_question_type_loads(quiz_problems, course_dir):
    """One valid question of each type loads with no problem, into the right fields."""
    questions = "".join(question(kind, body, ident=kind) for kind, body in BODIES.items())
    assert quiz_problems(questions) == []
    course, _ = load_course(course_dir)
    quiz = course.modules[0].quiz
    by_id = {q.id: q for q in quiz.questions}
    assert [o.correct for o in by_id["multiple"].options] == [True, True, False]
    assert by_id["truefalse"].answer is False
    assert (by_id["numeric"].answer, by_id["numeric"].tolerance) == (47, 0.5)
    assert by_id["text"].accepted == {"en": ["UPR", "Universal Periodic Review"]}
    assert [p.right["en"] for p in by_id["matching"].pairs] == ["Ra", "Rb"]
    assert [i.id for i in by_id["ordering"].items] == ["a", "b", "c"]
    assert quiz.review["immediately"] == {"correctness", "marks", "feedback", "answers"}
    assert quiz.review["after_close"] == frozenset()
    assert (quiz.pass_mark, quiz.attempts, quiz.grading) == (70, 3, "highest")


@pytest.mark.parametrize(
    ("body", "needle", "message"),
    [
        (question("single", option("a", True) + option("b", True)), "[[question.option]]",
         "a 'single' question needs exactly one correct option, not 2"),
        (question("single", option("a") + option("b")), "[[question.option]]",
         "a 'single' question needs exactly one correct option, not 0"),
        (question("multiple", option("a") + option("b")), "[[question.option]]",
         "a 'multiple' question needs at least one correct option"),
        (question("single", option("a", True)), "[[question.option]]",
         "a question needs at least two 'option' entries, not 1"),
        (question("truefalse", 'answer = "yes"\n'), "answer =",
         "'answer' must be true or false, not a string"),
        (question("truefalse", "answer = true\n" + option("a", True) + option("b")),
         "[[question.option]]", "unknown key 'option' in [question] (allowed: "),
        (question("numeric", 'answer = "47"\n'), "answer =", "'answer' must be a number, not a string"),
        (question("numeric", "answer = 47\ntolerance = -1\n"), "tolerance", "'tolerance' must be 0 or more"),
        (question("text", '[question.accepted]\nfr = ["EPU"]\n'), "[question.accepted]",
         "a 'text' question needs a list of accepted English answers"),
        (question("text", ""), "[[question]]", "missing required key 'accepted' in [question]"),
        (question("matching", pair("a")), "[[question.pair]]",
         "a question needs at least two 'pair' entries, not 1"),
        (question("ordering", item("a")), "[[question.item]]",
         "a question needs at least two 'item' entries, not 1"),
        (question("essay"), "type =", "'type' must be one of single, multiple, truefalse, numeric, "
                                      "text, matching, ordering, not 'essay'"),
        (question("truefalse", "answer = true\npoints = 0\n"), "points", "'points' must be more than 0"),
        (question("truefalse", "answer = true\n").replace('en = "Q?"\n', ""), "[question.text]",
         "missing English text for 'text' in [question]"),
        (question("truefalse", "answer = true\n", ident="Q 1"), 'id = "Q 1"',
         "'id' 'Q 1' must use only a-z, 0-9 and '-'"),
    ],
)
def test_malformed_question(quiz_problems, line_of, body, needle, message):
    """Each malformed question is reported at the line of the offending key."""
    found = quiz_problems(body)
    assert len(found) == 1, found
    assert found[0].startswith(f"{QUIZ}:{line_of(QUIZ, needle)}: {message}")


def test_duplicate_ids(quiz_problems, course_dir):
    """Question ids are unique in a quiz, option ids in a question; the second one is reported."""
    found = quiz_problems(question("single", option("a", True) + option("a"))
                          + question("numeric", BODIES["numeric"]))
    lines = (course_dir / "modules/01-intro/quiz.toml").read_text(encoding="utf-8").splitlines()
    second_option = [n for n, line in enumerate(lines, 1) if line == 'id = "a"'][1]
    second_question = [n for n, line in enumerate(lines, 1) if line == 'id = "q"'][1]
    assert found == [
        f"{QUIZ}:{second_option}: duplicate option id 'a'",
        f"{QUIZ}:{second_question}: duplicate question id 'q'",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('grading = "highest"', 'grading = "best"',
         "'grading' must be one of highest, last, first, average, not 'best'"),
        ("pass_mark = 70", "pass_mark = 120", "'pass_mark' must be between 0 and 100, not 120"),
        ("attempts = 3", "attempts = -1", "'attempts' must be 0 (unlimited) or more"),
        ('later = ["correctness"]', 'later = ["correctness", "score"]',
         "'later' may only list correctness, marks, feedback, answers, not score"),
        ("time_limit_minutes = 0", "time_limit_minutes = -5",
         "'time_limit_minutes' must be 0 (no limit) or more"),
        ("shuffle_options = false", 'shuffle_options = "no"',
         "'shuffle_options' must be true or false, not a string"),
        ("min = 0", "min = 101", "band 'min' must be between 0 and 100, not 101"),
    ],
)
def test_malformed_quiz_settings(edit, problems, line_of, old, new, message):
    """Quiz settings out of range are reported at their line."""
    edit(QUIZ, old, new)
    assert problems() == [f"{QUIZ}:{line_of(QUIZ, new)}: {message}"]


def test_quiz_needs_questions(course_dir, problems):
    """A quiz without any question is reported."""
    path = course_dir / "modules/01-intro/quiz.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("[[question]]")], encoding="utf-8")
    assert problems() == [f"{QUIZ}:1: missing required key 'question'"]
