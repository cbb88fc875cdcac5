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
