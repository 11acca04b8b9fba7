//! From bytes to values, leniently and without a float: the size limit and UTF-8 check of a
//! response's bytes, the typed parse of its text ([`parse_typed`], errors mapped by the crate's
//! one mapper), and the scalar readers every response parser shares (`lenient`, amounts and
//! text read from the literal, never through a float).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::value::RawValue;

use crate::error::{Error, ErrorCode, Result};
use crate::input::serde_error::{raise_code, response_error};
use crate::types::{Amount, OrderId, SsoToken, SubscriptionId, TxnToken};

/// The largest response, callback or webhook accepted: Paytm's are a few KB. Larger input is
/// [`ErrorCode::InputTooLarge`] before any parsing, so hostile input cannot make us allocate.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// [`MAX_RESPONSE_BYTES`] on the bytes of a response, callback or webhook (`part` names them in
/// the message: `response`, `body`).
pub(crate) fn check_response_size(api: &str, part: &str, bytes: &[u8]) -> Result<()> {
    let what = |n: usize| format!("{api}: {part} is {n} bytes");
    Error::check_size(
        ErrorCode::InputTooLarge,
        bytes.len(),
        MAX_RESPONSE_BYTES,
        what,
    )
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
    check_response_size(api, "response", body)?;
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
            Err(response_error(api, path, &e))
        }
    }
}

/// Visitor methods that refuse every JSON type but the ones a visitor reads, with one fixed
/// message raised with its code (see [`crate::input::serde_error`]): `refuse!(CODE, "message";
/// visit_bool(bool), visit_str(&str), visit_unit, visit_seq[SeqAccess])`, each method with the
/// type it is given. Written out because serde's defaults describe the value (`invalid type:
/// floating point 1.5`): that formatting links float printing (~10 KB of WebAssembly, measured
/// 2026-11-22) and, for strings, would quote input that may be a token.
macro_rules! refuse {
    ($code:ident, $msg:expr; $($method:ident $(($t:ty))? $([$access:ident])?),*) => {
        $(refuse!(@one $method $(($t))? $([$access])?, $crate::error::ErrorCode::$code, $msg);)*
    };
    // A scalar: `visit_bool(bool)`.
    (@one $method:ident ($t:ty), $code:expr, $msg:expr) => {
        fn $method<E: de::Error>(self, _: $t) -> core::result::Result<Self::Value, E> {
            Err($crate::input::serde_error::raise_code($code, $msg))
        }
    };
    // An array or object: `visit_seq[SeqAccess]`.
    (@one $method:ident [$access:ident], $code:expr, $msg:expr) => {
        fn $method<A: de::$access<'de>>(self, _: A) -> core::result::Result<Self::Value, A::Error> {
            Err($crate::input::serde_error::raise_code($code, $msg))
        }
    };
    (@one visit_unit, $code:expr, $msg:expr) => {
        fn visit_unit<E: de::Error>(self) -> core::result::Result<Self::Value, E> {
            Err($crate::input::serde_error::raise_code($code, $msg))
        }
    };
}
pub(crate) use refuse;

/// An object key, borrowed when it has no escapes.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

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

/// A status an API does not answer with: [`ErrorCode::ResponseHttpStatus`].
pub(crate) fn http_error(api: &str, status: u16, expected: &str) -> Error {
    Error::with_message(
        ErrorCode::ResponseHttpStatus,
        format!("{api}: HTTP {status}; this API answers {expected} (treat the outcome as unknown and ask the status API)"),
    )
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
        scalar_cow(raw).map_err(|m| raise_code(ErrorCode::ResponseMalformed, m))
    }

    /// An amount (see [`amount_text`]).
    pub fn amount<'de, D: Deserializer<'de>>(
        d: D,
    ) -> core::result::Result<Option<Amount>, D::Error> {
        match cow(d)? {
            None => Ok(None),
            Some(s) => amount_text(&s).map_err(|m| raise_code(ErrorCode::ResponseMalformed, m)),
        }
    }

    /// A boolean, also as the strings "true"/"false".
    pub fn flag<'de, D: Deserializer<'de>>(d: D) -> core::result::Result<Option<bool>, D::Error> {
        match cow(d)?.as_deref() {
            None => Ok(None),
            Some(s) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(s) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(raise_code(
                ErrorCode::ResponseMalformed,
                "expected true or false",
            )),
        }
    }

    /// Declares the readers of typed members (ids, tokens): a string or number as text, absent or
    /// empty is `None`, and text the type's constructor refuses is malformed with the reader's
    /// own message, which states the rule and never the value (a token in an error message is a
    /// leaked credential).
    macro_rules! typed_readers {
        ($($(#[$doc:meta])* $name:ident: $ty:ty = $rule:literal;)*) => {$(
            $(#[$doc])*
            pub fn $name<'de, D: Deserializer<'de>>(
                d: D,
            ) -> core::result::Result<Option<$ty>, D::Error> {
                match text(d)? {
                    None => Ok(None),
                    Some(s) if s.is_empty() => Ok(None),
                    Some(s) => <$ty>::new(s)
                        .map(Some)
                        .map_err(|_| raise_code(ErrorCode::ResponseMalformed, $rule)),
                }
            }
        )*};
    }

    typed_readers! {
        /// `txnToken` (Initiate Transaction, Initiate Subscription).
        txn_token: TxnToken = "txnToken: not a token";
        /// `access_token` (Validate OTP).
        sso_token: SsoToken = "access_token: not a token";
        /// An order id of the PG APIs.
        order_id: OrderId = "not an order id this library could have sent";
        /// `orderId` of the subscription APIs.
        subs_order_id: OrderId = "orderId: not an order id";
        /// `subsId` / `subscriptionId`.
        subs_id: SubscriptionId = "subsId: not a subscription id";
    }

    /// A non-negative integer (epoch milliseconds), as a number or a string of digits.
    pub fn uint<'de, D: Deserializer<'de>>(d: D) -> core::result::Result<Option<u64>, D::Error> {
        match cow(d)? {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => s
                .parse::<u64>()
                .map(Some)
                .map_err(|_| raise_code(ErrorCode::ResponseMalformed, "expected a whole number")),
        }
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
            refuse!(ResponseMalformed, "expected a string";
                visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_unit,
                visit_seq[SeqAccess], visit_map[MapAccess]);
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IgnoredAny;

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
    fn nesting_where_values_are_built_is_not_json() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = parse_typed::<serde_json::Value>("t", &deep).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ResponseNotJson);
        // Skipped: walked iteratively, no stack, no error.
        assert!(parse_typed::<IgnoredAny>("t", &deep).is_ok());
    }
}
