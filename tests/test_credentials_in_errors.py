"""A wrong relay, mailbox or database URL is named in its one-line error without its user name and password,
which would otherwise reach a terminal, a log or a service's journal."""

import pytest

from mailbot.errors import ConfigError
from mailbot.outbox.send import SMTPTransport
from mailbot.settings import imap_settings
from mailbot.store.db import make_engine


@pytest.mark.parametrize("url", ["http://relay-user:s3cret@relay.example:587", "relay-user:s3cret@relay.example",
                                 "smtp://relay-user:s3cret@"])
def test_a_wrong_relay_url(url):
    with pytest.raises(ConfigError) as refused:
        SMTPTransport(url)
    message = str(refused.value)
    assert message.startswith("MAILBOT_SMTP_URL: expected smtp://")
    assert "s3cret" not in message and "relay-user" not in message


def test_a_wrong_mailbox_url():
    with pytest.raises(ConfigError) as refused:
        imap_settings("pop3://mail-user:s3cret@mail.example/INBOX", {})
    message = str(refused.value)
    assert message.startswith("MAILBOT_IMAP_URL: expected imaps://") and "pop3://mail.example/INBOX" in message
    assert "s3cret" not in message and "mail-user" not in message


def test_a_wrong_database_url():
    with pytest.raises(ConfigError) as refused:
        make_engine("postgresql+nosuchdriver://db-user:s3cret@db.example/mailbot")
    message = str(refused.value)
    assert "postgresql+nosuchdriver://db.example/mailbot" in message
    assert "s3cret" not in message and "db-user" not in message
