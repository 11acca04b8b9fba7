//! Renew Subscription: asks Paytm to collect one cycle, never above the subscription's maximum.

use serde::{Deserialize, Serialize};

use super::invalid;
use crate::api::initiate::Money;
use crate::api::shared::Head;
use crate::error::Result;
use crate::types::{Amount, Mid, OrderId, SubscriptionId};

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
    /// never exceeds its maximum) with [`ErrorCode::InvalidField`](crate::ErrorCode::InvalidField).
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

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
}
