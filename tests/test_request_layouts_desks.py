"""What service desks, ticket systems and portals write around a change request, read exactly or asked about: links
and file names, arrows, two statements of the new set, command output, CDS records, exports with columns of their
own."""

import pytest

from mailbot.parse.change_request.asks import Ask
from mailbot.parse.change_request.names import FILE_EXTENSIONS
from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.change_request.resolve import resolve
from tests.support.reading import OLD, outcome

NEW = {"ns1.new.example", "ns2.new.example"}



# --- links and file names -----------------------------------------------------------------------------------------

LINKS = [
    "Click here to view CHG0062471: https://support.registrar.example/nav_to.do?uri=task.do%3Fsysparm_query=number=1",
    "View it in the portal: <https://portal.registrar.example/domains/hmrc.gov.uk/dns?tab=ns>",
    "Ticket: http://desk.registrar.example:8080/browse/DNS-1767",
    "Track it at www.registrar.example/track/12345",
    "You can check the status of this ticket at support.registrar.example/helpdesk/tickets/41790",
    "Portal link: HTTPS://Portal.Example.NET/change.aspx?id=7&ns=ns9.other.example",
]


@pytest.mark.parametrize("link", LINKS)
def test_a_host_or_file_name_inside_a_link_is_never_a_name_server(link):
    body = f"Domain: hmrc.gov.uk\nNew name servers: ns1.new.example, ns2.new.example\n\n{link}\n"
    assert outcome(body) == NEW
    # Below a list of the new set, as a ticket system's footer is.
    listed = f"Please set the name servers of hmrc.gov.uk to:\nns1.new.example\nns2.new.example\n\n{link}\n"
    assert outcome(listed) == NEW


@pytest.mark.parametrize("separated", ["ns1.new.example/ns2.new.example", "ns1.new.example / ns2.new.example"])
def test_hosts_separated_by_a_slash_are_no_link(separated):
    assert outcome(f"Please change the name servers of hmrc.gov.uk to {separated}.") == NEW


@pytest.mark.parametrize("name", ["change.xml", "export_DNS-1767.csv", "Request form.PDF", "ns-export.json",
                                  "screenshot.png"])
def test_a_file_name_is_never_a_name_server(name):
    body = f"Domain: hmrc.gov.uk\nNew name servers: ns1.new.example, ns2.new.example\n(see {name} attached)\n"
    assert outcome(body) == NEW


@pytest.mark.parametrize("name", ["task.do", "export.zip", "readme.md", "update.sh"])
def test_a_name_that_may_be_a_file_or_a_host_is_asked_about(name):
    # Its ending is a top-level domain too: neither dropped (it may be a server) nor taken (it may be a file).
    assert resolve("nameservers", Ask(new=("ns1.new.example", name)), OLD).values is None
    assert resolve("nameservers", Ask(new=("ns1.new.example", f"ns2.{name}")), OLD).values is not None


def test_the_file_kinds_taken_for_no_host_are_no_top_level_domain():
    from publicsuffixlist import PublicSuffixList

    suffixes = PublicSuffixList(accept_unknown=False)
    assert not [kind for kind in FILE_EXTENSIONS if suffixes.publicsuffix(f"x.{kind}")]


# --- arrows -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("arrow", ["->", "=>", "-->", "==>", ">", "\u2192", "\u21d2", "\u279c"])
@pytest.mark.parametrize("shape", [
    "hmrc.gov.uk {a} ns1.new.example / ns2.new.example pls. Zone is live on the new servers.",
    "hmrc.gov.uk {a} ns1.new.example, ns2.new.example",
    "HMRC.GOV.UK {a} NS1.NEW.EXAMPLE; NS2.NEW.EXAMPLE.",
    "For hmrc.gov.uk: NS {a} ns1.new.example and ns2.new.example please",
    "Name servers of hmrc.gov.uk {a} ns1.new.example ns2.new.example",
])
def test_an_arrow_from_the_domain_or_the_field_to_servers_gives_the_whole_new_set(arrow, shape):
    # Never the servers added beside the current ones.
    assert outcome(shape.format(a=arrow), (*OLD, "ns3.old.example")) == NEW


