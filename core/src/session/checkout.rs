//! [`CheckoutSession`]: one order, from Initiate Transaction to a verified, reconciled outcome.
//!
//! ```text
//!            ┌──────────── server (has the key) ────────────┐
//! initiate ─▶ collect payment ─▶ process ─▶ bank form / deep link ─▶ callback ─▶ status ─▶ done
//!   (0002 = success,   │  pay()      │ txnInfo (wallet) ───────────────────────▶ status
//!    2023 = failed)    │             │ retry allowed ─▶ collect payment again
//!                      │ token expires ─▶ status (a client may have paid)      pending ─▶ schedule
//!            └── client (txnToken only): ends `unverified` after the payment step ──┘
//! ```
//!
//! Rules it applies, each from Paytm's docs:
//! - the txnToken is valid for 15 minutes from Initiate (`spec/initiate-transaction.md`): `pay`
//!   after that is [`ErrorCode::TxnTokenExpired`];
//! - Initiate `0002` ("Success Idempotent") is a success, `2023` ("Repeat Request Inconsistent")
//!   ends the session: the order id was used with other details;
//! - a payment is only a success after the server-to-server Transaction Status check, with order
//!   id, MID and amount reconciled ([`crate::reconcile()`]); callbacks and `txnInfo` only trigger
//!   that check (`spec/getting-started.md`);
//! - a pending payment is queried on the [`PendingPolicy`] schedule and failed after its end
//!   (72 hours for Paytm's own schedule);
//! - a response that does not verify (tampered, wrong key) is an error and counts as no answer:
//!   the request is retried or the status asked, never believed.

use serde::{Deserialize, Serialize};

use super::binding::{Claims, Subject, Weight};
use super::client::{
    after_process, check_callback, check_payment, check_process, collect_action, collecting,
    failure_of, payment_for, payment_input, ClientCheckout, Step, StepEnd,
};
use super::{
    expected_order, restore_error, saved_kind, settle, standing_action, state_error, Action,
    Failure, FailureReason, InFlight, OneShot, OsSalts, Outcome, PendingPolicy, Purpose,
    SaltSource, Settled, WaitReason, RETRY_DELAY_MS, SAVE_VERSION, TXN_TOKEN_VALIDITY_MS,
};
use crate::api::initiate::InitiateTransaction;
use crate::api::process::ProcessTransaction;
use crate::api::status::TransactionStatus;
use crate::callback::parse_callback;
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::http::{Environment, HttpRequest};
use crate::input::Json;
use crate::response::{parse_response, ParseOptions, ResponseData, TransactionResult};
use crate::result_codes::{ResultClass, TxnState};
use crate::types::{Amount, Mid, OrderId, TxnToken};

/// Initiate is tried at most this many times when Paytm does not answer usably.
const INITIATE_ATTEMPTS: u32 = 3;

/// What a checkout session needs to know.
///
/// JSON (C and npm): `{"environment":"staging","mid":"…","orderId":"…","amount":"1.00",
/// "initiate":{…Initiate Transaction input…},"pendingPolicy":"late_notification"}` for a server
/// session (it needs the merchant key); a client session has no `initiate` but
/// `"txnToken":"…","tokenIssuedAt":<ms>` instead.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "CheckoutSessionConfig", optional_fields)
)]
pub struct CheckoutConfig {
    /// Where requests go.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub environment: Environment,
    /// The merchant id.
    pub mid: Mid,
    /// The order.
    pub order_id: OrderId,
    /// The amount the merchant charges (what reconcile compares with).
    pub amount: Amount,
    /// The Initiate Transaction input (server sessions). It must describe the same MID, order id
    /// and amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "RequestParams", optional))]
    pub initiate: Option<InitiateTransaction>,
    /// Client sessions: the txnToken the merchant's server obtained (never saved).
    #[serde(default, skip_serializing)]
    pub txn_token: Option<TxnToken>,
    /// Client sessions: when the token was issued (ms); it expires 15 minutes later.
    #[serde(default, skip_serializing)]
    pub token_issued_at: Option<u64>,
    /// When to ask again about a pending payment.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub pending_policy: PendingPolicy,
}

