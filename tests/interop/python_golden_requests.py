#!/usr/bin/env python3
"""Verify every signed golden request with Paytm's own Python library.

    ~/.cache/paytm-checkout/venv/bin/python tests/interop/python_golden_requests.py

Walks tests/vectors/requests/*/ (input.json + request.json). For each request that carries a
signature:
  - signed JSON ({"head":{..."signature":S},"body":...}): the raw text of the `body` member is
    located with the json module's own scanner (JSONDecoder.raw_decode), never re-serialized, and
    verified with paytmchecksum.verifySignature(body_text, key, S);
  - legacy JsonData forms (CHECKSUMHASH / CHECKSUM / CheckSum) and the Add Money form: the
    string-valued members without the checksum are verified in map mode with verifySignature;
  - the settlement JWT: HMAC-SHA256 under the client secret, with the standard library.
A tampered copy of every signed input must fail. Prints `python-golden: N passed, 0 failed`
and exits non-zero on any failure or if no case was checked.
Reference: paytmchecksum 1.7.0 (PyPI), installed by scripts/setup.sh.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
from urllib.parse import parse_qsl

from paytmchecksum import PaytmChecksum as paytm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vectors import Tally, cases, member_spans  # noqa: E402

CHECKSUM_NAMES = ("CHECKSUMHASH", "CHECKSUM", "CheckSum")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def check_case(name, inp, req):
    """Returns a list of (label, ok) results for one case; [] when nothing is signed."""
    creds = inp.get("credentials", {})
    key = creds.get("merchantKey")
    body = req["body"]
    out = []
    if key and req.get("contentType") == "application/json":
        spans = member_spans(body)
        head = json.loads(body[slice(*spans["head"])])
        sig = head["signature"]
        signed = body[slice(*spans["body"])]
        out.append((name + ": signature", paytm.verifySignature(signed, key, sig)))
        out.append((name + ": tampered body rejected", not paytm.verifySignature(signed + " ", key, sig)))
    elif key and req.get("contentType") == "application/x-www-form-urlencoded":
        form = dict(parse_qsl(body, keep_blank_values=True, strict_parsing=True))
        params = json.loads(form["JsonData"]) if "JsonData" in form else form
        sums = [k for k in CHECKSUM_NAMES if k in params]
        assert len(sums) == 1, "exactly one checksum member expected"
        checksum = params[sums[0]]
        strings = {k: v for k, v in params.items() if k != sums[0] and isinstance(v, str)}
        out.append((name + ": checksum", paytm.verifySignature(dict(strings), key, checksum)))
        tampered = dict(strings)
        first = sorted(tampered)[0]
        tampered[first] = tampered[first] + "x"
        out.append((name + ": tampered params rejected", not paytm.verifySignature(tampered, key, checksum)))
    if inp["api"] == "settlement":
        token = dict(req["headers"])["Authorization"]
        h, c, s = token.split(".")
        mac = hmac.new(creds["clientSecret"].encode(), (h + "." + c).encode(), hashlib.sha256)
        claims = json.loads(base64.urlsafe_b64decode(c + "=" * (-len(c) % 4)))
        header = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
        ok = (hmac.compare_digest(b64url(mac.digest()), s) and header == {"alg": "HS256", "typ": "JWT"}
              and claims["iss"] == "PAYTM" and claims["email"] == inp["params"]["email"]
              and claims["iat"] == inp["params"]["iat"])
        out.append((name + ": JWT HS256", ok))
    return out


def main():
    tally = Tally("python-golden")
    walked = 0
    for name, _, files in cases("requests", "input.json", "request.json"):
        walked += 1
        try:
            results = check_case(name, files["input.json"], files["request.json"])
        except Exception as e:  # a malformed golden file is a failure, not a crash
            results = [(name + ": " + repr(e), False)]
        for label, ok in results:
            tally.check(label, ok)
    tally.finish("%d case directories walked" % walked)


if __name__ == "__main__":
    main()
