"""Ticket deadlines: every timed action a ticket waits for, and the time limits in force when it was opened.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 15:40:39.769403
"""

from datetime import timezone

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadlines', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('limits', sa.JSON(), nullable=False, server_default='{}'))
    # Tickets opened before this revision kept only their first-call deadline: keep waiting for it.
    tickets = sa.table('tickets', sa.column('id', sa.Integer), sa.column('state', sa.String),
                       sa.column('next_deadline', sa.DateTime(timezone=True)), sa.column('deadlines', sa.JSON))
    conn = op.get_bind()
    rows = conn.execute(sa.select(tickets.c.id, tickets.c.next_deadline).where(
        tickets.c.state == 'awaiting_verification', tickets.c.next_deadline.isnot(None))).all()
    for row in rows:
        due = row.next_deadline
        if due.tzinfo is None:  # SQLite keeps naive UTC
            due = due.replace(tzinfo=timezone.utc)
        conn.execute(tickets.update().where(tickets.c.id == row.id).values(deadlines={'first_call': due.isoformat()}))


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('limits')
        batch_op.drop_column('deadlines')
