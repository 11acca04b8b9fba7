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

/// Declares [`ErrorCode`] and its tables from one list: each code's doc, number, name and fixed
/// message are written once, in one row.
macro_rules! error_codes {
    ($( #[doc = $doc:literal] $variant:ident = $number:literal, $name:literal, $message:literal; )*) => {
        /// A stable, numbered error category. Copy it, compare it, send it across an FFI boundary.
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u32)]
        pub enum ErrorCode {
            $( #[doc = $doc] $variant = $number, )*
        }

        impl ErrorCode {
            /// Every code, in numeric order. Surfaces (C, JS) are generated from or table-tested
            /// against this list.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The stable name, as the npm package's `error.code` and C's `PTM_` constants carry it.
            pub const fn name(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                }
            }

            /// A fixed, human-readable description (what C's `ptm_result_message` returns).
            pub const fn message(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $message,)*
                }
            }

            /// The code's documentation: when it is returned (the C header's comment on it).
            pub const fn doc(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $doc.trim_ascii(),)*
                }
            }
        }
    };
}

// One row a code: doc, variant = number, name, fixed message. Numbers and names are never reused
// or renumbered; a new code takes the next number of its family.
#[rustfmt::skip]
error_codes! {
    /// The merchant key is not 16, 24 or 32 bytes long.
    InvalidKeyLength = 1001, "INVALID_KEY_LENGTH",
        "merchant key must be 16, 24 or 32 bytes";
    /// A salt is not exactly 4 ASCII bytes.
    InvalidSalt = 1002, "INVALID_SALT",
        "salt must be exactly 4 ASCII bytes";
    /// Map-mode parameters are not a JSON object of string (or null) values.
    InvalidParams = 1003, "INVALID_PARAMS",
        "params must be a JSON object whose values are strings or null";
    /// Text input is not valid UTF-8.
    InvalidUtf8 = 1004, "INVALID_UTF8",
        "input is not valid UTF-8";
    /// An input is larger than this library accepts.
    InputTooLarge = 1005, "INPUT_TOO_LARGE",
        "input is larger than the library accepts";
    /// An amount is not a positive decimal with at most 2 decimals.
    InvalidAmount = 1006, "INVALID_AMOUNT",
        "amount must be a decimal string greater than 0 with at most 2 decimals (no sign, comma or exponent), or whole paise";
    /// An order id is empty, too long, or has a character Paytm rejects (`|` among them).
    InvalidOrderId = 1007, "INVALID_ORDER_ID",
        "order id must be 1-50 characters of A-Z a-z 0-9 @ . _ -";
    /// A merchant id (MID) is malformed.
    InvalidMid = 1008, "INVALID_MID",
        "merchant id (MID) is empty, too long or has characters Paytm does not issue";
    /// A customer id is malformed.
    InvalidCustomerId = 1009, "INVALID_CUSTOMER_ID",
        "customer id is empty, too long or has a character Paytm rejects";
    /// A UPI virtual payment address is malformed.
    InvalidVpa = 1010, "INVALID_VPA",
        "UPI address (VPA) must look like name@handle";
    /// A mobile number is not 10 digits.
    InvalidMobile = 1011, "INVALID_MOBILE",
        "mobile number must be 10 digits";
    /// An email address is malformed.
    InvalidEmail = 1012, "INVALID_EMAIL",
        "email address is malformed";
    /// A POS id is not of the form `Store_POS`.
    InvalidPosId = 1013, "INVALID_POS_ID",
        "POS id must look like StoreId_PosId";
    /// A currency code is not accepted.
    InvalidCurrency = 1014, "INVALID_CURRENCY",
        "currency must be a 3-letter code Paytm accepts";
    /// A card number is not 12-19 digits or fails the Luhn check.
    InvalidCardNumber = 1015, "INVALID_CARD_NUMBER",
        "card number must be 12-19 digits and pass the Luhn check";
    /// A CVV is not 3 or 4 digits.
    InvalidCvv = 1016, "INVALID_CVV",
        "CVV must be 3 or 4 digits";
    /// A card expiry is not a valid month and 4-digit year.
    InvalidExpiry = 1017, "INVALID_EXPIRY",
        "card expiry must be a month 01-12 and a 4-digit year";
    /// Card details are incomplete or contain `|`.
    InvalidCardInfo = 1018, "INVALID_CARD_INFO",
        "card details are incomplete or contain a character Paytm rejects";
    /// An EMI plan id is not `BANKCODE|MONTHS`.
    InvalidPlanId = 1019, "INVALID_PLAN_ID",
        "EMI plan must be BANKCODE|MONTHS";
    /// A URL is malformed.
    InvalidUrl = 1020, "INVALID_URL",
        "URL is malformed or not https";
    /// A required field was not set.
    MissingField = 1021, "MISSING_FIELD",
        "a required field is missing";
    /// A field's value does not match its documented format.
    InvalidField = 1022, "INVALID_FIELD",
        "a field's value does not match its documented format";
    /// A timestamp is malformed or out of range.
    InvalidTimestamp = 1023, "INVALID_TIMESTAMP",
        "timestamp is malformed or out of range";
    /// A refund reference id (REFID) is malformed.
    InvalidRefId = 1024, "INVALID_REF_ID",
        "refund reference id (REFID) is empty, too long or has a character Paytm rejects";
    /// A token (txnToken, access token, SSO token) is empty or malformed.
    InvalidToken = 1025, "INVALID_TOKEN",
        "token is empty or malformed";
    /// A client id or client secret is empty or malformed.
    InvalidCredentials = 1026, "INVALID_CREDENTIALS",
        "client id or client secret is empty or malformed";
    /// An argument has the wrong type or shape (a number where text was expected, say).
    InvalidArgument = 1027, "INVALID_ARGUMENT",
        "an argument has the wrong type or shape";

    /// The checksum is well formed and opens with the key, but does not match the parameters.
    ChecksumMismatch = 2001, "CHECKSUM_MISMATCH",
        "checksum does not match the parameters";
    /// The checksum is not standard, padded base64.
    ChecksumEncoding = 2002, "CHECKSUM_ENCODING",
        "checksum is not valid base64";
    /// The checksum decodes to a length no Paytm checksum has.
    ChecksumLength = 2003, "CHECKSUM_LENGTH",
        "checksum has the wrong length";
    /// The checksum does not decrypt with this key (bad padding): another merchant's key, or corrupted.
    ChecksumPadding = 2004, "CHECKSUM_PADDING",
        "checksum does not decrypt with this merchant key (another key, or corrupted)";
    /// The checksum decrypts, but not to a 64-hex-digit hash followed by a 4-byte ASCII salt.
    ChecksumContent = 2005, "CHECKSUM_CONTENT",
        "checksum decrypts to an unexpected layout";
    /// The response or callback carries no signature (or CHECKSUMHASH) where one is required.
    SignatureMissing = 2006, "SIGNATURE_MISSING",
        "the response or callback carries no signature";
    /// The signed member or its signature appears more than once: which one was signed is ambiguous.
    SignatureAmbiguous = 2007, "SIGNATURE_AMBIGUOUS",
        "the signed member or its signature appears more than once";

    /// The response body is not valid UTF-8 JSON (or nests too deeply).
    ResponseNotJson = 3001, "RESPONSE_NOT_JSON",
        "response body is not valid JSON";
    /// The response lacks a required member, or a member has the wrong type.
    ResponseMalformed = 3002, "RESPONSE_MALFORMED",
        "response lacks a required member or has one of the wrong type";
    /// The HTTP status is not one this API answers with.
    ResponseHttpStatus = 3003, "RESPONSE_HTTP_STATUS",
        "the HTTP status is not one this API answers with";
    /// A callback or webhook body is not valid form-urlencoded or JSON data.
    CallbackMalformed = 3004, "CALLBACK_MALFORMED",
        "callback is not valid form-urlencoded or JSON data";
    /// No parser or builder exists for this API name.
    UnknownApi = 3005, "UNKNOWN_API",
        "no parser or builder exists for this API name";

    /// The call does not fit the session's state: no request of that kind is outstanding, a payment mode was already chosen, or the session is finished.
    SessionState = 4001, "SESSION_STATE",
        "the call does not fit the session's current state";
    /// The txnToken is older than its 15-minute validity: no payment can be started with it; start a new order.
    TxnTokenExpired = 4002, "TXN_TOKEN_EXPIRED",
        "the transaction token is older than its 15-minute validity";
    /// A response, callback or webhook is about another order, refund, MID or amount than the session's: it is refused and the session is unchanged (a request that was out stays out).
    OrderMismatch = 4003, "ORDER_MISMATCH",
        "the response or callback is about another order, refund, MID or amount";
    /// Saved session data is not valid, or was saved by an incompatible version.
    SessionRestore = 4004, "SESSION_RESTORE",
        "saved session data is not valid or was saved by an incompatible version";
    /// A new refund attempt is refused: the last one is pending (Paytm's rule: never retry a pending refund) or succeeded.
    RefundNotAllowed = 4005, "REFUND_NOT_ALLOWED",
        "a new refund attempt is not allowed while the last one is pending or succeeded";
    /// A saved session's seal is missing or does not match: it was edited, saved without the merchant key (a client half), or sealed under another key.
    SessionSeal = 4006, "SESSION_SEAL",
        "the saved session's seal is missing or does not match: it was edited, saved without the merchant key, or sealed under another key";

    /// A required pointer argument was NULL (C boundary).
    NullPointer = 9001, "NULL_POINTER",
        "a required pointer argument was NULL";
    /// A panic was caught at the library boundary; this is a bug, please report it.
    Panic = 9002, "PANIC",
        "internal error (caught panic); please report this bug";
    /// The operating system's random number generator failed.
    RandomUnavailable = 9003, "RANDOM_UNAVAILABLE",
        "the system random number generator failed";
    /// A handle passed to the library is not a live object of the expected type.
    InvalidHandle = 9004, "INVALID_HANDLE",
        "handle is not a live object of the expected type";
}

impl ErrorCode {
    /// The stable number.
    pub const fn number(self) -> u32 {
        self as u32
    }

    /// Looks a number up; `None` for numbers that are not codes.
    pub fn from_number(n: u32) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.number() == n)
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

    /// `Ok` when `len` bytes are within `max`; otherwise `code` with "`what`; at most `max`
    /// accepted", where `what(len)` says what was too long (never its content). Every size limit
    /// on hostile input is checked and worded here, before anything is read.
    pub(crate) fn check_size(
        code: ErrorCode,
        len: usize,
        max: usize,
        what: impl FnOnce(usize) -> String,
    ) -> Result<()> {
        if len > max {
            let what = what(len);
            return Err(Error::with_message(
                code,
                format!("{what}; at most {max} accepted"),
            ));
        }
        Ok(())
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
