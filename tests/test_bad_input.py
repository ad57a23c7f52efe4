"""Bad input: over a limit a message is stored unread and shown to a person; TNEF bodies are read; a missing or
reused Message-ID is flagged; every failure the fuzz test found is kept here by name."""

from __future__ import annotations

import threading
import time
import tracemalloc

import pytest
from sqlalchemy import select

from mailbot.app import App
from mailbot.ingest.receive import receive
from mailbot.parse.exchange import parse
from mailbot.parse.limits import MessageLimits, prescan
from mailbot.registry import import_file
from mailbot.rules import load_rules
from mailbot.settings import load_settings
from mailbot.store import queries
from mailbot.store.models import Message
from mailbot.views import ticket_detail
from tests.support import hostile
from tests.support.constants import EXAMPLES
from tests.support.mails import REGISTRAR, body, build, heading, outbox
from tests.support.servers import free_port

# A Content-Type with 100,000 parameters (folded into lines SMTP accepts): the email package reads parameters in
# quadratic time (compat32's _parseparam) and mail-parser asks for them several times: about 20 seconds.
SLOW_CONTENT_TYPE = b"Content-Type: text/plain;" + (b"\r\n " + b"a=1;" * 100) * 1000 + b"\r\n"


@pytest.fixture
def limited(env, clock, tmp_path, dns_zone):
    """make(**environment): an app with those settings and the example registry, as a deployment would set it."""
    apps = []

    def make(**overrides) -> App:
        settings = load_settings({**env, **overrides}, cwd=tmp_path)
        application = App.build(settings, rules=load_rules(settings.rules_path), clock=clock,
                                dns=lambda name: dns_zone.get(name.rstrip(".")))
        with application.tx() as session:
            import_file(session, str(EXAMPLES / "registry.json"), application.rules.zone)
        apps.append(application)
        return application

    yield make
    for application in apps:
        application.close()


def stored(app, result=None) -> Message:
    """The incoming message a result is about (the latest one when the message has no Message-ID)."""
    with app.sessions() as session:
        query = select(Message).where(Message.direction == "in").order_by(Message.id.desc())
        if result is not None and result.message_id:
            query = query.where(Message.message_id == result.message_id)
        return session.scalars(query.limit(1)).one()


def history(app, ref: str) -> dict:
    with app.sessions() as session:
        return ticket_detail(session, queries.ticket_by_ref(session, ref))


def incoming(app) -> int:
    with app.sessions() as session:
        return len(session.scalars(select(Message.id).where(Message.direction == "in")).all())


def assert_stored_unread(app, raw: bytes, result, limit_words: str) -> str:
    """The message is kept byte for byte, marked with the limit, and the operators' triage notice names it."""
    assert (result.kind, result.action, result.state) == ("over_limit", "triaged", "triage")
    message = stored(app, result)
    assert message.raw == raw
    assert (message.status, message.kind) == ("processed", "over_limit")
    assert limit_words in message.error
    notice = outbox(app, "triage_notice", result.ticket)
    assert len(notice) == 1
    text = " ".join(body(notice[0]).split())
    assert limit_words in text and "stored but was not read" in text
    # Nothing in it was taken as a request: no ticket but the triage one, nothing to the sender.
    assert [i.template for i in outbox(app)] == ["triage_notice"]
    return text


# --- limits ---------------------------------------------------------------------------------------------------


def test_a_message_of_100000_parts_is_stored_unread_and_a_person_told(registry):
    raw = hostile.many_parts(100_000)
    started = time.monotonic()
    result = receive(registry, raw, "imap")
    assert time.monotonic() - started < 5  # the parts are counted up to the limit, never built
    text = assert_stored_unread(registry, raw, result, "over the limit of 1000 MIME parts (MAILBOT_MAX_PARTS)")
    # Its top headers were read, so the person knows whose it is.
    assert f"From: {REGISTRAR}" in text and "Subject: Name server change for hmrc.gov.uk" in text


def test_deeply_nested_messages_are_stored_unread(registry):
    raw = hostile.nested_messages(1000)
    result = receive(registry, raw, "imap")
    assert_stored_unread(registry, raw, result, "over the limit of 20 nested MIME levels (MAILBOT_MAX_DEPTH)")


