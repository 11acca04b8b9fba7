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

use serde::{Deserialize, Serialize};

use super::initiate::{Money, UserInfo};
use super::shared::{missing, Head};
use crate::checksum::{MerchantKey, Salt};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{signed_json_post, url_with_query, Environment, HttpRequest};
use crate::types::{
    Amount, CallbackUrl, Code, CustomerId, Date, Mid, NotifyRefId, OrderId, SsoToken,
    SubscriptionId,
};

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
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => s.serialize_str(if *b { "1" } else { "0" }),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Text(String),
        }
        match Option::<Raw>::deserialize(d)? {
            None => Ok(None),
            Some(Raw::Bool(b)) => Ok(Some(b)),
            Some(Raw::Text(t)) if t == "1" => Ok(Some(true)),
            Some(Raw::Text(t)) if t == "0" => Ok(Some(false)),
            Some(_) => Err(crate::input::serde_error::raise(
                crate::Error::with_message(
                    crate::ErrorCode::InvalidField,
                    "subscriptionEnableRetry: must be \"0\", \"1\" or a boolean",
                ),
            )),
        }
    }
}

fn native_subscription() -> Code {
    Code::new("NATIVE_SUBSCRIPTION").expect("constant is valid")
}

/// Initiate Subscription input: creates the subscription and returns its id and the txnToken
/// the customer authorises the mandate with.
///
/// JSON: `{"head":{…optional},"mid":"…","websiteName":"WEBSTAGING","orderId":"…",
/// "txnAmount":{"value":"1.00","currency":"INR"},"userInfo":{"custId":"CUST_001"},
/// "subscriptionAmountType":"VARIABLE","subscriptionMaxAmount":"500.00",
/// "subscriptionFrequency":"1","subscriptionFrequencyUnit":"MONTH",
/// "subscriptionStartDate":"2026-12-10","subscriptionExpiryDate":"2027-12-10",
/// "subscriptionGraceDays":"3","subscriptionEnableRetry":"1","subscriptionRetryCount":"3",
/// "subscriptionPaymentMode":"UPI"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InitiateSubscription {
    /// Optional head members.
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// Always `NATIVE_SUBSCRIPTION`.
    #[serde(skip_deserializing, default = "native_subscription")]
    pub request_type: Code,
    /// Merchant id.
    pub mid: Mid,
    /// Website name (`WEBSTAGING` on staging, `DEFAULT` in production).
    pub website_name: Code,
    /// The order id of the subscription's creation (and its first debit).
    pub order_id: OrderId,
    /// Where Paytm posts the authorisation result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<CallbackUrl>,
    /// The first debit, taken when the customer authorises the mandate.
    pub txn_amount: Money,
    /// The customer.
    pub user_info: UserInfo,
    /// The user's Paytm SSO token (wallet subscriptions of a linked user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paytm_sso_token: Option<SsoToken>,
    /// The instrument the mandate is set up on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_payment_mode: Option<SubscriptionPaymentMode>,
    /// FIX or VARIABLE.
    pub subscription_amount_type: AmountType,
    /// The most one collection may be: mandatory for VARIABLE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_max_amount: Option<Amount>,
    /// The amount of each renewal (FIX subscriptions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_amount: Option<Amount>,
    /// How many units one cycle lasts (1 for on-demand).
    #[serde(with = "count")]
    pub subscription_frequency: Option<u32>,
    /// The unit of the cycle.
    pub subscription_frequency_unit: FrequencyUnit,
    /// The first collection date `yyyy-MM-dd` (Paytm's default: today).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_start_date: Option<Date>,
    /// The date after which nothing may be collected, `yyyy-MM-dd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_expiry_date: Option<Date>,
    /// Days after a cycle's date in which its collection may still be made.
    #[serde(default, with = "count", skip_serializing_if = "Option::is_none")]
    pub subscription_grace_days: Option<u32>,
    /// Whether a failed collection may be retried.
    #[serde(default, with = "flag01", skip_serializing_if = "Option::is_none")]
    pub subscription_enable_retry: Option<bool>,
    /// How many retries (only with `subscriptionEnableRetry`).
    #[serde(default, with = "count", skip_serializing_if = "Option::is_none")]
    pub subscription_retry_count: Option<u32>,
}

