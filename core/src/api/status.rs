//! Transaction status: the signed JSON Transaction Status API and the legacy `getTxnStatus`.
//!
//! - JSON: POST `{pg}/v3/order/status`, `{"head":{…,"signature":S},"body":{"mid","orderId","txnType"?}}`.
//!   Fields from Paytm's public page <https://paytmpayments.com/docs/api/v3/transaction-status-api>
//!   (the spec has no field list for it).
//! - Legacy: POST `{pg}/merchant-status/getTxnStatus` with the form field
//!   `JsonData={"MID","ORDERID","TXN_TYPE"?,"CHECKSUMHASH"}` (`spec/auto-debit.md`); the checksum
//!   is the map-mode checksum of the other members. The spec's sample puts JsonData in a GET
//!   query; we POST it as a form, as Paytm's own kits do, so the checksum never lands in URL logs.
//!
//! JSON inputs: `{"head":{…optional},"mid":"…","orderId":"…","txnType":"PREAUTH"}` and
//! `{"mid":"…","orderId":"…","txnType":"WITHDRAW"}`.

use serde::{Deserialize, Serialize};

use super::shared::{builders, Head, Keyed};
use crate::error::Result;
use crate::http::HttpRequest;
use crate::types::{Mid, OrderId};

/// Which leg of a transaction to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TxnType {
    /// Pre-authorisation.
    Preauth,
    /// Release of a pre-authorisation.
    Release,
    /// Capture of a pre-authorisation.
    Capture,
    /// Withdraw (auto-debit).
    Withdraw,
}

impl TxnType {
    fn as_str(self) -> &'static str {
        match self {
            TxnType::Preauth => "PREAUTH",
            TxnType::Release => "RELEASE",
            TxnType::Capture => "CAPTURE",
            TxnType::Withdraw => "WITHDRAW",
        }
    }
}

crate::json_struct::json_struct! {
    /// Transaction Status API input.
    ///
    /// ```
    /// use paytm_checkout::api::status::TransactionStatus;
    /// use paytm_checkout::http::Environment;
    /// use paytm_checkout::MerchantKey;
    /// let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK")?;
    /// let req = TransactionStatus::new("INTEGR7769XXXXXX9383".try_into()?, "ORDERID_98765".try_into()?)
    ///     .build(&Environment::Production, &key, None)?;
    /// assert_eq!(req.url, "https://secure.paytmpayments.com/v3/order/status");
    /// # Ok::<(), paytm_checkout::Error>(())
    /// ```
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct TransactionStatus {
        /// Optional head members.
        #[serde(default, skip_serializing)]
        pub head: Head,
        /// Merchant id.
        pub mid: Mid,
        /// The order id.
        pub order_id: OrderId,
        /// Which leg to report (pre-auth flows).
        pub txn_type: Option<TxnType> => omit,
    }
}

impl TransactionStatus {
    /// A status query for an order.
    pub fn new(mid: Mid, order_id: OrderId) -> Self {
        TransactionStatus {
            head: Head::default(),
            mid,
            order_id,
            txn_type: None,
        }
    }
}

/// Legacy `getTxnStatus` input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LegacyTransactionStatus {
    /// Merchant id (`MID`).
    pub mid: Mid,
    /// The order id (`ORDERID`).
    pub order_id: OrderId,
    /// `TXN_TYPE`, e.g. WITHDRAW.
    #[serde(default)]
    pub txn_type: Option<TxnType>,
}

impl LegacyTransactionStatus {
    /// A status query for an order.
    pub fn new(mid: Mid, order_id: OrderId) -> Self {
        LegacyTransactionStatus {
            mid,
            order_id,
            txn_type: None,
        }
    }

    fn request(&self, k: &Keyed<'_>) -> Result<HttpRequest> {
        let mut fields = vec![
            ("MID", self.mid.as_str()),
            ("ORDERID", self.order_id.as_str()),
        ];
        if let Some(t) = self.txn_type {
            fields.push(("TXN_TYPE", t.as_str()));
        }
        k.json_data_post("/merchant-status/getTxnStatus", &fields, "CHECKSUMHASH")
    }
}

builders! { keyed:
    /// The request: a form with `JsonData` carrying `CHECKSUMHASH`.
    LegacyTransactionStatus::build -> HttpRequest = request;
}
