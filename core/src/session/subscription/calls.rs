//! The host's calls on an active subscription ([`SubscriptionSession::collect`], `cancel`,
//! `pause`, `resume`, `pre_notify`) with the limits they enforce, and the verified answers to
//! the management requests they lead to (cancel, pause/resume, pre-notify).
//!
//! Limits (docs/subscriptions.md): one collection per cycle; never above the maximum; nothing
//! while paused; for UPI and wallet (PPI) mandates, a verified pre-debit notification of the
//! cycle, covering the amount, accepted at least [`PRE_NOTIFY_LEAD_MS`] before the collection
//! (RBI's 24 hours); a declined cycle collected again at most `subscriptionRetryCount` times
//! (none with `subscriptionEnableRetry` 0) and only within `subscriptionGraceDays` of its first
//! collection, when the subscription carries them. A refused call changes nothing.

use super::state::PreNotice;
use super::{refused, SubscriptionPhase, SubscriptionSession};
use crate::api::subscription::{
    PauseResume, PauseResumeSubscription, PreNotifySubscription, RenewSubscription,
    SubscriptionPaymentMode,
};
use crate::error::Result;
use crate::response::SubscriptionActionResponse;
use crate::result_codes::ResultClass;
use crate::session::action::{state_error, Failure, FailureReason, Outcome, Purpose};
use crate::session::timers::{Timer, DAY_MS, PRE_NOTIFY_LEAD_MS};
use crate::session::{Cycle, CycleState};
use crate::types::{Amount, NotifyRefId, OrderId};

impl SubscriptionSession {
    /// The pre-debit notifications sent so far (verified or being sent).
    pub fn pre_notices(&self) -> &[PreNotice] {
        &self.state.notices
    }

    /// Paused by Paytm's verified answer to [`SubscriptionSession::pause`].
    pub fn is_paused(&self) -> bool {
        self.state.paused
    }

    /// Refused unless the mandate is active, idle and (unless `paused_ok`) not paused.
    fn idle(&self, call: &str, paused_ok: bool) -> Result<()> {
        if self.state.outcome.is_some() || self.state.phase != SubscriptionPhase::Active {
            return Err(state_error(&format!(
                "{call}: the subscription is not active and idle (a request may be in flight)"
            )));
        }
        if self.state.paused && !paused_ok {
            return Err(state_error(&format!(
                "{call}: the subscription is paused; resume it first"
            )));
        }
        Ok(())
    }

    /// The mode needs a pre-debit notification before each debit (UPI and wallet mandates).
    fn needs_notice(&self) -> bool {
        matches!(
            self.config.subscription.subscription_payment_mode,
            Some(SubscriptionPaymentMode::Upi | SubscriptionPaymentMode::Ppi)
        )
    }

    /// A renewal of `amount` for this session's subscription (checked against its maximum).
    pub(super) fn renewal(&self, order_id: OrderId, amount: Amount) -> Result<RenewSubscription> {
        let r = RenewSubscription::new(
            self.config.subscription.mid.clone(),
            order_id,
            self.subs_id()?,
            amount,
        );
        r.check_max(self.max())?;
        Ok(r)
    }

    /// Collects one billing cycle at the session's clock (the `now` of its latest
    /// `next_action`): `cycle` is the host's name for it (e.g. `2027-01`), `order_id` a new
    /// order id for the debit. Refused ([`crate::ErrorCode::SessionState`]) unless the mandate
    /// is active, idle and not paused; when `cycle` already has a debit in flight or paid; for
    /// UPI and wallet mandates without a verified pre-notify of the cycle covering `amount`
    /// accepted at least 24 hours before; beyond the retry count or grace days of a declined
    /// cycle. Refused ([`crate::ErrorCode::InvalidField`]) above the subscription's maximum.
    /// Nothing is sent and nothing changes when it is refused.
    pub fn collect(&mut self, cycle: &str, order_id: OrderId, amount: Amount) -> Result<()> {
        self.idle("collect", false)?;
        let now = self.state.clock;
        let earlier: Vec<&Cycle> = self
            .state
            .cycles
            .iter()
            .filter(|c| c.cycle == cycle)
            .collect();
        if earlier.iter().any(|c| c.state != CycleState::Declined) {
            return Err(state_error(
                "collect: this cycle was already collected (paid or in flight): never two \
                 collections in one cycle",
            ));
        }
        if self.state.cycles.iter().any(|c| c.order_id == order_id)
            || order_id == self.config.subscription.order_id
        {
            return Err(state_error("collect: this order id was used before"));
        }
        self.renewal(order_id.clone(), amount)?;
        if let Some(first) = earlier.first() {
            self.retry_allowed(earlier.len(), first.at, now)?;
        }
        if self.needs_notice() && !self.notified(cycle, amount, now) {
            return Err(state_error(
                "collect: a UPI or wallet mandate needs a verified pre_notify of this cycle, \
                 for at least this amount, accepted 24 hours before the debit",
            ));
        }
        self.state.cycles.push(Cycle {
            cycle: cycle.to_owned(),
            order_id,
            amount,
            state: CycleState::InFlight,
            at: Some(now),
        });
        self.state.timers.stop(Timer::NextCheck);
        self.state.phase = SubscriptionPhase::Renew;
        Ok(())
    }

