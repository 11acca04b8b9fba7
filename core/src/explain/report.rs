//! What [`explain`](super::explain) reports: the verdict, the proven causes and their kinds, and
//! their JSON shape. Plain data; the search that finds causes is in the sibling modules.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::ErrorCode;

/// How the parameters are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Mode {
    /// The exact bytes are signed (JSON APIs: the request or response `body`).
    String,
    /// The parameters are a JSON object of string/null values, signed as a map
    /// (see [`Params::signing_string`](crate::Params::signing_string)): callbacks, webhooks, form posts.
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

/// A mistake [`explain`](super::explain) can detect. Serialized in snake_case; the names are stable.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// Map mode: a value `null` (any letter case) was signed as the text `null` (Paytm's Node
    /// and Ruby libraries do this; Paytm's server and the other libraries sign it as empty).
    MapNullKeptAsText,
    /// Map mode: the names were sorted as PHP's `ksort` sorts them, numeric names compared as
    /// numbers (`7` before `17`), as Paytm's PHP library does; the server sorts by bytes.
    NumericKeyOrder,
    /// Map mode: the names were sorted by UTF-16 code units (Java's `TreeMap`, as Paytm's Java
    /// library does), which differs from the server's UTF-8 byte order for names with
    /// characters beyond U+FFFF and in U+E000–U+FFFF.
    Utf16KeyOrder,
    /// Map mode: the `CHECKSUMHASH` entry was included in the signed string.
    MapChecksumhashIncluded,
    /// Map mode was asked for, but the params were signed as a plain string (their exact bytes).
    SignedAsString,
    /// String mode was asked for, but the params (a flat JSON object) were signed as a map.
    SignedAsMap,
    /// The checksum does not decrypt with this key: made with another merchant's key (or the
    /// staging key vs the production key), or corrupted.
    ChecksumDoesNotDecrypt,
    /// The checksum does not open with the 24- or 32-byte key but opens with its first 16 bytes:
    /// it was made by an AES-128-only library that cut the key (Paytm's PHP library does this).
    #[serde(rename = "key_truncated_to_16")]
    KeyTruncatedTo16,
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
            CauseKind::NumericKeyOrder => "numeric_key_order",
            CauseKind::Utf16KeyOrder => "utf16_key_order",
            CauseKind::MapChecksumhashIncluded => "map_checksumhash_included",
            CauseKind::SignedAsString => "signed_as_string",
            CauseKind::SignedAsMap => "signed_as_map",
            CauseKind::ChecksumDoesNotDecrypt => "checksum_does_not_decrypt",
            CauseKind::KeyTruncatedTo16 => "key_truncated_to_16",
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cause {
    /// What kind of mistake.
    pub kind: CauseKind,
    /// What happened and how to fix it. Never contains the key.
    pub message: String,
    /// The proof: for parameter mistakes, the string whose hash (with the checksum's salt) equals
    /// the hash inside the checksum; for checksum damage, the repaired checksum, which opens;
    /// for [`CauseKind::KeyTruncatedTo16`], the checksum that opens with the first 16 bytes.
    /// `None` for [`CauseKind::ChecksumDoesNotDecrypt`], which cannot be proven without the other
    /// key. Non-UTF-8 bytes appear as U+FFFD.
    pub matched: Option<String>,
}

/// Everything [`explain`](super::explain) found out. Plain data; serializes to JSON for the C and npm surfaces
/// with camelCase member names (`hashInChecksum`, `hashedString`…), like every JSON this crate
/// produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
