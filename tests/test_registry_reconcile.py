"""An import after the first load reconciles, it does not overwrite: every item that touches the lock is refused
(and the whole file with it), the rest is shown and, with --apply, written and recorded on the registry's
history, which `mailbot audit verify` checks; `mailbot registry show` (mailbot.registry, registry_diff,
registry_show, audit)."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import delete, select, update

from mailbot.registry import ImportRefused
from mailbot.store.models import Domain, RegistryEvent, RegistryHistory
from tests.support.cli import run_cli
from tests.support.mails import request
from tests.support.registry_files import (
    EXAMPLE,
    example,
    history,
    hmrc,
    hmrc_domain,
    load,
    parish,
    parish_domain,
    snapshot,
    write,
)

HMRC_ORG = "HM Revenue and Customs"
PARISH_ORG = "Little Ashby Parish Council"
PARISH_SECURITY = {"role": "security", "email": "security@little-ashby-pc.gov.uk", "phone": "01632 960001"}
OLD_DS = "12345 13 2 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"
NEW_DS = "54321 13 2 " + "AB" * 32


def _swap(d):
    hmrc(d)["contacts"][0]["email"] = "csirt@hmrc.gov.uk"


def _move(d):
    parish(d)["contacts"].append(PARISH_SECURITY)
    parish(d)["domains"].append(hmrc(d)["domains"].pop())


def _new_locked_domain(d):
    hmrc(d)["domains"].append({"name": "hmrc-new.gov.uk", "locked": True, "nameservers": ["ns1.hmrc.gov.uk"]})


def _lock_parish(d):
    parish(d)["contacts"].append(PARISH_SECURITY)
    parish_domain(d)["locked"] = True


# Each case: a change to the example, and the refused items it makes: (what, where, flow).
REFUSED = [
    ("unlock", lambda d: hmrc_domain(d).update(locked=False),
     [("domain.locked", "hmrc.gov.uk", "cancellation")]),
    ("lock", _lock_parish,
     [("contact", f"{PARISH_ORG}: security security@little-ashby-pc.gov.uk", "sign-up"),
      ("domain.locked", "little-ashby-pc.gov.uk", "sign-up")]),
    ("contact-swap", _swap,
     [("contact", f"{HMRC_ORG}: security cyber-security@hmrc.gov.uk", "contact change"),
      ("contact", f"{HMRC_ORG}: security csirt@hmrc.gov.uk", "contact change")]),
    ("lock-contact-phone", lambda d: hmrc(d)["contacts"][1].update(phone="+44 20 7946 0999"),
     [("contact.phone", f"{HMRC_ORG}: security soc@hmrc.gov.uk", "contact change")]),
    ("lock-contact-name", lambda d: hmrc(d)["contacts"][1].update(name="Someone Else"),
     [("contact.name", f"{HMRC_ORG}: security soc@hmrc.gov.uk", "contact change")]),
    ("lock-contact-added", lambda d: hmrc(d)["contacts"].append(
        {"role": "security", "email": "csirt@hmrc.gov.uk", "phone": "+44 20 7946 0002"}),
     [("contact", f"{HMRC_ORG}: security csirt@hmrc.gov.uk", "contact change")]),
    ("lock-contact-removed", lambda d: hmrc(d)["contacts"].pop(1),
     [("contact", f"{HMRC_ORG}: security soc@hmrc.gov.uk", "contact change")]),
    ("lock-contact-demoted", lambda d: hmrc(d)["contacts"][1].update(role="technical"),
     [("contact", f"{HMRC_ORG}: security soc@hmrc.gov.uk", "contact change")]),
    ("name-server-rollback", lambda d: hmrc_domain(d).update(nameservers=["ns1.old-dns.example"]),
     [("domain.nameservers", "hmrc.gov.uk", "change request")]),
    ("ds-removed", lambda d: hmrc_domain(d).update(ds=[]), [("domain.ds", "hmrc.gov.uk", "change request")]),
    ("ds-replaced", lambda d: hmrc_domain(d).update(ds=[NEW_DS]), [("domain.ds", "hmrc.gov.uk", "change request")]),
    ("registrant", lambda d: hmrc_domain(d).update(registrant="Somebody Else Ltd"),
     [("domain.registrant", "hmrc.gov.uk", "change request")]),
    ("moved", _move,
     [("contact", f"{PARISH_ORG}: security security@little-ashby-pc.gov.uk", "sign-up"),
      ("domain.organisation", "hmrc.gov.uk",
       "cancellation by the organisation that holds it, then a sign-up by the other")]),
    ("new-locked-domain", _new_locked_domain, [("domain", "hmrc-new.gov.uk", "sign-up")]),
]


def _with_allowed_changes(data: dict) -> None:
    """Changes an import may make: beside a refused item they are not written either."""
    data["registrars"].append({"name": "Fresh Names Ltd", "emails": ["requests@freshnames.example"]})
    parish_domain(data)["nameservers"] = ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]


@pytest.fixture
def loaded(app):
    load(app, EXAMPLE)
    return app


@pytest.mark.parametrize("change, refused", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_an_item_that_touches_the_lock_refuses_the_whole_file(loaded, tmp_path, change, refused):
    before = snapshot(loaded)
    data = example()
    change(data)
    _with_allowed_changes(data)
    path = write(tmp_path, data)
    with pytest.raises(ImportRefused) as caught:
        load(loaded, path)
    assert len(caught.value.lines) == len(refused)
    for line, (what, where, flow) in zip(caught.value.lines, refused):
        assert line.startswith(f"{path}: {what} {where}: ") and line.endswith(f"; use a {flow}"), line
        assert "\n" not in line
    assert snapshot(loaded) == before  # nothing written, the allowed changes neither; no history event

    # Shown without --apply: the refused items marked, the allowed ones too, nothing written.
    result = load(loaded, path, apply=False)
    marked = [(i["what"], i["where"], i["flow"]) for i in result["differences"] if i["refused"]]
    assert marked == refused
    assert {"registrar", "domain.nameservers"} <= {i["what"] for i in result["differences"] if not i["refused"]}
    assert (result["applied"], result["changed"]) == (False, False)
    assert snapshot(loaded) == before


def test_name_servers_in_another_order_are_no_difference(loaded, tmp_path):
    data = example()
    hmrc_domain(data)["nameservers"].reverse()
    before = snapshot(loaded)
    assert load(loaded, write(tmp_path, data))["differences"] == []
    assert snapshot(loaded) == before


def test_the_allowed_items_are_written_each_an_event_on_the_registrys_history(loaded, tmp_path):
    data = example()
    data["registrars"][1]["emails"].append("transfers@othernames.example")
    data["registrars"].append({"name": "Fresh Names Ltd", "emails": ["requests@freshnames.example"]})
    hmrc(data)["contacts"][2]["phone"] = "+44 20 7946 0555"  # the hostmaster: technical
    hmrc(data)["contacts"].append({"role": "notify", "email": "dns-alerts@hmrc.gov.uk"})
    hmrc_domain(data)["whois_contacts"] = ["hostmaster@hmrc.gov.uk", "dns-changes@hmrc.gov.uk"]
    parish_domain(data).update(nameservers=["ns1.newdns.co.uk"], registrar="Fresh Names Ltd")
    data["organisations"].append({"name": "Upper Ashby Town Council",
                                  "contacts": [{"role": "technical", "email": "clerk@upper-ashby-tc.gov.uk"}],
                                  "domains": [{"name": "upper-ashby-tc.gov.uk", "locked": False,
                                               "nameservers": ["ns1.webhost.example"]}]})
    path = write(tmp_path, data)
    first = len(history(loaded))
    result = load(loaded, path, actor="Sam Jones")
    assert (result["applied"], result["changed"]) == (True, True)
    written = [(e["kind"], e["where"], e["before"], e["after"]) for e in history(loaded)[first:]]
    assert written == [
        ("registrar.emails", "Other Names plc", ["domains@othernames.example"],
         ["domains@othernames.example", "transfers@othernames.example"]),
        ("registrar", "Fresh Names Ltd", None, ["requests@freshnames.example"]),
        ("contact.phone", f"{HMRC_ORG}: technical hostmaster@hmrc.gov.uk", None, "+44 20 7946 0555"),
        ("contact", f"{HMRC_ORG}: notify dns-alerts@hmrc.gov.uk", None, {"phone": None, "name": None}),
        ("organisation", "Upper Ashby Town Council", None, "added"),
        ("contact", "Upper Ashby Town Council: technical clerk@upper-ashby-tc.gov.uk", None,
         {"phone": None, "name": None}),
        ("domain.whois_contacts", "hmrc.gov.uk", ["hostmaster@hmrc.gov.uk"],
         ["hostmaster@hmrc.gov.uk", "dns-changes@hmrc.gov.uk"]),
        ("domain.registrar", "little-ashby-pc.gov.uk", "Example Registrar Ltd", "Fresh Names Ltd"),
        ("domain.nameservers", "little-ashby-pc.gov.uk", ["ns1.webhost.example", "ns2.webhost.example"],
         ["ns1.newdns.co.uk"]),
        ("domain", "upper-ashby-tc.gov.uk", None,
         {"locked": False, "organisation": "Upper Ashby Town Council", "nameservers": ["ns1.webhost.example"]}),
    ]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert {(e["actor"], e["reason"]) for e in history(loaded)[first:]} == {
        ("Sam Jones", f"registry import of registry.json (SHA-256 {sha})")}
    # Written: the same file again makes no difference and no event.
    assert load(loaded, path)["differences"] == []
    assert len(history(loaded)) == first + len(written)
    with loaded.sessions() as session:
        parish_row = session.scalar(select(Domain).where(Domain.name == "little-ashby-pc.gov.uk"))
        assert (parish_row.nameservers, parish_row.registrar.name) == (["ns1.newdns.co.uk"], "Fresh Names Ltd")


def test_the_first_load_is_written_whole_one_event_per_organisation(app, tmp_path):
    result = load(app, EXAMPLE)
    assert result == {"registrars": 2, "organisations": 2, "contacts": 6, "domains": 2, "changed": True}
    events = history(app)
    assert [(e["kind"], e["subject"]) for e in events] == [
        ("registrar", "Example Registrar Ltd"), ("registrar", "Other Names plc"),
        ("organisation_loaded", HMRC_ORG), ("organisation_loaded", PARISH_ORG)]
    sha = hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    assert events[2]["reason"] == f"first load: registry import of registry.json (SHA-256 {sha})"
    assert events[2]["domains"][0]["nameservers"] == ["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"]
    assert {c["email"] for c in events[2]["contacts"] if c["role"] == "security"} == {
        "cyber-security@hmrc.gov.uk", "soc@hmrc.gov.uk"}


# -- through the command line -------------------------------------------------------------------


@pytest.fixture
def cli(loaded, env, monkeypatch, capsys):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return lambda *args: run_cli(list(args), capsys)


def test_cli_shows_the_difference_one_line_an_item_and_writes_nothing(loaded, cli, tmp_path):
    data = example()
    parish_domain(data)["nameservers"] = ["ns1.newdns.co.uk"]
    path = write(tmp_path, data)
    before = snapshot(loaded)
    code, out, err = cli("registry", "import", str(path))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        ("domain.nameservers little-ashby-pc.gov.uk: [ns1.webhost.example, ns2.webhost.example] -> "
         "[ns1.newdns.co.uk]"),
        "1 difference(s), nothing written: run again with --apply --operator NAME to write them"]
    assert snapshot(loaded) == before

    code, out, err = cli("registry", "import", "--apply", str(path))
    assert code == 2 and "--apply needs --operator NAME" in err
    assert snapshot(loaded) == before

    code, out, err = cli("registry", "import", "--apply", "--operator", "Sam Jones", "--json", str(path))
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert (result["applied"], result["changed"]) == (True, True)
    assert result["differences"] == [{"what": "domain.nameservers", "where": "little-ashby-pc.gov.uk",
                                      "before": ["ns1.webhost.example", "ns2.webhost.example"],
                                      "after": ["ns1.newdns.co.uk"], "refused": None, "flow": None}]
    assert history(loaded)[-1]["actor"] == "Sam Jones"


def test_cli_refuses_a_file_that_touches_the_lock_one_line_an_item(loaded, cli, tmp_path):
    data = example()
    hmrc_domain(data).update(locked=False, nameservers=["ns1.old-dns.example"])
    _swap(data)
    _with_allowed_changes(data)
    path = write(tmp_path, data)
    before = snapshot(loaded)
    code, out, err = cli("registry", "import", "--apply", "--operator", "Sam Jones", str(path))
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert [line.split(": ")[3].split(" ")[0] for line in lines] == [
        "contact", "contact", "domain.locked", "domain.nameservers"]
    assert all(line.startswith(f"mailbot: error: {path}: ") and "refused:" in line for line in lines)
    assert lines[2].endswith("; use a cancellation") and lines[3].endswith("; use a change request")
    assert "Traceback" not in err
    assert snapshot(loaded) == before

    # Shown without --apply: every item on standard output, the refused ones also as errors; exit 2.
    code, out, err = cli("registry", "import", str(path))
    assert code == 2
    assert len(out.splitlines()) == 7 and out.splitlines()[-1].startswith("6 difference(s), 4 refused")
    assert err.splitlines() == lines
    assert snapshot(loaded) == before


# -- the registry's history, checked by `mailbot audit verify` -----------------------------------


def _applied(app, tmp_path) -> None:
    """A second import: three events after the first load's four."""
    data = example()
    _with_allowed_changes(data)
    hmrc(data)["contacts"][2]["phone"] = "+44 20 7946 0555"
    load(app, write(tmp_path, data), actor="Sam Jones")
    assert len(history(app)) == 7


