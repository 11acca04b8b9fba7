//! Auto-debit: account linking through Paytm's OAuth (send an OTP, validate it for an access
//! token, read the user, revoke the token) and the wallet consult (are funds sufficient, may
//! money be added). Stateless stand-ins today: any phone gets an OTP, [`OAUTH_OTP`] is accepted,
//! tokens are not remembered.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paytm_checkout::types::Amount;
use serde_json::{json, Value};

use super::state::AppState;
use super::wire::{
    form, json_response, json_status, random_hex, ri, signed_reply, str_of, verified,
};
use crate::instruments;

/// How long an access token is said to last: 30 days.
const ACCESS_TOKEN_VALIDITY_MS: u64 = 30 * 86_400_000;

/// The OTP the sandbox's OAuth `signin/validate/otp` accepts.
pub const OAUTH_OTP: &str = "489871";

/// `POST /signin/otp`: an OTP is "sent" to any phone.
pub(super) async fn send_otp(State(sh): AppState, bytes: Bytes) -> Response {
    let _ = sh;
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if str_of(&v, "phone").is_empty() {
        return json_status(
            StatusCode::BAD_REQUEST,
            r#"{"status":"FAILURE","responseCode":"431","message":"Invalid Mobile"}"#,
        );
    }
    json_response(format!(
        r#"{{"status":"SUCCESS","responseCode":"01","state":"{}"}}"#,
        random_hex(16)
    ))
}

/// `POST /signin/validate/otp`: [`OAUTH_OTP`] (form or JSON) buys an access token.
pub(super) async fn validate_otp(State(sh): AppState, bytes: Bytes) -> Response {
    let f = form(&bytes);
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let otp = f
        .get("otp")
        .cloned()
        .unwrap_or_else(|| str_of(&v, "otp").to_owned());
    if otp != OAUTH_OTP {
        return json_status(
            StatusCode::FORBIDDEN,
            r#"{"status":"FAILURE","responseCode":"403","message":"Invalid Otp"}"#,
        );
    }
    json_response(format!(
        r#"{{"access_token":"{}","expires":{},"scope":"wallet","resourceOwnerId":"123456"}}"#,
        random_hex(16),
        sh.now().saturating_add(ACCESS_TOKEN_VALIDITY_MS)
    ))
}

/// `GET /user/details`: the linked customer.
pub(super) async fn user_details(State(sh): AppState) -> Response {
    json_response(format!(
        r#"{{"id":"123456","email":"customer@example.com","mobile":7777777777,"expires":"{}"}}"#,
        sh.now().saturating_add(ACCESS_TOKEN_VALIDITY_MS)
    ))
}

/// `DELETE /oauth2/accessToken/{token}`: always revoked.
pub(super) async fn revoke(Path(_token): Path<String>) -> Response {
    StatusCode::OK.into_response()
}

/// `POST /paymentservices/pay/consult`: the wallet against [`instruments::WALLET_BALANCE_PAISE`].
pub(super) async fn consult(State(sh): AppState, bytes: Bytes) -> Response {
    let now = sh.now();
    let bad_signature =
        |_: &Value| json!({"resultInfo": ri("FAILURE", "GE_1", "Unauthorized Access")});
    let invalid =
        json!({"resultInfo": ri("FAILURE", "CS_0001", "Invalid request/ requestBody received.")});
    let (body, key) = match verified(&sh, &bytes, now, bad_signature, invalid) {
        Ok(verified) => verified,
        Err(refusal) => return json_response(refusal),
    };
    let amount = body
        .get("txnAmount")
        .and_then(|a| {
            a.as_str()
                .map(str::to_owned)
                .or_else(|| a.get("value").and_then(Value::as_str).map(str::to_owned))
        })
        .and_then(|a| a.parse::<Amount>().ok());
    let Some(amount) = amount else {
        let b = json!({"resultInfo": ri("FAILURE", "CS_0004", "Invalid amount received.")});
        return signed_reply(&key, now, &b);
    };
    let deficit = amount
        .paise()
        .saturating_sub(instruments::WALLET_BALANCE_PAISE);
    let b = json!({"fundsSufficient": deficit == 0, "addMoneyAllowed": deficit > 0,
                   "deficitAmount": Amount::from_paise(deficit).map(|a| a.to_string()).unwrap_or_default(),
                   "resultInfo": ri("SUCCESS", "CS_0000", "Request served successfully.")});
    signed_reply(&key, now, &b)
}
