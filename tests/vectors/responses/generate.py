#!/usr/bin/env python3
"""Writes the response fixtures: one directory per case with

    case.json      {"api", "httpStatus", "key", "options", "signed", "tampered", "source"}
    response.bin   the exact bytes Paytm would send (or a tampered copy)

and leaves expected.json to the Rust test (`UPDATE_RESPONSES=1 cargo test --test responses_golden`),
which records what the parser returns; review that diff by hand.

Signatures are made by Paytm's own library (paytmchecksum 1.7.0, calculateChecksum) with a fixed
salt per case, so running this again rewrites identical bytes:

    ~/.cache/paytm-checkout/venv/bin/python tests/vectors/responses/generate.py

`key` is "test" (PmX#a0x4VpTXRzfK, the project's test key) or null (no key given to the parser).
`signed` says what carries a signature: "body" (head.signature over the raw body text), "txnInfo",
"form", "flat" (map mode) or "none". `tampered` cases must be refused with a 2xxx code.
"""
import json
import os
import shutil
from urllib.parse import urlencode

from paytmchecksum import PaytmChecksum as paytm

KEY = "PmX#a0x4VpTXRzfK"
OTHER_KEY = "0123456789abcdef"
ROOT = os.path.dirname(os.path.abspath(__file__))
MID = "INTEGR7769XXXXXX9383"
TOKEN = "f0bed899539742309eebd8XXXX7edcf61588842333227"
CASES = []
_salt_counter = [0]


