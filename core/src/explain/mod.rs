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
//! Files: `search` (the parameter mistakes tried), `repair` (the checksum damage undone),
//! `json_style` (the JSON writers).
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
mod repair;
mod search;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::checksum::{self, MerchantKey, Opened};
use crate::error::ErrorCode;
use crate::params::Params;

use repair::repair_checksum;
use search::{map_mode_variants, string_mode_variants, Search};

/// How the parameters are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The exact bytes are signed (JSON APIs: the request or response `body`).
    String,
    /// The parameters are a JSON object of string/null values, signed as a map
    /// (see [`Params::signing_string`]): callbacks, webhooks, form posts.
    Map,
}

/// The outcome of checking the checksum against the parameters as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The checksum is valid for these parameters.
    Valid,
    /// The checksum opens with the key, but was made over other parameters
    /// ([`ErrorCode::ChecksumMismatch`]).
    Mismatch,
    /// The checksum (2xxx) or the parameters (1xxx) are unusable as given.
    Malformed(ErrorCode),
}

impl Verdict {
    /// True for [`Verdict::Valid`].
    pub fn is_valid(self) -> bool {
        self == Verdict::Valid
    }

    /// The error code of a verdict that is not valid.
    pub fn code(self) -> Option<ErrorCode> {
        match self {
            Verdict::Valid => None,
            Verdict::Mismatch => Some(ErrorCode::ChecksumMismatch),
            Verdict::Malformed(c) => Some(c),
        }
    }

    /// `valid`, `mismatch` or `malformed`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Mismatch => "mismatch",
            Verdict::Malformed(_) => "malformed",
        }
    }
}

/// `{"status":"malformed","code":2002,"name":"CHECKSUM_ENCODING","message":"..."}`; `code`,
/// `name` and `message` are absent when valid.
impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let code = self.code();
        let mut st = s.serialize_struct("Verdict", if code.is_some() { 4 } else { 1 })?;
        st.serialize_field("status", self.name())?;
        if let Some(c) = code {
            st.serialize_field("code", &c.number())?;
            st.serialize_field("name", c.name())?;
            st.serialize_field("message", c.message())?;
        }
        st.end()
    }
}

/// A mistake [`explain`] can detect. Serialized in snake_case; the names are stable.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CauseKind {
    /// The params have leading/trailing whitespace (often a newline) that was not signed.
    ParamsSurroundingWhitespace,
    /// The signer signed the params with a trailing newline the params no longer have.
    SignedWithTrailingNewline,
    /// The signer signed compact JSON; the params have other whitespace (pretty-printed or
    /// re-serialized on the way).
    JsonWhitespace,
    /// The signer signed Python `json.dumps` output (`", "` and `": "` separators).
    JsonPythonSeparators,
    /// The signer signed the JSON with keys sorted (`sort_keys=True`, a sorted map type).
    JsonKeyOrder,
    /// The signer signed the JSON with non-ASCII characters as `\uXXXX` escapes (Python's
    /// default `ensure_ascii`), or the reverse.
    JsonUnicodeEscapes,
    /// The params are a whole `{"head":…,"body":…}` envelope; the signature covers the body only.
    EnvelopeInsteadOfBody,
    /// Map mode: a value `null` was signed as the text `null` (the Node library does this;
    /// Paytm's server and other libraries sign it as empty).
    MapNullKeptAsText,
    /// Map mode: the `CHECKSUMHASH` entry was included in the signed string.
    MapChecksumhashIncluded,
    /// Map mode was asked for, but the params were signed as a plain string (their exact bytes).
    SignedAsString,
    /// String mode was asked for, but the params (a flat JSON object) were signed as a map.
    SignedAsMap,
    /// The checksum does not decrypt with this key: made with another merchant's key (or the
    /// staging key vs the production key), or corrupted.
    ChecksumDoesNotDecrypt,
    /// The checksum has surrounding whitespace or a newline.
    ChecksumSurroundingWhitespace,
    /// The checksum is still URL-encoded (`%2B`, `%2F`, `%3D`).
    ChecksumPercentEncoded,
    /// URL decoding turned the checksum's `+` into spaces.
    ChecksumPlusAsSpace,
    /// The checksum is in URL-safe base64 (`-` and `_` instead of `+` and `/`).
    ChecksumUrlSafeBase64,
    /// The checksum lost its trailing `=` padding.
    ChecksumPaddingStripped,
}

