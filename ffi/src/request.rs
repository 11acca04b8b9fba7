//! Requests: `ptm_credentials` (the secrets a request or session may need: the merchant key,
//! handed in once as a `ptm_merchant_key`, and the client id and secret) and the request builders
//! over core's `build_request` (`ptm_request_build`, `_curl`, `ptm_api_names`).

use std::ffi::c_char;

use paytm_checkout::api::API_NAMES;
use paytm_checkout::{build_request, BuildOptions, Credentials, HttpRequest};

use crate::ffi::{guard_string, inputs, opt_utf8, to_json, utf8, Out, Pair, StringOut};
use crate::handle;
use crate::key::{opt_key_ref, ptm_merchant_key};
use crate::panic::guard;
use crate::ptm_result;

/// The secrets the request builders and sessions may need (opaque; create with
/// `ptm_credentials_new`, release with `ptm_credentials_free`): an optional merchant key
/// (checksums and signatures), an optional client id and an optional client secret (auto-debit
/// OAuth, consult, payment requests, settlement). Each API takes only what it uses; a missing one
/// is `PTM_INVALID_CREDENTIALS`.
///
/// The merchant key schedule and the client secret live in storage that is zeroed when the
/// credentials are freed. One `ptm_credentials` may be used from many threads at once.
pub struct ptm_credentials {
    credentials: Credentials,
}

handle::handle_type!(ptm_credentials, b"ptm_crd1");

/// Optional credentials: NULL is `None`, anything else must be live credentials (checked by the
/// handle's magic).
///
/// # Safety
/// `c` must be NULL or a pointer returned by `ptm_credentials_new` and not yet freed.
pub(crate) unsafe fn opt_credentials_ref<'a>(
    c: *const ptm_credentials,
) -> Result<Option<&'a Credentials>, ptm_result> {
    if c.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    Ok(Some(&unsafe { handle::borrow(c) }?.credentials))
}

/// Creates credentials for the request builders and sessions. Each part is optional.
///
/// - `merchant_key`: a key from `ptm_merchant_key_new`, or NULL for none. The credentials keep
///   their own copy of its key schedule (zeroed when they are freed): the caller may free the key
///   handle as soon as this returns.
/// - `client_id[0..client_id_len]`: UTF-8, 1-64 characters of `A-Z a-z 0-9 _ . -`, or (NULL, 0).
/// - `client_secret[0..client_secret_len]`: 1-256 printable ASCII characters without space, or
///   (NULL, 0).
///
/// The secret is copied into storage that is zeroed when the credentials are freed, so the caller
/// may wipe its own copy as soon as this returns. On success `*out_credentials` receives a handle
/// to release with `ptm_credentials_free`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE` (`merchant_key` is not a live key),
/// `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`, `PTM_INVALID_CREDENTIALS`.
///
/// Thread safety: may be called from any thread at any time (the key may be in use by others).
///
/// # Safety
/// `merchant_key` must be NULL or a live key from `ptm_merchant_key_new`; every (pointer, length)
/// pair must describe readable memory (or be NULL with length 0) that is not modified during the
/// call; `out_credentials` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_credentials_new(
    merchant_key: *const ptm_merchant_key,
    client_id: *const u8,
    client_id_len: usize,
    client_secret: *const u8,
    client_secret_len: usize,
    out_credentials: *mut *mut ptm_credentials,
) -> ptm_result {
    // SAFETY: out_credentials follows the function's pointer contract.
    handle::guard_new(unsafe { Out::new(out_credentials) }, || {
        // SAFETY: the key and the two pairs follow the function's pointer contract.
        let key = unsafe { opt_key_ref(merchant_key)? };
        // SAFETY: as above.
        let [id, secret] = unsafe {
            inputs([
                (client_id, client_id_len),
                (client_secret, client_secret_len),
            ])?
        };
        // The secret is borrowed (from_utf8 copies nothing); ClientSecret makes the one copy,
        // in its own zeroize-on-drop storage.
        let credentials = Credentials::from_parts(key.cloned(), opt_utf8(id)?, opt_utf8(secret)?)?;
        Ok(ptm_credentials { credentials })
    })
}

/// Frees credentials made by `ptm_credentials_new`, zeroing the key schedule and the secret.
/// NULL is a no-op; a pointer that is recognisably not credentials is ignored.
///
/// Thread safety: no other thread may use the credentials during or after this call.
///
/// # Safety
/// `credentials` must be NULL or a handle from `ptm_credentials_new` that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn ptm_credentials_free(credentials: *mut ptm_credentials) {
    // SAFETY: credentials is NULL or a handle from ptm_credentials_new handed back by its owner.
    guard((), || unsafe { handle::free(credentials) })
}

/// Both builders: the request core's `build_request` makes of the arguments, rendered by
/// `render` into `out`.
///
/// `pairs` are the export's `api`, `params_json` and `options_json`, read in that order before
/// `credentials`.
///
/// # Safety
/// As `ptm_request_build`.
unsafe fn build(
    pairs: [Pair; 3],
    credentials: *const ptm_credentials,
    out: *mut *mut c_char,
    render: impl FnOnce(&HttpRequest) -> String,
) -> ptm_result {
    // SAFETY: out follows the function's pointer contract.
    guard_string(unsafe { StringOut::new(out) }, || {
        // SAFETY: every argument follows the export's pointer contract.
        let ([api, params, options], credentials) =
            unsafe { (inputs(pairs)?, opt_credentials_ref(credentials)?) };
        let none = Credentials::default();
        let options = BuildOptions::from_argument(options)?;
        let request = build_request(utf8(api)?, params, credentials.unwrap_or(&none), &options)?;
        Ok(render(&request))
    })
}

