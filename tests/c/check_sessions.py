#!/usr/bin/env python3
"""Checks the actions the C session runs wrote against the scenarios' expectations.

    python3 tests/c/check_sessions.py tests/vectors/sessions/scenarios.json OUT.tsv [OUT.tsv ...]

Each OUT.tsv line is "scenario<TAB>step<TAB>action JSON" (tests/c/test_sessions.c). Every "next"
step of every scenario must appear in every file, and each dotted path of its "expect" must equal
the expected JSON value: the rule the Rust and JS runners apply.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
from vectors import at  # noqa: E402


def main():
    scenarios = json.load(open(sys.argv[1], encoding="utf-8"))["scenarios"]
    wanted = {(i, j): st.get("expect", {}) for i, s in enumerate(scenarios)
              for j, st in enumerate(s["steps"]) if st["op"] == "next" and "error" not in st}
    for path in sys.argv[2:]:
        seen, checks, bad = set(), 0, 0
        for line in open(path, encoding="utf-8"):
            i, j, text = line.rstrip("\n").split("\t", 2)
            key = (int(i), int(j))
            action = json.loads(text)
            seen.add(key)
            for p, want in wanted.get(key, {}).items():
                checks += 1
                if at(action, p) != want:
                    bad += 1
                    print("%s: %s step %d: %s is %s, expected %s" % (
                        path, scenarios[key[0]]["name"], key[1], p, json.dumps(at(action, p)), json.dumps(want)))
        missing = set(wanted) - seen
        for key in sorted(missing):
            print("%s: %s step %d: no action written" % (path, scenarios[key[0]]["name"], key[1]))
        if bad or missing or checks == 0:
            sys.exit("check_sessions: %s: %d wrong, %d missing" % (path, bad, len(missing)))
        print("check_sessions: %s: %d actions, %d expectations, 0 wrong" % (path, len(seen), checks))


if __name__ == "__main__":
    main()