@pytest.mark.parametrize("arrow", ["->", "=>", ">", "\u2192"])
def test_an_arrow_from_a_server_to_a_server_still_replaces_the_one(arrow):
    body = f"hmrc.gov.uk: swap the following, nothing else.\n\nns1.old.example {arrow} ns3.new.example\n"
    assert outcome(body) == {"ns2.old.example", "ns3.new.example"}


# --- two statements of the new set -------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Short description: move hmrc.gov.uk to ns1.new.example and ns2.new.example\n\nImplementation plan:\n"
    "1. Set the name servers of hmrc.gov.uk to ns3.new.example and ns4.new.example.\n",
    "Summary: hmrc.gov.uk -> ns1.new.example, ns2.new.example\n\nDetails:\nNew name servers:\n- ns1.new.example\n"
    "- ns3.new.example\n",
    "New name servers for hmrc.gov.uk: ns1.new.example, ns2.new.example\nPriority: P3\n"
    "Requested NS: ns1.new.example, ns2.new.example, ns3.new.example\n",
    "Please set hmrc.gov.uk's name servers to:\nns1.new.example\nns2.new.example\n\nThanks. To confirm, the new NS "
    "should be ns1.new.example and ns4.new.example.\n",
])
def test_two_statements_of_the_new_set_that_disagree_are_asked_about_never_merged(body):
    assert outcome(body) is None


@pytest.mark.parametrize("body", [
    # The same set twice, in other words.
    "Short description: move hmrc.gov.uk to ns1.new.example and ns2.new.example\n\nImplementation plan:\n"
    "1. Set the name servers of hmrc.gov.uk to NS2.NEW.EXAMPLE and ns1.new.example.\n",
    # One server a line, or a label and its list: one statement.
    "Domain: hmrc.gov.uk\nNS1 (requested): ns1.new.example\nNS2 (requested): ns2.new.example\n",
    "hmrc.gov.uk\nNew name servers: ns1.new.example\n  ns2.new.example\n",
    # Each line one server of the set, apart.
    "Domain: hmrc.gov.uk\n\nNew nameserver 1: ns1.new.example\n\nNew nameserver 2: ns2.new.example\n",
])
def test_one_statement_of_the_new_set_or_the_same_set_twice_is_read(body):
    assert outcome(body) == NEW


# --- a portal's before and after ----------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new", [("Before", "After"), ("BEFORE", "AFTER"), ("Now", "After the change"),
                                      ("Today", "After"), ("NS before", "NS after"), ("Before ", "After ")])
@pytest.mark.parametrize("sep", [": ", " = ", ":\t"])
def test_a_portals_before_and_after_lines_name_the_current_and_the_new_set(old, new, sep):
    body = (f"Change summary\n\nDomain: hmrc.gov.uk\nField: Nameservers\n{old}{sep}ns1.old.example, ns2.old.example\n"
            f"{new}{sep}ns1.new.example, ns2.new.example\nStatus: Pending registry approval\n")
    assert outcome(body) == NEW


@pytest.mark.parametrize("label", ["What hmrc.gov.uk has now (dig +short NS hmrc.gov.uk):",
                                   "What hmrc.gov.uk has now (from dig):",
                                   "Name servers of hmrc.gov.uk now (as served):",
                                   "What hmrc.gov.uk is on today (checked this morning) -"])
def test_an_aside_after_a_labels_last_word_is_no_part_of_it(label):
    body = f"{label}\n\nns1.old.example.\nns2.old.example.\n\nShould be:\n1. ns1.new.example\n2. ns2.new.example\n"
    assert outcome(body) == NEW


