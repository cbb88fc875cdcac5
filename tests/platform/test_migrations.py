"""Migrations: upgrading an empty database through every revision gives exactly the models' schema."""

from datetime import timedelta
from types import SimpleNamespace

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from hrdap import create_app
from hrdap.clock import now
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


def test_review_comments_written_in_clear_are_encrypted_by_the_upgrade(database_url, tmp_path):
    """A comment stored in clear before 5c3f2a9d8e41 is ciphertext after it, reads back the same, and
    downgrading restores the clear text the older code expects."""
    from hrdap.applications.models import Application, Call, Review
    from hrdap.crypto import PREFIX

    url, drop = fresh_database(database_url, tmp_path)
    app = create_app(make_test_config(url))
    try:
        with app.app_context():
            upgrade(revision="010b116e08dc")
            # Accounts as the schema of that revision stores them (the models have moved on since).
            applicant, reviewer = (SimpleNamespace(id=db.session.execute(
                text("INSERT INTO users (email, display_name, password_hash, language, time_zone, created_at, "
                     "totp_last_step) VALUES (:e, 'P', 'x', 'en', 'UTC', :t, 0) RETURNING id"),
                {"e": f"{who}@example.org", "t": now()}).scalar_one()) for who in ("applicant", "reviewer"))
            call = Call(name="HRDAP 2027", reference_prefix="HRDAP27", last_number=1, capacity=16,
                        opens_at=now() - timedelta(days=30), closes_at=now() + timedelta(days=1))
            db.session.add(call)
            db.session.flush()
            application = Application(call_id=call.id, applicant_id=applicant.id, status="submitted", answers="")
            db.session.add(application)
            db.session.flush()
            review_id = db.session.execute(
                text("INSERT INTO reviews (application_id, reviewer_id, scores, comment, conflict) "
                     "VALUES (:a, :r, '{}', :c, false) RETURNING id"),
                {"a": application.id, "r": reviewer.id, "c": "Detained in 2019; the referee confirms."}).scalar_one()
            db.session.commit()

            upgrade()
            raw = db.session.scalar(text("SELECT comment FROM reviews WHERE id = :i"), {"i": review_id})
            assert raw.startswith(PREFIX) and "Detained" not in raw
            db.session.expire_all()
            assert db.session.get(Review, review_id).comment == "Detained in 2019; the referee confirms."
            db.session.commit()

            downgrade(revision="010b116e08dc")
            raw = db.session.scalar(text("SELECT comment FROM reviews WHERE id = :i"), {"i": review_id})
            assert raw == "Detained in 2019; the referee confirms."
            db.session.commit()
            db.engine.dispose()
    finally:
        drop()
