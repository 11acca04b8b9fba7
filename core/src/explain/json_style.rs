//! The JSON styles real signers write (compact, Python's separators, sorted keys, `\uXXXX`
//! escapes), applied to the crate's order-keeping JSON tree ([`Json`]) so that a body can be
//! re-serialized the way its signer may have done.

use super::report::CauseKind;
use crate::input::Json;

/// An object or array document (scalars are not what anyone signs as JSON), read by the crate's
/// one JSON reader: members in their order, a name given twice refused (such a document has no
/// one meaning to re-serialize).
pub(super) fn parse_json(params: &[u8]) -> Option<Json> {
    match Json::parse("params", params) {
        Ok(doc @ (Json::Obj(_) | Json::Arr(_))) => Some(doc),
        _ => None,
    }
}

/// One way of writing JSON text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    /// `", "` and `": "` (Python's `json.dumps` default) instead of `,` and `:`.
    pub(super) python: bool,
    /// Object keys sorted by code point.
    pub(super) sorted: bool,
    /// Non-ASCII (and DEL) as `\uXXXX` (Python's default `ensure_ascii`).
    pub(super) ascii: bool,
}

impl Style {
    /// From the most to the least common, so the simplest explanation is found first.
    pub(super) const ALL: [Style; 8] = [
        Style {
            python: false,
            sorted: false,
            ascii: false,
        },
        Style {
            python: true,
            sorted: false,
            ascii: true,
        },
        Style {
            python: true,
            sorted: false,
            ascii: false,
        },
        Style {
            python: false,
            sorted: false,
            ascii: true,
        },
        Style {
            python: false,
            sorted: true,
            ascii: false,
        },
        Style {
            python: true,
            sorted: true,
            ascii: true,
        },
        Style {
            python: true,
            sorted: true,
            ascii: false,
        },
        Style {
            python: false,
            sorted: true,
            ascii: true,
        },
    ];

    pub(super) fn cause(self) -> (CauseKind, &'static str) {
        if self.sorted {
            (
                CauseKind::JsonKeyOrder,
                "the signer signed the JSON with its keys sorted (sort_keys=True or a sorted map), \
                 and the params you have keep another order: sign the exact bytes you send, \
                 never a re-serialization",
            )
        } else if self.python {
            (
                CauseKind::JsonPythonSeparators,
                "the signer signed Python json.dumps output (\", \" and \": \" separators) but \
                 the params you have are serialized differently: sign the exact bytes you send \
                 (json.dumps(body, separators=(\",\", \":\")) once, then send that string)",
            )
        } else if self.ascii {
            (
                CauseKind::JsonUnicodeEscapes,
                "the signer signed the JSON with non-ASCII characters escaped as \\uXXXX (or the \
                 reverse): sign the exact bytes you send",
            )
        } else {
            (
                CauseKind::JsonWhitespace,
                "the signer signed compact JSON but the params you have contain other \
                 whitespace (pretty-printed or re-serialized on the way): sign and send the \
                 exact same bytes",
            )
        }
    }
}

/// `doc` written in `style`.
pub(super) fn write_json(doc: &Json, style: Style) -> String {
    let mut out = String::new();
    write_value(&mut out, doc, style);
    out
}

fn write_value(out: &mut String, v: &Json, style: Style) {
    let (item_sep, key_sep) = if style.python {
        (", ", ": ")
    } else {
        (",", ":")
    };
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Uint(n) => out.push_str(&n.to_string()),
        Json::Number(n) => write_number(out, *n),
        Json::Str(s) => write_str(out, s, style.ascii),
        Json::Arr(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_value(out, x, style);
            }
            out.push(']');
        }
        Json::Obj(members) => {
            let mut refs: Vec<&(String, Json)> = members.iter().collect();
            if style.sorted {
                refs.sort_by(|a, b| a.0.cmp(&b.0));
            }
            out.push('{');
            for (i, (k, x)) in refs.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_str(out, k, style.ascii);
                out.push_str(key_sep);
                write_value(out, x, style);
            }
            out.push('}');
        }
    }
}

/// A number that is not a non-negative integer, as serde_json writes it; a negative integer
/// (read exactly, held as a float) is written without a fraction, as it was received.
fn write_number(out: &mut String, n: f64) {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below is exact in an f64
    if n.fract() == 0.0 && (-EXACT..0.0).contains(&n) {
        out.push_str(&(n as i64).to_string());
    } else if let Some(n) = serde_json::Number::from_f64(n) {
        out.push_str(&n.to_string());
    } else {
        out.push_str("null");
    }
}

fn write_str(out: &mut String, s: &str, ascii: bool) {
    use core::fmt::Write as _;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ascii && (c as u32) >= 0x7f) => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{:04x}", u);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
