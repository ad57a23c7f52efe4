"""Tests for mailbot.parse.pastes, through the reader: machine output pasted into a request (JSON, YAML, a Terraform
plan, a sync job's log line) read by its own grammar, and asked about where that grammar leaves a value's role open."""

import json
from functools import partial

import pytest

from mailbot.parse.change_request.lines import pasted_name
from mailbot.parse.change_request.reader import extract_change
from mailbot.parse.pastes import read_pastes
from tests.support.reading import outcome

OLD = ("ns1.old.example", "ns2.old.example")


def _both(body: str, attached=()) -> tuple[dict, dict]:
    request = extract_change("Delegation changes", body, {}, attached=attached)
    return request.asks, request.unclear


# --- JSON ---------------------------------------------------------------------------------------------------------

def test_a_json_change_with_before_and_after_lists_is_the_after_set():
    payload = {"ticket": "T-88213", "domainName": "hmrc.gov.uk", "state": "present",
               "before": {"nameServers": list(OLD)}, "after": {"nameServers": ["a.ns.newdns.example",
                                                                              "b.ns.newdns.example"]}}
    body = f"Our portal queued this one for you:\n\n{json.dumps(payload, indent=4)}\n\nThanks"
    assert outcome(body) == {"a.ns.newdns.example", "b.ns.newdns.example"}


def test_a_json_change_whose_before_list_is_not_the_registry_s_is_asked_about():
    payload = {"domain": "hmrc.gov.uk", "old_nameservers": ["ns7.elsewhere.example", "ns8.elsewhere.example"],
               "new_nameservers": ["a.ns.newdns.example", "b.ns.newdns.example"]}
    assert outcome(json.dumps(payload, indent=2)) is None


def test_a_json_list_of_domains_gives_each_its_own_set():
    entries = [{"fqdn": "hmrc.gov.uk", "ns": ["a.ns.newdns.example", "b.ns.newdns.example"]},
               {"fqdn": "dvla.gov.uk", "ns": ["c.ns.newdns.example", "d.ns.newdns.example"]}]
    asks, unclear = _both("Full sets below, one entry a domain:\n" + json.dumps(entries, indent=2))
    assert not unclear
    assert asks["hmrc.gov.uk"]["nameservers"].new == ("a.ns.newdns.example", "b.ns.newdns.example")
    assert asks["dvla.gov.uk"]["nameservers"].new == ("c.ns.newdns.example", "d.ns.newdns.example")


def test_json_saying_add_and_remove_by_key_or_by_an_action_field():
    by_key = {"domain": "hmrc.gov.uk", "nameservers": {"add": ["ns3.newdns.example"], "remove": ["ns1.old.example"]}}
    assert outcome(json.dumps(by_key)) == {"ns2.old.example", "ns3.newdns.example"}
    by_action = [{"action": "delete", "host": "ns1.old.example"}, {"action": "add", "host": "ns3.newdns.example"}]
    assert outcome("For hmrc.gov.uk, the name server changes:\n" + json.dumps({"nameservers": by_action}, indent=1)) \
        == {"ns2.old.example", "ns3.newdns.example"}


def test_a_refused_api_call_or_a_command_of_the_api_s_own_is_asked_about():
    # What was sent and refused says what was tried; "update" with a list says not whether it is the set or more.
    refused = {"call": {"domain": "hmrc.gov.uk", "nameservers": ["a.ns.newdns.example", "b.ns.newdns.example"]},
               "error": {"code": 2304, "message": "Object status prohibits operation"}}
    assert outcome(json.dumps(refused, indent=2)) is None
    command = {"method": "domains.modify", "params": {"domain": "hmrc.gov.uk",
                                                      "nameservers": ["a.ns.newdns.example", "b.ns.newdns.example"]}}
    assert outcome(json.dumps(command, indent=2)) is None


LOCKED_OUT = {"call": {"op": "modifyDomain", "domainName": "hmrc.gov.uk",
                       "nameservers": ["a.ns.newdns.example", "b.ns.newdns.example", "c.ns.newdns.example"]},
              "error": {"code": 2304, "message": "Object status prohibits operation (serverUpdateProhibited)"}}


