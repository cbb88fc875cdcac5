"""Issue 24, point 11: backups hold every row (every encrypted column filled), stay consistent while
people write, are encrypted to a key the server does not hold, carry none of the app's keys in any
encoding, are rotated, and are never written beside the key files."""
from __future__ import annotations

import base64
import stat
import subprocess
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Text, insert, select, type_coerce

from hrdap.audit.models import AuditEvent
from hrdap.clock import now
from hrdap.crypto import PREFIX, encrypted_columns
from hrdap.extensions import db
from hrdap.lifecycle.backup import (AGE_HEADER, BackupError, backup, check_target, new_key_pair, parse_identity,
                                    parse_recipients, restore, rotate)

from every_table import fill_every_table


def _all_rows() -> dict[str, list]:
    """Every row of every table as stored (ciphertext, not decrypted), sorted."""
    rows = {}
    for table in db.metadata.sorted_tables:
        columns = [type_coerce(c, Text) if isinstance(c.type, Text) else c for c in table.columns]
        rows[table.name] = sorted(tuple(str(v) for v in r) for r in db.session.execute(select(*columns)))
    return rows


def _secrets(app) -> dict[str, bytes]:
    """The app's keys as raw bytes: Fernet keys (whole, and their signing and encryption halves), the
    blind-index keys and the session secret."""
    from hrdap.blind_index import _keys as index_keys
    from hrdap.crypto import _fernet

    found = {"secret key": app.config["SECRET_KEY"].encode()}
    for n, fernet in enumerate(_fernet()._fernets):
        found[f"fernet {n} signing half"] = fernet._signing_key
        found[f"fernet {n} encryption half"] = fernet._encryption_key
        found[f"fernet {n}"] = fernet._signing_key + fernet._encryption_key
    for n, key in enumerate(index_keys()):
        found[f"blind index {n}"] = key
    return found


def _encodings(raw: bytes) -> dict[str, bytes]:
    b64 = base64.b64encode(raw)
    url = base64.urlsafe_b64encode(raw)
    return {"raw": raw, "base64": b64, "base64 unpadded": b64.rstrip(b"="), "urlsafe base64": url,
            "urlsafe base64 unpadded": url.rstrip(b"="), "hex": raw.hex().encode(), "HEX": raw.hex().upper().encode()}


def _key_leaks(data: bytes, keys: dict[str, bytes]) -> list[str]:
    return [f"{name} ({encoding})" for name, raw in keys.items()
            for encoding, text in _encodings(raw).items() if text in data]


