//! C entry points for the way back: response parsing, callbacks and webhooks, reconciliation and
//! Paytm's result codes. Each is a thin wrapper over the core function of the same purpose
//! (`response::parse_response`, `callback::parse_callback`, `reconcile::reconcile_json`,
//! `result_codes::CodeTable`); the JSON crossing the boundary is the core's own serialization.

use std::ffi::c_char;

use paytm_checkout::callback::parse_callback;
use paytm_checkout::http;
use paytm_checkout::reconcile::reconcile_json;
use paytm_checkout::response::{parse_response, ParseOptions, RESPONSE_API_NAMES};
use paytm_checkout::result_codes::{CodeTable, ResultClass};
use paytm_checkout::MerchantKey;

use crate::ffi::{
    bytes, guard_out, guard_string, inputs, string_from, to_json, utf8, Out, StringOut,
};
use crate::key::{opt_key_ref, ptm_merchant_key};
use crate::ptm_result;

/// The arguments both parsers share, read in argument order: the body, the optional key and the
/// options (`ParseOptions::from_json`: empty means the defaults).
///
/// # Safety
/// As `ptm_response_parse`.
unsafe fn body_key_options<'a>(
    body: *const u8,
    body_len: usize,
    key: *const ptm_merchant_key,
    options_json: *const u8,
    options_len: usize,
) -> Result<(&'a [u8], Option<&'a MerchantKey>, ParseOptions), ptm_result> {
    // SAFETY: forwarded contract.
    let (body, key, options) = unsafe {
        (
            bytes(body, body_len)?,
            opt_key_ref(key)?,
            bytes(options_json, options_len)?,
        )
    };
    Ok((body, key, ParseOptions::from_json(options)?))
}

/// Parses and verifies the response of a Paytm API: the exact bytes received and the HTTP status.
///
/// - `api[0..api_len]`: one of the names `ptm_response_api_names` lists: `initiate_transaction`,
///   `process_transaction`, `transaction_status`, `legacy_transaction_status`, `refund`,
///   `refund_status`, `refund_webhook`, `legacy_refund`, `legacy_refund_status`, `send_otp`,
///   `validate_otp`, `user_details`, `revoke_access`, `check_balance`, `add_money` (its callback
///   form), `withdraw`, `send_payment_request`, `resend_payment_request`,
///   `initiate_subscription`, `renew_subscription`, `subscription_status`,
///   `cancel_subscription`, `pause_resume_subscription`, `pre_notify_subscription`,
///   `subscription_webhook` (its form POST), `create_payment_link`, `fetch_payment_link`,
///   `resend_payment_link`, `expire_payment_link`, `payment_link_webhook` (its form POST), and
///   the txnToken helpers `fetch_payment_options`,
///   `fetch_bin_details`, `validate_vpa`, `fetch_emi_details`, `apply_promo`,
///   `send_checkout_otp`, `validate_checkout_otp` (unsigned: no key needed; see
///   docs/native-checkout.md). Anything else is `PTM_UNKNOWN_API`.
/// - `http_status`: the status line's number; above 65535 is `PTM_RESPONSE_HTTP_STATUS`.
/// - `body[0..body_len]`: the body exactly as received (at most 1 MiB: `PTM_INPUT_TOO_LARGE`).
///   Never re-serialize it first: the signature covers these bytes.
/// - `key`: the merchant key that verifies signed responses, or NULL (then a signed API's
///   response is refused unless `allowUnsigned` is set).
/// - `options_json[0..options_len]`: `{"allowUnsigned":false}` (every member optional), or
///   (NULL, 0) for the defaults. `allowUnsigned: true` accepts a missing signature or key for this
///   call (the result then says `"verification":"skipped"`); a wrong signature is refused anyway.
///
/// A declined payment, an invalid OTP or a failed refund is `PTM_OK` with its `class`: an error
/// means the bytes were malformed, tampered with or unusable. On success `*out_json` receives, to
/// release with `ptm_string_free` (the npm package returns the same object):
///
/// ```text
/// {"api":"transaction_status","httpStatus":200,
///  "verification":"verified"|"unsigned"|"skipped",
///  "class":"success"|"failure"|"pending"|"retry_allowed"|"session_expired"
///         |"merchant_configuration"|"invalid_request"|"unknown",
///  "data":{...the API's typed response, camelCase members as Paytm names them...},
///  "transaction":{"orderId":"...","mid":"...","txnId":"...","amount":"1.00",
///                 "state":"success"|"failure"|"pending"|"settled"|"refunded"|"unknown",
///                 "verification":"verified"|"unsigned"|"skipped"}}
/// ```
/// `transaction` is present only for responses that report a payment (transaction status, legacy
/// status, Process Transaction with `txnInfo`, withdraw, add money): pass it unchanged to
/// `ptm_reconcile`. Absent optional members are omitted; amounts are canonical strings
/// (`"1.00"`). The output contains what Paytm sent (tokens included) but never the key.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`
/// (the API name), `PTM_INVALID_ARGUMENT` (options), `PTM_UNKNOWN_API`,
/// `PTM_RESPONSE_HTTP_STATUS`, `PTM_RESPONSE_NOT_JSON`, `PTM_RESPONSE_MALFORMED`,
/// `PTM_CALLBACK_MALFORMED` (add money), `PTM_INVALID_CREDENTIALS` (a signed API without a key),
/// `PTM_SIGNATURE_MISSING`, `PTM_SIGNATURE_AMBIGUOUS`, the 2xxx checksum codes (tampered or
/// another key's), and a 1xxx code for a member that fails its type's rule (an order id, say).
///
/// Thread safety: may be called from many threads at once, sharing one key.
///
/// # Safety
/// `key` must be NULL or a live key from `ptm_merchant_key_new`; every (pointer, length) pair must
/// describe readable memory (or be NULL with length 0) that is not modified during the call;
/// `out_json` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_response_parse(
    api: *const u8,
    api_len: usize,
    http_status: u32,
    body: *const u8,
    body_len: usize,
    key: *const ptm_merchant_key,
    options_json: *const u8,
    options_len: usize,
    out_json: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: out_json follows the function's pointer contract.
    guard_string(unsafe { StringOut::new(out_json) }, || {
        // SAFETY: every argument follows the function's pointer contract.
        let (api, (body, key, options)) = unsafe {
            (
                bytes(api, api_len)?,
                body_key_options(body, body_len, key, options_json, options_len)?,
            )
        };
        let status = http::http_status(http_status.into())?;
        let parsed = parse_response(utf8(api)?, status, body, key, &options)?;
        Ok(parsed.to_json())
    })
}

