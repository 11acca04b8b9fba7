//! Subscription responses: the six APIs of [`crate::api::subscription`] (signed `{head,body}`,
//! `head.signature` over the body's exact bytes, like every other JSON API) and the subscription
//! status webhook (a form POST with `CHECKSUMHASH` in map mode), plus the reconciliation of any
//! of them against the subscription the merchant created ([`ExpectedSubscription`]).
//!
//! Sources: <https://paytmpayments.com/docs/api/initiate-subscription-api>,
//! <https://paytmpayments.com/docs/renew-subscription-api>,
//! <https://paytmpayments.com/docs/api/fetch-subscription-status-api>,
//! <https://paytmpayments.com/docs/cancel-subscription-api>,
//! <https://paytmpayments.com/docs/api/pause-resume-subscription-api>,
//! <https://business.paytm.com/docs/apis/subscription-pre-notify-api> and the webhook
//! <https://paytmpayments.com/docs/subscription-status-webhook>.
//!
//! The management APIs spell `resultInfo` two ways (`resultStatus`/`resultCode`/`resultMsg`, and
//! `status`/`code`/`message`); both are read into [`SubscriptionResultInfo`], and one object
//! carrying both spellings of a member is refused as malformed. Codes are classified by
//! [`CodeTable::Subscription`]; anything else is `unknown` (ask Fetch Subscription Status).
//!
//! **Money rule.** A response proves nothing about *this* subscription until
//! [`ExpectedSubscription`] has checked its subscription id, MID, order and amounts; a mismatch
//! is [`ErrorCode::OrderMismatch`] and must change nothing.
//!
//! [`CodeTable::Subscription`]: crate::result_codes::CodeTable::Subscription

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::envelope::{kept_promise, settled_by_result_info, SignedBody};
use super::flat_map::FlatMap;
use super::outcome::{ResultFields, TransactionResult};
use super::verify::{verify_map, Answer, ParseOptions};
use super::{lenient, ResponseHead};
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::names::Named;
use crate::params::CHECKSUMHASH;
use crate::result_codes::{ResultClass, SUBSCRIPTION};
use crate::types::{Amount, Mid, OrderId, SubscriptionId, TxnToken};

crate::names::named! {
    /// A subscription's state as Fetch Subscription Status and the webhook report it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub enum SubscriptionState {
        /// Created, not yet authorised.
        Init = "INIT",
        /// The customer is authorising the mandate.
        InAuthorization = "IN_AUTHORIZATION",
        /// Authorised, not yet active.
        Authorized = "AUTHORIZED",
        /// Live: collections may be made.
        Active = "ACTIVE",
        /// Paused.
        Suspended = "SUSPENDED",
        /// Rejected or cancelled (read `subStatus`: MERCHANT_CANCELLED, USER_CANCELLED …).
        Reject = "REJECT",
        /// The mandate's authorisation failed.
        AuthorizationFailed = "AUTHORIZATION_FAILED",
        /// Past its expiry date.
        Expired = "EXPIRED",
        /// Closed.
        Closed = "CLOSED",
        /// A word not listed: treat as pending, never as active.
        #[default]
        Unknown = "UNKNOWN",
    }
}

impl SubscriptionState {
    /// Reads a state word (ASCII case-insensitive, trimmed); unlisted words are `Unknown`.
    pub fn from_text(s: &str) -> SubscriptionState {
        let s = s.trim_ascii();
        SubscriptionState::ALL
            .iter()
            .map(|(_, st)| *st)
            .filter(|st| *st != SubscriptionState::Unknown)
            .find(|st| st.name().eq_ignore_ascii_case(s))
            .unwrap_or(SubscriptionState::Unknown)
    }

    /// What the state means for the host: `success` only for a usable mandate (ACTIVE or
    /// AUTHORIZED); `failure` for the final states; `pending` for the rest.
    pub fn class(self) -> ResultClass {
        match self {
            SubscriptionState::Active | SubscriptionState::Authorized => ResultClass::Success,
            SubscriptionState::Reject
            | SubscriptionState::AuthorizationFailed
            | SubscriptionState::Expired
            | SubscriptionState::Closed => ResultClass::Failure,
            SubscriptionState::Init
            | SubscriptionState::InAuthorization
            | SubscriptionState::Suspended => ResultClass::Pending,
            SubscriptionState::Unknown => ResultClass::Unknown,
        }
    }
}