# --- what a terminal shows ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    "$ dig @ns1.new.example hmrc.gov.uk NS +noall +answer",
    "user@jump01:~$ dig hmrc.gov.uk ns @ns9.elsewhere.example",
    "dig +short NS hmrc.gov.uk @ns1.new.example",
    "C:\\> nslookup -type=NS hmrc.gov.uk ns1.new.example",
    "% drill NS hmrc.gov.uk @ns3.other.example",
    "; <<>> DiG 9.18.28 <<>> @ns3.other.example hmrc.gov.uk NS +noall +answer",
    ";; global options: +cmd",
])
def test_a_lookup_command_and_its_comments_give_no_values_and_its_answer_is_read(command):
    answer = "hmrc.gov.uk.\t\t3600\tIN\tNS\tns1.new.example.\nhmrc.gov.uk.\t\t3600\tIN\tNS\tns2.new.example.\n"
    body = f"The new host already serves the zone. Please change the delegation to match:\n\n{command}\n{answer}"
    assert outcome(body) == NEW


def test_a_cds_record_is_the_ds_record_the_zone_asks_for():
    record = "62770 13 2 3DB026DFF32D96D77413D0DEA001272C6AFA9F33ED73D7914A82BA2B183DF08C"
    for line in (f"hmrc.gov.uk.\t\t3600\tIN\tCDS\t{record}", f"hmrc.gov.uk. IN CDS {record}",
                 f"hmrc.gov.uk. 86400 IN CDS {record}"):
        body = f"DNSSEC for hmrc.gov.uk: the zone publishes the CDS below, please publish it as the DS.\n\n{line}\n"
        assert outcome(body, (), field="ds") == {record}


@pytest.mark.parametrize("lead", ["please add this DS and keep the existing one until we ask again.",
                                  "please add this DS record, keeping the current one for now.",
                                  "add the DS below and retain our existing key."])
def test_keeping_the_existing_records_beside_an_addition_adds_it(lead):
    current = "11111 13 2 " + "A" * 64
    record = "62770 13 2 3DB026DFF32D96D77413D0DEA001272C6AFA9F33ED73D7914A82BA2B183DF08C"
    body = f"Key rollover on hmrc.gov.uk: {lead}\n\nhmrc.gov.uk. 3600 IN DS {record}\n"
    assert outcome(body, (current,), field="ds") == {current, record}


# --- a new set, a replacement, and what stays ----------------------------------------------------------------------

SWAPPED = {"ns2.old.example", "ns3.new.example"}  # ns1.old.example out, ns3.new.example in


@pytest.mark.parametrize("sentence", [
    "please use ns3.new.example instead of the existing ns1.old.example.",
    "please add ns3.new.example, replacing the existing ns1.old.example.",
    "please add ns3.new.example. It will replace the current ns1.old.example.",
    "ns3.new.example is to replace the old ns1.old.example; ns2.old.example stays.",
    "ns3.new.example, in place of the current ns1.old.example; ns2.old.example stays.",
    "put in ns3.new.example rather than the present NS1.OLD.EXAMPLE.",
])
def test_replacing_a_current_record_named_takes_it_out_never_into_the_new_set(sentence):
    assert outcome(f"For hmrc.gov.uk: {sentence}") == SWAPPED


@pytest.mark.parametrize("sentence", [
    "Following our call, please move hmrc.gov.uk onto ns1.new.example, ns2.new.example. These replace all of the "
    "existing name servers.",
    "Please move hmrc.gov.uk onto ns1.new.example and ns2.new.example.",
    "hmrc.gov.uk should go onto ns1.new.example; ns2.new.example - they replace the current ones.",
    "Please use ns1.new.example and ns2.new.example for hmrc.gov.uk; they will replace the existing name servers.",
])
def test_onto_the_domains_new_servers_and_these_replacing_the_existing_ones_give_the_new_set(sentence):
    assert outcome(sentence, (*OLD, "ns3.old.example")) == NEW


@pytest.mark.parametrize("stays", ["ns2.old.example stays as it is.", "ns2.old.example remains.",
                                   "NS2.OLD.EXAMPLE stays the same.", "ns2.old.example is unchanged.",
                                   "the other stay same.", "ns2.old.example remains in place."])
