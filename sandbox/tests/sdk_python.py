"""Paytm's own server SDK for Python (PyPI paytm-pg, as published) against the sandbox.

    python sdk_python.py BASE_URL MID KEY

Only the SDK's URLs are pointed at the sandbox (its base URL: the four API URLs MerchantProperty
builds from it); the SDK itself is unmodified. It signs every request (the sandbox verifies) and
verifies the signature of every S / TXN_SUCCESS / PENDING reply (it raises when one fails).
The payment between Initiate and Status is made over plain HTTP, as a browser would (the SDK
has no Process Transaction). Prints `sdk-python: N checks` on success.
"""
import json
import sys
import uuid

import requests
from paytmpg import (EChannelId, EnumCurrency, MerchantProperty, Money, Payment,
                     PaymentDetailsBuilder, PaymentStatusDetailBuilder, Refund,
                     RefundDetailBuilder, RefundStatusDetailBuilder, UserInfo)

base, mid, key = sys.argv[1:4]
checks = 0


def check(cond, what, got):
    global checks
    if not cond:
        sys.exit(f"sdk-python: {what}: got {got}")
    checks += 1


def answer(sdk_response, what):
    """The SDK's parsed reply, after its own signature check passed (it raises otherwise)."""
    raw = sdk_response.get_json_response()
    body = sdk_response.get_response_object().get_body()
    head = json.loads(raw)["head"]
    check(head.get("version") == "v2", f"{what}: head.version echoes the SDK's v2", raw)
    return body, raw


MerchantProperty.initialize("STAGE", mid, key, "", "WEBSTAGING")
MerchantProperty.set_base_url(base)
MerchantProperty.initiate_txn_url = base + "/order/initiate"
MerchantProperty.payment_status_url = base + "/v3/order/status"
MerchantProperty.refund_url = base + "/refund/apply"
MerchantProperty.refund_status_url = base + "/v2/refund/status"

order_id = "PYSDK" + uuid.uuid4().hex[:12]
user = UserInfo()
user.set_cust_id("CUST_001")
money = Money(EnumCurrency.INR, "120.00")
details = PaymentDetailsBuilder(EChannelId.WEB, order_id, money, user).build()
body, raw = answer(Payment.createTxnToken(details), "initiate")
check(body.get_result_info().get_result_status() == "S", "initiate", raw)
token = body.get_txn_token()
check(bool(token), "initiate: txnToken", raw)

# The customer pays from the Paytm wallet (the SDK has no Process Transaction).
paid = requests.post(
    f"{base}/theia/api/v1/processTransaction?mid={mid}&orderId={order_id}",
    json={"head": {"txnToken": token},
          "body": {"requestType": "NATIVE", "mid": mid, "orderId": order_id,
                   "paymentMode": "BALANCE"}},
    timeout=10).json()
check(paid["body"]["resultInfo"]["resultStatus"] == "S", "process", paid)

status = PaymentStatusDetailBuilder(order_id).build()
body, raw = answer(Payment.getPaymentStatus(status), "status")
check(body.get_result_info().get_result_status() == "TXN_SUCCESS", "status", raw)
check(body.get_txn_amount() == "120.00", "status: txnAmount", raw)
txn_id = body.get_txn_id()

ref_id = "PYREF" + uuid.uuid4().hex[:12]
refund = RefundDetailBuilder(order_id, ref_id, txn_id, "REFUND", "20.00").build()
body, raw = answer(Refund.doRefund(refund), "refund")
check(body.get_result_info().get_result_status() == "PENDING", "refund", raw)
check(body.get_result_info().get_result_code() == "601", "refund: code", raw)

for expected in ("PENDING", "TXN_SUCCESS"):
    query = RefundStatusDetailBuilder().set_order_id(order_id).set_ref_id(ref_id).build()
    body, raw = answer(Refund.getRefundStatus(query), "refund status")
    check(body.get_result_info().get_result_status() == expected, "refund status", raw)
# (Its getter for `refundAmount` reads a misspelt attribute: the total is what it parses.)
check(body.get_total_refunded_amount() == "20.00", "refund status: totalRefundAmount", raw)

# The sandbox verifies the SDK's signatures: the same request with another key is refused.
MerchantProperty.set_merchant_key("0000000000000000")
body, raw = answer(Payment.getPaymentStatus(status), "status with a wrong key")
check(body.get_result_info().get_result_code() == "2005", "wrong key refused", raw)

print(f"sdk-python: {checks} checks")
