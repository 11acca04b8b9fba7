//! Tests of the boundary itself: the code table, messages, version, panics, NULLs and
//! out-parameters. The C suite (tests/c) runs the same ABI from C, under valgrind and ASan.

use super::*;
use crate::handle;
use crate::panic::{
    clear_last_error, guard, guard_result, last_error_is_empty, last_error_text, set_last_error,
    LAST_ERROR_CAP,
};
use crate::result::{OK_MESSAGE, UNKNOWN_MESSAGE};
use paytm_checkout::ErrorCode;
use std::ffi::{c_char, CStr};
use std::ptr;

const KEY: &[u8] = b"PmX#a0x4VpTXRzfK";

fn new_key(bytes: &[u8]) -> Result<*mut ptm_merchant_key, ptm_result> {
    let mut out = ptr::null_mut();
    // SAFETY: bytes is a live slice, out a live local.
    let r = unsafe { ptm_merchant_key_new(bytes.as_ptr(), bytes.len(), &mut out) };
    if r == ptm_result::PTM_OK {
        Ok(out)
    } else {
        assert!(out.is_null(), "out-parameter written on failure");
        Err(r)
    }
}

/// The C signature of `ptm_checksum_generate_with_salt` and its map-mode twin.
type SaltedGenerate = unsafe extern "C" fn(
    *const ptm_merchant_key,
    *const u8,
    usize,
    *const u8,
    usize,
    *mut *mut c_char,
) -> ptm_result;

/// `generate(k, params, salt)`: the checksum, or the code with the out-parameter left untouched.
fn salted(
    generate: SaltedGenerate,
    k: *const ptm_merchant_key,
    params: &[u8],
    salt: &[u8],
) -> Result<String, ptm_result> {
    take_text(|out| {
        let (p, s) = (params, salt);
        // SAFETY: live key, slices and out-parameter.
        unsafe { generate(k, p.as_ptr(), p.len(), s.as_ptr(), s.len(), out) }
    })
}

/// Runs a string export writing to `out`: the string (released) on `PTM_OK`, otherwise the code,
/// after checking that the out-parameter was left untouched.
fn take_text(f: impl FnOnce(*mut *mut c_char) -> ptm_result) -> Result<String, ptm_result> {
    let mut out = ptr::null_mut();
    let r = f(&mut out);
    if r == ptm_result::PTM_OK {
        Ok(take_string(out))
    } else {
        assert!(out.is_null(), "out-parameter written on failure");
        Err(r)
    }
}

fn take_string(s: *mut c_char) -> String {
    assert!(!s.is_null());
    // SAFETY: s is a live NUL-terminated string from this library.
    let owned = unsafe { CStr::from_ptr(s) }.to_str().unwrap().to_owned();
    // SAFETY: s came from this library and is freed once.
    unsafe { ptm_string_free(s) };
    owned
}

#[test]
fn every_core_code_has_the_same_c_constant_and_back() {
    for &code in ErrorCode::ALL {
        let c = ptm_result::from(code);
        assert_eq!(c.number(), code.number(), "{code:?}");
        assert_eq!(format!("{c:?}"), format!("PTM_{}", code.name()));
        assert_eq!(c.code(), Some(code));
    }
    let c = ptm_result::PTM_OK;
    assert_eq!(c.number(), 0);
    assert_eq!(c.code(), None);
    assert_eq!(format!("{c:?}"), "PTM_OK");
}

