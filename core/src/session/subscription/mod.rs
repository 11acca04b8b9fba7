//! [`SubscriptionSession`]: a recurring-payment mandate (`docs/subscriptions.md`), from its
//! creation to its end.
//!
//! ```text
//! create (initiate_subscription) ─▶ collect_payment (the customer authorises the mandate)
//!   ─▶ callback / webhook (a hint) ─▶ subscription_status (verified, this subsId, MID, order,
//!   maxAmount) ─▶ active
//! active: collect(cycle, orderId, amount) ─▶ renew_subscription ─▶ transaction_status of that
//!   order (signed v3, reconciled) ─▶ the cycle is paid, declined (collect it again) or pending
//! active: cancel ─▶ cancel_subscription (verified) ─▶ done; a verified webhook or status saying
//!   the mandate was revoked, rejected, closed or expired ─▶ done
//! active: pause ─▶ pause_resume_subscription SUSPENDED (verified) ─▶ paused (no collection)
//!   ─▶ resume ─▶ pause_resume_subscription ACTIVE (verified) ─▶ active
//! active: pre_notify(cycle, …) ─▶ pre_notify_subscription (verified) ─▶ the notice counts for
//!   that cycle's collection 24 hours later (UPI and wallet mandates need it)
//! ```
//!
//! Money safety (design.md): every answer is checked against this subscription
//! ([`ExpectedSubscription`]: subsId, MID, creation order, maximum) and, for a collection,
//! against its order and amount (the binding rule every session follows) before it changes
//! anything; a foreign answer is refused with [`ErrorCode::OrderMismatch`] and the session is unchanged. Only a
//! [`Verification::Verified`] answer makes the mandate active, a cycle paid or the subscription
//! cancelled. A cycle is collected at most once: a second `collect` of a cycle whose debit is
//! in flight or paid is refused, and an amount above the maximum is refused before any request.
//!
//! The host calls and their limits (pre-notify before UPI and wallet debits, retry count, grace
//! days, nothing while paused) are in `calls.rs`. Paytm notifies the customer 24-48 hours before a
//! debit (<https://business.paytm.com/docs/support/questions?category=Subscription>); the
//! minimum wait after `pre_notify_subscription` the API enforces is not confirmed: we keep RBI's
//! 24 hours (docs/subscriptions.md). Pause/Resume:
//! <https://paytmpayments.com/docs/api/pause-resume-subscription-api>; Pre-Notify:
//! <https://business.paytm.com/docs/apis/subscription-pre-notify-api>.

mod calls;
mod state;
#[cfg(test)]
mod tests;

pub use state::{Cycle, CycleState, PreNotice, SubscriptionConfig, SubscriptionPhase};
use state::{Flight, State};

use super::action::{
    expected_order, no_request, parse_answer, settle, standing_action, state_error,
    take_outstanding, Action, Failure, FailureReason, Outcome, Purpose, Settled, WaitReason,
};
use super::binding::{Claims, Subject, Weight};
use super::salts::{SaltSource, Signer};
use super::save::{seal_save, Saved};
use super::timers::{Timer, TimerTable, RETRY_DELAY_MS, TXN_TOKEN_VALIDITY_MS};
use crate::api::status::TransactionStatus;
use crate::api::subscription::{CancelSubscription, SubscriptionStatus};
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::response::{ExpectedSubscription, ResponseData, SubscriptionState, Verification};
use crate::result_codes::ResultClass;
use crate::types::{Amount, OrderId, SubscriptionId, TxnToken};

const KIND: &str = "subscription";

/// A subscription: see the [module docs](self).
pub struct SubscriptionSession {
    config: SubscriptionConfig,
    state: State,
    signer: Signer,
    token: Option<TxnToken>,
}

impl core::fmt::Debug for SubscriptionSession {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SubscriptionSession")
            .field("order_id", &self.config.subscription.order_id)
            .field("subscription_id", &self.state.subscription_id)
            .field("phase", &self.state.phase)
            .field("cycles", &self.state.cycles.len())
            .field("paused", &self.state.paused)
            .field("outcome", &self.state.outcome.as_ref().map(|o| o.status))
            .finish_non_exhaustive()
    }
}