class Writer(threading.Thread):
    """Writes audit events one transaction at a time until stopped; remembers what was committed."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.committed, self.stop = app, [], threading.Event()

    def run(self):
        with self.app.app_context():
            n = 0
            while not self.stop.is_set():
                n += 1
                with db.engine.begin() as conn:
                    conn.execute(insert(AuditEvent).values(action="backup.test", target_type="writer",
                                                           target_id=n, at=now()))
                self.committed.append(n)
            db.engine.dispose()


def test_backup_under_writes_restores_every_row_and_no_key(app, database_url, tmp_path):
    """Every table filled (every encrypted column too); a writer commits during the backup; the backup is
    age-encrypted; restored with the private key it equals the database as it was, row by row, plus a
    prefix of the writer's rows; no key of the app is in the backup or its decrypted content, in raw,
    base64, urlsafe base64 or hex."""
    marker = f"BACKUP-{uuid.uuid4().hex}"
    fill_every_table(marker)
    filled = [f"{t.name}.{c.name}" for t, c in encrypted_columns(db.metadata)
              if db.session.scalar(select(type_coerce(c, Text)).where(c.is_not(None)).limit(1)) is None]
    assert filled == [], f"encrypted columns left empty: {filled}"
    before = _all_rows()
    assert all(before.values()), [name for name, rows in before.items() if not rows]
    url = db.engine.url.render_as_string(hide_password=False)
    identity, recipient = new_key_pair()

    writer = Writer(app)
    writer.start()
    while len(writer.committed) < 5:
        time.sleep(0.01)
    at_start = len(writer.committed)
    target = backup(url, tmp_path / "out" / "hrdap-20261201-090000.sqlite3.age", parse_recipients(recipient))
    at_end = len(writer.committed)
    time.sleep(0.05)
    writer.stop.set()
    writer.join(30)
    assert len(writer.committed) > at_end, "the writer did not keep writing around the backup"

    data = target.read_bytes()
    assert data.startswith(AGE_HEADER) and marker.encode() not in data and PREFIX.encode() not in data
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    keys = _secrets(app)
    assert _key_leaks(b"x" + base64.urlsafe_b64encode(keys["fernet 0"]) + b"x", keys), "the key search finds nothing"
    assert _key_leaks(data, keys) == []

    db.session.remove()
    db.engine.dispose()
    with pytest.raises(BackupError):
        restore(url, target, None)
    with pytest.raises(BackupError):
        restore(url, target, parse_identity(new_key_pair()[0]))
    restore(url, target, parse_identity(identity))
    after = _all_rows()
    written = [int(row[5]) for row in after["audit_events"] if row[4] == "writer"]
    assert sorted(written) == list(range(1, len(written) + 1)), "not one consistent moment"
    assert at_start <= len(written) <= at_end, (at_start, len(written), at_end)
    after["audit_events"] = [row for row in after["audit_events"] if row[4] != "writer"]
    before["audit_events"] = [row for row in before["audit_events"] if row[4] != "writer"]
    assert after == before
    plain = tmp_path / "plain"
    from hrdap.lifecycle.backup import _decrypt_to
    _decrypt_to(target, plain, parse_identity(identity))
    decrypted = plain.read_bytes()
    if db.engine.dialect.name == "postgresql":  # pg_dump's custom format is compressed: read it as SQL
        decrypted = subprocess.run(["pg_restore", "--file=-", str(plain)], capture_output=True, check=True).stdout
    assert marker.encode() not in decrypted and PREFIX.encode() in decrypted, "the content is ciphertext"
    assert _key_leaks(decrypted, keys) == []
    print(f"\n[backup] {db.engine.dialect.name}: {sum(map(len, before.values()))} rows in {len(before)} tables, "
          f"{len(encrypted_columns(db.metadata))} encrypted columns filled; {at_end - at_start} writes during "
          f"the backup, {len(written)} in it; {len(keys)} keys x 7 encodings searched in {len(data):,} + "
          f"{len(decrypted):,} bytes")


def test_backups_are_rotated_and_never_beside_the_keys(app, tmp_path):
    """Backups older than the kept days are deleted (others and foreign files kept); a backup into the
    instance folder (where the key files are) is refused; the CLI needs a public key and a folder."""
    folder = tmp_path / "backups"
    folder.mkdir()
    moment = now()
    names = {days: f"hrdap-{moment - timedelta(days=days):%Y%m%d-%H%M%S}.sqlite3.age" for days in (1, 29, 31, 90)}
    for name in [*names.values(), "notes.txt", "hrdap-keep.age"]:
        (folder / name).write_text("x")
    deleted = rotate(folder, 30, moment)
    assert sorted(p.name for p in deleted) == sorted([names[31], names[90]])
    assert sorted(p.name for p in folder.iterdir()) == sorted([names[1], names[29], "hrdap-keep.age", "notes.txt"])

    with pytest.raises(BackupError, match="beside the key files"):
        check_target(Path(app.instance_path) / "backups" / "b.age", [Path(app.instance_path)])
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code != 0 and "HRDAP_BACKUP_RECIPIENTS" in result.output
    app.config["HRDAP_BACKUP_RECIPIENTS"] = new_key_pair()[1]
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code != 0 and "HRDAP_BACKUP_DIR" in result.output
