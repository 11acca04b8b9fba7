//! Diagnosis of "checksum mismatch": what a checksum holds, what was hashed, and which common
//! mistake would have produced it.
//!
//! [`explain`] opens a checksum with the merchant key, recomputes the hash of the given
//! parameters with the salt found inside, and — when they differ — recomputes the hash of
//! variants of the parameters (and of the checksum) that the usual integration mistakes produce.
//! A [`Cause`] is only reported when its variant reproduces the hash inside the checksum (or, for
//! damaged checksums, when the repaired checksum opens): every cause is proven, none is a guess.
//! The one exception is [`CauseKind::ChecksumDoesNotDecrypt`], which nothing can prove without the
//! other key; it is reported from the decryption failure itself.
//!
//! This module never sees key bytes (only a [`MerchantKey`]), so nothing it returns can contain
//! the key. It does no I/O. JSON variants are produced from the crate's one JSON tree
//! ([`crate::input::Json`], which keeps members in their order; a document giving a name twice
//! has no JSON variants) and written back in the styles real signers use: compact
//! (`JSON.stringify`, serde_json, Gson), Python's `json.dumps` default separators `", "`/`": "`,
//! sorted keys, `\uXXXX` escapes for non-ASCII. Integers are written back as received;
//! other numbers the serde_json way, so a JSON variant of a body holding non-integer numbers may
//! fail to reproduce a hash it would otherwise match.
//!
//! Map mode also recognises the rules of Paytm's official libraries that differ from the
//! server's: PHP's numeric key order and its key cut to 16 bytes, Java's UTF-16 key order, the
//! Node and Ruby libraries' `null` text (see docs/checksum.md for the table).
//!
//! Files: `search` (the parameter mistakes tried), `key_order` (other libraries' key orders),
//! `repair` (the checksum damage undone), `json_style` (the JSON writers).
//!
//! ```
//! use paytm_checkout::explain::{explain, CauseKind, Mode, Verdict};
//! use paytm_checkout::{MerchantKey, Salt};
//! let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK")?;
//! let checksum = key.generate_with_salt(br#"{"mid":"M1"}"#, Salt::new(b"ab12")?);
//! // The verifier received the body with a trailing newline.
//! let e = explain(&key, b"{\"mid\":\"M1\"}\n", Mode::String, checksum.as_bytes());
//! assert_eq!(e.verdict, Verdict::Mismatch);
//! assert_eq!(e.salt.as_deref(), Some("ab12"));
//! assert_eq!(e.causes[0].kind, CauseKind::ParamsSurroundingWhitespace);
//! # Ok::<(), paytm_checkout::Error>(())
//! ```

mod json_style;
mod key_order;
mod repair;
mod report;
mod search;

pub use report::{Cause, CauseKind, Explanation, Mode, Verdict};

use crate::checksum::{MerchantKey, Opened};
use crate::error::ErrorCode;
use crate::params::Params;

use repair::repair_checksum;
use search::{hash_hex, map_mode_variants, string_mode_variants, Search};

