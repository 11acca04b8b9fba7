//! The shared machinery of every response parser: bytes → JSON text, the `{"head","body"}`
//! envelope located with serde_json's tokenizer, signature verification over the exact bytes of
//! `body`, lenient scalar readers (amounts never through a float) and error mapping.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use compact_str::CompactString;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::input::Json;
#[allow(unused_imports)]
use crate::params::Params;
use crate::types::Amount;

/// The largest response, callback or webhook accepted: Paytm's are a few KB. Larger input is
/// [`ErrorCode::InputTooLarge`] before any parsing, so hostile input cannot make us allocate.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// How a response's authenticity was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

crate::names::named!(Verification {
    Verified = "verified",
    Unsigned = "unsigned",
    Skipped = "skipped",
});

impl Verification {
    /// True unless verification was skipped at the caller's request.
    pub fn is_trusted(self) -> bool {
        !matches!(self, Verification::Skipped)
    }
}

/// Options of [`crate::response::parse_response`] and [`crate::callback::parse_callback`].
///
/// JSON (C and npm): `{"allowUnsigned": false}`; every member optional, any other refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct ParseOptions {
    /// Accept a response or callback without its signature / CHECKSUMHASH, or without a key to
    /// check it against, for this one call. Off by default: a missing signature is
    /// [`ErrorCode::SignatureMissing`]. A signature that is present and wrong is refused even
    /// when this is on. Results parsed this way say [`Verification::Skipped`].
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub allow_unsigned: bool,
}

impl<'de> Deserialize<'de> for ParseOptions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<ParseOptions, D::Error> {
        crate::input::deserialize_with(d, "parse options", ParseOptions::read)
    }
}

impl ParseOptions {
    /// Options from JSON; empty input means the defaults. Anything else that is not
    /// `{"allowUnsigned": bool}` is [`ErrorCode::InvalidArgument`]: a typo must never turn
    /// verification off, or on, silently.
    pub fn from_json(json: &[u8]) -> Result<ParseOptions> {
        if json.iter().all(u8::is_ascii_whitespace) {
            return Ok(ParseOptions::default());
        }
        crate::input::Json::parse("parse options", json)
            .map_err(|e| Error::with_message(ErrorCode::InvalidArgument, e.message()))
            .and_then(|tree| ParseOptions::from_tree(&tree))
    }

    /// As [`ParseOptions::from_json`], from a JSON tree the host parsed (see [`crate::input`]).
    pub fn from_tree(tree: &Json) -> Result<ParseOptions> {
        ParseOptions::read(tree, "parse options")
            .map_err(|e| Error::with_message(ErrorCode::InvalidArgument, e.message()))
    }

