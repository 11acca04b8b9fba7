//! The search for the parameter mistakes that reproduce the hash inside an opened checksum:
//! whitespace, JSON re-serialization styles, an envelope signed instead of its body, map mode
//! for string mode and the reverse. A variant is reported only when its hash matches.

use super::json_style::{parse_json, write_json, Style};
use super::report::{Cause, CauseKind};
use crate::checksum::Opened;
use crate::input::Json;
use crate::params::{Params, CHECKSUMHASH};

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

/// The hex hash of `data` with the opened checksum's salt.
pub(super) fn hash_hex(data: &[u8], o: &Opened) -> String {
    let mut h = crate::checksum::hash(data, o.salt);
    h.truncate(64);
    h
}