fn refused(what: &str, e: Error) -> Error {
    Error::with_message(
        ErrorCode::OrderMismatch,
        format!("{what}: {e}; refused, the session is unchanged"),
    )
}

fn unverified(what: &str) -> Error {
    Error::with_message(
        ErrorCode::SignatureMissing,
        format!(
            "{what}: the answer is not verified with the merchant key; the session is unchanged"
        ),
    )
}

impl SubscriptionSession {
    /// A subscription session (the merchant key signs every request and verifies every answer).
    pub fn new(config: SubscriptionConfig, key: MerchantKey) -> Result<SubscriptionSession> {
        config.subscription.validate()?;
        Ok(SubscriptionSession {
            state: State {
                phase: SubscriptionPhase::Create,
                subscription_id: None,
                timers: TimerTable::default(),
                in_flight: None,
                cycles: Vec::new(),
                last_failure: None,
                outcome: None,
                pending_end: None,
                paused: false,
                notices: Vec::new(),
                clock: 0,
            },
            config,
            signer: Signer::new(key),
            token: None,
        })
    }

    /// A session from its JSON config.
    pub fn from_json(config: &[u8], key: MerchantKey) -> Result<SubscriptionSession> {
        SubscriptionSession::new(crate::api::parse("subscription", config)?, key)
    }

    /// Uses `salts` for the checksums.
    pub fn with_salts(mut self, salts: Box<dyn SaltSource>) -> SubscriptionSession {
        self.signer.salts = salts;
        self
    }

    /// Where the subscription stands.
    pub fn phase(&self) -> SubscriptionPhase {
        self.state.phase
    }

    /// The id Paytm gave the subscription, once created.
    pub fn subscription_id(&self) -> Option<&SubscriptionId> {
        self.state.subscription_id.as_ref()
    }

    /// Every collection so far.
    pub fn cycles(&self) -> &[Cycle] {
        &self.state.cycles
    }

