//! Payment Links: the four signed JSON APIs a merchant creates, looks up, re-sends and expires a
//! link with (issue #22). The customer pays on Paytm's page at the link's URL; the payment comes
//! back as the link payment webhook ([`crate::response::link`]).
//!
//! | API | request | Paytm's page |
//! | --- | --- | --- |
//! | [`CreatePaymentLink`] | POST `{pg}/link/create`, head `tokenType: AES` | <https://paytmpayments.com/docs/create-link-api> |
//! | [`FetchPaymentLink`] | POST `{pg}/link/fetch`, head `tokenType: AES`, `channelId` | <https://business.paytm.com/docs/fetch-link-api> |
//! | [`ResendPaymentLink`] | POST `{pg}/link/resendNotification`, head `tokenType: AES`, `channelId` | <https://paytmpayments.com/docs/api/resend-notification-link-api> |
//! | [`ExpirePaymentLink`] | POST `{pg}/link/expire`, head `tokenType: AES`, `channelId` | <https://paytmpayments.com/docs/api/expire-link-api> |
//!
//! Every body is serialized once and signed as sent (`head.signature`), like the other JSON APIs.
//!
//! Validation (from the pages, plus the money rule):
//! - `linkType` is one of `FIXED`, `GENERIC`, `INVOICE`; a `FIXED` or `INVOICE` link names its
//!   `amount` (an [`Amount`]: a decimal string, never a float; written into the body as a JSON
//!   number because the pages type it `double`).
//! - `linkName` 1–64 characters, `linkDescription` 1–30, `merchantRequestId` at most 64.
//! - `expiryDate` is `dd/MM/yyyy` or `dd/MM/yyyy HH:mm:ss`, a real calendar date ([`LinkExpiry`]).
//! - `sendSms` needs `customerContact.customerMobile`; `sendEmail` needs `customerEmail`
//!   (10-digit mobile numbers and e-mail addresses as [`Mobile`] and [`Email`] check them).
//! - Resend asks for at least one of `sendSms`/`sendEmail`, and Fetch, Resend and Expire need
//!   `head.channelId` (mandatory on their pages).
//!
//! Breaking a rule is [`ErrorCode::InvalidField`] or [`ErrorCode::MissingField`] naming the
//! member. What we could not confirm from the pages (the paths other than `/link/create`, the
//! expiry formats, the result codes) is listed in `docs/payment-links.md`.

use serde::{Deserialize, Serialize, Serializer};

use super::shared::{missing, Head};
use crate::error::{Error, ErrorCode, Result};
use crate::types::{Amount, CallbackUrl, DateTime, Email, Mid, Mobile, Text};

/// Path of Create Link.
pub const CREATE_PATH: &str = "/link/create";
/// Path of Fetch Link (see the module docs).
pub const FETCH_PATH: &str = "/link/fetch";
/// Path of Resend Notification Link (see the module docs).
pub const RESEND_PATH: &str = "/link/resendNotification";
/// Path of Expire Link (see the module docs).
pub const EXPIRE_PATH: &str = "/link/expire";

fn invalid(api: &str, field: &str, rule: &str) -> Error {
    Error::with_message(ErrorCode::InvalidField, format!("{api}: {field}: {rule}"))
}

/// The kind of link (`linkType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LinkType {
    /// One amount, any number of payments.
    Fixed,
    /// The customer types the amount.
    Generic,
    /// An invoice for a stated amount.
    Invoice,
}

/// A link id Paytm issues (`linkId`, a `long` on the pages): 1–19 digits, read from a JSON
/// number or a digit string, written as a JSON number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkId(u64);

impl LinkId {
    /// A link id from its number (0 is not an id).
    pub fn new(id: u64) -> Result<LinkId> {
        if id == 0 {
            return Err(invalid("link", "linkId", "must be a positive number"));
        }
        Ok(LinkId(id))
    }

    /// Parses 1–19 digits.
    pub fn parse(s: &str) -> Result<LinkId> {
        if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid("link", "linkId", "must be 1-19 digits"));
        }
        LinkId::new(
            s.parse()
                .map_err(|_| invalid("link", "linkId", "is too large"))?,
        )
    }

    /// The number.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl core::fmt::Display for LinkId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for LinkId {
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for LinkId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<LinkId, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(u64),
            Text(String),
        }
        let r = match Raw::deserialize(d)? {
            Raw::Num(n) => LinkId::new(n),
            Raw::Text(t) => LinkId::parse(&t),
        };
        r.map_err(crate::input::serde_error::raise)
    }
}

/// `linkId` as a JSON string (Resend Notification types it `string`).
fn link_id_text<S: Serializer>(id: &LinkId, s: S) -> core::result::Result<S::Ok, S::Error> {
    s.collect_str(id)
}

/// A link's expiry date, `dd/MM/yyyy` or `dd/MM/yyyy HH:mm:ss`, checked against the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct LinkExpiry(String);