def test_too_many_header_fields_are_stored_unread(registry):
    raw = hostile.many_headers(100_000)
    result = receive(registry, raw, "imap")
    assert_stored_unread(registry, raw, result,
                         "over the limit of 500 header fields in one header section (MAILBOT_MAX_HEADERS)")


@pytest.mark.parametrize("raw", [hostile.nested_multiparts(19), hostile.many_headers(480),
                                 hostile.huge_header(2_000_000)],
                         ids=["19 multiparts deep", "480 headers", "a 2 MB header"])
def test_a_request_within_the_limits_is_read_however_odd(registry, raw):
    result = receive(registry, raw, "imap")
    assert (result.kind, result.action) == ("change", "opened")


def test_a_request_forwarded_18_messages_deep_is_read_and_asked_about(registry):
    # Within the limits, so read, not stored unread: each attached message is shown as a forward under its header
    # block, and a request forwarded within forwards, with no word of the sender's, is a person's to read.
    result = receive(registry, hostile.nested_messages(18), "imap")
    assert (result.kind, result.action) == ("triage", "triaged")
    assert stored(registry, result).error is None


def test_the_limits_are_set_in_the_environment(limited):
    app = limited(MAILBOT_MAX_PARTS="5", MAILBOT_MAX_DEPTH="3", MAILBOT_MAX_HEADERS="20")
    for raw, words in [(hostile.many_parts(6), "5 MIME parts"), (hostile.nested_multiparts(4), "3 nested MIME levels"),
                       (hostile.many_headers(20), "20 header fields")]:
        result = receive(app, raw, "file")
        assert result.kind == "over_limit" and words in stored(app, result).error
    assert receive(app, hostile.many_parts(4), "file").kind != "over_limit"


def test_a_message_over_the_size_limit_from_imap_or_a_file_is_stored_unread(limited):
    # The SMTP listener refuses it with 552 (tests/test_end_to_end.py); other ways in store it and say so.
    app = limited(MAILBOT_MAX_MESSAGE_BYTES="100000")
    raw = hostile.with_attachment(200_000)
    result = receive(app, raw, "file")
    assert_stored_unread(app, raw, result, "over the limit of 100000 bytes (MAILBOT_MAX_MESSAGE_BYTES)")


def test_a_50_mb_attachment_within_a_raised_limit_is_stored_and_its_request_read_without_copying_it(limited):
    app = limited(MAILBOT_MAX_MESSAGE_BYTES=str(100 * 1024 * 1024))
    raw = hostile.with_attachment(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        started = time.monotonic()
        result = receive(app, raw, "imap")
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.kind, result.action) == ("change", "opened")
    assert stored(app, result).raw == raw
    # The attachment is never decoded or copied: reading it whole took ten times its size and seconds.
    assert peak < len(raw) // 4
    assert elapsed < 20


def test_a_message_that_takes_too_long_to_parse_is_stopped_and_stored_unread(limited):
    app = limited(MAILBOT_PARSE_SECONDS="1")
    raw = hostile.head() + SLOW_CONTENT_TYPE + b"\r\n" + hostile.REQUEST.encode()
    started = time.monotonic()
    result = receive(app, raw, "imap")
    assert time.monotonic() - started < 4
    assert_stored_unread(app, raw, result, "over the limit of 1 second to parse (MAILBOT_PARSE_SECONDS)")
    # The next message is read as usual: ingestion goes on.
    assert receive(app, build(), "imap").action == "opened"


def test_a_slow_message_read_with_others_in_one_exchange_is_stopped_and_the_others_read():
    from mailbot.parse.exchange import parse_many

    slow = hostile.head() + SLOW_CONTENT_TYPE + b"\r\n" + hostile.REQUEST.encode()
    mails = [build(subject="First for hmrc.gov.uk"), slow, build(subject="Last for hmrc.gov.uk")]
    started = time.monotonic()
    first, stopped, last = parse_many(mails, MessageLimits(parse_seconds=1))
    # The exchange of all three ran out of time; each was then read on its own, the slow one under its own limit.
    assert time.monotonic() - started < 6
    assert (first.subject, last.subject) == ("First for hmrc.gov.uk", "Last for hmrc.gov.uk")
    assert first.over_limit is None and last.over_limit is None
    assert stopped.over_limit == "over the limit of 1 second to parse (MAILBOT_PARSE_SECONDS)"


