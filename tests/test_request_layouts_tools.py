"""What registrars' tools print, pasted or attached to a request: a CSV file as a spreadsheet exports it (a byte order
mark, quoted fields, a column naming who asked, a column saying another field stays), two rows giving one domain two
sets, and a payload naming another domain than the words above it."""

import json
from email.message import EmailMessage
from email.policy import default

from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.mail import read
from tests.support.reading import outcome

NEW = {"ns3.new.example", "ns4.new.example"}


def _both(body: str, attached=(), subject: str = "Delegation") -> tuple[dict, dict]:
    request = extract_change(subject, body, {}, attached=attached)
    return request.asks, request.unclear


# --- a byte order mark ---------------------------------------------------------------------------------------------

def test_a_csv_file_beginning_with_a_byte_order_mark_is_read_by_its_heading():
    sheet = "\ufeffDomain;Name servers\r\nhmrc.gov.uk;ns3.new.example ns4.new.example\r\n"
    assert outcome("File attached.", attached=[sheet]) == NEW
    quoted = '\ufeff"Domain","Action","Name server"\r\n"hmrc.gov.uk","delete","ns1.old.example"\r\n' \
             '"hmrc.gov.uk","add","ns3.new.example"\r\n'
    assert outcome("See the attached.", attached=[quoted]) == {"ns2.old.example", "ns3.new.example"}


def test_a_csv_file_with_a_byte_order_mark_is_read_so_from_the_mail_itself():
    mail = EmailMessage(policy=default)
    mail["From"], mail["To"], mail["Subject"] = "ops@registrar.example", "lock@registry.example", "hmrc.gov.uk"
    mail.set_content("Sheet attached, please action.")
    mail.add_attachment('"Domain","Action","Name server"\r\n"hmrc.gov.uk","remove","ns2.old.example"\r\n'
                        '"hmrc.gov.uk","add","ns4.new.example"\r\n'.encode("utf-8-sig"),
                        maintype="text", subtype="csv", filename="changes.csv")
    parsed = read(mail.as_bytes())
    assert outcome(parsed.text, attached=parsed.attached) == {"ns1.old.example", "ns4.new.example"}


# --- columns that say nothing of the values ------------------------------------------------------------------------

def test_a_column_naming_who_asked_for_a_row_is_no_value_of_it():
    sheet = '"Domain","NS","Raised by"\r\n"hmrc.gov.uk","ns3.new.example","priya.raman"\r\n' \
            '"hmrc.gov.uk","ns4.new.example","priya.raman"\r\n'
    assert outcome("Attached.", attached=[sheet]) == NEW
    by = "Domain,Operation,Host,Submitted by\nhmrc.gov.uk,add,ns3.new.example,o.haddad\n"
    assert outcome("Attached.", attached=[by]) == {"ns1.old.example", "ns2.old.example", "ns3.new.example"}


def test_a_column_naming_requested_servers_still_gives_the_new_set():
    # Near miss: "requested" of the values themselves is their role, not a person's column.
    sheet = "Domain,Current name servers,Requested name servers\nhmrc.gov.uk,ns1.old.example,ns3.new.example\n" \
            "hmrc.gov.uk,ns2.old.example,ns4.new.example\n"
    assert outcome("Attached.", attached=[sheet]) == NEW


def test_a_cell_saying_another_field_stays_leaves_the_row_s_set_as_it_is():
    sheet = 'Domain,Name servers,DS\nhmrc.gov.uk,"ns3.new.example, ns4.new.example",no change\n'
    assert outcome("File attached.", attached=[sheet]) == NEW
    assert outcome("File attached.", attached=[sheet], field="ds") == "none"


def test_a_cell_saying_another_field_goes_is_not_passed_over():
    # Near miss: "remove" under DS says something is to become of the DS record; never read as "unchanged".
    sheet = 'Domain,Name servers,DS\nhmrc.gov.uk,"ns3.new.example, ns4.new.example",remove\n'
    assert outcome("File attached.", attached=[sheet]) is None


# --- two rows, two sets --------------------------------------------------------------------------------------------

