"""One row in every table, every column filled (encrypted ones with a marker): what a backup must carry.

Built from the metadata, so a table or an encrypted column added later is filled (and checked) too.
"""
from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import JSON, Boolean, Date, Float, Integer, LargeBinary, String, Text, insert

from hrdap.clock import now
from hrdap.crypto import EncryptedJSON, EncryptedText
from hrdap.database import UTCDateTime
from hrdap.extensions import db

#: Columns left empty where a table's own rule needs it (a recommendation belongs to a plan or a version).
EMPTY = {("plan_recommendations", "version_id")}


def _value(table, column, marker: str, ids: dict):
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column.table.name
        return ids[target]
    kind = column.type
    if isinstance(kind, EncryptedJSON):
        return [f"{marker} {table.name}.{column.name}"]
    if isinstance(kind, EncryptedText):
        return f"{marker} {table.name}.{column.name}"
    if isinstance(kind, UTCDateTime):
        return now()
    if isinstance(kind, Date):
        return date(2027, 1, 11)
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer):
        return 1
    if isinstance(kind, Float):
        return 1.5
    if isinstance(kind, LargeBinary):
        return b"%PDF-1.4 backup test"
    if isinstance(kind, JSON):
        return {"en": "value"}
    if isinstance(kind, String) and not isinstance(kind, Text):
        return secrets.token_hex(4)[: kind.length or 8]
    return "text"


def fill_every_table(marker: str) -> dict[str, object]:
    """Insert one row per table, in dependency order; returns each table's primary key value."""
    ids: dict[str, object] = {}
    for table in db.metadata.sorted_tables:
        values = {}
        for column in table.columns:
            if (table.name, column.name) in EMPTY:
                continue
            if column.primary_key and isinstance(column.type, Integer) and not column.foreign_keys:
                continue  # the database numbers it
            values[column.name] = _value(table, column, marker, ids)
        result = db.session.execute(insert(table).values(values))
        key = result.inserted_primary_key
        ids[table.name] = key[0] if key else None
    db.session.commit()
    return ids
