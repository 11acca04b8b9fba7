//! `parseResponse` and `responseApiNames` in both builds, with the arguments the parsers and the
//! `Session` class share: a response body, an HTTP status and parse options.
//!
//! Argument checking and conversion only: parsing, verification and the rules are core's.
//! Results are plain JS objects with exactly the JSON shape of the C library's
//! (`ParsedResponse::to_json`), made from that text by [`plain_json`].
//!
//! One function, two builds: the Node build parses every API, verifying signatures with the key
//! (core's `parse_response`); the web build parses only Process Transaction, takes no key, and
//! reads the body with the browser's `JSON.parse` (core's keyless `process_transaction_json`).
//! The differences are the three functions of `node` and `web` below.

use js_sys::Array;
use paytm_checkout::http::http_status;
use paytm_checkout::response::{ParseOptions, MAX_RESPONSE_BYTES};
use paytm_checkout::{Error, ErrorCode};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

pub(crate) use crate::args::plain_json;
use crate::args::{absent, json_arg, names, type_name};
use crate::error::{err, to_js};
#[cfg(feature = "responses")]
use node::{api_arg, api_list, key_arg, parse};
#[cfg(not(feature = "responses"))]
use web::{api_arg, api_list, key_arg, parse};

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

/// An HTTP status: a whole number from 0 (a number already: nothing is coerced). Above 65535 it
/// is no HTTP status (`RESPONSE_HTTP_STATUS`, core's rule, as in C); which statuses each API
/// answers with is core's to judge.
pub(crate) fn status_arg(v: &JsValue) -> Result<u16, Error> {
    match crate::value::number(v) {
        Some(n) if n.fract() == 0.0 && n >= 0.0 => http_status(n as u64),
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
    if absent(v) {
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
    crate::tree::parse(text, crate::web::WEB_API, ErrorCode::ResponseNotJson)
}

/// Parses and verifies Paytm's answer to an API call (its TypeScript and documentation are in
/// `TS_PARSE_TYPES` above, one declaration for both builds: generic over the API).
///
/// The web build parses only `"process_transaction"` (other APIs answer a server, which holds the
/// key: `UNKNOWN_API` here), takes no key (`undefined` or `null`), and reads the body with the
/// browser's `JSON.parse`: a member given twice keeps its last value there (the Node build
/// refuses it). A response with a signed `txnInfo` needs `allowUnsigned: true` in a browser and
/// comes back `verification: "skipped"`: show it, never fulfil an order on it.
#[wasm_bindgen(js_name = parseResponse, skip_typescript)]
pub fn parse_response(
    api: &JsValue,
    http_status: &JsValue,
    body: &JsValue,
    key: &JsValue,
    options: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| {
        let api = api_arg(api)?;
        let status = status_arg(http_status)?;
        let body = body_arg(body)?;
        let key = key_arg(key)?;
        let options = parse_options_arg(options)?;
        plain_json(&parse(&api, status, &body, &key, &options)?)
    })())
}

/// Every API name {@link parseResponse} accepts (the web build's: `["process_transaction"]`).
#[wasm_bindgen(js_name = responseApiNames, unchecked_return_type = "ResponseApiName[]")]
pub fn response_api_names() -> Array {
    names(&api_list())
}

/// The Node build: every API, verified with the key.
#[cfg(feature = "responses")]
mod node {
    use std::rc::Rc;

    use paytm_checkout::response::parse_response;
    use paytm_checkout::{Error, MerchantKey};
    use wasm_bindgen::prelude::*;

    use super::*;
    use crate::args::string_arg;

    pub(super) use crate::key::opt_key_arg as key_arg;
    /// Every API, in the core's order.
    pub(super) fn api_list() -> Vec<&'static str> {
        paytm_checkout::response::RESPONSE_API_NAMES.to_vec()
    }

    /// Core refuses unknown names itself (with the list, and why settlement has none).
    pub(super) fn api_arg(v: &JsValue) -> Result<String, Error> {
        string_arg(v, "api")
    }

    /// Core's parser of every API, as JSON.
    pub(super) fn parse(
        api: &str,
        status: u16,
        body: &[u8],
        key: &Option<Rc<MerchantKey>>,
        options: &ParseOptions,
    ) -> Result<String, Error> {
        Ok(parse_response(api, status, body, key.as_deref(), options)?.to_json())
    }
}

/// The web build: Process Transaction only, without a key.
#[cfg(not(feature = "responses"))]
mod web {
    use paytm_checkout::response::{native_json, process_transaction_json};
    use paytm_checkout::Error;
    use wasm_bindgen::prelude::*;

    use super::*;
    pub(super) use crate::web::web_api_names as api_list;
    use crate::web::{self, no_secret, NoSecret, WEB_API};

    /// `"process_transaction"` or a txnToken helper; any other name is `UNKNOWN_API`.
    pub(super) fn api_arg(v: &JsValue) -> Result<String, Error> {
        web::api_arg(
            v,
            "parses",
            "the others answer your server (the Node build)",
        )
    }

    /// No key: `undefined` or `null`.
    pub(super) fn key_arg(v: &JsValue) -> Result<NoSecret, Error> {
        no_secret(v, "key", "a browser never holds the merchant key")
    }

    /// Core checks the status, size and UTF-8 as for the Node build, then the browser's
    /// JSON.parse makes core's tree; core's keyless entry point links no cipher, no JSON parser
    /// and no other API's types.
    pub(super) fn parse(
        api: &str,
        status: u16,
        body: &[u8],
        _no_key: &NoSecret,
        options: &ParseOptions,
    ) -> Result<String, Error> {
        if api == WEB_API || !crate::web::HELPERS {
            return process_transaction_json(status, body, process_response_tree, options);
        }
        // The helpers' answers are unsigned: nothing for `options` to allow.
        native_json(api, status, body, |text| {
            crate::tree::parse(text, api, ErrorCode::ResponseNotJson)
        })
    }
}
