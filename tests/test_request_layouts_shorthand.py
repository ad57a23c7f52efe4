"""Tests for mailbot.parse.change_request's reading of the shorthand registrars' engineers write: a table aligned with
spaces under a rule of dashes; read exactly, or asked about where the words leave the change open."""

import pytest

from tests.support.reading import outcome

NEW = {"ns1.new.example", "ns2.new.example"}


# --- a table aligned with spaces under a rule of dashes -----------------------------------------------------------

def test_cells_two_spaces_apart_under_a_rule_of_dashes_are_two_cells():
    body = ("Good afternoon,\n\nDelegation of hmrc.gov.uk:\n\n"
            "Current NS       Replacement NS\n"
            "---------------  ---------------\n"
            "ns1.old.example  ns1.new.example\n"
            "ns2.old.example  NS2.NEW.EXAMPLE\n\nKind regards\n")
    assert outcome(body) == NEW


def test_a_ruled_table_with_a_blank_cell_adds_or_removes():
    body = ("hmrc.gov.uk\n\n"
            "Before           After\n"
            "---------------  ---------------\n"
            "ns1.old.example  ns1.new.example\n"
            "ns2.old.example  ns2.new.example\n"
            "                 ns3.new.example\n")
    assert outcome(body) == NEW | {"ns3.new.example"}


def test_a_ruled_table_with_a_domain_column_and_a_last_cell_blank():
    body = ("Domain        Existing          Proposed\n"
            "------------  ----------------  ---------------\n"
            "hmrc.gov.uk   ns1.old.example   ns1.new.example\n"
            "              ns2.old.example   ns2.new.example\n"
            "              ns3.old.example\n")
    assert outcome(body, current=("ns1.old.example", "ns2.old.example", "ns3.old.example")) == NEW


def test_a_ruled_action_table_reads_its_action_column():
    body = ("Hi,\n\nPlease make these changes:\n\n"
            "Zone         Op   Host\n"
            "-----------  ---  ---------------\n"
            "hmrc.gov.uk  out  ns2.old.example\n"
            "hmrc.gov.uk  in   ns3.new.example\n")
    assert outcome(body) == {"ns1.old.example", "ns3.new.example"}


def test_a_row_whose_words_cross_the_rules_gap_is_not_split_by_guessing():
    # "ns1.old.example ns1.new.example" runs across the gap the rule leaves: where one cell ends, the rule does not say.
    body = ("hmrc.gov.uk\n\n"
            "Old              New\n"
            "---------------  ---------------\n"
            "ns1.old.example ns1.new.example\n"
            "ns2.old.example  ns2.new.example\n")
    assert outcome(body) is None


# --- "actual" as current: a false friend of Spanish, Polish and Czech ---------------------------------------------

def test_actual_as_a_label_is_what_the_domain_has_now():
    body = ("Buenos días,\n\nhmrc.gov.uk\n\nActual name servers:\n* ns1.old.example\n* ns2.old.example\n\n"
            "New name servers:\n* ns1.new.example\n* ns2.new.example\n\nSaludos\n")
    assert outcome(body) == NEW


def test_actual_in_a_sentence_beside_the_new_ones():
    body = ("Hello, for the domain hmrc.gov.uk the actual DNS are ns1.old.example and ns2.old.example, and the new DNS "
            "are ns1.new.example and ns2.new.example.\n")
    assert outcome(body) == NEW


def test_actual_as_a_column_heading():
    body = "hmrc.gov.uk:\n\n| Actual | New |\n|---|---|\n| ns1.old.example | ns1.new.example |\n" \
           "| ns2.old.example | ns2.new.example |\n"
    assert outcome(body) == NEW


def test_actual_servers_with_nothing_new_are_asked_about():
    # The servers the domain has now, or the ones it really should have: with no new set beside them, not a thing to
    # guess.
    body = "Hi,\n\nActual nameservers of hmrc.gov.uk:\nns1.new.example\nns2.new.example\n\nThanks\n"
    assert outcome(body) is None


def test_actually_is_no_role():
    body = "Actually, please point hmrc.gov.uk at ns1.new.example and ns2.new.example.\n"
    assert outcome(body) == NEW


