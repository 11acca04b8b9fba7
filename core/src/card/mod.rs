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
//!
//! Files: this one holds the card number, CVV, expiry, saved-card id and `cardInfo`; `emi`
//! the EMI plan id; `token` the card-on-file consent and token objects.

mod emi;
mod token;

pub use emi::PlanId;
pub use token::{CardTokenInfo, CoftConsent, TokenType};

use core::fmt;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, ErrorCode, Result};
use crate::input::{Json, Obj};

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

    /// The first six digits (the issuer's BIN, as Fetch BIN Details takes it), safe to show.
    pub fn bin(&self) -> &str {
        &self.0[..6]
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
        CardNumber::new(s.as_str()).map_err(crate::input::serde_error::raise)
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
        Cvv::new(s.as_str()).map_err(crate::input::serde_error::raise)
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
        Expiry::parse_mmyyyy(&s).map_err(crate::input::serde_error::raise)
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
        SavedCardId::new(String::deserialize(d)?).map_err(crate::input::serde_error::raise)
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

crate::input::read_through_tree!(CardInfo, "cardInfo");

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
