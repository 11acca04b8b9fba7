//! C entry points of the checkout engine: one opaque `ptm_session` handle over core's
//! `session::Session` (checkout, refund, wallet or subscription). The loop a host runs:
//!
//! ```text
//! ptm_session_new("checkout", config_json, creds, &s);
//! for (;;) {
//!     ptm_session_next_action(s, now_ms(), &action_json);   // {"type": ...}
//!     switch on action.type:
//!       "send"             -> send action.request as is; then
//!                             ptm_session_handle_response(s, status, body, len, now_ms())
//!                             or ptm_session_handle_send_failure(s, now_ms())
//!       "collect_payment"  -> ptm_session_pay(s, payment_json, len, now_ms())
//!                             (or hand action.txnToken to the app that collects it)
//!       "render_bank_form" / "open_deep_link" / "open_form" -> show it to the customer
//!       "collect_otp"      -> ptm_session_submit_otp(s, otp, len, now_ms())
//!       "wait"             -> sleep until action.until (or until a callback:
//!                             ptm_session_handle_callback(s, body, len, now_ms()))
//!       "done"             -> action.outcome; ptm_session_free(s); stop
//!     (a subscription, active, on the host's schedule: ptm_session_collect(s, cycle, order,
//!      amount) or ptm_session_cancel(s), then ask again: the next action sends it)
//!     ptm_string_free(action_json);
//! }
//! ```
//!
//! The JSON shapes are core's (`session::Action`, `CheckoutConfig`, `RefundConfig`,
//! `WalletConfig`), the same objects the npm package returns. No logic here: each function
//! checks its arguments, locks the session and calls core.

use std::ffi::c_char;
use std::sync::Mutex;

use paytm_checkout::api::Credentials;
use paytm_checkout::http;
use paytm_checkout::session::{Session, SessionKind};

use crate::ffi::{bytes, guard_string, opt_utf8, utf8, Out, Pair, StringOut};
use crate::handle;
use crate::panic::{guard, guard_result};
use crate::ptm_result;
use crate::request::{opt_credentials_ref, ptm_credentials};

/// A checkout, refund or auto-debit session (see `ptm_session_new`). Holds the secrets it was
/// given (zeroed when freed). Calls on one session are serialized by a lock: a session may be
/// passed between threads, and concurrent calls on it are safe but wait for each other.
pub struct ptm_session {
    session: Mutex<Session>,
}

handle::handle_type!(ptm_session, b"ptm_ses1");

/// Runs `f` on the locked session of handle `s`.
///
/// # Safety
/// `s` must be NULL or a live session from `ptm_session_new` / `ptm_session_restore`.
unsafe fn with_session<T>(
    s: *const ptm_session,
    f: impl FnOnce(&mut Session) -> Result<T, ptm_result>,
) -> Result<T, ptm_result> {
    // SAFETY: forwarded contract.
    let h = unsafe { handle::borrow(s) }?;
    // A poisoned lock means a panic inside an earlier call on this session: a bug; the session's
    // state is not trusted any more.
    let mut guard = h.session.lock().map_err(|_| ptm_result::PTM_PANIC)?;
    f(&mut guard)
}

/// The exports that hand a session some bytes (a response body, a callback, a payment, an OTP) at
/// a time: reads `data`, then runs `f` with it and `now_ms` on the locked session.
///
/// # Safety
/// `s` as for [`with_session`]; `(data, len)` readable (or NULL with length 0).
unsafe fn feed<E>(
    s: *const ptm_session,
    (data, len): Pair,
    now_ms: u64,
    f: impl FnOnce(&mut Session, &[u8], u64) -> Result<(), E>,
) -> ptm_result
where
    ptm_result: From<E>,
{
    guard_result(|| {
        // SAFETY: the export's contract.
        let data = unsafe { bytes(data, len) }?;
        // SAFETY: the export's contract.
        unsafe { with_session(s, |session| Ok(f(session, data, now_ms)?)) }
    })
}