# --- sed's substitution, a server "out" or "in" -------------------------------------------------------------------

CURRENT3 = ("ns1.old.example", "ns2.old.example", "ns3.old.example")


def test_a_sed_substitution_replaces_one_server_with_another():
    body = "Hi team,\n\nhmrc.gov.uk delegation: s/ns3.old.example/ns4.new.example/ please, the others stay.\n"
    assert outcome(body, current=CURRENT3) == {"ns1.old.example", "ns2.old.example", "ns4.new.example"}


def test_sed_substitutions_one_after_another():
    body = "Zone hmrc.gov.uk - s/ns1.old.example/ns1.new.example./g; s/ns2.old.example/ns2.new.example/g\n"
    assert outcome(body, current=CURRENT3) == {"ns1.new.example", "ns2.new.example", "ns3.old.example"}


def test_a_sed_substitution_restated_as_out_and_in():
    body = ("For hmrc.gov.uk: s/ns2.old.example/ns4.new.example/ (that is, ns2.old.example out and ns4.new.example "
            "in; nothing else changes)\n")
    assert outcome(body, current=CURRENT3) == {"ns1.old.example", "ns3.old.example", "ns4.new.example"}


def test_a_replacement_restated_as_out_and_in_keeps_nothing_it_takes_out():
    # The restatement's "ns2.old.example out" came after "with", and was read as a value both going and coming in: kept.
    body = "hmrc.gov.uk: replace ns2.old.example with ns4.new.example (ns2.old.example out, ns4.new.example in).\n"
    assert outcome(body, current=CURRENT3) == {"ns1.old.example", "ns3.old.example", "ns4.new.example"}


def test_a_sed_substitution_of_a_pattern_is_asked_about():
    # "ns2.*" is a pattern, not a server: which servers it matches is not a thing to guess.
    body = "For hmrc.gov.uk: s/ns2.*/ns4.new.example/ please.\n"
    assert outcome(body, current=CURRENT3) is None


def test_a_server_left_in_is_not_added():
    body = "hmrc.gov.uk: please leave ns1.old.example in, and replace ns2.old.example with ns4.new.example.\n"
    assert outcome(body, current=CURRENT3) == {"ns1.old.example", "ns3.old.example", "ns4.new.example"}


# --- arrows in turn, and what "the rest" keeps --------------------------------------------------------------------

def test_arrows_in_turn_on_one_line():
    body = "hmrc.gov.uk: ns1.old.example => ns1.new.example, ns2.old.example => ns2.new.example\n"
    assert outcome(body, current=CURRENT3) == NEW | {"ns3.old.example"}


def test_the_rest_staying_keeps_no_value_named():
    body = "Please swap ns3.old.example → ns4.new.example on hmrc.gov.uk (all other name servers unchanged).\n"
    assert outcome(body, current=CURRENT3) == {"ns1.old.example", "ns2.old.example", "ns4.new.example"}


def test_a_value_said_to_stay_still_stays():
    body = "hmrc.gov.uk: swap ns3.old.example for ns4.new.example; ns1.old.example and ns2.old.example stay.\n"
    assert outcome(body, current=CURRENT3) == {"ns1.old.example", "ns2.old.example", "ns4.new.example"}


# --- "was:" and "now:" --------------------------------------------------------------------------------------------

def test_was_and_now_labels_are_a_change_written_as_its_diff():
    body = "hmrc.gov.uk\n\nwas:\n  ns1.old.example\n  ns2.old.example\nnow:\n  ns1.new.example\n  ns2.new.example\n"
    assert outcome(body) == NEW


def test_now_alone_is_what_the_domain_has():
    body = "hmrc.gov.uk\n\nNow:\n  ns1.new.example\n  ns2.new.example\n"
    assert outcome(body) is None


# --- a company's legal notice, a serial number's column -----------------------------------------------------------

def test_a_legal_notices_abbreviations_are_no_values():
    body = ("Hello,\n\nPlease set the name servers of hmrc.gov.uk to ns1.new.example and ns2.new.example.\n\n"
            "Best regards\n\nMuster Hosting GmbH, z.Hd. Geschäftsführung, Amtsgericht München HRB 123456, "
            "USt-IdNr. DE123456789\n")
    assert outcome(body) == NEW


