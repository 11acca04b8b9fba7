//! A compact reader of JSON inputs: one small JSON tree ([`Json`]) parsed by serde_json, then
//! plain, non-generic code per member (`Obj`, crate-private).
//!
//! Why not `#[derive(Deserialize)]` everywhere: a derived impl instantiates serde_json's parser
//! once per type and per field type. For Process Transaction and its card types that was 166 KB
//! of WebAssembly (measured 2026-11-22, the npm package's browser build, wasm-opt -Oz), more than
//! the browser build's whole budget; read through this module the same inputs cost a few KB.
//! The types read here keep implementing `Deserialize` (through [`Json`]), so there is one
//! reading of each input, whichever entry point is used.
//!
//! Rules, the same as the derived readers had:
//! - an unknown member is [`ErrorCode::InvalidField`] (inputs are checked, not guessed at), and so
//!   is a member given twice (a derived reader said "duplicate field"; serde_json's own `Value`
//!   would silently keep the last one);
//! - a missing required member is [`ErrorCode::MissingField`]; `null` is the same as absent;
//! - a member of the wrong type is [`ErrorCode::InvalidField`]; a value its type refuses keeps
//!   that type's code (`INVALID_CARD_NUMBER`, `INVALID_ORDER_ID`...);
//! - messages name the member's path (`process_transaction: cardInfo.cvv: ...`), never its value;
//!   a member the schema does not declare is named by its position only (`member 3 (its
//!   16-character name is not shown)`): a name is input too, and a card number or key pasted as
//!   one must not come back in an error;
//! - text that is not JSON is [`ErrorCode::InvalidParams`].
//!
//! Strings in the tree are zeroized when it is dropped: inputs carry card numbers and CVVs.
//!
//! [`Json`] is public for bindings whose host parses JSON itself: the npm package's browser build
//! hands the browser's `JSON.parse` result to the `from_tree` readers
//! ([`crate::api::process::ProcessTransaction::from_tree`], [`crate::card::CardInfo::from_tree`],
//! [`crate::BuildOptions::from_tree`], [`crate::ParseOptions::from_tree`],
//! [`crate::response::process_transaction_json`]) instead of linking serde_json's parser. Every
//! other caller passes JSON text to the `from_json` readers, which build the same tree.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use zeroize::Zeroize;

use crate::error::{Error, ErrorCode, Result};

mod repeated;
pub(crate) mod serde_error;

pub use repeated::{repeated_member, repeated_member_code};

/// A JSON value as this crate's readers take it: objects keep their members in order (parsed
/// from text, a name given twice is refused), numbers are a non-negative integer or an f64
/// (money is never read from a JSON number). Also the tree of the responses read in
/// [`crate::response`]. Strings are zeroized on drop.
#[derive(Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A non-negative integer that fits in u64.
    Uint(u64),
    /// Any other number (negative, fractional, exponent, too large for u64).
    Number(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object's members, in order.
    Obj(Vec<(String, Json)>),
}

impl fmt::Debug for Json {
    /// The kind only: inputs carry card numbers, CVVs and tokens.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Json(<{}>)", self.kind())
    }
}

impl Drop for Json {
    fn drop(&mut self) {
        match self {
            Json::Str(s) => s.zeroize(),
            Json::Obj(entries) => entries.iter_mut().for_each(|(k, _)| k.zeroize()),
            _ => {}
        }
    }
}

impl Json {
    /// Parses JSON text; `what` prefixes error messages (an API name such as
    /// `process_transaction`).
    pub(crate) fn parse(what: &str, text: &[u8]) -> Result<Json> {
        serde_json::from_slice(text).map_err(|e| {
            // The crate's one mapping of serde_json errors (syntax: INVALID_PARAMS with line and
            // column; the errors this module raises keep their code).
            let err = serde_error::json_error(what, &e);
            if err.message().starts_with(what) {
                err
            } else {
                Error::with_message(err.code(), format!("{what}: {}", err.message()))
            }
        })
    }

    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Uint(_) | Json::Number(_) => "a number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "an array",
            Json::Obj(_) => "an object",
        }
    }
}

