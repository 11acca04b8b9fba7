//! Money: an [`Amount`] is integer paise parsed from a decimal string (never a float), and the
//! [`Currency`] it is in.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::err;
use crate::error::{Error, ErrorCode, Result};
use crate::input::serde_error::raise;

text_type!(
    /// A currency code. Paytm settles in INR and reports INR or USD; we accept those two so that a
    /// typo cannot reach the gateway.
    Currency, "currency", redact = false, check = |v| {
        if !matches!(v, "INR" | "USD") {
            return Err(err(ErrorCode::InvalidCurrency, "currency", "must be INR or USD"));
        }
        Ok(())
    }
);

impl Default for Currency {
    fn default() -> Currency {
        Currency("INR".to_owned())
    }
}

/// An amount of money in paise: a decimal string greater than 0 with at most two decimals
/// (`"1"`, `"1.5"`, `"1.00"`), or whole paise. No sign, comma, exponent, whitespace or float ever.
///
/// `"1"` and `"1.00"` are the same amount; Paytm always receives the canonical rendering
/// `"1.00"`, which is also what gets signed.
///
/// ```
/// use paytm_checkout::types::Amount;
/// let a = Amount::parse("1")?;
/// assert_eq!(a, Amount::parse("1.00")?);
/// assert_eq!(a.to_string(), "1.00");
/// assert_eq!(Amount::from_paise(150)?.to_string(), "1.50");
/// assert_eq!(Amount::parse("1,000").unwrap_err().code().number(), 1006);
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(type = "string", rename = "AmountText")
)]
pub struct Amount(u64);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Amount, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string such as \"1.00\"")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> core::result::Result<Amount, E> {
                Amount::parse(s).map_err(raise)
            }
            // A JSON number would travel through a float in most JSON stacks: money is a string.
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> core::result::Result<Amount, E> {
                Err(raise(number_amount()))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> core::result::Result<Amount, E> {
                Err(raise(number_amount()))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> core::result::Result<Amount, E> {
                Err(raise(number_amount()))
            }
        }
        d.deserialize_any(V)
    }
}

fn number_amount() -> Error {
    err(
        ErrorCode::InvalidAmount,
        "amount",
        "must be a JSON string such as \"1.00\", not a number (numbers become floats)",
    )
}

/// Largest accepted amount: 10^13 rupees keeps every sum far from u64 overflow and is far above
/// any transaction limit.
const MAX_RUPEE_DIGITS: usize = 13;

impl Amount {
    /// Parses a decimal string: digits, optionally `.` and one or two more digits; greater than 0.
    pub fn parse(s: &str) -> Result<Amount> {
        let bad = || {
            err(
                ErrorCode::InvalidAmount,
                "amount",
                "must be a decimal greater than 0 with at most 2 decimals (digits and one '.', no sign, comma or exponent)",
            )
        };
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty()
            || int.len() > MAX_RUPEE_DIGITS
            || !int.bytes().all(|b| b.is_ascii_digit())
            || (s.contains('.') && (frac.is_empty() || frac.len() > 2))
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let rupees: u64 = int.parse().map_err(|_| bad())?;
        let paise: u64 = match frac.len() {
            0 => 0,
            1 => u64::from(frac.as_bytes()[0] - b'0') * 10,
            _ => frac.parse().map_err(|_| bad())?,
        };
        Amount::from_paise(rupees * 100 + paise)
    }

    /// An amount of whole paise (100 paise = 1 rupee); must be greater than 0.
    pub fn from_paise(paise: u64) -> Result<Amount> {
        if paise == 0 || paise >= 10u64.pow(MAX_RUPEE_DIGITS as u32) * 100 {
            return Err(err(
                ErrorCode::InvalidAmount,
                "amount",
                "must be greater than 0 and below 10^13 rupees",
            ));
        }
        Ok(Amount(paise))
    }

    /// The amount in paise.
    pub fn paise(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

text_form!(Amount);

impl core::str::FromStr for Amount {
    type Err = Error;
    fn from_str(s: &str) -> Result<Amount> {
        Amount::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        for (s, p) in [
            ("1", 100),
            ("1.00", 100),
            ("1.5", 150),
            ("0.01", 1),
            ("0001.10", 110),
        ] {
            assert_eq!(Amount::parse(s).unwrap().paise(), p, "{s}");
        }
        assert_eq!(Amount::parse("1").unwrap(), Amount::parse("1.00").unwrap());
        for bad in [
            "", "0", "0.00", "-1", "+1", "1,000", "1e3", "1.", ".5", "1.001", " 1", "1 ", "NaN",
            "inf", "１",
        ] {
            assert_eq!(
                Amount::parse(bad).unwrap_err().code(),
                ErrorCode::InvalidAmount,
                "{bad:?}"
            );
        }
        assert!(Amount::parse("99999999999999").is_err());
        assert_eq!(
            Amount::from_paise(0).unwrap_err().code(),
            ErrorCode::InvalidAmount
        );
    }
}