def test_a_ticket_number_beside_values_is_no_legal_notice():
    body = "Ticket No. 4455123: for hmrc.gov.uk please use ns1.new.example and ns2.new.example\n"
    assert outcome(body) == NEW


def test_a_serial_number_column_is_no_host():
    body = ("Domain: hmrc.gov.uk\n\n| Sl.No | Existing NS | Proposed NS |\n|---|---|---|\n"
            "| 1 | ns1.old.example | ns1.new.example |\n| 2 | ns2.old.example | ns2.new.example |\n")
    assert outcome(body) == NEW


# --- "change A on B", "update the name servers as A and B", a console's "(Modified)" ------------------------------

def test_change_a_server_on_another_replaces_it():
    # Polish and Czech say "zmienić A na B", "změnit A na B": "on" is "to".
    body = ("Hello,\n\nFor hmrc.gov.uk please change server ns3.old.example on ns4.new.example and server "
            "ns1.old.example on ns1.new.example. The other servers stay.\n")
    assert outcome(body, current=CURRENT3) == {"ns1.new.example", "ns2.old.example", "ns4.new.example"}


@pytest.mark.parametrize("said", [
    "please replace ns3.old.example with ns4.new.example and change ns1.old.example for ns1.new.example",
    "could you change ns3.old.example for ns4.new.example, and ns1.old.example for ns1.new.example? The rest stay",
])
def test_change_a_server_for_another_replaces_it(said):
    # British English swaps one thing for another: "change A for B" is "change A to B".
    body = f"Hello,\n\nFor hmrc.gov.uk {said}.\n"
    assert outcome(body, current=CURRENT3) == {"ns1.new.example", "ns2.old.example", "ns4.new.example"}


def test_change_a_server_for_a_domain_is_no_replacement():
    # "for hmrc.gov.uk" names whose servers, not what replaces it: asked about.
    assert outcome("Hello,\n\nPlease change ns3.old.example for hmrc.gov.uk.\n", current=CURRENT3) is None


def test_change_a_server_on_a_domain_is_no_replacement():
    # "on hmrc.gov.uk" names where, not what replaces it: with nothing said of what comes in, asked about.
    body = "Hello,\n\nPlease change server ns3.old.example on hmrc.gov.uk.\n"
    assert outcome(body, current=CURRENT3) is None


def test_replace_server_a_with_b_and_server_c_with_d():
    # The second pair's "server" was read as words between the first pair's new value and the second's old one, and the
    # old one came in.
    body = "For hmrc.gov.uk please replace server ns3.old.example with ns4.new.example and server ns1.old.example " \
           "with ns1.new.example.\n"
    assert outcome(body, current=CURRENT3) == {"ns1.new.example", "ns2.old.example", "ns4.new.example"}


def test_update_the_name_servers_as_the_new_ones():
    body = "Dear Sir,\n\nKindly update the nameservers of hmrc.gov.uk as ns1.new.example & ns2.new.example. Thanks\n"
    assert outcome(body) == NEW


def test_a_server_set_as_a_rank_is_still_ranked():
    body = "Please set ns2.new.example as the secondary and ns1.new.example as the primary NS of hmrc.gov.uk.\n"
    assert outcome(body) == NEW


def test_a_consoles_modified_label_is_the_new_set():
    body = "Domain : hmrc.gov.uk\nNameservers (Existing) : ns1.old.example, ns2.old.example\n" \
           "Nameservers (Modified) : ns1.new.example, ns2.new.example\n"
    assert outcome(body) == NEW


def test_modified_in_a_sentence_says_what_was_done():
    body = "Hi, we modified the zone of hmrc.gov.uk on ns1.new.example and ns2.new.example this morning.\n"
    assert outcome(body) is None


# --- a sentence leading on with a colon, cut by the mail client ---------------------------------------------------

def test_a_sentence_cut_after_its_colon_goes_on_past_the_values():
    body = ("Good day,\n\nWe kindly ask you to change the delegation of the domain hmrc.gov.uk to:\n"
            "ns1.new.example, ns2.new.example. The present name servers (ns1.old.example\n"
            "and ns2.old.example) are to be removed.\n\nRegards\n")
    assert outcome(body) == NEW