/// Opens `checksum` with `key`, checks it against `params` in `mode`, and when it is not valid,
/// searches for the mistakes that explain it. Never panics; hostile input gives a
/// [`Verdict::Malformed`].
pub fn explain(key: &MerchantKey, params: &[u8], mode: Mode, checksum: &[u8]) -> Explanation {
    let mut causes = Vec::new();

    // 1. The checksum: open it, or repair it until it opens (with the key, else with its first
    //    16 bytes, what an AES-128-only signer uses).
    let (opened, checksum_code, repaired) = match key.open(checksum) {
        Ok(o) => (Some(o), None, None),
        Err(e) => {
            let code = e.code();
            let with_full_key = open_damaged(key, checksum, code, &mut causes);
            let opened = with_full_key.or_else(|| {
                let first_16 = key.first_16_bytes()?;
                let (o, fixed) = match first_16.open(checksum) {
                    Ok(o) => (o, None),
                    Err(e) => open_damaged(first_16, checksum, e.code(), &mut causes)?,
                };
                causes.push(Cause {
                    kind: CauseKind::KeyTruncatedTo16,
                    message: KEY_TRUNCATED_MESSAGE.to_owned(),
                    matched: Some(
                        fixed
                            .clone()
                            .unwrap_or_else(|| String::from_utf8_lossy(checksum).into_owned()),
                    ),
                });
                Some((o, fixed))
            });
            match opened {
                Some((o, fixed)) => (Some(o), Some(code), fixed),
                None => {
                    if matches!(
                        code,
                        ErrorCode::ChecksumPadding | ErrorCode::ChecksumContent
                    ) {
                        causes.push(Cause {
                            kind: CauseKind::ChecksumDoesNotDecrypt,
                            message: does_not_decrypt_message(code),
                            matched: None,
                        });
                    }
                    (None, Some(code), None)
                }
            }
        }
    };

    // 2. What would be signed for these params in this mode.
    let (signing, parsed_map, params_code): (Option<Vec<u8>>, Option<Params>, Option<ErrorCode>) =
        match mode {
            Mode::String => (Some(params.to_vec()), None, None),
            Mode::Map => {
                let parsed = if core::str::from_utf8(params).is_err() {
                    Err(ErrorCode::InvalidUtf8)
                } else {
                    Params::from_json(params).map_err(|e| e.code())
                };
                match parsed {
                    Ok(p) => (Some(p.signing_string().into_bytes()), Some(p), None),
                    Err(c) => (None, None, Some(c)),
                }
            }
        };

    // 3. Recompute.
    let mut exp = Explanation {
        mode,
        verdict: Verdict::Mismatch,
        salt: None,
        hash_in_checksum: None,
        hash_of_params: None,
        hashed_string: None,
        repaired_checksum: repaired,
        causes: Vec::new(),
    };
    let mut matches = false;
    if let Some(o) = &opened {
        exp.salt = Some(o.salt.as_str().to_owned());
        exp.hash_in_checksum = Some(o.hash_hex.clone());
        if let Some(s) = &signing {
            let h = hash_hex(s, o);
            matches = h == o.hash_hex;
            exp.hash_of_params = Some(h);
            let mut hashed = String::from_utf8_lossy(s).into_owned();
            hashed.push('|');
            hashed.push_str(o.salt.as_str());
            exp.hashed_string = Some(hashed);
        }
    }
    exp.verdict = match (checksum_code, params_code) {
        (Some(c), _) | (None, Some(c)) => Verdict::Malformed(c),
        (None, None) if matches => Verdict::Valid,
        (None, None) => Verdict::Mismatch,
    };

    // 4. Search the parameter mistakes that reproduce the hash inside.
    if let Some(o) = &opened {
        if !matches {
            let mut search = Search::new(o, signing.as_deref());
            match mode {
                Mode::String => string_mode_variants(&mut search, params),
                Mode::Map => map_mode_variants(&mut search, params, parsed_map.as_ref()),
            }
            causes.extend(search.found);
        }
    }
    exp.causes = causes;
    exp
}

/// Opens a checksum that failed with `code` by undoing transport damage, recording each repair
/// as a cause; the repaired checksum is returned with what it holds.
fn open_damaged(
    key: &MerchantKey,
    checksum: &[u8],
    code: ErrorCode,
    causes: &mut Vec<Cause>,
) -> Option<(Opened, Option<String>)> {
    if !matches!(
        code,
        ErrorCode::ChecksumEncoding | ErrorCode::ChecksumLength
    ) {
        return None;
    }
    let (o, fixed, steps) = repair_checksum(key, checksum)?;
    let fixed_text = String::from_utf8_lossy(&fixed).into_owned();
    for step in steps {
        causes.push(Cause {
            kind: step.kind(),
            message: step.message().to_owned(),
            matched: Some(fixed_text.clone()),
        });
    }
    Some((o, Some(fixed_text)))
}

const KEY_TRUNCATED_MESSAGE: &str =
    "the checksum does not open with this 24- or 32-byte merchant key but opens with its first \
     16 bytes: the other side uses a library with AES-128 only that silently cuts the key to 16 \
     bytes (Paytm's PHP library, Paytm_PHP_Checksum 2.0.2, does this; the Ruby one, \
     Paytm_Ruby_Checksum, accepts only 16-byte keys, so a cut copy may be configured there): \
     use the same key on both sides; a 16-byte key, what Paytm issues, works with every library";

fn does_not_decrypt_message(code: ErrorCode) -> String {
    let how = if code == ErrorCode::ChecksumContent {
        "decrypts to an unexpected layout"
    } else {
        "does not decrypt (bad padding)"
    };
    format!(
        "the checksum is well-formed base64 but {how} with this merchant key: it was made with \
         another key (another merchant, or staging vs production), or it was corrupted in transit"
    )
}

#[cfg(test)]
mod tests;