def test_two_rows_giving_one_domain_two_different_sets_are_asked_about():
    sheet = 'Domain,Name servers,Ticket\nhmrc.gov.uk,"ns3.new.example, ns4.new.example",INC-20417\n' \
            'hmrc.gov.uk,"ns5.other.example, ns6.other.example",INC-20452\n'
    assert outcome("Sheet attached.", attached=[sheet]) is None
    table = "| Domain | Name servers |\n|---|---|\n| hmrc.gov.uk | ns3.new.example, ns4.new.example |\n" \
            "| hmrc.gov.uk | ns5.other.example, ns6.other.example |"
    assert outcome(table) is None


def test_rows_giving_one_domain_one_set_between_them_or_twice_alike_are_read():
    # Near misses: one server a row is one set; the same set on two rows is one request.
    one_a_row = "Domain,Name server\nhmrc.gov.uk,ns3.new.example\nhmrc.gov.uk,ns4.new.example\n"
    assert outcome("Attached.", attached=[one_a_row]) == NEW
    twice = 'Domain,Name servers,Ticket\nhmrc.gov.uk,"ns3.new.example, ns4.new.example",INC-20417\n' \
            'hmrc.gov.uk,"ns4.new.example, ns3.new.example",INC-20417\n'
    assert outcome("Sheet attached.", attached=[twice]) == NEW


def test_rows_giving_two_domains_a_set_each_are_read():
    sheet = 'Domain,Name servers\nhmrc.gov.uk,"ns3.new.example, ns4.new.example"\n' \
            'dvla.gov.uk,"ns5.other.example, ns6.other.example"\n'
    asks, unclear = _both("Attached.", attached=[sheet])
    assert not unclear
    assert set(asks["hmrc.gov.uk"]["nameservers"].new) == NEW
    assert set(asks["dvla.gov.uk"]["nameservers"].new) == {"ns5.other.example", "ns6.other.example"}


# --- the words name one domain, the values another ----------------------------------------------------------------

PAYLOAD = json.dumps({"domain": "hmrc.gov.uk", "nameservers": sorted(NEW)}, indent=2)


def test_words_asking_a_change_of_one_domain_over_values_for_another_are_asked_about():
    asks, unclear = _both("Please change dvla.gov.uk per the payload:\n\n" + PAYLOAD)
    assert not asks and set(unclear) == {"dvla.gov.uk", "hmrc.gov.uk"}
    asks, unclear = _both("Payload below.\n\n" + PAYLOAD, subject="Delegation of dvla.gov.uk")
    assert not asks and set(unclear) == {"dvla.gov.uk", "hmrc.gov.uk"}


def test_values_for_the_domain_the_words_name_are_read():
    # Near misses: the payload's domain is the one named; another named as staying is not asked to change.
    assert outcome("Please update hmrc.gov.uk as below\n\n" + PAYLOAD) == NEW
    assert outcome("Update hmrc.gov.uk as below; dvla.gov.uk stays as it is.\n\n" + PAYLOAD) == NEW
    assert outcome("Payload below.\n\n" + PAYLOAD, subject="Name server change") == NEW


# --- a whois excerpt ----------------------------------------------------------------------------------------------

NOMINET = ("    Domain name:\n        hmrc.gov.uk\n\n    Registrar:\n        Example Registrar Ltd [Tag = EXAMPLE]\n\n"
           "    Relevant dates:\n        Registered on: 01-Apr-2004\n\n    Name servers:\n        ns1.old.example\n"
           "        ns2.old.example\n\n    DNSSEC:\n        Signed\n\n    WHOIS lookup made at 10:02:11 03-Dec-2026\n")
ICANN = ("Domain Name: HMRC.GOV.UK\nRegistrar: Example Registrar Ltd\nRegistry Expiry Date: 2027-04-01T00:00:00Z\n"
         "Name Server: NS1.OLD.EXAMPLE\nName Server: NS2.OLD.EXAMPLE\nDNSSEC: unsigned\n")


