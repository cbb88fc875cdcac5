"""Tests for hrdap.quizzes.grading: every question type, attempts, bands and shuffling."""

import math
import subprocess
import sys
from pathlib import Path

import pytest

from hrdap.quizzes import grading
from hrdap.quizzes.grading import (
    GradableQuestion, InvalidAnswer, Mark, MarkState, band_for, counted_grade,
    grade_attempt, grade_question, normalise_text, shuffled,
)

R, P, W, U = MarkState.RIGHT, MarkState.PARTIAL, MarkState.WRONG, MarkState.UNANSWERED

SINGLE = GradableQuestion("members", "single", correct_options=frozenset("a"),
                          all_options=frozenset("abc"))
# 3 correct options (a, b, c) and 2 wrong ones (x, y), worth 3 points.
MULTI = GradableQuestion("mechanisms", "multiple", points=3, correct_options=frozenset("abc"),
                         all_options=frozenset("abcxy"))
TF = GradableQuestion("binding", "truefalse", answer=False)
NUM = GradableQuestion("count", "numeric", answer=47, tolerance=0)
NUM_TOL = GradableQuestion("share", "numeric", answer=0.3, tolerance=0.1)
TEXT = GradableQuestion("upr", "text", accepted={
    "en": ["Universal Periodic Review", "UPR"],
    "fr": ["Examen Périodique Universel", "EPU"],
    "es": ["Examen Periódico Universal"]})
MATCH = GradableQuestion("treaties", "matching", points=2, pairs={
    "iccpr": "ccpr", "cedaw": "cedaw-c", "cat": "cat-c", "crc": "crc-c"})
ORDER = GradableQuestion("upr-cycle", "ordering", items=("report", "review", "adoption"))


def test_mark_is_small_value():
    """A Mark compares by value and exposes its state as plain strings."""
    assert Mark(1.0, 1.0, R) == Mark(1.0, 1.0, R)
    assert R == "right" and U.value == "unanswered"


@pytest.mark.parametrize("state, correct", [(R, True), (P, False), (W, False), (U, None)])
def test_mark_correct_property(state, correct):
    """`correct` is True only when right, None when unanswered."""
    assert Mark(0.0, 1.0, state).correct is correct


@pytest.mark.parametrize("kwargs", [{"type": "essay"}, {"type": "single", "points": -1}])
def test_question_rejects_bad_config(kwargs):
    """An unknown type or negative points is refused at construction."""
    with pytest.raises(ValueError):
        GradableQuestion("q", **kwargs)


@pytest.mark.parametrize("raw, expected", [
    ("Examen Périodique Universel", "examen periodique universel"),
    ("  examen periodique  universel ", "examen periodique universel"),
    ("EXAMEN\tPÉRIODIQUE\nUNIVERSEL", "examen periodique universel"),
    ("«Examen Periódico Universal».", "examen periodico universal"),
    ("Straße", "strasse"),
    ("ＵＰＲ", "upr"),
    ("U.P.R.", "u.p.r"),
    ("  ...  ", ""),
    ("", ""),
])
def test_normalise_text(raw, expected):
    """Case, accents, inner whitespace and outer punctuation are folded away."""
    assert normalise_text(raw) == expected


@pytest.mark.parametrize("response, score, state", [
    ("a", 1.0, R), ("b", 0.0, W), (None, 0.0, U), ("", 0.0, U), ("  ", 0.0, U),
])
def test_single(response, score, state):
    """Single choice: the one right option earns all points."""
    assert grade_question(SINGLE, response) == Mark(score, 1.0, state)


@pytest.mark.parametrize("response", ["z", "A", ["a"], 1])
def test_single_tampered(response):
    """An option id the question lacks (or a wrong shape) is tampering."""
    with pytest.raises(InvalidAnswer):
        grade_question(SINGLE, response)


@pytest.mark.parametrize("ticked, score, state", [
    (["a", "b", "c"], 3.0, R),
    (["a"], 1.0, P),
    (["a", "b"], 2.0, P),
    (["a", "x"], 0.0, W),           # +1 - 1.5, floored at 0
    (["a", "b", "x"], 0.5, P),      # +2 - 1.5
    (["a", "b", "c", "x"], 1.5, P),  # +3 - 1.5
    (["a", "b", "c", "x", "y"], 0.0, W),  # every option ticked: wrong ones cancel
    (["x", "y"], 0.0, W),
    (["a", "a", "a"], 1.0, P),      # duplicates ignored
    (["a", "b", "c", "c"], 3.0, R),
    ("a", 1.0, P),                  # a lone id from a form is one tick
    ([], 0.0, U),
    (None, 0.0, U),
])
def test_multiple_partial_credit(ticked, score, state):
    """Multiple choice follows FORMAT.md's partial-credit rule and never goes below 0."""
    assert grade_question(MULTI, ticked) == Mark(score, 3.0, state)


