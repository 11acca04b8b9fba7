//! The checkout engine for JavaScript: one `Session` class. Argument checks and conversions only;
//! every rule lives in core. Actions are plain objects of core's JSON (the C library's
//! `ptm_session_next_action` gives the same text).
//!
//! - Node build: over core's `session::Session` (checkout, refund, auto-debit wallet), with the
//!   credentials each needs.
//! - Web build: over core's `session::ClientCheckout`, the client half of a checkout — no key,
//!   JSON read by the browser's `JSON.parse` (see `tree`). The same class, the same methods for
//!   a checkout; a browser never holds the merchant key, so its sessions end `unverified`.

use std::cell::RefMut;

#[cfg(not(feature = "sessions"))]
use paytm_checkout::session::ClientCheckout as Inner;
#[cfg(feature = "sessions")]
use paytm_checkout::session::{Session as Inner, SessionKind};
use paytm_checkout::{Error, ErrorCode};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::args::{json_arg, plain_json, string_arg};
#[cfg(feature = "sessions")]
use crate::args::{opt_string_arg, strings};
use crate::error::{err, to_js};
use crate::object::State;
use crate::parse::{body_arg, status_arg};
use crate::value;

#[cfg(feature = "sessions")]
#[wasm_bindgen(typescript_custom_section)]
const TS_SESSION_KIND: &str = r#"
/** The secrets a session needs (see `Credentials`); none for a checkout's client half. */
export type SessionCredentials = Credentials;
/** A session's config, by kind (any other object is checked when the session is made). */
export type SessionConfig = CheckoutSessionConfig | RefundSessionConfig | WalletSessionConfig | SubscriptionSessionConfig | Record<string, unknown>;
"#;

#[cfg(not(feature = "sessions"))]
#[wasm_bindgen(typescript_custom_section)]
const TS_SESSION_KIND: &str = r#"
/** The web build's sessions: the client half of a checkout (refunds and wallets need secrets). */
export type SessionKind = "checkout";
/** The web build takes no credentials: a browser never holds the merchant key. */
export type SessionCredentials = null;
/** The web build's sessions are checkouts' client halves: `txnToken` and `tokenIssuedAt`, no `initiate`. */
export type SessionConfig = Omit<CheckoutSessionConfig, "initiate" | "txnToken" | "tokenIssuedAt"> & {
  txnToken: string;
  tokenIssuedAt: number;
};
"#;

#[cfg(feature = "sessions")]
/// Node build: core's session of `kind` with its credentials; JSON read by serde_json.
fn new_inner(kind: &JsValue, config: &str, credentials: &JsValue) -> Result<Inner, Error> {
    let kind = SessionKind::parse(&string_arg(kind, "kind")?)?;
    Inner::new(
        kind,
        config.as_bytes(),
        crate::request::credentials_arg(credentials)?,
    )
}

#[cfg(not(feature = "sessions"))]
/// Web build: the client half of a checkout, its config read by the browser's `JSON.parse`.
fn new_inner(kind: &JsValue, config: &str, credentials: &JsValue) -> Result<Inner, Error> {
    crate::web::only(
        string_arg(kind, "kind")?,
        "checkout",
        ErrorCode::InvalidArgument,
        "kind: the web build runs checkout sessions only",
        "the others belong on a server (the Node build)",
    )?;
    crate::web::no_secret(
        credentials,
        "credentials",
        "a browser never holds the merchant key",
    )?;
    Inner::from_tree(&crate::tree::parse(
        config,
        "checkout",
        ErrorCode::InvalidParams,
    )?)
}

/// A time argument: milliseconds since the Unix epoch, a whole non-negative number (a number
/// already: nothing is coerced, see [`value::number`]).
fn now_arg(v: &JsValue) -> Result<u64, Error> {
    match value::number(v) {
        Some(n)
            if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 =>
        {
            Ok(n as u64)
        }
        _ => Err(err(
            ErrorCode::InvalidArgument,
            "now must be a whole number of milliseconds since the Unix epoch (Date.now())",
        )),
    }
}

