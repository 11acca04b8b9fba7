//! Parameter maps for map-mode checksums (callbacks, webhooks, the legacy form APIs).
//!
//! The string Paytm signs for a map is the values of its keys, sorted by byte order, joined with
//! `|`. A missing value (`None`, JSON `null`) and a value equal to `null` in any letter case both
//! become the empty string: that is what Paytm's server-side libraries (Python, Java, PHP, Go) do.
//! The Node library keeps a literal `"null"`; we follow the server.
//!
//! This module owns that rule and the parsing of a JSON object into a map. It never signs anything.

use std::collections::BTreeMap;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::error::{Error, ErrorCode, Result};

/// The name of the checksum field inside a parameter map; never part of what is signed.
pub const CHECKSUMHASH: &str = "CHECKSUMHASH";

/// A map of parameter names to values, kept sorted by name (byte order).
///
/// ```
/// use paytm_checkout::Params;
/// let mut p = Params::new();
/// p.insert("ORDERID", "ORDER_1");
/// p.insert("MID", "INTEGR7769XXXXXX9383");
/// p.insert_null("BANKTXNID");
/// assert_eq!(p.joined(), "|INTEGR7769XXXXXX9383|ORDER_1");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params(BTreeMap<String, Option<String>>);

impl Params {
    /// An empty map.
    pub fn new() -> Params {
        Params(BTreeMap::new())
    }

    /// Parses a JSON object whose values are strings or `null`. Duplicate names, other value
    /// types and anything but an object are [`ErrorCode::InvalidParams`]; the message says where,
    /// never what the value was.
    pub fn from_json(json: &[u8]) -> Result<Params> {
        let mut de = serde_json::Deserializer::from_slice(json);
        let p = Params::deserialize(&mut de).and_then(|p| de.end().map(|()| p));
        p.map_err(|e| {
            let what = match e.classify() {
                serde_json::error::Category::Io | serde_json::error::Category::Eof => {
                    "JSON ends early"
                }
                serde_json::error::Category::Syntax => "JSON syntax error",
                serde_json::error::Category::Data => {
                    "expected a JSON object whose values are strings or null, without duplicate names"
                }
            };
            Error::with_message(
                ErrorCode::InvalidParams,
                format!("params: {what} at line {} column {}", e.line(), e.column()),
            )
        })
    }

    /// The map as a JSON object (names sorted by byte order; missing values as `null`).
    pub fn to_json(&self) -> String {
        // Serializing strings and nulls into a String cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Sets `name` to `value`, replacing any earlier value.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.insert(name.into(), Some(value.into()));
    }

    /// Sets `name` to no value (signed as the empty string).
    pub fn insert_null(&mut self, name: impl Into<String>) {
        self.0.insert(name.into(), None);
    }

    /// The value of `name`: `Some(None)` when present without a value.
    pub fn get(&self, name: &str) -> Option<Option<&str>> {
        self.0.get(name).map(Option::as_deref)
    }

    /// Removes and returns `name`'s entry.
    pub fn remove(&mut self, name: &str) -> Option<Option<String>> {
        self.0.remove(name)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Entries in signing order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.entries()
    }

    fn entries(&self) -> impl Iterator<Item = (&str, Option<&str>)> + Clone {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_deref()))
    }

    /// Every value, sorted by name, joined with `|`, with the `null` rule applied — including a
    /// `CHECKSUMHASH` entry if there is one (Paytm's `getStringByParams`).
    pub fn joined(&self) -> String {
        join(self.entries())
    }

    /// What a checksum of this map covers: [`Params::joined`] without `CHECKSUMHASH`.
    /// Paytm's verifiers drop that entry, so a signer must too.
    pub fn signing_string(&self) -> String {
        signing_string_of(self.entries())
    }

    /// As [`Params::signing_string`], but a value equal to `null` stays `null` (what the Node
    /// library does). For diagnostics only.
    pub fn signing_string_keeping_null_text(&self) -> String {
        let mut out = String::new();
        for (i, (_, v)) in self.iter().filter(|(k, _)| *k != CHECKSUMHASH).enumerate() {
            if i > 0 {
                out.push('|');
            }
            out.push_str(v.unwrap_or(""));
        }
        out
    }

    /// True when some value is `null` text in any letter case (signed as empty).
    pub fn has_null_text(&self) -> bool {
        self.iter().any(|(_, v)| v.is_some_and(is_null_text))
    }
}

