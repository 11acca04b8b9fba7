//! Settlement API authentication: a JWT signed with HMAC-SHA256 under the client secret, sent
//! with the client id in the request headers, and the settlement request envelope
//! `{"request":{"head":{"reqMsgId":…},"body":{…}}}`.
//!
//! Source: Paytm's public page <https://business.paytm.com/docs/settlement-api-authentication-process>
//! (claims `email`, `iat`, `iss = "PAYTM"`, algorithm HMAC256 with the client secret; headers
//! "Client Id" and "Authorization") and <https://paytmpayments.com/docs/api/settlement-detail-api>
//! (request envelope and body members).
//!
//! Choices: the JWT header is `{"alg":"HS256","typ":"JWT"}` and the claims are serialized in the
//! order `iss, email, iat` (a JWT verifier does not care about order; fixing it makes the token
//! reproducible). `iat` is the caller's clock in seconds. The client id travels in a header named
//! `clientId` (the page names it "Client Id", which is not a valid header name; `clientId` is how
//! the same page spells the credential). The settlement endpoint paths come with Paytm's
//! onboarding, so the path is an input.

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

use super::shared::Client;
use crate::error::{Error, ErrorCode, Result};
use crate::http::{to_json_bytes, HttpRequest, Method};
use crate::types::{ClientId, ClientSecret, Date, Email, Mid, RequestId};

const B64URL: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The settlement JWT: `base64url(header).base64url(claims).base64url(HMAC-SHA256(secret, …))`.
///
/// ```
/// use paytm_checkout::api::settlement::jwt;
/// use paytm_checkout::types::{ClientSecret, Email};
/// let t = jwt(&ClientSecret::new("ee0024secret619eaa")?, &Email::new("ops@merchant.example")?, 1700000000)?;
/// assert_eq!(t.split('.').count(), 3);
/// assert!(t.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
pub fn jwt(secret: &ClientSecret, email: &Email, iat: u64) -> Result<String> {
    let header = br#"{"alg":"HS256","typ":"JWT"}"#;
    let claims = format!(
        "{{\"iss\":\"PAYTM\",\"email\":{},\"iat\":{iat}}}",
        serde_json::to_string(email.as_str()).unwrap_or_default()
    );
    let mut signing_input = B64URL.encode(header);
    signing_input.push('.');
    signing_input.push_str(&B64URL.encode(claims.as_bytes()));
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.expose().as_bytes())
        .map_err(|_| Error::new(ErrorCode::InvalidCredentials))?;
    mac.update(signing_input.as_bytes());
    let sig = mac.finalize().into_bytes();
    signing_input.push('.');
    signing_input.push_str(&B64URL.encode(sig));
    Ok(signing_input)
}

/// The headers the JWT travels in: `clientId` and `Authorization` (the bare token, as Paytm's
/// page shows it).
pub fn auth_headers(client_id: &ClientId, token: &str) -> Vec<(String, String)> {
    vec![
        ("clientId".to_owned(), client_id.as_str().to_owned()),
        ("Authorization".to_owned(), token.to_owned()),
    ]
}

/// A settlement API request (Settlement Detail, Order Detail, Transaction Detail …).
///
/// JSON: `{"path":"/…","email":"ops@merchant.example","iat":1700000000,"reqMsgId":"…"?,
/// "mid":"…","startDate":"2022-06-23"?,"endDate":"2022-06-26"?,"payoutId":"…"?,"orderId":"…"?,
/// "transactionId":"…"?,"transactionDate":"…"?,"pageNum":1?,"pageSize":20?}`. A missing `reqMsgId`
/// is a random UUID followed by the MID, as Paytm's page builds it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettlementRequest {
    /// The endpoint path Paytm gave you, starting with `/`.
    pub path: String,
    /// The email claim of the JWT.
    pub email: Email,
    /// The JWT's issued-at time, epoch seconds (the host's clock).
    pub iat: u64,
    /// Request message id; random when absent.
    pub req_msg_id: Option<RequestId>,
    /// Merchant id.
    pub mid: Mid,
    /// First payout date.
    pub start_date: Option<Date>,
    /// Last payout date (at most a week after `startDate`).
    pub end_date: Option<Date>,
    /// A payout id.
    pub payout_id: Option<crate::types::Code>,
    /// An order id (order detail).
    pub order_id: Option<crate::types::OrderId>,
    /// A transaction id (transaction detail).
    pub transaction_id: Option<crate::types::TxnId>,
    /// The order's date (order detail).
    pub transaction_date: Option<Date>,
    /// Page number, from 1.
    pub page_num: Option<u32>,
    /// Page size, 1-20.
    pub page_size: Option<u32>,
}

