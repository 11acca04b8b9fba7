#!/usr/bin/env python3
"""A Python SDK building Paytm requests through libpaytm_checkout (ctypes), checked end to end.

    ~/.cache/paytm-checkout/venv/bin/python tests/interop/python_ctypes_requests.py \
        --lib target/release/libpaytm_checkout.so

`PaytmClient` below is what an SDK in another language looks like on top of the C library: a
credentials handle, `build(api, params, environment, salt)` returning the request as a dict, and
errors raised as exceptions carrying the C code and the library's detailed message.

Checks:
  - every golden request of tests/vectors/requests/ is reproduced exactly (the count is asserted);
  - every signed JSON request verifies with Paytm's own `paytmchecksum` (PyPI) over the body's
    exact bytes, with a random salt (no fixed salt): the signature really covers what is sent;
  - a callback signed by Paytm's library verifies through the library, and `getStringByParams`
    agrees with ours (ptm_params_joined);
  - bad input raises with the right code and a message naming the member, never its value.
Prints `python-ctypes-requests: N passed, 0 failed`.
"""
import ctypes
import json
import os
import sys

from paytmchecksum import PaytmChecksum as paytm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vectors import VECTORS, Tally, cases, lib_path, member_text, read  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED_CASES = 58
PTM_OK = 0
PTM_MODE_MAP = 1


class PaytmError(Exception):
    def __init__(self, code, name, detail):
        super().__init__("%s (%d): %s" % (name, code, detail))
        self.code = code
        self.detail = detail


class Library:
    """ctypes declarations of include/paytm_checkout.h (the functions used here)."""

    def __init__(self, path):
        lib = ctypes.CDLL(path)
        P, S, V, U = ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_uint
        out = ctypes.POINTER(ctypes.c_void_p)
        sigs = {
            "ptm_credentials_new": [V, P, S, P, S, out],
            "ptm_request_build": [P, S, P, S, V, P, S, out],
            "ptm_request_build_curl": [P, S, P, S, V, P, S, out],
            "ptm_merchant_key_new": [P, S, out],
            "ptm_checksum_verify_map": [V, P, S, P, S, ctypes.POINTER(ctypes.c_bool)],
            "ptm_checksum_explain": [V, P, S, P, S, U, out],
            "ptm_params_joined": [P, S, out],
            "ptm_params_signing_string": [P, S, out],
            "ptm_last_error_message": [out],
            "ptm_api_names": [out],
        }
        for name, args in sigs.items():
            fn = getattr(lib, name)
            fn.argtypes = args
            fn.restype = U
        for name in ("ptm_credentials_free", "ptm_merchant_key_free", "ptm_string_free"):
            getattr(lib, name).argtypes = [V]
            getattr(lib, name).restype = None
        lib.ptm_result_message.argtypes = [U]
        lib.ptm_result_message.restype = P
        self.lib = lib

    def call_string(self, fn, *args):
        """Calls fn(*args, &out) and returns the library string as text (freed here)."""
        out = ctypes.c_void_p()
        rc = getattr(self.lib, fn)(*args, ctypes.byref(out))
        if rc != PTM_OK:
            raise self.error(rc)
        try:
            return ctypes.string_at(out.value).decode("utf-8")
        finally:
            self.lib.ptm_string_free(out)

    def error(self, rc):
        msg = ctypes.c_void_p()
        detail = ""
        if self.lib.ptm_last_error_message(ctypes.byref(msg)) == PTM_OK:
            detail = ctypes.string_at(msg.value).decode("utf-8")
            self.lib.ptm_string_free(msg)
        return PaytmError(rc, self.lib.ptm_result_message(rc).decode(), detail)


def _b(s):
    return s.encode("utf-8") if isinstance(s, str) else s


class PaytmClient:
    """The SDK: holds credentials (copied into the library's zeroizing storage) and builds requests."""

    def __init__(self, lib, merchant_key=None, client_id=None, client_secret=None):
        self.lib = lib
        # The key enters the library once, as a ptm_merchant_key; the credentials keep their own
        # copy of it, so the key handle is freed at once.
        key = ctypes.c_void_p()
        if merchant_key is not None:
            k = _b(merchant_key)
            rc = lib.lib.ptm_merchant_key_new(k, len(k), ctypes.byref(key))
            if rc != PTM_OK:
                raise lib.error(rc)
        parts = []
        for p in (client_id, client_secret):
            b = _b(p) if p is not None else None
            parts += [b, len(b) if b is not None else 0]
        h = ctypes.c_void_p()
        rc = lib.lib.ptm_credentials_new(key, *parts, ctypes.byref(h))
        lib.lib.ptm_merchant_key_free(key)
        if rc != PTM_OK:
            raise lib.error(rc)
        self.handle = h

    def close(self):
        if self.handle:
            self.lib.lib.ptm_credentials_free(self.handle)
            self.handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _args(self, api, params, environment, salt):
        api = _b(api)
        body = _b(json.dumps(params, separators=(",", ":"), ensure_ascii=False))
        opts = {"environment": environment}
        if salt is not None:
            opts["salt"] = salt
        opts = _b(json.dumps(opts))
        return (api, len(api), body, len(body), self.handle, opts, len(opts))

    def build(self, api, params, environment="production", salt=None):
        """The request as a dict: method, url, headers [[name, value]...], contentType, body."""
        return json.loads(self.lib.call_string("ptm_request_build", *self._args(api, params, environment, salt)))

    def curl(self, api, params, environment="production", salt=None):
        return self.lib.call_string("ptm_request_build_curl", *self._args(api, params, environment, salt))


