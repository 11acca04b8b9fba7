//! The legacy flat-JSON responses (`spec/auto-debit.md`): `getTxnStatus`, the `HANDLER_INTERNAL`
//! refund and refund status, and Withdraw (`directPay`), the only one of them that is signed.
//!
//! Values may be strings or JSON numbers (`"TxnId": 1000000654`, `"TxnAmount": 1`): a number is
//! read as the digits it was written with, never through a float. Withdraw's map-mode checksum
//! covers those same texts.

use std::collections::BTreeMap;

use serde::Serialize;

use super::scalar::amount_text;
use super::verify::verify_map;
use super::{parse_typed, Answer, FlatMap, TxnInfo};
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::result_codes::{RefundState, TxnState};
use crate::types::{Amount, OrderId};

use super::{ParseOptions, Verification};

pub(crate) fn status(api: &'static str, text: &str) -> Result<Answer<TxnInfo>> {
    let m: FlatMap = parse_typed(api, text)?;
    let t = TxnInfo::from_map(api, m, ErrorCode::ResponseMalformed)?;
    Ok((Verification::Unsigned, t.state.class(), t))
}

fn bad(api: &str, field: &str, rule: &str) -> Error {
    Error::with_message(
        ErrorCode::ResponseMalformed,
        format!("{api}: {field}: {rule}"),
    )
}

fn amount(api: &str, m: &mut FlatMap<'_>, name: &str) -> Result<Option<Amount>> {
    match m.take(name) {
        None => Ok(None),
        Some(s) => amount_text(&s).map_err(|r| bad(api, name, r)),
    }
}

fn order_id(api: &str, m: &mut FlatMap<'_>, name: &str) -> Result<Option<OrderId>> {
    m.take_nonempty(name)
        .map(|s| {
            OrderId::new(s)
                .map_err(|_| bad(api, name, "is not an order id this library could have sent"))
        })
        .transpose()
}

/// Legacy refund and legacy refund status responses (one shape: the status response has more
/// members).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct LegacyRefundResponse {
    /// `STATUS` as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `STATUS`, normalised.
    pub state: RefundState,
    /// `MID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mid: Option<String>,
    /// `TXNID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub txn_id: Option<String>,
    /// `ORDERID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    /// `TXNAMOUNT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub txn_amount: Option<Amount>,
    /// `REFUNDAMOUNT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<Amount>,
    /// `TOTALREFUNDAMT` (status; zero: `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_refund_amount: Option<Amount>,
    /// `REFID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    /// `REFUNDID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<String>,
    /// `RESPCODE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resp_code: Option<String>,
    /// `RESPMSG`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resp_msg: Option<String>,
    /// `TXNDATE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub txn_date: Option<String>,
    /// `REFUNDDATE` (status).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_date: Option<String>,
    /// `REFUNDTYPE` (status).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_type: Option<String>,
    /// `BANKTXNID` (status).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_txn_id: Option<String>,
    /// `GATEWAY` (status).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    /// `PAYMENTMODE` (status).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_mode: Option<String>,
    /// Every other member, as sent.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub other: BTreeMap<String, String>,
}

pub(crate) fn refund(api: &'static str, text: &str) -> Result<Answer<LegacyRefundResponse>> {
    let mut m: FlatMap = parse_typed(api, text)?;
    let status = m.take_nonempty("STATUS");
    let r = LegacyRefundResponse {
        state: status
            .as_deref()
            .map_or(RefundState::Unknown, RefundState::from_text),
        status,
        mid: m.take_nonempty("MID"),
        txn_id: m.take_nonempty("TXNID"),
        order_id: order_id(api, &mut m, "ORDERID")?,
        txn_amount: amount(api, &mut m, "TXNAMOUNT")?,
        refund_amount: amount(api, &mut m, "REFUNDAMOUNT")?,
        total_refund_amount: amount(api, &mut m, "TOTALREFUNDAMT")?,
        ref_id: m.take_nonempty("REFID"),
        refund_id: m.take_nonempty("REFUNDID"),
        resp_code: m.take_nonempty("RESPCODE"),
        resp_msg: m.take_nonempty("RESPMSG"),
        txn_date: m.take_nonempty("TXNDATE"),
        refund_date: m.take_nonempty("REFUNDDATE"),
        refund_type: m.take_nonempty("REFUNDTYPE"),
        bank_txn_id: m.take_nonempty("BANKTXNID"),
        gateway: m.take_nonempty("GATEWAY"),
        payment_mode: m.take_nonempty("PAYMENTMODE"),
        other: BTreeMap::new(),
    };
    let r = LegacyRefundResponse {
        other: m.rest(),
        ..r
    };
    Ok((Verification::Unsigned, r.state.class(), r))
}

