"""Tests for loading the registry records from a JSON file (mailbot.registry and `mailbot registry import`)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import idna
import pytest
from sqlalchemy import select

from mailbot.errors import InputError
from mailbot.registry import import_file
from mailbot.store.models import Base, Domain, Organisation, Registrar
from tests.support.cli import run_cli
from tests.support.constants import EXAMPLES

EXAMPLE = EXAMPLES / "registry.json"
EXAMPLE_DATA = json.loads(EXAMPLE.read_text(encoding="utf-8"))
TABLES = ("registrars", "registrar_emails", "organisations", "contacts", "domains")
HMRC_DS = "12345 13 2 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"


def example() -> dict:
    return copy.deepcopy(EXAMPLE_DATA)


def write(tmp_path: Path, data, name: str = "registry.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")
    return path


def load(app, path: Path) -> dict:
    with app.tx() as session:
        return import_file(session, str(path), app.rules.zone)


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of the registry tables, ids included: equal snapshots mean nothing was written."""
    with app.sessions() as session:
        return {name: [tuple(row) for row in session.execute(
                    select(Base.metadata.tables[name]).order_by(Base.metadata.tables[name].c.id))]
                for name in TABLES}


def registrars(app) -> dict[str, list[str]]:
    with app.sessions() as session:
        return {r.name: sorted(e.email for e in r.emails) for r in session.scalars(select(Registrar))}


def contacts(app) -> dict[str, list[tuple]]:
    with app.sessions() as session:
        return {o.name: sorted((c.role, c.email, c.phone, c.name) for c in o.contacts)
                for o in session.scalars(select(Organisation))}


def domains(app) -> dict[str, dict]:
    with app.sessions() as session:
        return {d.name: {"organisation": d.organisation.name if d.organisation else None,
                         "registrar": d.registrar.name if d.registrar else None,
                         "locked": d.locked, "registrant": d.registrant, "nameservers": d.nameservers,
                         "ds": d.ds, "whois_contacts": d.whois_contacts}
                for d in session.scalars(select(Domain))}


# -- the example file ---------------------------------------------------------------------------


def test_example_loads_the_registrars_with_their_addresses(app):
    load(app, EXAMPLE)
    assert registrars(app) == {
        "Example Registrar Ltd": ["noc@registrar.example", "requests@registrar.example"],
        "Other Names plc": ["domains@othernames.example"],
    }


def test_example_loads_the_organisations_and_their_contacts_with_roles_and_phones(app):
    load(app, EXAMPLE)
    assert contacts(app) == {
        "HM Revenue and Customs": [
            ("notify", "dns-changes@hmrc.gov.uk", None, None),
            ("security", "cyber-security@hmrc.gov.uk", "+44 20 7946 0000", "HMRC Cyber Security Operations"),
            ("security", "soc@hmrc.gov.uk", "+44 20 7946 0001", "HMRC Security Operations Centre"),
            ("support", "it-servicedesk@hmrc.gov.uk", None, None),
            ("technical", "hostmaster@hmrc.gov.uk", None, None),
        ],
        "Little Ashby Parish Council": [("technical", "clerk@little-ashby-pc.gov.uk", None, None)],
    }


def test_example_loads_the_domains_with_lock_flag_name_servers_ds_and_whois(app):
    load(app, EXAMPLE)
    assert domains(app) == {
        "hmrc.gov.uk": {
            "organisation": "HM Revenue and Customs", "registrar": "Example Registrar Ltd", "locked": True,
            "registrant": "HM Revenue and Customs", "nameservers": ["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"],
            "ds": [HMRC_DS], "whois_contacts": ["hostmaster@hmrc.gov.uk"],
        },
        "little-ashby-pc.gov.uk": {
            "organisation": "Little Ashby Parish Council", "registrar": "Example Registrar Ltd", "locked": False,
            "registrant": None, "nameservers": ["ns1.webhost.example", "ns2.webhost.example"], "ds": [],
            "whois_contacts": ["clerk@little-ashby-pc.gov.uk"],
        },
    }