/// Parses and verifies what Paytm POSTs to the merchant after a payment: the browser callback
/// (to `callbackUrl`) or the S2S payment-status webhook, as `application/x-www-form-urlencoded`
/// text, or JS Checkout's flat JSON object (when the first non-blank byte is `{`).
/// `CHECKSUMHASH` is verified in map mode over every other field. Refund webhooks are signed like
/// API responses: parse them with `ptm_response_parse` and the name `refund_webhook`.
///
/// `body`, `key` and `options_json` as for `ptm_response_parse`. A missing `CHECKSUMHASH` is
/// `PTM_SIGNATURE_MISSING` unless `allowUnsigned` is set; a field sent twice is
/// `PTM_SIGNATURE_AMBIGUOUS`.
///
/// On success `*out_json` receives, to release with `ptm_string_free`:
///
/// ```text
/// {"verification":"verified"|"skipped",
///  "class":"success"|"failure"|"pending"|"unknown",
///  "txn":{"orderId":"...","mid":"...","txnId":"...","bankTxnId":"...","txnAmount":"1.00",
///         "currency":"INR","status":"TXN_SUCCESS","state":"success",
///         "respCode":"01","respMsg":"...","txnDate":"...","gatewayName":"...","bankName":"...",
///         "paymentMode":"...","other":{"NAME":"value",...}, ...},
///  "transaction":{"orderId":"...","mid":"...","txnId":"...","amount":"1.00",
///                 "state":"success",...,"verification":"verified"|"skipped"}}
/// ```
/// (absent fields are omitted; `CHECKSUMHASH` is never included; `transaction` as in
/// `ptm_response_parse`, for `ptm_reconcile`). The npm package's `parseCallback` returns the same
/// object. A verified callback is still only what the browser relayed: confirm with
/// `transaction_status` before fulfilling.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`,
/// `PTM_INVALID_ARGUMENT` (options), `PTM_CALLBACK_MALFORMED`, `PTM_INVALID_CREDENTIALS` (no key
/// and no `allowUnsigned`), `PTM_SIGNATURE_MISSING`, `PTM_SIGNATURE_AMBIGUOUS`, the 2xxx
/// checksum codes, and a 1xxx code for a field that fails its type's rule.
///
/// Thread safety: may be called from many threads at once, sharing one key.
///
/// # Safety
/// As `ptm_response_parse`.
#[no_mangle]
pub unsafe extern "C" fn ptm_callback_parse(
    body: *const u8,
    body_len: usize,
    key: *const ptm_merchant_key,
    options_json: *const u8,
    options_len: usize,
    out_json: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: out_json follows the function's pointer contract.
    guard_string(unsafe { StringOut::new(out_json) }, || {
        // SAFETY: every argument follows the function's pointer contract.
        let (body, key, options) =
            unsafe { body_key_options(body, body_len, key, options_json, options_len)? };
        let callback = parse_callback(body, key, &options)?;
        Ok(callback.to_json())
    })
}

