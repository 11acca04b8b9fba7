//! Properties of the checksum over arbitrary inputs (proptest): what is signed verifies, what is
//! changed does not, and nothing a caller passes makes the library panic.

use paytm_checkout::{ErrorCode, MerchantKey, Params, Salt};
use proptest::prelude::*;

fn key_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 16),
        proptest::collection::vec(any::<u8>(), 24),
        proptest::collection::vec(any::<u8>(), 32),
    ]
}

fn salt() -> impl Strategy<Value = Salt> {
    proptest::array::uniform4(0u8..0x80).prop_map(|b| Salt::new(&b).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn signed_bytes_verify(k in key_bytes(), params in proptest::collection::vec(any::<u8>(), 0..2048), s in salt()) {
        let key = MerchantKey::new(&k).unwrap();
        let c = key.generate_with_salt(&params, s);
        prop_assert_eq!(c.len(), 108);
        prop_assert!(key.verify(&params, &c));
        prop_assert_eq!(key.open(c.as_bytes()).unwrap().salt, s);
    }

    #[test]
    fn changed_bytes_do_not_verify(k in key_bytes(), params in proptest::collection::vec(any::<u8>(), 1..512), idx in any::<usize>(), flip in 1u8..=255) {
        let key = MerchantKey::new(&k).unwrap();
        let c = key.generate(&params).unwrap();
        let mut tampered = params.clone();
        let i = idx % tampered.len();
        tampered[i] ^= flip;
        prop_assert_eq!(key.check(&tampered, &c).unwrap_err().code(), ErrorCode::ChecksumMismatch);
    }

    #[test]
    fn changed_checksum_does_not_verify(params in proptest::collection::vec(any::<u8>(), 0..256), idx in 0usize..108, ch in proptest::sample::select(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".to_vec())) {
        let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
        let c = key.generate(&params).unwrap();
        let mut bytes = c.into_bytes();
        prop_assume!(bytes[idx] != ch);
        bytes[idx] = ch;
        let err = key.check(&params, &bytes).unwrap_err();
        prop_assert!(err.code().is_checksum_failure(), "{:?}", err);
    }

    #[test]
    fn arbitrary_checksums_never_panic(c in proptest::collection::vec(any::<u8>(), 0..300)) {
        let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
        prop_assert!(!key.verify(b"params", &c));
    }

    #[test]
    fn map_signing_matches_the_rule(entries in proptest::collection::btree_map("[A-Za-z0-9_]{1,8}", proptest::option::of("[ -~]{0,12}|null|NULL|Null"), 0..12)) {
        let mut p = Params::new();
        for (k, v) in &entries {
            match v { Some(v) => p.insert(k.clone(), v.clone()), None => p.insert_null(k.clone()) }
        }
        // The rule, written independently: BTreeMap iterates in byte order of the names.
        let expect: Vec<&str> = entries
            .iter()
            .filter(|(k, _)| k.as_str() != "CHECKSUMHASH")
            .map(|(_, v)| match v.as_deref() { Some(v) if !v.eq_ignore_ascii_case("null") => v, _ => "" })
            .collect();
        prop_assert_eq!(p.signing_string(), expect.join("|"));
        let json = serde_json::to_vec(&p).unwrap();
        prop_assert_eq!(Params::from_json(&json).unwrap(), p);
    }
}
