"""Every scenario of tests/vectors/sessions/scenarios.json (responses signed by Paytm's own
Python library; Rust, C and JS replay the same file) through Session: each call's error name and
each action's expected members; saves hold no secret; actions' reprs show none."""

import json
import os

import pytest

from conftest import TEST_KEY, VECTORS, read
from paytm_checkout import (
    CollectOtp, CollectPayment, Credentials, Done, MerchantKey, OpenDeepLink, OpenForm, PaytmError,
    RenderBankForm, Send, Session, SessionError, UnknownAction, Wait,
)
from vectors import at

EXPECTED_SCENARIOS = 84
SCENARIOS = read(os.path.join(VECTORS, "sessions", "scenarios.json"))["scenarios"]
SECRETS = [TEST_KEY, "4111111111111111", "f0bed899539742309eebd8", "client-secret-1", "c748d624-d92a", "489871"]
TYPES = {"send": Send, "collect_payment": CollectPayment, "render_bank_form": RenderBankForm,
         "open_deep_link": OpenDeepLink, "collect_otp": CollectOtp, "open_form": OpenForm, "wait": Wait, "done": Done}


def credentials_of(sc):
    return sc.get("credentials") or ({"merchantKey": TEST_KEY} if sc["key"] == "test" else None)


def step(s, st):
    op = st["op"]
    if op == "next":
        return s.next_action(st["now"])
    if op == "respond":
        return s.handle_response(st["status"], st["body"].encode("utf-8"), st["now"])
    if op == "send_failure":
        return s.handle_send_failure(st["now"])
    if op == "pay":
        return s.pay(st["payment"], st["now"])
    if op == "callback":
        return s.handle_callback(st["body"], st["now"])
    if op == "otp":
        return s.submit_otp(st["otp"], st["now"])
    if op == "retry":
        return s.retry(st["now"])
    if op == "collect":
        return s.collect(st["cycle"], st["orderId"], st["amount"])
    if op in ("cancel", "pause", "resume"):
        return getattr(s, op)()
    if op == "pre_notify":
        return s.pre_notify(st["cycle"], st["amount"], st["txnDate"], st["referenceId"], st["txnMessage"],
                            st.get("invoiceDisplayNo"))
    raise AssertionError("unknown op " + op)


def test_scenario_count():
    assert len(SCENARIOS) == EXPECTED_SCENARIOS
    assert {sc["kind"] for sc in SCENARIOS} == {"checkout", "refund", "wallet", "subscription"}


@pytest.mark.parametrize("sc", SCENARIOS, ids=[sc["name"] for sc in SCENARIOS])
def test_scenario(sc):
    checks = 0
    s = Session(sc["kind"], sc["config"], credentials_of(sc))
    try:
        for i, st in enumerate(sc["steps"]):
            where = "%s step %d" % (sc["name"], i)
            if st["op"] == "restart":
                saved = s.save()
                for secret in SECRETS:
                    assert secret not in saved, where + ": the save holds a secret"
                s.close()
                s = Session.restore(saved, credentials_of(sc), st["token"] if st.get("withToken") else None)
                continue
            if "error" in st:
                with pytest.raises(PaytmError) as e:
                    step(s, st)
                assert e.value.name == st["error"], where
                checks += 1
                continue
            action = step(s, st)
            if st["op"] != "next":
                assert action is None
                continue
            assert isinstance(action, TYPES[action.type]) and not isinstance(action, UnknownAction), where
            for path, want in st.get("expect", {}).items():
                assert at(action.raw, path) == want, "%s: %s in %s" % (where, path, json.dumps(action.raw))
                checks += 1
            text = repr(action)
            for secret in SECRETS:
                assert secret not in text, where + ": a secret in " + text
            if isinstance(action, Send):
                assert action.request.raw == action.raw["request"] and action.purpose == action.raw["purpose"]
            if isinstance(action, CollectPayment):
                assert action.txn_token == action.raw["txnToken"] and action.txn_token not in text
            if isinstance(action, Done):
                assert action.outcome.status == action.raw["outcome"]["status"]
                assert action.outcome.success is (action.outcome.status == "success")
    finally:
        s.close()
    assert checks > 0


def test_a_merchant_key_object_serves_as_credentials():
    sc = next(x for x in SCENARIOS if x["name"] == "card_bank_form_callback_success")
    with MerchantKey(TEST_KEY) as key:
        outcomes = []
        for creds in (key, Credentials(merchant_key=key), TEST_KEY, {"merchantKey": TEST_KEY}):
            with Session(sc["kind"], sc["config"], creds) as s:
                last = None
                for st in sc["steps"]:
                    last = step(s, st)
                outcomes.append(last.outcome)
        assert all(o.success for o in outcomes) and len(set(outcomes)) == 1
        assert key.verify("x", key.sign("x"))  # the key is still ours and open


