#!/usr/bin/env python3
"""Generates the C include files of tests/c/test_checksum.c.

    python3 tests/c/gen_vectors.py tests/vectors/checksum.json include/paytm_checkout.h OUT_DIR

- OUT_DIR/vectors.h: the shared vectors. Every string becomes a literal with an explicit length,
  so any byte (NUL, non-ASCII) survives. Map-mode params are UTF-8 JSON text, what the C API takes.
- OUT_DIR/codes.h: every ptm_result constant of the header, so the C test covers codes added later.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from c_tables import c_bytes, c_pair, write_tables  # noqa: E402


def write_codes(header: str, dst: str) -> None:
    with open(header, encoding="utf-8") as f:
        text = f.read()
    body = text[text.index("typedef enum ptm_result {"):]
    body = body[: body.index("}")]
    names = re.findall(r"^\s*(PTM_[A-Z0-9_]+) = \d+,", body, re.M)
    if not names or names[0] != "PTM_OK":
        sys.exit("no ptm_result constants found in %s" % header)
    write_tables(dst, "gen_vectors.py", header, [("PTM_CODE_COUNT", "ptm_result", "ALL_CODES", names)])


def write_vectors(src: str, dst: str) -> None:
    with open(src, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    rows = []
    for c in cases:
        kind = c["kind"]
        if kind == "string":
            params = c["params"].encode("utf-8")
        elif kind == "map":
            params = json.dumps(c["params"], ensure_ascii=False).encode("utf-8")
        else:
            sys.exit("unknown kind %r in case %r" % (kind, c["name"]))
        fields = [
            c_bytes(c["name"].encode()),
            "1" if kind == "map" else "0",
            c_pair(c["key"].encode()),
            c_pair(c["salt"].encode()),
            c_pair(params),
            c_pair(c["checksum"].encode()),
            "true" if c["valid"] else "false",
        ]
        rows.append("{" + ", ".join(fields) + "}")
    write_tables(dst, "gen_vectors.py", src, [("PTM_VECTOR_COUNT", "struct vector", "VECTORS", rows)])


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: gen_vectors.py checksum.json paytm_checkout.h OUT_DIR")
    write_vectors(sys.argv[1], os.path.join(sys.argv[3], "vectors.h"))
    write_codes(sys.argv[2], os.path.join(sys.argv[3], "codes.h"))