def main():
    lib = Library(lib_path(__doc__))
    tally = Tally("python-ctypes-requests")
    check = tally.check

    names = json.loads(lib.call_string("ptm_api_names"))
    ran = 0
    for name, _, files in cases("requests", "input.json", "request.json"):
        inp, expected = files["input.json"], files["request.json"]
        creds = inp.get("credentials", {})
        check(name + ": api listed", inp["api"] in names)
        with PaytmClient(lib, creds.get("merchantKey"), creds.get("clientId"), creds.get("clientSecret")) as c:
            got = c.build(inp["api"], inp["params"], inp["environment"], inp.get("salt"))
            check(name + ": golden request", got == expected)
            key = creds.get("merchantKey")
            if key and got["contentType"] == "application/json" and '"signature"' in got["body"]:
                # A random salt this time: Paytm's library must accept the signature over the
                # exact body bytes that are sent.
                fresh = c.build(inp["api"], inp["params"], inp["environment"])
                body = member_text(fresh["body"], "body")
                sig = json.loads(member_text(fresh["body"], "head"))["signature"]
                check(name + ": paytmchecksum verifies", paytm.verifySignature(body, key, sig))
                check(name + ": tampered rejected", not paytm.verifySignature(body + " ", key, sig))
            secret = creds.get("clientSecret")
            if secret:
                check(name + ": curl redacts the secret", secret not in c.curl(inp["api"], inp["params"], inp["environment"]))
        ran += 1
    check("golden count", ran == EXPECTED_CASES)

    # A callback signed by Paytm's own library, verified through ours; getStringByParams agrees.
    key = "PmX#a0x4VpTXRzfK"
    callback = {"ORDERID": "O1", "MID": "INTEGR7769XXXXXX9383", "STATUS": "TXN_SUCCESS", "BANKTXNID": "", "TXNAMOUNT": "1.00"}
    checksum = paytm.generateSignature(dict(callback), key)
    k = ctypes.c_void_p()
    check("key", lib.lib.ptm_merchant_key_new(_b(key), 16, ctypes.byref(k)) == PTM_OK)
    received = dict(callback, CHECKSUMHASH=checksum)
    text = _b(json.dumps(received))
    valid = ctypes.c_bool(False)
    rc = lib.lib.ptm_checksum_verify_map(k, text, len(text), _b(checksum), len(checksum), ctypes.byref(valid))
    check("callback from paytmchecksum verifies", rc == PTM_OK and valid.value)
    plain = _b(json.dumps(callback))
    check("getStringByParams", lib.call_string("ptm_params_joined", text, len(text)) == paytm.getStringByParams(dict(received)))
    check("signing string", lib.call_string("ptm_params_signing_string", plain, len(plain)) == paytm.getStringByParams(dict(callback)))
    explained = json.loads(lib.call_string("ptm_checksum_explain", k, text, len(text), _b(checksum), len(checksum), PTM_MODE_MAP))
    check("explain: valid", explained["verdict"]["status"] == "valid")
    lib.lib.ptm_merchant_key_free(k)

    # Errors: right code, a message naming the member, never the value.
    with PaytmClient(lib, key) as c:
        try:
            c.build("initiate_transaction", {"mid": "INTEGR7769XXXXXX9383", "orderId": "O|SECRET"}, "staging")
            check("bad order id raises", False)
        except PaytmError as e:
            check("bad order id: code", e.code in (1007, 1021))
            check("bad order id: no value in message", "SECRET" not in e.detail and e.detail != "")
        try:
            c.build("no_such_api", {}, "staging")
            check("unknown api raises", False)
        except PaytmError as e:
            check("unknown api: code", e.code in (1022, 3005))
    try:
        PaytmClient(lib, "short")
        check("short key raises", False)
    except PaytmError as e:
        check("short key: code", e.code == 1001)
    # Token-based APIs need no credentials at all.
    with PaytmClient(lib) as c:
        inp = read(os.path.join(VECTORS, "requests", "process_upi_intent", "input.json"))
        req = c.build(inp["api"], inp["params"], inp["environment"])
        check("process without credentials", req["method"] == "POST" and "processTransaction" in req["url"])

    tally.finish("%d golden requests" % ran)


if __name__ == "__main__":
    main()