/// Where the session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Initiate Transaction is to be sent (or is out).
    Initiate,
    /// The token is ready; the payment details are being collected.
    CollectPayment,
    /// Process Transaction is out.
    Processing,
    /// The customer is at the bank or in the UPI app; a callback may come.
    AwaitCallback,
    /// The status is to be queried now.
    Verify,
    /// The payment is pending; the status is queried again later.
    Pending,
    /// Finished: see the outcome.
    Done,
}

crate::names::named!(Phase {
    Initiate = "initiate",
    CollectPayment = "collect_payment",
    Processing = "processing",
    AwaitCallback = "await_callback",
    Verify = "verify",
    Pending = "pending",
    Done = "done",
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct State {
    phase: Phase,
    #[serde(default)]
    token_expires_at: Option<u64>,
    /// When the payment was (or may have been) sent to Paytm: the pending schedule's origin.
    #[serde(default)]
    submitted_at: Option<u64>,
    #[serde(default)]
    paid_here: bool,
    #[serde(default)]
    callback_seen: bool,
    #[serde(default)]
    in_flight: Option<InFlight>,
    #[serde(default)]
    retry_at: Option<u64>,
    #[serde(default)]
    initiate_attempts: u32,
    /// When the first Initiate went out: a token from a retry (0002) was issued then.
    #[serde(default)]
    initiate_first_sent_at: Option<u64>,
    /// Initiate answers refused for their signature (all of them: the key is likely wrong).
    #[serde(default)]
    initiate_bad_signatures: u32,
    /// Status answers in a row that were unusable (backoff).
    #[serde(default)]
    status_failures: u32,
    #[serde(default)]
    next_check_at: Option<u64>,
    #[serde(default)]
    last_failure: Option<Failure>,
    /// What a callback or txnInfo said (triggers verification; never decides).
    #[serde(default)]
    hint: Option<TransactionResult>,
    #[serde(default)]
    outcome: Option<Outcome>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Saved {
    version: u32,
    kind: String,
    config: CheckoutConfig,
    state: State,
}

/// A checkout: see the [module docs](self) and [`crate::session`].
///
/// ```
/// use paytm_checkout::session::{Action, CheckoutConfig, CheckoutSession, Purpose};
/// use paytm_checkout::{api::initiate::InitiateTransaction, MerchantKey};
/// let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK")?;
/// let initiate = InitiateTransaction::new(
///     "INTEGR7769XXXXXX9383".try_into()?, "ORDER_1".try_into()?, "WEBSTAGING".try_into()?,
///     "1.00".parse()?, "CUST_1".try_into()?,
/// );
/// let config = CheckoutConfig::server(initiate);
/// let mut session = CheckoutSession::new(config, Some(key))?;
/// match session.next_action(1_700_000_000_000)? {
///     Action::Send { purpose: Purpose::Initiate, request } => assert_eq!(request.method.as_str(), "POST"),
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
pub struct CheckoutSession(Half);

/// A session with the merchant key (it initiates, or verifies with the status API), or the
/// client half without it.
enum Half {
    Server(Box<Server>),
    Client(Box<ClientCheckout>),
}

/// The server's session (see the module docs).
struct Server {
    config: CheckoutConfig,
    state: State,
    key: MerchantKey,
    token: Option<TxnToken>,
    /// The Process Transaction request `pay` built (card data: never saved).
    prepared: Option<HttpRequest>,
    one_shot: OneShot,
    salts: Box<dyn SaltSource>,
}

impl core::fmt::Debug for CheckoutSession {
    /// The phase and timers; never the key, the token or card data.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.0 {
            Half::Server(s) => f
                .debug_struct("CheckoutSession")
                .field("order_id", &s.config.order_id)
                .field("phase", &s.state.phase)
                .field("in_flight", &s.state.in_flight)
                .field("outcome", &s.state.outcome.as_ref().map(|o| o.status))
                .finish_non_exhaustive(),
            Half::Client(c) => core::fmt::Debug::fmt(c, f),
        }
    }
}

impl CheckoutConfig {
    /// A server session's config from its Initiate Transaction input.
    pub fn server(initiate: InitiateTransaction) -> CheckoutConfig {
        CheckoutConfig {
            environment: Environment::default(),
            mid: initiate.mid.clone(),
            order_id: initiate.order_id.clone(),
            amount: initiate.txn_amount.value,
            initiate: Some(initiate),
            txn_token: None,
            token_issued_at: None,
            pending_policy: PendingPolicy::default(),
        }
    }

    /// A client session's config: the order and the token the merchant's server obtained.
    pub fn client(
        mid: Mid,
        order_id: OrderId,
        amount: Amount,
        txn_token: TxnToken,
        token_issued_at: u64,
    ) -> CheckoutConfig {
        CheckoutConfig {
            environment: Environment::default(),
            mid,
            order_id,
            amount,
            initiate: None,
            txn_token: Some(txn_token),
            token_issued_at: Some(token_issued_at),
            pending_policy: PendingPolicy::default(),
        }
    }

    /// Sets the environment.
    pub fn environment(mut self, env: Environment) -> Self {
        self.environment = env;
        self
    }

    /// Sets the pending policy.
    pub fn pending_policy(mut self, policy: PendingPolicy) -> Self {
        self.pending_policy = policy;
        self
    }

    fn validate(&self) -> Result<()> {
        self.pending_policy.validate()?;
        match (&self.initiate, &self.txn_token) {
            (Some(i), None) => {
                if i.mid != self.mid
                    || i.order_id != self.order_id
                    || i.txn_amount.value != self.amount
                {
                    return Err(Error::with_message(
                        ErrorCode::OrderMismatch,
                        "checkout: initiate must carry the session's mid, orderId and amount",
                    ));
                }
            }
            (None, Some(_)) => {
                if self.token_issued_at.is_none() {
                    return Err(Error::with_message(
                        ErrorCode::MissingField,
                        "checkout: tokenIssuedAt is required with txnToken",
                    ));
                }
            }
            (None, None) => {
                return Err(Error::with_message(
                    ErrorCode::MissingField,
                    "checkout: either initiate (server) or txnToken (client) is required",
                ))
            }
            (Some(_), Some(_)) => {
                return Err(Error::with_message(
                    ErrorCode::InvalidArgument,
                    "checkout: initiate and txnToken are exclusive: a server session gets its \
                     token from initiate",
                ))
            }
        }
        Ok(())
    }

    /// The config as saved: no secrets (the txnToken is not serialized; SSO tokens are removed
    /// from the initiate input).
    fn without_secrets(&self) -> CheckoutConfig {
        let mut c = self.clone();
        c.txn_token = None;
        if let Some(i) = &mut c.initiate {
            i.paytm_sso_token = None;
            i.emi_subvention_token = None;
        }
        c
    }
}

fn strict() -> ParseOptions {
    ParseOptions::default()
}

/// The Node build and the C library read JSON with serde_json: the tree the client half reads,
/// a name given twice refused as a response's is.
fn host_tree(what: &'static str) -> impl FnOnce(&str) -> Result<Json> {
    move |text| crate::response::response_tree(what, text)
}

impl CheckoutSession {
    /// A new session. With the merchant key: a server session (config with `initiate`, or with
    /// the `txnToken` it was given; either way it verifies with the status API). Without: the
    /// client half ([`ClientCheckout`]; config with `txnToken`), which can pay but not verify.
    pub fn new(config: CheckoutConfig, key: Option<MerchantKey>) -> Result<CheckoutSession> {
        Ok(CheckoutSession(match key {
            Some(key) => Half::Server(Box::new(Server::new(config, key)?)),
            None => Half::Client(Box::new(ClientCheckout::from_config(config)?)),
        }))
    }

    /// A session from its JSON config (see [`CheckoutConfig`]). Without a key it is read as
    /// the client half reads it ([`ClientCheckout::from_tree`]).
    pub fn from_json(config: &[u8], key: Option<MerchantKey>) -> Result<CheckoutSession> {
        Ok(CheckoutSession(match key {
            Some(key) => Half::Server(Box::new(Server::new(
                crate::api::parse("checkout", config)?,
                key,
            )?)),
            None => Half::Client(Box::new(ClientCheckout::from_tree(&Json::parse(
                "checkout", config,
            )?)?)),
        }))
    }

    /// Uses `salts` for the checksums of the requests this session signs (a client half signs
    /// none).
    pub fn with_salts(mut self, salts: Box<dyn SaltSource>) -> CheckoutSession {
        if let Half::Server(s) = &mut self.0 {
            s.salts = salts;
        }
        self
    }

    /// Where the session stands.
    pub fn phase(&self) -> Phase {
        match &self.0 {
            Half::Server(s) => s.state.phase,
            Half::Client(c) => c.phase(),
        }
    }

    /// How the session ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        match &self.0 {
            Half::Server(s) => s.state.outcome.as_ref(),
            Half::Client(c) => c.outcome(),
        }
    }

    /// What to do next, at time `now` (ms). Call it again after every `handle_*` call and
    /// whenever a `Wait` is over.
    pub fn next_action(&mut self, now: u64) -> Result<Action> {
        match &mut self.0 {
            Half::Server(s) => s.next_action(now),
            Half::Client(c) => c.next_action(now),
        }
    }

    /// Chooses how the customer pays: the Process Transaction input for this session's token,
    /// MID and order (build it from [`CheckoutSession::payment`]). The request goes out with the
    /// next [`Action::Send`]. Errors leave the session unchanged.
    pub fn pay(&mut self, payment: ProcessTransaction, now: u64) -> Result<()> {
        match &mut self.0 {
            Half::Server(s) => s.pay(payment, now),
            Half::Client(c) => c.pay(payment, now),
        }
    }

    /// As [`CheckoutSession::pay`], from the Process Transaction JSON input without `txnToken`,
    /// `mid` and `orderId` (the session adds its own; giving one is
    /// [`ErrorCode::InvalidField`]), e.g. `{"paymentMode":"UPI","payerAccount":"user@bank"}`.
    pub fn pay_json(&mut self, payment: &[u8], now: u64) -> Result<()> {
        let tree = Json::parse("payment", payment)?;
        match &mut self.0 {
            Half::Server(s) => {
                let p = payment_input(tree, s.token.as_ref(), &s.config.mid, &s.config.order_id)?;
                s.pay(p, now)
            }
            Half::Client(c) => c.pay_tree(tree, now),
        }
    }

    /// A Process Transaction input for this session's token, MID and order, to complete with the
    /// payment mode's members and pass to [`CheckoutSession::pay`].
    pub fn payment(&self, mode: crate::api::process::PaymentMode) -> Result<ProcessTransaction> {
        match &self.0 {
            Half::Server(s) => {
                payment_for(s.token.as_ref(), &s.config.mid, &s.config.order_id, mode)
            }
            Half::Client(c) => c.payment(mode),
        }
    }

    /// The response to the outstanding request: its HTTP status and raw body. An error (a
    /// tampered or malformed response) is returned and the response counts as none: the request
    /// is retried or the status asked, as after [`CheckoutSession::handle_send_failure`].
    pub fn handle_response(&mut self, http_status: u16, body: &[u8], now: u64) -> Result<()> {
        match &mut self.0 {
            Half::Server(s) => s.handle_response(http_status, body, now),
            Half::Client(c) => c.handle_response(http_status, body, now, host_tree(PROCESS)),
        }
    }

    /// The outstanding request got no response (timeout, connection error).
    pub fn handle_send_failure(&mut self, now: u64) -> Result<()> {
        match &mut self.0 {
            Half::Server(s) => s.handle_send_failure(now),
            Half::Client(c) => c.handle_send_failure(now),
        }
    }

    /// A callback (the browser's POST to callbackUrl) or S2S webhook body. With the key it is
    /// verified and triggers the status check; without (client session) it ends the session as
    /// `unverified` with what it reported. A callback for another order is
    /// [`ErrorCode::OrderMismatch`]; duplicates and late callbacks are harmless.
    pub fn handle_callback(&mut self, body: &[u8], now: u64) -> Result<()> {
        match &mut self.0 {
            Half::Server(s) => s.handle_callback(body, now),
            Half::Client(c) => c.handle_callback(body, host_tree("callback")),
        }
    }

    /// The session as JSON, without secrets (no merchant key, no txnToken, no card data). Pass
    /// it to [`CheckoutSession::restore`] after a restart.
    pub fn save(&self) -> String {
        match &self.0 {
            Half::Server(s) => s.save(),
            Half::Client(c) => c.save(),
        }
    }

    /// A session from [`CheckoutSession::save`]'s JSON, with its secrets: the merchant key for a
    /// server session, and the txnToken if the payment is still to be collected here. A request
    /// that was out when the session was saved is treated as unanswered. Without a key the
    /// session is restored as the client half (a session that initiates needs the key).
    pub fn restore(
        json: &[u8],
        key: Option<MerchantKey>,
        txn_token: Option<TxnToken>,
    ) -> Result<CheckoutSession> {
        Ok(CheckoutSession(match key {
            Some(key) => Half::Server(Box::new(Server::restore(json, key, txn_token)?)),
            None => {
                let tree = Json::parse("session", json).map_err(|e| restore_error(&e))?;
                Half::Client(Box::new(ClientCheckout::restore_tree(&tree, txn_token)?))
            }
        }))
    }
}