fn is_null_text(v: &str) -> bool {
    v.eq_ignore_ascii_case("null")
}

/// The join rule, the only implementation of it: every value of `entries` (which the caller
/// yields sorted by name bytes), joined with `|`, a missing value or `null` text as empty.
fn join<'a>(entries: impl Iterator<Item = (&'a str, Option<&'a str>)> + Clone) -> String {
    // Sized up front: one allocation for the whole string.
    let len = entries
        .clone()
        .map(|(_, v)| v.map_or(0, str::len) + 1)
        .sum::<usize>();
    let mut out = String::with_capacity(len);
    for (i, (_, v)) in entries.enumerate() {
        if i > 0 {
            out.push('|');
        }
        match v {
            Some(v) if !is_null_text(v) => out.push_str(v),
            _ => {}
        }
    }
    out
}

/// What a map-mode checksum covers: [`join`] over `entries` (sorted by name bytes, without
/// duplicates) minus any `CHECKSUMHASH` entry. [`Params::signing_string`] and the response
/// parsers' borrowed maps both call this.
pub(crate) fn signing_string_of<'a>(
    entries: impl Iterator<Item = (&'a str, Option<&'a str>)> + Clone,
) -> String {
    join(entries.filter(|(k, _)| *k != CHECKSUMHASH))
}

impl core::fmt::Debug for Params {
    /// Names and value lengths only: values may be tokens or personal data.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        debug_names_and_lengths(f, self.iter())
    }
}

/// The Debug of a map whose values may be tokens or personal data ([`Params`] and the response
/// parsers' flat maps): each name with its value's length (`<5 bytes>`) or `null`, never a value.
pub(crate) fn debug_names_and_lengths<'a>(
    f: &mut core::fmt::Formatter<'_>,
    entries: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> core::fmt::Result {
    let mut m = f.debug_map();
    for (k, v) in entries {
        match v {
            Some(v) => m.entry(&k, &format_args!("<{} bytes>", v.len())),
            None => m.entry(&k, &format_args!("null")),
        };
    }
    m.finish()
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Params {
        Params(
            iter.into_iter()
                .map(|(k, v)| (k.into(), Some(v.into())))
                .collect(),
        )
    }
}

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Params, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Params;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("an object whose values are strings or null")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut a: A,
            ) -> core::result::Result<Params, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(k) = a.next_key::<String>()? {
                    let v = a.next_value::<Option<String>>()?;
                    if out.insert(k, v).is_some() {
                        // Two parsers that keep different duplicates would verify different maps.
                        return Err(de::Error::custom("duplicate parameter name"));
                    }
                }
                Ok(Params(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl serde::Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_by_bytes_null_rule_and_checksumhash() {
        let p = Params::from_json(
            br#"{"b":"2","a":"1","B":"NuLL","c":null,"CHECKSUMHASH":"x","\u00e9":"e"}"#,
        )
        .unwrap();
        // Byte order: uppercase before lowercase, multi-byte UTF-8 last.
        assert_eq!(p.joined(), "|x|1|2||e");
        assert_eq!(p.signing_string(), "|1|2||e");
        assert_eq!(p.signing_string_keeping_null_text(), "NuLL|1|2||e");
        assert!(p.has_null_text());
    }

    #[test]
    fn rejects_what_is_not_an_object_of_strings() {
        for bad in [
            &b""[..],
            b"[]",
            b"\"s\"",
            b"{\"a\":1}",
            b"{\"a\":true}",
            b"{\"a\":{}}",
            b"{\"a\":\"1\",\"a\":\"2\"}",
            b"{\"a\":\"1\"} x",
            b"{\"a\":\"\xff\"}",
            b"{\"a\":",
        ] {
            let e = Params::from_json(bad).unwrap_err();
            assert_eq!(
                e.code(),
                ErrorCode::InvalidParams,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn error_and_debug_never_show_values() {
        let e = Params::from_json(br#"{"CVV":"123","n":4111111111111111}"#).unwrap_err();
        assert!(!e.to_string().contains("4111"));
        let p = Params::from_json(br#"{"TOKEN":"s3cr3t"}"#).unwrap();
        assert!(!format!("{p:?}").contains("s3cr3t"));
    }
}
