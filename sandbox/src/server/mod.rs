//! The gateway: Paytm's APIs over in-memory state and the sandbox clock.
//!
//! [`routes`] below is the one place a path meets its handler. Each API family lives in its own
//! module; a new family is a new module and its rows here:
//!
//! | module | what it holds |
//! |---|---|
//! | [`initiate`] | Initiate Transaction: orders and txnTokens |
//! | [`process`] | Process Transaction: payment attempts, by payment mode |
//! | [`pages`] | the customer's bank OTP page and UPI app |
//! | [`callback`] | the callback fields, their checksum and the page that posts them |
//! | [`status`] | Transaction Status |
//! | [`refund`] | Refund and Refund Status |
//! | [`auto_debit`] | OAuth account linking and the wallet consult |
//! | [`wallet`] | Add Money and its wallet page, Withdraw |
//! | [`wallets`] | the wallets' balances, OAuth states and access tokens |
//! | [`legacy`] | the legacy `JsonData` status, refund and refund status APIs |
//! | [`native`] | the txnToken checkout helpers: payment options, BIN, VPA, EMI, promo, checkout OTP |
//! | [`payment_request`] | payment requests (send, resend) and the customer's page that pays one |
//! | [`links`] | payment links: create, fetch, resend, expire, the link's pay page and its webhook |
//! | [`subscription`] | subscriptions: create, renew, status, pause/resume, cancel, pre-notify, revoke |
//! | [`webhook`] | the S2S webhooks pushed to the merchant (payment, refund, subscription) and their admin calls |
//! | [`admin`] | the sandbox's own admin endpoints and index page |
//! | [`state`] | orders, payment attempts, refunds: what every family reads and changes |
//! | [`wire`] | the signed envelope, replies, form and query fields, TXNDATE |
//!
//! Every handler reads the raw request bytes: a request's `head.signature` is checked over the
//! exact bytes of its `body` member, as Paytm does, and every signed response is signed over the
//! exact body text it sends (see [`wire`]).

mod admin;
mod auto_debit;
mod callback;
mod initiate;
mod legacy;
mod links;
mod native;
mod pages;
mod payment_request;
mod process;
mod refund;
mod state;
mod status;
mod subscription;
mod wallet;
mod wallets;
mod webhook;
mod wire;

use std::sync::Arc;

use axum::routing::{delete, get, post, MethodRouter};
use axum::Router;
use paytm_checkout::api::payment_request::{RESEND_PATH, SEND_PATH};

pub use auto_debit::OAUTH_OTP;
pub(crate) use pages::UPI_APP_PATH;
pub(crate) use state::Shared;
pub use state::TOKEN_VALIDITY_MS;
pub use subscription::PRE_NOTIFY_LEAD_MS;
pub(crate) use wallet::WALLET_PAGE_PATH;
pub use wallets::{ACCESS_TOKEN_VALIDITY_MS, TEST_WALLETS};
pub use wire::txn_date;

/// Every path the sandbox answers, and what answers it: Paytm's paths (as core's request
/// builders produce them, and the other paths of the same APIs that Paytm's own server SDKs
/// call), the customer's pages, and the sandbox's own. A table, so laid out by hand. The
/// subscription APIs' rows are [`subscription::routes`], the native checkout helpers'
/// [`native::routes`].
#[rustfmt::skip]
fn routes() -> Vec<(&'static str, MethodRouter<Arc<Shared>>)> {
    vec![
        ("/theia/api/v1/initiateTransaction", post(initiate::initiate)),
        ("/order/initiate",                   post(initiate::initiate)), // PyPI paytm-pg 1.1.x
        ("/theia/api/v1/processTransaction",  post(process::process)),
        ("/v3/order/status",                  post(status::status)),
        ("/merchant-status/api/v1/getPaymentStatus", post(status::status)), // npm paytm-pg-node-sdk
        ("/refund/apply",                     post(refund::refund)),
        ("/refund/api/v1/async/refund",       post(refund::refund)),        // npm paytm-pg-node-sdk
        ("/v2/refund/status",                 post(refund::refund_status)),
        ("/refund/api/v1/refundStatus",       post(refund::refund_status)), // npm paytm-pg-node-sdk
        ("/paymentservices/pay/consult",      post(auto_debit::consult)),
        ("/signin/otp",                       post(auto_debit::send_otp)),
        ("/signin/validate/otp",              post(auto_debit::validate_otp)),
        ("/user/details",                     get(auto_debit::user_details)),
        ("/oauth2/accessToken/{token}",       delete(auto_debit::revoke)),
        ("/theia/processTransaction",         post(wallet::add_money)),
        (WALLET_PAGE_PATH,                    post(wallet::wallet_page_post)),
        ("/order/directPay",                  get(wallet::withdraw).post(wallet::withdraw)),
        // The spec's Withdraw cURL sample posts JsonData here.
        ("/pgplus-paymentservices/HANDLER_FF/withdrawScw", get(wallet::withdraw).post(wallet::withdraw)),
        ("/merchant-status/getTxnStatus",     get(legacy::txn_status).post(legacy::txn_status)),
        ("/theia/HANDLER_INTERNAL/getTxnStatus", get(legacy::txn_status).post(legacy::txn_status)),
        ("/refund/HANDLER_INTERNAL/REFUND",   get(legacy::refund).post(legacy::refund)),
        ("/refund/HANDLER_INTERNAL/getRefundStatus", get(legacy::refund_status).post(legacy::refund_status)),
        (SEND_PATH,                           post(payment_request::payment_request)),
        (RESEND_PATH,                         post(payment_request::payment_request)),
        (pages::BANK_PAGE_PATH,               get(pages::bank_get).post(pages::bank_post)),
        (UPI_APP_PATH,                        get(pages::upi_get).post(pages::upi_post)),
        ("/__admin/reset",                    post(admin::admin_reset)),
        ("/__admin/advance",                  post(admin::admin_advance)),
        ("/__admin/clock",                    get(admin::admin_clock)),
        ("/__admin/orders",                   get(admin::admin_orders)),
        ("/__admin/wallets",                  get(wallet::admin_wallets)),
        ("/__admin/webhook",                  post(webhook::admin_set)),
        ("/__admin/webhooks",                 get(webhook::admin_list)),
        (payment_request::PAY_PAGE_PATH,      get(payment_request::pay_get).post(payment_request::pay_post)),
        ("/",                                 get(admin::index)),
    ]
}

/// The router over [`routes`], serving `shared`.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    subscription::with_mandates(routes())
        .into_iter()
        .chain(subscription::routes())
        .chain(native::routes())
        .chain(links::routes())
        .fold(Router::new(), |router, (path, answer)| {
            router.route(path, answer)
        })
        .layer(axum::middleware::from_fn(wire::echo_request_version))
        .with_state(shared)
}
