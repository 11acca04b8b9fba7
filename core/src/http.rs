//! HTTP requests as plain data: where to send them ([`Environment`]), what to send
//! ([`HttpRequest`]), and the two ways Paytm requests are signed (a JSON `head.signature` over the
//! exact body bytes, or a map-mode `CHECKSUMHASH`).
//!
//! This module never sends anything. A host takes an [`HttpRequest`] and sends its method, URL,
//! headers and body exactly as they are.
//!
//! **Sign the bytes you send.** [`signed_json`] serializes the body once, signs those bytes and
//! splices the same bytes into `{"head":{…,"signature":S},"body":…}`; nothing is re-serialized
//! after signing, so no serializer difference (key order, escaping, number format) can make the
//! signature cover other bytes than the ones on the wire.

use core::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use crate::checksum::{MerchantKey, Salt};
use crate::error::{Error, ErrorCode, Result};
use crate::types::check_url;

/// Where Paytm lives. The current `paytmpayments.com` hosts are the default
/// ([`Environment::Staging`] / [`Environment::Production`]); the legacy `paytm.in` hosts still
/// answer for existing integrations; a custom base URL serves proxies and local sandboxes.
///
/// | variant | payment gateway host | OAuth host (auto-debit) |
/// | --- | --- | --- |
/// | `Staging` (JSON `"staging"`) | `https://securestage.paytmpayments.com` | `https://accounts-uat.paytm.com` |
/// | `Production` (`"production"`, default) | `https://secure.paytmpayments.com` | `https://accounts.paytm.com` |
/// | `LegacyStaging` (`"legacy-staging"`) | `https://securegw-stage.paytm.in` | `https://accounts-uat.paytm.com` |
/// | `LegacyProduction` (`"legacy-production"`) | `https://securegw.paytm.in` | `https://accounts.paytm.com` |
/// | `Custom(base)` (`{"custom":"http://127.0.0.1:8080"}`) | `base` | `base` |
///
/// A custom base may be `http://` (a local sandbox); every other URL this crate builds is https.
///
/// ```
/// use paytm_checkout::http::Environment;
/// assert_eq!(Environment::default().pg_base(), "https://secure.paytmpayments.com");
/// assert_eq!(Environment::Staging.oauth_base(), "https://accounts-uat.paytm.com");
/// let sandbox = Environment::custom("http://127.0.0.1:8080/")?;
/// assert_eq!(sandbox.pg_base(), "http://127.0.0.1:8080");
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Environment {
    /// `securestage.paytmpayments.com`.
    Staging,
    /// `secure.paytmpayments.com`.
    #[default]
    Production,
    /// `securegw-stage.paytm.in`.
    LegacyStaging,
    /// `securegw.paytm.in`.
    LegacyProduction,
    /// A base URL of your choice (no trailing slash), for every API.
    #[serde(deserialize_with = "de_custom")]
    Custom(String),
}

fn de_custom<'de, D: serde::Deserializer<'de>>(d: D) -> core::result::Result<String, D::Error> {
    let s = String::deserialize(d)?;
    Environment::custom(&s)
        .map(|e| e.pg_base().to_owned())
        .map_err(crate::input::serde_error::raise)
}

impl Environment {
    /// The optional `environment` member of an input read from a JSON tree: `"staging"`,
    /// `"production"` (the default), `"legacy-staging"`, `"legacy-production"` or
    /// `{"custom":"https://…"}` — the names its `Deserialize` reads.
    pub(crate) fn read_member(o: &crate::input::Obj<'_>) -> Result<Environment> {
        use crate::input::Json;
        const NAMED: &[(&str, u8)] = &[
            ("staging", 0),
            ("production", 1),
            ("legacy-staging", 2),
            ("legacy-production", 3),
        ];
        Ok(match o.raw("environment") {
            None => Environment::default(),
            Some(Json::Obj(_)) => match o.obj("environment", &["custom"])? {
                Some(custom) => Environment::custom(custom.req_str("custom")?)
                    .map_err(|e| o.placed("environment.custom", e))?,
                None => Environment::default(),
            },
            Some(_) => match o.req_choice("environment", NAMED)? {
                0 => Environment::Staging,
                2 => Environment::LegacyStaging,
                3 => Environment::LegacyProduction,
                _ => Environment::Production,
            },
        })
    }

