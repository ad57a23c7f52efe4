"""Parse: what a registrar's change request asks of each domain (reader.extract_change), and the records that come of
it against the current ones (resolve.resolve). In the order a request is read:

    reader.py       the entry point: the words read, each way of reading them run, the doubts applied
    forwards.py     the sender's own words, and a request they forward or quote to be acted on
    noise.py        links, lookup commands and undo plans: no part of a request
    simple_form.py  `Name: value` lines          prose.py    sentences asking for a change
    layouts.py      the role of each value, a line at a time, through
        lines.py (the lines made ready; epp.py), domains.py (several domains), tables.py and rows.py (tables),
        labels.py and said.py (what a line says of the values under it or given elsewhere), sentences.py and
        clauses.py (roles within a sentence or a cell), line_values.py (the values of a line), found.py (what was
        read of a field, as an Ask), roles.py (the words of each role), not_now.py (the clauses of what is not to be
        done now, whose words ask nothing)
    doubts.py       what makes a reading one to ask about
    asks.py         Ask and ChangeRequest: what the reader gives
    resolve.py      an Ask applied to the current records, or why not
    names.py, values.py, ds_records.py: host names, addresses, each field's values, DS records
"""
