//! Arguments and results of the response parsers and the Session class.
//!
//! Argument checking and conversion only: parsing and the rules are core's.

use paytm_checkout::response::{ParseOptions, MAX_RESPONSE_BYTES};
use paytm_checkout::{Error, ErrorCode};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::{err, json_arg, type_name};

/// TypeScript of the parsed responses both builds return (wasm-bindgen cannot infer JSON shapes).
#[wasm_bindgen(typescript_custom_section)]
const TS_PARSE_TYPES: &str = r#"
/**
 * A response {@link parseResponse} can parse in this build (`responseApiNames()` lists them):
 * every API in the Node build, only "process_transaction" in the web build.
 * scripts/build-wasm.sh replaces `string` below with the union of this build's names.
 */
export type ResponseApiName = string /* @@RESPONSE_API_NAMES@@ */;
/**
 * A parsed, verified response of API `A` (a union over every API when `A` is the whole
 * {@link ResponseApiName}), discriminated by `api`. `transaction` is present when the response
 * reports a payment: always for {@link PaymentReportingApi}, for Process Transaction when Paytm
 * sent txnInfo; pass it to {@link reconcile}.
 */
export type ParsedResponse<A extends ResponseApiName = ResponseApiName> = {
  [K in A]: {
    api: K;
    httpStatus: number;
    verification: Verification;
    class: ResultClass;
    data: K extends keyof ResponseDataMap ? ResponseDataMap[K] : never;
  } & (K extends PaymentReportingApi
    ? { transaction: TransactionResult }
    : K extends "process_transaction"
      ? { transaction?: TransactionResult }
      : {});
}[A];
/**
 * Parses and verifies Paytm's answer to an API call: exactly the bytes received (`body` as text or
 * raw bytes), the HTTP status and, for signed responses, the merchant key. Signatures are checked
 * over the raw bytes of the `body` member, failures included, before anything is interpreted.
 *
 * - `api`: which API answered ({@link ResponseApiName}). The web build parses Process Transaction:
 *   what to do next is in `data` (a `bankForm` to submit, a `deepLink` to open, or `txnInfo` when
 *   the payment finished at once); other APIs answer your server.
 * - `key`: the merchant key for signed responses; `null`/omitted for unsigned ones. A browser has
 *   none (the web build takes none): there, a response carrying txnInfo parses only with
 *   `{allowUnsigned: true}` and says `verification: "skipped"` (show it; never fulfil an order on
 *   it: your server confirms with Transaction Status).
 * - `options`: {@link ParseOptions}.
 *
 * Business outcomes (a declined payment, a wrong OTP) are results with their `class`; throws a
 * {@link PaytmCheckoutError} when the bytes are unusable: `CHECKSUM_MISMATCH` and the other 2xxx
 * codes for a tampered or unsigned response, `SIGNATURE_MISSING`, `INVALID_CREDENTIALS` (no key,
 * no `allowUnsigned`), `RESPONSE_NOT_JSON`, `RESPONSE_MALFORMED`, `RESPONSE_HTTP_STATUS`,
 * `INPUT_TOO_LARGE` (over 1 MiB), `UNKNOWN_API`, `INVALID_ARGUMENT`. The web build reads the body
 * with the browser's `JSON.parse`: a member given twice keeps its last value (the Node build
 * refuses it).
 */
export function parseResponse<A extends ResponseApiName>(
  api: A,
  httpStatus: number,
  body: string | Uint8Array,
  key?: Key | null,
  options?: ParseOptions | null,
): ParsedResponse<A>;
"#;

/// Plain JS data from JSON text core produced: `JSON.parse`, which gives exactly the C library's
/// JSON shape (same members, `null`s, plain objects, numbers).
///
/// Not serde-wasm-bindgen, on purpose (measured, see the package README): core already
/// serializes these types to JSON for the C library, so this costs no extra code in the .wasm,
/// while serde-wasm-bindgen instantiates a second serializer for every response type (+27 KB raw
/// in the web build for Process Transaction alone) and is slower on these objects (one JS call per
/// member vs one `JSON.parse`).
pub(crate) fn plain_json(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text)
        .map_err(|_| err(ErrorCode::InvalidArgument, "result could not be converted"))
}

/// A response or callback body: a string or `String` object (its UTF-8 bytes) or a Uint8Array
/// (the bytes as received, which may be invalid UTF-8: core says so). Bounded before the copy.
pub(crate) fn body_arg(v: &JsValue) -> Result<Zeroizing<Vec<u8>>, Error> {
    let too_large = || {
        err(
            ErrorCode::InputTooLarge,
            format!("body is larger than {MAX_RESPONSE_BYTES} bytes, the most a response may be"),
        )
    };
    if let Some(s) = crate::value::string(v) {
        // A string of more UTF-16 units than the limit has more UTF-8 bytes than the limit.
        if s.length() as usize > MAX_RESPONSE_BYTES {
            return Err(too_large());
        }
        return Ok(Zeroizing::new(
            s.as_string().unwrap_or_default().into_bytes(),
        ));
    }
    match crate::value::bytes(v, MAX_RESPONSE_BYTES) {
        Some(Ok(bytes)) => return Ok(Zeroizing::new(bytes)),
        Some(Err(_)) => return Err(too_large()),
        None => {}
    }
    Err(err(
        ErrorCode::InvalidArgument,
        format!(
            "body must be a string or a Uint8Array, got {}",
            type_name(v)
        ),
    ))
}

