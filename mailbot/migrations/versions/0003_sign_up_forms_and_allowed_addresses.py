"""Sign-up and cancellation forms kept on their tickets, and the contact addresses operators have allowed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 15:50:13.797374
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('allowed_addresses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('operator', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_allowed_addresses_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowed_addresses')),
    sa.UniqueConstraint('email', name=op.f('uq_allowed_addresses_email'))
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form', sa.JSON(), nullable=False, server_default='{}'))




def downgrade() -> None:

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('form')

    op.drop_table('allowed_addresses')

