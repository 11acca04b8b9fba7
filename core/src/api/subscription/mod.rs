//! Subscriptions (recurring payments: UPI Autopay, card and wallet mandates, bank e-mandates):
//! the six signed JSON APIs that create a subscription and manage it afterwards.
//!
//! | API | request | Paytm's page |
//! | --- | --- | --- |
//! | [`InitiateSubscription`] | POST `{pg}/subscription/create?mid=…&orderId=…` | <https://paytmpayments.com/docs/api/initiate-subscription-api> |
//! | [`RenewSubscription`] | POST `{pg}/subscription/renew` | <https://paytmpayments.com/docs/renew-subscription-api> |
//! | [`SubscriptionStatus`] | POST `{pg}/subscription/checkStatus`, head `tokenType: AES` | <https://paytmpayments.com/docs/api/fetch-subscription-status-api> |
//! | [`CancelSubscription`] | POST `{pg}/subscription/cancel`, head `tokenType: AES` | <https://paytmpayments.com/docs/cancel-subscription-api> |
//! | [`PauseResumeSubscription`] | POST `{pg}/subscription/status/modify`, head `tokenType: AES` | <https://paytmpayments.com/docs/api/pause-resume-subscription-api> |
//! | [`PreNotifySubscription`] | POST `{pg}/subscription/preNotify`, head `tokenType: AES` | <https://business.paytm.com/docs/apis/subscription-pre-notify-api> |
//!
//! Every body is serialized once and signed as sent (`head.signature`), like every other JSON
//! API. The pages above give the members; the paths of Pause/Resume and the exact enum lists are
//! not on the pages we could read and are marked as such in `docs/subscriptions.md`.
//!
//! Validation here is what the pages say plus the money rule: a variable subscription names its
//! maximum and no amount sent under it exceeds it; the retry settings agree with each other; the
//! grace period is shorter than one cycle (otherwise two cycles' collections could overlap, and
//! Paytm allows one collection per cycle); the start date is before the expiry date. Breaking a
//! rule is [`ErrorCode::InvalidField`] (or [`ErrorCode::MissingField`]) naming the member.
//!
//! This module builds requests only; what Paytm answers is read by [`crate::response`].
//!
//! The parts: `initiate` (creating the subscription and its rules), `renew` (collecting one
//! cycle) and `manage` (status, cancel, pause/resume, pre-notify), over the enums and member
//! encodings below.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode};

mod initiate;
mod manage;
mod renew;

pub use initiate::InitiateSubscription;
pub use manage::{
    CancelSubscription, PauseResume, PauseResumeSubscription, PreNotifySubscription,
    SubscriptionStatus,
};
pub use renew::RenewSubscription;

fn invalid(api: &str, field: &str, rule: &str) -> Error {
    Error::with_message(ErrorCode::InvalidField, format!("{api}: {field}: {rule}"))
}

/// How much each collection may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AmountType {
    /// The same amount every cycle.
    #[serde(rename = "FIX")]
    Fix,
    /// Any amount up to `subscriptionMaxAmount`.
    #[serde(rename = "VARIABLE")]
    Variable,
}

/// The unit of the collection cycle (`subscriptionFrequencyUnit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FrequencyUnit {
    /// Every `frequency` days.
    Day,
    /// Every `frequency` weeks.
    Week,
    /// Every `frequency` months.
    Month,
    /// Every two months.
    BiMonthly,
    /// Every quarter.
    Quarter,
    /// Every six months.
    SemiAnnually,
    /// Every year.
    Year,
    /// No schedule: the merchant collects when due (the frequency must be 1).
    #[serde(rename = "ONDEMAND")]
    OnDemand,
}

impl FrequencyUnit {
    /// The fewest days one cycle of this unit can last (February for months), `None` for
    /// on-demand subscriptions, which have no cycle.
    pub fn min_days(self) -> Option<u32> {
        match self {
            FrequencyUnit::Day => Some(1),
            FrequencyUnit::Week => Some(7),
            FrequencyUnit::Month => Some(28),
            FrequencyUnit::BiMonthly => Some(59),
            FrequencyUnit::Quarter => Some(89),
            FrequencyUnit::SemiAnnually => Some(181),
            FrequencyUnit::Year => Some(365),
            FrequencyUnit::OnDemand => None,
        }
    }
}

/// The instrument the mandate is set up on (`subscriptionPaymentMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SubscriptionPaymentMode {
    /// Any mode the customer picks on Paytm's page.
    Normal,
    /// UPI Autopay (collect or intent).
    Upi,
    /// Credit card.
    Cc,
    /// Debit card.
    Dc,
    /// Paytm wallet.
    Ppi,
    /// Bank e-mandate (NACH, net banking or debit card authorisation).
    BankMandate,
    /// Paper mandate.
    PaperMandate,
}

impl SubscriptionPaymentMode {
    /// The modes whose first debit may not exceed the renewal amount (UPI and e-mandates).
    fn caps_first_debit(self) -> bool {
        matches!(
            self,
            SubscriptionPaymentMode::Upi | SubscriptionPaymentMode::BankMandate
        )
    }
}

/// A count Paytm sends as a string of digits (`"1"`, `"5"`); the input takes a string or a
/// JSON integer.
mod count {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(n) => s.serialize_str(&n.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(u32),
            Text(String),
        }
        let bad = || {
            crate::input::serde_error::raise(crate::Error::with_message(
                crate::ErrorCode::InvalidField,
                "count: must be a whole number 0-9999 (digits)",
            ))
        };
        match Option::<Raw>::deserialize(d)? {
            None => Ok(None),
            Some(Raw::Num(n)) if n <= 9999 => Ok(Some(n)),
            Some(Raw::Text(t))
                if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Ok(Some(t.parse().map_err(|_| bad())?))
            }
            Some(_) => Err(bad()),
        }
    }
}

/// `"0"`/`"1"` flags as Paytm sends `subscriptionEnableRetry`.
mod flag01 {
    use serde::{Deserializer, Serializer};

    const WORDS: [&str; 2] = ["1", "0"];

    pub fn serialize<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        crate::api::shared::word_flag::serialize(v, s, WORDS)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        crate::api::shared::word_flag::deserialize(d, WORDS, || {
            crate::input::serde_error::raise(crate::Error::with_message(
                crate::ErrorCode::InvalidField,
                "subscriptionEnableRetry: must be \"0\", \"1\" or a boolean",
            ))
        })
    }
}
