//! Auto-debit (`spec/auto-debit.md`): link a user's Paytm account over OAuth, check the balance,
//! add money, withdraw.
//!
//! | API | request |
//! | --- | --- |
//! | [`SendOtp`] | POST `{oauth}/signin/otp`, JSON `{email?, phone, clientId, scope, responseType}` |
//! | [`ValidateOtp`] | POST `{oauth}/signin/validate/otp`, `Authorization: Basic base64(clientId:clientSecret)`, JSON `{otp, state}` |
//! | [`UserDetails`] (Validate Token) | GET `{oauth}/user/details`, header `session_token` |
//! | [`RevokeAccess`] | DELETE `{oauth}/oauth2/accessToken/{token}`, Basic auth, no body |
//! | [`CheckBalance`] (consult) | POST `{pg}/paymentservices/pay/consult`, signed JSON; head clientId, version, requestTimestamp, channelId all mandatory |
//! | [`AddMoney`] | POST `{pg}/theia/processTransaction`, browser form with `CHECKSUMHASH` ([`AddMoney::html_form`] renders the self-submitting page) |
//! | [`Withdraw`] (directPay) | POST `{pg}/order/directPay`, form `JsonData={…,"CheckSum":S}` |
//!
//! Choices where the spec is loose, written down:
//! - The spec's Add Money and Withdraw staging host `securegw-staging.paytm.in` is a typo of
//!   `securegw-stage.paytm.in`; every API uses the [`Environment`]'s host.
//! - Withdraw's `CheckSum` is the map-mode checksum of its string members; the `subwalletAmount`
//!   object is not a string and is outside the checksum (map mode cannot express it). The spec's
//!   subwallet key `MULTI_PURPOSE_GIF` is a truncation of `MULTI_PURPOSE_GIFT`, which we send.
//! - `ReqType` is `WITHDRAW` (the table's value; the sample's `SEAMLESS_SCW` is another product).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::shared::{builders, code_defaults, legacy_json_data, missing, Client, Head, Keyed};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{basic_auth, path_segment, to_json_bytes, Environment, HttpRequest, Method};
use crate::params::Params;
use crate::types::{
    check_chars, Amount, CallbackUrl, Channel, ClientId, Code, Currency, CustomerId, Email, Mid,
    Mobile, OrderId, SsoToken,
};

code_defaults!(
    wallet = "wallet",
    token = "token",
    usrpwd = "USRPWD",
    ppi = "PPI"
);

/// Send OTP input: `{"email":"…"?,"phone":"5558889990","scope":"wallet","responseType":"token"}`
/// (the client id comes from the credentials).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendOtp {
    /// The user's email.
    #[serde(default)]
    pub email: Option<Email>,
    /// The user's 10-digit mobile number (Paytm sends the OTP there).
    pub phone: Mobile,
    /// The resource the token is for (Paytm tells you; default `wallet`).
    #[serde(default = "wallet")]
    pub scope: Code,
    /// OAuth response type (default `token`).
    #[serde(default = "token")]
    pub response_type: Code,
}

impl SendOtp {
    /// An OTP request for a phone number.
    pub fn new(phone: Mobile) -> Self {
        SendOtp {
            email: None,
            phone,
            scope: wallet(),
            response_type: token(),
        }
    }

    /// The request.
    pub fn build(&self, env: &Environment, client_id: &ClientId) -> Result<HttpRequest> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            email: Option<&'a Email>,
            phone: &'a Mobile,
            client_id: &'a ClientId,
            scope: &'a Code,
            response_type: &'a Code,
        }
        let body = to_json_bytes(&Body {
            email: self.email.as_ref(),
            phone: &self.phone,
            client_id,
            scope: &self.scope,
            response_type: &self.response_type,
        })?;
        Ok(
            HttpRequest::new(Method::Post, format!("{}/signin/otp", env.oauth_base()))
                .with_json(body),
        )
    }
}

/// Validate OTP input: `{"otp":"324569","state":"65cb6680-29f6-11e4-aad2-3c970ea8b87f"}`.
/// Debug never shows the OTP: it is a one-time credential for the user's wallet.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateOtp {
    /// The OTP the user typed: 4-8 digits.
    pub otp: String,
    /// The `state` from Send OTP's response.
    pub state: String,
}

impl core::fmt::Debug for ValidateOtp {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ValidateOtp")
            .field("otp", &format_args!("<redacted>"))
            .field("state", &self.state)
            .finish()
    }
}

