"""Mail from the field that a reader can misread into a change nobody asked for: a second choice offered should the
first fail, a record added that takes the place of the present one, a DNS host's page saying to replace the current
name servers, a console's "DNSSEC: Off", a note whose values are not those of the message under it, and an HTML body
whose text/plain alternative runs it onto one line. Each is read as the writer meant it, or asked about."""

from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.mail import read
from mailbot.parse.parts import poor_rendering
from mailbot.store.models import Domain
from mailbot.workflow.changes import read as read_change
from tests.support.reading import OLD, outcome

NEW = {"ns1.new.example", "ns2.new.example"}
NEW_DS = "31206 13 2 5D2C7E0B1A94F3E8C6D0B7A2F41E9C83D5B6A0F7E2C19D84B3A6F05E7C2D18B9"
OLD_DS = "50713 13 2 0E4B9A7C2D5F18E3B6A94C0D7F2E5B81A3C6D09F4E7B2A58C1D3F6E09B4A7C2D"


# --- a second choice, should the first fail ------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Please point hmrc.gov.uk at ns1.new.example and ns2.new.example; failing that, ns1.backup.example and "
    "ns2.backup.example.",
    "hmrc.gov.uk should go to ns1.new.example + ns2.new.example. Alternatively ns1.backup.example, "
    "ns2.backup.example would do.",
    "Name servers for hmrc.gov.uk: ns1.new.example, ns2.new.example - otherwise ns1.backup.example and "
    "ns2.backup.example.",
    "Could you delegate hmrc.gov.uk to ns1.new.example and ns2.new.example? If those are not accepted:\n"
    "ns1.backup.example\nns2.backup.example\n",
    "Set hmrc.gov.uk to ns1.new.example, ns2.new.example, and as a fallback ns1.backup.example / "
    "ns2.backup.example.",
    # A typographic apostrophe, as Word, Outlook and phones write it.
    "Please set hmrc.gov.uk to ns1.new.example and ns2.new.example or, if that doesn\u2019t work, "
    "ns1.backup.example / ns2.backup.example.",
])
def test_a_second_set_offered_should_the_first_fail_is_asked_about(body):
    request = extract_change("Name servers", body, {})
    assert "hmrc.gov.uk" in request.unclear and not request.asks, request


@pytest.mark.parametrize("after", [
    "If that doesn't work for any reason, give me a call on 01632 960118.",
    "Otherwise, everything else on the domain stays as it is.",
    "Failing that, we will raise it with our account manager.",
])
def test_words_of_a_second_choice_that_offer_no_values_change_nothing(after):
    body = f"Please set hmrc.gov.uk to ns1.new.example and ns2.new.example.\n\n{after}\n\nThanks,\nSam"
    assert outcome(body) == NEW


# --- a record added that takes the place of the present one ---------------------------------------------------------

@pytest.mark.parametrize("words", [
    f"Please publish this DS record for hmrc.gov.uk:\n\n{NEW_DS}\n\nIt supersedes the key we have at the moment.",
    f"Could you add the following DS to hmrc.gov.uk, in place of the existing one?\n\n{NEW_DS}\n",
    f"Add DS record {NEW_DS} to hmrc.gov.uk please. This replaces the current DS record.",
])
def test_a_record_added_in_the_place_of_the_present_one_is_the_whole_new_set(words):
    assert outcome(words, (OLD_DS,), field="ds") == {NEW_DS}


def test_a_record_said_to_take_the_place_of_the_present_one_later_is_asked_about():
    body = f"Please add this DS record to hmrc.gov.uk: {NEW_DS}\nIt will eventually replace the current one."
    assert outcome(body, (OLD_DS,), field="ds") is None


def test_a_record_added_for_a_rollover_keeps_the_present_one():
    body = f"Please add this DS record to hmrc.gov.uk: {NEW_DS}\nIt will replace the current one after the rollover."
    assert outcome(body, (OLD_DS,), field="ds") == {NEW_DS, OLD_DS}


def test_a_server_added_in_the_place_of_one_named_is_no_whole_new_set():
    body = "Please add ns3.new.example to hmrc.gov.uk. It replaces the current ns2.old.example."
    assert outcome(body) in (None, {"ns1.old.example", "ns3.new.example"})