/// The committed header is what C sees: its `ptm_result` constants must be exactly PTM_OK = 0 plus
/// one `PTM_<NAME> = <number>` per core code.
#[test]
fn header_constants_match_core_codes() {
    let header = include_str!("../../include/paytm_checkout.h");
    let start = header
        .find("typedef enum ptm_result {")
        .expect("ptm_result enum in header");
    let body = &header[start..];
    let body = &body[..body.find('}').unwrap()];
    let mut found: Vec<(String, u32)> = Vec::new();
    for line in body.lines() {
        let line = line.trim().trim_end_matches(',');
        if let Some((name, value)) = line.split_once(" = ") {
            if name.starts_with("PTM_") {
                found.push((name.to_owned(), value.trim().parse().unwrap()));
            }
        }
    }
    let mut expected = vec![("PTM_OK".to_owned(), 0)];
    expected.extend(
        ErrorCode::ALL
            .iter()
            .map(|c| (format!("PTM_{}", c.name()), c.number())),
    );
    assert_eq!(found, expected);
}

#[test]
fn messages_are_core_messages_and_unknown_codes_are_generic() {
    for &code in ErrorCode::ALL {
        let p = ptm_result_message(ptm_result(code.number()));
        // SAFETY: ptm_result_message returns static NUL-terminated text.
        let text = unsafe { CStr::from_ptr(p) }.to_str().unwrap();
        assert_eq!(text, code.message());
    }
    // SAFETY: as above.
    let ok = unsafe { CStr::from_ptr(ptm_result_message(ptm_result(0))) };
    assert_eq!(ok, OK_MESSAGE);
    let unknown = [
        1,
        999,
        1000,
        1999,
        2000,
        2999,
        3000,
        9000,
        9999,
        u32::MAX,
        (-1i32) as u32,
    ];
    for n in unknown {
        assert!(
            ErrorCode::from_number(n).is_none(),
            "{n} became a code: pick another"
        );
        assert_eq!(
            ptm_result_message(ptm_result(n)),
            UNKNOWN_MESSAGE.as_ptr(),
            "{n}"
        );
    }
    // Every number below 10000: a code's own text, or the generic one.
    for n in 1..10_000u32 {
        let known = ErrorCode::from_number(n).is_some();
        assert_eq!(
            ptm_result_message(ptm_result(n)) != UNKNOWN_MESSAGE.as_ptr(),
            known,
            "{n}"
        );
    }
}

#[test]
fn version_constants_follow_cargo_toml() {
    assert_eq!(
        PTM_VERSION_MAJOR.to_string(),
        env!("CARGO_PKG_VERSION_MAJOR")
    );
    assert_eq!(
        PTM_VERSION_MINOR.to_string(),
        env!("CARGO_PKG_VERSION_MINOR")
    );
    assert_eq!(
        PTM_VERSION_PATCH.to_string(),
        env!("CARGO_PKG_VERSION_PATCH")
    );
    // SAFETY: static NUL-terminated text.
    let v = unsafe { CStr::from_ptr(ptm_version()) }.to_str().unwrap();
    assert_eq!(
        v,
        format!("{PTM_VERSION_MAJOR}.{PTM_VERSION_MINOR}.{PTM_VERSION_PATCH}")
    );
    assert_eq!(v, paytm_checkout::VERSION);
}

#[test]
fn panics_become_ptm_panic() {
    let r = guard_result(|| panic!("boom"));
    assert_eq!(r, ptm_result::PTM_PANIC);
    assert_eq!(guard(7u8, || panic!("boom")), 7);
    assert_eq!(
        guard_result(|| Err(ptm_result::PTM_INVALID_SALT)),
        ptm_result::PTM_INVALID_SALT
    );
}

