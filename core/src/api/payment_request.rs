//! All-in-One Payment Request: send (and resend) a UPI payment link by SMS to a customer at a
//! point of sale (`spec/all-in-one-payment-request.md`).
//!
//! Fields from Paytm's public pages <https://business.paytm.com/docs/apis/send-payment-request-api>
//! and <https://business.paytm.com/docs/api/resend-payment-request-api>: head `clientId`,
//! `version`, `channelId` mandatory (`requestTimestamp` optional) plus the signature over the body;
//! body `mid, merchantOrderId, amount, posId, userPhoneNo, expiry (yyyy-MM-dd HH:mm:ss),
//! displayName?, orderDetails?` (resend: `mid, merchantOrderId`).
//!
//! The endpoint paths are not in the pages available to us; [`SEND_PATH`] and [`RESEND_PATH`]
//! are our best reading and are public constants so a host can check them against the
//! onboarding kit Paytm sends with access to this product.

use serde::{Deserialize, Serialize};

use super::shared::Head;
use crate::error::Result;
use crate::types::{Amount, DateTime, Mid, Mobile, OrderId, PosId, Text};

/// Path of Send Payment Request (unverified, see the module docs).
pub const SEND_PATH: &str = "/order/sendpaymentrequest";
/// Path of Resend Payment Request (unverified, see the module docs).
pub const RESEND_PATH: &str = "/order/resendpaymentrequest";

/// The head members both APIs require (`version` defaults to `v1`).
pub(crate) const REQUIRED_HEAD: &[&str] = &["clientId", "version", "channelId"];

crate::json_struct::json_struct! {
    /// Send Payment Request input.
    ///
    /// JSON: `{"head":{"clientId":"C11","channelId":"WEB"},"mid":"…","merchantOrderId":"OREDRID98765",
    /// "amount":"1303.00","posId":"S12_123","userPhoneNo":"7777777777","expiry":"2020-01-30 12:30:30",
    /// "displayName":"Merchant Brand Name"}`; `head.version` defaults to `v1`, and
    /// [`super::build_request`] fills `head.clientId` from the credentials when absent.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct SendPaymentRequest {
        /// Head: clientId, version, channelId mandatory.
        #[serde(default, skip_serializing)]
        pub head: Head,
        /// Merchant id.
        pub mid: Mid,
        /// The order id (unique per MID across every POS).
        pub merchant_order_id: OrderId,
        /// The amount (at most two decimals).
        pub amount: Amount,
        /// `StoreId_PosId`.
        pub pos_id: PosId,
        /// The customer's mobile number (receives the SMS).
        pub user_phone_no: Mobile,
        /// When the link expires, `yyyy-MM-dd HH:mm:ss`.
        pub expiry: DateTime,
        /// Name shown to the customer (at most 50 characters).
        pub display_name: Option<Text> => omit,
        /// Order details shown with the request.
        pub order_details: Option<Text> => omit,
    }
}

impl SendPaymentRequest {
    /// `displayName` is at most 50 characters.
    pub(crate) fn check_display_name(&self) -> Result<()> {
        match &self.display_name {
            Some(d) if d.as_str().chars().count() > 50 => Err(crate::Error::with_message(
                crate::ErrorCode::InvalidField,
                "displayName: must be at most 50 characters",
            )),
            _ => Ok(()),
        }
    }
}

/// Resend Payment Request input: `{"head":{…},"mid":"…","merchantOrderId":"…"}` (the same order id
/// as the original request).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResendPaymentRequest {
    /// Head: clientId, version, channelId mandatory.
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// Merchant id.
    pub mid: Mid,
    /// The order id of the original request.
    pub merchant_order_id: OrderId,
}