lenient_struct! {
    /// `resultInfo` of the subscription APIs, under either spelling Paytm uses.
    #[derive(Eq)]
    pub struct SubscriptionResultInfo {
        /// `S`/`F`/`U` or `SUCCESS`/`FAILURE` (`resultStatus` or `status`).
        #[serde(alias = "status")]
        pub result_status: Option<String> => "lenient::text",
        /// The result code (`resultCode` or `code`).
        #[serde(alias = "code")]
        pub result_code: Option<String> => "lenient::text",
        /// Paytm's message (`resultMsg` or `message`).
        #[serde(alias = "message")]
        pub result_msg: Option<String> => "lenient::text",
    }
}

impl ResultFields for SubscriptionResultInfo {
    fn code_and_status(&self) -> (Option<&str>, Option<&str>) {
        (self.result_code.as_deref(), self.result_status.as_deref())
    }
}

lenient_struct! {
    /// Initiate Subscription's response.
    #[derive(Eq)]
    pub struct InitiateSubscriptionResponse {
        /// The response head.
        #[serde(skip_deserializing)]
        pub head: ResponseHead,
        /// The outcome.
        pub result_info: SubscriptionResultInfo,
        /// The subscription's id: store it, every later call names it.
        pub subscription_id: Option<SubscriptionId> => "lenient::subs_id",
        /// The token the customer authorises the mandate with (15 minutes; redacted in Debug).
        pub txn_token: Option<TxnToken> => "lenient::txn_token",
        /// True when the SSO token in the request was valid.
        pub authenticated: Option<bool> => "lenient::flag",
        /// Whether the promo code in the request was valid.
        pub is_promo_code_valid: Option<bool> => "lenient::flag",
    }
}

lenient_struct! {
    /// Fetch Subscription Status's response. Members beyond `subsId`, `status`, `subStatus`,
    /// `amountType`, `frequencyUnit`, `frequency` and `expiryDate` are read when present (see
    /// docs/subscriptions.md for which we could not confirm).
    #[derive(Eq)]
    pub struct SubscriptionStatusResponse {
        /// The response head.
        #[serde(skip_deserializing)]
        pub head: ResponseHead,
        /// The outcome of the query.
        pub result_info: SubscriptionResultInfo,
        /// The subscription.
        #[serde(alias = "subscriptionId")]
        pub subs_id: Option<SubscriptionId> => "lenient::subs_id",
        /// The state word as sent.
        pub status: Option<String> => "lenient::text",
        /// The state, normalised.
        #[serde(skip_deserializing, default = "unknown_state")]
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        pub state: SubscriptionState,
        /// Why (`MERCHANT_CANCELLED`, `USER_CANCELLED`, `TIMED_OUT` …).
        pub sub_status: Option<String> => "lenient::text",
        /// FIX or VARIABLE.
        pub amount_type: Option<String> => "lenient::text",
        /// The most one collection may be.
        pub max_amount: Option<Amount> => "lenient::amount",
        /// The cycle's unit (DAY, MONTH …).
        pub frequency_unit: Option<String> => "lenient::text",
        /// Units per cycle.
        pub frequency: Option<String> => "lenient::text",
        /// When the subscription expires.
        pub expiry_date: Option<String> => "lenient::text",
        /// The creation order.
        pub order_id: Option<OrderId> => "lenient::subs_order_id",
        /// The merchant id.
        pub mid: Option<String> => "lenient::text",
        /// The customer.
        pub cust_id: Option<String> => "lenient::text",
        /// The mandate's instrument (UPI, CC, PPI, BANK_MANDATE …).
        pub payment_mode: Option<String> => "lenient::text",
        /// The latest collection's order id.
        pub last_order_id: Option<String> => "lenient::text",
        /// The latest collection's status.
        pub last_order_status: Option<String> => "lenient::text",
        /// The latest collection's amount.
        pub last_order_amount: Option<Amount> => "lenient::amount",
    }
}

fn unknown_state() -> SubscriptionState {
    SubscriptionState::Unknown
}

