//! The checkout engine for JavaScript: one `Session` class. Argument checks and conversions only;
//! every rule lives in core. Actions are plain objects of core's JSON (the C library's
//! `ptm_session_next_action` gives the same text).
//!
//! - Node build: over core's `session::Session` (checkout, refund, auto-debit wallet), with the
//!   credentials each needs.
//! - Web build: over core's `session::ClientCheckout`, the client half of a checkout — no key,
//!   JSON read by the browser's `JSON.parse` (see `tree`). The same class, the same methods for
//!   a checkout; a browser never holds the merchant key, so its sessions end `unverified`.

#[cfg(not(feature = "sessions"))]
use paytm_checkout::session::ClientCheckout as Inner;
#[cfg(feature = "sessions")]
use paytm_checkout::session::{Session as Inner, SessionKind};
use paytm_checkout::{Error, ErrorCode};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::parse::{body_arg, plain_json};
use crate::{err, json_arg, string_arg, to_js};

#[cfg(feature = "sessions")]
#[wasm_bindgen(typescript_custom_section)]
const TS_SESSION_KIND: &str = r#"
/** Which session: a checkout, a refund, or an auto-debit wallet payment. */
export type SessionKind = "checkout" | "refund" | "wallet";
/** The secrets a session needs (see `Credentials`); none for a checkout's client half. */
export type SessionCredentials = Credentials;
/** A session's config: {@link CheckoutSessionConfig} for a checkout; see the C header for refund and wallet. */
export type SessionConfig = CheckoutSessionConfig | Record<string, unknown>;
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

#[wasm_bindgen(typescript_custom_section)]
const TS_SESSION: &str = r#"
/**
 * A checkout session's config. A server session (Node build, with the merchant key) has
 * `initiate` (the Initiate Transaction input for the same mid, orderId and amount); the client
 * half has the `txnToken` your server obtained and when it was issued (ms; it expires 15 minutes
 * later). The web build takes only the client half's.
 */
export interface CheckoutSessionConfig {
  environment?: Environment;
  mid: string;
  orderId: string;
  /** What the order charges, e.g. "1.00" (never a number). */
  amount: string;
  initiate?: RequestParams;
  txnToken?: string;
  tokenIssuedAt?: number;
  /** When a server asks again about a pending payment (a client half never asks). */
  pendingPolicy?: "late_notification" | "pos_polling" | { custom: number[] };
}
/** What a `send` action is for. */
export type SessionPurpose = "initiate" | "process" | "status" | "refund" | "refund_status"
  | "send_otp" | "validate_otp" | "check_balance" | "withdraw" | "legacy_status";
/** Paytm's code and message for a failure. */
export interface SessionFailure { code?: string; message?: string }
/** How a session ended. Only `success` may be fulfilled. */
export interface SessionOutcome {
  status: "success" | "failure" | "unverified" | "refunded";
  reason?: "declined" | "token_expired" | "pending_timeout" | "repeat_request_inconsistent"
    | "initiate_rejected" | "initiate_unavailable" | "insufficient_funds" | "mismatch";
  mismatch?: "order_id" | "mid" | "amount" | "status_failure" | "refunded" | "unverified";
  failure?: SessionFailure;
  transaction?: {
    orderId?: string; mid?: string; txnId?: string; amount?: string;
    state: "success" | "failure" | "pending" | "settled" | "refunded" | "unknown";
    verification: "verified" | "unsigned" | "skipped";
  };
}
/** What the host does next (see `Session.nextAction`). */
export type SessionAction =
  | { type: "send"; purpose: SessionPurpose; request: HttpRequest }
  | { type: "collect_payment"; txnToken: string; expiresAt: number; retryOf?: SessionFailure }
  | { type: "render_bank_form"; form: { pageType?: string; redirectForm?: Record<string, unknown>; directForms?: Record<string, unknown>[] } }
  | { type: "open_deep_link"; url: string }
  | { type: "collect_otp"; retryOf?: SessionFailure }
  | { type: "open_form"; form: { action: string; fields: [string, string][] } }
  | { type: "wait"; until: number | null; reason: "response" | "callback" | "pending" | "retry" }
  | { type: "done"; outcome: SessionOutcome };
