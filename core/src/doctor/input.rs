//! What [`diagnose`](super::diagnose) reads: [`DoctorInput`], parsed from JSON with serde
//! (`deny_unknown_fields`) and the crate's one serde-error mapping, so every surface gets the same
//! stable codes: text that is not JSON is [`ErrorCode::InvalidParams`], an unknown or mistyped
//! member [`ErrorCode::InvalidField`], a missing `environment` [`ErrorCode::MissingField`]. Messages
//! name members, never values.
//!
//! Values are read as text and checked by the diagnosis, not here: a bad MID is a finding, not an
//! input error. The merchant key and client secret are read into storage that zeroes itself and
//! never appear in `Debug`.

use core::fmt;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::input::Json;

crate::names::named! {
    /// The environment the configuration is meant for.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Target {
        /// Paytm's staging (test) environment.
        Staging = "staging",
        /// Production.
        Production = "production",
    }
}

/// A merchant configuration to diagnose. Every member but `environment` is optional; a member
/// that is absent is not checked. JSON members are camelCase (`websiteName`, `merchantKey`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct DoctorInput {
    /// Staging or production.
    pub environment: Target,
    /// The merchant id.
    #[serde(default)]
    pub mid: Option<String>,
    /// The merchant key (its shape is diagnosed; it verifies a captured callback).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub merchant_key: Option<DoctorKey>,
    /// The base URLs the integration calls (`https://securestage.paytmpayments.com`...).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub hosts: Vec<String>,
    /// The `websiteName` sent in requests.
    #[serde(default)]
    pub website_name: Option<String>,
    /// The callback URL sent in requests.
    #[serde(default)]
    pub callback_url: Option<String>,
    /// The client id (OAuth, payment requests, settlement).
    #[serde(default)]
    pub client_id: Option<String>,
    /// The client secret; only its shape is checked.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub client_secret: Option<SecretText>,
    /// A sample order id.
    #[serde(default)]
    pub order_id: Option<String>,
    /// A sample customer id.
    #[serde(default)]
    pub cust_id: Option<String>,
    /// A sample amount, as text (`"1.00"`).
    #[serde(default)]
    pub amount: Option<String>,
    /// A captured callback.
    #[serde(default)]
    pub callback: Option<CapturedCallback>,
    /// A captured response or result.
    #[serde(default)]
    pub response: Option<CapturedResponse>,
}

/// A callback as the merchant's server received it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct CapturedCallback {
    /// The fields the verifier used: form-urlencoded text or a flat JSON object's text.
    pub body: String,
    /// The URL the callback was posted to (with its query, if any).
    #[serde(default)]
    pub url: Option<String>,
}

/// An answer from Paytm: a result code, a body (JSON, form fields or the HTML page shown), or both.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct CapturedResponse {
    /// `RESPCODE` or `resultInfo.resultCode`.
    #[serde(default)]
    pub resp_code: Option<String>,
    /// The body, when the code is to be read from it.
    #[serde(default)]
    pub body: Option<String>,
}

impl DoctorInput {
    /// Parses the JSON described in docs/doctor.md.
    ///
    /// ```
    /// use paytm_checkout::doctor::DoctorInput;
    /// let e = DoctorInput::from_json(br#"{"environment":"staging","mdi":"X"}"#).err().unwrap();
    /// assert_eq!(e.code().name(), "INVALID_FIELD");
    /// ```
    pub fn from_json(json: &[u8]) -> Result<DoctorInput> {
        // serde's derived readers also take a struct as an array of its members: refuse that
        // first, so an input is an object of named members and nothing else. The crate's JSON
        // tree zeroes its strings when dropped (this text holds the key and the secret).
        let tree = Json::parse("doctor", json)?;
        let member = |name: &str| match &tree {
            Json::Obj(members) => members.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            _ => None,
        };
        for (path, v) in [
            ("the input", Some(&tree)),
            ("callback", member("callback")),
            ("response", member("response")),
        ] {
            if v.is_some_and(|v| !matches!(v, Json::Obj(_) | Json::Null)) {
                return Err(Error::with_message(
                    ErrorCode::InvalidField,
                    format!("doctor: {path} must be a JSON object"),
                ));
            }
        }
        let map_err = |e: serde_json::Error| crate::input::serde_error::json_error("doctor", &e);
        serde_json::from_slice(json).map_err(map_err)
    }
}

impl fmt::Debug for DoctorInput {
    /// The environment only: the input holds the merchant key and client secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DoctorInput({})",
            crate::names::Named::name(self.environment)
        )
    }
}

/// Text that zeroes itself and never prints (a client secret).
pub struct SecretText(Zeroizing<String>);

impl SecretText {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<SecretText, D::Error> {
        Ok(SecretText(Zeroizing::new(String::deserialize(d)?)))
    }
}

/// A merchant key as configured, possibly wrong: its shape, and the key itself when its bytes
/// (without surrounding whitespace) are a length AES accepts. Never prints its bytes.
pub struct DoctorKey {
    /// The key without surrounding whitespace, when 16, 24 or 32 bytes long.
    pub key: Option<MerchantKey>,
    /// Length in bytes without surrounding whitespace.
    pub len: usize,
    /// Whitespace at either end.
    pub surrounding_whitespace: bool,
    /// A character other than printable ASCII inside.
    pub unusual_characters: bool,
}

impl DoctorKey {
    /// The shape of `text` as a key.
    pub fn new(text: &str) -> DoctorKey {
        let trimmed = text.trim();
        DoctorKey {
            key: MerchantKey::new(trimmed.as_bytes()).ok(),
            len: trimmed.len(),
            surrounding_whitespace: trimmed.len() != text.len(),
            unusual_characters: !trimmed
                .bytes()
                .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'`')),
        }
    }
}

impl fmt::Debug for DoctorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DoctorKey({} bytes)", self.len)
    }
}

impl<'de> Deserialize<'de> for DoctorKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<DoctorKey, D::Error> {
        let text = Zeroizing::new(String::deserialize(d)?);
        Ok(DoctorKey::new(&text))
    }
}
