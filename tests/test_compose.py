"""Outgoing mail as a reader's mail program sees it: names and subjects in any script, long lines folded, the
thread kept; and the day's limit on answers counted for each address alone, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from contextlib import contextmanager
from email import message_from_bytes
from email.policy import default

from mailbot.ingest.receive import receive
from mailbot.outbox.send import SMTPTransport, send_due
from tests.support.mails import BOT, GDS, PARISH_SIGNUP, REGISTRAR, body, build, heading, outbox, parsed, request

SENIOR = "ciso@little-ashby-pc.gov.uk"
WELSH = "Cyngor Cymuned Llanfair Pwllgwyngyll a Môn"  # a council name with a letter beyond ASCII


def sign_up(app, *, sender: str = SENIOR, organisation: str = "Little Ashby Parish Council", form: str = PARISH_SIGNUP):
    text = form.replace("Little Ashby Parish Council", organisation)
    return receive(app, build(sender=sender, to=GDS, subject="Registry Lock sign-up", body=text), "file")


def assert_sendable(raw: bytes) -> None:
    """What any relay takes: ASCII only, every line ending in CRLF, no line past 78 characters."""
    assert raw.isascii()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and not any(b"\r" in line or b"\n" in line for line in lines)
    assert max(map(len, lines)) <= 78, max(lines, key=len)


def set_service_name(app, name: str) -> None:
    app.rules = app.rules.model_copy(update={"service_name": name})


def test_an_organisation_s_name_beyond_ascii_reads_back_in_the_subject_and_the_body(registry):
    sign_up(registry, organisation=WELSH)
    [received] = outbox(registry, "signup_received")
    [review] = outbox(registry, "signup_for_review")
    for item in (received, review):
        msg = parsed(item)
        assert str(msg["Subject"]).endswith(WELSH), str(msg["Subject"])
        assert item.subject == str(msg["Subject"])
        assert WELSH in body(item)
        assert_sendable(item.message.raw)


def test_a_long_subject_is_folded_and_reads_back_whole(registry):
    organisation = "The Borough Council of " + " ".join(["King's Lynn and West Norfolk"] * 4)
    sign_up(registry, organisation=organisation)
    [review] = outbox(registry, "signup_for_review")
    raw = review.message.raw
    subject = re.search(rb"\r\nSubject:.*?\r\n(?=\S)", raw, re.S).group()
    assert subject.count(b"\r\n ") >= 2  # folded on three lines or more
    assert str(parsed(review)["Subject"]) == f"[{review.ticket.ref}] little-ashby-pc.gov.uk: sign-up for {organisation}"
    assert_sendable(raw)


def test_the_service_s_name_in_welsh_is_the_display_name_of_from_and_reply_to(registry):
    name = "Gwasanaeth Cloi’r Gofrestrfa .gov.uk – Registry Lock"  # quotes, a dot, letters beyond ASCII
    set_service_name(registry, name)
    request(registry)
    for item in outbox(registry):
        msg = parsed(item)
        assert [(a.display_name, a.addr_spec) for a in msg["From"].addresses] == [(name, BOT)]
        [reply_to] = msg["Reply-To"].addresses
        assert reply_to.display_name == name and reply_to.addr_spec.startswith("registrylock+")
        assert_sendable(item.message.raw)


def test_a_service_name_with_quotes_and_backslashes_is_quoted(registry):
    name = 'Registry Lock "pilot" (.gov.uk) \\ GDS'
    set_service_name(registry, name)
    request(registry)
    for item in outbox(registry):
        assert parsed(item)["From"].addresses[0].display_name == name
        assert_sendable(item.message.raw)


def test_words_that_look_encoded_are_sent_as_written(registry):
    organisation = "=?utf-8?q?Evil=0D=0ABcc:_victim@example.org?= Parish"
    sign_up(registry, organisation=organisation)
    [review] = outbox(registry, "signup_for_review")
    msg = parsed(review)
    assert str(msg["Subject"]).endswith(organisation) and msg["Bcc"] is None
    assert_sendable(review.message.raw)


def test_answers_thread_under_an_opening_message_id_too_long_for_one_line(registry):
    # Exchange Online's Message-IDs are about this long; one cannot be folded, and must not be encoded.
    opening = "<DB9PR01MB9876543210ABCDEF0123456789ABCDEF0123@DB9PR01MB9876.eurprd01.prod.exchangelabs.com>"
    request(registry, message_id=opening)
    [ack] = outbox(registry, "change_received")
    msg = parsed(ack)
    assert (str(msg["In-Reply-To"]), str(msg["References"])) == (opening, opening)
    assert f"\r\nIn-Reply-To: {opening}\r\n".encode() in ack.message.raw


def test_a_relay_receives_names_beyond_ascii_as_they_were_written(registry, smtp_peer):
    set_service_name(registry, "Gwasanaeth Cloi’r Gofrestrfa")
    sign_up(registry, organisation=WELSH)
    assert {r.status for r in send_due(registry, SMTPTransport(smtp_peer.url))} == {"sent"}
    assert len(smtp_peer.received) == 2
    for envelope in smtp_peer.received:
        msg = message_from_bytes(envelope.original_content, policy=default)
        assert msg["From"].addresses[0].display_name == "Gwasanaeth Cloi’r Gofrestrfa"
        assert str(msg["Subject"]).endswith(WELSH) and WELSH in msg.get_content()


def test_an_operator_s_internationalised_address_is_written_in_utf_8_in_one_header_field(registry):
    operator = "zoë.brontë@registry.example"
    registry.rules = registry.rules.model_copy(update={"addresses": registry.rules.addresses.model_copy(
        update={"operators": [operator]})})
    request(registry)
    [task] = outbox(registry, "operator_task")
    head = task.message.raw.split(b"\r\n\r\n")[0]
    assert f"\r\nTo: {operator}\r\n".encode() in head  # RFC 6532: the address as it is, in UTF-8
    assert [line.split(b":")[0] for line in head.split(b"\r\n") if not line.startswith(b" ")] == [
        b"From", b"To", b"Reply-To", b"Subject", b"Date", b"Message-ID", b"In-Reply-To", b"References",
        b"Auto-Submitted", b"X-Auto-Response-Suppress", b"X-Registry-Lock-Loop", b"X-Registry-Lock-Ticket",
        b"Content-Type", b"Content-Transfer-Encoding", b"MIME-Version"]


def test_a_display_name_beyond_ascii_with_a_comma_reads_back_as_written(registry):
    name = "Brontë, Zoë — Registry Lock, the “pilot” service of .gov.uk"  # a comma, quotes, letters beyond ASCII
    set_service_name(registry, name)
    request(registry)
    for item in outbox(registry):
        msg = parsed(item)
        assert [(a.display_name, a.addr_spec) for a in msg["From"].addresses] == [(name, BOT)]
        assert msg["Reply-To"].addresses[0].display_name == name
        assert_sendable(item.message.raw)


def test_a_service_name_with_a_line_break_or_an_encoded_one_adds_no_header_field(registry):
    names = {"Registry Lock\r\nBcc: victim@example.org": "Registry Lock Bcc: victim@example.org",
             "Lock =?utf-8?q?=0D=0ABcc:_v@x.org?=": "Lock =?utf-8?q?=0D=0ABcc:_v@x.org?="}
    for n, (name, written) in enumerate(names.items()):
        set_service_name(registry, name)
        before = len(outbox(registry))
        request(registry, subject=f"NS {n}", body=f"Please update the name servers for hmrc.gov.uk to ns1.v{n}.example "
                                                   f"and ns2.v{n}.example\n")
        assert len(outbox(registry)) > before
        for item in outbox(registry)[before:]:
            msg = parsed(item)
            assert msg["Bcc"] is None and msg["From"].addresses[0].display_name == written
            assert_sendable(item.message.raw)


class Subjects:
    """The templates' renderer, but for the subject: `subject`, as no template writes it."""

    def __init__(self, renderer, subject: str) -> None:
        self.renderer, self.subject = renderer, subject

    def render(self, name: str, context: dict) -> tuple[str, str]:
        return self.subject, self.renderer.render(name, context)[1]


