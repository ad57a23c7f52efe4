"""A change ticket holds one organisation's change, to one domain or several: its `change` is now the resulting
records of each domain (`{"hmrc.gov.uk": {"nameservers": [...]}}`), no longer one domain's fields. Each ticket's
change is rewritten so, and its digest made anew over the new shape (a verification that matched the old
digest matches the new one; one that did not still does not). A registrar's open request is now looked for by
organisation and registrar, since one ticket may hold several domains: the index follows. Going down writes a
ticket of one domain back as it was, and refuses when any ticket holds several.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 08:00:00
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

FIELDS = ('nameservers', 'ds', 'contacts', 'registrant')
_TICKETS = sa.table('tickets', sa.column('id', sa.Integer()), sa.column('domains', sa.JSON()),
                    sa.column('change', sa.JSON()), sa.column('change_digest', sa.String(64)),
                    sa.column('verified_digest', sa.String(64)))


def _digest(change: dict) -> str:
    # As mailbot.workflow.changes.digest wrote it at this revision.
    return hashlib.sha256(json.dumps({'change': change}, sort_keys=True, separators=(',', ':')).encode()).hexdigest()


def _old_digest(domain: str, change: dict) -> str:
    canonical = json.dumps({'domain': domain, 'change': change}, sort_keys=True, separators=(',', ':'))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _rewrite(convert) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_TICKETS).where(_TICKETS.c.change_digest.is_not(None))).all()
    for row in rows:
        values = convert(row)
        if values is not None:
            bind.execute(_TICKETS.update().where(_TICKETS.c.id == row.id).values(**values))


def _per_domain(row):
    change = row.change or {}
    if not row.domains or not set(change) <= set(FIELDS):
        return None  # nothing to hold, or written per domain already
    new = {row.domains[0]: change} if change else {}
    digest = _digest(new)
    verified = digest if row.verified_digest is not None and row.verified_digest == row.change_digest \
        else row.verified_digest
    return {'change': new, 'change_digest': digest, 'verified_digest': verified}


def _one_domain(row):
    change = row.change or {}
    if set(change) <= set(FIELDS):
        return None
    if len(change) > 1:
        raise RuntimeError(f'ticket {row.id} holds a change to several domains; 0010 cannot hold it')
    (domain, fields), = change.items()
    digest = _old_digest(domain, fields)
    verified = digest if row.verified_digest is not None and row.verified_digest == row.change_digest \
        else row.verified_digest
    return {'change': fields, 'change_digest': digest, 'verified_digest': verified}


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_domain_id_registrar_id')
        batch_op.create_index('ix_tickets_organisation_id_registrar_id', ['organisation_id', 'registrar_id'],
                              unique=False)
    _rewrite(_per_domain)


def downgrade() -> None:
    _rewrite(_one_domain)
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_organisation_id_registrar_id')
        batch_op.create_index('ix_tickets_domain_id_registrar_id', ['domain_id', 'registrar_id'], unique=False)