def test_multiple_thirds_are_rounded():
    """A third of a point is rounded to 4 decimals."""
    q = GradableQuestion("m", "multiple", correct_options=frozenset("abc"),
                         all_options=frozenset("abcd"))
    assert grade_question(q, ["a"]).score == 0.3333
    assert grade_question(q, ["a", "b"]).score == 0.6667


def test_multiple_all_options_correct():
    """With no wrong option, ticking everything is simply right."""
    q = GradableQuestion("m", "multiple", correct_options=frozenset("ab"),
                         all_options=frozenset("ab"))
    assert grade_question(q, ["a", "b"]).state is R


@pytest.mark.parametrize("ticked", [["a", "z"], ["A"], [1], [["a"]], {"a": True}, 5])
def test_multiple_tampered(ticked):
    """Unknown ids or a bad shape in a multiple answer raise InvalidAnswer."""
    with pytest.raises(InvalidAnswer):
        grade_question(MULTI, ticked)


@pytest.mark.parametrize("response, state", [
    ("false", R), ("FALSE", R), (" False ", R), (False, R),
    ("true", W), (True, W), (None, U), ("", U),
])
def test_truefalse(response, state):
    """True/false accepts form strings (any case) and bools."""
    assert grade_question(TF, response).state is state


@pytest.mark.parametrize("response", ["yes", "0", 0, 1, ["true"]])
def test_truefalse_tampered(response):
    """Anything but true/false is tampering."""
    with pytest.raises(InvalidAnswer):
        grade_question(TF, response)


def test_truefalse_without_answer_is_config_error():
    """A truefalse question with no answer is a configuration error, not tampering."""
    with pytest.raises(ValueError):
        grade_question(GradableQuestion("t", "truefalse"), "true")


@pytest.mark.parametrize("response, state", [
    ("47", R), (47, R), (47.0, R), (" 47 ", R), ("+47", R), ("47,0", R), ("4.7e1", R),
    ("46", W), ("-47", W), ("47.0001", W),
    ("1e999999999", W), ("-1e999999999", W), (1e308, W),  # out of range: wrong
    ("inf", W), ("-Infinity", W), ("nan", W), (math.inf, W), (math.nan, W),
    ("forty-seven", U), ("47 States", U), (",", U), ("", U), (None, U),
    (True, U), ([47], U), ("9" * 100, U),
])
def test_numeric_exact(response, state):
    """Numeric without tolerance: odd input is unanswered, inf/nan/out-of-range wrong."""
    assert grade_question(NUM, response).state is state


@pytest.mark.parametrize("response, state", [
    ("0.3", R), ("0,3", R), ("0.2", R), ("0.4", R), ("0,4", R), (0.4, R), (0.2, R),
    ("0.40001", W), ("0.19999", W), (0.5, W), ("-0.3", W),
])
def test_numeric_tolerance_boundaries(response, state):
    """|given - answer| <= tolerance holds exactly at both boundaries (no float noise)."""
    assert grade_question(NUM_TOL, response).state is state


@pytest.mark.parametrize("response, state", [
    ("1 000,5", R), ("1,000.5", R), ("1.000,5", R), ("1000.5", R), ("1000,5", R),
    ("1 000 000", W), ("1,000,5", U),
])
def test_numeric_separators(response, state):
    """Comma decimals and thousands separators from several locales are understood."""
    q = GradableQuestion("n", "numeric", answer=1000.5)
    assert grade_question(q, response).state is state


def test_numeric_negative_tolerance_is_absolute():
    """A negative tolerance behaves as its absolute value."""
    q = GradableQuestion("n", "numeric", answer=10, tolerance=-1)
    assert grade_question(q, "11").state is R


def test_numeric_without_answer_is_config_error():
    """A numeric question with no numeric answer is a configuration error."""
    with pytest.raises(ValueError):
        grade_question(GradableQuestion("n", "numeric"), "1")


