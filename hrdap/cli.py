"""The ``hrdap`` command: Flask's CLI (run, db upgrade, ...) plus the project's own commands."""
from __future__ import annotations

import getpass
import sys

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from hrdap.extensions import db


def _factory() -> Flask:
    from hrdap import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_factory, add_version_option=False)
def cli() -> None:
    """HRDAP: run the platform and manage its data."""


def main() -> None:
    """Entry point of the ``hrdap`` console script."""
    from hrdap.config import ConfigError

    try:
        cli.main(prog_name="hrdap", standalone_mode=True)
    except ConfigError as err:
        click.echo(f"Configuration error: {err}", err=True)
        raise SystemExit(2) from err


@cli.command("demo", with_appcontext=False)
@click.option("--port", default=5000, show_default=True)
@click.option("--no-serve", is_flag=True, help="Prepare the demo database and exit.")
def demo_command(port: int, no_serve: bool) -> None:
    """Create a demo database on SQLite with sample data, print the sign-ins, and serve it."""
    from hrdap import create_app
    from hrdap.demo import prepare_demo

    app = create_app({"HRDAP_DEMO": True})
    with app.app_context():
        lines = prepare_demo(app)
    click.echo("\n".join(lines))
    if not no_serve:
        from werkzeug.serving import run_simple

        # app.run() is ignored inside Flask's CLI; the development server is started directly.
        run_simple("127.0.0.1", port, app, threaded=True)


from hrdap.learning.cli import courses  # noqa: E402
from hrdap.keys_cli import keys  # noqa: E402
from hrdap.translations_cli import translations  # noqa: E402

cli.add_command(translations)
cli.add_command(courses)
cli.add_command(keys)


def init_app(app: Flask) -> None:
    """Register the commands that need an application."""
    from hrdap.lifecycle.cli import backup_command, backup_key_command, purge_command, restore_command

    app.cli.add_command(create_staff)
    app.cli.add_command(keys)
    app.cli.add_command(purge_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(backup_key_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(mail_group)


@click.command("create-staff")
@click.argument("email")
@click.option("--name", default="Programme staff", show_default=True)
@with_appcontext
def create_staff(email: str, name: str) -> None:
    """Create the first staff account (asks for the password). Two-factor is set up at first sign-in."""
    from hrdap.auth.models import Role
    from hrdap.auth.services import AuthError, create_user, find_user
    from hrdap.auth.messages import message

    if find_user(email):
        raise click.ClickException("An account with this email already exists.")
    password = getpass.getpass("Password (12+ characters): ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    try:
        create_user(email, name, password, roles=(Role.STAFF,), verified=True)
    except AuthError as err:
        raise click.ClickException(message(err.code)) from err
    db.session.commit()
    click.echo(f"Staff account created for {email}. Sign in to set up two-factor authentication.")


@click.group("mail")
def mail_group() -> None:
    """Outgoing mail."""


@mail_group.command("send")
@click.option("--loop", is_flag=True, help="Keep sending every 10 seconds (a simple worker).")
@with_appcontext
def send_mail(loop: bool) -> None:
    """Send queued mail (over SMTP when configured; to the log otherwise)."""
    import time

    from hrdap.mail.services import deliver_pending

    while True:
        sent = deliver_pending()
        click.echo(f"{sent} mail(s) sent.")
        if not loop:
            return
        time.sleep(10)


@cli.command("demo-code", with_appcontext=False)
@click.argument("email")
def demo_code(email: str) -> None:
    """Demo only: print the current two-factor code of a demo account."""
    from hrdap import create_app

    with create_app({"HRDAP_DEMO": True}).app_context():
        _print_demo_code(email)


def _print_demo_code(email: str) -> None:
    import pyotp

    from hrdap.auth.services import find_user
    from hrdap.demo import DEMO_DOMAIN

    user = find_user(email)
    if user is None or not user.email.endswith("@" + DEMO_DOMAIN) or not user.totp_secret:
        raise click.ClickException("Only demo accounts with two-factor have codes here.")
    click.echo(pyotp.TOTP(user.totp_secret).now())
