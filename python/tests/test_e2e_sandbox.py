"""End to end against a real paytm-sandbox process over HTTP on loopback: the installed wheel's
Session drives checkouts (card through the bank page, UPI intent, a declined card, a pending
payment decided later) and a refund; the outcome is reconciled with `reconcile`; requests built
with build_request and answers parsed with parse_response work against it too."""

import json
import urllib.request

from conftest import TEST_KEY, TEST_MID
from paytm_checkout import Credentials, MerchantKey, Session, build_request, parse_response, reconcile
from sandbox_host import Host, card, checkout_config

KEY = MerchantKey(TEST_KEY)


def checkout(sandbox, order, amount, payment, otp="123456"):
    host = Host(sandbox)
    with Session("checkout", checkout_config(host.base, order, amount, TEST_MID), KEY) as s:
        outcome = host.run(s, payment, otp)
    return host, outcome


def test_card_checkout_through_the_bank_page(sandbox):
    host, o = checkout(sandbox, "E2E_PY_CARD", "1.00", card("4111111111111111"))
    assert o.success, o
    assert o.transaction.amount == "1.00" and o.transaction.verification == "verified"
    assert host.kinds() == ["initiate", "paid", "process", "bank_page", "callback", "status", "done"]
    assert reconcile({"orderId": "E2E_PY_CARD", "amount": "1"}, o.transaction).fulfil
    assert "4111111111111111" not in repr(host.steps)


def test_upi_intent(sandbox):
    host, o = checkout(sandbox, "E2E_PY_UPI", "12.34", {"paymentMode": "UPI_INTENT"})
    assert o.success, o
    assert any(s[0] == "deep_link" and s[1].startswith("upi://pay?") for s in host.steps)


def test_declined_card(sandbox):
    _, o = checkout(sandbox, "E2E_PY_DECLINED", "5.00", card("4000000000000002", "810"))
    assert o.status == "failure" and o.reason == "declined", o
    assert o.failure is None or o.failure.code


def test_pending_then_success(sandbox):
    host, o = checkout(sandbox, "E2E_PY_PENDING", "7.00", card("4000000000000119"))
    assert o.success, o
    assert host.kinds().count("status") >= 3 and "waited" in host.kinds()


def test_refund_after_a_checkout(sandbox):
    host, o = checkout(sandbox, "E2E_PY_REFUND", "10.00", card("4111111111111111"))
    assert o.success
    config = {"environment": {"custom": host.base}, "mid": TEST_MID, "orderId": "E2E_PY_REFUND",
              "txnId": o.transaction.txn_id, "refId": "REF_PY_1", "refundAmount": "10.00"}
    with Session("refund", config, KEY) as s:
        r = host.run(s)
    assert r.status == "refunded", r


WALLET_CREDS = Credentials(KEY, "merchant-sandbox", "sandbox-client-secret")


def wallet_config(base, order, amount, phone):
    return {"environment": {"custom": base}, "mid": TEST_MID, "orderId": order, "amount": amount,
            "custId": "CUST_001", "phone": phone, "channel": "WAP", "industryType": "Retail",
            "website": "WEBSTAGING", "appIp": "127.0.0.1", "deviceId": "D1",
            "addMoneyCallbackUrl": "https://merchant.example/paytm/add-money"}


def test_wallet_link_and_withdraw(sandbox):
    host = Host(sandbox)
    with Session("wallet", wallet_config(host.base, "E2E_PY_WALLET", "25.00", "5558889990"), WALLET_CREDS) as s:
        o = host.run(s)
    assert o.success, o
    # Confirmed by the signed v3 status: an unsigned (legacy) answer never makes success.
    assert o.transaction is not None and o.transaction.verification == "verified", o
    assert "otp_submitted" in host.kinds() and "withdraw" in host.kinds()
    assert "sandbox-client-secret" not in repr(host.steps) + repr(WALLET_CREDS)


def test_wallet_add_money_then_withdraw(sandbox):
    host = Host(sandbox)
    with Session("wallet", wallet_config(host.base, "E2E_PY_ADD_MONEY", "40.00", "7777777777"), WALLET_CREDS) as s:
        o = host.run(s)
    assert o.success, o
    assert "wallet_page" in host.kinds() and "withdraw" in host.kinds()


def test_build_request_and_parse_response_against_the_sandbox(sandbox):
    _, o = checkout(sandbox, "E2E_PY_STATUS", "3.00", {"paymentMode": "BALANCE"})
    assert o.success
    req = build_request("transaction_status", {"mid": TEST_MID, "orderId": "E2E_PY_STATUS"}, KEY, {"custom": sandbox})
    http = urllib.request.Request(req.url, data=req.body_bytes, method=req.method, headers=dict(req.headers))
    with urllib.request.urlopen(http, timeout=30) as r:
        status, body = r.status, r.read()
    parsed = parse_response("transaction_status", status, body, KEY)
    assert parsed.verification == "verified" and parsed.result_class == "success"
    assert reconcile({"orderId": "E2E_PY_STATUS", "amount": "3.00", "mid": TEST_MID}, parsed.transaction).fulfil
    assert json.loads(body)["body"]["orderId"] == "E2E_PY_STATUS"