/// The exports that only call the session (no bytes): runs `f` on the locked session.
///
/// # Safety
/// `s` as for [`with_session`].
unsafe fn call(
    s: *const ptm_session,
    f: impl FnOnce(&mut Session) -> paytm_checkout::Result<()>,
) -> ptm_result {
    guard_result(|| {
        // SAFETY: the export's contract.
        unsafe { with_session(s, |session| Ok(f(session)?)) }
    })
}

/// `N` UTF-8 arguments, each a (pointer, length) pair (NULL with 0 reads as empty): every pair
/// is read first (`PTM_NULL_POINTER`), then decoded (`PTM_INVALID_UTF8`).
///
/// # Safety
/// Each pair readable (or NULL with length 0).
unsafe fn texts<'a, const N: usize>(
    pairs: [(*const u8, usize); N],
) -> Result<[&'a str; N], ptm_result> {
    let mut raw: [&[u8]; N] = [&[]; N];
    for (slot, (ptr, len)) in raw.iter_mut().zip(pairs) {
        // SAFETY: the caller's contract.
        *slot = unsafe { bytes(ptr, len) }?;
    }
    let mut out = [""; N];
    for (slot, b) in out.iter_mut().zip(raw) {
        *slot = utf8(b)?;
    }
    Ok(out)
}

/// The credentials of an optional handle, copied into the session (NULL: none).
///
/// # Safety
/// `c` must be NULL or a live handle from `ptm_credentials_new`.
unsafe fn opt_credentials(c: *const ptm_credentials) -> Result<Credentials, ptm_result> {
    // SAFETY: forwarded contract.
    Ok(unsafe { opt_credentials_ref(c) }?
        .cloned()
        .unwrap_or_default())
}

/// What a new session handle holds (for `handle::guard_new`).
fn new_session(session: Session) -> ptm_session {
    ptm_session {
        session: Mutex::new(session),
    }
}

/// Creates a session.
///
/// - `kind[0..kind_len]`: `checkout`, `refund`, `wallet` or `subscription`
///   (`PTM_INVALID_ARGUMENT` otherwise); a subscription's config is
///   `{"environment","subscription":{Initiate Subscription input}}` and needs the merchant key.
/// - `config_json[0..config_len]`: the kind's config:
///   - checkout (server): `{"environment":"staging","mid":"…","orderId":"…","amount":"1.00",
///     "initiate":{…the Initiate Transaction input of ptm_request_build…},
///     "pendingPolicy":"late_notification"|"pos_polling"|{"custom":[ms,…]}}`;
///   - checkout (client half: no merchant key): `{"environment","mid","orderId","amount",
///     "txnToken":"…","tokenIssuedAt":<ms>}`;
///   - refund: `{"environment","mid","orderId","txnId","refId","refundAmount","pendingPolicy"?}`;
///   - wallet: `{"environment","mid","orderId","amount","custId","phone"?,"email"?,"channel",
///     "industryType","website","appIp","deviceId","addMoneyCallbackUrl"?,"ssoToken"?}`.
/// - `credentials`: NULL (client half) or credentials from `ptm_credentials_new`: the merchant key
///   (server checkout, refund, wallet) and, to link a wallet user, the client id and secret. They
///   are copied; the handle may be freed after this call.
///
/// On success `*out_session` receives a session to release with `ptm_session_free`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INVALID_UTF8`, `PTM_INVALID_ARGUMENT`,
/// `PTM_INVALID_CREDENTIALS` (a server session without the key), `PTM_MISSING_FIELD`,
/// `PTM_ORDER_MISMATCH` (initiate for another order), and the 1xxx code of a config member that
/// fails its rule.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// Every (pointer, length) pair must describe readable memory (or be NULL with length 0);
/// `credentials` must be NULL or a live handle; `out_session` must be writable.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_new(
    kind: *const u8,
    kind_len: usize,
    config_json: *const u8,
    config_len: usize,
    credentials: *const ptm_credentials,
    out_session: *mut *mut ptm_session,
) -> ptm_result {
    // SAFETY: out_session follows the function's pointer contract.
    handle::guard_new(unsafe { Out::new(out_session) }, || {
        // SAFETY: the function's pointer contract.
        let (kind, config, creds) = unsafe {
            (
                bytes(kind, kind_len)?,
                bytes(config_json, config_len)?,
                opt_credentials(credentials)?,
            )
        };
        let kind = SessionKind::parse(utf8(kind)?)?;
        Ok(new_session(Session::new(kind, config, creds)?))
    })
}