@pytest.mark.parametrize("page", [
    "Swap out your existing nameservers for ours\nAdd these nameservers\nNS 1: ns1.new.example\nNS 2: ns2.new.example",
    "Step 2: Replace the current name servers at your registrar\nAdd the following name servers:\n"
    "ns1.new.example\nns2.new.example\n",
])
def test_a_dns_hosts_page_saying_to_replace_the_current_name_servers_gives_the_whole_set(page):
    body = f"Hello,\n\nhmrc.gov.uk is ready to move, the page says:\n\n{page}\n\nRegards,\nKim"
    assert outcome(body) == NEW


def test_name_servers_added_beside_the_current_ones_are_added():
    body = "Hello,\n\nPlease add these name servers to hmrc.gov.uk:\nns1.new.example\nns2.new.example\n\nRegards,\nKim"
    assert outcome(body) == {*OLD, *NEW}


# --- a console's "DNSSEC: Off" ---------------------------------------------------------------------------------------

def changed(body: str, ds):
    domain = Domain(name="hmrc.gov.uk", nameservers=list(OLD), ds=list(ds))
    return read_change(extract_change("Change", body, {}), domain, words=body)


@pytest.mark.parametrize("status", ["Disabled", "Not enabled", "off"])
def test_a_consoles_dnssec_status_removes_no_ds_record(status):
    body = f"hmrc.gov.uk is set up at our DNS host:\n\nZone: hmrc-gov-uk\nDNSSEC: {status}\nName servers:\n" \
           "ns1.new.example\nns2.new.example\n"
    assert changed(body, (OLD_DS,)).problem is not None  # the registry holds a DS record the mail says it has not
    assert changed(body, ()).change == {"nameservers": sorted(NEW)}


@pytest.mark.parametrize("words", ["remove", "delete", "none"])
def test_a_dnssec_field_saying_to_remove_the_records_removes_them(words):
    body = f"Domain: hmrc.gov.uk\nName servers: ns1.new.example, ns2.new.example\nDNSSEC: {words}\n"
    assert changed(body, (OLD_DS,)).change == {"nameservers": sorted(NEW), "ds": []}


# --- a note whose values are not those of the message under it ----------------------------------------------------

def note_over(values: str, note: str = "Kindly update hmrc.gov.uk to {values} per our client's mail.") -> str:
    return f"{note.format(values=values)}\n\nAlex Doe\nHostmaster\n\n-----Original Message-----\n" \
           "From: Jo Bloggs <jo.bloggs@hmrc.gov.uk>\nSent: 26 November 2026 16:02\nTo: Alex Doe <alex@host.example>\n" \
           "Subject: name servers\n\nHi Alex,\n\nPlease move hmrc.gov.uk to ns1.new.example and ns2.new.example.\n\n" \
           "Thanks,\nJo\n"


@pytest.mark.parametrize("note", [
    "Kindly update hmrc.gov.uk to {values} per our client's mail.",
    "Please set hmrc.gov.uk to {values} as the client wants below.",
    "hmrc.gov.uk: {values} please.",
])
def test_a_note_whose_values_are_not_those_of_the_message_under_it_is_asked_about(note):
    request = extract_change("name servers", note_over("ns1.other.example and ns2.other.example", note), {})
    assert "hmrc.gov.uk" in request.unclear and not request.asks, request


def test_a_note_whose_values_are_those_of_the_message_under_it_is_read():
    assert outcome(note_over("ns1.new.example and ns2.new.example"), subject="name servers") == NEW


# --- an HTML body whose text/plain alternative is a poor rendering of it --------------------------------------------

TABLE = "<p>Hi,</p><p>hmrc.gov.uk, where it is and where it goes:</p><table><tr><th>Now</th><th>Wanted</th></tr>" \
        "<tr><td>ns1.old.example</td><td>ns1.new.example</td></tr><tr><td>ns2.old.example</td>" \
        "<td>ns2.new.example</td></tr><tr><td>ns3.old.example</td><td></td></tr></table><p>Thanks,</p><p>Kim</p>" \
        "<p>Hostmaster</p>"