/// The spellings of Withdraw's checksum member: the table says `checkSum`, the sample
/// `CheckSum`, the rest of Paytm `CHECKSUMHASH`.
const WITHDRAW_CHECKSUM_NAMES: &[&str] = &["CheckSum", "checkSum", "CHECKSUMHASH"];

/// Withdraw (`directPay`) response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct WithdrawResponse {
    /// `Status` as sent.
    pub status: String,
    /// `Status`, normalised.
    pub state: TxnState,
    /// `TxnId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub txn_id: Option<String>,
    /// `MID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mid: Option<String>,
    /// `OrderId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    /// `TxnAmount`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub txn_amount: Option<Amount>,
    /// `BankTxnId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_txn_id: Option<String>,
    /// `ResponseCode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_code: Option<String>,
    /// `ResponseMessage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_message: Option<String>,
    /// `PaymentMode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_mode: Option<String>,
    /// `BankName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_name: Option<String>,
    /// `CustId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cust_id: Option<String>,
    /// `MBID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mbid: Option<String>,
    /// `MercUnqRef`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merc_unq_ref: Option<String>,
    /// `PROMO_CAMP_ID`, `PROMO_STATUS`, `PROMO_RESPCODE`, `StatusCode` and anything else, as sent.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub other: BTreeMap<String, String>,
}

super::outcome::transaction_facts!(WithdrawResponse);

pub(crate) fn withdraw(
    api: &'static str,
    text: &str,
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<Answer<WithdrawResponse>> {
    let mut m: FlatMap = parse_typed(api, text)?;
    let names: Vec<&str> = WITHDRAW_CHECKSUM_NAMES
        .iter()
        .copied()
        .filter(|n| m.contains(n))
        .collect();
    if names.len() > 1 {
        return Err(Error::with_message(
            ErrorCode::SignatureAmbiguous,
            format!(
                "{api}: more than one checksum member ({})",
                names.join(", ")
            ),
        ));
    }
    let name = names.first().copied().unwrap_or("CheckSum");
    // The checksum member leaves the map first: what remains is exactly what was signed.
    let sum = m.take_cow(name);
    let verification = verify_map(api, sum.as_deref(), &m, key, options)?;
    let status = m
        .take_nonempty("Status")
        .ok_or_else(|| bad(api, "Status", "is required"))?;
    let r = WithdrawResponse {
        state: TxnState::from_text(&status),
        status,
        txn_id: m.take_nonempty("TxnId"),
        mid: m.take_nonempty("MID"),
        order_id: order_id(api, &mut m, "OrderId")?,
        txn_amount: amount(api, &mut m, "TxnAmount")?,
        bank_txn_id: m.take_nonempty("BankTxnId"),
        response_code: m.take_nonempty("ResponseCode"),
        response_message: m.take_nonempty("ResponseMessage"),
        payment_mode: m.take_nonempty("PaymentMode"),
        bank_name: m.take_nonempty("BankName"),
        cust_id: m.take_nonempty("CustId"),
        mbid: m.take_nonempty("MBID"),
        merc_unq_ref: m.take_nonempty("MercUnqRef"),
        other: BTreeMap::new(),
    };
    let r = WithdrawResponse {
        other: m.rest(),
        ..r
    };
    Ok((verification, r.state.class(), r))
}