@pytest.mark.parametrize("response, state", [
    ("Universal Periodic Review", R), ("universal periodic review", R),
    ("  UNIVERSAL   periodic\treview. ", R), ("upr", R), ("UPR!", R),
    ("Examen Périodique Universel", R), ("examen periodique  universel", R),
    ("EXAMEN PERIÓDICO UNIVERSAL", R), ("epu", R),
    ("Universal Period Review", W), ("UPR review", W), ("U P R", W),
    ("", U), ("   ", U), ("?!", U), (None, U),
])
def test_text_any_language(response, state):
    """Text answers match an accepted answer in any language, ignoring case/accents/spaces."""
    assert grade_question(TEXT, response).state is state


@pytest.mark.parametrize("response", [["UPR"], 3, {"en": "UPR"}])
def test_text_tampered(response):
    """A non-string text answer is tampering."""
    with pytest.raises(InvalidAnswer):
        grade_question(TEXT, response)


@pytest.mark.parametrize("response, score, state", [
    ({"iccpr": "ccpr", "cedaw": "cedaw-c", "cat": "cat-c", "crc": "crc-c"}, 2.0, R),
    ({"iccpr": "ccpr", "cedaw": "cedaw-c", "cat": "crc-c", "crc": "cat-c"}, 1.0, P),
    ({"iccpr": "ccpr"}, 0.5, P),
    ({"iccpr": "ccpr", "cedaw": "", "cat": None}, 0.5, P),
    ({"iccpr": "ccpr", "cedaw": "ccpr", "cat": "ccpr", "crc": "ccpr"}, 0.5, P),
    ({"iccpr": "cat-c", "cat": "ccpr"}, 0.0, W),
    ({"iccpr": "", "cat": None}, 0.0, U),
    ({}, 0.0, U),
    (None, 0.0, U),
])
def test_matching_partial(response, score, state):
    """Each correct pair earns points / number of pairs; blanks are not matched."""
    assert grade_question(MATCH, response) == Mark(score, 2.0, state)


@pytest.mark.parametrize("response", [
    {"icescr": "ccpr"}, {"iccpr": "cescr"}, {"iccpr": ["ccpr"]}, [("iccpr", "ccpr")], "ccpr",
])
def test_matching_tampered(response):
    """Unknown left or right ids, or a bad shape, raise InvalidAnswer."""
    with pytest.raises(InvalidAnswer):
        grade_question(MATCH, response)


@pytest.mark.parametrize("response, state", [
    (["report", "review", "adoption"], R), (("report", "review", "adoption"), R),
    (["review", "report", "adoption"], W), (["adoption", "review", "report"], W),
    ([], U), (None, U),
])
def test_ordering_all_or_nothing(response, state):
    """Ordering is right only in exactly the listed order."""
    mark = grade_question(ORDER, response)
    assert mark.state is state and mark.score == (1.0 if state is R else 0.0)


@pytest.mark.parametrize("response", [
    ["report", "review"],                          # partial permutation
    ["report", "review", "review"],                # duplicate
    ["report", "review", "adoption", "report"],    # too long
    ["report", "review", "vote"],                  # unknown id
    ["report", "review", "adoption", "vote"],
    "report", {"report": 1}, [1, 2, 3],
])
def test_ordering_tampered(response):
    """Anything but a permutation of the items (or an empty answer) is tampering."""
    with pytest.raises(InvalidAnswer):
        grade_question(ORDER, response)


QUIZ = [SINGLE, MULTI, TF, NUM, TEXT, MATCH, ORDER]  # max 1+3+1+1+1+2+1 = 10


@pytest.mark.parametrize("responses, score, percent", [
    ({}, 0.0, 0.0),
    ({"members": "a", "mechanisms": ["a", "b", "c"], "binding": "false", "count": "47",
      "upr": "EPU", "treaties": {"iccpr": "ccpr", "cedaw": "cedaw-c", "cat": "cat-c",
                                 "crc": "crc-c"}, "upr-cycle": ["report", "review", "adoption"]},
     10.0, 100.0),
    ({"members": "a", "mechanisms": ["a"], "treaties": {"iccpr": "ccpr"}}, 2.5, 25.0),
    ({"members": "b", "count": "forty", "upr": ""}, 0.0, 0.0),
])
def test_grade_attempt(responses, score, percent):
    """An attempt sums marks, counts missing answers as unanswered and gives a percent."""
    result = grade_attempt(QUIZ, responses)
    assert (result.score, result.max_score, result.percent) == (score, 10.0, percent)
    assert set(result.marks) == {q.id for q in QUIZ}


def test_grade_attempt_missing_is_unanswered():
    """Questions without a response get an unanswered mark."""
    assert grade_attempt(QUIZ, {}).marks["upr"].state is U


