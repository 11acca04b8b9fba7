//! The crate's one mapping of serde_json errors to [`ErrorCode`]s, for inputs (1xxx) and for
//! responses and callbacks (3xxx), and the one way a reader raises a typed error inside serde.
//!
//! serde's error type carries only text. A reader that refuses a value with a code of its own
//! (`INVALID_CARD_NUMBER`, `SIGNATURE_AMBIGUOUS` …) calls [`raise`]: the typed [`Error`] is
//! recorded beside the text serde carries, and the mapper takes it back when the text it is
//! given is that error's message. No code travels inside a message, and none is recovered by
//! splitting text. The record lives only between the reader that raises it and the mapper of the
//! same call on the same thread; every mapping takes (and so clears) it.
//!
//! Messages never quote input: not a value, and not a member name either. serde's own texts do
//! (`unknown field `4111…``, `invalid type: string "…"`), and a card number, key or token typed
//! in the wrong place is exactly what such a text would print (issue #16).
//!
//! This module imports neither [`crate::api`] nor [`crate::response`]: both map through it.

use core::cell::RefCell;
use core::fmt;

use serde::de;

use crate::error::{Error, ErrorCode, Result};

std::thread_local! {
    /// The typed error of the last [`raise`] on this thread, until a mapper takes it.
    static RAISED: RefCell<Option<Error>> = const { RefCell::new(None) };
}

/// A serde error for `e` that the mappers of this module turn back into `e` (its code and its
/// message). For the `Deserialize` impls of validated types and of the crate's readers.
pub(crate) fn raise<E: de::Error>(e: Error) -> E {
    let err = E::custom(e.message());
    RAISED.with(|r| *r.borrow_mut() = Some(e));
    err
}

/// [`raise`] of an error made of `code` and `message`.
pub(crate) fn raise_code<E: de::Error>(code: ErrorCode, message: impl fmt::Display) -> E {
    raise(Error::with_message(code, message.to_string()))
}

/// serde_json's message without the " at line L column C" it appends.
fn own_text(text: &str) -> &str {
    text.rsplit_once(" at line ").map_or(text, |(m, _)| m)
}

/// The typed error a reader raised for this serde text, if it is the one this text carries.
fn raised(msg: &str) -> Option<Error> {
    if let Some(e) = RAISED.with(|r| r.borrow_mut().take()) {
        if e.message() == msg {
            return Some(e);
        }
    }
    None
}

/// What a serde_json error is about, once its position is cut off.
enum Shape<'a> {
    /// A reader's own typed error (see [`raise`]).
    Raised(Error),
    /// "missing field `x`" (x is one of the type's own field names, never input).
    Missing(&'a str),
    /// "duplicate field `x`" (also the type's own name).
    Duplicate(&'a str),
    /// An unknown member name or variant (the name is input: see [`UnknownName`]).
    Unknown(UnknownName<'a>),
    /// Any other shape error: a member of the wrong type or value.
    Other,
    /// Text that is not JSON (or nests deeper than serde_json's limit).
    Syntax { nested_too_deeply: bool },
}

fn shape<'a>(e: &serde_json::Error, text: &'a str) -> Shape<'a> {
    let msg = own_text(text);
    if let Some(err) = raised(msg) {
        return Shape::Raised(err);
    }
    if e.classify() != serde_json::error::Category::Data {
        return Shape::Syntax {
            nested_too_deeply: msg.contains("recursion limit"),
        };
    }
    if msg.starts_with("missing field") {
        Shape::Missing(msg)
    } else if msg.starts_with("duplicate field") {
        Shape::Duplicate(msg)
    } else {
        unknown_name(msg).map_or(Shape::Other, Shape::Unknown)
    }
}