impl LinkExpiry {
    /// Checks the format and the calendar.
    pub fn new(s: impl Into<String>) -> Result<LinkExpiry> {
        let s = s.into();
        let bad = || {
            Error::with_message(
                ErrorCode::InvalidTimestamp,
                "expiryDate: must be a calendar date dd/MM/yyyy or dd/MM/yyyy HH:mm:ss",
            )
        };
        let b = s.as_bytes();
        if !(b.len() == 10 || b.len() == 19) || b.get(2) != Some(&b'/') || b.get(5) != Some(&b'/') {
            return Err(bad());
        }
        let time = if b.len() == 19 {
            s.get(10..).ok_or_else(bad)?
        } else {
            " 00:00:00"
        };
        let (d, m, y) = (
            s.get(0..2).ok_or_else(bad)?,
            s.get(3..5).ok_or_else(bad)?,
            s.get(6..10).ok_or_else(bad)?,
        );
        DateTime::new(format!("{y}-{m}-{d}{time}")).map_err(|_| bad())?;
        Ok(LinkExpiry(s))
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for LinkExpiry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        LinkExpiry::new(s).map_err(crate::input::serde_error::raise)
    }
}

/// An amount written as a JSON number from its decimal text (no float on the way).
fn amount_number<S: Serializer>(a: &Option<Amount>, s: S) -> core::result::Result<S::Ok, S::Error> {
    match a {
        Some(a) => serde_json::value::RawValue::from_string(a.to_string())
            .map_err(serde::ser::Error::custom)?
            .serialize(s),
        None => s.serialize_none(),
    }
}

/// The customer a link is sent to (`customerContact`, Resend's `notifyContact`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerContact {
    /// The customer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<Text>,
    /// The customer's e-mail address (needed for `sendEmail`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_email: Option<Email>,
    /// The customer's 10-digit mobile number (needed for `sendSms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_mobile: Option<Mobile>,
}

/// `sendSms` needs a mobile number, `sendEmail` an e-mail address.
fn check_notify(
    api: &str,
    member: &str,
    sms: Option<bool>,
    email: Option<bool>,
    contact: Option<&CustomerContact>,
) -> Result<()> {
    if sms == Some(true) && contact.and_then(|c| c.customer_mobile.as_ref()).is_none() {
        return Err(missing(api, &format!("{member}.customerMobile (sendSms)")));
    }
    if email == Some(true) && contact.and_then(|c| c.customer_email.as_ref()).is_none() {
        return Err(missing(api, &format!("{member}.customerEmail (sendEmail)")));
    }
    Ok(())
}

fn check_len(api: &str, field: &str, v: &str, min: usize, max: usize) -> Result<()> {
    let n = v.chars().count();
    if n < min || n > max {
        return Err(invalid(
            api,
            field,
            &format!("must be {min}-{max} characters"),
        ));
    }
    Ok(())
}

fn check_request_id(api: &str, id: Option<&Text>) -> Result<()> {
    id.map_or(Ok(()), |t| {
        check_len(api, "merchantRequestId", t.as_str(), 1, 64)
    })
}

fn check_channel(api: &str, head: &Head) -> Result<()> {
    if head.channel_id.is_none() {
        return Err(missing(api, "head.channelId"));
    }
    Ok(())
}

/// Create Link input.
///
/// JSON: `{"mid":"…","linkName":"Invoice_42","linkDescription":"Order 42","linkType":"FIXED",
/// "amount":"499.00","expiryDate":"31/12/2026","sendSms":true,
/// "customerContact":{"customerName":"Asha","customerMobile":"7777777777"},
/// "statusCallbackUrl":"https://merchant.example/paytm/link"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePaymentLink {
    /// Optional head members (`tokenType: AES` is always sent).
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// The merchant's own id of this request (at most 64 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_request_id: Option<Text>,
    /// Merchant id.
    pub mid: Mid,
    /// The link's name (1–64 characters; Paytm builds the long URL from it).
    pub link_name: Text,
    /// What the customer sees (1–30 characters).
    pub link_description: Text,
    /// FIXED, GENERIC or INVOICE.
    pub link_type: LinkType,
    /// The amount (mandatory for FIXED and INVOICE).
    #[serde(
        default,
        serialize_with = "amount_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub amount: Option<Amount>,
    /// After this date the link cannot be paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<LinkExpiry>,
    /// Whether Paytm texts the link to `customerContact.customerMobile`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_sms: Option<bool>,
    /// Whether Paytm e-mails the link to `customerContact.customerEmail`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_email: Option<bool>,
    /// The customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_contact: Option<CustomerContact>,
    /// Where Paytm posts the link payment webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_callback_url: Option<CallbackUrl>,
}

impl CreatePaymentLink {
    /// A link with the mandatory members; set the rest on the fields.
    pub fn new(mid: Mid, link_name: Text, link_description: Text, link_type: LinkType) -> Self {
        CreatePaymentLink {
            head: Head::default(),
            merchant_request_id: None,
            mid,
            link_name,
            link_description,
            link_type,
            amount: None,
            expiry_date: None,
            send_sms: None,
            send_email: None,
            customer_contact: None,
            status_callback_url: None,
        }
    }