    fn read(tree: &crate::input::Json, what: &str) -> Result<ParseOptions> {
        let o = crate::input::Obj::root(what, tree, &["allowUnsigned"])?;
        Ok(ParseOptions {
            allow_unsigned: o.flag("allowUnsigned")?.unwrap_or(false),
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
    // JSON whitespace is ASCII (RFC 8259).
    if text.trim_ascii().is_empty() {
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

/// Visitor methods that refuse every JSON type but the ones a visitor reads, with one fixed
/// message. Written out because serde's defaults describe the value (`invalid type: floating
/// point 1.5`): that formatting links float printing (~10 KB of WebAssembly, measured
/// 2026-11-22) and, for strings, would quote input that may be a token.
macro_rules! refuse {
    ($msg:expr; $($method:ident),*) => {
        $(refuse!(@one $method, $msg);)*
    };
    (@one visit_bool, $msg:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> core::result::Result<Self::Value, E> {
            Err(E::custom($msg))
        }
    };
    (@one visit_i64, $msg:expr) => {
        fn visit_i64<E: de::Error>(self, _: i64) -> core::result::Result<Self::Value, E> {
            Err(E::custom($msg))
        }
    };
    (@one visit_u64, $msg:expr) => {
        fn visit_u64<E: de::Error>(self, _: u64) -> core::result::Result<Self::Value, E> {
            Err(E::custom($msg))
        }
    };
    (@one visit_f64, $msg:expr) => {
        fn visit_f64<E: de::Error>(self, _: f64) -> core::result::Result<Self::Value, E> {
            Err(E::custom($msg))
        }
    };
    (@one visit_str, $msg:expr) => {
        fn visit_str<E: de::Error>(self, _: &str) -> core::result::Result<Self::Value, E> {
            Err(E::custom($msg))
        }
    };
    (@one visit_unit, $msg:expr) => {
        fn visit_unit<E: de::Error>(self) -> core::result::Result<Self::Value, E> {
            Err(E::custom($msg))
        }
    };
    (@one visit_seq, $msg:expr) => {
        fn visit_seq<S: de::SeqAccess<'de>>(self, _: S) -> core::result::Result<Self::Value, S::Error> {
            Err(de::Error::custom($msg))
        }
    };
    (@one visit_map, $msg:expr) => {
        fn visit_map<M: MapAccess<'de>>(self, _: M) -> core::result::Result<Self::Value, M::Error> {
            Err(de::Error::custom($msg))
        }
    };
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
        d.deserialize_any(V)
    }
}

/// The `head` members a response may carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
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
            refuse!("[RESPONSE_MALFORMED] head: expected an object";
                visit_bool, visit_i64, visit_u64, visit_f64, visit_str, visit_seq);
        }
        d.deserialize_any(V)
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
        refuse!("[RESPONSE_MALFORMED] the response is not a JSON object";
            visit_bool, visit_i64, visit_u64, visit_f64, visit_str, visit_unit, visit_seq);
    }
    struct Top<'a>((Option<ResponseHead>, Option<&'a RawValue>));
    impl<'de> Deserialize<'de> for Top<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Top<'de>, D::Error> {
            d.deserialize_any(V).map(Top)
        }
    }
    // Every shape error here carries its own member name ("head.version: ..."): no second
    // pass for a path (serde_path_to_error is for the derived readers).
    let Top((head, body)) =
        serde_json::from_slice::<Top<'a>>(text.as_bytes()).map_err(|e| json_err(api, None, &e))?;
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

