//! Paytm result codes and state words as data: what a code or a `STATUS` means for the host.
//!
//! Every table in `spec/` is here, code for code: Initiate Transaction, Process Transaction,
//! auto-debit OAuth (send OTP, validate OTP, user details) and Check Balance (consult). Each entry
//! keeps Paytm's own message and gets a [`ResultClass`] that tells the host what to do.
//!
//! Safety rules, on purpose:
//! - A code that is not in its table is [`ResultClass::Unknown`], which a host treats like
//!   pending (ask the status API again), never like success.
//! - A code whose table entry says success only counts as success when the response's own
//!   `resultStatus` agrees (`S`, `SUCCESS` and the spellings the docs use). A contradiction is
//!   [`ResultClass::Unknown`].
//! - Transaction state words (`TXN_SUCCESS`, `TXN_FAILURE`, `PENDING`, `TXN_PENDING`, `OPEN` …)
//!   map to a [`TxnState`]; any word not listed is [`TxnState::Unknown`].
//!
//! Where the spec has no table: the All-in-One Payment Request pages list none, and those APIs
//! share the `0000`/`S` success convention of the other v1 PG APIs
//! (<https://business.paytm.com/docs/apis/send-payment-request-api>), so [`CodeTable::PaymentRequest`]
//! knows only `0000`; everything else there is Unknown until Paytm documents it.
//!
//! This module never parses bytes; the parsers in [`crate::response`] and [`crate::callback`] use it.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::names::Named;

crate::names::named! {
    /// What a result means for the host.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ResultClass {
        /// The call did what was asked.
        Success = "success",
        /// A final failure: do not retry the same request.
        Failure = "failure",
        /// Not final yet: ask the status API later.
        Pending = "pending",
        /// Failed, and the user may try again (another card, the OTP again, later).
        RetryAllowed = "retry_allowed",
        /// The txnToken, SSO token or session has expired: start that step again.
        SessionExpired = "session_expired",
        /// The merchant's setup is wrong (key, MID, limits, client credentials): fix configuration.
        MerchantConfiguration = "merchant_configuration",
        /// The request was malformed or inconsistent: a bug on the merchant's side.
        InvalidRequest = "invalid_request",
        /// Not documented: treat as pending, never as success.
        Unknown = "unknown",
    }
}

impl ResultClass {
    /// True for the classes a host must treat as "not known yet": Pending and Unknown.
    pub fn is_pending_like(self) -> bool {
        matches!(self, ResultClass::Pending | ResultClass::Unknown)
    }
}

/// One documented code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResultCode {
    /// The code as Paytm sends it (`resultCode`, `responseCode`).
    pub code: &'static str,
    /// The `resultStatus` the docs pair it with (`S`, `F`, `U`; empty where the table has none).
    pub status: &'static str,
    /// What it means for the host.
    pub class: ResultClass,
    /// Paytm's message.
    pub message: &'static str,
}

crate::names::named! {
    /// The tables, one per API family.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum CodeTable {
        /// Initiate Transaction (`spec/initiate-transaction.md`).
        Initiate = "initiate",
        /// Process Transaction (`spec/process-transaction.md`).
        Process = "process",
        /// Auto-debit Send OTP (`spec/auto-debit.md`).
        SendOtp = "send_otp",
        /// Auto-debit Validate (verify) OTP.
        ValidateOtp = "validate_otp",
        /// Auto-debit Validate Token (user details).
        UserDetails = "user_details",
        /// Auto-debit Check Balance (consult).
        Consult = "consult",
        /// All-in-One Payment Request (no table in the spec; see the module docs).
        PaymentRequest = "payment_request",
        /// The subscription APIs (see [`SUBSCRIPTION`]).
        Subscription = "subscription",
        /// The payment link APIs (see [`PAYMENT_LINK`]).
        PaymentLink = "payment_link",
        /// Fetch Payment Options, Fetch BIN Details, Fetch EMI Details, Apply Promo (see
        /// [`NATIVE_CHECKOUT`]).
        NativeCheckout = "native_checkout",
        /// Validate VPA.
        ValidateVpa = "validate_vpa",
        /// Send OTP of the checkout (wallet login).
        CheckoutSendOtp = "checkout_send_otp",
        /// Validate OTP of the checkout (wallet login).
        CheckoutValidateOtp = "checkout_validate_otp",
    }
}

