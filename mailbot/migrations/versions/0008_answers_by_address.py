"""Automatic answers counted by address: each answer (or answer withheld) is a row found by its address and
time, so that the day's limits cost the same to check in a flood as on a quiet day. The answers sent and withheld
so far are carried over from the outbox and the history; the index on events by kind, which only that count used,
goes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# The templates that answered a sender's own mail when this revision was written (mailbot.outbox.compose.ANSWERS).
ANSWERS = ('change_received', 'signup_received', 'signup_rejected', 'cancellation_received',
           'cancellation_rejected', 'command_result')


def upgrade() -> None:
    answers = op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withheld', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_answers_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_address_at', ['address', 'at'], unique=False)
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_kind_at')

    # The answers given before still count against today's limits.
    bind = op.get_bind()
    outbox = sa.table('outbox', sa.column('ticket_id', sa.Integer()), sa.column('to', sa.JSON()),
                      sa.column('template', sa.String()), sa.column('created_at', sa.DateTime(timezone=True)))
    events = sa.table('events', sa.column('ticket_id', sa.Integer()), sa.column('kind', sa.String()),
                      sa.column('data', sa.JSON()), sa.column('at', sa.DateTime(timezone=True)))
    rows = [{'address': address, 'ticket_id': r.ticket_id, 'at': r.created_at, 'withheld': False}
            for r in bind.execute(sa.select(outbox.c.ticket_id, outbox.c['to'], outbox.c.created_at).where(
                outbox.c.template.in_(ANSWERS), outbox.c.ticket_id.is_not(None)))
            for address in r.to]
    rows += [{'address': r.data.get('address', ''), 'ticket_id': r.ticket_id, 'at': r.at, 'withheld': True}
             for r in bind.execute(sa.select(events.c.ticket_id, events.c.data, events.c.at).where(
                 events.c.kind == 'answer_withheld'))]
    if rows:
        op.bulk_insert(answers, rows)


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_kind_at', ['kind', 'at'], unique=False)
    op.drop_table('answers')