def test_import_reports_what_the_file_holds(app):
    assert load(app, EXAMPLE) == {"registrars": 2, "organisations": 2, "contacts": 6, "domains": 2, "changed": True}


def test_names_addresses_and_ds_records_are_normalised(app, tmp_path):
    data = example()
    data["registrars"][1]["emails"] = [" Domains@OtherNames.Example "]
    hmrc = data["organisations"][0]
    hmrc["contacts"][0]["email"] = "Cyber-Security@HMRC.gov.uk"
    hmrc["domains"][0].update(
        name="HMRC.GOV.UK.", nameservers=["NS1.hmrc.gov.uk.", "ns2.HMRC.gov.uk"],
        ds=["  12345   13 2\t9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ",
            "0007 8 1 " + "ab" * 20],
        whois_contacts=["HostMaster@hmrc.gov.uk"])
    load(app, write(tmp_path, data))
    assert registrars(app)["Other Names plc"] == ["domains@othernames.example"]
    assert ("security", "cyber-security@hmrc.gov.uk", "+44 20 7946 0000", "HMRC Cyber Security Operations") \
        in contacts(app)["HM Revenue and Customs"]
    hmrc_domain = domains(app)["hmrc.gov.uk"]
    assert hmrc_domain["nameservers"] == ["ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"]
    assert hmrc_domain["ds"] == [HMRC_DS, "7 8 1 " + "AB" * 20]
    assert hmrc_domain["whois_contacts"] == ["hostmaster@hmrc.gov.uk"]


def test_an_internationalised_domain_is_kept_as_its_a_label(app, tmp_path):
    data = example()
    data["organisations"][1]["domains"][0]["name"] = "little-äshby-pc.gov.uk"
    load(app, write(tmp_path, data))
    assert idna.encode("little-äshby-pc.gov.uk").decode() in domains(app)
    assert "little-ashby-pc.gov.uk" not in domains(app)


# -- importing again ----------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(app):
    load(app, EXAMPLE)
    before = snapshot(app)
    assert load(app, EXAMPLE)["changed"] is False
    assert snapshot(app) == before


def test_a_changed_file_removes_a_contact_and_changes_a_phone(app, tmp_path):
    load(app, EXAMPLE)
    data = example()
    hmrc = data["organisations"][0]
    hmrc["contacts"] = [c for c in hmrc["contacts"] if c["email"] != "it-servicedesk@hmrc.gov.uk"]
    hmrc["contacts"][2]["phone"] = "+44 20 7946 0999"  # the hostmaster (technical): no lock contact
    path = write(tmp_path, data)
    assert load(app, path)["changed"] is True
    assert contacts(app)["HM Revenue and Customs"] == [
        ("notify", "dns-changes@hmrc.gov.uk", None, None),
        ("security", "cyber-security@hmrc.gov.uk", "+44 20 7946 0000", "HMRC Cyber Security Operations"),
        ("security", "soc@hmrc.gov.uk", "+44 20 7946 0001", "HMRC Security Operations Centre"),
        ("technical", "hostmaster@hmrc.gov.uk", "+44 20 7946 0999", None),
    ]
    after = snapshot(app)
    assert load(app, path)["changed"] is False
    assert snapshot(app) == after


def test_a_changed_file_updates_an_unlocked_domains_records_and_registrar_addresses(app, tmp_path):
    # A locked domain's records are refused (tests/test_registry_reconcile.py); an unlocked one's are the file's.
    load(app, EXAMPLE)
    data = example()
    data["registrars"][0]["emails"] = ["requests@registrar.example", "hostmaster@registrar.example"]
    parish = data["organisations"][1]["domains"][0]
    parish.update(registrar="Other Names plc", nameservers=["ns1.newdns.co.uk", "ns2.newdns.co.uk"],
                  registrant="Little Ashby Parish Council", whois_contacts=[])
    assert load(app, write(tmp_path, data))["changed"] is True
    assert registrars(app)["Example Registrar Ltd"] == ["hostmaster@registrar.example", "requests@registrar.example"]
    assert domains(app)["little-ashby-pc.gov.uk"] == {
        "organisation": "Little Ashby Parish Council", "registrar": "Other Names plc", "locked": False,
        "registrant": "Little Ashby Parish Council", "nameservers": ["ns1.newdns.co.uk", "ns2.newdns.co.uk"],
        "ds": [], "whois_contacts": [],
    }


