//! [`RefundSession`]: one refund of a payment, until Paytm says it is processed or failed.
//!
//! Rules, from `spec/all-in-one-payment-request.md` ("Manage Refunds"): every refund request
//! carries a unique REFID; success is confirmed with the Refund Status API, not the Refund API's
//! answer; "For Failure refund status, the merchant can retry refunds. However, for Pending refund
//! status, the merchant should not retry refunds." So [`RefundSession::retry`] starts a new
//! attempt with a new REFID only after a failure, and is [`ErrorCode::RefundNotAllowed`] while
//! pending or after success. A refund whose answer was lost is asked about with the same REFID,
//! never raised again.

use serde::{Deserialize, Serialize};

use super::action::{
    parse_answer, standing_action, state_error, take_outstanding, Action, Failure, FailureReason,
    InFlight, Outcome, OutcomeStatus, Purpose, WaitReason,
};
use super::binding::{Claims, Subject, Weight};
use super::config::session_config;
use super::pending::PendingPolicy;
use super::salts::{SaltSource, Signer};
use super::save::{restore_error, seal_save, Saved};
use super::timers::{Timer, TimerTable, RETRY_DELAY_MS};
use crate::api::refund::{Refund, RefundStatus};
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::response::ResponseData;
use crate::result_codes::RefundState;
use crate::types::{Amount, Mid, OrderId, RefId, TxnId};

session_config! {
    /// What a refund session needs.
    ///
    /// JSON (C and npm): `{"environment":"staging","mid":"…","orderId":"…","txnId":"…",
    /// "refId":"…","refundAmount":"1.00","pendingPolicy":"late_notification"}`.
    pub struct RefundConfig as "RefundSessionConfig" {
        /// The merchant id.
        pub mid: Mid,
        /// The paid order.
        pub order_id: OrderId,
        /// Paytm's transaction id of the payment.
        pub txn_id: TxnId,
        /// The REFID of the first attempt; attempt n uses `{refId}-{n}`.
        pub ref_id: RefId,
        /// The amount to refund.
        pub refund_amount: Amount,
        /// When to ask again about a pending refund (origin: when the refund was sent).
        pub pending_policy: PendingPolicy = default,
    }
}

/// Where a refund stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundPhase {
    /// The Refund request is to be sent (or is out).
    Apply,
    /// The refund status is to be queried now.
    Verify,
    /// Pending: queried again later.
    Pending,
    /// Finished.
    Done,
}

/// Where a refund stands; saved as [`SavedState`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "SavedState", from = "SavedState")]
struct State {
    phase: RefundPhase,
    attempt: u32,
    ref_id: RefId,
    submitted_at: Option<u64>,
    in_flight: Option<InFlight>,
    /// [`Timer::NextCheck`].
    timers: TimerTable,
    outcome: Option<Outcome>,
}

/// A refund's state as saved: the members every version wrote, the timer table's deadline as
/// `nextCheckAt`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SavedState {
    phase: RefundPhase,
    attempt: u32,
    ref_id: RefId,
    #[serde(default)]
    submitted_at: Option<u64>,
    #[serde(default)]
    in_flight: Option<InFlight>,
    #[serde(default)]
    next_check_at: Option<u64>,
    #[serde(default)]
    outcome: Option<Outcome>,
}

impl From<State> for SavedState {
    fn from(s: State) -> SavedState {
        SavedState {
            phase: s.phase,
            attempt: s.attempt,
            ref_id: s.ref_id,
            submitted_at: s.submitted_at,
            in_flight: s.in_flight,
            next_check_at: s.timers.get(Timer::NextCheck),
            outcome: s.outcome,
        }
    }
}

impl From<SavedState> for State {
    fn from(s: SavedState) -> State {
        State {
            phase: s.phase,
            attempt: s.attempt,
            ref_id: s.ref_id,
            submitted_at: s.submitted_at,
            in_flight: s.in_flight,
            timers: TimerTable::of(None, None, s.next_check_at),
            outcome: s.outcome,
        }
    }
}

impl State {
    /// Attempt `attempt` of the refund, with its REFID, to be applied.
    fn attempt(attempt: u32, ref_id: RefId) -> State {
        State {
            phase: RefundPhase::Apply,
            attempt,
            ref_id,
            submitted_at: None,
            in_flight: None,
            timers: TimerTable::default(),
            outcome: None,
        }
    }
}

const KIND: &str = "refund";

/// A refund: see the [module docs](self).
pub struct RefundSession {
    config: RefundConfig,
    state: State,
    signer: Signer,
}

impl core::fmt::Debug for RefundSession {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RefundSession")
            .field("order_id", &self.config.order_id)
            .field("ref_id", &self.state.ref_id)
            .field("phase", &self.state.phase)
            .field("timers", &self.state.timers)
            .field("outcome", &self.state.outcome.as_ref().map(|o| o.status))
            .finish_non_exhaustive()
    }
}

