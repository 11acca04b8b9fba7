//! Each cause proven on a real checksum: the mistake made, then [`explain`] finding it.

use super::json_style::{parse_json, write_json, Style};
use super::*;
use crate::checksum::Salt;
use std::cmp::Ordering;

const KEY: &[u8] = b"PmX#a0x4VpTXRzfK";
const BODY: &str = r#"{"requestType":"Payment","mid":"INTEGR7769XXXXXX9383","websiteName":"WEBSTAGING","orderId":"ORDERID_98765","txnAmount":{"value":"1.00","currency":"INR"},"userInfo":{"custId":"CUST_001"},"callbackUrl":"https://merchant.example/cb"}"#;

fn key() -> MerchantKey {
    MerchantKey::new(KEY).unwrap()
}

fn salt() -> Salt {
    Salt::new(b"x9Zq").unwrap()
}

fn sign(p: &[u8]) -> String {
    key().generate_with_salt(p, salt())
}

fn kinds(e: &Explanation) -> Vec<CauseKind> {
    e.causes.iter().map(|c| c.kind).collect()
}

/// Asserts `kind` was found and that its proof really reproduces the hash or opens.
fn assert_cause(e: &Explanation, kind: CauseKind) {
    let c = e.causes.iter().find(|c| c.kind == kind);
    let c = c.unwrap_or_else(|| panic!("{kind} not found in {:?}", kinds(e)));
    assert!(!c.message.is_empty());
    if kind != CauseKind::ChecksumDoesNotDecrypt {
        assert!(c.matched.is_some(), "{kind} without proof");
    }
    let text = serde_json::to_string(e).unwrap();
    assert!(!text.contains("PmX#a0x4VpTXRzfK"), "key leaked: {text}");
    assert!(!format!("{e:?}").contains("PmX#a0x4VpTXRzfK"));
}

#[test]
fn valid_string_mode_has_no_causes() {
    let c = sign(BODY.as_bytes());
    let e = explain(&key(), BODY.as_bytes(), Mode::String, c.as_bytes());
    assert_eq!(e.verdict, Verdict::Valid);
    assert!(e.causes.is_empty());
    assert_eq!(e.salt.as_deref(), Some("x9Zq"));
    assert_eq!(e.hash_in_checksum, e.hash_of_params);
    assert_eq!(
        e.hashed_string.as_deref(),
        Some(format!("{BODY}|x9Zq").as_str())
    );
    assert_eq!(e.repaired_checksum, None);
}

#[test]
fn valid_map_mode_has_no_causes() {
    let json = br#"{"MID":"M1","ORDERID":"O1","BANKTXNID":null,"CHECKSUMHASH":"zz"}"#;
    let p = Params::from_json(json).unwrap();
    let c = key().generate_map_with_salt(&p, salt());
    let e = explain(&key(), json, Mode::Map, c.as_bytes());
    assert_eq!(e.verdict, Verdict::Valid);
    assert!(e.causes.is_empty());
    assert_eq!(e.hashed_string.as_deref(), Some("|M1|O1|x9Zq"));
}

#[test]
fn unrelated_params_mismatch_without_causes() {
    let c = sign(BODY.as_bytes());
    let e = explain(
        &key(),
        BODY.replace("1.00", "100.00").as_bytes(),
        Mode::String,
        c.as_bytes(),
    );
    assert_eq!(e.verdict, Verdict::Mismatch);
    assert_eq!(e.verdict.code(), Some(ErrorCode::ChecksumMismatch));
    assert!(e.causes.is_empty(), "{:?}", kinds(&e));
    assert_ne!(e.hash_in_checksum, e.hash_of_params);
}