def test_a_server_said_to_be_out_after_its_replacement_is_asked_about():
    # "ns2.old.example is out" after "with": read as coming in and going, the server was kept.
    body = "hmrc.gov.uk: replace ns2.old.example with ns4.new.example, so ns2.old.example is out and " \
           "ns4.new.example in.\n"
    assert outcome(body, current=CURRENT3) is None


def test_out_and_in_with_an_invisible_character_before_them():
    body = "hmrc.gov.uk: replace ns2.old.example with ns4.new.example (ns2.old.example\u200b out, " \
           "ns4.new.example\u200b in)\n"
    assert outcome(body, current=CURRENT3) == {"ns1.old.example", "ns3.old.example", "ns4.new.example"}


# --- a unified diff of a configuration ----------------------------------------------------------------------------

def test_a_git_diff_of_a_config_is_read_by_its_first_column():
    body = ("Hi,\n\nThe change for hmrc.gov.uk, from our repository:\n\n"
            "diff --git a/dns/hmrc-gov.tf b/dns/hmrc-gov.tf\nindex 1a2b3c4..5d6e7f8 100644\n"
            "--- a/dns/hmrc-gov.tf\n+++ b/dns/hmrc-gov.tf\n@@ -2,6 +2,6 @@\n"
            ' zone "hmrc.gov.uk" {\n   ns = [\n     "ns1.old.example",\n-    "ns3.old.example",\n'
            '+    "ns4.new.example",\n     "ns2.old.example",\n   ]\n }\n\nThanks\n')
    assert outcome(body, current=CURRENT3) == {"ns1.old.example", "ns2.old.example", "ns4.new.example"}


def test_a_diff_of_a_yaml_list_keeps_its_indented_items():
    # An item indented in the diff's first column is context: it stays, whatever its own "-" says in YAML.
    body = ("hmrc.gov.uk delegation:\n\n--- a/zones.yml\n+++ b/zones.yml\n@@ -1,4 +1,4 @@\n hmrc.gov.uk:\n"
            "   - ns1.old.example\n-  - ns3.old.example\n+  - ns4.new.example\n   - ns2.old.example\n")
    assert outcome(body, current=CURRENT3) == {"ns1.old.example", "ns2.old.example", "ns4.new.example"}


# --- words the mail glosses ---------------------------------------------------------------------------------------

def test_words_the_mail_glosses_are_read_as_their_gloss_in_its_attachment():
    body = "Buenos días,\n\nAdjunto el fichero con los cambios (añadir = add, eliminar = remove).\n\nSaludos\n"
    rows = "dominio;operación;servidor\nhmrc.gov.uk;eliminar;ns2.old.example\nhmrc.gov.uk;añadir;ns3.new.example\n"
    assert outcome(body, attached=[rows]) == {"ns1.old.example", "ns3.new.example"}


def test_a_word_not_glossed_is_still_asked_about():
    body = "Buenos días,\n\nAdjunto el fichero con los cambios (añadir = add).\n\nSaludos\n"
    rows = "dominio;operación;servidor\nhmrc.gov.uk;quitar;ns2.old.example\nhmrc.gov.uk;añadir;ns3.new.example\n"
    assert outcome(body, attached=[rows]) is None


def test_a_columns_word_is_no_gloss():
    # "action = add" says what one row does, not what the word "action" means elsewhere.
    body = "Hi,\n\nRows below (action = add, action = remove)\n\nhmrc.gov.uk | action | ns3.new.example\n"
    assert outcome(body) is None


def test_a_value_named_with_the_rest_stays_and_must_be_there():
    # "ns5.old.example and the rest unchanged": ns5 stays, so the domain must have it; it has not: asked about.
    body = "hmrc.gov.uk: replace ns3.old.example with ns4.new.example, ns5.old.example and the rest unchanged.\n"
    assert outcome(body, current=CURRENT3) is None
    body = body.replace("ns5.old.example", "ns1.old.example")
    assert outcome(body, current=CURRENT3) == {"ns1.old.example", "ns2.old.example", "ns4.new.example"}
