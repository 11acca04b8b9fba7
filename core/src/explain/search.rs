//! The search for the parameter mistakes that reproduce the hash inside an opened checksum:
//! whitespace, JSON re-serialization styles, an envelope signed instead of its body, map mode
//! for string mode and the reverse, and the map rules of Paytm's official libraries that differ
//! from the server's (`null` kept as text, PHP's and Java's key orders). A variant is reported
//! only when its hash matches.

use super::json_style::{parse_json, write_json, Style};
use super::key_order;
use super::report::{Cause, CauseKind};
use crate::checksum::Opened;
use crate::input::Json;
use crate::params::{signing_string_of, Params, CHECKSUMHASH};

/// Tries variants against the hash inside a checksum, each variant once.
pub(super) struct Search<'a> {
    opened: &'a Opened,
    tried: Vec<Vec<u8>>,
    pub(super) found: Vec<Cause>,
}

impl<'a> Search<'a> {
    pub(super) fn new(opened: &'a Opened, as_given: Option<&[u8]>) -> Search<'a> {
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

/// The mistakes of a string-mode signer.
pub(super) fn string_mode_variants(search: &mut Search<'_>, params: &[u8]) {
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

/// The mistakes of a map-mode signer.
pub(super) fn map_mode_variants(search: &mut Search<'_>, params: &[u8], parsed: Option<&Params>) {
    if let Some(p) = parsed {
        if p.has_null_text() {
            search.try_variant(
                CauseKind::MapNullKeptAsText,
                "a value 'null' (in any letter case) was signed as the text 'null': Paytm's \
                 Node library (paytmchecksum) and its Ruby library (Paytm_Ruby_Checksum) do \
                 this; Paytm's server and the other libraries sign it as empty: send an empty \
                 value, or sign with a library that follows the server's rule",
                p.signing_string_keeping_null_text().into_bytes(),
            );
        }
        library_key_order_variants(search, p);
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

/// The map signed with its names in the order of a library that does not sort by bytes.
fn library_key_order_variants(search: &mut Search<'_>, p: &Params) {
    let entries: Vec<(&str, Option<&str>)> = p.iter().collect();
    let signed_in =
        |order: Vec<(&str, Option<&str>)>| signing_string_of(order.into_iter()).into_bytes();
    if let Some(order) = key_order::php_ksort(&entries) {
        search.try_variant(
            CauseKind::NumericKeyOrder,
            "the params were signed with their names in PHP's ksort order: names that are \
             numbers compared as numbers (\"7\" before \"17\"), as Paytm's PHP library \
             (Paytm_PHP_Checksum 2.0.2) does (Paytm's Node library puts integer names first \
             in numeric order too); Paytm's server sorts names by their bytes \
             (\"17\" before \"7\"): avoid parameter names that are numbers, or sign with a \
             library that sorts by bytes",
            signed_in(order),
        );
    }
    if let Some(order) = key_order::utf16(&entries) {
        search.try_variant(
            CauseKind::Utf16KeyOrder,
            "the params were signed with their names in UTF-16 code-unit order, as Java's \
             TreeMap sorts them in Paytm's Java library (paytmpayments-checksum 2.1.1): a \
             name with a character beyond U+FFFF (an emoji) came before one with a character \
             in U+E000-U+FFFF; Paytm's server sorts names by their UTF-8 bytes: keep \
             parameter names ASCII, or sign with a library that sorts by bytes",
            signed_in(order),
        );
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

/// The hex hash of `data` with the opened checksum's salt.
pub(super) fn hash_hex(data: &[u8], o: &Opened) -> String {
    let mut h = crate::checksum::hash(data, o.salt);
    h.truncate(64);
    h
}