#[test]
fn trailing_newline_in_params() {
    let c = sign(BODY.as_bytes());
    let e = explain(
        &key(),
        format!("{BODY}\n").as_bytes(),
        Mode::String,
        c.as_bytes(),
    );
    assert_eq!(e.verdict, Verdict::Mismatch);
    assert_eq!(kinds(&e)[0], CauseKind::ParamsSurroundingWhitespace);
    assert_cause(&e, CauseKind::ParamsSurroundingWhitespace);
    assert_eq!(e.causes[0].matched.as_deref(), Some(BODY));
    assert!(e.hashed_string.as_deref().unwrap().ends_with("}\n|x9Zq"));
}

#[test]
fn surrounding_whitespace_in_params() {
    let c = sign(b"a=1&b=2");
    let e = explain(&key(), b"  a=1&b=2 \r\n", Mode::String, c.as_bytes());
    assert_cause(&e, CauseKind::ParamsSurroundingWhitespace);
}

#[test]
fn signed_with_trailing_newline() {
    let c = sign(format!("{BODY}\n").as_bytes());
    let e = explain(&key(), BODY.as_bytes(), Mode::String, c.as_bytes());
    assert_cause(&e, CauseKind::SignedWithTrailingNewline);
}

#[test]
fn json_pretty_printed_after_signing() {
    let c = sign(BODY.as_bytes());
    let v: serde_json::Value = serde_json::from_str(BODY).unwrap();
    // serde_json without preserve_order sorts keys; build a pretty body by hand instead.
    let pretty = BODY.replace(",\"", ",\n  \"").replace("{\"", "{\n  \"");
    assert!(serde_json::from_str::<serde_json::Value>(&pretty).unwrap() == v);
    let e = explain(&key(), pretty.as_bytes(), Mode::String, c.as_bytes());
    assert_eq!(kinds(&e), vec![CauseKind::JsonWhitespace]);
    assert_cause(&e, CauseKind::JsonWhitespace);
    assert_eq!(e.causes[0].matched.as_deref(), Some(BODY));
}

#[test]
fn json_python_separators() {
    let python = BODY
        .replace("\",\"", "\", \"")
        .replace("\":", "\": ")
        .replace("},", "}, ");
    let c = sign(python.as_bytes());
    let e = explain(&key(), BODY.as_bytes(), Mode::String, c.as_bytes());
    assert_eq!(kinds(&e), vec![CauseKind::JsonPythonSeparators]);
    assert_cause(&e, CauseKind::JsonPythonSeparators);
    assert_eq!(e.causes[0].matched.as_deref(), Some(python.as_str()));
}

#[test]
fn json_python_ensure_ascii() {
    let sent = r#"{"mid":"M1","note":"₹ नमस्ते 😀"}"#;
    let signed =
        r#"{"mid": "M1", "note": "\u20b9 \u0928\u092e\u0938\u094d\u0924\u0947 \ud83d\ude00"}"#;
    let c = sign(signed.as_bytes());
    let e = explain(&key(), sent.as_bytes(), Mode::String, c.as_bytes());
    assert_cause(&e, CauseKind::JsonPythonSeparators);
    let compact_escaped = signed.replace("\": ", "\":").replace(", ", ",");
    let c = sign(compact_escaped.as_bytes());
    let e = explain(&key(), sent.as_bytes(), Mode::String, c.as_bytes());
    assert_cause(&e, CauseKind::JsonUnicodeEscapes);
}

#[test]
fn json_key_order() {
    // What serde_json::Value (a BTreeMap without preserve_order) or sort_keys=True signs.
    let sorted =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(BODY).unwrap()).unwrap();
    assert_ne!(sorted, BODY);
    let c = sign(sorted.as_bytes());
    let e = explain(&key(), BODY.as_bytes(), Mode::String, c.as_bytes());
    assert_eq!(kinds(&e), vec![CauseKind::JsonKeyOrder]);
    assert_cause(&e, CauseKind::JsonKeyOrder);
}