#[test]
fn key_lengths_and_free() {
    for n in [16, 24, 32] {
        let k = new_key(&vec![b'k'; n]).unwrap();
        // SAFETY: k is a live key, freed once.
        unsafe { ptm_merchant_key_free(k) };
    }
    for n in [0, 1, 15, 17, 23, 25, 31, 33, 64] {
        assert_eq!(
            new_key(&vec![b'k'; n]).unwrap_err(),
            ptm_result::PTM_INVALID_KEY_LENGTH
        );
    }
    let mut out = ptr::null_mut();
    // SAFETY: NULL with a non-zero length must be refused without reading.
    let r = unsafe { ptm_merchant_key_new(ptr::null(), 16, &mut out) };
    assert_eq!(r, ptm_result::PTM_NULL_POINTER);
    // SAFETY: (NULL, 0) is an empty key.
    let r = unsafe { ptm_merchant_key_new(ptr::null(), 0, &mut out) };
    assert_eq!(r, ptm_result::PTM_INVALID_KEY_LENGTH);
    assert!(out.is_null());
    // SAFETY: a NULL out-parameter must be refused.
    let r = unsafe { ptm_merchant_key_new(KEY.as_ptr(), KEY.len(), ptr::null_mut()) };
    assert_eq!(r, ptm_result::PTM_NULL_POINTER);
    // SAFETY: NULL is a no-op.
    unsafe { ptm_merchant_key_free(ptr::null_mut()) };
    // SAFETY: NULL is a no-op.
    unsafe { ptm_string_free(ptr::null_mut()) };
}

#[test]
fn lengths_beyond_isize_are_too_large_not_ub() {
    let k = new_key(KEY).unwrap();
    let mut out = ptr::null_mut();
    let huge = usize::MAX;
    // SAFETY: the length is refused before the pointer is read.
    let r = unsafe { ptm_checksum_generate(k, b"x".as_ptr(), huge, &mut out) };
    assert_eq!(r, ptm_result::PTM_INPUT_TOO_LARGE);
    assert!(out.is_null());
    // SAFETY: k is live, freed once.
    unsafe { ptm_merchant_key_free(k) };
}

#[test]
fn not_a_key_is_an_invalid_handle() {
    #[repr(C, align(16))]
    struct Fake([u8; 8192]);
    assert!(std::mem::size_of::<ptm_merchant_key>() <= 8192);
    let fake = Box::new(Fake([0; 8192]));
    let p = &*fake as *const Fake as *const ptm_merchant_key;
    let mut out = ptr::null_mut();
    // SAFETY: p points to 8 KiB of zeroed, aligned memory: the magic read stays in bounds.
    let r = unsafe { ptm_checksum_generate(p, ptr::null(), 0, &mut out) };
    assert_eq!(r, ptm_result::PTM_INVALID_HANDLE);
    // SAFETY: as above; a recognisably foreign pointer is ignored, not freed.
    unsafe { ptm_merchant_key_free(p as *mut ptm_merchant_key) };
}

#[test]
fn round_trip_and_malformed_checksums_through_the_abi() {
    let k = new_key(KEY).unwrap();
    let params = br#"{"mid":"M1"}"#;
    let c = salted(ptm_checksum_generate_with_salt, k, params, b"Hgd1").unwrap();
    assert_eq!(c.len(), 108);
    let verify = |p: &[u8], c: &[u8]| {
        let mut valid = true;
        // SAFETY: live key, slices and out-parameter.
        let r =
            unsafe { ptm_checksum_verify(k, p.as_ptr(), p.len(), c.as_ptr(), c.len(), &mut valid) };
        assert_eq!(r, ptm_result::PTM_OK);
        // SAFETY: as above.
        let why = unsafe { ptm_checksum_check(k, p.as_ptr(), p.len(), c.as_ptr(), c.len()) };
        assert_eq!(valid, why == ptm_result::PTM_OK);
        (valid, why)
    };
    assert_eq!(verify(params, c.as_bytes()), (true, ptm_result::PTM_OK));
    assert_eq!(
        verify(b"other", c.as_bytes()),
        (false, ptm_result::PTM_CHECKSUM_MISMATCH)
    );
    assert_eq!(
        verify(params, b""),
        (false, ptm_result::PTM_CHECKSUM_LENGTH)
    );
    assert_eq!(
        verify(params, b"!!!"),
        (false, ptm_result::PTM_CHECKSUM_ENCODING)
    );
    assert_eq!(
        verify(params, b"\xff\xfe"),
        (false, ptm_result::PTM_CHECKSUM_ENCODING)
    );
    assert_eq!(
        verify(params, &[b'A'; 100_000]),
        (false, ptm_result::PTM_CHECKSUM_LENGTH)
    );

    // Salts: exactly 4 ASCII bytes.
    for bad in [&b""[..], b"abc", b"abcde", b"ab\xc3\xa9"] {
        assert_eq!(
            salted(ptm_checksum_generate_with_salt, k, params, bad),
            Err(ptm_result::PTM_INVALID_SALT)
        );
    }
    // SAFETY: k is live, freed once.
    unsafe { ptm_merchant_key_free(k) };
}