/// What the host does next, at `now_ms` (milliseconds since the Unix epoch, the host's clock).
/// On success `*out_json` receives the action, to release with `ptm_string_free`:
///
/// ```text
/// {"type":"send","purpose":"initiate"|"process"|"status"|"refund"|"refund_status"|"send_otp"
///                |"validate_otp"|"check_balance"|"withdraw"|"initiate_subscription"
///                |"subscription_status"|"renew_subscription"|"cancel_subscription"
///                |"pause_resume_subscription"|"pre_notify_subscription",
///  "request":{"method":"POST","url":"…","headers":[["Content-Type","application/json"]],
///             "contentType":"application/json","body":"…"}}
/// {"type":"collect_payment","txnToken":"…","expiresAt":<ms>,"retryOf":{"code","message"}?}
/// {"type":"render_bank_form","form":{"pageType":"redirect","redirectForm":{"actionURL",
///   "method","type","headers","content"},"directForms":[…]}}
/// {"type":"open_deep_link","url":"upi://…"}
/// {"type":"collect_otp","retryOf":{…}?}
/// {"type":"open_form","form":{"action":"https://…","fields":[["MID","…"],…]}}
/// {"type":"wait","until":<ms>|null,"reason":"response"|"callback"|"pending"|"retry"}
/// {"type":"done","outcome":{"status":"success"|"failure"|"unverified"|"refunded",
///   "reason":"declined"|"token_expired"|"pending_timeout"|"repeat_request_inconsistent"
///            |"initiate_rejected"|"initiate_unavailable"|"insufficient_funds"|"mismatch"
///            |"cancelled"|"revoked"|"expired"?,
///   "mismatch":"order_id"|"mid"|"amount"|"status_failure"|"refunded"|"unverified"?,
///   "failure":{"code","message"}?,
///   "transaction":{"orderId","mid","txnId","amount","state","verification"}?}}
/// ```
///
/// Only `success` may be fulfilled. The request body carries card data for Process
/// Transaction: send it, then free the string (it is zeroed).
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INVALID_CREDENTIALS` (a restored
/// session without its key), `PTM_SESSION_STATE`.
///
/// Thread safety: calls on one session are serialized; different sessions are independent.
///
/// # Safety
/// `session` must be a live session; `out_json` must be writable.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_next_action(
    session: *mut ptm_session,
    now_ms: u64,
    out_json: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: out_json and session follow the function's pointer contract.
    guard_string(unsafe { StringOut::new(out_json) }, || unsafe {
        with_session(session, |s| Ok(s.next_action(now_ms)?.to_json()))
    })
}

/// The response to the request of the last `send` action: the HTTP status and the body bytes
/// exactly as received. A response that does not verify (tampered, another key) or cannot be
/// parsed returns its error (2xxx, 3xxx) and counts as no answer: the session retries or asks
/// the status API; ask `ptm_session_next_action` again either way.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_SESSION_STATE` (no request out),
/// `PTM_RESPONSE_HTTP_STATUS` (status above 65535 or one the API never sends), and the parsing
/// and signature codes of `ptm_response_parse`.
///
/// # Safety
/// `session` must be a live session; `(body, body_len)` readable (or NULL with 0).
#[no_mangle]
pub unsafe extern "C" fn ptm_session_handle_response(
    session: *mut ptm_session,
    http_status: u32,
    body: *const u8,
    body_len: usize,
    now_ms: u64,
) -> ptm_result {
    // SAFETY: the function's contract.
    unsafe {
        feed(session, (body, body_len), now_ms, |s, body, now| {
            s.handle_response(http::http_status(http_status.into())?, body, now)
        })
    }
}

