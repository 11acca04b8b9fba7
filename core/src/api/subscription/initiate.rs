//! Initiate Subscription: the request that creates a subscription, and the rules its members
//! must keep with each other before it is signed.

use serde::{Deserialize, Serialize};

use super::{count, flag01, invalid, AmountType, FrequencyUnit, SubscriptionPaymentMode};
use crate::api::initiate::{Money, UserInfo};
use crate::api::shared::{code_defaults, missing, Head};
use crate::error::Result;
use crate::types::{Amount, CallbackUrl, Code, CustomerId, Date, Mid, OrderId, SsoToken};

code_defaults!(native_subscription = "NATIVE_SUBSCRIPTION");

crate::json_struct::json_struct! {
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
        pub callback_url: Option<CallbackUrl> => omit,
        /// The first debit, taken when the customer authorises the mandate.
        pub txn_amount: Money,
        /// The customer.
        pub user_info: UserInfo,
        /// The user's Paytm SSO token (wallet subscriptions of a linked user).
        pub paytm_sso_token: Option<SsoToken> => omit,
        /// The instrument the mandate is set up on.
        pub subscription_payment_mode: Option<SubscriptionPaymentMode> => omit,
        /// FIX or VARIABLE.
        pub subscription_amount_type: AmountType,
        /// The most one collection may be: mandatory for VARIABLE.
        pub subscription_max_amount: Option<Amount> => omit,
        /// The amount of each renewal (FIX subscriptions).
        pub renewal_amount: Option<Amount> => omit,
        /// How many units one cycle lasts (1 for on-demand).
        #[serde(with = "count")]
        pub subscription_frequency: Option<u32>,
        /// The unit of the cycle.
        pub subscription_frequency_unit: FrequencyUnit,
        /// The first collection date `yyyy-MM-dd` (Paytm's default: today).
        pub subscription_start_date: Option<Date> => omit,
        /// The date after which nothing may be collected, `yyyy-MM-dd`.
        pub subscription_expiry_date: Option<Date> => omit,
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
            user_info: UserInfo::of(cust_id),
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
}
