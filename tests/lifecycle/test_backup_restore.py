"""Backup while running and restore: every row comes back; the encryption key is never in the backup."""
from sqlalchemy import text

from factories import make_user

from hrdap.extensions import db
from hrdap.lifecycle.backup import backup, restore
from hrdap.mail.services import queue


def _all_rows() -> dict[str, list]:
    """Every row of every table, sorted, as plain tuples."""
    rows = {}
    for table in db.metadata.sorted_tables:
        rows[table.name] = sorted((tuple(str(v) for v in r) for r in db.session.execute(table.select())))
    return rows


def test_backup_round_trip_keeps_every_row(app, database_url, tmp_path):
    """A populated database, backed up and restored after changes, equals the original row for row."""
    from hrdap.cohorts.models import GenevaActivity  # noqa: F401 (an encrypted column is among the tables)

    for i in range(3):
        make_user(roles=("applicant",), name=f"Person {i}")
    with app.test_request_context():
        queue("a@example.org", "password_changed")
    db.session.commit()
    before = _all_rows()
    url = db.engine.url.render_as_string(hide_password=False)
    target = backup(url, tmp_path / "backup.bin")
    make_user(name="Added after the backup")
    db.session.execute(text("DELETE FROM outbox_emails"))
    db.session.commit()
    db.session.remove()
    db.engine.dispose()
    restore(url, target)
    assert _all_rows() == before


def test_backup_does_not_contain_the_encryption_key(app, tmp_path):
    """The key that opens sensitive fields is not written into the backup."""
    from hrdap.crypto import _fernet, encrypt

    encrypt("warm up")  # makes sure a key exists (instance file or setting)
    keys = [k._encryption_key for k in _fernet()._fernets] + [k._signing_key for k in _fernet()._fernets]
    make_user()
    url = db.engine.url.render_as_string(hide_password=False)
    data = backup(url, tmp_path / "backup.bin").read_bytes()
    assert all(key not in data for key in keys)
