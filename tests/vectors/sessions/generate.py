#!/usr/bin/env python3
"""Writes tests/vectors/sessions/scenarios.json: checkout and refund scenarios that the Rust, C
and JS runners all replay through their session APIs.

Every response a scenario feeds is signed by Paytm's own library (paytmchecksum, through the
helpers of ../responses/generate.py, fixed salts), so the sessions are proven against the bytes
Paytm would send, not against our own signer. Run again to rewrite identical bytes:

    ~/.cache/paytm-checkout/venv/bin/python tests/vectors/sessions/generate.py

Scenario: {"name", "kind": "checkout"|"refund", "proves", "key": "test"|null, "config", "steps"}.
Steps, in order ("now" in ms):
  {"op":"next","now":T,"expect":{PATH: VALUE, ...}}   next_action; each dotted PATH of the action's
                                                       JSON must equal VALUE ("request.url" etc.)
  {"op":"respond","now":T,"status":200,"body":"…"}     handle_response
  {"op":"send_failure","now":T}                        handle_send_failure
  {"op":"pay","now":T,"payment":{…}}                   pay (Process Transaction input without
                                                       txnToken/mid/orderId)
  {"op":"callback","now":T,"body":"…"}                 handle_callback
  {"op":"restart","withToken":bool,"token":"…"?}       save, drop, restore (with the credentials;
                                                       with "token" — the checkout's txnToken or
                                                       the wallet user's access token — when
                                                       withToken)
  {"op":"retry","now":T}                               refund sessions: a new attempt
  {"op":"collect","cycle":"…","orderId":"…","amount":"…"}  subscription: collect one cycle (at the
                                                       session's clock: the latest next's now)
  {"op":"cancel"} / {"op":"pause"} / {"op":"resume"}   subscription: cancel, pause, resume
  {"op":"pre_notify","cycle","amount","txnDate","referenceId","txnMessage","invoiceDisplayNo"?}
                                                       subscription: the pre-debit notification
Any step may carry "error":"CODE_NAME": the call must fail with that code.
"""
import importlib.util
import json
import os
from urllib.parse import urlencode

HERE = os.path.dirname(os.path.abspath(__file__))
# The response fixtures' signing helpers (Paytm's library, fixed salts), loaded by path.
_spec = importlib.util.spec_from_file_location("response_fixtures", os.path.join(HERE, "..", "responses", "generate.py"))
r = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(r)

MID = r.MID
TOKEN = r.TOKEN
ORDER = "ORDER_1001"
T0 = 1_700_000_000_000
SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
TXN_ID = "20231114XXXXXX00000000000000000001"

SERVER = {
    "environment": "staging",
    "mid": MID,
    "orderId": ORDER,
    "amount": "1.00",
    "initiate": {
        "mid": MID,
        "orderId": ORDER,
        "websiteName": "WEBSTAGING",
        "txnAmount": {"value": "1.00", "currency": "INR"},
        "userInfo": {"custId": "CUST_001"},
        "callbackUrl": "https://merchant.example/callback",
    },
}
CLIENT = {
    "environment": "staging",
    "mid": MID,
    "orderId": ORDER,
    "amount": "1.00",
    "txnToken": TOKEN,
    "tokenIssuedAt": T0,
}
CARD = {"paymentMode": "CREDIT_CARD", "authMode": "otp",
        "cardInfo": {"type": "new", "cardNumber": "4111111111111111", "cvv": "111", "expiry": "122032"}}
NETBANKING = {"paymentMode": "NET_BANKING", "channelCode": "SBI"}
UPI_COLLECT = {"paymentMode": "UPI", "channelCode": "collect", "payerAccount": "7777777777@paytm"}
UPI_INTENT = {"paymentMode": "UPI_INTENT"}
WALLET = {"paymentMode": "BALANCE"}


def signed(body):
    text = r.compact(body)
    return r.envelope(text, r.sign_text(text))


def initiate_ok(code="0000", msg="Success"):
    return signed({"resultInfo": r.ri("S", code, msg), "txnToken": TOKEN,
                   "isPromoCodeValid": False, "authenticated": False})


def initiate_fail(status, code, msg):
    return signed({"resultInfo": r.ri(status, code, msg)})


def bank_form():
    return r.envelope(r.compact({
        "resultInfo": dict(r.ri("S", "0000", "Success"), isRedirect=False, bankRetry=False, retry=False),
        "bankForm": {"pageType": "redirect", "redirectForm": {
            "actionURL": "https://bank.example/acs", "method": "post", "type": "redirect",
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            "content": {"MD": "1386959067", "PaReq": "eJxVUsFy4jAM3036f4C56Zvls="}}}}), None)


def deep_link():
    return r.envelope(r.compact({
        "resultInfo": r.ri("S", "0000", "Success"),
        "deepLinkInfo": {"deepLink": "upi://pay?pa=paytm@paytm&pn=Merchant&am=1.00&tr=1001",
                         "orderId": ORDER, "cashierRequestId": "CR_1", "transId": TXN_ID}}), None)


def process_accepted():
    return r.envelope(r.compact({"resultInfo": r.ri("S", "0000", "Success")}), None)


def process_fail(code, msg, retry):
    return r.envelope(r.compact({"resultInfo": dict(r.ri("F", code, msg), retry=retry)}), None)


def txn_fields(status="TXN_SUCCESS", amount="1.00", order=ORDER, respcode="01", respmsg="Txn Success"):
    return {"ORDERID": order, "MID": MID, "TXNID": TXN_ID, "TXNAMOUNT": amount, "PAYMENTMODE": "CC",
            "CURRENCY": "INR", "TXNDATE": "2023-11-14 22:13:20.0", "STATUS": status, "RESPCODE": respcode,
            "RESPMSG": respmsg, "GATEWAYNAME": "HDFC", "BANKTXNID": "777001", "BANKNAME": "HDFC Bank"}


def wallet_direct(status="TXN_SUCCESS"):
    t = dict(txn_fields(status), PAYMENTMODE="PPI", GATEWAYNAME="WALLET", BANKNAME="WALLET")
    t["CHECKSUMHASH"] = r.sign_map(t)
    return r.envelope(r.compact({"resultInfo": r.ri("S", "0000", "Success"), "txnInfo": t}), None)


def callback(**kw):
    fields = txn_fields(**kw)
    return urlencode(list(fields.items()) + [("CHECKSUMHASH", r.sign_map(fields))])


def status(state, code, msg, amount="1.00", order=ORDER, mid=MID):
    return signed({"resultInfo": r.ri(state, code, msg), "txnId": TXN_ID, "bankTxnId": "777001",
                   "orderId": order, "txnAmount": amount, "txnType": "SALE", "gatewayName": "HDFC",
                   "bankName": "HDFC Bank", "mid": mid, "paymentMode": "CC", "refundAmt": "0.00",
                   "txnDate": "2023-11-14 22:13:20.0"})


def status_success(**kw):
    return status("TXN_SUCCESS", "01", "Txn Success", **kw)


def status_pending():
    return status("PENDING", "402", "Looks like the payment is not complete.")


def status_failure():
    return status("TXN_FAILURE", "227", "Your payment has been declined by your bank.")


def status_not_found():
    return signed({"resultInfo": r.ri("F", "334", "Invalid Order Id.")})


def tamper(text):
    """One byte of the signed body changed (the amount's first digit)."""
    assert '"txnAmount":"1.00"' in text
    return text.replace('"txnAmount":"1.00"', '"txnAmount":"9.00"', 1)


def nxt(now, **expect):
    return {"op": "next", "now": now, "expect": expect}


def send(now, purpose, **more):
    return nxt(now, type="send", purpose=purpose, **more)


def respond(now, body, status_=200, error=None):
    s = {"op": "respond", "now": now, "status": status_, "body": body}
    if error:
        s["error"] = error
    return s


def done(now, status_, **more):
    return nxt(now, type="done", **{"outcome.status": status_}, **more)


def start_server(t=T0):
    """Initiate, then the token is ready."""
    return [
        send(t, "initiate", **{"request.method": "POST"}),
        respond(t + 300, initiate_ok()),
        nxt(t + 400, type="collect_payment", txnToken=TOKEN, expiresAt=t + 15 * MIN),
    ]


def pay(now, payment, error=None):
    s = {"op": "pay", "now": now, "payment": payment}
    if error:
        s["error"] = error
    return s


def submitted(now, payment, answer):
    """The payment details arrive; the session sends Process Transaction at once; `answer` comes
    back 500 ms later."""
    return [pay(now, payment), send(now, "process"), respond(now + 500, answer)]


def genuine_answer_decides(t):
    """After answers refused as another order's, the status request is still out: the session
    waits for its answer, and the genuine one (success) ends it."""
    return [
        nxt(t + 250, type="wait", reason="response"),
        respond(t + 300, status_success()),
        done(t + 400, "success"),
    ]


def cb(now, body, error=None):
    s = {"op": "callback", "now": now, "body": body}
    if error:
        s["error"] = error
    return s


def verified_success(t):
    return [
        send(t, "status"),
        respond(t + 200, status_success()),
        done(t + 300, "success", **{"outcome.transaction.orderId": ORDER, "outcome.transaction.amount": "1.00",
                                    "outcome.transaction.verification": "verified"}),
    ]


REFUND_CFG = {"environment": "staging", "mid": MID, "orderId": ORDER, "txnId": TXN_ID,
              "refId": "REF_1001", "refundAmount": "1.00"}


def refund_resp(state, code, msg, ref="REF_1001"):
    return signed({"txnTimestamp": "2023-11-14 22:13:20.0", "orderId": ORDER, "mid": MID, "refId": ref,
                   "resultInfo": r.ri(state, code, msg), "refundId": "RFD_1", "txnId": TXN_ID,
                   "refundAmount": "1.00"})

def refund_status(state, code, msg, ref="REF_1001", order=ORDER, mid=MID, amount="1.00", txn=TXN_ID):
    return signed({"source": "MERCHANT", "txnId": txn, "orderId": order, "txnAmount": "1.00", "mid": mid,
                   "refundAmount": amount, "refId": ref, "refundId": "RFD_1",
                   "resultInfo": r.ri(state, code, msg)})


SCENARIOS = []


def scenario(name, proves, steps, kind="checkout", key="test", config=None):
    SCENARIOS.append({"name": name, "kind": kind, "proves": proves, "key": key,
                      "config": config if config is not None else SERVER, "steps": steps})