/// Declares the tables, one row per documented code: `(code, status, class, message)`.
macro_rules! code_tables {
    ($(
        $(#[$meta:meta])*
        $name:ident = [$(($code:literal, $status:literal, $class:ident, $message:literal)),* $(,)?];
    )*) => {$(
        $(#[$meta])*
        pub const $name: &[ResultCode] = &[$(ResultCode {
            code: $code,
            status: $status,
            class: ResultClass::$class,
            message: $message,
        }),*];
    )*};
}

code_tables! {
    /// `spec/initiate-transaction.md`, "Response Codes & Messages".
    INITIATE = [
        ("0000", "S", Success, "Success"),
        ("0002", "S", Success, "Success Idempotent"),
        ("196", "F", Failure, "Payment failed as amount entered exceeds the allowed limit. Please enter a lower amount and try again or reach out to the merchant for further assistance."),
        ("1006", "F", SessionExpired, "Your Session has expired"),
        ("1007", "F", InvalidRequest, "Missing mandatory element"),
        ("1008", "F", InvalidRequest, "Pipe character is not allowed"),
        ("1011", "F", InvalidRequest, "Invalid Promo Param"),
        ("1012", "F", InvalidRequest, "Promo amount cannot be more than transaction amount"),
        ("2004", "F", SessionExpired, "SSO Token is invalid"),
        // The request's signature did not verify at Paytm: wrong key or the body changed after signing.
        ("2005", "F", MerchantConfiguration, "Checksum provided is invalid"),
        ("2007", "F", InvalidRequest, "Txn amount is invalid"),
        ("2013", "F", InvalidRequest, "Mid in the query param doesn't match with the Mid sent in the request"),
        ("2014", "F", InvalidRequest, "OrderId in the query param doesn't match with the OrderId sent in the request"),
        ("2023", "F", InvalidRequest, "Repeat Request Inconsistent"),
        // No token was issued; nothing was charged. Retrying the initiate call is safe.
        ("00000900", "U", RetryAllowed, "System error"),
    ];

    /// `spec/process-transaction.md`, "Response Codes & Messages".
    PROCESS = [
        ("0000", "S", Success, "Success"),
        ("0001", "F", Failure, "FAILED"),
        ("RC-00018", "F", MerchantConfiguration, "Payment failed as merchant has crossed his daily/monthly/weekly acceptance limit"),
        ("309", "F", InvalidRequest, "Invalid Order ID"),
        ("312", "F", RetryAllowed, "This card is not supported. Please use another card."),
        ("315", "F", RetryAllowed, "Invalid Year"),
        ("372", "F", Failure, "Retry count breached"),
        // A system error while paying may or may not have debited: only the status API knows.
        ("501", "F", Pending, "System Error"),
        ("510", "F", Failure, "Merchant Transaction Failure"),
        ("931", "F", RetryAllowed, "Incorrect Passcode"),
        ("1001", "F", InvalidRequest, "Request parameters are not valid"),
        ("1005", "F", InvalidRequest, "Duplicate payment request exception"),
        ("1006", "F", SessionExpired, "Your Session has expired."),
        ("1007", "F", InvalidRequest, "Missing mandatory element"),
        ("2004", "F", SessionExpired, "Invalid User Token"),
    ];

    /// `spec/auto-debit.md`, Send OTP: success codes 01 (login) / 02 (register) and ERROR CODES.
    SEND_OTP = [
        ("01", "SUCCESS", Success, "OTP sent (existing user: login)"),
        ("02", "SUCCESS", Success, "OTP sent (new user: register)"),
        ("430", "FAILURE", MerchantConfiguration, "Invalid Authorization"),
        ("431", "FAILURE", InvalidRequest, "Invalid Mobile"),
        ("432", "FAILURE", Failure, "Login Failed"),
        ("433", "FAILURE", Failure, "Account Blocked"),
        ("434", "FAILURE", InvalidRequest, "Bad Request"),
        ("465", "FAILURE", InvalidRequest, "Invalid Email"),
    ];

    /// `spec/auto-debit.md`, Verify OTP error codes.
    VALIDATE_OTP = [
        ("430", "FAILURE", MerchantConfiguration, "Invalid Authorization"),
        ("434", "FAILURE", InvalidRequest, "Bad Request"),
        ("403", "FAILURE", RetryAllowed, "Invalid OTP"),
        ("513", "FAILURE", InvalidRequest, "Invalid Code"),
        ("432", "FAILURE", Failure, "Login Failed"),
    ];

    /// `spec/auto-debit.md`, Validate Token error codes.
    USER_DETAILS = [
        ("530", "FAILURE", SessionExpired, "Invalid Token"),
        ("434", "FAILURE", InvalidRequest, "Bad Request"),
    ];

    /// `spec/auto-debit.md`, Check Balance status codes.
    CONSULT = [
        ("CS_0000", "", Success, "Request served successfully."),
        ("CS_0001", "", InvalidRequest, "Invalid request/ requestBody received."),
        ("CS_0002", "", SessionExpired, "Invalid userToken received."),
        ("CS_0004", "", InvalidRequest, "Invalid amount received."),
        ("CS_0005", "", InvalidRequest, "Neither User token nor AgreementId was in the request."),
        ("AGM_0006", "", InvalidRequest, "Agreement does not exists."),
        ("AGM_0007", "", Failure, "Agreement status is invalid."),
        ("GE_0003", "", RetryAllowed, "We could not get the requested details. Please try again."),
        ("GE_0001", "", Unknown, "Unknown Error"),
        ("GE_1", "", MerchantConfiguration, "Unauthorized Access"),
        ("GE_2", "", InvalidRequest, "Bad request"),
        ("GE_1026", "", RetryAllowed, "We can not process your request. Please try later."),
        ("GE_1027", "", Failure, "User doesn't exist."),
        ("GE_1043", "", MerchantConfiguration, "Merchant does not exist"),
        ("GE_1035", "", MerchantConfiguration, "Merchant is in inactive state."),
        ("RWL_2001", "", Failure, "You will exceed allowed debit transaction amount in wallet."),
    ];

    /// All-in-One Payment Request: see the module docs.
    PAYMENT_REQUEST = [("0000", "S", Success, "Success")];

    /// The subscription APIs (Initiate, Renew, Fetch Status, Cancel, Pause/Resume, Pre-Notify).
    /// Paytm's subscription pages publish no code table: Initiate Subscription is an Initiate
    /// Transaction with `requestType` NATIVE_SUBSCRIPTION and shares its `0000`/`S` success and
    /// `0002` idempotent repeat; the management APIs answer `status`/`code` with `SUCCESS`, and
    /// `3006` is the success code a Fetch Subscription Status answer was reported with (not on
    /// Paytm's pages: docs/subscriptions.md). Anything else is Unknown: ask Fetch Subscription
    /// Status, never assume.
    SUBSCRIPTION = [
        ("0000", "S", Success, "Success"),
        ("0002", "S", Success, "Success Idempotent"),
        ("3006", "SUCCESS", Success, "Success"),
        ("1006", "F", SessionExpired, "Your Session has expired"),
        ("1007", "F", InvalidRequest, "Missing mandatory element"),
        ("2005", "F", MerchantConfiguration, "Checksum provided is invalid"),
        ("2013", "F", InvalidRequest, "Mid in the query param doesn't match with the Mid sent in the request"),
        ("2014", "F", InvalidRequest, "OrderId in the query param doesn't match with the OrderId sent in the request"),
    ];

    /// The payment link APIs (Create, Fetch, Resend Notification, Expire). The pages show the
    /// success answer (`resultStatus` SUCCESS, `resultCode` 200) and publish no failure table
    /// (docs/payment-links.md, "what we could not confirm"): a failure is Unknown, and the
    /// host fetches the link rather than assume anything.
    PAYMENT_LINK = [("200", "SUCCESS", Success, "Success")];

}

/// Declares a table whose rows are grouped by status and class: `NAME = [STATUS Class: [(code,
/// message), …]; …]`, each group's status and class written once.
macro_rules! grouped_tables {
    ($(
        $(#[$meta:meta])*
        $name:ident = [$($status:literal $class:ident: [$(($code:literal, $message:literal)),* $(,)?];)*];
    )*) => {$(
        $(#[$meta])*
        pub const $name: &[ResultCode] = &[$($(ResultCode {
            code: $code,
            status: $status,
            class: ResultClass::$class,
            message: $message,
        },)*)*];
    )*};
}

grouped_tables! {
    /// The txnToken helpers whose pages' code tables could not be read in full (Fetch Payment
    /// Options, Fetch BIN Details, Fetch EMI Details, Apply Promo): the `0000`/`S` success,
    /// `1006` expired session and `00000900` system error the other v1 PG APIs share. Anything
    /// else is Unknown (docs/native-checkout.md). Nothing is charged by these calls, so a
    /// system error may be asked again.
    NATIVE_CHECKOUT = [
        "S" Success: [("0000", "Success")];
        "F" SessionExpired: [("1006", "Your Session has expired")];
        "U" RetryAllowed: [("00000900", "System error")];
    ];

    /// Validate VPA (<https://paytmpayments.com/docs/api/validate-vpa>, "Response Codes &
    /// Messages"). A success says the call worked; whether the VPA exists is `valid`.
    VALIDATE_VPA = [
        "S" Success: [("0000", "Success")];
        "F" RetryAllowed: [("00000900", "System error")];
        "F" SessionExpired: [("1006", "Session Expired Exception"), ("2004", "Invalid User Token")];
        "F" InvalidRequest: [
            ("1007", "Missing Mandatory Element"),
            ("0", "System Error, invalid param"),
            ("501", "Param Missing"),
            ("00000004", "Parameter ILLEGAL"),
            ("613", "JWT is invalid"),
        ];
    ];

    /// Send OTP of the checkout (<https://paytmpayments.com/docs/api/sendotp-checkout-api>; the
    /// table was readable as far as `1006`).
    CHECKOUT_SEND_OTP = [
        "S" Success: [("01", "Success")];
        "F" RetryAllowed: [
            ("02", "Otp sent to phone"),
            ("202", "HTTP Response Code other than 200 received in Generate OTP"),
            ("434", "Please try again after sometime."),
            ("827", "There was some issue in processing this request."),
        ];
        "F" InvalidRequest: [("431", "Invalid Mobile")];
        "F" Failure: [
            ("433", "Account Blocked"),
            ("517", "Your account is temporarily blocked. Please contact customer care."),
            ("531", "Oops ! You have reached OTP limit, please raise a query at paytm.com/care."),
        ];
        "F" SessionExpired: [("1006", "Your Session has expired")];
    ];

    /// Validate OTP of the checkout (<https://business.paytm.com/docs/validateotp-checkout-api>).
    /// A wrong OTP may be typed again; the OTP limit is final.
    CHECKOUT_VALIDATE_OTP = [
        "S" Success: [("01", "Success")];
        "F" SessionExpired: [("1006", "Your Session has expired")];
        "U" Unknown: [("00000900", "System Error")];
        "F" RetryAllowed: [
            ("403", "Invalid OTP entered."),
            ("513", "Invalid Code"),
            ("1107", "Invalid OTP, already used OTP entered."),
        ];
        "F" Failure: [
            ("434", "Oops ! You have reached OTP limit, please raise a query at paytm.com/care."),
            ("708", "Oops ! You have reached OTP limit, please raise a query at paytm.com/care."),
        ];
    ];
}

impl CodeTable {
    /// A table by its name (`"initiate"`, `"send_otp"` …), as the C library and the npm package
    /// take it: an unknown name is [`ErrorCode::InvalidArgument`], and the message lists the
    /// names.
    pub fn from_name(name: &str) -> Result<CodeTable> {
        <CodeTable as Named>::from_name(name).ok_or_else(|| {
            Error::with_message(
                ErrorCode::InvalidArgument,
                format!(
                    "table: unknown table name; expected one of {}",
                    <CodeTable as Named>::NAMES.join(", ")
                ),
            )
        })
    }

    /// Every table, for tests and documentation.
    pub const ALL: &'static [CodeTable] = &[
        CodeTable::Initiate,
        CodeTable::Process,
        CodeTable::SendOtp,
        CodeTable::ValidateOtp,
        CodeTable::UserDetails,
        CodeTable::Consult,
        CodeTable::PaymentRequest,
        CodeTable::Subscription,
        CodeTable::PaymentLink,
        CodeTable::NativeCheckout,
        CodeTable::ValidateVpa,
        CodeTable::CheckoutSendOtp,
        CodeTable::CheckoutValidateOtp,
    ];

    /// The table's entries.
    pub fn entries(self) -> &'static [ResultCode] {
        match self {
            CodeTable::Initiate => INITIATE,
            CodeTable::Process => PROCESS,
            CodeTable::SendOtp => SEND_OTP,
            CodeTable::ValidateOtp => VALIDATE_OTP,
            CodeTable::UserDetails => USER_DETAILS,
            CodeTable::Consult => CONSULT,
            CodeTable::PaymentRequest => PAYMENT_REQUEST,
            CodeTable::Subscription => SUBSCRIPTION,
            CodeTable::PaymentLink => PAYMENT_LINK,
            CodeTable::NativeCheckout => NATIVE_CHECKOUT,
            CodeTable::ValidateVpa => VALIDATE_VPA,
            CodeTable::CheckoutSendOtp => CHECKOUT_SEND_OTP,
            CodeTable::CheckoutValidateOtp => CHECKOUT_VALIDATE_OTP,
        }
    }

    /// The documented entry for `code`, if any.
    ///
    /// ```
    /// use paytm_checkout::result_codes::{CodeTable, ResultClass};
    /// let e = CodeTable::Initiate.lookup("1006").unwrap();
    /// assert_eq!(e.class, ResultClass::SessionExpired);
    /// assert!(CodeTable::Initiate.lookup("9999").is_none());
    /// ```
    pub fn lookup(self, code: &str) -> Option<&'static ResultCode> {
        self.entries().iter().find(|e| e.code == code)
    }

    /// The class of a response carrying `code` and `result_status` (see the module docs for the
    /// rules: unknown → Unknown; success needs a success status too).
    ///
    /// ```
    /// use paytm_checkout::result_codes::{CodeTable, ResultClass};
    /// assert_eq!(CodeTable::Initiate.classify("0000", Some("S")), ResultClass::Success);
    /// assert_eq!(CodeTable::Initiate.classify("0000", Some("F")), ResultClass::Unknown);
    /// assert_eq!(CodeTable::Initiate.classify("7777", Some("S")), ResultClass::Unknown);
    /// ```
    pub fn classify(self, code: &str, result_status: Option<&str>) -> ResultClass {
        classify_in(self.entries(), code, result_status)
    }
}

/// [`CodeTable::classify`] over one table's entries: a caller that knows its table links only
/// that table (the npm package's browser build carries the Process Transaction table alone).
pub(crate) fn classify_in(
    entries: &[ResultCode],
    code: &str,
    result_status: Option<&str>,
) -> ResultClass {
    let Some(entry) = entries.iter().find(|e| e.code == code) else {
        return ResultClass::Unknown;
    };
    let status = result_status.map(ResultStatus::from_text);
    match (entry.class, status) {
        (ResultClass::Success, Some(ResultStatus::Success)) => ResultClass::Success,
        // Success in the table but the response does not say so: contradiction.
        (ResultClass::Success, _) => ResultClass::Unknown,
        // A failure code with a success status is just as contradictory.
        (_, Some(ResultStatus::Success)) => ResultClass::Unknown,
        (class, _) => class,
    }
}

/// `resultStatus` of a `resultInfo`, normalised: `S`/`F`/`U` and the spellings the docs use
/// (`SUCCESS`, `Success`, the consult sample's `Sucesss`, `FAILURE`, `TXN_SUCCESS` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultStatus {
    /// S.
    Success,
    /// F.
    Failure,
    /// U, PENDING, or anything else.
    Unknown,
}

