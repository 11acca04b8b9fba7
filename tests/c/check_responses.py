#!/usr/bin/env python3
"""Compares what tests/c/test_responses.c parsed with every fixture's expected.json.

    python3 tests/c/check_responses.py tests/vectors/responses OUTPUT.tsv [OUTPUT.tsv ...]

Each OUTPUT.tsv is one run of the C program ($PTM_RESPONSES_OUT): one line per fixture,
`name <TAB> ok|error <TAB> parsed JSON | error code name`. Every fixture directory must appear
exactly once per file, and its outcome must equal expected.json: the same error name, or JSON
that is semantically equal to the "ok" member (member order is free; nothing else is), plus, for
callbacks, the `transaction` member derived from `txn` (expected.json holds core's Callback JSON,
which lacks it). Prints
`c-responses-json: N fixtures x M runs match expected.json` or exits non-zero.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_responses import callback_transaction  # noqa: E402

EXPECTED_CASES = 148


def canonical(v) -> str:
    """Order-free but type-strict (Python's == takes true for 1): sorted-key JSON text."""
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def main(src: str, outputs: list) -> None:
    names = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    if len(names) != EXPECTED_CASES:
        sys.exit("check_responses: %d fixture directories, expected %d" % (len(names), EXPECTED_CASES))
    expected = {}
    for name in names:
        with open(os.path.join(src, name, "expected.json"), encoding="utf-8") as f:
            expected[name] = json.load(f)
        with open(os.path.join(src, name, "case.json"), encoding="utf-8") as f:
            api = json.load(f)["api"]
        # A parsed callback carries its `transaction` (core's Callback::to_json): the expected one
        # is derived again here from `txn`, independently of core.
        if api == "callback" and "ok" in expected[name]:
            ok = expected[name]["ok"]
            ok["transaction"] = callback_transaction(ok)
    failures = []
    for path in outputs:
        seen = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                name, kind, value = line.rstrip("\n").split("\t", 2)
                if name in seen:
                    failures.append("%s: %s twice" % (path, name))
                seen[name] = json.loads(value) if kind == "ok" else value
                want = expected.get(name)
                if want is None:
                    failures.append("%s: unknown fixture %s" % (path, name))
                elif kind == "ok":
                    if "ok" not in want:
                        failures.append("%s: %s parsed, expected %s" % (path, name, want))
                    elif canonical(seen[name]) != canonical(want["ok"]):
                        failures.append(
                            "%s: %s differs:\n  got      %s\n  expected %s"
                            % (path, name, canonical(seen[name]), canonical(want["ok"]))
                        )
                elif want.get("error") != value:
                    failures.append("%s: %s failed with %s, expected %s" % (path, name, value, want))
        missing = sorted(set(names) - set(seen))
        if missing:
            failures.append("%s: no line for %s" % (path, ", ".join(missing)))
    if failures:
        sys.exit("check_responses: FAILED\n" + "\n".join(failures))
    if not outputs:
        sys.exit("check_responses: no output files")
    print("c-responses-json: %d fixtures x %d runs match expected.json" % (len(names), len(outputs)))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