def test_a_whois_excerpt_under_a_request_gives_the_current_servers_not_new_ones():
    assert outcome("hmrc.gov.uk: please take out ns2.old.example and put in ns3.new.example. Whois now:\n\n"
                   + NOMINET) == {"ns1.old.example", "ns3.new.example"}
    assert outcome("Move hmrc.gov.uk to ns3.new.example and ns4.new.example please; current record:\n\n" + ICANN) \
        == NEW
    # Its DNSSEC line says what the domain has: nothing asked of the DS records.
    assert outcome("Move hmrc.gov.uk to ns3.new.example and ns4.new.example please. Whois:\n\n" + NOMINET,
                   field="ds") == "none"


def test_a_whois_excerpt_whose_servers_are_not_the_registry_s_is_asked_about():
    # Near miss: read as current, its servers are held to the registry's records like any said current.
    assert outcome("Please add ns3.new.example to hmrc.gov.uk. Whois:\n\n" + NOMINET,
                   current=("ns7.elsewhere.example", "ns8.elsewhere.example")) is None


def test_a_domain_name_label_without_whois_s_own_labels_is_no_excerpt():
    # Near miss: a form of our own words ("Domain name:", "Name servers:") gives the new set as it did.
    assert outcome("Domain name: hmrc.gov.uk\nName servers:\nns3.new.example\nns4.new.example\n") == NEW


def test_a_clause_after_a_dash_saying_the_others_stay_names_none_of_the_values():
    assert outcome("For hmrc.gov.uk can you add ns3.new.example - other NS stay as is.") \
        == {"ns1.old.example", "ns2.old.example", "ns3.new.example"}
    assert outcome("For hmrc.gov.uk can you drop ns2.old.example & add ns3.new.example \u2013 the rest unchanged.") \
        == {"ns1.old.example", "ns3.new.example"}
    # Near miss: a server named in the clause of staying is one that stays, and is held to the records.
    three = ("ns1.old.example", "ns2.old.example", "ns9.old.example")
    assert outcome("For hmrc.gov.uk can you drop ns2.old.example - ns1.old.example stays.", current=three) \
        == {"ns1.old.example", "ns9.old.example"}


# --- a diff under the words -----------------------------------------------------------------------------------------

ZONE_DIFF = ("diff --git a/zones/hmrc.gov.uk.zone b/zones/hmrc.gov.uk.zone\nindex 3c1e9a0..8f02d17 100644\n"
             "--- a/zones/hmrc.gov.uk.zone\n+++ b/zones/hmrc.gov.uk.zone\n@@ -3,6 +3,6 @@\n"
             " @\tIN\tSOA\tns1.old.example. hostmaster.hmrc.gov.uk. (\n-\t\t\t2026120101\t; serial\n"
             "+\t\t\t2026120301\t; serial\n \t\t\t7200 900 1209600 300 )\n-@\tIN\tNS\tns2.old.example.\n"
             "+@\tIN\tNS\tns3.new.example.\n @\tIN\tNS\tns1.old.example.\n @\tIN\tMX\t10 mx.mailhost.example.\n")
PLAIN_DIFF = ("--- hmrc.gov.uk.delegation.orig\t2026-12-02 17:40:03.118204551 +0000\n"
              "+++ hmrc.gov.uk.delegation\t2026-12-03 09:12:44.901733210 +0000\n@@ -1,2 +1,2 @@\n"
              " ns1.old.example\n-ns2.old.example\n+ns3.new.example\n")


def test_a_zone_s_diff_gives_its_name_server_lines_and_nothing_of_its_other_records():
    # The SOA's serial and primary, and an MX record in its context, are no name servers of the delegation.
    assert outcome("hmrc.gov.uk delegation to follow the zone change below please\n\n" + ZONE_DIFF) \
        == {"ns1.old.example", "ns3.new.example"}


def test_a_diff_whose_context_lost_its_leading_space_is_read_by_its_hunk_s_counts():
    # An HTML mail client drops a line's leading space: the hunk's header still says which lines are its own.
    flat = "\n".join(line[1:] if line.startswith(" ") else line for line in ZONE_DIFF.split("\n"))
    assert outcome("hmrc.gov.uk: see diff\n\n" + flat + "\nthanks\nOmar\n") == {"ns1.old.example", "ns3.new.example"}