impl ResultStatus {
    /// Normalises a `resultStatus` word (ASCII case-insensitive).
    pub fn from_text(s: &str) -> ResultStatus {
        let mut buf = [0u8; 16];
        match upper(s, &mut buf) {
            // SUCESS / SUCESSS: the consult samples in spec/auto-debit.md spell it so.
            "S" | "SUCCESS" | "SUCESS" | "SUCESSS" | "TXN_SUCCESS" => ResultStatus::Success,
            "F" | "FAILURE" | "FAILED" | "FAIL" | "TXN_FAILURE" | "TXN_FAILED" => {
                ResultStatus::Failure
            }
            _ => ResultStatus::Unknown,
        }
    }
}

/// `s` trimmed (ASCII whitespace: a word padded with anything else matches no known word) and
/// upper-cased into `buf` without allocating (status words arrive with every
/// response); a word longer than `buf`, matching none of the known words, reads as "".
fn upper<'b>(s: &str, buf: &'b mut [u8; 16]) -> &'b str {
    let s = s.trim_ascii().as_bytes();
    let Some(out) = buf.get_mut(..s.len()) else {
        return "";
    };
    out.copy_from_slice(s);
    out.make_ascii_uppercase();
    core::str::from_utf8(out).unwrap_or("")
}

crate::names::named! {
    /// The state of a payment, from a `STATUS` word (`spec/getting-started.md`: success, failure,
    /// pending, settled; refunds are a state of their own, see [`RefundState`]).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
    pub enum TxnState {
        /// TXN_SUCCESS, SUCCESS: money debited from the customer.
        Success = "success",
        /// TXN_FAILURE, FAILURE, FAILED: nothing debited.
        Failure = "failure",
        /// PENDING, TXN_PENDING, OPEN: the bank has not answered yet.
        Pending = "pending",
        /// SETTLED: a successful payment credited to the merchant's bank account (T+1).
        Settled = "settled",
        /// REFUND, REFUNDED: a successful or settled payment reversed to the customer.
        Refunded = "refunded",
        /// Any other word: treat as pending.
        #[default]
        Unknown = "unknown",
    }
}

