//! What a session tells the host to do ([`Action`]), which request an action carries
//! ([`Purpose`]) and why it waits ([`WaitReason`]); the request in flight and the one-shot
//! actions (a bank form, a deep link) every session shows once. No session logic: the sessions
//! decide which action comes next.

use serde::{Deserialize, Serialize};

use super::outcome::{Failure, Outcome};
use crate::api::autodebit::FormPost;
use crate::error::{Error, ErrorCode};
use crate::http::HttpRequest;
use crate::response::BankForm;
use crate::types::TxnToken;

/// Which request an [`Action::Send`] carries; the response goes back with `handle_response`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Initiate Transaction (server: needs the merchant key).
    Initiate,
    /// Process Transaction (txnToken).
    Process,
    /// Transaction Status (server).
    Status,
    /// Refund.
    Refund,
    /// Refund Status.
    RefundStatus,
    /// Auto-debit Send OTP (client id).
    SendOtp,
    /// Auto-debit Validate OTP (client id and secret).
    ValidateOtp,
    /// Auto-debit Check Balance (consult).
    CheckBalance,
    /// Auto-debit Withdraw.
    Withdraw,
    /// The legacy Transaction Status API (auto-debit).
    LegacyStatus,
}

crate::names::named!(Purpose {
    Initiate = "initiate",
    Process = "process",
    Status = "status",
    Refund = "refund",
    RefundStatus = "refund_status",
    SendOtp = "send_otp",
    ValidateOtp = "validate_otp",
    CheckBalance = "check_balance",
    Withdraw = "withdraw",
    LegacyStatus = "legacy_status",
});

impl Purpose {
    /// The API name of [`crate::response::parse_response`].
    pub fn api(self) -> &'static str {
        match self {
            Purpose::Initiate => "initiate_transaction",
            Purpose::Process => "process_transaction",
            Purpose::Status => "transaction_status",
            Purpose::Refund => "refund",
            Purpose::RefundStatus => "refund_status",
            Purpose::SendOtp => "send_otp",
            Purpose::ValidateOtp => "validate_otp",
            Purpose::CheckBalance => "check_balance",
            Purpose::Withdraw => "withdraw",
            Purpose::LegacyStatus => "legacy_transaction_status",
        }
    }
}

/// Why the session is waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitReason {
    /// A request is out: pass its response (or its failure) back.
    Response,
    /// The customer is paying (bank page, UPI app): a callback may arrive; at `until` the status
    /// is queried anyway.
    Callback,
    /// The payment (or refund) is pending at Paytm: the status is queried again at `until`.
    Pending,
    /// A request failed; it is sent again at `until`.
    Retry,
}

crate::names::named!(WaitReason {
    Response = "response",
    Callback = "callback",
    Pending = "pending",
    Retry = "retry",
});

/// What the host does next.
///
/// JSON (C and npm): `{"type":"send","purpose":"initiate","request":{HttpRequest}}`,
/// `{"type":"collect_payment","txnToken":"…","expiresAt":…,"retryOf":{"code":"…","message":"…"}?}`,
/// `{"type":"render_bank_form","form":{BankForm}}`, `{"type":"open_deep_link","url":"upi://…"}`,
/// `{"type":"wait","until":…|null,"reason":"callback"}`, `{"type":"done","outcome":{Outcome}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Send this request exactly as it is, then call `handle_response` with the HTTP status and
    /// body, or `handle_send_failure` if no response came.
    Send {
        /// What the request is for.
        purpose: Purpose,
        /// The request.
        request: HttpRequest,
    },
    /// The txnToken is ready: call `pay` with the customer's payment details, or hand the token
    /// to the client that collects them. Ask again by `expires_at` at the latest.
    #[serde(rename_all = "camelCase")]
    CollectPayment {
        /// The token (valid until `expires_at`).
        txn_token: TxnToken,
        /// When the token expires (ms).
        expires_at: u64,
        /// The previous attempt's failure, when the customer may try again.
        #[serde(skip_serializing_if = "Option::is_none")]
        retry_of: Option<Failure>,
    },
    /// Show this form (POST it in a web view or browser): the customer authenticates at the bank.
    RenderBankForm {
        /// The form, as Paytm sent it.
        form: BankForm,
    },
    /// Wallet sessions: ask the user for the OTP Paytm sent, then call `submit_otp`.
    #[serde(rename_all = "camelCase")]
    CollectOtp {
        /// The previous OTP's failure, when the user may try again.
        #[serde(skip_serializing_if = "Option::is_none")]
        retry_of: Option<Failure>,
    },
    /// Wallet sessions: open this self-submitting form in a browser (Add Money); its callback
    /// goes to `handle_callback`.
    OpenForm {
        /// Where to post, and the fields (signed with CHECKSUMHASH).
        form: FormPost,
    },
    /// Open this deep link (UPI intent).
    OpenDeepLink {
        /// The `upi://` link.
        url: String,
    },
    /// Nothing to do until `until` (ms; `None`: until the outstanding response arrives), or
    /// until a callback arrives.
    Wait {
        /// When to ask again.
        until: Option<u64>,
        /// Why.
        reason: WaitReason,
    },
    /// The session is over.
    Done {
        /// How it ended.
        outcome: Outcome,
    },
}

impl Action {
    /// The action as JSON (see the type's docs).
    pub fn to_json(&self) -> String {
        // Strings, numbers and JSON values only: cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The request in flight, with when it was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct InFlight {
    pub purpose: Purpose,
    pub sent_at: u64,
}

/// A call the session cannot take now ([`ErrorCode::SessionState`]).
pub(crate) fn state_error(what: &str) -> Error {
    Error::with_message(ErrorCode::SessionState, what.to_owned())
}

/// What a session says before its own steps, the same for every session: its outcome once it
/// has one, a one-shot action (bank form, deep link, form) once, and "wait for the response"
/// while a request is out.
pub(crate) fn standing_action(
    outcome: Option<&Outcome>,
    one_shot: Option<&mut OneShot>,
    in_flight: bool,
) -> Option<Action> {
    if let Some(o) = outcome {
        return Some(Action::Done { outcome: o.clone() });
    }
    if let Some(a) = one_shot.and_then(Option::take) {
        return Some(a);
    }
    in_flight.then_some(Action::Wait {
        until: None,
        reason: WaitReason::Response,
    })
}

/// A one-shot action (bank form, deep link) with the data it shows; never saved.
pub(crate) type OneShot = Option<Action>;
