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


@click.command("backup-key")
def backup_key_command() -> None:
    """Print a new key pair for backups. Run it on a computer other than the server: give the server the
    public key (HRDAP_BACKUP_RECIPIENTS) and keep the private key there, offline; restores need it."""
    from hrdap.lifecycle.backup import new_key_pair

    identity, recipient = new_key_pair()
    click.echo(f"Public key (HRDAP_BACKUP_RECIPIENTS on the server):\n{recipient}\n")
    click.echo(f"Private key (keep it OFF the server; `hrdap restore` asks for it):\n{identity}")


@click.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--keep-days", type=click.IntRange(min=1), default=None,
              help="Delete this folder's backups older than this (default HRDAP_BACKUP_KEEP_DAYS, 30).")
@with_appcontext
def backup_command(target: Path | None, keep_days: int | None) -> None:
    """Write a consistent backup, encrypted to HRDAP_BACKUP_RECIPIENTS, while the app keeps running; then
    delete backups older than the kept days so that purged data does not live on."""
    from hrdap.lifecycle.backup import BackupError, backup, check_target, parse_recipients, rotate, suffix_for

    config = current_app.config
    url = config["SQLALCHEMY_DATABASE_URI"]
    moment = now()
    try:
        recipients = parse_recipients(config.get("HRDAP_BACKUP_RECIPIENTS"))
        if target is None:
            if not config.get("HRDAP_BACKUP_DIR"):
                raise BackupError("set HRDAP_BACKUP_DIR (a folder away from instance/ and the keys) or give a FILE")
            target = Path(config["HRDAP_BACKUP_DIR"]) / f"hrdap-{moment:%Y%m%d-%H%M%S}{suffix_for(url)}"
        check_target(target, [Path(current_app.instance_path)])
        with click.progressbar(length=2, label="Backing up and encrypting") as bar:
            backup(url, target, recipients)
            bar.update(1)
            days = keep_days or config.get("HRDAP_BACKUP_KEEP_DAYS") or 30
            deleted = rotate(target.parent, int(days), moment)
            bar.update(1)
    except BackupError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Backup written to {target} (encrypted; only the private key opens it). "
               f"{len(deleted)} backup(s) older than {days} days deleted.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--identity", "identity_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file holding the private key (e.g. on a USB stick). Without it, the key is asked for.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, identity_file: Path | None, yes: bool) -> None:
    """Replace the database's content with a backup (stop the app first)."""
    from hrdap.extensions import db
    from hrdap.lifecycle.backup import BackupError, is_encrypted, parse_identity, restore

    try:
        identity = None
        if is_encrypted(source):
            text = identity_file.read_text() if identity_file else \
                click.prompt("Private key of the backups (AGE-SECRET-KEY-1…)", hide_input=True)
            identity = parse_identity(text)
        if not yes:
            click.confirm("This replaces everything in the database. Continue?", abort=True)
        db.engine.dispose()
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source, identity)
    except BackupError as err:
        raise click.ClickException(str(err)) from err
    click.echo("Restored. The same encryption key(s) must be configured to read sensitive fields.")