impl CauseKind {
    /// The stable snake_case name (as serialized).
    pub fn name(self) -> &'static str {
        match self {
            CauseKind::ParamsSurroundingWhitespace => "params_surrounding_whitespace",
            CauseKind::SignedWithTrailingNewline => "signed_with_trailing_newline",
            CauseKind::JsonWhitespace => "json_whitespace",
            CauseKind::JsonPythonSeparators => "json_python_separators",
            CauseKind::JsonKeyOrder => "json_key_order",
            CauseKind::JsonUnicodeEscapes => "json_unicode_escapes",
            CauseKind::EnvelopeInsteadOfBody => "envelope_instead_of_body",
            CauseKind::MapNullKeptAsText => "map_null_kept_as_text",
            CauseKind::MapChecksumhashIncluded => "map_checksumhash_included",
            CauseKind::SignedAsString => "signed_as_string",
            CauseKind::SignedAsMap => "signed_as_map",
            CauseKind::ChecksumDoesNotDecrypt => "checksum_does_not_decrypt",
            CauseKind::ChecksumSurroundingWhitespace => "checksum_surrounding_whitespace",
            CauseKind::ChecksumPercentEncoded => "checksum_percent_encoded",
            CauseKind::ChecksumPlusAsSpace => "checksum_plus_as_space",
            CauseKind::ChecksumUrlSafeBase64 => "checksum_url_safe_base64",
            CauseKind::ChecksumPaddingStripped => "checksum_padding_stripped",
        }
    }
}

impl core::fmt::Display for CauseKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// A detected likely cause, with its proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// What kind of mistake.
    pub kind: CauseKind,
    /// What happened and how to fix it. Never contains the key.
    pub message: String,
    /// The proof: for parameter mistakes, the string whose hash (with the checksum's salt) equals
    /// the hash inside the checksum; for checksum damage, the repaired checksum, which opens.
    /// `None` for [`CauseKind::ChecksumDoesNotDecrypt`], which cannot be proven without the other
    /// key. Non-UTF-8 bytes appear as U+FFFD.
    pub matched: Option<String>,
}

/// Everything [`explain`] found out. Plain data; serializes to JSON for the C and npm surfaces
/// with camelCase member names (`hashInChecksum`, `hashedString`…), like every JSON this crate
/// produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// The mode the parameters were checked in.
    pub mode: Mode,
    /// Valid, mismatch, or malformed with a code.
    pub verdict: Verdict,
    /// The salt inside the checksum (`None` when it does not open, even after repair).
    pub salt: Option<String>,
    /// The 64 hex digits inside the checksum: the hash the signer computed.
    pub hash_in_checksum: Option<String>,
    /// The hash of the given parameters with that salt (64 hex digits).
    pub hash_of_params: Option<String>,
    /// Exactly what was hashed for `hash_of_params`: the params (map mode: the joined signing
    /// string) + `|` + salt. Non-UTF-8 bytes appear as U+FFFD.
    pub hashed_string: Option<String>,
    /// When the checksum only opened after a repair (see the checksum causes), the repaired
    /// checksum that the salt and hash come from.
    pub repaired_checksum: Option<String>,
    /// Proven likely causes; empty when valid, or when no known mistake reproduces the hash.
    pub causes: Vec<Cause>,
}

/// Opens `checksum` with `key`, checks it against `params` in `mode`, and when it is not valid,
/// searches for the mistakes that explain it. Never panics; hostile input gives a
/// [`Verdict::Malformed`].
pub fn explain(key: &MerchantKey, params: &[u8], mode: Mode, checksum: &[u8]) -> Explanation {
    let mut causes = Vec::new();

    // 1. The checksum: open it, or repair it until it opens.
    let (opened, checksum_code, repaired) = match key.open(checksum) {
        Ok(o) => (Some(o), None, None),
        Err(e) => {
            let code = e.code();
            match code {
                ErrorCode::ChecksumEncoding | ErrorCode::ChecksumLength => {
                    match repair_checksum(key, checksum) {
                        Some((o, fixed, steps)) => {
                            let fixed_text = String::from_utf8_lossy(&fixed).into_owned();
                            for step in steps {
                                causes.push(Cause {
                                    kind: step.kind(),
                                    message: step.message().to_owned(),
                                    matched: Some(fixed_text.clone()),
                                });
                            }
                            (Some(o), Some(code), Some(fixed_text))
                        }
                        None => (None, Some(code), None),
                    }
                }
                _ => {
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

/// The hex hash of `data` with the opened checksum's salt.
fn hash_hex(data: &[u8], o: &Opened) -> String {
    let mut h = checksum::hash(data, o.salt);
    h.truncate(64);
    h
}

#[cfg(test)]
mod tests;