#[test]
fn envelope_instead_of_body() {
    let c = sign(BODY.as_bytes());
    let envelope = format!(r#"{{"head":{{"signature":"{c}"}},"body":{BODY}}}"#);
    let e = explain(&key(), envelope.as_bytes(), Mode::String, c.as_bytes());
    assert_cause(&e, CauseKind::EnvelopeInsteadOfBody);
}

#[test]
fn map_null_kept_as_text() {
    let json = br#"{"MID":"M1","BANKTXNID":"null","ORDERID":"O1"}"#;
    let c = sign(b"null|M1|O1"); // what the Node library signs
    let e = explain(&key(), json, Mode::Map, c.as_bytes());
    assert_eq!(e.verdict, Verdict::Mismatch);
    assert_eq!(e.hashed_string.as_deref(), Some("|M1|O1|x9Zq"));
    assert_eq!(kinds(&e), vec![CauseKind::MapNullKeptAsText]);
    assert_cause(&e, CauseKind::MapNullKeptAsText);
}

#[test]
fn map_checksumhash_included() {
    let json = br#"{"MID":"M1","ORDERID":"O1","CHECKSUMHASH":"abc"}"#;
    let p = Params::from_json(json).unwrap();
    let c = sign(p.joined().as_bytes());
    let e = explain(&key(), json, Mode::Map, c.as_bytes());
    assert_eq!(kinds(&e), vec![CauseKind::MapChecksumhashIncluded]);
    assert_cause(&e, CauseKind::MapChecksumhashIncluded);
}

#[test]
fn map_requested_but_signed_as_string() {
    let json = br#"{"MID":"M1","ORDERID":"O1"}"#;
    let c = sign(json);
    let e = explain(&key(), json, Mode::Map, c.as_bytes());
    assert_eq!(kinds(&e), vec![CauseKind::SignedAsString]);
    assert_cause(&e, CauseKind::SignedAsString);
    // A nested body is not a map at all: the verdict says so, the cause still shows.
    let c = sign(BODY.as_bytes());
    let e = explain(&key(), BODY.as_bytes(), Mode::Map, c.as_bytes());
    assert_eq!(e.verdict, Verdict::Malformed(ErrorCode::InvalidParams));
    assert_cause(&e, CauseKind::SignedAsString);
}

#[test]
fn string_requested_but_signed_as_map() {
    let json = br#"{"MID":"M1","ORDERID":"O1"}"#;
    let c = key().generate_map_with_salt(&Params::from_json(json).unwrap(), salt());
    let e = explain(&key(), json, Mode::String, c.as_bytes());
    assert_eq!(kinds(&e), vec![CauseKind::SignedAsMap]);
    assert_cause(&e, CauseKind::SignedAsMap);
}

#[test]
fn checksum_from_another_key() {
    let other = MerchantKey::new(b"0123456789abcdef").unwrap();
    // Find a salt whose checksum fails padding (almost all do), to assert the exact code.
    for s in [&b"aaaa"[..], b"aaab", b"aaac", b"aaad", b"aaae"] {
        let c = other.generate_with_salt(BODY.as_bytes(), Salt::new(s).unwrap());
        let e = explain(&key(), BODY.as_bytes(), Mode::String, c.as_bytes());
        assert!(matches!(
            e.verdict,
            Verdict::Malformed(ErrorCode::ChecksumPadding | ErrorCode::ChecksumContent)
        ));
        assert_eq!(kinds(&e), vec![CauseKind::ChecksumDoesNotDecrypt]);
        assert_cause(&e, CauseKind::ChecksumDoesNotDecrypt);
        assert_eq!(e.salt, None);
        assert_eq!(e.hashed_string, None);
    }
}

/// A checksum containing '+', '/' and '=', so every kind of damage applies.
fn checksum_with_plus_and_slash() -> (Vec<u8>, String) {
    for i in 0..10_000u32 {
        let p = format!("{BODY}{i}").into_bytes();
        let c = sign(&p);
        if c.contains('+') && c.contains('/') {
            return (p, c);
        }
    }
    unreachable!("a checksum with '+' and '/' turns up within a few tries");
}

#[test]
fn checksum_plus_turned_into_space() {
    let (p, c) = checksum_with_plus_and_slash();
    let damaged = c.replace('+', " ");
    let e = explain(&key(), &p, Mode::String, damaged.as_bytes());
    assert_eq!(e.verdict, Verdict::Malformed(ErrorCode::ChecksumEncoding));
    assert_eq!(kinds(&e), vec![CauseKind::ChecksumPlusAsSpace]);
    assert_cause(&e, CauseKind::ChecksumPlusAsSpace);
    assert_eq!(e.repaired_checksum.as_deref(), Some(c.as_str()));
    assert_eq!(e.salt.as_deref(), Some("x9Zq"));
    assert_eq!(e.hash_in_checksum, e.hash_of_params);
}

#[test]
fn checksum_still_percent_encoded() {
    let (p, c) = checksum_with_plus_and_slash();
    let damaged = c
        .replace('+', "%2B")
        .replace('/', "%2f")
        .replace('=', "%3D");
    let e = explain(&key(), &p, Mode::String, damaged.as_bytes());
    assert!(matches!(e.verdict, Verdict::Malformed(_)));
    assert_eq!(kinds(&e), vec![CauseKind::ChecksumPercentEncoded]);
    assert_cause(&e, CauseKind::ChecksumPercentEncoded);
    assert_eq!(e.repaired_checksum.as_deref(), Some(c.as_str()));
}

#[test]
fn checksum_surrounding_whitespace() {
    let (p, c) = checksum_with_plus_and_slash();
    let e = explain(&key(), &p, Mode::String, format!(" {c}\r\n").as_bytes());
    assert_eq!(kinds(&e), vec![CauseKind::ChecksumSurroundingWhitespace]);
    assert_cause(&e, CauseKind::ChecksumSurroundingWhitespace);
}

#[test]
fn checksum_url_safe_and_unpadded() {
    let (p, c) = checksum_with_plus_and_slash();
    let damaged = c.replace('+', "-").replace('/', "_").replace('=', "");
    let e = explain(&key(), &p, Mode::String, damaged.as_bytes());
    assert_cause(&e, CauseKind::ChecksumUrlSafeBase64);
    assert_cause(&e, CauseKind::ChecksumPaddingStripped);
}

#[test]
fn damaged_checksum_and_params_mistake_together() {
    let (p, c) = checksum_with_plus_and_slash();
    let mut with_nl = p.clone();
    with_nl.push(b'\n');
    let e = explain(
        &key(),
        &with_nl,
        Mode::String,
        format!("{}\n", c.replace('+', " ")).as_bytes(),
    );
    assert_cause(&e, CauseKind::ChecksumPlusAsSpace);
    assert_cause(&e, CauseKind::ChecksumSurroundingWhitespace);
    assert_cause(&e, CauseKind::ParamsSurroundingWhitespace);
}

#[test]
fn hostile_inputs_never_panic() {
    let k = key();
    let good = sign(BODY.as_bytes());
    let params: [&[u8]; 8] = [
        b"",
        b"\xff\xfe",
        b"{",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        br#"{"a":"\ud800"}"#,
        br#"{"a":1e400}"#,
        br#"{"a":1.5,"b":[true,null,-3]}"#,
        b"{\"a\":\"\xff\"}",
    ];
    let checksums: [&[u8]; 6] = [
        b"",
        b"!!!!",
        b"%",
        &[b' '; 2000],
        good.as_bytes(),
        &good.as_bytes()[..50],
    ];
    for p in params {
        for c in checksums {
            for mode in [Mode::String, Mode::Map] {
                let e = explain(&k, p, mode, c);
                assert!(!e.verdict.is_valid() || c == good.as_bytes());
                serde_json::to_string(&e).unwrap();
            }
        }
    }
    let huge = vec![b'a'; 1 << 20];
    assert_eq!(
        explain(&k, &huge, Mode::String, good.as_bytes()).verdict,
        Verdict::Mismatch
    );
}

#[test]
fn json_walk_round_trips_compact_json() {
    let doc = parse_json(BODY.as_bytes()).unwrap();
    assert_eq!(write_json(&doc, Style::ALL[0]), BODY);
    let odd = r#"{"z":[1,-2,1.5,true,false,null,{}],"a":"q\"\\\n\u0001/é"}"#;
    let doc = parse_json(odd.as_bytes()).unwrap();
    assert_eq!(write_json(&doc, Style::ALL[0]), odd);
    assert_eq!(
        write_json(
            &doc,
            Style {
                python: true,
                sorted: true,
                ascii: true
            }
        ),
        r#"{"a": "q\"\\\n\u0001/\u00e9", "z": [1, -2, 1.5, true, false, null, {}]}"#
    );
}

#[test]
fn serialized_shape() {
    let c = sign(b"x");
    let v = serde_json::to_value(explain(&key(), b"x\n", Mode::String, c.as_bytes())).unwrap();
    assert_eq!(v["mode"], "string");
    assert_eq!(v["verdict"]["status"], "mismatch");
    assert_eq!(v["verdict"]["code"], 2001);
    assert_eq!(v["verdict"]["name"], "CHECKSUM_MISMATCH");
    assert_eq!(v["causes"][0]["kind"], "params_surrounding_whitespace");
    assert_eq!(v["causes"][0]["matched"], "x");
    assert_eq!(v["hashedString"], "x\n|x9Zq");
    let v = serde_json::to_value(explain(&key(), b"x", Mode::String, c.as_bytes())).unwrap();
    assert_eq!(v["verdict"], serde_json::json!({"status": "valid"}));
}

// --- Paytm's official libraries' map rules (emulated from their documented behaviour) ---------

/// Signs `entries` in the given order as a map signer does: values joined with `|`, a `null`
/// value (or, unless `keep_null_text`, `null` text in any case) as empty.
fn sign_entries_in_order(
    k: &MerchantKey,
    entries: &[(&str, Option<&str>)],
    keep_null_text: bool,
) -> String {
    let values: Vec<&str> = entries
        .iter()
        .map(|(_, v)| match v {
            Some(v) if keep_null_text || !v.eq_ignore_ascii_case("null") => v,
            _ => "",
        })
        .collect();
    k.generate_with_salt(values.join("|").as_bytes(), salt())
}

fn map_json(entries: &[(&str, Option<&str>)]) -> String {
    let mut m = serde_json::Map::new();
    for (k, v) in entries {
        m.insert(
            (*k).to_owned(),
            v.map_or(serde_json::Value::Null, Into::into),
        );
    }
    serde_json::Value::Object(m).to_string()
}

/// A map's entries (name, value; `None` is JSON null).
type Entries<'a> = [(&'a str, Option<&'a str>)];

/// `entries` in the order a library signs them: its names compared by `by`.
fn signed_in<'a>(
    entries: &Entries<'a>,
    by: fn(&str, &str) -> Ordering,
) -> Vec<(&'a str, Option<&'a str>)> {
    let mut v = entries.to_vec();
    v.sort_by(|a, b| by(a.0, b.0));
    v
}

