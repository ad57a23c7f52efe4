"""Reply tokens issued with each outgoing mail, so that a token counts once, for its ticket, stage, audience
and addresses, and only until it expires.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reply_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=16), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_for', sa.String(length=40), nullable=True),
    sa.Column('used_by', sa.String(length=320), nullable=True),
    sa.Column('used_message_pk', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_reply_tokens_ticket_id_tickets')),
    sa.ForeignKeyConstraint(['used_message_pk'], ['messages.id'],
                            name=op.f('fk_reply_tokens_used_message_pk_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reply_tokens')),
    sa.UniqueConstraint('serial', name=op.f('uq_reply_tokens_serial'))
    )


def downgrade() -> None:
    op.drop_table('reply_tokens')