def _verify(cli) -> tuple[int, list[str]]:
    code, _, err = cli("audit", "verify")
    return code, err.splitlines()


def test_an_untouched_registry_history_verifies(loaded, cli, tmp_path):
    _applied(loaded, tmp_path)
    code, out, err = cli("audit", "verify")
    assert (code, json.loads(out), err) == (0, {"events": 0, "ok": True}, "")


def _alter(app):
    with app.tx() as session:
        session.execute(update(RegistryEvent).where(RegistryEvent.seq == 6).values(actor="Someone Else"))


def _remove_middle(app):
    with app.tx() as session:
        session.execute(delete(RegistryEvent).where(RegistryEvent.seq == 5))


def _cut_and_rewind(app):
    with app.tx() as session:
        head = session.scalar(select(RegistryEvent.hash).where(RegistryEvent.seq == 5))
        session.execute(delete(RegistryEvent).where(RegistryEvent.seq > 5))
        session.execute(update(RegistryHistory).values(count=5, head=head))


def _cut(app):
    with app.tx() as session:
        session.execute(delete(RegistryEvent).where(RegistryEvent.seq > 5))


def _unseal(app):
    with app.tx() as session:
        session.execute(delete(RegistryHistory))


def _rehash_plain(app):
    """Event 6 changed and the chain hashed again with SHA-256 in place of the key's HMAC."""
    with app.tx() as session:
        events = session.scalars(select(RegistryEvent).where(RegistryEvent.seq >= 6).order_by(RegistryEvent.seq))
        prev = session.scalar(select(RegistryEvent.hash).where(RegistryEvent.seq == 5))
        for e in events:
            e.data = {**e.data, "after": "+44 20 7946 0666"}
            e.prev_hash = prev
            e.hash = prev = hashlib.sha256(f"{prev}|{e.seq}|{e.data}".encode()).hexdigest()
        session.execute(update(RegistryHistory).values(head=prev))


