//! The web build's refusals, one rule each: a browser never holds a secret ([`no_secret`]), and
//! it builds, parses and runs only what the txnToken authenticates ([`only`], [`api_arg`]:
//! Process Transaction, the txnToken helpers of core's `api::native` and the client half of a
//! checkout). What is refused belongs on a server,
//! with the Node build.

use paytm_checkout::{Error, ErrorCode};
use wasm_bindgen::prelude::*;

use crate::args::{absent, string_arg, type_name};
use crate::error::err;

/// The payment API of the web build: the txnToken authenticates it, no secret is involved.
pub(crate) const WEB_API: &str = "process_transaction";

/// Whether this build carries core's txnToken helpers (feature `web-helpers`: over the size
/// budget for now, docs/web-size.md). A constant, so that without it the helpers' code is not
/// linked at all.
pub(crate) const HELPERS: bool = cfg!(feature = "web-helpers");

/// The helpers' names when [`HELPERS`], else none.
fn helper_names() -> &'static [&'static str] {
    if HELPERS {
        paytm_checkout::api::native::NAMES
    } else {
        &[]
    }
}

/// Every API the web build builds and parses: [`WEB_API`], then (with [`HELPERS`]) core's
/// txnToken helpers (fetch payment options, BIN, VPA, EMI, promo, checkout OTP), in core's order.
pub(crate) fn web_api_names() -> Vec<&'static str> {
    let mut v = vec![WEB_API];
    v.extend_from_slice(helper_names());
    v
}

/// What the web build takes where the Node build takes a key or credentials: nothing.
pub(crate) struct NoSecret;

/// The web build takes no secret: `v` (a `what` argument) must be absent, `undefined` or `null`.
pub(crate) fn no_secret(v: &JsValue, what: &str, why: &str) -> Result<NoSecret, Error> {
    if absent(v) {
        return Ok(NoSecret);
    }
    Err(err(
        ErrorCode::InvalidArgument,
        format!(
            "{what}: the web build takes none ({why}); got {}",
            type_name(v)
        ),
    ))
}

/// `given` when it is `allowed`, else `code` with "`refusal` (N characters given); `elsewhere`"
/// (the length only: the name may be anything the caller passed).
pub(crate) fn only(
    given: String,
    allowed: &str,
    code: ErrorCode,
    refusal: &str,
    elsewhere: &str,
) -> Result<String, Error> {
    if given == allowed {
        return Ok(given);
    }
    Err(err(
        code,
        format!("{refusal} ({} characters given); {elsewhere}", given.len()),
    ))
}

/// An `api` argument: [`WEB_API`] or a txnToken helper; any other name is `UNKNOWN_API`, saying
/// what the web build `does` and where the others belong (`elsewhere`).
pub(crate) fn api_arg(v: &JsValue, does: &str, elsewhere: &str) -> Result<String, Error> {
    let given = string_arg(v, "api")?;
    if helper_names().contains(&given.as_str()) {
        return Ok(given);
    }
    only(
        given,
        WEB_API,
        ErrorCode::UnknownApi,
        &format!(
            "api: the web build {does} only {WEB_API} (and the txnToken helpers with web-helpers)"
        ),
        elsewhere,
    )
}