    /// A custom base URL: `http(s)://host[:port][/prefix]`; a trailing `/` is dropped.
    pub fn custom(base: &str) -> Result<Environment> {
        let base = base.strip_suffix('/').unwrap_or(base);
        check_url("environment.custom", base, true)?;
        if base.contains(['?', '#']) {
            return Err(Error::with_message(
                ErrorCode::InvalidUrl,
                "environment.custom: a base URL cannot have a query or fragment",
            ));
        }
        Ok(Environment::Custom(base.to_owned()))
    }

    /// The payment gateway base URL (no trailing slash).
    pub fn pg_base(&self) -> &str {
        match self {
            Environment::Staging => "https://securestage.paytmpayments.com",
            Environment::Production => "https://secure.paytmpayments.com",
            Environment::LegacyStaging => "https://securegw-stage.paytm.in",
            Environment::LegacyProduction => "https://securegw.paytm.in",
            Environment::Custom(b) => b,
        }
    }

    /// The OAuth base URL of the auto-debit account-linking APIs (no trailing slash).
    pub fn oauth_base(&self) -> &str {
        match self {
            Environment::Staging | Environment::LegacyStaging => "https://accounts-uat.paytm.com",
            Environment::Production | Environment::LegacyProduction => "https://accounts.paytm.com",
            Environment::Custom(b) => b,
        }
    }

    /// True for the two staging environments.
    pub fn is_staging(&self) -> bool {
        matches!(self, Environment::Staging | Environment::LegacyStaging)
    }
}

crate::names::named! {
    /// An HTTP method.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Method {
        /// GET.
        Get = "GET",
        /// POST.
        Post = "POST",
        /// DELETE.
        Delete = "DELETE",
    }
}

impl Method {
    /// `GET`, `POST` or `DELETE`.
    pub fn as_str(self) -> &'static str {
        crate::names::Named::name(self)
    }
}

/// `application/json`.
pub const CONTENT_TYPE_JSON: &str = "application/json";
/// `application/x-www-form-urlencoded`.
pub const CONTENT_TYPE_FORM: &str = "application/x-www-form-urlencoded";

/// A complete HTTP request, ready to send as-is.
///
/// `headers` is complete and ordered (it includes `Content-Type` when there is a body);
/// `content_type` repeats that value for hosts whose HTTP client sets it separately.
///
/// Serialized (for C and JS) as
/// `{"method":"POST","url":"…","headers":[["Content-Type","application/json"]],"contentType":"…","body":"…"}`
/// with the body as a UTF-8 string (every body this crate builds is text).
///
/// Debug and [`HttpRequest::to_curl`] are for people: they show signatures but replace
/// credentials (Basic auth, session tokens), card data and tokens with `<redacted>`. The body is
/// zeroized when the request is dropped, since it may hold card data.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The full URL, query percent-encoded.
    pub url: String,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// The exact body bytes (empty when there is no body).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub body: Vec<u8>,
    /// The body's media type, when there is a body.
    pub content_type: Option<String>,
    /// Substrings hidden from Debug and `to_curl` (never serialized).
    #[cfg_attr(feature = "ts", ts(skip))]
    redact: Vec<String>,
}

impl HttpRequest {
    /// A request without body or headers.
    pub fn new(method: Method, url: impl Into<String>) -> HttpRequest {
        HttpRequest {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
            content_type: None,
            redact: Vec::new(),
        }
    }

    /// Sets a JSON body and its `Content-Type` header.
    pub fn with_json(mut self, body: Vec<u8>) -> HttpRequest {
        self.set_body(body, CONTENT_TYPE_JSON);
        self
    }

    /// Sets a form body from name/value pairs, percent-encoded as
    /// `application/x-www-form-urlencoded` (see [`form_encode`]).
    pub fn with_form<'a>(
        mut self,
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> HttpRequest {
        let body = form_encode(fields);
        self.set_body(body.into_bytes(), CONTENT_TYPE_FORM);
        self
    }

    fn set_body(&mut self, body: Vec<u8>, content_type: &str) {
        self.body = body;
        self.content_type = Some(content_type.to_owned());
        self.headers
            .push(("Content-Type".to_owned(), content_type.to_owned()));
    }

