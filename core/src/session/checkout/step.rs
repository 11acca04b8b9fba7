//! The payment step both halves of a checkout take: [`Payment`], the state of one order's
//! payment, whose methods are the payment rules — collect the payment details with the txnToken,
//! send Process Transaction, read its answer, take a callback. The halves differ only in how the
//! step ends: a server verifies with the status API, the client half ends `unverified`.
//!
//! Rules it applies, each from Paytm's docs:
//! - the txnToken is valid for 15 minutes from Initiate (`spec/initiate-transaction.md`): `pay`
//!   after that is [`ErrorCode::TxnTokenExpired`];
//! - a payment is for the session's own token, MID and order; a Process answer or callback about
//!   another order is [`ErrorCode::OrderMismatch`] and changes nothing;
//! - a direct result (`txnInfo`) or a callback is a hint that triggers verification, never the
//!   answer (`spec/getting-started.md`); a retry Paytm allows collects the payment again while
//!   the token lasts;
//! - a callback or webhook that repeats the last one, or says PENDING after one said the payment
//!   was final, changes nothing (webhooks may be delivered twice and out of order).

use super::helpers::{unverified, Checks, Next, Options, Order, PayChecks, Verdict};
use crate::api::native::Checkout;
use crate::api::process::{PaymentMode, ProcessTransaction};
use crate::callback::Callback;
use crate::error::{Error, ErrorCode, Result};
use crate::http::HttpRequest;
use crate::input::Json;
use crate::response::{ProcessResponse, TransactionResult, Verification};
use crate::result_codes::ResultClass;
use crate::session::action::{
    standing_action, state_error, take_outstanding, Action, Failure, FailureReason, InFlight,
    OneShot, Outcome, OutcomeStatus, Purpose,
};
use crate::session::binding::{Claims, Subject, Weight};
use crate::session::timers::{Timer, TimerTable};
use crate::types::{Amount, Mid, OrderId, TxnToken};

crate::names::named! {
    /// Where a checkout stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum CheckoutPhase {
        /// Initiate Transaction is to be sent (or is out).
        Initiate = "initiate",
        /// The token is ready; the payment details are being collected.
        CollectPayment = "collect_payment",
        /// Process Transaction is out.
        Processing = "processing",
        /// The customer is at the bank or in the UPI app; a callback may come.
        AwaitCallback = "await_callback",
        /// The status is to be queried now.
        Verify = "verify",
        /// The payment is pending; the status is queried again later.
        Pending = "pending",
        /// Finished: see the outcome.
        Done = "done",
    }
}

/// One order's payment, as both halves keep it. What is saved (see `saved`): the phase, the
/// timers, the flags, the request out, the last failure, the hint and the outcome. What never is:
/// the token, the prepared request (card data) and the one-shot action.
pub(super) struct Payment {
    /// Where the checkout stands.
    pub phase: CheckoutPhase,
    /// [`Timer::TokenExpiry`]; a server also keeps [`Timer::Retry`] and [`Timer::NextCheck`].
    pub timers: TimerTable,
    /// When the payment was (or may have been) sent to Paytm: the pending schedule's origin.
    pub submitted_at: Option<u64>,
    /// Whether this session sent Process Transaction.
    pub paid_here: bool,
    /// Whether a callback about the order came.
    pub callback_seen: bool,
    /// The request out.
    pub in_flight: Option<InFlight>,
    /// Why the last attempt failed, when the customer may try again.
    pub last_failure: Option<Failure>,
    /// What a callback or txnInfo said (triggers verification; never decides).
    pub hint: Option<TransactionResult>,
    /// How the checkout ended.
    pub outcome: Option<Outcome>,
    /// The txnToken (a secret: never saved).
    pub token: Option<TxnToken>,
    /// The Process Transaction request `pay` built (card data: never saved).
    pub prepared: Option<HttpRequest>,
    /// A bank form or deep link to show once (never saved).
    pub one_shot: OneShot,
    /// The checks due before the prepared request goes out (never saved: they go with it; see
    /// `helpers`).
    pub checks: Checks,
    /// The order's amount after a promo Paytm applied (see `helpers`): what answers about the
    /// payment must carry. Saved.
    pub payable: Option<Amount>,
    /// The payment options `collect_payment` carries, when the config asked for them (never
    /// saved: fetched again).
    pub options: Options,
    /// The config's `maxPromoDiscount`: the most a promo may take off.
    pub max_discount: Option<Amount>,
}