TAMPERING = [
    ("altered", _alter, ["registry event 6: was altered after it was written"]),
    ("middle-removed", _remove_middle, ["registry event 5: removed (the sequence skips it)"]),
    ("tail-cut", _cut, ["registry event 6: missing: the history ends at event 5 and its seal counts 7"]),
    ("tail-cut-and-rewound", _cut_and_rewind, ["registry event 5: the seal does not match the count and head"]),
    ("seal-removed", _unseal, ["registry event 7: not sealed: the seal of the history's end was removed"]),
    ("rehashed-without-the-key", _rehash_plain, ["registry event 6: was altered after it was written",
                                                 "registry event 7: the seal does not match"]),
]


@pytest.mark.parametrize("tamper, expected", [c[1:] for c in TAMPERING], ids=[c[0] for c in TAMPERING])
def test_audit_verify_catches_an_altered_registry_history(loaded, cli, tmp_path, tamper, expected):
    _applied(loaded, tmp_path)
    tamper(loaded)
    code, problems = _verify(cli)
    assert code == 1
    for want in expected:
        assert any(p.startswith(f"mailbot: audit: {want}") for p in problems), (want, problems)


def test_an_import_after_tampering_does_not_seal_over_it(loaded, cli, tmp_path):
    _applied(loaded, tmp_path)
    _cut_and_rewind(loaded)
    data = example()
    parish_domain(data)["nameservers"] = ["ns9.webhost.example"]
    load(loaded, write(tmp_path, data, "again.json"))
    code, problems = _verify(cli)
    assert code == 1 and any("registry event" in p for p in problems)


