//! [`FlatMap`]: a flat object of scalars or a form's fields as the sorted (name, value) pairs a
//! map-mode checksum covers, built once and refusing a name given twice.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::members::Entries;
use super::scalar::{refuse, scalar_cow, Key};
use crate::error::{Error, ErrorCode, Result};
use crate::input::serde_error::raise_code;
#[allow(unused_imports)]
use crate::params::Params;

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
                        raise_code::<A::Error>(
                            ErrorCode::ResponseMalformed,
                            format_args!("{}: {m}", crate::input::Unnamed(n, &k)),
                        )
                    })?;
                    out.push(k, v);
                }
                out.finish().map_err(|DuplicateName| {
                    raise_code(
                        ErrorCode::SignatureAmbiguous,
                        "a member appears more than once",
                    )
                })
            }
            refuse!(ResponseMalformed, "expected an object of strings, numbers or null";
                visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str),
                visit_unit, visit_seq[SeqAccess]);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::scalar::parse_typed;

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
}