def mail(plain: str, html: str) -> bytes:
    message = MIMEMultipart("alternative")
    message["From"], message["To"], message["Subject"] = "kim@host.example", "lock@registry.example", "NS"
    message.attach(MIMEText(plain, "plain"))
    message.attach(MIMEText(html, "html"))
    return message.as_bytes()


@pytest.mark.parametrize("plain", [
    "Hi, hmrc.gov.uk, where it is and where it goes: Now Wanted ns1.old.example ns1.new.example ns2.old.example "
    "ns2.new.example ns3.old.example Thanks, Kim Hostmaster",
    "Hi, hmrc.gov.uk, where it is and where it goes: Now Wanted ns1.old.example ns1.new.example ns2.old.example "
    "ns2.new.example ns3.old.example Thanks, Ki",
    "To read this message, open it in an HTML-capable mail client.",
])
def test_the_html_is_read_where_its_plain_alternative_is_a_poor_rendering(plain):
    parsed = read(mail(plain, TABLE))
    assert "ns1.old.example | ns1.new.example" in parsed.text
    request = extract_change(parsed.subject, parsed.text, parsed.headers)
    ask = request.asks["hmrc.gov.uk"]["nameservers"]
    assert set(ask.add) <= NEW and "ns1.new.example" not in ask.remove


def test_a_plain_alternative_of_its_own_lines_or_words_is_read_as_it_is():
    lines = "Hi,\n\nhmrc.gov.uk, where it is and where it goes:\n\nNow: ns1.old.example, ns2.old.example, " \
            "ns3.old.example\nWanted: ns1.new.example, ns2.new.example\n\nThanks,\nKim\nHostmaster\n"
    assert read(mail(lines, TABLE)).text.startswith("Hi,\n\nhmrc.gov.uk")
    other = "Hi, please see the table in this mail. Thanks, Kim"
    assert not poor_rendering(other, "Hi,\nplease\nsee\nthe\ntable\nfor hmrc.gov.uk\nThanks,\nKim")


# --- a phone's forward under a terse note ----------------------------------------------------------------------------

CUSTOMERS = "From: Jo Bloggs <jo.bloggs@hmrc.gov.uk>\nSubject: DNS for hmrc.gov.uk\nDate: 26 November 2026 at 16:02\n" \
            "To: Alex Doe <alex@host.example>\n\nHi Alex,\n\nhmrc.gov.uk is ready to move. New name servers:\n" \
            "ns1.new.example\nns2.new.example\n\nCheers,\nJo\n"


def quoted(block: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in block.split("\n"))


@pytest.mark.parametrize("note", ["Can you action this pls", "please process this one", "see below - go ahead"])
def test_a_forward_a_phone_quoted_whole_under_its_marker_is_read(note):
    body = f"{note}\n\nAlex\n\nSent from my iPhone\n\nBegin forwarded message:\n\n{quoted(CUSTOMERS)}\n"
    assert outcome(body, subject="DNS for hmrc.gov.uk") == NEW


@pytest.mark.parametrize("note", ["could you handle this for hmrc.gov.uk", "pls sort this out"])
def test_a_forward_under_outlook_for_androids_rule_and_a_terse_note_is_read(note):
    body = f"{note}\n\nAlex\n\nGet Outlook for Android<https://aka.ms/AAb9ysg>\n\n________________________________\n" \
           f"{CUSTOMERS.replace('Date: 26 November 2026 at 16:02', 'Sent: Thursday, November 26, 2026 4:02 PM')}"
    assert outcome(body, subject="DNS for hmrc.gov.uk") == NEW


@pytest.mark.parametrize("note", ["FYI only - no action needed", "pls don't do this one yet"])
def test_a_forward_under_a_note_saying_to_leave_it_asks_nothing(note):
    body = f"{note}\n\nAlex\n\nSent from my iPhone\n\nBegin forwarded message:\n\n{quoted(CUSTOMERS)}\n"
    assert outcome(body, subject="DNS for hmrc.gov.uk") in ("none", None)


def test_a_mail_answered_quoted_under_its_attribution_is_no_forward():
    body = f"Thanks Jo, will do.\n\nOn 26 Nov 2026, at 16:02, Jo Bloggs <jo.bloggs@hmrc.gov.uk> wrote:\n\n" \
           f"{quoted(CUSTOMERS)}\n"
    assert outcome(body, subject="Re: DNS for hmrc.gov.uk") in ("none", None)


