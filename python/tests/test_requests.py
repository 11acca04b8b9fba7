"""Every golden request of tests/vectors/requests/ reproduced byte for byte through
build_request; with a random salt, Paytm's own library verifies the signature over the body's
exact bytes; curl lines and reprs never show a secret."""

import json
import os

import pytest
from paytmchecksum import PaytmChecksum as paytm

from conftest import VECTORS, case_dirs, read
from paytm_checkout import Credentials, PaytmError, api_names, build_curl, build_request
from vectors import member_text

EXPECTED_CASES = 58
NAMES = case_dirs("requests")


def load(name):
    d = os.path.join(VECTORS, "requests", name)
    return read(os.path.join(d, "input.json")), read(os.path.join(d, "request.json"))


def test_case_count():
    assert len(NAMES) == EXPECTED_CASES


@pytest.mark.parametrize("name", NAMES)
def test_golden_request(name):
    inp, expected = load(name)
    creds = inp.get("credentials") or None
    assert inp["api"] in api_names()
    req = build_request(inp["api"], inp["params"], creds, inp["environment"], inp.get("salt"))
    assert req.raw == expected
    assert (req.method, req.url, req.body) == (expected["method"], expected["url"], expected["body"])
    assert [list(h) for h in req.headers] == expected["headers"]
    assert req.content_type == expected["contentType"]
    # The same through a Credentials object, and with params given as JSON text.
    with Credentials.of(creds) if creds else Credentials() as c:
        again = build_request(inp["api"], json.dumps(inp["params"]), c, inp["environment"], inp.get("salt"))
    assert again.raw == expected
    secrets = [v for v in (creds or {}).values()]
    for text in (repr(req), str(req)):
        for s in secrets:
            assert s not in text
    key = (creds or {}).get("merchantKey")
    if key and req.content_type == "application/json" and '"signature"' in req.body:
        fresh = build_request(inp["api"], inp["params"], creds, inp["environment"])
        body = member_text(fresh.body, "body")
        sig = json.loads(member_text(fresh.body, "head"))["signature"]
        assert paytm.verifySignature(body, key, sig)
        assert not paytm.verifySignature(body + " ", key, sig)
    secret = (creds or {}).get("clientSecret")
    if secret:
        assert secret not in build_curl(inp["api"], inp["params"], creds, inp["environment"])


def test_card_data_never_in_a_repr():
    inp, _ = load("process_credit_card_new")
    req = build_request(inp["api"], inp["params"], None, inp["environment"])
    number = inp["params"]["cardInfo"]["cardNumber"]
    assert number in req.body  # it is sent ...
    assert number not in repr(req)  # ... never shown


def test_bad_request_input_names_the_member_not_the_value():
    with pytest.raises(PaytmError) as e:
        build_request("initiate_transaction", {"mid": "INTEGR7769XXXXXX9383", "orderId": "O|SECRET"}, "PmX#a0x4VpTXRzfK", "staging")
    assert e.value.code in (1007, 1021)
    assert "SECRET" not in str(e.value) and e.value.message
    with pytest.raises(PaytmError) as e:
        build_request("no_such_api", {}, None, "staging")
    assert e.value.name in ("INVALID_FIELD", "UNKNOWN_API")
    with pytest.raises(PaytmError) as e:
        build_request("initiate_transaction", "{", None, "staging")
    assert e.value.name == "INVALID_PARAMS"
    with pytest.raises(PaytmError) as e:
        build_request("initiate_transaction", {}, None, {"custom": 5})
    assert e.value.name == "INVALID_ARGUMENT"
