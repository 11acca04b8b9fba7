//! Sans-IO sessions: state machines that drive a whole payment (or refund) and tell the host
//! what to do next. The model is quinn-proto's: no sockets, no clocks, no threads. The host asks
//! [`CheckoutSession::next_action`] with the current time, performs the [`Action`] (send an HTTP
//! request, show a bank form, open a UPI deep link, wait), and feeds back what happened:
//! [`CheckoutSession::handle_response`], [`CheckoutSession::handle_send_failure`],
//! [`CheckoutSession::handle_callback`]. Time is milliseconds since the Unix epoch, passed in;
//! randomness (checksum salts) comes from an injectable [`SaltSource`].
//!
//! What the sessions own:
//! - the order of steps of Paytm's native flow (initiate → process → bank form / deep link /
//!   direct result → callback → the mandatory server-to-server status check → reconcile);
//! - the txnToken's 15-minute validity (`spec/initiate-transaction.md`);
//! - idempotent retries (Initiate result `0002` is success, `2023` ends the session);
//! - the pending schedule ([`PendingPolicy`]);
//! - one rule for every answer: a response, callback or webhook about another order, refund, MID
//!   or amount is refused ([`ErrorCode::OrderMismatch`](crate::ErrorCode::OrderMismatch)) and
//!   changes nothing (`binding`);
//! - persistence: [`CheckoutSession::save`] writes JSON without secrets, sealed with a MAC under
//!   a key derived from the merchant key, so an edited save does not restore
//!   ([`ErrorCode::SessionSeal`](crate::ErrorCode::SessionSeal); see `save`); the host passes the
//!   merchant key (and, if it still needs it, the txnToken) back to `restore`.
//!
//! What they never do: read a clock, open a socket, decide on unverified data. A session without
//! the merchant key (a browser or app: the "client half") can pay but cannot verify; it ends
//! with [`OutcomeStatus::Unverified`], and the merchant's server decides.
//!
//! This module is a table of contents: each session is a module of its own (a checkout is a
//! wing: config, payment step, saved schema, server and client halves), over small shared ones —
//! the host's actions, outcomes, what every kind's config shares, the pending schedule, salts and
//! the key a session signs with, timers, saves and the binding of every answer to its order. No
//! module here imports one that imports it.

mod action;
mod binding;
pub mod checkout;
mod config;
mod dispatch;
mod pending;
pub mod refund;
mod salts;
mod save;
pub mod subscription;
mod timers;
pub mod wallet;

pub use action::{Action, Purpose, RawJson, WaitReason};
pub use action::{Failure, FailureReason, Outcome, OutcomeStatus};
pub use checkout::{CheckoutConfig, CheckoutPhase, CheckoutSession, ClientCheckout, PayChecks};
pub use dispatch::{Session, SessionKind};
pub use pending::PendingPolicy;
pub use refund::{RefundConfig, RefundPhase, RefundSession};
pub use salts::{FixedSalt, OsSalts, SaltSource};
pub use save::SAVE_VERSION;
pub use subscription::{
    Cycle, CycleState, PreNotice, SubscriptionConfig, SubscriptionPhase, SubscriptionSession,
};
pub use timers::{PRE_NOTIFY_LEAD_MS, RETRY_DELAY_MS, TXN_TOKEN_VALIDITY_MS};
pub use wallet::{WalletConfig, WalletPhase, WalletSession};

/// The former name of [`CheckoutPhase`] (beside [`WalletPhase`] and [`RefundPhase`]).
pub type Phase = CheckoutPhase;
