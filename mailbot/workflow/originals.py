"""Workflow: the mail a notice to the operators or GDS is about, as they read it: who sent it, whether its sender is
authenticated, the first lines of the sender's own words (decoded from whatever charset and transfer encoding it
came in), and the mail itself, attached whole and unaltered, so that nobody needs a shell to read it."""

from __future__ import annotations

from dataclasses import dataclass

from mailbot.parse.mail import ParsedMail
from mailbot.parse.own_words import message_lines
from mailbot.policy.authentication import Authentication, authenticate
from mailbot.services import Services
from mailbot.store.models import Message
from mailbot.workflow.contexts import quoted_words
from mailbot.workflow.form_review import authentication_sentence

# A mail larger than this is not attached to a notice (relays refuse mail of some 25 MB): the notice says how to
# read it instead. It is kept whole in the database either way.
ATTACH_MOST = 10 * 1024 * 1024


@dataclass(frozen=True)
class Original:
    """What a notice shows of the mail it is about (`context`, the template's `original`), and the mail to attach
    as message/rfc822 (`raw`, None when it is too large to attach)."""

    context: dict
    raw: bytes | None


def original(app: Services, message: Message, mail: ParsedMail | None, *,
             auth: Authentication | None = None) -> Original:
    """The mail `message` (read as `mail`; None when it was not read) for a notice. The words quoted are the
    sender's own (mailbot.parse.own_words.message_lines, the one definition every reader of the bot uses): not the
    mail they quote, their signature or a disclaimer. `auth`: the sender's authentication, when the caller has
    checked it already."""
    sender = (mail.sender if mail is not None else None) or message.from_addr
    if auth is None:
        auth = authenticate(message.raw, sender.partition("@")[2] if sender else None, dns=app.dns,
                            authserv_id=app.settings.authserv_id, limits=app.settings.limits)
    unread = mail is None or bool(mail.over_limit)
    if unread:
        words = "> (not read: the message is over the limits the bot reads mail within)"
    else:
        words = quoted_words(tuple(message_lines(mail.own_text)))
    size = len(message.raw or b"")
    # A message over a limit (too many parts, nested too deep, too slow to parse) is never given to the email
    # package to attach: it is what those limits keep from it.
    attached = not unread and 0 < size <= ATTACH_MOST
    return Original(
        {"sender": sender or "(no single sender)", "subject": (mail.subject if mail else message.subject) or
         "(no subject)", "received": app.when(message.received_at), "authentication": authentication_sentence(
             app, auth, sender), "words": words, "attached": attached, "unread": unread, "id": message.id,
         "size": f"{size / 1024 / 1024:.1f} MB"},
        message.raw if attached else None)