def test_grade_attempt_rounds_percent():
    """A third of the points gives 33.3333 percent."""
    qs = [GradableQuestion(f"q{i}", "truefalse", answer=True) for i in range(3)]
    assert grade_attempt(qs, {"q0": True}).percent == 33.3333


@pytest.mark.parametrize("responses", [{"ghost": "a"}, {"members": "a", "extra": None}])
def test_grade_attempt_unknown_question(responses):
    """Responses for question ids not in the quiz are tampering."""
    with pytest.raises(InvalidAnswer):
        grade_attempt(QUIZ, responses)


def test_grade_attempt_tampered_answer_propagates():
    """A tampered answer to one question fails the whole attempt."""
    with pytest.raises(InvalidAnswer):
        grade_attempt(QUIZ, {"members": "zzz"})


def test_grade_attempt_duplicate_ids():
    """Two questions with one id are a configuration error."""
    with pytest.raises(ValueError):
        grade_attempt([SINGLE, SINGLE], {})


def test_grade_attempt_zero_points():
    """An attempt worth no points has percent 0, not a division error."""
    assert grade_attempt([], {}).percent == 0.0


@pytest.mark.parametrize("method, percents, expected", [
    ("highest", [40.0, 90.0, 70.0], 90.0),
    ("last", [40.0, 90.0, 70.0], 70.0),
    ("first", [40.0, 90.0, 70.0], 40.0),
    ("average", [40.0, 90.0, 70.0], 66.6667),
    ("average", [0.1, 0.2], 0.15),
    ("highest", [55.5], 55.5), ("last", [55.5], 55.5),
    ("first", [55.5], 55.5), ("average", [55.5], 55.5),
    ("highest", [], None), ("last", [], None), ("first", [], None), ("average", [], None),
])
def test_counted_grade(method, percents, expected):
    """Each grading method picks the right attempt; no attempts gives None."""
    assert counted_grade(method, percents) == expected


@pytest.mark.parametrize("method", ["best", "", "Highest", "mean"])
def test_counted_grade_unknown_method(method):
    """An unknown grading method is a ValueError, even without attempts."""
    with pytest.raises(ValueError):
        counted_grade(method, [])


BANDS = [(0, "retry"), (70, "pass"), (90, "excellent")]


@pytest.mark.parametrize("percent, expected", [
    (0, "retry"), (0.0, "retry"), (69.9999, "retry"), (70, "pass"), (70.0, "pass"),
    (89.9999, "pass"), (90, "excellent"), (100, "excellent"), (-1, None),
])
def test_band_for_boundaries(percent, expected):
    """The band with the highest min <= percent wins, min included."""
    assert band_for(percent, BANDS) == expected


@pytest.mark.parametrize("bands, percent, expected", [
    ([(90, "excellent"), (0, "retry"), (70, "pass")], 75, "pass"),
    ([(50, "half")], 10, None),
    ([], 50, None),
    ([(70, "first"), (70, "second")], 80, "first"),
])
def test_band_for_unsorted_and_empty(bands, percent, expected):
    """Band order does not matter; no fitting band gives None; ties keep the first."""
    assert band_for(percent, bands) == expected


IDS = [f"q{i}" for i in range(12)]


@pytest.mark.parametrize("seed", ["attempt-1", "attempt-2:members", "", "é"])
def test_shuffled_is_deterministic_permutation(seed):
    """The same seed always gives the same permutation, and the input is untouched."""
    before = list(IDS)
    first = shuffled(IDS, seed)
    assert first == shuffled(IDS, seed)
    assert sorted(first) == sorted(IDS) and IDS == before


def test_shuffled_differs_between_seeds():
    """Different seeds give different orders."""
    orders = {tuple(shuffled(IDS, f"attempt-{n}")) for n in range(20)}
    assert len(orders) == 20
    assert shuffled(IDS, "a") != shuffled(IDS, "b")


def test_shuffled_stable_across_processes():
    """The order does not depend on Python's per-process hash salt."""
    code = ("from hrdap.quizzes.grading import shuffled;"
            "print(shuffled([f'q{i}' for i in range(12)], 'attempt-7'))")
    root = str(Path(grading.__file__).parents[2])
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": salt, "PYTHONPATH": root}).stdout
        for salt in ("1", "2")
    }
    assert outputs == {f"{shuffled(IDS, 'attempt-7')}\n"}


@pytest.mark.parametrize("ids", [[], ["only"]])
def test_shuffled_trivial(ids):
    """Empty and single-item lists come back unchanged."""
    assert shuffled(ids, "seed") == ids