/// Builds the HTTP request of a Paytm API, signed over the exact bytes it carries, and returns it
/// as JSON: the very object the npm package's `buildRequest` returns.
///
/// - `api[0..api_len]`: the API name (UTF-8), one of `initiate_transaction`,
///   `process_transaction`, `transaction_status`, `legacy_transaction_status`, `refund`,
///   `refund_status`, `legacy_refund`, `legacy_refund_status`, `send_otp`, `validate_otp`,
///   `user_details`, `revoke_access`, `check_balance`, `add_money`, `withdraw`,
///   `send_payment_request`, `resend_payment_request`, `settlement`, `initiate_subscription`,
///   `renew_subscription`, `subscription_status`, `cancel_subscription`,
///   `pause_resume_subscription`, `pre_notify_subscription`, the payment link APIs
///   `create_payment_link`, `fetch_payment_link`, `resend_payment_link`, `expire_payment_link`,
///   and the txnToken helpers
///   `fetch_payment_options`, `fetch_bin_details`, `validate_vpa`, `fetch_emi_details`,
///   `apply_promo`, `send_checkout_otp`, `validate_checkout_otp` (no credentials: the input's
///   `txnToken` authenticates them; docs/native-checkout.md) (see `ptm_api_names`).
/// - `params_json[0..params_len]`: the API's input object as UTF-8 JSON, with Paytm's own
///   camelCase member names, e.g. for `initiate_transaction`
///   `{"mid":"...","orderId":"...","websiteName":"...","txnAmount":{"value":"1"},"userInfo":{"custId":"..."},"callbackUrl":"..."}`.
/// - `credentials`: from `ptm_credentials_new`, or NULL for none (`process_transaction` and
///   `user_details` need none: they are authenticated by a txnToken or session token).
/// - `options_json[0..options_len]`: `{"environment":E,"salt":"abcd"}`, both optional, or
///   (NULL, 0) for the defaults. `E` is `"production"` (default), `"staging"`,
///   `"legacy-production"`, `"legacy-staging"` or `{"custom":"https://host"}`; `salt` (4 ASCII
///   characters) fixes the checksum salt for reproducible output, random when absent.
///
/// On success `*out_request_json` receives, to release with `ptm_string_free`:
///
/// ```text
/// {"method":"POST",                      GET, POST or DELETE
///  "url":"https://...",                    complete, query percent-encoded
///  "headers":[["Content-Type","application/json"],...],  every header, in order
///  "contentType":"application/json",     the body's media type, or null without a body
///  "body":"..."}                           the exact body text (UTF-8), "" when none
/// ```
///
/// Send it as it is: method, URL, every header, and the body's UTF-8 bytes (libcurl
/// `CURLOPT_CUSTOMREQUEST`/`CURLOPT_URL`/`CURLOPT_HTTPHEADER`/`CURLOPT_POSTFIELDS`, OkHttp
/// `Request.Builder`, URLSession `URLRequest`). `contentType` repeats the `Content-Type` header for
/// clients that set it separately (OkHttp's `RequestBody`). Never re-serialize the body: the
/// signature covers its exact bytes.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`
/// (the API name), `PTM_INVALID_ARGUMENT` (options that are not that object),
/// `PTM_INVALID_CREDENTIALS` (a credential the API needs is missing), any 1xxx code of an input
/// field, `PTM_INVALID_FIELD` (unknown API name or member), `PTM_INVALID_PARAMS` (not JSON),
/// `PTM_RANDOM_UNAVAILABLE`. `ptm_last_error_message` names the failing member.
///
/// Thread safety: may be called from many threads at once, sharing one `ptm_credentials`.
///
/// # Safety
/// `credentials` must be NULL or live credentials from `ptm_credentials_new`; every (pointer,
/// length) pair must describe readable memory (or be NULL with length 0) that is not modified
/// during the call; `out_request_json` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_request_build(
    api: *const u8,
    api_len: usize,
    params_json: *const u8,
    params_len: usize,
    credentials: *const ptm_credentials,
    options_json: *const u8,
    options_len: usize,
    out_request_json: *mut *mut c_char,
) -> ptm_result {
    let pairs = [
        (api, api_len),
        (params_json, params_len),
        (options_json, options_len),
    ];
    // SAFETY: every argument follows the function's pointer contract.
    unsafe { build(pairs, credentials, out_request_json, HttpRequest::to_json) }
}

/// Builds the same request as `ptm_request_build` (same arguments) and returns it as a `curl`
/// command line, for people: signatures are shown, but credentials, tokens and card data are
/// replaced by `<redacted>`, so it is safe to log or paste into a ticket (and will not
/// authenticate as it stands). With a random salt, its signature differs from another call's.
///
/// Errors: as `ptm_request_build`.
///
/// Thread safety: may be called from many threads at once, sharing one `ptm_credentials`.
///
/// # Safety
/// As `ptm_request_build`; `out_curl` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_request_build_curl(
    api: *const u8,
    api_len: usize,
    params_json: *const u8,
    params_len: usize,
    credentials: *const ptm_credentials,
    options_json: *const u8,
    options_len: usize,
    out_curl: *mut *mut c_char,
) -> ptm_result {
    let pairs = [
        (api, api_len),
        (params_json, params_len),
        (options_json, options_len),
    ];
    // SAFETY: every argument follows the function's pointer contract.
    unsafe { build(pairs, credentials, out_curl, HttpRequest::to_curl) }
}

/// Every API name `ptm_request_build` accepts, as a JSON array of strings
/// (`["initiate_transaction","process_transaction",...]`), to release with `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// `out_json` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_api_names(out_json: *mut *mut c_char) -> ptm_result {
    // SAFETY: out_json follows the function's pointer contract.
    guard_string(unsafe { StringOut::new(out_json) }, || to_json!(API_NAMES))
}
