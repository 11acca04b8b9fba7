"""Errors and guarantees: every code's stable name; bad keys and bad input raise PaytmError
with a code (never a crash); no secret in any repr, str, message or pickle; objects closed by
context managers and garbage collection; one key shared by threads."""

import copy
import gc
import pickle
import threading
import weakref

import pytest

from conftest import in_threads
from paytm_checkout import (
    BoundaryError, Credentials, ErrorCode, InvalidArgumentType, InvalidInput, MerchantKey, PaytmError,
    ResponseError, SignatureError, build_request, card_info_encode, checksum_hash, doctor, error_message,
    error_name, explain, params_joined, parse_callback, parse_response, reconcile, signing_string,
)

KEY = "PmX#a0x4VpTXRzfK"


def test_every_code_name_is_the_librarys():
    assert len(ErrorCode) == 50
    for code in ErrorCode:
        assert error_name(code) == code.name, code
        assert error_message(code)
    assert error_name(7777) == "UNKNOWN" and error_name(-1) == "UNKNOWN"


@pytest.mark.parametrize("bad", ["", "short", "x" * 17, b"\x00" * 15, "k" * 33])
def test_bad_key_lengths(bad):
    with pytest.raises(InvalidInput) as e:
        MerchantKey(bad)
    assert e.value.code == 1001 and e.value.name == "INVALID_KEY_LENGTH"
    assert isinstance(e.value, ValueError)


def test_every_key_size_and_bytes_keys():
    for k in ("a" * 16, "b" * 24, b"c" * 32, bytearray(b"d" * 16)):
        with MerchantKey(k) as mk:
            assert mk.verify(b"body", mk.sign(b"body"))


@pytest.mark.parametrize("args,exc,code", [
    ((12345, "x"), InvalidArgumentType, 1027),
    ((None, "x"), InvalidArgumentType, 1027),
    (("\ud800", "x"), InvalidInput, 1004),
    (({"A": 1}, "x"), InvalidInput, 1003),
    (({"A": ["x"]}, "x"), InvalidInput, 1003),
])
def test_bad_params(args, exc, code):
    with MerchantKey(KEY) as mk:
        with pytest.raises(exc) as e:
            mk.sign(args[0])
        assert e.value.code == code


def test_bad_salt_and_checksums():
    with MerchantKey(KEY) as mk:
        with pytest.raises(InvalidInput) as e:
            mk.sign("x", salt="toolong")
        assert e.value.name == "INVALID_SALT"
        for bad, name in [("", "CHECKSUM_LENGTH"), ("!!!!", "CHECKSUM_ENCODING"), ("QUJD", "CHECKSUM_LENGTH")]:
            assert mk.verify("x", bad) is False
            with pytest.raises(SignatureError) as e:
                mk.check("x", bad)
            assert e.value.name == name, bad
        other = MerchantKey("0123456789abcdef").sign("x")
        with pytest.raises(SignatureError) as e:
            mk.check("x", other)
        assert e.value.code in (2001, 2004, 2005)
        assert mk.check("x", mk.sign("x")) is None
        report = mk.explain("x\n", mk.sign("x"))
        assert report["verdict"]["status"] == "mismatch" and report["causes"]
        assert explain(KEY, "x", mk.sign("x"))["verdict"]["status"] == "valid"
        assert mk.decrypt(mk.encrypt("hello ₹")) == "hello ₹"


def test_hostile_response_inputs():
    with MerchantKey(KEY) as mk:
        for body, name in [
            (b"", "RESPONSE_NOT_JSON"), (b"\xff\xfe", "RESPONSE_NOT_JSON"), (b"{", "RESPONSE_NOT_JSON"),
            (b"[]", "RESPONSE_MALFORMED"), (b"x" * (1 << 20 + 1), "INPUT_TOO_LARGE"),
        ]:
            with pytest.raises(PaytmError) as e:
                parse_response("transaction_status", 200, body, mk)
            assert e.value.name == name, body[:10]
        with pytest.raises(ResponseError) as e:
            parse_response("nope", 200, b"{}", mk)
        assert e.value.name == "UNKNOWN_API"
        with pytest.raises(PaytmError) as e:
            parse_response("transaction_status", 70000, b"{}", mk)
        assert e.value.name == "RESPONSE_HTTP_STATUS"
        with pytest.raises(InvalidArgumentType):
            parse_response("transaction_status", "200", b"{}", mk)
        with pytest.raises(InvalidArgumentType):
            parse_response("transaction_status", 200, 5, mk)
        with pytest.raises(PaytmError) as e:
            parse_callback(b"ORDERID=O1&STATUS=TXN_SUCCESS", mk)
        assert e.value.name == "SIGNATURE_MISSING"
        with pytest.raises(PaytmError) as e:
            parse_callback(b"ORDERID=O1", None)
        assert e.value.name in ("INVALID_CREDENTIALS", "SIGNATURE_MISSING")
        with pytest.raises(PaytmError) as e:
            reconcile({"orderId": "O1"}, {"state": "success", "verification": "verified"})
        assert e.value.name == "MISSING_FIELD"