/// An HTTP status: an integer from 0 to 65535 (core judges which ones each API answers with).
pub(crate) fn status_arg(v: &JsValue) -> Result<u16, Error> {
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=65535.0).contains(&n) => Ok(n as u16),
        _ => Err(err(
            ErrorCode::InvalidArgument,
            format!(
                "httpStatus must be an integer from 0 to 65535, got {}",
                type_name(v)
            ),
        )),
    }
}

/// `{allowUnsigned?}` (or its JSON text), or undefined/null for the defaults; core checks it
/// (an unknown member is refused, so a typo never turns verification off or on silently).
pub(crate) fn parse_options_arg(v: &JsValue) -> Result<ParseOptions, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(ParseOptions::default());
    }
    let text = json_arg(v, "options")?;
    #[cfg(feature = "process")]
    return ParseOptions::from_tree(&crate::tree::parse(
        &text,
        "parse options",
        ErrorCode::InvalidArgument,
    )?);
    #[cfg(not(feature = "process"))]
    ParseOptions::from_json(text.as_bytes())
}

#[cfg(feature = "process")]
/// A Process Transaction response body as core's tree, read by the browser's `JSON.parse`: one
/// function (not a closure per caller), so core's keyless parser is instantiated once for
/// `parseResponse` and the Session.
pub(crate) fn process_response_tree(text: &str) -> Result<paytm_checkout::input::Json, Error> {
    crate::tree::parse(text, crate::WEB_API, ErrorCode::ResponseNotJson)
}

#[cfg(all(feature = "process", not(feature = "responses")))]
/// The web build's response parser: Process Transaction only, without a key.
///
/// - `api`: `"process_transaction"`. Other APIs answer a server, which holds the key and uses
///   the Node build: here they throw `UNKNOWN_API`.
/// - `httpStatus`, `body`: as received (`body` a string or a Uint8Array).
/// - `key`: must be absent (`undefined` or `null`): a browser never holds the merchant key.
/// - `options`: `{allowUnsigned}`. A response with a signed `txnInfo` (wallet, postpaid: the
///   payment finished at once) needs `allowUnsigned: true` here and comes back
///   `verification: "skipped"`: show it, never fulfil an order on it; the server confirms with
///   Transaction Status. A bank form or deep link is unsigned by design (`"unsigned"`).
///
/// Returns the same plain object as the Node build (core's JSON of a parsed response). Throws a
/// {@link PaytmCheckoutError} with core's code (`RESPONSE_MALFORMED`, `SIGNATURE_MISSING`,
/// `RESPONSE_NOT_JSON`...). The body is read with the browser's `JSON.parse`: a member given twice
/// keeps its last value here (the Node build refuses it); nothing is verified in a browser.
#[wasm_bindgen(js_name = parseResponse, skip_typescript)]
pub fn parse_response_web(
    api: &JsValue,
    http_status: &JsValue,
    body: &JsValue,
    key: &JsValue,
    options: &JsValue,
) -> Result<JsValue, JsValue> {
    use crate::WEB_API;
    use paytm_checkout::response::process_transaction_json;
    crate::to_js((|| {
        let api = crate::string_arg(api, "api")?;
        if api != WEB_API {
            return Err(err(
                ErrorCode::UnknownApi,
                format!(
                    "api: the web build parses only {WEB_API} ({} characters given); the others \
                     answer your server (the Node build)",
                    api.len()
                ),
            ));
        }
        crate::no_secret(key, "key", "a browser never holds the merchant key")?;
        let status = status_arg(http_status)?;
        let body = body_arg(body)?;
        let options = parse_options_arg(options)?;
        // Core checks the status, size and UTF-8 as for the Node build, then the browser's
        // JSON.parse makes core's tree; core's keyless entry point links no cipher, no JSON
        // parser and no other API's types.
        plain_json(&process_transaction_json(
            status,
            &body,
            process_response_tree,
            &options,
        )?)
    })())
}

#[cfg(all(feature = "process", not(feature = "responses")))]
/// Every API name {@link parseResponse} accepts in the web build: `["process_transaction"]`.
#[wasm_bindgen(js_name = responseApiNames, unchecked_return_type = "ResponseApiName[]")]
pub fn response_api_names() -> js_sys::Array {
    std::iter::once(JsValue::from_str(crate::WEB_API)).collect()
}
