//! The shared machinery of every response parser: bytes → JSON text, the `{"head","body"}`
//! envelope located with serde_json's tokenizer, signature verification over the exact bytes of
//! `body`, lenient scalar readers (amounts never through a float) and error mapping.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::params::Params;
use crate::types::Amount;

/// The largest response, callback or webhook accepted: Paytm's are a few KB. Larger input is
/// [`ErrorCode::InputTooLarge`] before any parsing, so hostile input cannot make us allocate.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// How a response's authenticity was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// The signature (or CHECKSUMHASH) verified with the merchant key.
    Verified,
    /// This API does not sign this response (the module table says which); TLS is the only
    /// protection.
    Unsigned,
    /// A signature was required but absent, or no key was given, and the caller explicitly
    /// allowed that ([`ParseOptions::allow_unsigned`]). Never fulfil an order on such data.
    Skipped,
}

impl Verification {
    /// True unless verification was skipped at the caller's request.
    pub fn is_trusted(self) -> bool {
        !matches!(self, Verification::Skipped)
    }
}

/// Options of [`crate::response::parse_response`] and [`crate::callback::parse_callback`].
///
/// JSON (C and npm): `{"allowUnsigned": false}`; every member optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParseOptions {
    /// Accept a response or callback without its signature / CHECKSUMHASH, or without a key to
    /// check it against, for this one call. Off by default: a missing signature is
    /// [`ErrorCode::SignatureMissing`]. A signature that is present and wrong is refused even
    /// when this is on. Results parsed this way say [`Verification::Skipped`].
    #[serde(default)]
    pub allow_unsigned: bool,
}

impl ParseOptions {
    /// Options from JSON; empty input means the defaults.
    pub fn from_json(json: &[u8]) -> Result<ParseOptions> {
        if json.iter().all(u8::is_ascii_whitespace) {
            return Ok(ParseOptions::default());
        }
        serde_json::from_slice(json).map_err(|e| {
            Error::with_message(
                ErrorCode::InvalidArgument,
                format!(
                    "parse options: expected {{\"allowUnsigned\":bool}} (line {} column {})",
                    e.line(),
                    e.column()
                ),
            )
        })
    }
}

/// The bytes as UTF-8 text, after the size limit. Well-formedness is checked by the parse that
/// follows (serde_json validates every byte, skipped members included, and rejects trailing
/// text).
///
/// Nesting: where a parser builds values (`extraParamsMap`, `displayField`, form `content` …)
/// serde_json recurses with its limit of 128 levels, and deeper input is
/// [`ErrorCode::ResponseNotJson`]; members it skips (unknown ones, the raw `body` span) are
/// walked iteratively on the heap, so no depth can overflow the stack. A full depth-checking
/// pre-pass was measured at 1.6 µs on a 700-byte Process Transaction response, a third of the
/// whole parse, for no safety gain.
pub(crate) fn json_text<'a>(api: &str, body: &'a [u8]) -> Result<&'a str> {
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(Error::with_message(
            ErrorCode::InputTooLarge,
            format!(
                "{api}: response is {} bytes; at most {MAX_RESPONSE_BYTES} accepted",
                body.len()
            ),
        ));
    }
    let text = core::str::from_utf8(body).map_err(|e| {
        Error::with_message(
            ErrorCode::ResponseNotJson,
            format!("{api}: response is not UTF-8 (byte {})", e.valid_up_to()),
        )
    })?;
    if text.trim().is_empty() {
        return Err(Error::with_message(
            ErrorCode::ResponseNotJson,
            format!("{api}: response body is empty"),
        ));
    }
    Ok(text)
}

