//! Payment requests (send and resend; core's `api::payment_request` paths): a signed request is
//! accepted, nothing is remembered.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde_json::json;

use super::state::AppState;
use super::wire::{json_response, ri, signed_reply, verified_or_f};

/// Send or resend a payment request: `S 0000` once the signature verifies.
pub(super) async fn payment_request(State(sh): AppState, bytes: Bytes) -> Response {
    let now = sh.now();
    match verified_or_f(&sh, &bytes, now) {
        Ok((_, key)) => {
            let b = json!({"resultInfo": ri("S", "0000", "Success")});
            signed_reply(&key, now, &b)
        }
        Err(refusal) => json_response(refusal),
    }
}