    /// Appends a header.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> HttpRequest {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Appends a header whose value is a credential: hidden from Debug and `to_curl`.
    pub fn with_secret_header(mut self, name: &str, value: impl Into<String>) -> HttpRequest {
        let value = value.into();
        self.redact.push(value.clone());
        self.headers.push((name.to_owned(), value));
        self
    }

    /// Marks a substring (card data, a token) to hide from Debug and `to_curl`.
    pub fn redacting(mut self, secret: impl Into<String>) -> HttpRequest {
        let s = secret.into();
        if !s.is_empty() {
            self.redact.push(s);
        }
        self
    }

    /// The value of the first header called `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (every body this crate builds is UTF-8).
    pub fn body_str(&self) -> Option<&str> {
        core::str::from_utf8(&self.body).ok()
    }

    fn hide(&self, text: &str) -> String {
        let mut out = text.to_owned();
        // Longest first, so a secret that contains another is hidden whole.
        let mut secrets: Vec<&String> = self.redact.iter().collect();
        secrets.sort_by_key(|s| core::cmp::Reverse(s.len()));
        for s in secrets {
            out = out.replace(s.as_str(), "<redacted>");
        }
        out
    }

    /// A `curl` command line that sends this request, for debugging. Signatures are shown;
    /// credentials, tokens and card data are replaced by `<redacted>`, so the command is safe to
    /// paste into a ticket (and will not authenticate as it stands).
    pub fn to_curl(&self) -> String {
        let mut out = format!(
            "curl -X {} {}",
            self.method.as_str(),
            shell_quote(&self.hide(&self.url))
        );
        for (k, v) in &self.headers {
            out.push_str(" -H ");
            out.push_str(&shell_quote(&format!("{k}: {}", self.hide(v))));
        }
        if !self.body.is_empty() {
            out.push_str(" --data-raw ");
            out.push_str(&shell_quote(
                &self.hide(&String::from_utf8_lossy(&self.body)),
            ));
        }
        out
    }

    /// The request as JSON (see the type's docs for the shape).
    pub fn to_json(&self) -> String {
        // Strings and arrays of strings only: cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Drop for HttpRequest {
    fn drop(&mut self) {
        self.body.zeroize();
        self.redact.zeroize();
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), self.hide(v)))
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.hide(&self.url))
            .field("headers", &headers)
            .field("body", &self.hide(&String::from_utf8_lossy(&self.body)))
            .finish()
    }
}

impl Serialize for HttpRequest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("HttpRequest", 5)?;
        st.serialize_field("method", &self.method)?;
        st.serialize_field("url", &self.url)?;
        st.serialize_field("headers", &self.headers)?;
        st.serialize_field("contentType", &self.content_type)?;
        st.serialize_field("body", &utf8_lossy(&self.body))?;
        st.end()
    }
}

/// `String::from_utf8_lossy`: each maximal invalid sequence as one U+FFFD. Written with
/// `str::from_utf8`, which the browser build links anyway, instead of std's `Utf8Chunks`
/// (~0.5 KB of its .wasm), for a body that is always UTF-8 there.
fn utf8_lossy(mut bytes: &[u8]) -> String {
    let mut out = String::new();
    loop {
        match core::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(core::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                bytes = rest
                    .get(e.error_len().unwrap_or(rest.len())..)
                    .unwrap_or_default();
            }
        }
    }
}

/// POSIX shell single-quoting: `'…'` with each `'` written as `'\''`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The status line's number as a host received it: above 65535 no HTTP status exists
/// ([`ErrorCode::ResponseHttpStatus`]); which statuses an API
/// answers with is the response parser's to judge.
pub fn http_status(number: u64) -> crate::Result<u16> {
    u16::try_from(number).map_err(|_| {
        crate::Error::with_message(
            crate::ErrorCode::ResponseHttpStatus,
            "httpStatus: not an HTTP status (above 65535)",
        )
    })
}

/// `application/x-www-form-urlencoded` encoding of name/value pairs (the WHATWG URL standard's
/// serializer, byte for byte what the `form_urlencoded` crate writes).
pub fn form_encode<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in fields {
        if !out.is_empty() {
            out.push('&');
        }
        percent_encode(&mut out, k, true);
        out.push('=');
        percent_encode(&mut out, v, true);
    }
    out
}

