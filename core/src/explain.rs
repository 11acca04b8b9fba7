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
//! the key. It does no I/O. JSON variants are produced by walking the parameters with
//! serde_json's deserializer (key order is kept by the walk itself, no `preserve_order` needed)
//! and writing them back in the styles real signers use: compact (`JSON.stringify`, serde_json,
//! Gson), Python's `json.dumps` default separators `", "`/`": "`, sorted keys, `\uXXXX` escapes
//! for non-ASCII. Floating-point numbers are written back the serde_json way, so a JSON variant
//! of a body holding non-integer numbers may fail to reproduce a hash it would otherwise match.
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

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::checksum::{self, MerchantKey, Opened, CHECKSUM_LEN};
use crate::error::ErrorCode;
use crate::params::{Params, CHECKSUMHASH};

/// How the parameters are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

/// Tries variants against the hash inside a checksum, each variant once.
struct Search<'a> {
    opened: &'a Opened,
    tried: Vec<Vec<u8>>,
    found: Vec<Cause>,
}

impl<'a> Search<'a> {
    fn new(opened: &'a Opened, as_given: Option<&[u8]>) -> Search<'a> {
        Search {
            opened,
            tried: as_given.into_iter().map(<[u8]>::to_vec).collect(),
            found: Vec::new(),
        }
    }

    /// Reports `kind` when `candidate` (not tried before) reproduces the hash.
    fn try_variant(&mut self, kind: CauseKind, message: &str, candidate: Vec<u8>) {
        if self.tried.contains(&candidate) {
            return;
        }
        if hash_hex(&candidate, self.opened) == self.opened.hash_hex {
            self.found.push(Cause {
                kind,
                message: message.to_owned(),
                matched: Some(String::from_utf8_lossy(&candidate).into_owned()),
            });
        }
        self.tried.push(candidate);
    }
}

fn string_mode_variants(search: &mut Search<'_>, params: &[u8]) {
    whitespace_variants(search, params);
    if let Some(doc) = parse_json(params) {
        json_variants(search, &doc, None);
        if let Json::Obj(members) = &doc {
            if let Some((_, body)) = members.iter().find(|(k, _)| k == "body") {
                json_variants(search, body, Some(CauseKind::EnvelopeInsteadOfBody));
            }
        }
    }
    if let Ok(p) = Params::from_json(params) {
        let msg = "the params were signed as a map (values sorted by key and joined with '|'); \
                   verify with --map / map mode, or sign the exact bytes";
        search.try_variant(CauseKind::SignedAsMap, msg, p.signing_string().into_bytes());
        search.try_variant(
            CauseKind::SignedAsMap,
            msg,
            p.signing_string_keeping_null_text().into_bytes(),
        );
        search.try_variant(CauseKind::SignedAsMap, msg, p.joined().into_bytes());
    }
}

fn map_mode_variants(search: &mut Search<'_>, params: &[u8], parsed: Option<&Params>) {
    if let Some(p) = parsed {
        if p.has_null_text() {
            search.try_variant(
                CauseKind::MapNullKeptAsText,
                "a value 'null' was signed as the text 'null' (Paytm's Node library does this); \
                 Paytm's server and the other libraries sign it as empty: send an empty value \
                 or sign on the server side",
                p.signing_string_keeping_null_text().into_bytes(),
            );
        }
        if p.get(CHECKSUMHASH).is_some() {
            search.try_variant(
                CauseKind::MapChecksumhashIncluded,
                "the CHECKSUMHASH entry was included in the signed string; it must be removed \
                 before signing (verifiers drop it)",
                p.joined().into_bytes(),
            );
            if p.has_null_text() {
                let all: Vec<&str> = p.iter().map(|(_, v)| v.unwrap_or("")).collect();
                search.try_variant(
                    CauseKind::MapChecksumhashIncluded,
                    "the CHECKSUMHASH entry was included in the signed string, and a 'null' \
                     value was signed as the text 'null'",
                    all.join("|").into_bytes(),
                );
            }
        }
    }
    let msg = "the params were signed as a plain string (their exact JSON text), not as a map: \
               verify in string mode (without --map)";
    search.try_variant(CauseKind::SignedAsString, msg, params.to_vec());
    search.try_variant(CauseKind::SignedAsString, msg, params.trim_ascii().to_vec());
    if let Some(doc) = parse_json(params) {
        for style in Style::ALL {
            search.try_variant(
                CauseKind::SignedAsString,
                msg,
                write_json(&doc, style).into_bytes(),
            );
        }
    }
}

fn whitespace_variants(search: &mut Search<'_>, params: &[u8]) {
    let msg = "the params have surrounding whitespace (often a trailing newline from a file, \
               `echo` or a here-doc) that was not signed: sign and send the exact same bytes";
    search.try_variant(
        CauseKind::ParamsSurroundingWhitespace,
        msg,
        params.trim_ascii_end().to_vec(),
    );
    search.try_variant(
        CauseKind::ParamsSurroundingWhitespace,
        msg,
        params.trim_ascii_start().to_vec(),
    );
    search.try_variant(
        CauseKind::ParamsSurroundingWhitespace,
        msg,
        params.trim_ascii().to_vec(),
    );
    let msg = "the signer signed the params with a trailing newline that the params you have do \
               not end with: sign and send the exact same bytes";
    for nl in [&b"\n"[..], b"\r\n"] {
        let mut v = params.to_vec();
        v.extend_from_slice(nl);
        search.try_variant(CauseKind::SignedWithTrailingNewline, msg, v);
    }
}

/// Tries every serialization style of `doc`; `envelope` names the cause when `doc` is the body
/// of an envelope rather than the params themselves.
fn json_variants(search: &mut Search<'_>, doc: &Json, envelope: Option<CauseKind>) {
    for style in Style::ALL {
        let (kind, msg) = match envelope {
            Some(k) => (
                k,
                "the params are a whole {\"head\":…,\"body\":…} request or response; the \
                 signature covers the body only (its exact text)",
            ),
            None => style.cause(),
        };
        search.try_variant(kind, msg, write_json(doc, style).into_bytes());
    }
}

// ---------------------------------------------------------------------------------------------
// Checksum repair.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repair {
    Trim,
    Percent,
    UrlSafe,
    SpaceToPlus,
    Pad,
}