def salt():
    """A fixed, distinct 4-character salt per signature, in generation order."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    n = _salt_counter[0]
    _salt_counter[0] += 1
    return "".join(alphabet[(n * 7 + i * 13) % len(alphabet)] for i in range(4))


def sign_text(text, key=KEY):
    return paytm.calculateChecksum(text, key, salt())


def sign_map(params, key=KEY):
    return paytm.calculateChecksum(paytm.getStringByParams(dict(params)), key, salt())


def compact(obj):
    return json.dumps(obj, separators=(",", ":"))


def envelope(body_text, sig, head_extra=None):
    head = {"responseTimestamp": "1588402269", "version": "v1"}
    head.update(head_extra or {})
    head_text = compact(head)[:-1]
    if sig is not None:
        head_text += ',"signature":' + json.dumps(sig)
    head_text += "}"
    return '{"head":' + head_text + ',"body":' + body_text + "}"


def case(name, api, raw, signed="none", tampered=False, status=200, key="test", options=None, source="realistic"):
    CASES.append({
        "name": name,
        "case": {"api": api, "httpStatus": status, "key": key, "options": options or {},
                 "signed": signed, "tampered": tampered, "source": source},
        "raw": raw.encode("utf-8") if isinstance(raw, str) else raw,
    })


def signed_body_cases(prefix, api, bodies, source="realistic"):
    for name, body in bodies:
        text = body if isinstance(body, str) else compact(body)
        case(prefix + name, api, envelope(text, sign_text(text)), signed="body", source=source)


def tamper_set(prefix, api, body_obj, field_path, new_value):
    """The four body tampers: one byte, another body's signature, body duplicated, signature
    duplicated, plus signature removed."""
    text = compact(body_obj)
    sig = sign_text(text)
    good = envelope(text, sig)
    # One byte of the body changed (inside a string value, so the JSON stays valid).
    i = good.index(field_path) + len(field_path)
    one = good[:i] + new_value + good[i + len(new_value):]
    assert one != good and len(one) == len(good)
    case(prefix + "tampered_one_byte", api, one, signed="body", tampered=True)
    other = dict(body_obj)
    other["resultInfo"] = dict(body_obj["resultInfo"], resultMsg="another body")
    case(prefix + "tampered_signature_of_other_body", api, envelope(text, sign_text(compact(other))),
         signed="body", tampered=True)
    evil = compact(other)
    case(prefix + "tampered_body_duplicated", api, good[:-1] + ',"body":' + evil + "}",
         signed="body", tampered=True)
    dup_sig = good.replace('"signature":', '"signature":"' + sign_text("x") + '","signature":', 1)
    case(prefix + "tampered_signature_duplicated", api, dup_sig, signed="body", tampered=True)
    case(prefix + "tampered_signature_missing", api, envelope(text, None), signed="body", tampered=True)


def ri(status, code, msg):
    return {"resultStatus": status, "resultCode": code, "resultMsg": msg}


def build():
    # ---------------- Initiate Transaction ----------------
    ok = {"resultInfo": ri("S", "0000", "Success"), "txnToken": TOKEN, "isPromoCodeValid": False,
          "authenticated": False}
    signed_body_cases("initiate_", "initiate_transaction", [
        ("success", ok),
        ("checksum_invalid", {"resultInfo": ri("F", "2005", "Checksum provided is invalid"),
                              "extraParamsMap": None}),
        ("session_expired", {"resultInfo": ri("F", "1006", "Your Session has expired")}),
        ("system_error", {"resultInfo": ri("U", "00000900", "System error"), "extraParamsMap": {}}),
        ("idempotent", {"resultInfo": ri("S", "0002", "Success Idempotent"), "txnToken": TOKEN,
                        "isPromoCodeValid": True, "authenticated": True,
                        "extraParamsMap": {"note": "kept as sent", "nested": {"n": 1}}}),
        ("unknown_code", {"resultInfo": ri("S", "7777", "Something new")}),
    ], source="spec/initiate-transaction.md table")
    # Pretty-printed, body before head, escapes: the signature covers these exact bytes.
    pretty = '{\n    "resultInfo" : {\n        "resultStatus" : "S",\n        "resultCode" : "0000",\n        "resultMsg" : "Succ\\u00e8s \\/ ok"\n    },\n    "txnToken" : "' + TOKEN + '"\n}'
    sig = sign_text(pretty)
    case("initiate_pretty_printed_body_first", "initiate_transaction",
         '{\n  "body" : ' + pretty + ',\n  "head" : {"signature" : "' + sig + '", "version" : "v1"}\n}\n',
         signed="body")
    text = compact(ok)
    case("initiate_unsigned_allowed", "initiate_transaction", envelope(text, None), key=None,
         options={"allowUnsigned": True})
    case("initiate_no_key_refused", "initiate_transaction", envelope(text, sign_text(text)), key=None,
         signed="body")
    case("initiate_tampered_wrong_key", "initiate_transaction", envelope(text, sign_text(text, OTHER_KEY)),
         signed="body", tampered=True)
    tamper_set("initiate_", "initiate_transaction", ok, '"txnToken":"f0bed8', "X")
    case("initiate_http_500", "initiate_transaction", "<html>Bad Gateway</html>", status=500)

    # ---------------- Process Transaction ----------------
    txn = {"MID": MID, "TXNID": "202005081112128XXXXXX68470101509706", "ORDERID": "ORDERID_98765",
           "BANKTXNID": "77700XXXX215242", "TXNAMOUNT": "1.00", "CURRENCY": "INR", "STATUS": "TXN_SUCCESS",
           "RESPCODE": "01", "RESPMSG": "Txn Success", "TXNDATE": "2020-05-08 11:12:13.0",
           "GATEWAYNAME": "WALLET", "BANKNAME": "WALLET", "PAYMENTMODE": "PPI",
           "callBackUrl": "https://merchant.example/callback"}

    def process_with(txn_info, name, tampered=False, mutate=None, drop_sum=False):
        t = dict(txn_info)
        t["CHECKSUMHASH"] = sign_map(t)
        if mutate:
            mutate(t)
        if drop_sum:
            del t["CHECKSUMHASH"]
        body = {"resultInfo": ri("S", "0000", "Success"), "txnInfo": t, "callBackUrl": txn["callBackUrl"]}
        case(name, "process_transaction", envelope(compact(body), None), signed="txnInfo", tampered=tampered,
             source="spec/process-transaction.md txnInfo")

    process_with(txn, "process_wallet_success_txninfo")
    process_with(dict(txn, STATUS="TXN_FAILURE", RESPCODE="227", RESPMSG="Insufficient balance",
                      BANKTXNID=""), "process_wallet_failure_txninfo")
    process_with(dict(txn, STATUS="PENDING", RESPCODE="402", PAYMENTMODE="UPI", VPA="7777777777@paytm",
                      PROMO_CAMP_ID="PROMO1", PROMO_RESPCODE="01", PROMO_STATUS="SUCCESS"),
                 "process_upi_pending_txninfo_promo")
    process_with(txn, "process_tampered_txninfo_amount", tampered=True,
                 mutate=lambda t: t.__setitem__("TXNAMOUNT", "100.00"))
    process_with(txn, "process_tampered_checksum_removed", tampered=True, drop_sum=True)
    t = dict(txn)
    t["CHECKSUMHASH"] = sign_map(t)
    raw = envelope(compact({"resultInfo": ri("S", "0000", "Success"), "txnInfo": t}), None)
    raw = raw.replace('"STATUS":"TXN_SUCCESS"', '"STATUS":"TXN_SUCCESS","STATUS":"TXN_FAILURE"')
    case("process_tampered_txninfo_duplicate_member", "process_transaction", raw, signed="txnInfo", tampered=True)
    content = {"MD": "1386959067", "PaReq": "eJxVUsFy4jAM3036f4C56Zvls=",
               "TermUrl": "https://securegw-stage.paytm.in/instaproxy/bankresponse/HDFC/CC/90200XXXXXXXXXX71676"}
    card = {"resultInfo": dict(ri("S", "0000", "Success"), isRedirect=False, bankRetry=False, retry=False),
            "bankForm": {"pageType": "redirect", "redirectForm": {
                "actionURL": "https://bank.example/acs", "method": "post", "type": "redirect",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"}, "content": content}},
            "displayField": {"amount": "1.0", "headerText": "", "bankName": "HDFC", "bankLogo": "",
                             "descriptionText": ""},
            "isForceResendOtp": False}
    case("process_card_bank_form", "process_transaction", envelope(compact(card), None),
         source="spec/process-transaction.md bankForm")
    direct = {"resultInfo": ri("S", "0000", "Success"),
              "bankForm": {"pageType": "direct", "directForms": [
                  {"actionURL": "https://securegw-stage.paytm.in/theia/api/v1/processTransaction", "method": "post",
                   "type": t_, "headers": {"Content-Type": "application/json"},
                   "content": {"txnToken": "<opaque>", "otp": ""}} for t_ in ("submit", "resend", "cancel")]},
              "isForceResendOtp": True}
    case("process_direct_forms", "process_transaction", envelope(compact(direct), None))
    upi = {"resultInfo": ri("S", "0000", "Success"),
           "deepLinkInfo": {"deepLink": "upi://pay?pa=paytm@paytm&pn=Merchant&am=1.00&tr=123", "orderId": "ORDERID_98765",
                            "cashierRequestId": "CR_1", "transId": "202005081112128XXXXXX68470101509706"},
           "deepLink": {"url": "upi://pay?pa=paytm@paytm"}}
    case("process_upi_intent_deep_link", "process_transaction", envelope(compact(upi), None))
    case("process_session_expired", "process_transaction",
         envelope(compact({"resultInfo": dict(ri("F", "1006", "Your Session has expired."), retry=False)}), None))
    case("process_incorrect_passcode_retry", "process_transaction",
         envelope(compact({"resultInfo": dict(ri("F", "931", "Incorrect Passcode"), retry=True, bankRetry=True)}), None))

    # ---------------- Transaction Status (v3) ----------------
    st = {"resultInfo": ri("TXN_SUCCESS", "01", "Txn Success"), "txnId": "202005081112128XXXXXX68470101509706",
          "bankTxnId": "77700XXXX215242", "orderId": "ORDERID_98765", "txnAmount": "1.00", "txnType": "SALE",
          "gatewayName": "HDFC", "bankName": "HDFC Bank", "mid": MID, "paymentMode": "CC", "refundAmt": "0.00",
          "txnDate": "2020-05-05 14:00:28.0", "authRefId": "50112883"}
    signed_body_cases("status_", "transaction_status", [
        ("success", st),
        ("pending", dict(st, resultInfo=ri("PENDING", "402", "Looks like the payment is not complete."))),
        ("failure", dict(st, resultInfo=ri("TXN_FAILURE", "227", "Your payment has been declined by your bank."),
                         bankTxnId="")),
        ("invalid_order_f", {"resultInfo": ri("F", "334", "Invalid Order Id.")}),
        ("amount_number_and_partial_refund", dict(st, txnAmount=1303, refundAmt="3.50")),
    ], source="https://paytmpayments.com/docs/api/v3/transaction-status-api")
    tamper_set("status_", "transaction_status", st, '"txnAmount":"', "9")
    case("status_http_502", "transaction_status", "", status=502)

    # ---------------- Legacy getTxnStatus (spec sample, unsigned) ----------------
    legacy_sample = """{
    "TXNID": "62284943",
    "BANKTXNID": "099172",
    "ORDERID": "Test87984",
    "TXNAMOUNT": "1",
    "STATUS": "TXN_SUCCESS",
    "TXNTYPE": "SALE",
    "GATEWAYNAME": "CITI",
    "RESPCODE": "01",
    "RESPMSG": "Txn Successfull.",
    "BANKNAME": "HDFC",
    "MID": "xxxxx34213145601111",
    "PAYMENTMODE": "CC",
    "REFUNDAMT": "1",
    "TXNDATE": "2012-11-09 02:10:29.742447"
}"""
    case("legacy_status_spec_sample", "legacy_transaction_status", legacy_sample, key=None,
         source="spec/auto-debit.md Transaction Status API sample")
    case("legacy_status_pending", "legacy_transaction_status",
         compact({"TXNID": "62284944", "ORDERID": "Test87985", "TXNAMOUNT": "10.50", "STATUS": "PENDING",
                  "RESPCODE": "400", "RESPMSG": "Transaction status not confirmed yet", "MID": MID,
                  "BANKTXNID": None, "REFUNDAMT": "0.0"}), key=None)

    # ---------------- Refund / Refund Status / refund webhooks ----------------
    rf = {"txnTimestamp": "2020-09-03 16:51:41.0", "orderId": "ORDERID_98765", "mid": MID, "refId": "REFUNDID_98765",
          "resultInfo": ri("PENDING", "601", "Refund request was raised for this transaction. But it is pending state"),
          "refundId": "20200903XXXXXX801300168821700215705", "txnId": "202005081112128XXXXXX68470101509706",
          "refundAmount": "1.00"}
    signed_body_cases("refund_", "refund", [
        ("pending_601", rf),
        ("already_raised", dict(rf, resultInfo=ri("TXN_FAILURE", "617", "Refund Already Raised"))),
    ], source="https://developer.paytm.com/docs/api/refund-api/")
    rs = {"source": "MERCHANT", "txnId": "202005081112128XXXXXX68470101509706", "orderId": "ORDERID_98765",
          "txnAmount": "1.00", "mid": MID, "refundAmount": "1.00", "txnTimestamp": "2020-09-03 16:51:41.0",
          "totalRefundAmount": "1.00", "acceptRefundTimestamp": "2020-09-03 16:52:10.0",
          "acceptRefundStatus": "SUCCESS", "refId": "REFUNDID_98765",
          "merchantRefundRequestTimestamp": "2020-09-03 16:52:08.0",
          "userCreditInitiateTimestamp": "2020-09-03 16:52:10.0", "userCreditInitiateStatus": "SUCCESS",
          "refundId": "20200903XXXXXX801300168821700215705",
          "resultInfo": ri("TXN_SUCCESS", "10", "Refund Successfull"),
          "refundDetailInfoList": [{"refundType": "TO_SOURCE", "payMethod": "CREDIT_CARD", "refundAmount": "1.00",
                                    "rrn": "1735XXXX84", "issuingBankName": "HDFC Bank",
                                    "maskedCardNumber": "5242********3040", "cardScheme": "MASTER",
                                    "userCreditExpectedDate": "2020-09-13"}],
          "agentInfo": {"employeeId": "Emp-001", "name": "Lalit", "phoneNo": "7777777777",
                        "email": "customer@example.com"}}
    signed_body_cases("refund_status_", "refund_status", [
        ("success", rs),
        ("pending", dict(rs, resultInfo=ri("PENDING", "601", "Refund request was raised"), totalRefundAmount="0.00",
                         refundDetailInfoList=[])),
    ], source="https://business.paytm.com/docs/refund-status-api")
    wh = {k: v for k, v in rs.items() if k != "resultInfo"}
    signed_body_cases("refund_webhook_", "refund_webhook", [
        ("success", wh),
        ("failed", dict(wh, status="FAILED", rejectRefundReasonCode="1",
                        rejectRefundReasonMessage="Insufficient balance in your settlement account")),
    ], source="https://paytmpayments.com/docs/success-refund-webhook")
    case("legacy_refund_success", "legacy_refund",
         compact({"MID": MID, "TXNID": "62284943", "ORDERID": "Test87984", "TXNAMOUNT": "10.00",
                  "REFUNDAMOUNT": "5.00", "TXNDATE": "2012-11-09 02:10:29.0", "RESPCODE": "10",
                  "RESPMSG": "Refund Successfull", "STATUS": "TXN_SUCCESS", "REFID": "REF_1",
                  "REFUNDID": "R123"}), key=None, source="spec/auto-debit.md Refund API table")
    case("legacy_refund_status_pending", "legacy_refund_status",
         compact({"TXNID": "62284943", "BANKTXNID": "099172", "ORDERID": "Test87984", "TXNAMOUNT": 10,
                  "STATUS": "PENDING", "GATEWAY": "HDFC", "RESPCODE": "601", "RESPMSG": "Refund pending",
                  "MID": MID, "PAYMENTMODE": "CC", "REFUNDAMOUNT": "5.00", "TOTALREFUNDAMT": "0.00",
                  "TXNDATE": "2012-11-09 02:10:29.0", "REFUNDDATE": "2012-11-10 10:00:00.0",
                  "REFUNDTYPE": "REFUND", "REFID": "REF_1", "REFUNDID": "R123"}), key=None,
         source="spec/auto-debit.md Refund Status API table")

    # ---------------- Auto-debit OAuth (spec samples, unsigned) ----------------
    # (name, api, body as printed, HTTP status, which sample of spec/auto-debit.md)
    for name, api, text, st_, sample in (
        ("send_otp_spec_success", "send_otp",
         '{  \n  "status":"SUCCESS",\n  "responseCode":"01",\n  "state":"65cb6680-29f6-11e4-aad2-3c970ea8b87f"\n}',
         200, "Send OTP sample"),
        ("send_otp_spec_failure", "send_otp",
         '{\n  "status":"FAILURE",\n  "responseCode":"434",\n  "message":"Bad Request"\n}', 400,
         "Send OTP error sample"),
        ("validate_otp_spec_success", "validate_otp",
         '{  \n"access_token":"c748d624-d92a-4599-b954-5c6274e01552",\n"expires":1415880416918,\n"scope":"wallet",\n"resourceOwnerId":"123456"\n}',
         200, "Verify OTP sample"),
        ("validate_otp_spec_failure", "validate_otp",
         '{\n  "status":"FAILURE",\n  "responseCode":"403",\n  "message":"Invalid Otp"\n}', 403,
         "Verify OTP error sample"),
        # The spec's sample is not JSON (typographic quotes, trailing comma): refused as such.
        ("user_details_spec_sample_not_json", "user_details",
         '{\n"id":\u201d123456\u201d,\n"email":"example@gmail.com",\n"mobile":5558889990,\n"expires":"1429175369162" ,\n}',
         200, "Validate Token sample (as printed)"),
        ("user_details_success", "user_details",
         '{"id":"123456","email":"example@gmail.com","mobile":5558889990,"expires":"1429175369162"}', 200,
         "Validate Token sample (corrected)"),
        ("user_details_spec_failure", "user_details",
         '{\n  "status":"FAILURE",\n  "responseCode":"530",\n  "message":"Invalid Token"\n}', 401,
         "Validate Token error sample"),
    ):
        case(name, api, text, status=st_, key=None, source="spec/auto-debit.md " + sample)
    for st_, name in ((200, "revoked"), (404, "not_found"), (401, "unauthorized"), (500, "server_error")):
        case("revoke_access_" + name, "revoke_access", "", status=st_, key=None,
             source="spec/auto-debit.md Revoke Access HTTP codes")

    # ---------------- Check Balance (consult): the spec's four samples, signed over their bytes ----
    consult_bodies = [
        ("sufficient_wallet", "true", "false", "0", "Sucesss", "Sucess"),
        ("sufficient_postpaid", "true", "false", "0", "Sucesss", "Sucess"),
        ("insufficient_add_money_allowed", "false", "true", "100.00", "Sucesss", "Sucess"),
        ("insufficient_add_money_not_allowed", "false", "false", "100.00", "Success", "Success"),
    ]
    for name, fs, am, deficit, rs_, msg in consult_bodies:
        body = ('{\n                "fundsSufficient": %s,\n                "addMoneyRequired": %s,\n'
                '                "deficitAmount": "%s",\n                "resultInfo": {\n'
                '                            "resultCode": "00023424/234234234",\n'
                '                            "resultStatus": "%s",\n                            "resultMsg": "%s"\n'
                '                }\n    }') % (fs, am, deficit, rs_, msg)
        sig = sign_text(body)
        raw = ('{\n    "head": {\n                "clientId": "C11",\n                "version": "v1",\n'
               '                "responseTimestamp": "1507207412152",\n                "signature": "%s"\n'
               '    },\n    "body": %s\n}') % (sig, body)
        case("check_balance_spec_" + name, "check_balance", raw, signed="body",
             source="spec/auto-debit.md Check Balance sample (placeholder signature replaced)")
    cs = {"fundsSufficient": True, "addMoneyAllowed": False, "deficitAmount": "0.00",
          "resultInfo": ri("SUCCESS", "CS_0000", "Request served successfully.")}
    signed_body_cases("check_balance_", "check_balance", [
        ("cs_0000", cs),
        ("invalid_user_token", {"resultInfo": ri("FAILURE", "CS_0002", "Invalid userToken received.")}),
    ])
    tamper_set("check_balance_", "check_balance",
               dict(cs, fundsSufficient=False, deficitAmount="20.00"), '"deficitAmount":"', "1")

    # ---------------- Withdraw (directPay) ----------------
    sample = """{
	"TxnId": 1000000654,
	"MID": "bmcust17066662636799",
	"OrderId": "268732d",
	"TxnAmount": 1,
	"BankTxnId": "C3727C22090D1A22",
	"ResponseCode": "01",
	"ResponseMessage": "Txn Successful.",
	"Status": "TXN_SUCCESS",
	"PaymentMode": "PPI",
	"BankName": "WALLET",
	"CheckSum": "",
	"CustId": "",
        "MBID": "3624e4c0-1262-11e4-993f-0016364efa11"
}"""
    case("withdraw_spec_sample_unsigned_refused", "withdraw", sample, signed="flat",
         source="spec/auto-debit.md Withdraw sample (empty CheckSum)")
    case("withdraw_spec_sample_unsigned_allowed", "withdraw", sample, key=None, options={"allowUnsigned": True},
         source="spec/auto-debit.md Withdraw sample (empty CheckSum)")
    w = {"TxnId": "1000000654", "MID": MID, "OrderId": "268732d", "TxnAmount": "1", "BankTxnId": "C3727C22090D1A22",
         "ResponseCode": "01", "ResponseMessage": "Txn Successful.", "Status": "TXN_SUCCESS", "PaymentMode": "PPI",
         "BankName": "WALLET", "CustId": "CUST_001", "MBID": "3624e4c0-1262-11e4-993f-0016364efa11",
         "MercUnqRef": "ref-1", "PROMO_CAMP_ID": "", "PROMO_STATUS": "", "PROMO_RESPCODE": ""}
    ws = dict(w)
    ws["CheckSum"] = sign_map(w)
    raw = compact(ws).replace('"TxnId":"1000000654"', '"TxnId":1000000654').replace('"TxnAmount":"1"', '"TxnAmount":1')
    case("withdraw_signed_numbers", "withdraw", raw, signed="flat")
    case("withdraw_tampered_status", "withdraw", raw.replace("TXN_SUCCESS", "TXN_SUCCESs"), signed="flat",
         tampered=True)
    wf = dict(w, Status="TXN_FAILURE", ResponseCode="227", ResponseMessage="Insufficient Balance")
    wf["checkSum"] = sign_map(wf)
    case("withdraw_failure_lowercase_checksum_name", "withdraw", compact(wf), signed="flat")

    # ---------------- Payment requests ----------------
    signed_body_cases("send_payment_request_", "send_payment_request", [
        ("success", {"resultInfo": ri("S", "0000", "Success")}),
        ("undocumented_failure", {"resultInfo": ri("F", "1001", "Invalid phone number")}),
    ], source="https://business.paytm.com/docs/apis/send-payment-request-api")
    signed_body_cases("resend_payment_request_", "resend_payment_request", [
        ("success", {"resultInfo": ri("S", "0000", "Success")}),
    ], source="https://business.paytm.com/docs/api/resend-payment-request-api")

    # ---------------- Callbacks, webhooks, Add Money ----------------
    cb = {"ORDERID": "ORDERID_98765", "MID": MID, "TXNID": "202005081112128XXXXXX68470101509706",
          "TXNAMOUNT": "1.00", "PAYMENTMODE": "PPI", "CURRENCY": "INR", "TXNDATE": "2020-07-24 15:13:02.0",
          "STATUS": "TXN_SUCCESS", "RESPCODE": "01", "RESPMSG": "Txn Success", "GATEWAYNAME": "WALLET",
          "BANKTXNID": "62909899", "BANKNAME": "WALLET"}

    def form(fields, sum_):
        items = list(fields.items()) + ([("CHECKSUMHASH", sum_)] if sum_ is not None else [])
        return urlencode(items)

    def cb_case(name, fields, **kw):
        case(name, kw.pop("api", "callback"), form(fields, sign_map(fields)), signed="form",
             source=kw.pop("source", "https://developer.paytm.com/docs/payment-status/"), **kw)

    cb_case("callback_form_success", cb)
    cb_case("callback_form_failure", dict(cb, STATUS="TXN_FAILURE", RESPCODE="227",
                                          RESPMSG="Your payment has been declined by your bank.", BANKTXNID=""))
    cb_case("callback_form_pending", dict(cb, STATUS="PENDING", RESPCODE="402", PAYMENTMODE="UPI"))
    cb_case("callback_link_webhook_extra_fields",
            dict(cb, PAYMENTEMAILID="user@example.com", MERC_UNQ_REF="LI_12345", CUSTID="CUST_001",
                 TXNDATETIME="2020-09-10 13:03:05.0", LINKNOTES="Link Note & Description"),
            source="https://developer.paytm.com/docs/link-payment-status-webhook/")
    cb_case("add_money_callback", dict(cb, STATUS="TXN_SUCCESS", TXNAMOUNT="100"), api="add_money",
            source="spec/auto-debit.md Add Money response")
    jfields = dict(cb)
    jfields["CHECKSUMHASH"] = sign_map(cb)
    case("callback_json_js_checkout", "callback", json.dumps(jfields, indent=2), signed="flat",
         source="https://paytmpayments.com/docs/jscheckout-verify-payment")
    good = form(cb, sign_map(cb))
    case("callback_tampered_amount_changed", "callback", good.replace("TXNAMOUNT=1.00", "TXNAMOUNT=9.00"),
         signed="form", tampered=True)
    case("callback_tampered_checksumhash_removed", "callback", form(cb, None), signed="form", tampered=True)
    case("callback_tampered_duplicate_field", "callback", good + "&STATUS=TXN_SUCCESS", signed="form",
         tampered=True)
    fail = dict(cb, STATUS="TXN_FAILURE")
    case("callback_tampered_status_flipped", "callback",
         form(fail, sign_map(fail)).replace("TXN_FAILURE", "TXN_SUCCESS"), signed="form", tampered=True)
    case("callback_unsigned_allowed", "callback", form(cb, None), key=None, options={"allowUnsigned": True})

    # ---------------- Subscriptions (appended: earlier cases keep their salts) ----------------
    subs = "102771"
    sok = {"resultInfo": ri("S", "0000", "Success"), "subscriptionId": subs, "txnToken": TOKEN,
           "authenticated": False, "isPromoCodeValid": False}
    signed_body_cases("subscription_initiate_", "initiate_subscription", [
        ("success", sok),
        ("missing_subscription_id", {"resultInfo": ri("S", "0000", "Success"), "txnToken": TOKEN}),
        ("failure", {"resultInfo": ri("F", "1007", "Missing mandatory element")}),
    ], source="https://paytmpayments.com/docs/api/initiate-subscription-api")
    tamper_set("subscription_initiate_", "initiate_subscription", sok, '"subscriptionId":"', "9")

    def si(status, code, msg):
        return {"status": status, "code": code, "message": msg}

    active = {"resultInfo": si("SUCCESS", "3006", "SUCCESS"), "subsId": subs, "status": "ACTIVE",
              "subStatus": "ACTIVE", "amountType": "VARIABLE", "maxAmount": "500.00", "frequencyUnit": "MONTH",
              "frequency": "1", "expiryDate": "2027-12-10 00:00:00", "orderId": "SUBS_ORDER_001", "mid": MID,
              "custId": "CUST_001", "paymentMode": "UPI", "lastOrderId": "RENEW_ORDER_2026_12",
              "lastOrderStatus": "SUCCESS", "lastOrderAmount": "499.00"}
    signed_body_cases("subscription_status_", "subscription_status", [
        ("active", active),
        ("merchant_cancelled", dict(active, status="REJECT", subStatus="MERCHANT_CANCELLED")),
    ], source="https://paytmpayments.com/docs/api/fetch-subscription-status-api")
    tamper_set("subscription_status_", "subscription_status", dict(active, resultInfo=ri("S", "3006", "SUCCESS")),
               '"maxAmount":"', "9")
    signed_body_cases("subscription_", "renew_subscription", [
        ("renew_accepted_code_unpublished", {"resultInfo": si("PENDING", "900", "Subscription Txn accepted."),
                                              "subsId": subs, "orderId": "RENEW_ORDER_2027_01",
                                              "txnId": "20270110111212800110168470101509706"}),
    ], source="https://paytmpayments.com/docs/renew-subscription-api")
    signed_body_cases("subscription_", "cancel_subscription", [
        ("cancel_success", {"resultInfo": si("SUCCESS", "3006", "SUCCESS"), "subsId": subs}),
    ], source="https://paytmpayments.com/docs/cancel-subscription-api")
    signed_body_cases("subscription_", "pause_resume_subscription", [
        ("pause_success", {"resultInfo": si("SUCCESS", "3006", "SUCCESS"), "subsId": subs, "status": "SUSPENDED"}),
    ], source="https://paytmpayments.com/docs/api/pause-resume-subscription-api")
    signed_body_cases("subscription_", "pre_notify_subscription", [
        ("pre_notify_success", {"resultInfo": ri("S", "0000", "Success"), "subsId": subs,
                                "referenceId": "PRENOTIFY_2027_01"}),
    ], source="https://business.paytm.com/docs/apis/subscription-pre-notify-api")
    wh = {"PPITYPE": "Y", "BANKNAME": "WALLET", "PAYMENTMODE": "PPI", "CUSTID": "CUST_001", "MID": MID,
          "EXPIRYDATE": "2020-09-25 00:00:00", "UPDATEDDATE": "2020-09-11 13:07:49", "CUSTMOBILE": "7777777777",
          "FREQUENCYUNIT": "MONTH", "MAXAMOUNT": "1000.0", "ORDERID": "ORDERID_98765",
          "CREATEDDATE": "2020-09-11 13:07:26", "UPFRONTTXNAMOUNT": "0.00", "STATUS": "ACTIVE",
          "AMOUNTTYPE": "VARIABLE", "MERCHANTNAME": "TEST INTEGRATION 5", "SUBS_ID": subs,
          "CUSTEMAILID": "customer@example.com"}
    wsrc = "https://paytmpayments.com/docs/subscription-status-webhook"
    cb_case("subscription_webhook_active", wh, api="subscription_webhook", source=wsrc)
    cb_case("subscription_webhook_reject", dict(wh, STATUS="REJECT"), api="subscription_webhook", source=wsrc)
    wgood = form(wh, sign_map(wh))
    case("subscription_webhook_tampered_max_amount", "subscription_webhook",
         wgood.replace("MAXAMOUNT=1000.0", "MAXAMOUNT=9000.0"), signed="form", tampered=True, source=wsrc)
    case("subscription_webhook_tampered_checksum_removed", "subscription_webhook", form(wh, None),
         signed="form", tampered=True, source=wsrc)
    native_cases()
    link_cases(form)


def link_cases(form):
    """Payment Links (docs/payment-links.md), appended after every other case so their salts stay."""
    def li(status, code, msg):
        return {"resultStatus": status, "resultCode": code, "resultMessage": msg}

    link = 100000123
    create_src = "https://paytmpayments.com/docs/create-link-api"
    created = {"resultInfo": li("SUCCESS", "200", "Payment link is created successfully"),
               "linkId": link, "linkType": "FIXED", "linkDescription": "Order 42, two mugs",
               "linkName": "Invoice_42", "amount": 499.5, "expiryDate": "31/12/2026",
               "shortUrl": "https://paytm.me/x-AbC12", "isActive": True,
               "longUrl": "https://securestage.paytmpayments.com/link/Invoice_42/LL_100000123",
               "merchantRequestId": "REQ_LINK_42"}
    signed_body_cases("link_create_", "create_payment_link", [
        ("success", created),
        ("success_without_link_id", dict((k, v) for k, v in created.items() if k != "linkId")),
        ("failed_code_unpublished", {"resultInfo": li("FAILED", "5001", "Invalid link description")}),
    ], source=create_src)
    tamper_set("link_create_", "create_payment_link", created, '"shortUrl":"https://paytm.me/x-', "Z")
    detail = {"linkId": link, "linkType": "FIXED", "linkName": "Invoice_42", "amount": "499.50",
              "shortUrl": "https://paytm.me/x-AbC12", "expiryDate": "31/12/2026", "isActive": False,
              "status": "EXPIRED", "createdDate": "01/12/2026 10:00:00", "mid": MID}
    signed_body_cases("link_", "fetch_payment_link", [
        ("fetch_expired", {"resultInfo": li("SUCCESS", "200", "Success"), "links": [detail]}),
    ], source="https://business.paytm.com/docs/fetch-link-api")
    signed_body_cases("link_", "resend_payment_link", [
        ("resend_success", {"resultInfo": li("SUCCESS", "200", "Notification sent successfully"), "linkId": link}),
    ], source="https://paytmpayments.com/docs/api/resend-notification-link-api")
    signed_body_cases("link_", "expire_payment_link", [
        ("expire_success", {"resultInfo": li("SUCCESS", "200", "Link expired successfully"), "linkId": link}),
    ], source="https://paytmpayments.com/docs/api/expire-link-api")
    wh = {"ORDERID": "LINK_ORDER_9001", "MID": MID, "TXNID": "20261206111212800110168470101509706",
          "TXNAMOUNT": "499.50", "PAYMENTMODE": "UPI", "CURRENCY": "INR", "TXNDATE": "2026-12-06 13:03:05.0",
          "STATUS": "TXN_SUCCESS", "RESPCODE": "01", "RESPMSG": "Txn Success", "GATEWAYNAME": "PPBL",
          "BANKTXNID": "63240520", "BANKNAME": "", "MERC_UNQ_REF": "LI_%d" % link, "CUSTID": "CUST_001",
          "LINKDESCRIPTION": "Order 42, two mugs", "LINKNOTES": "Two mugs & a lid",
          "PAYMENTMOBILENUMBER": "7777777777", "PAYMENTEMAILID": "asha@example.com"}
    wsrc = "https://developer.paytm.com/docs/link-payment-status-webhook/"
    signed_form = lambda fields: form(fields, sign_map(fields))
    case("link_webhook_success", "payment_link_webhook", signed_form(wh), signed="form", source=wsrc)
    failed = dict(wh, STATUS="TXN_FAILURE", RESPCODE="227", RESPMSG="Your payment has been declined by your bank.")
    case("link_webhook_failure", "payment_link_webhook", signed_form(failed), signed="form", source=wsrc)
    wgood = signed_form(wh)
    case("link_webhook_tampered_amount", "payment_link_webhook",
         wgood.replace("TXNAMOUNT=499.50", "TXNAMOUNT=999.50"), signed="form", tampered=True, source=wsrc)
    case("link_webhook_tampered_link_id", "payment_link_webhook",
         wgood.replace("LI_100000123", "LI_100000124"), signed="form", tampered=True, source=wsrc)
    case("link_webhook_tampered_checksum_removed", "payment_link_webhook", form(wh, None),
         signed="form", tampered=True, source=wsrc)


def native_cases():
    """The txnToken helpers (docs/native-checkout.md): unsigned answers, parsed without a key."""
    def native(name, api, body, source, status=200, raw=None):
        text = raw if raw is not None else envelope(compact(body), None)
        case("native_" + name, api, text, status=status, key=None, source=source)

    fpo = "https://business.paytm.com/docs/api/v2/fetch-payment-options-api"
    off = {"status": False, "msg": ""}
    low = {"status": True, "msg": "Low success rate"}
    plan = {"planId": "HDFC|3", "interestRate": "13", "ofMonths": "3",
            "minAmount": {"value": "3000", "currency": "INR"},
            "maxAmount": {"value": "500000", "currency": "INR"},
            "emiAmount": {"value": "1032.46", "currency": "INR"},
            "totalAmount": {"value": "3097.38", "currency": "INR"}}
    options = {
        "resultInfo": ri("S", "0000", "Success"),
        "loginInfo": {"userLoggedIn": False, "pgAutoLoginEnabled": False},
        "merchantPayOption": {
            "paymentModes": [
                {"displayName": "Paytm Balance", "paymentMode": "BALANCE", "isDisabled": off,
                 "payChannelOptions": [{"isDisabled": off, "hasLowSuccess": off}]},
                {"displayName": "BHIM UPI", "paymentMode": "UPI", "isDisabled": off,
                 "payChannelOptions": [{"channelCode": "collect", "channelName": "UPI collect",
                                        "isDisabled": off, "hasLowSuccess": off}]},
                {"displayName": "Net Banking", "paymentMode": "NET_BANKING", "isDisabled": off,
                 "payChannelOptions": [
                     {"channelCode": "HDFC", "channelName": "HDFC Bank", "iconUrl": "https://static.example/hdfc.png",
                      "isDisabled": off, "hasLowSuccess": off},
                     {"channelCode": "SBI", "channelName": "State Bank of India", "isDisabled": off,
                      "hasLowSuccess": low}]},
                {"displayName": "EMI", "paymentMode": "EMI", "isDisabled": off,
                 "payChannelOptions": [{"channelCode": "HDFC", "channelName": "HDFC Bank", "emiType": "CREDIT_CARD",
                                        "minAmount": {"value": "3000", "currency": "INR"},
                                        "maxAmount": {"value": "500000", "currency": "INR"},
                                        "isDisabled": off, "hasLowSuccess": off, "emiChannelInfos": [plan]}]},
            ],
            "savedInstruments": [
                {"cardDetails": {"cardId": "2019051312345", "cardType": "CREDIT_CARD", "firstSixDigit": "411111",
                                 "lastFourDigit": "1111", "status": "1", "cvvLength": "3", "cvvRequired": True},
                 "issuingBank": "HDFC Bank", "channelCode": "VISA", "isEmiAvailable": True, "authModes": ["otp"],
                 "hasLowSuccess": off, "isDisabled": off},
            ],
        },
    }
    native("fetch_payment_options_success", "fetch_payment_options", options, fpo)
    native("fetch_payment_options_session_expired", "fetch_payment_options",
           {"resultInfo": ri("F", "1006", "Your Session has expired")}, fpo)
    whole = json.loads(compact(options))
    whole["merchantPayOption"]["savedInstruments"][0]["cardDetails"]["firstSixDigit"] = "4111111111111111"
    native("fetch_payment_options_saved_card_full_number", "fetch_payment_options", whole, fpo)

    bin_src = "https://business.paytm.com/docs/api/fetch-bin-details-api"
    native("fetch_bin_details_success", "fetch_bin_details", {
        "resultInfo": ri("S", "0000", "Success"),
        "binDetail": {"bin": "411111111", "issuingBank": "HDFC Bank", "issuingBankCode": "HDFC",
                      "paymentMode": "CREDIT_CARD", "channelName": "Visa", "channelCode": "VISA",
                      "cnMin": "16", "cnMax": "16", "cvvR": "true", "cvvL": "3", "expR": "true",
                      "isIndian": "true", "isActive": "true"},
        "authModes": ["otp"], "isEmiAvailable": True, "hasLowSuccessRate": off,
        "isSubscriptionAvailable": True, "iconUrl": "https://static.example/visa.png"}, bin_src)
    native("fetch_bin_details_http_502", "fetch_bin_details", None, bin_src, status=502,
           raw="<html>Bad Gateway</html>")
    native("fetch_bin_details_not_json", "fetch_bin_details", None, bin_src, raw="<html>ok</html>")

    vpa_src = "https://paytmpayments.com/docs/api/validate-vpa"
    native("validate_vpa_valid", "validate_vpa", {"resultInfo": ri("S", "0000", "Success"),
                                                  "vpa": "7777777777@paytm", "valid": True,
                                                  "name": "Test User"}, vpa_src)
    native("validate_vpa_invalid", "validate_vpa", {"resultInfo": ri("S", "0000", "Success"),
                                                    "vpa": "nobody@paytm", "valid": False}, vpa_src)
    native("validate_vpa_success_without_valid", "validate_vpa",
           {"resultInfo": ri("S", "0000", "Success"), "vpa": "7777777777@paytm"}, vpa_src)
    native("validate_vpa_param_missing", "validate_vpa", {"resultInfo": ri("F", "501", "Param Missing")}, vpa_src)
    native("validate_vpa_duplicate_valid", "validate_vpa", None, vpa_src,
           raw='{"head":{},"body":{"resultInfo":{"resultStatus":"S","resultCode":"0000"},'
               '"valid":false,"valid":true}}')

    emi_src = "https://paytmpayments.com/docs/api/fetch-emi-detail-api"
    plan6 = dict(plan, planId="HDFC|6", ofMonths="6", emiAmount="528.80", totalAmount="3172.80")
    native("fetch_emi_details_success", "fetch_emi_details", {
        "resultInfo": ri("S", "0000", "Success"),
        "emiDetail": {"emiType": "CREDIT_CARD", "emiChannelInfos": [plan, plan6]}}, emi_src)
    native("fetch_emi_details_float_amount", "fetch_emi_details", None, emi_src,
           raw='{"head":{},"body":{"resultInfo":{"resultStatus":"S","resultCode":"0000"},'
               '"emiDetail":{"emiChannelInfos":[{"planId":"HDFC|3","emiAmount":{"value":1032.465}}]}}}')

    promo_src = "https://paytmpayments.com/docs/api/apply-promo"
    native("apply_promo_success", "apply_promo", {
        "resultInfo": ri("S", "0000", "Success"),
        "paymentOffer": {"totalInstantDiscount": "100", "totalCashbackAmount": "0",
                         "offerBreakup": [{"promocodeApplied": "TESTPROMO", "promotext": "Rs 100 off on HDFC net banking",
                                           "instantDiscount": "100", "cashbackAmount": "0",
                                           "payMethod": "NET_BANKING"}]}}, promo_src)
    native("apply_promo_undocumented_code", "apply_promo",
           {"resultInfo": ri("F", "PROMO_INVALID", "Promo code is not valid")}, promo_src)

    otp_src = "https://paytmpayments.com/docs/api/sendotp-checkout-api"
    native("send_checkout_otp_success", "send_checkout_otp", {"resultInfo": ri("S", "01", "Success")}, otp_src)
    native("send_checkout_otp_invalid_mobile", "send_checkout_otp",
           {"resultInfo": ri("F", "431", "Invalid Mobile")}, otp_src)
    votp_src = "https://business.paytm.com/docs/validateotp-checkout-api"
    native("validate_checkout_otp_success", "validate_checkout_otp",
           {"resultInfo": ri("S", "01", "Success"), "authenticated": True}, votp_src)
    native("validate_checkout_otp_wrong", "validate_checkout_otp",
           {"resultInfo": ri("F", "403", "Invalid OTP entered."), "authenticated": False}, votp_src)
    native("validate_checkout_otp_success_not_authenticated", "validate_checkout_otp",
           {"resultInfo": ri("S", "01", "Success"), "authenticated": False}, votp_src)


def main():
    build()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    for d in os.listdir(ROOT):
        p = os.path.join(ROOT, d)
        if os.path.isdir(p) and d not in names:
            shutil.rmtree(p)
    for c in CASES:
        d = os.path.join(ROOT, c["name"])
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "case.json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(c["case"], indent=2, sort_keys=True) + "\n")
        with open(os.path.join(d, "response.bin"), "wb") as f:
            f.write(c["raw"])
    print("responses: %d cases written" % len(CASES))


if __name__ == "__main__":
    main()
