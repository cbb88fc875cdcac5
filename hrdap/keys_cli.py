"""``hrdap keys``: generate and rotate the encryption keys of sensitive fields."""
from __future__ import annotations

import click
from cryptography.fernet import Fernet
from flask.cli import with_appcontext
from sqlalchemy import Text, select, type_coerce, update

from hrdap.blind_index import email_index
from hrdap.crypto import encrypted_columns, rotate
from hrdap.extensions import db


@click.group("keys")
def keys() -> None:
    """Encryption keys for sensitive fields."""


@keys.command("generate")
def generate() -> None:
    """Print a new key. Put it first in HRDAP_ENCRYPTION_KEYS (keep the old ones after it), then rotate;
    or first in HRDAP_BLIND_INDEX_KEYS, then reindex."""
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


def blind_indexed() -> list[tuple]:
    """(model, encrypted attribute, index attribute) of every blind index: what reindexing rewrites."""
    from hrdap.auth.models import User
    from hrdap.mail.models import OutboxEmail

    return [(User, "email", "email_index"), (OutboxEmail, "recipient", "recipient_index")]


@keys.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Recompute every blind index (email look-ups) under the first key of HRDAP_BLIND_INDEX_KEYS."""
    total = 0
    for model, value_attr, index_attr in blind_indexed():
        rows = db.session.execute(select(model.id, getattr(model, value_attr))).all()
        with click.progressbar(rows, label=f"{model.__tablename__}.{index_attr}") as bar:
            for key, value in bar:
                db.session.execute(update(model).where(model.id == key).values({index_attr: email_index(value)}))
                total += 1
        db.session.commit()
    click.echo(f"{total} index value(s) rewritten. The old keys can now be removed from HRDAP_BLIND_INDEX_KEYS.")