def test_diff_u_s_file_headers_with_their_times_name_files():
    assert outcome("diff -u of the delegation we hold for hmrc.gov.uk, please action\n\n" + PLAIN_DIFF) \
        == {"ns1.old.example", "ns3.new.example"}


def test_words_naming_the_diff_s_own_change_agree_with_it():
    assert outcome("hmrc.gov.uk: swap ns2.old.example for ns3.new.example, diff below\n\n" + PLAIN_DIFF) \
        == {"ns1.old.example", "ns3.new.example"}


def test_words_and_a_diff_giving_different_changes_are_asked_about():
    # Near misses of the above: the words add a server the diff does not, or leave out one the diff removes.
    assert outcome("please add ns4.new.example to hmrc.gov.uk, see diff\n\n" + PLAIN_DIFF) is None
    assert outcome("please add ns3.new.example to hmrc.gov.uk, see diff\n\n" + PLAIN_DIFF) is None


# --- a call the lock refused, pasted with its answer ---------------------------------------------------------------

REFUSAL = json.dumps({"error": {"code": 2304, "message": "Object status prohibits operation"},
                      "domain": {"name": "hmrc.gov.uk", "nameservers": ["ns1.old.example", "ns2.old.example"],
                                 "dnssec": False}}, indent=2)


def _exchange(method: str, path: str, body: object, answer: str = REFUSAL, status: str = "409 Conflict") -> str:
    return (f"Our update was held by the lock, please apply it.\n\n{method} https://api.registrar.example{path}\n"
            f"Content-Type: application/json\n\n{json.dumps(body, indent=2)}\n\nHTTP/1.1 {status}\n{answer}\n")


def test_a_refused_call_s_body_is_the_request_and_its_answer_the_state_now():
    assert outcome(_exchange("PUT", "/domains/hmrc.gov.uk/nameservers", {"nameservers": sorted(NEW)})) == NEW
    assert outcome(_exchange("PATCH", "/domains/hmrc.gov.uk", {"nameservers": {"remove": ["ns2.old.example"],
                                                                               "add": ["ns3.new.example"]}})) \
        == {"ns1.old.example", "ns3.new.example"}


def test_a_json_patch_replacing_the_name_servers_gives_the_new_set():
    patch = [{"op": "replace", "path": "/nameservers", "value": sorted(NEW)}]
    assert outcome(_exchange("PATCH", "/domains/hmrc.gov.uk", patch)) == NEW
    appended = [{"op": "add", "path": "/nameservers/-", "value": "ns3.new.example"}]
    assert outcome("hmrc.gov.uk, patch below:\n" + json.dumps(appended, indent=2)) \
        == {"ns1.old.example", "ns2.old.example", "ns3.new.example"}


def test_a_json_patch_removing_by_place_in_the_list_is_asked_about():
    # Near miss: "/nameservers/1" names a server by its place in a list the mail does not give.
    patch = [{"op": "remove", "path": "/nameservers/1"}]
    assert outcome("hmrc.gov.uk, patch below:\n" + json.dumps(patch, indent=2)) in (None, "none")


def test_an_answer_whose_servers_are_not_the_registry_s_is_asked_about():
    # Near miss: the answer's servers are the current ones, held to the registry's records.
    call = _exchange("PUT", "/domains/hmrc.gov.uk/nameservers", {"nameservers": sorted(NEW)})
    assert outcome(call, current=("ns7.elsewhere.example", "ns8.elsewhere.example")) is None


def test_an_answer_that_is_no_refusal_by_the_lock_is_asked_about():
    # Near miss: a 422 saying a value is not valid is not the registry's word on what the domain has.
    invalid = json.dumps({"error": {"code": 2005, "message": "Parameter value syntax error"},
                          "domain": {"name": "hmrc.gov.uk", "nameservers": ["ns1.old.example", "ns2.old.example"]}})
    call = _exchange("PUT", "/domains/hmrc.gov.uk/nameservers", {"nameservers": sorted(NEW)}, invalid,
                     "422 Unprocessable Entity")
    assert outcome(call) is None


