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
    /// (mid, subsId) → the orderId that created the subscription (its [`Order::mandate`]).
    pub subscriptions: HashMap<(String, String), String>,
    pub counter: u64,
}

impl Orders {
    /// The order whose txnToken `token` is, while the token is live at sandbox time `now`
    /// ([`TOKEN_VALIDITY_MS`] from Initiate).
    pub fn by_live_token(&mut self, token: &str, now: u64) -> Option<&mut Order> {
        let k = self.tokens.get(token)?;
        self.orders
            .get_mut(k)
            .filter(|o| now < o.token_issued_at.saturating_add(TOKEN_VALIDITY_MS))
    }

    /// The next payment attempt's ids (txnId, bankTxnId) and its TXNDATE `date`, numbered as
    /// Process Transaction numbers them.
    pub fn next_ids(&mut self, date: String) -> (String, String, String) {
        self.counter += 1;
        let n = self.counter;
        (
            format!("{}SANDBOX{:012}", &date[..10].replace('-', ""), n),
            format!("{:012}", 777_000_000_000u64 + n),
            date,
        )
    }
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
    /// The subscription this order created (Initiate Subscription), if it did.
    pub mandate: Option<Box<Mandate>>,
    /// What the native checkout helpers (`super::native`) changed: promo, checkout login.
    pub native: NativeCheckout,
}

/// An order's promo and checkout login, set through its txnToken (`super::native`).
#[derive(Default)]
pub(super) struct NativeCheckout {
    /// The promo applied: its code, and the amount initiated (before the discount; the
    /// order's `amount` is what is payable now).
    pub promo: Option<(String, Amount)>,
    /// The phone a checkout OTP was sent to, awaiting Validate OTP.
    pub otp_phone: Option<String>,
    /// The Paytm user logged in with this txnToken (Validate OTP).
    pub login: Option<String>,
}

impl Order {
    /// What the completed refunds of this order sum to, in paise.
    pub fn refunded_paise(&self) -> u64 {
        self.refunds
            .iter()
            .filter(|r| r.pending_queries == 0)
            .map(|r| r.amount.paise())
            .sum()
    }

    /// An order of `amount` with no payment yet, no token, no callback URL and no instrument
    /// (set the fields that apply).
    pub fn new(mid: &str, order_id: &str, initiate: Value, amount: Amount, now: u64) -> Order {
        Order {
            mid: mid.to_owned(),
            order_id: order_id.to_owned(),
            initiate,
            amount,
            callback_url: String::new(),
            token: String::new(),
            token_issued_at: now,
            attempts: Vec::new(),
            refunds: Vec::new(),
            status_tampers_left: 0,
            mandate: None,
            native: NativeCheckout::default(),
        }
    }

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

/// A subscription's state, as Fetch Subscription Status and the webhook report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SubsState {
    Init,
    InAuthorization,
    Active,
    Suspended,
    Reject,
    AuthorizationFailed,
    Expired,
}

impl SubsState {
    /// Paytm's word for it.
    pub fn name(self) -> &'static str {
        match self {
            SubsState::Init => "INIT",
            SubsState::InAuthorization => "IN_AUTHORIZATION",
            SubsState::Active => "ACTIVE",
            SubsState::Suspended => "SUSPENDED",
            SubsState::Reject => "REJECT",
            SubsState::AuthorizationFailed => "AUTHORIZATION_FAILED",
            SubsState::Expired => "EXPIRED",
        }
    }
}

/// A subscription (mandate), kept on the order that created it.
pub(super) struct Mandate {
    pub subs_id: String,
    pub cust_id: String,
    /// FIX or VARIABLE.
    pub amount_type: String,
    /// The most one renewal may collect.
    pub max_amount: Amount,
    pub frequency: String,
    pub frequency_unit: String,
    /// `yyyy-MM-dd`, or empty (no expiry).
    pub expiry_date: String,
    /// `subscriptionPaymentMode` as requested (empty: any).
    pub payment_mode: String,
    pub created: String,
    pub updated: String,
    /// The state set after authorisation (paused, resumed, cancelled, revoked) and its
    /// subStatus; while `None`, the creation order's payment decides ([`Order::mandate_state`]).
    pub changed: Option<(SubsState, &'static str)>,
    /// Pre-debit notifications, oldest first.
    pub notices: Vec<Notice>,
    /// The renewal orders, oldest first.
    pub renewals: Vec<String>,
}

/// One pre-debit notification (Pre-Notify).
pub(super) struct Notice {
    pub reference_id: String,
    pub amount: Amount,
    /// Sandbox time it was received.
    pub at: u64,
    /// The renewal order it was used for.
    pub used_by: Option<String>,
}

impl Order {
    /// The state of the subscription this order created and its subStatus, on sandbox day
    /// `today` (`yyyy-MM-dd`): until it is changed, the creation payment decides (none yet:
    /// INIT; awaiting the customer: IN_AUTHORIZATION; paid: ACTIVE; declined:
    /// AUTHORIZATION_FAILED). An active or paused one past its expiry date is EXPIRED.
    pub fn mandate_state(&self, today: &str) -> Option<(SubsState, &'static str)> {
        let m = self.mandate.as_ref()?;
        let (state, sub) = m.changed.unwrap_or(match self.txn().map(Txn::view) {
            None => (SubsState::Init, "INIT"),
            Some(TxnView::Pending) => (SubsState::InAuthorization, "IN_AUTHORIZATION"),
            Some(TxnView::Success) => (SubsState::Active, "ACTIVE"),
            Some(TxnView::Failure(_)) => (SubsState::AuthorizationFailed, "AUTHORIZATION_FAILED"),
        });
        let live = matches!(state, SubsState::Active | SubsState::Suspended);
        if live && !m.expiry_date.is_empty() && today > m.expiry_date.as_str() {
            return Some((SubsState::Expired, "EXPIRED"));
        }
        Some((state, sub))
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

/// A payment attempt as the reports name it: Transaction Status and Refund Status, the JSON APIs
/// and the legacy ones, each copy these from the attempt ([`Txn::facts`]).
pub(super) struct TxnFacts {
    pub txn_id: String,
    /// PAYMENTMODE (CC, DC, NB, UPI, PPI …).
    pub mode: &'static str,
    pub gateway: &'static str,
    pub bank: &'static str,
    /// When it was made (TXNDATE).
    pub date: String,
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
    /// A payment attempt with ids `ids` (see [`Orders::next_ids`]) that needs no customer page
    /// (`customer_done` says whether the customer's part is over).
    pub fn direct(
        ids: (String, String, String),
        (mode, gateway, bank): (&'static str, &'static str, &'static str),
        resolution: Resolution,
        customer_done: bool,
    ) -> Txn {
        let (txn_id, bank_txn_id, date) = ids;
        Txn {
            txn_id,
            bank_txn_id,
            mode,
            gateway,
            bank,
            date,
            page: Page::None,
            customer_done,
            resolution,
            vpa: None,
        }
    }

    pub fn view(&self) -> TxnView {
        if !self.customer_done || self.resolution.pending_queries > 0 {
            return TxnView::Pending;
        }
        match &self.resolution.failure {
            None => TxnView::Success,
            Some(c) => TxnView::Failure(c.clone()),
        }
    }

    /// What the reports name of this attempt.
    pub fn facts(&self) -> TxnFacts {
        TxnFacts {
            txn_id: self.txn_id.clone(),
            mode: self.mode,
            gateway: self.gateway,
            bank: self.bank,
            date: self.date.clone(),
            vpa: self.vpa.clone(),
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
