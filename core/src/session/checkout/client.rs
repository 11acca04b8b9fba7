//! [`ClientCheckout`], the client half of a checkout (its docs say what it does): its config read
//! from a JSON tree, the payment step of [`super::step`] ended `unverified`, and its unsealed
//! saves through the one saved schema ([`super::saved`]).

use super::config::CheckoutConfig;
use super::helpers::{is_check, options_built, PayChecks};
use super::saved::{self, SavedConfig};
use super::step::{check_callback, check_process, CheckoutPhase, Payment, StepEnd};
use crate::api::process::{PaymentMode, ProcessTransaction};
use crate::callback::{parse_callback_tree_unverified, parse_callback_unverified, Callback};
use crate::error::{Error, ErrorCode, Result};
use crate::http::Environment;
use crate::input::{Json, Obj};
use crate::response::{process_keyless, ParseOptions};
use crate::session::action::{Action, FailureReason, Outcome};
use crate::session::binding::Subject;
use crate::session::timers::TXN_TOKEN_VALIDITY_MS;
use crate::types::{Amount, Mid, OrderId, TxnToken};

/// The client half of a checkout: what a browser or an app does with the txnToken its merchant's
/// server obtained, holding no merchant key.
///
/// ```text
/// collect payment ─▶ pay ─▶ process ─▶ bank form / deep link ──────────▶ done: unverified
///        ▲                     │ txnInfo (wallet) or pending ─────────────▶ done: unverified
///        └── retry allowed ────┤ declined, token expired ──────────────────▶ done: failure
/// ```
///
/// The payment step follows the same rules as a server's
/// [`CheckoutSession`](super::CheckoutSession) (the same code); what differs is the end. Paytm asks
/// merchants to confirm every payment with the server-to-server Transaction Status API before
/// fulfilling (`spec/getting-started.md`), which needs the merchant key, so once the payment has
/// left the client's hands the session ends
/// [`OutcomeStatus::Unverified`](crate::session::OutcomeStatus::Unverified) — never success —
/// carrying what the Process response or a callback said as an unverified hint. A token older
/// than 15 minutes ends it as
/// [`FailureReason::TokenExpired`](crate::session::FailureReason::TokenExpired).
///
/// A [`CheckoutSession`](super::CheckoutSession) made without a key is this type. The npm
/// package's browser build wraps it directly: it links no cipher, no JSON parser (the host parses
/// JSON: every method that reads JSON text takes a `parse` function, see [`crate::input`]) and no
/// other API's types.
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
    /// The payment step (what [`CheckoutSession`](super::CheckoutSession) reports).
    pub(super) payment: Payment,
}

impl core::fmt::Debug for ClientCheckout {
    /// The order and the phase; never the token or card data.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ClientCheckout")
            .field("order_id", &self.order_id)
            .field("phase", &self.payment.phase)
            .field("in_flight", &self.payment.in_flight)
            .field("outcome", &self.payment.outcome.as_ref().map(|o| o.status))
            .finish_non_exhaustive()
    }
}

