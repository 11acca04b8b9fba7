"""Writes seed inputs for a fuzz target from the shared vectors: python3 fuzz_seeds.py TARGET DIR."""
import json, os, sys

target, out = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))


def name_table(kinds):
    """core's API names of the table in core/src/api/names.rs whose rows are of `kinds` ("both"
    and "build" for build_request, "both" and "parse" for parse_response), in order, with
    `with_helpers!`'s names appended (core/src/api/native.rs), as core writes the two lists."""
    import re
    src = open(os.path.join(here, "..", "core", "src", "api", "names.rs")).read()
    names = [n for n, k in re.findall(r'"([a-z_]+)" => (both|build|parse),', src) if k in kinds]
    native = open(os.path.join(here, "..", "core", "src", "api", "native.rs")).read()
    macro = native[native.index("macro_rules! with_helpers"):]
    return names + re.findall(r'"([a-z_]+)"', macro[: macro.index("]\n")])


cases = json.load(open(os.path.join(here, "..", "tests", "vectors", "checksum.json")))["cases"]
for i, c in enumerate(cases):
    if target == "checksum_open" and c["kind"] == "string":
        p = c["params"].encode()[:200]
        # The target splits its input at len/3: params first, checksum after.
        ck = c["checksum"].encode()
        data = p + ck if len(p) * 2 == len(ck) else (b"x" * (len(ck) // 2)) + ck
    elif target == "params_json" and c["kind"] == "map":
        data = json.dumps(c["params"]).encode()
    elif target == "explain" and c["kind"] == "string":
        p = c["params"].encode()[:300]
        data = b"\x00" + p + c["checksum"].encode()[: len(p)]
    elif target == "explain" and c["kind"] == "map":
        p = json.dumps(c["params"]).encode()
        data = b"\x01" + p + c["checksum"].encode()[: len(p)]
    else:
        continue
    open(os.path.join(out, "seed-%02d" % i), "wb").write(data)

if target == "build_request":
    # One seed per golden request input: selector byte (index into API_NAMES) + params JSON.
    import glob
    import re
    names = name_table(("both", "build"))
    root = os.path.join(here, "..", "tests", "vectors", "requests")
    for i, d in enumerate(sorted(glob.glob(os.path.join(root, "*", "input.json")))):
        doc = json.load(open(d))
        params = doc.get("params")
        if params is None:
            continue
        selector = bytes([names.index(doc["api"])])
        open(os.path.join(out, "golden-%02d" % i), "wb").write(selector + json.dumps(params).encode())

if target in ("response_parse", "response_signed", "callback_parse"):
    # One seed per response fixture: selector byte + the raw bytes (response_signed: the body).
    import glob
    import re
    names = name_table(("both", "parse"))
    signed_apis = ["initiate_transaction", "transaction_status", "refund", "refund_status",
                   "refund_webhook", "check_balance", "send_payment_request"]
    root = os.path.join(here, "..", "tests", "vectors", "responses")
    for i, d in enumerate(sorted(glob.glob(os.path.join(root, "*", "case.json")))):
        case = json.load(open(d))
        raw = open(os.path.join(os.path.dirname(d), "response.bin"), "rb").read()
        api = case["api"]
        if target == "callback_parse":
            if api not in ("callback", "add_money"):
                continue
            data = raw
        elif target == "response_parse":
            if api == "callback":
                continue
            # Byte 0 picks the API (index into the table); byte 1 is the flags: bit 5 set =
            # permissive (no key), top bits 0 = HTTP 200.
            data = bytes([names.index(api), 0x20 if case["key"] is None else 0]) + raw
        else:
            if api not in signed_apis or case["signed"] != "body":
                continue
            try:
                body = json.loads(raw)["body"]
            except Exception:
                continue
            data = bytes([signed_apis.index(api)]) + json.dumps(body, separators=(",", ":")).encode()
        open(os.path.join(out, "resp-%02d" % i), "wb").write(data)

if target == "session":
    # The adversarial model (core/tests/support/adversary.rs): the first byte picks the session
    # kind (0 server checkout, 1 client half, 2 refund, 3 wallet); every later byte is a choice
    # (the op: 0/1 next action, 2-4 deliver a message, 5 send failure, 6 pay, 7 time, 8 restart,
    # 9 edited save, 10 refund retry, 11 hostile bytes; then its arguments). The seeds walk the
    # genuine path — ask, deliver this session's own answer, pay, let time pass — so the fuzzer
    # starts where verdicts are made, and mutates toward foreign answers from there.
    genuine = [1, 2, 3, 0, 6, 0, 1, 2, 3, 0, 1, 2, 3, 0, 7, 3, 1, 2, 3, 0, 1, 2, 3, 0, 1]
    for kind in range(4):
        for variant, tail in enumerate([[], [8, 1], [9, 0, 9, 3], [10, 1, 2, 3, 0]]):
            data = bytes([kind] + genuine + tail + genuine[:8])
            open(os.path.join(out, "model-%d-%d" % (kind, variant)), "wb").write(data)