/// What a Refund or Refund Status answer says it is about (both name it the same way).
fn refund_claims<'a>(
    mid: &'a Option<String>,
    order_id: &'a Option<OrderId>,
    txn_id: &'a Option<String>,
    ref_id: &'a Option<String>,
    amount: Option<Amount>,
) -> Claims<'a> {
    Claims {
        mid: mid.as_deref(),
        order_id: order_id.as_ref().map(OrderId::as_str),
        txn_id: txn_id.as_deref(),
        ref_id: ref_id.as_deref(),
        amount,
    }
}

impl RefundSession {
    /// A refund session (refunds are signed: the key is required).
    pub fn new(config: RefundConfig, key: MerchantKey) -> Result<RefundSession> {
        config.pending_policy.validate()?;
        Ok(RefundSession {
            state: State::attempt(1, config.ref_id.clone()),
            config,
            signer: Signer::new(key),
        })
    }

    /// A session from its JSON config (see [`RefundConfig`]).
    pub fn from_json(config: &[u8], key: MerchantKey) -> Result<RefundSession> {
        RefundSession::new(crate::api::parse("refund", config)?, key)
    }

    /// Uses `salts` for the checksums.
    pub fn with_salts(mut self, salts: Box<dyn SaltSource>) -> RefundSession {
        self.signer.salts = salts;
        self
    }

    /// The REFID of the current attempt.
    pub fn ref_id(&self) -> &RefId {
        &self.state.ref_id
    }

    /// Where the refund stands.
    pub fn phase(&self) -> RefundPhase {
        self.state.phase
    }

