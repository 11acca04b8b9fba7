#!/usr/bin/env python3
"""Verify every signed response fixture with Paytm's own Python library.

    ~/.cache/paytm-checkout/venv/bin/python tests/interop/python_responses.py

Walks tests/vectors/responses/*/ (case.json + response.bin + expected.json). For each case whose
`signed` is not "none", the signed bytes are found independently of the Rust code:
  - "body": the raw text of the top-level `body` member, located with the json module's own
    scanner (JSONDecoder.raw_decode, never re-serialized), against head.signature;
  - "txnInfo": body.txnInfo's members without CHECKSUMHASH, in map mode;
  - "form": the form fields (urllib.parse.parse_qsl) without CHECKSUMHASH, in map mode;
  - "flat": a flat JSON object (numbers kept as their literal text) without its checksum member
    (CHECKSUMHASH, CheckSum or checkSum), in map mode;
and checked with paytmchecksum.verifySignature. A member or field that appears twice, a missing
or empty signature, or an exception in the library counts as "does not verify".

Python must agree with the Rust parser on every signed case: the fixtures Rust verifies (or
refuses only for want of a key) verify here; the tampered ones and those Rust refuses with a 2xxx
code fail here. Prints `python-responses: N passed, 0 failed`; exits non-zero on any
disagreement or if no case was checked. Reference: paytmchecksum 1.7.0 (PyPI).
"""
import json
import os
import sys
from urllib.parse import parse_qsl

from paytmchecksum import PaytmChecksum as paytm

KEY = "PmX#a0x4VpTXRzfK"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "responses")
CHECKSUM_NAMES = ("CHECKSUMHASH", "CheckSum", "checkSum")


class Ambiguous(Exception):
    pass


def no_duplicates(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise Ambiguous("member %r appears twice" % k)
        out[k] = v
    return out


def loads(text):
    return json.loads(text, object_pairs_hook=no_duplicates, parse_int=str, parse_float=str)


def member_spans(text):
    """Top-level members of a JSON object -> (start, end) of each value's raw text."""
    dec = json.JSONDecoder(object_pairs_hook=no_duplicates)
    ws = " \t\r\n"
    i = 0
    while text[i] in ws:
        i += 1
    assert text[i] == "{", "not an object"
    i += 1
    spans = {}
    while True:
        while text[i] in ws:
            i += 1
        if text[i] == "}":
            return spans
        name, i = dec.raw_decode(text, i)
        while text[i] in ws:
            i += 1
        assert text[i] == ":"
        i += 1
        while text[i] in ws:
            i += 1
        start = i
        _, i = dec.raw_decode(text, i)
        if name in spans:
            raise Ambiguous("top-level member %r appears twice" % name)
        spans[name] = (start, i)
        while text[i] in ws:
            i += 1
        if text[i] == ",":
            i += 1


def verify_map(fields, names=("CHECKSUMHASH",)):
    present = [n for n in names if n in fields]
    if len(present) != 1:
        return False
    checksum = fields.pop(present[0])
    if not checksum:
        return False
    strings = {k: ("" if v is None else v) for k, v in fields.items()}
    return paytm.verifySignature(strings, KEY, checksum)


def python_verifies(signed, raw):
    """True when Paytm's library accepts the signature; False on any failure."""
    try:
        text = raw.decode("utf-8")
        if signed == "body":
            spans = member_spans(text)
            head = loads(text[slice(*spans["head"])])
            sig = head.get("signature")
            if not sig:
                return False
            return paytm.verifySignature(text[slice(*spans["body"])], KEY, sig)
        if signed == "txnInfo":
            return verify_map(loads(text)["body"]["txnInfo"])
        if signed == "form":
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
            return verify_map(no_duplicates(pairs))
        if signed == "flat":
            return verify_map(loads(text), CHECKSUM_NAMES)
        raise ValueError("unknown signed kind " + signed)
    except Exception:  # Ambiguous, bad base64/padding in the library, malformed input
        return False


def main():
    passed = failed = 0
    cases = sorted(d for d in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, d)))
    for name in cases:
        d = os.path.join(ROOT, name)
        with open(os.path.join(d, "case.json"), encoding="utf-8") as f:
            case = json.load(f)
        if case["signed"] == "none":
            continue
        with open(os.path.join(d, "response.bin"), "rb") as f:
            raw = f.read()
        with open(os.path.join(d, "expected.json"), encoding="utf-8") as f:
            expected = json.load(f)
        err = expected.get("error")
        if "ok" in expected:
            rust_accepts = expected["ok"]["verification"] == "verified"
            if not rust_accepts:
                continue  # parsed without checking a signature (allowUnsigned): nothing to compare
        elif err == "INVALID_CREDENTIALS":
            rust_accepts = True  # refused only because no key was given; the signature is good
        else:
            rust_accepts = False
        if case["tampered"]:
            assert not rust_accepts, name
        ok = python_verifies(case["signed"], raw) == rust_accepts
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL %s: python %s, rust %s" % (name, not rust_accepts, rust_accepts))
    print("python-responses: %d case directories walked" % len(cases))
    print("python-responses: %d passed, %d failed" % (passed, failed))
    if failed or passed == 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
