//! The sandbox's memory: the merchants it knows, its clock, and every order with its payment
//! attempts and refunds. Handlers lock [`Shared::orders`] for the whole of one request, so an
//! order never changes under a handler.
//!
//! What a payment reports ([`Txn::view`], [`TxnView::status_and_code`]) is decided here once;
//! Transaction Status, the callback and the admin listing all read it from here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::State;
use paytm_checkout::types::Amount;
use paytm_checkout::MerchantKey;
use serde_json::Value;

use crate::clock::Clock;
use crate::instruments::Resolution;

/// How long a txnToken is valid, in sandbox time.
pub const TOKEN_VALIDITY_MS: u64 = 15 * 60 * 1000;

/// The shared state of one running sandbox.
pub(crate) struct Shared {
    /// Where the sandbox is reachable (for the bank page URLs it hands out).
    pub base: String,
    /// MID → key: orders exist only for these.
    pub(super) merchants: HashMap<String, MerchantKey>,
    pub(super) clock: Clock,
    state: Mutex<Orders>,
    /// The wallets and their OAuth links (auto-debit): locked before [`Shared::orders`].
    pub(super) wallets: super::wallets::Wallets,
    /// Where webhooks go and what was pushed (sent by `super::webhook`).
    pub(super) webhooks: crate::push::Webhooks,
}

#[derive(Default)]
pub(super) struct Orders {
    /// (mid, orderId) → order.
    pub orders: HashMap<(String, String), Order>,
    /// txnToken → (mid, orderId).
    pub tokens: HashMap<String, (String, String)>,
    /// txnId → (mid, orderId).
    pub txns: HashMap<String, (String, String)>,
    pub counter: u64,
}

pub(super) struct Order {
    pub mid: String,
    pub order_id: String,
    /// The Initiate body as received (parsed): an identical repeat is 0002.
    pub initiate: Value,
    pub amount: Amount,
    pub callback_url: String,
    pub token: String,
    pub token_issued_at: u64,
    /// Every payment attempt, oldest first. A new one starts only after the last one failed,
    /// so the last is the order's current payment (the one Transaction Status reports); the
    /// customer pages act only on the exact attempt they were issued for.
    pub attempts: Vec<Txn>,
    pub refunds: Vec<RefundRec>,
    pub status_tampers_left: u32,
}

impl Order {
    /// The current payment attempt.
    pub fn txn(&self) -> Option<&Txn> {
        self.attempts.last()
    }
}

/// Where the customer completes a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Page {
    /// The bank OTP page (`/sandbox/bank/acs`, keyed by `MD`): cards, EMI, net banking.
    Bank,
    /// The UPI app (`/sandbox/upi/pay`, keyed by `tr`): UPI intent.
    UpiApp,
    /// Nothing to do at any page (UPI collect, wallets).
    None,
}

impl Page {
    /// The field that names the payment at this page (in its query, form and links).
    pub fn id_field(self) -> &'static str {
        match self {
            Page::Bank => "MD",
            Page::UpiApp | Page::None => "tr",
        }
    }
}

/// One payment attempt.
pub(super) struct Txn {
    pub txn_id: String,
    pub bank_txn_id: String,
    /// PAYMENTMODE as the callback and status report it (CC, DC, NB, UPI, PPI …).
    pub mode: &'static str,
    pub gateway: &'static str,
    pub bank: &'static str,
    pub date: String,
    /// The page the customer finishes this payment at.
    pub page: Page,
    /// The customer finished (OTP posted, UPI approved, or no customer step).
    pub customer_done: bool,
    pub resolution: Resolution,
    pub vpa: Option<String>,
}

pub(super) struct RefundRec {
    /// The payment attempt refunded (the order's successful one).
    pub txn_id: String,
    pub ref_id: String,
    pub refund_id: String,
    pub amount: Amount,
    pub requested_at: String,
    pub pending_queries: u32,
}

/// Where a payment stands, as Paytm would report it now.
pub(super) enum TxnView {
    Pending,
    Success,
    /// Failed with this RESPCODE.
    Failure(String),
}

impl TxnView {
    /// STATUS and RESPCODE as the callback and Transaction Status report this state.
    pub fn status_and_code(self) -> (&'static str, String) {
        match self {
            TxnView::Pending => ("PENDING", "402".to_owned()),
            TxnView::Success => ("TXN_SUCCESS", "01".to_owned()),
            TxnView::Failure(c) => ("TXN_FAILURE", c),
        }
    }
}

impl Txn {
    pub fn view(&self) -> TxnView {
        if !self.customer_done || self.resolution.pending_queries > 0 {
            return TxnView::Pending;
        }
        match &self.resolution.failure {
            None => TxnView::Success,
            Some(c) => TxnView::Failure(c.clone()),
        }
    }

    /// BANKTXNID as reported beside STATUS `status`: a failed payment has none.
    pub fn bank_txn_id_for(&self, status: &str) -> &str {
        if status == "TXN_FAILURE" {
            ""
        } else {
            &self.bank_txn_id
        }
    }
}

/// What every handler is given: the sandbox's shared state.
pub(super) type AppState = State<Arc<Shared>>;

impl Shared {
    pub(crate) fn new(
        base: String,
        merchants: Vec<(String, MerchantKey)>,
        webhooks: crate::push::Webhooks,
    ) -> Shared {
        Shared {
            base,
            merchants: merchants.into_iter().collect(),
            clock: Clock::new(),
            state: Mutex::new(Orders::default()),
            wallets: Default::default(),
            webhooks,
        }
    }

    /// The orders, locked.
    pub(super) fn orders(&self) -> MutexGuard<'_, Orders> {
        // A handler never panics while holding the lock; if one did, the data is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sandbox time (ms).
    pub(super) fn now(&self) -> u64 {
        self.clock.now()
    }

    /// Forgets every order and token, puts the wallets back to their opening balances and the
    /// clock back to the wall clock.
    pub(super) fn reset(&self) {
        self.wallets.reset();
        *self.orders() = Orders::default();
        self.clock.reset();
    }
}
