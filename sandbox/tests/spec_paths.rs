//! Every endpoint path named in the five seed spec pages (`../shared/spec/`) is served: none
//! answers 404, whatever the request carries. Paths that are not APIs of the gateway are left
//! out and said why: the dashboard pages of `getting-started.md` (`/next/activate`,
//! `/next/apikeys`) and the bank's own ACS URL in a sample `bankForm`
//! (`/instaproxy/bankresponse/…`). And the legacy JsonData APIs answer as the spec shows, built
//! by core's request builders.

mod common;

use common::request;
use paytm_checkout::api::payment_request::{RESEND_PATH, SEND_PATH};
use paytm_checkout::api::refund::{LegacyRefund, LegacyRefundStatus};
use paytm_checkout::api::status::LegacyTransactionStatus;
use paytm_checkout::types::{Amount, Mid, OrderId, RefId, TxnId};
use paytm_checkout::{Environment, MerchantKey};
use paytm_sandbox::host::Host;
use paytm_sandbox::{Config, Sandbox, TEST_KEY, TEST_MID};
use serde_json::Value;

/// (page, [(method, path)]): each endpoint path the seed pages name, by page.
const SPEC_PATHS: &[(&str, &[(&str, &str)])] = &[
    (
        "initiate-transaction.md",
        &[("POST", "/theia/api/v1/initiateTransaction?mid=M&orderId=O")],
    ),
    (
        "process-transaction.md",
        &[("POST", "/theia/api/v1/processTransaction?mid=M&orderId=O")],
    ),
    (
        "all-in-one-payment-request.md",
        &[("POST", SEND_PATH), ("POST", RESEND_PATH)],
    ),
    (
        "auto-debit.md",
        &[
            ("POST", "/signin/otp"),
            ("POST", "/signin/validate/otp"),
            ("GET", "/user/details"),
            (
                "DELETE",
                "/oauth2/accessToken/003d34901c47-3217-4e92-a291-5ef84a00de1e",
            ),
            ("POST", "/paymentservices/pay/consult"),
            ("POST", "/theia/processTransaction"),
            ("POST", "/order/directPay"),
            ("GET", "/order/directPay?JsonData=%7B%7D"),
            ("POST", "/pgplus-paymentservices/HANDLER_FF/withdrawScw"),
            ("POST", "/merchant-status/getTxnStatus"),
            (
                "GET",
                "/theia/HANDLER_INTERNAL/getTxnStatus?JsonData=%7B%7D",
            ),
            ("POST", "/refund/HANDLER_INTERNAL/REFUND"),
            ("POST", "/refund/HANDLER_INTERNAL/getRefundStatus"),
        ],
    ),
];

#[test]
fn no_endpoint_path_of_the_seed_pages_answers_404() {
    let sb = Sandbox::start(Config::default()).unwrap();
    for (page, paths) in SPEC_PATHS {
        for (method, path) in *paths {
            for body in [&b""[..], b"{}", b"JsonData=%7B%7D"] {
                let r = request(
                    sb.addr(),
                    method,
                    path,
                    "application/x-www-form-urlencoded",
                    body,
                );
                assert!(
                    r.status != 404 && r.status != 405 && r.status < 500,
                    "{method} {path} ({page}): {r:?}"
                );
            }
        }
    }
}

/// A wallet payment through core's session, then the legacy status, refund and refund status
/// of it, each built by core and answered as the spec's tables show.
#[test]
fn legacy_status_refund_and_refund_status_answer_as_the_spec_shows() {
    let sb = Sandbox::start(Config::default()).unwrap();
    let mut host = Host::new(&sb.base_url());
    let env = Environment::custom(host.base()).unwrap();
    let key = MerchantKey::new(TEST_KEY.as_bytes()).unwrap();
    // A card payment through the JSON APIs (the wallet flow's own status is in tests/wallet.rs).
    let mut s = paytm_checkout::session::CheckoutSession::from_json(
        &serde_json::to_vec(&paytm_sandbox::host::checkout_config(
            host.base(),
            "L-1",
            "10.00",
        ))
        .unwrap(),
        Some(key.clone()),
    )
    .unwrap();
    let o = host
        .run_checkout(&mut s, r#"{"paymentMode":"BALANCE"}"#, &Default::default())
        .unwrap();
    let txn_id = o.transaction.unwrap().txn_id.unwrap();
    let send = |req: paytm_checkout::HttpRequest| -> Value {
        let (status, body) = host.send(&req).unwrap();
        assert_eq!(status, 200);
        serde_json::from_slice(&body).unwrap()
    };
    let mid = Mid::new(TEST_MID).unwrap();
    let order = OrderId::new("L-1").unwrap();

    let st = send(
        LegacyTransactionStatus::new(mid.clone(), order.clone())
            .build(&env, &key, None)
            .unwrap(),
    );
    assert_eq!(st["STATUS"], "TXN_SUCCESS");
    assert_eq!(st["TXNAMOUNT"], "10.00");
    assert_eq!(st["TXNID"], txn_id.as_str());
    assert_eq!(st["REFUNDAMT"], "0.00");
    let unknown = send(
        LegacyTransactionStatus::new(mid.clone(), OrderId::new("NOPE").unwrap())
            .build(&env, &key, None)
            .unwrap(),
    );
    assert_eq!(unknown["RESPCODE"], "334");

    let refund = |ref_id: &str, amount: &str| LegacyRefund {
        mid: mid.clone(),
        txn_id: TxnId::new(txn_id.as_str()).unwrap(),
        order_id: order.clone(),
        refund_amount: amount.parse::<Amount>().unwrap(),
        txn_type: Default::default(),
        comments: None,
        ref_id: RefId::new(ref_id).unwrap(),
    };
    let r = send(refund("R1", "4.00").build(&env, &key, None).unwrap());
    assert_eq!(
        (r["STATUS"].as_str(), r["RESPCODE"].as_str()),
        (Some("PENDING"), Some("601"))
    );
    assert_eq!(r["REFUNDAMOUNT"], "4.00");
    // The same rule as /refund/apply: a repeated REFID and too much are refused.
    assert_eq!(
        send(refund("R1", "1.00").build(&env, &key, None).unwrap())["RESPCODE"],
        "617"
    );
    assert_eq!(
        send(refund("R2", "6.01").build(&env, &key, None).unwrap())["RESPCODE"],
        "619"
    );
    // A tampered JsonData: 330, nothing raised.
    let mut bad = refund("R3", "1.00").build(&env, &key, None).unwrap();
    bad.body = String::from_utf8(bad.body.clone())
        .unwrap()
        .replacen("1.00", "2.00", 1)
        .into_bytes();
    assert_eq!(send(bad)["RESPCODE"], "330");

    let status = || {
        send(
            LegacyRefundStatus {
                mid: mid.clone(),
                order_id: order.clone(),
                ref_id: RefId::new("R1").unwrap(),
            }
            .build(&env, &key, None)
            .unwrap(),
        )
    };
    assert_eq!(status()["STATUS"], "PENDING");
    let done = status();
    assert_eq!(done["STATUS"], "TXN_SUCCESS");
    assert_eq!(done["TOTALREFUNDAMT"], "4.00");
    assert_eq!(done["REFUNDID"], r["REFUNDID"]);
}
