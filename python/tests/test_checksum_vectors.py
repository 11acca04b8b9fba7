"""tests/vectors/checksum.json (made by Paytm's own Python library) through MerchantKey and
through the PaytmChecksum drop-in: every generated checksum reproduced, every verdict equal."""

import os

import pytest

from conftest import VECTORS, read
from paytm_checkout import MerchantKey, PaytmChecksum, signing_string

EXPECTED_CASES = 28
DATA = read(os.path.join(VECTORS, "checksum.json"))
CASES = DATA["cases"]


def test_case_count():
    assert len(CASES) == EXPECTED_CASES
    assert {c["kind"] for c in CASES} == {"string", "map"}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_merchant_key(case):
    with MerchantKey(case["key"]) as key:
        params = case["params"]
        if case["valid"]:
            assert key.sign(params, salt=case["salt"]) == case["checksum"]
        assert key.verify(params, case["checksum"]) is case["valid"]
        fresh = key.sign(params)
        assert key.verify(params, fresh)
        if case["kind"] == "map" and "joined" in case:
            assert signing_string(params) == case["joined"]
        if not case["valid"]:
            with pytest.raises(Exception) as e:
                key.check(params, case["checksum"])
            assert 2001 <= e.value.code < 3000


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_paytmchecksum_dropin(case):
    params, key = case["params"], case["key"]
    if isinstance(params, dict):
        before = dict(params)
        assert PaytmChecksum.verifySignature(params, key, case["checksum"]) is case["valid"]
        assert params == before, "the caller's dict is left as it was"
        # As Paytm's own generateSignature, ours signs a CHECKSUMHASH entry too: leave it out.
        unsigned = {k: v for k, v in params.items() if k != "CHECKSUMHASH"}
        if case["valid"]:
            joined = PaytmChecksum.getStringByParams(unsigned)
            assert PaytmChecksum.calculateChecksum(joined, key, case["salt"]) == case["checksum"]
        assert PaytmChecksum.verifySignature(params, key, PaytmChecksum.generateSignature(unsigned, key))
    else:
        assert PaytmChecksum.verifySignature(params, key, case["checksum"]) is case["valid"]
        assert PaytmChecksum.verifySignatureByString(params, key, case["checksum"]) is case["valid"]
        if case["valid"]:
            assert PaytmChecksum.calculateChecksum(params, key, case["salt"]) == case["checksum"]
        assert PaytmChecksum.verifySignature(params, key, PaytmChecksum.generateSignature(params, key))
        assert PaytmChecksum.verifySignatureByString(params, key, PaytmChecksum.generateSignatureByString(params, key))
