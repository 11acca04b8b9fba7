#!/usr/bin/env python3
"""The sandbox, checked by Paytm's own Python library (paytmchecksum 1.7.0), over HTTP.

    ~/.cache/paytm-checkout/venv/bin/python sandbox/tests/crosscheck.py http://127.0.0.1:PORT

Nothing here uses the Rust code: requests are signed by paytmchecksum.generateSignature, response
signatures are checked by paytmchecksum.verifySignature over the raw text of the `body` member
(found with the json module's own scanner, tests/interop/python_responses.py's member_spans),
callback forms are read with html.parser. So a sandbox that agreed with a wrong engine (a wrong
checksum, a signature over re-serialized bytes) fails here. Run by sandbox/tests/python_crosscheck.rs.
Prints `crosscheck: N checks passed`; exits non-zero at the first failure.
"""
import importlib.util
import json
import os
import sys
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urlencode

from paytmchecksum import PaytmChecksum as paytm

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "python_responses", os.path.join(HERE, "..", "..", "tests", "interop", "python_responses.py"))
pr = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pr)

KEY = "PmX#a0x4VpTXRzfK"
OTHER_KEY = "0123456789abcdef"
MID = "INTEGR7769XXXXXX9383"
BASE = sys.argv[1].rstrip("/")
CHECKS = [0]


def check(cond, what):
    if not cond:
        print("crosscheck: FAILED: " + what, file=sys.stderr)
        sys.exit(1)
    CHECKS[0] += 1


def post(path, data, ctype="application/json"):
    req = urllib.request.Request(BASE + path, data=data.encode("utf-8"), method="POST",
                                 headers={"Content-Type": ctype})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.read().decode("utf-8")


def signed_request(path, body_text, key=KEY, signed_text=None):
    sig = paytm.generateSignature(signed_text if signed_text is not None else body_text, key)
    return post(path, '{"head":{"signature":"%s"},"body":%s}' % (sig, body_text))


def verified_body(text):
    """The response's body, after Paytm's library verified head.signature over its raw text."""
    spans = pr.member_spans(text)
    head = json.loads(text[slice(*spans["head"])])
    raw = text[slice(*spans["body"])]
    return paytm.verifySignature(raw, KEY, head.get("signature", "")), json.loads(raw)


def initiate_text(order, amount="1.00", pretty=False):
    body = {"requestType": "Payment", "mid": MID, "websiteName": "WEBSTAGING", "orderId": order,
            "txnAmount": {"value": amount, "currency": "INR"}, "userInfo": {"custId": "CUST_PY"},
            "callbackUrl": "https://merchant.example/callback"}
    return json.dumps(body, indent=3) if pretty else json.dumps(body, separators=(",", ":"))


def initiate(order, amount="1.00", **kw):
    path = "/theia/api/v1/initiateTransaction?" + urlencode({"mid": MID, "orderId": order})
    return signed_request(path, initiate_text(order, amount, kw.get("pretty", False)), kw.get("key", KEY),
                          kw.get("signed_text"))


def code(body):
    return body["resultInfo"]["resultCode"]


class Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.action, self.fields = None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = a.get("action")
        if tag == "input" and a.get("type") == "hidden":
            self.fields.append((a["name"], a.get("value", "")))


def read_form(html):
    f = Forms()
    f.feed(html)
    return f.action, f.fields


def process(order, token, mode_fields):
    body = dict({"requestType": "NATIVE", "mid": MID, "orderId": order}, **mode_fields)
    text = '{"head":{"txnToken":"%s"},"body":%s}' % (token, json.dumps(body, separators=(",", ":")))
    return post("/theia/api/v1/processTransaction?" + urlencode({"mid": MID, "orderId": order}), text)


def status(order, key=KEY):
    return signed_request("/v3/order/status", json.dumps({"mid": MID, "orderId": order}, separators=(",", ":")),
                          key)