    /// A cycle declined `declined` times, first collected at `first`: may it be collected again
    /// at `now`?
    fn retry_allowed(&self, declined: usize, first: Option<u64>, now: u64) -> Result<()> {
        let s = &self.config.subscription;
        let retries = match (s.subscription_enable_retry, s.subscription_retry_count) {
            (Some(false), _) => Some(0),
            (_, count) => count,
        };
        if retries.is_some_and(|r| declined > r as usize) {
            return Err(state_error(
                "collect: the subscription's retry count for this cycle is used up",
            ));
        }
        let grace = s.subscription_grace_days.map(|d| u64::from(d) * DAY_MS);
        if let (Some(grace), Some(first)) = (grace, first) {
            if now > first.saturating_add(grace) {
                return Err(state_error(
                    "collect: the grace days of this cycle have passed",
                ));
            }
        }
        Ok(())
    }

    /// A verified notification of `cycle` covering `amount`, accepted 24 hours before `now`.
    fn notified(&self, cycle: &str, amount: Amount, now: u64) -> bool {
        self.state.notices.iter().any(|n| {
            n.cycle == cycle
                && n.amount >= amount
                && n.verified_at
                    .is_some_and(|at| at.saturating_add(PRE_NOTIFY_LEAD_MS) <= now)
        })
    }

    /// Cancels the subscription (active or paused, nothing in flight); it ends once Paytm's
    /// verified answer confirms it.
    pub fn cancel(&mut self) -> Result<()> {
        self.idle("cancel", true)?;
        self.state.phase = SubscriptionPhase::Cancel;
        Ok(())
    }

    /// Pauses an active subscription (`pause_resume_subscription`, SUSPENDED); it is paused
    /// once Paytm's verified answer naming it accepts. Refused
    /// ([`crate::ErrorCode::SessionState`]) unless active, idle and not paused.
    pub fn pause(&mut self) -> Result<()> {
        self.idle("pause", false)?;
        self.state.phase = SubscriptionPhase::Pause;
        Ok(())
    }

    /// Resumes a paused subscription (`pause_resume_subscription`, ACTIVE); it is active again
    /// once Paytm's verified answer naming it accepts. Refused unless paused and idle.
    pub fn resume(&mut self) -> Result<()> {
        self.idle("resume", true)?;
        if !self.state.paused {
            return Err(state_error("resume: the subscription is not paused"));
        }
        self.state.phase = SubscriptionPhase::Resume;
        Ok(())
    }

