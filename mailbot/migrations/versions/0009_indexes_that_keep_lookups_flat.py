"""Indexes for the three look-ups made for every message whose cost grew with the data: a registrar's open
request for a domain (a scan of every ticket), the day's answers to an address (every answer of the day to it,
withheld ones too, which a robot's flood is made of) and the hour's mail beyond the operators and GDS (every
mail of the hour, most of it to the operators; the index holds the status too, so the count reads the index
alone). Each now reads only rows it counts.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 08:00:00
"""

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_domain_id_registrar_id', ['domain_id', 'registrar_id'], unique=False)
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_address_at')
        batch_op.create_index('ix_answers_address_withheld_at', ['address', 'withheld', 'at'], unique=False)
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_created_at')  # the count's own, now replaced
        batch_op.create_index('ix_outbox_external_created_at_status', ['external', 'created_at', 'status'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_external_created_at_status')
        batch_op.create_index('ix_outbox_created_at', ['created_at'], unique=False)
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_address_withheld_at')
        batch_op.create_index('ix_answers_address_at', ['address', 'at'], unique=False)
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_domain_id_registrar_id')
