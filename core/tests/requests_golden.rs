//! Golden request files: every directory of `tests/vectors/requests/` holds an `input.json` (api,
//! environment, credentials, fixed salt, params) and the exact `request.json` the builder must
//! produce. The same files are verified by Paytm's own Python library
//! (`tests/interop/python_golden_requests.py`).
//!
//! `UPDATE_GOLDEN=1 cargo test --test requests_golden` rewrites the request files; review the diff.

use std::path::PathBuf;

use paytm_checkout::api::{build_request, BuildOptions, Credentials};
use paytm_checkout::{MerchantKey, Params};
use serde_json::value::RawValue;
use serde_json::Value;

/// How many case directories exist: a case that silently disappears fails the run.
const EXPECTED_CASES: usize = 58;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/requests")
}

fn cases() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir()).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            let input: Value =
                serde_json::from_slice(&std::fs::read(p.join("input.json")).unwrap()).unwrap();
            out.push((p.file_name().unwrap().to_string_lossy().into_owned(), input));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn build(input: &Value) -> paytm_checkout::HttpRequest {
    let creds = Credentials::from_json(input["credentials"].to_string().as_bytes()).unwrap();
    let mut opts = serde_json::json!({"environment": input["environment"]});
    if let Some(s) = input.get("salt") {
        opts["salt"] = s.clone();
    }
    let opts: BuildOptions = serde_json::from_value(opts).unwrap();
    build_request(
        input["api"].as_str().unwrap(),
        input["params"].to_string().as_bytes(),
        &creds,
        &opts,
    )
    .unwrap()
}

#[test]
fn every_golden_request_matches() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut ran = 0;
    for (name, input) in cases() {
        let req = build(&input);
        let actual: Value = serde_json::from_str(&req.to_json()).unwrap();
        let path = dir().join(&name).join("request.json");
        if update {
            let mut s = serde_json::to_string_pretty(&req).unwrap();
            s.push('\n');
            std::fs::write(&path, s).unwrap();
        }
        let expected: Value = serde_json::from_slice(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: request.json: {e}"));
        assert_eq!(
            actual, expected,
            "{name}: request differs from the golden file"
        );
        // Deterministic: a second build gives the same bytes.
        assert_eq!(build(&input).body, req.body, "{name}: not reproducible");
        ran += 1;
    }
    assert_eq!(ran, EXPECTED_CASES, "number of golden request cases");
}

/// The embedded body bytes are the signed bytes: find `body` with a real tokenizer (RawValue),
/// verify the signature over exactly that span.
#[test]
fn signed_bodies_verify_over_the_exact_bytes() {
    #[derive(serde::Deserialize)]
    struct Envelope<'a> {
        #[serde(borrow)]
        head: &'a RawValue,
        #[serde(borrow)]
        body: &'a RawValue,
    }
    let mut json_signed = 0;
    let mut map_signed = 0;
    for (name, input) in cases() {
        let Some(key) = input["credentials"]["merchantKey"].as_str() else {
            continue;
        };
        let key = MerchantKey::new(key.as_bytes()).unwrap();
        let req = build(&input);
        let body = req.body_str().unwrap();
        if req.content_type.as_deref() == Some("application/json") {
            let env: Envelope = serde_json::from_str(body).unwrap();
            let head: Value = serde_json::from_str(env.head.get()).unwrap();
            let sig = head["signature"].as_str().unwrap();
            assert!(key.verify(env.body.get().as_bytes(), sig), "{name}");
            // And the span is a byte-for-byte substring of what is sent.
            assert!(body.contains(env.body.get()), "{name}");
            let mut tampered = env.body.get().to_owned();
            tampered.insert(1, ' ');
            assert!(
                !key.verify(tampered.as_bytes(), sig),
                "{name}: whitespace must matter"
            );
            json_signed += 1;
        } else {
            let form: Vec<(String, String)> = form_urlencoded_parse(body);
            let (fields, checksum) = match form.iter().find(|(k, _)| k == "JsonData") {
                Some((_, json)) => {
                    let v: serde_json::Map<String, Value> = serde_json::from_str(json).unwrap();
                    let mut p = Params::new();
                    let mut sum = None;
                    for (k, v) in v {
                        match (k.as_str(), v) {
                            ("CHECKSUMHASH" | "CHECKSUM" | "CheckSum", Value::String(s)) => {
                                sum = Some(s)
                            }
                            (_, Value::String(s)) => p.insert(k, s),
                            _ => {}
                        }
                    }
                    (p, sum.unwrap())
                }
                None => {
                    let mut p: Params = form.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    let sum = p.remove("CHECKSUMHASH").unwrap().unwrap();
                    (p, sum)
                }
            };
            assert!(key.verify_map(&fields, &checksum), "{name}");
            map_signed += 1;
        }
    }
    assert_eq!((json_signed, map_signed), (24, 6), "signed cases by kind");
}

fn form_urlencoded_parse(body: &str) -> Vec<(String, String)> {
    // Tests may not depend on the crate's own encoder to check it; decode by hand per RFC 1866.
    body.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}
