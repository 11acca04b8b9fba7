//! Card-on-file tokenisation: the user's `coftConsent` and the `cardTokenInfo` of a card token
//! (its PAN, expiry, cryptogram), each read from the input with its own checks. Token numbers and
//! cryptograms are zeroized on drop and never shown.

use core::fmt;

use serde::Serialize;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{err, Expiry};
use crate::error::{Error, ErrorCode, Result};
use crate::input::{Json, Obj};
use crate::names::Named;

/// A short printable field of a consent or token object: 1–128 characters, no control
/// characters, no `|`.
fn check_short(field: &str, v: &str) -> Result<()> {
    if v.is_empty() || v.chars().count() > 128 || v.chars().any(|c| c.is_control() || c == '|') {
        return Err(Error::with_message(
            ErrorCode::InvalidField,
            format!("{field}: must be 1-128 characters without control characters or |"),
        ));
    }
    Ok(())
}

/// [`check_short`] on each optional field that is present.
fn check_short_present(fields: &[(&str, &Option<String>)]) -> Result<()> {
    for (field, v) in fields {
        if let Some(v) = v {
            check_short(field, v)?;
        }
    }
    Ok(())
}

/// The user's consent to tokenise the card (card-on-file tokenisation, `coftConsent`).
///
/// `userConsent` is sent as the number `1` or `0`: the spec types it "boolean" but its sample
/// values are `(1,0)`, which is what Paytm's checkout sends.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoftConsent {
    /// Whether the user consented (sent as 1 or 0).
    #[serde(serialize_with = "ser_consent")]
    pub user_consent: bool,
    /// When consent was captured, e.g. `Jul 22, 2021 02:46:54 PM`.
    pub created_at: String,
    /// The id of the consent message shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_consent_id: Option<String>,
    /// Language the consent was given in, e.g. `en`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// PHONE, TABLET, PC, WATCH, OTHER or APP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Operating system, e.g. `androidapp`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    /// App version, e.g. `9.10.2`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    /// Locale, e.g. `en-IN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// IP address of the consenting device.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// Device id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// Device name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
}

fn ser_consent<S: serde::Serializer>(v: &bool, s: S) -> core::result::Result<S::Ok, S::Error> {
    s.serialize_u8(u8::from(*v))
}

crate::input::read_through_tree!(CoftConsent, "coftConsent");

impl CoftConsent {
    pub(crate) const MEMBERS: &'static [&'static str] = &[
        "userConsent",
        "createdAt",
        "userConsentId",
        "language",
        "platform",
        "os",
        "appVersion",
        "locale",
        "ip",
        "deviceId",
        "deviceName",
    ];

    /// Reads the object `o`: `userConsent` is `true`/`false` or `1`/`0`.
    pub(crate) fn read(o: &Obj<'_>) -> Result<CoftConsent> {
        let user_consent = match o.raw("userConsent") {
            None => return Err(o.missing("userConsent")),
            Some(Json::Bool(b)) => *b,
            Some(Json::Uint(0)) => false,
            Some(Json::Uint(1)) => true,
            Some(_) => {
                return Err(o.error(
                    ErrorCode::InvalidField,
                    "userConsent",
                    "must be true/false or 1/0",
                ))
            }
        };
        let text = |name| o.str(name).map(|v| v.map(str::to_owned));
        Ok(CoftConsent {
            user_consent,
            created_at: o.req_str("createdAt")?.to_owned(),
            user_consent_id: text("userConsentId")?,
            language: text("language")?,
            platform: text("platform")?,
            os: text("os")?,
            app_version: text("appVersion")?,
            locale: text("locale")?,
            ip: text("ip")?,
            device_id: text("deviceId")?,
            device_name: text("deviceName")?,
        })
    }

    /// A consent with its two mandatory fields.
    pub fn new(user_consent: bool, created_at: impl Into<String>) -> CoftConsent {
        CoftConsent {
            user_consent,
            created_at: created_at.into(),
            user_consent_id: None,
            language: None,
            platform: None,
            os: None,
            app_version: None,
            locale: None,
            ip: None,
            device_id: None,
            device_name: None,
        }
    }

    /// Checks every present field is short printable text without `|`.
    pub fn validate(&self) -> Result<()> {
        check_short("coftConsent.createdAt", &self.created_at)?;
        check_short_present(&[
            ("coftConsent.userConsentId", &self.user_consent_id),
            ("coftConsent.language", &self.language),
            ("coftConsent.platform", &self.platform),
            ("coftConsent.os", &self.os),
            ("coftConsent.appVersion", &self.app_version),
            ("coftConsent.locale", &self.locale),
            ("coftConsent.ip", &self.ip),
            ("coftConsent.deviceId", &self.device_id),
            ("coftConsent.deviceName", &self.device_name),
        ])
    }
}