impl Repair {
    const ALL: [Repair; 5] = [
        Repair::Trim,
        Repair::Percent,
        Repair::UrlSafe,
        Repair::SpaceToPlus,
        Repair::Pad,
    ];

    fn kind(self) -> CauseKind {
        match self {
            Repair::Trim => CauseKind::ChecksumSurroundingWhitespace,
            Repair::Percent => CauseKind::ChecksumPercentEncoded,
            Repair::UrlSafe => CauseKind::ChecksumUrlSafeBase64,
            Repair::SpaceToPlus => CauseKind::ChecksumPlusAsSpace,
            Repair::Pad => CauseKind::ChecksumPaddingStripped,
        }
    }

    fn message(self) -> &'static str {
        match self {
            Repair::Trim => {
                "the checksum has surrounding whitespace or a newline; it opens once trimmed"
            }
            Repair::Percent => {
                "the checksum is still URL-encoded (%2B, %2F, %3D); it opens once decoded: \
                 URL-decode it exactly once"
            }
            Repair::UrlSafe => {
                "the checksum uses URL-safe base64 ('-' and '_'); it opens with '+' and '/'"
            }
            Repair::SpaceToPlus => {
                "the checksum has spaces where '+' was (a URL/form decoder turned '+' into a \
                 space); it opens with '+' put back: URL-encode the checksum when sending it \
                 in a URL or form"
            }
            Repair::Pad => "the checksum lost its trailing '=' padding; it opens with it restored",
        }
    }

    fn apply(self, c: &[u8]) -> Vec<u8> {
        match self {
            Repair::Trim => c.trim_ascii().to_vec(),
            Repair::Percent => {
                let mut out = Vec::with_capacity(c.len());
                let mut i = 0;
                while i < c.len() {
                    let decoded = match c.get(i..i + 3) {
                        Some([b'%', a, b]) => match (a, b.to_ascii_uppercase()) {
                            (b'2', b'B') => Some(b'+'),
                            (b'2', b'F') => Some(b'/'),
                            (b'3', b'D') => Some(b'='),
                            _ => None,
                        },
                        _ => None,
                    };
                    match decoded {
                        Some(d) => {
                            out.push(d);
                            i += 3;
                        }
                        None => {
                            out.push(c[i]);
                            i += 1;
                        }
                    }
                }
                out
            }
            Repair::UrlSafe => c
                .iter()
                .map(|&b| match b {
                    b'-' => b'+',
                    b'_' => b'/',
                    b => b,
                })
                .collect(),
            Repair::SpaceToPlus => c
                .iter()
                .map(|&b| if b == b' ' { b'+' } else { b })
                .collect(),
            Repair::Pad => {
                let mut v = c.to_vec();
                while v.len() % 4 != 0 {
                    v.push(b'=');
                }
                v
            }
        }
    }
}

