//! The shared vectors (tests/vectors/doctor/doctor.json, also replayed from C, JS and the CLI),
//! the secrecy of the key and secret, and docs/doctor.md's table.

use super::*;

#[path = "../../../tests/vectors/doctor/errors.rs"]
mod vector_errors;

const VECTORS: &str = include_str!("../../../tests/vectors/doctor/doctor.json");
const DOCS: &str = include_str!("../../../docs/doctor.md");

fn vectors() -> serde_json::Value {
    serde_json::from_str(VECTORS).unwrap()
}

#[test]
fn doctor_vectors() {
    let v = vectors();
    let key = v["key"].as_str().unwrap();
    let cases = v["cases"].as_array().unwrap();
    let mut seen = std::collections::HashSet::new();
    let mut clean = 0;
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let text = serde_json::to_vec(&c["input"]).unwrap();
        let input = DoctorInput::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = diagnose(&input);
        let got: Vec<&str> = report.codes().iter().map(|c| c.name()).collect();
        let want: Vec<String> = serde_json::from_value(c["expect"].clone()).unwrap();
        assert_eq!(got, want, "{name}");
        assert_eq!(report.clean, want.is_empty(), "{name}");
        clean += usize::from(report.clean);
        seen.extend(report.codes());
        let json = report.to_json();
        assert!(!json.contains(key), "{name}: the key in the report");
        assert!(!format!("{input:?}{report:?}").contains(key), "{name}");
        for f in &report.findings {
            assert_eq!(f.severity, f.code.severity());
            assert_eq!(f.fix, f.code.fix());
        }
    }
    assert_eq!(cases.len(), 53);
    assert!(clean >= 3, "the correct configurations have no findings");
    // Every code is proven by at least one case.
    for code in FindingCode::all() {
        assert!(seen.contains(&code), "no vector finds {}", code.name());
    }
}

#[test]
fn doctor_input_errors() {
    let v = vectors();
    let errors = vector_errors::input_errors(&v);
    for e in &errors {
        let name = e.name;
        let err = DoctorInput::from_json(&e.input).expect_err(name);
        assert_eq!(err.code().name(), e.error, "{name}: {err}");
        assert!(!err.message().contains("PmX#"), "{name}: {err}");
    }
    assert_eq!(errors.len(), 10);
}

#[test]
fn doctor_never_prints_secrets() {
    let text = br#"{"environment":"staging","merchantKey":"SecretKey#123456","clientId":"c","clientSecret":"TopSecret!Value"}"#;
    let input = DoctorInput::from_json(text).unwrap();
    let shown = format!(
        "{input:?} {:?} {:?}",
        input.merchant_key, input.client_secret
    );
    assert!(!shown.contains("SecretKey"), "{shown}");
    assert!(!shown.contains("TopSecret"), "{shown}");
    assert!(input.merchant_key.as_ref().unwrap().key.is_some());
    // An unknown member named like a key: the error names its position, not the name.
    let e = DoctorInput::from_json(br#"{"environment":"staging","SecretKey#123456":"x"}"#)
        .err()
        .unwrap();
    assert!(!e.message().contains("SecretKey"), "{e}");
}

#[test]
fn doctor_docs_list_every_code() {
    for code in FindingCode::all() {
        let row = format!("| `{}` | {} |", code.name(), code.severity().name());
        assert!(DOCS.contains(&row), "docs/doctor.md lacks {row}");
    }
    assert_eq!(
        FindingCode::all().count(),
        DOCS.matches("\n| `").count(),
        "docs/doctor.md has a row for a code that does not exist"
    );
}

#[test]
fn doctor_local_hosts() {
    for h in [
        "localhost",
        "a.localhost",
        "box.local",
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.9.9",
        "192.168.0.1",
        "169.254.1.1",
        "0.0.0.0",
    ] {
        assert!(is_local(h), "{h}");
    }
    for h in [
        "shop.example.com",
        "172.32.0.1",
        "11.0.0.1",
        "192.169.0.1",
        "1.2.3",
        "10.0.0.1.example.com",
    ] {
        assert!(!is_local(h), "{h}");
    }
}