def build():
    t = T0
    # ---- happy path per payment mode ----
    scenario("card_bank_form_callback_success",
             "card: initiate, pay, bank form, signed callback, status check, reconciled success",
             start_server() + [
                 pay(t + 1 * MIN, CARD),
                 send(t + 1 * MIN, "process", **{"request.method": "POST"}),
                 respond(t + 1 * MIN + 500, bank_form()),
                 nxt(t + 1 * MIN + 600, type="render_bank_form", **{"form.redirectForm.actionURL": "https://bank.example/acs"}),
                 nxt(t + 1 * MIN + 700, type="wait", reason="callback", until=t + 1 * MIN + 15 * MIN),
                 cb(t + 3 * MIN, callback()),
             ] + verified_success(t + 3 * MIN))
    scenario("net_banking_success",
             "net banking: the bank form path, verified by status",
             start_server() + [
                 *submitted(t + MIN, NETBANKING, bank_form()),
                 nxt(t + MIN + 600, type="render_bank_form"),
                 cb(t + 4 * MIN, callback()),
             ] + verified_success(t + 4 * MIN))
    scenario("upi_intent_deep_link_success",
             "UPI intent: a deep link to open, then callback and status",
             start_server() + [
                 *submitted(t + MIN, UPI_INTENT, deep_link()),
                 nxt(t + MIN + 600, type="open_deep_link", url="upi://pay?pa=paytm@paytm&pn=Merchant&am=1.00&tr=1001"),
                 cb(t + 2 * MIN, callback()),
             ] + verified_success(t + 2 * MIN))
    scenario("upi_collect_no_callback_status_at_15_min",
             "UPI collect: no form; the lost callback is resolved by the status query 15 min after submission",
             start_server() + [
                 *submitted(t + MIN, UPI_COLLECT, process_accepted()),
                 nxt(t + MIN + 600, type="wait", reason="callback", until=t + 16 * MIN),
                 nxt(t + 10 * MIN, type="wait", reason="callback", until=t + 16 * MIN),
             ] + verified_success(t + 16 * MIN))
    scenario("wallet_direct_txninfo_success",
             "wallet: txnInfo arrives in the Process response (map-mode CHECKSUMHASH), still verified by status",
             start_server() + [
                 *submitted(t + MIN, WALLET, wallet_direct()),
             ] + verified_success(t + MIN + 600))
    # ---- failures ----
    scenario("card_declined_by_status",
             "declined: callback says failure, status confirms, outcome failure/declined with Paytm's code",
             start_server() + [
                 *submitted(t + MIN, CARD, bank_form()),
                 nxt(t + MIN + 600, type="render_bank_form"),
                 cb(t + 3 * MIN, callback(status="TXN_FAILURE", respcode="227", respmsg="Declined")),
                 send(t + 3 * MIN, "status"),
                 respond(t + 3 * MIN + 200, status_failure()),
                 done(t + 3 * MIN + 300, "failure", **{"outcome.reason": "declined", "outcome.failure.code": "227"}),
             ])
    scenario("process_retry_allowed_then_success",
             "a wrong passcode allows a retry with the same token; the second attempt succeeds",
             start_server() + [
                 *submitted(t + MIN, WALLET, process_fail("931", "Incorrect Passcode", True)),
                 nxt(t + MIN + 600, type="collect_payment", **{"retryOf.code": "931"}),
                 *submitted(t + 2 * MIN, WALLET, wallet_direct()),
             ] + verified_success(t + 2 * MIN + 600))
    # ---- pending ----
    scenario("pending_then_success",
             "pending at the first check, success at the next scheduled one (15 min, then 30 min after submission)",
             start_server() + [
                 *submitted(t + MIN, UPI_COLLECT, process_accepted()),
                 cb(t + 5 * MIN, callback(status="PENDING", respcode="402", respmsg="Pending")),
                 send(t + 5 * MIN, "status"),
                 respond(t + 5 * MIN + 200, status_pending()),
                 nxt(t + 5 * MIN + 300, type="wait", reason="pending", until=t + MIN + 15 * MIN),
                 send(t + MIN + 15 * MIN, "status"),
                 respond(t + MIN + 15 * MIN + 200, status_pending()),
                 nxt(t + MIN + 15 * MIN + 300, type="wait", reason="pending", until=t + MIN + 30 * MIN),
             ] + verified_success(t + MIN + 30 * MIN))
    steps = start_server() + [
        *submitted(t + MIN, UPI_COLLECT, process_accepted()),
    ]
    sub = t + MIN
    for off in (15 * MIN, 30 * MIN, HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR):
        steps += [send(sub + off, "status"), respond(sub + off + 200, status_pending()),
                  nxt(sub + off + 300, type="wait", reason="pending")]
    steps += [send(sub + 72 * HOUR, "status"), respond(sub + 72 * HOUR + 200, status_pending()),
              done(sub + 72 * HOUR + 300, "failure", **{"outcome.reason": "pending_timeout"})]
    scenario("pending_past_72_hours_fails",
             "pending through the whole late-notification schedule (8 queries): failed after 72 h", steps)
    # ---- tampering ----
    scenario("tampered_status_response_refused_then_retried",
             "a status response with one byte changed is SIGNATURE refused, the session asks again 30 s later and "
             "accepts the genuine one",
             start_server() + [
                 *submitted(t + MIN, WALLET, wallet_direct()),
                 send(t + 2 * MIN, "status"),
                 respond(t + 2 * MIN + 200, tamper(status_success()), error="CHECKSUM_MISMATCH"),
                 nxt(t + 2 * MIN + 300, type="wait", reason="pending", until=t + 2 * MIN + 200 + 30 * SEC),
             ] + verified_success(t + 2 * MIN + 200 + 30 * SEC))
    scenario("unusable_status_answers_back_off",
             "status answers that never verify are retried 30 s, then 1 min, then 2 min later: an outage or a wrong "
             "key is not a query every 30 s for three days",
             start_server() + [
                 *submitted(t + MIN, WALLET, wallet_direct()),
                 send(t + 2 * MIN, "status"),
                 respond(t + 2 * MIN, tamper(status_success()), error="CHECKSUM_MISMATCH"),
                 nxt(t + 2 * MIN, type="wait", reason="pending", until=t + 2 * MIN + 30 * SEC),
                 send(t + 2 * MIN + 30 * SEC, "status"),
                 respond(t + 2 * MIN + 30 * SEC, tamper(status_success()), error="CHECKSUM_MISMATCH"),
                 nxt(t + 2 * MIN + 30 * SEC, type="wait", reason="pending", until=t + 3 * MIN + 30 * SEC),
                 send(t + 3 * MIN + 30 * SEC, "status"),
                 {"op": "send_failure", "now": t + 3 * MIN + 40 * SEC},
                 nxt(t + 3 * MIN + 40 * SEC, type="wait", reason="pending", until=t + 5 * MIN + 40 * SEC),
             ] + verified_success(t + 5 * MIN + 40 * SEC))
    scenario("tampered_callback_refused",
             "a callback whose amount was changed is refused (2xxx) and changes nothing; the genuine one proceeds",
             start_server() + [
                 *submitted(t + MIN, CARD, bank_form()),
                 nxt(t + MIN + 600, type="render_bank_form"),
                 cb(t + 2 * MIN, callback().replace("TXNAMOUNT=1.00", "TXNAMOUNT=0.01"), error="CHECKSUM_MISMATCH"),
                 nxt(t + 2 * MIN + 100, type="wait", reason="callback"),
                 cb(t + 3 * MIN, callback()),
             ] + verified_success(t + 3 * MIN))
    scenario("amount_mismatch_refused",
             "a signed status reporting success for another amount is not an answer about this payment: "
             "ORDER_MISMATCH, the request stays out, the genuine answer decides",
             start_server() + [
                 *submitted(t + MIN, WALLET, wallet_direct()),
                 send(t + 2 * MIN, "status"),
                 respond(t + 2 * MIN + 200, status_success(amount="0.50"), error="ORDER_MISMATCH"),
             ] + genuine_answer_decides(t + 2 * MIN))
    # ---- token expiry ----
    scenario("expired_token_pay_refused",
             "pay 15 minutes after the token was issued is TXN_TOKEN_EXPIRED; the server checks status, nobody paid",
             start_server() + [
                 pay(t + 15 * MIN, CARD, error="TXN_TOKEN_EXPIRED"),
                 send(t + 15 * MIN + 1, "status"),
                 respond(t + 15 * MIN + 200, status_not_found()),
                 done(t + 15 * MIN + 300, "failure", **{"outcome.reason": "token_expired"}),
             ])
    scenario("client_expired_token",
             "client half: the token expires before payment details arrive: failure/token_expired",
             [nxt(t + MIN, type="collect_payment", expiresAt=t + 15 * MIN),
              pay(t + 16 * MIN, CARD, error="TXN_TOKEN_EXPIRED"),
              done(t + 16 * MIN, "failure", **{"outcome.reason": "token_expired"})],
             key=None, config=CLIENT)
    # ---- idempotency ----
    scenario("initiate_idempotent_0002_after_timeout",
             "the first initiate times out; the retry (same order id) gets 0002 Success Idempotent and proceeds",
             [send(t, "initiate"),
              {"op": "send_failure", "now": t + 10 * SEC},
              nxt(t + 10 * SEC, type="wait", reason="retry", until=t + 11 * SEC),
              send(t + 11 * SEC, "initiate"),
              respond(t + 11 * SEC + 300, initiate_ok("0002", "Success Idempotent")),
              # The 0002 token is the first attempt's: valid 15 minutes from the first send.
              nxt(t + 12 * SEC, type="collect_payment", expiresAt=t + 15 * MIN)])
    other = r.compact({"resultInfo": r.ri("F", "2005", "Checksum provided is invalid")})
    wrong_key = r.envelope(other, r.sign_text(other, r.OTHER_KEY))
    scenario("initiate_answers_never_verify_bad_signatures",
             "every initiate answer is signed with another key (a misconfigured merchant key): three attempts, "
             "each refused with CHECKSUM_PADDING, then failure/bad_signatures, never 'unavailable'",
             [send(t, "initiate"), respond(t + 300, wrong_key, error="CHECKSUM_PADDING"),
              nxt(t + 400, type="wait", reason="retry", until=t + 1300),
              send(t + 1300, "initiate"), respond(t + 1600, wrong_key, error="CHECKSUM_PADDING"),
              nxt(t + 1700, type="wait", reason="retry", until=t + 3600),
              send(t + 3700, "initiate"), respond(t + 4000, wrong_key, error="CHECKSUM_PADDING"),
              done(t + 4100, "failure", **{"outcome.reason": "bad_signatures"})])
    scenario("initiate_repeat_request_inconsistent_2023",
             "initiate answers 2023: the order id was used with other details; failure, no retry",
             [send(t, "initiate"),
              respond(t + 300, initiate_fail("F", "2023", "Repeat Request Inconsistent")),
              done(t + 400, "failure", **{"outcome.reason": "repeat_request_inconsistent",
                                          "outcome.failure.code": "2023"})])
    scenario("duplicate_callback_harmless",
             "the same callback twice (and once more after the end) changes nothing: one status check, one outcome",
             start_server() + [
                 *submitted(t + MIN, CARD, bank_form()),
                 nxt(t + MIN + 600, type="render_bank_form"),
                 cb(t + 3 * MIN, callback()),
                 cb(t + 3 * MIN + 10, callback()),
                 send(t + 3 * MIN + 20, "status"),
                 cb(t + 3 * MIN + 30, callback()),
                 respond(t + 3 * MIN + 200, status_success()),
                 done(t + 3 * MIN + 300, "success"),
                 cb(t + 4 * MIN, callback()),
                 done(t + 4 * MIN, "success"),
             ])
    scenario("callback_for_other_order_refused",
             "a genuine callback for another order is ORDER_MISMATCH and leaves the session waiting",
             start_server() + [
                 *submitted(t + MIN, CARD, bank_form()),
                 nxt(t + MIN + 600, type="render_bank_form"),
                 cb(t + 2 * MIN, callback(order="ORDER_9999"), error="ORDER_MISMATCH"),
                 nxt(t + 2 * MIN, type="wait", reason="callback"),
             ])
    # ---- restart ----
    scenario("app_restart_mid_flow",
             "saved while the bank page is open, restored with the key: the lost callback is resolved by status",
             start_server() + [
                 *submitted(t + MIN, CARD, bank_form()),
                 nxt(t + MIN + 600, type="render_bank_form"),
                 {"op": "restart", "withToken": False},
                 nxt(t + 5 * MIN, type="wait", reason="callback", until=t + 16 * MIN),
             ] + verified_success(t + 16 * MIN))
    scenario("restart_with_request_in_flight",
             "saved while Process was out (response lost in the crash): restored, the status query decides",
             start_server() + [
                 pay(t + MIN, CARD),
                 send(t + MIN, "process"),
                 {"op": "restart", "withToken": False},
             ] + verified_success(t + 2 * MIN))
    scenario("restart_before_payment_needs_token",
             "saved while collecting the payment: restored with the txnToken, the customer pays",
             start_server() + [
                 {"op": "restart", "withToken": True, "token": TOKEN},
                 nxt(t + 2 * MIN, type="collect_payment", txnToken=TOKEN),
                 *submitted(t + 2 * MIN, WALLET, wallet_direct()),
             ] + verified_success(t + 3 * MIN))
    # ---- client half ----
    scenario("client_half_card_unverified",
             "client half (no key): pays with the token, shows the bank form, then hands over as unverified",
             [nxt(t + MIN, type="collect_payment", txnToken=TOKEN),
              *submitted(t + MIN, CARD, bank_form()),
              nxt(t + MIN + 600, type="render_bank_form"),
              done(t + MIN + 700, "unverified")],
             key=None, config=CLIENT)
    scenario("client_half_wallet_hint",
             "client half: a direct txnInfo is passed on as an unverified hint, never as success",
             [pay(t + MIN, WALLET),
              send(t + MIN, "process"),
              respond(t + MIN + 500, wallet_direct()),
              done(t + MIN + 600, "unverified", **{"outcome.transaction.state": "success",
                                                   "outcome.transaction.verification": "skipped"})],
             key=None, config=CLIENT)

    # ---- refunds ----

    scenario("refund_pending_then_success",
             "refund accepted as pending, confirmed by Refund Status at the scheduled query",
             [send(t, "refund", **{"request.url": "https://securestage.paytmpayments.com/refund/apply"}),
              respond(t + 300, refund_resp("PENDING", "601", "Refund request was raised")),
              send(t + 400, "refund_status"),
              respond(t + 600, refund_status("PENDING", "601", "Refund request was raised")),
              nxt(t + 700, type="wait", reason="pending", until=t + 15 * MIN),
              {"op": "retry", "now": t + MIN, "error": "REFUND_NOT_ALLOWED"},
              send(t + 15 * MIN, "refund_status"),
              respond(t + 15 * MIN + 200, refund_status("TXN_SUCCESS", "10", "Refund Successfull")),
              done(t + 15 * MIN + 300, "refunded"),
              {"op": "retry", "now": t + 16 * MIN, "error": "REFUND_NOT_ALLOWED"}],
             kind="refund", config=REFUND_CFG)
    scenario("refund_failed_then_retried_with_new_refid",
             "a failed refund may be retried, with a new REFID (REF_1001-2)",
             [send(t, "refund"),
              respond(t + 300, refund_resp("TXN_FAILURE", "617", "Refund Already Raised")),
              done(t + 400, "failure", **{"outcome.reason": "declined", "outcome.failure.code": "617"}),
              {"op": "retry", "now": t + MIN},
              send(t + MIN, "refund", **{"request.body": None}),
              respond(t + MIN + 300, refund_resp("PENDING", "601", "Refund request was raised", ref="REF_1001-2")),
              send(t + MIN + 400, "refund_status"),
              respond(t + MIN + 600, refund_status("TXN_SUCCESS", "10", "Refund Successfull", ref="REF_1001-2")),
              done(t + MIN + 700, "refunded")],
             kind="refund", config=REFUND_CFG)
    scenario("refund_lost_response_never_raised_twice",
             "the Refund call times out: the session asks Refund Status with the same REFID instead of refunding again",
             [send(t, "refund"),
              {"op": "send_failure", "now": t + 10 * SEC},
              nxt(t + 11 * SEC, type="wait", reason="pending", until=t + 40 * SEC),
              send(t + 40 * SEC, "refund_status"),
              respond(t + 40 * SEC + 200, refund_status("TXN_SUCCESS", "10", "Refund Successfull")),
              done(t + 41 * SEC, "refunded")],
             kind="refund", config=REFUND_CFG)