/// `base?name=value&…` with names and values form-encoded.
pub fn url_with_query<'a>(
    base: &str,
    query: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let q = form_encode(query);
    if q.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{q}")
    }
}

/// Percent-encodes one URL path segment (everything but RFC 3986 unreserved characters).
pub fn path_segment(s: &str) -> String {
    let mut out = String::new();
    percent_encode(&mut out, s, false);
    out
}

/// Appends `s` percent-encoded (`%XX`, upper-case hex) to `out`, keeping ASCII letters, digits
/// and `-._` and then either the form serializer's `*` with a space as `+` (`form`), or RFC
/// 3986's `~`.
///
/// Written out rather than taken from `form_urlencoded`/`percent-encoding`: their 768-byte table
/// of every `%XX` was ~650 bytes of the browser build's gzipped .wasm (measured 2026-12-04).
fn percent_encode(out: &mut String, s: &str, form: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_')
            || b == if form { b'*' } else { b'~' }
        {
            out.push(char::from(b));
        } else if form && b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// The salt to sign with: the caller's (reproducible), or a fresh random one.
pub(crate) fn salt_or_random(key: &MerchantKey, salt: Option<Salt>) -> Result<Salt> {
    match salt {
        Some(s) => Ok(s),
        None => key.random_salt(),
    }
}

/// The result of [`signed_json`]: the request bytes, and where the signed body sits in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedJson {
    /// `{"head":{…,"signature":S},"body":…}`.
    pub bytes: Vec<u8>,
    /// The byte range of the body inside `bytes`: exactly the bytes that were signed.
    pub body_range: core::ops::Range<usize>,
    /// The signature.
    pub signature: String,
}

/// POST of a signed JSON envelope to `url`: serializes `body` once, signs exactly those bytes
/// and embeds exactly those bytes (see [`signed_json`]). Every signed JSON API builds this way.
pub fn signed_json_post<T: serde::Serialize>(
    url: String,
    head: &[(&str, &str)],
    body: &T,
    key: &MerchantKey,
    salt: Option<Salt>,
) -> Result<HttpRequest> {
    let bytes = to_json_bytes(body)?;
    let signed = signed_json(head, &bytes, key, salt)?;
    Ok(HttpRequest::new(Method::Post, url).with_json(signed.bytes))
}

/// Builds `{"head":{<head fields in order>,"signature":S},"body":<body>}` where `S` is the Paytm
/// checksum of exactly `body`, and `body` is embedded byte for byte.
///
/// `body` must be a serialized JSON object (the caller serializes once); head values are
/// JSON-escaped here.
pub fn signed_json(
    head: &[(&str, &str)],
    body: &[u8],
    key: &MerchantKey,
    salt: Option<Salt>,
) -> Result<SignedJson> {
    let salt = salt_or_random(key, salt)?;
    let signature = key.generate_with_salt(body, salt);
    let mut out = Vec::with_capacity(body.len() + 160 + head.len() * 32);
    out.extend_from_slice(b"{\"head\":{");
    for (k, v) in head {
        push_json_str(&mut out, k);
        out.push(b':');
        push_json_str(&mut out, v);
        out.push(b',');
    }
    out.extend_from_slice(b"\"signature\":");
    push_json_str(&mut out, &signature);
    out.extend_from_slice(b"},\"body\":");
    let start = out.len();
    out.extend_from_slice(body);
    let end = out.len();
    out.push(b'}');
    Ok(SignedJson {
        bytes: out,
        body_range: start..end,
        signature,
    })
}

/// `{"head":{…},"body":…}` without a signature (Process Transaction: the txnToken authenticates).
pub fn unsigned_json(head: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 64 + head.len() * 32);
    out.extend_from_slice(b"{\"head\":{");
    for (i, (k, v)) in head.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_json_str(&mut out, k);
        out.push(b':');
        push_json_str(&mut out, v);
    }
    out.extend_from_slice(b"},\"body\":");
    out.extend_from_slice(body);
    out.push(b'}');
    out
}

