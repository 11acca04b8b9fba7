//! A saved checkout: one schema for both halves, with one writer and one reader (serde both
//! ways).
//!
//! ```text
//! {"version":1,"kind":"checkout","config":{"environment","mid","orderId","amount",
//!   "initiate"?,"pendingPolicy"?},"state":{"phase","tokenExpiresAt","submittedAt","paidHere",
//!   "callbackSeen","inFlight","retryAt","initiateAttempts","initiateFirstSentAt",
//!   "initiateBadSignatures","statusFailures","nextCheckAt","lastFailure","hint","outcome",
//!   "payable"?}}
//! ```
//!
//! A server writes every member (`null` for what it does not hold) and seals the save; the
//! client half writes only what it holds (no server member, no `null`), unsealed. Hosts keep
//! saves across upgrades, so these bytes are a format: the member names, their order and the two
//! dialects are exactly what every earlier version wrote. Either half reads either dialect
//! (members it has no use for are accepted and ignored); an unsealed save restores only into
//! what a client may have concluded.

use serde::{Deserialize, Serialize};

use super::config::CheckoutConfig;
use super::step::{CheckoutPhase, Payment};
use crate::api::initiate::InitiateTransaction;
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::http::Environment;
use crate::response::{TransactionResult, Verification};
use crate::session::action::{Failure, InFlight, Outcome, OutcomeStatus};
use crate::session::pending::PendingPolicy;
use crate::session::save::{is_sealed, restore_error, Saved};
use crate::session::timers::{Timer, TimerTable};
use crate::types::{Amount, Mid, OrderId, TxnToken};

const KIND: &str = "checkout";

/// The server half's own counters, saved beside the payment (the client half has none).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Attempts {
    /// Initiate requests sent.
    pub initiate: u32,
    /// When the first Initiate went out: a token from a retry (0002) was issued then.
    pub initiate_first_sent_at: Option<u64>,
    /// Initiate answers refused for their signature (all of them: the key is likely wrong).
    pub initiate_bad_signatures: u32,
    /// Status answers in a row that were unusable (backoff).
    pub status_failures: u32,
}

crate::json_struct::json_struct! {
    /// A saved checkout's config: the order, and a server's Initiate input (without its SSO
    /// tokens) and pending policy; never the txnToken.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub(super) struct SavedConfig {
        #[serde(default)]
        pub environment: Environment,
        pub mid: Mid,
        pub order_id: OrderId,
        pub amount: Amount,
        initiate: Option<InitiateTransaction> => omit,
        pending_policy: Option<PendingPolicy> => omit,
        /// `true` when the session fetches the payment options (left out otherwise: saves
        /// without it are what earlier versions wrote).
        pub fetch_payment_options: Option<bool> => omit,
        /// The config's `maxPromoDiscount` (left out when none).
        pub max_promo_discount: Option<Amount> => omit,
    }
}

impl SavedConfig {
    /// The client half's config: the order only.
    pub fn order(environment: Environment, mid: Mid, order_id: OrderId, amount: Amount) -> Self {
        SavedConfig {
            environment,
            mid,
            order_id,
            amount,
            initiate: None,
            pending_policy: None,
            fetch_payment_options: None,
            max_promo_discount: None,
        }
    }

    /// With what the payment step was configured with (see [`Payment::configure`]).
    pub fn configured(mut self, payment: &Payment) -> Self {
        self.fetch_payment_options = payment.options.asked().then_some(true);
        self.max_promo_discount = payment.max_discount;
        self
    }
}

/// A member of a saved state: written (its value, `null` for none) or left out. A server writes
/// every member; the client half leaves out what it does not hold.
#[derive(Default)]
enum Slot<T> {
    #[default]
    LeftOut,
    Written(Option<T>),
}

impl<T> Slot<T> {
    fn of(value: Option<T>, every: bool) -> Slot<T> {
        if every || value.is_some() {
            Slot::Written(value)
        } else {
            Slot::LeftOut
        }
    }

    fn is_left_out(&self) -> bool {
        matches!(self, Slot::LeftOut)
    }

    fn value(self) -> Option<T> {
        match self {
            Slot::Written(v) => v,
            Slot::LeftOut => None,
        }
    }
}

impl<T: Serialize> Serialize for Slot<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        match self {
            Slot::Written(v) => v.serialize(s),
            // Skipped by `skip_serializing_if`.
            Slot::LeftOut => s.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Slot<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        Option::<T>::deserialize(d).map(Slot::Written)
    }
}