impl ValidateOtp {
    fn request(&self, c: &Client<'_>) -> Result<HttpRequest> {
        self.validate()?;
        let body = super::shared::json_object(&[("otp", &self.otp), ("state", &self.state)]);
        Ok(oauth_basic(Method::Post, c, "/signin/validate/otp")
            .with_json(body.into_bytes())
            .redacting(self.otp.clone()))
    }

    /// Checks the OTP (4-8 digits) and state (1-64 of `[A-Za-z0-9-]`).
    pub fn validate(&self) -> Result<()> {
        if !(4..=8).contains(&self.otp.len()) || !self.otp.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::with_message(
                ErrorCode::InvalidField,
                "otp: must be 4-8 digits",
            ));
        }
        check_chars(
            &self.state,
            64,
            |b| b.is_ascii_alphanumeric() || b == b'-',
            ErrorCode::InvalidField,
            "state",
            "must be 1-64 characters of A-Z a-z 0-9 -",
        )
    }
}

/// An OAuth request authenticated with the client id and secret (HTTP Basic auth).
fn oauth_basic(method: Method, c: &Client<'_>, path: &str) -> HttpRequest {
    HttpRequest::new(method, format!("{}{path}", c.env.oauth_base())).with_secret_header(
        "Authorization",
        basic_auth(c.id.as_str(), c.secret.expose()),
    )
}

/// Validate Token (user details) input: `{"sessionToken":"…"}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserDetails {
    /// The user's access token from Validate OTP.
    pub session_token: SsoToken,
}

impl UserDetails {
    /// The request: GET with the `session_token` header.
    pub fn build(&self, env: &Environment) -> Result<HttpRequest> {
        Ok(
            HttpRequest::new(Method::Get, format!("{}/user/details", env.oauth_base()))
                .with_secret_header("session_token", self.session_token.as_str()),
        )
    }
}

/// Revoke Access input: `{"sessionToken":"…"}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevokeAccess {
    /// The user's access token to expire.
    pub session_token: SsoToken,
}

impl RevokeAccess {
    fn request(&self, c: &Client<'_>) -> Result<HttpRequest> {
        let seg = path_segment(self.session_token.as_str());
        let path = format!("/oauth2/accessToken/{seg}");
        Ok(oauth_basic(Method::Delete, c, &path)
            .redacting(seg)
            .redacting(self.session_token.as_str()))
    }
}

crate::json_struct::json_struct! {
    /// Check Balance (consult) input.
    ///
    /// JSON: `{"head":{"clientId":"C11","version":"v1","requestTimestamp":"1507207312139","channelId":"WEB"},
    /// "mid":"…","userToken":"…","totalAmount":"500.00","amountDetails":{"food":"100.00"}}`. When
    /// `head.clientId` is absent, [`super::build_request`] takes the credentials' client id; `version`
    /// defaults to `v1`.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct CheckBalance {
        /// Head: clientId, version, requestTimestamp and channelId are all mandatory here.
        #[serde(default, skip_serializing)]
        pub head: Head,
        /// Merchant id.
        pub mid: Mid,
        /// The user's SSO token.
        pub user_token: SsoToken,
        /// The proposed transaction amount.
        pub total_amount: Amount,
        /// Amount by category, e.g. `{"food":"100.00"}`.
        pub amount_details: Option<BTreeMap<Code, Amount>> => omit,
    }
}

/// A browser form post: where to post, and the fields in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FormPost {
    /// The form's `action` URL.
    pub action: String,
    /// Field names and values, in order.
    pub fields: Vec<(String, String)>,
}

impl FormPost {
    /// A self-submitting HTML page that posts the form (a `<noscript>` button covers browsers
    /// without JavaScript). Every attribute value is HTML-escaped by the `html-escape` crate.
    pub fn to_html(&self) -> String {
        use html_escape::encode_double_quoted_attribute as esc;
        let mut out = String::from(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Redirecting to Paytm</title></head>\n<body>\n",
        );
        out.push_str(&format!(
            "<form method=\"post\" action=\"{}\" name=\"paytm\">\n",
            esc(&self.action)
        ));
        for (k, v) in &self.fields {
            out.push_str(&format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
                esc(k),
                esc(v)
            ));
        }
        out.push_str(
            "<noscript><button type=\"submit\">Continue to Paytm</button></noscript>\n</form>\n",
        );
        out.push_str("<script>document.forms[\"paytm\"].submit();</script>\n</body></html>\n");
        out
    }
}

