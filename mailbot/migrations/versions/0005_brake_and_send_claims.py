"""The global brake on automatic mail (which outgoing mail goes beyond the registry's own people, and an index on
the outbox's creation time to count it), and the sender's claim on a message it is sending (a fencing token).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('claim', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_outbox_created_at', ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_created_at')
        batch_op.drop_column('claim')
        batch_op.drop_column('external')