impl TxnState {
    /// Maps a `STATUS` word (ASCII case-insensitive).
    ///
    /// ```
    /// use paytm_checkout::result_codes::TxnState;
    /// assert_eq!(TxnState::from_text("TXN_SUCCESS"), TxnState::Success);
    /// assert_eq!(TxnState::from_text("TXN_PENDING"), TxnState::Pending);
    /// assert_eq!(TxnState::from_text("WHATEVER"), TxnState::Unknown);
    /// ```
    pub fn from_text(s: &str) -> TxnState {
        let mut buf = [0u8; 16];
        match upper(s, &mut buf) {
            // No single letters: in a status response `F` is "the API call failed" (an unknown
            // order, a system error), not "the payment failed".
            "TXN_SUCCESS" | "SUCCESS" => TxnState::Success,
            "TXN_FAILURE" | "TXN_FAILED" | "FAILURE" | "FAILED" => TxnState::Failure,
            "PENDING" | "TXN_PENDING" | "OPEN" => TxnState::Pending,
            "SETTLED" | "TXN_SETTLED" => TxnState::Settled,
            "REFUND" | "REFUNDED" | "TXN_REFUND" => TxnState::Refunded,
            _ => TxnState::Unknown,
        }
    }

    /// True when the customer paid and it was not reversed: Success or Settled.
    pub fn is_paid(self) -> bool {
        matches!(self, TxnState::Success | TxnState::Settled)
    }

