//! Callbacks and reconciliation for JS (the Node build), with the TypeScript of every response
//! type `parseResponse` returns there (the function itself is `crate::parse`'s, both builds).
//!
//! Everything here is argument checking and conversion: parsing, signature verification and the
//! reconciliation rule are core's. Results are plain JS objects with exactly the JSON shape of
//! the C library's (`Callback::to_json`), produced from that JSON text by `JSON.parse` (see
//! `crate::args::plain_json` for why not serde-wasm-bindgen).

use paytm_checkout::callback::parse_callback;
use paytm_checkout::reconcile::reconcile_json;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::args::{json_arg, plain_json, to_plain};
use crate::error::to_js;
use crate::key::opt_key_arg;
use crate::parse::{body_arg, parse_options_arg};
use crate::value;

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
        let body = if value::string(body).is_none()
            && !value::is_bytes(body)
            && body.is_object()
            && !body.is_function()
            && !value::is_array(body)?
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
    to_js((|| {
        let expected = json_arg(expected, "expected")?;
        let reported = json_arg(transaction, "transaction")?;
        to_plain(&reconcile_json(expected.as_bytes(), reported.as_bytes())?)
    })())
}