/// Add Money input: the form fields of `spec/auto-debit.md`'s Add Money API.
///
/// JSON: `{"mid":"…","orderId":"…","custId":"…","txnAmount":"100.00","channelId":"WEB",
/// "industryTypeId":"Retail","website":"WEBSTAGING","ssoToken":"…","callbackUrl":"https://…"?}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddMoney {
    /// `MID`.
    pub mid: Mid,
    /// `ORDER_ID`.
    pub order_id: OrderId,
    /// `CUST_ID`.
    pub cust_id: CustomerId,
    /// `TXN_AMOUNT`.
    pub txn_amount: Amount,
    /// `CHANNEL_ID`.
    pub channel_id: Channel,
    /// `INDUSTRY_TYPE_ID`, e.g. `Retail`.
    pub industry_type_id: Code,
    /// `WEBSITE`.
    pub website: Code,
    /// `SSO_TOKEN`: the user's token.
    pub sso_token: SsoToken,
    /// `CALLBACK_URL`.
    #[serde(default)]
    pub callback_url: Option<CallbackUrl>,
}

impl AddMoney {
    fn form_with(&self, k: &Keyed<'_>) -> Result<FormPost> {
        let amount = self.txn_amount.to_string();
        let mut fields: Vec<(&str, &str)> = vec![
            ("REQUEST_TYPE", "ADD_MONEY"),
            ("MID", self.mid.as_str()),
            ("ORDER_ID", self.order_id.as_str()),
            ("CUST_ID", self.cust_id.as_str()),
            ("TXN_AMOUNT", &amount),
            ("CHANNEL_ID", self.channel_id.as_str()),
            ("INDUSTRY_TYPE_ID", self.industry_type_id.as_str()),
            ("WEBSITE", self.website.as_str()),
            ("SSO_TOKEN", self.sso_token.as_str()),
        ];
        if let Some(u) = &self.callback_url {
            fields.push(("CALLBACK_URL", u.as_str()));
        }
        let params: Params = fields.iter().map(|(k, v)| (*k, *v)).collect();
        let salt = crate::http::salt_or_random(k.key, k.salt)?;
        let checksum = k.key.generate_map_with_salt(&params, salt);
        let mut out: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        out.push(("CHECKSUMHASH".to_owned(), checksum));
        Ok(FormPost {
            action: format!("{}/theia/processTransaction", k.env.pg_base()),
            fields: out,
        })
    }

    fn request(&self, k: &Keyed<'_>) -> Result<HttpRequest> {
        let form = self.form_with(k)?;
        Ok(HttpRequest::new(Method::Post, form.action.clone())
            .with_form(form.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .redacting(self.sso_token.as_str()))
    }

    fn html(&self, k: &Keyed<'_>) -> Result<String> {
        Ok(self.form_with(k)?.to_html())
    }
}

/// A Paytm sub-wallet that a withdrawal may be limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SubWallet {
    /// Food.
    Food,
    /// Gift.
    Gift,
    /// Multi-purpose gift.
    #[serde(alias = "MULTI_PURPOSE_GIF")]
    MultiPurposeGift,
    /// Toll.
    Toll,
    /// Fuel.
    Fuel,
    /// Cashback.
    Cashback,
    /// Gift voucher.
    GiftVoucher,
}

/// Withdraw (directPay) input.
///
/// JSON: `{"mid":"…","orderId":"…","txnAmount":"1.00","appIp":"127.0.0.1","deviceId":"9999999999",
/// "currency":"INR","ssoToken":"…","custId":"…","industryType":"Retail","channel":"WAP",
/// "authMode":"USRPWD","paymentMode":"PPI","mercUnqRef":"…"?,"promoCampId":"…"?,"subwalletAmount":{"FOOD":"2"}?}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Withdraw {
    /// `MID`.
    pub mid: Mid,
    /// `OrderId`.
    pub order_id: OrderId,
    /// `TxnAmount`: the total, sub-wallet amounts included.
    pub txn_amount: Amount,
    /// `AppIP`: IP address of the device that started the payment.
    pub app_ip: String,
    /// `DeviceId`: 1-16 characters identifying the device.
    pub device_id: Code,
    /// `Currency` (default INR).
    #[serde(default)]
    pub currency: Currency,
    /// `SSOToken`: the user's token.
    pub sso_token: SsoToken,
    /// `CustId`.
    pub cust_id: CustomerId,
    /// `IndustryType`.
    pub industry_type: Code,
    /// `Channel`.
    pub channel: Channel,
    /// `AuthMode` (default `USRPWD`, wallets).
    #[serde(default = "usrpwd")]
    pub auth_mode: Code,
    /// `PaymentMode` (default `PPI`, wallet).
    #[serde(default = "ppi")]
    pub payment_mode: Code,
    /// `MercUnqRef`: the merchant's reference, echoed back.
    pub merc_unq_ref: Option<String>,
    /// `PROMO_CAMP_ID`.
    pub promo_camp_id: Option<Code>,
    /// `subwalletAmount`: the most to take from each sub-wallet.
    pub subwallet_amount: Option<BTreeMap<SubWallet, Amount>>,
}