def test_a_heading_with_a_line_break_is_one_line_of_the_body_and_the_subject_stays_the_ticket_s(registry):
    renderer = registry.renderer
    subjects = {"Look\r\nBcc: victim@example.org": "Look Bcc: victim@example.org",
                "Look\x00\nBcc: victim@example.org": "Look Bcc: victim@example.org",
                "Lòok\u2028Bcc: victim@example.org": "Lòok Bcc: victim@example.org"}
    for n, (subject, written) in enumerate(subjects.items()):
        registry.renderer, before = Subjects(renderer, subject), len(outbox(registry))
        request(registry, subject=f"NS {n}", body=f"Please update the name servers for hmrc.gov.uk to ns1.v{n}.example "
                                                   f"and ns2.v{n}.example\n")
        assert len(outbox(registry)) > before
        for item in outbox(registry)[before:]:
            msg = parsed(item)
            assert msg["Bcc"] is None and str(msg["Subject"]) == f"[{item.ticket.ref}] hmrc.gov.uk: change request"
            assert body(item).replace("\r\n", "\n").split("\n")[0] == written
            assert_sendable(item.message.raw)


def test_an_organisation_name_that_looks_encoded_or_is_long_is_one_subject_that_reads_as_written(registry):
    padded = "=?utf-8?q?=0D=0ABcc:_v@x.org?= " + "padding " * 11 + "end"  # longer than a line
    for name in ("Look =?utf-8?q?=0D=0ABcc:_victim@example.org?=", "Lòok =?utf-8?b?DQpCY2M6IHZAeC5vcmc=?=", padded):
        before = len(outbox(registry))
        sign_up(registry, organisation=name)
        for item in outbox(registry)[before:]:
            msg = parsed(item)
            assert msg["Bcc"] is None and str(msg["Subject"]).endswith(f"sign-up for {name}")
            assert str(msg["Subject"]) == item.subject
            assert_sendable(item.message.raw)


