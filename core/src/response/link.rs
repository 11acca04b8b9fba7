//! Payment Link responses: the four APIs of [`crate::api::link`] (signed `{head,body}`,
//! `head.signature` over the body's exact bytes, like every other JSON API) and the link payment
//! webhook (a form POST with `CHECKSUMHASH` in map mode, the payment's fields plus
//! `MERC_UNQ_REF` = `LI_<linkId>`), and the reconciliation of any of them against the link the
//! merchant created ([`ExpectedPaymentLink`]).
//!
//! Sources: <https://paytmpayments.com/docs/create-link-api>,
//! <https://business.paytm.com/docs/fetch-link-api>,
//! <https://paytmpayments.com/docs/api/resend-notification-link-api>,
//! <https://paytmpayments.com/docs/api/expire-link-api> and the webhook
//! <https://developer.paytm.com/docs/link-payment-status-webhook/>.
//!
//! `resultInfo` is `resultStatus`/`resultCode`/`resultMessage` (`resultMsg` is read too); codes
//! are classified by [`CodeTable::PaymentLink`], anything else is `unknown`.
//!
//! **Money rule.** Only a verified webhook (or Fetch Link answer) about *this* link id, MID and
//! amount counts: [`ExpectedPaymentLink`] checks them; a mismatch is [`ErrorCode::OrderMismatch`]
//! and must change nothing. A link answer never proves a payment by itself: the webhook's
//! `STATUS` (checked with [`crate::reconcile()`] like any payment) does.
//!
//! [`CodeTable::PaymentLink`]: crate::result_codes::CodeTable::PaymentLink

use serde::{Deserialize, Serialize};

use super::envelope::{kept_promise, settled_by_result_info, SignedBody};
use super::flat_map::FlatMap;
use super::outcome::{ResultFields, TxnInfo};
use super::verify::{verify_map, Answer, ParseOptions};
use super::{lenient, ResponseHead};
use crate::api::link::LinkId;
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::result_codes::{ResultClass, PAYMENT_LINK};
use crate::types::{Amount, Mid};

lenient_struct! {
    /// `resultInfo` of the link APIs.
    #[derive(Eq)]
    pub struct LinkResultInfo {
        /// `SUCCESS`/`FAILED` (or `S`/`F`).
        pub result_status: Option<String> => "lenient::text",
        /// The result code.
        pub result_code: Option<String> => "lenient::text",
        /// Paytm's message (`resultMessage` or `resultMsg`).
        #[serde(alias = "resultMsg")]
        pub result_message: Option<String> => "lenient::text",
    }
}

impl ResultFields for LinkResultInfo {
    fn code_and_status(&self) -> (Option<&str>, Option<&str>) {
        (self.result_code.as_deref(), self.result_status.as_deref())
    }
}

lenient_struct! {
    /// One link as Create Link and Fetch Link describe it.
    #[derive(Eq)]
    pub struct PaymentLinkDetail {
        /// The link's id.
        pub link_id: Option<u64> => "lenient::uint",
        /// FIXED, GENERIC or INVOICE.
        pub link_type: Option<String> => "lenient::text",
        /// The link's name.
        pub link_name: Option<String> => "lenient::text",
        /// The link's description.
        pub link_description: Option<String> => "lenient::text",
        /// The link's amount.
        pub amount: Option<Amount> => "lenient::amount",
        /// The short URL to send the customer.
        pub short_url: Option<String> => "lenient::text",
        /// The long URL.
        pub long_url: Option<String> => "lenient::text",
        /// The expiry date as sent.
        pub expiry_date: Option<String> => "lenient::text",
        /// Whether the link can still be paid.
        pub is_active: Option<bool> => "lenient::flag",
        /// The link's state word when sent (ACTIVE, EXPIRED, PAID …; not on the pages).
        pub status: Option<String> => "lenient::text",
        /// When the link was created, as sent.
        pub created_date: Option<String> => "lenient::text",
        /// The merchant.
        pub mid: Option<String> => "lenient::text",
    }
}

lenient_struct! {
    /// Create Link's response: the outcome and the new link.
    #[derive(Eq)]
    pub struct CreatePaymentLinkResponse {
        /// The response head.
        #[serde(skip_deserializing)]
        pub head: ResponseHead,
        /// The outcome.
        pub result_info: LinkResultInfo,
        /// The link's id: store it, every later call names it.
        pub link_id: Option<u64> => "lenient::uint",
        /// FIXED, GENERIC or INVOICE.
        pub link_type: Option<String> => "lenient::text",
        /// The link's amount.
        pub amount: Option<Amount> => "lenient::amount",
        /// The short URL to send the customer.
        pub short_url: Option<String> => "lenient::text",
        /// The long URL.
        pub long_url: Option<String> => "lenient::text",
        /// The expiry date as sent.
        pub expiry_date: Option<String> => "lenient::text",
        /// Whether the link can be paid.
        pub is_active: Option<bool> => "lenient::flag",
        /// The merchant's request id, echoed.
        pub merchant_request_id: Option<String> => "lenient::text",
    }
}

lenient_struct! {
    /// Fetch Link's response: the links found.
    #[derive(Eq)]
    pub struct FetchPaymentLinkResponse {
        /// The response head.
        #[serde(skip_deserializing)]
        pub head: ResponseHead,
        /// The outcome of the query.
        pub result_info: LinkResultInfo,
        /// The links.
        #[serde(default)]
        pub links: Vec<PaymentLinkDetail>,
    }
}