#[test]
fn map_mode_text_rules() {
    let k = new_key(KEY).unwrap();
    let gen = |json: &[u8]| salted(ptm_checksum_generate_map_with_salt, k, json, b"aB3x");
    assert_eq!(gen(b"{\"a\":\"\xff\"}"), Err(ptm_result::PTM_INVALID_UTF8));
    assert_eq!(gen(b""), Err(ptm_result::PTM_INVALID_PARAMS));
    assert_eq!(gen(b"[]"), Err(ptm_result::PTM_INVALID_PARAMS));
    assert_eq!(gen(br#"{"a":1}"#), Err(ptm_result::PTM_INVALID_PARAMS));
    // null, "null" in any case and "" sign the same; CHECKSUMHASH is not signed.
    let a = gen(br#"{"A":"x","B":null,"C":"NuLl"}"#).unwrap();
    assert_eq!(
        gen(br#"{"A":"x","B":"","C":"","CHECKSUMHASH":"zz"}"#).unwrap(),
        a
    );
    let mut valid = false;
    let json = br#"{"A":"x","B":"null","C":null,"CHECKSUMHASH":"ignored"}"#;
    // SAFETY: live key, slices and out-parameter.
    let r = unsafe {
        ptm_checksum_verify_map(
            k,
            json.as_ptr(),
            json.len(),
            a.as_ptr(),
            a.len(),
            &mut valid,
        )
    };
    assert_eq!((r, valid), (ptm_result::PTM_OK, true));
    // SAFETY: as above.
    let r = unsafe { ptm_checksum_check_map(k, json.as_ptr(), json.len(), a.as_ptr(), a.len()) };
    assert_eq!(r, ptm_result::PTM_OK);
    // SAFETY: k is live, freed once.
    unsafe { ptm_merchant_key_free(k) };
}

#[test]
fn key_is_shared_across_threads() {
    struct SendPtr(*mut ptm_merchant_key);
    // SAFETY: the key is Sync (MerchantKey is Send + Sync); the pointer is only shared while alive.
    unsafe impl Send for SendPtr {}
    // SAFETY: as above.
    unsafe impl Sync for SendPtr {}
    let k = SendPtr(new_key(KEY).unwrap());
    std::thread::scope(|s| {
        for t in 0..4u8 {
            let k = &k;
            s.spawn(move || {
                for i in 0..50u8 {
                    let p = [t, i];
                    let mut out = ptr::null_mut();
                    // SAFETY: live key shared immutably, live slice and out-parameter.
                    let r = unsafe { ptm_checksum_generate(k.0, p.as_ptr(), 2, &mut out) };
                    assert_eq!(r, ptm_result::PTM_OK);
                    let c = take_string(out);
                    let mut valid = false;
                    // SAFETY: as above.
                    let r = unsafe {
                        ptm_checksum_verify(k.0, p.as_ptr(), 2, c.as_ptr(), c.len(), &mut valid)
                    };
                    assert_eq!((r, valid), (ptm_result::PTM_OK, true));
                }
            });
        }
    });
    // SAFETY: every thread has finished; k is freed once.
    unsafe { ptm_merchant_key_free(k.0) };
}

fn take_request(
    api: &str,
    params: &str,
    creds: *const ptm_credentials,
    opts: &str,
) -> Result<String, ptm_result> {
    take_text(|out| {
        // SAFETY: every slice is live; creds is NULL or a live handle; out is a live local.
        unsafe {
            ptm_request_build(
                api.as_ptr(),
                api.len(),
                params.as_ptr(),
                params.len(),
                creds,
                opts.as_ptr(),
                opts.len(),
                out,
            )
        }
    })
}

fn last_error() -> String {
    let mut out = ptr::null_mut();
    // SAFETY: out is a live local.
    let r = unsafe { ptm_last_error_message(&mut out) };
    assert_eq!(r, ptm_result::PTM_OK);
    take_string(out)
}

/// Credentials holding only the test merchant key (the key handle is freed at once: the
/// credentials keep their own copy).
fn key_credentials() -> *mut ptm_credentials {
    let k = new_key(KEY).unwrap();
    let mut c = ptr::null_mut();
    // SAFETY: k is a live key, (NULL, 0) empty inputs, c a live local; k is freed once.
    let r = unsafe {
        let r = ptm_credentials_new(k, ptr::null(), 0, ptr::null(), 0, &mut c);
        ptm_merchant_key_free(k);
        r
    };
    assert_eq!(r, ptm_result::PTM_OK);
    c
}

#[test]
fn credentials_and_request_build() {
    let creds = key_credentials();
    let params = r#"{"mid":"INTEGR7769XXXXXX9383","orderId":"ORDERID_98765"}"#;
    let json = take_request(
        "transaction_status",
        params,
        creds,
        r#"{"environment":"staging","salt":"aB3x"}"#,
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["url"],
        "https://securestage.paytmpayments.com/v3/order/status"
    );
    assert_eq!(v["method"], "POST");
    assert_eq!(v["contentType"], "application/json");
    assert_eq!(last_error(), "");
    // No credentials: the signed API says what it lacks.
    assert_eq!(
        take_request("transaction_status", params, ptr::null(), ""),
        Err(ptm_result::PTM_INVALID_CREDENTIALS)
    );
    assert!(last_error().contains("merchant key"));
    // A NULL out-parameter records the fixed message.
    // SAFETY: NULL out is the case under test; other pointers are live.
    let r = unsafe {
        ptm_request_build(
            b"x".as_ptr(),
            1,
            ptr::null(),
            0,
            creds,
            ptr::null(),
            0,
            ptr::null_mut(),
        )
    };
    assert_eq!(r, ptm_result::PTM_NULL_POINTER);
    assert_eq!(last_error(), ErrorCode::NullPointer.message());
    // SAFETY: creds is live and freed once; NULL is a no-op.
    unsafe {
        ptm_credentials_free(creds);
        ptm_credentials_free(ptr::null_mut());
    }
}

#[test]
fn last_error_is_cut_at_a_character_boundary() {
    set_last_error(&"é".repeat(LAST_ERROR_CAP));
    let text = last_error_text();
    assert!(text.len() <= LAST_ERROR_CAP && text.len() >= LAST_ERROR_CAP - 1);
    assert!(text.chars().all(|c| c == 'é'));
    clear_last_error();
    assert!(last_error_is_empty());
}

#[test]
fn version_number_combines_the_parts() {
    let (ma, mi, pa): (u32, u32, u32) = (
        env!("CARGO_PKG_VERSION_MAJOR").parse().unwrap(),
        env!("CARGO_PKG_VERSION_MINOR").parse().unwrap(),
        env!("CARGO_PKG_VERSION_PATCH").parse().unwrap(),
    );
    assert_eq!(PTM_VERSION_NUMBER, ma * 1_000_000 + mi * 1_000 + pa);
}

#[test]
fn handles_of_one_type_are_refused_as_another() {
    let k = new_key(KEY).unwrap();
    let mut out = ptr::null_mut();
    let p = k as *const ptm_credentials;
    // A key is larger than the magic; only the magic is read before it is refused.
    assert!(std::mem::size_of::<ptm_merchant_key>() >= 8);
    // SAFETY: p points to a live key: the magic read is in bounds, and it does not match.
    let r = unsafe {
        ptm_request_build(
            b"initiate_transaction".as_ptr(),
            20,
            ptr::null(),
            0,
            p,
            ptr::null(),
            0,
            &mut out,
        )
    };
    assert_eq!(r, ptm_result::PTM_INVALID_HANDLE);
    // SAFETY: a key handed to the credentials' free is recognised and ignored.
    unsafe { ptm_credentials_free(k as *mut ptm_credentials) };
    // The key is still alive and usable.
    // SAFETY: k is live; out is a live local.
    let r = unsafe { ptm_checksum_generate(k, ptr::null(), 0, &mut out) };
    assert_eq!(r, ptm_result::PTM_OK);
    take_string(out);
    // SAFETY: k is live, freed once.
    unsafe { ptm_merchant_key_free(k) };
}

#[test]
fn every_handle_type_has_its_magic_in_its_first_8_bytes() {
    // The magic is read before the pointer is known to be of the expected type: it must be the
    // first 8 bytes of every handle, whatever its type (the C suite, test_handles.c, passes each
    // type where each other one is expected, under valgrind).
    let k = new_key(KEY).unwrap();
    let c = key_credentials();
    let config = br#"{"environment":"staging","mid":"M1","orderId":"O1","amount":"1.00","initiate":{"mid":"M1","orderId":"O1","websiteName":"WEBSTAGING","txnAmount":{"value":"1.00"},"userInfo":{"custId":"C1"},"callbackUrl":"https://merchant.example/cb"}}"#;
    let mut s = ptr::null_mut();
    // SAFETY: live slices, a live credentials handle and a live local.
    let r = unsafe {
        ptm_session_new(
            b"checkout".as_ptr(),
            8,
            config.as_ptr(),
            config.len(),
            c,
            &mut s,
        )
    };
    assert_eq!(r, ptm_result::PTM_OK);
    // SAFETY: each pointer is a live handle; every handle starts with 8 readable bytes.
    unsafe {
        assert_eq!(
            k.cast::<u64>().read(),
            <ptm_merchant_key as handle::Handle>::MAGIC
        );
        assert_eq!(
            c.cast::<u64>().read(),
            <ptm_credentials as handle::Handle>::MAGIC
        );
        assert_eq!(
            s.cast::<u64>().read(),
            <ptm_session as handle::Handle>::MAGIC
        );
    }
    let mut out = ptr::null_mut();
    // SAFETY: live handles of the wrong types: only their magic is read, and refused.
    unsafe {
        assert_eq!(
            ptm_checksum_generate(s.cast(), ptr::null(), 0, &mut out),
            ptm_result::PTM_INVALID_HANDLE
        );
        assert_eq!(
            ptm_session_next_action(k.cast(), 0, &mut out),
            ptm_result::PTM_INVALID_HANDLE
        );
        assert_eq!(
            ptm_session_new(
                b"checkout".as_ptr(),
                8,
                config.as_ptr(),
                config.len(),
                s.cast(),
                &mut s
            ),
            ptm_result::PTM_INVALID_HANDLE
        );
    }
    assert!(out.is_null());
    // SAFETY: each handle is live and freed once, by its own type's _free.
    unsafe {
        ptm_session_free(s);
        ptm_credentials_free(c);
        ptm_merchant_key_free(k);
    }
}

fn take_json(
    f: impl FnOnce(*mut *mut c_char) -> ptm_result,
) -> Result<serde_json::Value, ptm_result> {
    take_text(f).map(|text| serde_json::from_str(&text).unwrap())
}

#[test]
fn parse_a_signed_response_and_reconcile_it() {
    let k = new_key(KEY).unwrap();
    let body = r#"{"resultInfo":{"resultStatus":"TXN_SUCCESS","resultCode":"01","resultMsg":"Txn Success"},"txnId":"T1","orderId":"O1","txnAmount":"1.00","mid":"M1"}"#;
    let mut sig = ptr::null_mut();
    // SAFETY: live slices, live key, live local.
    let r = unsafe {
        ptm_checksum_generate_with_salt(k, body.as_ptr(), body.len(), b"abcd".as_ptr(), 4, &mut sig)
    };
    assert_eq!(r, ptm_result::PTM_OK);
    let sig = take_string(sig);
    let raw = format!(r#"{{"head":{{"signature":"{sig}"}},"body":{body}}}"#);
    let api = "transaction_status";
    // SAFETY: live slices, live key, the closure's out-parameter is a live local.
    let parsed = take_json(|out| unsafe {
        ptm_response_parse(
            api.as_ptr(),
            api.len(),
            200,
            raw.as_ptr(),
            raw.len(),
            k,
            ptr::null(),
            0,
            out,
        )
    })
    .unwrap();
    assert_eq!(parsed["verification"], "verified");
    let txn = parsed["transaction"].to_string();
    let order = r#"{"orderId":"O1","amount":"1"}"#;
    // SAFETY: live slices and a live local.
    let verdict = take_json(|out| unsafe {
        ptm_reconcile(order.as_ptr(), order.len(), txn.as_ptr(), txn.len(), out)
    })
    .unwrap();
    assert_eq!(verdict, serde_json::json!({"verdict": "fulfil"}));

    // The same bytes with one changed: refused, nothing written.
    let forged = raw.replace("1.00", "9.00");
    // SAFETY: as above.
    let r = take_json(|out| unsafe {
        ptm_response_parse(
            api.as_ptr(),
            api.len(),
            200,
            forged.as_ptr(),
            forged.len(),
            k,
            ptr::null(),
            0,
            out,
        )
    });
    assert_eq!(r.unwrap_err(), ptm_result::PTM_CHECKSUM_MISMATCH);
    // A status that does not fit 16 bits is not truncated into a valid one.
    // SAFETY: as above.
    let r = take_json(|out| unsafe {
        ptm_response_parse(
            api.as_ptr(),
            api.len(),
            65536 + 200,
            raw.as_ptr(),
            raw.len(),
            k,
            ptr::null(),
            0,
            out,
        )
    });
    assert_eq!(r.unwrap_err(), ptm_result::PTM_RESPONSE_HTTP_STATUS);
    // SAFETY: k is live, freed once.
    unsafe { ptm_merchant_key_free(k) };
}

#[test]
fn every_code_has_its_core_name() {
    for &code in ErrorCode::ALL {
        // SAFETY: static NUL-terminated text.
        let name = unsafe { CStr::from_ptr(ptm_result_name(ptm_result(code.number()))) };
        assert_eq!(name.to_str().unwrap(), code.name());
    }
    // SAFETY: as above.
    let ok = unsafe { CStr::from_ptr(ptm_result_name(ptm_result(0))) };
    assert_eq!(ok.to_str().unwrap(), "OK");
    // SAFETY: as above.
    let unknown = unsafe { CStr::from_ptr(ptm_result_name(ptm_result(77))) };
    assert_eq!(unknown.to_str().unwrap(), "UNKNOWN");
}

#[test]
fn every_result_class_has_a_distinct_c_value_and_unknown_is_zero() {
    use paytm_checkout::result_codes::ResultClass::*;
    let all = [
        Success,
        Failure,
        Pending,
        RetryAllowed,
        SessionExpired,
        MerchantConfiguration,
        InvalidRequest,
        Unknown,
    ];
    let mut seen = std::collections::HashSet::new();
    for c in all {
        let v = ptm_result_class::from(c);
        assert!(seen.insert(v as u32));
        // The C name is the JSON name, upper-cased, behind PTM_CLASS_.
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            format!("{v:?}"),
            format!("PTM_CLASS_{}", json.trim_matches('"').to_uppercase())
        );
    }
    assert_eq!(ptm_result_class::from(Unknown) as u32, 0);
}