/// Map-mode verification of a parameter map whose checksum member was already taken out
/// (`checksum`): [`MerchantKey::check`] over the map's signing string, built once.
pub(crate) fn verify_map(
    api: &str,
    checksum: Option<&str>,
    params: &FlatMap<'_>,
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<Verification> {
    match (checksum.filter(|s| !s.is_empty()), key) {
        (Some(sum), Some(key)) => key
            .check(params.signing_string().as_bytes(), sum)
            .map(|()| Verification::Verified)
            .map_err(|e| with_api(api, e)),
        (sum, _) => verify_map_keyless(api, sum, options),
    }
}

/// [`verify_map`] without a key (a client, which never holds one): a CHECKSUMHASH can only be
/// skipped, when the caller allows unsigned input. Separate so that a keyless build links no
/// cipher.
pub(crate) fn verify_map_keyless(
    api: &str,
    checksum: Option<&str>,
    options: &ParseOptions,
) -> Result<Verification> {
    match checksum.filter(|s| !s.is_empty()) {
        _ if options.allow_unsigned => Ok(Verification::Skipped),
        None => Err(Error::with_message(
            ErrorCode::SignatureMissing,
            format!("{api}: CHECKSUMHASH is missing or empty"),
        )),
        Some(_) => Err(no_key(api)),
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
    scalar_cow(raw).map(|v| v.map(Cow::into_owned))
}

/// Reads an amount as Paytm sends it: `"1.00"`, `"1"`, `1`, `1.5`, `"100.000"` (trailing zeros
/// beyond two decimals are dropped, other digits there are refused). Zero (`"0"`, `"0.00"`) and
/// empty are `None`: [`Amount`] is positive by construction, and a zero deficit or refund total
/// means "none". Never through a float: the literal's digits go to [`Amount::parse`].
pub(crate) fn amount_text(s: &str) -> core::result::Result<Option<Amount>, &'static str> {
    let s = s.trim_ascii();
    if s.is_empty() {
        return Ok(None);
    }
    let s = match s.split_once('.') {
        // Bytes, not `frac[2..]`: byte 2 may fall inside a multi-byte character (fuzzing found
        // "1.0ڶ"); when every byte from 2 on is '0', byte 2 is a character boundary.
        Some((int, frac)) if frac.len() > 2 && frac.as_bytes()[2..].iter().all(|b| *b == b'0') => {
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
    use compact_str::CompactString;

    /// A string or number as text.
    pub fn text<'de, D: Deserializer<'de>>(d: D) -> core::result::Result<Option<String>, D::Error> {
        Ok(cow(d)?.map(Cow::into_owned))
    }

    /// As [`text`], inline when short (no heap allocation for codes, states and ids).
    pub fn short<'de, D: Deserializer<'de>>(
        d: D,
    ) -> core::result::Result<Option<CompactString>, D::Error> {
        Ok(cow(d)?.map(CompactString::from))
    }

    /// The text, borrowed from the input when it has no escapes.
    fn cow<'de, D: Deserializer<'de>>(
        d: D,
    ) -> core::result::Result<Option<Cow<'de, str>>, D::Error> {
        let raw = <&'de RawValue>::deserialize(d)?;
        scalar_cow(raw).map_err(|m| tagged(ErrorCode::ResponseMalformed, m))
    }

    /// An amount (see [`amount_text`]).
    pub fn amount<'de, D: Deserializer<'de>>(
        d: D,
    ) -> core::result::Result<Option<Amount>, D::Error> {
        match cow(d)? {
            None => Ok(None),
            Some(s) => amount_text(&s).map_err(|m| tagged(ErrorCode::ResponseMalformed, m)),
        }
    }

    /// A boolean, also as the strings "true"/"false".
    pub fn flag<'de, D: Deserializer<'de>>(d: D) -> core::result::Result<Option<bool>, D::Error> {
        match cow(d)?.as_deref() {
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
        match cow(d)? {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => s
                .parse::<u64>()
                .map(Some)
                .map_err(|_| tagged(ErrorCode::ResponseMalformed, "expected a whole number")),
        }
    }
}

/// A flat JSON object of scalars (legacy responses, txnInfo, JSON callbacks) or a form's fields,
/// read as the (name, value) pairs a map-mode checksum covers: values as text, `null` kept as no
/// value. Names and values borrow from the input; only text with escapes (JSON `\\`, form `%`
/// or `+`) is copied. Entries are kept sorted by name bytes, the signing order. A name
/// appearing twice is [`ErrorCode::SignatureAmbiguous`], because such maps are what map-mode
/// checksums sign.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct FlatMap<'a>(Vec<Slot<'a>>);

type Entry<'a> = (Cow<'a, str>, Option<Cow<'a, str>>);

/// An entry with its name's first 8 bytes as a big-endian number (zero padded): comparing
/// those first orders names exactly as their bytes do, and settles nearly every comparison
/// without a `memcmp` call.
type Slot<'a> = (u64, Cow<'a, str>, Option<Cow<'a, str>>);

fn prefix(name: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = name.len().min(8);
    b[..n].copy_from_slice(&name.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

fn by_name(slot: &Slot<'_>, p: u64, name: &str) -> core::cmp::Ordering {
    slot.0
        .cmp(&p)
        .then_with(|| slot.1.as_bytes().cmp(name.as_bytes()))
}

/// Builds a [`FlatMap`]: entries are appended as read, then sorted once (O(n log n) whatever
/// the input, no shifting of entries on every insert) and checked for a name that appears
/// twice.
pub(crate) struct FlatMapBuilder<'a>(Vec<Slot<'a>>);

/// A name appeared more than once: the map is ambiguous to sign.
pub(crate) struct DuplicateName;

impl<'a> FlatMapBuilder<'a> {
    pub fn new() -> FlatMapBuilder<'a> {
        FlatMapBuilder(Vec::with_capacity(18))
    }

    /// Adds an entry (a repeated name is found by [`FlatMapBuilder::finish`]).
    pub fn push(&mut self, name: Cow<'a, str>, value: Option<Cow<'a, str>>) {
        self.0.push((prefix(&name), name, value));
    }

    /// The sorted map, or [`DuplicateName`] when some name was pushed twice.
    pub fn finish(mut self) -> core::result::Result<FlatMap<'a>, DuplicateName> {
        self.0.sort_unstable_by(|a, b| by_name(a, b.0, &b.1));
        if self
            .0
            .windows(2)
            .any(|w| w[0].0 == w[1].0 && w[0].1 == w[1].1)
        {
            return Err(DuplicateName);
        }
        Ok(FlatMap(self.0))
    }
}

/// The text of a JSON scalar as [`scalar_text`], borrowed from the input unless the string has
/// escapes.
pub(crate) fn scalar_cow(
    raw: &RawValue,
) -> core::result::Result<Option<Cow<'_, str>>, &'static str> {
    let t = raw.get();
    match t.as_bytes().first() {
        Some(b'"') => {
            let inner = &t[1..t.len() - 1];
            if !inner.contains('\\') {
                Ok(Some(Cow::Borrowed(inner)))
            } else {
                serde_json::from_slice::<Unescaped>(t.as_bytes())
                    .map(|Unescaped(s)| Some(Cow::Owned(s)))
                    .map_err(|_| "not a valid string")
            }
        }
        Some(b'n') => Ok(None),
        Some(b'-' | b'0'..=b'9' | b't' | b'f') => Ok(Some(Cow::Borrowed(t))),
        _ => Err("expected a string, a number or null, not an object or array"),
    }
}

/// A JSON string's content (escapes resolved), read without serde's `String` reader (see
/// [`refuse!`]).
struct Unescaped(String);

impl<'de> Deserialize<'de> for Unescaped {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Unescaped, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Unescaped;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, s: &str) -> core::result::Result<Unescaped, E> {
                Ok(Unescaped(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> core::result::Result<Unescaped, E> {
                Ok(Unescaped(s))
            }
            refuse!("expected a string";
                visit_bool, visit_i64, visit_u64, visit_f64, visit_unit, visit_seq, visit_map);
        }
        d.deserialize_any(V)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for FlatMap<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<FlatMap<'a>, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = FlatMap<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings, numbers or null")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut a: A,
            ) -> core::result::Result<FlatMap<'a>, A::Error> {
                let mut out = FlatMapBuilder::new();
                let mut n = 0;
                while let Some(Key(k)) = a.next_key::<Key<'de>>()? {
                    n += 1;
                    let raw = a.next_value::<&'de RawValue>()?;
                    // Named by position, as in [`Members::flat`].
                    let v = scalar_cow(raw).map_err(|m| {
                        tagged::<A::Error>(
                            ErrorCode::ResponseMalformed,
                            format_args!("{}: {m}", crate::input::Unnamed(n, &k)),
                        )
                    })?;
                    out.push(k, v);
                }
                out.finish().map_err(|DuplicateName| {
                    tagged(
                        ErrorCode::SignatureAmbiguous,
                        "a member appears more than once",
                    )
                })
            }
            refuse!("[RESPONSE_MALFORMED] expected an object of strings, numbers or null";
                visit_bool, visit_i64, visit_u64, visit_f64, visit_str, visit_unit, visit_seq);
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl fmt::Debug for FlatMap<'_> {
    /// Names and value lengths only, as [`Params`]' Debug: values may be tokens.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (k, v) in self.iter() {
            match v {
                Some(v) => m.entry(&k, &format_args!("<{} bytes>", v.len())),
                None => m.entry(&k, &format_args!("null")),
            };
        }
        m.finish()
    }
}

