"""Answering a quiz of the real course correctly, as a person who studied would: each question is found on
the page by its text, and answered by the labels of its options (the right answers come from the
course's own quiz file)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from browser_audit import REPO


def quiz_file(module_folder: str) -> dict:
    """The quiz data of a module folder of courses/hrdap/modules."""
    path = REPO / "courses" / "hrdap" / "modules" / module_folder / "quiz.toml"
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def answer_correctly(person, quiz: dict, lang: str = "en") -> int:
    """Answer every question shown on the attempt page; returns how many were answered."""
    page = person.page
    answered = 0
    for question in quiz["question"]:
        text = question["text"][lang]
        group = page.get_by_role("group", name=re.compile(re.escape(text)))
        if not group.count():
            continue  # a quiz may show a subset of its questions
        kind = question["type"]
        if kind == "single":
            option = next(o for o in question["option"] if o.get("correct"))
            group.get_by_label(option["text"][lang], exact=True).check()
        elif kind == "multiple":
            for option in question["option"]:
                if option.get("correct"):
                    group.get_by_label(option["text"][lang], exact=True).check()
        elif kind == "truefalse":
            group.get_by_label("True" if question["answer"] else "False", exact=True).check()
        elif kind == "numeric":
            group.get_by_label("Your answer (a number)", exact=True).fill(str(question["answer"]))
        elif kind == "text":
            accepted = question.get("answers") or question.get("accept") or question["answer"]
            first = accepted[lang] if isinstance(accepted, dict) else accepted
            group.get_by_label("Your answer", exact=True).fill(first[0] if isinstance(first, list) else first)
        elif kind == "matching":
            for pair in question["pair"]:
                group.get_by_label(pair["left"][lang], exact=True).select_option(label=pair["right"][lang])
        elif kind == "ordering":
            for position, item in enumerate(question["item"], start=1):
                group.get_by_label(item["text"][lang], exact=True).select_option(str(position))
        else:
            raise AssertionError(f"unknown question type {kind}")
        answered += 1
    return answered