@pytest.mark.parametrize("change", ["please replace ns1.old.example with ns3.new.example.",
                                    "please swap ns1.old.example for ns3.new.example;",
                                    "please change the nameserver ns1.old.example into ns3.new.example,"])
def test_a_server_said_to_stay_after_a_replacement_stays(change, stays):
    body = f"For hmrc.gov.uk, {change} {stays}"
    assert outcome(body) == SWAPPED
    # Kept, never added: a current record asked to be added is asked about (workflow.changes.unaccounted).
    assert "ns2.old.example" not in extract_change("Change", body, {}).asks["hmrc.gov.uk"]["nameservers"].add


@pytest.mark.parametrize("sentence", [
    "For hmrc.gov.uk please add ns3.new.example, ns1.old.example and ns2.old.example stay as they are.",
    "hmrc.gov.uk: ns1.old.example and ns2.old.example remain unchanged, please add ns3.new.example.",
])
def test_servers_said_to_stay_beside_an_addition_stay(sentence):
    assert outcome(sentence) == {*OLD, "ns3.new.example"}


# --- a ticket system's export -------------------------------------------------------------------------------------

@pytest.mark.parametrize("number, state, opened", [
    ("REQ-361014", "Open", "2026-11-26 16:42"), ("INC0048011", "Pending", "26/11/2026"),
    ("#4521", "In progress", "Thu, 26 Nov 2026 at 4:42 PM"), ("0036738", "New", "2026-11-27T08:12:44Z"),
    ("CHG0062471", "Approved", "Nov 26, 2026, 16:42 GMT"),
])
def test_an_exports_own_fields_say_nothing_of_the_values_role(number, state, opened):
    rows = ("Number,Domain,Action,Record type,Value,TTL,State,Opened\r\n"
            f'{number},hmrc.gov.uk,DELETE,NS,ns1.old.example,86400,{state},"{opened}"\r\n'
            f'{number},hmrc.gov.uk,ADD,NS,ns3.new.example,86400,{state},"{opened}"\r\n')
    assert outcome("Export attached.", attached=[rows]) == SWAPPED
    tabbed = ("Ticket\tDomain\tCurrent NS\tNew NS\tPriority\tOpened\r\n"
              f"{number}\thmrc.gov.uk\tns1.old.example ns2.old.example\tns9.other.example ns8.other.example\tP3\t"
              f"{opened}\r\n")
    assert outcome("Export attached.", attached=[tabbed]) == {"ns9.other.example", "ns8.other.example"}


def test_a_row_under_a_heading_with_words_in_a_field_of_its_own_is_still_asked_about():
    rows = ("Ticket\tDomain\tCurrent NS\tNew NS\tNotes\r\n"
            "4521\thmrc.gov.uk\tns1.old.example ns2.old.example\tns9.other.example ns8.other.example\tkeep ns1 too\r\n")
    assert outcome("Export attached.", attached=[rows]) is None


@pytest.mark.parametrize("title", ["Job", "Step", "Instr."])
@pytest.mark.parametrize("remove, add", [("strike", "bring in"), ("KL9", "switch on"), ("KL9", "KL9"),
                                         ("KL9", "make live"), ("remove", "plug in")])
def test_words_under_a_column_whose_title_says_nothing_known_are_asked_about(title, remove, add):
    # Whatever a column of no known title holds beside each row's value, it may say what becomes of the value: words
    # the reader does not know there, or a word with one digit in it (no ticket's number), leave the domain asked
    # about, never read as a new set made of every row's values.
    rows = (f"Domain;{title};Name server\r\nhmrc.gov.uk;{remove};ns1.old.example\r\n"
            f"hmrc.gov.uk;{add};ns3.new.example\r\n")
    assert outcome("Sheet attached.", attached=[rows]) is None


@pytest.mark.parametrize("add, remove", [("+ add", "- remove"), ("+add", "-remove"), ("+ Added", "- Removed"),
                                         ("+ ADD", "\u2212 DELETE")])