impl<'a> FlatMap<'a> {
    fn find(&self, name: &str) -> core::result::Result<usize, usize> {
        let p = prefix(name);
        self.0.binary_search_by(|s| by_name(s, p, name))
    }

    /// Entries in signing order (sorted by name bytes).
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<&str>)> + Clone {
        self.0.iter().map(|(_, k, v)| (k.as_ref(), v.as_deref()))
    }

    /// What a map-mode checksum of this map covers (the one join rule of [`crate::params`]).
    pub fn signing_string(&self) -> String {
        crate::params::signing_string_of(self.iter())
    }

    /// True when the member is present (even as null).
    pub fn contains(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Removes and returns a member's text (`None` when absent or null).
    pub fn take(&mut self, name: &str) -> Option<String> {
        self.take_cow(name).map(Cow::into_owned)
    }

    /// As [`FlatMap::take`], without copying borrowed text.
    pub fn take_cow(&mut self, name: &str) -> Option<Cow<'a, str>> {
        let at = self.find(name).ok()?;
        self.0.remove(at).2
    }

    /// The non-empty text of a member.
    pub fn take_nonempty(&mut self, name: &str) -> Option<String> {
        self.take(name).filter(|s| !s.is_empty())
    }

    /// The entries, by value, in signing order.
    pub fn into_entries(self) -> impl Iterator<Item = Entry<'a>> {
        self.0.into_iter().map(|(_, k, v)| (k, v))
    }

    /// What is left, as text (`null` as empty).
    pub fn rest(self) -> BTreeMap<String, String> {
        self.0
            .into_iter()
            .map(|(_, k, v)| (k.into_owned(), v.map(Cow::into_owned).unwrap_or_default()))
            .collect()
    }
}

