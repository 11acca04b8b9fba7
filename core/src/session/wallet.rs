//! [`WalletSession`]: an auto-debit payment from a linked Paytm wallet (`spec/auto-debit.md`).
//!
//! ```text
//! link:  send OTP ─▶ collect OTP (submit_otp) ─▶ validate OTP ─▶ access token
//!        (skipped when the config carries the user's ssoToken)
//! pay:   consult balance ─▶ funds sufficient ─▶ withdraw ─▶ status ─▶ done
//!                       └─▶ deficit, add money allowed ─▶ add-money form (browser) ─▶ its
//!                           callback ─▶ consult again       └─▶ not allowed: failure
//! ```
//!
//! The withdraw's result is confirmed with the signed v3 Transaction Status API and reconciled
//! like a checkout; pending withdrawals follow the [`PendingPolicy`]. The auto-debit spec shows
//! the legacy `getTxnStatus` for this step, but its answer carries no signature: only a verified
//! status may make `success` (design.md, money safety), so the session asks the v3 API, which
//! reports every order of the MID (<https://paytmpayments.com/docs/api/v3/transaction-status-api>).
//! The access token is a credential: it is never saved; `restore` takes it back.

use serde::{Deserialize, Serialize};

use super::action::{
    expected_order, parse_answer, settle, standing_action, state_error, take_outstanding, Action,
    Failure, FailureReason, OneShot, Outcome, Purpose, Settled, WaitReason,
};
use super::binding::{Claims, Subject, Weight};
use super::config::session_config;
use super::pending::PendingPolicy;
use super::salts::{OsSalts, SaltSource};
use super::save::{seal, Saved};
use super::timers::{Timer, TimerTable, RETRY_DELAY_MS};
use crate::api::autodebit::{AddMoney, CheckBalance, SendOtp, ValidateOtp, Withdraw};
use crate::api::status::TransactionStatus;
use crate::api::{Credentials, Head};
use crate::error::{Error, ErrorCode, Result};
use crate::response::{ResponseData, TransactionResult};
use crate::result_codes::{ResultClass, TxnState};
use crate::types::{
    Amount, CallbackUrl, Channel, Code, Currency, CustomerId, Email, Mid, Mobile, OrderId,
    RequestTimestamp, SsoToken,
};

session_config! {
    /// What a wallet session needs.
    ///
    /// JSON: `{"environment":"staging","mid":"…","orderId":"…","amount":"10.00","custId":"…",
    /// "phone":"5558889990","channel":"WAP","industryType":"Retail","website":"WEBSTAGING",
    /// "appIp":"10.0.0.1","deviceId":"D1","addMoneyCallbackUrl":"https://…"?,"ssoToken":"…"?}`.
    /// `ssoToken` (never saved) skips linking for a user linked before.
    pub struct WalletConfig as "WalletSessionConfig" {
        /// The merchant id.
        pub mid: Mid,
        /// The order.
        pub order_id: OrderId,
        /// The amount to debit.
        pub amount: Amount,
        /// The customer.
        pub cust_id: CustomerId,
        /// The user's mobile number (linking).
        #[serde(default)]
        pub phone: Option<Mobile>,
        /// The user's email (linking, optional).
        #[serde(default)]
        pub email: Option<Email>,
        /// WEB or WAP.
        pub channel: Channel,
        /// Industry type, e.g. `Retail`.
        pub industry_type: Code,
        /// Website name (add money).
        pub website: Code,
        /// IP address of the user's device.
        pub app_ip: String,
        /// The device's id (1-16 characters).
        pub device_id: Code,
        /// Where Paytm posts the add-money result.
        #[serde(default)]
        pub add_money_callback_url: Option<CallbackUrl>,
        /// A linked user's token (never saved).
        #[serde(default, skip_serializing)]
        pub sso_token: Option<SsoToken>,
        /// When to ask again about a pending withdrawal.
        pub pending_policy: PendingPolicy = default,
    }
}