pub(crate) fn push_json_str(out: &mut Vec<u8>, s: &str) {
    // serde_json's escaping, so head and body follow the same rules.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// Serializes a value to JSON once (the bytes that will be signed and sent).
pub(crate) fn to_json_bytes<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| {
        Error::with_message(
            ErrorCode::InvalidField,
            format!(
                "request body could not be serialized: {}",
                e.classify_name()
            ),
        )
    })
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "io",
            serde_json::error::Category::Syntax => "syntax",
            serde_json::error::Category::Data => "data",
            serde_json::error::Category::Eof => "eof",
        }
    }
}

/// HTTP Basic credentials `Basic base64(id:secret)`.
pub(crate) fn basic_auth(id: &str, secret: &str) -> String {
    use base64::Engine as _;
    let mut raw = zeroize::Zeroizing::new(String::with_capacity(id.len() + secret.len() + 1));
    raw.push_str(id);
    raw.push(':');
    raw.push_str(secret);
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw.as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_json_embeds_the_signed_bytes() {
        let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
        let body = br#"{"mid":"M","orderId":"O\u00e9 \"q\""}"#;
        let s = signed_json(&[("version", "v1")], body, &key, None).unwrap();
        assert_eq!(&s.bytes[s.body_range.clone()], body);
        assert!(key.verify(&s.bytes[s.body_range.clone()], &s.signature));
        let v: serde_json::Value = serde_json::from_slice(&s.bytes).unwrap();
        assert_eq!(v["head"]["signature"], s.signature.as_str());
        assert_eq!(v["head"]["version"], "v1");
    }

    #[test]
    fn encodings() {
        assert_eq!(
            form_encode([("JsonData", r#"{"a":"b c&d+é"}"#)]),
            "JsonData=%7B%22a%22%3A%22b+c%26d%2B%C3%A9%22%7D"
        );
        assert_eq!(path_segment("a/b c"), "a%2Fb%20c");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(basic_auth("testclient", "s"), "Basic dGVzdGNsaWVudDpz");
        assert!(Environment::custom("ftp://x").is_err());
        assert!(Environment::custom("http://127.0.0.1:8080").is_ok());
    }

    /// The hand-written encoders write exactly what the crates they replace wrote, for every
    /// byte alone and inside text.
    #[test]
    fn percent_encoding_matches_the_reference_crates() {
        const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        let mut texts: Vec<String> = (0..=0x7fu8).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            [
                "",
                "é",
                "a b+c&d=e%f",
                "ORDER_1.2-3~x*y",
                "\u{1F600} \u{FFFD}\u{7F}",
            ]
            .map(String::from),
        );
        texts.push((0..=0x7fu8).map(char::from).collect());
        for t in &texts {
            let reference = form_urlencoded::Serializer::new(String::new())
                .append_pair(t, t)
                .append_pair("k", t)
                .finish();
            assert_eq!(
                form_encode([(t.as_str(), t.as_str()), ("k", t.as_str())]),
                reference,
                "{t:?}"
            );
            let reference = percent_encoding::utf8_percent_encode(t, SEGMENT).to_string();
            assert_eq!(path_segment(t), reference, "{t:?}");
        }
        assert_eq!(form_encode([]), "");
    }

    /// `utf8_lossy` is `String::from_utf8_lossy`: on every short byte string (invalid, truncated
    /// and overlong sequences included) and some longer ones.
    #[test]
    fn utf8_lossy_matches_std() {
        let mut cases: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"plain".to_vec(),
            "é\u{1F600}".as_bytes().to_vec(),
            b"a\xF0\x9F\x98".to_vec(),
            b"\xED\xA0\x80z\xC0\xAF\xFF\xF4\x90\x80\x80".to_vec(),
        ];
        for a in 0..=255u8 {
            cases.push(vec![a]);
            for b in [0x00, 0x41, 0x80, 0x9F, 0xA0, 0xBF, 0xC2, 0xE0, 0xF0, 0xFF] {
                cases.push(vec![a, b]);
                cases.push(vec![a, b, 0x80, b'x']);
            }
        }
        for c in &cases {
            assert_eq!(utf8_lossy(c), String::from_utf8_lossy(c), "{c:?}");
        }
    }
}
