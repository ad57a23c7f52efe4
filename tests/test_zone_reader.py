"""The zone watch's reader against a real Knot DNS on loopback: the published zone read by AXFR (TSIG-signed) or
from a zone file, only the locked domains' delegations kept, the SOA serial read alone, failures temporary."""

from __future__ import annotations

import socket
import threading

import pytest

from mailbot.errors import ConfigError
from mailbot.settings import load_settings, zone_source
from mailbot.zone.lines import kept_lines
from mailbot.zone.reader import Delegation, ZoneUnavailable, read_serial, read_zone
from tests.support.dns_server import Delegation as Published

HMRC_DS = "12345 13 2 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"
ZONE = {
    "hmrc.gov.uk": Published(["NS1.hmrc.gov.uk.", "ns2.hmrc.gov.uk"], [HMRC_DS.lower()]),
    "little-ashby-pc.gov.uk": Published(["ns1.webhost.example", "ns2.webhost.example"]),
}
HMRC = Delegation(nameservers=("ns1.hmrc.gov.uk", "ns2.hmrc.gov.uk"), ds=(HMRC_DS,))


def source(server, *, signed: bool = True):
    return load_settings({"MAILBOT_ZONE_SOURCE": server.url, "MAILBOT_SECRET": "s" * 16, "MAILBOT_AUDIT_KEY": "a" * 16,
                          **({"MAILBOT_ZONE_TSIG": server.tsig} if signed else {})}).zone_source


def test_a_transfer_signed_with_the_key_keeps_only_the_domains_asked_for(zone_server):
    zone_server.publish(2026120501, ZONE)
    found = read_zone(source(zone_server), "gov.uk", ["hmrc.gov.uk", "gone.gov.uk"])
    # Names in the forms the registry records hold; a domain the zone does not delegate is absent.
    assert found.serial == 2026120501
    assert found.delegations == {"hmrc.gov.uk": HMRC}


def test_the_serial_is_read_without_a_transfer_and_follows_the_published_zone(zone_server):
    zone_server.publish(7, ZONE)
    assert read_serial(source(zone_server), "gov.uk") == 7
    zone_server.publish(8, {**ZONE, "hmrc.gov.uk": Published(["ns1.attacker.example"])})
    assert read_serial(source(zone_server), "gov.uk") == 8
    assert read_zone(source(zone_server), "gov.uk", ["hmrc.gov.uk"]).delegations == {
        "hmrc.gov.uk": Delegation(nameservers=("ns1.attacker.example",))}


def test_a_transfer_without_the_key_is_refused_and_is_a_temporary_failure(zone_server):
    zone_server.publish(3, ZONE)
    with pytest.raises(ZoneUnavailable, match=r"the zone transfer failed: .*NOTAUTH"):
        read_zone(source(zone_server, signed=False), "gov.uk", ["hmrc.gov.uk"])


class Tampering:
    """A man in the middle on loopback: passes the query to the server and its answer back with `old` replaced by
    `new` (of the same length), as an attacker on the path would rewrite a delegation."""

    def __init__(self, port: int, old: bytes, new: bytes):
        self.port, self.old, self.new = port, old, new
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"axfr://127.0.0.1:{self.listener.getsockname()[1]}/gov.uk"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        client, _ = self.listener.accept()
        with client, socket.create_connection(("127.0.0.1", self.port)) as server:
            server.sendall(client.recv(65535))
            server.shutdown(socket.SHUT_WR)
            answer = b"".join(iter(lambda: server.recv(65535), b""))
            client.sendall(answer.replace(self.old, self.new))

    def close(self) -> None:
        self.thread.join(timeout=10)
        self.listener.close()


def test_a_transfer_altered_on_the_way_fails_its_signature_and_is_a_temporary_failure(zone_server):
    zone_server.publish(6, ZONE)
    middle = Tampering(zone_server.port, b"\x03ns2", b"\x03ns9")  # ns2.hmrc.gov.uk becomes ns9.hmrc.gov.uk
    try:
        altered = load_settings({"MAILBOT_ZONE_SOURCE": middle.url, "MAILBOT_ZONE_TSIG": zone_server.tsig,
                                 "MAILBOT_SECRET": "s" * 16, "MAILBOT_AUDIT_KEY": "a" * 16}).zone_source
        with pytest.raises(ZoneUnavailable, match="TSIG signature does not verify"):
            read_zone(altered, "gov.uk", ["hmrc.gov.uk"])
    finally:
        middle.close()


