"""An operator's allowance of a contact address waives only the policy's doubt, and can be revoked: each allowance
says whether it also waives person-name (`person_name`: the operator said the local part is a team's), and a
revoked one keeps its row with who revoked it, why, when and on which ticket. An address may so have several rows
over time, of which at most one is in force: the unique constraint on the address becomes a unique index on the
allowances in force. The allowances written before keep waiving not-a-team-address alone (an allowance of a
personal provider's or an individual's address no longer admits it, whatever it says). Going down refuses while
any allowance is revoked, which it could not hold: it would be in force again.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

_IN_FORCE = sa.text('revoked_at IS NULL')


def upgrade() -> None:
    with op.batch_alter_table('allowed_addresses', schema=None) as batch_op:
        batch_op.drop_constraint('uq_allowed_addresses_email', type_='unique')
        batch_op.add_column(sa.Column('person_name', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('revoked_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('revoke_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('revoke_ticket_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_allowed_addresses_revoke_ticket_id_tickets'), 'tickets',
                                    ['revoke_ticket_id'], ['id'])
    op.create_index('ix_allowed_addresses_email_in_force', 'allowed_addresses', ['email'], unique=True,
                    sqlite_where=_IN_FORCE, postgresql_where=_IN_FORCE)


def downgrade() -> None:
    revoked = op.get_bind().execute(sa.text('SELECT count(*) FROM allowed_addresses WHERE revoked_at IS NOT NULL'))
    if revoked.scalar():
        raise RuntimeError('some allowances are revoked; 0011 cannot hold that, and they would be in force again')
    op.drop_index('ix_allowed_addresses_email_in_force', table_name='allowed_addresses')
    with op.batch_alter_table('allowed_addresses', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_allowed_addresses_revoke_ticket_id_tickets'), type_='foreignkey')
        batch_op.drop_column('revoke_ticket_id')
        batch_op.drop_column('revoke_reason')
        batch_op.drop_column('revoked_by')
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('person_name')
        batch_op.create_unique_constraint('uq_allowed_addresses_email', ['email'])