def test_a_sign_beside_the_word_it_stands_for_is_the_action(add, remove):
    body = (f"hmrc.gov.uk: changes below\n\nDomain\tChange\tNameserver\nhmrc.gov.uk\t{remove}\tns1.old.example\n"
            f"hmrc.gov.uk\t{add}\tns3.new.example\n")
    assert outcome(body) == SWAPPED


def test_a_sign_and_a_word_that_disagree_are_asked_about():
    body = "hmrc.gov.uk: changes below\n\nDomain\tChange\tNameserver\nhmrc.gov.uk\t- add\tns1.old.example\n"
    assert outcome(body) is None


# --- a change record's plan for undoing it -------------------------------------------------------------------------

@pytest.mark.parametrize("heading", ["Back-out plan:", "Backout plan:", "Rollback:", "Roll-back plan -",
                                     "Fallback procedure:", "Remediation plan:", "**Back-out plan**:"])
@pytest.mark.parametrize("undo", ["Put ns1.old.example back in place of ns3.new.example.",
                                  "Revert the delegation to the current name servers: ns1.old.example, "
                                  "ns2.old.example.",
                                  "Restore the previous NS (ns1.old.example and ns2.old.example) via the registry.",
                                  "Restore NS: ns1.old.example, ns2.old.example"])
def test_the_records_a_plan_for_undoing_the_change_names_are_not_the_change(heading, undo):
    from types import SimpleNamespace

    from mailbot.store.models import Domain
    from mailbot.workflow.changes import read, written

    body = ("Change number: CHG0001234\nAffected CI: hmrc.gov.uk\n\nImplementation plan:\n"
            "1. At the registry replace ns1.old.example with ns3.new.example on hmrc.gov.uk.\n"
            f"2. All other name servers unchanged.\n\n{heading}\n{undo}\n\nTest plan:\ndig NS hmrc.gov.uk +trace\n")
    assert outcome(body) == SWAPPED
    # The cross-check reads the sender's words as the reader does: the undo plan's records are not left unexplained.
    domain = Domain(name="hmrc.gov.uk", nameservers=list(OLD), ds=[])
    reading = read(extract_change("Change", body, {}), domain, words=written(SimpleNamespace(own_text=body)))
    assert reading.change == {"nameservers": ["ns2.old.example", "ns3.new.example"]}, reading.problem


def test_a_plan_for_undoing_ends_at_a_blank_line_or_the_next_label():
    body = ("Rollback: put the old servers back.\nPlease set hmrc.gov.uk's name servers to ns1.new.example and "
            "ns2.new.example.\n")
    assert outcome(body) == "none"  # the whole paragraph is the plan: nothing asked, so asked about
    apart = "Rollback: put the old servers back.\n\nPlease set hmrc.gov.uk's name servers to ns1.new.example and " \
            "ns2.new.example.\n"
    assert outcome(apart) == NEW
    labelled = ("Rollback: put the old servers back.\n"
                "New name servers for hmrc.gov.uk: ns1.new.example, ns2.new.example\n")
    assert outcome(labelled) == NEW


# --- a form ranking its servers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("first, second, further", [
    ("Primary NS", "Secondary NS", "Additional NS {}"), ("Primary nameserver", "Secondary nameserver",
                                                         "Additional nameserver {}"),
    ("Primary Name Server", "Secondary Name Server", "Other Name Server {}"), ("Primary DNS", "Secondary DNS",
                                                                              "Extra DNS {}"),
])
def test_further_servers_beside_a_primary_and_a_secondary_are_more_of_the_set(first, second, further):
    body = (f"Ticket ID: #83669\nType: Change\nDomain: hmrc.gov.uk\n{first}: ns1.new.example\n"
            f"{second}: ns2.new.example\n{further.format(1)}: ns3.new.example.\n"
            f"{further.format(2)}: NS4.NEW.EXAMPLE\nCreated: 2026-11-27\n")
    assert outcome(body) == {*NEW, "ns3.new.example", "ns4.new.example"}


