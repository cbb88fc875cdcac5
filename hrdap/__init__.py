"""HRDAP: a platform for Human Rights Defender Advocacy Programmes."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from hrdap import config as config_module


def create_app(config: dict | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, CLI and error handlers.

    ``config`` overrides settings from the environment (tests, demo). The database is never
    migrated here: ``hrdap db upgrade`` (or ``hrdap demo``) does that.
    """
    app = Flask(__name__, instance_relative_config=True)
    # Keys (and the SQLite database, by default) live here: nobody but the app's own user reads it.
    instance = Path(app.instance_path)
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    if instance.stat().st_mode & 0o077:
        instance.chmod(0o700)
    app.config.update(config_module.from_environment(app.instance_path))
    if config:
        app.config.update(config)
    config_module.check(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)
    app.config.setdefault("HRDAP_COURSES_PATH", None)
    if not app.config["HRDAP_COURSES_PATH"]:
        app.config["HRDAP_COURSES_PATH"] = str(Path(__file__).resolve().parent.parent / "courses")

    _init_extensions(app)
    _register_blueprints(app)
    from hrdap import cli, errors
    errors.init_app(app)
    cli.init_app(app)
    return app


def _instance_secret(instance_path: str) -> str:
    """Debug and demo only: a random key kept in instance/ so sessions survive a restart."""
    import secrets

    from hrdap.database import owner_only_file

    path = Path(instance_path) / "secret_key"
    if not path.exists():
        owner_only_file(path)  # 0600 from the start: no moment when the key is readable by others
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _init_extensions(app: Flask) -> None:
    from hrdap import security
    from hrdap.auth.sessions import load_user
    from hrdap.database import configure_sqlite
    from hrdap.extensions import babel, csrf, db, limiter, login_manager
    from hrdap.i18n import select_locale, select_timezone

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine, immediate=app.config.get("HRDAP_SQLITE_IMMEDIATE", True))
        if db.engine.dialect.name == "sqlite" and app.config.get("HRDAP_SQLITE_IMMEDIATE", True):
            from hrdap import sqlite_reads
            sqlite_reads.init_app(app)
    if not app.config.get("HRDAP_WEB_WORKER"):
        # Migrations (Alembic) are for the command line; a web worker is ~20 MB lighter without them.
        from flask_migrate import Migrate
        Migrate(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions are checked on the server instead
    login_manager.request_loader(lambda _request: load_user())
    login_manager.user_loader(lambda _id: load_user())
    security.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from hrdap import i18n, models, navigation  # noqa: F401  (models: every table known to SQLAlchemy)
    from hrdap.account.views import bp as account_bp
    from hrdap.applications.staff_views import bp as selection_bp
    from hrdap.applications.views import bp as applications_bp
    from hrdap.audit.views import bp as audit_bp
    from hrdap.auth.views import bp as auth_bp
    from hrdap.coaching import hooks as coaching_hooks
    from hrdap.coaching.views import bp as coaching_bp
    from hrdap.cohorts import certificate_views, geneva_views, hooks as cohort_hooks  # noqa: F401
    from hrdap.cohorts.views import bp as cohorts_bp
    from hrdap.learning import hooks as learning_hooks, staff_views  # noqa: F401  (routes on learning_bp)
    from hrdap.learning.views import bp as learning_bp
    from hrdap.live import hooks as live_hooks, question_views  # noqa: F401  (routes on live_bp)
    from hrdap.live.views import bp as live_bp
    from hrdap.main.views import bp as main_bp
    from hrdap.people.views import bp as people_bp
    from hrdap.peers.views import bp as peers_bp
    from hrdap.quizzes import hooks as quiz_hooks, staff_views as quiz_staff_views  # noqa: F401
    from hrdap.quizzes.views import bp as quizzes_bp
    from hrdap.survey.views import bp as survey_bp

    i18n.init_app(app)
    navigation.init_app(app)
    learning_hooks.register()
    cohort_hooks.register()
    coaching_hooks.register()  # after learning's: its demo seeder needs the demo cohort
    quiz_hooks.register()  # after learning's: its demo seeder needs the synced course
    live_hooks.register()  # after learning's: its demo seeder needs the demo cohort
    for bp in (main_bp, auth_bp, account_bp, learning_bp, applications_bp, selection_bp,
               cohorts_bp, people_bp, audit_bp, coaching_bp):
        app.register_blueprint(bp)
    app.register_blueprint(quizzes_bp)
    for bp in (live_bp, peers_bp, survey_bp):  # live sessions, peer network, survey
        app.register_blueprint(bp)