def test_card_data_and_secrets_never_in_messages():
    with pytest.raises(PaytmError) as e:
        card_info_encode({"type": "new", "cardNumber": "4111111111111112", "cvv": "123", "expiry": "122032"})
    assert e.value.name == "INVALID_CARD_NUMBER" and "4111111111111112" not in str(e.value)
    assert card_info_encode({"type": "new", "cardNumber": "4111111111111111", "cvv": "123", "expiry": "122032"}).startswith("|4111111111111111|")
    with pytest.raises(PaytmError) as e:
        Credentials(client_secret="has space secret")
    assert e.value.name == "INVALID_CREDENTIALS" and "space secret" not in str(e.value)
    report = doctor({"environment": "staging", "merchantKey": "tooshort-secret", "clientSecret": "client-secret-xyz"})
    assert not report.clean and report.findings
    assert "tooshort-secret" not in repr(report) + repr(report.raw)
    assert "client-secret-xyz" not in repr(report.raw)
    with pytest.raises(PaytmError) as e:
        doctor({"nope": 1})
    assert e.value.name in ("INVALID_FIELD", "MISSING_FIELD")


def test_reprs_and_pickles_hold_no_secret():
    mk = MerchantKey(KEY)
    creds = Credentials(mk, "client-1", "client-secret-1")
    for obj in (mk, creds):
        for text in (repr(obj), str(obj), "%s" % obj):
            assert KEY not in text and "client-secret-1" not in text
        with pytest.raises(TypeError):
            pickle.dumps(obj)
        with pytest.raises(TypeError):
            copy.copy(obj)
        with pytest.raises(TypeError):
            copy.deepcopy(obj)
    assert "client_secret" in repr(creds)
    e = pickle.loads(pickle.dumps(PaytmError(2001, "CHECKSUM_MISMATCH", "m")))
    assert (e.code, e.name) == (2001, "CHECKSUM_MISMATCH")
    creds.close()
    mk.close()
    assert "closed" in repr(mk) and "closed" in repr(creds)


def test_closed_objects_raise_instead_of_crashing():
    mk = MerchantKey(KEY)
    creds = Credentials(mk)
    mk.close()
    mk.close()
    with pytest.raises(BoundaryError) as e:
        mk.sign("x")
    assert e.value.name == "INVALID_HANDLE"
    # The credentials kept their own copy of the key.
    assert build_request("transaction_status", {"mid": "INTEGR7769XXXXXX9383", "orderId": "O1"}, creds, "staging").method == "POST"
    creds.close()
    with pytest.raises(BoundaryError):
        build_request("transaction_status", {"mid": "INTEGR7769XXXXXX9383", "orderId": "O1"}, creds, "staging")


def test_garbage_collection_frees_handles():
    freed = []
    mk = MerchantKey(KEY)
    handle = mk._h
    weakref.finalize(mk, freed.append, True)
    del mk
    gc.collect()
    assert freed == [True] and handle.closed


def test_map_helpers():
    m = {"B": "2", "A": "1", "C": None, "D": "NuLL", "CHECKSUMHASH": "h"}
    # Sorted by name: A B C CHECKSUMHASH D; None and "null" (any case) are empty.
    assert signing_string(m) == "1|2||"
    assert params_joined(m) == "1|2||h|"
    assert checksum_hash("x", "abcd").endswith("abcd") and len(checksum_hash("x", "abcd")) == 68


def test_one_key_from_many_threads_and_closed_under_load():
    mk = MerchantKey(KEY)
    results = []
    body = '{"mid":"M1","orderId":"O1"}'

    def work():
        n = 0
        for i in range(300):
            sig = mk.sign(body)
            n += mk.verify(body, sig) and not mk.verify(body + " ", sig)
        results.append(n)

    errors = in_threads(work, 8)
    assert not errors and results == [300] * 8

    # close() while other threads sign: each call either completes or raises INVALID_HANDLE.
    outcomes = []

    def race():
        for _ in range(2000):
            try:
                mk.verify(body, mk.sign(body))
                outcomes.append("ok")
            except BoundaryError as e:
                outcomes.append(e.name)
                return

    threads = [threading.Thread(target=race) for _ in range(4)]
    for t in threads:
        t.start()
    mk.close()
    for t in threads:
        t.join()
    assert set(outcomes) <= {"ok", "INVALID_HANDLE"}
