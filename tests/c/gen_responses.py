#!/usr/bin/env python3
"""Generates build/responses.h for tests/c/test_responses.c from the response fixtures.

    python3 tests/c/gen_responses.py tests/vectors/responses OUT_DIR

Every directory of tests/vectors/responses/ holds case.json (api, httpStatus, key, options),
response.bin (the exact body) and expected.json ({"ok": <parsed JSON>} or {"error": "CODE"}).
For each case this writes the API name ("callback" goes to ptm_callback_parse), the status,
whether the test key is passed, the options as compact JSON, the body bytes, and the expected
outcome: "ok" or the error code's name. The parsed JSON itself is compared semantically by
tests/c/check_responses.py over what the C program prints, so key order never matters.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from c_tables import c_bytes, c_text, compact, write_tables  # noqa: E402


def callback_transaction(ok: dict) -> dict:
    """The `transaction` member the C library (like the npm package) adds to a parsed callback:
    the reconciliation facts of its `txn` (expected.json holds core's Callback JSON without it)."""
    txn = ok["txn"]
    out = {k: txn[k] for k in ("orderId", "mid", "txnId") if k in txn}
    if "txnAmount" in txn:
        out["amount"] = txn["txnAmount"]
    out["state"] = txn["state"]
    out["verification"] = ok["verification"]
    return out


def verdict(order: dict, txn: dict) -> bytes:
    """The reconcile rule, written independently as the test's oracle (core/src/reconcile.rs)."""
    if txn.get("orderId") != order["orderId"]:
        v = {"verdict": "do_not_fulfil", "reason": "order_id"}
    elif "mid" in order and "mid" in txn and order["mid"] != txn["mid"]:
        v = {"verdict": "do_not_fulfil", "reason": "mid"}
    elif txn["state"] in ("pending", "unknown"):
        v = {"verdict": "wait"}
    elif txn["state"] == "failure":
        v = {"verdict": "do_not_fulfil", "reason": "status_failure"}
    elif txn["state"] == "refunded":
        v = {"verdict": "do_not_fulfil", "reason": "refunded"}
    elif txn.get("amount") is None or float(txn["amount"]) != float(order["amount"]):
        v = {"verdict": "do_not_fulfil", "reason": "amount"}
    elif txn["verification"] != "verified":
        v = {"verdict": "do_not_fulfil", "reason": "unverified"}
    else:
        v = {"verdict": "fulfil"}
    return compact(v)


def reconcile_rows(name: str, txn: dict) -> list:
    """(order JSON, expected verdict) pairs for a parsed transaction: the right order, another
    amount (one paisa more), another order id."""
    if "orderId" not in txn or "amount" not in txn:
        return []
    right = {"orderId": txn["orderId"], "amount": txn["amount"], "mid": txn.get("mid", "M")}
    more = dict(right, amount="%.2f" % (float(txn["amount"]) + 0.01))
    other = dict(right, orderId=txn["orderId"] + "X")
    out = []
    for order in (right, more, other):
        out.append(
            "{%s, %s, %s}" % (c_bytes(name.encode()), c_text(compact(order)), c_text(verdict(order, txn)))
        )
    return out


def main(src: str, out_dir: str) -> None:
    names = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    rows = []
    recon = []
    for name in names:
        d = os.path.join(src, name)
        with open(os.path.join(d, "case.json"), encoding="utf-8") as f:
            case = json.load(f)
        with open(os.path.join(d, "expected.json"), encoding="utf-8") as f:
            expected = json.load(f)
        with open(os.path.join(d, "response.bin"), "rb") as f:
            body = f.read()
        if case["key"] not in ("test", None):
            sys.exit("%s: unknown key %r" % (name, case["key"]))
        outcome = "ok" if "ok" in expected else expected["error"]
        if case["api"] == "callback" and "ok" in expected:
            recon += reconcile_rows(name, callback_transaction(expected["ok"]))
        elif "transaction" in expected.get("ok", {}):
            recon += reconcile_rows(name, expected["ok"]["transaction"])
        opts = compact(case.get("options") or {})
        rows.append(
            "{%s, %s, %d, %d, %s, %s, %s}"
            % (
                c_bytes(name.encode()),
                c_bytes(case["api"].encode()),
                int(case["httpStatus"]),
                1 if case["key"] == "test" else 0,
                c_text(opts),
                c_text(body),
                c_bytes(outcome.encode()),
            )
        )
    if not rows:
        sys.exit("no response cases in %s" % src)
    write_tables(os.path.join(out_dir, "responses.h"), "gen_responses.py", src, [
        ("PTM_RESPONSE_CASE_COUNT", "struct response_case", "RESPONSE_CASES", rows),
        ("PTM_RECONCILE_CASE_COUNT", "struct reconcile_case", "RECONCILE_CASES", recon),
    ])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
