//! How the sandbox reads requests and writes answers, as Paytm does: the signed `{head, body}`
//! envelope (the signature checked over the exact bytes of the `body` member, found with
//! serde_json's `RawValue`; every signed answer signed over the exact body text it sends), the
//! `resultInfo` triple, the head's `version` echoed back, form and query fields, TXNDATE, and the
//! random tokens it hands out.
//!
//! Nothing here knows an order: the API families build on it.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use paytm_checkout::MerchantKey;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::state::Shared;

/// `200`, `application/json`, exactly `text`.
pub(super) fn json_response(text: String) -> Response {
    json_status(StatusCode::OK, text)
}

/// `status`, `application/json`, exactly `text`.
pub(super) fn json_status(status: StatusCode, text: impl Into<String>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        text.into(),
    )
        .into_response()
}

/// `status`, `text/html; charset=utf-8`, exactly `text`.
pub(super) fn html_response(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The fields of a query string (none when there is no query).
pub(super) fn query(raw: &Option<String>) -> HashMap<String, String> {
    raw.as_deref()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

/// The fields of a form-encoded body.
pub(super) fn form(body: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// The customer's choice posted by a sandbox page (`action=approve|decline`); `None` for
/// anything else (answer it with [`choice_refused`]).
pub(super) fn approval(fields: &HashMap<String, String>) -> Option<bool> {
    match fields.get("action").map(String::as_str) {
        Some("approve") => Some(true),
        Some("decline") => Some(false),
        _ => None,
    }
}

/// The page refusing a post without a choice: titled `title`, saying what `who` needs (`400`,
/// nothing changed).
pub(super) fn choice_refused(title: &str, who: &str) -> Response {
    let why = format!("{who} needs action=approve or action=decline. Nothing was changed.");
    html_response(
        StatusCode::BAD_REQUEST,
        crate::html::page(title, &why, "", false),
    )
}

tokio::task_local! {
    /// The `head.version` of the request being answered (see [`echo_request_version`]).
    static REQUEST_VERSION: String;
}

/// The head's `version` when a request carries none (or is not a JSON envelope).
const DEFAULT_VERSION: &str = "v1";

/// The longest `head.version` echoed; a longer one is answered with [`DEFAULT_VERSION`].
const MAX_VERSION_LEN: usize = 16;

/// The `head.version` a request body carries, if it is a `{"head":{"version":"…"}}` envelope
/// with a short version string.
fn version_of(bytes: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Head {
        version: Option<String>,
    }
    #[derive(Deserialize)]
    struct WithHead {
        head: Option<Head>,
    }
    let version = serde_json::from_slice::<WithHead>(bytes)
        .ok()?
        .head?
        .version?;
    (!version.is_empty() && version.len() <= MAX_VERSION_LEN).then_some(version)
}

/// Middleware: every reply's head says the `version` its request's head carried, as Paytm's
/// docs say ("the version passed in the request"), `v1` when absent. Paytm's SDKs send `v2`.
pub(super) async fn echo_request_version(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    // The serve loop has already read the whole body (bounded): this only takes it back.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return json_status(StatusCode::BAD_REQUEST, r#"{"error":"unreadable body"}"#);
    };
    let version = version_of(&bytes).unwrap_or_else(|| DEFAULT_VERSION.to_owned());
    let req = Request::from_parts(parts, Body::from(bytes));
    REQUEST_VERSION.scope(version, next.run(req)).await
}

fn head_text(now: u64, signature: Option<&str>) -> String {
    let version = REQUEST_VERSION
        .try_with(|v| serde_json::to_string(v).unwrap_or_default())
        .unwrap_or_else(|_| format!("\"{DEFAULT_VERSION}\""));
    let mut h = format!(
        r#"{{"responseTimestamp":"{}","version":{version}"#,
        now / 1000
    );
    if let Some(s) = signature {
        h.push_str(&format!(r#","signature":"{s}""#));
    }
    h.push('}');
    h
}

/// `{"head":{…,"signature":S},"body":BODY}`: S signs exactly the body text sent.
pub(super) fn signed(key: &MerchantKey, now: u64, body: &str) -> String {
    let sig = key.generate(body.as_bytes()).unwrap_or_default();
    format!(r#"{{"head":{},"body":{body}}}"#, head_text(now, Some(&sig)))
}

/// `{"head":{…},"body":BODY}` without a signature.
pub(super) fn unsigned(now: u64, body: &str) -> String {
    format!(r#"{{"head":{},"body":{body}}}"#, head_text(now, None))
}

/// [`signed`] `body` as the answer.
pub(super) fn signed_reply(key: &MerchantKey, now: u64, body: &Value) -> Response {
    json_response(signed(key, now, &body.to_string()))
}

/// [`unsigned`] `body` as the answer.
pub(super) fn unsigned_reply(now: u64, body: &Value) -> Response {
    json_response(unsigned(now, &body.to_string()))
}

/// A `resultInfo`: `{resultStatus, resultCode, resultMsg}`.
pub(super) fn ri(status: &str, code: &str, msg: &str) -> Value {
    json!({"resultStatus": status, "resultCode": code, "resultMsg": msg})
}

/// A signed JSON request, as Paytm reads it.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    head: Option<&'a RawValue>,
    #[serde(borrow)]
    body: &'a RawValue,
}

/// What [`check_signed`] found.
pub(super) enum Checked {
    /// The body (parsed) and the raw body text, signature verified with the MID's key.
    Ok {
        body: Value,
        key: MerchantKey,
        mid: String,
    },
    /// The MID is unknown: nothing to verify or sign with.
    UnknownMid,
    /// The request is not `{head, body}` JSON, or a member is missing.
    Malformed(&'static str),
    /// The signature does not verify over the body's bytes (the MID's key, to sign the answer).
    BadSignature { key: MerchantKey, body: Value },
}

/// Verifies `head.signature` over the exact bytes of the `body` member, with the key of the
/// body's `mid` (or `mid_hint` from the query).
pub(super) fn check_signed(shared: &Shared, bytes: &[u8], mid_hint: Option<&str>) -> Checked {
    let Ok(env) = serde_json::from_slice::<Envelope<'_>>(bytes) else {
        return Checked::Malformed("the request is not {\"head\":…,\"body\":…} JSON");
    };
    let raw_body = env.body.get();
    let Ok(body) = serde_json::from_str::<Value>(raw_body) else {
        return Checked::Malformed("body is not JSON");
    };
    let signature = env
        .head
        .and_then(|h| serde_json::from_str::<Value>(h.get()).ok())
        .and_then(|h| {
            h.get("signature")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
    let mid = body
        .get("mid")
        .and_then(Value::as_str)
        .or(mid_hint)
        .unwrap_or("")
        .to_owned();
    let Some(key) = shared.merchants.get(&mid).cloned() else {
        return Checked::UnknownMid;
    };
    match signature {
        Some(s) if key.verify(raw_body.as_bytes(), s.as_bytes()) => Checked::Ok { body, key, mid },
        _ => Checked::BadSignature { key, body },
    }
}

/// The verified body and the MID's key of a signed request (the MID named in its body), or the
/// text of the answer to one that cannot be served: `bad_signature` of the request body, signed
/// with the MID's key, for a signature that does not verify; `invalid`, unsigned, for an unknown
/// MID or a malformed request.
pub(super) fn verified(
    shared: &Shared,
    bytes: &[u8],
    now: u64,
    bad_signature: impl FnOnce(&Value) -> Value,
    invalid: Value,
) -> Result<(Value, MerchantKey), String> {
    match check_signed(shared, bytes, None) {
        Checked::Ok { body, key, .. } => Ok((body, key)),
        Checked::BadSignature { key, body } => {
            Err(signed(&key, now, &bad_signature(&body).to_string()))
        }
        Checked::UnknownMid | Checked::Malformed(_) => Err(unsigned(now, &invalid.to_string())),
    }
}

/// [`verified`] with the answers most of Paytm's APIs give: `F 2005` (signed) for a bad
/// signature, `F 1001` for anything else.
pub(super) fn verified_or_f(
    shared: &Shared,
    bytes: &[u8],
    now: u64,
) -> Result<(Value, MerchantKey), String> {
    verified(
        shared,
        bytes,
        now,
        |_| json!({"resultInfo": ri("F", "2005", "Checksum provided is invalid")}),
        json!({"resultInfo": ri("F", "1001", "Request parameters are not valid")}),
    )
}

/// Answers a signed request about an order (one [`verified_or_f`] refuses is answered so):
/// `answer` is given the verified body, the order it names ([`order_named`]), the MID's key
/// and sandbox time.
pub(super) fn about_order(
    sh: &Shared,
    bytes: &[u8],
    answer: impl FnOnce(&Value, (String, String), &MerchantKey, u64) -> Response,
) -> Response {
    let now = sh.now();
    match verified_or_f(sh, bytes, now) {
        Ok((body, key)) => answer(&body, order_named(&body), &key, now),
        Err(refusal) => json_response(refusal),
    }
}

/// The string member `k` of `v` ("" when absent or not a string).
pub(super) fn str_of<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// The (mid, orderId) a request body names: the key its order is kept under.
pub(super) fn order_named(body: &Value) -> (String, String) {
    (
        str_of(body, "mid").to_owned(),
        str_of(body, "orderId").to_owned(),
    )
}

/// `bytes` random bytes as lowercase hex (tokens, OAuth states).
pub(super) fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    if getrandom::fill(&mut b).is_err() {
        // No OS randomness: the sandbox still works, tokens are merely guessable.
        for (i, x) in b.iter_mut().enumerate() {
            *x = (i as u8).wrapping_mul(37);
        }
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// `YYYY-MM-DD hh:mm:ss.0` (UTC) of a sandbox time, as Paytm formats TXNDATE.
pub fn txn_date(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.0",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn txn_dates_are_utc_civil_dates() {
        assert_eq!(super::txn_date(1_700_000_000_000), "2023-11-14 22:13:20.0");
        assert_eq!(super::txn_date(0), "1970-01-01 00:00:00.0");
        assert_eq!(super::txn_date(951_782_400_000), "2000-02-29 00:00:00.0");
    }
}
