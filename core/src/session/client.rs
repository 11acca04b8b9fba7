//! [`ClientCheckout`]: the client half of a checkout — what a browser or an app does with the
//! txnToken its merchant's server obtained, holding no merchant key.
//!
//! ```text
//! collect payment ─▶ pay ─▶ process ─▶ bank form / deep link ──────────▶ done: unverified
//!        ▲                     │ txnInfo (wallet) or pending ─────────────▶ done: unverified
//!        └── retry allowed ────┤ declined, token expired ──────────────────▶ done: failure
//! ```
//!
//! The payment step follows the same rules as a server's [`super::CheckoutSession`] (the code is
//! shared: `payment_input`, `check_payment`, `after_process` and `check_callback` in this module); what
//! differs is the end. Paytm asks merchants to confirm every payment with the server-to-server
//! Transaction Status API before fulfilling (`spec/getting-started.md`), which needs the merchant
//! key, so once the payment has left the client's hands the session ends
//! [`OutcomeStatus::Unverified`] — never success — carrying what the Process response or a
//! callback said as an unverified hint. A token older than 15 minutes ends it as
//! [`FailureReason::TokenExpired`].
//!
//! A [`super::CheckoutSession`] made without a key is this type. The npm package's browser build
//! wraps it directly: it links no cipher, no JSON parser (the host parses JSON: every method that
//! reads JSON text takes a `parse` function, see [`crate::input`]) and no other API's types.

use serde::Serialize;

use super::binding::{Claims, Subject, Weight};
use super::checkout::Phase;
use super::{
    restore_error, saved_kind, standing_action, state_error, Action, Failure, FailureReason,
    InFlight, OneShot, Outcome, OutcomeStatus, Purpose, SAVE_VERSION, TXN_TOKEN_VALIDITY_MS,
};
use crate::api::process::ProcessTransaction;
use crate::callback::{parse_callback_tree_unverified, parse_callback_unverified, Callback};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{Environment, HttpRequest};
use crate::input::{Json, Obj};
use crate::names::Named;
use crate::reconcile::Mismatch;
use crate::response::{
    process_keyless, ParseOptions, ProcessResponse, ResultInfo, TransactionResult, Verification,
};
use crate::result_codes::{ResultClass, TxnState};
use crate::types::{Amount, Mid, OrderId, TxnToken};

/// The client half of a checkout: see the [module docs](self).
///
/// ```
/// use paytm_checkout::input::Json;
/// use paytm_checkout::session::{Action, ClientCheckout};
/// let config = Json::Obj(vec![
///     ("mid".into(), Json::Str("INTEGR7769XXXXXX9383".into())),
///     ("orderId".into(), Json::Str("ORDER_1".into())),
///     ("amount".into(), Json::Str("1.00".into())),
///     ("txnToken".into(), Json::Str("f0bed899539742309eebd8XXXX7edcf61588842333227".into())),
///     ("tokenIssuedAt".into(), Json::Uint(1_700_000_000_000)),
/// ]);
/// let mut s = ClientCheckout::from_tree(&config)?;
/// assert!(matches!(s.next_action(1_700_000_001_000)?, Action::CollectPayment { .. }));
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
pub struct ClientCheckout {
    environment: Environment,
    mid: Mid,
    order_id: OrderId,
    amount: Amount,
    token: Option<TxnToken>,
    state: ClientState,
    /// The Process Transaction request `pay` built (card data: never saved).
    prepared: Option<HttpRequest>,
    one_shot: OneShot,
}

/// The state a client saves: the names and meanings of a server session's state, so that either
/// reads the other's (a server given the key verifies what a client left unverified).
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ClientState {
    phase: Phase,
    token_expires_at: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    submitted_at: Option<u64>,
    paid_here: bool,
    callback_seen: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_flight: Option<InFlight>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_failure: Option<Failure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<TransactionResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<Outcome>,
}

impl core::fmt::Debug for ClientCheckout {
    /// The order and the phase; never the token or card data.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ClientCheckout")
            .field("order_id", &self.order_id)
            .field("phase", &self.state.phase)
            .field("in_flight", &self.state.in_flight)
            .field("outcome", &self.state.outcome.as_ref().map(|o| o.status))
            .finish_non_exhaustive()
    }
}