def test_a_server_that_is_down_is_a_temporary_failure(zone_server):
    zone_server.publish(4, ZONE)
    signed = source(zone_server)
    zone_server.stop()
    try:
        with pytest.raises(ZoneUnavailable, match="the SOA query failed"):
            read_serial(signed, "gov.uk")
        with pytest.raises(ZoneUnavailable, match="the zone transfer failed"):
            read_zone(signed, "gov.uk", ["hmrc.gov.uk"])
    finally:
        zone_server.start()


def test_a_zone_file_is_read_the_same_way(zone_server, tmp_path):
    zone_server.publish(2026120502, ZONE)  # the server writes the file it loads: the same text
    path = tmp_path / "gov.uk.zone"
    path.write_text(zone_server.zone_file.read_text())
    file = zone_source(str(path))
    assert read_serial(file, "gov.uk") == 2026120502
    assert read_zone(file, "gov.uk", ["hmrc.gov.uk"]).delegations == {"hmrc.gov.uk": HMRC}
    path.write_text("this is not a zone\n")
    with pytest.raises(ZoneUnavailable, match="the zone file has no SOA record for gov.uk"):
        read_zone(file, "gov.uk", ["hmrc.gov.uk"])
    path.write_text(zone_server.zone_file.read_text() + "hmrc NS (\n")
    with pytest.raises(ZoneUnavailable, match="not a zone file of gov.uk"):
        read_zone(file, "gov.uk", ["hmrc.gov.uk"])


def test_only_the_lines_of_the_apex_and_the_names_asked_for_are_parsed():
    zone = ["$ORIGIN gov.uk.\n", "$TTL 3600\n", "@ SOA ns0 hostmaster ( 5 3600\n", "  600 864000 3600 )\n",
            "other NS ns1.other.example.\n", "  DS 1 13 2 AB ; (\n", "HMRC.gov.uk. NS ns1.hmrc.gov.uk.\n",
            "\tNS ns2.hmrc.gov.uk.\n", "x TXT \"(\" ; not a record of ours\n", "$ORIGIN hmrc.gov.uk.\n",
            "@ DS 12345 13 2 ( AB\n", "  CD )\n", "www A 192.0.2.1\n"]
    assert list(kept_lines(zone, "gov.uk", {"hmrc.gov.uk"})) == [
        "$ORIGIN gov.uk.\n", "$TTL 3600\n", "@ SOA ns0 hostmaster ( 5 3600\n", "  600 864000 3600 )\n",
        "HMRC.gov.uk. NS ns1.hmrc.gov.uk.\n", "\tNS ns2.hmrc.gov.uk.\n", "$ORIGIN hmrc.gov.uk.\n",
        "@ DS 12345 13 2 ( AB\n", "  CD )\n"]


@pytest.mark.parametrize("env, message", [
    ({"MAILBOT_ZONE_SOURCE": "https://registry.example/gov.uk"}, "MAILBOT_ZONE_SOURCE: expected axfr://host:port/"),
    ({"MAILBOT_ZONE_SOURCE": "axfr://ns0.registry.example:99999/gov.uk"}, "MAILBOT_ZONE_SOURCE: expected axfr://"),
    ({"MAILBOT_ZONE_SOURCE": "/nowhere/gov.uk.zone"}, "MAILBOT_ZONE_SOURCE: no such zone file: /nowhere/gov.uk.zone"),
    ({"MAILBOT_ZONE_TSIG": "hmac-md5:key:c2VjcmV0c2VjcmV0c2VjcmV0"}, "MAILBOT_ZONE_TSIG: expected ALGORITHM:NAME:"),
    ({"MAILBOT_ZONE_TSIG": "hmac-sha256:key:not base64!"}, "MAILBOT_ZONE_TSIG: the secret must be base64"),
])
def test_a_bad_zone_setting_is_one_line_naming_the_key_and_never_the_secret(env, message):
    with pytest.raises(ConfigError) as caught:
        load_settings({"MAILBOT_SECRET": "s" * 16, "MAILBOT_AUDIT_KEY": "a" * 16, **env})
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value) and "base64!" not in str(caught.value)


def test_the_key_secret_is_never_printed():
    secret = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"
    settings = load_settings({"MAILBOT_SECRET": "s" * 16, "MAILBOT_AUDIT_KEY": "a" * 16,
                              "MAILBOT_ZONE_SOURCE": "axfr://127.0.0.1:5353/gov.uk",
                              "MAILBOT_ZONE_TSIG": f"hmac-sha256:mailbot-transfer:{secret}"})
    assert settings.zone_source.tsig.name == "mailbot-transfer"
    assert secret not in repr(settings) and secret not in str(settings.zone_source)
