//! [`Session`], the dispatcher: the three sessions behind one JSON-facing type, for the C library
//! and the npm package (one handle, one class; the dispatch lives here, not in each binding).

use serde::Deserialize;

use super::action::{state_error, Action, Outcome};
use super::checkout::CheckoutSession;
use super::refund::RefundSession;
use super::save::kind_of;
use super::subscription::SubscriptionSession;
use super::wallet::WalletSession;
use crate::api::Credentials;
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::types::{SsoToken, TxnToken};

/// Which session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SessionKind {
    /// [`CheckoutSession`].
    Checkout,
    /// [`RefundSession`].
    Refund,
    /// [`WalletSession`].
    Wallet,
    /// [`SubscriptionSession`].
    Subscription,
}

impl SessionKind {
    /// `"checkout"`, `"refund"`, `"wallet"`.
    pub fn parse(name: &str) -> Result<SessionKind> {
        match name {
            "checkout" => Ok(SessionKind::Checkout),
            "refund" => Ok(SessionKind::Refund),
            "wallet" => Ok(SessionKind::Wallet),
            "subscription" => Ok(SessionKind::Subscription),
            _ => Err(Error::with_message(
                ErrorCode::InvalidArgument,
                format!(
                    "kind: expected checkout, refund, wallet or subscription ({} characters given)",
                    name.len()
                ),
            )),
        }
    }
}

/// Any session. Calls that do not apply to its kind (`pay` on a refund) are
/// [`ErrorCode::SessionState`].
#[derive(Debug)]
pub enum Session {
    /// A checkout.
    Checkout(Box<CheckoutSession>),
    /// A refund.
    Refund(Box<RefundSession>),
    /// An auto-debit payment.
    Wallet(Box<WalletSession>),
    /// A subscription (mandate and its collections).
    Subscription(Box<SubscriptionSession>),
}

fn not_for(kind: &str, call: &str) -> Error {
    state_error(&format!("{call}: not a call of a {kind} session"))
}

impl Session {
    /// A new session of `kind` from its JSON config. Checkout: the merchant key for a server
    /// session, none for a client session. Refund: the key. Wallet: key, client id and secret.
    pub fn new(kind: SessionKind, config: &[u8], credentials: Credentials) -> Result<Session> {
        Ok(match kind {
            SessionKind::Checkout => Session::Checkout(Box::new(CheckoutSession::from_json(
                config,
                credentials.merchant_key,
            )?)),
            SessionKind::Refund => {
                let key = credentials.merchant_key.ok_or_else(|| {
                    Error::with_message(
                        ErrorCode::InvalidCredentials,
                        "refund: a merchant key is required",
                    )
                })?;
                Session::Refund(Box::new(RefundSession::from_json(config, key)?))
            }
            SessionKind::Wallet => {
                Session::Wallet(Box::new(WalletSession::from_json(config, credentials)?))
            }
            SessionKind::Subscription => Session::Subscription(Box::new(
                SubscriptionSession::from_json(config, credentials.key("subscription")?.clone())?,
            )),
        })
    }