def test_misuse_is_a_coded_error():
    sc = SCENARIOS[0]
    creds = credentials_of(sc)
    for args, name in [
        (("nope", sc["config"], creds), "INVALID_ARGUMENT"),
        ((sc["kind"], sc["config"]), "INVALID_CREDENTIALS"),
        ((sc["kind"], "{", creds), "INVALID_PARAMS"),
    ]:
        with pytest.raises(PaytmError) as e:
            Session(*args)
        assert e.value.name == name, args[0]
    with pytest.raises(TypeError):
        Session(sc["kind"], 42, creds)
    with Session(sc["kind"], json.dumps(sc["config"]), creds) as s:
        for now in (-1, 1.5, 2**64, "0", True):
            with pytest.raises(PaytmError) as e:
                s.next_action(now)
            assert e.value.name == "INVALID_ARGUMENT"
        for call, name in [
            (lambda: s.handle_response(200, b"{}", 0), "SESSION_STATE"),
            (lambda: s.handle_response(70000, b"{}", 0), "RESPONSE_HTTP_STATUS"),
            (lambda: s.retry(0), "SESSION_STATE"),
            (lambda: s.submit_otp("1234", 0), "SESSION_STATE"),
            (lambda: s.pay({"paymentMode": "BALANCE"}, 0), "SESSION_STATE"),
            (lambda: Session.restore("{}", creds), "SESSION_RESTORE"),
        ]:
            with pytest.raises(SessionError if name.startswith("SESSION") else PaytmError) as e:
                call()
            assert e.value.name == name
        assert s.next_action(0).type == "send"
        s.handle_send_failure(1)
        assert isinstance(s.next_action(2), Wait)
        assert "open" in repr(s)
    assert "closed" in repr(s)
    with pytest.raises(PaytmError) as e:
        s.next_action(3)
    assert e.value.name == "INVALID_HANDLE"
    s.close()  # twice is fine


def test_an_edited_save_does_not_restore():
    sc = next(x for x in SCENARIOS if x["name"] == "card_bank_form_callback_success")
    with Session(sc["kind"], sc["config"], credentials_of(sc)) as s:
        saved = s.save()
    Session.restore(saved, credentials_of(sc)).close()
    edited = saved.replace('"amount":"1.00"', '"amount":"0.01"')
    assert edited != saved
    with pytest.raises(SessionError) as e:
        Session.restore(edited, credentials_of(sc))
    assert e.value.name == "SESSION_SEAL"
    with pytest.raises(SessionError) as e:
        Session.restore(saved, {"merchantKey": "0123456789abcdef"})
    assert e.value.name == "SESSION_SEAL"


# Issue #21: Session.collect and Session.cancel (ptm_session_collect / ptm_session_cancel). The
# rules are core's; these check the calls reach them and come back as coded errors.
# A card mandate: its collections need no pre-debit notification (a UPI one's do).
ACTIVE = next(x for x in SCENARIOS if x["name"] == "subscription_card_create_authorise_active")
AFTER = ACTIVE["steps"][-1]["now"] + 100


def active_subscription():
    """A subscription whose mandate is active and idle: the card scenario replayed to its end."""
    s = Session(ACTIVE["kind"], ACTIVE["config"], credentials_of(ACTIVE))
    for st in ACTIVE["steps"]:
        step(s, st)
    return s


def code_of(call):
    with pytest.raises(PaytmError) as e:
        call()
    return e.value.name


def test_subscription_collect_is_one_renew_per_cycle():
    with active_subscription() as s:
        assert s.collect("2027-01", "RENEW_0001", "499.00") is None
        before = s.save()
        assert code_of(lambda: s.collect("2027-01", "RENEW_0002", "499.00")) == "SESSION_STATE"
        assert code_of(s.cancel) == "SESSION_STATE"
        assert s.save() == before
        a = s.next_action(AFTER)
        assert isinstance(a, Send) and a.purpose == "renew_subscription"
        assert "/subscription/renew" in a.request.url
        body = json.loads(a.request.body)["body"]
        assert body["orderId"] == "RENEW_0001" and body["txnAmount"]["value"] == "499.00"


def test_subscription_cancel_sends_the_cancel_request():
    with active_subscription() as s:
        assert s.cancel() is None
        a = s.next_action(AFTER)
        assert isinstance(a, Send) and a.purpose == "cancel_subscription"
        assert "/subscription/cancel" in a.request.url
        assert code_of(s.cancel) == "SESSION_STATE"
    assert code_of(s.cancel) == "INVALID_HANDLE"


