"""``hrdap purge``, ``hrdap backup`` and ``hrdap restore``."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from hrdap.clock import now


@click.command("purge")
@with_appcontext
def purge_command() -> None:
    """Delete what the retention rules say is due (safe to run every day)."""
    from hrdap.lifecycle.purge import Retention, purge

    for kind, count in purge(Retention.from_environment()).items():
        click.echo(f"{count:6d} {kind}")
    _refresh_statistics()


def _refresh_statistics() -> None:
    """SQLite keeps no planner statistics unless asked; without them a growing call's list scans and
    sorts (benchmarks/growth.py). PostgreSQL's autovacuum already does this."""
    from hrdap.extensions import db

    if db.engine.dialect.name == "sqlite":
        with db.engine.begin() as conn:  # committed: the statistics are rows in sqlite_stat1
            conn.exec_driver_sql("PRAGMA optimize")


@click.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path | None) -> None:
    """Write a consistent backup of the database (the app may keep running). Keep the key separately."""
    from hrdap.lifecycle.backup import BackupError, backup

    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    suffix = ".sqlite3" if url.startswith("sqlite") else ".pgdump"
    target = target or Path(current_app.instance_path) / "backups" / f"hrdap-{now():%Y%m%d-%H%M%S}{suffix}"
    with click.progressbar(length=100, label="Backing up") as bar:
        def progress(done: int, total: int) -> None:
            bar.update(int(100 * done / max(total, 1)) - bar.pos)
        try:
            backup(url, target, progress)
        except BackupError as err:
            raise click.ClickException(str(err)) from err
        bar.update(100 - bar.pos)
    click.echo(f"Backup written to {target}. The encryption key is not in it: keep a copy of the key apart.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database's content with a backup (stop the app first)."""
    from hrdap.extensions import db
    from hrdap.lifecycle.backup import BackupError, restore

    if not yes:
        click.confirm("This replaces everything in the database. Continue?", abort=True)
    db.engine.dispose()
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except BackupError as err:
        raise click.ClickException(str(err)) from err
    click.echo("Restored. The same encryption key(s) must be configured to read sensitive fields.")
