//! [`CheckoutSession`]: one order, from Initiate Transaction to a verified, reconciled outcome.
//!
//! ```text
//!            ┌──────────── server (has the key) ────────────┐
//! initiate ─▶ collect payment ─▶ process ─▶ bank form / deep link ─▶ callback ─▶ status ─▶ done
//!   (0002 = success,   │  pay()      │ txnInfo (wallet) ───────────────────────▶ status
//!    2023 = failed)    │             │ retry allowed ─▶ collect payment again
//!                      │ token expires ─▶ status (a client may have paid)      pending ─▶ schedule
//!            └── client (txnToken only): ends `unverified` after the payment step ──┘
//! ```
//!
//! The wing: [`CheckoutConfig`] (`config`), the payment step both halves take and its rules
//! (`step`), the saved schema both halves write and read (`saved`), the server half (`server`:
//! initiate, verify, the pending schedule) and the client half ([`ClientCheckout`], `client`).
//! This module holds only [`CheckoutSession`], which is one or the other.
//!
//! Rules it applies, each from Paytm's docs:
//! - the txnToken is valid for 15 minutes from Initiate (`spec/initiate-transaction.md`): `pay`
//!   after that is [`ErrorCode::TxnTokenExpired`](crate::ErrorCode::TxnTokenExpired);
//! - Initiate `0002` ("Success Idempotent") is a success, `2023` ("Repeat Request Inconsistent")
//!   ends the session: the order id was used with other details;
//! - a payment is only a success after the server-to-server Transaction Status check, with order
//!   id, MID and amount reconciled ([`crate::reconcile()`]); callbacks and `txnInfo` only trigger
//!   that check (`spec/getting-started.md`);
//! - a pending payment is queried on the [`PendingPolicy`](crate::session::PendingPolicy)
//!   schedule and failed after its end (72 hours for Paytm's own schedule);
//! - a response that does not verify (tampered, wrong key) is an error and counts as no answer:
//!   the request is retried or the status asked, never believed.

mod client;
mod config;
mod helpers;
mod saved;
mod server;
mod step;

pub use client::ClientCheckout;
pub use config::CheckoutConfig;
pub use helpers::PayChecks;
pub use step::CheckoutPhase;

use crate::api::process::{PaymentMode, ProcessTransaction};
use crate::checksum::MerchantKey;
use crate::error::Result;
use crate::input::Json;
use crate::session::action::{Action, Outcome};
use crate::session::salts::SaltSource;
use crate::types::TxnToken;
use server::Server;
use step::Payment;

/// A checkout: see the [module docs](self) and [`crate::session`].
///
/// ```
/// use paytm_checkout::session::{Action, CheckoutConfig, CheckoutSession, Purpose};
/// use paytm_checkout::{api::initiate::InitiateTransaction, MerchantKey};
/// let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK")?;
/// let initiate = InitiateTransaction::new(
///     "INTEGR7769XXXXXX9383".try_into()?, "ORDER_1".try_into()?, "WEBSTAGING".try_into()?,
///     "1.00".parse()?, "CUST_1".try_into()?,
/// );
/// let config = CheckoutConfig::server(initiate);
/// let mut session = CheckoutSession::new(config, Some(key))?;
/// match session.next_action(1_700_000_000_000)? {
///     Action::Send { purpose: Purpose::Initiate, request } => assert_eq!(request.method.as_str(), "POST"),
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
pub struct CheckoutSession(Half);

/// A session with the merchant key (it initiates, or verifies with the status API), or the
/// client half without it.
enum Half {
    Server(Box<Server>),
    Client(Box<ClientCheckout>),
}

impl core::fmt::Debug for CheckoutSession {
    /// The phase and timers; never the key, the token or card data.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.0 {
            Half::Server(s) => core::fmt::Debug::fmt(s, f),
            Half::Client(c) => core::fmt::Debug::fmt(c, f),
        }
    }
}

/// The Node build and the C library read JSON with serde_json: the tree the client half reads,
/// a name given twice refused as a response's is.
fn host_tree(what: &'static str) -> impl FnOnce(&str) -> Result<Json> {
    move |text| crate::response::response_tree(what, text)
}

impl CheckoutSession {
    /// A new session. With the merchant key: a server session (config with `initiate`, or with
    /// the `txnToken` it was given; either way it verifies with the status API). Without: the
    /// client half ([`ClientCheckout`]; config with `txnToken`), which can pay but not verify.
    pub fn new(config: CheckoutConfig, key: Option<MerchantKey>) -> Result<CheckoutSession> {
        Ok(CheckoutSession(match key {
            Some(key) => Half::Server(Box::new(Server::new(config, key)?)),
            None => Half::Client(Box::new(ClientCheckout::from_config(config)?)),
        }))
    }

