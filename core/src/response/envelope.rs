//! The `{"head","body"}` envelope of Paytm's JSON APIs: the top-level members located with
//! serde_json's tokenizer (the body kept as the exact bytes received, for its signature), and
//! the [`ResponseHead`], read from text or from a tree.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;

use super::members::Members;
use super::scalar::{parse_typed, refuse, scalar_text, Key};
use super::verify::{verify_string, Answer, ParseOptions, Verification};
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::input::serde_error::{raise_code, response_error};
use crate::result_codes::ResultClass;

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
                                return Err(raise_code(
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
                        return Err(raise_code(
                            ErrorCode::ResponseMalformed,
                            format_args!("head.{k} appears more than once"),
                        ));
                    }
                    let raw = a.next_value::<&'de RawValue>()?;
                    *slot = scalar_text(raw).map_err(|m| {
                        raise_code::<A::Error>(
                            ErrorCode::ResponseMalformed,
                            format_args!("head.{k}: {m}"),
                        )
                    })?;
                }
                Ok(h)
            }
            refuse!(ResponseMalformed, "head: expected an object";
                visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str),
                visit_seq[SeqAccess]);
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
                            return Err(raise_code(
                                ErrorCode::SignatureAmbiguous,
                                "the head member appears more than once",
                            ));
                        }
                        head_seen = true;
                        head = a.next_value::<Option<ResponseHead>>()?;
                    }
                    "body" => {
                        if body.is_some() {
                            return Err(raise_code(
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
        refuse!(ResponseMalformed, "the response is not a JSON object";
            visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str),
            visit_unit, visit_seq[SeqAccess]);
    }
    struct Top<'a>((Option<ResponseHead>, Option<&'a RawValue>));
    impl<'de> Deserialize<'de> for Top<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Top<'de>, D::Error> {
            d.deserialize_any(V).map(Top)
        }
    }
    // Every shape error here carries its own member name ("head.version: ..."): no second
    // pass for a path (serde_path_to_error is for the derived readers).
    let Top((head, body)) = serde_json::from_slice::<Top<'a>>(text.as_bytes())
        .map_err(|e| response_error(api, None, &e))?;
    let body = body.ok_or_else(|| {
        Error::with_message(
            ErrorCode::ResponseMalformed,
            format!("{api}: the response has no body member"),
        )
    })?;
    Ok(Envelope { head, body })
}

/// A signed `{"head","body"}` response: its head, its body read as `T`, and how the signature
/// in the head verified over the body's exact bytes (checked before the body is read).
pub(crate) fn signed<'a, T: Deserialize<'a>>(
    api: &str,
    text: &'a str,
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<(ResponseHead, T, Verification)> {
    let Envelope { head, body } = envelope(api, text)?;
    let head = head.unwrap_or_default();
    let v = verify_string(
        api,
        head.signature.as_deref(),
        body.get().as_bytes(),
        key,
        options,
    )?;
    Ok((head, parse_typed(api, body.get())?, v))
}

/// The typed `body` of a signed `{"head","body"}` response: it takes the head it came with and
/// says what it means (deriving its normalised state on the way).
pub(crate) trait SignedBody {
    /// Stores `head`, completes the derived members and classifies the answer; an `Err` for a
    /// body that breaks a promise of its API (a success without what success carries).
    fn settle(&mut self, head: ResponseHead, api: &str) -> Result<ResultClass>;
}

/// `class`, unless it is a success that lacks what its API promises with success (`kept` is
/// false): such a body is [`ErrorCode::ResponseMalformed`], `why` saying what it lacks.
pub(crate) fn kept_promise(
    api: &str,
    class: ResultClass,
    kept: bool,
    why: &str,
) -> Result<ResultClass> {
    if class == ResultClass::Success && !kept {
        return Err(Error::with_message(
            ErrorCode::ResponseMalformed,
            format!("{api}: {why}"),
        ));
    }
    Ok(class)
}

/// [`SignedBody`] for the answers whose class is their `resultInfo`'s in one code table and whose
/// API promises nothing more: `settled_by_result_info!(Type => TABLE, …)`, each `Type` with its
/// `head` and `result_info` members, each `TABLE` one of [`crate::result_codes`]'s tables.
macro_rules! settled_by_result_info {
    ($($t:ty => $table:expr),* $(,)?) => {$(
        impl $crate::response::envelope::SignedBody for $t {
            fn settle(
                &mut self,
                head: $crate::response::ResponseHead,
                _api: &str,
            ) -> $crate::error::Result<$crate::result_codes::ResultClass> {
                self.head = head;
                Ok($crate::response::outcome::ResultFields::class_in(
                    &self.result_info,
                    $table,
                ))
            }
        }
    )*};
}
pub(crate) use settled_by_result_info;

/// One API's signed answer: the envelope verified over the body's exact bytes, then the typed
/// body settled.
pub(crate) fn signed_answer<'a, T: Deserialize<'a> + SignedBody>(
    api: &str,
    text: &'a str,
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<Answer<T>> {
    let (head, mut body, v) = signed::<T>(api, text, key, options)?;
    let class = body.settle(head, api)?;
    Ok((v, class, body))
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