/// A saved checkout's state (see the [module docs](self)).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SavedState {
    phase: CheckoutPhase,
    #[serde(default)]
    token_expires_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Slot::is_left_out")]
    submitted_at: Slot<u64>,
    #[serde(default)]
    paid_here: bool,
    #[serde(default)]
    callback_seen: bool,
    #[serde(default, skip_serializing_if = "Slot::is_left_out")]
    in_flight: Slot<InFlight>,
    #[serde(default, skip_serializing_if = "Slot::is_left_out")]
    retry_at: Slot<u64>,
    #[serde(default, skip_serializing_if = "Slot::is_left_out")]
    initiate_attempts: Slot<u32>,
    #[serde(default, skip_serializing_if = "Slot::is_left_out")]
    initiate_first_sent_at: Slot<u64>,
    #[serde(default, skip_serializing_if = "Slot::is_left_out")]
    initiate_bad_signatures: Slot<u32>,
    #[serde(default, skip_serializing_if = "Slot::is_left_out")]
    status_failures: Slot<u32>,
    #[serde(default, skip_serializing_if = "Slot::is_left_out")]
    next_check_at: Slot<u64>,
    #[serde(default, skip_serializing_if = "Slot::is_left_out")]
    last_failure: Slot<Failure>,
    #[serde(default, skip_serializing_if = "Slot::is_left_out")]
    hint: Slot<TransactionResult>,
    #[serde(default, skip_serializing_if = "Slot::is_left_out")]
    outcome: Slot<Outcome>,
    /// What an applied promo left of the order's amount (only when one was applied: saves
    /// without a promo are byte for byte what earlier versions wrote).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    payable: Option<Amount>,
}

impl SavedState {
    /// `payment` as saved: by a server (with its `attempts`) every member, by the client half
    /// only those it holds.
    fn of(p: &Payment, attempts: Option<&Attempts>) -> SavedState {
        let every = attempts.is_some();
        let expires = p.timers.get(Timer::TokenExpiry);
        SavedState {
            phase: p.phase,
            // The client half always has a token, so a deadline (0 when it read none).
            token_expires_at: if every {
                expires
            } else {
                Some(expires.unwrap_or(0))
            },
            submitted_at: Slot::of(p.submitted_at, every),
            paid_here: p.paid_here,
            callback_seen: p.callback_seen,
            in_flight: Slot::of(p.in_flight, every),
            retry_at: Slot::of(p.timers.get(Timer::Retry), every),
            initiate_attempts: Slot::of(attempts.map(|a| a.initiate), every),
            initiate_first_sent_at: Slot::of(
                attempts.and_then(|a| a.initiate_first_sent_at),
                every,
            ),
            initiate_bad_signatures: Slot::of(attempts.map(|a| a.initiate_bad_signatures), every),
            status_failures: Slot::of(attempts.map(|a| a.status_failures), every),
            next_check_at: Slot::of(p.timers.get(Timer::NextCheck), every),
            last_failure: Slot::of(p.last_failure.clone(), every),
            hint: Slot::of(p.hint.clone(), every),
            outcome: Slot::of(p.outcome.clone(), every),
            payable: p.payable,
        }
    }

    /// The payment it describes (with `token`, which is never saved) and the server's counters.
    fn into_parts(self, token: Option<TxnToken>) -> (Payment, Attempts) {
        let timers = TimerTable::of(
            self.token_expires_at,
            self.retry_at.value(),
            self.next_check_at.value(),
        );
        let payment = Payment {
            phase: self.phase,
            timers,
            submitted_at: self.submitted_at.value(),
            paid_here: self.paid_here,
            callback_seen: self.callback_seen,
            in_flight: self.in_flight.value(),
            last_failure: self.last_failure.value(),
            hint: self.hint.value(),
            outcome: self.outcome.value(),
            token,
            prepared: None,
            one_shot: None,
            checks: Default::default(),
            payable: self.payable,
            options: Default::default(),
            max_discount: None,
        };
        let attempts = Attempts {
            initiate: self.initiate_attempts.value().unwrap_or(0),
            initiate_first_sent_at: self.initiate_first_sent_at.value(),
            initiate_bad_signatures: self.initiate_bad_signatures.value().unwrap_or(0),
            status_failures: self.status_failures.value().unwrap_or(0),
        };
        (payment, attempts)
    }
}

/// The one writer: a server's save (with its `attempts`; sealed by the caller) or the client
/// half's.
pub(super) fn write(config: SavedConfig, payment: &Payment, attempts: Option<&Attempts>) -> String {
    Saved::write(KIND, config, SavedState::of(payment, attempts))
}

/// A server's config as saved: without secrets.
pub(super) fn server_config(config: &CheckoutConfig) -> SavedConfig {
    let c = config.without_secrets();
    SavedConfig {
        environment: c.environment,
        mid: c.mid,
        order_id: c.order_id,
        amount: c.amount,
        initiate: c.initiate,
        pending_policy: Some(c.pending_policy),
        fetch_payment_options: c.fetch_payment_options.then_some(true),
        max_promo_discount: c.max_promo_discount,
    }
}