# --- an EPP client's update line, refused -------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "C: update-domain domain=hmrc.gov.uk add-ns=ns1.new.example,ns2.new.example rem-ns=ns1.old.example,ns2.old.example",
    "2026-12-01T09:12:44Z epp> domain_update name=hmrc.gov.uk ns_rem=ns1.old.example,ns2.old.example "
    "ns_add=ns1.new.example,ns2.new.example",
])
def test_an_epp_clients_update_line_is_read_by_its_keys(line):
    body = f"Our registry client was refused this (object locked):\n\n{line}\nS: 2304 Object status prohibits " \
           f"operation\n\nCan you make the change please?\n"
    assert outcome(body) == NEW


@pytest.mark.parametrize("line", [
    "domain-update name=hmrc.gov.uk ns=ns1.new.example,ns2.new.example",
    "domain-update name=hmrc.gov.uk ns-add=ns1.new.example,ns2.new.example chg-ns=ns1.old.example",
])
def test_an_epp_update_line_with_a_key_of_no_known_role_is_asked_about(line):
    assert outcome(f"Refused by the registry, please do it:\n\n{line}\n") is None


# --- a DS panel from a cloud console ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lead", ["DNSSEC is on for hmrc.gov.uk at our DNS host, which shows for the parent:",
                                  "Zone signing is on for hmrc.gov.uk. Record for the parent zone:"])
def test_a_consoles_ds_record_under_words_saying_signing_is_on_is_the_set(lead):
    assert outcome(f"{lead}\nDS record: {NEW_DS}\n", (OLD_DS,), field="ds") == {NEW_DS}


def test_a_domain_said_to_be_on_servers_now_still_gives_them_as_current():
    body = "hmrc.gov.uk is on ns1.old.example and ns2.old.example; please move it to ns1.new.example, ns2.new.example."
    assert outcome(body) == NEW


@pytest.mark.parametrize("after", ["Put this in next to the current key please.",
                                   "Please add it as well as the present one, we roll over next week."])
def test_a_consoles_ds_record_said_to_go_in_beside_the_current_one_never_drops_it(after):
    body = f"Signing is on for hmrc.gov.uk. The console gives this for the parent:\nDS record: {NEW_DS}\n{after}\n"
    assert outcome(body, (OLD_DS,), field="ds") in (None, {NEW_DS, OLD_DS})


# --- a second pair said without its verb, in a second language's English --------------------------------------------

THREE = (*OLD, "ns3.old.example")


@pytest.mark.parametrize("body", [
    "For hmrc.gov.uk please swap ns1.old.example for ns1.new.example. Plus ns2.old.example for ns2.new.example.",
    "Could you substitute ns1.old.example with ns1.new.example on hmrc.gov.uk? As well ns2.old.example with "
    "ns2.new.example.",
    "On hmrc.gov.uk, instead of ns1.old.example please use ns1.new.example.\nThen ns2.old.example by ns2.new.example.",
])
def test_a_second_pair_said_without_the_verb_of_the_first_is_replaced_the_same_way(body):
    assert outcome(body, THREE) == {*NEW, "ns3.old.example"}


def test_a_change_of_one_server_by_another_is_a_replacement():
    body = "Please modify ns1.old.example by ns1.new.example for hmrc.gov.uk, thank you."
    assert outcome(body, THREE) == {"ns1.new.example", "ns2.old.example", "ns3.old.example"}


def test_a_pair_without_a_verb_and_no_replacement_before_it_is_asked_about():
    body = "Please add ns3.new.example to hmrc.gov.uk. Also ns2.old.example with ns2.new.example."
    assert outcome(body, THREE) is None


@pytest.mark.parametrize("body", [
    "Merci de changer les serveurs / thank you to change the name servers of hmrc.gov.uk by ns1.new.example and "
    "ns2.new.example.",
    "Kindly modify the DNS for hmrc.gov.uk by ns1.new.example, ns2.new.example.",
])
def test_the_name_servers_changed_by_values_are_changed_to_them(body):
    assert outcome(body) == NEW


