//! Card data for Process Transaction: the `cardInfo` string, the EMI `planId`, and the
//! `coftConsent` and `cardTokenInfo` objects.
//!
//! `cardInfo` is `savedCardId|cardNumber|cvv|expiry(MMYYYY)`, exactly as the spec's examples:
//! new card `|4111111111111111|123|122032`, saved card `123456||123|`, token card of a non-Paytm
//! token requestor `||111|`.
//!
//! Card numbers and CVVs live in memory that is zeroized on drop. Debug, Display and error
//! messages show at most the last four digits of a card number and never a CVV, token PAN or TAVV.
//! This module never logs, stores or sends anything.

use core::fmt;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, ErrorCode, Result};
use crate::input::{Json, Obj};
use crate::names::Named;

fn err(code: ErrorCode, msg: &str) -> Error {
    Error::with_message(code, msg.to_owned())
}

fn luhn_ok(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// A card number (PAN): 12–19 digits passing the Luhn check. Zeroized on drop; Debug and Display
/// show only the last four digits.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct CardNumber(String);

impl CardNumber {
    /// Validates a PAN. Spaces or dashes are rejected rather than stripped: the caller decides
    /// what the user meant.
    pub fn new(pan: impl Into<String>) -> Result<CardNumber> {
        let pan = Zeroizing::new(pan.into());
        let b = pan.as_bytes();
        if b.len() < 12 || b.len() > 19 || !b.iter().all(u8::is_ascii_digit) {
            return Err(err(
                ErrorCode::InvalidCardNumber,
                "cardNumber: must be 12-19 digits only",
            ));
        }
        if !luhn_ok(b) {
            return Err(err(
                ErrorCode::InvalidCardNumber,
                "cardNumber: fails the Luhn check (mistyped digit?)",
            ));
        }
        Ok(CardNumber(pan.as_str().to_owned()))
    }

    /// The last four digits, safe to show.
    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardNumber(****{})", self.last4())
    }
}

impl fmt::Display for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "****{}", self.last4())
    }
}

impl<'de> Deserialize<'de> for CardNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        let s = Zeroizing::new(String::deserialize(d)?);
        CardNumber::new(s.as_str()).map_err(crate::types::de_err)
    }
}

/// A card verification value: 3 or 4 digits. Zeroized on drop; never shown.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Cvv(String);

impl Cvv {
    /// Validates a CVV.
    pub fn new(cvv: impl Into<String>) -> Result<Cvv> {
        let cvv = Zeroizing::new(cvv.into());
        if !(3..=4).contains(&cvv.len()) || !cvv.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(ErrorCode::InvalidCvv, "cvv: must be 3 or 4 digits"));
        }
        Ok(Cvv(cvv.as_str().to_owned()))
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Cvv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cvv(<redacted>)")
    }
}

impl<'de> Deserialize<'de> for Cvv {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        let s = Zeroizing::new(String::deserialize(d)?);
        Cvv::new(s.as_str()).map_err(crate::types::de_err)
    }
}

/// A card (or token) expiry: month 01–12 and a 4-digit year, rendered `MMYYYY`.
#[derive(Clone, Copy, PartialEq, Eq, Zeroize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Expiry {
    month: u8,
    year: u16,
}

impl Expiry {
    /// An expiry from a month (1–12) and a 4-digit year (1000–9999).
    pub fn new(month: u8, year: u16) -> Result<Expiry> {
        if !(1..=12).contains(&month) || !(1000..=9999).contains(&year) {
            return Err(err(
                ErrorCode::InvalidExpiry,
                "expiry: month must be 01-12 and year 4 digits",
            ));
        }
        Ok(Expiry { month, year })
    }

