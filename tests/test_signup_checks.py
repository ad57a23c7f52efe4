"""A sign-up form is checked all at once: the form's own problems, its domains against the registry records and every
contact against the address policy, in one reply, each with what to do; the reply says the form was read. Once
approved, the person who signed up gets the copy of the current records the seed promises, as the lock contacts do."""

from __future__ import annotations

from mailbot.ingest.receive import receive
from mailbot.workflow import membership
from tests.support.mails import GDS, PARISH_SIGNUP, body, build, outbox

SENDER = "ciso@little-ashby-pc.gov.uk"
# Two problems of the form itself (a misspelt field, a lock contact without a phone), and five of what it says: a
# domain not in the records, a personal address, a person's workplace address, a lock contact published in WHOIS, and
# the lock contact without a phone, whose address is checked all the same.
FORM = """Request: Sign up
Organisation: Little Ashby Parish Council
Your name: Margaret Hale
Job title: Clerk to the Council and Senior Information Risk Owner
Email: ciso@little-ashby-pc.gov.uk
Phone: 01632 960001
Domain: little-ashby-pc.gov.uk, little-ashbey-pc.gov.uk
Registry Lock contact: clerk@little-ashby-pc.gov.uk, 01632 960002, Parish clerk
Registry Lock contact: margaret.hale@little-ashby-pc.gov.uk
Technical contact: littleashbyclerk@gmail.com
Techincal contact: webmaster@little-ashby-pc.gov.uk
"""


def test_every_problem_of_a_signup_is_listed_in_one_reply_each_with_what_to_do(registry):
    result = receive(registry, build(sender=SENDER, subject="Sign up", body=FORM), "file")
    assert result.state == "rejected"
    [rejected] = outbox(registry, "signup_rejected")
    text = " ".join(body(rejected).split())
    listed = body(rejected).split(" problems:")[1].split("What you must do")[0]
    problems = listed.split("\n- ")[1:]
    said = [" ".join(p.split()) for p in problems]
    assert any("Techincal contact" in p and "did you mean 'Technical contact'" in p for p in said)
    assert any("line 9" in p and "a phone number is needed" in p for p in said)
    assert any("little-ashbey-pc.gov.uk is not a .gov.uk domain in the registry records: check its spelling" in p
               for p in said)
    assert any("littleashbyclerk@gmail.com" in p and "personal address" in p for p in said)
    assert any("margaret.hale@little-ashby-pc.gov.uk" in p and "one person" in p for p in said)
    assert any("clerk@little-ashby-pc.gov.uk" in p and "WHOIS" in p and "line 8" in p for p in said)
    assert "We read the sign-up form in your email and checked all of it" in text
    assert f"We found {len(problems)} problems:" in text and len(problems) >= 6
    assert "could not" not in text
    assert "little-ashby-pc.gov.uk" in text.split("Reference:")[0]  # the domains it read


def test_signup_received_lists_the_lock_contacts_apart_from_the_others(registry):
    receive(registry, build(sender=SENDER, subject="Sign up", body=PARISH_SIGNUP), "file")
    [received] = outbox(registry, "signup_received")
    text = body(received)
    lock = text.split("Your Registry Lock contacts")[1].split("Your other contacts")[0]
    others = text.split("Your other contacts")[1]
    assert "security@little-ashby-pc.gov.uk" in lock and "webmaster@little-ashby-pc.gov.uk" not in lock
    assert "webmaster@little-ashby-pc.gov.uk" in others and "Technical contact" in others


def test_the_person_who_signed_up_gets_a_copy_of_the_current_records(registry):
    receive(registry, build(sender=SENDER, subject="Sign up", body=PARISH_SIGNUP), "file")
    membership.approve_signup(registry, "RL-000001", operator="Gill Davies")
    copies = outbox(registry, "current_records")
    assert sorted(c.to[0] for c in copies) == [SENDER, "security@little-ashby-pc.gov.uk"]
    [theirs] = [c for c in copies if c.to == [SENDER]]
    text = " ".join(body(theirs).split())
    assert "As we said when you signed up" in text and "ns1.webhost.example" in text
    assert "will phone your Registry Lock contacts" in text
    assert "security@little-ashby-pc.gov.uk" not in text  # a copy of the records, naming no lock contact
    assert GDS not in theirs.to