const PROCESS: &str = "process_transaction";

impl Server {
    fn new(mut config: CheckoutConfig, key: MerchantKey) -> Result<Server> {
        config.validate()?;
        let token = config.txn_token.take();
        let (phase, expires) = match (&token, config.token_issued_at) {
            (Some(_), Some(at)) => (
                Phase::CollectPayment,
                Some(at.saturating_add(TXN_TOKEN_VALIDITY_MS)),
            ),
            _ => (Phase::Initiate, None),
        };
        Ok(Server {
            config,
            state: State {
                phase,
                token_expires_at: expires,
                submitted_at: None,
                paid_here: false,
                callback_seen: false,
                in_flight: None,
                retry_at: None,
                initiate_attempts: 0,
                initiate_first_sent_at: None,
                initiate_bad_signatures: 0,
                status_failures: 0,
                next_check_at: None,
                last_failure: None,
                hint: None,
                outcome: None,
            },
            key,
            token,
            prepared: None,
            one_shot: None,
            salts: Box::new(OsSalts),
        })
    }

    fn next_action(&mut self, now: u64) -> Result<Action> {
        if let Some(a) = standing_action(
            self.state.outcome.as_ref(),
            Some(&mut self.one_shot),
            self.state.in_flight.is_some(),
        ) {
            return Ok(a);
        }
        // Each arm either returns or moves to a phase closer to the end: at most a few rounds.
        loop {
            match self.state.phase {
                Phase::Initiate => {
                    if let Some(t) = self.state.retry_at.filter(|&t| now < t) {
                        return Ok(Action::Wait {
                            until: Some(t),
                            reason: WaitReason::Retry,
                        });
                    }
                    let salt = self.salts.next_salt();
                    let initiate = self.config.initiate.as_ref().ok_or_else(|| {
                        state_error("checkout: a session given its txnToken has no initiate step")
                    })?;
                    let request = initiate.build(&self.config.environment, &self.key, salt)?;
                    self.state.retry_at = None;
                    self.state.initiate_attempts += 1;
                    return Ok(self.send(Purpose::Initiate, request, now));
                }
                Phase::CollectPayment => {
                    let expires = self.state.token_expires_at.unwrap_or(0);
                    if now >= expires {
                        // A client may have paid with the token: ask before failing.
                        self.prepared = None;
                        self.state.phase = Phase::Verify;
                        continue;
                    }
                    if let Some(request) = self.prepared.take() {
                        self.state.phase = Phase::Processing;
                        self.state.submitted_at = Some(now);
                        self.state.paid_here = true;
                        return Ok(self.send(Purpose::Process, request, now));
                    }
                    return collect_action(self.token.as_ref(), expires, &self.state.last_failure);
                }
                Phase::Processing => {
                    // Only reached after a restore: the Process response was lost.
                    self.lost_process();
                    if self.state.outcome.is_some() {
                        return self.next_action(now);
                    }
                }
                Phase::AwaitCallback => {
                    let origin = self.state.submitted_at.unwrap_or(now);
                    let due = origin.saturating_add(self.config.pending_policy.first());
                    if now < due {
                        return Ok(Action::Wait {
                            until: Some(due),
                            reason: WaitReason::Callback,
                        });
                    }
                    self.state.phase = Phase::Verify;
                }
                Phase::Pending => {
                    let due = self.state.next_check_at.unwrap_or(now);
                    if now < due {
                        return Ok(Action::Wait {
                            until: Some(due),
                            reason: WaitReason::Pending,
                        });
                    }
                    self.state.phase = Phase::Verify;
                }
                Phase::Verify => {
                    let salt = self.salts.next_salt();
                    let request = TransactionStatus::new(
                        self.config.mid.clone(),
                        self.config.order_id.clone(),
                    )
                    .build(&self.config.environment, &self.key, salt)?;
                    return Ok(self.send(Purpose::Status, request, now));
                }
                Phase::Done => {
                    return Err(state_error("checkout: finished without an outcome (a bug)"));
                }
            }
        }
    }