def test_the_parse_time_limit_holds_for_mail_through_the_smtp_listener_thread(limited):
    import smtplib

    from mailbot.ingest.smtp import start_listener

    app = limited(MAILBOT_PARSE_SECONDS="1")
    raw = hostile.head(message_id="<slow@registrar.example>") + SLOW_CONTENT_TYPE + b"\r\n" + hostile.REQUEST.encode()
    port = free_port()
    listener = start_listener(app, "127.0.0.1", port)
    try:
        started = time.monotonic()
        with smtplib.SMTP("127.0.0.1", port) as client:
            client.sendmail(REGISTRAR, ["registrylock@registry.example"], raw)
        assert time.monotonic() - started < 5
    finally:
        listener.stop()
    message = stored(app)
    assert (message.raw.replace(b"\r\n", b"\n"), message.kind) == (raw.replace(b"\r\n", b"\n"), "over_limit")


def test_parsing_from_several_threads_at_once_keeps_each_message_its_own():
    mails = [build(subject=f"Request {n} for hmrc.gov.uk") for n in range(12)]
    results: dict[int, str] = {}

    def work(n):
        results[n] = parse(mails[n]).subject

    threads = [threading.Thread(target=work, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {n: f"Request {n} for hmrc.gov.uk" for n in range(12)}


def test_the_prescan_never_counts_fewer_parts_than_the_email_package_builds():
    import email

    for path in sorted(hostile.SAMPLES.glob("msg_*.txt")):
        raw = path.read_bytes()
        built = len(list(email.message_from_bytes(raw).walk())) - 1
        assert prescan(raw, MessageLimits()).parts >= built, path.name


# --- TNEF (Outlook's winmail.dat) --------------------------------------------------------------------------------


def test_a_request_sent_only_as_outlook_rich_text_is_read(registry):
    # The body is in winmail.dat only, as compressed RTF; the file inside names another domain, and is never read.
    stream = hostile.tnef(rtf=hostile.rtf_of(hostile.REQUEST),
                          attachments=(("other.txt", b"Please update the name servers for little-ashby-pc.gov.uk "
                                                     b"to ns1.evil.example."),))
    result = receive(registry, hostile.winmail(stream), "imap")
    assert (result.kind, result.action) == ("change", "opened")
    detail = history(registry, result.ticket)
    assert detail["domains"] == ["hmrc.gov.uk"]
    assert detail["change"] == {"hmrc.gov.uk": {"nameservers": ["ns1.newdns.co.uk", "ns2.newdns.co.uk"]}}


@pytest.mark.parametrize("kind", ["rtf", "unicode_body", "legacy_body"])
def test_each_way_outlook_stores_a_body_in_tnef_is_read(kind):
    text = hostile.rtf_of("Confirmed, café") if kind == "rtf" else "Confirmed, café"
    mail = parse(hostile.winmail(hostile.tnef(**{kind: text})))
    assert "Confirmed, café" in mail.text


def test_a_tnef_body_that_repeats_the_plain_text_is_not_read_twice():
    mail = parse(hostile.winmail(hostile.tnef(rtf=hostile.rtf_of(hostile.REQUEST)), plain=hostile.REQUEST))
    assert mail.text.count("ns1.newdns.co.uk") == 1


@pytest.mark.parametrize("stream", [b"\x78\x9f\x3e\x22\x01\x00" + b"\xff" * 40, b"\x78\x9f\x3e\x22",
                                    hostile.tnef(rtf=hostile.rtf_of(hostile.REQUEST))[:60],
                                    b"\x78\x9f\x3e\x22\x01\x00\x01\x03\x90\x06\x00\xff\xff\xff\xff" + b"\x00" * 20],
                         ids=["junk", "signature only", "truncated", "a huge property count"])
def test_a_broken_tnef_stream_is_stored_and_triaged_never_a_crash(registry, stream):
    raw = hostile.winmail(stream, subject="About our domain")
    result = receive(registry, raw, "imap")
    assert result.kind == "triage"
    assert stored(registry, result).raw == raw


# --- Message-ID missing or reused ----------------------------------------------------------------------------


def test_a_message_without_a_message_id_is_flagged_on_its_triage_ticket_and_in_the_notice(registry):
    raw = b"From: stranger@example.org\r\nTo: registrylock@registry.example\r\nSubject: hello\r\n\r\nHello.\r\n"
    result = receive(registry, raw, "imap")
    assert result.kind == "triage"
    kinds = [e["kind"] for e in history(registry, result.ticket)["events"]]
    assert "message_id_missing" in kinds
    assert "no Message-ID" in " ".join(body(outbox(registry, "triage_notice", result.ticket)[0]).split())


def test_a_request_without_a_message_id_is_handled_and_flagged_without_extra_mail(registry):
    raw = b"".join(line for line in build().splitlines(keepends=True) if not line.startswith(b"Message-ID"))
    result = receive(registry, raw, "imap")
    assert (result.kind, result.action) == ("change", "opened")
    assert "message_id_missing" in [e["kind"] for e in history(registry, result.ticket)["events"]]
    assert sorted(i.template for i in outbox(registry)) == ["change_received", "operator_task"]


def test_a_message_id_reused_with_other_content_is_stored_apart_and_flagged(registry):
    first = receive(registry, build(message_id="<same@registrar.example>"), "imap")
    other = "Please update the name servers for hmrc.gov.uk to ns9.other.co.uk and ns10.other.co.uk.\n"
    second = receive(registry, build(message_id="<same@registrar.example>", body=other), "imap")
    assert not second.duplicate and second.action == "amended"
    with registry.sessions() as session:
        rows = session.scalars(select(Message).where(Message.message_id == "<same@registrar.example>")
                               .order_by(Message.id)).all()
    assert len(rows) == 2 and rows[0].raw != rows[1].raw  # never merged
    events = [e for e in history(registry, second.ticket)["events"] if e["kind"] == "message_id_reused"]
    assert len(events) == 1 and events[0]["data"]["earlier"] == rows[0].id
    assert f"message {rows[0].id}" in events[0]["reason"]
    notice = outbox(registry, "operator_notice", second.ticket)
    assert any("reuses another message's Message-ID" in heading(item) or "reuses another message's Message-ID"
               in body(item) for item in notice)
    assert first.ticket == second.ticket


def test_a_stranger_reusing_a_message_id_is_named_in_the_triage_notice(registry):
    receive(registry, build(message_id="<taken@registrar.example>"), "imap")
    result = receive(registry, build(sender="stranger@example.org", message_id="<taken@registrar.example>"), "imap")
    assert result.kind == "triage"
    text = " ".join(body(outbox(registry, "triage_notice", result.ticket)[0]).split())
    assert "Message-ID <taken@registrar.example> was used before by message" in text


def test_the_same_message_twice_is_a_duplicate_not_a_reuse(registry):
    raw = build(message_id="<once@registrar.example>")
    receive(registry, raw, "imap")
    again = receive(registry, b"Received: from relay by mx; Fri, 27 Nov 2026 10:01:00 +0000\r\n" + raw, "imap")
    assert again.duplicate and incoming(registry) == 1


# --- failures the fuzz test found, each kept by name ---------------------------------------------------------


def test_html_of_many_unclosed_tags_is_read_in_linear_time():
    # `<[^>]+>` tried every "<" to the end of the text: 200,000 of them took hours; now one pass.
    raw = hostile.head() + b"Content-Type: text/html\r\n\r\n<p>" + hostile.REQUEST.encode() + b"<" * 200_000
    started = time.process_time()
    mail = parse(raw)
    assert time.process_time() - started < 3
    assert mail.over_limit is None and "ns1.newdns.co.uk" in mail.text


def test_a_header_section_with_no_line_end_at_all_is_read():
    mail = parse(b"From: requests@registrar.example")
    assert mail.sender == "requests@registrar.example" and mail.over_limit is None


def test_a_from_header_of_40000_quote_characters_carries_no_authority_at_once():
    # The modern header parser took 18 seconds on it (quadratic); a From that long names no single mailbox.
    started = time.process_time()
    mail = parse(hostile.head(sender='"a' * 20_000))
    assert time.process_time() - started < 3
    assert mail.sender is None and mail.over_limit is None


def _parts_built(raw: bytes) -> int:
    import email

    return len(list(email.message_from_bytes(raw).walk())) - 1


def test_a_delimiter_line_two_boundaries_match_belongs_to_the_outer_multipart():
    # "----" opens a part of the outer multipart (boundary "--") and would close the inner one (boundary ""):
    # the parser gives it to the outer one, and so must the count, or five parts pass a limit of four.
    raw = (b'From: a@b.example\nContent-Type: multipart/mixed; boundary="--"\n\n----\n'
           b'Content-Type: multipart/mixed; boundary=""\n\n--\n\na\n--\n\nb\n----\n\nc\n----\n\nd\n------\n')
    assert _parts_built(raw) == 5
    assert prescan(raw, MessageLimits(max_parts=5)).over is None
    assert "4 MIME parts" in prescan(raw, MessageLimits(max_parts=4)).over


def test_every_blank_line_of_a_delivery_status_counts_as_the_part_it_becomes():
    # RFC 3464 blocks: the parser makes a part of each, empty ones too (a leading blank line, blank lines in a row).
    raw = (b"From: a@b.example\nContent-Type: multipart/report; boundary=r\n\n--r\n"
           b"Content-Type: message/delivery-status\n\n\nReporting-MTA: dns; mx\n\n\n\nAction: failed\n\n\n--r--\n")
    assert prescan(raw, MessageLimits()).parts >= _parts_built(raw) == 7
    assert prescan(raw, MessageLimits(max_parts=6)).over is not None


def test_a_parser_process_that_died_is_replaced_and_the_next_message_read():
    import os
    import signal

    parse(build())
    idle = _parser_processes()  # waiting for the next message
    assert idle
    for pid in idle:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _dead(idle) != idle and time.monotonic() < deadline:
        time.sleep(0.01)
    assert parse(build(subject="After the parsers died")).subject == "After the parsers died"


def _parser_processes() -> set[int]:
    """The pids of this process's parser processes, from /proc."""
    import os
    from pathlib import Path

    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == os.getpid() and b"mailbot.parse.worker" in (stat.parent / "cmdline").read_bytes():
                found.add(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _dead(pids: set[int]) -> set[int]:
    """Those of `pids` that have died (a zombie until their parent reaps them), from /proc."""
    from pathlib import Path

    dead = set()
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                dead.add(pid)
        except (OSError, IndexError):
            dead.add(pid)
    return dead


def _cpu_seconds(pid: int) -> float:
    import os
    from pathlib import Path

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_message_the_parser_dies_on_is_stored_unread_never_parsed_again_in_the_bot(limited):
    import os
    import signal

    from mailbot import parser_processes

    app = limited(MAILBOT_PARSE_SECONDS="60")
    parser_processes.stop()  # so that the message gets a parser of its own (a kept one is tried twice)
    raw = hostile.head() + SLOW_CONTENT_TYPE + b"\r\n" + hostile.REQUEST.encode()
    result: dict = {}
    reader = threading.Thread(target=lambda: result.update(r=receive(app, raw, "imap")))
    reader.start()
    busy: set[int] = set()
    deadline = time.monotonic() + 10
    while not busy and time.monotonic() < deadline:
        time.sleep(0.2)
        busy = _parser_processes()
    while busy and time.monotonic() < deadline + 20 and min(map(_cpu_seconds, busy)) < 1.0:
        time.sleep(0.1)  # until it is well into the message (starting takes a third of a second, this some 20)
    for pid in busy:  # as the kernel's out-of-memory killer would
        os.kill(pid, signal.SIGKILL)
    reader.join(30)
    assert busy and not reader.is_alive()
    assert_stored_unread(app, raw, result["r"], "too much for the parser: its process stopped while reading it")


def test_a_request_with_two_subject_and_message_id_headers_is_read_by_the_first_of_each(registry):
    raw = build(subject="Name servers for hmrc.gov.uk", message_id="<first@registrar.example>")
    head, _, rest = raw.partition(b"\n\n")
    raw = head + b"\nSubject: Something else\nMessage-ID: <second@registrar.example>\n\n" + rest
    result = receive(registry, raw, "imap")
    assert (result.kind, result.action) == ("change", "opened")  # once, this was "unparseable" and triaged
    assert result.message_id == "<first@registrar.example>"
    assert stored(registry, result).subject == "Name servers for hmrc.gov.uk"
    assert "2 Subject headers where one is allowed: the first is read" in parse(raw).defects
