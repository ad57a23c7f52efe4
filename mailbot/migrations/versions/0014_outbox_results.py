"""Send results for the workflow: a mail that failed for good, or whose delivery is in doubt, is recorded by the
sender as a row of its own (status, reason, when), which the workflow finds, notes on the ticket and tells the
operators of, marking it acted on. The results of mail sent before this revision were acted on as they happened:
none is carried over. Going down drops the table; the outbox rows keep their status and last error.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], name=op.f('fk_outbox_results_outbox_id_outbox')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_results'))
    )
    op.create_index(op.f('ix_outbox_results_acted_at'), 'outbox_results', ['acted_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_outbox_results_acted_at'), table_name='outbox_results')
    op.drop_table('outbox_results')