impl SettlementRequest {
    fn request(&self, c: &Client<'_>) -> Result<HttpRequest> {
        self.validate()?;
        let req_msg_id = match &self.req_msg_id {
            Some(r) => r.clone(),
            None => RequestId::new(format!(
                "{}{}",
                RequestId::random()?.as_str(),
                self.mid.as_str()
            ))?,
        };
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            mid: &'a Mid,
            #[serde(skip_serializing_if = "Option::is_none")]
            start_date: Option<&'a Date>,
            #[serde(skip_serializing_if = "Option::is_none")]
            end_date: Option<&'a Date>,
            #[serde(skip_serializing_if = "Option::is_none")]
            payout_id: Option<&'a crate::types::Code>,
            #[serde(skip_serializing_if = "Option::is_none")]
            order_id: Option<&'a crate::types::OrderId>,
            #[serde(skip_serializing_if = "Option::is_none")]
            transaction_id: Option<&'a crate::types::TxnId>,
            #[serde(skip_serializing_if = "Option::is_none")]
            transaction_date: Option<&'a Date>,
            #[serde(skip_serializing_if = "Option::is_none")]
            page_num: Option<u32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            page_size: Option<u32>,
        }
        let body = Body {
            mid: &self.mid,
            start_date: self.start_date.as_ref(),
            end_date: self.end_date.as_ref(),
            payout_id: self.payout_id.as_ref(),
            order_id: self.order_id.as_ref(),
            transaction_id: self.transaction_id.as_ref(),
            transaction_date: self.transaction_date.as_ref(),
            page_num: self.page_num,
            page_size: self.page_size,
        };
        let body = to_json_bytes(&body)?;
        let mut envelope = br#"{"request":{"head":"#.to_vec();
        envelope.extend_from_slice(
            super::shared::json_object(&[("reqMsgId", req_msg_id.as_str())]).as_bytes(),
        );
        envelope.extend_from_slice(br#","body":"#);
        envelope.extend_from_slice(&body);
        envelope.extend_from_slice(b"}}");
        let token = jwt(c.secret, &self.email, self.iat)?;
        let mut req = HttpRequest::new(Method::Post, format!("{}{}", c.env.pg_base(), self.path));
        for (k, v) in auth_headers(c.id, &token) {
            req = if k == "Authorization" {
                req.with_secret_header(&k, v)
            } else {
                req.with_header(&k, v)
            };
        }
        Ok(req.with_json(envelope))
    }

    /// Checks the path and paging.
    pub fn validate(&self) -> Result<()> {
        let p = &self.path;
        if !p.starts_with('/')
            || p.len() > 256
            || !p
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'))
        {
            return Err(Error::with_message(
                ErrorCode::InvalidUrl,
                "path: must be /segments of A-Z a-z 0-9 - _ .",
            ));
        }
        if self.page_size.is_some_and(|s| s == 0 || s > 20) || self.page_num == Some(0) {
            return Err(Error::with_message(
                ErrorCode::InvalidField,
                "pageNum must be >= 1 and pageSize 1-20",
            ));
        }
        Ok(())
    }
}

super::shared::builders! { client:
    /// The request with the JWT headers.
    SettlementRequest::build -> HttpRequest = request;
}