/// A JSON value as Paytm sent it: an open member such as `displayField` or a bank form's
/// `content`, whose members this library does not interpret. Members keep their order; numbers
/// are integers or f64 as JSON parsers read them. Serialized as JSON.
///
/// Debug shows only its kind: a bank form's content carries payment data.
#[derive(Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "JsonValue"))]
pub struct SentJson(Json);

impl SentJson {
    /// The value as a [`serde_json::Value`].
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(&self.0).unwrap_or(serde_json::Value::Null)
    }

    /// The value as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }
}

impl fmt::Debug for SentJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SentJson(<{}>)", self.0.kind())
    }
}

impl Serialize for SentJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// Parses a whole response into the crate's compact JSON tree ([`Json`]): serde_json's
/// tokenizer, instantiated once for every reader built on the tree. A member name given twice
/// anywhere is [`ErrorCode::SignatureAmbiguous`] (parsers disagree on which one wins, so a
/// verifier and the business logic could see different values); text that is not JSON, or nests
/// deeper than 128 levels, is [`ErrorCode::ResponseNotJson`].
pub(crate) fn response_tree(api: &str, text: &str) -> Result<Json> {
    Json::parse(api, text.as_bytes()).map_err(|e| {
        let code = match e.code() {
            ErrorCode::InvalidField => ErrorCode::SignatureAmbiguous,
            _ => ErrorCode::ResponseNotJson,
        };
        Error::with_message(code, e.message())
    })
}

/// The `head` of a `{"head","body"}` response read from the tree.
pub(crate) fn head_of(top: &Members<'_>) -> Result<ResponseHead> {
    let Some(h) = top.obj("head")? else {
        return Ok(ResponseHead::default());
    };
    Ok(ResponseHead {
        version: h.text("version")?,
        response_timestamp: h.text("responseTimestamp")?,
        client_id: h.text("clientId")?,
        channel_id: h.text("channelId")?,
        signature: h.text("signature")?,
    })
}

/// One object of a response tree, read by member name with the lenient rules of [`lenient`]
/// (a string or an integer as text, booleans also as "true"/"false", `null` as absent, unknown
/// members ignored) and messages that name the member's path (`body.bankForm.redirectForm`),
/// never its value.
///
/// This is how the npm package's browser build can parse Process Transaction: every reader here
/// is plain code over one tree, where a derived reader instantiates serde_json's parser per type
/// and per field type (measured +170 KB of WebAssembly, 2026-11-22).
pub(crate) struct Members<'a> {
    api: &'a str,
    path: String,
    members: &'a [(String, Json)],
}

