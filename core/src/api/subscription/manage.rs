//! The management APIs of a subscription that exists: status, cancel, pause/resume and the
//! pre-debit notification. All authenticate by checksum with `tokenType: AES` in the head.

use serde::{Deserialize, Serialize};

use super::invalid;
use crate::api::shared::{missing, Head};
use crate::error::Result;
use crate::types::{Amount, CustomerId, Date, Mid, NotifyRefId, OrderId, SubscriptionId};

crate::json_struct::json_struct! {
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
        pub subs_id: Option<SubscriptionId> => omit,
        /// The customer (with `orderId`, instead of `subsId`).
        pub cust_id: Option<CustomerId> => omit,
        /// The creation order (with `custId`, instead of `subsId`).
        pub order_id: Option<OrderId> => omit,
    }
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
}

crate::json_struct::json_struct! {
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
        pub invoice_display_no: Option<String> => omit,
    }
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

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
