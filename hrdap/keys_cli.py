"""``hrdap keys``: generate and rotate the encryption keys of sensitive fields."""
from __future__ import annotations

import click
from cryptography.fernet import Fernet
from flask.cli import with_appcontext
from sqlalchemy import Text, select, type_coerce, update

from hrdap.crypto import encrypted_columns, rotate
from hrdap.extensions import db


@click.group("keys")
def keys() -> None:
    """Encryption keys for sensitive fields."""


@keys.command("generate")
def generate() -> None:
    """Print a new key. Put it first in HRDAP_ENCRYPTION_KEYS (keep the old ones after it), then rotate."""
    click.echo(Fernet.generate_key().decode())


@keys.command("rotate")
@with_appcontext
def rotate_command() -> None:
    """Re-encrypt every sensitive value under the first key of HRDAP_ENCRYPTION_KEYS."""
    total = 0
    for table, column in encrypted_columns(db.metadata):
        pk = list(table.primary_key.columns)[0]
        raw = type_coerce(column, Text)  # read the stored ciphertext, not the decrypted value
        rows = db.session.execute(select(pk, raw).where(column.is_not(None))).all()
        with click.progressbar(rows, label=f"{table.name}.{column.name}") as bar:
            for key, stored in bar:
                db.session.execute(update(table).where(pk == key)
                                   .values({column.name: type_coerce(rotate(stored), Text)}))
                total += 1
        db.session.commit()
    click.echo(f"{total} value(s) re-encrypted. The old keys can now be removed from HRDAP_ENCRYPTION_KEYS.")