    fn pay(&mut self, payment: ProcessTransaction, now: u64) -> Result<()> {
        check_payment(
            collecting(
                self.state.phase,
                self.state.outcome.as_ref(),
                self.state.in_flight.as_ref(),
                self.prepared.as_ref(),
            ),
            &payment,
            self.token.as_ref(),
            (&self.config.mid, &self.config.order_id),
            now,
            self.state.token_expires_at.unwrap_or(0),
        )?;
        self.prepared = Some(payment.build(&self.config.environment)?);
        self.state.last_failure = None;
        Ok(())
    }

    fn handle_response(&mut self, http_status: u16, body: &[u8], now: u64) -> Result<()> {
        let f = self
            .state
            .in_flight
            .take()
            .ok_or_else(|| state_error("handle_response: no request is outstanding"))?;
        let r = match f.purpose {
            Purpose::Initiate => self.on_initiate(f, http_status, body, now),
            Purpose::Process => self.on_process(http_status, body, now),
            Purpose::Status => self.on_status(http_status, body, now),
            _ => Err(state_error("not a checkout request")),
        };
        // An answer about something else changed nothing: the request is still out.
        if r.as_ref()
            .is_err_and(|e| e.code() == ErrorCode::OrderMismatch)
        {
            self.state.in_flight = Some(f);
        }
        r
    }

