"""A lock contact's reply for the worked example, DKIM-signed as its mail server would sign it.

    .venv/bin/python examples/reply.py --from cyber-security@hmrc.gov.uk --to REPLY_ADDRESS "I confirm this change."

It signs with the demo key in examples/demo-dkim/, which `make run` publishes through MAILBOT_DNS_FILE in
place of the DNS. The key is public: it proves nothing anywhere else, and production never reads that file.
"""

import argparse
import sys
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import dkim

KEY = Path(__file__).resolve().parent / "demo-dkim" / "private.pem"

parser = argparse.ArgumentParser()
parser.add_argument("--from", dest="sender", required=True)
parser.add_argument("--to", required=True, help="the Reply-To of the mail being answered")
parser.add_argument("text")
args = parser.parse_args()
msg = EmailMessage()
msg["From"], msg["To"] = args.sender, args.to
msg["Subject"] = "Re: Registry Lock"
msg["Date"] = format_datetime(datetime.now(timezone.utc))
msg["Message-ID"] = make_msgid(domain=args.sender.partition("@")[2])
msg.set_content(args.text + "\n")
raw = msg.as_bytes().replace(b"\n", b"\r\n")
signature = dkim.sign(raw, b"demo", args.sender.partition("@")[2].encode(), KEY.read_bytes(),
                      include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
sys.stdout.buffer.write(signature + raw)