/// The request of the last `send` action got no response (timeout, connection error).
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_SESSION_STATE` (no request out).
///
/// # Safety
/// `session` must be a live session.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_handle_send_failure(
    session: *mut ptm_session,
    now_ms: u64,
) -> ptm_result {
    // SAFETY: the function's contract.
    unsafe { call(session, |s| s.handle_send_failure(now_ms)) }
}

/// A callback body: checkout — the browser's POST to callbackUrl or the S2S webhook
/// (form-urlencoded or JSON, verified with the key); wallet — the add-money callback.
/// A callback for another order is `PTM_ORDER_MISMATCH`; a tampered one a 2xxx code; both leave
/// the session unchanged. Duplicates are harmless.
///
/// # Safety
/// `session` must be a live session; `(body, body_len)` readable.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_handle_callback(
    session: *mut ptm_session,
    body: *const u8,
    body_len: usize,
    now_ms: u64,
) -> ptm_result {
    // SAFETY: the function's contract.
    unsafe { feed(session, (body, body_len), now_ms, Session::handle_callback) }
}

/// Checkout, after `collect_payment`: the customer's payment, the Process Transaction input of
/// `ptm_request_build` without `txnToken`, `mid` and `orderId` (the session adds its own), e.g.
/// `{"paymentMode":"CREDIT_CARD","authMode":"otp","cardInfo":{"type":"new","cardNumber":"…",
/// "cvv":"…","expiry":"MMYYYY"}}` or `{"paymentMode":"UPI","channelCode":"collect",
/// "payerAccount":"user@bank"}`. Card data is never saved and is zeroed when released.
///
/// Errors: `PTM_SESSION_STATE` (not collecting), `PTM_TXN_TOKEN_EXPIRED`, and the 1xxx code of a
/// member that fails its rule; the session is unchanged on error.
///
/// # Safety
/// `session` must be a live session; `(payment_json, payment_len)` readable.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_pay(
    session: *mut ptm_session,
    payment_json: *const u8,
    payment_len: usize,
    now_ms: u64,
) -> ptm_result {
    // SAFETY: the function's contract.
    unsafe { feed(session, (payment_json, payment_len), now_ms, Session::pay) }
}

/// Wallet, after `collect_otp`: the OTP the user typed (4-8 digits, `PTM_INVALID_FIELD`).
///
/// # Safety
/// `session` must be a live session; `(otp, otp_len)` readable.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_submit_otp(
    session: *mut ptm_session,
    otp: *const u8,
    otp_len: usize,
    now_ms: u64,
) -> ptm_result {
    // SAFETY: the function's contract.
    unsafe {
        feed(
            session,
            (otp, otp_len),
            now_ms,
            |s, otp, now| -> Result<(), ptm_result> { Ok(s.submit_otp(utf8(otp)?, now)?) },
        )
    }
}

/// Refund: a new attempt with a new REFID, allowed only after a failed attempt
/// (`PTM_REFUND_NOT_ALLOWED` while pending or after success).
///
/// # Safety
/// `session` must be a live session.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_retry(session: *mut ptm_session, now_ms: u64) -> ptm_result {
    // SAFETY: the function's contract.
    unsafe { call(session, |s| s.retry(now_ms)) }
}