/// A server's sealed save, opened under `key`: its config, payment (with `token`) and counters.
pub(super) fn read_sealed(
    json: &[u8],
    key: &MerchantKey,
    token: Option<TxnToken>,
) -> Result<(CheckoutConfig, Payment, Attempts)> {
    let saved: Saved<SavedConfig, SavedState> = Saved::open_as(key, KIND, json)?;
    let c = saved.config;
    let config = CheckoutConfig {
        environment: c.environment,
        mid: c.mid,
        order_id: c.order_id,
        amount: c.amount,
        initiate: c.initiate,
        txn_token: None,
        token_issued_at: None,
        pending_policy: c.pending_policy.unwrap_or_default(),
        fetch_payment_options: c.fetch_payment_options == Some(true),
        max_promo_discount: c.max_promo_discount,
    };
    config
        .pending_policy
        .validate()
        .map_err(|e| restore_error(&e))?;
    let (payment, attempts) = saved.state.into_parts(token);
    Ok((config, payment, attempts))
}

/// A save read without the key (the client half's, unsealed): its config and payment (with
/// `token`). A sealed save, or one that initiates, needs the key
/// ([`ErrorCode::InvalidCredentials`]); one that holds more than a client may conclude was
/// edited ([`ErrorCode::SessionSeal`]).
pub(super) fn read_unsealed(
    json: &[u8],
    token: Option<TxnToken>,
) -> Result<(SavedConfig, Payment)> {
    let text = core::str::from_utf8(json).map_err(|_| {
        Error::with_message(ErrorCode::SessionRestore, "saved session: not UTF-8 JSON")
    })?;
    if is_sealed(text) {
        return Err(Error::with_message(
            ErrorCode::InvalidCredentials,
            "restore: this session was sealed with the merchant key; restore it with the key",
        ));
    }
    let saved: Saved<SavedConfig, SavedState> = Saved::read_as(KIND, text)?;
    if saved.config.initiate.is_some() {
        return Err(Error::with_message(
            ErrorCode::InvalidCredentials,
            "restore: this session signs requests; pass the merchant key",
        ));
    }
    let (payment, _) = saved.state.into_parts(token);
    client_may_conclude(&payment)?;
    if payment.phase == CheckoutPhase::Initiate && payment.outcome.is_none() {
        return Err(Error::with_message(
            ErrorCode::SessionRestore,
            "saved session: it is still to initiate, which needs the merchant key",
        ));
    }
    Ok((saved.config, payment))
}

/// A save without a seal is only what a client could have concluded: never `success` or
/// `refunded`, never a report that claims to be verified (a client holds no key to verify with).
/// Anything else is an edited save: [`ErrorCode::SessionSeal`].
fn client_may_conclude(p: &Payment) -> Result<()> {
    let outcome = p.outcome.as_ref();
    let concluded = outcome
        .is_some_and(|o| !matches!(o.status, OutcomeStatus::Unverified | OutcomeStatus::Failure));
    let verified = [
        p.hint.as_ref(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::action::Purpose;

    /// Both dialects, byte for byte as every earlier version wrote them (hosts keep saves), and
    /// read back into what wrote them.
    #[test]
    fn both_halves_write_the_bytes_they_always_wrote() {
        let order = || {
            SavedConfig::order(
                Environment::Staging,
                Mid::new("MID1").unwrap(),
                OrderId::new("O1").unwrap(),
                Amount::parse("1.00").unwrap(),
            )
        };
        let mut p = Payment::new(CheckoutPhase::CollectPayment, None, Some(900));
        p.in_flight = Some(InFlight {
            purpose: Purpose::Process,
            sent_at: 5,
        });
        let client = write(order(), &p, None);
        assert_eq!(
            client,
            r#"{"version":1,"kind":"checkout","config":{"environment":"staging","mid":"MID1","orderId":"O1","amount":"1.00"},"state":{"phase":"collect_payment","tokenExpiresAt":900,"paidHere":false,"callbackSeen":false,"inFlight":{"purpose":"process","sentAt":5}}}"#
        );
        let mut config = order();
        config.pending_policy = Some(PendingPolicy::default());
        let attempts = Attempts {
            initiate: 1,
            initiate_first_sent_at: Some(3),
            ..Attempts::default()
        };
        p.timers.set(Timer::NextCheck, 60);
        let server = write(config, &p, Some(&attempts));
        assert_eq!(
            server,
            r#"{"version":1,"kind":"checkout","config":{"environment":"staging","mid":"MID1","orderId":"O1","amount":"1.00","pendingPolicy":"late_notification"},"state":{"phase":"collect_payment","tokenExpiresAt":900,"submittedAt":null,"paidHere":false,"callbackSeen":false,"inFlight":{"purpose":"process","sentAt":5},"retryAt":null,"initiateAttempts":1,"initiateFirstSentAt":3,"initiateBadSignatures":0,"statusFailures":0,"nextCheckAt":60,"lastFailure":null,"hint":null,"outcome":null}}"#
        );
        // One reader for both.
        for (text, every) in [(&client, false), (&server, true)] {
            let saved: Saved<SavedConfig, SavedState> = Saved::read(text).unwrap();
            let (p, a) = saved.state.into_parts(None);
            let again = write(saved.config, &p, every.then_some(&a));
            assert_eq!(&again, text);
        }
    }
}
