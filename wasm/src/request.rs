//! `buildRequest` and `apiNames`: a Paytm API's HTTP request, signed over the exact bytes it
//! carries, in both builds.
//!
//! One function, two builds: the Node build builds every API with the credentials each needs
//! (core's `build_request`, JSON read by serde_json); the web build builds only Process
//! Transaction, which the txnToken authenticates, refuses any secret, and reads its JSON with the
//! browser's `JSON.parse` (see `tree`). The differences are the three functions of `node` and
//! `web` below: which API names pass, what the credentials argument may be, and how the request
//! is built.

use js_sys::Array;
use paytm_checkout::{BuildOptions, Error, HttpRequest};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::args::{absent, json_arg, names, to_plain};
use crate::error::to_js;

#[cfg(feature = "requests")]
pub(crate) use node::credentials_arg;
#[cfg(feature = "requests")]
use node::{api_arg, api_list, build};
#[cfg(not(feature = "requests"))]
use web::{api_arg, api_list, build, credentials_arg};

/// The request types: in the node build (every API) and the web build (process_transaction).
#[wasm_bindgen(typescript_custom_section)]
const TS_REQUEST_TYPES: &str = r#"
/**
 * The name of a Paytm API {@link buildRequest} can build in this build (`apiNames()` lists them):
 * every API in the Node build, only the txnToken-based "process_transaction" in the web build.
 * scripts/build-wasm.sh replaces `string` below with the union of this build's names.
 */
export type ApiName = string /* @@API_NAMES@@ */;
/** The input object of an API: Paytm's own camelCase member names (see the core's API docs). */
export type RequestParams = { [member: string]: unknown };
"#;

/// Credentials exist only in the node build: the web build never takes a secret.
#[cfg(feature = "requests")]
#[wasm_bindgen(typescript_custom_section)]
const TS_CREDENTIALS: &str = r#"
/**
 * The secrets a request may need; each API takes only what it uses and throws
 * `INVALID_CREDENTIALS` when one is missing. **A browser never needs the merchant key**: the
 * txnToken-based APIs (`process_transaction`) build without any credentials. Signing APIs
 * (initiate, status, refund...) belong on a server.
 */
export interface Credentials {
  /** The merchant key (checksums): its UTF-8 text or raw bytes, 16, 24 or 32 bytes. */
  merchantKey?: Key;
  /** The client id (auto-debit, consult, payment requests, settlement). */
  clientId?: string;
  /** The client secret (auto-debit OAuth Basic auth, settlement JWT). */
  clientSecret?: string;
}
"#;

/// The web build's `buildRequest` takes no credentials.
#[cfg(not(feature = "requests"))]
#[wasm_bindgen(typescript_custom_section)]
const TS_NO_CREDENTIALS: &str = r#"
/**
 * The web build's {@link buildRequest} takes no credentials: a browser never holds the merchant
 * key or a client secret (`process_transaction` needs only the txnToken).
 */
export type NoCredentials = null;
/** The web build takes no key: {@link parseResponse}'s `key` is `null` (a browser never holds one). */
export type Key = never;
"#;

/// Core build options from `{environment?, salt?}` (or undefined/null: the defaults), read by core;
/// every malformed options object is `INVALID_ARGUMENT`, with core's message naming the member.
fn options_arg(v: &JsValue) -> Result<BuildOptions, Error> {
    if absent(v) {
        return Ok(BuildOptions::default());
    }
    let text = json_arg(v, "options")?;
    #[cfg(feature = "requests")]
    return BuildOptions::from_argument(text.as_bytes());
    #[cfg(not(feature = "requests"))]
    BuildOptions::from_argument_tree(&crate::tree::parse(
        &text,
        "options",
        paytm_checkout::ErrorCode::InvalidArgument,
    )?)
}

/// `buildRequest`: one function for both builds, whose `credentials` differ only in their
/// TypeScript type (a macro for that one string: wasm-bindgen reads a parameter's attributes
/// before `cfg_attr` is applied).
macro_rules! build_request {
    ($credentials:tt) => {
        /// Builds the HTTP request of a Paytm API, signed over the exact bytes it carries.
        ///
        /// - `api`: which API (see {@link ApiName} and `apiNames()`). The web build builds only
        ///   `"process_transaction"`, which pays an initiated transaction with the txnToken your
        ///   server got from Initiate Transaction; signed APIs (initiate, status, refund...) throw
        ///   `UNKNOWN_API` there: they need the merchant key and belong on a server, with the
        ///   Node build.
        /// - `params`: the API's input object with Paytm's own camelCase member names (or its
        ///   JSON text), e.g. for `"initiate_transaction"` `{mid, orderId, websiteName,
        ///   txnAmount: {value: "1"}, userInfo: {custId}, callbackUrl}`, for
        ///   `"process_transaction"` `{txnToken, mid, orderId, paymentMode: "UPI_INTENT"}`.
        /// - `credentials`: what the API needs (see {@link Credentials}); omit it for
        ///   `process_transaction`, which a browser builds with only the txnToken. The web build
        ///   takes none (`undefined` or `null`): a browser never holds a secret.
        /// - `options`: `{environment, salt}`; production and a random salt by default.
        ///
        /// Returns a plain {@link HttpRequest} to send as it is (`fetch(req.url, {method:
        /// req.method, headers: req.headers, body: req.body || undefined})`). Throws a
        /// {@link PaytmCheckoutError}: the failing member's code (`MISSING_FIELD`,
        /// `INVALID_ORDER_ID`...), `INVALID_CREDENTIALS`, `INVALID_ARGUMENT` for arguments of the
        /// wrong type. Messages name members, never values.
        #[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "HttpRequest")]
        pub fn build_request(
            #[wasm_bindgen(unchecked_param_type = "ApiName")] api: &JsValue,
            #[wasm_bindgen(unchecked_param_type = "RequestParams | string")] params: &JsValue,
            #[wasm_bindgen(unchecked_optional_param_type = $credentials)] credentials: &JsValue,
            #[wasm_bindgen(unchecked_optional_param_type = "BuildOptions | null")]
            options: &JsValue,
        ) -> Result<JsValue, JsValue> {
            to_js((|| {
                let api = api_arg(api)?;
                let params = Zeroizing::new(json_arg(params, "params")?);
                let credentials = credentials_arg(credentials)?;
                let options = options_arg(options)?;
                to_plain(&build(&api, &params, &credentials, &options)?)
            })())
        }
    };
}