/// The members of a checkout config a client reads. `pendingPolicy` is a server's (a client
/// never queries the status) and is accepted so that one config object serves both halves;
/// `initiate` is refused: initiating signs with the merchant key.
const CONFIG_MEMBERS: &[&str] = &[
    "environment",
    "mid",
    "orderId",
    "amount",
    "txnToken",
    "tokenIssuedAt",
    "pendingPolicy",
    "initiate",
];

fn needs_key(what: &str) -> Error {
    Error::with_message(
        ErrorCode::InvalidCredentials,
        format!("{what}: a session that initiates signs requests; pass the merchant key"),
    )
}

impl ClientCheckout {
    /// A client session from the checkout config's JSON tree (see
    /// [`super::CheckoutConfig`]): `{"environment"?, "mid", "orderId", "amount", "txnToken",
    /// "tokenIssuedAt"}` (ms). Errors name the member, never its value.
    pub fn from_tree(config: &Json) -> Result<ClientCheckout> {
        let o = Obj::root("checkout", config, CONFIG_MEMBERS)?;
        if o.raw("initiate").is_some() {
            return Err(needs_key("checkout"));
        }
        let issued = o.uint("tokenIssuedAt")?;
        let amount = o.req_text("amount", Amount::parse)?;
        let environment = Environment::read_member(&o)?;
        let mut s = ClientCheckout::new(
            environment,
            o.req_text("mid", |s| Mid::new(s))?,
            o.req_text("orderId", |s| OrderId::new(s))?,
            amount,
            o.req_text("txnToken", |s| TxnToken::new(s))?,
            0,
        );
        s.state.token_expires_at = issued
            .ok_or_else(|| o.missing("tokenIssuedAt"))?
            .saturating_add(TXN_TOKEN_VALIDITY_MS);
        Ok(s)
    }

    /// A client session from a checkout config made with [`super::CheckoutConfig::client`].
    pub fn from_config(config: super::CheckoutConfig) -> Result<ClientCheckout> {
        if config.initiate.is_some() {
            return Err(needs_key("checkout"));
        }
        let (Some(token), Some(issued)) = (config.txn_token, config.token_issued_at) else {
            return Err(Error::with_message(
                ErrorCode::MissingField,
                "checkout: a client session needs txnToken and tokenIssuedAt",
            ));
        };
        Ok(ClientCheckout::new(
            config.environment,
            config.mid,
            config.order_id,
            config.amount,
            token,
            issued,
        ))
    }

    fn new(
        environment: Environment,
        mid: Mid,
        order_id: OrderId,
        amount: Amount,
        token: TxnToken,
        issued_at: u64,
    ) -> ClientCheckout {
        ClientCheckout {
            environment,
            mid,
            order_id,
            amount,
            token: Some(token),
            state: ClientState {
                phase: Phase::CollectPayment,
                token_expires_at: issued_at.saturating_add(TXN_TOKEN_VALIDITY_MS),
                submitted_at: None,
                paid_here: false,
                callback_seen: false,
                in_flight: None,
                last_failure: None,
                hint: None,
                outcome: None,
            },
            prepared: None,
            one_shot: None,
        }
    }

    /// Where the session stands.
    pub fn phase(&self) -> Phase {
        self.state.phase
    }