/// Where a wallet session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WalletPhase {
    /// Send OTP is to be sent.
    SendOtp,
    /// Waiting for the user's OTP.
    CollectOtp,
    /// Validate OTP is to be sent.
    ValidateOtp,
    /// Consult is to be sent.
    Consult,
    /// The user is adding money in the browser.
    AddMoney,
    /// Withdraw is to be sent.
    Withdraw,
    /// The status is to be queried.
    Verify,
    /// Pending: queried again later.
    Pending,
    /// Finished.
    Done,
}

/// Where a wallet session stands; saved as [`SavedState`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "SavedState", from = "SavedState")]
struct State {
    phase: WalletPhase,
    otp_state: Option<String>,
    /// [`Timer::TokenExpiry`] (the access token's, as Paytm reported it) and
    /// [`Timer::NextCheck`].
    timers: TimerTable,
    in_flight: Option<WalletFlight>,
    submitted_at: Option<u64>,
    last_failure: Option<Failure>,
    add_money_rounds: u32,
    outcome: Option<Outcome>,
}

/// A wallet session's state as saved: the members every version wrote, the timer table's
/// deadlines as `tokenExpiresAt` and `nextCheckAt`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SavedState {
    phase: WalletPhase,
    #[serde(default)]
    otp_state: Option<String>,
    #[serde(default)]
    token_expires_at: Option<u64>,
    #[serde(default)]
    in_flight: Option<WalletFlight>,
    #[serde(default)]
    submitted_at: Option<u64>,
    #[serde(default)]
    next_check_at: Option<u64>,
    #[serde(default)]
    last_failure: Option<Failure>,
    #[serde(default)]
    add_money_rounds: u32,
    #[serde(default)]
    outcome: Option<Outcome>,
}

impl From<State> for SavedState {
    fn from(s: State) -> SavedState {
        SavedState {
            phase: s.phase,
            otp_state: s.otp_state,
            token_expires_at: s.timers.get(Timer::TokenExpiry),
            in_flight: s.in_flight,
            submitted_at: s.submitted_at,
            next_check_at: s.timers.get(Timer::NextCheck),
            last_failure: s.last_failure,
            add_money_rounds: s.add_money_rounds,
            outcome: s.outcome,
        }
    }
}