/// A sans-IO payment session: ask `nextAction(Date.now())`, do what it says, report back.
///
/// Node (a server session, with the merchant key; the web build runs only the client half, with
/// `{txnToken, tokenIssuedAt}` in place of `initiate` and no credentials):
///
/// ```js
/// const s = new Session("checkout", {environment: "staging", mid, orderId, amount: "1.00",
///   initiate: {mid, orderId, websiteName: "WEBSTAGING", txnAmount: {value: "1.00"},
///              userInfo: {custId}, callbackUrl}}, {merchantKey});
/// for (;;) {
///   const a = s.nextAction(Date.now());
///   if (a.type === "send") { const r = await fetch(a.request.url, {method: a.request.method,
///       headers: a.request.headers, body: a.request.body}); s.handleResponse(r.status,
///       new Uint8Array(await r.arrayBuffer()), Date.now()); }
///   else if (a.type === "done") break; // a.outcome.status === "success": fulfil
///   ...
/// }
/// ```
///
/// Every argument is read before the session is touched, and a number must already be a number:
/// nothing an argument does (a getter, `valueOf`, a Proxy trap) can corrupt the session or the
/// module. After `free()` every call throws `INVALID_HANDLE`.
#[wasm_bindgen(js_name = Session)]
#[repr(transparent)]
pub struct Session {
    /// The core session (see [`crate::object`]).
    state: State<Inner>,
}

impl Session {
    fn of(inner: Inner) -> Session {
        Session {
            state: State::new(inner),
        }
    }

    /// The live core session, borrowed: only after the arguments are converted, and never across
    /// user code (see [`crate::object`]).
    fn inner(&self) -> Result<RefMut<'_, Inner>, Error> {
        self.state.get()
    }

    /// [`Session::inner`] and the time argument of every call (the last one converted).
    fn at(&self, now: &JsValue) -> Result<(RefMut<'_, Inner>, u64), Error> {
        let now = now_arg(now)?;
        Ok((self.inner()?, now))
    }

    /// The calls that take only the time: `step` on the session at `now`.
    fn at_now(
        &self,
        now: &JsValue,
        step: impl FnOnce(&mut Inner, u64) -> Result<(), Error>,
    ) -> Result<(), JsValue> {
        to_js(self.at(now).and_then(|(mut s, now)| step(&mut s, now)))
    }
}