# -- registry show --------------------------------------------------------------------------------


def test_registry_show_prints_the_records_lock_and_contacts(loaded, cli):
    code, out, err = cli("registry", "show", "HMRC.gov.uk")
    assert (code, err) == (0, "")
    assert "domain:         hmrc.gov.uk" in out and "lock:           locked" in out
    assert "organisation:   HM Revenue and Customs" in out
    assert "registrar:      Example Registrar Ltd (noc@registrar.example, requests@registrar.example)" in out
    assert "ns1.hmrc.gov.uk, ns2.hmrc.gov.uk" in out and OLD_DS in out
    assert "soc@hmrc.gov.uk" in out and "+44 20 7946 0001" in out  # the lock contacts, for the operator
    assert "technical  hostmaster@hmrc.gov.uk" in out
    assert "organisation_loaded" in out


def test_registry_show_json(loaded, cli, tmp_path):
    data = example()
    parish_domain(data)["nameservers"] = ["ns1.newdns.co.uk"]
    load(loaded, write(tmp_path, data), actor="Sam Jones")
    code, out, err = cli("registry", "show", "--json", "little-ashby-pc.gov.uk")
    assert (code, err) == (0, "")
    view = json.loads(out)
    assert {k: view[k] for k in ("domain", "locked", "organisation", "nameservers", "ds", "lock_contacts",
                                 "tickets")} == {
        "domain": "little-ashby-pc.gov.uk", "locked": False, "organisation": PARISH_ORG,
        "nameservers": ["ns1.newdns.co.uk"], "ds": [], "lock_contacts": [], "tickets": []}
    assert view["contacts"] == [{"role": "technical", "email": "clerk@little-ashby-pc.gov.uk", "phone": None,
                                 "name": None}]
    assert [(e["kind"], e["actor"]) for e in view["history"]] == [
        ("organisation_loaded", "registry import"), ("domain.nameservers", "Sam Jones")]