impl InitiateSubscription {
    /// The mandatory members of a monthly subscription in INR; set the rest on the fields.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        mid: Mid,
        order_id: OrderId,
        website_name: Code,
        first_debit: Amount,
        cust_id: CustomerId,
        amount_type: AmountType,
        frequency: u32,
        unit: FrequencyUnit,
    ) -> InitiateSubscription {
        InitiateSubscription {
            head: Head::default(),
            request_type: native_subscription(),
            mid,
            website_name,
            order_id,
            callback_url: None,
            txn_amount: Money::inr(first_debit),
            user_info: UserInfo {
                cust_id,
                mobile: None,
                email: None,
                first_name: None,
                last_name: None,
            },
            paytm_sso_token: None,
            subscription_payment_mode: None,
            subscription_amount_type: amount_type,
            subscription_max_amount: None,
            renewal_amount: None,
            subscription_frequency: Some(frequency),
            subscription_frequency_unit: unit,
            subscription_start_date: None,
            subscription_expiry_date: None,
            subscription_grace_days: None,
            subscription_enable_retry: None,
            subscription_retry_count: None,
        }
    }

    /// The most any one collection of this subscription may be: the maximum of a VARIABLE
    /// subscription, the renewal amount (or else the first debit) of a FIX one.
    pub fn max_collection(&self) -> Amount {
        match self.subscription_amount_type {
            AmountType::Variable => self
                .subscription_max_amount
                .unwrap_or(self.txn_amount.value),
            AmountType::Fix => self.renewal_amount.unwrap_or(self.txn_amount.value),
        }
    }

    /// Checks the subscription's rules (see the module docs).
    pub fn validate(&self) -> Result<()> {
        const API: &str = "initiate_subscription";
        let first = self.txn_amount.value;
        let freq = self
            .subscription_frequency
            .ok_or_else(|| missing(API, "subscriptionFrequency"))?;
        if freq == 0 {
            return Err(invalid(API, "subscriptionFrequency", "must be at least 1"));
        }
        let unit = self.subscription_frequency_unit;
        if unit == FrequencyUnit::OnDemand && freq != 1 {
            return Err(invalid(
                API,
                "subscriptionFrequency",
                "must be 1 for ONDEMAND subscriptions",
            ));
        }
        match self.subscription_amount_type {
            AmountType::Variable => {
                let max = self
                    .subscription_max_amount
                    .ok_or_else(|| missing(API, "subscriptionMaxAmount (VARIABLE)"))?;
                if first > max {
                    return Err(invalid(
                        API,
                        "txnAmount",
                        "must not exceed subscriptionMaxAmount",
                    ));
                }
                if self.renewal_amount.is_some_and(|r| r > max) {
                    return Err(invalid(
                        API,
                        "renewalAmount",
                        "must not exceed subscriptionMaxAmount",
                    ));
                }
            }
            AmountType::Fix => {
                if let (Some(max), Some(r)) = (self.subscription_max_amount, self.renewal_amount) {
                    if r > max {
                        return Err(invalid(
                            API,
                            "renewalAmount",
                            "must not exceed subscriptionMaxAmount",
                        ));
                    }
                }
            }
        }
        if let (Some(mode), Some(r)) = (self.subscription_payment_mode, self.renewal_amount) {
            if mode.caps_first_debit() && first > r {
                return Err(invalid(
                    API,
                    "txnAmount",
                    "must not exceed renewalAmount for UPI and BANK_MANDATE subscriptions",
                ));
            }
        }
        if let (Some(start), Some(end)) = (
            &self.subscription_start_date,
            &self.subscription_expiry_date,
        ) {
            // yyyy-MM-dd compares as text in calendar order.
            if start.as_str() >= end.as_str() {
                return Err(invalid(
                    API,
                    "subscriptionExpiryDate",
                    "must be after subscriptionStartDate",
                ));
            }
        }
        if let Some(grace) = self.subscription_grace_days {
            match unit.min_days() {
                Some(days) if grace >= days.saturating_mul(freq) => {
                    return Err(invalid(
                        API,
                        "subscriptionGraceDays",
                        "must be shorter than one cycle (frequency x unit)",
                    ));
                }
                None if grace != 0 => {
                    return Err(invalid(
                        API,
                        "subscriptionGraceDays",
                        "must be 0 for ONDEMAND subscriptions (they have no cycle)",
                    ));
                }
                _ => {}
            }
        }
        match (
            self.subscription_enable_retry,
            self.subscription_retry_count,
        ) {
            (Some(true), None | Some(0)) => Err(invalid(
                API,
                "subscriptionRetryCount",
                "must be at least 1 when subscriptionEnableRetry is 1",
            )),
            (None | Some(false), Some(n)) if n > 0 => Err(invalid(
                API,
                "subscriptionRetryCount",
                "needs subscriptionEnableRetry 1",
            )),
            _ => Ok(()),
        }
    }

    /// The signed request.
    pub fn build(
        &self,
        env: &Environment,
        key: &MerchantKey,
        salt: Option<Salt>,
    ) -> Result<HttpRequest> {
        self.validate()?;
        let url = url_with_query(
            &format!("{}/subscription/create", env.pg_base()),
            [
                ("mid", self.mid.as_str()),
                ("orderId", self.order_id.as_str()),
            ],
        );
        let req = signed_json_post(url, &self.head.fields(), self, key, salt)?;
        Ok(match &self.paytm_sso_token {
            Some(t) => req.redacting(t.as_str()),
            None => req,
        })
    }
}