    /// How it ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.state.outcome.as_ref()
    }

    fn max(&self) -> Amount {
        self.config.subscription.max_collection()
    }

    fn expected(&self) -> Option<ExpectedSubscription> {
        Some(ExpectedSubscription {
            mid: self.config.subscription.mid.clone(),
            subscription_id: self.state.subscription_id.clone()?,
            order_id: self.config.subscription.order_id.clone(),
            max_amount: self.max(),
        })
    }

    fn subs_id(&self) -> Result<SubscriptionId> {
        self.state
            .subscription_id
            .clone()
            .ok_or_else(|| state_error("subscription: not created yet"))
    }

    fn current(&self) -> Option<&Cycle> {
        self.state
            .cycles
            .iter()
            .rev()
            .find(|c| c.state == CycleState::InFlight)
    }

    /// What to do next at `now` (ms). Active and idle: a wait for a callback (the host calls
    /// `collect` or `cancel` when it decides to).
    pub fn next_action(&mut self, now: u64) -> Result<Action> {
        self.state.clock = self.state.clock.max(now);
        let s = &self.state;
        if let Some(a) = standing_action(s.outcome.as_ref(), None, s.in_flight.is_some()) {
            return Ok(a);
        }
        let env = self.config.environment.clone();
        let mid = self.config.subscription.mid.clone();
        if matches!(
            self.state.phase,
            SubscriptionPhase::Confirm | SubscriptionPhase::VerifyDebit
        ) {
            if let Some(wait) = self
                .state
                .timers
                .wait(Timer::NextCheck, now, WaitReason::Pending)
            {
                return Ok(wait);
            }
        }
        let salt = self.signer.salts.next_salt();
        let key = &self.signer.key;
        let (step, request) = match self.state.phase {
            SubscriptionPhase::Create => (
                Purpose::InitiateSubscription,
                self.config.subscription.build(&env, key, salt)?,
            ),
            SubscriptionPhase::Authorise => {
                let expires_at = self.state.timers.get(Timer::TokenExpiry).unwrap_or(0);
                match &self.token {
                    Some(t) if now < expires_at => {
                        return Ok(Action::CollectPayment {
                            txn_token: t.clone(),
                            expires_at,
                            retry_of: self.state.last_failure.clone(),
                            payment_options: None,
                        })
                    }
                    // The token expired (or was not restored): only the status may say whether
                    // the customer authorised.
                    _ => {
                        self.state.phase = SubscriptionPhase::Confirm;
                        return self.next_action(now);
                    }
                }
            }
            SubscriptionPhase::Confirm => (
                Purpose::SubscriptionStatus,
                SubscriptionStatus::new(mid, self.subs_id()?).build(&env, key, salt)?,
            ),
            SubscriptionPhase::Active => {
                return Ok(Action::Wait {
                    until: None,
                    reason: WaitReason::Callback,
                })
            }
            SubscriptionPhase::Renew => {
                let c = self
                    .current()
                    .ok_or_else(|| state_error("subscription: no collection to renew"))?;
                let r = self.renewal(c.order_id.clone(), c.amount)?;
                (Purpose::RenewSubscription, r.build(&env, key, salt)?)
            }
            SubscriptionPhase::VerifyDebit => {
                let c = self
                    .current()
                    .ok_or_else(|| state_error("subscription: no collection to verify"))?;
                (
                    Purpose::Status,
                    TransactionStatus::new(mid, c.order_id.clone()).build(&env, key, salt)?,
                )
            }
            SubscriptionPhase::Cancel => (
                Purpose::CancelSubscription,
                CancelSubscription::new(mid, self.subs_id()?).build(&env, key, salt)?,
            ),
            SubscriptionPhase::Pause | SubscriptionPhase::Resume => (
                Purpose::PauseResumeSubscription,
                self.pause_resume_request()?.build(&env, key, salt)?,
            ),
            SubscriptionPhase::PreNotify => (
                Purpose::PreNotifySubscription,
                self.notice_request()?.build(&env, key, salt)?,
            ),
            SubscriptionPhase::Done => {
                return Err(state_error("subscription: finished without an outcome"))
            }
        };
        self.state.in_flight = Some(Flight { step, sent_at: now });
        Ok(Action::Send {
            purpose: step,
            request,
        })
    }

    /// The response to the outstanding request. A refused answer (foreign, unverified) leaves
    /// the session unchanged, the request still out.
    pub fn handle_response(&mut self, http_status: u16, body: &[u8], now: u64) -> Result<()> {
        let f = self
            .state
            .in_flight
            .ok_or_else(|| no_request("handle_response"))?;
        let parsed = match parse_answer(f.step.api(), http_status, body, Some(&self.signer.key)) {
            Ok(p) => p,
            Err(e) if e.code() == ErrorCode::OrderMismatch => return Err(e),
            Err(e) => {
                if e.code().number() / 1000 == 2 {
                    // Tampered: refused, unchanged.
                    return Err(e);
                }
                self.state.in_flight = None;
                self.unanswered(now);
                return Err(e);
            }
        };
        if parsed.verification != Verification::Verified {
            return Err(unverified(f.step.api()));
        }
        let verified_tx = parsed.transaction();
        match (f.step, parsed.data) {
            (Purpose::InitiateSubscription, ResponseData::InitiateSubscription(r)) => {
                self.state.in_flight = None;
                match (r.subscription_id, r.txn_token) {
                    (Some(id), Some(t)) if parsed.class == ResultClass::Success => {
                        self.state.subscription_id = Some(id);
                        self.token = Some(t);
                        self.state.timers.set(
                            Timer::TokenExpiry,
                            now.saturating_add(TXN_TOKEN_VALIDITY_MS),
                        );
                        self.state.phase = SubscriptionPhase::Authorise;
                    }
                    _ => self.finish(Outcome::failed(
                        FailureReason::InitiateRejected,
                        Some(Failure {
                            code: r.result_info.result_code,
                            message: r.result_info.result_msg,
                        }),
                    )),
                }
            }
            (Purpose::SubscriptionStatus, ResponseData::SubscriptionStatus(r)) => {
                let expected = self
                    .expected()
                    .ok_or_else(|| state_error("subscription: not created yet"))?;
                expected
                    .check_status(&r)
                    .map_err(|e| refused("subscription_status", e))?;
                self.state.in_flight = None;
                self.mandate_state(r.state, now, true);
            }
            (Purpose::RenewSubscription, ResponseData::SubscriptionAction(r)) => {
                let expected = self
                    .expected()
                    .ok_or_else(|| state_error("subscription: not created yet"))?;
                let order = self.current().map(|c| c.order_id.clone());
                if r.order_id.is_none() && r.subs_id.is_none() {
                    // Names nothing: it cannot be about this collection.
                    return Err(refused(
                        "renew_subscription",
                        state_error("the answer names neither subsId nor orderId"),
                    ));
                }
                expected
                    .check_action(&r, order.as_ref())
                    .map_err(|e| refused("renew_subscription", e))?;
                self.state.in_flight = None;
                let class = parsed.class;
                if class != ResultClass::Success && !class.is_pending_like() {
                    // A documented refusal (bad checksum, missing element, MID or order id not
                    // matching, session expired): Paytm rejected the request itself, so no
                    // renewal order exists to debit; the cycle may be collected again. An
                    // undocumented code stays Unknown and goes to the status below.
                    if let Some(c) = order {
                        let failure = Failure {
                            code: r.result_info.result_code,
                            message: r.result_info.result_msg,
                        };
                        self.close_cycle(&c, CycleState::Declined, Some(failure));
                    }
                } else {
                    // Paytm's acceptance is not the debit: the status decides.
                    self.state.phase = SubscriptionPhase::VerifyDebit;
                    self.state.timers.stop(Timer::NextCheck);
                }
            }
            (Purpose::Status, ResponseData::Status(r)) => {
                let c = self
                    .current()
                    .cloned()
                    .ok_or_else(|| state_error("subscription: no collection to verify"))?;
                let t = verified_tx.ok_or_else(|| state_error("status: no transaction"))?;
                let mid = &self.config.subscription.mid;
                Subject::order(mid, &c.order_id, c.amount).check(
                    "transaction_status",
                    &Claims::of(&t),
                    Weight::of_payment(t.state),
                )?;
                if let Some(e) = self.expected() {
                    e.check_debit(&t)
                        .map_err(|e| refused("transaction_status", e))?;
                }
                self.state.in_flight = None;
                let order = expected_order(mid, &c.order_id, c.amount);
                match settle(order, t, Failure::of(&r.result_info)) {
                    Settled::Final(o) => {
                        let state = if o.status == super::action::OutcomeStatus::Success {
                            CycleState::Paid
                        } else {
                            CycleState::Declined
                        };
                        self.close_cycle(&c.order_id, state, o.failure.clone());
                    }
                    Settled::Pending(_, failure) => {
                        self.state.last_failure = failure;
                        self.state
                            .timers
                            .set(Timer::NextCheck, now.saturating_add(RETRY_DELAY_MS));
                    }
                }
            }
            (
                step @ (Purpose::CancelSubscription
                | Purpose::PauseResumeSubscription
                | Purpose::PreNotifySubscription),
                ResponseData::SubscriptionAction(r),
            ) => self.managed(step, r, parsed.class, now)?,
            _ => {
                return Err(state_error(
                    "subscription: unexpected response type (a bug)",
                ))
            }
        }
        Ok(())
    }

    /// The outstanding request got no response.
    pub fn handle_send_failure(&mut self, now: u64) -> Result<()> {
        take_outstanding(&mut self.state.in_flight, "handle_send_failure")?;
        self.unanswered(now);
        Ok(())
    }

    /// The subscription webhook (Paytm's form POST, `CHECKSUMHASH`): verified and checked
    /// against this subscription. While the customer authorises it is a hint (the status is
    /// asked); a revoked, rejected, closed or expired mandate ends the session. A duplicate
    /// changes nothing.
    pub fn handle_callback(&mut self, body: &[u8], now: u64) -> Result<()> {
        let parsed = parse_answer("subscription_webhook", 200, body, Some(&self.signer.key))?;
        if parsed.verification != Verification::Verified {
            return Err(unverified("subscription_webhook"));
        }
        let ResponseData::SubscriptionWebhook(w) = parsed.data else {
            return Err(state_error("subscription: unexpected webhook type (a bug)"));
        };
        let expected = self.expected().ok_or_else(|| {
            Error::with_message(
                ErrorCode::OrderMismatch,
                "subscription_webhook: this session has no subscription yet; refused, the \
                 session is unchanged",
            )
        })?;
        expected
            .check_webhook(&w)
            .map_err(|e| refused("subscription_webhook", e))?;
        if self.state.outcome.is_some() {
            return Ok(());
        }
        self.mandate_state(w.state, now, false);
        Ok(())
    }

    /// A verified state of this mandate. `status`: from the status API (which decides);
    /// otherwise a webhook (which may end it, or prompt a status query).
    fn mandate_state(&mut self, state: SubscriptionState, now: u64, status: bool) {
        let end = match state {
            SubscriptionState::Reject | SubscriptionState::Closed => Some(
                if self.state.phase == SubscriptionPhase::Confirm
                    && self.state.cycles.is_empty()
                    && status
                {
                    FailureReason::Declined
                } else {
                    FailureReason::Revoked
                },
            ),
            SubscriptionState::AuthorizationFailed => Some(FailureReason::Declined),
            SubscriptionState::Expired => Some(FailureReason::Expired),
            _ => None,
        };
        if let Some(reason) = end {
            if self.current().is_some() {
                // A debit may have happened: verify it first, then end.
                self.state.pending_end = Some(reason);
                return;
            }
            self.state.in_flight = None;
            self.finish(Outcome::failed(reason, None));
            return;
        }
        match (self.state.phase, state.class(), status) {
            (SubscriptionPhase::Confirm, ResultClass::Success, true) => {
                self.token = None;
                self.state.timers.stop(Timer::TokenExpiry);
                self.state.timers.stop(Timer::NextCheck);
                self.state.phase = SubscriptionPhase::Active;
            }
            (SubscriptionPhase::Confirm, _, true) => {
                self.state
                    .timers
                    .set(Timer::NextCheck, now.saturating_add(RETRY_DELAY_MS));
            }
            // A webhook while authorising: ask the status now.
            (SubscriptionPhase::Authorise, _, false) => {
                self.state.phase = SubscriptionPhase::Confirm;
                self.state.timers.stop(Timer::NextCheck);
            }
            _ => {}
        }
    }

    /// The session as JSON, sealed (no key, no txnToken).
    pub fn save(&self) -> String {
        seal_save(&self.signer.key, KIND, &self.config, self.state.clone())
    }

    /// A session from [`SubscriptionSession::save`]'s JSON, the key and the txnToken (while the
    /// customer is authorising; without it the status is asked).
    pub fn restore(
        json: &[u8],
        key: MerchantKey,
        token: Option<TxnToken>,
    ) -> Result<SubscriptionSession> {
        let saved: Saved<SubscriptionConfig, State> = Saved::open_as(&key, KIND, json)?;
        let mut s = SubscriptionSession {
            config: saved.config,
            state: saved.state,
            signer: Signer::new(key),
            token,
        };
        if s.state.in_flight.take().is_some() {
            s.unanswered(0);
            s.state.timers.stop(Timer::NextCheck);
        }
        Ok(s)
    }

    /// The collection of `order_id` is known (paid, or declined with nothing debited): the
    /// subscription is active again, or ends now if a revocation or expiry waited for it.
    fn close_cycle(&mut self, order_id: &OrderId, state: CycleState, failure: Option<Failure>) {
        self.state.last_failure = failure;
        if let Some(last) = self
            .state
            .cycles
            .iter_mut()
            .rev()
            .find(|x| &x.order_id == order_id)
        {
            last.state = state;
        }
        self.state.timers.stop(Timer::NextCheck);
        self.state.phase = SubscriptionPhase::Active;
        if let Some(reason) = self.state.pending_end.take() {
            self.finish(Outcome::failed(reason, None));
        }
    }

    fn finish(&mut self, outcome: Outcome) {
        self.token = None;
        self.state.phase = SubscriptionPhase::Done;
        self.state.outcome = Some(outcome);
    }

    /// No answer: creation, status and cancel are asked again; a renewal may have debited, so
    /// only the status of its order may say (never a second renew).
    fn unanswered(&mut self, now: u64) {
        self.state
            .timers
            .set(Timer::NextCheck, now.saturating_add(RETRY_DELAY_MS));
        if self.state.phase == SubscriptionPhase::Renew {
            self.state.phase = SubscriptionPhase::VerifyDebit;
        }
    }
}
