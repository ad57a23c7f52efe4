"""Killed at random moments, the bot neither loses nor doubles work: a real Dovecot, a real relay, SIGKILL."""

from __future__ import annotations

import os

import pytest

from tests.support.crash import Drill, finished, note, outcome, relayed_ids

# The suite runs a quick drill; `bench/crash.py` runs the long one (500 messages and more).
MESSAGES = int(os.environ.get("MAILBOT_CRASH_MESSAGES", "150"))


@pytest.mark.parametrize("instances", [1, 2], ids=["one-instance", "two-instances"])
def test_sigkill_at_random_moments_loses_and_doubles_nothing(db_url, imap_server, smtp_peer, tmp_path, instances):
    if instances == 2 and db_url.startswith("sqlite"):
        pytest.skip("several instances share a PostgreSQL")
    for n in range(MESSAGES):
        imap_server.append(note(n))

    def done() -> bool:
        return not imap_server.uids("INBOX") and finished(db_url, MESSAGES)

    drill = Drill(db_url, imap_server.url(), smtp_peer.url, str(tmp_path / "var"), instances=instances, kills=10,
                  seed=20261127 + instances)
    assert drill.run(done) == 10
    result = outcome(db_url, relayed_ids(smtp_peer))
    assert imap_server.uids("INBOX") == []
    assert len(imap_server.uids("Processed")) == MESSAGES and imap_server.uids("Quarantine") == []
    assert result["incoming"] == MESSAGES and result["tickets"] == MESSAGES  # none missing, none doubled
    assert result["tickets_per_message"] == {1: MESSAGES}
    assert len(result["replies"]) == MESSAGES and result["unsettled"] == set()
    # Nothing reaches the relay twice. A message is sent, and relayed once; or, when an instance died in the
    # instant between committing to hand it over and the relay's answer, it waits in doubt for a person.
    assert result["doubled"] == set()
    assert result["sent"] <= result["relayed"] <= result["outgoing"]
    assert result["outgoing"] == result["sent"] | result["in_doubt"]