    /// What this session is about (see [`super::binding`]).
    fn subject(&self) -> Subject<'_> {
        Subject::order(&self.config.mid, &self.config.order_id, self.config.amount)
    }

    fn handle_send_failure(&mut self, now: u64) -> Result<()> {
        let f = self
            .state
            .in_flight
            .take()
            .ok_or_else(|| state_error("handle_send_failure: no request is outstanding"))?;
        match f.purpose {
            Purpose::Initiate => self.initiate_retry(now),
            Purpose::Process => self.lost_process(),
            _ => self.status_retry(now),
        }
        Ok(())
    }

    fn handle_callback(&mut self, body: &[u8], now: u64) -> Result<()> {
        let cb = parse_callback(body, Some(&self.key), &strict())?;
        check_callback(&cb, self.subject())?;
        if self.state.outcome.is_some() {
            return Ok(());
        }
        if self.state.phase == Phase::Initiate {
            return Err(state_error(
                "callback: the order has not been initiated by this session",
            ));
        }
        self.state.callback_seen = true;
        self.state.hint = Some(cb.transaction());
        if self.state.submitted_at.is_none() {
            // Paid elsewhere (a client half): the schedule starts now at the latest.
            self.state.submitted_at = Some(now);
        }
        match self.state.phase {
            Phase::CollectPayment | Phase::AwaitCallback | Phase::Pending | Phase::Processing => {
                self.prepared = None;
                self.one_shot = None;
                self.state.phase = Phase::Verify;
            }
            Phase::Verify | Phase::Initiate | Phase::Done => {}
        }
        Ok(())
    }

    fn save(&self) -> String {
        let saved = Saved {
            version: SAVE_VERSION,
            kind: "checkout".to_owned(),
            config: self.config.without_secrets(),
            state: self.state.clone(),
        };
        super::seal::seal(
            &self.key,
            &serde_json::to_string(&saved).unwrap_or_default(),
        )
    }

    fn restore(json: &[u8], key: MerchantKey, txn_token: Option<TxnToken>) -> Result<Server> {
        let inner = super::seal::open(&key, json)?;
        let saved: Saved = super::seal::read(inner)?;
        if saved.version != SAVE_VERSION || saved.kind != "checkout" {
            return Err(saved_kind(saved.version.into(), &saved.kind, "checkout"));
        }
        saved
            .config
            .pending_policy
            .validate()
            .map_err(|e| restore_error(&e))?;
        let mut s = Server {
            config: saved.config,
            state: saved.state,
            key,
            token: txn_token,
            prepared: None,
            one_shot: None,
            salts: Box::new(OsSalts),
        };
        if s.state.outcome.is_some() {
            s.state.phase = Phase::Done;
        }
        if let Some(f) = s.state.in_flight.take() {
            match f.purpose {
                Purpose::Initiate => {}
                Purpose::Process => s.lost_process(),
                _ => s.state.phase = Phase::Verify,
            }
        }
        Ok(s)
    }

    fn send(&mut self, purpose: Purpose, request: HttpRequest, now: u64) -> Action {
        if purpose == Purpose::Initiate && self.state.initiate_first_sent_at.is_none() {
            self.state.initiate_first_sent_at = Some(now);
        }
        self.state.in_flight = Some(InFlight {
            purpose,
            sent_at: now,
        });
        Action::Send { purpose, request }
    }

    fn finish(&mut self, outcome: Outcome) -> Action {
        self.state.phase = Phase::Done;
        self.state.outcome = Some(outcome.clone());
        self.prepared = None;
        self.one_shot = None;
        Action::Done { outcome }
    }

    fn initiate_retry(&mut self, now: u64) {
        if self.state.initiate_attempts >= INITIATE_ATTEMPTS {
            let reason = if self.state.initiate_bad_signatures >= self.state.initiate_attempts {
                // Paytm signs even its refusals with the right key: none verifying here means
                // this key (or MID) is not the one Paytm has, or every answer was tampered with.
                FailureReason::BadSignatures
            } else {
                FailureReason::InitiateUnavailable
            };
            self.finish(Outcome::failed(reason, None));
            return;
        }
        // 1 s, 2 s, …: Initiate is idempotent for the same order (0002).
        let backoff = 1000u64 << self.state.initiate_attempts.saturating_sub(1).min(10);
        self.state.phase = Phase::Initiate;
        self.state.retry_at = Some(now.saturating_add(backoff));
    }

    /// The Process response is unknown: the payment may have started; the status decides.
    fn lost_process(&mut self) {
        self.state.phase = Phase::Verify;
    }

    fn status_retry(&mut self, now: u64) {
        let origin = self.schedule_origin();
        if self
            .config
            .pending_policy
            .next_after(now.saturating_sub(origin))
            .is_none()
        {
            let hint = self.state.hint.clone();
            let mut o = Outcome::failed(FailureReason::PendingTimeout, None);
            o.transaction = hint;
            self.finish(o);
            return;
        }
        // 30 s, 1 min, 2 min … (capped at 6 h): an outage or a wrong key must not mean a query
        // every 30 s for three days.
        let delay = (RETRY_DELAY_MS << self.state.status_failures.min(16)).min(6 * 3_600_000);
        self.state.status_failures = self.state.status_failures.saturating_add(1);
        self.state.phase = Phase::Pending;
        self.state.next_check_at = Some(now.saturating_add(delay));
    }

    fn schedule_origin(&self) -> u64 {
        self.state.submitted_at.unwrap_or_else(|| {
            self.state
                .token_expires_at
                .unwrap_or(0)
                .saturating_sub(TXN_TOKEN_VALIDITY_MS)
        })
    }

    fn on_initiate(&mut self, f: InFlight, status: u16, body: &[u8], now: u64) -> Result<()> {
        let parsed = match parse_response(
            Purpose::Initiate.api(),
            status,
            body,
            Some(&self.key),
            &strict(),
        ) {
            Ok(p) => p,
            Err(e) => {
                if e.code().number() / 1000 == 2 {
                    self.state.initiate_bad_signatures += 1;
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
                self.token = r.txn_token;
                // Issued no earlier than the first Initiate went out (a 0002 answer to a retry
                // returns the token of the first attempt): count validity from then.
                let issued = self.state.initiate_first_sent_at.unwrap_or(f.sent_at);
                self.state.token_expires_at = Some(issued.saturating_add(TXN_TOKEN_VALIDITY_MS));
                self.state.phase = Phase::CollectPayment;
            }
            _ if r.result_info.code() == "2023" => {
                self.finish(Outcome::failed(
                    FailureReason::RepeatRequestInconsistent,
                    failure_of(&r.result_info),
                ));
            }
            c if c.is_pending_like() => self.initiate_retry(now),
            _ => {
                self.finish(Outcome::failed(
                    FailureReason::InitiateRejected,
                    failure_of(&r.result_info),
                ));
            }
        }
        Ok(())
    }

    fn on_process(&mut self, status: u16, body: &[u8], now: u64) -> Result<()> {
        let parsed =
            crate::response::parse_process_transaction(status, body, Some(&self.key), &strict());
        if let Ok(p) = &parsed {
            if let ResponseData::Process(r) = &p.data {
                check_process(r, p.verification, self.subject())?;
            }
        }
        if self.state.phase != Phase::Processing {
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
        let expires = self.state.token_expires_at.unwrap_or(0);
        let step = Step {
            phase: &mut self.state.phase,
            one_shot: &mut self.one_shot,
            last_failure: &mut self.state.last_failure,
            hint: &mut self.state.hint,
        };
        match after_process(parsed.verification, parsed.class, r, now, expires).apply(step) {
            StepEnd::Continue => {}
            StepEnd::Unknown => self.lost_process(),
            StepEnd::Failed(outcome) => {
                self.finish(outcome);
            }
        }
        Ok(())
    }

    fn on_status(&mut self, status: u16, body: &[u8], now: u64) -> Result<()> {
        let parsed = match parse_response(
            Purpose::Status.api(),
            status,
            body,
            Some(&self.key),
            &strict(),
        ) {
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
        self.state.status_failures = 0;
        let ResponseData::Status(r) = &parsed.data else {
            return Err(state_error("status: unexpected response type (a bug)"));
        };
        let failure = failure_of(&r.result_info);
        let order = expected_order(&self.config.mid, &self.config.order_id, self.config.amount);
        match settle(order, t, failure) {
            Settled::Final(outcome) => {
                self.finish(outcome);
            }
            Settled::Pending(t, failure) => self.pending(now, t, failure),
        }
        Ok(())
    }

    fn pending(&mut self, now: u64, t: TransactionResult, failure: Option<Failure>) {
        let expired = now >= self.state.token_expires_at.unwrap_or(0);
        if t.state == TxnState::Unknown
            && !self.state.paid_here
            && !self.state.callback_seen
            && expired
        {
            // Nobody paid with the token and it is gone: Paytm knows no such payment.
            self.finish(Outcome::failed(FailureReason::TokenExpired, failure));
            return;
        }
        let origin = self.schedule_origin();
        match self
            .config
            .pending_policy
            .next_after(now.saturating_sub(origin))
        {
            Some(offset) => {
                self.state.hint = Some(t);
                self.state.phase = Phase::Pending;
                self.state.next_check_at = Some(origin.saturating_add(offset));
            }
            None => {
                self.finish(
                    Outcome::failed(FailureReason::PendingTimeout, failure).with_transaction(t),
                );
            }
        }
    }
}
