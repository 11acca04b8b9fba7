//! What Paytm reports about a call and about a payment: the `resultInfo` of every JSON API
//! ([`ResultInfo`]), a payment's upper-case map ([`TxnInfo`], read from a flat map with its
//! checksum member already taken out, and its other members, [`Fields`]), and the facts
//! reconciliation compares ([`TransactionResult`]).

use std::borrow::Cow;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use super::flat_map::FlatMap;
use super::lenient;
use super::scalar::amount_text;
use super::verify::Verification;
use crate::error::{Error, ErrorCode, Result};
use crate::result_codes::{classify_in, ResultClass, ResultCode, ResultStatus, TxnState};
use crate::types::{Amount, OrderId};

lenient_struct! {
    /// `resultInfo`: the outcome of an API call as Paytm reports it.
    #[derive(Eq)]
    pub struct ResultInfo {
        /// `S`, `F`, `U`, or a state word (`TXN_SUCCESS`, `PENDING` …) as sent.
        #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
        pub result_status: Option<CompactString> => "lenient::short",
        /// The result code (see [`crate::result_codes`]).
        #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
        pub result_code: Option<CompactString> => "lenient::short",
        /// Paytm's message.
        #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
        pub result_msg: Option<CompactString> => "lenient::short",
        /// Process Transaction: retries are over, leave the cashier page.
        pub is_redirect: Option<bool> => "lenient::flag",
        /// Process Transaction: the bank allows a retry.
        pub bank_retry: Option<bool> => "lenient::flag",
        /// Process Transaction: a retry is allowed.
        pub retry: Option<bool> => "lenient::flag",
    }
}

impl ResultInfo {
    /// The normalised `resultStatus`.
    pub fn status(&self) -> ResultStatus {
        self.result_status
            .as_deref()
            .map_or(ResultStatus::Unknown, ResultStatus::from_text)
    }

    /// The code, or "" when absent.
    pub fn code(&self) -> &str {
        self.result_code.as_deref().unwrap_or("")
    }
}

/// A `resultInfo` under any of the spellings Paytm's API families use ([`ResultInfo`],
/// `LinkResultInfo`, `SubscriptionResultInfo`): what it means is its code and status in its
/// API's code table, by the one rule of [`classify_in`] (an absent code reads as `""`).
pub(crate) trait ResultFields {
    /// `resultCode` and `resultStatus`, under whichever spelling was read, when sent.
    fn code_and_status(&self) -> (Option<&str>, Option<&str>);

    /// The class of the code and status in one table's entries (`INITIATE`, `PAYMENT_LINK` …:
    /// naming the table itself links only that table).
    fn class_in(&self, table: &[ResultCode]) -> ResultClass {
        let (code, status) = self.code_and_status();
        classify_in(table, code.unwrap_or(""), status)
    }
}

impl ResultFields for ResultInfo {
    fn code_and_status(&self) -> (Option<&str>, Option<&str>) {
        (self.result_code.as_deref(), self.result_status.as_deref())
    }
}

/// A payment's fields as the upper-case maps carry them: Process Transaction's `txnInfo`, the
/// callback and S2S webhook, Add Money's callback, the legacy `getTxnStatus` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct TxnInfo {
    /// `ORDERID`.
    pub order_id: OrderId,
    /// `MID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub mid: Option<CompactString>,
    /// `TXNID`: Paytm's transaction id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub txn_id: Option<CompactString>,
    /// `BANKTXNID` (absent when the payment never reached the bank).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub bank_txn_id: Option<CompactString>,
    /// `TXNAMOUNT` (absent or zero: `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub txn_amount: Option<Amount>,
    /// `CURRENCY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub currency: Option<CompactString>,
    /// `STATUS` as sent.
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub status: CompactString,
    /// `STATUS`, normalised.
    pub state: TxnState,
    /// `RESPCODE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub resp_code: Option<CompactString>,
    /// `RESPMSG`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub resp_msg: Option<CompactString>,
    /// `TXNDATE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub txn_date: Option<CompactString>,
    /// `TXNTYPE` (legacy status).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub txn_type: Option<CompactString>,
    /// `GATEWAYNAME`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub gateway_name: Option<CompactString>,
    /// `BANKNAME`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub bank_name: Option<CompactString>,
    /// `PAYMENTMODE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub payment_mode: Option<CompactString>,
    /// `REFUNDAMT` (legacy status; zero: `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<Amount>,
    /// `VPA`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub vpa: Option<CompactString>,
    /// `PROMO_CAMP_ID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub promo_camp_id: Option<CompactString>,
    /// `PROMO_RESPCODE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub promo_respcode: Option<CompactString>,
    /// `PROMO_STATUS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub promo_status: Option<CompactString>,
    /// `callBackUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub callback_url: Option<CompactString>,
    /// Every other member, as sent (covered by the checksum when there is one).
    #[serde(skip_serializing_if = "Fields::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub other: Fields,
}

impl TxnInfo {
    /// Builds from a flat map (the checksum member already removed). `code` is the error code
    /// for a missing or malformed member: ResponseMalformed or CallbackMalformed.
    pub(crate) fn from_map(api: &str, m: FlatMap<'_>, code: ErrorCode) -> Result<TxnInfo> {
        TxnInfo::from_entries(api, m.into_entries().collect(), code)
    }