    /// Parses `MMYYYY` (what Paytm's `cardInfo` and `tokenExpiry` carry).
    pub fn parse_mmyyyy(s: &str) -> Result<Expiry> {
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(ErrorCode::InvalidExpiry, "expiry: must be MMYYYY"));
        }
        let month = s[..2].parse().unwrap_or(0);
        let year = s[2..].parse().unwrap_or(0);
        Expiry::new(month, year)
    }

    /// `MMYYYY`.
    pub fn mmyyyy(&self) -> String {
        format!("{:02}{:04}", self.month, self.year)
    }
}

impl fmt::Debug for Expiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Expiry({:02}/{:04})", self.month, self.year)
    }
}

impl Serialize for Expiry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.mmyyyy())
    }
}

impl<'de> Deserialize<'de> for Expiry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Expiry::parse_mmyyyy(&s).map_err(crate::types::de_err)
    }
}

/// A saved card's id (Paytm's `savedCardId`, or a merchant token reference): 1–64 ASCII letters
/// and digits.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct SavedCardId(String);

impl SavedCardId {
    /// Validates a saved card id.
    pub fn new(id: impl Into<String>) -> Result<SavedCardId> {
        let id = id.into();
        if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(err(
                ErrorCode::InvalidCardInfo,
                "savedCardId: must be 1-64 ASCII letters and digits",
            ));
        }
        Ok(SavedCardId(id))
    }
}

impl fmt::Debug for SavedCardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SavedCardId({:?})", self.0)
    }
}

impl<'de> Deserialize<'de> for SavedCardId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        SavedCardId::new(String::deserialize(d)?).map_err(crate::types::de_err)
    }
}

/// The card to pay with, encoded into Process Transaction's `cardInfo`.
///
/// JSON input (`"type"` selects the variant; names as Paytm spells the parts):
/// - `{"type":"new","cardNumber":"4111111111111111","cvv":"123","expiry":"122032"}`
/// - `{"type":"saved","savedCardId":"123456","cvv":"123"}`
/// - `{"type":"token","cvv":"111"}` — a token card of a non-Paytm token requestor, whose token
///   travels in `cardTokenInfo`.
///
/// `cvv` may be omitted where Paytm allows it (e.g. Maestro, some saved cards).
///
/// ```
/// use paytm_checkout::card::{CardInfo, CardNumber, Cvv, Expiry};
/// let card = CardInfo::new_card(
///     CardNumber::new("4111111111111111")?,
///     Some(Cvv::new("123")?),
///     Expiry::new(12, 2032)?,
/// );
/// assert_eq!(card.encode().as_str(), "|4111111111111111|123|122032");
/// assert_eq!(format!("{card}"), "new card ****1111");
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
#[derive(Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(tag = "type", rename_all = "lowercase", rename_all_fields = "camelCase", optional_fields = nullable))]
pub enum CardInfo {
    /// A card typed in now: `|PAN|CVV|MMYYYY`.
    New {
        /// The card number.
        card_number: CardNumber,
        /// The CVV, when the card has one.
        cvv: Option<Cvv>,
        /// The expiry.
        expiry: Expiry,
    },
    /// A card saved at Paytm: `ID||CVV|`.
    Saved {
        /// Paytm's saved card id.
        saved_card_id: SavedCardId,
        /// The CVV, when required.
        cvv: Option<Cvv>,
    },
    /// A token card of a non-Paytm token requestor: `||CVV|` (the token is in `cardTokenInfo`).
    Token {
        /// The CVV, when required.
        cvv: Option<Cvv>,
    },
}

impl<'de> Deserialize<'de> for CardInfo {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        crate::input::deserialize_with(d, "cardInfo", |json, what| {
            CardInfo::read(&Obj::root(what, json, CardInfo::MEMBERS)?)
        })
    }
}

#[derive(Clone, Copy)]
enum CardKind {
    New,
    Saved,
    Token,
}