def test_collect_and_cancel_are_state_errors_on_other_kinds_and_before_the_mandate():
    co = SCENARIOS[0]
    for sc in (co, ACTIVE):
        with Session(sc["kind"], sc["config"], credentials_of(sc)) as s:
            with pytest.raises(SessionError) as e:
                s.collect("2027-01", "RENEW_0001", "499.00")
            assert e.value.name == "SESSION_STATE" and "collect" in str(e.value)
            assert code_of(s.cancel) == "SESSION_STATE"
            assert isinstance(s.next_action(AFTER), Send)


def test_collect_bad_arguments_are_coded_errors():
    with active_subscription() as s:
        for args, name in [
            ((b"2027-\xff", "RENEW_0001", "499.00"), "INVALID_UTF8"),
            (("2027-01", b"RENEW_\xc3", "499.00"), "INVALID_UTF8"),
            (("2027-01", "RENEW_0001", 499.0), "INVALID_ARGUMENT"),
            (("2027-01", "RENEW_0001", None), "INVALID_ARGUMENT"),
            (("2027-01", "RENEW 1!", "499.00"), "INVALID_ORDER_ID"),
            (("2027-01", "RENEW_0001", "1.001"), "INVALID_AMOUNT"),
            (("2027-01", "RENEW_0001", "500.01"), "INVALID_FIELD"),
        ]:
            assert code_of(lambda: s.collect(*args)) == name, args
        s.cancel()  # none of that changed it: still active and idle


# Session.pause / resume / pre_notify (ptm_session_pause / _resume / _pre_notify).
PRE_NOTIFY = ("2027-01", "499.00", "10-01-2027", "PN_1", "Gold plan")


def test_pause_resume_pre_notify_are_state_errors_on_other_kinds():
    with Session(SCENARIOS[0]["kind"], SCENARIOS[0]["config"], credentials_of(SCENARIOS[0])) as s:
        for name, call in [("pause", s.pause), ("resume", s.resume), ("pre_notify", lambda: s.pre_notify(*PRE_NOTIFY))]:
            with pytest.raises(SessionError) as e:
                call()
            assert e.value.name == "SESSION_STATE" and name + ": not a call of a checkout" in str(e.value)


def test_pause_sends_suspended_and_refuses_collections():
    with active_subscription() as s:
        assert code_of(s.resume) == "SESSION_STATE"
        assert s.pause() is None
        assert code_of(s.pause) == "SESSION_STATE"
        assert code_of(lambda: s.collect("2027-01", "RENEW_0001", "499.00")) == "SESSION_STATE"
        a = s.next_action(AFTER)
        assert isinstance(a, Send) and a.purpose == "pause_resume_subscription"
        assert a.request.url.endswith("/subscription/status/modify")
        assert json.loads(a.request.body)["body"]["status"] == "SUSPENDED"
    assert code_of(s.pause) == "INVALID_HANDLE"


def test_pre_notify_request_and_bad_arguments():
    with active_subscription() as s:
        for args, name in [
            ((b"2027-\xff",) + PRE_NOTIFY[1:], "INVALID_UTF8"),
            (("2027-01", 499.0) + PRE_NOTIFY[2:], "INVALID_ARGUMENT"),
            (PRE_NOTIFY + (7,), "INVALID_ARGUMENT"),
            (("2027-01", "499.001") + PRE_NOTIFY[2:], "INVALID_AMOUNT"),
            (PRE_NOTIFY[:3] + ("PN 1!", "Gold plan"), "INVALID_REF_ID"),
            (PRE_NOTIFY[:2] + ("2027-01-10",) + PRE_NOTIFY[3:], "INVALID_FIELD"),
            (("2027-01", "500.01") + PRE_NOTIFY[2:], "INVALID_FIELD"),
            (PRE_NOTIFY + ("INV-1",), "INVALID_FIELD"),
        ]:
            assert code_of(lambda: s.pre_notify(*args)) == name, args
        assert s.pre_notify(*PRE_NOTIFY, invoice_display_no=b"INV1") is None
        assert code_of(s.pause) == "SESSION_STATE"
        a = s.next_action(AFTER)
        assert isinstance(a, Send) and a.purpose == "pre_notify_subscription"
        assert a.request.url.endswith("/subscription/preNotify")
        body = json.loads(a.request.body)["body"]
        assert (body["subsId"], body["txnAmount"], body["txnDate"], body["referenceId"], body["txnMessage"],
                body["invoiceDisplayNo"]) == ("102771", "499.00", "10-01-2027", "PN_1", "Gold plan", "INV1")