lenient_struct! {
    /// The answer of Renew, Cancel, Pause/Resume and Pre-Notify: whether Paytm accepted the
    /// request. Renew's success is "accepted for collection", never "debited".
    #[derive(Eq)]
    pub struct SubscriptionActionResponse {
        /// The response head.
        #[serde(skip_deserializing)]
        pub head: ResponseHead,
        /// The outcome.
        pub result_info: SubscriptionResultInfo,
        /// The subscription (`subsId` or `subscriptionId`).
        #[serde(alias = "subscriptionId")]
        pub subs_id: Option<SubscriptionId> => "lenient::subs_id",
        /// Renew: the collection's order id.
        pub order_id: Option<OrderId> => "lenient::subs_order_id",
        /// Renew: Paytm's transaction id of the collection.
        pub txn_id: Option<String> => "lenient::text",
        /// Pause/Resume: the subscription's state after the call, as sent.
        pub status: Option<String> => "lenient::text",
        /// Pre-Notify: the merchant's reference.
        pub reference_id: Option<String> => "lenient::text",
    }
}

impl SignedBody for InitiateSubscriptionResponse {
    fn settle(&mut self, head: ResponseHead, api: &str) -> Result<ResultClass> {
        self.head = head;
        let class = self.result_info.class_in(SUBSCRIPTION);
        let kept = self.txn_token.is_some() && self.subscription_id.is_some();
        kept_promise(
            api,
            class,
            kept,
            "a success response must carry subscriptionId and txnToken",
        )
    }
}

impl SignedBody for SubscriptionStatusResponse {
    fn settle(&mut self, head: ResponseHead, _api: &str) -> Result<ResultClass> {
        self.head = head;
        self.state = self
            .status
            .as_deref()
            .map_or(SubscriptionState::Unknown, SubscriptionState::from_text);
        // The query succeeded: the class is the subscription's. Otherwise the query's own.
        let class = match self.result_info.class_in(SUBSCRIPTION) {
            ResultClass::Success => self.state.class(),
            other => other,
        };
        Ok(class)
    }
}

settled_by_result_info!(SubscriptionActionResponse => SUBSCRIPTION);

/// The subscription status webhook (form POST, `CHECKSUMHASH` in map mode).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct SubscriptionWebhook {
    /// `SUBS_ID`.
    pub subs_id: SubscriptionId,
    /// `MID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mid: Option<String>,
    /// `ORDERID`: the creation order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    /// `STATUS` as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `STATUS`, normalised.
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub state: SubscriptionState,
    /// `AMOUNTTYPE` (FIX or VARIABLE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_type: Option<String>,
    /// `MAXAMOUNT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<Amount>,
    /// `FREQUENCYUNIT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency_unit: Option<String>,
    /// `FREQUENCY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    /// `PAYMENTMODE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_mode: Option<String>,
    /// `EXPIRYDATE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<String>,
    /// `CUSTID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cust_id: Option<String>,
    /// `UPFRONTTXNAMOUNT` as sent (Paytm's sample shows `0.005`: not an amount we could send).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upfront_txn_amount: Option<String>,
    /// Every other field, as sent (covered by the checksum).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

pub(crate) fn webhook(
    api: &'static str,
    mut m: FlatMap<'_>,
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<Answer<SubscriptionWebhook>> {
    let sum = m.take_cow(CHECKSUMHASH);
    let verification = verify_map(api, sum.as_deref(), &m, key, options)?;
    let bad = |field: &str, rule: &str| {
        Error::with_message(
            ErrorCode::CallbackMalformed,
            format!("{api}: {field}: {rule}"),
        )
    };
    let subs_id = m
        .take_nonempty("SUBS_ID")
        .ok_or_else(|| bad("SUBS_ID", "is required"))?;
    let subs_id =
        SubscriptionId::new(subs_id).map_err(|_| bad("SUBS_ID", "is not a subscription id"))?;
    let order_id = m
        .take_nonempty("ORDERID")
        .map(OrderId::new)
        .transpose()
        .map_err(|_| bad("ORDERID", "is not an order id this library could have sent"))?;
    let max_amount = match m.take_nonempty("MAXAMOUNT") {
        None => None,
        Some(s) => super::scalar::amount_text(&s).map_err(|r| bad("MAXAMOUNT", r))?,
    };
    let status = m.take_nonempty("STATUS");
    let state = status
        .as_deref()
        .map_or(SubscriptionState::Unknown, SubscriptionState::from_text);
    let w = SubscriptionWebhook {
        subs_id,
        mid: m.take_nonempty("MID"),
        order_id,
        state,
        status,
        amount_type: m.take_nonempty("AMOUNTTYPE"),
        max_amount,
        frequency_unit: m.take_nonempty("FREQUENCYUNIT"),
        frequency: m.take_nonempty("FREQUENCY"),
        payment_mode: m.take_nonempty("PAYMENTMODE"),
        expiry_date: m.take_nonempty("EXPIRYDATE"),
        cust_id: m.take_nonempty("CUSTID"),
        upfront_txn_amount: m.take_nonempty("UPFRONTTXNAMOUNT"),
        extra: m.rest(),
    };
    Ok((verification, state.class(), w))
}

/// The merchant's own record of a subscription: what every answer about it is checked against
/// before it changes anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExpectedSubscription {
    /// The merchant's MID.
    pub mid: Mid,
    /// The id Initiate Subscription returned.
    pub subscription_id: SubscriptionId,
    /// The order id the subscription was created with.
    pub order_id: OrderId,
    /// The most one collection may be (the maximum of a VARIABLE subscription, the amount of a
    /// FIX one).
    pub max_amount: Amount,
}