def test_an_additional_server_alone_is_still_one_to_add():
    assert outcome("Domain: hmrc.gov.uk\nAdditional NS: ns3.new.example\n") == {*OLD, "ns3.new.example"}


# --- a request forwarded with a note above it ----------------------------------------------------------------------

FORWARDED_BODY = ("Hi,\n\nPlease set the name servers of hmrc.gov.uk to:\nns1.new.example\nns2.new.example\n\n"
                  "Thanks\nJo Bloggs\n")


def _forwarded(subject: str, body: str, headers=None):
    request = extract_change(subject, body, headers or {})
    ask = request.asks.get("hmrc.gov.uk", {}).get("nameservers")
    return None if ask is None else set(resolve("nameservers", ask, OLD).values or ())


@pytest.mark.parametrize("note", ["FYI / for action.", "Hi, see below from our desk - could you pick this up please?",
                                  "Forwarding as discussed.", "Please see below from our customer and action. Thanks",
                                  ""])
@pytest.mark.parametrize("subject, head", [
    ("Fwd: NS change", "---------- Forwarded message ---------\nFrom: Jo Bloggs <jo@hmrc.gov.uk>\n"
                       "Date: Thu, 26 Nov 2026 at 16:51\nSubject: NS change\nTo: desk@registrar.example\n"),
    ("Fwd: NS change", "Begin forwarded message:\n\nFrom: Jo Bloggs <jo@hmrc.gov.uk>\nSubject: NS change\n"
                       "Date: 26 November 2026 at 16:51:00 GMT\nTo: desk@registrar.example\n"),
    ("FW: NS change", "-----Original Message-----\nFrom: Jo Bloggs <jo@hmrc.gov.uk>\nSent: 26 November 2026 16:12\n"
                      "To: desk@registrar.example\nSubject: NS change\n"),
    ("TR: NS change", "________________________________\nDe : Jo Bloggs <jo@hmrc.gov.uk>\n"
                      "Envoyé : jeudi 26 novembre 2026\nÀ : desk@registrar.example\nObjet : NS change\n"),
    ("FW: NS change", "From: Jo Bloggs <jo@hmrc.gov.uk>\nSent: 26 November 2026 16:12\nTo: desk@registrar.example\n"
                      "Subject: NS change\n"),
    ("Fwd: NS change", "-------- Forwarded Message --------\nSubject: \tNS change\nDate: \tThu, 26 Nov 2026 16:51:00\n"
                       "From: \tJo Bloggs <jo@hmrc.gov.uk>\nTo: \tdesk@registrar.example\n"),
])
def test_a_request_forwarded_with_a_note_is_read_as_the_registrars(note, subject, head):
    assert _forwarded(subject, f"{note}\n\n{head}\n{FORWARDED_BODY}") == NEW


@pytest.mark.parametrize("note", ["FYI only - no action needed.", "Please ignore the below, sent in error.",
                                  "Not yet please, we will confirm.", "For information only."])
def test_a_forward_whose_note_says_to_leave_it_is_not_a_request(note):
    head = "---------- Forwarded message ---------\nFrom: Jo Bloggs <jo@hmrc.gov.uk>\nSubject: NS change\n"
    assert _forwarded("Fwd: NS change", f"{note}\n\n{head}\n{FORWARDED_BODY}") is None


def test_what_a_reply_quotes_or_a_mail_on_a_thread_forwards_is_never_the_request():
    quoted = "On Thu, 26 Nov 2026 at 16:51, Jo Bloggs <jo@hmrc.gov.uk> wrote:\n" + FORWARDED_BODY
    assert _forwarded("Fwd: NS change", f"Please action.\n\n{quoted}") is None
    # Outlook's header block under a subject that forwards nothing is the mail answered.
    answered = "From: Jo Bloggs <jo@hmrc.gov.uk>\nSent: 26 November 2026 16:12\nTo: desk@registrar.example\n" \
               "Subject: NS change\n\n" + FORWARDED_BODY
    assert _forwarded("RE: NS change", f"Please action.\n\n{answered}") is None
    forward = "---------- Forwarded message ---------\nFrom: Jo Bloggs <jo@hmrc.gov.uk>\n\n" + FORWARDED_BODY
    assert _forwarded("Fwd: NS change", f"FYI / for action.\n\n{forward}", {"In-Reply-To": "<x@bot>"}) is None