impl CardInfo {
    pub(crate) const MEMBERS: &'static [&'static str] =
        &["type", "cardNumber", "cvv", "expiry", "savedCardId"];

    /// Reads a card from its JSON text (the JSON input shown above); errors name the member,
    /// never its value.
    pub fn from_json(json: &[u8]) -> Result<CardInfo> {
        let json = Zeroizing::new(json.to_vec());
        let tree = Json::parse("cardInfo", &json)?;
        CardInfo::from_tree(&tree)
    }

    /// As [`CardInfo::from_json`], from a JSON tree the host parsed (see [`crate::input`]).
    pub fn from_tree(tree: &Json) -> Result<CardInfo> {
        CardInfo::read(&Obj::root("cardInfo", tree, CardInfo::MEMBERS)?)
    }

    /// Reads the object `o` (a `cardInfo` member or a whole input).
    pub(crate) fn read(o: &Obj<'_>) -> Result<CardInfo> {
        let kind = o.req_choice(
            "type",
            &[
                ("new", CardKind::New),
                ("saved", CardKind::Saved),
                ("token", CardKind::Token),
            ],
        )?;
        let allowed: &[&str] = match kind {
            CardKind::New => &["cardNumber", "cvv", "expiry"],
            CardKind::Saved => &["savedCardId", "cvv"],
            CardKind::Token => &["cvv"],
        };
        if let Some(extra) = CardInfo::MEMBERS[1..]
            .iter()
            .find(|n| !allowed.contains(n) && o.raw(n).is_some())
        {
            return Err(o.error(
                ErrorCode::InvalidField,
                extra,
                "is not a member of this type of card",
            ));
        }
        let cvv = o.text("cvv", |s| Cvv::new(s))?;
        Ok(match kind {
            CardKind::New => CardInfo::New {
                card_number: o.req_text("cardNumber", |s| CardNumber::new(s))?,
                cvv,
                expiry: o.req_text("expiry", Expiry::parse_mmyyyy)?,
            },
            CardKind::Saved => CardInfo::Saved {
                saved_card_id: o.req_text("savedCardId", |s| SavedCardId::new(s))?,
                cvv,
            },
            CardKind::Token => CardInfo::Token { cvv },
        })
    }

    /// A new card.
    pub fn new_card(card_number: CardNumber, cvv: Option<Cvv>, expiry: Expiry) -> CardInfo {
        CardInfo::New {
            card_number,
            cvv,
            expiry,
        }
    }

    /// A card saved at Paytm.
    pub fn saved(saved_card_id: SavedCardId, cvv: Option<Cvv>) -> CardInfo {
        CardInfo::Saved { saved_card_id, cvv }
    }

    /// A token card of a non-Paytm token requestor.
    pub fn token(cvv: Option<Cvv>) -> CardInfo {
        CardInfo::Token { cvv }
    }

    /// The `cardInfo` string, in memory that is zeroized when dropped. No part can contain `|`:
    /// every part's type admits digits or letters only.
    pub fn encode(&self) -> Zeroizing<String> {
        fn cvv(c: &Option<Cvv>) -> &str {
            c.as_ref().map(Cvv::expose).unwrap_or("")
        }
        let mut out = Zeroizing::new(String::with_capacity(40));
        match self {
            CardInfo::New {
                card_number,
                cvv: c,
                expiry,
            } => {
                out.push('|');
                out.push_str(card_number.expose());
                out.push('|');
                out.push_str(cvv(c));
                out.push('|');
                out.push_str(&expiry.mmyyyy());
            }
            CardInfo::Saved {
                saved_card_id,
                cvv: c,
            } => {
                out.push_str(&saved_card_id.0);
                out.push_str("||");
                out.push_str(cvv(c));
                out.push('|');
            }
            CardInfo::Token { cvv: c } => {
                out.push_str("||");
                out.push_str(cvv(c));
                out.push('|');
            }
        }
        out
    }

    /// The last four digits of a new card, when known.
    pub fn last4(&self) -> Option<&str> {
        match self {
            CardInfo::New { card_number, .. } => Some(card_number.last4()),
            _ => None,
        }
    }
}