lenient_struct! {
    /// Resend Notification's and Expire Link's response: whether Paytm did it.
    #[derive(Eq)]
    pub struct PaymentLinkActionResponse {
        /// The response head.
        #[serde(skip_deserializing)]
        pub head: ResponseHead,
        /// The outcome.
        pub result_info: LinkResultInfo,
        /// The link, when named.
        pub link_id: Option<u64> => "lenient::uint",
    }
}

impl SignedBody for CreatePaymentLinkResponse {
    fn settle(&mut self, head: ResponseHead, api: &str) -> Result<ResultClass> {
        self.head = head;
        let class = self.result_info.class_in(PAYMENT_LINK);
        let kept = self.link_id.is_some() && self.short_url.is_some();
        kept_promise(
            api,
            class,
            kept,
            "a success response must carry linkId and shortUrl",
        )
    }
}

settled_by_result_info!(
    FetchPaymentLinkResponse => PAYMENT_LINK,
    PaymentLinkActionResponse => PAYMENT_LINK,
);

/// The link payment webhook: a payment (the S2S fields of any payment) made on a link.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PaymentLinkWebhook {
    /// The link paid: `MERC_UNQ_REF` without its `LI_` prefix.
    pub link_id: u64,
    /// The payment (`ORDERID`, `TXNID`, `TXNAMOUNT`, `STATUS` …; `LINKNOTES`,
    /// `LINKDESCRIPTION` and the other link members under `other`).
    pub payment: TxnInfo,
}

pub(crate) fn webhook(
    api: &'static str,
    mut m: FlatMap<'_>,
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<Answer<PaymentLinkWebhook>> {
    // Verified over every field (MERC_UNQ_REF included) before anything is read.
    let sum = m.take_cow(crate::params::CHECKSUMHASH);
    let verification = verify_map(api, sum.as_deref(), &m, key, options)?;
    let link_id = m
        .take_nonempty("MERC_UNQ_REF")
        .as_deref()
        .and_then(|r| r.strip_prefix("LI_"))
        .and_then(|d| LinkId::parse(d).ok())
        .ok_or_else(|| {
            Error::with_message(
                ErrorCode::CallbackMalformed,
                format!("{api}: MERC_UNQ_REF: must be LI_ and the link id"),
            )
        })?;
    let payment = TxnInfo::from_map(api, m, ErrorCode::CallbackMalformed)?;
    let class = payment.state.class();
    let w = PaymentLinkWebhook {
        link_id: link_id.get(),
        payment,
    };
    Ok((verification, class, w))
}

/// The merchant's own record of a link: what every answer about it is checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExpectedPaymentLink {
    /// The merchant's MID.
    pub mid: Mid,
    /// The id Create Link returned.
    #[cfg_attr(feature = "ts", ts(as = "u64"))]
    pub link_id: LinkId,
    /// The link's amount (FIXED and INVOICE links; `None` for GENERIC ones, whose amount the
    /// customer chooses).
    pub amount: Option<Amount>,
}

fn mismatch(what: &str) -> Error {
    Error::with_message(
        ErrorCode::OrderMismatch,
        format!("payment link: the answer is about another {what}"),
    )
}

impl ExpectedPaymentLink {
    fn same_link(&self, got: Option<u64>) -> Result<()> {
        match got {
            Some(id) if id == self.link_id.get() => Ok(()),
            _ => Err(mismatch("link (linkId)")),
        }
    }

    /// A link answer (Create, Fetch) may leave the amount out, but never names another one.
    fn no_other_amount(&self, got: Option<Amount>) -> Result<()> {
        match (self.amount, got) {
            (Some(want), Some(got)) if want != got => Err(mismatch("amount (amount)")),
            _ => Ok(()),
        }
    }

    /// A payment of a fixed-amount link carries exactly its amount.
    fn same_amount(&self, got: Option<Amount>, field: &str) -> Result<()> {
        match (self.amount, got) {
            (Some(_), None) => Err(mismatch(&format!("amount ({field} absent)"))),
            _ => self
                .no_other_amount(got)
                .map_err(|_| mismatch(&format!("amount ({field})"))),
        }
    }

    fn same_mid(&self, got: Option<&str>) -> Result<()> {
        match got {
            Some(m) if m != self.mid.as_str() => Err(mismatch("merchant (MID)")),
            _ => Ok(()),
        }
    }

    /// Create Link's answer names this link and amount.
    pub fn check_create(&self, r: &CreatePaymentLinkResponse) -> Result<()> {
        self.same_link(r.link_id)?;
        self.no_other_amount(r.amount)
    }

    /// The one link of a Fetch Link answer that is this link (same id, MID and amount).
    pub fn check_fetch<'a>(
        &self,
        r: &'a FetchPaymentLinkResponse,
    ) -> Result<&'a PaymentLinkDetail> {
        let l = r
            .links
            .iter()
            .find(|l| l.link_id == Some(self.link_id.get()))
            .ok_or_else(|| mismatch("link (linkId)"))?;
        self.same_mid(l.mid.as_deref())?;
        self.no_other_amount(l.amount)?;
        Ok(l)
    }

    /// The webhook is a payment of this link: same link id, MID (required) and, for a
    /// fixed-amount link, exactly its amount.
    pub fn check_webhook(&self, w: &PaymentLinkWebhook) -> Result<()> {
        self.same_link(Some(w.link_id))?;
        match w.payment.mid.as_deref() {
            Some(m) if m == self.mid.as_str() => {}
            _ => return Err(mismatch("merchant (MID)")),
        }
        self.same_amount(w.payment.txn_amount, "TXNAMOUNT")
    }
}