/// Subscription, once the mandate is active (the session `wait`s, reason `callback`): collects
/// one billing cycle. `cycle[0..cycle_len]` is the host's name for the cycle (e.g. `2027-01`),
/// `order_id[0..order_id_len]` a new order id for this debit, `amount[0..amount_len]` its
/// amount as a decimal string (`"499.00"`, at most the subscription's maximum). Nothing is sent
/// here: ask `ptm_session_next_action` next, which says `send` (purpose `renew_subscription`);
/// the cycle counts as paid only once the session's verified status of that order says so.
/// When to collect each cycle is the host's schedule (the session keeps no calendar).
///
/// UPI and wallet (PPI) mandates: the cycle needs a `ptm_session_pre_notify` covering the
/// amount, accepted at least 24 hours before the session's clock (the `now_ms` of its latest
/// `ptm_session_next_action`). A declined cycle may be collected again at most
/// `subscriptionRetryCount` times (none with `subscriptionEnableRetry` 0) and within
/// `subscriptionGraceDays` of its first collection, when the subscription carries them.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INVALID_UTF8`, `PTM_SESSION_STATE`
/// (not a subscription, not active and idle, paused, the cycle already paid or in flight, the
/// order id used before, no pre-notify old enough, the retry count or grace days used up),
/// `PTM_INVALID_ORDER_ID`, `PTM_INVALID_AMOUNT`, `PTM_INVALID_FIELD` (above the maximum); the
/// session is unchanged on error.
///
/// # Safety
/// `session` must be a live session; each (pointer, length) pair readable (or NULL with 0).
#[no_mangle]
pub unsafe extern "C" fn ptm_session_collect(
    session: *mut ptm_session,
    cycle: *const u8,
    cycle_len: usize,
    order_id: *const u8,
    order_id_len: usize,
    amount: *const u8,
    amount_len: usize,
) -> ptm_result {
    guard_result(|| {
        // SAFETY: the function's pointer contract.
        let [cycle, order_id, amount] = unsafe {
            texts([
                (cycle, cycle_len),
                (order_id, order_id_len),
                (amount, amount_len),
            ])
        }?;
        // SAFETY: the function's contract.
        unsafe { with_session(session, |s| Ok(s.collect(cycle, order_id, amount)?)) }
    })
}

/// Subscription, once the mandate is active and no collection is in flight: cancels it. Nothing
/// is sent here: ask `ptm_session_next_action` next, which says `send` (purpose
/// `cancel_subscription`); the session ends `failure`/`cancelled` once Paytm's verified answer
/// confirms it. Cancellation is final.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_SESSION_STATE` (not a subscription,
/// or not active and idle); the session is unchanged on error.
///
/// # Safety
/// `session` must be a live session.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_cancel(session: *mut ptm_session) -> ptm_result {
    // SAFETY: the function's contract.
    unsafe { call(session, Session::cancel) }
}

/// Subscription, once the mandate is active, idle and not paused: pauses it. Nothing is sent
/// here: ask `ptm_session_next_action` next, which says `send` (purpose
/// `pause_resume_subscription`, status `SUSPENDED`); the subscription is paused once Paytm's
/// verified answer naming it accepts. While paused, `ptm_session_collect` and
/// `ptm_session_pre_notify` are `PTM_SESSION_STATE`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_SESSION_STATE` (not a subscription,
/// not active and idle, or already paused); the session is unchanged on error.
///
/// # Safety
/// `session` must be a live session.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_pause(session: *mut ptm_session) -> ptm_result {
    // SAFETY: the function's contract.
    unsafe { call(session, Session::pause) }
}

/// Subscription, once paused and idle: resumes it (`pause_resume_subscription`, status
/// `ACTIVE`, sent on the next `ptm_session_next_action`); it is active again once Paytm's
/// verified answer naming it accepts.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_SESSION_STATE` (not a subscription,
/// not paused, or a request out); the session is unchanged on error.
///
/// # Safety
/// `session` must be a live session.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_resume(session: *mut ptm_session) -> ptm_result {
    // SAFETY: the function's contract.
    unsafe { call(session, Session::resume) }
}