    /// The class a host acts on.
    pub fn class(self) -> ResultClass {
        match self {
            TxnState::Success | TxnState::Settled => ResultClass::Success,
            TxnState::Failure | TxnState::Refunded => ResultClass::Failure,
            TxnState::Pending => ResultClass::Pending,
            TxnState::Unknown => ResultClass::Unknown,
        }
    }
}

/// The state of a refund (Refund, Refund Status, refund webhooks, the legacy refund APIs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RefundState {
    /// TXN_SUCCESS, SUCCESS: the refund was processed.
    Success,
    /// TXN_FAILURE, FAILURE, FAILED: the refund was rejected; a new REFID may retry it.
    Failure,
    /// PENDING, TXN_PENDING: accepted, not processed yet; never raise it again.
    Pending,
    /// Any other word: treat as pending.
    #[default]
    Unknown,
}

impl RefundState {
    /// Maps a refund status word (ASCII case-insensitive).
    pub fn from_text(s: &str) -> RefundState {
        match TxnState::from_text(s) {
            TxnState::Success | TxnState::Settled => RefundState::Success,
            TxnState::Failure => RefundState::Failure,
            TxnState::Pending => RefundState::Pending,
            TxnState::Refunded | TxnState::Unknown => RefundState::Unknown,
        }
    }