/// Every API name `ptm_response_parse` accepts, as a JSON array of strings, to release with
/// `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// `out_json` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_response_api_names(out_json: *mut *mut c_char) -> ptm_result {
    // SAFETY: out_json follows the function's pointer contract.
    guard_string(unsafe { StringOut::new(out_json) }, || {
        to_json!(RESPONSE_API_NAMES)
    })
}

/// May this order be fulfilled? Compares the merchant's own record of the order with what Paytm
/// reported, by Paytm's rule (order id and amount must match, status must be a success) plus two
/// of ours: data whose signature was skipped is never enough, and pending means wait.
///
/// - `expected_json[0..expected_len]`: `{"orderId":"...","amount":"1.00","mid":"..."}` (`mid`
///   optional; the amount as a decimal string, `"1"` equals `"1.00"`).
/// - `transaction_json[0..transaction_len]`: the `transaction` member of `ptm_response_parse`'s
///   output, passed unchanged: `{"orderId":...,"mid":...,"txnId":...,"amount":...,"state":...,
///   "verification":...}` (`state` and `verification` required).
///
/// On success `*out_json` receives, to release with `ptm_string_free`, one of
///
/// ```text
/// {"verdict":"fulfil"}
/// {"verdict":"wait"}                         pending or unknown: ask transaction_status later
/// {"verdict":"do_not_fulfil","reason":"order_id"|"mid"|"amount"|"status_failure"|"refunded"|"unverified"}
/// ```
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`, `PTM_INVALID_PARAMS`
/// (not JSON), `PTM_MISSING_FIELD`, `PTM_INVALID_FIELD` (unknown member or wrong type),
/// `PTM_INVALID_ORDER_ID`, `PTM_INVALID_AMOUNT`. `ptm_last_error_message` names the member.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// Every (pointer, length) pair must describe readable memory (or be NULL with length 0) that is
/// not modified during the call; `out_json` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_reconcile(
    expected_json: *const u8,
    expected_len: usize,
    transaction_json: *const u8,
    transaction_len: usize,
    out_json: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe {
        string_from(
            out_json,
            [
                (expected_json, expected_len),
                (transaction_json, transaction_len),
            ],
            reconcile,
        )
    }
}

/// What a Paytm result means for the host (`ptm_result_code_classify`). The JSON outputs spell
/// the same classes in snake_case (`"retry_allowed"`). Zero is `PTM_CLASS_UNKNOWN`, so zeroed
/// memory never reads as success.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ptm_result_class {
    /// Not documented, or contradictory: treat as pending (ask the status API), never as success.
    PTM_CLASS_UNKNOWN = 0,
    /// The call did what was asked.
    PTM_CLASS_SUCCESS = 1,
    /// A final failure: do not retry the same request.
    PTM_CLASS_FAILURE = 2,
    /// Not final yet: ask the status API later.
    PTM_CLASS_PENDING = 3,
    /// Failed, and the user may try again (another card, the OTP again, later).
    PTM_CLASS_RETRY_ALLOWED = 4,
    /// The txnToken, SSO token or session has expired: start that step again.
    PTM_CLASS_SESSION_EXPIRED = 5,
    /// The merchant's setup is wrong (key, MID, limits, client credentials).
    PTM_CLASS_MERCHANT_CONFIGURATION = 6,
    /// The request was malformed or inconsistent: a bug on the merchant's side.
    PTM_CLASS_INVALID_REQUEST = 7,
}

impl From<ResultClass> for ptm_result_class {
    fn from(c: ResultClass) -> ptm_result_class {
        match c {
            ResultClass::Unknown => ptm_result_class::PTM_CLASS_UNKNOWN,
            ResultClass::Success => ptm_result_class::PTM_CLASS_SUCCESS,
            ResultClass::Failure => ptm_result_class::PTM_CLASS_FAILURE,
            ResultClass::Pending => ptm_result_class::PTM_CLASS_PENDING,
            ResultClass::RetryAllowed => ptm_result_class::PTM_CLASS_RETRY_ALLOWED,
            ResultClass::SessionExpired => ptm_result_class::PTM_CLASS_SESSION_EXPIRED,
            ResultClass::MerchantConfiguration => {
                ptm_result_class::PTM_CLASS_MERCHANT_CONFIGURATION
            }
            ResultClass::InvalidRequest => ptm_result_class::PTM_CLASS_INVALID_REQUEST,
        }
    }
}

/// A code table by its name (core's `CodeTable::from_name`: `PTM_INVALID_ARGUMENT` naming the
/// tables), after the UTF-8 check (`PTM_INVALID_UTF8`).
fn table(name: &[u8]) -> Result<CodeTable, ptm_result> {
    Ok(CodeTable::from_name(utf8(name)?)?)
}

/// `ptm_reconcile`'s verdict on its two inputs, as JSON.
fn reconcile([expected, reported]: [&[u8]; 2]) -> Result<String, ptm_result> {
    to_json!(&reconcile_json(expected, reported)?)
}

/// The class of a Paytm result, by the documented table of its API: `table[0..table_len]` is
/// `initiate`, `process`, `send_otp`, `validate_otp`, `user_details`, `consult` or
/// `payment_request` (see `ptm_result_code_table_names`); `code` is the response's `resultCode`
/// (or `responseCode`), `result_status` its `resultStatus` ((NULL, 0) when absent).
///
/// The rules are the parsers': a code not in the table is `PTM_CLASS_UNKNOWN`; a success code
/// counts only when `result_status` says success too (`S`, `SUCCESS` ...), otherwise it is
/// `PTM_CLASS_UNKNOWN`, as is a failure code with a success status. `ptm_response_parse` already
/// applies this; use it for codes a host receives some other way.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`,
/// `PTM_INVALID_ARGUMENT` (unknown table name).
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// Every (pointer, length) pair must describe readable memory (or be NULL with length 0) that is
/// not modified during the call; `out_class` must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_result_code_classify(
    table_name: *const u8,
    table_len: usize,
    code: *const u8,
    code_len: usize,
    result_status: *const u8,
    result_status_len: usize,
    out_class: *mut ptm_result_class,
) -> ptm_result {
    // SAFETY: out_class follows the function's pointer contract.
    guard_out(unsafe { Out::new(out_class) }, || {
        // SAFETY: every pair follows the function's pointer contract.
        let [t, code, status] = unsafe {
            inputs([
                (table_name, table_len),
                (code, code_len),
                (result_status, result_status_len),
            ])?
        };
        let t = table(t)?;
        let (code, status) = (utf8(code)?, utf8(status)?);
        // An empty status and an absent one classify alike (neither says success).
        let status = (!status.is_empty()).then_some(status);
        Ok(ptm_result_class::from(t.classify(code, status)))
    })
}

