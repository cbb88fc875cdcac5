"""Fixtures for quiz tests: the mini course with quizzes (intro: every type; council: one question;
upr: in a locked week) and learners in a cohort. Helpers are in quiz_helpers.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "learning"))

from course_builder import write_course  # noqa: E402
from factories import make_user, sign_in  # noqa: E402
from quiz_helpers import enrol  # noqa: E402
from quiz_toml import ONE_QUESTION, quiz_toml  # noqa: E402

from hrdap.extensions import db  # noqa: E402
from hrdap.learning.models import Course  # noqa: E402
from hrdap.learning.sync import sync_course  # noqa: E402


@pytest.fixture
def make_course(app, tmp_path, frozen_clock):
    """Sync the mini course with an intro quiz built with ``options`` (see quiz_toml)."""

    def make(**options) -> Course:
        quizzes = {"intro": quiz_toml(**options), "council": quiz_toml("council-quiz", ONE_QUESTION),
                   "upr": quiz_toml("upr-quiz", ONE_QUESTION.replace("council-only", "upr-only"))}
        sync_course(write_course(tmp_path, future="locked", quizzes=quizzes))
        return db.session.scalar(db.select(Course))

    return make


@pytest.fixture
def course(make_course):
    """The mini course with the default quizzes (3 attempts, highest grade counts)."""
    return make_course()


@pytest.fixture
def make_learner(app):
    """A signed-in participant in week 2 of a cohort of ``course``: returns (client, user)."""

    def make(course, language="en", coach=None, name=None):
        user = make_user(roles=("participant",), language=language, name=name)
        enrol(course, user, coach=coach)
        client = app.test_client()
        sign_in(client, user)
        return client, user

    return make


@pytest.fixture
def learner(course, make_learner):
    return make_learner(course)