def test_a_contact_may_change_role(app, tmp_path):
    load(app, EXAMPLE)
    data = example()
    data["organisations"][0]["contacts"][3]["role"] = "notify"  # the service desk now only wants to be told
    load(app, write(tmp_path, data))
    assert ("notify", "it-servicedesk@hmrc.gov.uk", None, None) in contacts(app)["HM Revenue and Customs"]
    assert not any(c[1] == "it-servicedesk@hmrc.gov.uk" and c[0] == "support"
                   for c in contacts(app)["HM Revenue and Customs"])


def test_an_address_can_move_from_a_later_registrar_to_an_earlier_one(app, tmp_path):
    load(app, EXAMPLE)
    data = example()
    data["registrars"][0]["emails"], data["registrars"][1]["emails"] = (
        ["domains@othernames.example"], ["requests@registrar.example", "noc@registrar.example"])
    assert load(app, write(tmp_path, data))["changed"] is True
    assert registrars(app) == {
        "Example Registrar Ltd": ["domains@othernames.example"],
        "Other Names plc": ["noc@registrar.example", "requests@registrar.example"],
    }


def test_registrars_and_organisations_the_file_leaves_out_are_kept(app, tmp_path):
    load(app, EXAMPLE)
    data = example()
    data["registrars"] = data["registrars"][:1]
    data["organisations"] = data["organisations"][:1]
    assert load(app, write(tmp_path, data))["changed"] is False
    assert set(registrars(app)) == {"Example Registrar Ltd", "Other Names plc"}
    assert set(domains(app)) == {"hmrc.gov.uk", "little-ashby-pc.gov.uk"}


def test_an_address_held_by_a_registrar_the_file_leaves_out_is_refused(app, tmp_path):
    load(app, EXAMPLE)
    before = snapshot(app)
    data = example()
    data["registrars"] = [{"name": "Example Registrar Ltd",
                           "emails": ["requests@registrar.example", "domains@othernames.example"]}]
    data["organisations"] = []
    path = write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        load(app, path)
    assert str(caught.value) == (f"{path}: registrars[0] (Example Registrar Ltd).emails[1]: domains@othernames.example "
                                 "belongs to Other Names plc, which this file does not list")
    assert snapshot(app) == before


# -- a bad file is refused whole ----------------------------------------------------------------


def _hmrc(d):
    return d["organisations"][0]


def _hmrc_domain(d):
    return d["organisations"][0]["domains"][0]


ORG0 = "organisations[0] (HM Revenue and Customs)"
HMRC = f"{ORG0}.domains[0] (hmrc.gov.uk)"