/// What is left to the half once [`Payment::after_process`] has updated the payment step.
pub(super) enum StepEnd {
    /// Nothing: the step goes on (a callback is awaited, or the payment is collected again).
    Continue,
    /// How the payment ends is not known here (any hint is kept): the half decides.
    Unknown,
    /// The payment failed.
    Failed(Outcome),
}

impl Payment {
    /// A payment in `phase` with the token (if any) and when it expires.
    pub fn new(phase: CheckoutPhase, token: Option<TxnToken>, expires_at: Option<u64>) -> Payment {
        Payment {
            phase,
            timers: TimerTable::of(expires_at, None, None),
            submitted_at: None,
            paid_here: false,
            callback_seen: false,
            in_flight: None,
            last_failure: None,
            hint: None,
            outcome: None,
            token,
            prepared: None,
            one_shot: None,
            checks: Checks::default(),
            payable: None,
            options: Options::Off,
            max_discount: None,
        }
    }

    /// What the config asks of the helpers: the payment options fetched, the most a promo may
    /// take off.
    pub fn configure(&mut self, options: bool, max_discount: Option<Amount>) {
        self.options = Options::wanted(options);
        self.max_discount = max_discount;
    }

    /// What answers about the payment must carry: the order's `amount`, or what an applied
    /// promo left of it.
    pub fn amount_due(&self, amount: Amount) -> Amount {
        self.payable.unwrap_or(amount)
    }

    /// When the txnToken expires (0: unknown, so expired).
    pub fn expires_at(&self) -> u64 {
        self.timers.get(Timer::TokenExpiry).unwrap_or(0)
    }

    /// What the session says before its own steps: its outcome, a one-shot action, or "wait
    /// for the response".
    pub fn standing_action(&mut self) -> Option<Action> {
        standing_action(
            self.outcome.as_ref(),
            Some(&mut self.one_shot),
            self.in_flight.is_some(),
        )
    }

    /// The request `purpose` goes out at `now`.
    pub fn send(&mut self, purpose: Purpose, request: HttpRequest, now: u64) -> Action {
        self.in_flight = Some(InFlight {
            purpose,
            sent_at: now,
        });
        Action::Send { purpose, request }
    }

    /// The request out, taken for its answer (or its failure); none is a state error.
    pub fn take_in_flight(&mut self, call: &str) -> Result<InFlight> {
        take_outstanding(&mut self.in_flight, call)
    }

    /// The checkout ends with `outcome`.
    pub fn finish(&mut self, outcome: Outcome) -> Action {
        self.phase = CheckoutPhase::Done;
        self.outcome = Some(outcome.clone());
        self.prepared = None;
        self.checks = Checks::default();
        self.one_shot = None;
        Action::Done { outcome }
    }

    /// The checkout ends `unverified`, with the hint it has (the client half's end).
    pub fn finish_unverified(&mut self) -> Action {
        let transaction = self.hint.clone();
        self.finish(Outcome {
            status: OutcomeStatus::Unverified,
            reason: None,
            mismatch: None,
            failure: None,
            transaction,
        })
    }

