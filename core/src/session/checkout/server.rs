//! The server half of a checkout: it holds the merchant key, so it initiates the order (or is
//! given the token), takes the payment step ([`Payment`]) and then verifies the payment with the
//! server-to-server Transaction Status API, on the pending schedule, until reconcile gives an
//! outcome.

use crate::api::process::{PaymentMode, ProcessTransaction};
use crate::api::status::TransactionStatus;
use crate::callback::parse_callback;
use crate::checksum::MerchantKey;
use crate::error::{ErrorCode, Result};
use crate::http::HttpRequest;
use crate::input::Json;
use crate::response::{ParseOptions, ParsedResponse, ResponseData, TransactionResult};
use crate::result_codes::{ResultClass, TxnState};
use crate::session::action::{
    expected_order, parse_answer, settle, state_error, Action, Failure, FailureReason, InFlight,
    Outcome, Purpose, Settled, WaitReason,
};
use crate::session::binding::{Claims, Subject, Weight};
use crate::session::salts::Signer;
use crate::session::save::seal;
use crate::session::timers::{Timer, RETRY_DELAY_MS, TXN_TOKEN_VALIDITY_MS};
use crate::types::TxnToken;

use super::config::CheckoutConfig;
use super::helpers::{is_check, PayChecks};
use super::saved::{self, Attempts};
use super::step::{check_callback, check_process, CheckoutPhase, Payment, StepEnd};

/// Initiate is tried at most this many times when Paytm does not answer usably.
const INITIATE_ATTEMPTS: u32 = 3;

/// The server's session (see the module docs).
pub(super) struct Server {
    config: CheckoutConfig,
    /// The payment step (what the facade reports: phase, outcome).
    pub payment: Payment,
    attempts: Attempts,
    /// The merchant key, and where the salts of the requests it signs come from.
    pub signer: Signer,
}

impl core::fmt::Debug for Server {
    /// The phase and timers; never the key, the token or card data.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CheckoutSession")
            .field("order_id", &self.config.order_id)
            .field("phase", &self.payment.phase)
            .field("timers", &self.payment.timers)
            .field("in_flight", &self.payment.in_flight)
            .field("outcome", &self.payment.outcome.as_ref().map(|o| o.status))
            .finish_non_exhaustive()
    }
}

impl Server {
    pub fn new(mut config: CheckoutConfig, key: MerchantKey) -> Result<Server> {
        config.validate()?;
        let token = config.txn_token.take();
        let (phase, expires) = match (&token, config.token_issued_at) {
            (Some(_), Some(at)) => (
                CheckoutPhase::CollectPayment,
                Some(at.saturating_add(TXN_TOKEN_VALIDITY_MS)),
            ),
            _ => (CheckoutPhase::Initiate, None),
        };
        let mut payment = Payment::new(phase, token, expires);
        payment.configure(config.fetch_payment_options, config.max_promo_discount);
        Ok(Server {
            config,
            payment,
            attempts: Attempts::default(),
            signer: Signer::new(key),
        })
    }

    pub fn next_action(&mut self, now: u64) -> Result<Action> {
        if let Some(a) = self.payment.standing_action() {
            return Ok(a);
        }
        // Each arm either returns or moves to a phase closer to the end: at most a few rounds.
        loop {
            match self.payment.phase {
                CheckoutPhase::Initiate => {
                    let timers = &self.payment.timers;
                    if let Some(wait) = timers.wait(Timer::Retry, now, WaitReason::Retry) {
                        return Ok(wait);
                    }
                    let salt = self.signer.salts.next_salt();
                    let initiate = self.config.initiate.as_ref().ok_or_else(|| {
                        state_error("checkout: a session given its txnToken has no initiate step")
                    })?;
                    let request =
                        initiate.build(&self.config.environment, &self.signer.key, salt)?;
                    self.payment.timers.stop(Timer::Retry);
                    self.attempts.initiate += 1;
                    return Ok(self.send(Purpose::Initiate, request, now));
                }
                CheckoutPhase::CollectPayment => {
                    if now >= self.payment.expires_at() {
                        // A client may have paid with the token: ask before failing.
                        self.payment.drop_attempt(None);
                        self.payment.phase = CheckoutPhase::Verify;
                        continue;
                    }
                    let c = &self.config;
                    let order = (&c.environment, &c.mid, &c.order_id, c.amount);
                    if let Some(send) = self.payment.next_request(order, now)? {
                        return Ok(send);
                    }
                    return self.payment.collect_action();
                }
                CheckoutPhase::Processing => {
                    // Only reached after a restore: the Process response was lost.
                    self.lost_process();
                    if self.payment.outcome.is_some() {
                        return self.next_action(now);
                    }
                }
                CheckoutPhase::AwaitCallback => {
                    let origin = self.payment.submitted_at.unwrap_or(now);
                    let due = origin.saturating_add(self.config.pending_policy.first());
                    if now < due {
                        return Ok(Action::Wait {
                            until: Some(due),
                            reason: WaitReason::Callback,
                        });
                    }
                    self.payment.phase = CheckoutPhase::Verify;
                }
                CheckoutPhase::Pending => {
                    let timers = &self.payment.timers;
                    if let Some(wait) = timers.wait(Timer::NextCheck, now, WaitReason::Pending) {
                        return Ok(wait);
                    }
                    self.payment.phase = CheckoutPhase::Verify;
                }
                CheckoutPhase::Verify => {
                    let salt = self.signer.salts.next_salt();
                    let request = TransactionStatus::new(
                        self.config.mid.clone(),
                        self.config.order_id.clone(),
                    )
                    .build(&self.config.environment, &self.signer.key, salt)?;
                    return Ok(self.send(Purpose::Status, request, now));
                }
                CheckoutPhase::Done => {
                    return Err(state_error("checkout: finished without an outcome (a bug)"));
                }
            }
        }
    }