impl<'a> Members<'a> {
    /// The object `value` at `path` (`body`, `body.bankForm` ...).
    pub fn of(api: &'a str, path: String, value: &'a Json) -> Result<Members<'a>> {
        match value {
            Json::Obj(members) => Ok(Members { api, path, members }),
            other => Err(malformed(
                api,
                &path,
                &format!("expected an object, not {}", other.kind()),
            )),
        }
    }

    fn path_of(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    /// [`ErrorCode::ResponseMalformed`] about member `name`.
    pub fn error(&self, name: &str, rule: &str) -> Error {
        malformed(self.api, &self.path_of(name), rule)
    }

    /// Member `name`; `None` when absent or `null`.
    pub fn raw(&self, name: &str) -> Option<&'a Json> {
        self.members
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, Json::Null))
    }

    /// A string or number member as text.
    pub fn text(&self, name: &str) -> Result<Option<String>> {
        Ok(self.cow(name)?.map(Cow::into_owned))
    }

    /// As [`Members::text`], inline when short.
    pub fn short(&self, name: &str) -> Result<Option<CompactString>> {
        Ok(self.cow(name)?.map(CompactString::from))
    }

    fn cow(&self, name: &str) -> Result<Option<Cow<'a, str>>> {
        match self.raw(name) {
            None => Ok(None),
            Some(v) => scalar_of(v).map(Some).map_err(|m| self.error(name, m)),
        }
    }

    /// A boolean, also as the strings "true"/"false" (any case).
    pub fn flag(&self, name: &str) -> Result<Option<bool>> {
        match self.cow(name)?.as_deref() {
            None => Ok(None),
            Some(s) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(s) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(self.error(name, "expected true or false")),
        }
    }

    /// [`ErrorCode::ResponseMalformed`] about the `i`th member (0-based) of a flat map, named by
    /// position only: a flat map has no schema, its names are input like its values, and one
    /// may be a secret (issue #16). Not a list of the names Paytm defines either: that list cost
    /// 0.2 KB gzip of the browser build (measured), which has 0.3 KB to spare.
    fn flat_error(&self, i: usize, name: &str, rule: &str) -> Error {
        self.error(&crate::input::Unnamed(i + 1, name).to_string(), rule)
    }

    /// A nested object.
    pub fn obj(&self, name: &str) -> Result<Option<Members<'a>>> {
        self.raw(name)
            .map(|v| Members::of(self.api, self.path_of(name), v))
            .transpose()
    }

    /// An array of objects, each with its index in the path (`directForms[0]`); `null` or
    /// absent is empty.
    pub fn objs(&self, name: &str) -> Result<Vec<Members<'a>>> {
        match self.raw(name) {
            None => Ok(Vec::new()),
            Some(Json::Arr(items)) => {
                // Plain loops here and below: iterator adapters collecting into a Result were
                // ~0.5 KB each of the browser build (measured 2026-11-22).
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(Members::of(
                        self.api,
                        format!("{}[{i}]", self.path_of(name)),
                        item,
                    )?);
                }
                Ok(out)
            }
            Some(other) => {
                Err(self.error(name, &format!("expected an array, not {}", other.kind())))
            }
        }
    }

    /// An open member (any JSON), as sent.
    pub fn json(&self, name: &str) -> Option<SentJson> {
        self.raw(name).map(|v| SentJson(v.clone()))
    }

    /// A flat object of scalars (`txnInfo`): its (name, text) entries in the order received,
    /// `null` as no value. Names are unique (refused while parsing otherwise).
    pub fn entries(&self, name: &str) -> Result<Option<Entries<'a>>> {
        self.obj(name)?.map(|m| m.flat()).transpose()
    }

    /// This object as a flat map's entries (see [`Members::entries`]).
    pub fn flat(&self) -> Result<Entries<'a>> {
        let mut out = Vec::with_capacity(self.members.len());
        for (i, (k, v)) in self.members.iter().enumerate() {
            let value = match v {
                Json::Null => None,
                v => Some(scalar_of(v).map_err(|r| self.flat_error(i, k, r))?),
            };
            out.push((Cow::Borrowed(k.as_str()), value));
        }
        Ok(out)
    }
}

