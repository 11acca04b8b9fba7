//! Response parsing, callbacks and reconciliation for JS (the Node build).
//!
//! As in the crate root, everything here is argument checking and conversion: parsing, signature
//! verification, the reconciliation rule and the code tables are core's. Results are plain JS
//! objects with exactly the JSON shape of the C library's (`ParsedResponse::to_json`,
//! `Callback::to_json`), produced from that JSON text by `JSON.parse` (see `plain_json` for why
//! not serde-wasm-bindgen).
//!
//! The web build has only Process Transaction's parser (`crate::parse`).

use js_sys::Array;
use paytm_checkout::callback::parse_callback;
use paytm_checkout::response::{parse_response, TransactionResult};
use paytm_checkout::Error;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::parse::{body_arg, parse_options_arg, plain_json, status_arg};
use crate::{cached_key, json_arg, string_arg, to_js, to_plain};

/// TypeScript of the callback parser.
#[wasm_bindgen(typescript_custom_section)]
const TS_CALLBACK: &str = r#"
/**
 * Parses and verifies a callback or payment webhook body: the form POST Paytm's cashier sends to
 * your `callbackUrl` (or S2S webhook), as text or bytes, or the flat object JS Checkout hands to its
 * `transactionStatus` handler (as an object or its JSON text). `CHECKSUMHASH` is verified with the
 * merchant key over every other field.
 *
 * On a server: `parseCallback(body, merchantKey)`. In a browser there is no key: only
 * `parseCallback(data, null, {allowUnsigned: true})` works, for display; its result says
 * `verification: "skipped"` and {@link reconcile} never fulfils on it; your server must confirm
 * with Transaction Status.
 *
 * Throws a {@link PaytmCheckoutError}: `SIGNATURE_MISSING` (no CHECKSUMHASH), `SIGNATURE_AMBIGUOUS`
 * (a field twice), `CHECKSUM_MISMATCH` (tampered), `CALLBACK_MALFORMED`, `INVALID_CREDENTIALS`
 * (no key and no `allowUnsigned`), `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
 */
export function parseCallback(
  body: string | Uint8Array | Record<string, string>,
  key?: Key | null,
  options?: ParseOptions | null,
): ParsedCallback;
"#;

/// The optional key of the parsers (the one-entry key cache, as the checksum functions).
fn opt_key_arg(v: &JsValue) -> Result<Option<std::rc::Rc<paytm_checkout::MerchantKey>>, Error> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        cached_key(v).map(Some)
    }
}

/// The parseResponse export (its TypeScript is in TS_RESPONSE_TYPES: generic over the API).
#[wasm_bindgen(js_name = parseResponse, skip_typescript)]
pub fn parse_response_js(
    api: &JsValue,
    http_status: &JsValue,
    body: &JsValue,
    key: &JsValue,
    options: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| {
        // Core refuses unknown names itself (with the list, and why settlement has none).
        let api = string_arg(api, "api")?;
        let status = status_arg(http_status)?;
        let body = body_arg(body)?;
        let key = opt_key_arg(key)?;
        let options = parse_options_arg(options)?;
        let parsed = parse_response(&api, status, &body, key.as_deref(), &options)?;
        plain_json(&parsed.to_json())
    })())
}

/// The parseCallback export (TypeScript in TS_CALLBACK).
#[wasm_bindgen(js_name = parseCallback, skip_typescript)]
pub fn parse_callback_js(
    body: &JsValue,
    key: &JsValue,
    options: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| {
        // JS Checkout's transactionStatus object: its JSON text is the flat JSON form core reads.
        // (Text and bytes first: a String object is text, and no Proxy is asked if it is bytes.)
        let body = if crate::value::string(body).is_none()
            && !crate::value::is_bytes(body)
            && body.is_object()
            && !body.is_function()
            && !crate::value::is_array(body)?
        {
            Zeroizing::new(json_arg(body, "body")?.into_bytes())
        } else {
            body_arg(body)?
        };
        let key = opt_key_arg(key)?;
        let options = parse_options_arg(options)?;
        let cb = parse_callback(&body, key.as_deref(), &options)?;
        plain_json(&cb.to_json())
    })())
}

/// Every API name {@link parseResponse} accepts.
#[wasm_bindgen(js_name = responseApiNames, unchecked_return_type = "ResponseApiName[]")]
pub fn response_api_names() -> Array {
    paytm_checkout::response::RESPONSE_API_NAMES
        .iter()
        .map(|n| JsValue::from_str(n))
        .collect()
}

/// May this order be fulfilled? Compares your own record of the order with what Paytm reported
/// (the `transaction` member of {@link parseResponse}'s or {@link parseCallback}'s result), by
/// Paytm's rule (same order id and amount, a success status) plus two of ours: data whose signature
/// was skipped never fulfils, and pending or unknown means wait and ask Transaction Status again.
///
/// Both arguments may also be JSON text. Throws a {@link PaytmCheckoutError} for malformed input:
/// `MISSING_FIELD`, `INVALID_FIELD` (unknown member or wrong type), `INVALID_ORDER_ID`,
/// `INVALID_AMOUNT`, `INVALID_PARAMS` (not JSON), `INVALID_ARGUMENT` (wrong argument type).
#[wasm_bindgen(unchecked_return_type = "Verdict")]
pub fn reconcile(
    #[wasm_bindgen(unchecked_param_type = "ExpectedOrder | string")] expected: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "TransactionResult | string")] transaction: &JsValue,
) -> Result<JsValue, JsValue> {
    use paytm_checkout::reconcile::{reconcile as core_reconcile, ExpectedOrder};
    to_js((|| {
        let expected = json_arg(expected, "expected")?;
        let reported = json_arg(transaction, "transaction")?;
        let expected: ExpectedOrder =
            paytm_checkout::api::parse("expected order", expected.as_bytes())?;
        let reported: TransactionResult =
            paytm_checkout::api::parse("transaction", reported.as_bytes())?;
        to_plain(&core_reconcile(&expected, &reported))
    })())
}
