//! Saving a session: the envelope every session writes (`{"version":1,"kind":…,"config":…,
//! "state":…}`, [`Saved`]) and the seal a session holding the merchant key puts around it.
//!
//! Sealed saves: what a session writes with `save` cannot be edited into another verdict.
//!
//! A saved session is data the host keeps (a file, a database row, app storage) and hands back:
//! anyone who can edit it could otherwise write `"outcome":{"status":"success"}`, or lower the
//! amount the status answer is reconciled against. So a session holding the merchant key seals
//! what it saves:
//!
//! ```text
//! {"seal":"<base64 HMAC-SHA256>","session":{"version":1,"kind":"checkout","config":…,"state":…}}
//! ```
//!
//! The MAC covers the exact bytes of the `session` member (found with a real JSON tokenizer, as
//! response signatures are) under a key derived from the merchant key with a label of its own
//! (HMAC-SHA256(merchant key, "paytm-checkout/session-seal/v1")), compared in constant time.
//! `restore` with the key refuses a save that is unsealed, edited in any byte of `session`, or
//! sealed under another key: [`ErrorCode::SessionSeal`].
//!
//! What a seal protects: the integrity of everything the session saved (its order, amount, MID,
//! phase, outcome, REFIDs, timers) against anyone without the merchant key. What it does not:
//! confidentiality (a save is readable JSON, with no secret in it), freshness (an *older* genuine
//! save of the same session restores: keep the latest one; the status API still decides every
//! payment, so an old save cannot make an unpaid order `success`), or saves made without the key
//! — the client half's, which restore only into what a client may conclude (`unverified` or a
//! failure, never `success`).

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::Sha256;

use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};

/// Version of the JSON written by `save`. `restore` refuses other versions
/// ([`ErrorCode::SessionRestore`]).
pub const SAVE_VERSION: u32 = 1;

/// What every session saves: its version, its kind (`checkout`, `refund`, `wallet`), its config
/// without secrets and its state. One reader and one writer for every kind.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Saved<C, S> {
    version: u32,
    kind: String,
    /// The session's config, without secrets.
    pub config: C,
    /// Where the session stands.
    pub state: S,
}

impl<C: Serialize, S: Serialize> Saved<C, S> {
    /// The save of a session of `kind`: JSON, unsealed.
    pub fn write(kind: &str, config: C, state: S) -> String {
        let saved = Saved {
            version: SAVE_VERSION,
            kind: kind.to_owned(),
            config,
            state,
        };
        // Strings, numbers and JSON values only: cannot fail.
        serde_json::to_string(&saved).unwrap_or_default()
    }
}

impl<C: DeserializeOwned, S: DeserializeOwned> Saved<C, S> {
    /// A save's text (for a sealed save, what [`open`] found inside its seal). A save this
    /// library wrote reads directly; only for an error (another version's save, an edit) does the
    /// reader that names the member at fault run.
    pub fn read(text: &str) -> Result<Saved<C, S>> {
        serde_json::from_str(text)
            .or_else(|_| crate::api::parse("session", text.as_bytes()))
            .map_err(|e| restore_error(&e))
    }

    /// A sealed save of a session of `kind`, opened under `key` and read; a save of another
    /// version or kind is [`ErrorCode::SessionRestore`].
    pub fn open_as(key: &MerchantKey, kind: &str, saved: &[u8]) -> Result<Saved<C, S>> {
        Saved::read_as(kind, open(key, saved)?)
    }

    /// [`Saved::read`], for a session of `kind` only (as [`Saved::open_as`]).
    pub fn read_as(kind: &str, text: &str) -> Result<Saved<C, S>> {
        let saved = Saved::read(text)?;
        if !saved.is(kind) {
            return Err(saved.not_of(kind));
        }
        Ok(saved)
    }

    /// Is it a save of this library's version, of a session of `kind`?
    pub fn is(&self, kind: &str) -> bool {
        self.version == SAVE_VERSION && self.kind == kind
    }

    /// [`ErrorCode::SessionRestore`]: the save is of another version or kind than `want`.
    pub fn not_of(&self, want: &str) -> Error {
        Error::with_message(
            ErrorCode::SessionRestore,
            format!(
                "saved session: version {} of kind {:?}; this library reads version {SAVE_VERSION} {want} sessions",
                self.version,
                self.kind.chars().take(32).collect::<String>()
            ),
        )
    }
}

/// The save of a session of `kind` holding `key`: [`Saved::write`], sealed.
pub(crate) fn seal_save<C: Serialize, S: Serialize>(
    key: &MerchantKey,
    kind: &str,
    config: C,
    state: S,
) -> String {
    seal(key, &Saved::write(kind, config, state))
}

/// [`ErrorCode::SessionRestore`] for a save that cannot be read.
pub(crate) fn restore_error(e: &Error) -> Error {
    Error::with_message(
        ErrorCode::SessionRestore,
        format!("saved session: {}", e.message()),
    )
}

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn mac(key: &MerchantKey) -> Hmac<Sha256> {
    // HMAC accepts a 32-byte key: cannot fail.
    <Hmac<Sha256> as KeyInit>::new_from_slice(key.seal_key()).expect("32-byte HMAC key")
}

