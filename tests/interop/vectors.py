"""What the interop scripts share: reading the golden vector directories, locating a JSON
member's exact text, and tallying checks. One copy, imported by every script in this folder
(and by tests/c's generators, which add this folder to sys.path)."""

import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.normpath(os.path.join(HERE, "..", "vectors"))


class Ambiguous(Exception):
    """A JSON object names a member twice: which one was signed is ambiguous."""


def no_duplicates(pairs):
    """object_pairs_hook that refuses a member named twice."""
    out = {}
    for k, v in pairs:
        if k in out:
            raise Ambiguous("member %r appears twice" % k)
        out[k] = v
    return out


def cases(kind, *files):
    """Yields (name, directory, {file: content}) for every case directory of
    tests/vectors/<kind>, in name order. `.json` files are parsed, others read as bytes."""
    root = os.path.join(VECTORS, kind)
    for name in sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))):
        d = os.path.join(root, name)
        yield name, d, {f: read(os.path.join(d, f)) for f in files}


def read(path):
    """A vector file: JSON parsed, anything else as bytes; None when the file is absent."""
    if not os.path.exists(path):
        return None
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    with open(path, "rb") as f:
        return f.read()


def at(v, path):
    """The value at a dotted path ("a.b.c") of nested objects, or ("<missing>",) where a step is
    absent (a tuple, which no JSON value equals): how every runner reads a scenario's "expect"."""
    for k in path.split("."):
        if not isinstance(v, dict) or k not in v:
            return ("<missing>",)
        v = v[k]
    return v


def with_callback_transaction(case, expected):
    """A response vector's expected.json as the libraries return it: a callback that parses also
    carries its reconciliation facts, `ok.transaction` (as the npm package's parseCallback does).
    `expected` is updated in place and returned."""
    if case["api"] == "callback" and "ok" in expected:
        ok = expected["ok"]
        t = {k: ok["txn"][k] for k in ("orderId", "mid", "txnId") if k in ok["txn"]}
        if "txnAmount" in ok["txn"]:
            t["amount"] = ok["txn"]["txnAmount"]
        ok["transaction"] = dict(t, state=ok["txn"]["state"], verification=ok["verification"])
    return expected


def member_spans(text):
    """Top-level members of a JSON object -> (start, end) of each value's raw text. A member
    named twice raises Ambiguous; so does one inside a value (the decoder refuses it)."""
    dec = json.JSONDecoder(object_pairs_hook=no_duplicates)
    ws = " \t\r\n"

    def skip(i):
        while text[i] in ws:
            i += 1
        return i

    i = skip(0)
    assert text[i] == "{", "not an object"
    i += 1
    spans = {}
    while True:
        i = skip(i)
        if text[i] == "}":
            return spans
        name, i = dec.raw_decode(text, i)
        i = skip(i)
        assert text[i] == ":"
        start = skip(i + 1)
        _, i = dec.raw_decode(text, start)
        if name in spans:
            raise Ambiguous("top-level member %r appears twice" % name)
        spans[name] = (start, i)
        i = skip(i)
        if text[i] == ",":
            i += 1


def member_text(text, name):
    """The exact text of a top-level member's value, or None."""
    span = member_spans(text).get(name)
    return None if span is None else text[slice(*span)]


class Tally:
    """Counts checks; prints each failure; `finish` exits 1 when any failed or none ran."""

    def __init__(self, label):
        self.label, self.passed, self.failed = label, 0, []

    def check(self, what, ok):
        if ok:
            self.passed += 1
        else:
            self.failed.append(what)
            print("FAIL " + what)
        return ok

    def finish(self, *lines):
        for line in lines:
            print("%s: %s" % (self.label, line))
        print("%s: %d passed, %d failed" % (self.label, self.passed, len(self.failed)))
        if self.failed or self.passed == 0:
            raise SystemExit(1)


def lib_path(doc):
    """The --lib argument every ctypes script takes (the path to libpaytm_checkout.so)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--lib", required=True, help="path to libpaytm_checkout.so")
    return ap.parse_args().lib
