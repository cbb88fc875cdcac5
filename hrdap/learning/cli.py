"""``hrdap courses check`` and ``hrdap courses sync``."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


def _course_folders(path: Path) -> list[Path]:
    """A course folder, or every course folder under ``courses/``."""
    if (path / "course.toml").exists():
        return [path]
    return sorted(p for p in path.iterdir() if (p / "course.toml").exists())


@click.group("courses")
def courses() -> None:
    """Check and load the course files."""


@courses.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def check_command(path: Path | None) -> None:
    """Validate the course files; print each problem as path:line: message and the translation coverage."""
    from hrdap.learning.loader import check

    root = path or Path(__file__).resolve().parents[2] / "courses"
    folders = _course_folders(root)
    if not folders:
        raise click.ClickException(f"no course.toml under {root}")
    ok = True
    for folder in folders:
        passed, lines = check(folder)
        ok = ok and passed
        for line in lines:
            click.echo(line)
        click.echo(f"{folder.name}: {'OK' if passed else 'FAILED'}")
    if not ok:
        raise SystemExit(1)


@courses.command("sync")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def sync_command(path: Path | None) -> None:
    """Load the course files into the database (idempotent; progress is kept)."""
    for line in sync_all(path, echo=True):
        click.echo(line)


def sync_all(path: Path | None = None, echo: bool = False) -> list[str]:
    """Sync every course under ``path`` (default: the configured courses folder)."""
    from hrdap.learning.sync import CourseInvalid, sync_course

    root = path or Path(current_app.config["HRDAP_COURSES_PATH"])
    lines: list[str] = []
    for folder in _course_folders(root):
        try:
            if echo:
                with click.progressbar(length=len(list((folder / "modules").iterdir())),
                                       label=f"Syncing {folder.name}") as bar:
                    report = sync_course(folder, progress=lambda _slug: bar.update(1))
            else:
                report = sync_course(folder)
        except CourseInvalid as err:
            raise click.ClickException("the course files have errors; run `hrdap courses check`:\n"
                                       + "\n".join(err.problems[:20])) from err
        lines.extend(report.lines())
    return lines