def test_a_note_giving_values_of_its_own_is_the_request_and_the_forward_only_context():
    forward = "---------- Forwarded message ---------\nFrom: Jo Bloggs <jo@hmrc.gov.uk>\n\n" + FORWARDED_BODY
    note = "The customer has since chosen other servers: please set the name servers of hmrc.gov.uk to " \
           "ns3.new.example and ns4.new.example."
    assert _forwarded("Fwd: NS change", f"{note}\n\n{forward}") == {"ns3.new.example", "ns4.new.example"}


# --- the words around a record given below -------------------------------------------------------------------------

@pytest.mark.parametrize("lead", ["Please add a DS record to hmrc.gov.uk with:", "Please add the DS for hmrc.gov.uk:",
                                  "Kindly publish a new DS record for hmrc.gov.uk as per:"])
@pytest.mark.parametrize("between", ["", "Output of dnssec-dsfromkey at the DNS host:\n\n",
                                     "The zone publishes the matching CDS; please put it in as the DS:\n\n"])
def test_a_sentence_ending_in_a_colon_points_at_the_record_given_below_it(lead, between):
    current = "11111 13 2 " + "A" * 64
    record = "17598 13 2 38EDF0F386E89B1B65595C6959E524F614CFE92D36C7B991D5BC1D986EE1EF7E"
    body = f"{lead}\n\n{between}hmrc.gov.uk. IN DS {record}\n"
    assert outcome(body, (current,), field="ds") == {current, record}


@pytest.mark.parametrize("lead", ["Kindly publish this DS for hmrc.gov.uk so we can sign the zone:",
                                  "Could you insert the following DS record on hmrc.gov.uk:"])
@pytest.mark.parametrize("record", ["hmrc.gov.uk. 3600 IN DS {}", "hmrc.gov.uk. IN DS {}", "{}"])
@pytest.mark.parametrize("label", ["And the zappier name servers:", "Nameservers going forward:", "Name servers:",
                                   "Also the delegation:"])
def test_a_role_said_of_the_ds_record_is_not_carried_to_a_list_of_name_servers_under_its_own_label(lead, record,
                                                                                                   label):
    # The DS record is added beside the current one; the name servers under a label of their own, in words saying no
    # role, are the new set, as a list on its own is, never servers added to the current ones.
    current = "11111 13 2 " + "A" * 64
    given = "17598 13 2 38EDF0F386E89B1B65595C6959E524F614CFE92D36C7B991D5BC1D986EE1EF7E"
    body = f"Hi,\n\n{lead}\n\n{record.format(given)}\n\n{label}\n- ns1.new.example\n- ns2.new.example\n\nCheers\nPat\n"
    assert outcome(body) == NEW
    assert outcome(body, (current,), field="ds") == {current, given}


def test_a_label_of_the_field_the_role_was_said_of_still_carries_it():
    current = "11111 13 2 " + "A" * 64
    given = "17598 13 2 38EDF0F386E89B1B65595C6959E524F614CFE92D36C7B991D5BC1D986EE1EF7E"
    body = f"Could you insert the following DS record on hmrc.gov.uk:\n\nDS as the signer printed it:\n\n" \
           f"hmrc.gov.uk. IN DS {given}\n"
    assert outcome(body, (current,), field="ds") == {current, given}


@pytest.mark.parametrize("when", ["from now on", "from Monday", "from 1 December", "from tomorrow", "from then on"])
def test_from_of_a_time_names_nothing_replaced(when):
    body = (f"They want hmrc.gov.uk to use ns3.new.example; ns4.new.example {when}, instead of ns1.old.example, "
            "ns2.old.example. Their CAB approved it.")
    assert outcome(body) == {"ns3.new.example", "ns4.new.example"}


