#!/usr/bin/env python3
"""A Python SDK parsing Paytm responses and reconciling orders through libpaytm_checkout (ctypes).

    ~/.cache/paytm-checkout/venv/bin/python tests/interop/python_ctypes_responses.py \
        --lib target/release/libpaytm_checkout.so

`PaytmResponses` below is the receiving half of an SDK on top of the C library: a merchant key
handle, `parse(api, status, body)`, `parse_callback(body)` and `reconcile(order, transaction)`
returning dicts, errors raised as exceptions carrying the code's stable name.

Checks:
  - every fixture of tests/vectors/responses/ parses to exactly its expected.json (the parsed
    object, or the error's name); the count is asserted;
  - every parsed payment's `transaction` reconciles: fulfil / wait / do_not_fulfil as Paytm's rule
    says, and another amount or order id is refused;
  - a Process Transaction response and a callback signed just now by Paytm's own `paytmchecksum`
    (PyPI, random salt) verify through the library and reconcile to fulfil; a tampered amount is
    refused with CHECKSUM_MISMATCH;
  - result codes: classify and lookup.
Prints `python-ctypes-responses: N passed, 0 failed`.
"""
import ctypes
import json
import os
import sys
from urllib.parse import urlencode

from paytmchecksum import PaytmChecksum as paytm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_ctypes_requests import PTM_OK, Library, _b  # noqa: E402
from vectors import Tally, cases, lib_path, with_callback_transaction  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED_CASES = 148
KEY = "PmX#a0x4VpTXRzfK"


class PaytmError(Exception):
    def __init__(self, name, detail):
        super().__init__("%s: %s" % (name, detail))
        self.name = name
        self.detail = detail


class PaytmResponses:
    """The SDK's receiving half: a key handle (or none) and the parsers."""

    def __init__(self, lib, merchant_key=None):
        self.lib = lib
        L = lib.lib
        P, S, V, U = ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_uint
        out = ctypes.POINTER(ctypes.c_void_p)
        for name, args in {
            "ptm_response_parse": [P, S, U, P, S, V, P, S, out],
            "ptm_callback_parse": [P, S, V, P, S, out],
            "ptm_reconcile": [P, S, P, S, out],
            "ptm_response_api_names": [out],
            "ptm_result_code_classify": [P, S, P, S, P, S, ctypes.POINTER(ctypes.c_int)],
            "ptm_result_code_lookup": [P, S, P, S, out],
        }.items():
            getattr(L, name).argtypes = args
            getattr(L, name).restype = U
        L.ptm_result_name.argtypes = [U]
        L.ptm_result_name.restype = P
        self.key = ctypes.c_void_p()
        if merchant_key is not None:
            k = _b(merchant_key)
            if L.ptm_merchant_key_new(k, len(k), ctypes.byref(self.key)) != PTM_OK:
                raise ValueError("bad key")

    def close(self):
        if self.key:
            self.lib.lib.ptm_merchant_key_free(self.key)
            self.key = ctypes.c_void_p()

    def _call(self, fn, *args):
        out = ctypes.c_void_p()
        rc = getattr(self.lib.lib, fn)(*args, ctypes.byref(out))
        if rc != PTM_OK:
            e = self.lib.error(rc)
            raise PaytmError(self.lib.lib.ptm_result_name(rc).decode(), e.detail)
        try:
            return json.loads(ctypes.string_at(out.value).decode("utf-8"))
        finally:
            self.lib.lib.ptm_string_free(out)

    def parse(self, api, status, body, options=None):
        api, opts = _b(api), _b(json.dumps(options or {}))
        return self._call("ptm_response_parse", api, len(api), status, body, len(body), self.key, opts, len(opts))

    def parse_callback(self, body, options=None):
        opts = _b(json.dumps(options or {}))
        return self._call("ptm_callback_parse", body, len(body), self.key, opts, len(opts))

    def reconcile(self, order, transaction):
        o, t = _b(json.dumps(order)), _b(json.dumps(transaction))
        return self._call("ptm_reconcile", o, len(o), t, len(t))