impl Withdraw {
    /// Checks the members that are not typed: the IP address and the device id length.
    pub fn validate(&self) -> Result<()> {
        if self.app_ip.parse::<std::net::IpAddr>().is_err() {
            return Err(Error::with_message(
                ErrorCode::InvalidField,
                "appIp: must be an IPv4 or IPv6 address",
            ));
        }
        if let Some(r) = &self.merc_unq_ref {
            check_chars(
                r,
                128,
                |b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'@'),
                ErrorCode::InvalidField,
                "mercUnqRef",
                "must be 1-128 characters of A-Z a-z 0-9 - _ @",
            )?;
        }
        if self.device_id.as_str().len() > 16 {
            return Err(Error::with_message(
                ErrorCode::InvalidField,
                "deviceId: must be at most 16 characters",
            ));
        }
        Ok(())
    }

    fn request(&self, k: &Keyed<'_>) -> Result<HttpRequest> {
        self.validate()?;
        let amount = self.txn_amount.to_string();
        let mut fields: Vec<(&str, &str)> = vec![
            ("MID", self.mid.as_str()),
            ("ReqType", "WITHDRAW"),
            ("TxnAmount", &amount),
            ("AppIP", &self.app_ip),
            ("OrderId", self.order_id.as_str()),
            ("DeviceId", self.device_id.as_str()),
            ("Currency", self.currency.as_str()),
            ("SSOToken", self.sso_token.as_str()),
            ("PaymentMode", self.payment_mode.as_str()),
            ("CustId", self.cust_id.as_str()),
            ("IndustryType", self.industry_type.as_str()),
            ("Channel", self.channel.as_str()),
            ("AuthMode", self.auth_mode.as_str()),
        ];
        if let Some(r) = &self.merc_unq_ref {
            fields.push(("MercUnqRef", r));
        }
        if let Some(p) = &self.promo_camp_id {
            fields.push(("PROMO_CAMP_ID", p.as_str()));
        }
        let (mut json, _) = legacy_json_data(&fields, "CheckSum", k.key, k.salt)?;
        if let Some(map) = &self.subwallet_amount {
            if map.is_empty() {
                return Err(missing("withdraw", "subwalletAmount entries"));
            }
            // Spliced in after signing: the map is outside the map-mode checksum (module docs).
            json.pop();
            json.push_str(",\"subwalletAmount\":");
            json.push_str(&String::from_utf8(to_json_bytes(map)?).unwrap_or_default());
            json.push('}');
        }
        Ok(
            HttpRequest::new(Method::Post, format!("{}/order/directPay", k.env.pg_base()))
                .with_form([("JsonData", json.as_str())])
                .redacting(self.sso_token.as_str()),
        )
    }
}

builders! { keyed:
    /// The form, with `CHECKSUMHASH` over every other field (map mode).
    AddMoney::form -> FormPost = form_with;
    /// The form as an HTTP request (what the browser would send).
    AddMoney::build -> HttpRequest = request;
    /// The self-submitting HTML page that sends the user's browser to Paytm.
    AddMoney::html_form -> String = html;
    /// The request: a form with `JsonData` carrying `CheckSum`.
    Withdraw::build -> HttpRequest = request;
}

builders! { client:
    /// The request, authenticated with the client id and secret.
    ValidateOtp::build -> HttpRequest = request;
    /// The request: DELETE with the token as the last path segment and Basic auth.
    RevokeAccess::build -> HttpRequest = request;
}