    /// How the session ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.state.outcome.as_ref()
    }

    /// What to do next at `now` (ms): collect the payment, send Process Transaction, show the
    /// bank form or open the deep link, wait for the response, or done.
    pub fn next_action(&mut self, now: u64) -> Result<Action> {
        if let Some(a) = standing_action(
            self.state.outcome.as_ref(),
            Some(&mut self.one_shot),
            self.state.in_flight.is_some(),
        ) {
            return Ok(a);
        }
        if self.state.phase != Phase::CollectPayment {
            // The payment left this client (or its answer was lost): only the merchant's
            // server can tell how it ended.
            return Ok(self.finish_unverified());
        }
        if now >= self.state.token_expires_at {
            return Ok(self.finish(Outcome::failed(FailureReason::TokenExpired, None)));
        }
        if let Some(request) = self.prepared.take() {
            self.state.phase = Phase::Processing;
            self.state.submitted_at = Some(now);
            self.state.paid_here = true;
            self.state.in_flight = Some(InFlight {
                purpose: Purpose::Process,
                sent_at: now,
            });
            return Ok(Action::Send {
                purpose: Purpose::Process,
                request,
            });
        }
        collect_action(
            self.token.as_ref(),
            self.state.token_expires_at,
            &self.state.last_failure,
        )
    }

    /// Chooses how the customer pays (see [`super::CheckoutSession::pay`]); the request goes
    /// out with the next [`Action::Send`]. Errors leave the session unchanged.
    pub fn pay(&mut self, payment: ProcessTransaction, now: u64) -> Result<()> {
        check_payment(
            collecting(
                self.state.phase,
                self.state.outcome.as_ref(),
                self.state.in_flight.as_ref(),
                self.prepared.as_ref(),
            ),
            &payment,
            self.token.as_ref(),
            (&self.mid, &self.order_id),
            now,
            self.state.token_expires_at,
        )?;
        self.prepared = Some(payment.build(&self.environment)?);
        self.state.last_failure = None;
        Ok(())
    }

    /// As [`ClientCheckout::pay`], from the Process Transaction input's JSON tree without
    /// `txnToken`, `mid` and `orderId` (the session's own), e.g.
    /// `{"paymentMode":"UPI","payerAccount":"user@bank"}`.
    pub fn pay_tree(&mut self, payment: Json, now: u64) -> Result<()> {
        let p = payment_input(payment, self.token.as_ref(), &self.mid, &self.order_id)?;
        self.pay(p, now)
    }

    /// A Process Transaction input for this session's token, MID and order, to complete with the
    /// payment mode's members and pass to [`ClientCheckout::pay`].
    pub fn payment(&self, mode: crate::api::process::PaymentMode) -> Result<ProcessTransaction> {
        payment_for(self.token.as_ref(), &self.mid, &self.order_id, mode)
    }

    /// The response to the Process Transaction request: HTTP status and body, whose JSON text
    /// `parse` reads. A response that cannot be read is an error, and the payment's fate is
    /// then unknown here: the session ends unverified.
    pub fn handle_response(
        &mut self,
        http_status: u16,
        body: &[u8],
        now: u64,
        parse: impl FnOnce(&str) -> Result<Json>,
    ) -> Result<()> {
        let sent = self.take_in_flight("handle_response")?;
        let options = ParseOptions {
            allow_unsigned: true,
        };
        let parsed = process_keyless(http_status, body, parse, &options);
        if let Ok((verification, _, r)) = &parsed {
            let subject = Subject::order(&self.mid, &self.order_id, self.amount);
            if let Err(e) = check_process(r, *verification, subject) {
                // Not this payment's answer: the request is still out.
                self.state.in_flight = Some(sent);
                return Err(e);
            }
        }
        if self.state.phase != Phase::Processing {
            // A callback overtook the response and ended the session.
            return parsed.map(|_| ());
        }
        let (verification, class, r) = match parsed {
            Ok(p) => p,
            Err(e) => {
                self.finish_unverified();
                return Err(e);
            }
        };
        let step = Step {
            phase: &mut self.state.phase,
            one_shot: &mut self.one_shot,
            last_failure: &mut self.state.last_failure,
            hint: &mut self.state.hint,
        };
        match after_process(verification, class, r, now, self.state.token_expires_at).apply(step) {
            StepEnd::Continue => {}
            StepEnd::Unknown => {
                self.finish_unverified();
            }
            StepEnd::Failed(outcome) => {
                self.finish(outcome);
            }
        }
        Ok(())
    }

    /// The Process Transaction request got no response: the payment may have started, so the
    /// session ends unverified.
    pub fn handle_send_failure(&mut self, _now: u64) -> Result<()> {
        self.take_in_flight("handle_send_failure")?;
        self.finish_unverified();
        Ok(())
    }

    /// A callback body (form-encoded, or the JSON object JS Checkout hands its handler, read by
    /// `parse`): not verified (no key); it ends the session unverified with what it said. A
    /// callback for another order is [`ErrorCode::OrderMismatch`] and changes nothing.
    pub fn handle_callback(
        &mut self,
        body: &[u8],
        parse: impl FnOnce(&str) -> Result<Json>,
    ) -> Result<()> {
        self.on_callback(parse_callback_unverified(body, parse)?)
    }

    /// As [`ClientCheckout::handle_callback`], for the callback object JS Checkout hands its
    /// `transactionStatus` handler, already parsed (see
    /// [`crate::callback::parse_callback_tree_unverified`]).
    pub fn handle_callback_tree(&mut self, callback: &Json) -> Result<()> {
        self.on_callback(parse_callback_tree_unverified(callback)?)
    }

    fn on_callback(&mut self, cb: Callback) -> Result<()> {
        check_callback(&cb, Subject::order(&self.mid, &self.order_id, self.amount))?;
        if self.state.outcome.is_some() {
            return Ok(());
        }
        self.state.callback_seen = true;
        self.state.hint = Some(cb.transaction());
        self.finish_unverified();
        Ok(())
    }

    /// The session as JSON, without the txnToken or card data: the format of
    /// [`super::CheckoutSession::save`].
    pub fn save(&self) -> String {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Config<'a> {
            environment: &'a Environment,
            mid: &'a Mid,
            order_id: &'a OrderId,
            amount: Amount,
        }
        #[derive(Serialize)]
        struct Saved<'a> {
            version: u32,
            kind: &'static str,
            config: Config<'a>,
            state: &'a ClientState,
        }
        serde_json::to_string(&Saved {
            version: SAVE_VERSION,
            kind: "checkout",
            config: Config {
                environment: &self.environment,
                mid: &self.mid,
                order_id: &self.order_id,
                amount: self.amount,
            },
            state: &self.state,
        })
        .unwrap_or_default()
    }

    /// A session from the JSON tree of a saved checkout without a key (a client's, or a server
    /// session that was given its token rather than initiating). Pass the txnToken back if the
    /// payment is still to be collected. A request that was out is treated as unanswered: the
    /// session ends unverified.
    pub fn restore_tree(saved: &Json, txn_token: Option<TxnToken>) -> Result<ClientCheckout> {
        let mut s = read_saved(saved, txn_token).map_err(|e| match e.code() {
            ErrorCode::SessionRestore | ErrorCode::InvalidCredentials | ErrorCode::SessionSeal => e,
            _ => restore_error(&e),
        })?;
        if s.state.outcome.is_some() {
            s.state.phase = Phase::Done;
        } else if s.state.in_flight.take().is_some() {
            s.finish_unverified();
        }
        Ok(s)
    }

    fn take_in_flight(&mut self, call: &str) -> Result<InFlight> {
        self.state
            .in_flight
            .take()
            .ok_or_else(|| state_error(&format!("{call}: no request is outstanding")))
    }

    fn finish(&mut self, outcome: Outcome) -> Action {
        self.state.phase = Phase::Done;
        self.state.outcome = Some(outcome.clone());
        self.prepared = None;
        self.one_shot = None;
        Action::Done { outcome }
    }

    fn finish_unverified(&mut self) -> Action {
        self.finish(Outcome {
            status: OutcomeStatus::Unverified,
            reason: None,
            mismatch: None,
            failure: None,
            transaction: self.state.hint.clone(),
        })
    }
}