WALLET_ORDER = "WALLET_1001"
WALLET_CFG = {"environment": "staging", "mid": MID, "orderId": WALLET_ORDER, "amount": "10.00", "custId": "CUST_001",
              "phone": "5558889990", "channel": "WAP", "industryType": "Retail", "website": "WEBSTAGING",
              "appIp": "10.0.0.1", "deviceId": "D1", "addMoneyCallbackUrl": "https://merchant.example/add-money"}
WALLET_CREDS = {"merchantKey": r.KEY, "clientId": "C11", "clientSecret": "client-secret-1"}
SSO = "c748d624-d92a-4599-b954-5c6274e01552"


def build_wallet():
    t = T0
    send_otp_ok = r.compact({"status": "SUCCESS", "responseCode": "01", "state": "65cb6680-29f6-11e4-aad2-3c970ea8b87f"})
    otp_ok = r.compact({"access_token": SSO, "expires": t + 30 * 24 * HOUR, "scope": "wallet", "resourceOwnerId": "123456"})
    otp_bad = r.compact({"status": "FAILURE", "responseCode": "403", "message": "Invalid Otp"})

    def consult(sufficient, allowed, deficit):
        return signed({"fundsSufficient": sufficient, "addMoneyAllowed": allowed, "deficitAmount": deficit,
                       "resultInfo": r.ri("SUCCESS", "CS_0000", "Request served successfully.")})

    def withdraw(status="TXN_SUCCESS", code="01", msg="Txn Successful."):
        w = {"TxnId": "1000000654", "MID": MID, "OrderId": WALLET_ORDER, "TxnAmount": "10.00",
             "BankTxnId": "C3727C22090D1A22", "ResponseCode": code, "ResponseMessage": msg, "Status": status,
             "PaymentMode": "PPI", "BankName": "WALLET", "CustId": "CUST_001",
             "MBID": "3624e4c0-1262-11e4-993f-0016364efa11"}
        w["CheckSum"] = r.sign_map(w)
        return r.compact(w)

    def wallet_status(state="TXN_SUCCESS", code="01", msg="Txn Success"):
        """The signed v3 Transaction Status answer that confirms the withdrawal."""
        return signed({"resultInfo": r.ri(state, code, msg), "txnId": "1000000654",
                       "bankTxnId": "C3727C22090D1A22", "orderId": WALLET_ORDER, "txnAmount": "10.00",
                       "txnType": "SALE", "gatewayName": "WALLET", "bankName": "WALLET", "mid": MID,
                       "paymentMode": "PPI", "refundAmt": "0.00", "txnDate": "2023-11-14 22:13:20.0"})

    def legacy_status():
        """getTxnStatus's answer (spec/auto-debit.md): no signature, so it can never confirm."""
        return r.compact({"TXNID": "1000000654", "BANKTXNID": "C3727C22090D1A22", "ORDERID": WALLET_ORDER,
                          "TXNAMOUNT": "10.00", "STATUS": "TXN_SUCCESS", "TXNTYPE": "SALE", "GATEWAYNAME": "WALLET",
                          "RESPCODE": "01", "RESPMSG": "Txn Successful.", "BANKNAME": "WALLET", "MID": MID,
                          "PAYMENTMODE": "PPI", "REFUNDAMT": "0.00", "TXNDATE": "2023-11-14 22:13:20.0"})

    def add_money_callback():
        f = {"ORDERID": WALLET_ORDER + "-AM1", "MID": MID, "TXNID": "1000000700", "TXNAMOUNT": "4.00",
             "PAYMENTMODE": "DC", "CURRENCY": "INR", "TXNDATE": "2023-11-14 22:15:00.0", "STATUS": "TXN_SUCCESS",
             "RESPCODE": "01", "RESPMSG": "Txn Success", "GATEWAYNAME": "HDFC", "BANKTXNID": "777002",
             "BANKNAME": "HDFC Bank"}
        return urlencode(list(f.items()) + [("CHECKSUMHASH", r.sign_map(f))])

    def otp(now, code, error=None):
        st = {"op": "otp", "now": now, "otp": code}
        if error:
            st["error"] = error
        return st

    def wscenario(name, proves, steps, config=None):
        SCENARIOS.append({"name": name, "kind": "wallet", "proves": proves, "key": "test",
                          "credentials": WALLET_CREDS, "config": config or WALLET_CFG, "steps": steps})

    pay_steps = [
        send(t + MIN, "withdraw", **{"request.url": "https://securestage.paytmpayments.com/order/directPay"}),
        respond(t + MIN + 300, withdraw()),
        send(t + MIN + 400, "status", **{"request.url": "https://securestage.paytmpayments.com/v3/order/status"}),
        respond(t + MIN + 600, wallet_status()),
        done(t + MIN + 700, "success", **{"outcome.transaction.amount": "10.00"}),
    ]
    wscenario("wallet_link_consult_withdraw_success",
              "auto-debit: send OTP, the user's OTP, validate, consult (sufficient), withdraw, status: success",
              [send(t, "send_otp", **{"request.url": "https://accounts-uat.paytm.com/signin/otp"}),
               respond(t + 300, send_otp_ok),
               nxt(t + 400, type="collect_otp"),
               otp(t + 20 * SEC, "12"  , error="INVALID_FIELD"),
               otp(t + 20 * SEC, "489871"),
               send(t + 20 * SEC, "validate_otp"),
               respond(t + 21 * SEC, otp_ok),
               send(t + 22 * SEC, "check_balance"),
               respond(t + 23 * SEC, consult(True, False, "0.00")),
               ] + pay_steps)
    wscenario("wallet_wrong_otp_retry",
              "a wrong OTP lets the user try again; the second one links",
              [send(t, "send_otp"),
               respond(t + 300, send_otp_ok),
               otp(t + 20 * SEC, "111111"),
               send(t + 20 * SEC, "validate_otp"),
               respond(t + 21 * SEC, otp_bad, status_=403),
               nxt(t + 22 * SEC, type="collect_otp", **{"retryOf.code": "403"}),
               otp(t + 30 * SEC, "489871"),
               send(t + 30 * SEC, "validate_otp"),
               respond(t + 31 * SEC, otp_ok),
               send(t + 32 * SEC, "check_balance")])
    linked = dict(WALLET_CFG, ssoToken=SSO)
    wscenario("wallet_add_money_then_withdraw",
              "balance short by 4.00, add money allowed: the signed add-money form, its callback, consult again, "
              "withdraw, status: success",
              [send(t, "check_balance"),
               respond(t + 300, consult(False, True, "4.00")),
               nxt(t + 400, type="open_form", **{"form.action": "https://securestage.paytmpayments.com/theia/processTransaction"}),
               nxt(t + 500, type="wait", reason="callback"),
               {"op": "restart", "withToken": True, "token": SSO},
               cb(t + 50 * SEC, add_money_callback()),
               send(t + 51 * SEC, "check_balance"),
               respond(t + 52 * SEC, consult(True, False, "0.00")),
               ] + pay_steps, config=linked)
    wscenario("wallet_insufficient_no_add_money",
              "balance short and add money not allowed: failure/insufficient_funds, nothing withdrawn",
              [send(t, "check_balance"),
               respond(t + 300, consult(False, False, "4.00")),
               done(t + 400, "failure", **{"outcome.reason": "insufficient_funds"})], config=linked)
    wscenario("wallet_withdraw_declined",
              "withdraw answers TXN_FAILURE: failure/declined with the wallet's code",
              [send(t, "check_balance"),
               respond(t + 300, consult(True, False, "0.00")),
               send(t + MIN, "withdraw"),
               respond(t + MIN + 300, withdraw("TXN_FAILURE", "227", "Insufficient Balance")),
               done(t + MIN + 400, "failure", **{"outcome.reason": "declined", "outcome.failure.code": "227"})],
              config=linked)
    tampered = wallet_status().replace('"txnAmount":"10.00"', '"txnAmount":"1.00"', 1)
    assert tampered != wallet_status()
    wscenario("wallet_status_must_verify",
              "only a verified status confirms a withdrawal: a tampered status and the unsigned legacy "
              "getTxnStatus answer change nothing; the signed status settles it",
              [send(t, "check_balance"),
               respond(t + 300, consult(True, False, "0.00")),
               send(t + MIN, "withdraw"),
               respond(t + MIN + 300, withdraw()),
               send(t + MIN + 400, "status"),
               respond(t + MIN + 600, tampered, error="CHECKSUM_MISMATCH"),
               nxt(t + MIN + 700, type="wait", reason="pending"),
               send(t + 2 * MIN, "status"),
               respond(t + 2 * MIN + 200, legacy_status(), error="RESPONSE_MALFORMED"),
               nxt(t + 2 * MIN + 300, type="wait", reason="pending"),
               send(t + 3 * MIN, "status"),
               respond(t + 3 * MIN + 200, wallet_status()),
               done(t + 3 * MIN + 300, "success", **{"outcome.transaction.verification": "verified"})],
              config=linked)