@pytest.mark.parametrize("lead", [
    "The registry lock blocked our update. The request we made is below; its nameservers array is the complete set.",
    "Rejected by the lock, so over to you - the name servers are the whole new list:",
])
def test_a_call_the_lock_refused_under_words_saying_its_list_is_the_set_gives_the_new_set(lead):
    body = f"Hello,\n\n{lead}\n\n{json.dumps(LOCKED_OUT, indent=3)}\n\nRegards"
    assert outcome(body) == {"a.ns.newdns.example", "b.ns.newdns.example", "c.ns.newdns.example"}


@pytest.mark.parametrize("lead, error", [
    ("The call failed. The request is below; its nameservers array is the complete set.",  # no word of the set...
     {"code": 2201, "message": "Authorization error"}),  # ...but a refusal that is not the lock's
    ("The lock blocked our update; the request is below.", LOCKED_OUT["error"]),  # no word that the list is the set
    ("The lock blocked it; the nameservers array is not the full set, ns1.old.example stays.", LOCKED_OUT["error"]),
    ("The lock blocked it; the list is the complete set, but use ns4.ns.newdns.example for the third.",
     LOCKED_OUT["error"]),  # a server of the words' own
])
def test_a_refused_call_without_words_making_its_list_the_set_is_still_asked_about(lead, error):
    body = f"Hello,\n\n{lead}\n\n{json.dumps({**LOCKED_OUT, 'error': error}, indent=3)}\n\nRegards"
    assert outcome(body) is None


def test_a_host_under_a_key_of_no_known_meaning_is_asked_about():
    payload = {"domain": "hmrc.gov.uk", "nameservers": ["a.ns.newdns.example", "b.ns.newdns.example"],
               "fallback": "c.ns.newdns.example"}
    assert outcome(json.dumps(payload, indent=2)) is None


DIGEST = "9F1C" * 16


def test_json_ds_objects_of_the_four_fields_are_the_records_they_give():
    # A DNS host's API gives each DS as an object of its four fields; the words around the paste say what is asked.
    payload = {"zone": "dvla.gov.uk", "delegationSigner": [
        {"key_tag": 40112, "algorithm": 8, "digest_type": 2, "digest": DIGEST.lower()}]}
    body = f"Please put this DS record on dvla.gov.uk, it's what our DNS provider returns:\n\n" \
           f"{json.dumps(payload, indent=4)}\n\nMany thanks"
    request = extract_change("DNSSEC", body, {})
    assert not request.unclear
    assert request.asks["dvla.gov.uk"]["ds"].new == (f"40112 8 2 {DIGEST}",)


def test_json_ds_objects_missing_a_field_or_switched_off_are_not_read_as_records():
    part = {"dnssec": [{"keyTag": 40112, "digestType": 2, "digest": DIGEST.lower()}]}
    off = {"dnssec": {"active": False, "records": [{"keyTag": 40112, "alg": 8, "digestType": 2,
                                                    "digest": DIGEST.lower()}]}}
    more = {"dnssec": [{"keyTag": 40112, "alg": 8, "digestType": 2, "digest": DIGEST.lower(), "flags": 257}]}
    for payload in (part, off, more):
        request = extract_change("DNSSEC", f"DS for dvla.gov.uk:\n{json.dumps(payload, indent=2)}\n", {})
        assert "dvla.gov.uk" not in request.asks


# --- YAML ---------------------------------------------------------------------------------------------------------

def test_a_yaml_task_with_additions_and_removals():
    body = ("The playbook stopped at the lock, please do this part by hand:\n\n"
            "- hosts: localhost\n  tasks:\n    - name: move hmrc to the new DNS\n      dns_delegation:\n"
            "        zone: hmrc.gov.uk\n        removed:\n          - ns1.old.example\n"
            "        added:\n          - ns3.newdns.example\n        ensure: present\n\nCheers")
    assert outcome(body) == {"ns2.old.example", "ns3.newdns.example"}


def test_a_yaml_task_whose_state_is_not_present_is_asked_about():
    body = ("- name: drop the old servers\n  dns_delegation:\n    zone: hmrc.gov.uk\n    nameservers:\n"
            "      - ns1.old.example\n    state: absent\n")
    assert outcome(body) is None


def test_a_label_and_its_list_are_no_yaml_paste():
    body = "Hello,\n\nNameservers for hmrc.gov.uk:\n- a.ns.newdns.example\n- b.ns.newdns.example\n\nThanks"
    assert read_pastes(body, partial(pasted_name, targets={"hmrc.gov.uk"}, zone="gov.uk")).text == body
    assert outcome(body) == {"a.ns.newdns.example", "b.ns.newdns.example"}