/// The members of a checkout config a client reads. `pendingPolicy` is a server's (a client
/// never queries the status) and is accepted so that one config object serves both halves;
/// `initiate` is refused: initiating signs with the merchant key.
const CONFIG_MEMBERS: &[&str] = &[
    "environment",
    "fetchPaymentOptions",
    "maxPromoDiscount",
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
    /// [`CheckoutConfig`]): `{"environment"?, "mid", "orderId", "amount", "txnToken",
    /// "tokenIssuedAt"}` (ms). Errors name the member, never its value.
    pub fn from_tree(config: &Json) -> Result<ClientCheckout> {
        let o = Obj::root("checkout", config, CONFIG_MEMBERS)?;
        if o.raw("initiate").is_some() {
            return Err(needs_key("checkout"));
        }
        let issued = o.uint("tokenIssuedAt")?;
        let amount = o.req_text("amount", Amount::parse)?;
        let environment = Environment::read_member(&o)?;
        let mid = o.req_text("mid", |s| Mid::new(s))?;
        let order_id = o.req_text("orderId", |s| OrderId::new(s))?;
        let token = o.req_text("txnToken", |s| TxnToken::new(s))?;
        let issued = issued.ok_or_else(|| o.missing("tokenIssuedAt"))?;
        let options = o.flag("fetchPaymentOptions")?.unwrap_or(false);
        options_built(options)?;
        let max_discount = o.text("maxPromoDiscount", Amount::parse)?;
        Ok(ClientCheckout::new(
            (environment, mid, order_id, amount),
            token,
            issued,
            (options, max_discount),
        ))
    }

    /// A client session from a checkout config made with [`CheckoutConfig::client`].
    pub fn from_config(config: CheckoutConfig) -> Result<ClientCheckout> {
        if config.initiate.is_some() {
            return Err(needs_key("checkout"));
        }
        let (Some(token), Some(issued)) = (config.txn_token, config.token_issued_at) else {
            return Err(Error::with_message(
                ErrorCode::MissingField,
                "checkout: a client session needs txnToken and tokenIssuedAt",
            ));
        };
        options_built(config.fetch_payment_options)?;
        Ok(ClientCheckout::new(
            (
                config.environment,
                config.mid,
                config.order_id,
                config.amount,
            ),
            token,
            issued,
            (config.fetch_payment_options, config.max_promo_discount),
        ))
    }

    fn new(
        (environment, mid, order_id, amount): (Environment, Mid, OrderId, Amount),
        token: TxnToken,
        issued_at: u64,
        (options, max_discount): (bool, Option<Amount>),
    ) -> ClientCheckout {
        let expires = issued_at.saturating_add(TXN_TOKEN_VALIDITY_MS);
        let mut payment = Payment::new(CheckoutPhase::CollectPayment, Some(token), Some(expires));
        payment.configure(options, max_discount);
        ClientCheckout {
            environment,
            mid,
            order_id,
            amount,
            payment,
        }
    }

    /// Where the session stands.
    pub fn phase(&self) -> CheckoutPhase {
        self.payment.phase
    }

    /// How the session ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.payment.outcome.as_ref()
    }

    /// What to do next at `now` (ms): collect the payment, send Process Transaction, show the
    /// bank form or open the deep link, wait for the response, or done.
    pub fn next_action(&mut self, now: u64) -> Result<Action> {
        if let Some(a) = self.payment.standing_action() {
            return Ok(a);
        }
        if self.payment.phase != CheckoutPhase::CollectPayment {
            // The payment left this client (or its answer was lost): only the merchant's
            // server can tell how it ended.
            return Ok(self.payment.finish_unverified());
        }
        if now >= self.payment.expires_at() {
            return Ok(self
                .payment
                .finish(Outcome::failed(FailureReason::TokenExpired, None)));
        }
        let order = (&self.environment, &self.mid, &self.order_id, self.amount);
        if let Some(send) = self.payment.next_request(order, now)? {
            return Ok(send);
        }
        self.payment.collect_action()
    }

    /// Chooses how the customer pays (see [`super::CheckoutSession::pay`]); the request goes
    /// out with the next [`Action::Send`]. Errors leave the session unchanged.
    pub fn pay(&mut self, payment: ProcessTransaction, now: u64) -> Result<()> {
        self.pay_as(payment, &PayChecks::none(), now)
    }

    /// As [`ClientCheckout::pay`], after the checks `asked` (see
    /// [`super::CheckoutSession::pay_checked`]).
    pub(super) fn pay_as(
        &mut self,
        p: ProcessTransaction,
        asked: &PayChecks,
        now: u64,
    ) -> Result<()> {
        let order = (&self.environment, &self.mid, &self.order_id, self.amount);
        self.payment.pay(p, asked, order, now)
    }

    /// The OTP of a wallet login (see [`super::CheckoutSession::submit_otp`]).
    pub fn submit_otp(&mut self, otp: &str, _now: u64) -> Result<()> {
        self.payment.submit_otp(otp)
    }

    /// As [`ClientCheckout::pay`], from the Process Transaction input's JSON tree without
    /// `txnToken`, `mid` and `orderId` (the session's own), e.g.
    /// `{"paymentMode":"UPI","payerAccount":"user@bank"}`, with the session's members
    /// `validateVpa`, `checkBin` and `promoCode` (see [`PayChecks`]).
    pub fn pay_tree(&mut self, payment: Json, now: u64) -> Result<()> {
        let (p, asked) = self
            .payment
            .payment_input(payment, &self.mid, &self.order_id)?;
        self.pay_as(p, &asked, now)
    }

    /// A Process Transaction input for this session's token, MID and order, to complete with the
    /// payment mode's members and pass to [`ClientCheckout::pay`].
    pub fn payment(&self, mode: PaymentMode) -> Result<ProcessTransaction> {
        self.payment.payment_for(&self.mid, &self.order_id, mode)
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
        let sent = self.payment.take_in_flight("handle_response")?;
        if is_check(sent.purpose) {
            return self.payment.on_check(sent, http_status, body, parse);
        }
        let options = ParseOptions {
            allow_unsigned: true,
        };
        let parsed = process_keyless(http_status, body, parse, &options);
        if let Ok((verification, _, r)) = &parsed {
            if let Err(e) = check_process(r, *verification, self.subject()) {
                // Not this payment's answer: the request is still out.
                self.payment.in_flight = Some(sent);
                return Err(e);
            }
        }
        if self.payment.phase != CheckoutPhase::Processing {
            // A callback overtook the response and ended the session.
            return parsed.map(|_| ());
        }
        let (verification, class, r) = match parsed {
            Ok(p) => p,
            Err(e) => {
                self.payment.finish_unverified();
                return Err(e);
            }
        };
        match self.payment.after_process(verification, class, r, now) {
            StepEnd::Continue => {}
            StepEnd::Unknown => {
                self.payment.finish_unverified();
            }
            StepEnd::Failed(outcome) => {
                self.payment.finish(outcome);
            }
        }
        Ok(())
    }

    /// The Process Transaction request got no response: the payment may have started, so the
    /// session ends unverified.
    pub fn handle_send_failure(&mut self, _now: u64) -> Result<()> {
        let sent = self.payment.take_in_flight("handle_send_failure")?;
        if is_check(sent.purpose) {
            // Nothing was paid: the check goes out again with the next action.
            self.payment.check_lost(sent.purpose);
            return Ok(());
        }
        self.payment.finish_unverified();
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
        check_callback(&cb, self.subject())?;
        if self.payment.outcome.is_some() {
            return Ok(());
        }
        self.payment.note_callback(&cb);
        self.payment.finish_unverified();
        Ok(())
    }

    /// What this session is about (see [`crate::session::binding`]).
    fn subject(&self) -> Subject<'_> {
        Subject::order(
            &self.mid,
            &self.order_id,
            self.payment.amount_due(self.amount),
        )
    }

    /// The session as JSON, without the txnToken or card data: the format of
    /// [`super::CheckoutSession::save`], unsealed (a client holds no key).
    pub fn save(&self) -> String {
        let config = SavedConfig::order(
            self.environment.clone(),
            self.mid.clone(),
            self.order_id.clone(),
            self.amount,
        )
        .configured(&self.payment);
        saved::write(config, &self.payment, None)
    }

    /// A session from the JSON tree of a saved checkout without a key (a client's, or a server
    /// session that was given its token rather than initiating). Pass the txnToken back if the
    /// payment is still to be collected. A request that was out is treated as unanswered: the
    /// session ends unverified.
    pub fn restore_tree(saved: &Json, txn_token: Option<TxnToken>) -> Result<ClientCheckout> {
        // The one reader of saves is serde's: the tree is written back to the text it was.
        // (Writing a tree cannot fail; an empty text would be refused as no save.)
        let text = serde_json::to_vec(saved).unwrap_or_default();
        ClientCheckout::restore(&text, txn_token)
    }

    /// A session from [`ClientCheckout::save`]'s JSON (see [`ClientCheckout::restore_tree`]).
    pub(super) fn restore(json: &[u8], txn_token: Option<TxnToken>) -> Result<ClientCheckout> {
        let (config, mut payment) = saved::read_unsealed(json, txn_token)?;
        payment.configure(
            config.fetch_payment_options == Some(true),
            config.max_promo_discount,
        );
        let mut s = ClientCheckout {
            environment: config.environment,
            mid: config.mid,
            order_id: config.order_id,
            amount: config.amount,
            payment,
        };
        if s.payment.outcome.is_some() {
            s.payment.phase = CheckoutPhase::Done;
        } else if let Some(f) = s.payment.in_flight.take() {
            // A check out: nothing was paid, and the prepared payment is never saved, so
            // the payment is collected again.
            if !is_check(f.purpose) {
                s.payment.finish_unverified();
            }
        }
        Ok(s)
    }
}