def build_client(t=T0):
    """The client half (no key) on every path of its own; after the others, so that their
    signatures (salts drawn in order) stay byte for byte the same."""
    scenario("client_half_upi_intent_deep_link",
             "client half: UPI intent opens the deep link, then hands over as unverified",
             [pay(t + MIN, UPI_INTENT),
              send(t + MIN, "process"),
              respond(t + MIN + 500, deep_link()),
              nxt(t + MIN + 600, type="open_deep_link",
                  url="upi://pay?pa=paytm@paytm&pn=Merchant&am=1.00&tr=1001"),
              done(t + MIN + 700, "unverified")],
             key=None, config=CLIENT)
    scenario("client_half_retry_then_declined",
             "client half: a retryable failure collects the payment again with the same token; a refusal "
             "ends it failure/declined with Paytm's code",
             [pay(t + MIN, WALLET),
              send(t + MIN, "process"),
              respond(t + MIN + 500, process_fail("931", "Incorrect Passcode", True)),
              nxt(t + MIN + 600, type="collect_payment", txnToken=TOKEN, **{"retryOf.code": "931"}),
              *submitted(t + 2 * MIN, CARD, process_fail("0001", "FAILED", False)),
              done(t + 2 * MIN + 600, "failure", **{"outcome.reason": "declined",
                                                    "outcome.failure.code": "0001"})],
             key=None, config=CLIENT)
    scenario("client_half_session_expired_at_paytm",
             "client half: Paytm answers 1006 (session expired) to Process: failure/token_expired",
             [pay(t + MIN, CARD),
              send(t + MIN, "process"),
              respond(t + MIN + 500, process_fail("1006", "Your Session has expired", False)),
              done(t + MIN + 600, "failure", **{"outcome.reason": "token_expired",
                                                "outcome.failure.code": "1006"})],
             key=None, config=CLIENT)
    scenario("client_half_callback_relayed",
             "client half: a relayed callback (JS Checkout's JSON object) ends it unverified with what it said; "
             "another order's is ORDER_MISMATCH; the Process answer and a form callback arriving after it change nothing",
             [pay(t + MIN, CARD),
              send(t + MIN, "process"),
              cb(t + MIN + 100, callback(order="ORDER_9999"), error="ORDER_MISMATCH"),
              nxt(t + MIN + 150, type="wait", reason="response"),
              cb(t + MIN + 200, json.dumps(txn_fields(status="TXN_FAILURE", respcode="227", respmsg="Declined"))),
              respond(t + MIN + 500, bank_form()),
              done(t + MIN + 600, "unverified", **{"outcome.transaction.state": "failure",
                                                   "outcome.transaction.verification": "skipped"}),
              cb(t + 2 * MIN, callback()),
              done(t + 2 * MIN, "unverified", **{"outcome.transaction.state": "failure"})],
             key=None, config=CLIENT)
    scenario("client_half_no_answer",
             "client half: Process got no answer: the payment may have started, so unverified, never retried blind",
             [pay(t + MIN, NETBANKING),
              send(t + MIN, "process"),
              {"op": "send_failure", "now": t + MIN + 30 * SEC},
              done(t + MIN + 30 * SEC, "unverified")],
             key=None, config=CLIENT)
    scenario("client_half_unreadable_answer",
             "client half: a proxy's HTML error page is refused (RESPONSE_HTTP_STATUS) and counts as no answer: unverified",
             [pay(t + MIN, NETBANKING),
              send(t + MIN, "process"),
              respond(t + MIN + 500, "<html>Bad Gateway</html>", status_=502, error="RESPONSE_HTTP_STATUS"),
              done(t + MIN + 600, "unverified")],
             key=None, config=CLIENT)
    scenario("client_half_restarts",
             "client half: saved while collecting (restored with the token, the customer pays) and again with "
             "Process out (its answer lost: unverified); neither save holds the token or card data",
             [nxt(t + MIN, type="collect_payment"),
              {"op": "restart", "withToken": True, "token": TOKEN},
              nxt(t + 2 * MIN, type="collect_payment", txnToken=TOKEN, expiresAt=t + 15 * MIN),
              pay(t + 2 * MIN, CARD),
              send(t + 2 * MIN, "process"),
              {"op": "restart", "withToken": False},
              done(t + 3 * MIN, "unverified")],
             key=None, config=CLIENT)


def build_binding(t=T0):
    """Every answer is about this session's order, refund, MID and amount (issue #16): signed
    answers about anything else are refused and change nothing. Last, so that the signatures of
    the scenarios before stay byte for byte the same."""
    scenario("other_order_or_mid_status_refused",
             "signed statuses about another order or another MID (a failure, a success) are refused with "
             "ORDER_MISMATCH and change nothing: a misrouted answer cannot fail a paid order",
             start_server() + [
                 *submitted(t + MIN, WALLET, wallet_direct()),
                 send(t + 2 * MIN, "status"),
                 respond(t + 2 * MIN + 100, status("TXN_FAILURE", "227", "Declined", order="ORDER_2002"),
                         error="ORDER_MISMATCH"),
                 respond(t + 2 * MIN + 150, status_success(order="ORDER_2002"), error="ORDER_MISMATCH"),
                 respond(t + 2 * MIN + 200, status("TXN_FAILURE", "227", "Declined", mid="OTHER7769XXXXXX9383"),
                         error="ORDER_MISMATCH"),
             ] + genuine_answer_decides(t + 2 * MIN))
    scenario("callback_for_other_amount_refused",
             "a signed callback for this order but another amount is refused and triggers nothing",
             start_server() + [
                 *submitted(t + MIN, CARD, bank_form()),
                 nxt(t + MIN + 600, type="render_bank_form"),
                 cb(t + 2 * MIN, callback(amount="0.01"), error="ORDER_MISMATCH"),
                 nxt(t + 2 * MIN + 100, type="wait", reason="callback"),
                 cb(t + 3 * MIN, callback()),
             ] + verified_success(t + 3 * MIN))
    ok = ("TXN_SUCCESS", "10", "Refund Successfull")
    scenario("refund_other_answers_refused",
             "signed Refund Status answers about another REFID, order, MID, payment or amount (0.01 of 1.00) "
             "are refused with ORDER_MISMATCH; only this refund's own answer makes it refunded",
             [send(t, "refund"),
              respond(t + 300, refund_resp("PENDING", "601", "Refund request was raised")),
              send(t + 400, "refund_status"),
              respond(t + 500, refund_status(*ok, ref="REF_9999"), error="ORDER_MISMATCH"),
              respond(t + 510, refund_status(*ok, order="ORDER_2002"), error="ORDER_MISMATCH"),
              respond(t + 520, refund_status(*ok, mid="OTHER7769XXXXXX9383"), error="ORDER_MISMATCH"),
              respond(t + 530, refund_status(*ok, txn="20231114XXXXXX00000000000000000002"), error="ORDER_MISMATCH"),
              respond(t + 540, refund_status(*ok, amount="0.01"), error="ORDER_MISMATCH"),
              nxt(t + 550, type="wait", reason="response"),
              respond(t + 600, refund_status(*ok)),
              done(t + 700, "refunded")],
             kind="refund", config=REFUND_CFG)

    scenario("client_half_callback_other_amount_refused",
             "client half: a callback for this order but another amount is ORDER_MISMATCH and ends nothing",
             [pay(t + MIN, CARD),
              send(t + MIN, "process"),
              respond(t + MIN + 500, bank_form()),
              nxt(t + MIN + 600, type="render_bank_form"),
              cb(t + 2 * MIN, json.dumps(txn_fields(amount="0.01")), error="ORDER_MISMATCH"),
              cb(t + 2 * MIN + 100, callback(amount="1.00", order=ORDER)),
              done(t + 2 * MIN + 200, "unverified", **{"outcome.transaction.amount": "1.00"})],
             key=None, config=CLIENT)

# ---------------- Subscriptions (built after every other builder: earlier salts unchanged) ----------------
SUBS_ID = "102771"
SUBS_ORDER = "SUBS_ORDER_001"


def subs_config(mode):
    return {"environment": "staging", "subscription": {
        "mid": MID, "orderId": SUBS_ORDER, "websiteName": "WEBSTAGING",
        "txnAmount": {"value": "1.00", "currency": "INR"}, "userInfo": {"custId": "CUST_001"},
        "callbackUrl": "https://merchant.example/callback",
        "subscriptionAmountType": "VARIABLE", "subscriptionMaxAmount": "500.00",
        "subscriptionFrequency": "1", "subscriptionFrequencyUnit": "MONTH",
        "subscriptionStartDate": "2026-12-10", "subscriptionExpiryDate": "2027-12-10",
        "subscriptionGraceDays": "3", "subscriptionEnableRetry": "1", "subscriptionRetryCount": "3",
        "subscriptionPaymentMode": mode}}


def subs_created(subs=SUBS_ID):
    return signed({"resultInfo": r.ri("S", "0000", "Success"), "subscriptionId": subs, "txnToken": TOKEN,
                   "authenticated": False, "isPromoCodeValid": False})


def subs_status(state="ACTIVE", subs=SUBS_ID, order=SUBS_ORDER, mid=MID, max_amount="500.00", mode="UPI"):
    return signed({"resultInfo": {"status": "SUCCESS", "code": "3006", "message": "SUCCESS"}, "subsId": subs,
                   "status": state, "subStatus": state, "amountType": "VARIABLE", "maxAmount": max_amount,
                   "frequencyUnit": "MONTH", "frequency": "1", "expiryDate": "2027-12-10 00:00:00",
                   "orderId": order, "mid": mid, "custId": "CUST_001", "paymentMode": mode})


def subs_webhook(state="ACTIVE", subs=SUBS_ID, order=SUBS_ORDER, mode="UPI"):
    fields = {"PAYMENTMODE": mode, "CUSTID": "CUST_001", "MID": MID, "EXPIRYDATE": "2027-12-10 00:00:00",
              "FREQUENCYUNIT": "MONTH", "MAXAMOUNT": "500.00", "ORDERID": order, "STATUS": state,
              "AMOUNTTYPE": "VARIABLE", "SUBS_ID": subs}
    items = list(fields.items()) + [("CHECKSUMHASH", r.sign_map(dict(fields)))]
    return urlencode(items)


SUBS_MODES = (("UPI", "upi"), ("CC", "card"), ("BANK_MANDATE", "bank_mandate"))
# Built after every other scenario (earlier salts unchanged): the other mandate modes.
MORE_SUBS_MODES = (("PPI", "wallet"), ("DC", "debit_card"))