    /// The collect-payment action for the session's token.
    pub fn collect_action(&self) -> Result<Action> {
        let txn_token = self.token.clone().ok_or_else(|| {
            state_error(
                "checkout: the txnToken was not restored with the session; pass it to restore \
                 to collect the payment",
            )
        })?;
        Ok(Action::CollectPayment {
            txn_token,
            expires_at: self.expires_at(),
            retry_of: self.last_failure.clone(),
            payment_options: self.options.ready(),
        })
    }

    /// The request the payment step sends now, if `pay` prepared one: the next check while one
    /// is due (see `helpers`), else Process Transaction (the payment is then under way).
    pub fn next_request(
        &mut self,
        (env, mid, order_id, _): Order<'_>,
        now: u64,
    ) -> Result<Option<Action>> {
        let token = self.token.clone();
        let checkout = || {
            let token = token.ok_or_else(|| state_error("pay: the txnToken was not restored"))?;
            Ok(Checkout::new(token, mid.clone(), order_id.clone()))
        };
        if self.prepared.is_none() {
            // Before the payment is collected: the payment options, when asked for.
            let fetch = self.options.request(checkout, env)?;
            return Ok(fetch.map(|r| self.send(Purpose::FetchPaymentOptions, r, now)));
        }
        let checkout = checkout()?;
        match self.checks.next_request(checkout, env)? {
            Some(Next::Send(purpose, request)) => {
                return Ok(Some(self.send(purpose, request, now)))
            }
            Some(Next::CollectOtp(retry_of)) => return Ok(Some(Action::CollectOtp { retry_of })),
            None => {}
        }
        Ok(self
            .take_prepared(now)
            .map(|request| self.send(Purpose::Process, request, now)))
    }

    /// The OTP the customer typed for the wallet login (after [`Action::CollectOtp`]).
    pub fn submit_otp(&mut self, otp: &str) -> Result<()> {
        if self.in_flight.is_some() || self.prepared.is_none() {
            return Err(state_error("submit_otp: no OTP is being collected"));
        }
        self.checks.submit_otp(otp)
    }

    /// A check got no response: it goes out again with the next action — but for the payment
    /// options, which are then left out (the payment is collected without them).
    pub fn check_lost(&mut self, purpose: Purpose) {
        if purpose == Purpose::FetchPaymentOptions {
            self.options = Options::Unavailable;
        }
    }

    /// The attempt `pay` prepared ends before any money moved: the payment is collected again.
    pub fn drop_attempt(&mut self, why: Option<Failure>) {
        self.prepared = None;
        self.checks = Checks::default();
        self.last_failure = why;
    }

    /// The answer to the check `sent` (see `helpers`), whose JSON text `parse` reads.
    pub fn on_check(
        &mut self,
        sent: InFlight,
        http_status: u16,
        body: &[u8],
        parse: impl FnOnce(&str) -> Result<Json>,
    ) -> Result<()> {
        if sent.purpose == Purpose::FetchPaymentOptions {
            return self.options.read(http_status, body, parse);
        }
        match self.checks.judge(sent.purpose, http_status, body, parse)? {
            Verdict::Pass(payable) => {
                if payable.is_some() {
                    self.payable = payable;
                }
                Ok(())
            }
            Verdict::Foreign(e) => {
                // Not this check's answer, which is still awaited.
                self.in_flight = Some(sent);
                Err(e)
            }
            Verdict::Drop(why) => {
                self.drop_attempt(why);
                Ok(())
            }
            Verdict::Unread(why, e) => {
                self.drop_attempt(unverified(sent.purpose, why));
                Err(e)
            }
        }
    }

    /// The Process Transaction request `pay` prepared, if any: it goes out now, and the
    /// payment is under way (the pending schedule starts).
    pub fn take_prepared(&mut self, now: u64) -> Option<HttpRequest> {
        let request = self.prepared.take()?;
        self.phase = CheckoutPhase::Processing;
        self.submitted_at = Some(now);
        self.paid_here = true;
        Some(request)
    }