    /// Sends the pre-debit notification of `cycle` (`pre_notify_subscription`: the debit of
    /// `amount` on `txn_date`, `dd-MM-yyyy`, with `txn_message` shown to the customer and the
    /// merchant's unique `reference_id`). Refused ([`crate::ErrorCode::SessionState`]) unless
    /// active, idle and not paused, for a cycle already paid or in flight, or a reference used
    /// before; [`crate::ErrorCode::InvalidField`] above the maximum or for a malformed date,
    /// message or invoice number. Nothing changes when it is refused.
    pub fn pre_notify(
        &mut self,
        cycle: &str,
        amount: Amount,
        txn_date: &str,
        reference_id: NotifyRefId,
        txn_message: &str,
        invoice_display_no: Option<&str>,
    ) -> Result<()> {
        self.idle("pre_notify", false)?;
        let notice = PreNotice {
            cycle: cycle.to_owned(),
            amount,
            txn_date: txn_date.to_owned(),
            txn_message: txn_message.to_owned(),
            reference_id,
            invoice_display_no: invoice_display_no.map(str::to_owned),
            verified_at: None,
        };
        if amount > self.max() {
            return Err(crate::error::Error::with_message(
                crate::error::ErrorCode::InvalidField,
                "pre_notify: txnAmount exceeds the subscription's maximum amount",
            ));
        }
        let s = &self.state;
        if s.cycles
            .iter()
            .any(|c| c.cycle == cycle && c.state != CycleState::Declined)
        {
            return Err(state_error(
                "pre_notify: this cycle was already collected (paid or in flight)",
            ));
        }
        if s.notices
            .iter()
            .any(|n| n.reference_id == notice.reference_id)
        {
            return Err(state_error("pre_notify: this referenceId was used before"));
        }
        self.state.notices.push(notice);
        if let Err(e) = self.notice_request().and_then(|r| r.validate()) {
            self.state.notices.pop();
            return Err(e);
        }
        self.state.phase = SubscriptionPhase::PreNotify;
        Ok(())
    }

    /// The Pre-Notify request of the last notification.
    pub(super) fn notice_request(&self) -> Result<PreNotifySubscription> {
        let n = self
            .state
            .notices
            .last()
            .ok_or_else(|| state_error("subscription: no notification to send"))?;
        Ok(PreNotifySubscription {
            head: Default::default(),
            mid: self.config.subscription.mid.clone(),
            subs_id: self.subs_id()?,
            txn_amount: n.amount,
            txn_date: n.txn_date.clone(),
            txn_message: n.txn_message.clone(),
            reference_id: n.reference_id.clone(),
            invoice_display_no: n.invoice_display_no.clone(),
        })
    }

    /// The Pause/Resume request of the current phase.
    pub(super) fn pause_resume_request(&self) -> Result<PauseResumeSubscription> {
        let to = if self.state.phase == SubscriptionPhase::Pause {
            PauseResume::Suspended
        } else {
            PauseResume::Active
        };
        Ok(PauseResumeSubscription::new(
            self.config.subscription.mid.clone(),
            self.subs_id()?,
            to,
        ))
    }

    /// A verified answer to cancel, pause/resume or pre-notify (`step`): it must name this
    /// subscription (and pre-notify's our reference, when it names one), or it is refused and
    /// nothing changes. Success: cancelled (the end), paused or active again, the notice
    /// accepted at `now`. Otherwise the subscription stays as it was (a refused notice is
    /// dropped) and Paytm's code is kept as the last failure.
    pub(super) fn managed(
        &mut self,
        step: Purpose,
        r: SubscriptionActionResponse,
        class: ResultClass,
        now: u64,
    ) -> Result<()> {
        let api = step.api();
        let expected = self
            .expected()
            .ok_or_else(|| state_error("subscription: not created yet"))?;
        if r.subs_id.is_none() {
            return Err(refused(
                api,
                state_error("the answer does not name the subscription"),
            ));
        }
        expected
            .check_action(&r, None)
            .map_err(|e| refused(api, e))?;
        let pending = self
            .state
            .notices
            .last()
            .filter(|n| n.verified_at.is_none());
        let had_pending = pending.is_some();
        if step == Purpose::PreNotifySubscription {
            let ours = pending.map(|n| n.reference_id.as_str());
            if r.reference_id.is_some() && r.reference_id.as_deref() != ours {
                return Err(refused(
                    api,
                    state_error("the answer names another referenceId"),
                ));
            }
        }
        let failure = Failure {
            code: r.result_info.result_code,
            message: r.result_info.result_msg,
        };
        let was = self.state.phase;
        self.state.in_flight = None;
        self.state.phase = SubscriptionPhase::Active;
        if class != ResultClass::Success {
            if step == Purpose::PreNotifySubscription && had_pending {
                self.state.notices.pop();
            }
            self.state.last_failure = Some(failure);
            return Ok(());
        }
        match step {
            Purpose::CancelSubscription => {
                self.finish(Outcome::failed(FailureReason::Cancelled, Some(failure)))
            }
            Purpose::PauseResumeSubscription => {
                self.state.paused = was == SubscriptionPhase::Pause;
            }
            _ => {
                if let Some(n) = self.state.notices.last_mut() {
                    n.verified_at = Some(now);
                }
            }
        }
        Ok(())
    }
}