fn mismatch(what: &str) -> Error {
    Error::with_message(
        ErrorCode::OrderMismatch,
        format!("subscription: the answer is about another {what}"),
    )
}

impl ExpectedSubscription {
    fn same_subs(&self, got: Option<&SubscriptionId>) -> Result<()> {
        match got {
            Some(s) if s == &self.subscription_id => Ok(()),
            _ => Err(mismatch("subscription (subsId)")),
        }
    }

    fn same_mid(&self, got: Option<&str>) -> Result<()> {
        match got {
            Some(m) if m != self.mid.as_str() => Err(mismatch("merchant (mid)")),
            _ => Ok(()),
        }
    }

    fn same_order(&self, got: Option<&OrderId>) -> Result<()> {
        match got {
            Some(o) if o != &self.order_id => Err(mismatch("order (orderId)")),
            _ => Ok(()),
        }
    }

    fn within_max(&self, got: Option<Amount>, field: &str) -> Result<()> {
        match got {
            Some(a) if a > self.max_amount => Err(Error::with_message(
                ErrorCode::OrderMismatch,
                format!("subscription: {field} is above the subscription's maximum"),
            )),
            _ => Ok(()),
        }
    }

    /// Initiate Subscription's answer names this subscription.
    pub fn check_initiate(&self, r: &InitiateSubscriptionResponse) -> Result<()> {
        self.same_subs(r.subscription_id.as_ref())
    }

    /// A status answer is about this subscription (id, MID, creation order) and reports no
    /// maximum above ours.
    pub fn check_status(&self, r: &SubscriptionStatusResponse) -> Result<()> {
        self.same_subs(r.subs_id.as_ref())?;
        self.same_mid(r.mid.as_deref())?;
        self.same_order(r.order_id.as_ref())?;
        self.within_max(r.max_amount, "maxAmount")?;
        self.within_max(r.last_order_amount, "lastOrderAmount")
    }

    /// A webhook is about this subscription (SUBS_ID required, MID and ORDERID when sent) and
    /// reports no maximum above ours.
    pub fn check_webhook(&self, w: &SubscriptionWebhook) -> Result<()> {
        self.same_subs(Some(&w.subs_id))?;
        self.same_mid(w.mid.as_deref())?;
        self.same_order(w.order_id.as_ref())?;
        self.within_max(w.max_amount, "MAXAMOUNT")
    }

    /// A Renew, Cancel, Pause/Resume or Pre-Notify answer names this subscription (when it
    /// names one) and, for Renew, the collection's order `renewal_order`.
    pub fn check_action(
        &self,
        r: &SubscriptionActionResponse,
        renewal_order: Option<&OrderId>,
    ) -> Result<()> {
        if r.subs_id.is_some() {
            self.same_subs(r.subs_id.as_ref())?;
        }
        match (renewal_order, &r.order_id) {
            (Some(want), Some(got)) if want != got => Err(mismatch("order (orderId)")),
            _ => Ok(()),
        }
    }

    /// A collection's payment (Transaction Status or the callback on the renewal's order) is for
    /// our MID and within the maximum. Check the order and exact amount with
    /// [`crate::reconcile()`] as for any payment.
    pub fn check_debit(&self, t: &TransactionResult) -> Result<()> {
        self.same_mid(t.mid.as_deref())?;
        self.within_max(t.amount, "the debit")
    }
}