    /// Builds from (name, value) entries in any order, names unique (the checksum member
    /// already removed).
    pub(crate) fn from_entries(
        api: &str,
        mut entries: Vec<(Cow<'_, str>, Option<Cow<'_, str>>)>,
        code: ErrorCode,
    ) -> Result<TxnInfo> {
        let bad =
            |field: &str, rule: &str| Error::with_message(code, format!("{api}: {field}: {rule}"));
        // The order id first, so the struct is built with it.
        let order_id = match entries.iter().position(|(k, _)| k == "ORDERID") {
            Some(at) => entries.remove(at).1,
            None => None,
        };
        let order_id = match order_id {
            Some(s) if !s.is_empty() => OrderId::new(s.as_ref())
                .map_err(|_| bad("ORDERID", "is not an order id this library could have sent"))?,
            _ => return Err(bad("ORDERID", "is required")),
        };
        let mut t = TxnInfo {
            order_id,
            mid: None,
            txn_id: None,
            bank_txn_id: None,
            txn_amount: None,
            currency: None,
            status: CompactString::default(),
            state: TxnState::Unknown,
            resp_code: None,
            resp_msg: None,
            txn_date: None,
            txn_type: None,
            gateway_name: None,
            bank_name: None,
            payment_mode: None,
            refund_amount: None,
            vpa: None,
            promo_camp_id: None,
            promo_respcode: None,
            promo_status: None,
            callback_url: None,
            other: Fields::default(),
        };
        // One pass over the (sorted) entries, moving each value: borrowed text is copied once,
        // into its field; text that was unescaped is moved without a copy.
        for (k, v) in entries {
            let text = v.unwrap_or(Cow::Borrowed(""));
            let slot = match k.as_ref() {
                "STATUS" => {
                    t.status = CompactString::from(text);
                    continue;
                }
                name @ ("TXNAMOUNT" | "REFUNDAMT") => {
                    let a = amount_text(&text).map_err(|r| bad(name, r))?;
                    if name == "TXNAMOUNT" {
                        t.txn_amount = a;
                    } else {
                        t.refund_amount = a;
                    }
                    continue;
                }
                "MID" => &mut t.mid,
                "TXNID" => &mut t.txn_id,
                "BANKTXNID" => &mut t.bank_txn_id,
                "CURRENCY" => &mut t.currency,
                "RESPCODE" => &mut t.resp_code,
                "RESPMSG" => &mut t.resp_msg,
                "TXNDATE" => &mut t.txn_date,
                "TXNTYPE" => &mut t.txn_type,
                "GATEWAYNAME" => &mut t.gateway_name,
                "BANKNAME" => &mut t.bank_name,
                "PAYMENTMODE" => &mut t.payment_mode,
                "VPA" => &mut t.vpa,
                "PROMO_CAMP_ID" => &mut t.promo_camp_id,
                "PROMO_RESPCODE" => &mut t.promo_respcode,
                "PROMO_STATUS" => &mut t.promo_status,
                "callBackUrl" => &mut t.callback_url,
                _ => {
                    t.other
                        .push(CompactString::from(k), CompactString::from(text));
                    continue;
                }
            };
            if !text.is_empty() {
                *slot = Some(CompactString::from(text));
            }
        }
        if t.status.is_empty() {
            return Err(bad("STATUS", "is required"));
        }
        t.state = TxnState::from_text(&t.status);
        Ok(t)
    }
}

/// Named text fields, each name once, in the order read (a map checksum's signing order where
/// one was verified, the order received otherwise); serialized as a JSON object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "Record<string, string>"))]
pub struct Fields(Vec<(CompactString, CompactString)>);

impl Fields {
    /// The value of field `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// (name, value) pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a field; callers pass each name once (the readers refuse repeated names).
    pub(crate) fn push(&mut self, name: CompactString, value: CompactString) {
        self.0.push((name, value));
    }
}

impl Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

crate::json_struct::json_struct! {
    /// The facts [`crate::reconcile::reconcile`] needs from any response or callback that reports
    /// a payment.
    ///
    /// JSON (C and npm; also the `transaction` member of a parsed response): `{"orderId", "mid",
    /// "txnId", "amount", "state", "verification"}`, the first four optional.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
    pub struct TransactionResult {
        /// The order id Paytm reports.
        pub order_id: Option<OrderId> => omit,
        /// The MID Paytm reports.
        pub mid: Option<String> => omit,
        /// Paytm's transaction id.
        pub txn_id: Option<String> => omit,
        /// The amount Paytm reports.
        pub amount: Option<Amount> => omit,
        /// The payment's state.
        pub state: TxnState,
        /// How the data was authenticated.
        pub verification: Verification,
    }
}

impl TxnInfo {
    /// The reconciliation facts, under a verification.
    pub fn transaction(&self, verification: Verification) -> TransactionResult {
        TransactionResult {
            order_id: Some(self.order_id.clone()),
            mid: self.mid.as_deref().map(String::from),
            txn_id: self.txn_id.as_deref().map(String::from),
            amount: self.txn_amount,
            state: self.state,
            verification,
        }
    }
}

/// The reconciliation facts of a response whose `order_id`, `mid`, `txn_id`, `txn_amount` and
/// `state` members are the payment's as Paytm reported them: one mapping for all of them.
macro_rules! transaction_facts {
    ($($t:ty),*) => {$(
        impl $t {
            /// The reconciliation facts.
            pub fn transaction(
                &self,
                verification: $crate::response::Verification,
            ) -> $crate::response::TransactionResult {
                $crate::response::TransactionResult {
                    order_id: self.order_id.clone(),
                    mid: self.mid.clone(),
                    txn_id: self.txn_id.clone(),
                    amount: self.txn_amount,
                    state: self.state,
                    verification,
                }
            }
        }
    )*};
}
pub(crate) use transaction_facts;
