//! The one error type of the crate and its stable codes.
//!
//! Every failure has an [`ErrorCode`]: a number in a fixed range (1xxx invalid input, 2xxx
//! checksum/signature, 3xxx response parsing, 4xxx flow/state misuse, 9xxx boundary failures) and a
//! SCREAMING_SNAKE name. Numbers and names are never reused or renumbered; the C header's
//! `ptm_result` and the npm package's `code`/`errno` are generated from or tested against
//! [`ErrorCode::ALL`].
//!
//! Messages never contain a merchant key, client secret, card number, CVV or token: they describe
//! *what* was wrong with an input, never *what the input was*.

use core::fmt;

/// A stable, numbered error category. Copy it, compare it, send it across an FFI boundary.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u32)]
pub enum ErrorCode {
    /// The merchant key is not 16, 24 or 32 bytes long.
    InvalidKeyLength = 1001,
    /// A salt is not exactly 4 ASCII bytes.
    InvalidSalt = 1002,
    /// Map-mode parameters are not a JSON object of string (or null) values.
    InvalidParams = 1003,
    /// Text input is not valid UTF-8.
    InvalidUtf8 = 1004,
    /// An input is larger than this library accepts.
    InputTooLarge = 1005,
    /// An amount is not a positive decimal with at most 2 decimals.
    InvalidAmount = 1006,
    /// An order id is empty, too long, or has a character Paytm rejects (`|` among them).
    InvalidOrderId = 1007,
    /// A merchant id (MID) is malformed.
    InvalidMid = 1008,
    /// A customer id is malformed.
    InvalidCustomerId = 1009,
    /// A UPI virtual payment address is malformed.
    InvalidVpa = 1010,
    /// A mobile number is not 10 digits.
    InvalidMobile = 1011,
    /// An email address is malformed.
    InvalidEmail = 1012,
    /// A POS id is not of the form `Store_POS`.
    InvalidPosId = 1013,
    /// A currency code is not accepted.
    InvalidCurrency = 1014,
    /// A card number is not 12-19 digits or fails the Luhn check.
    InvalidCardNumber = 1015,
    /// A CVV is not 3 or 4 digits.
    InvalidCvv = 1016,
    /// A card expiry is not a valid month and 4-digit year.
    InvalidExpiry = 1017,
    /// Card details are incomplete or contain `|`.
    InvalidCardInfo = 1018,
    /// An EMI plan id is not `BANKCODE|MONTHS`.
    InvalidPlanId = 1019,
    /// A URL is malformed.
    InvalidUrl = 1020,
    /// A required field was not set.
    MissingField = 1021,
    /// A field's value does not match its documented format.
    InvalidField = 1022,
    /// A timestamp is malformed or out of range.
    InvalidTimestamp = 1023,
    /// A refund reference id (REFID) is malformed.
    InvalidRefId = 1024,
    /// A token (txnToken, access token, SSO token) is empty or malformed.
    InvalidToken = 1025,
    /// A client id or client secret is empty or malformed.
    InvalidCredentials = 1026,
    /// An argument has the wrong type or shape (a number where text was expected, say).
    InvalidArgument = 1027,

    /// The checksum is well formed and opens with the key, but does not match the parameters.
    ChecksumMismatch = 2001,
    /// The checksum is not standard, padded base64.
    ChecksumEncoding = 2002,
    /// The checksum decodes to a length no Paytm checksum has.
    ChecksumLength = 2003,
    /// The checksum does not decrypt with this key (bad padding): another merchant's key, or corrupted.
    ChecksumPadding = 2004,
    /// The checksum decrypts, but not to a 64-hex-digit hash followed by a 4-byte ASCII salt.
    ChecksumContent = 2005,
    /// The response or callback carries no signature (or CHECKSUMHASH) where one is required.
    SignatureMissing = 2006,
    /// The signed member or its signature appears more than once: which one was signed is ambiguous.
    SignatureAmbiguous = 2007,
    /// The response body is not valid UTF-8 JSON (or nests too deeply).
    ResponseNotJson = 3001,
    /// The response lacks a required member, or a member has the wrong type.
    ResponseMalformed = 3002,
    /// The HTTP status is not one this API answers with.
    ResponseHttpStatus = 3003,
    /// A callback or webhook body is not valid form-urlencoded or JSON data.
    CallbackMalformed = 3004,
    /// No parser or builder exists for this API name.
    UnknownApi = 3005,

