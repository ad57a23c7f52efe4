"""Each ticket keeps the end of its history: how many events it holds, the last one's hash, the first event
hashed with MAILBOT_AUDIT_KEY, and a seal of the three made with that key (mailbot.audit), so that cutting the
last events off a history, or rewinding it, shows.

The count and head are filled here from each ticket's events; every event written so far is plain SHA-256, so
keyed hashing begins with the next one. The seal cannot be made here (the key is never the database's): until
`mailbot audit seal` is run, once, after this upgrade, `mailbot audit verify` reports each such ticket as not
sealed. A counter keeps the day of the last digest of the heads mailed to GDS. Going down drops the columns,
and the code of 0009 cannot verify the keyed events written since.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('history_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('history_head', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('history_keyed_from', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('history_seal', sa.String(length=64), nullable=True))
    # A history's events are numbered from 1 without gaps: the count is the last number, the head its hash.
    op.execute("UPDATE tickets SET history_count = "
               "COALESCE((SELECT MAX(seq) FROM events WHERE events.ticket_id = tickets.id), 0)")
    op.execute("UPDATE tickets SET history_head = COALESCE((SELECT hash FROM events WHERE events.ticket_id = "
               f"tickets.id AND events.seq = tickets.history_count), '{'0' * 64}')")
    op.execute("UPDATE tickets SET history_keyed_from = history_count + 1")
    # The day of the last digest of the heads mailed to GDS (mailbot.workflow.history_digest): none yet.
    op.execute("INSERT INTO counters (name, value) VALUES ('history_digest', 0)")


def downgrade() -> None:
    op.execute("DELETE FROM counters WHERE name = 'history_digest'")
    # ALTER TABLE ... DROP COLUMN, which SQLite has since 3.35: a batch would copy the table, and SQLite refuses
    # to drop a table that events and messages name.
    for column in ('history_seal', 'history_keyed_from', 'history_head', 'history_count'):
        op.drop_column('tickets', column)
