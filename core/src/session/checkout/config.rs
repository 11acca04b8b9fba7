//! [`CheckoutConfig`]: what a checkout needs to know — the order, and either the Initiate
//! Transaction input (a server session) or the txnToken the merchant's server obtained (the
//! client half) — with its checks and its secret-free saved form.

use crate::api::initiate::InitiateTransaction;
use crate::error::{Error, ErrorCode, Result};
use crate::http::Environment;
use crate::session::config::session_config;
use crate::session::pending::PendingPolicy;
use crate::types::{Amount, Mid, OrderId, TxnToken};

session_config! {
    /// What a checkout session needs to know.
    ///
    /// JSON (C and npm): `{"environment":"staging","mid":"…","orderId":"…","amount":"1.00",
    /// "initiate":{…Initiate Transaction input…},"pendingPolicy":"late_notification"}` for a server
    /// session (it needs the merchant key); a client session has no `initiate` but
    /// `"txnToken":"…","tokenIssuedAt":<ms>` instead.
    pub struct CheckoutConfig as "CheckoutSessionConfig" {
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
        pub pending_policy: PendingPolicy = default,
        /// Fetch the payment options open to this transaction (Fetch Payment Options) once the
        /// token is ready: `collect_payment` then carries them as `paymentOptions` (see
        /// docs/native-checkout.md). Needs the feature `checkout-helpers`.
        #[serde(skip_serializing_if = "core::ops::Not::not")]
        pub fetch_payment_options: bool = default,
        /// The largest instant discount a promo may take off the amount (`promoCode` in `pay`):
        /// Apply Promo's answer is unsigned, so the merchant bounds what it may lower the amount
        /// to. Without it a payment with a promo code is refused.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(type = "string", optional))]
        pub max_promo_discount: Option<Amount>,
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
            fetch_payment_options: false,
            max_promo_discount: None,
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
            fetch_payment_options: false,
            max_promo_discount: None,
        }
    }

    /// Sets the environment.
    pub fn environment(mut self, env: Environment) -> Self {
        self.environment = env;
        self
    }

    /// Fetches the payment options once the token is ready (see the field).
    pub fn fetch_payment_options(mut self, on: bool) -> Self {
        self.fetch_payment_options = on;
        self
    }

    /// Allows promo codes taking off at most `max` (see the field).
    pub fn max_promo_discount(mut self, max: Amount) -> Self {
        self.max_promo_discount = Some(max);
        self
    }

    /// Sets the pending policy.
    pub fn pending_policy(mut self, policy: PendingPolicy) -> Self {
        self.pending_policy = policy;
        self
    }

    pub(super) fn validate(&self) -> Result<()> {
        self.pending_policy.validate()?;
        super::helpers::options_built(self.fetch_payment_options)?;
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
    pub(super) fn without_secrets(&self) -> CheckoutConfig {
        let mut c = self.clone();
        c.txn_token = None;
        if let Some(i) = &mut c.initiate {
            i.paytm_sso_token = None;
            i.emi_subvention_token = None;
        }
        c
    }
}