/// Maps a serde_json error to the 3xxx codes (or to the code a `[NAME] ` prefix carries). The
/// message names the member path, never its value: serde's own "invalid type: string \"…\""
/// texts would quote the input, which may be a token.
pub(crate) fn json_err(api: &str, path: Option<String>, e: &serde_json::Error) -> Error {
    let text = e.to_string();
    let msg = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    let at = match path {
        Some(p) if !p.is_empty() && p != "." => format!("{p}: "),
        _ => String::new(),
    };
    if let Some(rest) = msg.strip_prefix('[') {
        if let Some((name, m)) = rest.split_once("] ") {
            if let Some(code) = ErrorCode::ALL.iter().find(|c| c.name() == name) {
                return Error::with_message(*code, format!("{api}: {at}{m}"));
            }
        }
    }
    match e.classify() {
        serde_json::error::Category::Data => {
            let what = if msg.starts_with("missing field") || msg.starts_with("duplicate field") {
                msg
            } else {
                "a member has the wrong type or value"
            };
            Error::with_message(ErrorCode::ResponseMalformed, format!("{api}: {at}{what}"))
        }
        _ => Error::with_message(
            ErrorCode::ResponseNotJson,
            format!(
                "{api}: not valid JSON (line {} column {}{})",
                e.line(),
                e.column(),
                if msg.contains("recursion limit") {
                    ", nested too deeply"
                } else {
                    ""
                }
            ),
        ),
    }
}

/// A `[NAME] message` serde error that [`json_err`] turns back into `code`.
pub(crate) fn tagged<E: de::Error>(code: ErrorCode, msg: impl fmt::Display) -> E {
    E::custom(format_args!("[{}] {msg}", code.name()))
}

/// Deserializes `text` as `T`; on a shape error, a second pass finds the member's path for the
/// message (only on the error path, so the happy path pays nothing for it).
pub(crate) fn parse_typed<'de, T: Deserialize<'de>>(api: &str, text: &'de str) -> Result<T> {
    match serde_json::from_str::<T>(text) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = if e.classify() == serde_json::error::Category::Data {
                let mut de = serde_json::Deserializer::from_str(text);
                serde_path_to_error::deserialize::<_, T>(&mut de)
                    .err()
                    .map(|pe| pe.path().to_string())
            } else {
                None
            };
            Err(json_err(api, path, &e))
        }
    }
}

/// An object key, borrowed when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Key<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> core::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> core::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The `head` members a response may carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseHead {
    /// API version, e.g. `v1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// When Paytm answered (epoch, as Paytm sent it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_timestamp: Option<String>,
    /// Which of the merchant's keys signed (merchants with several keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// WEB or WAP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    /// The signature over `body`, when the response carries one (not serialized: it is checked,
    /// and a host has no use for it).
    #[serde(skip)]
    pub signature: Option<String>,
}

impl<'de> Deserialize<'de> for ResponseHead {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<ResponseHead, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ResponseHead;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a head object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut a: A,
            ) -> core::result::Result<ResponseHead, A::Error> {
                let mut h = ResponseHead::default();
                let mut sig_seen = false;
                while let Some(Key(k)) = a.next_key::<Key<'de>>()? {
                    let slot = match k.as_ref() {
                        "signature" => {
                            if sig_seen {
                                // Two signatures: a verifier that keeps the other one would
                                // accept what we refuse, or the reverse.
                                return Err(tagged(
                                    ErrorCode::SignatureAmbiguous,
                                    "head.signature appears more than once",
                                ));
                            }
                            sig_seen = true;
                            &mut h.signature
                        }
                        "version" => &mut h.version,
                        "responseTimestamp" => &mut h.response_timestamp,
                        "clientId" => &mut h.client_id,
                        "channelId" => &mut h.channel_id,
                        _ => {
                            a.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    if slot.is_some() {
                        return Err(tagged(
                            ErrorCode::ResponseMalformed,
                            format_args!("head.{k} appears more than once"),
                        ));
                    }
                    let raw = a.next_value::<&'de RawValue>()?;
                    *slot = scalar_text(raw).map_err(|m| {
                        tagged::<A::Error>(
                            ErrorCode::ResponseMalformed,
                            format_args!("head.{k}: {m}"),
                        )
                    })?;
                }
                Ok(h)
            }
        }
        d.deserialize_map(V)
    }
}

