"""One reader, one template: every mail template rendered for every kind of reader it goes to, and read as that
reader reads it. The operators and GDS are told what they can reply; GDS, with no shell on the registry's machine,
is never told to run a command; the security team, registrars and requesters are never offered a command."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from mailbot.ingest.receive import receive
from mailbot.outbox.render import Renderer
from mailbot.tokens import token_audience
from mailbot.workflow import operators
from tests.support.mails import GDS, PARISH_SIGNUP, SECURITY, build, outbox, parsed, request, written_reply
from tests.support.template_contexts import READERS, SECURITY_CONTACT, TEAMS, TEMPLATE_NAMES, sample_context

TEMPLATES_DIR = Path(str(files("mailbot") / "templates"))
RENDERER = Renderer()
# GDS's copies of a mail the security team answers: for its records, and no reply of GDS's confirms anything.
GDS_COPIES = ("authorisation_for_gds", "contact_change_confirmation_for_gds", "confirmation_void_for_gds")
PAIRS = [(name, reader) for name in TEMPLATE_NAMES for reader in READERS[name]]


def read(name: str, reader: str) -> tuple[str, str]:
    subject, body = RENDERER.render(name, sample_context(name, reader))
    return subject, body


def test_every_template_says_who_reads_it():
    on_disk = {p.stem for p in TEMPLATES_DIR.glob("*.txt") if not p.name.startswith("_")}
    assert set(TEMPLATE_NAMES) <= on_disk and set(READERS) == set(TEMPLATE_NAMES)


@pytest.mark.parametrize(("name", "reader"), PAIRS, ids=[f"{n}-{r}" for n, r in PAIRS])
def test_each_reader_gets_its_own_words(name, reader):
    _, body = read(name, reader)
    paragraphs = body.split("\n\n")
    offers = "What you can reply" in body
    if reader in TEAMS:
        # The mail ends with the replies it accepts, one command a line, then the service's name.
        tail = body[body.index("What you can reply"):]
        for command in sample_context(name, reader)["replies"]["commands"]:
            assert f"\n  {command['line']}\n" in tail
        assert body.endswith("changes nothing.\n\n.gov.uk Registry Lock\n")
    else:
        assert not offers
    if reader != "operators":
        # Only the operators have the command line; a mail copied to them says so when it shows one.
        for i, paragraph in enumerate(paragraphs):
            if "mailbot " in paragraph:
                assert "registry operators can run" in paragraphs[i - 1] + paragraph, paragraph
    if reader == "registrar":
        assert SECURITY_CONTACT["email"] not in body and SECURITY_CONTACT["phone"] not in body
    text = " ".join(body.split())
    if name in GDS_COPIES:
        assert "do not need to do anything" in text
        assert "reply to this email to confirm" not in text.lower()
    if reader == "security" and name in ("confirmation_of_authorisation", "contact_change_confirmation"):
        assert "reply to this email to confirm" in text and "GDS must" not in text


@pytest.fixture
def bot(registry, dns_zone):
    return registry


def test_the_mail_each_reader_is_sent_is_written_for_that_reader(bot):
    """Through the flows: every mail's reply token is issued to a reader its template is written for."""
    request(bot)
    operators.record_call(bot, "RL-000001", outcome="verified", contact=SECURITY, operator="Sam Jones")
    coa = next(o for o in outbox(bot, "confirmation_of_authorisation") if SECURITY in o.to)
    receive(bot, written_reply(coa, sender=SECURITY, text="I confirm this change."), "smtp")
    operators.applied(bot, "RL-000001", operator="Sam Jones")
    receive(bot, build(sender="ciso@little-ashby-pc.gov.uk", to=GDS, subject="Sign up", body=PARISH_SIGNUP), "file")
    sent = outbox(bot)
    assert {o.template for o in sent} >= {"operator_task", "authorisation_for_gds", "change_notification",
                                         "signup_for_review", "signup_received"}
    with bot.sessions() as session:
        for item in sent:
            token = parsed(item)["Reply-To"].addresses[0].username.rpartition(".")[2]
            assert token_audience(session, token) in READERS[item.template], item.template
