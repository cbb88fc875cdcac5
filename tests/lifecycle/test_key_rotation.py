"""Key rotation: after `hrdap keys rotate`, the old key can be removed and everything still reads."""
from cryptography.fernet import Fernet

from hrdap import create_app
from hrdap.extensions import db

from testconfig import make_test_config

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _app(database_url, keys):
    return create_app(make_test_config(database_url, HRDAP_ENCRYPTION_KEYS=keys))


def test_rotation_moves_every_value_to_the_new_key(app, database_url):
    """Values written under the old key read under the new key alone once rotated."""
    from hrdap.cohorts.models import Certificate, Cohort, Enrolment, GenevaActivity  # noqa: F401
    from factories import make_user
    from hrdap.learning.models import Course

    old_app = _app(database_url, OLD)
    with old_app.app_context():
        user = make_user(roles=("participant",))
        course = Course(slug="k", title={"en": "K"}, description={}, weeks=10, geneva_weeks=[], future_weeks="readable",
                        week_titles={})
        db.session.add(course)
        db.session.flush()
        from datetime import date
        cohort = Cohort(course_id=course.id, name="K", starts_on=date(2027, 1, 4))
        db.session.add(cohort)
        db.session.flush()
        enrolment = Enrolment(cohort_id=cohort.id, user_id=user.id)
        db.session.add(enrolment)
        db.session.flush()
        db.session.add(GenevaActivity(enrolment_id=enrolment.id, kind="meeting", title="Secret meeting"))
        db.session.commit()
        db.engine.dispose()
    both = _app(database_url, f"{NEW},{OLD}")
    with both.app_context():  # the command runs in the app context it finds (not the test's own)
        result = both.test_cli_runner().invoke(args=["keys", "rotate"])
    import traceback
    assert result.exit_code == 0, "".join(traceback.format_exception(*result.exc_info))[-1500:]
    assert "re-encrypted" in result.output
    with both.app_context():
        db.engine.dispose()
    new_only = _app(database_url, NEW)
    with new_only.app_context():
        assert db.session.scalar(db.select(GenevaActivity.title)) == "Secret meeting"
        db.engine.dispose()


INDEX_OLD, INDEX_NEW = "old-index-key-" + "o" * 40, "new-index-key-" + "n" * 40


def _index_app(database_url, keys):
    return create_app(make_test_config(database_url, HRDAP_BLIND_INDEX_KEYS=keys))


def _found(application, address: str) -> int:
    from hrdap.mail.models import OutboxEmail

    with application.app_context():
        count = db.session.scalar(db.select(db.func.count()).select_from(OutboxEmail).where(OutboxEmail.to(address)))
        db.engine.dispose()
        return count


def test_blind_index_rotation_keeps_look_ups_working(app, database_url):
    """A blind index written under the old key is found while both keys are configured, rewritten by
    `hrdap keys reindex`, then found under the new key alone (and no longer under the old one)."""
    from hrdap.mail.services import queue

    old_app = _index_app(database_url, INDEX_OLD)
    with old_app.test_request_context():
        queue("rotated@example.org", "password_changed")
        db.session.commit()
        db.engine.dispose()
    both = _index_app(database_url, f"{INDEX_NEW},{INDEX_OLD}")
    assert _found(both, "Rotated@example.org") == 1
    assert _found(_index_app(database_url, INDEX_NEW), "rotated@example.org") == 0
    with both.app_context():
        result = both.test_cli_runner().invoke(args=["keys", "reindex"])
        db.engine.dispose()
    assert result.exit_code == 0 and "rewritten" in result.output, result.output
    assert _found(_index_app(database_url, INDEX_NEW), "rotated@example.org") == 1
    assert _found(_index_app(database_url, INDEX_OLD), "rotated@example.org") == 0