/// A `{"head":…,"body":…}` response: the head parsed, the body as the exact bytes received.
pub(crate) struct Envelope<'a> {
    pub head: Option<ResponseHead>,
    pub body: &'a RawValue,
}

/// Finds the top-level `head` and `body` members with serde_json's tokenizer. The body is a
/// [`RawValue`]: a slice of the input, byte for byte what Paytm signed (no whitespace around
/// it, nothing re-serialized). Either member appearing twice is
/// [`ErrorCode::SignatureAmbiguous`]: JSON parsers disagree on which duplicate wins, so an
/// attacker could show one body to the verifier and another to the business logic.
pub(crate) fn envelope<'a>(api: &str, text: &'a str) -> Result<Envelope<'a>> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = (Option<ResponseHead>, Option<&'de RawValue>);
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object with head and body")
        }
        fn visit_map<A: MapAccess<'de>>(
            self,
            mut a: A,
        ) -> core::result::Result<Self::Value, A::Error> {
            let (mut head, mut body, mut head_seen) = (None, None, false);
            while let Some(Key(k)) = a.next_key::<Key<'de>>()? {
                match k.as_ref() {
                    "head" => {
                        if head_seen {
                            return Err(tagged(
                                ErrorCode::SignatureAmbiguous,
                                "the head member appears more than once",
                            ));
                        }
                        head_seen = true;
                        head = a.next_value::<Option<ResponseHead>>()?;
                    }
                    "body" => {
                        if body.is_some() {
                            return Err(tagged(
                                ErrorCode::SignatureAmbiguous,
                                "the body member appears more than once",
                            ));
                        }
                        body = Some(a.next_value::<&'de RawValue>()?);
                    }
                    _ => {
                        a.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok((head, body))
        }
    }
    struct Top<'de>((Option<ResponseHead>, Option<&'de RawValue>));
    impl<'de> Deserialize<'de> for Top<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Top<'de>, D::Error> {
            d.deserialize_map(V).map(Top)
        }
    }
    let Top((head, body)) = parse_typed::<Top<'a>>(api, text)?;
    let body = body.ok_or_else(|| {
        Error::with_message(
            ErrorCode::ResponseMalformed,
            format!("{api}: the response has no body member"),
        )
    })?;
    Ok(Envelope { head, body })
}