# --- Terraform ----------------------------------------------------------------------------------------------------

PLAN = """$ terraform plan -target=module.dns
  # module.dns.gandi_domain.hmrc will be updated in-place
  ~ resource "gandi_domain" "hmrc" {
        name        = "hmrc.gov.uk"
      ~ nameservers = [
          - "ns1.old.example",
          + "ns3.newdns.example",
            # (1 unchanged element hidden)
        ]
        # (2 unchanged attributes hidden)
    }

Plan: 0 to add, 1 to change, 0 to destroy."""


def test_a_terraform_plan_removes_what_it_marks_minus_and_adds_what_it_marks_plus():
    assert outcome("Apply fails on the lock; the plan:\n\n" + PLAN + "\n\nRegards") \
        == {"ns2.old.example", "ns3.newdns.example"}


def test_a_value_known_only_after_apply_is_asked_about():
    plan = PLAN.replace('+ "ns3.newdns.example",', "+ (known after apply),")
    assert outcome(plan) is None


def test_a_plan_s_server_blocks_and_a_plan_destroying_the_resource():
    blocks = """  ~ resource "dnsimple_registered_domain" "hmrc" {
        domain_name = "hmrc.gov.uk"
      - name_server {
          - host = "ns1.old.example" -> null
        }
      + name_server {
          + host = "ns3.newdns.example"
        }
    }"""
    assert outcome(blocks) == {"ns2.old.example", "ns3.newdns.example"}
    assert outcome(blocks.replace("~ resource", "- resource")) is None


def test_an_attached_plan_of_two_domains_gives_each_its_own_change():
    plan = PLAN.replace("(1 unchanged element hidden)", "(1 unchanged element hidden)") + "\n" + PLAN.replace(
        "hmrc", "dvla").replace("ns3.newdns", "ns4.newdns")
    asks, unclear = _both("Plan attached for hmrc.gov.uk and dvla.gov.uk.", attached=[plan])
    assert not unclear
    assert asks["hmrc.gov.uk"]["nameservers"].add == ("ns3.newdns.example",)
    assert asks["dvla.gov.uk"]["nameservers"].add == ("ns4.newdns.example",)
    assert asks["dvla.gov.uk"]["nameservers"].remove == ("ns1.old.example",)


# --- A sync job's log line ------------------------------------------------------------------------------------------

def test_a_log_line_s_target_set_beside_what_it_observed():
    body = ("Our reconciler keeps failing on this one, please set what it wants:\n\n"
            "12:00:01 WARN reconcile hmrc.gov.uk target_ns=[a.ns.newdns.example,b.ns.newdns.example] "
            "observed_ns=[ns1.old.example,ns2.old.example]\n12:00:01 ERROR reconcile hmrc.gov.uk: 2304")
    assert outcome(body) == {"a.ns.newdns.example", "b.ns.newdns.example"}


def test_a_log_line_s_list_under_a_word_of_no_known_meaning_is_asked_about():
    body = "12:00:01 WARN reconcile hmrc.gov.uk expected ns=[a.ns.newdns.example, b.ns.newdns.example]"
    assert outcome(body) is None


# --- Spreadsheet pastes: notes columns, empty columns, order references ---------------------------------------------

def test_a_notes_column_agreeing_with_its_row_is_read_out_of_it():
    sheet = ("zone,op,server,comment\r\nhmrc.gov.uk,Delete,ns1.old.example,decommissioned in March\r\n"
             "hmrc.gov.uk,Add,ns3.newdns.example,new supplier\r\n")
    assert outcome("Sheet attached.", attached=[sheet]) == {"ns2.old.example", "ns3.newdns.example"}


def test_a_notes_column_saying_a_kept_server_stays_is_read_out_of_it():
    sheet = ("zone,op,server,comment\r\nhmrc.gov.uk,Keep,ns1.old.example,remains as is\r\n"
             "hmrc.gov.uk,Remove,ns2.old.example,old host\r\nhmrc.gov.uk,Add,ns3.newdns.example,new supplier\r\n")
    assert outcome("Sheet attached.", attached=[sheet]) == {"ns1.old.example", "ns3.newdns.example"}
    # Beside a server the row keeps, a note taking it away, or naming another server, is not the row's: asked about,
    # the row's own domain as any other's.
    for note in ("remove", "stays until ns4.newdns.example is up"):
        assert outcome("Sheet attached.", attached=[sheet.replace("remains as is", note)]) is None


