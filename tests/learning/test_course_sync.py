"""Syncing the course files: idempotent, progress kept, nothing with progress dropped silently."""
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from course_builder import write_course
from factories import make_user

from hrdap.cli import cli
from hrdap.extensions import db
from hrdap.learning.models import Course, Lesson, LessonProgress, LessonText
from hrdap.learning.sync import CourseInvalid, sync_course

REAL_COURSE = Path(__file__).resolve().parents[2] / "courses" / "hrdap"


def _lesson(slug):
    return db.session.scalar(db.select(Lesson).where(Lesson.slug == slug))


def test_second_sync_changes_nothing(app, tmp_path):
    """Syncing twice gives the same database; the second run reports everything unchanged."""
    folder = write_course(tmp_path)
    first = sync_course(folder)
    count = db.session.scalar(db.select(db.func.count()).select_from(LessonText))
    second = sync_course(folder)
    assert (first.created, second.created, second.updated, second.unchanged) == (5, 0, 0, 5)
    assert db.session.scalar(db.select(db.func.count()).select_from(LessonText)) == count


def test_progress_survives_resync_and_edits(app, tmp_path):
    """A learner's progress stays when lessons are edited and re-synced."""
    folder = write_course(tmp_path)
    sync_course(folder)
    user = make_user(roles=("participant",))
    db.session.add(LessonProgress(user_id=user.id, lesson_id=_lesson("welcome").id))
    db.session.commit()
    page = folder / "modules" / "01-intro" / "welcome.en.md"
    page.write_text(page.read_text() + "\nA new paragraph.\n")
    report = sync_course(folder)
    assert report.updated == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(LessonProgress)) == 1
    assert "A new paragraph" in _lesson("welcome").text("en").html


def test_removed_lesson_with_progress_is_kept_and_reported(app, tmp_path):
    """A lesson gone from the files but with progress is retired (hidden), not deleted, and reported."""
    folder = write_course(tmp_path)
    sync_course(folder)
    user = make_user(roles=("participant",))
    db.session.add(LessonProgress(user_id=user.id, lesson_id=_lesson("basics").id))
    db.session.commit()
    folder = write_course(tmp_path, skip=("intro/basics",))
    for lang in ("en", "fr", "es"):
        (folder / "modules" / "01-intro" / f"basics.{lang}.md").unlink()
    report = sync_course(folder)
    assert report.retired == ["intro/basics"]
    assert _lesson("basics").retired_at is not None
    assert db.session.scalar(db.select(db.func.count()).select_from(LessonProgress)) == 1


def test_removed_lesson_without_progress_is_deleted(app, tmp_path):
    """A lesson nobody touched is simply removed."""
    folder = write_course(tmp_path)
    sync_course(folder)
    for lang in ("en", "fr", "es"):
        (folder / "modules" / "01-intro" / f"basics.{lang}.md").unlink()
    write_course(tmp_path, skip=("intro/basics",))
    for lang in ("en", "fr", "es"):
        (folder / "modules" / "01-intro" / f"basics.{lang}.md").unlink(missing_ok=True)
    report = sync_course(folder)
    assert report.deleted == 1 and _lesson("basics") is None


def test_broken_files_load_nothing(app, tmp_path):
    """A course with errors is refused whole, with its problems listed."""
    folder = write_course(tmp_path)
    (folder / "modules" / "02-council" / "module.toml").write_text('slug = "council"\nweek = 99\n')
    with pytest.raises(CourseInvalid) as err:
        sync_course(folder)
    assert any("module.toml" in p for p in err.value.problems)
    assert db.session.scalar(db.select(db.func.count()).select_from(Course)) == 0


def test_courses_check_passes_on_the_real_course_with_full_coverage():
    """`hrdap courses check` passes and reports 100% in English, French and Spanish."""
    result = CliRunner().invoke(cli, ["courses", "check", str(REAL_COURSE)])
    assert result.exit_code == 0, result.output
    assert "en 100.0%, fr 100.0%, es 100.0%" in result.output


def test_courses_check_fails_on_a_broken_file(tmp_path):
    """A broken content file makes `courses check` exit non-zero with path:line."""
    folder = tmp_path / "hrdap"
    shutil.copytree(REAL_COURSE, folder)
    (folder / "modules" / "02-human-rights-council" / "module.toml").write_text('slug = "x"\nbogus = 1\n')
    result = CliRunner().invoke(cli, ["courses", "check", str(folder)])
    assert result.exit_code == 1
    assert "modules/02-human-rights-council/module.toml:" in result.output


def test_real_course_syncs_with_every_lesson_in_three_languages(app):
    """The shipped course loads: nine modules, every lesson in en, fr and es."""
    sync_course(REAL_COURSE)
    course = db.session.scalar(db.select(Course))
    assert len(course.modules) == 9
    langs = db.session.execute(db.select(LessonText.lang, db.func.count()).group_by(LessonText.lang)).all()
    counts = dict(langs)
    assert counts["en"] == counts["fr"] == counts["es"] >= 40