/// Renew Subscription input: asks Paytm to collect one cycle. Paytm's acceptance is not the
/// debit: the debit's outcome comes later (callback, webhook, Transaction Status on `orderId`).
///
/// JSON: `{"head":{…optional},"mid":"…","orderId":"RENEW_1","subscriptionId":"102771",
/// "txnAmount":{"value":"499.00","currency":"INR"}}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RenewSubscription {
    /// Optional head members.
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// Merchant id.
    pub mid: Mid,
    /// A fresh order id for this collection.
    pub order_id: OrderId,
    /// The subscription.
    pub subscription_id: SubscriptionId,
    /// The amount to collect.
    pub txn_amount: Money,
}

impl RenewSubscription {
    /// A collection of `amount` (INR).
    pub fn new(
        mid: Mid,
        order_id: OrderId,
        subscription_id: SubscriptionId,
        amount: Amount,
    ) -> Self {
        RenewSubscription {
            head: Head::default(),
            mid,
            order_id,
            subscription_id,
            txn_amount: Money::inr(amount),
        }
    }

    /// Refuses a collection above the subscription's maximum (the money rule: a variable debit
    /// never exceeds its maximum) with [`ErrorCode::InvalidField`].
    pub fn check_max(&self, max: Amount) -> Result<()> {
        if self.txn_amount.value > max {
            return Err(invalid(
                "renew_subscription",
                "txnAmount",
                "exceeds the subscription's maximum amount",
            ));
        }
        Ok(())
    }

    /// The signed request.
    pub fn build(
        &self,
        env: &Environment,
        key: &MerchantKey,
        salt: Option<Salt>,
    ) -> Result<HttpRequest> {
        let url = format!("{}/subscription/renew", env.pg_base());
        signed_json_post(url, &self.head.fields(), self, key, salt)
    }
}

/// The head of the management APIs that authenticate by checksum: the optional members, then
/// `tokenType: AES`.
fn aes_head(head: &Head) -> Vec<(&'static str, &str)> {
    let mut h = head.fields();
    h.push(("tokenType", "AES"));
    h
}