def test_a_notes_column_saying_other_than_its_row_is_asked_about():
    sheet = "Domain,NS 1,NS 2,Remarks\r\nhmrc.gov.uk,a.ns.newdns.example,b.ns.newdns.example,remove ns2 later\r\n"
    assert outcome("Sheet attached.", attached=[sheet]) is None
    # "Keeps" a server the row's set does not hold: read as the set, the row would drop it.
    kept = "Domain,NS 1,NS 2,Remarks\r\nhmrc.gov.uk,a.ns.newdns.example,b.ns.newdns.example,keeps ns2\r\n"
    assert outcome("Sheet attached.", attached=[kept]) is None
    holds = "Domain,NS 1,NS 2,Remarks\r\nhmrc.gov.uk,ns2.old.example,b.ns.newdns.example,keeps ns2\r\n"
    assert outcome("Sheet attached.", attached=[holds]) == {"ns2.old.example", "b.ns.newdns.example"}


def test_a_spreadsheet_heading_with_an_empty_column_places_each_row_under_it():
    body = ("From the migration tracker:\n\nZone\tNS 1\tNS 2\t\tComments\n"
            "hmrc.gov.uk\ta.ns.newdns.example\tb.ns.newdns.example\t\tcutover on Monday\n"
            "dvla.gov.uk\tc.ns.newdns.example\td.ns.newdns.example\n\nThanks")
    request = extract_change("Tracker", body, {})
    assert not request.unclear
    assert request.asks["hmrc.gov.uk"]["nameservers"].new == ("a.ns.newdns.example", "b.ns.newdns.example")
    assert request.asks["dvla.gov.uk"]["nameservers"].new == ("c.ns.newdns.example", "d.ns.newdns.example")


def test_an_order_reference_with_slashes_is_a_row_s_own_field():
    sheet = ("Domain,Old,,New,Ref\r\nhmrc.gov.uk,ns1.old.example,,a.ns.newdns.example,WO/5521/27\r\n"
             ",ns2.old.example,,b.ns.newdns.example,\r\n")
    assert outcome("Attached.", attached=[sheet]) == {"a.ns.newdns.example", "b.ns.newdns.example"}


# --- An order's line items ----------------------------------------------------------------------------------------

ITEMS = ("Work order WO-7731 for hmrc.gov.uk:\n\n#\tOperation\tHost\tState\n1\tDelete\tns1.old.example\tPending\n"
         "2\tAdd\tns3.newdns.example\t{state}\n\nRegards")


def test_a_cancelled_line_item_is_not_asked():
    three = (*OLD, "ns4.old.example")
    assert outcome(ITEMS.format(state="Withdrawn"), current=three) == {"ns2.old.example", "ns4.old.example"}
    assert outcome(ITEMS.format(state="Pending")) == {"ns2.old.example", "ns3.newdns.example"}


def test_a_line_item_of_no_state_or_of_an_unknown_one_is_asked_about():
    assert outcome(ITEMS.format(state="")) is None
    assert outcome(ITEMS.format(state="On hold")) is None


# --- an EPP client's console session, its commands after a ">" prompt --------------------------------------------

@pytest.mark.parametrize("session", [
    "> update domain hmrc.gov.uk\n> rem ns ns2.old.example\n> add ns ns3.new.example\n"
    "2304 Object status prohibits operation (serverUpdateProhibited)",
    ">update domain hmrc.gov.uk\n>add ns ns3.new.example\n>rem ns ns2.old.example\n"
    "2304 Object status prohibits operation\nsvTRID: ABC-1234",
])
def test_commands_typed_at_an_epp_clients_prompt_are_read_not_taken_for_a_quote(session):
    body = f"The lock stopped this one from our shell, please put it through.\n\n{session}\n\nThanks,\nJo\n"
    assert outcome(body) == {"ns1.old.example", "ns3.new.example"}


@pytest.mark.parametrize("quoted", [
    # a reply quoting a mail that wrote the commands: no answer of a server under them
    "> update domain hmrc.gov.uk\n> add ns ns3.new.example\n\nWe would rather not, thanks.",
    # lines quoted that are no command, above a line starting with a number
    "> the new one is ns3.new.example\n2024 was a busy year for us.",
])
def test_lines_quoted_with_no_epp_command_or_answer_stay_a_quote(quoted):
    assert outcome(f"Hello,\n\n{quoted}\n\nJo\n") in (None, "none")