// ---- The payment step's rules, shared with the server's CheckoutSession ----

/// Paytm's code and message from a result, when it gave either.
pub(super) fn failure_of(r: &ResultInfo) -> Option<Failure> {
    let code = r.result_code.as_deref().map(str::to_owned);
    let message = r.result_msg.as_deref().map(str::to_owned);
    (code.is_some() || message.is_some()).then_some(Failure { code, message })
}

/// The collect-payment action for the session's token.
pub(super) fn collect_action(
    token: Option<&TxnToken>,
    expires_at: u64,
    retry_of: &Option<Failure>,
) -> Result<Action> {
    let txn_token = token.cloned().ok_or_else(|| {
        state_error(
            "checkout: the txnToken was not restored with the session; pass it to restore to \
             collect the payment",
        )
    })?;
    Ok(Action::CollectPayment {
        txn_token,
        expires_at,
        retry_of: retry_of.clone(),
    })
}

/// A Process Transaction input for the session's token, MID and order.
pub(super) fn payment_for(
    token: Option<&TxnToken>,
    mid: &Mid,
    order_id: &OrderId,
    mode: crate::api::process::PaymentMode,
) -> Result<ProcessTransaction> {
    let token = token
        .cloned()
        .ok_or_else(|| state_error("payment: no txnToken (not yet issued, or not restored)"))?;
    Ok(ProcessTransaction::new(
        token,
        mid.clone(),
        order_id.clone(),
        mode,
    ))
}