    /// Checks the rules of the module docs.
    pub fn validate(&self) -> Result<()> {
        const API: &str = "create_payment_link";
        check_request_id(API, self.merchant_request_id.as_ref())?;
        check_len(API, "linkName", self.link_name.as_str(), 1, 64)?;
        check_len(
            API,
            "linkDescription",
            self.link_description.as_str(),
            1,
            30,
        )?;
        if matches!(self.link_type, LinkType::Fixed | LinkType::Invoice) && self.amount.is_none() {
            return Err(missing(API, "amount (FIXED and INVOICE links)"));
        }
        check_notify(
            API,
            "customerContact",
            self.send_sms,
            self.send_email,
            self.customer_contact.as_ref(),
        )
    }
}

/// Fetch Link input: one link by `linkId` (the page's search filters are not offered; a page of
/// links is asked with `pageNo`/`pageSize` without a `linkId`).
///
/// JSON: `{"head":{"channelId":"WEB"},"mid":"…","linkId":100000123}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FetchPaymentLink {
    /// Head: `channelId` mandatory (`tokenType: AES` is always sent).
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// The merchant's own id of this request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_request_id: Option<Text>,
    /// Merchant id.
    pub mid: Mid,
    /// The link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_id: Option<LinkId>,
    /// Page number (1 and up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_no: Option<u32>,
    /// Links per page (1–100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl FetchPaymentLink {
    /// Checks the head's channel and the paging numbers.
    pub fn validate(&self) -> Result<()> {
        const API: &str = "fetch_payment_link";
        check_channel(API, &self.head)?;
        check_request_id(API, self.merchant_request_id.as_ref())?;
        if self.page_no == Some(0) {
            return Err(invalid(API, "pageNo", "must be at least 1"));
        }
        if matches!(self.page_size, Some(n) if n == 0 || n > 100) {
            return Err(invalid(API, "pageSize", "must be 1-100"));
        }
        Ok(())
    }
}

/// Resend Notification Link input.
///
/// JSON: `{"head":{"channelId":"WEB"},"mid":"…","linkId":"100000123","sendSms":true,
/// "notifyContact":{"customerMobile":"7777777777"}}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResendPaymentLink {
    /// Head: `channelId` mandatory (`tokenType: AES` is always sent).
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// Merchant id.
    pub mid: Mid,
    /// The link (sent as a string, as the page types it).
    #[serde(serialize_with = "link_id_text")]
    pub link_id: LinkId,
    /// Send by SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_sms: Option<bool>,
    /// Send by e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_email: Option<bool>,
    /// Who to notify (absent: the link's own customer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_contact: Option<CustomerContact>,
}

impl ResendPaymentLink {
    /// Checks the head's channel and that something is sent.
    pub fn validate(&self) -> Result<()> {
        const API: &str = "resend_payment_link";
        check_channel(API, &self.head)?;
        if self.send_sms != Some(true) && self.send_email != Some(true) {
            return Err(missing(API, "sendSms or sendEmail (true)"));
        }
        match &self.notify_contact {
            Some(c) => check_notify(
                API,
                "notifyContact",
                self.send_sms,
                self.send_email,
                Some(c),
            ),
            None => Ok(()),
        }
    }
}

/// Expire Link input: `{"head":{"channelId":"WEB"},"mid":"…","linkId":100000123}`. Final: an
/// expired link cannot be paid.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpirePaymentLink {
    /// Head: `channelId` mandatory (`tokenType: AES` is always sent).
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// The merchant's own id of this request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_request_id: Option<Text>,
    /// Merchant id.
    pub mid: Mid,
    /// The link.
    pub link_id: LinkId,
}

impl ExpirePaymentLink {
    /// Checks the head's channel.
    pub fn validate(&self) -> Result<()> {
        const API: &str = "expire_payment_link";
        check_channel(API, &self.head)?;
        check_request_id(API, self.merchant_request_id.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_formats() {
        for ok in ["31/12/2026", "29/02/2028", "01/01/2027 23:59:59"] {
            assert!(LinkExpiry::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2026-12-31",
            "31/02/2026",
            "29/02/2027",
            "1/1/2027",
            "31/12/2026T10:00:00",
            "31/12/2026 24:00:00",
            "ab/cd/efgh",
            "",
        ] {
            assert_eq!(
                LinkExpiry::new(bad).unwrap_err().code(),
                ErrorCode::InvalidTimestamp,
                "{bad}"
            );
        }
    }

    #[test]
    fn link_ids() {
        assert_eq!(LinkId::parse("100000123").unwrap().get(), 100000123);
        for bad in ["", "0", "12a", "-1", "99999999999999999999"] {
            assert!(LinkId::parse(bad).is_err(), "{bad}");
        }
    }
}