/// Verifies `signature` over exactly `signed` (string mode), under the rules of
/// [`ParseOptions::allow_unsigned`].
pub(crate) fn verify_string(
    api: &str,
    signature: Option<&str>,
    signed: &[u8],
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<Verification> {
    match (signature.filter(|s| !s.is_empty()), key) {
        (Some(sig), Some(key)) => key
            .check(signed, sig)
            .map(|()| Verification::Verified)
            .map_err(|e| with_api(api, e)),
        (None, _) if options.allow_unsigned => Ok(Verification::Skipped),
        (None, _) => Err(Error::with_message(
            ErrorCode::SignatureMissing,
            format!("{api}: the response carries no signature, and this API signs its responses"),
        )),
        (Some(_), None) if options.allow_unsigned => Ok(Verification::Skipped),
        (Some(_), None) => Err(no_key(api)),
    }
}

/// Map-mode verification of a parameter map carrying its checksum under `checksum_name`.
pub(crate) fn verify_map(
    api: &str,
    checksum: Option<&str>,
    params: &Params,
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<Verification> {
    match (checksum.filter(|s| !s.is_empty()), key) {
        (Some(sum), Some(key)) => key
            .check_map(params, sum)
            .map(|()| Verification::Verified)
            .map_err(|e| with_api(api, e)),
        (None, _) if options.allow_unsigned => Ok(Verification::Skipped),
        (None, _) => Err(Error::with_message(
            ErrorCode::SignatureMissing,
            format!("{api}: CHECKSUMHASH is missing or empty"),
        )),
        (Some(_), None) if options.allow_unsigned => Ok(Verification::Skipped),
        (Some(_), None) => Err(no_key(api)),
    }
}

fn no_key(api: &str) -> Error {
    Error::with_message(
        ErrorCode::InvalidCredentials,
        format!("{api}: a merchant key is required to verify this response (or allow unsigned input explicitly)"),
    )
}

fn with_api(api: &str, e: Error) -> Error {
    Error::with_message(e.code(), format!("{api}: {}", e.message()))
}

/// The text of a JSON scalar: a string's content, a number's literal as written (never through
/// a float), `true`/`false`; `None` for null. Objects and arrays are refused.
pub(crate) fn scalar_text(raw: &RawValue) -> core::result::Result<Option<String>, &'static str> {
    let t = raw.get();
    match t.as_bytes().first() {
        Some(b'"') => {
            // A string without escapes is its own content; otherwise let serde_json unescape.
            let inner = &t[1..t.len() - 1];
            if !inner.contains('\\') {
                Ok(Some(inner.to_owned()))
            } else {
                serde_json::from_str::<String>(t)
                    .map(Some)
                    .map_err(|_| "not a valid string")
            }
        }
        Some(b'n') => Ok(None),
        Some(b'-' | b'0'..=b'9' | b't' | b'f') => Ok(Some(t.to_owned())),
        _ => Err("expected a string, a number or null, not an object or array"),
    }
}

/// Reads an amount as Paytm sends it: `"1.00"`, `"1"`, `1`, `1.5`, `"100.000"` (trailing zeros
/// beyond two decimals are dropped, other digits there are refused). Zero (`"0"`, `"0.00"`) and
/// empty are `None`: [`Amount`] is positive by construction, and a zero deficit or refund total
/// means "none". Never through a float: the literal's digits go to [`Amount::parse`].
pub(crate) fn amount_text(s: &str) -> core::result::Result<Option<Amount>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let s = match s.split_once('.') {
        Some((int, frac)) if frac.len() > 2 && frac[2..].bytes().all(|b| b == b'0') => {
            Cow::Owned(format!("{int}.{}", &frac[..2]))
        }
        _ => Cow::Borrowed(s),
    };
    if !s.is_empty() && s.bytes().all(|b| b == b'0' || b == b'.') && s.bytes().any(|b| b == b'0') {
        return Ok(None);
    }
    Amount::parse(&s)
        .map(Some)
        .map_err(|_| "not an amount (digits, at most 2 decimals, no sign or exponent)")
}

/// serde `deserialize_with` helpers over [`scalar_text`] and [`amount_text`].
pub(crate) mod lenient {
    use super::*;

    /// A string or number as text.
    pub fn text<'de, D: Deserializer<'de>>(d: D) -> core::result::Result<Option<String>, D::Error> {
        let raw = <&'de RawValue>::deserialize(d)?;
        scalar_text(raw).map_err(|m| tagged(ErrorCode::ResponseMalformed, m))
    }

    /// An amount (see [`amount_text`]).
    pub fn amount<'de, D: Deserializer<'de>>(
        d: D,
    ) -> core::result::Result<Option<Amount>, D::Error> {
        match text(d)? {
            None => Ok(None),
            Some(s) => amount_text(&s).map_err(|m| tagged(ErrorCode::ResponseMalformed, m)),
        }
    }

    /// A boolean, also as the strings "true"/"false".
    pub fn flag<'de, D: Deserializer<'de>>(d: D) -> core::result::Result<Option<bool>, D::Error> {
        match text(d)?.as_deref() {
            None => Ok(None),
            Some(s) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(s) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(tagged(
                ErrorCode::ResponseMalformed,
                "expected true or false",
            )),
        }
    }

    /// A non-negative integer (epoch milliseconds), as a number or a string of digits.
    pub fn uint<'de, D: Deserializer<'de>>(d: D) -> core::result::Result<Option<u64>, D::Error> {
        match text(d)? {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => s
                .parse::<u64>()
                .map(Some)
                .map_err(|_| tagged(ErrorCode::ResponseMalformed, "expected a whole number")),
        }
    }
}