"#;

#[cfg(feature = "sessions")]
/// Node build: core's session of `kind` with its credentials; JSON read by serde_json.
fn new_inner(kind: &JsValue, config: &str, credentials: &JsValue) -> Result<Inner, Error> {
    let kind = SessionKind::parse(&string_arg(kind, "kind")?)?;
    Inner::new(
        kind,
        config.as_bytes(),
        crate::credentials_arg(credentials)?,
    )
}

#[cfg(not(feature = "sessions"))]
/// Web build: the client half of a checkout, its config read by the browser's `JSON.parse`.
fn new_inner(kind: &JsValue, config: &str, credentials: &JsValue) -> Result<Inner, Error> {
    let kind = string_arg(kind, "kind")?;
    if kind != "checkout" {
        return Err(err(
            ErrorCode::InvalidArgument,
            format!(
                "kind: the web build runs checkout sessions only ({} characters given); the \
                 others belong on a server (the Node build)",
                kind.len()
            ),
        ));
    }
    crate::no_secret(
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

#[cfg(not(feature = "sessions"))]
/// The browser's `JSON.parse` for the bodies core reads (`what` names them in errors).
fn web_json(
    what: &'static str,
    code: ErrorCode,
) -> impl FnOnce(&str) -> Result<paytm_checkout::input::Json, Error> {
    move |text| crate::tree::parse(text, what, code)
}

/// A time argument: milliseconds since the Unix epoch, a whole non-negative number.
fn now_arg(v: f64) -> Result<u64, Error> {
    if !(v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_991.0) {
        return Err(err(
            ErrorCode::InvalidArgument,
            "now must be a whole number of milliseconds since the Unix epoch (Date.now())",
        ));
    }
    Ok(v as u64)
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
#[wasm_bindgen(js_name = Session)]
pub struct Session {
    inner: Inner,
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
            Ok(Session { inner })
        })())
    }

    /// What to do next at `now` (ms, `Date.now()`): a {@link SessionAction}.
    #[wasm_bindgen(js_name = nextAction, unchecked_return_type = "SessionAction")]
    pub fn next_action(&mut self, now: f64) -> Result<JsValue, JsValue> {
        to_js((|| {
            plain_json(&self.inner.next_action(now_arg(now)?)?.to_json())
        })())
    }

    /// The response to the last `send`: HTTP status and body (string or the received bytes).
    /// A tampered or unusable response throws (2xxx/3xxx) and counts as no answer.
    #[wasm_bindgen(js_name = handleResponse)]
    pub fn handle_response(
        &mut self,
        status: f64,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: &JsValue,
        now: f64,
    ) -> Result<(), JsValue> {
        to_js((|| {
            if !(status.fract() == 0.0 && (0.0..=65535.0).contains(&status)) {
                return Err(err(
                    ErrorCode::ResponseHttpStatus,
                    "status: not an HTTP status",
                ));
            }
            let body = body_arg(body)?;
            #[cfg(feature = "sessions")]
            return self
                .inner
                .handle_response(status as u16, &body, now_arg(now)?);
            #[cfg(not(feature = "sessions"))]
            self.inner.handle_response(
                status as u16,
                &body,
                now_arg(now)?,
                web_json("process_transaction", ErrorCode::ResponseNotJson),
            )
        })())
    }

    /// The last `send` got no response (timeout, network error).
    #[wasm_bindgen(js_name = handleSendFailure)]
    pub fn handle_send_failure(&mut self, now: f64) -> Result<(), JsValue> {
        to_js((|| self.inner.handle_send_failure(now_arg(now)?))())
    }

    /// A callback body (checkout: the POST to callbackUrl or the webhook; wallet: the add-money
    /// callback). Another order's is `ORDER_MISMATCH`; duplicates are harmless.
    #[cfg(feature = "sessions")]
    #[wasm_bindgen(js_name = handleCallback)]
    pub fn handle_callback(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: &JsValue,
        now: f64,
    ) -> Result<(), JsValue> {
        to_js((|| {
            let now = now_arg(now)?;
            self.inner.handle_callback(&body_arg(body)?, now)
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
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string | null> | string")]
        callback: &JsValue,
        now: f64,
    ) -> Result<(), JsValue> {
        to_js((|| {
            // Checked all the same: a client half's callback ends it, with no schedule to start.
            now_arg(now)?;
            let text = Zeroizing::new(crate::json_arg(callback, "callback")?);
            self.inner.handle_callback_tree(&crate::tree::parse(
                &text,
                "callback",
                ErrorCode::CallbackMalformed,
            )?)
        })())
    }

    /// Checkout, after `collect_payment`: the Process Transaction input without txnToken, mid and
    /// orderId, e.g. `{paymentMode: "UPI", channelCode: "collect", payerAccount: "user@bank"}`.
    pub fn pay(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | string")]
        payment: &JsValue,
        now: f64,
    ) -> Result<(), JsValue> {
        to_js((|| {
            let payment = Zeroizing::new(json_arg(payment, "payment")?);
            #[cfg(feature = "sessions")]
            return self.inner.pay(payment.as_bytes(), now_arg(now)?);
            #[cfg(not(feature = "sessions"))]
            self.inner.pay_tree(
                crate::tree::parse(&payment, "payment", ErrorCode::InvalidParams)?,
                now_arg(now)?,
            )
        })())
    }

    /// Wallet, after `collect_otp`: the OTP the user typed.
    #[cfg(feature = "sessions")]
    #[wasm_bindgen(js_name = submitOtp)]
    pub fn submit_otp(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] otp: &JsValue,
        now: f64,
    ) -> Result<(), JsValue> {
        to_js((|| {
            let otp = Zeroizing::new(string_arg(otp, "otp")?);
            self.inner.submit_otp(&otp, now_arg(now)?)
        })())
    }

    /// Refund: a new attempt with a new REFID, only after a failed one (`REFUND_NOT_ALLOWED`).
    #[cfg(feature = "sessions")]
    pub fn retry(&mut self, now: f64) -> Result<(), JsValue> {
        to_js((|| self.inner.retry(now_arg(now)?))())
    }

    /// The session as JSON text to store across a restart (no key, secret, token, OTP or card).
    #[cfg(feature = "sessions")]
    pub fn save(&self) -> String {
        self.inner.save()
    }

    /// A session from `save()`'s text with its secrets: the credentials and, if needed, the
    /// checkout's txnToken or the wallet user's access token.
    #[cfg(feature = "sessions")]
    pub fn restore(
        #[wasm_bindgen(unchecked_param_type = "string")] saved: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SessionCredentials | null")]
        credentials: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] token: &JsValue,
    ) -> Result<Session, JsValue> {
        to_js((|| {
            let saved = string_arg(saved, "saved")?;
            let token = if token.is_undefined() || token.is_null() {
                None
            } else {
                Some(Zeroizing::new(string_arg(token, "token")?))
            };
            #[cfg(feature = "sessions")]
            let inner = Inner::restore(
                saved.as_bytes(),
                crate::credentials_arg(credentials)?,
                token.as_deref().map(String::as_str),
            )?;
            #[cfg(not(feature = "sessions"))]
            let inner = {
                crate::no_secret(
                    credentials,
                    "credentials",
                    "a browser never holds the merchant key",
                )?;
                let token = token
                    .as_deref()
                    .map(|t| paytm_checkout::types::TxnToken::new(t.as_str()))
                    .transpose()?;
                let tree = crate::tree::parse(&saved, "saved session", ErrorCode::SessionRestore)?;
                Inner::restore_tree(&tree, token)?
            };
            Ok(Session { inner })
        })())
    }
}