def main():
    post("/__admin/reset", "")
    # ---- Initiate: the request signature is verified over the exact body bytes ----
    st, text = initiate("PY_ORDER_1")
    ok, body = verified_body(text)
    check(st == 200 and ok and code(body) == "0000", "initiate signed by paytmchecksum: 0000, signed answer")
    token = body["txnToken"]
    st, text = initiate("PY_ORDER_2", pretty=True)
    ok, body = verified_body(text)
    check(ok and code(body) == "0000", "a pretty-printed body signed over its own bytes is accepted")
    compact = initiate_text("PY_ORDER_3")
    st, text = initiate("PY_ORDER_3", pretty=True, signed_text=compact)
    ok, body = verified_body(text)
    check(ok and code(body) == "2005", "a signature over a re-serialization of the body is 2005")
    st, text = initiate("PY_ORDER_4", key=OTHER_KEY)
    ok, body = verified_body(text)
    check(ok and code(body) == "2005", "a body signed with another key is 2005")
    st, text = initiate("PY_ORDER_1")
    ok, body = verified_body(text)
    check(ok and code(body) == "0002" and body["txnToken"] == token, "an identical repeat is 0002, same token")
    st, text = initiate("PY_ORDER_1", amount="2.00")
    ok, body = verified_body(text)
    check(ok and code(body) == "2023", "same order id, other details: 2023")

    # ---- Wallet: txnInfo's CHECKSUMHASH, map mode ----
    st, text = process("PY_ORDER_1", token, {"paymentMode": "BALANCE"})
    info = json.loads(text)["body"]["txnInfo"]
    sum_ = info.pop("CHECKSUMHASH")
    check(paytm.verifySignature(info, KEY, sum_), "wallet txnInfo CHECKSUMHASH verifies (map mode)")
    check(info["STATUS"] == "TXN_SUCCESS", "wallet direct result is a success")

    # ---- Transaction Status ----
    st, text = status("PY_ORDER_1")
    ok, body = verified_body(text)
    check(ok and body["resultInfo"]["resultStatus"] == "TXN_SUCCESS" and body["txnAmount"] == "1.00",
          "status signed, success, amount")
    st, text = status("PY_ORDER_1", key=OTHER_KEY)
    ok, body = verified_body(text)
    check(ok and code(body) == "2005", "a status request signed with another key is 2005")

    # ---- Card: bank page, OTP, callback form ----
    st, text = initiate("PY_ORDER_CARD", amount="10.00")
    card_token = verified_body(text)[1]["txnToken"]
    st, text = process("PY_ORDER_CARD", card_token, {"paymentMode": "CREDIT_CARD", "authMode": "otp",
                                                     "cardInfo": "|4111111111111111|123|122032"})
    rf = json.loads(text)["body"]["bankForm"]["redirectForm"]
    action = rf["actionURL"]
    check(action.startswith(BASE), "the bank form points at the sandbox's bank page")
    req = urllib.request.Request(action, data=urlencode(rf["content"]).encode(), method="POST")
    page = urllib.request.urlopen(req, timeout=30).read().decode()
    otp_action, otp_fields = read_form(page)
    check('name="otp"' in page, "the bank page asks for the OTP")
    req = urllib.request.Request(otp_action, data=urlencode(otp_fields + [("otp", "123456")]).encode(),
                                 method="POST")
    page = urllib.request.urlopen(req, timeout=30).read().decode()
    cb_action, cb_fields = read_form(page)
    fields = dict(cb_fields)
    check(len(fields) == len(cb_fields), "no duplicated callback field")
    check(cb_action == "https://merchant.example/callback", "the callback form posts to the callbackUrl")
    sum_ = fields.pop("CHECKSUMHASH")
    check(paytm.verifySignature(fields, KEY, sum_), "callback CHECKSUMHASH verifies (map mode)")
    check(fields["STATUS"] == "TXN_SUCCESS" and fields["TXNAMOUNT"] == "10.00", "callback says paid, 10.00")
    txn_id = fields["TXNID"]

    # ---- Refund and Refund Status ----
    rbody = json.dumps({"mid": MID, "txnType": "REFUND", "orderId": "PY_ORDER_CARD", "txnId": txn_id,
                        "refId": "PY_REF_1", "refundAmount": "4.00"}, separators=(",", ":"))
    st, text = signed_request("/refund/apply", rbody)
    ok, body = verified_body(text)
    check(ok and code(body) == "601", "refund accepted as pending (601), signed")
    sbody = json.dumps({"mid": MID, "orderId": "PY_ORDER_CARD", "refId": "PY_REF_1"}, separators=(",", ":"))
    states = []
    for _ in range(2):
        st, text = signed_request("/v2/refund/status", sbody)
        ok, body = verified_body(text)
        check(ok, "refund status signed")
        states.append(body["resultInfo"]["resultStatus"])
    check(states == ["PENDING", "TXN_SUCCESS"], "refund pending, then success: %r" % states)

    # ---- The tamper instrument really breaks the signature, once ----
    st, text = initiate("PY_ORDER_TAMPER", amount="666.00")
    t = verified_body(text)[1]["txnToken"]
    process("PY_ORDER_TAMPER", t, {"paymentMode": "BALANCE"})
    ok1, _ = verified_body(status("PY_ORDER_TAMPER")[1])
    ok2, body = verified_body(status("PY_ORDER_TAMPER")[1])
    check(not ok1 and ok2 and body["txnAmount"] == "666.00", "amount 666.00: first status tampered, then genuine")

    # ---- Session expiry in sandbox time ----
    st, text = initiate("PY_ORDER_LATE")
    t = verified_body(text)[1]["txnToken"]
    post("/__admin/advance?ms=900000", "")
    st, text = process("PY_ORDER_LATE", t, {"paymentMode": "BALANCE"})
    check(code(json.loads(text)["body"]) == "1006", "a token 15 sandbox minutes old is 1006")

    print("crosscheck: %d checks passed" % CHECKS[0])


if __name__ == "__main__":
    main()
