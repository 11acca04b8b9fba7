#!/usr/bin/env python3
"""Throughput of sign and verify: ours (MerchantKey, reused; the PaytmChecksum drop-in, which
takes the key text on every call) vs PyPI `paytmchecksum` 1.7.0, in one process, on the
236-byte Initiate body of tests/vectors/bench-body-236.json and a 13-field callback map.
Reports ops/s (best of ROUNDS rounds of ~MS ms each) and ours/official ratios. Measured, never
asserted. Run it with an interpreter that has both packages, e.g. the fresh venv of
scripts/test-python.sh:

    target/python-venv/bin/python python/bench.py
"""

import os
import time

from paytmchecksum import PaytmChecksum as official

import paytm_checkout
from paytm_checkout import MerchantKey, PaytmChecksum as ours

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
MS = int(os.environ.get("BENCH_MS", "300"))
KEY = "PmX#a0x4VpTXRzfK"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(ROOT, "tests", "vectors", "bench-body-236.json"), encoding="utf-8") as f:
    BODY = f.read().rstrip("\n")
MAP = {"MID": "INTEGR7769XXXXXX9383", "ORDERID": "ORDERID_98765", "TXNAMOUNT": "1.00", "CURRENCY": "INR",
       "TXNID": "20231114XXXXXX00000000000000000001", "BANKTXNID": "777001", "STATUS": "TXN_SUCCESS",
       "RESPCODE": "01", "RESPMSG": "Txn Success", "TXNDATE": "2023-11-14 22:13:20.0", "GATEWAYNAME": "HDFC",
       "BANKNAME": "HDFC Bank", "PAYMENTMODE": "CC"}


def best(fn, batch=200):
    for _ in range(batch):
        fn()
    top = 0.0
    for _ in range(ROUNDS):
        n, t0 = 0, time.perf_counter()
        end = t0 + MS / 1000
        now = t0
        while now < end:
            for _ in range(batch):
                fn()
            n += batch
            now = time.perf_counter()
        top = max(top, n / (now - t0))
    return top


def main():
    mk = MerchantKey(KEY)
    sig = official.generateSignature(BODY, KEY)
    msig = official.generateSignature(dict(MAP), KEY)
    rows = [
        ("sign string (236 B)", lambda: mk.sign(BODY), lambda: ours.generateSignature(BODY, KEY), lambda: official.generateSignature(BODY, KEY)),
        ("verify string (236 B)", lambda: mk.verify(BODY, sig), lambda: ours.verifySignature(BODY, KEY, sig), lambda: official.verifySignature(BODY, KEY, sig)),
        ("sign map (13 fields)", lambda: mk.sign(MAP), lambda: ours.generateSignature(MAP, KEY), lambda: official.generateSignature(dict(MAP), KEY)),
        ("verify map (13 fields)", lambda: mk.verify(MAP, msig), lambda: ours.verifySignature(MAP, KEY, msig), lambda: official.verifySignature(dict(MAP), KEY, msig)),
    ]
    print("paytm_checkout %s vs paytmchecksum 1.7.0: ops/s, best of %d x %d ms" % (paytm_checkout.__version__, ROUNDS, MS))
    print("%-24s %14s %16s %14s %9s %9s" % ("", "MerchantKey", "PaytmChecksum", "official", "key/off", "drop/off"))
    for name, a, b, c in rows:
        ra, rb, rc = best(a), best(b), best(c)
        print("%-24s %14.0f %16.0f %14.0f %8.2fx %8.2fx" % (name, ra, rb, rc, ra / rc, rb / rc))
    mk.close()


if __name__ == "__main__":
    main()