/// The documented entry for a result code: `table` as for `ptm_result_code_classify`. On success
/// `*out_json` receives, to release with `ptm_string_free`,
/// `{"code":"1006","status":"F","class":"session_expired","message":"Your Session has expired"}`
/// (Paytm's own message; `class` as in `ptm_response_parse`), or `null` when the code is not in
/// the table (treat it as unknown, never as success).
///
/// Errors: as `ptm_result_code_classify`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// Every (pointer, length) pair must describe readable memory (or be NULL with length 0) that is
/// not modified during the call; `out_json` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_result_code_lookup(
    table_name: *const u8,
    table_len: usize,
    code: *const u8,
    code_len: usize,
    out_json: *mut *mut c_char,
) -> ptm_result {
    let pairs = [(table_name, table_len), (code, code_len)];
    // SAFETY: the function's pointer contract.
    unsafe {
        string_from(out_json, pairs, |[t, code]| {
            to_json!(&table(t)?.lookup(utf8(code)?))
        })
    }
}

/// Every documented entry of a table (`table` as for `ptm_result_code_classify`), as a JSON array
/// of `ptm_result_code_lookup` objects in the spec's order, to release with `ptm_string_free`.
///
/// Errors: as `ptm_result_code_classify`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// `table_name[0..table_len]` must be readable (or NULL with length 0); `out_json` must point to
/// writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_result_code_table(
    table_name: *const u8,
    table_len: usize,
    out_json: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe {
        string_from(out_json, [(table_name, table_len)], |[t]| {
            to_json!(table(t)?.entries())
        })
    }
}

/// The names of the result-code tables, as a JSON array of strings
/// (`["initiate","process",...]`), to release with `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// `out_json` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_result_code_table_names(out_json: *mut *mut c_char) -> ptm_result {
    // SAFETY: out_json follows the function's pointer contract.
    guard_string(unsafe { StringOut::new(out_json) }, || {
        to_json!(CodeTable::ALL)
    })
}