    /// How it ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.state.outcome.as_ref()
    }

    /// What to do next at `now` (ms).
    pub fn next_action(&mut self, now: u64) -> Result<Action> {
        let s = &self.state;
        if let Some(a) = standing_action(s.outcome.as_ref(), None, s.in_flight.is_some()) {
            return Ok(a);
        }
        if self.state.phase == RefundPhase::Pending {
            if let Some(wait) = self
                .state
                .timers
                .wait(Timer::NextCheck, now, WaitReason::Pending)
            {
                return Ok(wait);
            }
            self.state.phase = RefundPhase::Verify;
        }
        let env = &self.config.environment;
        let (purpose, request) = match self.state.phase {
            RefundPhase::Apply => {
                let r = Refund::new(
                    self.config.mid.clone(),
                    self.config.order_id.clone(),
                    self.config.txn_id.clone(),
                    self.state.ref_id.clone(),
                    self.config.refund_amount,
                );
                self.state.submitted_at = Some(now);
                (
                    Purpose::Refund,
                    self.signer.sign(|k, s| r.build(env, k, s))?,
                )
            }
            RefundPhase::Verify => {
                let r = RefundStatus::new(
                    self.config.mid.clone(),
                    self.config.order_id.clone(),
                    self.state.ref_id.clone(),
                );
                (
                    Purpose::RefundStatus,
                    self.signer.sign(|k, s| r.build(env, k, s))?,
                )
            }
            RefundPhase::Pending | RefundPhase::Done => {
                return Err(state_error("refund: finished without an outcome (a bug)"))
            }
        };
        self.state.in_flight = Some(InFlight {
            purpose,
            sent_at: now,
        });
        Ok(Action::Send { purpose, request })
    }

    /// The response to the outstanding request. An error (tampered, malformed) counts as no
    /// answer: the refund's status is asked (with the same REFID), never raised again.
    pub fn handle_response(&mut self, http_status: u16, body: &[u8], now: u64) -> Result<()> {
        let f = take_outstanding(&mut self.state.in_flight, "handle_response")?;
        let parsed = match parse_answer(f.purpose.api(), http_status, body, Some(&self.signer.key))
        {
            Ok(p) => p,
            Err(e) => {
                self.unanswered(now);
                return Err(e);
            }
        };
        let (state, failure, claims) = match &parsed.data {
            ResponseData::Refund(r) => (
                r.state,
                Failure::of(&r.result_info),
                refund_claims(&r.mid, &r.order_id, &r.txn_id, &r.ref_id, r.refund_amount),
            ),
            ResponseData::RefundStatus(r) => (
                r.state,
                r.result_info.as_ref().and_then(Failure::of),
                refund_claims(&r.mid, &r.order_id, &r.txn_id, &r.ref_id, r.refund_amount),
            ),
            _ => return Err(state_error("refund: unexpected response type (a bug)")),
        };
        let weight = match (f.purpose, state) {
            (Purpose::RefundStatus, RefundState::Success) => Weight::Decisive,
            // A failure ends the attempt and allows a new one: it must name this refund.
            (_, RefundState::Failure) => Weight::Final,
            _ => Weight::Informative,
        };
        if let Err(e) = self.subject().check(f.purpose.api(), &claims, weight) {
            // Not this refund's answer: the request is still out.
            self.state.in_flight = Some(f);
            return Err(e);
        }
        match (f.purpose, state) {
            // Paytm refused the request itself: nothing was accepted, a new REFID may retry.
            (Purpose::Refund, RefundState::Failure) => {
                self.finish(Outcome::failed(FailureReason::Declined, failure));
            }
            // Accepted (or unclear): success is only what Refund Status says.
            (Purpose::Refund, _) => self.state.phase = RefundPhase::Verify,
            (_, RefundState::Success) => self.finish(Outcome {
                status: OutcomeStatus::Refunded,
                reason: None,
                mismatch: None,
                failure: None,
                transaction: None,
            }),
            (_, RefundState::Failure) => {
                self.finish(Outcome::failed(FailureReason::Declined, failure));
            }
            (_, RefundState::Pending | RefundState::Unknown) => self.pending(now, failure),
        }
        Ok(())
    }

    /// A refund webhook Paytm pushed (`{"head","body"}` JSON, signed like Refund Status:
    /// <https://paytmpayments.com/docs/success-refund-webhook>). It must verify and name this
    /// refund (order id and REFID, and the amount when it says success), else it is refused
    /// ([`ErrorCode::OrderMismatch`] for another refund) and nothing changes. Like a payment
    /// callback it is a hint, never the answer: a pending refund is asked about at once (Refund
    /// Status decides, as the module docs say). A repeat, or one after the outcome, changes
    /// nothing.
    pub fn handle_callback(&mut self, body: &[u8], _now: u64) -> Result<()> {
        let parsed = parse_answer("refund_webhook", 200, body, Some(&self.signer.key))?;
        let ResponseData::RefundStatus(r) = &parsed.data else {
            return Err(state_error(
                "refund webhook: unexpected response type (a bug)",
            ));
        };
        let claims = refund_claims(&r.mid, &r.order_id, &r.txn_id, &r.ref_id, r.refund_amount);
        let weight = match r.state {
            RefundState::Success => Weight::Decisive,
            _ => Weight::Final,
        };
        self.subject().check("refund_webhook", &claims, weight)?;
        if self.state.outcome.is_none() && self.state.phase == RefundPhase::Pending {
            self.state.timers.put(Timer::NextCheck, None);
            self.state.phase = RefundPhase::Verify;
        }
        Ok(())
    }

    /// The outstanding request got no response.
    pub fn handle_send_failure(&mut self, now: u64) -> Result<()> {
        take_outstanding(&mut self.state.in_flight, "handle_send_failure")?;
        self.unanswered(now);
        Ok(())
    }

    /// A new attempt with a new REFID, allowed only after a failed attempt.
    pub fn retry(&mut self, _now: u64) -> Result<()> {
        let failed = self.state.outcome.as_ref().is_some_and(|o| {
            o.status == OutcomeStatus::Failure && o.reason == Some(FailureReason::Declined)
        });
        if !failed {
            return Err(Error::with_message(
                ErrorCode::RefundNotAllowed,
                "refund: a new attempt is allowed only after a failed one, never while pending \
                 or after success",
            ));
        }
        let attempt = self.state.attempt + 1;
        let ref_id = RefId::new(format!("{}-{attempt}", self.config.ref_id.as_str()))?;
        self.state = State::attempt(attempt, ref_id);
        Ok(())
    }

    /// The session as JSON (no key).
    pub fn save(&self) -> String {
        seal_save(&self.signer.key, KIND, &self.config, self.state.clone())
    }

    /// A session from [`RefundSession::save`]'s JSON and the key. A request that was out is
    /// treated as unanswered (its status is asked).
    pub fn restore(json: &[u8], key: MerchantKey) -> Result<RefundSession> {
        let saved: Saved<RefundConfig, State> = Saved::open_as(&key, KIND, json)?;
        saved
            .config
            .pending_policy
            .validate()
            .map_err(|e| restore_error(&e))?;
        let mut s = RefundSession {
            config: saved.config,
            state: saved.state,
            signer: Signer::new(key),
        };
        if s.state.in_flight.take().is_some() && s.state.outcome.is_none() {
            s.state.phase = RefundPhase::Verify;
        }
        Ok(s)
    }

    /// What an answer must be about: this refund of this payment (mid, order, txn id, REFID,
    /// refund amount).
    fn subject(&self) -> Subject<'_> {
        Subject {
            mid: &self.config.mid,
            order_id: &self.config.order_id,
            txn_id: Some(self.config.txn_id.as_str()),
            ref_id: Some(self.state.ref_id.as_str()),
            amount: self.config.refund_amount,
        }
    }

    fn finish(&mut self, outcome: Outcome) {
        self.state.phase = RefundPhase::Done;
        self.state.outcome = Some(outcome);
    }

    fn unanswered(&mut self, now: u64) {
        // Whether the refund was accepted is unknown: ask, with the same REFID, shortly.
        self.state.phase = RefundPhase::Pending;
        self.state
            .timers
            .set(Timer::NextCheck, now.saturating_add(RETRY_DELAY_MS));
    }

    fn pending(&mut self, now: u64, failure: Option<Failure>) {
        let origin = self.state.submitted_at.unwrap_or(now);
        match self.config.pending_policy.next_check(origin, now) {
            Some(at) => {
                self.state.phase = RefundPhase::Pending;
                self.state.timers.set(Timer::NextCheck, at);
            }
            None => self.finish(Outcome::failed(FailureReason::PendingTimeout, failure)),
        }
    }
}