def test_name_servers_said_to_be_run_by_a_server_are_not_changed_to_it():
    body = "Please set the name servers of hmrc.gov.uk, hosted by ns1.old.example, to ns1.new.example, ns2.new.example."
    assert outcome(body) != {"ns1.old.example"}


# --- labels in two languages -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("labels", [("Nom de domaine / Domain", "Serveur DNS {n} / Nameserver {n}"),
                                    ("Dominio / Domain name", "Servidor DNS {n} / Name server {n}")])
def test_a_form_whose_labels_are_in_two_languages_is_read_by_its_known_half(labels):
    domain, server = labels
    body = f"{domain} : hmrc.gov.uk\n{server.format(n=1)} : ns1.new.example\n{server.format(n=2)} : ns2.new.example\n"
    assert outcome(body) == NEW


def test_two_labels_of_two_roles_beside_each_other_are_no_label_in_two_languages():
    from mailbot.parse.change_request.simple_form import form_kind

    assert form_kind("Old NS / New NS") is None and form_kind("Serveur DNS 1 / Nameserver 1") == "nameservers"


# --- a DNS host's zone export attached ------------------------------------------------------------------------------

def route53(policy: str) -> str:
    return "Record name,Record type,Routing policy,TTL,Value\r\n" + "".join(
        f"hmrc.gov.uk.,NS,{policy},172800,{server}.\r\n" for server in sorted(NEW)) + \
        f"hmrc.gov.uk.,SOA,{policy},900,ns1.new.example. hostmaster.new.example. 1 7200 900 1209600 86400\r\n"


def test_a_zone_export_giving_each_records_routing_policy_is_read():
    assert outcome("Zone export attached: the NS records are what hmrc.gov.uk needs.", attached=[route53("Simple")]) \
        == NEW


def test_a_zone_export_with_a_routing_policy_of_some_other_kind_is_asked_about():
    assert outcome("Zone export attached for hmrc.gov.uk.", attached=[route53("Weighted")]) is None


# --- a tab-separated table whose rows' last cells are empty, as Outlook for Mac pastes it ---------------------------

FOUR = ("ns1.old.example", "ns2.old.example", "ns3.old.example", "ns4.old.example")


@pytest.mark.parametrize("heading", ["Our DNS (now)\tTheir DNS (target)", "Delegation today\tDelegation after the move",
                                     "Current\tNew"])
def test_a_tab_separated_rows_lost_empty_cells_leave_its_first_column(heading):
    body = f"hmrc.gov.uk, where it is and where it goes:\n\n{heading}\nns1.old.example\tns1.new.example\n" \
           "ns2.old.example\tns2.new.example\nns3.old.example\nns4.old.example\n\nThanks,\nKim"
    assert outcome(body, FOUR) in (NEW, None)
    if "(now)" in heading or "Current" in heading:
        assert outcome(body, FOUR) == NEW


def test_a_name_on_its_own_after_a_blank_line_below_the_table_is_no_row_of_it():
    body = "hmrc.gov.uk:\n\nCurrent\tNew\nns1.old.example\tns1.new.example\nns2.old.example\tns2.new.example\n\n" \
           "ns3.new.example\n\nThanks,\nKim"
    assert outcome(body, FOUR) != {"ns1.new.example", "ns2.new.example", "ns3.old.example", "ns4.old.example"}


@pytest.mark.parametrize("after", ["Please add it alongside the existing one; the old key goes after the rollover.",
                                   "Publish this one next to the current key, thanks."])
def test_a_record_no_word_calls_new_that_the_words_add_beside_the_current_one_is_added(after):
    body = f"Signing is on for hmrc.gov.uk. For the parent zone:\nDS record: {NEW_DS}\n{after}\n"
    assert outcome(body, (OLD_DS,), field="ds") == {NEW_DS, OLD_DS}


def test_words_keeping_the_current_record_that_add_nothing_still_ask():
    body = f"For hmrc.gov.uk, the parent zone's record:\nDS record: {NEW_DS}\nWe are keeping the existing one too.\n"
    assert outcome(body, (OLD_DS,), field="ds") in (None, {NEW_DS, OLD_DS})
