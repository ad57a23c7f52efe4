"""The registry records' history: every load and every change `mailbot registry import` makes to registrars,
organisations, contacts and domains is an event on one hash-chained history, keyed with MAILBOT_AUDIT_KEY like
the tickets', and its end is sealed in a row of its own (mailbot.audit). The first event writes that row: its
seal needs the key, which the database never has. Going down drops both tables, and with them the history.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('registry_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('actor', sa.String(length=320), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_events')),
    sa.UniqueConstraint('seq', name=op.f('uq_registry_events_seq'))
    )
    op.create_index(op.f('ix_registry_events_subject'), 'registry_events', ['subject'], unique=False)
    op.create_table('registry_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('head', sa.String(length=64), nullable=False),
    sa.Column('seal', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_history'))
    )


def downgrade() -> None:
    op.drop_table('registry_history')
    op.drop_index(op.f('ix_registry_events_subject'), table_name='registry_events')
    op.drop_table('registry_events')