/// Subscription, once the mandate is active, idle and not paused: the pre-debit notification of
/// the cycle `cycle` (`pre_notify_subscription`, sent on the next `ptm_session_next_action`):
/// the debit of `amount` (decimal string, at most the maximum) on `txn_date` (`dd-MM-yyyy`),
/// `txn_message` shown to the customer (1-50 letters, digits, spaces), the merchant's unique
/// `reference_id`, and `invoice_display_no` (1-15 letters and digits) or (NULL, 0). A UPI or
/// wallet (PPI) mandate's `ptm_session_collect` of a cycle needs one, covering the amount and
/// accepted by Paytm's verified answer at least 24 hours earlier (the session's clock: the
/// `now_ms` of its latest `ptm_session_next_action`).
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INVALID_UTF8`, `PTM_SESSION_STATE`
/// (not a subscription, not active and idle, paused, the cycle already paid or in flight, the
/// reference used before), `PTM_INVALID_AMOUNT`, `PTM_INVALID_REF_ID`, `PTM_INVALID_FIELD`
/// (above the maximum; a malformed date, message or invoice number); the session is unchanged
/// on error.
///
/// # Safety
/// `session` must be a live session; each (pointer, length) pair readable (or NULL with 0).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn ptm_session_pre_notify(
    session: *mut ptm_session,
    cycle: *const u8,
    cycle_len: usize,
    amount: *const u8,
    amount_len: usize,
    txn_date: *const u8,
    txn_date_len: usize,
    reference_id: *const u8,
    reference_id_len: usize,
    txn_message: *const u8,
    txn_message_len: usize,
    invoice_display_no: *const u8,
    invoice_display_no_len: usize,
) -> ptm_result {
    guard_result(|| {
        // SAFETY: the function's pointer contract.
        let [cycle, amount, date, reference, message, invoice] = unsafe {
            texts([
                (cycle, cycle_len),
                (amount, amount_len),
                (txn_date, txn_date_len),
                (reference_id, reference_id_len),
                (txn_message, txn_message_len),
                (invoice_display_no, invoice_display_no_len),
            ])
        }?;
        let invoice = Some(invoice).filter(|i| !i.is_empty());
        // SAFETY: the function's contract.
        unsafe {
            with_session(session, |s| {
                Ok(s.pre_notify(cycle, amount, date, reference, message, invoice)?)
            })
        }
    })
}

/// The session as JSON to store across an app restart: no merchant key, client secret, token,
/// OTP or card data. On success `*out_json` receives it, to release with `ptm_string_free`.
///
/// # Safety
/// `session` must be a live session; `out_json` writable.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_save(
    session: *const ptm_session,
    out_json: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: out_json and session follow the function's pointer contract.
    guard_string(unsafe { StringOut::new(out_json) }, || unsafe {
        with_session(session, |s| Ok(s.save()))
    })
}

/// A session from `ptm_session_save`'s JSON and its secrets: `credentials` as for
/// `ptm_session_new`, and `token[0..token_len]` — the txnToken of a checkout still collecting
/// its payment, or a linked wallet user's access token — or (NULL, 0). A request that was out
/// when the session was saved counts as unanswered.
///
/// A save made with the merchant key is sealed (a MAC under a key derived from it): one edited in
/// any byte, unsealed, or sealed under another key is `PTM_SESSION_SEAL`. A keyless client half's
/// save restores only into what a client may conclude (never `success`).
///
/// Errors: `PTM_SESSION_RESTORE` (not a saved session, or another version), `PTM_SESSION_SEAL`,
/// `PTM_INVALID_CREDENTIALS`, `PTM_INVALID_TOKEN`.
///
/// # Safety
/// As `ptm_session_new`.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_restore(
    json: *const u8,
    json_len: usize,
    credentials: *const ptm_credentials,
    token: *const u8,
    token_len: usize,
    out_session: *mut *mut ptm_session,
) -> ptm_result {
    // SAFETY: out_session follows the function's pointer contract.
    handle::guard_new(unsafe { Out::new(out_session) }, || {
        // SAFETY: the function's pointer contract.
        let (json, creds, token) = unsafe {
            (
                bytes(json, json_len)?,
                opt_credentials(credentials)?,
                bytes(token, token_len)?,
            )
        };
        Ok(new_session(Session::restore(
            json,
            creds,
            opt_utf8(token)?,
        )?))
    })
}

/// Frees a session (its secrets are zeroed). NULL is a no-op; a pointer that is recognisably not
/// a live session is ignored.
///
/// # Safety
/// `session` must be NULL or a live session not used by another thread during or after this call.
#[no_mangle]
pub unsafe extern "C" fn ptm_session_free(session: *mut ptm_session) {
    // SAFETY: forwarded contract.
    guard((), || unsafe { handle::free(session) })
}