/// Fetch Subscription Status input: by `subsId`, or by `custId` and `orderId` together.
///
/// JSON: `{"mid":"…","subsId":"102771"}` or `{"mid":"…","custId":"CUST_001","orderId":"…"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubscriptionStatus {
    /// Optional head members (`tokenType: AES` is always sent).
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// Merchant id.
    pub mid: Mid,
    /// The subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subs_id: Option<SubscriptionId>,
    /// The customer (with `orderId`, instead of `subsId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cust_id: Option<CustomerId>,
    /// The creation order (with `custId`, instead of `subsId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
}

impl SubscriptionStatus {
    /// A status query by subscription id.
    pub fn new(mid: Mid, subs_id: SubscriptionId) -> Self {
        SubscriptionStatus {
            head: Head::default(),
            mid,
            subs_id: Some(subs_id),
            cust_id: None,
            order_id: None,
        }
    }

    /// Exactly one way of naming the subscription: `subsId`, or `custId` with `orderId`.
    pub fn validate(&self) -> Result<()> {
        const API: &str = "subscription_status";
        match (&self.subs_id, &self.cust_id, &self.order_id) {
            (Some(_), None, None) | (None, Some(_), Some(_)) => Ok(()),
            (None, None, None) => Err(missing(API, "subsId (or custId and orderId)")),
            (None, _, _) => Err(missing(API, "custId and orderId together")),
            (Some(_), _, _) => Err(invalid(
                API,
                "subsId",
                "give subsId or custId and orderId, not both",
            )),
        }
    }

    /// The signed request.
    pub fn build(
        &self,
        env: &Environment,
        key: &MerchantKey,
        salt: Option<Salt>,
    ) -> Result<HttpRequest> {
        self.validate()?;
        let url = format!("{}/subscription/checkStatus", env.pg_base());
        signed_json_post(url, &aes_head(&self.head), self, key, salt)
    }
}

/// Cancel Subscription input: `{"mid":"…","subsId":"102771"}`. Cancellation is final.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelSubscription {
    /// Optional head members (`tokenType: AES` is always sent).
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// Merchant id.
    pub mid: Mid,
    /// The subscription.
    pub subs_id: SubscriptionId,
}

impl CancelSubscription {
    /// Cancels a subscription.
    pub fn new(mid: Mid, subs_id: SubscriptionId) -> Self {
        CancelSubscription {
            head: Head::default(),
            mid,
            subs_id,
        }
    }

    /// The signed request.
    pub fn build(
        &self,
        env: &Environment,
        key: &MerchantKey,
        salt: Option<Salt>,
    ) -> Result<HttpRequest> {
        let url = format!("{}/subscription/cancel", env.pg_base());
        signed_json_post(url, &aes_head(&self.head), self, key, salt)
    }
}

/// The state Pause/Resume moves a subscription to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PauseResume {
    /// Resume a suspended subscription.
    Active,
    /// Pause an active subscription.
    Suspended,
}

/// Pause/Resume Subscription input: `{"mid":"…","subsId":"102771","status":"SUSPENDED"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PauseResumeSubscription {
    /// Optional head members (`tokenType: AES` is always sent).
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// Merchant id.
    pub mid: Mid,
    /// The subscription.
    pub subs_id: SubscriptionId,
    /// ACTIVE (resume) or SUSPENDED (pause).
    pub status: PauseResume,
}

impl PauseResumeSubscription {
    /// Moves a subscription to `status`.
    pub fn new(mid: Mid, subs_id: SubscriptionId, status: PauseResume) -> Self {
        PauseResumeSubscription {
            head: Head::default(),
            mid,
            subs_id,
            status,
        }
    }

    /// The signed request.
    pub fn build(
        &self,
        env: &Environment,
        key: &MerchantKey,
        salt: Option<Salt>,
    ) -> Result<HttpRequest> {
        let url = format!("{}/subscription/status/modify", env.pg_base());
        signed_json_post(url, &aes_head(&self.head), self, key, salt)
    }
}