    /// A Process Transaction input for the session's token, MID and order.
    pub fn payment_for(
        &self,
        mid: &Mid,
        order_id: &OrderId,
        mode: PaymentMode,
    ) -> Result<ProcessTransaction> {
        let token = self
            .token
            .clone()
            .ok_or_else(|| state_error("payment: no txnToken (not yet issued, or not restored)"))?;
        Ok(ProcessTransaction::new(
            token,
            mid.clone(),
            order_id.clone(),
            mode,
        ))
    }

    /// The Process Transaction input of a payment given without the session's own members
    /// (`txnToken`, `mid`, `orderId`): giving one of them is [`ErrorCode::InvalidField`]. Also
    /// whether the input asked for its UPI VPA to be checked first (`"validateVpa": true`, the
    /// session's member, taken out; see `helpers`).
    pub fn payment_input(
        &self,
        mut payment: Json,
        mid: &Mid,
        order_id: &OrderId,
    ) -> Result<(ProcessTransaction, PayChecks)> {
        let token = self
            .token
            .as_ref()
            .ok_or_else(|| state_error("pay: no txnToken: the session is not collecting"))?;
        let members = match &mut payment {
            // Taken, not cloned (they hold card data); `Json` zeroizes what it still holds on drop.
            Json::Obj(members) => core::mem::take(members),
            other => {
                return Err(Error::with_message(
                    ErrorCode::InvalidArgument,
                    format!("payment: expected a JSON object, not {}", other.kind()),
                ))
            }
        };
        let mut members = members;
        let checks = PayChecks::take_from(&mut members)?;
        const OWN: [&str; 3] = ["txnToken", "mid", "orderId"];
        if let Some((name, _)) = members.iter().find(|(n, _)| OWN.contains(&n.as_str())) {
            return Err(Error::with_message(
                ErrorCode::InvalidField,
                format!("payment: `{name}` is the session's own; leave it out"),
            ));
        }
        let mut all = Vec::with_capacity(members.len() + 3);
        for (n, v) in OWN
            .iter()
            .zip([token.as_str(), mid.as_str(), order_id.as_str()])
        {
            all.push(((*n).to_owned(), Json::Str(v.to_owned())));
        }
        all.extend(members);
        let payment = ProcessTransaction::read_as(&Json::Obj(all), "payment")?;
        Ok((payment, checks))
    }

    /// Chooses how the customer pays: `payment` must be for the session's token, MID and order,
    /// while the session collects a payment and the token lasts. The request is built now and
    /// goes out with the next [`Action::Send`] — after the checks `asked` for that apply (see
    /// `helpers`). Errors leave the session unchanged.
    pub fn pay(
        &mut self,
        payment: ProcessTransaction,
        asked: &PayChecks,
        (env, mid, order_id, amount): Order<'_>,
        now: u64,
    ) -> Result<()> {
        let collecting = self.phase == CheckoutPhase::CollectPayment
            && self.outcome.is_none()
            && self.in_flight.is_none()
            && self.prepared.is_none();
        if !collecting {
            return Err(state_error(
                "pay: the session is not collecting a payment (already paying, or finished)",
            ));
        }
        if now >= self.expires_at() {
            return Err(Error::with_message(
                ErrorCode::TxnTokenExpired,
                "pay: the txnToken is older than 15 minutes; start a new order",
            ));
        }
        let token = self
            .token
            .as_ref()
            .ok_or_else(|| state_error("pay: the txnToken was not restored with the session"))?;
        if &payment.txn_token != token || &payment.mid != mid || &payment.order_id != order_id {
            return Err(Error::with_message(
                ErrorCode::OrderMismatch,
                "pay: the payment is for another token, MID or order",
            ));
        }
        let checks = Checks::of(asked, &payment, (amount, self.max_discount))?;
        let request = payment.build(env)?;
        self.checks = checks;
        self.prepared = Some(request);
        self.last_failure = None;
        Ok(())
    }