/// A flat map's entries as read, before sorting: (name, value).
pub(crate) type Entries<'a> = Vec<(Cow<'a, str>, Option<Cow<'a, str>>)>;

/// Removes `name`'s entry and returns its value.
pub(crate) fn take_entry<'a>(entries: &mut Entries<'a>, name: &str) -> Option<Cow<'a, str>> {
    let at = entries.iter().position(|(k, _)| k == name)?;
    entries.remove(at).1
}

impl<'a> FlatMap<'a> {
    /// The sorted map of `entries` (a name given twice is [`ErrorCode::SignatureAmbiguous`]).
    pub(crate) fn of(api: &str, entries: Entries<'a>) -> Result<FlatMap<'a>> {
        let mut out = FlatMapBuilder::new();
        for (k, v) in entries {
            out.push(k, v);
        }
        out.finish().map_err(|DuplicateName| {
            Error::with_message(
                ErrorCode::SignatureAmbiguous,
                format!("{api}: a signed member appears more than once"),
            )
        })
    }
}

/// A scalar as text: a string's content, an integer's digits, `true`/`false`. A number with a
/// fraction has no one text (`1.5`, `1.50`): Paytm sends such values as strings, and the text a
/// map-mode checksum covers cannot be rebuilt from the number.
fn scalar_of(v: &Json) -> core::result::Result<Cow<'_, str>, &'static str> {
    match v {
        Json::Str(s) => Ok(Cow::Borrowed(s)),
        Json::Uint(n) => Ok(Cow::Owned(n.to_string())),
        Json::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => {
            Ok(Cow::Owned((*n as i64).to_string()))
        }
        Json::Number(_) => Err("a number with a fraction or exponent, where text is expected"),
        Json::Bool(b) => Ok(Cow::Borrowed(if *b { "true" } else { "false" })),
        Json::Null => Ok(Cow::Borrowed("")),
        Json::Arr(_) | Json::Obj(_) => {
            Err("expected a string, a number or null, not an object or array")
        }
    }
}

fn malformed(api: &str, path: &str, rule: &str) -> Error {
    Error::with_message(
        ErrorCode::ResponseMalformed,
        format!("{api}: {path}: {rule}"),
    )
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
        for bad in [
            "1e2",
            "-1",
            "1.005",
            "abc",
            "1,000",
            ".",
            "0x10",
            "1.0\u{6b6}",
            "1.00é",
        ] {
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
    fn flat_map_sorted_by_bytes_and_duplicates_refused_small_and_large() {
        for n in [3usize, 200] {
            let mut members: Vec<String> = (0..n).map(|i| format!("\"k{i:05}\":\"{i}\"")).collect();
            members.reverse();
            members.push(r#""ABCDEFGHI":null,"ABCDEFGH":"x","\u00e9":"e","b":1"#.to_owned());
            let text = format!("{{{}}}", members.join(","));
            let m = parse_typed::<FlatMap<'_>>("t", &text).unwrap();
            let names: Vec<&str> = m.iter().map(|(k, _)| k).collect();
            let mut sorted = names.clone();
            sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            assert_eq!(names, sorted);
            assert!(m.contains("ABCDEFGHI") && m.contains("ABCDEFGH") && m.contains("\u{e9}"));
            let dup = format!("{{{},\"k00001\":\"again\"}}", members.join(","));
            assert_eq!(
                parse_typed::<FlatMap<'_>>("t", &dup)
                    .err()
                    .map(|e| e.code()),
                Some(ErrorCode::SignatureAmbiguous)
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
