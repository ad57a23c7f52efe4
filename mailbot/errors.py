"""The one small exception hierarchy: every error a person can act on, turned into one line by the CLI."""


class MailbotError(Exception):
    """Base of every error the bot reports to a person; the message says what was wrong."""

    exit_code = 1


class ConfigError(MailbotError):
    """Settings or rules.yaml are wrong: the message names the key."""

    exit_code = 2


class InputError(MailbotError):
    """A file, reference or argument given by a person is wrong: the message names it."""

    exit_code = 2


class NotFound(InputError):
    """A reference that names nothing."""


class TransitionRefused(MailbotError):
    """The ticket's state does not allow what was asked."""

    exit_code = 3


class SchemaOutOfDate(MailbotError):
    """The database needs `mailbot db upgrade` before this command can run."""

    exit_code = 4


class TemporaryError(MailbotError):
    """Something outside the bot failed for now (a relay, a database): try again later."""

    exit_code = 75


def without_credentials(url: str) -> str:
    """A URL as an error may print it: its scheme and what follows the last "@", never a user name or password."""
    if "@" not in url:
        return url
    scheme = url.partition("://")[0] + "://" if "://" in url.partition("@")[0] else ""
    return scheme + url.rpartition("@")[2]
