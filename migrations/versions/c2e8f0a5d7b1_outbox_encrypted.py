"""outbox mails encrypted, their bodies dropped once sent

Queued mails carry live single-use links (staff invitations, resets, confirmations) and say who is
mailed about what: anyone holding a copy of the database could claim a pending invitation (issue 24,
point 6). Recipient, subject and body are now encrypted; the recipient gets a blind index (a keyed
hash, hrdap/blind_index.py) so an address's mails can still be found; bodies of mails already sent are
dropped. The downgrade decrypts (sent bodies stay empty).

Revision ID: c2e8f0a5d7b1
Revises: b7d1e4a9c203
Create Date: 2026-11-28 10:00:00

"""
import sqlalchemy as sa
from alembic import op

from hrdap.blind_index import email_index
from hrdap.crypto import PREFIX, decrypt, encrypt

# revision identifiers, used by Alembic.
revision = 'c2e8f0a5d7b1'
down_revision = 'b7d1e4a9c203'
branch_labels = None
depends_on = None

_mails = sa.table("outbox_emails", sa.column("id", sa.Integer), sa.column("recipient", sa.Text),
                  sa.column("recipient_index", sa.String), sa.column("subject", sa.Text),
                  sa.column("body", sa.Text), sa.column("sent_at", sa.DateTime))


def upgrade():
    # No other table refers to outbox_emails, so SQLite's batch mode (copy, drop, rename) is safe here.
    with op.batch_alter_table("outbox_emails") as batch:
        batch.alter_column("recipient", type_=sa.Text(), existing_type=sa.String(254), existing_nullable=False)
        batch.alter_column("subject", type_=sa.Text(), existing_type=sa.String(200), existing_nullable=False)
        batch.alter_column("body", nullable=True, existing_type=sa.Text())
        batch.add_column(sa.Column("recipient_index", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.select(_mails.c.id, _mails.c.recipient, _mails.c.subject, _mails.c.body,
                                  _mails.c.sent_at)).all()
    for mail_id, recipient, subject, body, sent_at in rows:
        if recipient.startswith(PREFIX):
            continue
        bind.execute(_mails.update().where(_mails.c.id == mail_id).values(
            recipient=encrypt(recipient), recipient_index=email_index(recipient), subject=encrypt(subject),
            body=None if sent_at is not None or body is None else encrypt(body)))
    with op.batch_alter_table("outbox_emails") as batch:
        batch.alter_column("recipient_index", nullable=False, existing_type=sa.String(64))
        batch.create_index("ix_outbox_emails_recipient_index", ["recipient_index"])


def downgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.select(_mails.c.id, _mails.c.recipient, _mails.c.subject, _mails.c.body)).all()
    for mail_id, recipient, subject, body in rows:
        if not recipient.startswith(PREFIX):
            continue
        bind.execute(_mails.update().where(_mails.c.id == mail_id).values(
            recipient=decrypt(recipient)[:254], subject=decrypt(subject)[:200],
            body="" if body is None else decrypt(body)))
    with op.batch_alter_table("outbox_emails") as batch:
        batch.drop_index("ix_outbox_emails_recipient_index")
        batch.drop_column("recipient_index")
        batch.alter_column("body", nullable=False, existing_type=sa.Text())
        batch.alter_column("subject", type_=sa.String(200), existing_type=sa.Text(), existing_nullable=False)
        batch.alter_column("recipient", type_=sa.String(254), existing_type=sa.Text(), existing_nullable=False)
