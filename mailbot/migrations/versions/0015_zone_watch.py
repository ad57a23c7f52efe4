"""The zone watch: what the published zone last showed. `zone_reads` holds each zone's SOA serial read last and
when, and the last check's failure; `zone_records` each locked domain's NS and DS records as the zone showed them
then. Both start empty: the first reading fills them. Going down drops both; no ticket or record depends on them.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('zone_reads',
    sa.Column('zone', sa.String(length=253), nullable=False),
    sa.Column('serial', sa.BigInteger(), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('zone', name=op.f('pk_zone_reads'))
    )
    op.create_table('zone_records',
    sa.Column('domain', sa.String(length=253), nullable=False),
    sa.Column('nameservers', sa.JSON(), nullable=False),
    sa.Column('ds', sa.JSON(), nullable=False),
    sa.Column('serial', sa.BigInteger(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('domain', name=op.f('pk_zone_records'))
    )


def downgrade() -> None:
    op.drop_table('zone_records')
    op.drop_table('zone_reads')