def test_the_original_is_attached_with_its_header_lines_and_8bit_body_as_they_came(registry):
    # A header line of the original longer than a line, holding an encoded line break: refolding it would decode it.
    note = b"X-Note: =?utf-8?q?x=0D=0A=0D=0A--evil?= " + b"padding " * 12
    original = (b"From: " + REGISTRAR.encode() + b"\r\nTo: " + BOT.encode() + b"\r\nSubject: DNS change\r\n" + note
                + b"\r\nMessage-ID: <original-8bit@registrar.example>\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\n"
                b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                b"Content-Transfer-Encoding: 8bit\r\n\r\n"
                b"Please change the nameservers for little-ashby-pc.gov.uk to ns1.newhost.example and "
                b"ns2.newhost.example. Diolch \xe2\x80\x94 M\xc3\xb4n\r\n")
    receive(registry, original, "file")
    [fwd] = outbox(registry, "passed_on")
    raw = fwd.message.raw
    assert note + b"\r\n" in raw and b"Diolch \xe2\x80\x94 M\xc3\xb4n\r\n" in raw
    [attached] = [p for p in parsed(fwd).iter_attachments() if p.get_content_type() == "message/rfc822"]
    [inner] = attached.iter_parts()
    assert inner["Bcc"] is None and "M\u00f4n" in inner.get_content()
    assert_sendable(raw.split(b"\r\n\r\n")[0] + b"\r\n")  # the mail's own header section


def test_an_opening_message_id_beyond_printable_ascii_is_not_copied_and_the_answer_still_goes(registry):
    raw = build(message_id="<zo-1@registrar.example>").replace(b"<zo-1@", "<zoë-1@".encode())
    receive(registry, raw, "file")
    [ack] = outbox(registry, "change_received")
    msg = parsed(ack)
    assert msg["In-Reply-To"] is None and msg["References"] is None
    assert_sendable(ack.message.raw)


def operators_at(app, address: str) -> None:
    app.rules = app.rules.model_copy(update={"addresses": app.rules.addresses.model_copy(
        update={"operators": [address]})})


@contextmanager
def relay(*, smtputf8: bool):
    """A relay on loopback that offers SMTPUTF8 (RFC 6531), or one that does not."""
    from aiosmtpd.controller import Controller

    from tests.support.servers import Peer

    peer = Peer()
    controller = Controller(peer, hostname="127.0.0.1", port=peer.port, enable_SMTPUTF8=smtputf8)
    controller.start()
    peer.url = f"smtp://127.0.0.1:{peer.port}?tls=none"
    try:
        yield peer
    finally:
        controller.stop()


def test_an_internationalised_address_is_delivered_through_a_relay_that_offers_smtputf8(registry):
    operators_at(registry, "zoë.brontë@registry.example")
    request(registry)
    with relay(smtputf8=True) as peer:
        results = send_due(registry, SMTPTransport(peer.url))
    assert {r.status for r in results} == {"sent"}
    [task] = [e for e in peer.received if "zoë.brontë@registry.example" in e.rcpt_tos]
    assert "SMTPUTF8" in task.mail_options


def test_a_relay_without_smtputf8_fails_that_mail_alone_and_the_rest_still_goes(registry):
    operators_at(registry, "zoë.brontë@registry.example")
    request(registry)
    with relay(smtputf8=False) as peer:
        results = {r.id: r for r in send_due(registry, SMTPTransport(peer.url))}
    [task] = outbox(registry, "operator_task")
    [ack] = outbox(registry, "change_received")
    assert results[task.id].status == "failed" and "SMTPUTF8" in results[task.id].error
    assert results[ack.id].status == "sent" and [e.rcpt_tos for e in peer.received] == [[REGISTRAR]]