/// Is a session collecting a payment: in that phase, not finished, no request out, no payment
/// chosen yet?
pub(super) fn collecting(
    phase: Phase,
    outcome: Option<&Outcome>,
    in_flight: Option<&InFlight>,
    prepared: Option<&HttpRequest>,
) -> bool {
    phase == Phase::CollectPayment && outcome.is_none() && in_flight.is_none() && prepared.is_none()
}

/// May `payment` be paid now? `collecting`: see [`collecting`].
pub(super) fn check_payment(
    collecting: bool,
    payment: &ProcessTransaction,
    token: Option<&TxnToken>,
    (mid, order_id): (&Mid, &OrderId),
    now: u64,
    expires_at: u64,
) -> Result<()> {
    if !collecting {
        return Err(state_error(
            "pay: the session is not collecting a payment (already paying, or finished)",
        ));
    }
    if now >= expires_at {
        return Err(Error::with_message(
            ErrorCode::TxnTokenExpired,
            "pay: the txnToken is older than 15 minutes; start a new order",
        ));
    }
    let token =
        token.ok_or_else(|| state_error("pay: the txnToken was not restored with the session"))?;
    if &payment.txn_token != token || &payment.mid != mid || &payment.order_id != order_id {
        return Err(Error::with_message(
            ErrorCode::OrderMismatch,
            "pay: the payment is for another token, MID or order",
        ));
    }
    Ok(())
}

/// The Process Transaction input of a payment given without the session's own members
/// (`txnToken`, `mid`, `orderId`): giving one of them is [`ErrorCode::InvalidField`].
pub(super) fn payment_input(
    mut payment: Json,
    token: Option<&TxnToken>,
    mid: &Mid,
    order_id: &OrderId,
) -> Result<ProcessTransaction> {
    let token =
        token.ok_or_else(|| state_error("pay: no txnToken: the session is not collecting"))?;
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
    ProcessTransaction::read_as(&Json::Obj(all), "payment")
}

/// What a Process Transaction answer means for the payment step.
pub(super) enum AfterProcess {
    /// Paytm took the payment: show this (bank form, deep link; nothing for UPI collect), then a
    /// callback may come.
    Started(OneShot),
    /// Paytm allows a retry: collect the payment again, with its reason.
    Again(Option<Failure>),
    /// How the payment ends is not known from this answer (a direct result is only a hint;
    /// pending): the status decides (server) or the session ends unverified (client).
    Unknown(Option<TransactionResult>),
    /// The payment failed.
    Failed(Outcome),
}

/// The payment-step members both halves keep (in their own state types).
pub(super) struct Step<'a> {
    pub phase: &'a mut Phase,
    pub one_shot: &'a mut OneShot,
    pub last_failure: &'a mut Option<Failure>,
    pub hint: &'a mut Option<TransactionResult>,
}

/// What is left to the half once [`AfterProcess::apply`] has updated the payment step.
pub(super) enum StepEnd {
    /// Nothing: the step goes on (a callback is awaited, or the payment is collected again).
    Continue,
    /// How the payment ends is not known here (any hint is kept): the half decides.
    Unknown,
    /// The payment failed.
    Failed(Outcome),
}

