//! Whether a JSON text gives a member name twice in one object: the rule every reader of this
//! crate applies ([`super::Json`] refuses such input), checked over the text for hosts whose
//! own JSON parser keeps the last of a repeated member instead — the browser's `JSON.parse`, which
//! the npm package's browser build reads JSON with. Names are compared as JavaScript compares
//! strings (UTF-16 code units, escapes decoded: `"a"` and `"\u0061"` are one name).
//!
//! A scan, not a parser: it trusts the host's parser to have accepted the text as JSON, and on
//! text that is not JSON it answers without panicking (what it answers then does not matter).

use crate::error::ErrorCode;

/// Whether an object in `text` gives a member name twice.
///
/// ```
/// use paytm_checkout::input::repeated_member;
/// assert!(repeated_member(r#"{"vpa":"a@x","valid":true,"vpa":"b@y"}"#));
/// assert!(repeated_member(r#"{"body":{"a":1,"\u0061":2}}"#));
/// assert!(!repeated_member(r#"{"a":{"a":1},"b":[{"a":1},{"a":2}]}"#));
/// ```
pub fn repeated_member(text: &str) -> bool {
    let b = text.as_bytes();
    // One entry per open container: the names of an object so far, `None` for an array.
    let mut open: Vec<Option<Vec<Vec<u16>>>> = Vec::new();
    let mut name_next = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                open.push(Some(Vec::new()));
                name_next = true;
            }
            b'[' => {
                open.push(None);
                name_next = false;
            }
            b'}' | b']' => {
                if let Some(Some(mut names)) = open.pop() {
                    names.sort_unstable();
                    if names.windows(2).any(|w| w[0] == w[1]) {
                        return true;
                    }
                }
                name_next = false;
            }
            b',' => name_next = matches!(open.last(), Some(Some(_))),
            b':' => name_next = false,
            b'"' => {
                let (name, end) = string(text, i + 1, name_next);
                if let (true, Some(Some(names))) = (name_next, open.last_mut()) {
                    names.push(name);
                }
                name_next = false;
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// The code for a member name given twice in JSON whose invalid text is `not_json`:
/// [`ErrorCode::SignatureAmbiguous`] in an answer or a callback (`not_json` is
/// [`ErrorCode::ResponseNotJson`] or [`ErrorCode::CallbackMalformed`]: parsers disagree on which
/// copy wins, so a verifier and the business logic could see different values), and
/// [`ErrorCode::InvalidField`] in an input (any other code).
///
/// ```
/// use paytm_checkout::input::repeated_member_code;
/// use paytm_checkout::ErrorCode;
/// let code = repeated_member_code(ErrorCode::ResponseNotJson);
/// assert_eq!(code, ErrorCode::SignatureAmbiguous);
/// let code = repeated_member_code(ErrorCode::InvalidParams);
/// assert_eq!(code, ErrorCode::InvalidField);
/// ```
pub fn repeated_member_code(not_json: ErrorCode) -> ErrorCode {
    match not_json {
        ErrorCode::ResponseNotJson | ErrorCode::CallbackMalformed => ErrorCode::SignatureAmbiguous,
        _ => ErrorCode::InvalidField,
    }
}

/// The string whose text starts at byte `from` of `text` (after its opening quote): its UTF-16
/// code units when `keep` (escapes decoded), and the index after its closing quote.
fn string(text: &str, from: usize, keep: bool) -> (Vec<u16>, usize) {
    let b = text.as_bytes();
    let mut units = Vec::new();
    let mut i = from;
    let mut plain = from;
    while i < b.len() {
        match b[i] {
            b'"' => {
                if keep {
                    // Cut at ASCII quotes and backslashes: whole characters.
                    units.extend(text.get(plain..i).unwrap_or("").encode_utf16());
                }
                return (units, i + 1);
            }
            b'\\' => {
                if keep {
                    units.extend(text.get(plain..i).unwrap_or("").encode_utf16());
                    let (unit, len) = escape(&b[i + 1..]);
                    units.push(unit);
                    i += 1 + len;
                } else {
                    i += 2;
                }
                plain = i.min(b.len());
            }
            _ => i += 1,
        }
    }
    (units, b.len())
}

/// The code unit of the escape after a backslash, and how many bytes it took.
fn escape(b: &[u8]) -> (u16, usize) {
    let unit = match b.first() {
        Some(b'u') => {
            let mut unit = 0u16;
            for &c in b.get(1..5).unwrap_or(&[]) {
                let digit = match c {
                    b'0'..=b'9' => c - b'0',
                    b'a'..=b'f' => c - b'a' + 10,
                    b'A'..=b'F' => c - b'A' + 10,
                    _ => return (0xFFFD, 1),
                };
                unit = unit << 4 | u16::from(digit);
            }
            return if b.len() >= 5 { (unit, 5) } else { (0xFFFD, 1) };
        }
        Some(b'b') => 0x08,
        Some(b'f') => 0x0C,
        Some(b'n') => 0x0A,
        Some(b'r') => 0x0D,
        Some(b't') => 0x09,
        Some(&c) => u16::from(c),
        None => return (0xFFFD, 0),
    };
    (unit, 1)
}

#[cfg(test)]
mod tests {
    use super::repeated_member;

    #[test]
    fn the_same_name_twice_in_one_object_at_any_depth() {
        for text in [
            r#"{"a":1,"a":2}"#,
            r#"{"head":{},"body":{"txnInfo":{"STATUS":"x"},"txnInfo":{}}}"#,
            r#"[{"x":[{"k":1,"k":1}]}]"#,
            r#"{"a\"b":1,"a\u0022b":2}"#,
            r#"{"\ud83d\ude00":1,"😀":2}"#,
            r#"{"x":"{\"a\":1}","a":1,"b":{"c":[1,{"d":{}}]},"a":3}"#,
        ] {
            assert!(repeated_member(text), "{text}");
        }
    }

    #[test]
    fn names_repeated_across_objects_or_as_values_are_not() {
        for text in [
            r#"{"a":"a","b":{"a":"a"},"c":[{"a":1},{"a":2}]}"#,
            r#"{"a\\":1,"a":2}"#,
            r#"{"a":1,"A":2,"a ":3}"#,
            r#"{"x":"\"a\":1,\"a\":2"}"#,
            "[]",
            "{}",
            "\"a\"",
        ] {
            assert!(!repeated_member(text), "{text}");
        }
    }

    #[test]
    fn text_that_is_not_json_does_not_panic() {
        for text in [
            "{",
            "\"",
            "{\"a",
            "{\"a\\",
            "{\"\\u12",
            "}}]]",
            "{\"a\":1,\"a\"",
            "\\",
        ] {
            let _ = repeated_member(text);
        }
    }
}