/// PHP's ksort as the library applies it: names that are integers compared as integers,
/// otherwise as strings (here: every name an integer or not comparable to one).
fn php_ksort(a: &str, b: &str) -> Ordering {
    match (a.parse::<i64>(), b.parse::<i64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// Java's `String.compareTo`: names compared by UTF-16 code units.
fn utf16(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// One library's signing rule that differs from the server's.
struct LibraryRule<'a> {
    /// The library, as the cause's message names it.
    library: &'a str,
    /// The cause its checksum is diagnosed as, exactly.
    kind: CauseKind,
    entries: &'a Entries<'a>,
    /// The order the library signs `entries` in.
    order: fn(&str, &str) -> Ordering,
    /// The library keeps null as text.
    keep_null_text: bool,
    /// The params tampered (`.0` replaced by `.1`): no known mistake reproduces that hash.
    tamper: (&'a str, &'a str),
    /// What the cause says matched, where the test pins it.
    matched: Option<&'a str>,
}

/// Asserts that the map checksum `rule`'s library makes of its entries is diagnosed as exactly
/// its cause, naming the library (and saying what matched, where given), and that with the
/// params tampered no known mistake reproduces the hash.
fn assert_library_rule(rule: LibraryRule) {
    let signed = signed_in(rule.entries, rule.order);
    let c = sign_entries_in_order(&key(), &signed, rule.keep_null_text);
    let json = map_json(rule.entries);
    let json = json.as_str();
    let e = explain(&key(), json.as_bytes(), Mode::Map, c.as_bytes());
    assert_eq!(e.verdict, Verdict::Mismatch);
    assert_eq!(kinds(&e), vec![rule.kind]);
    assert_cause(&e, rule.kind);
    assert!(
        e.causes[0].message.contains(rule.library),
        "{}",
        e.causes[0].message
    );
    if let Some(matched) = rule.matched {
        assert_eq!(e.causes[0].matched.as_deref(), Some(matched));
    }
    let (from, to) = rule.tamper;
    let tampered = json.replace(from, to);
    assert_ne!(tampered, json);
    let t = explain(&key(), tampered.as_bytes(), Mode::Map, c.as_bytes());
    assert_eq!(t.verdict, Verdict::Mismatch);
    assert!(t.causes.is_empty(), "{:?}", kinds(&t));
}

const PHP_FORM: [(&str, Option<&str>); 5] = [
    ("MID", Some("M1")),
    ("ORDERID", Some("O1")),
    ("7", Some("seven")),
    ("17", Some("seventeen")),
    ("100", Some("hundred")),
];

#[test]
fn php_numeric_key_order() {
    assert_eq!(signed_in(&PHP_FORM, php_ksort)[0].0, "7");
    assert_library_rule(LibraryRule {
        library: "PHP",
        kind: CauseKind::NumericKeyOrder,
        entries: &PHP_FORM,
        order: php_ksort,
        keep_null_text: false,
        tamper: ("seventeen", "eighteen"),
        matched: Some("seven|seventeen|hundred|M1|O1"),
    });
}

#[test]
fn php_key_truncated_to_16_bytes() {
    for long in [
        &b"PmX#a0x4VpTXRzfK01234567"[..],
        b"PmX#a0x4VpTXRzfK0123456789abcdef",
    ] {
        let full = MerchantKey::new(long).unwrap();
        let php = MerchantKey::new(&long[..16]).unwrap(); // AES-128 hard-coded
        let entries = [("MID", Some("M1")), ("ORDERID", Some("O1"))];
        let json = map_json(&entries);
        let c = sign_entries_in_order(&php, &entries, false);
        let e = explain(&full, json.as_bytes(), Mode::Map, c.as_bytes());
        assert_eq!(kinds(&e), vec![CauseKind::KeyTruncatedTo16]);
        assert_cause(&e, CauseKind::KeyTruncatedTo16);
        assert!(e
            .verdict
            .code()
            .is_some_and(|c| c != ErrorCode::ChecksumMismatch));
        assert_eq!(e.hash_in_checksum, e.hash_of_params);
        assert!(!format!("{e:?}").contains("0123456"), "key leaked");
        // Params tampered after signing: the cut key is still proven, no params mistake is.
        let tampered = json.replace("O1", "O2");
        let e = explain(&full, tampered.as_bytes(), Mode::Map, c.as_bytes());
        assert_eq!(kinds(&e), vec![CauseKind::KeyTruncatedTo16]);
        assert_ne!(e.hash_in_checksum, e.hash_of_params);
        // Both PHP rules at once: cut key and numeric key order.
        let order = signed_in(&PHP_FORM, php_ksort);
        let c = sign_entries_in_order(&php, &order, false);
        let e = explain(
            &full,
            map_json(&PHP_FORM).as_bytes(),
            Mode::Map,
            c.as_bytes(),
        );
        assert_eq!(
            kinds(&e),
            vec![CauseKind::KeyTruncatedTo16, CauseKind::NumericKeyOrder]
        );
        // A damaged checksum made with the cut key: repaired, then opened with 16 bytes.
        let e = explain(
            &full,
            json.as_bytes(),
            Mode::Map,
            format!("{c}\n").as_bytes(),
        );
        assert_cause(&e, CauseKind::ChecksumSurroundingWhitespace);
        assert_cause(&e, CauseKind::KeyTruncatedTo16);
        // Another key entirely is still "does not decrypt".
        let other = MerchantKey::new(b"0123456789abcdef").unwrap();
        let c = sign_entries_in_order(&other, &entries, false);
        let e = explain(&full, json.as_bytes(), Mode::Map, c.as_bytes());
        assert_eq!(kinds(&e), vec![CauseKind::ChecksumDoesNotDecrypt]);
    }
    // A 16-byte key has nothing to cut.
    assert!(key().first_16_bytes().is_none());
}

#[test]
fn ruby_null_text_kept() {
    assert_library_rule(LibraryRule {
        library: "Ruby",
        kind: CauseKind::MapNullKeptAsText,
        entries: &[
            ("MID", Some("M1")),
            ("BANKTXNID", Some("NuLL")),
            ("ORDERID", Some("O1")),
            ("PROMO", None),
        ],
        order: str::cmp,
        keep_null_text: true,
        tamper: ("O1", "O2"),
        matched: None,
    });
}

#[test]
fn java_utf16_key_order() {
    // U+FFFF is 0xEF 0xBF 0xBF in UTF-8 (before 😀's 0xF0…) but 0xFFFF in UTF-16 (after
    // 😀's surrogate 0xD83D).
    let entries = [
        ("MID", Some("M1")),
        ("a\u{FFFF}", Some("bmp")),
        ("a😀", Some("emoji")),
    ];
    assert_eq!(signed_in(&entries, utf16)[1].0, "a😀");
    assert_library_rule(LibraryRule {
        library: "Java",
        kind: CauseKind::Utf16KeyOrder,
        entries: &entries,
        order: utf16,
        keep_null_text: false,
        tamper: ("emoji", "smile"),
        matched: Some("M1|emoji|bmp"),
    });
}

#[test]
fn go_and_server_rule_is_valid() {
    // Go (and Python) sort by bytes and blank null text: the server's rule, no cause.
    let c = sign_entries_in_order(&key(), &signed_in(&PHP_FORM, str::cmp), false);
    let e = explain(
        &key(),
        map_json(&PHP_FORM).as_bytes(),
        Mode::Map,
        c.as_bytes(),
    );
    assert_eq!(e.verdict, Verdict::Valid);
    assert!(e.causes.is_empty());
}

#[test]
fn php_numeric_names_beyond_integers() {
    let names = [
        ("1.5", 1),
        ("10", 2),
        ("2", 3),
        (" 3e0", 4),
        ("x1", 5),
        ("a", 6),
    ];
    let mut by_bytes = names.to_vec();
    by_bytes.sort_by(|a, b| a.0.cmp(b.0));
    let order = super::key_order::php_ksort(&by_bytes).unwrap();
    let got: Vec<&str> = order.iter().map(|e| e.0).collect();
    assert_eq!(got, ["1.5", "2", " 3e0", "10", "a", "x1"]);
    assert!(super::key_order::php_ksort(&[("7", ()), ("a", ())]).is_none());
}

#[test]
fn new_cause_names_serialize_as_named() {
    for k in [
        CauseKind::NumericKeyOrder,
        CauseKind::Utf16KeyOrder,
        CauseKind::KeyTruncatedTo16,
        CauseKind::MapNullKeptAsText,
    ] {
        assert_eq!(serde_json::to_value(k).unwrap(), k.name());
    }
    assert_eq!(CauseKind::KeyTruncatedTo16.name(), "key_truncated_to_16");
}