/// As JSON: members in their order, numbers as parsed.
impl serde::Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Uint(n) => s.serialize_u64(*n),
            Json::Number(n) => s.serialize_f64(*n),
            Json::Str(t) => s.serialize_str(t),
            Json::Arr(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Obj(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> core::result::Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> core::result::Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> core::result::Result<Json, D::Error> {
        Json::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> core::result::Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_u64<E>(self, n: u64) -> core::result::Result<Json, E> {
        Ok(Json::Uint(n))
    }
    fn visit_i64<E>(self, n: i64) -> core::result::Result<Json, E> {
        Ok(u64::try_from(n).map_or(Json::Number(n as f64), Json::Uint))
    }
    fn visit_f64<E>(self, n: f64) -> core::result::Result<Json, E> {
        Ok(Json::Number(n))
    }
    fn visit_str<E>(self, s: &str) -> core::result::Result<Json, E> {
        Ok(Json::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> core::result::Result<Json, E> {
        Ok(Json::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> core::result::Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Json>()? {
            items.push(item);
        }
        Ok(Json::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> core::result::Result<Json, A::Error> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        // Keys through `deserialize_any` (KeyVisitor), not `String`'s deserializer: that one
        // links serde_json's "invalid type" messages and with them float formatting (~10 KB of
        // WebAssembly), for a case JSON cannot produce.
        while let Some(k) = map.next_key_seed(Key)? {
            if let Some(first) = entries.iter().position(|(name, _)| *name == k) {
                return Err(serde_error::raise_code(
                    ErrorCode::InvalidField,
                    format_args!(
                        "{} repeats the name of member {}",
                        Unnamed(entries.len() + 1, &k),
                        first + 1
                    ),
                ));
            }
            let v = map.next_value()?;
            entries.push((k, v));
        }
        Ok(Json::Obj(entries))
    }
}

/// An object's member name.
struct Key;

impl<'de> de::DeserializeSeed<'de> for Key {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> core::result::Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for Key {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E>(self, s: &str) -> core::result::Result<String, E> {
        Ok(s.to_owned())
    }
    fn visit_string<E>(self, s: String) -> core::result::Result<String, E> {
        Ok(s)
    }
}

/// A member of the input named in a message: by its position (1-based) and the length of its
/// name, never by the name itself. A name is input like any value: a card number, a key or a
/// token pasted where a name belongs must not come back in an error (issue #16). Names the
/// schema declares are shown as they are (they are ours); anything else is shown this way.
pub(crate) struct Unnamed<'a>(pub usize, pub &'a str);

impl fmt::Display for Unnamed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "member {} (its {}-character name is not shown)",
            self.0,
            self.1.chars().count()
        )
    }
}

/// `a, b, c` (not generic: one copy for every list).
fn list(names: &mut dyn Iterator<Item = &str>) -> String {
    let mut out = String::new();
    for n in names {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(n);
    }
    out
}

/// The members of one JSON object, with the path used in messages.
pub(crate) struct Obj<'a> {
    what: &'a str,
    path: String,
    entries: &'a [(String, Json)],
}

/// A message about the member at `path`: `what: path: rule`.
fn at(what: &str, path: &str, code: ErrorCode, rule: &str) -> Error {
    if path.is_empty() {
        Error::with_message(code, format!("{what}: {rule}"))
    } else {
        Error::with_message(code, format!("{what}: {path}: {rule}"))
    }
}

impl<'a> Obj<'a> {
    /// The top-level object of an input; any member outside `known` is refused.
    pub(crate) fn root(what: &'a str, json: &'a Json, known: &[&str]) -> Result<Obj<'a>> {
        Obj::at(what, String::new(), json, known)
    }

    fn at(what: &'a str, path: String, json: &'a Json, known: &[&str]) -> Result<Obj<'a>> {
        let Json::Obj(entries) = json else {
            return Err(at(
                what,
                &path,
                ErrorCode::InvalidField,
                &format!("must be an object, not {}", json.kind()),
            ));
        };
        if let Some((i, (name, _))) = entries
            .iter()
            .enumerate()
            .find(|(_, (n, _))| !known.contains(&n.as_str()))
        {
            return Err(at(
                what,
                &path,
                ErrorCode::InvalidField,
                &format!(
                    "unknown {}; expected one of {}",
                    Unnamed(i + 1, name),
                    list(&mut known.iter().copied())
                ),
            ));
        }
        Ok(Obj {
            what,
            path,
            entries,
        })
    }

    fn path_of(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    /// An error about member `name`.
    pub(crate) fn error(&self, code: ErrorCode, name: &str, rule: &str) -> Error {
        at(self.what, &self.path_of(name), code, rule)
    }

    /// A value's own error (its code, and its rule without the field name it put in front),
    /// placed at member `name`.
    pub(crate) fn placed(&self, name: &str, e: Error) -> Error {
        // After the first ": " (a char search: a str pattern would link a substring searcher,
        // 2 KB of the browser build).
        let m = e.message();
        let rule = m
            .match_indices(':')
            .find_map(|(i, _)| m[i + 1..].strip_prefix(' '))
            .unwrap_or(m);
        self.error(e.code(), name, rule)
    }

    /// The member `name`, `None` when absent or `null`.
    fn get(&self, name: &str) -> Option<&'a Json> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, Json::Null))
    }

    fn wrong_type(&self, name: &str, want: &str, got: &Json) -> Error {
        self.error(
            ErrorCode::InvalidField,
            name,
            &format!("must be {want}, not {}", got.kind()),
        )
    }

    /// [`ErrorCode::MissingField`] for member `name`.
    pub(crate) fn missing(&self, name: &str) -> Error {
        let path = self.path_of(name);
        Error::with_message(
            ErrorCode::MissingField,
            format!("{}: missing member `{path}`", self.what),
        )
    }

    /// An optional string member.
    pub(crate) fn str(&self, name: &str) -> Result<Option<&'a str>> {
        match self.get(name) {
            None => Ok(None),
            Some(Json::Str(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong_type(name, "a string", other)),
        }
    }

    /// A required string member.
    pub(crate) fn req_str(&self, name: &str) -> Result<&'a str> {
        self.str(name)?.ok_or_else(|| self.missing(name))
    }

    /// An optional string member read by `make` (a validating constructor); its error keeps its
    /// code and is placed at the member.
    pub(crate) fn text<T>(&self, name: &str, make: fn(&str) -> Result<T>) -> Result<Option<T>> {
        self.str(name)?
            .map(|s| make(s).map_err(|e| self.placed(name, e)))
            .transpose()
    }

    /// A required member read by `make`.
    pub(crate) fn req_text<T>(&self, name: &str, make: fn(&str) -> Result<T>) -> Result<T> {
        make(self.req_str(name)?).map_err(|e| self.placed(name, e))
    }

    /// An optional member that is one of the names in `table`.
    pub(crate) fn choice<T: Copy>(&self, name: &str, table: &[(&str, T)]) -> Result<Option<T>> {
        let Some(s) = self.str(name)? else {
            return Ok(None);
        };
        match table.iter().find(|(n, _)| *n == s) {
            Some((_, v)) => Ok(Some(*v)),
            None => Err(self.not_one_of(name, &mut table.iter().map(|(n, _)| *n))),
        }
    }

    /// "must be one of a, b, c" about member `name` (not generic: one copy for every table).
    fn not_one_of(&self, name: &str, names: &mut dyn Iterator<Item = &str>) -> Error {
        self.error(
            ErrorCode::InvalidField,
            name,
            &format!("must be one of {}", list(names)),
        )
    }

    /// A required member that is one of the names in `table`.
    pub(crate) fn req_choice<T: Copy>(&self, name: &str, table: &[(&str, T)]) -> Result<T> {
        self.choice(name, table)?.ok_or_else(|| self.missing(name))
    }

    /// An optional boolean member.
    pub(crate) fn flag(&self, name: &str) -> Result<Option<bool>> {
        match self.get(name) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong_type(name, "true or false", other)),
        }
    }

    /// An optional whole number (0 to 2^64-1).
    pub(crate) fn uint(&self, name: &str) -> Result<Option<u64>> {
        match self.get(name) {
            None => Ok(None),
            Some(Json::Uint(n)) => Ok(Some(*n)),
            Some(other) => Err(self.wrong_type(name, "a whole number", other)),
        }
    }

    /// The raw value of an optional member (for members of more than one type).
    pub(crate) fn raw(&self, name: &str) -> Option<&'a Json> {
        self.get(name)
    }

    /// An optional object member; any member of it outside `known` is refused.
    pub(crate) fn obj(&self, name: &str, known: &[&str]) -> Result<Option<Obj<'a>>> {
        self.get(name)
            .map(|v| Obj::at(self.what, self.path_of(name), v, known))
            .transpose()
    }
}

