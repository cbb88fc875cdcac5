"""names, addresses and what narrows a person down, encrypted

A stolen database told who had an account and who applied (issue 24, point 8). Encrypted now, with the
values already stored: account addresses, names and time zones; browsers' descriptions of sessions;
applications' gender and working languages; peer-directory themes and languages. Addresses get a blind
index (a keyed hash, hrdap/blind_index.py), unique, which sign-in looks up. The downgrade decrypts.

Revision ID: d4a7b9c1e5f3
Revises: c2e8f0a5d7b1
Create Date: 2026-11-28 11:00:00

"""
import sqlalchemy as sa
from alembic import op

from hrdap.blind_index import email_index
from hrdap.crypto import PREFIX, decrypt, encrypt

# revision identifiers, used by Alembic.
revision = 'd4a7b9c1e5f3'
down_revision = 'c2e8f0a5d7b1'
branch_labels = None
depends_on = None

#: The reflected unnamed unique constraint on users.email gets this name in SQLite's batch mode.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}

#: (table, column, type before) of every column encrypted here, besides users.email.
COLUMNS = [("users", "display_name", sa.String(100)), ("users", "time_zone", sa.String(64)),
           ("user_sessions", "user_agent", sa.String(120)), ("applications", "gender", sa.String(20)),
           ("applications", "languages", sa.String(80)), ("peer_profiles", "themes", sa.JSON()),
           ("peer_profiles", "languages", sa.JSON())]


def _email_unique_name() -> str:
    return "users_email_key" if op.get_bind().dialect.name == "postgresql" else "uq_users_email"


def _retype(table: str, changes: list[tuple[str, sa.types.TypeEngine, sa.types.TypeEngine]]) -> None:
    """Change column types (SQLite rebuilds the table: hrdap's migrations/env.py turns its foreign keys off)."""
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table(table) as batch:
        for column, old, new in changes:
            using = {"postgresql_using": f"{column}::{'json' if isinstance(new, sa.JSON) else 'text'}"} \
                if postgres and (isinstance(old, sa.JSON) or isinstance(new, sa.JSON)) else {}
            batch.alter_column(column, type_=new, existing_type=old, existing_nullable=table != "applications",
                               **using)


def _rewrite(table: str, columns: list[str], convert) -> None:
    bind = op.get_bind()
    t = sa.table(table, sa.column("id", sa.Integer), *[sa.column(c, sa.Text) for c in columns])
    for row in bind.execute(sa.select(t.c.id, *[t.c[c] for c in columns])).all():
        values = {c: convert(c, v) for c, v in zip(columns, row[1:]) if v is not None}
        if values:
            bind.execute(t.update().where(t.c.id == row[0]).values(values))


def upgrade():
    with op.batch_alter_table("users", naming_convention=NAMING) as batch:
        batch.drop_constraint(_email_unique_name(), type_="unique")
        batch.alter_column("email", type_=sa.Text(), existing_type=sa.String(254), existing_nullable=False)
        batch.add_column(sa.Column("email_index", sa.String(length=64), nullable=True))
    by_table: dict[str, list] = {}
    for table, column, old in COLUMNS:
        by_table.setdefault(table, []).append((column, old, sa.Text()))
    for table, changes in by_table.items():
        _retype(table, changes)

    bind = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("email", sa.Text),
                     sa.column("email_index", sa.String))
    for user_id, email in bind.execute(sa.select(users.c.id, users.c.email)).all():
        if not email.startswith(PREFIX):
            bind.execute(users.update().where(users.c.id == user_id)
                         .values(email=encrypt(email), email_index=email_index(email)))
    for table, changes in by_table.items():
        _rewrite(table, [c for c, _o, _n in changes],
                 lambda _c, value: value if value.startswith(PREFIX) else encrypt(value))

    with op.batch_alter_table("users") as batch:
        batch.alter_column("email_index", nullable=False, existing_type=sa.String(64))
        batch.create_unique_constraint("uq_users_email_index", ["email_index"])


def downgrade():
    by_table: dict[str, list] = {}
    for table, column, old in COLUMNS:
        by_table.setdefault(table, []).append((column, sa.Text(), old))

    def clear(_column, value):  # JSON values decrypt to their JSON text
        return decrypt(value) if value.startswith(PREFIX) else value

    for table, changes in by_table.items():
        _rewrite(table, [c for c, _o, _n in changes], clear)
    _rewrite("users", ["email"], lambda _c, value: decrypt(value) if value.startswith(PREFIX) else value)
    for table, changes in by_table.items():
        _retype(table, changes)
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_email_index", type_="unique")
        batch.drop_column("email_index")
        batch.alter_column("email", type_=sa.String(254), existing_type=sa.Text(), existing_nullable=False)
        batch.create_unique_constraint(_email_unique_name(), ["email"])