/// The smallest set of repairs (applied in a fixed order) after which the checksum opens.
fn repair_checksum(key: &MerchantKey, checksum: &[u8]) -> Option<(Opened, Vec<u8>, Vec<Repair>)> {
    // Damage adds at most a few bytes per character; anything longer is not a damaged checksum.
    if checksum.len() > 4 * CHECKSUM_LEN {
        return None;
    }
    let n = Repair::ALL.len();
    let mut subsets: Vec<u32> = (1u32..(1 << n)).collect();
    subsets.sort_by_key(|m| (m.count_ones(), *m));
    for mask in subsets {
        let mut c = checksum.to_vec();
        let mut steps = Vec::new();
        let mut every_step_changes = true;
        for (i, r) in Repair::ALL.iter().enumerate() {
            if mask & (1 << i) != 0 {
                let next = r.apply(&c);
                if next == c {
                    every_step_changes = false;
                    break;
                }
                c = next;
                steps.push(*r);
            }
        }
        if !every_step_changes {
            continue;
        }
        if let Ok(o) = key.open(&c) {
            return Some((o, c, steps));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// JSON: an order-preserving tree read through serde_json's deserializer, and the writers of the
// styles signers use.

#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(serde_json::Number),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_none<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
                Ok(Json::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
                Ok(Json::Num(n.into()))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
                Ok(Json::Num(n.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Json, E> {
                serde_json::Number::from_f64(n)
                    .map(Json::Num)
                    .ok_or_else(|| E::custom("number out of range"))
            }
            fn visit_str<E>(self, s: &str) -> Result<Json, E> {
                Ok(Json::Str(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Json, E> {
                Ok(Json::Str(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(Json::Arr(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = a.next_entry::<String, Json>()? {
                    v.push((k, x));
                }
                Ok(Json::Obj(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// An object or array document (scalars are not what anyone signs as JSON).
fn parse_json(params: &[u8]) -> Option<Json> {
    match serde_json::from_slice::<Json>(params) {
        Ok(doc @ (Json::Obj(_) | Json::Arr(_))) => Some(doc),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy)]
struct Style {
    /// `", "` and `": "` (Python's `json.dumps` default) instead of `,` and `:`.
    python: bool,
    /// Object keys sorted by code point.
    sorted: bool,
    /// Non-ASCII (and DEL) as `\uXXXX` (Python's default `ensure_ascii`).
    ascii: bool,
}

impl Style {
    /// From the most to the least common, so the simplest explanation is found first.
    const ALL: [Style; 8] = [
        Style {
            python: false,
            sorted: false,
            ascii: false,
        },
        Style {
            python: true,
            sorted: false,
            ascii: true,
        },
        Style {
            python: true,
            sorted: false,
            ascii: false,
        },
        Style {
            python: false,
            sorted: false,
            ascii: true,
        },
        Style {
            python: false,
            sorted: true,
            ascii: false,
        },
        Style {
            python: true,
            sorted: true,
            ascii: true,
        },
        Style {
            python: true,
            sorted: true,
            ascii: false,
        },
        Style {
            python: false,
            sorted: true,
            ascii: true,
        },
    ];

    fn cause(self) -> (CauseKind, &'static str) {
        if self.sorted {
            (
                CauseKind::JsonKeyOrder,
                "the signer signed the JSON with its keys sorted (sort_keys=True or a sorted map), \
                 and the params you have keep another order: sign the exact bytes you send, \
                 never a re-serialization",
            )
        } else if self.python {
            (
                CauseKind::JsonPythonSeparators,
                "the signer signed Python json.dumps output (\", \" and \": \" separators) but \
                 the params you have are serialized differently: sign the exact bytes you send \
                 (json.dumps(body, separators=(\",\", \":\")) once, then send that string)",
            )
        } else if self.ascii {
            (
                CauseKind::JsonUnicodeEscapes,
                "the signer signed the JSON with non-ASCII characters escaped as \\uXXXX (or the \
                 reverse): sign the exact bytes you send",
            )
        } else {
            (
                CauseKind::JsonWhitespace,
                "the signer signed compact JSON but the params you have contain other \
                 whitespace (pretty-printed or re-serialized on the way): sign and send the \
                 exact same bytes",
            )
        }
    }
}

fn write_json(doc: &Json, style: Style) -> String {
    let mut out = String::new();
    write_value(&mut out, doc, style);
    out
}

fn write_value(out: &mut String, v: &Json, style: Style) {
    let (item_sep, key_sep) = if style.python {
        (", ", ": ")
    } else {
        (",", ":")
    };
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Num(n) => out.push_str(&n.to_string()),
        Json::Str(s) => write_str(out, s, style.ascii),
        Json::Arr(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_value(out, x, style);
            }
            out.push(']');
        }
        Json::Obj(members) => {
            let mut refs: Vec<&(String, Json)> = members.iter().collect();
            if style.sorted {
                refs.sort_by(|a, b| a.0.cmp(&b.0));
            }
            out.push('{');
            for (i, (k, x)) in refs.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_str(out, k, style.ascii);
                out.push_str(key_sep);
                write_value(out, x, style);
            }
            out.push('}');
        }
    }
}

fn write_str(out: &mut String, s: &str, ascii: bool) {
    use core::fmt::Write as _;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ascii && (c as u32) >= 0x7f) => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{:04x}", u);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checksum::Salt;

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
            serde_json::to_string(&serde_json::from_str::<serde_json::Value>(BODY).unwrap())
                .unwrap();
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
}
