//! The customer's pages (bank OTP page, UPI app) act only on the exact payment they were issued
//! for: a stale, foreign, unknown or finished id is refused with a clear status and changes
//! nothing. Also refunds: they name the exact payment attempt. All over HTTP against a running
//! sandbox, with requests built by hand (issue #16 item 6).

mod common;

use common::*;
use paytm_sandbox::instruments as ins;
use paytm_sandbox::{Config, Sandbox, TEST_MID};
use serde_json::json;

fn start() -> (Sandbox, std::net::SocketAddr) {
    let sb = Sandbox::start(Config::default()).unwrap();
    let addr = sb.addr();
    (sb, addr)
}

fn assert_refused(r: &Reply, status: u16, says: &str) {
    assert_eq!(r.status, status, "{r:?}");
    assert!(r.body.contains(says), "{says:?} not in {}", r.body);
    assert!(
        r.body.contains("Nothing was changed"),
        "no clear refusal: {}",
        r.body
    );
    assert!(r.form().is_none(), "a refusal carries no callback form");
}

/// The reported attack: A declined, B started, A's bank page with the good OTP completed B.
#[test]
fn a_stale_bank_page_cannot_complete_the_next_payment_of_the_order() {
    let (_sb, addr) = start();
    let order = "ORDER_STALE_MD";
    let token = initiate(addr, order, "10.00");

    let a = pay_card(addr, order, &token, ins::CARD_DECLINED, "810");
    let r = bank_otp(addr, &a, ins::GOOD_OTP);
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.field("TXNID").as_deref(), Some(a.as_str()));
    assert_eq!(r.field("STATUS").as_deref(), Some("TXN_FAILURE"));

    let b = pay_card(addr, order, &token, ins::CARD_SUCCESS, "123");
    assert_ne!(a, b);

    // A's page again, good OTP and bad OTP, posted and fetched: refused every time.
    for otp in [ins::GOOD_OTP, "000000"] {
        assert_refused(&bank_otp(addr, &a, otp), 409, "earlier payment");
    }
    assert_refused(
        &post_form(addr, "/sandbox/bank/acs", &[("MD", &a), ("PaReq", "x")]),
        409,
        "earlier payment",
    );
    assert_refused(
        &get(addr, &format!("/sandbox/bank/acs?MD={a}")),
        409,
        "earlier payment",
    );

    // B is untouched: still waiting for its customer.
    let s = status(addr, order);
    assert_eq!(s["txnId"], b.as_str(), "{s}");
    assert_eq!(s["resultInfo"]["resultStatus"], "PENDING", "{s}");

    // B's own page works, and completes B.
    let r = bank_otp(addr, &b, ins::GOOD_OTP);
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.field("TXNID").as_deref(), Some(b.as_str()));
    assert_eq!(r.field("STATUS").as_deref(), Some("TXN_SUCCESS"));
    let s = status(addr, order);
    assert_eq!(
        (
            s["txnId"].as_str(),
            s["resultInfo"]["resultStatus"].as_str()
        ),
        (Some(b.as_str()), Some("TXN_SUCCESS"))
    );

    // Now B is done: its page refuses too, and A's still does.
    assert_refused(
        &bank_otp(addr, &b, ins::GOOD_OTP),
        409,
        "no longer awaiting",
    );
    assert_refused(&bank_otp(addr, &a, ins::GOOD_OTP), 409, "earlier payment");

    // Refunds name the exact attempt: A (declined) cannot be refunded, B can, and the refund
    // reports B.
    let refund = |txn: &str, ref_id: &str| {
        post(
            addr,
            "/refund/apply",
            &signed(
                &json!({"mid": TEST_MID, "txnType": "REFUND", "orderId": order,
                            "txnId": txn, "refId": ref_id, "refundAmount": "1.00"}),
            ),
        )
        .json()["body"]
            .clone()
    };
    let r = refund(&a, "REF_A");
    assert_eq!(r["resultInfo"]["resultStatus"], "TXN_FAILURE", "{r}");
    let r = refund(&b, "REF_B");
    assert_eq!(r["resultInfo"]["resultCode"], "601", "{r}");
    let rs = refund_status(addr, order, "REF_B");
    assert_eq!(rs["txnId"], b.as_str(), "{rs}");
    let rs = refund_status(addr, order, "REF_A");
    assert_eq!(rs["resultInfo"]["resultCode"], "631", "{rs}");
}

