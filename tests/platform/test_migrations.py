"""Migrations: upgrading an empty database through every revision gives exactly the models' schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from hrdap import create_app
from hrdap.extensions import db

from testconfig import fresh_database, make_test_config


def test_upgrade_gives_the_models_schema_and_downgrade_empties(database_url, tmp_path):
    """No autogenerate difference after upgrade; downgrade to base removes every table."""
    url, drop = fresh_database(database_url, tmp_path)
    app = create_app(make_test_config(url))
    try:
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                        db.metadata)
            assert diff == [], f"models and migrations differ: {diff}"
            downgrade(revision="base")
            with db.engine.connect() as conn:
                assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
            upgrade()
            db.engine.dispose()
    finally:
        drop()