/// Maps a serde_json error about an input: a reader's typed error keeps its code and message, a
/// missing member is [`ErrorCode::MissingField`], anything else about the shape is
/// [`ErrorCode::InvalidField`] (an unknown name described by its length and the names that were
/// expected instead), and text that is not JSON is [`ErrorCode::InvalidParams`]. Other messages
/// start with `what: `.
pub(crate) fn json_error(what: &str, e: &serde_json::Error) -> Error {
    let text = e.to_string();
    let (code, m) = match shape(e, &text) {
        Shape::Raised(err) => return err,
        Shape::Missing(msg) => (ErrorCode::MissingField, msg.to_owned()),
        Shape::Unknown(u) => (ErrorCode::InvalidField, u.describe()),
        Shape::Duplicate(_) | Shape::Other => (
            ErrorCode::InvalidField,
            format!(
                "a member has the wrong type or value at line {} column {}",
                e.line(),
                e.column()
            ),
        ),
        Shape::Syntax { .. } => (
            ErrorCode::InvalidParams,
            format!("not valid JSON (line {} column {})", e.line(), e.column()),
        ),
    };
    Error::with_message(code, format!("{what}: {m}"))
}

/// Maps a serde_json error about a response or callback: a reader's typed error keeps its code
/// (its message placed after `api: path: `), any other shape error is
/// [`ErrorCode::ResponseMalformed`] and text that is not JSON [`ErrorCode::ResponseNotJson`].
/// `path` is the member's path as serde_path_to_error found it; the message names it, never the
/// member's value.
pub(crate) fn response_error(api: &str, path: Option<String>, e: &serde_json::Error) -> Error {
    let text = e.to_string();
    let at = match path {
        Some(p) if !p.is_empty() && p != "." => format!("{p}: "),
        _ => String::new(),
    };
    let (code, what) = match shape(e, &text) {
        Shape::Raised(err) => (err.code(), err.message().to_owned()),
        Shape::Missing(msg) | Shape::Duplicate(msg) => {
            (ErrorCode::ResponseMalformed, msg.to_owned())
        }
        Shape::Unknown(_) | Shape::Other => (
            ErrorCode::ResponseMalformed,
            "a member has the wrong type or value".to_owned(),
        ),
        Shape::Syntax { nested_too_deeply } => {
            return Error::with_message(
                ErrorCode::ResponseNotJson,
                format!(
                    "{api}: not valid JSON (line {} column {}{})",
                    e.line(),
                    e.column(),
                    if nested_too_deeply {
                        ", nested too deeply"
                    } else {
                        ""
                    }
                ),
            )
        }
    };
    Error::with_message(code, format!("{api}: {at}{what}"))
}

/// serde's "unknown field `NAME`, expected …" or "unknown variant `NAME`, expected …", taken
/// apart. NAME is input and may hold anything, backticks and commas included: serde's own text
/// is found from the end.
struct UnknownName<'a> {
    /// "member" or "value".
    kind: &'static str,
    name: &'a str,
    /// "expected one of a, b, c", "there are no fields" ... (the schema's names, ours to show).
    expected: &'a str,
}

impl UnknownName<'_> {
    fn describe(&self) -> String {
        let n = self.name.chars().count();
        let unknown = match self.kind {
            "member" => format!("unknown member (its {n}-character name is not shown)"),
            _ => format!("unknown value (its {n} characters are not shown)"),
        };
        format!("{unknown}; {}", self.expected.replace('`', ""))
    }
}

fn unknown_name(msg: &str) -> Option<UnknownName<'_>> {
    let (kind, rest) = if let Some(r) = msg.strip_prefix("unknown field `") {
        ("member", r)
    } else {
        ("value", msg.strip_prefix("unknown variant `")?)
    };
    let end = rest
        .rfind("`, expected ")
        .or_else(|| rest.rfind("`, there are no "))?;
    Some(UnknownName {
        kind,
        name: &rest[..end],
        expected: &rest[end + 3..],
    })
}

/// Reads a probe text as the input's type: `None` when it reads, else the depth of the error's
/// path and its message.
type Probe<'a> = &'a mut dyn FnMut(&[u8]) -> Option<(usize, String)>;

