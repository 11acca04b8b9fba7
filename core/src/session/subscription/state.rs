//! The data a [`SubscriptionSession`](super::SubscriptionSession) keeps: its config, phase,
//! collections and saved state. No logic.

use serde::{Deserialize, Serialize};

use crate::api::subscription::InitiateSubscription;
use crate::session::action::{Failure, FailureReason, Outcome, Purpose};
use crate::session::config::session_config;
use crate::types::{Amount, OrderId, SubscriptionId};

session_config! {
    /// What a subscription session needs: where to send, and the subscription to create.
    ///
    /// JSON: `{"environment":"staging","subscription":{InitiateSubscription}}`.
    pub struct SubscriptionConfig as "SubscriptionSessionConfig" {
        /// The subscription to create (its `orderId` is the creation order): the Initiate
        /// Subscription input.
        #[serde(serialize_with = "saved_initiate")]
        #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
        pub subscription: InitiateSubscription,
    }
}

/// The subscription as its input JSON reads it: the request body without `requestType`,
/// which the request adds (a save must restore through the input's strict schema).
fn saved_initiate<S: serde::Serializer>(
    v: &InitiateSubscription,
    s: S,
) -> core::result::Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(v).map_err(serde::ser::Error::custom)?;
    if let Some(map) = value.as_object_mut() {
        map.remove("requestType");
    }
    value.serialize(s)
}

/// Where a subscription stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionPhase {
    /// Initiate Subscription is to be sent.
    Create,
    /// The customer is authorising the mandate with the txnToken.
    Authorise,
    /// The mandate's status is to be asked (verified answer required).
    Confirm,
    /// Active: collections may be made.
    Active,
    /// A collection's Renew Subscription is to be sent.
    Renew,
    /// A collection's debit is to be verified with the Transaction Status API.
    VerifyDebit,
    /// Cancel Subscription is to be sent.
    Cancel,
    /// Finished.
    Done,
}

/// Where one collection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CycleState {
    /// Renew sent or to be sent; the debit is not known yet.
    InFlight,
    /// Paid: a verified status of this order and amount said so.
    Paid,
    /// Declined (verified): the cycle may be collected again with a new order id.
    Declined,
}

/// One collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cycle {
    /// The host's name for the billing cycle (e.g. `2027-01`).
    pub cycle: String,
    /// The renewal's order id.
    pub order_id: OrderId,
    /// The amount collected.
    pub amount: Amount,
    /// Where it stands.
    pub state: CycleState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct Flight {
    pub(super) step: Purpose,
    pub(super) sent_at: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct State {
    pub(super) phase: SubscriptionPhase,
    #[serde(default)]
    pub(super) subscription_id: Option<SubscriptionId>,
    #[serde(default)]
    pub(super) token_expires_at: Option<u64>,
    #[serde(default)]
    pub(super) next_check_at: Option<u64>,
    #[serde(default)]
    pub(super) in_flight: Option<Flight>,
    #[serde(default)]
    pub(super) cycles: Vec<Cycle>,
    #[serde(default)]
    pub(super) last_failure: Option<Failure>,
    /// The mandate ended (revoked, expired) while a debit was being verified: the session ends
    /// once that debit is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) pending_end: Option<FailureReason>,
    #[serde(default)]
    pub(super) outcome: Option<Outcome>,
}