impl fmt::Debug for CardInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cvv = |c: &Option<Cvv>| if c.is_some() { "<redacted>" } else { "none" };
        match self {
            CardInfo::New {
                card_number,
                cvv: c,
                expiry,
            } => f
                .debug_struct("CardInfo::New")
                .field("card_number", card_number)
                .field("cvv", &format_args!("{}", cvv(c)))
                .field("expiry", expiry)
                .finish(),
            CardInfo::Saved {
                saved_card_id,
                cvv: c,
            } => f
                .debug_struct("CardInfo::Saved")
                .field("saved_card_id", saved_card_id)
                .field("cvv", &format_args!("{}", cvv(c)))
                .finish(),
            CardInfo::Token { cvv: c } => f
                .debug_struct("CardInfo::Token")
                .field("cvv", &format_args!("{}", cvv(c)))
                .finish(),
        }
    }
}

impl fmt::Display for CardInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CardInfo::New { card_number, .. } => write!(f, "new card {card_number}"),
            CardInfo::Saved { .. } => f.write_str("saved card"),
            CardInfo::Token { .. } => f.write_str("token card"),
        }
    }
}

/// An EMI plan `BANKCODE|MONTHS` (e.g. `ICICI|3`).
///
/// ```
/// use paytm_checkout::card::PlanId;
/// assert_eq!(PlanId::new("ICICI", 3)?.to_string(), "ICICI|3");
/// assert_eq!(PlanId::parse("HDFC|12")?.months(), 12);
/// assert_eq!(PlanId::parse("HDFC|x").unwrap_err().code().number(), 1019);
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct PlanId {
    bank: String,
    months: u16,
}

impl PlanId {
    /// A plan from a bank code (1–20 of `[A-Z0-9_]`) and a tenure of 1–99 months.
    pub fn new(bank: impl Into<String>, months: u16) -> Result<PlanId> {
        let bank = bank.into();
        if bank.is_empty()
            || bank.len() > 20
            || !bank
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            || !(1..=99).contains(&months)
        {
            return Err(err(
                ErrorCode::InvalidPlanId,
                "planId: must be BANKCODE|MONTHS (bank code of A-Z 0-9 _, 1-99 months)",
            ));
        }
        Ok(PlanId { bank, months })
    }

    /// Parses `BANKCODE|MONTHS`.
    pub fn parse(s: &str) -> Result<PlanId> {
        let bad = || {
            err(
                ErrorCode::InvalidPlanId,
                "planId: must be BANKCODE|MONTHS (bank code of A-Z 0-9 _, 1-99 months)",
            )
        };
        let (bank, months) = s.split_once('|').ok_or_else(bad)?;
        if months.is_empty() || months.len() > 2 || !months.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        PlanId::new(bank, months.parse().map_err(|_| bad())?)
    }

    /// The bank code.
    pub fn bank(&self) -> &str {
        &self.bank
    }

    /// The tenure in months.
    pub fn months(&self) -> u16 {
        self.months
    }
}

impl fmt::Display for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}|{}", self.bank, self.months)
    }
}

impl fmt::Debug for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PlanId({self})")
    }
}

impl<'de> Deserialize<'de> for PlanId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        PlanId::parse(&String::deserialize(d)?).map_err(crate::types::de_err)
    }
}

impl TryFrom<String> for PlanId {
    type Error = Error;
    fn try_from(s: String) -> Result<PlanId> {
        PlanId::parse(&s)
    }
}

impl From<PlanId> for String {
    fn from(p: PlanId) -> String {
        p.to_string()
    }
}

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

impl<'de> Deserialize<'de> for CoftConsent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        crate::input::deserialize_with(d, "coftConsent", |json, what| {
            CoftConsent::read(&Obj::root(what, json, CoftConsent::MEMBERS)?)
        })
    }
}

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
        for (name, v) in [
            ("coftConsent.userConsentId", &self.user_consent_id),
            ("coftConsent.language", &self.language),
            ("coftConsent.platform", &self.platform),
            ("coftConsent.os", &self.os),
            ("coftConsent.appVersion", &self.app_version),
            ("coftConsent.locale", &self.locale),
            ("coftConsent.ip", &self.ip),
            ("coftConsent.deviceId", &self.device_id),
            ("coftConsent.deviceName", &self.device_name),
        ] {
            if let Some(v) = v {
                check_short(name, v)?;
            }
        }
        Ok(())
    }
}