def build_subscription(t=T0, modes=SUBS_MODES, rest=True):
    def sscenario(name, proves, steps, mode="UPI"):
        scenario(name, proves, steps, kind="subscription", config=subs_config(mode))

    def created(mode="UPI"):
        return [
            send(t, "initiate_subscription", **{"request.method": "POST"}),
            respond(t + 300, subs_created()),
            nxt(t + 400, type="collect_payment", txnToken=TOKEN, expiresAt=t + 400 - 100 + 15 * MIN),
        ]

    def active(mode="UPI", at=t + 2 * MIN):
        return [
            cb(at, subs_webhook("ACTIVE", mode=mode)),
            send(at + 100, "subscription_status"),
            respond(at + 300, subs_status("ACTIVE", mode=mode)),
            nxt(at + 400, type="wait", reason="callback", until=None),
        ]

    for mode, label in modes:
        sscenario("subscription_%s_create_authorise_active" % label,
                  "%s mandate: initiate_subscription, the customer authorises with the txnToken, the signed "
                  "webhook is a hint, a verified subscription_status about this subsId/MID/order makes it "
                  "active" % mode,
                  created(mode) + active(mode), mode=mode)
    if not rest:
        return
    sscenario("subscription_token_expired_status_decides",
              "no webhook came: at the txnToken's expiry the session asks subscription_status, which decides",
              created() + [
                  send(t + 16 * MIN, "subscription_status"),
                  respond(t + 16 * MIN + 200, subs_status("ACTIVE")),
                  nxt(t + 16 * MIN + 300, type="wait", reason="callback")])
    sscenario("subscription_authorisation_failed",
              "a verified AUTHORIZATION_FAILED status ends the session declined",
              created() + [
                  cb(t + 2 * MIN, subs_webhook("IN_AUTHORIZATION")),
                  send(t + 2 * MIN + 100, "subscription_status"),
                  respond(t + 2 * MIN + 300, subs_status("AUTHORIZATION_FAILED")),
                  done(t + 2 * MIN + 400, "failure", **{"outcome.reason": "declined"})])
    sscenario("subscription_foreign_answers_refused",
              "validly signed answers about another subscription, order or MID (status and webhook) are "
              "refused with ORDER_MISMATCH and change nothing; the genuine answer still decides",
              created() + [
                  cb(t + MIN, subs_webhook("ACTIVE", subs="999999"), error="ORDER_MISMATCH"),
                  nxt(t + MIN + 50, type="collect_payment"),
                  cb(t + 2 * MIN, subs_webhook("ACTIVE")),
                  send(t + 2 * MIN + 100, "subscription_status"),
                  respond(t + 2 * MIN + 200, subs_status("ACTIVE", subs="999999"), error="ORDER_MISMATCH"),
                  respond(t + 2 * MIN + 210, subs_status("ACTIVE", order="OTHER_ORDER"), error="ORDER_MISMATCH"),
                  respond(t + 2 * MIN + 220, subs_status("ACTIVE", mid="OtherMid00000000000000"),
                          error="ORDER_MISMATCH"),
                  respond(t + 2 * MIN + 230, subs_status("ACTIVE", max_amount="900.00"), error="ORDER_MISMATCH"),
                  nxt(t + 2 * MIN + 240, type="wait", reason="response"),
                  respond(t + 2 * MIN + 300, subs_status("ACTIVE")),
                  nxt(t + 2 * MIN + 400, type="wait", reason="callback")])
    sscenario("subscription_tampered_answers_refused",
              "a status edited from INIT to ACTIVE and a webhook without its CHECKSUMHASH are refused and change "
              "nothing: the mandate never becomes active on them",
              created() + [
                  cb(t + 2 * MIN, subs_webhook("ACTIVE").split("&CHECKSUMHASH=")[0], error="SIGNATURE_MISSING"),
                  nxt(t + 2 * MIN + 50, type="collect_payment"),
                  cb(t + 2 * MIN + 60, subs_webhook("ACTIVE")),
                  send(t + 2 * MIN + 100, "subscription_status"),
                  respond(t + 2 * MIN + 200, subs_status("INIT").replace('"status":"INIT"', '"status":"ACTIVE"', 1), error="CHECKSUM_MISMATCH"),
                  nxt(t + 2 * MIN + 240, type="wait", reason="response"),
                  respond(t + 2 * MIN + 300, subs_status("ACTIVE")),
                  nxt(t + 2 * MIN + 400, type="wait", reason="callback")])
    sscenario("subscription_duplicate_webhook",
              "the same signed webhook twice: the second changes nothing",
              created() + active() + [
                  cb(t + 3 * MIN, subs_webhook("ACTIVE")),
                  nxt(t + 3 * MIN + 100, type="wait", reason="callback")])
    sscenario("subscription_customer_revokes",
              "a verified webhook saying the mandate was revoked (REJECT) ends an active subscription",
              created() + active() + [
                  cb(t + HOUR, subs_webhook("REJECT")),
                  done(t + HOUR + 100, "failure", **{"outcome.reason": "revoked"}),
                  cb(t + HOUR + 200, subs_webhook("REJECT"))])
    sscenario("subscription_expiry",
              "a verified webhook saying the subscription EXPIRED ends it",
              created() + active() + [
                  cb(t + HOUR, subs_webhook("EXPIRED")),
                  done(t + HOUR + 100, "failure", **{"outcome.reason": "expired"})])
    sscenario("subscription_save_restore_authorising",
              "saved while the customer authorises (sealed, without the txnToken), restored with the token: "
              "the same collect_payment; restored without it, the status is asked",
              created() + [
                  {"op": "restart", "withToken": True, "token": TOKEN},
                  nxt(t + MIN, type="collect_payment", txnToken=TOKEN),
                  {"op": "restart", "withToken": False},
                  send(t + MIN + 100, "subscription_status"),
                  respond(t + MIN + 300, subs_status("ACTIVE")),
                  {"op": "restart", "withToken": False},
                  nxt(t + MIN + 400, type="wait", reason="callback")])


def build_subscription_cycles(t=T0):
    """Issue #21's host calls (collect, cancel, pause, resume, pre_notify) from an active mandate."""
    def sscenario(name, proves, steps, mode="CC"):
        scenario(name, proves, steps, kind="subscription", config=subs_config(mode))

    def active(mode="CC"):
        return [
            send(t, "initiate_subscription"),
            respond(t + 300, subs_created()),
            cb(t + MIN, subs_webhook("ACTIVE", mode=mode)),
            send(t + MIN + 100, "subscription_status"),
            respond(t + MIN + 200, subs_status("ACTIVE", mode=mode)),
            nxt(t + MIN + 300, type="wait", reason="callback", until=None),
        ]

    def op(name, error=None, **args):
        st = dict({"op": name}, **args)
        if error:
            st["error"] = error
        return st

    def collect(cycle, order, amount="499.00", error=None):
        return op("collect", error, cycle=cycle, orderId=order, amount=amount)

    def managed(result="SUCCESS", code="3006", subs=SUBS_ID, **more):
        return signed(dict({"resultInfo": {"status": result, "code": code, "message": result},
                            "subsId": subs}, **more))

    def renew_answer(order, subs=SUBS_ID):
        return signed({"resultInfo": {"status": "PENDING", "code": "900", "message": "Subscription Txn accepted."},
                       "subsId": subs, "orderId": order})

    def renewed(at, order, amount="499.00", outcome=("TXN_SUCCESS", "01", "Txn Success")):
        """`order` is renewed at `at`; the signed status of the order says `outcome`."""
        return [
            send(at, "renew_subscription", **{"request.url": "https://securestage.paytmpayments.com/subscription/renew"}),
            respond(at + 100, renew_answer(order)),
            send(at + 200, "status"),
            respond(at + 300, status(*outcome, amount=amount, order=order)),
            nxt(at + 400, type="wait", reason="callback", until=None),
        ]

    declined = ("TXN_FAILURE", "227", "Your payment has been declined by your bank.")
    a = t + 2 * MIN
    sscenario("subscription_renew_success",
              "collect sends renew_subscription; the cycle is paid only by the signed status of that order and "
              "amount; a second collection of a paid cycle is refused, the next cycle is not",
              active() + [collect("2027-01", "RENEW_1")] + renewed(a, "RENEW_1") + [
                  collect("2027-01", "RENEW_1B", error="SESSION_STATE"),
                  collect("2027-02", "RENEW_1", error="SESSION_STATE"),
                  collect("2027-02", "RENEW_2", amount="500.01", error="INVALID_FIELD"),
                  collect("2027-02", "RENEW_2", amount="250.00"),
                  send(a + MIN, "renew_subscription")])
    sscenario("subscription_renew_declined_then_retried",
              "a verified decline lets the host collect the cycle again with a new order id (not the old one), "
              "within the retry count; the old order's status no longer counts; the retry is paid",
              active() + [collect("2027-01", "RENEW_1")] + renewed(a, "RENEW_1", outcome=declined) + [
                  collect("2027-01", "RENEW_1", error="SESSION_STATE"),
                  collect("2027-01", "RENEW_1B"),
                  send(a + MIN, "renew_subscription"),
                  respond(a + MIN + 100, renew_answer("RENEW_1"), error="ORDER_MISMATCH"),
                  respond(a + MIN + 110, renew_answer("RENEW_1B")),
                  send(a + MIN + 200, "status"),
                  respond(a + MIN + 300, status_success(amount="499.00", order="RENEW_1"), error="ORDER_MISMATCH"),
                  respond(a + MIN + 310, status_success(amount="499.00", order="RENEW_1B")),
                  nxt(a + MIN + 400, type="wait", reason="callback"),
                  collect("2027-01", "RENEW_1C", error="SESSION_STATE")])
    sscenario("subscription_retry_count_and_grace_days",
              "subscriptionRetryCount 3 and subscriptionGraceDays 3: a declined cycle collected again after its "
              "grace days is refused; another cycle is not",
              active() + [collect("2027-01", "RENEW_1")] + renewed(a, "RENEW_1", outcome=declined) + [
                  nxt(a + 3 * 24 * HOUR + MIN, type="wait", reason="callback"),
                  collect("2027-01", "RENEW_1B", error="SESSION_STATE"),
                  collect("2027-02", "RENEW_2"),
                  send(a + 3 * 24 * HOUR + 2 * MIN, "renew_subscription")])
    sscenario("subscription_pause_resume",
              "pause sends pause_resume_subscription SUSPENDED; once Paytm's verified answer accepts, collect and "
              "pre_notify are refused; a foreign answer changes nothing; resume (ACTIVE) makes it active again",
              active() + [
                  op("resume", "SESSION_STATE"),
                  op("pause"),
                  send(a, "pause_resume_subscription",
                       **{"request.url": "https://securestage.paytmpayments.com/subscription/status/modify"}),
                  op("pause", "SESSION_STATE"),
                  respond(a + 100, managed(subs="999999", **{"status": "SUSPENDED"}), error="ORDER_MISMATCH"),
                  respond(a + 110, managed(**{"status": "SUSPENDED"})),
                  nxt(a + 200, type="wait", reason="callback"),
                  collect("2027-01", "RENEW_1", error="SESSION_STATE"),
                  op("pre_notify", "SESSION_STATE", cycle="2027-01", amount="499.00", txnDate="10-01-2027",
                     referenceId="PN_2027_01", txnMessage="Gold plan January"),
                  {"op": "restart", "withToken": False},
                  collect("2027-01", "RENEW_1", error="SESSION_STATE"),
                  op("resume"),
                  send(a + 300, "pause_resume_subscription"),
                  respond(a + 400, managed(**{"status": "ACTIVE"})),
                  nxt(a + 500, type="wait", reason="callback"),
                  collect("2027-01", "RENEW_1"),
                  send(a + 600, "renew_subscription")])
    sscenario("subscription_cancel",
              "cancel sends cancel_subscription; an answer about another subscription is refused; Paytm's verified "
              "answer ends it cancelled; nothing more may be called",
              active() + [
                  op("cancel"),
                  send(a, "cancel_subscription",
                       **{"request.url": "https://securestage.paytmpayments.com/subscription/cancel"}),
                  op("cancel", "SESSION_STATE"),
                  respond(a + 100, managed(subs="999999"), error="ORDER_MISMATCH"),
                  nxt(a + 150, type="wait", reason="response"),
                  respond(a + 200, managed()),
                  done(a + 300, "failure", **{"outcome.reason": "cancelled"}),
                  collect("2027-01", "RENEW_1", error="SESSION_STATE"),
                  op("pause", "SESSION_STATE")])
    pn = dict(cycle="2027-01", amount="499.00", txnDate="10-01-2027", referenceId="PN_2027_01",
              txnMessage="Gold plan January")
    sscenario("subscription_upi_pre_notify_required",
              "a UPI mandate's collection needs a pre_notify of the cycle, for at least the amount, accepted by "
              "Paytm's verified answer 24 hours before: refused without it and 1 hour after, accepted at 24 hours",
              active("UPI") + [
                  collect("2027-01", "RENEW_1", error="SESSION_STATE"),
                  op("pre_notify", "INVALID_FIELD", **dict(pn, txnDate="2027-01-10")),
                  op("pre_notify", "INVALID_FIELD", **dict(pn, amount="500.01")),
                  op("pre_notify", **pn),
                  send(a, "pre_notify_subscription",
                       **{"request.url": "https://securestage.paytmpayments.com/subscription/preNotify"}),
                  respond(a + 100, managed(referenceId="PN_OTHER"), error="ORDER_MISMATCH"),
                  respond(a + 200, managed(referenceId="PN_2027_01")),
                  nxt(a + HOUR, type="wait", reason="callback"),
                  collect("2027-01", "RENEW_1", error="SESSION_STATE"),
                  op("pre_notify", "SESSION_STATE", **pn),
                  nxt(a + 200 + 24 * HOUR, type="wait", reason="callback"),
                  collect("2027-01", "RENEW_1", amount="499.01", error="SESSION_STATE"),
                  collect("2027-02", "RENEW_1", error="SESSION_STATE"),
                  collect("2027-01", "RENEW_1")] + renewed(a + 24 * HOUR + MIN, "RENEW_1"),
              mode="UPI")
    sscenario("subscription_save_restore_mid_cycle",
              "saved and restored while a renewal is out: the renewal counts as unanswered, so only the status "
              "of its order decides (never a second renew); the paid cycle survives another restart",
              active() + [
                  collect("2027-01", "RENEW_1"),
                  send(a, "renew_subscription"),
                  {"op": "restart", "withToken": False},
                  send(a + 100, "status"),
                  respond(a + 200, status_success(amount="499.00", order="RENEW_1")),
                  {"op": "restart", "withToken": False},
                  nxt(a + 300, type="wait", reason="callback"),
                  collect("2027-01", "RENEW_1B", error="SESSION_STATE")])
    sscenario("subscription_foreign_renewal_answers_refused",
              "validly signed renewal and status answers about another order, subscription or amount are refused "
              "with ORDER_MISMATCH and change nothing; the genuine answers decide",
              active() + [
                  collect("2027-01", "RENEW_1"),
                  send(a, "renew_subscription"),
                  respond(a + 100, renew_answer("RENEW_9"), error="ORDER_MISMATCH"),
                  respond(a + 110, renew_answer("RENEW_1", subs="999999"), error="ORDER_MISMATCH"),
                  nxt(a + 120, type="wait", reason="response"),
                  respond(a + 130, renew_answer("RENEW_1")),
                  send(a + 200, "status"),
                  respond(a + 300, status_success(amount="499.00", order="RENEW_9"), error="ORDER_MISMATCH"),
                  respond(a + 310, status_success(amount="1.00", order="RENEW_1"), error="ORDER_MISMATCH"),
                  respond(a + 320, status_success(amount="499.00", order="RENEW_1", mid="OtherMid00000000000000"),
                          error="ORDER_MISMATCH"),
                  nxt(a + 330, type="wait", reason="response"),
                  respond(a + 400, status_success(amount="499.00", order="RENEW_1")),
                  nxt(a + 500, type="wait", reason="callback")])
    sscenario("subscription_duplicate_webhook_mid_cycle",
              "the same signed webhook twice while a renewal is verified: nothing changes; the status decides",
              active() + [
                  collect("2027-01", "RENEW_1"),
                  send(a, "renew_subscription"),
                  respond(a + 100, renew_answer("RENEW_1")),
                  cb(a + 150, subs_webhook("ACTIVE", mode="CC")),
                  cb(a + 160, subs_webhook("ACTIVE", mode="CC")),
                  send(a + 200, "status"),
                  respond(a + 300, status_success(amount="499.00", order="RENEW_1")),
                  nxt(a + 400, type="wait", reason="callback")])