/// The same attack through the UPI app: the stale `tr` with a failing VPA used to set the
/// outcome of the order's next payment and complete it.
#[test]
fn a_stale_upi_app_page_cannot_touch_the_next_payment() {
    let (_sb, addr) = start();
    let order = "ORDER_STALE_TR";
    let token = initiate(addr, order, "10.00");
    let a = pay_upi_intent(addr, order, &token);
    let r = post_form(
        addr,
        "/sandbox/upi/pay",
        &[("tr", &a), ("action", "decline")],
    );
    assert_eq!(r.field("STATUS").as_deref(), Some("TXN_FAILURE"), "{r:?}");

    let b = pay_upi_intent(addr, order, &token);
    for action in ["approve", "decline"] {
        let r = post_form(
            addr,
            "/sandbox/upi/pay",
            &[("tr", &a), ("action", action), ("vpa", "fail141@paytm")],
        );
        assert_refused(&r, 409, "earlier payment");
    }
    assert_refused(
        &get(addr, &format!("/sandbox/upi/pay?tr={a}")),
        409,
        "earlier payment",
    );
    let s = status(addr, order);
    assert_eq!(
        (
            s["txnId"].as_str(),
            s["resultInfo"]["resultStatus"].as_str()
        ),
        (Some(b.as_str()), Some("PENDING"))
    );
    // B approved at its own page succeeds: the stale request's VPA did not reach it.
    let r = post_form(
        addr,
        "/sandbox/upi/pay",
        &[("tr", &b), ("action", "approve")],
    );
    assert_eq!(r.field("TXNID").as_deref(), Some(b.as_str()), "{r:?}");
    assert_eq!(r.field("STATUS").as_deref(), Some("TXN_SUCCESS"), "{r:?}");
    assert_eq!(r.field("VPA"), None);
}

/// Each page completes only the payments it is the customer step of: approving a card payment
/// at the UPI app skipped the OTP; an OTP at the bank page completed a UPI intent payment.
#[test]
fn a_payment_is_completed_only_at_its_own_page() {
    let (_sb, addr) = start();
    let card_token = initiate(addr, "ORDER_PAGE_CARD", "10.00");
    let card = pay_card(
        addr,
        "ORDER_PAGE_CARD",
        &card_token,
        ins::CARD_SUCCESS,
        "123",
    );
    let upi_token = initiate(addr, "ORDER_PAGE_UPI", "10.00");
    let upi = pay_upi_intent(addr, "ORDER_PAGE_UPI", &upi_token);

    let r = post_form(
        addr,
        "/sandbox/upi/pay",
        &[("tr", &card), ("action", "approve")],
    );
    assert_refused(&r, 409, "not completed at this page");
    assert_refused(
        &get(addr, &format!("/sandbox/upi/pay?tr={card}")),
        409,
        "not completed at this page",
    );
    assert_refused(
        &bank_otp(addr, &upi, ins::GOOD_OTP),
        409,
        "not completed at this page",
    );
    assert_refused(
        &get(addr, &format!("/sandbox/bank/acs?MD={upi}")),
        409,
        "not completed at this page",
    );
    for order in ["ORDER_PAGE_CARD", "ORDER_PAGE_UPI"] {
        let s = status(addr, order);
        assert_eq!(s["resultInfo"]["resultStatus"], "PENDING", "{s}");
    }
    // Each at its own page.
    assert_eq!(
        bank_otp(addr, &card, ins::GOOD_OTP)
            .field("STATUS")
            .as_deref(),
        Some("TXN_SUCCESS")
    );
    let r = post_form(
        addr,
        "/sandbox/upi/pay",
        &[("tr", &upi), ("action", "approve")],
    );
    assert_eq!(r.field("STATUS").as_deref(), Some("TXN_SUCCESS"), "{r:?}");

    // A wallet payment (no customer step) is at no page.
    let token = initiate(addr, "ORDER_PAGE_WALLET", "10.00");
    let w = process(
        addr,
        "ORDER_PAGE_WALLET",
        &token,
        json!({"paymentMode": "BALANCE"}),
    );
    let txn = w["txnInfo"]["TXNID"].as_str().unwrap().to_owned();
    assert_refused(
        &bank_otp(addr, &txn, ins::GOOD_OTP),
        409,
        "not completed at this page",
    );
}

#[test]
fn missing_unknown_and_malformed_ids_are_refused() {
    let (_sb, addr) = start();
    assert_refused(&bank_otp(addr, "", ins::GOOD_OTP), 400, "needs the MD");
    assert_refused(&get(addr, "/sandbox/bank/acs"), 400, "needs the MD");
    assert_refused(
        &bank_otp(addr, "20990101SANDBOX000000000042", ins::GOOD_OTP),
        404,
        "No payment has this MD",
    );
    assert_refused(
        &post_form(
            addr,
            "/sandbox/upi/pay",
            &[("tr", "nope"), ("action", "approve")],
        ),
        404,
        "No payment has this tr",
    );
    // Percent-encoded junk, invalid UTF-8 included, is just an unknown id.
    let r = request(
        addr,
        "POST",
        "/sandbox/bank/acs",
        "application/x-www-form-urlencoded",
        b"MD=%ff%fe%00&otp=123456",
    );
    assert_refused(&r, 404, "No payment has this MD");

    // The UPI app wants a clear decision.
    let token = initiate(addr, "ORDER_UPI_ACTION", "10.00");
    let tr = pay_upi_intent(addr, "ORDER_UPI_ACTION", &token);
    for fields in [
        vec![("tr", tr.as_str())],
        vec![("tr", &tr), ("action", "maybe")],
    ] {
        let r = post_form(addr, "/sandbox/upi/pay", &fields);
        assert_refused(&r, 400, "action=approve or action=decline");
    }
    let s = status(addr, "ORDER_UPI_ACTION");
    assert_eq!(s["resultInfo"]["resultStatus"], "PENDING", "{s}");
}