impl AfterProcess {
    /// Applies the decision to the payment step.
    pub(super) fn apply(self, s: Step<'_>) -> StepEnd {
        match self {
            AfterProcess::Started(show) => {
                *s.one_shot = show;
                *s.phase = Phase::AwaitCallback;
                StepEnd::Continue
            }
            AfterProcess::Again(failure) => {
                *s.phase = Phase::CollectPayment;
                *s.last_failure = failure;
                StepEnd::Continue
            }
            AfterProcess::Unknown(hint) => {
                if hint.is_some() {
                    *s.hint = hint;
                }
                StepEnd::Unknown
            }
            AfterProcess::Failed(outcome) => StepEnd::Failed(outcome),
        }
    }
}

/// The payment step's decision on a Process Transaction answer at `now`.
pub(super) fn after_process(
    verification: Verification,
    class: ResultClass,
    r: ProcessResponse,
    now: u64,
    expires_at: u64,
) -> AfterProcess {
    if let Some(t) = &r.txn_info {
        // A direct result (wallet, postpaid): a hint for the status check, never the answer.
        return AfterProcess::Unknown(Some(t.transaction(verification)));
    }
    let retry = class == ResultClass::RetryAllowed
        || (class != ResultClass::Success && r.result_info.retry == Some(true));
    match class {
        ResultClass::Success => {
            let link = r
                .deep_link
                .or_else(|| r.deep_link_info.and_then(|d| d.deep_link));
            AfterProcess::Started(match (r.bank_form, link) {
                (Some(form), _) => Some(Action::RenderBankForm { form }),
                (None, Some(url)) => Some(Action::OpenDeepLink { url }),
                // UPI collect and the like: the customer approves elsewhere.
                (None, None) => None,
            })
        }
        _ if retry && now < expires_at => AfterProcess::Again(failure_of(&r.result_info)),
        ResultClass::SessionExpired => AfterProcess::Failed(Outcome::failed(
            FailureReason::TokenExpired,
            failure_of(&r.result_info),
        )),
        c if c.is_pending_like() => AfterProcess::Unknown(None),
        _ => AfterProcess::Failed(Outcome::failed(
            FailureReason::Declined,
            failure_of(&r.result_info),
        )),
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

// ---- Reading a saved session from its tree ----

/// A server session's state members; those a client has no use for are accepted and ignored.
const STATE_MEMBERS: &[&str] = &[
    "phase",
    "tokenExpiresAt",
    "submittedAt",
    "paidHere",
    "callbackSeen",
    "inFlight",
    "retryAt",
    "initiateAttempts",
    "initiateFirstSentAt",
    "initiateBadSignatures",
    "statusFailures",
    "nextCheckAt",
    "lastFailure",
    "hint",
    "outcome",
];
const CONFIG_SAVED: &[&str] = &[
    "environment",
    "mid",
    "orderId",
    "amount",
    "pendingPolicy",
    "initiate",
];
const TRANSACTION: &[&str] = &["orderId", "mid", "txnId", "amount", "state", "verification"];

fn read_saved(saved: &Json, token: Option<TxnToken>) -> Result<ClientCheckout> {
    if let Json::Obj(members) = saved {
        if members.iter().any(|(n, _)| n == "seal") {
            return Err(Error::with_message(
                ErrorCode::InvalidCredentials,
                "restore: this session was sealed with the merchant key; restore it with the key",
            ));
        }
    }
    let top = Obj::root("session", saved, &["version", "kind", "config", "state"])?;
    let version = top.uint("version")?.unwrap_or(0);
    let kind = top.str("kind")?.unwrap_or("");
    if version != u64::from(SAVE_VERSION) || kind != "checkout" {
        return Err(saved_kind(version, kind, "checkout"));
    }
    let config = top
        .obj("config", CONFIG_SAVED)?
        .ok_or_else(|| top.missing("config"))?;
    if config.raw("initiate").is_some() {
        return Err(Error::with_message(
            ErrorCode::InvalidCredentials,
            "restore: this session signs requests; pass the merchant key",
        ));
    }
    let s = top
        .obj("state", STATE_MEMBERS)?
        .ok_or_else(|| top.missing("state"))?;
    let in_flight = s
        .obj("inFlight", &["purpose", "sentAt"])?
        .map(|f| -> Result<InFlight> {
            Ok(InFlight {
                purpose: f.req_choice("purpose", Purpose::ALL)?,
                sent_at: f.uint("sentAt")?.ok_or_else(|| f.missing("sentAt"))?,
            })
        })
        .transpose()?;
    let state = ClientState {
        phase: s.req_choice("phase", Phase::ALL)?,
        token_expires_at: s.uint("tokenExpiresAt")?.unwrap_or(0),
        submitted_at: s.uint("submittedAt")?,
        paid_here: s.flag("paidHere")?.unwrap_or(false),
        callback_seen: s.flag("callbackSeen")?.unwrap_or(false),
        in_flight,
        last_failure: s
            .obj("lastFailure", &["code", "message"])?
            .map(|f| read_failure(&f))
            .transpose()?,
        hint: s
            .obj("hint", TRANSACTION)?
            .map(|t| read_transaction(&t))
            .transpose()?,
        outcome: s
            .obj(
                "outcome",
                &["status", "reason", "mismatch", "failure", "transaction"],
            )?
            .map(|o| read_outcome(&o))
            .transpose()?,
    };
    client_may_conclude(&state)?;
    if state.phase == Phase::Initiate && state.outcome.is_none() {
        return Err(Error::with_message(
            ErrorCode::SessionRestore,
            "saved session: it is still to initiate, which needs the merchant key",
        ));
    }
    Ok(ClientCheckout {
        environment: Environment::read_member(&config)?,
        mid: config.req_text("mid", |s| Mid::new(s))?,
        order_id: config.req_text("orderId", |s| OrderId::new(s))?,
        amount: config.req_text("amount", Amount::parse)?,
        token,
        state,
        prepared: None,
        one_shot: None,
    })
}

/// A save without a seal is only what a client could have concluded: never `success` or
/// `refunded`, never a report that claims to be verified (a client holds no key to verify with).
/// Anything else is an edited save: [`ErrorCode::SessionSeal`].
fn client_may_conclude(state: &ClientState) -> Result<()> {
    let outcome = state.outcome.as_ref();
    let concluded = outcome
        .is_some_and(|o| !matches!(o.status, OutcomeStatus::Unverified | OutcomeStatus::Failure));
    let verified = [
        state.hint.as_ref(),
        outcome.and_then(|o| o.transaction.as_ref()),
    ]
    .into_iter()
    .flatten()
    .any(|t| t.verification == Verification::Verified);
    if concluded || verified {
        return Err(Error::with_message(
            ErrorCode::SessionSeal,
            "saved session: an unsealed save (a client half's) cannot hold a verified report \
             or a success; it was edited",
        ));
    }
    Ok(())
}

fn read_failure(o: &Obj<'_>) -> Result<Failure> {
    Ok(Failure {
        code: o.str("code")?.map(str::to_owned),
        message: o.str("message")?.map(str::to_owned),
    })
}

fn read_transaction(o: &Obj<'_>) -> Result<TransactionResult> {
    Ok(TransactionResult {
        order_id: o.text("orderId", |s| OrderId::new(s))?,
        mid: o.str("mid")?.map(str::to_owned),
        txn_id: o.str("txnId")?.map(str::to_owned),
        amount: o.text("amount", Amount::parse)?,
        state: o.req_choice("state", TxnState::ALL)?,
        verification: o.req_choice("verification", Verification::ALL)?,
    })
}

fn read_outcome(o: &Obj<'_>) -> Result<Outcome> {
    Ok(Outcome {
        status: o.req_choice("status", OutcomeStatus::ALL)?,
        reason: o.choice("reason", FailureReason::ALL)?,
        mismatch: o.choice("mismatch", Mismatch::ALL)?,
        failure: o
            .obj("failure", &["code", "message"])?
            .map(|f| read_failure(&f))
            .transpose()?,
        transaction: o
            .obj("transaction", TRANSACTION)?
            .map(|t| read_transaction(&t))
            .transpose()?,
    })
}