# -- the day's limit on answers, for each address alone ----------------------------------------------------------


def limit_answers(app, per_address: int) -> None:
    app.rules = app.rules.model_copy(update={"limits": app.rules.limits.model_copy(
        update={"answers_per_address_per_day": per_address})})


def bad_sign_ups(app, sender: str, count: int) -> None:
    for n in range(count):  # a form with mistakes is answered with them (signup_rejected)
        raw = build(sender="sender@example.org", to=GDS, subject="Registry Lock sign-up",
                    body=f"Request: Sign up\nOrganisation: Loop {n}\n")
        receive(app, raw.replace(b"From: sender@example.org", f"From: {sender}".encode()), "smtp")  # RFC 6532


def answered(app, address: str) -> int:
    return sum(address in item.to for item in outbox(app, "signup_rejected"))


def test_a_sender_with_an_address_in_utf_8_is_answered_at_it(registry):
    bad_sign_ups(registry, "zoë.brontë@example.org", 1)  # RFC 6532: before, such a sender was never answered
    assert answered(registry, "zoë.brontë@example.org") == 1


def test_answers_given_before_they_were_counted_by_address_still_count_after_the_upgrade(registry):
    from mailbot.store import db

    limit_answers(registry, 2)
    bad_sign_ups(registry, "robot@example.org", 3)  # two answered, the third withheld and the operators told
    db.downgrade(registry.engine, "0007")  # the outbox and the history were all there was to count
    db.upgrade(registry.engine)
    bad_sign_ups(registry, "robot@example.org", 1)
    assert answered(registry, "robot@example.org") == 2
    notices = [o for o in outbox(registry, "operator_notice") if "have stopped for today" in heading(o)]
    assert len(notices) == 1  # the answer withheld before counts too: they are not told again


def test_the_sweep_forgets_old_answers_and_the_day_s_still_count(registry, clock, caplog):
    import logging
    from datetime import timedelta

    from sqlalchemy import func, select

    from mailbot.store.models import Answer
    from mailbot.workflow.sweep import sweep

    limit_answers(registry, 2)
    bad_sign_ups(registry, "old@example.org", 2)
    clock.advance(timedelta(days=3))
    bad_sign_ups(registry, "robot@example.org", 2)
    sweep(registry, dry_run=True)  # a dry run changes nothing
    with registry.tx() as session:
        assert session.scalar(select(func.count(Answer.id))) == 4
    with caplog.at_level(logging.INFO, logger="mailbot.workflow.sweep"):
        sweep(registry)
    with registry.tx() as session:  # only the day's answers are left to count
        assert sorted(session.scalars(select(Answer.address))) == ["robot@example.org"] * 2
    assert [r.getMessage() for r in caplog.records if r.getMessage().startswith("forgot")] == [
        f"forgot 2 counted answers from before {registry.when(clock.now() - timedelta(days=2))}"]
    bad_sign_ups(registry, "robot@example.org", 1)
    assert answered(registry, "robot@example.org") == 2  # still at its limit today
    bad_sign_ups(registry, "old@example.org", 1)
    assert answered(registry, "old@example.org") == 3  # a new day for it


def test_answers_to_look_alike_addresses_do_not_count_against_an_address(registry):
    limit_answers(registry, 2)
    for look_alike in ("xrobot_1@example.org", "robot_1@example.org.uk", "robotx1@example.org"):
        bad_sign_ups(registry, look_alike, 3)
        assert answered(registry, look_alike) == 2
    bad_sign_ups(registry, "robot_1@example.org", 3)
    assert answered(registry, "robot_1@example.org") == 2
    notices = [o for o in outbox(registry, "operator_notice") if "have stopped for today" in heading(o)]
    assert len(notices) == 4  # one for each address


def test_the_registrar_s_acknowledgements_stop_at_the_limit_and_its_requests_are_still_handled(registry):
    limit_answers(registry, 2)
    for n in range(4):
        request(registry, subject=f"NS {n}", body=f"Please update the name servers for hmrc.gov.uk to ns1.v{n}.example "
                                                        f"and ns2.v{n}.example\n")
    assert sum(REGISTRAR in o.to for o in outbox(registry, "change_received")) == 2
    assert len(outbox(registry, "operator_task")) == 4
