//! The shared checksum vectors (made by Paytm's own Python library) from Rust.
//! The same file is run from C, JS and the CLI; each runner asserts how many cases it ran.

use paytm_checkout::{MerchantKey, Params, Salt};
use serde_json::Value;

const VECTORS: &str = include_str!("../../tests/vectors/checksum.json");

#[test]
fn every_vector_passes() {
    let doc: Value = serde_json::from_str(VECTORS).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let (mut generated, mut verified) = (0, 0);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let key = MerchantKey::new(case["key"].as_str().unwrap().as_bytes()).unwrap();
        let salt = Salt::new(case["salt"].as_str().unwrap().as_bytes()).unwrap();
        let checksum = case["checksum"].as_str().unwrap();
        let valid = case["valid"].as_bool().unwrap();
        let (ours, verdict) = match case["kind"].as_str().unwrap() {
            "string" => {
                let p = case["params"].as_str().unwrap().as_bytes();
                (key.generate_with_salt(p, salt), key.verify(p, checksum))
            }
            "map" => {
                let p = Params::from_json(case["params"].to_string().as_bytes()).unwrap();
                if let Some(j) = case["joined"].as_str() {
                    assert_eq!(p.signing_string(), j, "{name}: joined string");
                }
                (
                    key.generate_map_with_salt(&p, salt),
                    key.verify_map(&p, checksum),
                )
            }
            k => panic!("{name}: unknown kind {k}"),
        };
        assert_eq!(verdict, valid, "{name}: verification verdict");
        verified += 1;
        if valid {
            assert_eq!(ours, checksum, "{name}: generated checksum");
            generated += 1;
        }
    }
    assert_eq!(verified, 28, "every case ran");
    assert_eq!(generated, 21, "every valid case was generated bit-exact");
    println!("checksum vectors: {verified} verified, {generated} generated bit-exact");
}