def canonical(v):
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def main():
    lib = Library(lib_path(__doc__))
    tally = Tally("python-ctypes-responses")
    check = tally.check

    keyed, keyless = PaytmResponses(lib, KEY), PaytmResponses(lib)
    names = keyed._call("ptm_response_api_names")
    ran = verdicts = 0
    for name, _, files in cases("responses", "case.json", "expected.json", "response.bin"):
        case, expected, body = files["case.json"], files["expected.json"], files["response.bin"]
        with_callback_transaction(case, expected)
        sdk = keyed if case["key"] == "test" else keyless
        try:
            if case["api"] == "callback":
                got = {"ok": sdk.parse_callback(body, case["options"])}
            else:
                check(name + ": api listed", case["api"] in names)
                got = {"ok": sdk.parse(case["api"], case["httpStatus"], body, case["options"])}
        except PaytmError as e:
            got = {"error": e.name}
            check(name + ": error has a message", e.detail != "")
        check(name + ": matches expected.json", canonical(got) == canonical(expected))
        txn = got.get("ok", {}).get("transaction")
        if txn and "orderId" in txn and "amount" in txn:
            order = {"orderId": txn["orderId"], "amount": txn["amount"]}
            v = keyed.reconcile(order, txn)["verdict"]
            want = {"success": "fulfil", "settled": "fulfil", "pending": "wait", "unknown": "wait"}.get(txn["state"], "do_not_fulfil")
            if want == "fulfil" and txn["verification"] != "verified":
                want = "do_not_fulfil"
            check(name + ": reconcile " + want, v == want)
            if txn["state"] in ("success", "settled"):
                more = dict(order, amount="%.2f" % (float(txn["amount"]) + 1))
                check(name + ": other amount refused", keyed.reconcile(more, txn) == {"verdict": "do_not_fulfil", "reason": "amount"})
            other = dict(order, orderId=txn["orderId"] + "9")
            check(name + ": other order refused", keyed.reconcile(other, txn) == {"verdict": "do_not_fulfil", "reason": "order_id"})
            verdicts += 1
        ran += 1
    check("fixture count", ran == EXPECTED_CASES)
    check("reconciled transactions", verdicts >= 10)

    # A Process Transaction response whose txnInfo Paytm's own library signed just now.
    txn_info = {"MID": "INTEGR7769XXXXXX9383", "TXNID": "20260101111212800110168470101509706",
                "ORDERID": "ORDER_PY_1", "BANKTXNID": "777001", "TXNAMOUNT": "12.50", "CURRENCY": "INR",
                "STATUS": "TXN_SUCCESS", "RESPCODE": "01", "RESPMSG": "Txn Success",
                "TXNDATE": "2026-01-01 11:12:13.0", "GATEWAYNAME": "WALLET", "BANKNAME": "WALLET",
                "PAYMENTMODE": "PPI"}
    signed = dict(txn_info, CHECKSUMHASH=paytm.generateSignature(dict(txn_info), KEY))
    response = {"head": {"responseTimestamp": "1767265933", "version": "v1"},
                "body": {"resultInfo": {"resultStatus": "S", "resultCode": "0000", "resultMsg": "Success"},
                         "txnInfo": signed}}
    raw = _b(json.dumps(response))
    parsed = keyed.parse("process_transaction", 200, raw)
    check("process: verified", parsed["verification"] == "verified" and parsed["class"] == "success")
    check("process: transaction", parsed["transaction"]["orderId"] == "ORDER_PY_1" and parsed["transaction"]["amount"] == "12.50")
    check("process: fulfil", keyed.reconcile({"orderId": "ORDER_PY_1", "amount": "12.5"}, parsed["transaction"]) == {"verdict": "fulfil"})
    try:
        keyed.parse("process_transaction", 200, raw.replace(b'"12.50"', b'"1250"'))
        check("process: tampered amount refused", False)
    except PaytmError as e:
        check("process: tampered amount refused", e.name == "CHECKSUM_MISMATCH")

    # A browser callback signed by paytmchecksum, form-encoded as Paytm posts it.
    cb = dict(txn_info, ORDERID="ORDER_PY_2")
    form = _b(urlencode(dict(cb, CHECKSUMHASH=paytm.generateSignature(dict(cb), KEY))))
    got = keyed.parse_callback(form)
    check("callback: verified", got["verification"] == "verified" and got["txn"]["orderId"] == "ORDER_PY_2")
    check("callback: fulfil", keyed.reconcile({"orderId": "ORDER_PY_2", "amount": "12.50"}, got["transaction"]) == {"verdict": "fulfil"})
    try:
        keyed.parse_callback(form.replace(b"TXN_SUCCESS", b"TXN_FAILURE"))
        check("callback: tampered refused", False)
    except PaytmError as e:
        check("callback: tampered refused", e.name == "CHECKSUM_MISMATCH")
    try:
        keyed.reconcile({"orderId": "O|SECRET", "amount": "1"}, parsed["transaction"])
        check("reconcile: bad order id raises", False)
    except PaytmError as e:
        check("reconcile: bad order id", e.name == "INVALID_ORDER_ID" and "SECRET" not in e.detail)

    # Result codes.
    cls = ctypes.c_int(-1)
    L = lib.lib
    rc = L.ptm_result_code_classify(b"process", 7, b"501", 3, b"F", 1, ctypes.byref(cls))
    check("classify: 501 is pending", rc == PTM_OK and cls.value == 3)
    entry = keyed._call("ptm_result_code_lookup", b"initiate", 8, b"2005", 4)
    check("lookup: 2005", entry["class"] == "merchant_configuration")

    keyed.close()
    keyless.close()
    tally.finish("%d fixtures" % ran)


if __name__ == "__main__":
    main()
