//! A response read as one compact JSON tree ([`Json`]): [`Members`] reads an object of it by
//! member name, leniently and with messages that name the member's path; open members are kept
//! as [`SentJson`].

use std::borrow::Cow;
use std::fmt;

use compact_str::CompactString;
use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::input::{repeated_member_code, Json};

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
/// anywhere is [`ErrorCode::SignatureAmbiguous`] (the one rule of [`repeated_member_code`]:
/// parsers disagree on which one wins, so a verifier and the business logic could see different
/// values); text that is not JSON, or nests deeper than 128 levels, is
/// [`ErrorCode::ResponseNotJson`].
pub(crate) fn response_tree(api: &str, text: &str) -> Result<Json> {
    Json::parse(api, text.as_bytes()).map_err(|e| {
        // The tree's reader refuses a member given twice as INVALID_FIELD, its input code.
        let code = match e.code() {
            ErrorCode::InvalidField => repeated_member_code(ErrorCode::ResponseNotJson),
            _ => ErrorCode::ResponseNotJson,
        };
        Error::with_message(code, e.message())
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