    /// The call does not fit the session's state: no request of that kind is outstanding, a payment mode was already chosen, or the session is finished.
    SessionState = 4001,
    /// The txnToken is older than its 15-minute validity: no payment can be started with it; start a new order.
    TxnTokenExpired = 4002,
    /// A response, callback or webhook is about another order, refund, MID or amount than the session's: it is refused and the session is unchanged (a request that was out stays out).
    OrderMismatch = 4003,
    /// Saved session data is not valid, or was saved by an incompatible version.
    SessionRestore = 4004,
    /// A new refund attempt is refused: the last one is pending (Paytm's rule: never retry a pending refund) or succeeded.
    RefundNotAllowed = 4005,
    /// A saved session's seal is missing or does not match: it was edited, saved without the merchant key (a client half), or sealed under another key.
    SessionSeal = 4006,

    /// A required pointer argument was NULL (C boundary).
    NullPointer = 9001,
    /// A panic was caught at the library boundary; this is a bug, please report it.
    Panic = 9002,
    /// The operating system's random number generator failed.
    RandomUnavailable = 9003,
    /// A handle passed to the library is not a live object of the expected type.
    InvalidHandle = 9004,
}

impl ErrorCode {
    /// Every code, in numeric order. Surfaces (C, JS) are table-tested against this list.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidKeyLength,
        ErrorCode::InvalidSalt,
        ErrorCode::InvalidParams,
        ErrorCode::InvalidUtf8,
        ErrorCode::InputTooLarge,
        ErrorCode::InvalidAmount,
        ErrorCode::InvalidOrderId,
        ErrorCode::InvalidMid,
        ErrorCode::InvalidCustomerId,
        ErrorCode::InvalidVpa,
        ErrorCode::InvalidMobile,
        ErrorCode::InvalidEmail,
        ErrorCode::InvalidPosId,
        ErrorCode::InvalidCurrency,
        ErrorCode::InvalidCardNumber,
        ErrorCode::InvalidCvv,
        ErrorCode::InvalidExpiry,
        ErrorCode::InvalidCardInfo,
        ErrorCode::InvalidPlanId,
        ErrorCode::InvalidUrl,
        ErrorCode::MissingField,
        ErrorCode::InvalidField,
        ErrorCode::InvalidTimestamp,
        ErrorCode::InvalidRefId,
        ErrorCode::InvalidToken,
        ErrorCode::InvalidCredentials,
        ErrorCode::InvalidArgument,
        ErrorCode::ChecksumMismatch,
        ErrorCode::ChecksumEncoding,
        ErrorCode::ChecksumLength,
        ErrorCode::ChecksumPadding,
        ErrorCode::ChecksumContent,
        ErrorCode::SignatureMissing,
        ErrorCode::SignatureAmbiguous,
        ErrorCode::ResponseNotJson,
        ErrorCode::ResponseMalformed,
        ErrorCode::ResponseHttpStatus,
        ErrorCode::CallbackMalformed,
        ErrorCode::UnknownApi,
        ErrorCode::SessionState,
        ErrorCode::TxnTokenExpired,
        ErrorCode::OrderMismatch,
        ErrorCode::SessionRestore,
        ErrorCode::RefundNotAllowed,
        ErrorCode::SessionSeal,
        ErrorCode::NullPointer,
        ErrorCode::Panic,
        ErrorCode::RandomUnavailable,
        ErrorCode::InvalidHandle,
    ];

    /// The stable number.
    pub const fn number(self) -> u32 {
        self as u32
    }

    /// Looks a number up; `None` for numbers that are not codes.
    pub fn from_number(n: u32) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.number() == n)
    }

    /// The stable name, as the npm package's `error.code` carries it.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorCode::InvalidKeyLength => "INVALID_KEY_LENGTH",
            ErrorCode::InvalidSalt => "INVALID_SALT",
            ErrorCode::InvalidParams => "INVALID_PARAMS",
            ErrorCode::InvalidUtf8 => "INVALID_UTF8",
            ErrorCode::InputTooLarge => "INPUT_TOO_LARGE",
            ErrorCode::InvalidAmount => "INVALID_AMOUNT",
            ErrorCode::InvalidOrderId => "INVALID_ORDER_ID",
            ErrorCode::InvalidMid => "INVALID_MID",
            ErrorCode::InvalidCustomerId => "INVALID_CUSTOMER_ID",
            ErrorCode::InvalidVpa => "INVALID_VPA",
            ErrorCode::InvalidMobile => "INVALID_MOBILE",
            ErrorCode::InvalidEmail => "INVALID_EMAIL",
            ErrorCode::InvalidPosId => "INVALID_POS_ID",
            ErrorCode::InvalidCurrency => "INVALID_CURRENCY",
            ErrorCode::InvalidCardNumber => "INVALID_CARD_NUMBER",
            ErrorCode::InvalidCvv => "INVALID_CVV",
            ErrorCode::InvalidExpiry => "INVALID_EXPIRY",
            ErrorCode::InvalidCardInfo => "INVALID_CARD_INFO",
            ErrorCode::InvalidPlanId => "INVALID_PLAN_ID",
            ErrorCode::InvalidUrl => "INVALID_URL",
            ErrorCode::MissingField => "MISSING_FIELD",
            ErrorCode::InvalidField => "INVALID_FIELD",
            ErrorCode::InvalidTimestamp => "INVALID_TIMESTAMP",
            ErrorCode::InvalidRefId => "INVALID_REF_ID",
            ErrorCode::InvalidToken => "INVALID_TOKEN",
            ErrorCode::InvalidCredentials => "INVALID_CREDENTIALS",
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::ChecksumMismatch => "CHECKSUM_MISMATCH",
            ErrorCode::ChecksumEncoding => "CHECKSUM_ENCODING",
            ErrorCode::ChecksumLength => "CHECKSUM_LENGTH",
            ErrorCode::ChecksumPadding => "CHECKSUM_PADDING",
            ErrorCode::ChecksumContent => "CHECKSUM_CONTENT",
            ErrorCode::SignatureMissing => "SIGNATURE_MISSING",
            ErrorCode::SignatureAmbiguous => "SIGNATURE_AMBIGUOUS",
            ErrorCode::ResponseNotJson => "RESPONSE_NOT_JSON",
            ErrorCode::ResponseMalformed => "RESPONSE_MALFORMED",
            ErrorCode::ResponseHttpStatus => "RESPONSE_HTTP_STATUS",
            ErrorCode::CallbackMalformed => "CALLBACK_MALFORMED",
            ErrorCode::UnknownApi => "UNKNOWN_API",
            ErrorCode::SessionState => "SESSION_STATE",
            ErrorCode::TxnTokenExpired => "TXN_TOKEN_EXPIRED",
            ErrorCode::OrderMismatch => "ORDER_MISMATCH",
            ErrorCode::SessionRestore => "SESSION_RESTORE",
            ErrorCode::RefundNotAllowed => "REFUND_NOT_ALLOWED",
            ErrorCode::SessionSeal => "SESSION_SEAL",
            ErrorCode::NullPointer => "NULL_POINTER",
            ErrorCode::Panic => "PANIC",
            ErrorCode::RandomUnavailable => "RANDOM_UNAVAILABLE",
            ErrorCode::InvalidHandle => "INVALID_HANDLE",
        }
    }

    /// A fixed, human-readable description (what C's `ptm_result_message` returns).
    pub const fn message(self) -> &'static str {
        match self {
            ErrorCode::InvalidKeyLength => "merchant key must be 16, 24 or 32 bytes",
            ErrorCode::InvalidSalt => "salt must be exactly 4 ASCII bytes",
            ErrorCode::InvalidParams => {
                "params must be a JSON object whose values are strings or null"
            }
            ErrorCode::InvalidUtf8 => "input is not valid UTF-8",
            ErrorCode::InputTooLarge => "input is larger than the library accepts",
            ErrorCode::InvalidAmount => "amount must be a decimal string greater than 0 with at most 2 decimals (no sign, comma or exponent), or whole paise",
            ErrorCode::InvalidOrderId => "order id must be 1-50 characters of A-Z a-z 0-9 @ . _ -",
            ErrorCode::InvalidMid => "merchant id (MID) is empty, too long or has characters Paytm does not issue",
            ErrorCode::InvalidCustomerId => "customer id is empty, too long or has a character Paytm rejects",
            ErrorCode::InvalidVpa => "UPI address (VPA) must look like name@handle",
            ErrorCode::InvalidMobile => "mobile number must be 10 digits",
            ErrorCode::InvalidEmail => "email address is malformed",
            ErrorCode::InvalidPosId => "POS id must look like StoreId_PosId",
            ErrorCode::InvalidCurrency => "currency must be a 3-letter code Paytm accepts",
            ErrorCode::InvalidCardNumber => "card number must be 12-19 digits and pass the Luhn check",
            ErrorCode::InvalidCvv => "CVV must be 3 or 4 digits",
            ErrorCode::InvalidExpiry => "card expiry must be a month 01-12 and a 4-digit year",
            ErrorCode::InvalidCardInfo => "card details are incomplete or contain a character Paytm rejects",
            ErrorCode::InvalidPlanId => "EMI plan must be BANKCODE|MONTHS",
            ErrorCode::InvalidUrl => "URL is malformed or not https",
            ErrorCode::MissingField => "a required field is missing",
            ErrorCode::InvalidField => "a field's value does not match its documented format",
            ErrorCode::InvalidTimestamp => "timestamp is malformed or out of range",
            ErrorCode::InvalidRefId => "refund reference id (REFID) is empty, too long or has a character Paytm rejects",
            ErrorCode::InvalidToken => "token is empty or malformed",
            ErrorCode::InvalidCredentials => "client id or client secret is empty or malformed",
            ErrorCode::InvalidArgument => "an argument has the wrong type or shape",
            ErrorCode::ChecksumMismatch => "checksum does not match the parameters",
            ErrorCode::ChecksumEncoding => "checksum is not valid base64",
            ErrorCode::ChecksumLength => "checksum has the wrong length",
            ErrorCode::ChecksumPadding => {
                "checksum does not decrypt with this merchant key (another key, or corrupted)"
            }
            ErrorCode::ChecksumContent => "checksum decrypts to an unexpected layout",
            ErrorCode::SignatureMissing => "the response or callback carries no signature",
            ErrorCode::SignatureAmbiguous => "the signed member or its signature appears more than once",
            ErrorCode::ResponseNotJson => "response body is not valid JSON",
            ErrorCode::ResponseMalformed => "response lacks a required member or has one of the wrong type",
            ErrorCode::ResponseHttpStatus => "the HTTP status is not one this API answers with",
            ErrorCode::CallbackMalformed => "callback is not valid form-urlencoded or JSON data",
            ErrorCode::UnknownApi => "no parser or builder exists for this API name",
            ErrorCode::SessionState => "the call does not fit the session's current state",
            ErrorCode::TxnTokenExpired => "the transaction token is older than its 15-minute validity",
            ErrorCode::OrderMismatch => "the response or callback is about another order, refund, MID or amount",
            ErrorCode::SessionRestore => "saved session data is not valid or was saved by an incompatible version",
            ErrorCode::RefundNotAllowed => "a new refund attempt is not allowed while the last one is pending or succeeded",
            ErrorCode::SessionSeal => "the saved session's seal is missing or does not match: it was edited, saved without the merchant key, or sealed under another key",
            ErrorCode::NullPointer => "a required pointer argument was NULL",
            ErrorCode::Panic => "internal error (caught panic); please report this bug",
            ErrorCode::RandomUnavailable => "the system random number generator failed",
            ErrorCode::InvalidHandle => "handle is not a live object of the expected type",
        }
    }

    /// True for the 2xxx family: the input was well formed but failed verification, or the
    /// checksum itself is malformed. Either way: not authentic.
    pub const fn is_checksum_failure(self) -> bool {
        let n = self as u32;
        n >= 2000 && n < 3000
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The crate's error: a stable [`ErrorCode`] plus a message that is safe to log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    code: ErrorCode,
    message: String,
}