impl From<SavedState> for State {
    fn from(s: SavedState) -> State {
        State {
            phase: s.phase,
            otp_state: s.otp_state,
            timers: TimerTable::of(s.token_expires_at, None, s.next_check_at),
            in_flight: s.in_flight,
            submitted_at: s.submitted_at,
            last_failure: s.last_failure,
            add_money_rounds: s.add_money_rounds,
            outcome: s.outcome,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WalletFlight {
    step: Purpose,
    sent_at: u64,
}

const KIND: &str = "wallet";

/// An auto-debit payment: see the [module docs](self).
pub struct WalletSession {
    config: WalletConfig,
    state: State,
    credentials: Credentials,
    token: Option<SsoToken>,
    /// The OTP `submit_otp` was given (a credential: never saved).
    otp: Option<ValidateOtp>,
    one_shot: OneShot,
    salts: Box<dyn SaltSource>,
}

impl core::fmt::Debug for WalletSession {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("WalletSession")
            .field("order_id", &self.config.order_id)
            .field("phase", &self.state.phase)
            .field("linked", &self.token.is_some())
            .field("timers", &self.state.timers)
            .field("outcome", &self.state.outcome.as_ref().map(|o| o.status))
            .finish_non_exhaustive()
    }
}

/// Add money is offered at most this many times before the session gives up.
const ADD_MONEY_ROUNDS: u32 = 2;

impl WalletSession {
    /// A wallet session. Credentials: the merchant key (consult, withdraw, add money, status)
    /// and, for linking, the client id and secret.
    pub fn new(mut config: WalletConfig, credentials: Credentials) -> Result<WalletSession> {
        config.pending_policy.validate()?;
        credentials.key("wallet")?;
        let token = config.sso_token.take();
        if token.is_none() {
            credentials.client_id("wallet: linking")?;
            credentials.client_secret("wallet: linking")?;
            if config.phone.is_none() {
                return Err(Error::with_message(
                    ErrorCode::MissingField,
                    "wallet: phone is required to link the user (or pass ssoToken)",
                ));
            }
        }
        Ok(WalletSession {
            state: State {
                phase: if token.is_some() {
                    WalletPhase::Consult
                } else {
                    WalletPhase::SendOtp
                },
                otp_state: None,
                timers: TimerTable::default(),
                in_flight: None,
                submitted_at: None,
                last_failure: None,
                add_money_rounds: 0,
                outcome: None,
            },
            config,
            credentials,
            token,
            otp: None,
            one_shot: None,
            salts: Box::new(OsSalts),
        })
    }

    /// A session from its JSON config and JSON credentials
    /// (`{"merchantKey","clientId","clientSecret"}`).
    pub fn from_json(config: &[u8], credentials: Credentials) -> Result<WalletSession> {
        WalletSession::new(crate::api::parse("wallet", config)?, credentials)
    }

    /// Uses `salts` for the checksums.
    pub fn with_salts(mut self, salts: Box<dyn SaltSource>) -> WalletSession {
        self.salts = salts;
        self
    }

    /// Where the session stands.
    pub fn phase(&self) -> WalletPhase {
        self.state.phase
    }

    /// How it ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.state.outcome.as_ref()
    }

    /// The user's access token once linked (to store for later payments, as a secret).
    pub fn access_token(&self) -> Option<&SsoToken> {
        self.token.as_ref()
    }

    /// What to do next at `now` (ms).
    pub fn next_action(&mut self, now: u64) -> Result<Action> {
        if let Some(a) = standing_action(
            self.state.outcome.as_ref(),
            Some(&mut self.one_shot),
            self.state.in_flight.is_some(),
        ) {
            return Ok(a);
        }
        let env = self.config.environment.clone();
        let (step, request) = match self.state.phase {
            WalletPhase::SendOtp => {
                let phone = self
                    .config
                    .phone
                    .clone()
                    .ok_or_else(|| state_error("wallet: no phone to link"))?;
                let mut r = SendOtp::new(phone);
                r.email = self.config.email.clone();
                (
                    Purpose::SendOtp,
                    r.build(&env, self.credentials.client_id("send_otp")?)?,
                )
            }
            WalletPhase::CollectOtp => {
                return Ok(Action::CollectOtp {
                    retry_of: self.state.last_failure.clone(),
                })
            }
            WalletPhase::ValidateOtp => {
                let otp = self
                    .otp
                    .take()
                    .ok_or_else(|| state_error("wallet: the OTP is gone; submit it again"))?;
                let r = otp.build(
                    &env,
                    self.credentials.client_id("validate_otp")?,
                    self.credentials.client_secret("validate_otp")?,
                );
                (Purpose::ValidateOtp, r?)
            }
            WalletPhase::Consult => {
                let token = self.token("consult")?.clone();
                let head = Head {
                    client_id: self.credentials.client_id.clone(),
                    version: None,
                    request_timestamp: Some(RequestTimestamp::new(now.to_string())?),
                    channel_id: Some(self.config.channel),
                };
                let r = CheckBalance {
                    head,
                    mid: self.config.mid.clone(),
                    user_token: token,
                    total_amount: self.config.amount,
                    amount_details: None,
                };
                let salt = self.salts.next_salt();
                (
                    Purpose::CheckBalance,
                    r.build(&env, self.credentials.key("check_balance")?, salt)?,
                )
            }
            WalletPhase::AddMoney => {
                return Ok(Action::Wait {
                    until: None,
                    reason: WaitReason::Callback,
                })
            }
            WalletPhase::Withdraw => {
                let r = Withdraw {
                    mid: self.config.mid.clone(),
                    order_id: self.config.order_id.clone(),
                    txn_amount: self.config.amount,
                    app_ip: self.config.app_ip.clone(),
                    device_id: self.config.device_id.clone(),
                    currency: Currency::default(),
                    sso_token: self.token("withdraw")?.clone(),
                    cust_id: self.config.cust_id.clone(),
                    industry_type: self.config.industry_type.clone(),
                    channel: self.config.channel,
                    auth_mode: Code::new("USRPWD")?,
                    payment_mode: Code::new("PPI")?,
                    merc_unq_ref: None,
                    promo_camp_id: None,
                    subwallet_amount: None,
                };
                let salt = self.salts.next_salt();
                self.state.submitted_at = Some(now);
                (
                    Purpose::Withdraw,
                    r.build(&env, self.credentials.key("withdraw")?, salt)?,
                )
            }
            WalletPhase::Pending | WalletPhase::Verify => {
                if self.state.phase == WalletPhase::Pending {
                    if let Some(wait) =
                        self.state
                            .timers
                            .wait(Timer::NextCheck, now, WaitReason::Pending)
                    {
                        return Ok(wait);
                    }
                }
                let r =
                    TransactionStatus::new(self.config.mid.clone(), self.config.order_id.clone());
                let salt = self.salts.next_salt();
                (
                    Purpose::Status,
                    r.build(&env, self.credentials.key("status")?, salt)?,
                )
            }
            WalletPhase::Done => return Err(state_error("wallet: finished without an outcome")),
        };
        self.state.in_flight = Some(WalletFlight { step, sent_at: now });
        Ok(Action::Send {
            purpose: step,
            request,
        })
    }

    /// The OTP the user typed (after [`Action::CollectOtp`]).
    pub fn submit_otp(&mut self, otp: &str, _now: u64) -> Result<()> {
        if self.state.phase != WalletPhase::CollectOtp || self.state.outcome.is_some() {
            return Err(state_error("submit_otp: no OTP is being collected"));
        }
        let state = self
            .state
            .otp_state
            .clone()
            .ok_or_else(|| state_error("submit_otp: no OTP was sent"))?;
        let v = ValidateOtp {
            otp: otp.to_owned(),
            state,
        };
        v.validate()?;
        self.otp = Some(v);
        self.state.phase = WalletPhase::ValidateOtp;
        Ok(())
    }

    /// The response to the outstanding request. An error counts as no answer: linking steps and
    /// consult may be asked again; a lost withdraw is resolved by the status API.
    pub fn handle_response(&mut self, http_status: u16, body: &[u8], now: u64) -> Result<()> {
        let f = take_outstanding(&mut self.state.in_flight, "handle_response")?;
        let key = self.credentials.merchant_key.as_ref();
        let parsed = parse_answer(f.step.api(), http_status, body, key);
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                self.unanswered(f.step, now);
                return Err(e);
            }
        };
        // The withdrawal and its status are about this order: anything else changes nothing.
        if matches!(f.step, Purpose::Withdraw | Purpose::Status) {
            if let Some(t) = parsed.transaction() {
                let weight = match (f.step, t.state) {
                    (Purpose::Status, state) => Weight::of_payment(state),
                    // A declined withdrawal ends the session.
                    (_, TxnState::Failure) => Weight::Final,
                    _ => Weight::Informative,
                };
                let subject =
                    Subject::order(&self.config.mid, &self.config.order_id, self.config.amount);
                if let Err(e) = subject.check(f.step.api(), &Claims::of(&t), weight) {
                    self.state.in_flight = Some(f);
                    return Err(e);
                }
            }
        }
        match (f.step, parsed.data) {
            (Purpose::SendOtp, ResponseData::SendOtp(r)) => match r.state {
                Some(s) if parsed.class == ResultClass::Success => {
                    self.state.otp_state = Some(s);
                    self.state.last_failure = None;
                    self.state.phase = WalletPhase::CollectOtp;
                }
                _ => self.finish(declined(r.response_code, r.message)),
            },
            (Purpose::ValidateOtp, ResponseData::ValidateOtp(r)) => match r.access_token {
                Some(t) if parsed.class == ResultClass::Success => {
                    self.token = Some(t);
                    self.state.timers.put(Timer::TokenExpiry, r.expires);
                    self.state.phase = WalletPhase::Consult;
                }
                _ if parsed.class == ResultClass::RetryAllowed => {
                    self.state.last_failure = Some(Failure {
                        code: r.response_code,
                        message: r.status,
                    });
                    self.state.phase = WalletPhase::CollectOtp;
                }
                _ => self.finish(declined(r.response_code, r.status)),
            },
            (Purpose::CheckBalance, ResponseData::Consult(r)) => {
                let failure = Some(Failure {
                    code: r.result_info.result_code.as_deref().map(str::to_owned),
                    message: r.result_info.result_msg.as_deref().map(str::to_owned),
                });
                match (parsed.class, r.funds_sufficient, r.add_money_allowed) {
                    (ResultClass::Success, Some(true), _) => {
                        self.state.phase = WalletPhase::Withdraw
                    }
                    (ResultClass::Success, _, Some(true))
                        if self.state.add_money_rounds < ADD_MONEY_ROUNDS =>
                    {
                        let deficit = r.deficit_amount.unwrap_or(self.config.amount);
                        self.state.add_money_rounds += 1;
                        self.state.phase = WalletPhase::AddMoney;
                        let form = AddMoney {
                            mid: self.config.mid.clone(),
                            order_id: add_money_order(
                                &self.config.order_id,
                                self.state.add_money_rounds,
                            )?,
                            cust_id: self.config.cust_id.clone(),
                            txn_amount: deficit,
                            channel_id: self.config.channel,
                            industry_type_id: self.config.industry_type.clone(),
                            website: self.config.website.clone(),
                            sso_token: self.token("add_money")?.clone(),
                            callback_url: self.config.add_money_callback_url.clone(),
                        };
                        let salt = self.salts.next_salt();
                        let form = form.form(
                            &self.config.environment,
                            self.credentials.key("add_money")?,
                            salt,
                        )?;
                        self.one_shot = Some(Action::OpenForm { form });
                    }
                    (ResultClass::Success, _, _) => self.finish(Outcome {
                        mismatch: None,
                        ..Outcome::failed(FailureReason::InsufficientFunds, failure)
                    }),
                    (c, _, _) if c.is_pending_like() => self.unanswered(f.step, now),
                    _ => self.finish(Outcome::failed(FailureReason::Declined, failure)),
                }
            }
            (Purpose::Withdraw, ResponseData::Withdraw(r)) => match r.state {
                TxnState::Failure => self.finish(Outcome {
                    transaction: Some(r.transaction(parsed.verification)),
                    ..declined(r.response_code.clone(), r.response_message.clone())
                }),
                _ => self.state.phase = WalletPhase::Verify,
            },
            (Purpose::Status, ResponseData::Status(r)) => {
                let tr = r.transaction(parsed.verification);
                self.settle(now, tr, Failure::of(&r.result_info));
            }
            _ => return Err(state_error("wallet: unexpected response type (a bug)")),
        }
        Ok(())
    }

    /// The outstanding request got no response.
    pub fn handle_send_failure(&mut self, now: u64) -> Result<()> {
        let f = take_outstanding(&mut self.state.in_flight, "handle_send_failure")?;
        self.unanswered(f.step, now);
        Ok(())
    }

    /// The add-money callback (Paytm's POST to the add-money callbackUrl): verified with the
    /// key; then the balance is consulted again.
    pub fn handle_callback(&mut self, body: &[u8], _now: u64) -> Result<()> {
        let key = self.credentials.merchant_key.as_ref();
        let parsed = parse_answer("add_money", 200, body, key)?;
        // It must name one of this session's add-money orders (`{orderId}-AM{n}`), exactly: a
        // prefix match would take another order's (`O1` is a prefix of `O10-AM1`). Whatever it
        // says about the amount, the balance decides next.
        let t = parsed.transaction();
        let claims = Claims {
            amount: None,
            ..t.as_ref().map(Claims::of).unwrap_or_default()
        };
        let mut round = None;
        if claims.order_id.is_some() {
            for n in 1..=self.state.add_money_rounds {
                let order = add_money_order(&self.config.order_id, n)?;
                let subject = Subject::order(&self.config.mid, &order, self.config.amount);
                if subject.check("", &claims, Weight::Informative).is_ok() {
                    round = Some(n);
                }
            }
        }
        let Some(round) = round else {
            return Err(Error::with_message(
                ErrorCode::OrderMismatch,
                "add money callback: not about this session's add-money order (orderId or mid); \
                 refused, the session is unchanged",
            ));
        };
        if self.state.phase != WalletPhase::AddMoney
            || self.state.outcome.is_some()
            || round != self.state.add_money_rounds
        {
            // Late or duplicate: harmless.
            return Ok(());
        }
        // Whatever it says, the balance decides.
        self.state.phase = WalletPhase::Consult;
        Ok(())
    }

    /// The session as JSON (no key, client secret, access token or OTP).
    pub fn save(&self) -> String {
        let saved = Saved::write(KIND, &self.config, self.state.clone());
        match &self.credentials.merchant_key {
            Some(key) => seal(key, &saved),
            // A wallet session cannot be made without the key.
            None => saved,
        }
    }

    /// A session from [`WalletSession::save`]'s JSON, the credentials and the access token (if
    /// the user was linked).
    pub fn restore(
        json: &[u8],
        credentials: Credentials,
        access_token: Option<SsoToken>,
    ) -> Result<WalletSession> {
        let key = credentials.key("wallet")?;
        let saved: Saved<WalletConfig, State> = Saved::open_as(key, KIND, json)?;
        let mut s = WalletSession {
            config: saved.config,
            state: saved.state,
            credentials,
            token: access_token,
            otp: None,
            one_shot: None,
            salts: Box::new(OsSalts),
        };
        if let Some(f) = s.state.in_flight.take() {
            s.unanswered(f.step, 0);
            s.state.timers.stop(Timer::NextCheck);
        }
        if s.state.phase == WalletPhase::ValidateOtp {
            s.state.phase = WalletPhase::CollectOtp;
        }
        Ok(s)
    }

    fn token(&self, what: &str) -> Result<&SsoToken> {
        self.token.as_ref().ok_or_else(|| {
            Error::with_message(
                ErrorCode::InvalidCredentials,
                format!(
                    "wallet: {what} needs the user's access token (link first, or restore with it)"
                ),
            )
        })
    }

    fn finish(&mut self, outcome: Outcome) {
        self.state.phase = WalletPhase::Done;
        self.state.outcome = Some(outcome);
    }

    fn unanswered(&mut self, step: Purpose, now: u64) {
        self.state.phase = match step {
            Purpose::SendOtp => WalletPhase::SendOtp,
            // The OTP was used (or not): ask the user again.
            Purpose::ValidateOtp => WalletPhase::CollectOtp,
            Purpose::CheckBalance => WalletPhase::Consult,
            // Money may have moved: only the status may say.
            _ => {
                self.state
                    .timers
                    .set(Timer::NextCheck, now.saturating_add(RETRY_DELAY_MS));
                WalletPhase::Pending
            }
        };
    }

    fn settle(&mut self, now: u64, t: TransactionResult, failure: Option<Failure>) {
        let order = expected_order(&self.config.mid, &self.config.order_id, self.config.amount);
        let (t, failure) = match settle(order, t, failure) {
            Settled::Final(outcome) => return self.finish(outcome),
            Settled::Pending(t, failure) => (t, failure),
        };
        let origin = self.state.submitted_at.unwrap_or(now);
        match self.config.pending_policy.next_check(origin, now) {
            Some(at) => {
                self.state.phase = WalletPhase::Pending;
                self.state.timers.set(Timer::NextCheck, at);
            }
            None => self.finish(
                Outcome::failed(FailureReason::PendingTimeout, failure).with_transaction(t),
            ),
        }
    }
}

/// The session fails, declined, with the code and message Paytm gave.
fn declined(code: Option<String>, message: Option<String>) -> Outcome {
    Outcome::failed(FailureReason::Declined, Some(Failure { code, message }))
}

/// The order id of add-money round `n` of `order`.
fn add_money_order(order: &OrderId, n: u32) -> Result<OrderId> {
    OrderId::new(format!("{}-AM{n}", order.as_str()))
}
