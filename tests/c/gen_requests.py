#!/usr/bin/env python3
"""Generates build/requests.h for tests/c/test_requests.c from the golden request vectors.

    python3 tests/c/gen_requests.py tests/vectors/requests OUT_DIR

Every directory of tests/vectors/requests/ holds input.json (api, environment, credentials, salt,
params) and request.json (the exact request). For each case this writes the API name, the params
and the options as compact UTF-8 JSON (what the C API takes), the credentials' parts, and the
expected request as the library serializes it: compact JSON, members in order, non-ASCII as is,
serde_json's escapes (which Python's json module with ensure_ascii=False writes identically).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from c_tables import c_bytes, c_text, compact, write_tables  # noqa: E402


def main(src: str, out_dir: str) -> None:
    names = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    rows = []
    for name in names:
        with open(os.path.join(src, name, "input.json"), encoding="utf-8") as f:
            inp = json.load(f)
        with open(os.path.join(src, name, "request.json"), encoding="utf-8") as f:
            req = json.load(f)
        creds = inp.get("credentials", {})
        opts = {"environment": inp["environment"]}
        if "salt" in inp:
            opts["salt"] = inp["salt"]
        enc = lambda k: creds[k].encode("utf-8") if k in creds else None  # noqa: E731
        rows.append(
            "{%s, %s, %s, %s, %s, %s, %s, %s}"
            % (
                c_bytes(name.encode()),
                c_text(inp["api"].encode()),
                c_text(compact(inp["params"])),
                c_text(enc("merchantKey")),
                c_text(enc("clientId")),
                c_text(enc("clientSecret")),
                c_text(compact(opts)),
                c_text(compact(req)),
            )
        )
    if not rows:
        sys.exit("no request cases in %s" % src)
    write_tables(os.path.join(out_dir, "requests.h"), "gen_requests.py", src,
                 [("PTM_REQUEST_CASE_COUNT", "struct request_case", "REQUEST_CASES", rows)])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