# --- a table whose rows are labelled ----------------------------------------------------------------------------------

@pytest.mark.parametrize("heading", ["| Existing NS | Proposed NS", "|  | Current | New |", "| | Old | Replacement |",
                                     "\tBefore\tAfter", "\tExisting\tRequested"])
def test_a_heading_over_a_blank_corner_names_the_columns_of_labelled_rows(heading):
    sep = "\t" if heading.startswith("\t") else " | "
    rows = [("NS1", "ns1.old.example", "ns1.new.example"), ("NS2", "ns2.old.example", "ns2.new.example"),
            ("NS3", "", "ns3.new.example")]
    body = "Delegation change for hmrc.gov.uk:\n\n" + heading + "\n" + "\n".join(sep.join(r) for r in rows) + "\n"
    assert outcome(body) == {*NEW, "ns3.new.example"}


# --- an order's line items naming their task ----------------------------------------------------------------------

@pytest.mark.parametrize("task", ["Replace NS set", "Overwrite nameserver list", "Set name servers",
                                  "Full NS set", "replace the DNS set"])
@pytest.mark.parametrize("sep", ["\t", " | "])
def test_a_line_item_putting_a_whole_set_in_place_gives_the_new_set(task, sep):
    body = (f"Order 4411 for the council:\n\n{sep.join(['#', 'Domain', 'Task', 'Servers'])}\n"
            f"{sep.join(['1', 'hmrc.gov.uk', task, 'ns7.elsewhere.example, ns8.elsewhere.example'])}\n"
            f"{sep.join(['2', 'hmrc-online.gov.uk', 'Remove nameserver', 'ns2.old.example'])}\n")
    assert outcome(body) == {"ns7.elsewhere.example", "ns8.elsewhere.example"}
    three = ("ns1.old.example", "ns2.old.example", "ns3.old.example")
    assert outcome(body, three, domain="hmrc-online.gov.uk") == {"ns1.old.example", "ns3.old.example"}


@pytest.mark.parametrize("task", ["Replace nameservers", "Replace NS", "Review NS set", "Check NS list"])
def test_a_line_item_naming_servers_without_saying_they_are_the_set_is_asked_about(task):
    # "Replace nameservers | A, B" may name the servers to be replaced as well as their replacements.
    body = f"Order 4411:\n\n#\tDomain\tTask\tServers\n1\thmrc.gov.uk\t{task}\t" \
           "ns7.elsewhere.example, ns8.elsewhere.example\n"
    assert outcome(body) is None


def test_two_line_items_each_putting_a_different_whole_set_in_place_are_asked_about():
    body = ("Order 4411:\n\n#\tDomain\tTask\tServers\n1\thmrc.gov.uk\tReplace NS set\t"
            "ns7.elsewhere.example, ns8.elsewhere.example\n2\thmrc.gov.uk\tReplace NS set\t"
            "ns5.third.example, ns6.third.example\n")
    assert outcome(body) is None


KEY_OLD = "40123 8 2 9F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C4B5A69788796A5B4C3D2E1F0"
KEY_NEW = "51234 13 2 0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9"


@pytest.mark.parametrize("state", ["Open", "Pending", "Queued"])
def test_an_order_lines_state_beside_the_item_saying_the_action_leaves_the_action_to_the_item(state):
    body = (f"Key roll for hmrc.gov.uk.\n\nNo.\tTask\tDS data\tState\n1\tDelete DS\t{KEY_OLD}\t{state}\n"
            f"2\tAdd DS record\t{KEY_NEW}\t{state}\n")
    assert outcome(body, (KEY_OLD,), field="ds") == {KEY_NEW}


@pytest.mark.parametrize("state", ["Done", "Failed", "On hold"])
def test_an_order_lines_state_that_is_no_open_tickets_is_still_asked_about(state):
    body = f"Key roll for hmrc.gov.uk.\n\nNo.\tTask\tDS data\tState\n1\tAdd DS record\t{KEY_NEW}\t{state}\n"
    assert outcome(body, (KEY_OLD,), field="ds") is None