/// Whether a token is a saved card (`COFT`) or a guest checkout (`ALTERNATE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    /// Card-on-file token (saved card).
    Coft,
    /// Alternate id (guest checkout).
    Alternate,
}

crate::names::named!(TokenType {
    Coft = "COFT",
    Alternate = "ALTERNATE",
});

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

impl<'de> Deserialize<'de> for CardTokenInfo {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        crate::input::deserialize_with(d, "cardTokenInfo", |json, what| {
            CardTokenInfo::read(&Obj::root(what, json, CardTokenInfo::MEMBERS)?)
        })
    }
}

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
            if tavv.is_empty()
                || tavv.len() > 128
                || !tavv
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            {
                return Err(err(
                    ErrorCode::InvalidField,
                    "cardTokenInfo.TAVV: must be 1-128 base64 characters",
                ));
            }
        }
        check_short(
            "cardTokenInfo.panUniqueReference",
            &self.pan_unique_reference,
        )?;
        for (name, v) in [
            (
                "cardTokenInfo.tokenUniqueReference",
                &self.token_unique_reference,
            ),
            (
                "cardTokenInfo.merchantTokenRequestorId",
                &self.merchant_token_requestor_id,
            ),
        ] {
            if let Some(v) = v {
                check_short(name, v)?;
            }
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_match_the_spec_examples() {
        let new = CardInfo::new_card(
            CardNumber::new("4111111111111111").unwrap(),
            Some(Cvv::new("123").unwrap()),
            Expiry::parse_mmyyyy("122032").unwrap(),
        );
        assert_eq!(new.encode().as_str(), "|4111111111111111|123|122032");
        let saved = CardInfo::saved(
            SavedCardId::new("123123").unwrap(),
            Some(Cvv::new("123").unwrap()),
        );
        assert_eq!(saved.encode().as_str(), "123123||123|");
        let token = CardInfo::token(Some(Cvv::new("111").unwrap()));
        assert_eq!(token.encode().as_str(), "||111|");
        let maestro = CardInfo::new_card(
            CardNumber::new("6759649826438453").unwrap(),
            None,
            Expiry::new(9, 2030).unwrap(),
        );
        assert_eq!(maestro.encode().as_str(), "|6759649826438453||092030");
    }

    #[test]
    fn rules_have_codes() {
        for bad in [
            "4111111111111112",
            "41111111111",
            "4111 1111 1111 1111",
            "",
            "41111111111111111111",
        ] {
            assert_eq!(
                CardNumber::new(bad).unwrap_err().code(),
                ErrorCode::InvalidCardNumber
            );
        }
        for bad in ["12", "12345", "12a", "1|2"] {
            assert_eq!(Cvv::new(bad).unwrap_err().code(), ErrorCode::InvalidCvv);
        }
        for bad in ["132032", "002032", "12203", "12-2032", "1220a2"] {
            assert_eq!(
                Expiry::parse_mmyyyy(bad).unwrap_err().code(),
                ErrorCode::InvalidExpiry
            );
        }
        assert_eq!(
            Expiry::new(1, 999).unwrap_err().code(),
            ErrorCode::InvalidExpiry
        );
        for bad in [
            "ICICI",
            "ICICI|",
            "icici|3",
            "ICICI|0",
            "ICICI|100",
            "IC|CI|3",
            "|3",
        ] {
            assert_eq!(
                PlanId::parse(bad).unwrap_err().code(),
                ErrorCode::InvalidPlanId,
                "{bad}"
            );
        }
        assert_eq!(
            SavedCardId::new("12|3").unwrap_err().code(),
            ErrorCode::InvalidCardInfo
        );
    }
}