/// The member path of a serde error as a message shows it (`userInfo.custId`, `goods[0].price`),
/// or `None` when there is nothing to show.
///
/// The path is made of the names the input used, so a name is shown only when the type at that
/// place declares it: `probe` reads a small JSON text as the same type, and a name counts as
/// declared when the type refuses a name no schema has (`"\u0001"`) there as an unknown field
/// but not this one. A name the type does not declare (the unknown name itself, a key of an open
/// map such as `amountDetails`, anything inside a member read as a JSON tree) is shown by its
/// length only, and nothing below it is shown. Errors that are not about the data (syntax) have
/// no path: their line and column say where.
fn shown_path(
    path: &serde_path_to_error::Path,
    e: &serde_json::Error,
    probe: Probe<'_>,
) -> Option<String> {
    use serde_path_to_error::Segment;
    if e.classify() != serde_json::error::Category::Data {
        return None;
    }
    let mut segments: Vec<&Segment> = path.iter().collect();
    // The unknown name of an "unknown field" error is the path's last step: its message already
    // describes it.
    let text = e.to_string();
    if let (Some(u), Some(Segment::Map { key })) = (unknown_name(&text), segments.last()) {
        if key == u.name {
            segments.pop();
        }
    }
    let mut out = String::new();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                let refused = |probe: Probe<'_>, name| {
                    probe(&probe_text(&segments[..i], name))
                        .is_some_and(|(depth, m)| depth == i + 1 && m.starts_with("unknown field"))
                };
                if refused(probe, "\u{1}") && !refused(probe, key) {
                    out.push_str(key);
                } else {
                    out.push_str(&format!(
                        "({}-character name not shown)",
                        key.chars().count()
                    ));
                    break;
                }
            }
            Segment::Enum { .. } | Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
                break;
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// JSON text that reaches `name` through `prefix`: `{"a":[{"b":{"NAME":null}}]}` for
/// `a[3].b` (any index reaches the same element type, so 0 stands for all).
fn probe_text(prefix: &[&serde_path_to_error::Segment], name: &str) -> Vec<u8> {
    use serde_path_to_error::Segment;
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut open = String::new();
    let mut close = String::new();
    for segment in prefix {
        match segment {
            Segment::Seq { .. } => {
                open.push('[');
                close.insert(0, ']');
            }
            Segment::Map { key } => {
                open.push('{');
                open.push_str(&quoted(key));
                open.push(':');
                close.insert(0, '}');
            }
            // Not reached: shown_path stops at these.
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    format!("{open}{{{}:null}}{close}", quoted(name)).into_bytes()
}

/// Deserializes an API input with the crate's error codes (a validated member keeps its own code,
/// a missing one is `MissingField`, any other shape error `InvalidField`, text that is not JSON
/// `InvalidParams`); errors name the member's path (`userInfo.custId`), never its value nor a
/// name the type does not declare. Public (as [`crate::api::parse`]) so that bindings which build
/// one API directly map errors exactly as [`crate::api::build_request`] does.
pub fn parse<T: serde::de::DeserializeOwned>(api: &str, json: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let v: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let err = json_error(api, e.inner());
        // Reads a probe as the same type, through the same deserializer types (no second copy
        // of the type's reader in the npm package).
        let mut probe = |text: &[u8]| {
            let mut de = serde_json::Deserializer::from_slice(text);
            serde_path_to_error::deserialize::<_, T>(&mut de)
                .err()
                .map(|e| (e.path().iter().count(), e.inner().to_string()))
        };
        match shown_path(e.path(), e.inner(), &mut probe) {
            None => err,
            Some(path) => {
                // Replace the type's generic field name with the member's real path.
                let msg = err.message();
                let rule = msg.split_once(": ").map_or(msg, |(_, r)| r);
                Error::with_message(err.code(), format!("{api}: {path}: {rule}"))
            }
        }
    })?;
    de.end().map_err(|e| json_error(api, &e))?;
    Ok(v)
}
