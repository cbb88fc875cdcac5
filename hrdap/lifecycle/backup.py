"""Consistent backups while the app runs, encrypted to a key the server never holds, and their restore.

SQLite: ``VACUUM INTO`` writes a consistent snapshot (writers go on in WAL mode; free pages, where
purged rows linger, are not copied). PostgreSQL: ``pg_dump``'s custom format, restored with
``pg_restore``. The snapshot is encrypted with age (X25519, through pyrage) to one or more *recipients*
(public keys, ``HRDAP_BACKUP_RECIPIENTS``): the server can write a backup but never read one. The
matching *identity* (private key) stays off the server; ``hrdap restore`` asks for it. The app's own
keys (encryption, blind index, session) are never in a backup: they live outside the database.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pyrage
from pyrage import x25519
from sqlalchemy.engine import make_url

from hrdap.database import owner_only_file

AGE_HEADER = b"age-encryption.org/v1\n"
#: Names of the backups that rotation may delete (and nothing else in the folder).
BACKUP_NAME = re.compile(r"^hrdap-\d{8}-\d{6}\.(sqlite3|pgdump)\.age$")


class BackupError(RuntimeError):
    """The backup or restore could not be made; the message says why."""


def new_key_pair() -> tuple[str, str]:
    """(identity, recipient): a private key to keep off the server, and its public key for the server."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def parse_recipients(text: str | None) -> list:
    """The public keys of ``HRDAP_BACKUP_RECIPIENTS`` (comma-separated ``age1…``)."""
    keys = [k.strip() for k in (text or "").split(",") if k.strip()]
    if not keys:
        raise BackupError("no backup recipient: set HRDAP_BACKUP_RECIPIENTS to a public key (age1…). Make a key "
                          "pair with `hrdap backup-key` on another computer and keep its private half there.")
    try:
        return [x25519.Recipient.from_str(k) for k in keys]
    except pyrage.RecipientError as exc:
        raise BackupError("HRDAP_BACKUP_RECIPIENTS holds a value that is not an age public key (age1…)") from exc


def parse_identity(text: str) -> object:
    """The private key typed (or read from a file) for a restore: an ``AGE-SECRET-KEY-1…`` line."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    try:
        return x25519.Identity.from_str(lines[0] if lines else "")
    except pyrage.IdentityError as exc:
        raise BackupError("that is not an age private key (AGE-SECRET-KEY-1…)") from exc


def _sqlite_path(url) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(url.database)


def _pg_url(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def suffix_for(database_url: str) -> str:
    return ".sqlite3.age" if make_url(database_url).get_backend_name() == "sqlite" else ".pgdump.age"


def check_target(target: Path, forbidden: list[Path]) -> None:
    """Refuse a backup written beside the keys (``instance/``) or over an existing file."""
    folder = target.resolve().parent
    for place in forbidden:
        place = place.resolve()
        if folder == place or place in folder.parents:
            raise BackupError(f"{target} is beside the key files in {place}: write backups elsewhere "
                              "(HRDAP_BACKUP_DIR), ideally on another disk or machine")
    if target.exists():
        raise BackupError(f"{target} exists already")


def _encrypt_to(source, target: Path, recipients: list) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            pyrage.encrypt_io(source, out, recipients)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def backup(database_url: str, target: Path, recipients: list) -> Path:
    """Write an encrypted backup of the database to ``target`` (created 0600) and return it."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="hrdap-backup-") as private:  # 0700
            snapshot = Path(private) / "snapshot.sqlite3"
            conn = sqlite3.connect(_sqlite_path(url), isolation_level=None)
            try:
                conn.execute("VACUUM INTO ?", (str(snapshot),))
            finally:
                conn.close()
            with open(snapshot, "rb") as plain:
                _encrypt_to(plain, target, recipients)
        return target
    if url.get_backend_name() == "postgresql":
        if not shutil.which("pg_dump"):
            raise BackupError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
        dump = subprocess.Popen(["pg_dump", "--format=custom", "--no-owner", _pg_url(url)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            _encrypt_to(dump.stdout, target, recipients)
        finally:
            dump.stdout.close()
            error = dump.stderr.read().decode(errors="replace")
            dump.wait()
        if dump.returncode != 0:
            target.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {error.strip()[:300]}")
        return target
    raise BackupError(f"backups of {url.get_backend_name()} databases are not supported")


def rotate(folder: Path, keep_days: int, moment: datetime) -> list[Path]:
    """Delete this tool's backups in ``folder`` older than ``keep_days`` (by the time in their name), so
    that what ``hrdap purge`` deleted does not live on in old backups. Returns what was deleted."""
    deleted = []
    for path in sorted(folder.glob("hrdap-*.age")):
        if not BACKUP_NAME.match(path.name):
            continue
        taken = datetime.strptime(path.name[6:21], "%Y%m%d-%H%M%S").replace(tzinfo=moment.tzinfo)
        if taken < moment - timedelta(days=keep_days):
            path.unlink()
            deleted.append(path)
    return deleted


def _decrypt_to(source: Path, plain: Path, identity) -> None:
    owner_only_file(plain)
    with open(source, "rb") as encrypted, open(plain, "wb") as out:
        try:
            pyrage.decrypt_io(encrypted, out, [identity])
        except pyrage.DecryptError as exc:
            raise BackupError("this private key does not open the backup (or the file is damaged)") from exc


def is_encrypted(source: Path) -> bool:
    with open(source, "rb") as handle:
        return handle.read(len(AGE_HEADER)) == AGE_HEADER


def restore(database_url: str, source: Path, identity=None) -> None:
    """Replace the database's content with the backup at ``source`` (decrypted with ``identity``)."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    with tempfile.TemporaryDirectory(prefix="hrdap-restore-") as private:
        if is_encrypted(source):
            if identity is None:
                raise BackupError("this backup is encrypted: give its private key")
            plain = Path(private) / "backup"
            _decrypt_to(source, plain, identity)
        else:
            plain = source  # a backup made before backups were encrypted
        _restore_plain(database_url, plain)


def _restore_plain(database_url: str, source: Path) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        backup_db = sqlite3.connect(source)
        live = sqlite3.connect(_sqlite_path(url))
        try:
            backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
        return
    if url.get_backend_name() == "postgresql":
        if not shutil.which("pg_restore"):
            raise BackupError("pg_restore is not installed (Debian: apt-get install postgresql-client)")
        result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                                 "--dbname", _pg_url(url), str(source)], capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()[:300]}")
        return
    raise BackupError(f"restoring {url.get_backend_name()} databases is not supported")