# Each case: a change to the example, and the part of the message after the file's name.
BAD = [
    ("unknown-top-level-key", lambda d: d.update(domains=[]), "domains: unknown field"),
    ("unknown-domain-key", lambda d: _hmrc_domain(d).update(lock=True), f"{HMRC}.lock: unknown field"),
    ("missing-organisation-name", lambda d: _hmrc(d).pop("name"), "organisations[0].name: Field required"),
    ("blank-registrar-name", lambda d: d["registrars"][1].update(name="  "),
     "registrars[1].name: String should have at least 1 character"),
    ("missing-locked", lambda d: _hmrc_domain(d).pop("locked"), f"{HMRC}.locked: Field required"),
    ("registrar-without-addresses", lambda d: d["registrars"][1].update(emails=[]),
     "registrars[1] (Other Names plc).emails: List should have at least 1 item"),
    ("bad-registrar-email", lambda d: d["registrars"][0]["emails"].append("noc.registrar.example"),
     "registrars[0] (Example Registrar Ltd).emails[2]: not an email address: 'noc.registrar.example'"),
    ("bad-contact-email", lambda d: _hmrc(d)["contacts"][2].update(email="hostmaster@"),
     f"{ORG0}.contacts[2] (hostmaster@).email: not an email address: 'hostmaster@'"),
    ("bad-whois-email", lambda d: _hmrc_domain(d)["whois_contacts"].append("whois"),
     f"{HMRC}.whois_contacts[1]: not an email address: 'whois'"),
    ("unknown-role", lambda d: _hmrc(d)["contacts"][2].update(role="admin"),
     (f"{ORG0}.contacts[2] (hostmaster@hmrc.gov.uk).role: Input should be 'security', 'technical', 'support' or "
      "'notify'")),
    ("bad-phone", lambda d: _hmrc(d)["contacts"][1].update(phone="ring the SOC"),
     f"{ORG0}.contacts[1] (HMRC Security Operations Centre).phone: not a phone number: 'ring the SOC'"),
    ("bad-domain-name", lambda d: _hmrc_domain(d).update(name="hm rc.gov.uk"),
     f"{ORG0}.domains[0] (hm rc.gov.uk).name: not a domain name: 'hm rc.gov.uk'"),
    ("domain-not-under-gov-uk", lambda d: _hmrc_domain(d).update(name="hmrc.co.uk"),
     f"{ORG0}.domains[0] (hmrc.co.uk).name: not a domain directly under .gov.uk"),
    ("the-zone-itself", lambda d: _hmrc_domain(d).update(name="gov.uk"),
     f"{ORG0}.domains[0] (gov.uk).name: not a domain directly under .gov.uk"),
    ("subdomain", lambda d: _hmrc_domain(d).update(name="www.hmrc.gov.uk"),
     f"{ORG0}.domains[0] (www.hmrc.gov.uk).name: not a domain directly under .gov.uk"),
    ("duplicate-domain", lambda d: d["organisations"][1]["domains"][0].update(name="HMRC.gov.uk"),
     "organisations[1] (Little Ashby Parish Council).domains[0] (hmrc.gov.uk).name: listed twice"),
    ("duplicate-organisation", lambda d: d["organisations"].append(
        {"name": "HM Revenue and Customs", "contacts": [], "domains": []}),
     "organisations[2] (HM Revenue and Customs): listed twice"),
    ("duplicate-registrar", lambda d: d["registrars"].append({"name": "Other Names plc", "emails": ["x@y.example"]}),
     "registrars[2] (Other Names plc): listed twice"),
    ("duplicate-contact",
     lambda d: _hmrc(d)["contacts"].append({"role": "technical", "email": "Hostmaster@hmrc.gov.uk"}),
     f"{ORG0}.contacts[5] (hostmaster@hmrc.gov.uk): listed twice as a technical contact"),
    ("email-of-two-registrars", lambda d: d["registrars"][1]["emails"].append("NOC@registrar.example"),
     "registrars[1] (Other Names plc).emails[1]: noc@registrar.example also belongs to Example Registrar Ltd"),
    ("email-twice-in-one-registrar", lambda d: d["registrars"][0]["emails"].append("requests@registrar.example"),
     "registrars[0] (Example Registrar Ltd).emails[2]: requests@registrar.example listed twice"),
    ("unknown-registrar", lambda d: _hmrc_domain(d).update(registrar="Example Registrar"),
     f"{HMRC}.registrar: unknown registrar 'Example Registrar' (not in `registrars`)"),
    ("locked-without-security-contact", lambda d: _hmrc(d).update(contacts=_hmrc(d)["contacts"][2:]),
     f"{HMRC}.locked: a locked domain needs a security contact with a phone number"),
    ("locked-security-contacts-without-phone", lambda d: _hmrc(d).update(contacts=[
        {k: v for k, v in c.items() if k != "phone"} for c in _hmrc(d)["contacts"]]),
     f"{HMRC}.locked: a locked domain needs a security contact with a phone number"),
    ("security-contact-in-whois", lambda d: _hmrc_domain(d)["whois_contacts"].append("SOC@hmrc.gov.uk"),
     f"{HMRC}.whois_contacts: soc@hmrc.gov.uk is a Registry Lock contact; it must not be in WHOIS"),
    ("ds-missing-digest", lambda d: _hmrc_domain(d).update(ds=["12345 13 2"]),
     f"{HMRC}.ds[0]: not a DS record (keytag algorithm digest-type digest): '12345 13 2'"),
    ("ds-digest-not-hex", lambda d: _hmrc_domain(d)["ds"].append("12345 13 2 " + "Z" * 64),
     f"{HMRC}.ds[1]: not a DS record (keytag algorithm digest-type digest)"),
    ("ds-key-tag-too-big", lambda d: _hmrc_domain(d).update(ds=["65536 13 2 " + "AB" * 32]),
     f"{HMRC}.ds[0]: not a DS record (key tag 0-65535, algorithm and digest type 0-255)"),
    ("ds-digest-wrong-length", lambda d: _hmrc_domain(d).update(ds=["12345 13 2 " + "AB" * 20]),
     f"{HMRC}.ds[0]: not a DS record (a digest of type 2 has 64 hex digits)"),
    ("ds-not-a-string", lambda d: _hmrc_domain(d).update(ds=[12345]), f"{HMRC}.ds[0]: Input should be a valid string"),
    ("bad-nameserver", lambda d: _hmrc_domain(d).update(nameservers=["ns1.hmrc.gov.uk", "ns2..hmrc.gov.uk"]),
     f"{HMRC}.nameservers[1]: not a host name: 'ns2..hmrc.gov.uk'"),
    ("single-label-nameserver", lambda d: _hmrc_domain(d).update(nameservers=["ns1"]),
     f"{HMRC}.nameservers[0]: not a host name: 'ns1'"),
    ("contacts-not-a-list", lambda d: _hmrc(d).update(contacts={"role": "security"}),
     f"{ORG0}.contacts: Input should be a valid list"),
]