# --- a sync job's log ----------------------------------------------------------------------------------------------

def test_a_sync_log_s_want_and_have_lists_are_the_new_and_current_sets():
    log = ("pls set hmrc.gov.uk to its want list\n2026-12-03T08:20:01Z ERROR dns-sync domain=hmrc.gov.uk "
           "want=[ns3.new.example,ns4.new.example] have=[ns1.old.example,ns2.old.example] err=\"2304\"")
    assert outcome(log) == NEW
    # Near miss: the have= list is held to the registry's records.
    assert outcome(log, current=("ns1.old.example", "ns9.old.example")) is None


def test_a_sync_log_of_two_attempts_wanting_different_sets_is_asked_about():
    log = ("sync failing, pls set\n2026-12-03T08:20:01Z ERROR ns-sync domain=hmrc.gov.uk "
           "want=[ns3.new.example,ns4.new.example] err=\"2304\"\n2026-12-03T08:50:01Z ERROR ns-sync "
           "domain=hmrc.gov.uk want=[ns5.other.example,ns6.other.example] err=\"2304\"")
    assert outcome(log) is None


# --- a table drawn with box characters ---------------------------------------------------------------------------

def test_a_table_drawn_with_box_characters_is_read_as_any_table():
    drawn = ("┌─────────────────┬─────────────────┐\n│ now             │ after           │\n"
             "├─────────────────┼─────────────────┤\n│ ns1.old.example │ ns3.new.example │\n"
             "│ ns2.old.example │ ns4.new.example │\n└─────────────────┴─────────────────┘")
    assert outcome("hmrc.gov.uk, please:\n" + drawn) == NEW
    heavy = ("┏━━━━━━━━━━━━━━━━━┳━━━━━━━━┓\n┃ server          ┃ action ┃\n┡━━━━━━━━━━━━━━━━━╇━━━━━━━━┩\n"
             "│ ns1.old.example │ keep   │\n│ ns2.old.example │ remove │\n│ ns3.new.example │ add    │\n"
             "└─────────────────┴────────┘")
    assert outcome("hmrc.gov.uk, please:\n" + heavy) == {"ns1.old.example", "ns3.new.example"}


def test_a_box_table_without_a_heading_saying_which_column_is_which_is_asked_about():
    # Near miss: two columns of servers and no heading.
    drawn = ("┌─────────────────┬─────────────────┐\n│ ns1.old.example │ ns3.new.example │\n"
             "│ ns2.old.example │ ns4.new.example │\n└─────────────────┴─────────────────┘")
    assert outcome("hmrc.gov.uk, please:\n" + drawn) is None


# --- dig's answer, and a zone file's comments ------------------------------------------------------------------------

DIG = ("; <<>> DiG 9.18.30 <<>> NS hmrc.gov.uk\n;; global options: +cmd\n;; Got answer:\n"
       ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 5121\n;; QUESTION SECTION:\n;hmrc.gov.uk.\t\tIN\tNS\n\n"
       ";; ANSWER SECTION:\nhmrc.gov.uk.\t86400\tIN\tNS\tns2.old.example.\n"
       "hmrc.gov.uk.\t86400\tIN\tNS\tns1.old.example.\n"
       "\n;; Query time: 12 msec\n;; MSG SIZE  rcvd: 88\n")


def test_dig_s_answer_is_the_current_delegation():
    assert outcome("hmrc.gov.uk is delegated as below now.\n\n" + DIG + "\nplease change to\nns3.new.example\n"
                   "ns4.new.example\n") == NEW
    # Near miss: dig's answer is held to the registry's records, as any current servers are.
    assert outcome("hmrc.gov.uk now:\n\n" + DIG + "\nplease change to\nns3.new.example\nns4.new.example\n",
                   current=("ns7.elsewhere.example", "ns8.elsewhere.example")) is None


