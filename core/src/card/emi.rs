//! The EMI plan id `BANKCODE|MONTHS` sent in Process Transaction's `planId`.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::err;
use crate::error::{ErrorCode, Result};

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

impl<'de> Deserialize<'de> for PlanId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        PlanId::parse(&String::deserialize(d)?).map_err(crate::input::serde_error::raise)
    }
}

crate::types::text_form!(PlanId);