#[cfg(feature = "requests")]
build_request!("Credentials | null");
#[cfg(not(feature = "requests"))]
build_request!("NoCredentials");

/// Every API name {@link buildRequest} accepts, in the core's order (the web build's:
/// `["process_transaction"]`).
#[wasm_bindgen(js_name = apiNames, unchecked_return_type = "ApiName[]")]
pub fn api_names() -> Array {
    names(&api_list())
}

/// The Node build: every API, with credentials.
#[cfg(feature = "requests")]
mod node {
    use paytm_checkout::{Credentials, Error, ErrorCode, MerchantKey as CoreKey};
    use wasm_bindgen::prelude::*;
    use zeroize::Zeroizing;

    use super::*;
    use crate::args::{string_arg, type_name};
    use crate::error::err;
    use crate::key::key_arg;
    use crate::value;

    /// Every API, in the core's order.
    pub(super) fn api_list() -> Vec<&'static str> {
        paytm_checkout::api::API_NAMES.to_vec()
    }

    /// Core refuses unknown names itself, with the list.
    pub(super) fn api_arg(v: &JsValue) -> Result<String, Error> {
        string_arg(v, "api")
    }

    /// A property of a credentials object: `undefined`/`null` is absent.
    fn property(o: &JsValue, name: &str) -> Result<Option<JsValue>, Error> {
        let v = js_sys::Reflect::get(o, &JsValue::from_str(name)).map_err(|_| {
            err(
                ErrorCode::InvalidArgument,
                format!("credentials: reading {name} threw"),
            )
        })?;
        Ok((!absent(&v)).then_some(v))
    }

    /// Core credentials from `{merchantKey?, clientId?, clientSecret?}` (or undefined/null:
    /// none); the key is read as every key is ([`key_arg`]: text, bytes or a `MerchantKey`).
    pub(crate) fn credentials_arg(v: &JsValue) -> Result<Credentials, Error> {
        if absent(v) {
            return Ok(Credentials::default());
        }
        if !v.is_object() || v.is_function() || value::is_array(v)? {
            return Err(err(
                ErrorCode::InvalidArgument,
                format!(
                    "credentials must be an object {{merchantKey?, clientId?, clientSecret?}}, \
                     got {}",
                    type_name(v)
                ),
            ));
        }
        let key = match property(v, "merchantKey")? {
            Some(k) => Some(CoreKey::clone(&*key_arg(&k)?)),
            None => None,
        };
        let client_id = match property(v, "clientId")? {
            Some(id) => Some(string_arg(&id, "credentials.clientId")?),
            None => None,
        };
        let client_secret = match property(v, "clientSecret")? {
            Some(secret) => Some(Zeroizing::new(string_arg(
                &secret,
                "credentials.clientSecret",
            )?)),
            None => None,
        };
        Credentials::from_parts(
            key,
            client_id.as_deref(),
            client_secret.as_deref().map(String::as_str),
        )
    }

    /// Core's builder of every API.
    pub(super) fn build(
        api: &str,
        params: &str,
        credentials: &Credentials,
        options: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        paytm_checkout::build_request(api, params.as_bytes(), credentials, options)
    }
}

/// The web build: Process Transaction only, no secret.
#[cfg(not(feature = "requests"))]
mod web {
    use paytm_checkout::api::process::ProcessTransaction;
    use paytm_checkout::{Error, ErrorCode};
    use wasm_bindgen::prelude::*;

    use super::*;
    pub(super) use crate::web::web_api_names as api_list;
    use crate::web::{self, no_secret, NoSecret};

    /// `"process_transaction"` or a txnToken helper; any other name is `UNKNOWN_API`.
    pub(super) fn api_arg(v: &JsValue) -> Result<String, Error> {
        web::api_arg(
            v,
            "builds",
            "signed APIs belong on a server (the Node build)",
        )
    }

    /// No credentials: `undefined` or `null`.
    pub(super) fn credentials_arg(v: &JsValue) -> Result<NoSecret, Error> {
        no_secret(
            v,
            "credentials",
            "process_transaction needs only the txnToken",
        )
    }

    /// The request of Process Transaction or a txnToken helper: the browser's JSON.parse into
    /// core's tree, read by core (see `tree`).
    pub(super) fn build(
        api: &str,
        params: &str,
        _no_credentials: &NoSecret,
        options: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let env = &options.environment;
        let tree = crate::tree::parse(params, api, ErrorCode::InvalidParams)?;
        if crate::web::HELPERS {
            if let Some(built) = paytm_checkout::api::native::build_tree(api, &tree, env) {
                return built;
            }
        }
        ProcessTransaction::from_tree(&tree)?.build(env)
    }
}