def test_dig_s_answer_and_no_new_servers_asks_nothing_certain():
    # Near miss: "please fix" under dig's answer gives nothing to record.
    assert outcome(DIG + "\nplease fix\n") in (None, "none")


def test_a_zone_file_s_comments_naming_roles_label_its_records():
    zone = ("; existing\nhmrc.gov.uk. 3600 IN NS ns1.old.example.\nhmrc.gov.uk. 3600 IN NS ns2.old.example.\n\n"
            "; replacement\nhmrc.gov.uk. 3600 IN NS ns3.new.example.\nhmrc.gov.uk. 3600 IN NS ns4.new.example.\n")
    assert outcome("hmrc.gov.uk, as below\n\n" + zone) == NEW
    # Near miss: a comment that names no role ("; managed by ansible") labels nothing: two lists, asked about.
    unlabelled = zone.replace("; existing", "; managed by ansible").replace("; replacement", "; generated")
    assert outcome("hmrc.gov.uk, as below\n\n" + unlabelled) is None


# --- an octoDNS plan ---------------------------------------------------------------------------------------------

def _octodns(name: str) -> str:
    return ("*" * 40 + "\n* hmrc.gov.uk.\n" + "*" * 40 + "\n* route53 (Route53Provider)\n*   Update\n"
            f"*     <NsRecord NS 3600, {name}, ['ns1.old.example.', 'ns2.old.example.']> ->\n"
            f"*     <NsRecord NS 3600, {name}, ['ns3.new.example.', 'ns4.new.example.']> (config)\n"
            "*   Summary: Creates=0, Updates=1, Deletes=0, Existing Records=9\n" + "*" * 40 + "\n")


def test_an_octodns_update_of_the_apex_ns_record_is_the_current_and_the_new_set():
    assert outcome("the zone's root NS changed, please make the delegation match:\n" + _octodns("hmrc.gov.uk.")) \
        == NEW
    # Near miss: its record as it stands is held to the registry's records.
    assert outcome("please match:\n" + _octodns("hmrc.gov.uk."), current=("ns7.elsewhere.example",
                                                                         "ns8.elsewhere.example")) is None


def test_an_octodns_update_of_a_delegation_inside_the_zone_is_asked_about():
    # Near miss: "dev.hmrc.gov.uk." is a name inside the zone, whose NS records are no delegation of the domain.
    assert outcome("hmrc.gov.uk, please match:\n" + _octodns("dev.hmrc.gov.uk.")) in (None, "none")


# --- a job's results, each domain's lists under keys saying their roles ---------------------------------------------

def test_a_job_s_type_naming_no_role_leaves_the_roles_to_the_keys_under_it():
    job = {"job": "J-4411", "type": "bulk_nameserver_update", "results": [
        {"domain": "hmrc.gov.uk", "status": "held", "requested": {"nameservers": sorted(NEW)},
         "current": {"nameservers": ["ns1.old.example", "ns2.old.example"]}}]}
    assert outcome("held on the lock, please apply the requested set\n" + json.dumps(job, indent=2)) == NEW


def test_a_job_s_type_naming_no_role_over_a_bare_list_is_asked_about():
    # Near miss: no key says what the list is; "update" does not say whether it is the set or more.
    job = {"job": "J-4411", "type": "bulk_nameserver_update", "domain": "hmrc.gov.uk", "nameservers": sorted(NEW)}
    assert outcome("please apply\n" + json.dumps(job, indent=2)) is None


def test_dig_s_answer_from_a_server_named_is_what_that_server_serves():
    # Near miss: "@ns3.new.example" asks the new host, whose answer is the set it serves, not the delegation now.
    asked_of_new = DIG.replace("<<>> NS hmrc.gov.uk", "<<>> NS hmrc.gov.uk @ns3.new.example").replace(
        "ns2.old.example.", "ns4.new.example.").replace("ns1.old.example.", "ns3.new.example.")
    assert outcome("The zone is up at the new host; please delegate hmrc.gov.uk to the set it serves:\n\n"
                   + asked_of_new) == NEW
