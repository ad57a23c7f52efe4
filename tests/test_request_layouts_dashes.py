"""A DS record's fields labelled with a dash instead of a colon ("Key tag - 33632", "Digest type – SHA-256"), as
registrars' consoles and hand-written forms give them: read by their labels as "Key tag: 33632" is. A field whose
words do not fit the others (a digest of another type's length, a name and a number that disagree) still gives no
record, and the domain is asked about."""

import pytest

from tests.support.reading import outcome

DIGEST = "6A1F0C9E2B8D4F7A3C5E9B1D0F2A4C6E8B0D2F4A6C8E0B2D4F6A8C0E2B4D6F8A"
RECORD = f"40312 13 2 {DIGEST}"
OLD_DS = ("11111 13 2 " + "A" * 64,)


@pytest.mark.parametrize("fields", [
    f"Key Tag - 40312\nAlgorithm - 13 (ECDSAP256SHA256)\nDigest Type - 2\nDigest - {DIGEST.lower()}",
    f"Key tag \u2013 40312\nSigning algorithm \u2013 ECDSAP256SHA256\nDigest type \u2013 SHA-256\n"
    f"Digest \u2013 {DIGEST}\nFlags \u2013 257",
])
def test_ds_fields_labelled_with_a_dash_are_read_as_labelled_with_a_colon(fields):
    body = f"Hello,\n\nPlease replace the DS record of hmrc.gov.uk with this one:\n\n{fields}\n\nThanks,\nJo\n"
    assert outcome(body, current=OLD_DS, field="ds") == {RECORD}


@pytest.mark.parametrize("fields", [
    f"Key tag - 40312\nAlgorithm - 13\nDigest type - SHA-384\nDigest - {DIGEST}",  # 64 digits are no SHA-384 digest
    f"Key tag - 40312\nAlgorithm - 13 (RSASHA256)\nDigest type - 2\nDigest - {DIGEST}",  # 13 is not RSASHA256
])
def test_ds_fields_labelled_with_a_dash_that_do_not_fit_together_are_asked_about(fields):
    body = f"Hello,\n\nPlease replace the DS record of hmrc.gov.uk with this one:\n\n{fields}\n\nThanks,\nJo\n"
    assert outcome(body, current=OLD_DS, field="ds") is None