    pub fn pay(&mut self, payment: ProcessTransaction, asked: &PayChecks, now: u64) -> Result<()> {
        let c = &self.config;
        let order = (&c.environment, &c.mid, &c.order_id, c.amount);
        self.payment.pay(payment, asked, order, now)
    }

    pub fn pay_tree(&mut self, payment: Json, now: u64) -> Result<()> {
        let (p, asked) =
            self.payment
                .payment_input(payment, &self.config.mid, &self.config.order_id)?;
        self.pay(p, &asked, now)
    }

    /// What this session is about: the order, with what an applied promo left of its amount.
    fn subject(&self) -> Subject<'_> {
        let c = &self.config;
        Subject::order(&c.mid, &c.order_id, self.payment.amount_due(c.amount))
    }

    pub fn payment(&self, mode: PaymentMode) -> Result<ProcessTransaction> {
        self.payment
            .payment_for(&self.config.mid, &self.config.order_id, mode)
    }

    pub fn handle_response(&mut self, http_status: u16, body: &[u8], now: u64) -> Result<()> {
        let f = self.payment.take_in_flight("handle_response")?;
        let r = match f.purpose {
            Purpose::Initiate => self.on_initiate(f, http_status, body, now),
            Purpose::Process => self.on_process(http_status, body, now),
            Purpose::Status => self.on_status(http_status, body, now),
            p if is_check(p) => {
                let parse = |text: &str| crate::response::response_tree(p.api(), text);
                return self.payment.on_check(f, http_status, body, parse);
            }
            _ => Err(state_error("not a checkout request")),
        };
        // An answer about something else changed nothing: the request is still out.
        if r.as_ref()
            .is_err_and(|e| e.code() == ErrorCode::OrderMismatch)
        {
            self.payment.in_flight = Some(f);
        }
        r
    }

    pub fn handle_send_failure(&mut self, now: u64) -> Result<()> {
        let f = self.payment.take_in_flight("handle_send_failure")?;
        match f.purpose {
            Purpose::Initiate => self.initiate_retry(now),
            Purpose::Process => self.lost_process(),
            // Nothing was paid: the check goes out again with the next action.
            p if is_check(p) => self.payment.check_lost(p),
            _ => self.status_retry(now),
        }
        Ok(())
    }

    pub fn handle_callback(&mut self, body: &[u8], now: u64) -> Result<()> {
        let cb = parse_callback(body, Some(&self.signer.key), &ParseOptions::default())?;
        check_callback(&cb, self.subject())?;
        if self.payment.outcome.is_some() || self.payment.callback_adds_nothing(&cb) {
            return Ok(());
        }
        if self.payment.phase == CheckoutPhase::Initiate {
            return Err(state_error(
                "callback: the order has not been initiated by this session",
            ));
        }
        self.payment.note_callback(&cb);
        if self.payment.submitted_at.is_none() {
            // Paid elsewhere (a client half): the schedule starts now at the latest.
            self.payment.submitted_at = Some(now);
        }
        match self.payment.phase {
            CheckoutPhase::CollectPayment
            | CheckoutPhase::AwaitCallback
            | CheckoutPhase::Pending
            | CheckoutPhase::Processing => {
                self.payment.prepared = None;
                self.payment.one_shot = None;
                self.payment.phase = CheckoutPhase::Verify;
            }
            CheckoutPhase::Verify | CheckoutPhase::Initiate | CheckoutPhase::Done => {}
        }
        Ok(())
    }

    pub fn save(&self) -> String {
        let config = saved::server_config(&self.config);
        seal(
            &self.signer.key,
            &saved::write(config, &self.payment, Some(&self.attempts)),
        )
    }

    pub fn restore(json: &[u8], key: MerchantKey, txn_token: Option<TxnToken>) -> Result<Server> {
        let (config, payment, attempts) = saved::read_sealed(json, &key, txn_token)?;
        let mut s = Server {
            config,
            payment,
            attempts,
            signer: Signer::new(key),
        };
        let c = &s.config;
        s.payment
            .configure(c.fetch_payment_options, c.max_promo_discount);
        if s.payment.outcome.is_some() {
            s.payment.phase = CheckoutPhase::Done;
        }
        if let Some(f) = s.payment.in_flight.take() {
            match f.purpose {
                Purpose::Initiate => {}
                Purpose::Process => s.lost_process(),
                // The prepared payment is never saved: it is collected again.
                p if is_check(p) => {}
                _ => s.payment.phase = CheckoutPhase::Verify,
            }
        }
        Ok(s)
    }

    fn send(&mut self, purpose: Purpose, request: HttpRequest, now: u64) -> Action {
        if purpose == Purpose::Initiate && self.attempts.initiate_first_sent_at.is_none() {
            self.attempts.initiate_first_sent_at = Some(now);
        }
        self.payment.send(purpose, request, now)
    }

    fn initiate_retry(&mut self, now: u64) {
        if self.attempts.initiate >= INITIATE_ATTEMPTS {
            let reason = if self.attempts.initiate_bad_signatures >= self.attempts.initiate {
                // Paytm signs even its refusals with the right key: none verifying here means
                // this key (or MID) is not the one Paytm has, or every answer was tampered with.
                FailureReason::BadSignatures
            } else {
                FailureReason::InitiateUnavailable
            };
            self.payment.finish(Outcome::failed(reason, None));
            return;
        }
        // 1 s, 2 s, …: Initiate is idempotent for the same order (0002).
        let backoff = 1000u64 << self.attempts.initiate.saturating_sub(1).min(10);
        self.payment.phase = CheckoutPhase::Initiate;
        self.payment
            .timers
            .set(Timer::Retry, now.saturating_add(backoff));
    }

    /// The Process response is unknown: the payment may have started; the status decides.
    fn lost_process(&mut self) {
        self.payment.phase = CheckoutPhase::Verify;
    }

    fn status_retry(&mut self, now: u64) {
        let origin = self.schedule_origin();
        if self
            .config
            .pending_policy
            .next_after(now.saturating_sub(origin))
            .is_none()
        {
            let hint = self.payment.hint.clone();
            let mut o = Outcome::failed(FailureReason::PendingTimeout, None);
            o.transaction = hint;
            self.payment.finish(o);
            return;
        }
        // 30 s, 1 min, 2 min … (capped at 6 h): an outage or a wrong key must not mean a query
        // every 30 s for three days.
        let delay = (RETRY_DELAY_MS << self.attempts.status_failures.min(16)).min(6 * 3_600_000);
        self.attempts.status_failures = self.attempts.status_failures.saturating_add(1);
        self.payment.phase = CheckoutPhase::Pending;
        self.payment
            .timers
            .set(Timer::NextCheck, now.saturating_add(delay));
    }

    fn schedule_origin(&self) -> u64 {
        self.payment.submitted_at.unwrap_or_else(|| {
            self.payment
                .timers
                .get(Timer::TokenExpiry)
                .unwrap_or(0)
                .saturating_sub(TXN_TOKEN_VALIDITY_MS)
        })
    }

    /// The answer to `purpose`, verified with the key.
    fn parse(&self, purpose: Purpose, status: u16, body: &[u8]) -> Result<ParsedResponse> {
        parse_answer(purpose.api(), status, body, Some(&self.signer.key))
    }

    fn on_initiate(&mut self, f: InFlight, status: u16, body: &[u8], now: u64) -> Result<()> {
        let parsed = match self.parse(Purpose::Initiate, status, body) {
            Ok(p) => p,
            Err(e) => {
                if e.code().number() / 1000 == 2 {
                    self.attempts.initiate_bad_signatures += 1;
                }
                self.initiate_retry(now);
                return Err(e);
            }
        };
        let ResponseData::Initiate(r) = parsed.data else {
            return Err(state_error("initiate: unexpected response type (a bug)"));
        };
        match parsed.class {
            ResultClass::Success => {
                // The parser refuses a success without a token.
                self.payment.token = r.txn_token;
                // Issued no earlier than the first Initiate went out (a 0002 answer to a retry
                // returns the token of the first attempt): count validity from then.
                let issued = self.attempts.initiate_first_sent_at.unwrap_or(f.sent_at);
                self.payment.timers.set(
                    Timer::TokenExpiry,
                    issued.saturating_add(TXN_TOKEN_VALIDITY_MS),
                );
                self.payment.phase = CheckoutPhase::CollectPayment;
            }
            _ if r.result_info.code() == "2023" => {
                self.payment.finish(Outcome::failed(
                    FailureReason::RepeatRequestInconsistent,
                    Failure::of(&r.result_info),
                ));
            }
            c if c.is_pending_like() => self.initiate_retry(now),
            _ => {
                self.payment.finish(Outcome::failed(
                    FailureReason::InitiateRejected,
                    Failure::of(&r.result_info),
                ));
            }
        }
        Ok(())
    }

    fn on_process(&mut self, status: u16, body: &[u8], now: u64) -> Result<()> {
        let parsed = crate::response::parse_process_transaction(
            status,
            body,
            Some(&self.signer.key),
            &ParseOptions::default(),
        );
        if let Ok(p) = &parsed {
            if let ResponseData::Process(r) = &p.data {
                check_process(r, p.verification, self.subject())?;
            }
        }
        if self.payment.phase != CheckoutPhase::Processing {
            // A callback overtook the response: the status check decides.
            return parsed.map(|_| ());
        }
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                self.lost_process();
                return Err(e);
            }
        };
        let ResponseData::Process(r) = parsed.data else {
            return Err(state_error("process: unexpected response type (a bug)"));
        };
        match self
            .payment
            .after_process(parsed.verification, parsed.class, r, now)
        {
            StepEnd::Continue => {}
            StepEnd::Unknown => self.lost_process(),
            StepEnd::Failed(outcome) => {
                self.payment.finish(outcome);
            }
        }
        Ok(())
    }

    fn on_status(&mut self, status: u16, body: &[u8], now: u64) -> Result<()> {
        let parsed = match self.parse(Purpose::Status, status, body) {
            Ok(p) => p,
            Err(e) => {
                self.status_retry(now);
                return Err(e);
            }
        };
        let Some(t) = parsed.transaction() else {
            return Err(state_error(
                "status: no transaction in the response (a bug)",
            ));
        };
        self.subject()
            .check("status", &Claims::of(&t), Weight::of_payment(t.state))?;
        self.attempts.status_failures = 0;
        let ResponseData::Status(r) = &parsed.data else {
            return Err(state_error("status: unexpected response type (a bug)"));
        };
        let failure = Failure::of(&r.result_info);
        let due = self.payment.amount_due(self.config.amount);
        let order = expected_order(&self.config.mid, &self.config.order_id, due);
        match settle(order, t, failure) {
            Settled::Final(outcome) => {
                self.payment.finish(outcome);
            }
            Settled::Pending(t, failure) => self.pending(now, t, failure),
        }
        Ok(())
    }

    fn pending(&mut self, now: u64, t: TransactionResult, failure: Option<Failure>) {
        let expired = now >= self.payment.expires_at();
        if t.state == TxnState::Unknown
            && !self.payment.paid_here
            && !self.payment.callback_seen
            && expired
        {
            // Nobody paid with the token and it is gone: Paytm knows no such payment.
            self.payment
                .finish(Outcome::failed(FailureReason::TokenExpired, failure));
            return;
        }
        let origin = self.schedule_origin();
        match self.config.pending_policy.next_check(origin, now) {
            Some(at) => {
                self.payment.hint = Some(t);
                self.payment.phase = CheckoutPhase::Pending;
                self.payment.timers.set(Timer::NextCheck, at);
            }
            None => {
                self.payment.finish(
                    Outcome::failed(FailureReason::PendingTimeout, failure).with_transaction(t),
                );
            }
        }
    }
}