/// `payload` (a saved session's JSON) sealed under `key`.
pub(crate) fn seal(key: &MerchantKey, payload: &str) -> String {
    let mut m = mac(key);
    m.update(payload.as_bytes());
    let tag = B64.encode(m.finalize().into_bytes());
    format!(r#"{{"seal":"{tag}","session":{payload}}}"#)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sealed<'a> {
    seal: &'a str,
    #[serde(borrow)]
    session: &'a RawValue,
}

fn seal_error(why: &str) -> Error {
    Error::with_message(ErrorCode::SessionSeal, format!("saved session: {why}"))
}

/// The saved session inside a sealed save, once its seal verified under `key`.
pub(crate) fn open<'a>(key: &MerchantKey, saved: &'a [u8]) -> Result<&'a str> {
    let text = core::str::from_utf8(saved).map_err(|_| {
        Error::with_message(ErrorCode::SessionRestore, "saved session: not UTF-8 JSON")
    })?;
    if !is_sealed(text) {
        return Err(seal_error(
            "not sealed: it was saved without the merchant key (a client half's save), by an \
             older version of this library, or edited; a server continues an order from its \
             own record",
        ));
    }
    let sealed: Sealed<'_> = serde_json::from_str(text)
        .map_err(|_| seal_error("a sealed save must be exactly {\"seal\":…,\"session\":{…}}"))?;
    let tag = B64
        .decode(sealed.seal)
        .map_err(|_| seal_error("the seal is not base64"))?;
    let mut m = mac(key);
    m.update(sealed.session.get().as_bytes());
    m.verify_slice(&tag).map_err(|_| {
        seal_error(
            "the seal does not match: the save was edited, or sealed under another merchant key",
        )
    })?;
    Ok(sealed.session.get())
}

/// Does this save look sealed (a top-level `seal` member)? Cheap, and decides nothing: a sealed
/// save is only trusted once [`open`] verified it.
pub(crate) fn is_sealed(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Probe<'a> {
        #[serde(borrow, default)]
        seal: Option<&'a RawValue>,
    }
    serde_json::from_str::<Probe<'_>>(text).is_ok_and(|p| p.seal.is_some())
}

/// The `kind` of a saved session, sealed or not (unverified: it only picks the session type
/// that then verifies the save).
pub(crate) fn kind_of(saved: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Kind {
        kind: String,
    }
    #[derive(Deserialize)]
    struct Outer<'a> {
        #[serde(borrow)]
        session: Option<&'a RawValue>,
        kind: Option<String>,
    }
    let outer: Outer<'_> = serde_json::from_slice(saved).ok()?;
    match (outer.kind, outer.session) {
        (Some(k), None) => Some(k),
        (None, Some(s)) => serde_json::from_str::<Kind>(s.get()).ok().map(|k| k.kind),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &[u8]) -> MerchantKey {
        MerchantKey::new(k).unwrap()
    }

    #[test]
    fn a_seal_opens_only_unedited_and_under_its_key() {
        let k = key(b"PmX#a0x4VpTXRzfK");
        let payload = r#"{"version":1,"kind":"refund","config":{"amount":"100.00"}}"#;
        let sealed = seal(&k, payload);
        assert_eq!(open(&k, sealed.as_bytes()).unwrap(), payload);
        assert_eq!(kind_of(sealed.as_bytes()).as_deref(), Some("refund"));
        // Any edit of the session: refused.
        let edited = sealed.replace("100.00", "0.01");
        assert_eq!(
            open(&k, edited.as_bytes()).unwrap_err().code(),
            ErrorCode::SessionSeal
        );
        // Whitespace is an edit too: the MAC covers the exact bytes.
        let spaced = sealed.replace(r#""version":1"#, r#""version": 1"#);
        assert!(open(&k, spaced.as_bytes()).is_err());
        // Another key (even one that only differs in length class).
        for other in [&b"PmX#a0x4VpTXRzfL"[..], &[7u8; 32][..]] {
            let e = open(&key(other), sealed.as_bytes()).unwrap_err();
            assert_eq!(e.code(), ErrorCode::SessionSeal);
        }
        // Unsealed, a seal member added twice, extra members, a bad tag.
        for bad in [
            payload.to_owned(),
            sealed.replacen("{", r#"{"seal":"AAAA","#, 1),
            sealed.replacen("{", r#"{"x":1,"#, 1),
            format!(r#"{{"seal":"!!","session":{payload}}}"#),
        ] {
            let e = open(&k, bad.as_bytes()).unwrap_err();
            assert_eq!(e.code(), ErrorCode::SessionSeal, "{bad}");
        }
    }

    #[test]
    fn the_seal_key_is_not_the_merchant_key() {
        let raw = b"PmX#a0x4VpTXRzfK";
        let k = key(raw);
        assert!(!k.seal_key().windows(raw.len()).any(|w| w == raw));
        assert_ne!(key(b"PmX#a0x4VpTXRzfL").seal_key(), k.seal_key());
    }
}
