"""encrypt review comments

A reviewer's comment speaks about a defender (their work, their risks, what a referee said): it is
sensitive like the application itself. The column's type in the database does not change (text); the
values already stored in clear are encrypted under the current key, and decrypted again on downgrade.

Revision ID: 5c3f2a9d8e41
Revises: 010b116e08dc
Create Date: 2026-11-27 10:20:00

"""
from alembic import op
import sqlalchemy as sa

from hrdap.crypto import PREFIX, decrypt, encrypt


# revision identifiers, used by Alembic.
revision = '5c3f2a9d8e41'
down_revision = '010b116e08dc'
branch_labels = None
depends_on = None

_reviews = sa.table("reviews", sa.column("id", sa.Integer), sa.column("comment", sa.Text))


def _rewrite(convert, needs) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_reviews.c.id, _reviews.c.comment)).all()
    for row_id, comment in rows:
        if comment is not None and needs(comment):
            bind.execute(_reviews.update().where(_reviews.c.id == row_id).values(comment=convert(comment)))


def upgrade():
    _rewrite(encrypt, lambda value: not value.startswith(PREFIX))


def downgrade():
    _rewrite(decrypt, lambda value: value.startswith(PREFIX))