impl Error {
    /// An error with the code's fixed message.
    pub fn new(code: ErrorCode) -> Error {
        Error {
            code,
            message: code.message().to_owned(),
        }
    }

    /// An error with a more specific message. The caller guarantees it holds no secret or card data.
    pub fn with_message(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
        }
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The safe-to-log message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<ErrorCode> for Error {
    fn from(code: ErrorCode) -> Error {
        Error::new(code)
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_sorted_and_in_their_ranges() {
        let mut seen = HashSet::new();
        let mut names = HashSet::new();
        let mut last = 0;
        for &c in ErrorCode::ALL {
            assert!(seen.insert(c.number()), "duplicate number {}", c.number());
            assert!(names.insert(c.name()), "duplicate name {}", c.name());
            assert!(c.number() > last, "ALL must be sorted");
            last = c.number();
            assert!(
                matches!(c.number() / 1000, 1 | 2 | 3 | 4 | 9),
                "{c:?} outside the ranges"
            );
            assert_eq!(ErrorCode::from_number(c.number()), Some(c));
            assert!(!c.message().is_empty());
        }
        assert_eq!(ErrorCode::from_number(0), None);
        assert_eq!(ErrorCode::from_number(2999), None);
    }

    #[test]
    fn checksum_family() {
        assert!(ErrorCode::ChecksumPadding.is_checksum_failure());
        assert!(!ErrorCode::InvalidSalt.is_checksum_failure());
        assert!(!ErrorCode::Panic.is_checksum_failure());
    }
}