    /// `"checkout"`, `"refund"` or `"wallet"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Session::Checkout(_) => "checkout",
            Session::Refund(_) => "refund",
            Session::Wallet(_) => "wallet",
            Session::Subscription(_) => "subscription",
        }
    }

    /// How the session ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        match self {
            Session::Checkout(s) => s.outcome(),
            Session::Refund(s) => s.outcome(),
            Session::Wallet(s) => s.outcome(),
            Session::Subscription(s) => s.outcome(),
        }
    }

    /// See [`CheckoutSession::next_action`].
    pub fn next_action(&mut self, now: u64) -> Result<Action> {
        match self {
            Session::Checkout(s) => s.next_action(now),
            Session::Refund(s) => s.next_action(now),
            Session::Wallet(s) => s.next_action(now),
            Session::Subscription(s) => s.next_action(now),
        }
    }

    /// See [`CheckoutSession::handle_response`].
    pub fn handle_response(&mut self, http_status: u16, body: &[u8], now: u64) -> Result<()> {
        match self {
            Session::Checkout(s) => s.handle_response(http_status, body, now),
            Session::Refund(s) => s.handle_response(http_status, body, now),
            Session::Wallet(s) => s.handle_response(http_status, body, now),
            Session::Subscription(s) => s.handle_response(http_status, body, now),
        }
    }

    /// See [`CheckoutSession::handle_send_failure`].
    pub fn handle_send_failure(&mut self, now: u64) -> Result<()> {
        match self {
            Session::Checkout(s) => s.handle_send_failure(now),
            Session::Refund(s) => s.handle_send_failure(now),
            Session::Wallet(s) => s.handle_send_failure(now),
            Session::Subscription(s) => s.handle_send_failure(now),
        }
    }

    /// Checkout: the payment callback or webhook; wallet: the add-money callback; refund: the
    /// refund webhook ([`RefundSession::handle_callback`]).
    pub fn handle_callback(&mut self, body: &[u8], now: u64) -> Result<()> {
        match self {
            Session::Checkout(s) => s.handle_callback(body, now),
            Session::Wallet(s) => s.handle_callback(body, now),
            Session::Refund(s) => s.handle_callback(body, now),
            Session::Subscription(s) => s.handle_callback(body, now),
        }
    }

    /// Checkout: see [`CheckoutSession::pay_json`].
    pub fn pay(&mut self, payment: &[u8], now: u64) -> Result<()> {
        match self {
            Session::Checkout(s) => s.pay_json(payment, now),
            _ => Err(not_for(self.kind(), "pay")),
        }
    }

    /// Wallet: see [`WalletSession::submit_otp`]; checkout, a wallet login by OTP: see
    /// [`CheckoutSession::submit_otp`].
    pub fn submit_otp(&mut self, otp: &str, now: u64) -> Result<()> {
        match self {
            Session::Wallet(s) => s.submit_otp(otp, now),
            Session::Checkout(s) => s.submit_otp(otp, now),
            _ => Err(not_for(self.kind(), "submit_otp")),
        }
    }

    /// Subscription: see [`SubscriptionSession::collect`].
    pub fn collect(&mut self, cycle: &str, order_id: &str, amount: &str) -> Result<()> {
        let s = self.subscription("collect")?;
        let order = crate::types::OrderId::new(order_id)?;
        let amount = crate::types::Amount::parse(amount)?;
        s.collect(cycle, order, amount)
    }

    /// Subscription: see [`SubscriptionSession::cancel`].
    pub fn cancel(&mut self) -> Result<()> {
        self.subscription("cancel")?.cancel()
    }

    /// Subscription: see [`SubscriptionSession::pause`].
    pub fn pause(&mut self) -> Result<()> {
        self.subscription("pause")?.pause()
    }

    /// Subscription: see [`SubscriptionSession::resume`].
    pub fn resume(&mut self) -> Result<()> {
        self.subscription("resume")?.resume()
    }

    /// Subscription: see [`SubscriptionSession::pre_notify`] (`amount` a decimal string,
    /// `invoice_display_no` optional).
    pub fn pre_notify(
        &mut self,
        cycle: &str,
        amount: &str,
        txn_date: &str,
        reference_id: &str,
        txn_message: &str,
        invoice_display_no: Option<&str>,
    ) -> Result<()> {
        let s = self.subscription("pre_notify")?;
        let amount = crate::types::Amount::parse(amount)?;
        let reference = crate::types::NotifyRefId::new(reference_id)?;
        s.pre_notify(
            cycle,
            amount,
            txn_date,
            reference,
            txn_message,
            invoice_display_no,
        )
    }

    /// The subscription session, or [`ErrorCode::SessionState`] naming `call`.
    fn subscription(&mut self, call: &str) -> Result<&mut SubscriptionSession> {
        match self {
            Session::Subscription(s) => Ok(s),
            _ => Err(not_for(self.kind(), call)),
        }
    }

    /// Refund: see [`RefundSession::retry`].
    pub fn retry(&mut self, now: u64) -> Result<()> {
        match self {
            Session::Refund(s) => s.retry(now),
            _ => Err(not_for(self.kind(), "retry")),
        }
    }

    /// The session as JSON, without secrets.
    pub fn save(&self) -> String {
        match self {
            Session::Checkout(s) => s.save(),
            Session::Refund(s) => s.save(),
            Session::Wallet(s) => s.save(),
            Session::Subscription(s) => s.save(),
        }
    }

    /// A session from [`Session::save`]'s JSON (its kind is in it) and its secrets: the
    /// credentials, and `token` — the txnToken of a checkout still collecting its payment, or
    /// the access token of a linked wallet user.
    pub fn restore(json: &[u8], credentials: Credentials, token: Option<&str>) -> Result<Session> {
        let kind = kind_of(json)
            .and_then(|k| SessionKind::parse(&k).ok())
            .ok_or_else(|| {
                Error::with_message(
                    ErrorCode::SessionRestore,
                    "saved session: not JSON with a known kind",
                )
            })?;
        Ok(match kind {
            SessionKind::Checkout => {
                let t = token.map(TxnToken::new).transpose()?;
                Session::Checkout(Box::new(CheckoutSession::restore(
                    json,
                    credentials.merchant_key,
                    t,
                )?))
            }
            SessionKind::Refund => {
                let key: MerchantKey = credentials.merchant_key.ok_or_else(|| {
                    Error::with_message(
                        ErrorCode::InvalidCredentials,
                        "restore: a refund session needs the merchant key",
                    )
                })?;
                Session::Refund(Box::new(RefundSession::restore(json, key)?))
            }
            SessionKind::Wallet => {
                let t = token.map(SsoToken::new).transpose()?;
                Session::Wallet(Box::new(WalletSession::restore(json, credentials, t)?))
            }
            SessionKind::Subscription => {
                let t = token.map(TxnToken::new).transpose()?;
                let key = credentials.key("restore: a subscription session")?.clone();
                Session::Subscription(Box::new(SubscriptionSession::restore(json, key, t)?))
            }
        })
    }
}