    /// A session from its JSON config (see [`CheckoutConfig`]). Without a key it is read as
    /// the client half reads it ([`ClientCheckout::from_tree`]).
    pub fn from_json(config: &[u8], key: Option<MerchantKey>) -> Result<CheckoutSession> {
        Ok(CheckoutSession(match key {
            Some(key) => Half::Server(Box::new(Server::new(
                crate::api::parse("checkout", config)?,
                key,
            )?)),
            None => Half::Client(Box::new(ClientCheckout::from_tree(&Json::parse(
                "checkout", config,
            )?)?)),
        }))
    }

    /// Uses `salts` for the checksums of the requests this session signs (a client half signs
    /// none).
    pub fn with_salts(mut self, salts: Box<dyn SaltSource>) -> CheckoutSession {
        if let Half::Server(s) = &mut self.0 {
            s.signer.salts = salts;
        }
        self
    }

    /// Where the session stands.
    pub fn phase(&self) -> CheckoutPhase {
        self.payment_step().phase
    }

    /// How the session ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.payment_step().outcome.as_ref()
    }

    /// The payment step of either half.
    fn payment_step(&self) -> &Payment {
        match &self.0 {
            Half::Server(s) => &s.payment,
            Half::Client(c) => &c.payment,
        }
    }

    /// What to do next, at time `now` (ms). Call it again after every `handle_*` call and
    /// whenever a `Wait` is over.
    pub fn next_action(&mut self, now: u64) -> Result<Action> {
        match &mut self.0 {
            Half::Server(s) => s.next_action(now),
            Half::Client(c) => c.next_action(now),
        }
    }

    /// Chooses how the customer pays: the Process Transaction input for this session's token,
    /// MID and order (build it from [`CheckoutSession::payment`]). The request goes out with the
    /// next [`Action::Send`]. Errors leave the session unchanged.
    pub fn pay(&mut self, payment: ProcessTransaction, now: u64) -> Result<()> {
        match &mut self.0 {
            Half::Server(s) => s.pay(payment, &PayChecks::none(), now),
            Half::Client(c) => c.pay(payment, now),
        }
    }

    /// As [`CheckoutSession::pay`], after the checks `asked` that apply to the payment (see
    /// [`PayChecks`]), each a request of its own before Process Transaction:
    /// - `validate_vpa`, a UPI collect: [`Purpose::ValidateVpa`](crate::session::Purpose); only
    ///   a valid answer about this VPA lets the payment go (`retryOf.code` `INVALID_VPA`);
    /// - `check_bin`, a new card: [`Purpose::FetchBinDetails`](crate::session::Purpose); the
    ///   card must be active (`CARD_NOT_SUPPORTED`), of the mode chosen (`CARD_MODE_MISMATCH`),
    ///   EMI-eligible for `EMI` (`EMI_NOT_AVAILABLE`), with its CVV where needed
    ///   (`CVV_REQUIRED`);
    /// - `promo_code`: [`Purpose::ApplyPromo`](crate::session::Purpose); Paytm applying it makes
    ///   the discounted amount the one every later answer must carry (`PROMO_NOT_APPLIED`);
    /// - `login_mobile`, a wallet payment (`BALANCE`), first of all:
    ///   [`Purpose::SendCheckoutOtp`](crate::session::Purpose), then [`Action::CollectOtp`] and
    ///   [`CheckoutSession::submit_otp`], then
    ///   [`Purpose::ValidateCheckoutOtp`](crate::session::Purpose); only a success saying the
    ///   user is authenticated lets the payment go (`OTP_NOT_SENT`, `INVALID_OTP`,
    ///   `OTP_ATTEMPTS_EXHAUSTED`, `LOGIN_FAILED`).
    ///
    /// A check that fails ends the attempt: [`Action::CollectPayment`] comes again with
    /// `retryOf` saying why (an unreadable answer: `*_UNVERIFIED`, and the error). In the JSON
    /// input (`pay_json`, C, npm, Python, JVM): `"validateVpa": true`, `"checkBin": true`,
    /// `"promoCode": "…"`, `"loginMobile": "…"`. A build without the feature `checkout-helpers` refuses any check.
    pub fn pay_checked(
        &mut self,
        payment: ProcessTransaction,
        asked: &PayChecks,
        now: u64,
    ) -> Result<()> {
        match &mut self.0 {
            Half::Server(s) => s.pay(payment, asked, now),
            Half::Client(c) => c.pay_as(payment, asked, now),
        }
    }

    /// The OTP the customer typed to log their Paytm wallet in (after [`Action::CollectOtp`],
    /// for a `BALANCE` payment with [`PayChecks::login_mobile`]): Validate OTP goes out with the
    /// next [`Action::Send`]. A refused OTP asks again (`retryOf.code` `INVALID_OTP`), three
    /// times at most (`OTP_ATTEMPTS_EXHAUSTED` ends the attempt). Errors leave the session
    /// unchanged.
    pub fn submit_otp(&mut self, otp: &str, _now: u64) -> Result<()> {
        match &mut self.0 {
            Half::Server(s) => s.payment.submit_otp(otp),
            Half::Client(c) => c.submit_otp(otp, _now),
        }
    }

    /// As [`CheckoutSession::pay`], from the Process Transaction JSON input without `txnToken`,
    /// `mid` and `orderId` (the session adds its own; giving one is
    /// [`ErrorCode::InvalidField`](crate::ErrorCode::InvalidField)), e.g.
    /// `{"paymentMode":"UPI","payerAccount":"user@bank"}`; with the session's members
    /// `validateVpa`, `checkBin` and `promoCode` as [`CheckoutSession::pay_checked`].
    pub fn pay_json(&mut self, payment: &[u8], now: u64) -> Result<()> {
        let tree = Json::parse("payment", payment)?;
        match &mut self.0 {
            Half::Server(s) => s.pay_tree(tree, now),
            Half::Client(c) => c.pay_tree(tree, now),
        }
    }

    /// A Process Transaction input for this session's token, MID and order, to complete with the
    /// payment mode's members and pass to [`CheckoutSession::pay`].
    pub fn payment(&self, mode: PaymentMode) -> Result<ProcessTransaction> {
        match &self.0 {
            Half::Server(s) => s.payment(mode),
            Half::Client(c) => c.payment(mode),
        }
    }

    /// The response to the outstanding request: its HTTP status and raw body. An error (a
    /// tampered or malformed response) is returned and the response counts as none: the request
    /// is retried or the status asked, as after [`CheckoutSession::handle_send_failure`].
    pub fn handle_response(&mut self, http_status: u16, body: &[u8], now: u64) -> Result<()> {
        match &mut self.0 {
            Half::Server(s) => s.handle_response(http_status, body, now),
            Half::Client(c) => c.handle_response(http_status, body, now, host_tree(PROCESS)),
        }
    }

    /// The outstanding request got no response (timeout, connection error).
    pub fn handle_send_failure(&mut self, now: u64) -> Result<()> {
        match &mut self.0 {
            Half::Server(s) => s.handle_send_failure(now),
            Half::Client(c) => c.handle_send_failure(now),
        }
    }

    /// A callback (the browser's POST to callbackUrl) or S2S webhook body. With the key it is
    /// verified and triggers the status check; without (client session) it ends the session as
    /// `unverified` with what it reported. A callback for another order is
    /// [`ErrorCode::OrderMismatch`](crate::ErrorCode::OrderMismatch). Duplicates change
    /// nothing: a callback that repeats the last one, one after the outcome, and a PENDING one
    /// after a callback that said the payment was final (a stale webhook) are accepted (`Ok`)
    /// and ignored.
    pub fn handle_callback(&mut self, body: &[u8], now: u64) -> Result<()> {
        match &mut self.0 {
            Half::Server(s) => s.handle_callback(body, now),
            Half::Client(c) => c.handle_callback(body, host_tree("callback")),
        }
    }

    /// The session as JSON, without secrets (no merchant key, no txnToken, no card data). Pass
    /// it to [`CheckoutSession::restore`] after a restart.
    pub fn save(&self) -> String {
        match &self.0 {
            Half::Server(s) => s.save(),
            Half::Client(c) => c.save(),
        }
    }

    /// A session from [`CheckoutSession::save`]'s JSON, with its secrets: the merchant key for a
    /// server session, and the txnToken if the payment is still to be collected here. A request
    /// that was out when the session was saved is treated as unanswered. Without a key the
    /// session is restored as the client half (a session that initiates needs the key).
    pub fn restore(
        json: &[u8],
        key: Option<MerchantKey>,
        txn_token: Option<TxnToken>,
    ) -> Result<CheckoutSession> {
        Ok(CheckoutSession(match key {
            Some(key) => Half::Server(Box::new(Server::restore(json, key, txn_token)?)),
            None => Half::Client(Box::new(ClientCheckout::restore(json, txn_token)?)),
        }))
    }
}

const PROCESS: &str = "process_transaction";