VPA_URL = ("https://securestage.paytmpayments.com/theia/api/v1/vpa/validate?mid=" + MID
           + "&orderId=" + ORDER)
BAD_VPA = "nobody@paytm"


def vpa_answer(vpa=UPI_COLLECT["payerAccount"], valid=True, code="0000", msg="Success", state="S"):
    """Validate VPA's answer (unsigned, as Paytm sends it: the txnToken authenticated the call)."""
    body = {"resultInfo": r.ri(state, code, msg)}
    if vpa is not None:
        body["vpa"] = vpa
    if valid is not None:
        body["valid"] = valid
    return r.envelope(r.compact(body), None)


def checked(payment):
    """The payment with the session's VPA check asked for."""
    return dict(payment, validateVpa=True)


def build_helpers(t=T0):
    """The checkout sessions use the native helpers (issue #22): a UPI collect VPA checked with
    Validate VPA before Process Transaction, in both halves. Appended last so that every earlier
    scenario stays byte for byte the same."""
    bad = dict(UPI_COLLECT, payerAccount=BAD_VPA)
    scenario("vpa_checked_then_upi_collect_success",
             "UPI collect with validateVpa: Validate VPA goes out first; only a valid answer about this VPA "
             "lets Process Transaction go; the payment is then verified by status as ever",
             start_server() + [
                 pay(t + MIN, checked(UPI_COLLECT)),
                 send(t + MIN, "validate_vpa", **{"request.url": VPA_URL, "request.method": "POST"}),
                 nxt(t + MIN + 100, type="wait", reason="response"),
                 respond(t + MIN + 300, vpa_answer()),
                 send(t + MIN + 400, "process"),
                 respond(t + MIN + 900, process_accepted()),
                 nxt(t + MIN + 1000, type="wait", reason="callback", until=t + 16 * MIN + 400),
                 cb(t + 3 * MIN, callback()),
             ] + verified_success(t + 3 * MIN))
    scenario("vpa_invalid_then_valid_one_pays",
             "an invalid VPA ends that attempt before any money moves (collect_payment again, retryOf "
             "INVALID_VPA); paying again with a valid VPA goes through",
             start_server() + [
                 pay(t + MIN, checked(bad)),
                 send(t + MIN, "validate_vpa"),
                 respond(t + MIN + 300, vpa_answer(vpa=BAD_VPA, valid=False)),
                 nxt(t + MIN + 400, type="collect_payment", txnToken=TOKEN, **{"retryOf.code": "INVALID_VPA"}),
                 pay(t + 2 * MIN, checked(UPI_COLLECT)),
                 send(t + 2 * MIN, "validate_vpa"),
                 respond(t + 2 * MIN + 300, vpa_answer()),
                 send(t + 2 * MIN + 400, "process"),
                 respond(t + 2 * MIN + 900, process_accepted()),
                 cb(t + 3 * MIN, callback()),
             ] + verified_success(t + 3 * MIN))
    scenario("vpa_foreign_and_garbled_answers_never_valid",
             "a Validate VPA answer about another VPA is refused (ORDER_MISMATCH, the check still out); a "
             "success without `valid` or without `vpa` is malformed and ends the attempt (VPA_UNVERIFIED): "
             "no Process Transaction goes out on either",
             start_server() + [
                 pay(t + MIN, checked(UPI_COLLECT)),
                 send(t + MIN, "validate_vpa"),
                 respond(t + MIN + 100, vpa_answer(vpa="someone@paytm"), error="ORDER_MISMATCH"),
                 nxt(t + MIN + 150, type="wait", reason="response"),
                 respond(t + MIN + 200, vpa_answer(valid=None), error="RESPONSE_MALFORMED"),
                 nxt(t + MIN + 300, type="collect_payment", **{"retryOf.code": "VPA_UNVERIFIED"}),
                 pay(t + 2 * MIN, checked(UPI_COLLECT)),
                 send(t + 2 * MIN, "validate_vpa"),
                 respond(t + 2 * MIN + 100, vpa_answer(vpa=None), error="RESPONSE_MALFORMED"),
                 nxt(t + 2 * MIN + 200, type="collect_payment", **{"retryOf.code": "VPA_UNVERIFIED"}),
                 *paid_after_checks(t + 3 * MIN, checked(UPI_COLLECT), [("validate_vpa", vpa_answer())], process_accepted()),
                 cb(t + 4 * MIN, callback()),
             ] + verified_success(t + 4 * MIN))
    scenario("vpa_check_lost_or_saved_mid_step",
             "a VPA check with no response is sent again; a session saved while the check is out restores "
             "collecting the payment (the prepared payment is never saved), and pays after a new check",
             start_server() + [
                 pay(t + MIN, checked(UPI_COLLECT)),
                 send(t + MIN, "validate_vpa"),
                 {"op": "send_failure", "now": t + MIN + 100},
                 send(t + MIN + 200, "validate_vpa"),
                 {"op": "restart", "withToken": True, "token": TOKEN},
                 nxt(t + MIN + 300, type="collect_payment", txnToken=TOKEN),
                 *paid_after_checks(t + 2 * MIN, checked(UPI_COLLECT), [("validate_vpa", vpa_answer())], process_accepted()),
                 cb(t + 3 * MIN, callback()),
             ] + verified_success(t + 3 * MIN))
    scenario("client_half_vpa_checked_then_unverified",
             "client half: the same VPA rules (the same code): an invalid VPA collects again, a valid one "
             "pays, and the session ends unverified as ever",
             [pay(t + MIN, checked(bad)),
              send(t + MIN, "validate_vpa", **{"request.url": VPA_URL}),
              respond(t + MIN + 300, vpa_answer(vpa=BAD_VPA, valid=False)),
              nxt(t + MIN + 400, type="collect_payment", txnToken=TOKEN, **{"retryOf.code": "INVALID_VPA"}),
              pay(t + 2 * MIN, checked(UPI_COLLECT)),
              send(t + 2 * MIN, "validate_vpa"),
              respond(t + 2 * MIN + 100, vpa_answer(vpa="someone@paytm"), error="ORDER_MISMATCH"),
              {"op": "restart", "withToken": True, "token": TOKEN},
              nxt(t + 2 * MIN + 200, type="collect_payment", txnToken=TOKEN),
              *paid_after_checks(t + 3 * MIN, checked(UPI_COLLECT), [("validate_vpa", vpa_answer())], process_accepted()),
              done(t + 3 * MIN + 800, "unverified")],
             key=None, config=CLIENT)


BIN_URL = ("https://securestage.paytmpayments.com/theia/api/v1/fetchBinDetail?mid=" + MID
           + "&orderId=" + ORDER)
PROMO_URL = ("https://securestage.paytmpayments.com/theia/api/v1/applyPromo?mid=" + MID
             + "&orderId=" + ORDER)
PROMO = "FLAT10"
# A promo's discount is Apply Promo's unsigned word: the merchant's config bounds it.
PROMO_SERVER = dict(SERVER, maxPromoDiscount="0.50")
PROMO_CLIENT = dict(CLIENT, maxPromoDiscount="0.50")


def bin_answer(bin_="411111", card_type="CREDIT_CARD", active=True, cvv=True, emi=False,
               state="S", code="0000", msg="Success"):
    """Fetch BIN Details' answer (unsigned: the txnToken authenticated the call)."""
    body = {"resultInfo": r.ri(state, code, msg)}
    if state == "S":
        detail = {"paymentMode": card_type, "issuingBank": "HDFC Bank", "issuingBankCode": "HDFC",
                  "channelCode": "VISA", "channelName": "Visa", "cvvR": cvv, "expR": True,
                  "isIndian": True, "isActive": active}
        if bin_ is not None:
            detail["bin"] = bin_
        body.update({"binDetail": detail, "authModes": ["otp"], "isEmiAvailable": emi})
    return r.envelope(r.compact(body), None)


