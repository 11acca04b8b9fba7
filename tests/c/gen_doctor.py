#!/usr/bin/env python3
"""Generates build/doctor.h for tests/c/test_doctor.c from tests/vectors/doctor/doctor.json.

    python3 tests/c/gen_doctor.py tests/vectors/doctor/doctor.json OUT_DIR

Each case becomes its name, its input as compact UTF-8 JSON (what ptm_doctor takes) and its
expected finding codes joined by commas (the C test collects the report's "code" members in order
and compares). Each input error becomes its input bytes and the expected ptm_result.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from c_tables import c_bytes, c_pair, compact, write_tables  # noqa: E402


def main(src: str, out_dir: str) -> None:
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    cases = [
        "{%s, %s, %s}" % (c_bytes(c["name"].encode()), c_pair(compact(c["input"])),
                          c_bytes(",".join(c["expect"]).encode()))
        for c in doc["cases"]
    ]
    errors = []
    for e in doc["errors"]:
        text = e["text"].encode("utf-8") if "text" in e else compact(e["input"])
        errors.append("{%s, %s, PTM_%s}" % (c_bytes(e["name"].encode()), c_pair(text), e["error"]))
    write_tables(os.path.join(out_dir, "doctor.h"), "gen_doctor.py", os.path.relpath(src), [
        ("DOCTOR_CASE_COUNT", "struct doctor_case", "DOCTOR_CASES", cases),
        ("DOCTOR_ERROR_COUNT", "struct doctor_error", "DOCTOR_ERRORS", errors),
    ])
    # The key every case uses, which no output may contain.
    with open(os.path.join(out_dir, "doctor.h"), "a", encoding="ascii") as f:
        f.write("#define DOCTOR_KEY %s\n" % c_bytes(doc["key"].encode()))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