/// A flat JSON object of scalars (legacy responses, txnInfo, JSON callbacks) read straight into
/// the [`Params`] a map-mode checksum covers: values as text, `null` kept as no value. A name
/// appearing twice is [`ErrorCode::SignatureAmbiguous`], because such maps are what map-mode
/// checksums sign.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FlatMap(pub Params);

impl<'de> Deserialize<'de> for FlatMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<FlatMap, D::Error> {
        struct V<'de>(PhantomData<&'de ()>);
        impl<'de> Visitor<'de> for V<'de> {
            type Value = FlatMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings, numbers or null")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut a: A,
            ) -> core::result::Result<FlatMap, A::Error> {
                let mut out = Params::new();
                while let Some(Key(k)) = a.next_key::<Key<'de>>()? {
                    let raw = a.next_value::<&'de RawValue>()?;
                    let v = scalar_text(raw).map_err(|m| {
                        tagged::<A::Error>(ErrorCode::ResponseMalformed, format_args!("{k}: {m}"))
                    })?;
                    // Insert, then see whether the map grew: one search per member, not two.
                    let before = out.len();
                    match v {
                        Some(v) => out.insert(k.into_owned(), v),
                        None => out.insert_null(k.into_owned()),
                    }
                    if out.len() == before {
                        return Err(tagged(
                            ErrorCode::SignatureAmbiguous,
                            "a member appears more than once",
                        ));
                    }
                }
                Ok(FlatMap(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

impl FlatMap {
    /// True when the member is present (even as null).
    pub fn contains(&self, name: &str) -> bool {
        self.0.get(name).is_some()
    }

    /// Inserts a member (form fields); false when it was already present.
    pub fn insert_new(&mut self, name: String, value: String) -> bool {
        if self.contains(&name) {
            return false;
        }
        self.0.insert(name, value);
        true
    }

    /// Removes and returns a member's text (`None` when absent or null).
    pub fn take(&mut self, name: &str) -> Option<String> {
        self.0.remove(name).flatten()
    }

    /// The non-empty text of a member.
    pub fn take_nonempty(&mut self, name: &str) -> Option<String> {
        self.take(name).filter(|s| !s.is_empty())
    }

    /// What is left, as text (`null` as empty).
    pub fn rest(self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .map(|(k, v)| (k.to_owned(), v.unwrap_or_default().to_owned()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_from_text() {
        assert_eq!(
            amount_text("1").unwrap(),
            Some(Amount::parse("1.00").unwrap())
        );
        assert_eq!(amount_text("1.5").unwrap().unwrap().paise(), 150);
        assert_eq!(amount_text("100.000").unwrap().unwrap().paise(), 10000);
        assert_eq!(amount_text("0").unwrap(), None);
        assert_eq!(amount_text("0.00").unwrap(), None);
        assert_eq!(amount_text("").unwrap(), None);
        for bad in ["1e2", "-1", "1.005", "abc", "1,000", ".", "0x10"] {
            assert!(amount_text(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn envelope_finds_exact_body_bytes() {
        let text = r#" { "head" : {"signature":"x"} , "body" :  {"a" : 1 }  } "#;
        let env = envelope("t", text).unwrap();
        assert_eq!(env.body.get(), r#"{"a" : 1 }"#);
        assert_eq!(env.head.unwrap().signature.as_deref(), Some("x"));
        for dup in [
            r#"{"body":{},"body":{}}"#,
            r#"{"b\u006fdy":{},"body":{}}"#,
            r#"{"head":{"signature":"a","signature":"b"},"body":{}}"#,
            r#"{"head":{},"head":{},"body":{}}"#,
        ] {
            assert_eq!(
                envelope("t", dup).err().map(|e| e.code()),
                Some(ErrorCode::SignatureAmbiguous),
                "{dup}"
            );
        }
    }

    #[test]
    fn nesting_where_values_are_built_is_not_json() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = parse_typed::<serde_json::Value>("t", &deep).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ResponseNotJson);
        // Skipped: walked iteratively, no stack, no error.
        assert!(parse_typed::<IgnoredAny>("t", &deep).is_ok());
    }
}