    /// The payment step's decision on a Process Transaction answer at `now`, applied: a bank
    /// form or deep link to show and a callback to await, the payment collected again (a retry
    /// Paytm allows while the token lasts), a failure, or an unknown end (a direct result is
    /// only a hint; pending).
    pub fn after_process(
        &mut self,
        verification: Verification,
        class: ResultClass,
        r: ProcessResponse,
        now: u64,
    ) -> StepEnd {
        if let Some(t) = &r.txn_info {
            // A direct result (wallet, postpaid): a hint for the status check, never the answer.
            self.hint = Some(t.transaction(verification));
            return StepEnd::Unknown;
        }
        let retry = class == ResultClass::RetryAllowed
            || (class != ResultClass::Success && r.result_info.retry == Some(true));
        match class {
            ResultClass::Success => {
                let link = r
                    .deep_link
                    .or_else(|| r.deep_link_info.and_then(|d| d.deep_link));
                self.one_shot = match (r.bank_form, link) {
                    (Some(form), _) => Some(Action::RenderBankForm { form }),
                    (None, Some(url)) => Some(Action::OpenDeepLink { url }),
                    // UPI collect and the like: the customer approves elsewhere.
                    (None, None) => None,
                };
                self.phase = CheckoutPhase::AwaitCallback;
                StepEnd::Continue
            }
            _ if retry && now < self.expires_at() => {
                self.phase = CheckoutPhase::CollectPayment;
                self.last_failure = Failure::of(&r.result_info);
                StepEnd::Continue
            }
            ResultClass::SessionExpired => StepEnd::Failed(Outcome::failed(
                FailureReason::TokenExpired,
                Failure::of(&r.result_info),
            )),
            c if c.is_pending_like() => StepEnd::Unknown,
            _ => StepEnd::Failed(Outcome::failed(
                FailureReason::Declined,
                Failure::of(&r.result_info),
            )),
        }
    }

    /// A callback about the order came (checked with [`check_callback`]): it is kept as the
    /// hint, never as the answer.
    pub fn note_callback(&mut self, cb: &Callback) {
        self.callback_seen = true;
        self.hint = Some(cb.transaction());
    }

    /// Whether a callback tells nothing new, so must change nothing: a repeat of the last
    /// callback (Paytm may deliver a webhook more than once), or a pending (or unreadable)
    /// state after a callback said the payment was final (a stale webhook, arriving late).
    pub fn callback_adds_nothing(&self, cb: &Callback) -> bool {
        let Some(last) = self.hint.as_ref().filter(|_| self.callback_seen) else {
            return false;
        };
        let t = cb.transaction();
        *last == t
            || (Weight::of_payment(last.state) > Weight::Informative
                && Weight::of_payment(t.state) == Weight::Informative)
    }
}

/// A callback about another order, MID or amount is [`ErrorCode::OrderMismatch`]. A callback
/// only ever triggers verification, so it is never decisive.
pub(super) fn check_callback(cb: &Callback, subject: Subject<'_>) -> Result<()> {
    subject.check(
        "callback",
        &Claims::of(&cb.transaction()),
        Weight::Informative,
    )
}

/// A Process Transaction answer whose direct result (`txnInfo`) or deep link names another
/// order, MID or amount is [`ErrorCode::OrderMismatch`].
pub(super) fn check_process(
    r: &ProcessResponse,
    verification: Verification,
    subject: Subject<'_>,
) -> Result<()> {
    if let Some(t) = &r.txn_info {
        let t = t.transaction(verification);
        subject.check("process", &Claims::of(&t), Weight::Informative)?;
    }
    if let Some(order) = r
        .deep_link_info
        .as_ref()
        .and_then(|d| d.order_id.as_deref())
    {
        let claims = Claims {
            order_id: Some(order),
            ..Claims::default()
        };
        subject.check("process", &claims, Weight::Informative)?;
    }
    Ok(())
}