#[wasm_bindgen(js_class = Session)]
impl Session {
    /// A new session. `config`: the kind's config object (or its JSON text), as documented for
    /// the C library's `ptm_session_new` ({@link CheckoutSessionConfig} for a checkout);
    /// `credentials`: `{merchantKey?, clientId?, clientSecret?}` (none for a checkout's client
    /// half, and none at all in the web build, which runs only that). Throws
    /// `INVALID_CREDENTIALS`, `MISSING_FIELD`, `ORDER_MISMATCH` or the code of a config member
    /// that fails its rule.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "SessionKind")] kind: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "SessionConfig | string")] config: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SessionCredentials | null")]
        credentials: &JsValue,
    ) -> Result<Session, JsValue> {
        to_js((|| {
            let config = Zeroizing::new(json_arg(config, "config")?);
            let inner = new_inner(kind, &config, credentials)?;
            Ok(Session::of(inner))
        })())
    }

    /// What to do next at `now` (ms, `Date.now()`): a {@link SessionAction}.
    #[wasm_bindgen(js_name = nextAction, unchecked_return_type = "SessionAction")]
    pub fn next_action(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] now: &JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js((|| {
            let (mut s, now) = self.at(now)?;
            let action = s.next_action(now)?.to_json();
            drop(s);
            plain_json(&action)
        })())
    }

    /// The response to the last `send`: HTTP status and body (string or the received bytes).
    /// A tampered or unusable response throws (2xxx/3xxx) and counts as no answer.
    #[wasm_bindgen(js_name = handleResponse)]
    pub fn handle_response(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] status: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] now: &JsValue,
    ) -> Result<(), JsValue> {
        to_js((|| {
            let status = status_arg(status)?;
            let body = body_arg(body)?;
            let (mut s, now) = self.at(now)?;
            #[cfg(feature = "sessions")]
            return s.handle_response(status, &body, now);
            #[cfg(not(feature = "sessions"))]
            s.handle_response(status, &body, now, crate::parse::process_response_tree)
        })())
    }

    /// The last `send` got no response (timeout, network error).
    #[wasm_bindgen(js_name = handleSendFailure)]
    pub fn handle_send_failure(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] now: &JsValue,
    ) -> Result<(), JsValue> {
        self.at_now(now, |s, now| s.handle_send_failure(now))
    }

    /// A callback body (checkout: the POST to callbackUrl or the webhook; wallet: the add-money
    /// callback). Another order's is `ORDER_MISMATCH`; duplicates are harmless.
    #[cfg(feature = "sessions")]
    #[wasm_bindgen(js_name = handleCallback)]
    pub fn handle_callback(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] now: &JsValue,
    ) -> Result<(), JsValue> {
        to_js((|| {
            let body = body_arg(body)?;
            let (mut s, now) = self.at(now)?;
            s.handle_callback(&body, now)
        })())
    }

    /// The payment's result as JS Checkout hands it to its `transactionStatus` handler (the
    /// object, or its JSON text). Not verified (a browser holds no key): it ends the session
    /// `unverified`, with what it said in `outcome.transaction`. Another order's is
    /// `ORDER_MISMATCH` and changes nothing; a form-encoded body is `CALLBACK_MALFORMED` (the
    /// bank's form POST goes to your server's callbackUrl).
    #[cfg(not(feature = "sessions"))]
    #[wasm_bindgen(js_name = handleCallback)]
    pub fn handle_callback(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string | null> | string")]
        callback: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] now: &JsValue,
    ) -> Result<(), JsValue> {
        to_js((|| {
            // Checked all the same: a client half's callback ends it, with no schedule to start.
            now_arg(now)?;
            let text = Zeroizing::new(json_arg(callback, "callback")?);
            let tree = crate::tree::parse(&text, "callback", ErrorCode::CallbackMalformed)?;
            self.inner()?.handle_callback_tree(&tree)
        })())
    }

    /// Checkout, after `collect_payment`: the Process Transaction input without txnToken, mid and
    /// orderId, e.g. `{paymentMode: "UPI", channelCode: "collect", payerAccount: "user@bank"}`.
    pub fn pay(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | string")]
        payment: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] now: &JsValue,
    ) -> Result<(), JsValue> {
        to_js((|| {
            let payment = Zeroizing::new(json_arg(payment, "payment")?);
            #[cfg(feature = "sessions")]
            {
                let (mut s, now) = self.at(now)?;
                s.pay(payment.as_bytes(), now)
            }
            #[cfg(not(feature = "sessions"))]
            {
                let tree = crate::tree::parse(&payment, "payment", ErrorCode::InvalidParams)?;
                let (mut s, now) = self.at(now)?;
                s.pay_tree(tree, now)
            }
        })())
    }

    /// After `collect_otp`: the OTP the user typed (a wallet session; a checkout's wallet login,
    /// also in the web-helpers build).
    #[cfg(any(feature = "sessions", feature = "web-helpers"))]
    #[wasm_bindgen(js_name = submitOtp)]
    pub fn submit_otp(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] otp: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] now: &JsValue,
    ) -> Result<(), JsValue> {
        to_js((|| {
            let otp = Zeroizing::new(string_arg(otp, "otp")?);
            let (mut s, now) = self.at(now)?;
            s.submit_otp(&otp, now)
        })())
    }

    /// Refund: a new attempt with a new REFID, only after a failed one (`REFUND_NOT_ALLOWED`).
    #[cfg(feature = "sessions")]
    pub fn retry(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] now: &JsValue,
    ) -> Result<(), JsValue> {
        self.at_now(now, |s, now| s.retry(now))
    }

    /// Subscription, once the mandate is active: collects one billing cycle — `cycle` the host's
    /// name for it (e.g. `"2027-01"`), `orderId` a new order id for this debit, `amount` a decimal
    /// string (at most the maximum). Nothing is sent here: `nextAction` says `send`
    /// (`renew_subscription`) next. `SESSION_STATE` when not a subscription, not active and idle,
    /// or the cycle already paid or in flight; `INVALID_FIELD` above the maximum.
    #[cfg(feature = "sessions")]
    pub fn collect(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] cycle: &JsValue,
        #[wasm_bindgen(js_name = orderId, unchecked_param_type = "string")] order_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] amount: &JsValue,
    ) -> Result<(), JsValue> {
        to_js((|| {
            let [cycle, order_id, amount] =
                strings([(cycle, "cycle"), (order_id, "orderId"), (amount, "amount")])?;
            self.inner()?.collect(&cycle, &order_id, &amount)
        })())
    }

    /// Subscription, once the mandate is active and no collection is in flight: cancels it;
    /// `nextAction` says `send` (`cancel_subscription`) next, and the session ends
    /// `failure`/`cancelled` on Paytm's verified answer. `SESSION_STATE` otherwise.
    #[cfg(feature = "sessions")]
    pub fn cancel(&self) -> Result<(), JsValue> {
        to_js(self.inner().and_then(|mut s| s.cancel()))
    }

    /// Subscription, active, idle and not paused: pauses it; `nextAction` says `send`
    /// (`pause_resume_subscription`, SUSPENDED) next, and it is paused on Paytm's verified
    /// answer (then `collect` and `preNotify` throw `SESSION_STATE`). `SESSION_STATE` otherwise.
    #[cfg(feature = "sessions")]
    pub fn pause(&self) -> Result<(), JsValue> {
        to_js(self.inner().and_then(|mut s| s.pause()))
    }

    /// Subscription, paused and idle: resumes it (`pause_resume_subscription`, ACTIVE); active
    /// again on Paytm's verified answer. `SESSION_STATE` otherwise.
    #[cfg(feature = "sessions")]
    pub fn resume(&self) -> Result<(), JsValue> {
        to_js(self.inner().and_then(|mut s| s.resume()))
    }

    /// Subscription, active, idle and not paused: the pre-debit notification of `cycle`
    /// (`pre_notify_subscription` next): the debit of `amount` (decimal string) on `txnDate`
    /// (`dd-MM-yyyy`), `txnMessage` shown to the customer, the unique `referenceId`, and an
    /// optional `invoiceDisplayNo`. A UPI or wallet mandate's `collect` of a cycle needs one,
    /// covering the amount, accepted 24 hours before (the `now` of the latest `nextAction`).
    /// `SESSION_STATE`, `INVALID_AMOUNT`, `INVALID_REF_ID`, `INVALID_FIELD` otherwise.
    #[cfg(feature = "sessions")]
    #[wasm_bindgen(js_name = preNotify)]
    pub fn pre_notify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] cycle: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] amount: &JsValue,
        #[wasm_bindgen(js_name = txnDate, unchecked_param_type = "string")] txn_date: &JsValue,
        #[wasm_bindgen(js_name = referenceId, unchecked_param_type = "string")]
        reference_id: &JsValue,
        #[wasm_bindgen(js_name = txnMessage, unchecked_param_type = "string")]
        txn_message: &JsValue,
        #[wasm_bindgen(js_name = invoiceDisplayNo, unchecked_param_type = "string | undefined")]
        invoice_display_no: &JsValue,
    ) -> Result<(), JsValue> {
        to_js((|| {
            let [cycle, amount, date, reference, message] = strings([
                (cycle, "cycle"),
                (amount, "amount"),
                (txn_date, "txnDate"),
                (reference_id, "referenceId"),
                (txn_message, "txnMessage"),
            ])?;
            let invoice = opt_string_arg(invoice_display_no, "invoiceDisplayNo")?;
            self.inner()?.pre_notify(
                &cycle,
                &amount,
                &date,
                &reference,
                &message,
                invoice.as_deref(),
            )
        })())
    }

    /// The session as JSON text to store across a restart (no key, secret, token, OTP or card).
    #[cfg(feature = "sessions")]
    pub fn save(&self) -> Result<String, JsValue> {
        to_js(self.inner().map(|s| s.save()))
    }

    /// Releases the session now: its state, secrets included (zeroized), is dropped; every later
    /// call throws `INVALID_HANDLE`. Calling it again does nothing. (`using` calls it too.)
    pub fn free(&self) {
        self.state.free();
    }

    /// A session from `save()`'s text with its secrets: the credentials and, if needed, the
    /// checkout's txnToken or the wallet user's access token. A save made with the merchant key
    /// is sealed: an edited, unsealed or other-key save throws `SESSION_SEAL`.
    #[cfg(feature = "sessions")]
    pub fn restore(
        #[wasm_bindgen(unchecked_param_type = "string")] saved: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SessionCredentials | null")]
        credentials: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] token: &JsValue,
    ) -> Result<Session, JsValue> {
        to_js((|| {
            let saved = string_arg(saved, "saved")?;
            let token = crate::args::opt_string_arg(token, "token")?.map(Zeroizing::new);
            let inner = Inner::restore(
                saved.as_bytes(),
                crate::request::credentials_arg(credentials)?,
                token.as_deref().map(String::as_str),
            )?;
            Ok(Session::of(inner))
        })())
    }
}
