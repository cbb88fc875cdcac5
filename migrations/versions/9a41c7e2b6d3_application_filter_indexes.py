"""application filter indexes

The staff list filtered by region or by area: seek the call's matching rows in reference order, and
count them from the index (benchmarks/growth.py).

Revision ID: 9a41c7e2b6d3
Revises: 5c3f2a9d8e41
Create Date: 2026-11-27 10:58:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '9a41c7e2b6d3'
down_revision = '5c3f2a9d8e41'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_call_region', ['call_id', 'region', 'reference', 'submitted_at'], unique=False)
        batch_op.create_index('ix_applications_call_area', ['call_id', 'area', 'reference', 'submitted_at'], unique=False)


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_call_area')
        batch_op.drop_index('ix_applications_call_region')