/// `Deserialize` through [`Json`] and a reader: for the types this module reads, so that a
/// derived outer type and the direct entry points read them the same way.
pub(crate) fn deserialize_with<'de, D, T>(
    d: D,
    what: &'static str,
    read: fn(&Json, &str) -> Result<T>,
) -> core::result::Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let json = Json::deserialize(d)?;
    read(&json, what).map_err(serde_error::raise)
}

/// `impl Deserialize` through [`deserialize_with`]: `read_through_tree!(T, "what", reader)`
/// for a reader `fn(&Json, &str) -> Result<T>`, or `read_through_tree!(T, "what")` for a type
/// with `MEMBERS` (its member names) and `read(&Obj)`, read as a top-level object.
macro_rules! read_through_tree {
    ($ty:ty, $what:expr) => {
        $crate::input::read_through_tree!($ty, $what, |json, what| {
            <$ty>::read(&$crate::input::Obj::root(what, json, <$ty>::MEMBERS)?)
        });
    };
    ($ty:ty, $what:expr, $read:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> core::result::Result<Self, D::Error> {
                $crate::input::deserialize_with(d, $what, $read)
            }
        }
    };
}
pub(crate) use read_through_tree;

#[cfg(test)]
mod tests {
    use super::*;

    fn obj_of(text: &str) -> Json {
        Json::parse("t", text.as_bytes()).unwrap()
    }

