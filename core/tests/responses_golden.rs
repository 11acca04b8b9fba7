//! Golden response fixtures: every directory of `tests/vectors/responses/` holds `case.json`
//! (api, HTTP status, key, options, what is signed, whether it was tampered with),
//! `response.bin` (the exact bytes) and `expected.json` (`{"ok": <ParsedResponse or Callback>}`
//! or `{"error": "<CODE_NAME>"}`). The bytes are written by `generate.py` with Paytm's own Python
//! library and fixed salts; the same files are verified by that library in
//! `tests/interop/python_responses.py`.
//!
//! `UPDATE_RESPONSES=1 cargo test --test responses_golden` rewrites expected.json; review the diff.

use std::path::PathBuf;

use paytm_checkout::callback::parse_callback;
use paytm_checkout::response::{parse_response, ParseOptions};
use paytm_checkout::{ErrorCode, MerchantKey};
use serde_json::{json, Value};

/// How many case directories exist: a case that silently disappears fails the run.
const EXPECTED_CASES: usize = 148;
const TEST_KEY: &[u8] = b"PmX#a0x4VpTXRzfK";

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/responses")
}

struct Case {
    name: String,
    meta: Value,
    raw: Vec<u8>,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir()).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.push(Case {
                name: p.file_name().unwrap().to_string_lossy().into_owned(),
                meta: serde_json::from_slice(&std::fs::read(p.join("case.json")).unwrap()).unwrap(),
                raw: std::fs::read(p.join("response.bin")).unwrap(),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Runs one case: `Ok(json)` of the parsed value, or the error code.
fn run(c: &Case) -> Result<Value, ErrorCode> {
    let key = match c.meta["key"].as_str() {
        Some("test") => Some(MerchantKey::new(TEST_KEY).unwrap()),
        None => None,
        Some(other) => panic!("{}: unknown key {other}", c.name),
    };
    let options = ParseOptions::from_json(c.meta["options"].to_string().as_bytes()).unwrap();
    let api = c.meta["api"].as_str().unwrap();
    let status = c.meta["httpStatus"].as_u64().unwrap() as u16;
    if api == "callback" {
        parse_callback(&c.raw, key.as_ref(), &options)
            .map(|cb| serde_json::from_str(&cb.to_json()).unwrap())
            .map_err(|e| e.code())
    } else {
        parse_response(api, status, &c.raw, key.as_ref(), &options)
            .map(|r| serde_json::from_str(&r.to_json()).unwrap())
            .map_err(|e| e.code())
    }
}

fn outcome(r: &Result<Value, ErrorCode>) -> Value {
    match r {
        Ok(v) => json!({ "ok": v }),
        Err(code) => json!({ "error": code.name() }),
    }
}

#[test]
fn every_response_fixture_matches() {
    let update = std::env::var_os("UPDATE_RESPONSES").is_some();
    let all = cases();
    let mut ran = 0;
    for c in &all {
        let r = run(c);
        let actual = outcome(&r);
        let path = dir().join(&c.name).join("expected.json");
        if update {
            let mut s = serde_json::to_string_pretty(&actual).unwrap();
            s.push('\n');
            std::fs::write(&path, s).unwrap();
        }
        let expected: Value = serde_json::from_slice(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: expected.json: {e}", c.name));
        assert_eq!(
            actual, expected,
            "{}: parse result differs from expected.json",
            c.name
        );

        let signed = c.meta["signed"].as_str().unwrap();
        if c.meta["tampered"].as_bool().unwrap() {
            let code = r.as_ref().expect_err(&c.name);
            assert!(
                code.is_checksum_failure(),
                "{}: tampered input must fail with 2xxx, got {code:?}",
                c.name
            );
        } else if signed != "none" && c.meta["key"] == "test" {
            // Every untampered signed fixture verifies (unless the case is about refusing it).
            if let Ok(v) = &r {
                assert_eq!(v["verification"], "verified", "{}", c.name);
            }
        }
        ran += 1;
    }
    assert_eq!(ran, EXPECTED_CASES, "number of response fixture cases");
    let tampered = all.iter().filter(|c| c.meta["tampered"] == true).count();
    assert!(tampered >= 20, "tampered cases: {tampered}");
}

/// The five tamper kinds the issue names exist for signed bodies and callbacks.
#[test]
fn tamper_kinds_are_covered() {
    let names: Vec<String> = cases().into_iter().map(|c| c.name).collect();
    for kind in [
        "tampered_one_byte",
        "tampered_signature_of_other_body",
        "tampered_body_duplicated",
        "tampered_signature_duplicated",
        "tampered_signature_missing",
        "callback_tampered_amount_changed",
        "callback_tampered_checksumhash_removed",
        "callback_tampered_duplicate_field",
    ] {
        assert!(
            names.iter().any(|n| n.ends_with(kind)),
            "no fixture for {kind}"
        );
    }
}

/// Parsing is a pure function of its inputs: two runs, same result; and no error message quotes
/// a token from the input.
#[test]
fn deterministic_and_messages_are_safe() {
    for c in cases() {
        assert_eq!(outcome(&run(&c)), outcome(&run(&c)), "{}", c.name);
        let key = MerchantKey::new(TEST_KEY).unwrap();
        let api = c.meta["api"].as_str().unwrap();
        let status = c.meta["httpStatus"].as_u64().unwrap() as u16;
        let err = if api == "callback" {
            parse_callback(&c.raw, Some(&key), &ParseOptions::default()).err()
        } else {
            parse_response(api, status, &c.raw, Some(&key), &ParseOptions::default()).err()
        };
        if let Some(e) = err {
            for secret in [
                "f0bed899539742309eebd8XXXX7edcf61588842333227",
                "c748d624-d92a-4599-b954-5c6274e01552",
                "PmX#a0x4VpTXRzfK",
            ] {
                assert!(
                    !e.message().contains(secret),
                    "{}: message leaks input",
                    c.name
                );
            }
        }
    }
}

/// Tokens in parsed responses are bearer credentials: Debug never shows them, while the JSON for
/// the host (which needs them) does.
#[test]
fn debug_redacts_tokens() {
    let key = MerchantKey::new(TEST_KEY).unwrap();
    for (name, token) in [
        (
            "initiate_success",
            "f0bed899539742309eebd8XXXX7edcf61588842333227",
        ),
        (
            "validate_otp_spec_success",
            "c748d624-d92a-4599-b954-5c6274e01552",
        ),
    ] {
        let c = cases().into_iter().find(|c| c.name == name).unwrap();
        let api = c.meta["api"].as_str().unwrap();
        let k = (c.meta["key"] == "test").then_some(&key);
        let r = parse_response(api, 200, &c.raw, k, &ParseOptions::default()).unwrap();
        assert!(
            !format!("{r:?}").contains(token),
            "{name}: Debug shows the token"
        );
        assert!(
            r.to_json().contains(token),
            "{name}: JSON must carry the token"
        );
    }
}

/// `parse_process_transaction` (the per-API entry point a small build links alone) gives exactly
/// what `parse_response("process_transaction", ...)` gives, on every Process Transaction fixture,
/// with and without the key; so does `process_transaction_json` over a parsed tree (without).
#[test]
fn process_transaction_entry_point_agrees() {
    use paytm_checkout::input::Json;
    use paytm_checkout::response::{parse_process_transaction, process_transaction_json};
    let key = MerchantKey::new(TEST_KEY).unwrap();
    let mut n = 0;
    for c in cases()
        .iter()
        .filter(|c| c.meta["api"] == "process_transaction")
    {
        let options = ParseOptions::from_json(c.meta["options"].to_string().as_bytes()).unwrap();
        let status = c.meta["httpStatus"].as_u64().unwrap() as u16;
        for k in [Some(&key), None] {
            for opts in [
                &options,
                &ParseOptions {
                    allow_unsigned: true,
                },
            ] {
                let a = parse_response("process_transaction", status, &c.raw, k, opts)
                    .map(|r| r.to_json())
                    .map_err(|e| e.code());
                let b = parse_process_transaction(status, &c.raw, k, opts)
                    .map(|r| r.to_json())
                    .map_err(|e| e.code());
                assert_eq!(a, b, "{}", c.name);
                // The keyless tree entry point (the browser build's) agrees without a key.
                if k.is_none() {
                    let tree: Json = serde_json::from_slice(&c.raw)
                        .map_err(|_| ())
                        .unwrap_or(Json::Null);
                    if matches!(tree, Json::Obj(_)) {
                        let t = process_transaction_json(status, &c.raw, |_| Ok(tree), opts)
                            .map_err(|e| e.code());
                        assert_eq!(a, t, "{} (tree)", c.name);
                    } else {
                        assert!(a.is_err(), "{}", c.name);
                    }
                }
            }
        }
        n += 1;
    }
    assert!(n >= 10, "only {n} process_transaction fixtures");
}