    /// The class a host acts on.
    pub fn class(self) -> ResultClass {
        match self {
            RefundState::Success => ResultClass::Success,
            RefundState::Failure => ResultClass::Failure,
            RefundState::Pending => ResultClass::Pending,
            RefundState::Unknown => ResultClass::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn tables_are_complete_and_unique() {
        let sizes: Vec<usize> = CodeTable::ALL.iter().map(|t| t.entries().len()).collect();
        // Row counts of the spec's tables: a dropped row fails here.
        assert_eq!(sizes, [15, 15, 8, 5, 2, 16, 1, 8, 1, 3, 9, 10, 8]);
        for t in CodeTable::ALL {
            let mut seen = HashSet::new();
            for e in t.entries() {
                assert!(seen.insert(e.code), "{t:?}: duplicate {}", e.code);
                assert!(!e.message.is_empty());
            }
        }
    }

    #[test]
    fn unknown_is_never_success() {
        for t in CodeTable::ALL {
            for status in [None, Some("S"), Some("SUCCESS"), Some("F"), Some("U")] {
                assert_eq!(t.classify("NOT_A_CODE", status), ResultClass::Unknown);
            }
        }
        assert_eq!(TxnState::from_text("").class(), ResultClass::Unknown);
        assert_eq!(RefundState::from_text("maybe"), RefundState::Unknown);
    }

    #[test]
    fn status_spellings() {
        for s in ["S", "SUCCESS", "Success", "Sucesss", "TXN_SUCCESS"] {
            assert_eq!(ResultStatus::from_text(s), ResultStatus::Success, "{s}");
        }
        for s in ["F", "FAILURE", "TXN_FAILURE"] {
            assert_eq!(ResultStatus::from_text(s), ResultStatus::Failure, "{s}");
        }
        assert_eq!(ResultStatus::from_text("U"), ResultStatus::Unknown);
        assert_eq!(TxnState::from_text("OPEN"), TxnState::Pending);
        assert_eq!(TxnState::from_text("SETTLED"), TxnState::Settled);
        assert!(TxnState::Settled.is_paid());
        assert!(!TxnState::Refunded.is_paid());
        assert_eq!(RefundState::from_text("TXN_SUCCESS"), RefundState::Success);
        assert_eq!(RefundState::from_text("PENDING"), RefundState::Pending);
    }
}
