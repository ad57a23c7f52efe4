"""The test Dovecot itself (tests/support/imap_server.py): what the IMAP ingest tests rely on, checked on its own."""

from __future__ import annotations

import socket
import ssl
import time

import pytest
from imapclient import IMAPClient
from imapclient.exceptions import LoginError

from mailbot.settings import imap_settings

MAIL = (b"From: a@example.gov.uk\r\nTo: lock@example.org\r\nSubject: test %d\r\nMessage-ID: <%d@example.gov.uk>\r\n"
        b"\r\nbody\r\n")


def mail(n: int) -> bytes:
    return MAIL % (n, n)


def test_each_test_gets_an_empty_mailbox_of_its_own(imap_server):
    assert imap_server.user not in ("mailbot", "other")
    assert imap_server.messages() == []
    assert imap_server.folders() == ["INBOX"]
    imap_server.append(mail(1), user="other")  # the fixed users are still there, and separate
    assert imap_server.messages() == []


def test_login_with_imapclient_and_a_wrong_password_is_refused(imap_server):
    with IMAPClient("127.0.0.1", imap_server.port, ssl=False, timeout=5) as client:
        client.login(imap_server.user, "secret")
        assert b"IDLE" in client.capabilities()
        assert b"UIDPLUS" in client.capabilities()
    client = IMAPClient("127.0.0.1", imap_server.port, ssl=False, timeout=5)
    with pytest.raises(LoginError):
        client.login(imap_server.user, "wrong")
    client.shutdown()


def test_append_then_read_back_in_uid_order_without_marking_seen(imap_server):
    assert [imap_server.append(mail(n)) for n in (1, 2)] == [1, 2]
    assert imap_server.messages() == [mail(1), mail(2)]
    assert imap_server.uids() == [1, 2]
    with imap_server.connect() as client:
        client.select_folder("INBOX", readonly=True)
        assert all(b"\\Seen" not in flags for flags in client.get_flags([1, 2]).values())


def test_folders_are_created_once_and_hold_their_own_messages(imap_server):
    assert imap_server.create("Processed") == "Processed"
    imap_server.create("Processed")
    imap_server.append(mail(3), folder="Processed")
    assert imap_server.folders() == ["INBOX", "Processed"]
    assert imap_server.messages("Processed") == [mail(3)]
    assert imap_server.messages() == []


def test_an_append_from_another_connection_wakes_idle(imap_server):
    with imap_server.connect() as client:
        client.select_folder("INBOX")
        client.idle()
        imap_server.append(mail(1))
        responses = []
        deadline = time.monotonic() + 10
        while not any(r[1:] == (b"EXISTS",) for r in responses) and time.monotonic() < deadline:
            responses += client.idle_check(timeout=1)
        client.idle_done()
    assert (1, b"EXISTS") in responses


def test_restart_drops_clients_and_a_new_connection_works(imap_server):
    imap_server.append(mail(1))
    client = imap_server.connect()
    imap_server.restart()
    with pytest.raises((OSError, IMAPClient.Error, IMAPClient.AbortError)):
        client.noop()
    client.shutdown()
    assert imap_server.messages() == [mail(1)]


def test_stop_closes_the_port_and_start_opens_it_again(imap_server):
    imap_server.stop()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", imap_server.port), timeout=2):
        pass
    imap_server.start()
    assert imap_server.uidvalidity() > 0


def test_reset_uidvalidity_changes_it_and_keeps_the_messages(imap_server):
    imap_server.append(mail(1))
    imap_server.append(mail(2))
    before = imap_server.uidvalidity()
    after = imap_server.reset_uidvalidity()
    assert after != before
    assert imap_server.uidvalidity() == after
    with imap_server.connect() as client:
        assert client.select_folder("INBOX")[b"UIDVALIDITY"] == after
    assert imap_server.messages() == [mail(1), mail(2)]


def test_imaps_with_the_private_ca(imap_server):
    imap_server.append(mail(1))
    context = ssl.create_default_context(cafile=str(imap_server.cafile))
    with IMAPClient("127.0.0.1", imap_server.tls_port, ssl=True, ssl_context=context, timeout=5) as client:
        client.login(imap_server.user, "secret")
        client.select_folder("INBOX", readonly=True)
        assert client.search() == [1]
    with imap_server.connect(tls=True) as client:
        assert client.folder_status("INBOX", [b"MESSAGES"])[b"MESSAGES"] == 1


def test_imaps_without_the_ca_is_refused(imap_server):
    with pytest.raises(ssl.SSLCertVerificationError):
        IMAPClient("127.0.0.1", imap_server.tls_port, ssl=True, ssl_context=ssl.create_default_context(), timeout=5)


def test_urls_are_what_the_ingester_reads(imap_server):
    plain = imap_settings(imap_server.url(), {})
    assert (plain.host, plain.port, plain.tls, plain.user, plain.password, plain.folder) == (
        "127.0.0.1", imap_server.port, "none", imap_server.user, "secret", "INBOX")
    tls = imap_settings(imap_server.url("Processed", tls=True), {})
    assert (tls.port, tls.tls, tls.folder, tls.cafile) == (
        imap_server.tls_port, "ssl", "Processed", str(imap_server.cafile))
