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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vectors import Tally, cases, member_spans, no_duplicates  # noqa: E402

KEY = "PmX#a0x4VpTXRzfK"
CHECKSUM_NAMES = ("CHECKSUMHASH", "CheckSum", "checkSum")


def loads(text):
    return json.loads(text, object_pairs_hook=no_duplicates, parse_int=str, parse_float=str)


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
    tally = Tally("python-responses")
    walked = 0
    for name, _, files in cases("responses", "case.json", "response.bin", "expected.json"):
        walked += 1
        case, raw, expected = files["case.json"], files["response.bin"], files["expected.json"]
        if case["signed"] == "none":
            continue
        err = expected.get("error")
        if "ok" in expected:
            rust_accepts = expected["ok"]["verification"] == "verified"
            if not rust_accepts:
                continue  # parsed without checking a signature (allowUnsigned): nothing to compare
        elif err == "INVALID_CREDENTIALS":
            rust_accepts = True  # refused only because no key was given; the signature is good
        elif err == "RESPONSE_MALFORMED" and case["signed"] == "body" and not case["tampered"]:
            # The body was read only after its signature verified (a success answer missing a
            # member it must carry): the signature is good, the content is refused.
            rust_accepts = True
        else:
            rust_accepts = False
        if case["tampered"]:
            assert not rust_accepts, name
        tally.check("%s: python %s, rust %s" % (name, not rust_accepts, rust_accepts),
                    python_verifies(case["signed"], raw) == rust_accepts)
    tally.finish("%d case directories walked" % walked)


if __name__ == "__main__":
    main()