/// Subscription Pre-Notify input: tells the customer (through their bank or Paytm) about a
/// coming debit. RBI requires it before UPI and wallet debits, at least 24 hours ahead.
///
/// JSON: `{"mid":"…","subsId":"102771","txnAmount":"499.00","txnDate":"10-01-2027",
/// "txnMessage":"Gold plan January","referenceId":"PRENOTIFY_1","invoiceDisplayNo":"INV42"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreNotifySubscription {
    /// Optional head members (`tokenType: AES` is always sent).
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// Merchant id.
    pub mid: Mid,
    /// The subscription.
    pub subs_id: SubscriptionId,
    /// The amount that will be debited (a plain string here, not a `{value,currency}` object).
    pub txn_amount: Amount,
    /// The day of the debit, `dd-MM-yyyy` as Paytm's page shows it.
    pub txn_date: String,
    /// The reason shown to the customer: 1-50 letters, digits and spaces.
    pub txn_message: String,
    /// The merchant's unique reference for this notification.
    pub reference_id: NotifyRefId,
    /// Invoice number (card subscriptions): 1-15 letters and digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_display_no: Option<String>,
}

impl PreNotifySubscription {
    /// Checks the date, message and invoice number.
    pub fn validate(&self) -> Result<()> {
        const API: &str = "pre_notify_subscription";
        let d = self.txn_date.as_bytes();
        let shape = d.len() == 10 && d[2] == b'-' && d[5] == b'-';
        let iso = shape.then(|| {
            format!(
                "{}-{}-{}",
                &self.txn_date[6..10],
                &self.txn_date[3..5],
                &self.txn_date[0..2]
            )
        });
        if iso.is_none_or(|s| Date::new(s).is_err()) {
            return Err(invalid(
                API,
                "txnDate",
                "must be a calendar date dd-MM-yyyy",
            ));
        }
        let m = &self.txn_message;
        if m.is_empty()
            || m.len() > 50
            || !m.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ')
        {
            return Err(invalid(
                API,
                "txnMessage",
                "must be 1-50 ASCII letters, digits and spaces",
            ));
        }
        if let Some(n) = &self.invoice_display_no {
            if n.is_empty() || n.len() > 15 || !n.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(invalid(
                    API,
                    "invoiceDisplayNo",
                    "must be 1-15 ASCII letters and digits",
                ));
            }
        }
        Ok(())
    }

    /// The signed request.
    pub fn build(
        &self,
        env: &Environment,
        key: &MerchantKey,
        salt: Option<Salt>,
    ) -> Result<HttpRequest> {
        self.validate()?;
        let url = format!("{}/subscription/preNotify", env.pg_base());
        signed_json_post(url, &aes_head(&self.head), self, key, salt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variable() -> InitiateSubscription {
        let mut s = InitiateSubscription::new(
            "INTEGR7769XXXXXX9383".try_into().unwrap(),
            "SUBS_ORDER_1".try_into().unwrap(),
            "WEBSTAGING".try_into().unwrap(),
            "1".parse().unwrap(),
            "CUST_001".try_into().unwrap(),
            AmountType::Variable,
            1,
            FrequencyUnit::Month,
        );
        s.subscription_max_amount = Some("500".parse().unwrap());
        s
    }

    fn field_error(s: &InitiateSubscription) -> (u32, String) {
        let e = s.validate().unwrap_err();
        (e.code().number(), e.message().to_owned())
    }

    #[test]
    fn variable_needs_a_maximum_that_bounds_every_amount() {
        assert!(variable().validate().is_ok());
        let mut s = variable();
        s.subscription_max_amount = None;
        assert_eq!(field_error(&s).0, 1021);
        let mut s = variable();
        s.txn_amount = Money::inr("500.01".parse().unwrap());
        let (code, msg) = field_error(&s);
        assert_eq!(code, 1022);
        assert!(msg.contains("txnAmount"), "{msg}");
        let mut s = variable();
        s.renewal_amount = Some("600".parse().unwrap());
        assert!(field_error(&s).1.contains("renewalAmount"));
    }

    #[test]
    fn upi_first_debit_not_above_renewal() {
        let mut s = variable();
        s.subscription_payment_mode = Some(SubscriptionPaymentMode::Upi);
        s.renewal_amount = Some("0.50".parse().unwrap());
        assert!(field_error(&s).1.contains("UPI"));
        s.subscription_payment_mode = Some(SubscriptionPaymentMode::Cc);
        assert!(s.validate().is_ok());
    }

    #[test]
    fn grace_shorter_than_a_cycle_and_retry_settings_agree() {
        let mut s = variable();
        s.subscription_grace_days = Some(27);
        assert!(s.validate().is_ok());
        s.subscription_grace_days = Some(28);
        assert!(field_error(&s).1.contains("subscriptionGraceDays"));
        s.subscription_frequency = Some(2);
        assert!(s.validate().is_ok(), "two months allow 28 grace days");
        let mut s = variable();
        s.subscription_enable_retry = Some(true);
        assert!(field_error(&s).1.contains("subscriptionRetryCount"));
        s.subscription_retry_count = Some(3);
        assert!(s.validate().is_ok());
        s.subscription_enable_retry = Some(false);
        assert!(field_error(&s).1.contains("subscriptionEnableRetry"));
    }

    #[test]
    fn on_demand_and_dates() {
        let mut s = variable();
        s.subscription_frequency_unit = FrequencyUnit::OnDemand;
        s.subscription_frequency = Some(2);
        assert!(field_error(&s).1.contains("ONDEMAND"));
        s.subscription_frequency = Some(1);
        s.subscription_grace_days = Some(1);
        assert!(field_error(&s).1.contains("ONDEMAND"));
        let mut s = variable();
        s.subscription_start_date = Some(Date::new("2027-01-01").unwrap());
        s.subscription_expiry_date = Some(Date::new("2027-01-01").unwrap());
        assert!(field_error(&s).1.contains("subscriptionExpiryDate"));
        s.subscription_expiry_date = Some(Date::new("2028-01-01").unwrap());
        assert!(s.validate().is_ok());
    }

    #[test]
    fn renew_above_max_refused() {
        let r = RenewSubscription::new(
            "INTEGR7769XXXXXX9383".try_into().unwrap(),
            "RENEW_1".try_into().unwrap(),
            "102771".try_into().unwrap(),
            "500.01".parse().unwrap(),
        );
        assert_eq!(
            r.check_max("500".parse().unwrap()).unwrap_err().code(),
            ErrorCode::InvalidField
        );
        assert!(r.check_max("500.01".parse().unwrap()).is_ok());
    }

    #[test]
    fn status_names_the_subscription_one_way() {
        let mut s = SubscriptionStatus::new(
            "INTEGR7769XXXXXX9383".try_into().unwrap(),
            "102771".try_into().unwrap(),
        );
        assert!(s.validate().is_ok());
        s.cust_id = Some("CUST_001".try_into().unwrap());
        assert_eq!(s.validate().unwrap_err().code(), ErrorCode::InvalidField);
        s.subs_id = None;
        assert_eq!(s.validate().unwrap_err().code(), ErrorCode::MissingField);
        s.order_id = Some("SUBS_ORDER_1".try_into().unwrap());
        assert!(s.validate().is_ok());
    }

    #[test]
    fn pre_notify_date_and_message() {
        let mut p = PreNotifySubscription {
            head: Head::default(),
            mid: "INTEGR7769XXXXXX9383".try_into().unwrap(),
            subs_id: "102771".try_into().unwrap(),
            txn_amount: "499".parse().unwrap(),
            txn_date: "10-01-2027".into(),
            txn_message: "Gold plan January".into(),
            reference_id: "PRENOTIFY_1".try_into().unwrap(),
            invoice_display_no: None,
        };
        assert!(p.validate().is_ok());
        p.txn_date = "2027-01-10".into();
        assert!(p.validate().unwrap_err().message().contains("txnDate"));
        p.txn_date = "30-02-2027".into();
        assert!(p.validate().unwrap_err().message().contains("txnDate"));
        p.txn_date = "10-01-2027".into();
        p.txn_message = "50% off!".into();
        assert!(p.validate().unwrap_err().message().contains("txnMessage"));
    }
}
