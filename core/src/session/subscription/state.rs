//! The data a [`SubscriptionSession`](super::SubscriptionSession) keeps: its config, phase,
//! collections and saved state. No logic.

use serde::{Deserialize, Serialize};

use crate::api::subscription::InitiateSubscription;
use crate::session::action::{Failure, FailureReason, Outcome, Purpose};
use crate::session::config::session_config;
use crate::session::timers::{Timer, TimerTable};
use crate::types::{Amount, NotifyRefId, OrderId, SubscriptionId};

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
    /// Pause/Resume Subscription (SUSPENDED) is to be sent.
    Pause,
    /// Pause/Resume Subscription (ACTIVE) is to be sent.
    Resume,
    /// Pre-Notify Subscription is to be sent (the last of [`PreNotice`]s, not yet verified).
    PreNotify,
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
    /// When it was asked for (the session's clock, ms): the first collection of a cycle starts
    /// its grace days. Absent in saves written before the limits existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<u64>,
}

/// One pre-debit notification (`pre_notify_subscription`) of a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreNotice {
    /// The host's name for the billing cycle it announces.
    pub cycle: String,
    /// When Paytm's verified answer accepted it (ms); `None` while it is being sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<u64>,
    /// The amount announced: the cycle's debit may not be above it.
    pub amount: Amount,
    /// The merchant's reference (unique per notification).
    pub reference_id: NotifyRefId,
    /// The debit day (`dd-MM-yyyy`), the message shown to the customer and the invoice number,
    /// as sent.
    pub txn_date: String,
    #[allow(missing_docs)]
    pub txn_message: String,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_display_no: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct Flight {
    pub(super) step: Purpose,
    pub(super) sent_at: u64,
}

/// Where a subscription stands; saved as [`SavedState`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "SavedState", from = "SavedState")]
pub(super) struct State {
    pub(super) phase: SubscriptionPhase,
    pub(super) subscription_id: Option<SubscriptionId>,
    /// [`Timer::TokenExpiry`] (the txnToken's, while authorising) and [`Timer::NextCheck`] (the
    /// status asked again).
    pub(super) timers: TimerTable,
    pub(super) in_flight: Option<Flight>,
    pub(super) cycles: Vec<Cycle>,
    pub(super) last_failure: Option<Failure>,
    /// The mandate ended (revoked, expired) while a debit was being verified: the session ends
    /// once that debit is known.
    pub(super) pending_end: Option<FailureReason>,
    pub(super) outcome: Option<Outcome>,
    /// Paused by a verified Pause/Resume answer (SUSPENDED): nothing is collected until resumed.
    pub(super) paused: bool,
    /// Pre-debit notifications, oldest first.
    pub(super) notices: Vec<PreNotice>,
    /// The session's clock: the latest `now` given to `next_action` (ms). The host calls
    /// `collect` at this time.
    pub(super) clock: u64,
}

/// A subscription's state as saved: the members every version wrote, the timer table's
/// deadlines as `tokenExpiresAt` and `nextCheckAt`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SavedState {
    phase: SubscriptionPhase,
    #[serde(default)]
    subscription_id: Option<SubscriptionId>,
    #[serde(default)]
    token_expires_at: Option<u64>,
    #[serde(default)]
    next_check_at: Option<u64>,
    #[serde(default)]
    in_flight: Option<Flight>,
    #[serde(default)]
    cycles: Vec<Cycle>,
    #[serde(default)]
    last_failure: Option<Failure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pending_end: Option<FailureReason>,
    #[serde(default)]
    outcome: Option<Outcome>,
    #[serde(default, skip_serializing_if = "is_false")]
    paused: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notices: Vec<PreNotice>,
    #[serde(default, skip_serializing_if = "is_zero")]
    clock: u64,
}

impl From<State> for SavedState {
    fn from(s: State) -> SavedState {
        SavedState {
            phase: s.phase,
            subscription_id: s.subscription_id,
            token_expires_at: s.timers.get(Timer::TokenExpiry),
            next_check_at: s.timers.get(Timer::NextCheck),
            in_flight: s.in_flight,
            cycles: s.cycles,
            last_failure: s.last_failure,
            pending_end: s.pending_end,
            outcome: s.outcome,
            paused: s.paused,
            notices: s.notices,
            clock: s.clock,
        }
    }
}

impl From<SavedState> for State {
    fn from(s: SavedState) -> State {
        State {
            phase: s.phase,
            subscription_id: s.subscription_id,
            timers: TimerTable::of(s.token_expires_at, None, s.next_check_at),
            in_flight: s.in_flight,
            cycles: s.cycles,
            last_failure: s.last_failure,
            pending_end: s.pending_end,
            outcome: s.outcome,
            paused: s.paused,
            notices: s.notices,
            clock: s.clock,
        }
    }
}

// Members added after the first saves were written are left out while they hold their default,
// so a save of a session that never used them is byte for byte what earlier versions wrote, and
// earlier saves restore (the save schema is versioned by its members, as every session's is).
fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}