def test_registry_show_names_the_tickets_about_the_domain(loaded, cli):
    request(loaded)
    code, out, _ = cli("registry", "show", "--json", "hmrc.gov.uk")
    assert code == 0
    assert json.loads(out)["tickets"] == [{"ref": "RL-000001", "kind": "change", "state": "awaiting_verification"}]


@pytest.mark.parametrize("name, message", [("nowhere.gov.uk", "no domain 'nowhere.gov.uk' in the registry"),
                                           ("not a domain", "not a domain name")])
def test_registry_show_of_an_unknown_domain_is_one_line(loaded, cli, name, message):
    code, out, err = cli("registry", "show", name)
    assert (code, out) == (2, "")
    assert err.startswith("mailbot: error: ") and message in err and err.count("\n") == 1


# -- against the digest GDS keeps ------------------------------------------------------------------


def _digest(cli, tmp_path):
    code, out, err = cli("audit", "digest")
    assert code == 0, err
    path = tmp_path / "digest.json"
    path.write_text(out)
    return path, json.loads(out)


def test_the_digest_carries_the_registry_history_and_an_older_copy_put_back_is_reported(loaded, cli, tmp_path):
    with loaded.sessions() as session:  # the registry's history as a backup taken now holds it, validly sealed
        end = session.get(RegistryHistory, 1)
        backup = {"count": end.count, "head": end.head, "seal": end.seal}
    _applied(loaded, tmp_path)
    path, found = _digest(cli, tmp_path)
    assert found["registry"] == {"count": 7, "head": history_hashes(loaded)[-1]}
    assert cli("audit", "verify", "--against", str(path))[0] == 0

    # The backup put back: the events since gone, the seal as it was. Consistent by itself; not against the digest.
    with loaded.tx() as session:
        session.execute(delete(RegistryEvent).where(RegistryEvent.seq > backup["count"]))
        session.execute(update(RegistryHistory).values(**backup))
    assert _verify(cli) == (0, [])
    code, _, err = cli("audit", "verify", "--against", str(path))
    assert code == 1
    assert err.splitlines() == [(f"mailbot: audit: registry event 5: missing: the history ends at event 4, and the "
                                 f"digest of {found['at']} has 7 (cut short, or an older copy put back)")]


def test_a_registry_history_rewritten_since_the_digest_is_reported_against_it(loaded, cli, tmp_path):
    _applied(loaded, tmp_path)
    path, found = _digest(cli, tmp_path)
    _rehash_plain(loaded)
    code, _, err = cli("audit", "verify", "--against", str(path))
    assert code == 1
    assert f"mailbot: audit: registry event 7: differs from the digest of {found['at']} (the history was rewritten " \
           "since)" in err.splitlines()


def history_hashes(app) -> list[str]:
    with app.sessions() as session:
        return session.scalars(select(RegistryEvent.hash).order_by(RegistryEvent.seq)).all()