def promo_answer(code=PROMO, discount="0.10", state="S", rcode="0000", msg="Success"):
    """Apply Promo's answer: `discount` taken off now (unsigned)."""
    body = {"resultInfo": r.ri(state, rcode, msg)}
    if state == "S":
        offer = {"promotext": "Flat 10 paise off", "instantDiscount": discount, "payMethod": "CREDIT_CARD"}
        if code is not None:
            offer["promocodeApplied"] = code
        body["paymentOffer"] = {"totalInstantDiscount": discount, "offerBreakup": [offer]}
    return r.envelope(r.compact(body), None)


def verified_at(t, amount):
    """The status verifies a success of `amount`."""
    return [
        send(t, "status"),
        respond(t + 200, status_success(amount=amount)),
        done(t + 300, "success", **{"outcome.transaction.amount": amount,
                                    "outcome.transaction.verification": "verified"}),
    ]


def paid_after_checks(now, payment, checks, answer):
    """`pay`, then each check's request answered 100 ms later (200 ms apart), then Process
    Transaction and `answer` 500 ms later."""
    steps = [pay(now, payment)]
    at = now
    for purpose, body in checks:
        steps += [send(at, purpose), respond(at + 100, body)]
        at += 200
    return steps + [send(at, "process"), respond(at + 500, answer)]


def build_checks(t=T0):
    """The checkout sessions resolve a card's BIN and apply a promo before paying (issue #22), in
    both halves; a promo's discounted amount is what every later answer must carry. Appended
    last so that every earlier scenario stays byte for byte the same."""
    card_bin = dict(CARD, checkBin=True)
    debit = dict(CARD, paymentMode="DEBIT_CARD", checkBin=True)
    no_cvv = dict(CARD, checkBin=True, cardInfo={"type": "new", "cardNumber": "4111111111111111",
                                                 "expiry": "122032"})
    emi = dict(CARD, paymentMode="EMI", planId="HDFC|3", checkBin=True)
    promo_card = dict(CARD, checkBin=True, promoCode=PROMO)
    scenario("bin_checked_then_card_pays",
             "a new card with checkBin: Fetch BIN Details goes out first (its first six digits only; an answer "
             "naming nine digits that start with them is about this card); an "
             "active credit card paid as CREDIT_CARD with its CVV lets Process Transaction go; verified by status. "
             "A promo code is refused (INVALID_FIELD) by a config without maxPromoDiscount",
             start_server() + [
                 pay(t + MIN - 1, dict(card_bin, promoCode=PROMO), error="INVALID_FIELD"),
                 pay(t + MIN, card_bin),
                 send(t + MIN, "fetch_bin_details", **{"request.url": BIN_URL, "request.method": "POST"}),
                 nxt(t + MIN + 100, type="wait", reason="response"),
                 respond(t + MIN + 300, bin_answer(bin_="411111111")),
                 send(t + MIN + 400, "process"),
                 respond(t + MIN + 900, bank_form()),
                 nxt(t + MIN + 1000, type="render_bank_form"),
                 cb(t + 3 * MIN, callback()),
             ] + verified_success(t + 3 * MIN))
    scenario("bin_refusals_end_the_attempt",
             "the BIN decides before money moves: a credit card paid as DEBIT_CARD (CARD_MODE_MISMATCH), "
             "EMI on a card without it (EMI_NOT_AVAILABLE), an inactive card (CARD_NOT_SUPPORTED), a card "
             "that needs a CVV given none (CVV_REQUIRED), Paytm refusing the BIN (BIN_UNVERIFIED) each "
             "collect the payment again; an answer about another BIN is ORDER_MISMATCH and changes nothing",
             start_server() + [
                 pay(t + MIN, debit),
                 send(t + MIN, "fetch_bin_details"),
                 respond(t + MIN + 100, bin_answer()),
                 nxt(t + MIN + 200, type="collect_payment", **{"retryOf.code": "CARD_MODE_MISMATCH"}),
                 pay(t + 2 * MIN, emi),
                 send(t + 2 * MIN, "fetch_bin_details"),
                 respond(t + 2 * MIN + 100, bin_answer(emi=False)),
                 nxt(t + 2 * MIN + 200, type="collect_payment", **{"retryOf.code": "EMI_NOT_AVAILABLE"}),
                 pay(t + 3 * MIN, card_bin),
                 send(t + 3 * MIN, "fetch_bin_details"),
                 respond(t + 3 * MIN + 100, bin_answer(active=False)),
                 nxt(t + 3 * MIN + 200, type="collect_payment", **{"retryOf.code": "CARD_NOT_SUPPORTED"}),
                 pay(t + 4 * MIN, no_cvv),
                 send(t + 4 * MIN, "fetch_bin_details"),
                 respond(t + 4 * MIN + 100, bin_answer(cvv=True)),
                 nxt(t + 4 * MIN + 200, type="collect_payment", **{"retryOf.code": "CVV_REQUIRED"}),
                 pay(t + 5 * MIN, card_bin),
                 send(t + 5 * MIN, "fetch_bin_details"),
                 respond(t + 5 * MIN + 100, bin_answer(state="F", code="1001", msg="Invalid bin")),
                 nxt(t + 5 * MIN + 200, type="collect_payment", **{"retryOf.code": "BIN_UNVERIFIED"}),
                 pay(t + 6 * MIN, card_bin),
                 send(t + 6 * MIN, "fetch_bin_details"),
                 respond(t + 6 * MIN + 100, bin_answer(bin_="522222"), error="ORDER_MISMATCH"),
                 respond(t + 6 * MIN + 120, bin_answer(bin_="4111"), error="ORDER_MISMATCH"),
                 nxt(t + 6 * MIN + 150, type="wait", reason="response"),
                 respond(t + 6 * MIN + 200, bin_answer(bin_=None), error="RESPONSE_MALFORMED"),
                 nxt(t + 6 * MIN + 300, type="collect_payment", **{"retryOf.code": "BIN_UNVERIFIED"}),
                 *paid_after_checks(t + 7 * MIN, card_bin, [("fetch_bin_details", bin_answer())], bank_form()),
                 cb(t + 8 * MIN, callback()),
             ] + verified_success(t + 8 * MIN))
    scenario("promo_applied_pays_and_reconciles_discounted_amount",
             "checkBin and promoCode: the BIN, then Apply Promo (after the BIN passed), then Process "
             "Transaction; the order then costs 0.90: a callback or status saying 1.00 is ORDER_MISMATCH, "
             "the verified status of 0.90 is the success",
             start_server() + [
                 pay(t + MIN, promo_card),
                 send(t + MIN, "fetch_bin_details"),
                 respond(t + MIN + 100, bin_answer()),
                 send(t + MIN + 200, "apply_promo", **{"request.url": PROMO_URL}),
                 respond(t + MIN + 300, promo_answer()),
                 send(t + MIN + 400, "process"),
                 respond(t + MIN + 900, bank_form()),
                 nxt(t + MIN + 1000, type="render_bank_form"),
                 cb(t + 2 * MIN, callback(), error="ORDER_MISMATCH"),
                 nxt(t + 2 * MIN + 100, type="wait", reason="callback"),
                 cb(t + 3 * MIN, callback(amount="0.90")),
                 send(t + 3 * MIN, "status"),
                 respond(t + 3 * MIN + 100, status_success(), error="ORDER_MISMATCH"),
                 respond(t + 3 * MIN + 200, status_success(amount="0.90")),
                 done(t + 3 * MIN + 300, "success", **{"outcome.transaction.amount": "0.90",
                                                     "outcome.transaction.verification": "verified"}),
             ], config=PROMO_SERVER)
    scenario("promo_refused_foreign_or_absurd_never_discounts",
             "Paytm refusing the code collects again (PROMO_NOT_APPLIED, Paytm's words); an answer about "
             "another code is ORDER_MISMATCH and changes nothing; one without a code, or a discount that "
             "leaves nothing to pay, is malformed (PROMO_UNVERIFIED); a discount above the config's "
             "maxPromoDiscount (0.60 > 0.50) is not accepted (PROMO_DISCOUNT_TOO_HIGH); paying without a promo then reconciles "
             "against the order's own 1.00 (a 0.90 status is ORDER_MISMATCH)",
             start_server() + [
                 pay(t + MIN, dict(CARD, promoCode="NOPE")),
                 send(t + MIN, "apply_promo"),
                 respond(t + MIN + 100, promo_answer(state="F", rcode="1001", msg="invalid promocode")),
                 nxt(t + MIN + 200, type="collect_payment", **{"retryOf.code": "PROMO_NOT_APPLIED",
                                                              "retryOf.message": "invalid promocode"}),
                 pay(t + 2 * MIN, dict(CARD, promoCode=PROMO)),
                 send(t + 2 * MIN, "apply_promo"),
                 respond(t + 2 * MIN + 100, promo_answer(code="FLAT99"), error="ORDER_MISMATCH"),
                 nxt(t + 2 * MIN + 150, type="wait", reason="response"),
                 respond(t + 2 * MIN + 200, promo_answer(code=None), error="RESPONSE_MALFORMED"),
                 nxt(t + 2 * MIN + 300, type="collect_payment", **{"retryOf.code": "PROMO_UNVERIFIED"}),
                 pay(t + 3 * MIN, dict(CARD, promoCode=PROMO)),
                 send(t + 3 * MIN, "apply_promo"),
                 respond(t + 3 * MIN + 100, promo_answer(discount="1.00"), error="RESPONSE_MALFORMED"),
                 nxt(t + 3 * MIN + 200, type="collect_payment", **{"retryOf.code": "PROMO_UNVERIFIED"}),
                 pay(t + 3 * MIN + 300, dict(CARD, promoCode=PROMO)),
                 send(t + 3 * MIN + 300, "apply_promo"),
                 respond(t + 3 * MIN + 400, promo_answer(discount="0.60")),
                 nxt(t + 3 * MIN + 500, type="collect_payment", **{"retryOf.code": "PROMO_DISCOUNT_TOO_HIGH"}),
                 *submitted(t + 4 * MIN, CARD, bank_form()),
                 cb(t + 5 * MIN, callback()),
                 send(t + 5 * MIN, "status"),
                 respond(t + 5 * MIN + 100, status_success(amount="0.90"), error="ORDER_MISMATCH"),
                 respond(t + 5 * MIN + 200, status_success()),
                 done(t + 5 * MIN + 300, "success", **{"outcome.transaction.amount": "1.00"}),
             ], config=PROMO_SERVER)
    scenario("promo_discount_kept_in_the_sealed_save",
             "a session saved after the promo was applied and the payment sent restores the discounted amount "
             "(sealed with the key): its status of 0.90 is the success; a check lost without a response is "
             "sent again",
             start_server() + [
                 pay(t + MIN, dict(UPI_COLLECT, validateVpa=True, promoCode=PROMO)),
                 send(t + MIN, "validate_vpa"),
                 respond(t + MIN + 100, vpa_answer()),
                 send(t + MIN + 200, "apply_promo"),
                 {"op": "send_failure", "now": t + MIN + 250},
                 send(t + MIN + 300, "apply_promo"),
                 respond(t + MIN + 400, promo_answer()),
                 send(t + MIN + 500, "process"),
                 respond(t + MIN + 900, process_accepted()),
                 {"op": "restart", "withToken": True, "token": TOKEN},
                 cb(t + 3 * MIN, callback(amount="0.90")),
             ] + verified_at(t + 3 * MIN, "0.90"), config=PROMO_SERVER)
    scenario("client_half_bin_and_promo_then_unverified",
             "client half: the same BIN and promo rules (the same code): a mismatched card collects again, "
             "then BIN and promo pass, Process Transaction goes out and the session ends unverified as ever",
             [pay(t + MIN, debit),
              send(t + MIN, "fetch_bin_details", **{"request.url": BIN_URL}),
              respond(t + MIN + 100, bin_answer()),
              nxt(t + MIN + 200, type="collect_payment", txnToken=TOKEN, **{"retryOf.code": "CARD_MODE_MISMATCH"}),
              pay(t + 2 * MIN, promo_card),
              send(t + 2 * MIN, "fetch_bin_details"),
              respond(t + 2 * MIN + 100, bin_answer()),
              send(t + 2 * MIN + 200, "apply_promo"),
              respond(t + 2 * MIN + 300, promo_answer(code="FLAT99"), error="ORDER_MISMATCH"),
              respond(t + 2 * MIN + 400, promo_answer()),
              send(t + 2 * MIN + 500, "process"),
              respond(t + 2 * MIN + 900, bank_form()),
              nxt(t + 2 * MIN + 1000, type="render_bank_form"),
              done(t + 2 * MIN + 1100, "unverified")],
             key=None, config=PROMO_CLIENT)