crate::names::named! {
    /// Whether a token is a saved card (`COFT`) or a guest checkout (`ALTERNATE`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum TokenType {
        /// Card-on-file token (saved card).
        Coft = "COFT",
        /// Alternate id (guest checkout).
        Alternate = "ALTERNATE",
    }
}

/// Network token data for a token transaction (`cardTokenInfo`). The token PAN and TAVV are
/// zeroized on drop and never shown.
#[derive(Clone, Serialize, Zeroize, ZeroizeOnDrop)]
#[serde(rename_all = "camelCase")]
pub struct CardTokenInfo {
    /// The token PAN (12–19 digits).
    pub card_token: String,
    /// Token expiry `MMYYYY`.
    #[zeroize(skip)]
    pub token_expiry: Expiry,
    /// Token verification value, single use (not required for Diners saved cards).
    #[serde(rename = "TAVV", skip_serializing_if = "Option::is_none")]
    pub tavv: Option<String>,
    /// Last 4 digits of the real card.
    pub card_suffix: String,
    /// Payment account reference (PAR) or the merchant's unique card identifier.
    pub pan_unique_reference: String,
    /// Token reference (mandatory for Diners tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_unique_reference: Option<String>,
    /// Merchant's token requestor id (mandatory for Diners tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_token_requestor_id: Option<String>,
    /// COFT or ALTERNATE.
    #[zeroize(skip)]
    pub token_type: TokenType,
}

crate::input::read_through_tree!(CardTokenInfo, "cardTokenInfo");

impl CardTokenInfo {
    pub(crate) const MEMBERS: &'static [&'static str] = &[
        "cardToken",
        "tokenExpiry",
        "TAVV",
        "cardSuffix",
        "panUniqueReference",
        "tokenUniqueReference",
        "merchantTokenRequestorId",
        "tokenType",
    ];

    /// Reads the object `o` (formats are checked by [`CardTokenInfo::validate`]).
    pub(crate) fn read(o: &Obj<'_>) -> Result<CardTokenInfo> {
        let text = |name| o.str(name).map(|v| v.map(str::to_owned));
        Ok(CardTokenInfo {
            card_token: o.req_str("cardToken")?.to_owned(),
            token_expiry: o.req_text("tokenExpiry", Expiry::parse_mmyyyy)?,
            tavv: text("TAVV")?,
            card_suffix: o.req_str("cardSuffix")?.to_owned(),
            pan_unique_reference: o.req_str("panUniqueReference")?.to_owned(),
            token_unique_reference: text("tokenUniqueReference")?,
            merchant_token_requestor_id: text("merchantTokenRequestorId")?,
            token_type: o.req_choice("tokenType", TokenType::ALL)?,
        })
    }

    /// Checks the formats: token PAN 12–19 digits, suffix 4 digits, TAVV base64-ish text, the rest
    /// short printable text.
    pub fn validate(&self) -> Result<()> {
        let t = self.card_token.as_bytes();
        if t.len() < 12 || t.len() > 19 || !t.iter().all(u8::is_ascii_digit) {
            return Err(err(
                ErrorCode::InvalidCardNumber,
                "cardTokenInfo.cardToken: must be 12-19 digits",
            ));
        }
        if self.card_suffix.len() != 4 || !self.card_suffix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(
                ErrorCode::InvalidField,
                "cardTokenInfo.cardSuffix: must be the last 4 digits of the card",
            ));
        }
        if let Some(tavv) = &self.tavv {
            crate::types::check_chars(
                tavv,
                128,
                |b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='),
                ErrorCode::InvalidField,
                "cardTokenInfo.TAVV",
                "must be 1-128 base64 characters",
            )?;
        }
        check_short(
            "cardTokenInfo.panUniqueReference",
            &self.pan_unique_reference,
        )?;
        check_short_present(&[
            (
                "cardTokenInfo.tokenUniqueReference",
                &self.token_unique_reference,
            ),
            (
                "cardTokenInfo.merchantTokenRequestorId",
                &self.merchant_token_requestor_id,
            ),
        ])
    }

    /// Strings whose appearance in debug output would leak the token.
    pub(crate) fn secrets(&self) -> Vec<String> {
        let mut v = vec![self.card_token.clone()];
        v.extend(self.tavv.clone());
        v
    }
}

impl fmt::Debug for CardTokenInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardTokenInfo")
            .field("card_token", &format_args!("<redacted>"))
            .field("token_expiry", &self.token_expiry)
            .field("tavv", &format_args!("<redacted>"))
            .field("card_suffix", &self.card_suffix)
            .field("token_type", &self.token_type)
            .finish_non_exhaustive()
    }
}