def _valid_changes_first(data: dict) -> None:
    """Valid changes that come before each bad entry: they must not be written either."""
    data["registrars"][0]["emails"].insert(0, "new-requests@registrar.example")
    data["registrars"].insert(0, {"name": "Fresh Names Ltd", "emails": ["requests@freshnames.example"]})
    listed = data["organisations"][0].get("contacts")
    for contact in listed if isinstance(listed, list) else []:
        if contact.get("role") == "technical":
            contact["phone"] = "+44 20 7946 0555"


def test_the_valid_changes_alone_would_be_written(app, tmp_path):
    load(app, EXAMPLE)
    data = example()
    _valid_changes_first(data)
    assert load(app, write(tmp_path, data))["changed"] is True
    assert registrars(app)["Fresh Names Ltd"] == ["requests@freshnames.example"]
    assert ("technical", "hostmaster@hmrc.gov.uk", "+44 20 7946 0555", None) in contacts(app)["HM Revenue and Customs"]


@pytest.mark.parametrize("change, message", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_a_bad_file_is_refused_whole_and_names_the_entry_and_field(app, tmp_path, change, message):
    load(app, EXAMPLE)
    before = snapshot(app)
    data = example()
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        load(app, path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)
    assert snapshot(app) == before

    # The same mistake after valid changes: still nothing written (the indices move by one registrar).
    _valid_changes_first(data)
    with pytest.raises(InputError):
        load(app, write(tmp_path, data, "with-changes.json"))
    assert snapshot(app) == before


@pytest.mark.parametrize("text, message", [
    ("{\"registrars\": [", "not valid JSON: Expecting value: line 1 column 17 (char 16)"),
    ("registrars: []\n", "not valid JSON: Expecting value: line 1 column 1 (char 0)"),
    ("", "not valid JSON: Expecting value"),
    ("[]", "expected an object with `registrars` and `organisations`"),
    ("\"hmrc.gov.uk\"", "expected an object with `registrars` and `organisations`"),
    ("null", "expected an object with `registrars` and `organisations`"),
], ids=["cut-short", "yaml-not-json", "empty", "a-list", "a-string", "null"])
def test_a_file_that_is_not_a_json_object_is_refused(app, tmp_path, text, message):
    load(app, EXAMPLE)
    before = snapshot(app)
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load(app, path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert snapshot(app) == before


def test_a_file_that_is_not_utf8_is_refused(app, tmp_path):
    path = tmp_path / "registry.json"
    path.write_bytes(b'{"registrars": [{"name": "Caf\xe9"}]}')
    with pytest.raises(InputError, match="not valid JSON"):
        load(app, path)


def test_a_missing_file_is_refused(app, tmp_path):
    path = tmp_path / "nowhere.json"
    with pytest.raises(InputError) as caught:
        load(app, path)
    assert str(caught.value) == f"{path}: cannot read: No such file or directory"
    assert snapshot(app) == {name: [] for name in TABLES}


def test_valid_entries_before_the_bad_one_are_not_written_to_an_empty_database(app, tmp_path):
    data = example()
    data["organisations"][1]["domains"][0]["registrar"] = "Nobody Ltd"
    path = write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        load(app, path)
    assert str(caught.value) == (f"{path}: organisations[1] (Little Ashby Parish Council).domains[0] "
                                 "(little-ashby-pc.gov.uk).registrar: unknown registrar 'Nobody Ltd' "
                                 "(not in `registrars`)")
    assert snapshot(app) == {name: [] for name in TABLES}


# -- through the command line -------------------------------------------------------------------


@pytest.fixture
def cli(env, monkeypatch, capsys, db_url):
    for key in ("MAILBOT_SECRET", "MAILBOT_DATA_DIR", "MAILBOT_RULES"):
        monkeypatch.setenv(key, env[key])
    monkeypatch.delenv("MAILBOT_DB", raising=False)
    return lambda *args: run_cli(["--db", db_url, *args], capsys)


def test_cli_import_prints_one_json_line(app, cli):
    code, out, err = cli("registry", "import", str(EXAMPLE))
    assert (code, err) == (0, "")
    assert out.count("\n") == 1
    assert json.loads(out) == {"registrars": 2, "organisations": 2, "contacts": 6, "domains": 2, "changed": True}
    assert registrars(app)["Other Names plc"] == ["domains@othernames.example"]
    before = snapshot(app)

    # Imported again, the file is reconciled with the records: no difference, nothing written.
    code, out, err = cli("registry", "import", str(EXAMPLE))
    assert (code, out, err) == (0, "no differences: nothing to write\n", "")
    code, out, err = cli("registry", "import", "--json", str(EXAMPLE))
    assert (code, err) == (0, "")
    assert json.loads(out) == {"registrars": 2, "organisations": 2, "contacts": 6, "domains": 2, "initial": False,
                               "applied": False, "changed": False, "differences": []}
    assert snapshot(app) == before


def test_cli_refuses_a_bad_file_with_one_line_and_writes_nothing(app, cli, tmp_path):
    data = example()
    _hmrc_domain(data)["registrar"] = "Nobody Ltd"
    path = write(tmp_path, data)
    code, out, err = cli("registry", "import", str(path))
    assert code == 2
    assert out == ""
    assert err == (f"mailbot: error: {path}: {HMRC}.registrar: unknown registrar 'Nobody Ltd' "
                   "(not in `registrars`)\n")
    assert snapshot(app) == {name: [] for name in TABLES}


@pytest.mark.parametrize("name, content, message", [
    ("nowhere.json", None, "cannot read: No such file or directory"),
    ("broken.json", "{", "not valid JSON"),
    ("extra.json", '{"registrars": [], "organisations": [], "zones": []}', "zones: unknown field"),
], ids=["missing", "not-json", "unknown-key"])
def test_cli_error_is_one_line_without_a_traceback(app, cli, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = cli("registry", "import", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"mailbot: error: {path}: {message}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert snapshot(app) == {name: [] for name in TABLES}
