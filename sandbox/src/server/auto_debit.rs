//! Auto-debit: account linking through Paytm's OAuth (send an OTP, validate it for an access
//! token, read the user, revoke the token) and the wallet consult (are funds sufficient, may
//! money be added). Stateful: the OTP states, tokens and balances live in
//! [`super::wallets::Wallets`]; a revoked or expired token links nobody.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use paytm_checkout::types::Amount;
use serde_json::{json, Value};

use super::state::AppState;
use super::wallets::{is_phone, rupees, AccessToken, ACCESS_TOKEN_VALIDITY_MS};
use super::wire::{
    form, json_response, json_status, random_hex, ri, signed_reply, str_of, verified,
};

/// The OTP the sandbox's OAuth `signin/validate/otp` accepts.
pub const OAUTH_OTP: &str = "489871";

/// OAuth's failure body.
fn oauth_failure(status: StatusCode, code: &str, message: &str) -> Response {
    json_status(
        status,
        json!({"status": "FAILURE", "responseCode": code, "message": message}).to_string(),
    )
}

/// Whether the request carries `Authorization: Basic …` (base64 of clientId:clientSecret). The
/// sandbox knows no client secrets: any Basic credentials are accepted.
fn has_basic_auth(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.len() > 6 && v[..6].eq_ignore_ascii_case("basic "))
}

/// `POST /signin/otp`: an OTP is "sent" to a 10-digit phone; the answer's `state` names it.
pub(super) async fn send_otp(State(sh): AppState, bytes: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if !v.is_object() || str_of(&v, "clientId").is_empty() {
        return oauth_failure(StatusCode::BAD_REQUEST, "434", "Bad Request");
    }
    let phone = str_of(&v, "phone");
    if !is_phone(phone) {
        return oauth_failure(StatusCode::BAD_REQUEST, "431", "Invalid Mobile");
    }
    let state = random_hex(16);
    let mut book = sh.wallets.book();
    // A new phone registers (02), a known one logs in (01).
    let code = if book.wallets.contains_key(phone) {
        "01"
    } else {
        "02"
    };
    book.wallet(phone);
    book.otp_states.insert(state.clone(), phone.to_owned());
    json_response(json!({"status": "SUCCESS", "responseCode": code, "state": state}).to_string())
}

/// `POST /signin/validate/otp` (Basic auth, JSON or form `{otp, state}`): [`OAUTH_OTP`] for a
/// state Send OTP issued buys an access token, valid 30 days of sandbox time, and uses the state
/// up; a wrong OTP leaves it for another try.
pub(super) async fn validate_otp(
    State(sh): AppState,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    if !has_basic_auth(&headers) {
        return oauth_failure(StatusCode::UNAUTHORIZED, "430", "Invalid Authorization");
    }
    let f = form(&bytes);
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let field = |k: &str| {
        f.get(k)
            .cloned()
            .unwrap_or_else(|| str_of(&v, k).to_owned())
    };
    let (otp, state) = (field("otp"), field("state"));
    let mut book = sh.wallets.book();
    if !book.otp_states.contains_key(&state) {
        return oauth_failure(StatusCode::BAD_REQUEST, "513", "Invalid Code");
    }
    if otp != OAUTH_OTP {
        // The user may type it again: the state stays.
        return oauth_failure(StatusCode::FORBIDDEN, "403", "Invalid Otp");
    }
    let Some(phone) = book.otp_states.remove(&state) else {
        return oauth_failure(StatusCode::BAD_REQUEST, "513", "Invalid Code");
    };
    let token = random_hex(16);
    let expires = sh.now().saturating_add(ACCESS_TOKEN_VALIDITY_MS);
    book.tokens.insert(
        token.clone(),
        AccessToken {
            phone: phone.clone(),
            expires,
        },
    );
    json_response(
        json!({"access_token": token, "expires": expires, "scope": "wallet",
               "resourceOwnerId": phone})
        .to_string(),
    )
}

/// `GET /user/details` (header `session_token`): the linked customer, or `530 Invalid Token`.
pub(super) async fn user_details(State(sh): AppState, headers: HeaderMap) -> Response {
    let token = headers
        .get("session_token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let book = sh.wallets.book();
    let Some(phone) = book.holder(token, sh.now()) else {
        return oauth_failure(StatusCode::UNAUTHORIZED, "530", "Invalid Token");
    };
    let expires = book.tokens.get(token).map_or(0, |t| t.expires);
    let mobile: u64 = phone.parse().unwrap_or_default();
    json_response(
        json!({"id": phone, "email": format!("{phone}@sandbox.example"), "mobile": mobile,
               "expires": expires.to_string()})
        .to_string(),
    )
}

/// `DELETE /oauth2/accessToken/{token}` (Basic auth): `200` revoked, `404` no such token,
/// `401` without Basic auth.
pub(super) async fn revoke(
    State(sh): AppState,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    if !has_basic_auth(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match sh.wallets.book().tokens.remove(&token) {
        Some(_) => StatusCode::OK.into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `POST /paymentservices/pay/consult`: `totalAmount` against the wallet of the user
/// `userToken` names.
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
    let failure = |code: &str, msg: &str| {
        signed_reply(&key, now, &json!({"resultInfo": ri("FAILURE", code, msg)}))
    };
    let token = str_of(&body, "userToken");
    if token.is_empty() {
        return failure(
            "CS_0005",
            "Neither User token nor AgreementId was in the request.",
        );
    }
    // The spec's body member is `totalAmount` (a decimal, sent as a string or a number).
    let amount = match body.get("totalAmount") {
        Some(Value::String(s)) => s.parse::<Amount>().ok(),
        Some(Value::Number(n)) => n.to_string().parse::<Amount>().ok(),
        _ => None,
    };
    let Some(amount) = amount else {
        return failure("CS_0004", "Invalid amount received.");
    };
    let mut book = sh.wallets.book();
    let Some(phone) = book.holder(token, now) else {
        return failure("CS_0002", "Invalid userToken received.");
    };
    let w = book.wallet(&phone);
    let deficit = amount.paise().saturating_sub(w.balance_paise);
    let b = json!({"fundsSufficient": deficit == 0,
                   "addMoneyAllowed": deficit > 0 && w.add_money_allowed,
                   "deficitAmount": rupees(deficit),
                   "resultInfo": ri("SUCCESS", "CS_0000", "Request served successfully.")});
    signed_reply(&key, now, &b)
}