MOBILE = "7777777777"
OTP_OK = "888888"


def otp_answer(state="S", code="01", msg="Success", authenticated=None):
    """The checkout's Send OTP / Validate OTP answer (unsigned)."""
    body = {"resultInfo": r.ri(state, code, msg)}
    if authenticated is not None:
        body["authenticated"] = authenticated
    return r.envelope(r.compact(body), None)


def otp_op(now, code, error=None):
    st = {"op": "otp", "now": now, "otp": code}
    if error:
        st["error"] = error
    return st


def build_login(t=T0):
    """A checkout's wallet payment logs the Paytm user in by OTP first (issue #22): Send OTP, the
    OTP collected from the customer, Validate OTP, then Process Transaction. Appended last."""
    login = dict(WALLET, loginMobile=MOBILE)
    wrong = otp_answer("F", "403", "Invalid OTP entered.", authenticated=False)
    ok = otp_answer(authenticated=True)
    scenario("wallet_login_by_otp_then_balance_pays",
             "BALANCE with loginMobile: Send OTP, collect_otp, a wrong OTP asks again (INVALID_OTP, Paytm's "
             "words), the right one logs in; only then Process Transaction; the wallet's direct result is a "
             "hint, the status decides",
             start_server() + [
                 pay(t + MIN, login),
                 send(t + MIN, "send_checkout_otp", **{"request.method": "POST"}),
                 respond(t + MIN + 200, otp_answer()),
                 nxt(t + MIN + 300, type="collect_otp"),
                 otp_op(t + MIN + 400, "12", error="INVALID_FIELD"),
                 nxt(t + MIN + 450, type="collect_otp"),
                 otp_op(t + MIN + 500, "123456"),
                 send(t + MIN + 500, "validate_checkout_otp"),
                 otp_op(t + MIN + 550, OTP_OK, error="SESSION_STATE"),
                 respond(t + MIN + 600, wrong),
                 nxt(t + MIN + 700, type="collect_otp", **{"retryOf.code": "INVALID_OTP",
                                                          "retryOf.message": "Invalid OTP entered."}),
                 otp_op(t + MIN + 800, OTP_OK),
                 send(t + MIN + 800, "validate_checkout_otp"),
                 respond(t + MIN + 900, ok),
                 send(t + MIN + 1000, "process"),
                 respond(t + MIN + 1500, wallet_direct()),
             ] + verified_success(t + 2 * MIN))
    scenario("wallet_login_refusals_never_pay",
             "no OTP is taken before one is collected (SESSION_STATE); Paytm not sending the OTP collects the "
             "payment again (OTP_NOT_SENT); three refused OTPs end the attempt (OTP_ATTEMPTS_EXHAUSTED); a "
             "success saying the user is not logged in is malformed (LOGIN_UNVERIFIED): no Process "
             "Transaction on any of them",
             start_server() + [
                 otp_op(t + MIN - 100, OTP_OK, error="SESSION_STATE"),
                 pay(t + MIN, login),
                 send(t + MIN, "send_checkout_otp"),
                 respond(t + MIN + 100, otp_answer("F", "431", "Invalid Mobile")),
                 nxt(t + MIN + 200, type="collect_payment", **{"retryOf.code": "OTP_NOT_SENT"}),
                 pay(t + 2 * MIN, login),
                 send(t + 2 * MIN, "send_checkout_otp"),
                 respond(t + 2 * MIN + 100, otp_answer()),
                 otp_op(t + 2 * MIN + 200, "111111"),
                 send(t + 2 * MIN + 200, "validate_checkout_otp"),
                 respond(t + 2 * MIN + 300, wrong),
                 otp_op(t + 2 * MIN + 400, "222222"),
                 send(t + 2 * MIN + 400, "validate_checkout_otp"),
                 respond(t + 2 * MIN + 500, otp_answer("F", "513", "Invalid Code")),
                 nxt(t + 2 * MIN + 550, type="collect_otp", **{"retryOf.code": "INVALID_OTP"}),
                 otp_op(t + 2 * MIN + 600, "333333"),
                 send(t + 2 * MIN + 600, "validate_checkout_otp"),
                 respond(t + 2 * MIN + 700, wrong),
                 nxt(t + 2 * MIN + 800, type="collect_payment", **{"retryOf.code": "OTP_ATTEMPTS_EXHAUSTED"}),
                 pay(t + 3 * MIN, login),
                 send(t + 3 * MIN, "send_checkout_otp"),
                 respond(t + 3 * MIN + 100, otp_answer()),
                 otp_op(t + 3 * MIN + 200, OTP_OK),
                 send(t + 3 * MIN + 200, "validate_checkout_otp"),
                 {"op": "send_failure", "now": t + 3 * MIN + 250},
                 send(t + 3 * MIN + 300, "validate_checkout_otp"),
                 respond(t + 3 * MIN + 400, otp_answer(authenticated=False), error="RESPONSE_MALFORMED"),
                 nxt(t + 3 * MIN + 500, type="collect_payment", **{"retryOf.code": "LOGIN_UNVERIFIED"}),
                 *submitted(t + 4 * MIN, WALLET, wallet_direct()),
             ] + verified_success(t + 5 * MIN))
    scenario("client_half_wallet_login_then_unverified",
             "client half: the same login rules (the same code); after the login the wallet payment goes out "
             "and the session ends unverified as ever",
             [pay(t + MIN, login),
              send(t + MIN, "send_checkout_otp"),
              respond(t + MIN + 100, otp_answer()),
              nxt(t + MIN + 200, type="collect_otp"),
              otp_op(t + MIN + 300, "123456"),
              send(t + MIN + 300, "validate_checkout_otp"),
              respond(t + MIN + 400, wrong),
              nxt(t + MIN + 500, type="collect_otp", **{"retryOf.code": "INVALID_OTP"}),
              otp_op(t + MIN + 600, OTP_OK),
              send(t + MIN + 600, "validate_checkout_otp"),
              respond(t + MIN + 700, ok),
              send(t + MIN + 800, "process"),
              respond(t + MIN + 900, wallet_direct()),
              done(t + MIN + 1000, "unverified")],
             key=None, config=CLIENT)


OPTIONS_CFG = dict(SERVER, fetchPaymentOptions=True)
OPTIONS_CLIENT = dict(CLIENT, fetchPaymentOptions=True)


def fixture(name):
    """The answer of the response fixture `name` (tests/vectors/responses), byte for byte: the
    sessions read the very answers the parsers are proven on."""
    with open(os.path.join(HERE, "..", "responses", name, "response.bin"), encoding="utf-8") as f:
        return f.read()


def options_answer(state="S"):
    """Fetch Payment Options' answer: the documented success (wallet, UPI, net banking, EMI, a
    saved card) or Paytm's session-expired refusal."""
    return fixture("native_fetch_payment_options_success" if state == "S"
                   else "native_fetch_payment_options_session_expired")


def build_options(t=T0):
    """A checkout configured with fetchPaymentOptions fetches them once the token is ready, and
    collect_payment carries them (issue #22). Appended last."""
    carried = {"paymentOptions.userLoggedIn": False, "paymentOptions.resultInfo.resultCode": "0000"}
    scenario("payment_options_carried_by_collect_payment",
             "fetchPaymentOptions: after Initiate, Fetch Payment Options goes out; collect_payment carries its "
             "typed answer, also when the payment is collected again after a retry Paytm allows",
             [send(t, "initiate"),
              respond(t + 300, initiate_ok()),
              send(t + 400, "fetch_payment_options", **{"request.method": "POST"}),
              nxt(t + 450, type="wait", reason="response"),
              respond(t + 600, options_answer()),
              nxt(t + 700, type="collect_payment", txnToken=TOKEN, **carried),
              *submitted(t + MIN, NETBANKING, process_fail("RC-00018", "Payment failed as bank declined", True)),
              nxt(t + MIN + 600, type="collect_payment", **carried),
              *submitted(t + 2 * MIN, NETBANKING, bank_form()),
              cb(t + 3 * MIN, callback()),
              ] + verified_success(t + 3 * MIN),
             config=OPTIONS_CFG)
    scenario("payment_options_missing_never_block_the_payment",
             "payment options Paytm refuses, an unreadable answer (RESPONSE_NOT_JSON) or no response leave "
             "collect_payment without them; a restored session fetches them again",
             [send(t, "initiate"),
              respond(t + 300, initiate_ok()),
              send(t + 400, "fetch_payment_options"),
              respond(t + 500, options_answer("F")),
              nxt(t + 600, type="collect_payment", txnToken=TOKEN),
              {"op": "restart", "withToken": True, "token": TOKEN},
              send(t + 700, "fetch_payment_options"),
              respond(t + 800, "<html>ok</html>", error="RESPONSE_NOT_JSON"),
              nxt(t + 900, type="collect_payment", txnToken=TOKEN),
              {"op": "restart", "withToken": True, "token": TOKEN},
              send(t + 1000, "fetch_payment_options"),
              {"op": "send_failure", "now": t + 1100},
              nxt(t + 1200, type="collect_payment", txnToken=TOKEN),
              {"op": "restart", "withToken": True, "token": TOKEN},
              send(t + 1300, "fetch_payment_options"),
              respond(t + 1400, options_answer()),
              nxt(t + 1500, type="collect_payment", **carried),
              *submitted(t + MIN, WALLET, wallet_direct()),
              ] + verified_success(t + 2 * MIN),
             config=OPTIONS_CFG)
    scenario("client_half_payment_options_then_unverified",
             "client half: the same options (the same code): fetched first, carried by collect_payment; the "
             "payment then ends unverified as ever",
             [send(t + 100, "fetch_payment_options"),
              respond(t + 200, options_answer()),
              nxt(t + 300, type="collect_payment", txnToken=TOKEN, **carried),
              *submitted(t + MIN, CARD, bank_form()),
              nxt(t + MIN + 600, type="render_bank_form"),
              done(t + MIN + 700, "unverified")],
             key=None, config=OPTIONS_CLIENT)


def strip_none(steps):
    """`"request.body": None` in an expectation means "not checked" (documentation only)."""
    for s in steps:
        if "expect" in s:
            s["expect"] = {k: v for k, v in s["expect"].items() if v is not None}


def main():
    build()
    build_wallet()
    build_client()
    build_binding()
    build_subscription()
    build_subscription_cycles()
    build_subscription(modes=MORE_SUBS_MODES, rest=False)
    build_helpers()
    build_checks()
    build_login()
    build_options()
    names = [s["name"] for s in SCENARIOS]
    assert len(names) == len(set(names)), "duplicate scenario names"
    for s in SCENARIOS:
        strip_none(s["steps"])
    with open(os.path.join(HERE, "scenarios.json"), "w", encoding="utf-8") as f:
        json.dump({"scenarios": SCENARIOS}, f, indent=1, sort_keys=True)
        f.write("\n")
    print("sessions: %d scenarios, %d steps written" % (len(SCENARIOS), sum(len(s["steps"]) for s in SCENARIOS)))


if __name__ == "__main__":
    main()
