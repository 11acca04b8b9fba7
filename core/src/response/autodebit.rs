//! Auto-debit responses (`spec/auto-debit.md`): the OAuth account-linking APIs (unsigned flat
//! JSON; Revoke answers with its HTTP status only) and Check Balance (consult, signed).

use serde::{Deserialize, Serialize};

use super::envelope::settled_by_result_info;
use super::{http_error, lenient, parse_typed, Answer, ResultInfo};
use crate::error::Result;
use crate::result_codes::{CodeTable, ResultClass, ResultStatus, CONSULT};
use crate::types::{Amount, SsoToken};

use super::{ResponseHead, Verification};

lenient_struct! {
    /// Send OTP response: `{"status":"SUCCESS","responseCode":"01","state":"…"}` or
    /// `{"status":"FAILURE","responseCode":"434","message":"Bad Request"}`.
    #[derive(Eq)]
    pub struct SendOtpResponse {
        /// SUCCESS or FAILURE.
        pub status: Option<String> => "lenient::text",
        /// 01 (login), 02 (register) or an error code.
        pub response_code: Option<String> => "lenient::text",
        /// The reference to send back with the OTP.
        pub state: Option<String> => "lenient::text",
        /// The error reason.
        pub message: Option<String> => "lenient::text",
    }
}

lenient_struct! {
    /// Validate (verify) OTP response: the user's access token, or an error.
    #[derive(Eq)]
    pub struct ValidateOtpResponse {
        /// The user's access token for every later call (redacted in Debug).
        #[serde(rename = "access_token")]
        pub access_token: Option<SsoToken> => "lenient::sso_token",
        /// When the token expires, epoch milliseconds (compare with your own clock).
        pub expires: Option<u64> => "lenient::uint",
        /// The resource the token is for.
        pub scope: Option<String> => "lenient::text",
        /// Paytm's customer id.
        pub resource_owner_id: Option<String> => "lenient::text",
        /// FAILURE on errors.
        pub status: Option<String> => "lenient::text",
        /// The error code.
        pub response_code: Option<String> => "lenient::text",
        /// The error reason.
        pub message: Option<String> => "lenient::text",
    }
}

lenient_struct! {
    /// Validate Token (user details) response.
    #[derive(Eq)]
    pub struct UserDetailsResponse {
        /// Paytm's customer id.
        pub id: Option<String> => "lenient::text",
        /// The user's email.
        pub email: Option<String> => "lenient::text",
        /// The user's mobile number (a JSON number in Paytm's sample, kept as its digits).
        pub mobile: Option<String> => "lenient::text",
        /// When the token expires, epoch milliseconds.
        pub expires: Option<u64> => "lenient::uint",
        /// FAILURE on errors.
        pub status: Option<String> => "lenient::text",
        /// The error code (530: invalid token).
        pub response_code: Option<String> => "lenient::text",
        /// The error reason.
        pub message: Option<String> => "lenient::text",
    }
}

/// An OAuth error body's class; a success body has no code, so it is recognised by what it
/// carries (`have_result`) and a status that does not say otherwise.
fn oauth_class(
    table: CodeTable,
    have_result: bool,
    status: Option<&str>,
    code: Option<&str>,
) -> ResultClass {
    let st = status.map(ResultStatus::from_text);
    match (have_result, st) {
        (true, None | Some(ResultStatus::Success)) => ResultClass::Success,
        (true, _) => ResultClass::Unknown,
        (false, _) => table.classify(code.unwrap_or(""), status),
    }
}

pub(crate) fn send_otp(api: &'static str, text: &str) -> Result<Answer<SendOtpResponse>> {
    let r: SendOtpResponse = parse_typed(api, text)?;
    let class = CodeTable::SendOtp.classify(
        r.response_code.as_deref().unwrap_or(""),
        r.status.as_deref(),
    );
    Ok((Verification::Unsigned, class, r))
}

pub(crate) fn validate_otp(api: &'static str, text: &str) -> Result<Answer<ValidateOtpResponse>> {
    oauth(
        api,
        text,
        CodeTable::ValidateOtp,
        |r: &ValidateOtpResponse| {
            (
                r.access_token.is_some(),
                r.status.as_deref(),
                r.response_code.as_deref(),
            )
        },
    )
}

pub(crate) fn user_details(api: &'static str, text: &str) -> Result<Answer<UserDetailsResponse>> {
    oauth(
        api,
        text,
        CodeTable::UserDetails,
        |r: &UserDetailsResponse| {
            (
                r.id.is_some(),
                r.status.as_deref(),
                r.response_code.as_deref(),
            )
        },
    )
}

/// An unsigned OAuth answer classified by [`oauth_class`]; `facts` reads what the body carries:
/// whether it has its result, its status and its code.
fn oauth<'a, T: Deserialize<'a>>(
    api: &'static str,
    text: &'a str,
    table: CodeTable,
    facts: impl FnOnce(&T) -> (bool, Option<&str>, Option<&str>),
) -> Result<Answer<T>> {
    let r: T = parse_typed(api, text)?;
    let (have_result, status, code) = facts(&r);
    let class = oauth_class(table, have_result, status, code);
    Ok((Verification::Unsigned, class, r))
}

/// What Revoke Access's HTTP status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RevokeOutcome {
    /// 200: the token was deleted.
    Revoked,
    /// 404: no such token (already revoked or expired).
    NotFound,
    /// 401: the Authorization header (client id / secret) is invalid.
    Unauthorized,
}

/// Revoke Access response (HTTP status only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RevokeResponse {
    /// The outcome.
    pub outcome: RevokeOutcome,
}

pub(crate) fn revoke(api: &'static str, status: u16) -> Result<Answer<RevokeResponse>> {
    let (outcome, class) = match status {
        200 => (RevokeOutcome::Revoked, ResultClass::Success),
        404 => (RevokeOutcome::NotFound, ResultClass::Failure),
        401 => (
            RevokeOutcome::Unauthorized,
            ResultClass::MerchantConfiguration,
        ),
        other => return Err(http_error(api, other, "200, 401 or 404")),
    };
    Ok((Verification::Unsigned, class, RevokeResponse { outcome }))
}

lenient_struct! {
    /// Check Balance (consult) response.
    #[derive(Eq)]
    pub struct ConsultResponse {
        /// The response head.
        #[serde(skip_deserializing)]
        pub head: ResponseHead,
        /// The outcome.
        pub result_info: ResultInfo,
        /// The payment can be made from the user's Paytm balance without adding money.
        pub funds_sufficient: Option<bool> => "lenient::flag",
        /// Adding money would make the payment possible. The table calls it `addMoneyAllowed`, the
        /// samples `addMoneyRequired`: both are read.
        #[serde(alias = "addMoneyRequired")]
        pub add_money_allowed: Option<bool> => "lenient::flag",
        /// What to add (zero: `None`).
        pub deficit_amount: Option<Amount> => "lenient::amount",
    }
}

settled_by_result_info!(ConsultResponse => CONSULT);
