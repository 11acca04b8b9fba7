//! Refunds and refund status: the signed JSON APIs and the legacy JsonData forms.
//!
//! - Refund: POST `{pg}/refund/apply`, body `mid, txnType ("REFUND"), orderId, txnId, refId,
//!   refundAmount, comments?, agentInfo?` — Paytm's public page
//!   <https://paytmpayments.com/docs/refund-api>.
//! - Refund Status: POST `{pg}/v2/refund/status`, body `mid, orderId, refId` —
//!   <https://paytmpayments.com/docs/api/refund-status-api>.
//! - Legacy refund: POST `{pg}/refund/HANDLER_INTERNAL/REFUND`, form `JsonData={MID, TXNID,
//!   ORDERID, REFUNDAMOUNT, TXNTYPE, COMMENTS?, REFID, CHECKSUM}` (`spec/auto-debit.md`; note the
//!   member is `CHECKSUM` here, not `CHECKSUMHASH`).
//! - Legacy refund status: POST `{pg}/refund/HANDLER_INTERNAL/getRefundStatus`, form
//!   `JsonData={MID, ORDERID, REFID, CHECKSUMHASH}`.
//!
//! `REFID` is mandatory everywhere (a missing one is [`crate::ErrorCode::MissingField`], a
//! malformed one [`crate::ErrorCode::InvalidRefId`]): Paytm de-duplicates refunds on it, so a
//! retried refund with the same REFID can never pay twice.

use serde::{Deserialize, Serialize};

use super::shared::{builders, Head, Keyed};
use crate::error::Result;
use crate::http::HttpRequest;
use crate::types::{Amount, Email, Mid, Mobile, OrderId, RefId, Text, TxnId};

crate::json_struct::json_struct! {
    /// Who raised the refund (shown in Paytm's reports).
    #[derive(Debug, Clone, Default, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct AgentInfo {
        /// Employee id.
        pub employee_id: Option<Text> => omit,
        /// Name.
        pub name: Option<Text> => omit,
        /// Phone number.
        pub phone_no: Option<Mobile> => omit,
        /// Email.
        pub email: Option<Email> => omit,
    }
}

fn refund_type() -> String {
    "REFUND".to_owned()
}

crate::json_struct::json_struct! {
    /// Refund API input.
    ///
    /// JSON: `{"head":{…optional},"mid":"…","orderId":"…","txnId":"…","refId":"…","refundAmount":"1.00","comments":"…"}`.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct Refund {
        /// Optional head members.
        #[serde(default, skip_serializing)]
        pub head: Head,
        /// Merchant id.
        pub mid: Mid,
        /// Always `REFUND`.
        #[serde(skip_deserializing, default = "refund_type")]
        pub txn_type: String,
        /// The order id of the payment.
        pub order_id: OrderId,
        /// Paytm's transaction id of the payment.
        pub txn_id: TxnId,
        /// The merchant's unique refund reference.
        pub ref_id: RefId,
        /// The amount to refund (partial refunds allowed).
        pub refund_amount: Amount,
        /// Comments.
        pub comments: Option<Text> => omit,
        /// Who raised the refund.
        pub agent_info: Option<AgentInfo> => omit,
    }
}

impl Refund {
    /// A refund of `refund_amount` of a payment.
    pub fn new(
        mid: Mid,
        order_id: OrderId,
        txn_id: TxnId,
        ref_id: RefId,
        refund_amount: Amount,
    ) -> Self {
        Refund {
            head: Head::default(),
            mid,
            txn_type: refund_type(),
            order_id,
            txn_id,
            ref_id,
            refund_amount,
            comments: None,
            agent_info: None,
        }
    }
}

/// Refund Status API input: `{"head":{…optional},"mid":"…","orderId":"…","refId":"…"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefundStatus {
    /// Optional head members.
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// Merchant id.
    pub mid: Mid,
    /// The order id of the payment.
    pub order_id: OrderId,
    /// The refund reference.
    pub ref_id: RefId,
}

impl RefundStatus {
    /// A status query for a refund.
    pub fn new(mid: Mid, order_id: OrderId, ref_id: RefId) -> Self {
        RefundStatus {
            head: Head::default(),
            mid,
            order_id,
            ref_id,
        }
    }
}

/// REFUND or CANCEL (legacy refund).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum LegacyRefundType {
    /// Refund.
    #[default]
    Refund,
    /// Cancel.
    Cancel,
}

/// Legacy refund input:
/// `{"mid":"…","txnId":"…","orderId":"…","refundAmount":"1.00","txnType":"REFUND","comments":"…","refId":"…"}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LegacyRefund {
    /// `MID`.
    pub mid: Mid,
    /// `TXNID`.
    pub txn_id: TxnId,
    /// `ORDERID`.
    pub order_id: OrderId,
    /// `REFUNDAMOUNT`.
    pub refund_amount: Amount,
    /// `TXNTYPE` (default REFUND).
    #[serde(default)]
    pub txn_type: LegacyRefundType,
    /// `COMMENTS`.
    #[serde(default)]
    pub comments: Option<Text>,
    /// `REFID`.
    pub ref_id: RefId,
}

impl LegacyRefund {
    fn request(&self, k: &Keyed<'_>) -> Result<HttpRequest> {
        let amount = self.refund_amount.to_string();
        let mut fields = vec![
            ("MID", self.mid.as_str()),
            ("TXNID", self.txn_id.as_str()),
            ("ORDERID", self.order_id.as_str()),
            ("REFUNDAMOUNT", amount.as_str()),
            (
                "TXNTYPE",
                match self.txn_type {
                    LegacyRefundType::Refund => "REFUND",
                    LegacyRefundType::Cancel => "CANCEL",
                },
            ),
        ];
        if let Some(c) = &self.comments {
            fields.push(("COMMENTS", c.as_str()));
        }
        fields.push(("REFID", self.ref_id.as_str()));
        k.json_data_post("/refund/HANDLER_INTERNAL/REFUND", &fields, "CHECKSUM")
    }
}

/// Legacy refund status input: `{"mid":"…","orderId":"…","refId":"…"}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LegacyRefundStatus {
    /// `MID`.
    pub mid: Mid,
    /// `ORDERID`.
    pub order_id: OrderId,
    /// `REFID`.
    pub ref_id: RefId,
}

impl LegacyRefundStatus {
    fn request(&self, k: &Keyed<'_>) -> Result<HttpRequest> {
        let fields = [
            ("MID", self.mid.as_str()),
            ("ORDERID", self.order_id.as_str()),
            ("REFID", self.ref_id.as_str()),
        ];
        let path = "/refund/HANDLER_INTERNAL/getRefundStatus";
        k.json_data_post(path, &fields, "CHECKSUMHASH")
    }
}

builders! { keyed:
    /// The request: a form with `JsonData` carrying `CHECKSUM`.
    LegacyRefund::build -> HttpRequest = request;
    /// The request: a form with `JsonData` carrying `CHECKSUMHASH`.
    LegacyRefundStatus::build -> HttpRequest = request;
}
