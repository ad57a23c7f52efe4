"""The attack corpus, by import: a registry file that would take the lock off a domain, swap its lock contacts or put
back the name servers an authorised change replaced, on SQLite and PostgreSQL.

Every case asserts that the import was refused whole and named each item and the flow to use, that nothing moved
(the lock, the contacts, the records, the registry's history), and that the next request is still verified by
phone with the lock contacts of record.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mailbot.errors import InputError
from mailbot.ingest.receive import receive
from mailbot.registry import ImportRefused
from mailbot.store.models import Contact, Domain, RegistryEvent
from mailbot.workflow import operators
from tests.support.mails import SECURITY, SECURITY_PHONE, body, outbox, reply_to, request
from tests.support.registry_files import (
    EXAMPLE,
    example,
    hmrc,
    hmrc_domain,
    load,
    write,
)

ATTACKER = "security-team@hmrc-support.example"  # a lock contact the attacker controls
ATTACKER_PHONE = "+44 20 7946 0666"
OLD_NAMESERVERS = ["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"]
NEW_NAMESERVERS = ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]


def lock_state(app) -> dict:
    """What an attacker by import would want to move: each domain's lock and records, every contact, the history."""
    with app.sessions() as s:
        return {
            "domains": sorted((d.name, d.locked, d.organisation_id, tuple(d.nameservers), tuple(d.ds))
                              for d in s.scalars(select(Domain))),
            "contacts": sorted((c.organisation_id, c.role, c.email, c.phone) for c in s.scalars(select(Contact))),
            "history": s.scalars(select(RegistryEvent.hash).order_by(RegistryEvent.seq)).all(),
        }


def refused_import(app, tmp_path, data) -> list[str]:
    """Import `data` as an operator would with --apply: it must be refused whole, nothing written; its lines."""
    before = lock_state(app)
    with pytest.raises(ImportRefused) as caught:
        load(app, write(tmp_path, data), actor="Sam Jones")
    assert isinstance(caught.value, InputError) and caught.value.exit_code == 2
    assert lock_state(app) == before
    return caught.value.lines


@pytest.fixture
def loaded(app):
    load(app, EXAMPLE)
    return app


def test_unlock_by_import_is_refused_and_the_next_request_is_still_verified(loaded, tmp_path):
    data = example()
    hmrc_domain(data)["locked"] = False
    [line] = refused_import(loaded, tmp_path, data)
    assert "domain.locked hmrc.gov.uk: locked -> unlocked: refused:" in line
    assert line.endswith("; use a cancellation")
    result = request(loaded)
    assert (result.kind, result.state) == ("change", "awaiting_verification")  # not passed on without a call
    assert SECURITY_PHONE in body(outbox(loaded, "operator_task")[0])


def test_contact_swap_by_import_is_refused_and_the_swapped_in_contact_cannot_verify(loaded, tmp_path):
    data = example()
    hmrc(data)["contacts"][0].update(email=ATTACKER, phone=ATTACKER_PHONE, name="HMRC Security")
    lines = refused_import(loaded, tmp_path, data)
    assert [line.split(": ", 1)[1].split(":")[0] for line in lines] == [
        "contact HM Revenue and Customs", "contact HM Revenue and Customs"]
    assert all(line.endswith("; use a contact change") for line in lines)
    assert ATTACKER in lines[1] and SECURITY in lines[0]

    request(loaded)
    task = body(outbox(loaded, "operator_task")[0])
    assert SECURITY in task and ATTACKER not in task and ATTACKER_PHONE not in task
    with pytest.raises(InputError):
        operators.record_call(loaded, "RL-000001", outcome="verified", contact=ATTACKER, operator="Sam Jones",
                            phone=ATTACKER_PHONE)


def test_a_swap_hidden_among_allowed_changes_is_still_refused_whole(loaded, tmp_path):
    data = example()
    data["registrars"].append({"name": "Fresh Names Ltd", "emails": ["requests@freshnames.example"]})
    hmrc(data)["contacts"][1]["phone"] = ATTACKER_PHONE  # the SOC's number, now the attacker's
    [line] = refused_import(loaded, tmp_path, data)
    assert "contact.phone HM Revenue and Customs: security soc@hmrc.gov.uk: +44 20 7946 0001 -> " \
           f"{ATTACKER_PHONE}: refused:" in line
    with loaded.sessions() as s:
        assert s.scalar(select(Domain).where(Domain.name == "hmrc.gov.uk")).registrar.name == "Example Registrar Ltd"


def _authorised_change(app) -> None:
    """hmrc.gov.uk's name servers replaced through the flow: asked, verified by phone, confirmed, applied."""
    request(app)
    operators.record_call(app, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    coa = next(o for o in outbox(app, "confirmation_of_authorisation") if SECURITY in o.to)
    receive(app, reply_to(coa, sender=SECURITY, text="I confirm this change."), "file")
    operators.applied(app, "RL-000001", operator="Sam Jones")


def test_rollback_of_name_servers_by_import_is_refused(loaded, tmp_path):
    _authorised_change(loaded)
    with loaded.sessions() as s:
        assert s.scalar(select(Domain.nameservers).where(Domain.name == "hmrc.gov.uk")) == NEW_NAMESERVERS
    # Yesterday's export of the registry, imported again: it would put back the name servers the change replaced.
    [line] = refused_import(loaded, tmp_path, example())
    assert line.endswith(f"domain.nameservers hmrc.gov.uk: [{', '.join(NEW_NAMESERVERS)}] -> "
                         f"[{', '.join(OLD_NAMESERVERS)}]: refused: the name servers of a locked domain change only "
                         "when its lock contacts have verified the change by phone; use a change request")
    with loaded.sessions() as s:
        assert s.scalar(select(Domain.nameservers).where(Domain.name == "hmrc.gov.uk")) == NEW_NAMESERVERS


def test_rollback_of_ds_records_by_import_is_refused(loaded, tmp_path):
    data = example()
    hmrc_domain(data)["ds"] = []
    [line] = refused_import(loaded, tmp_path, data)
    assert "domain.ds hmrc.gov.uk:" in line and line.endswith("; use a change request")


def test_nothing_refused_is_told_to_anyone(loaded, tmp_path):
    """An import is the operator's own act at the command line: refusing it mails nobody, and names the lock
    contacts to nobody but the operator."""
    data = example()
    hmrc_domain(data)["locked"] = False
    refused_import(loaded, tmp_path, data)
    assert outbox(loaded) == []  # the operator learns it from the command's own output