    #[test]
    fn members_are_read_with_their_paths_and_codes() {
        let j = obj_of(r#"{"a":"x","n":null,"b":true,"o":{"c":7}}"#);
        let o = Obj::root("t", &j, &["a", "n", "b", "o"]).unwrap();
        assert_eq!(o.str("a").unwrap(), Some("x"));
        assert_eq!(o.str("n").unwrap(), None);
        assert_eq!(o.flag("b").unwrap(), Some(true));
        let inner = o.obj("o", &["c"]).unwrap().unwrap();
        assert!(matches!(inner.raw("c"), Some(Json::Uint(7))));
        let e = inner.req_str("d").unwrap_err();
        assert_eq!(e.code(), ErrorCode::MissingField);
        assert_eq!(e.message(), "t: missing member `o.d`");
        let e = inner.str("c").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidField);
        assert_eq!(e.message(), "t: o.c: must be a string, not a number");
        let e = o.choice("a", &[("Y", 1), ("Z", 2)]).unwrap_err();
        assert_eq!(e.message(), "t: a: must be one of Y, Z");
    }

    #[test]
    fn unknown_and_repeated_members_are_refused() {
        let j = obj_of(r#"{"a":"1","zz":"2"}"#);
        let e = Obj::root("t", &j, &["a"]).err().unwrap();
        assert_eq!(e.code(), ErrorCode::InvalidField);
        assert_eq!(
            e.message(),
            "t: unknown member 2 (its 2-character name is not shown); expected one of a"
        );
        let e = Json::parse("t", br#"{"a":"1","a":"2"}"#).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidField);
        assert_eq!(
            e.message(),
            "t: member 2 (its 1-character name is not shown) repeats the name of member 1"
        );
        let e = Json::parse("t", br#"{"a":"#).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidParams);
        let e = Obj::root("t", &obj_of("[1]"), &[]).err().unwrap();
        assert_eq!(e.message(), "t: must be an object, not an array");
    }

    #[test]
    fn numbers_are_unsigned_integers_or_floats() {
        let j = obj_of(r#"{"a":1,"b":-1,"c":1.5,"d":1e3}"#);
        let o = Obj::root("t", &j, &["a", "b", "c", "d"]).unwrap();
        assert!(matches!(o.raw("a"), Some(Json::Uint(1))));
        assert!(matches!(o.raw("b"), Some(Json::Number(n)) if *n == -1.0));
        assert!(matches!(o.raw("c"), Some(Json::Number(n)) if *n == 1.5));
        assert!(matches!(o.raw("d"), Some(Json::Number(n)) if *n == 1000.0));
    }

    #[test]
    fn values_are_not_quoted_in_errors() {
        let j = obj_of(r#"{"a":"SECRETVALUE"}"#);
        let o = Obj::root("t", &j, &["a"]).unwrap();
        let e = o
            .text::<()>("a", |_| {
                Err(Error::with_message(
                    ErrorCode::InvalidCvv,
                    "cvv: must be 3 or 4 digits",
                ))
            })
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidCvv);
        assert_eq!(e.message(), "t: a: must be 3 or 4 digits");
        assert!(!e.message().contains("SECRETVALUE"));
    }
}
