//! `ptm_result`, the C result codes. GENERATED from core's `ErrorCode` table (each code's
//! number, name and doc) by `codes_file.rs`: do not edit. Regenerate with
//! `make header` (or `PTM_WRITE_CODES=1 cargo test -p paytm-checkout-ffi --lib codes_file`).
//!
//! cbindgen reads source, not macros: this file is how the one table reaches the C header.

/// The result of every fallible function: `PTM_OK` (0) or an error code.
///
/// The numbers are the core library's stable error codes and are never reused or renumbered:
/// 1xxx invalid input, 2xxx checksum or signature not valid (and why), 3xxx response parsing,
/// 4xxx session state, 9xxx boundary failures.
/// `ptm_result_message` gives a fixed description of any code.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ptm_result {
    /// Success.
    PTM_OK = 0,
    /// The merchant key is not 16, 24 or 32 bytes long.
    PTM_INVALID_KEY_LENGTH = 1001,
    /// A salt is not exactly 4 ASCII bytes.
    PTM_INVALID_SALT = 1002,
    /// Map-mode parameters are not a JSON object of string (or null) values.
    PTM_INVALID_PARAMS = 1003,
    /// Text input is not valid UTF-8.
    PTM_INVALID_UTF8 = 1004,
    /// An input is larger than this library accepts.
    PTM_INPUT_TOO_LARGE = 1005,
    /// An amount is not a positive decimal with at most 2 decimals.
    PTM_INVALID_AMOUNT = 1006,
    /// An order id is empty, too long, or has a character Paytm rejects (`|` among them).
    PTM_INVALID_ORDER_ID = 1007,
    /// A merchant id (MID) is malformed.
    PTM_INVALID_MID = 1008,
    /// A customer id is malformed.
    PTM_INVALID_CUSTOMER_ID = 1009,
    /// A UPI virtual payment address is malformed.
    PTM_INVALID_VPA = 1010,
    /// A mobile number is not 10 digits.
    PTM_INVALID_MOBILE = 1011,
    /// An email address is malformed.
    PTM_INVALID_EMAIL = 1012,
    /// A POS id is not of the form `Store_POS`.
    PTM_INVALID_POS_ID = 1013,
    /// A currency code is not accepted.
    PTM_INVALID_CURRENCY = 1014,
    /// A card number is not 12-19 digits or fails the Luhn check.
    PTM_INVALID_CARD_NUMBER = 1015,
    /// A CVV is not 3 or 4 digits.
    PTM_INVALID_CVV = 1016,
    /// A card expiry is not a valid month and 4-digit year.
    PTM_INVALID_EXPIRY = 1017,
    /// Card details are incomplete or contain `|`.
    PTM_INVALID_CARD_INFO = 1018,
    /// An EMI plan id is not `BANKCODE|MONTHS`.
    PTM_INVALID_PLAN_ID = 1019,
    /// A URL is malformed.
    PTM_INVALID_URL = 1020,
    /// A required field was not set.
    PTM_MISSING_FIELD = 1021,
    /// A field's value does not match its documented format.
    PTM_INVALID_FIELD = 1022,
    /// A timestamp is malformed or out of range.
    PTM_INVALID_TIMESTAMP = 1023,
    /// A refund reference id (REFID) is malformed.
    PTM_INVALID_REF_ID = 1024,
    /// A token (txnToken, access token, SSO token) is empty or malformed.
    PTM_INVALID_TOKEN = 1025,
    /// A client id or client secret is empty or malformed.
    PTM_INVALID_CREDENTIALS = 1026,
    /// An argument has the wrong type or shape (a number where text was expected, say).
    PTM_INVALID_ARGUMENT = 1027,
    /// The checksum is well formed and opens with the key, but does not match the parameters.
    PTM_CHECKSUM_MISMATCH = 2001,
    /// The checksum is not standard, padded base64.
    PTM_CHECKSUM_ENCODING = 2002,
    /// The checksum decodes to a length no Paytm checksum has.
    PTM_CHECKSUM_LENGTH = 2003,
    /// The checksum does not decrypt with this key (bad padding): another merchant's key, or corrupted.
    PTM_CHECKSUM_PADDING = 2004,
    /// The checksum decrypts, but not to a 64-hex-digit hash followed by a 4-byte ASCII salt.
    PTM_CHECKSUM_CONTENT = 2005,
    /// The response or callback carries no signature (or CHECKSUMHASH) where one is required.
    PTM_SIGNATURE_MISSING = 2006,
    /// The signed member or its signature appears more than once: which one was signed is ambiguous.
    PTM_SIGNATURE_AMBIGUOUS = 2007,
    /// The response body is not valid UTF-8 JSON (or nests too deeply).
    PTM_RESPONSE_NOT_JSON = 3001,
    /// The response lacks a required member, or a member has the wrong type.
    PTM_RESPONSE_MALFORMED = 3002,
    /// The HTTP status is not one this API answers with.
    PTM_RESPONSE_HTTP_STATUS = 3003,
    /// A callback or webhook body is not valid form-urlencoded or JSON data.
    PTM_CALLBACK_MALFORMED = 3004,
    /// No parser or builder exists for this API name.
    PTM_UNKNOWN_API = 3005,
    /// The call does not fit the session's state: no request of that kind is outstanding, a payment mode was already chosen, or the session is finished.
    PTM_SESSION_STATE = 4001,
    /// The txnToken is older than its 15-minute validity: no payment can be started with it; start a new order.
    PTM_TXN_TOKEN_EXPIRED = 4002,
    /// A response, callback or webhook is about another order, refund, MID or amount than the session's: it is refused and the session is unchanged (a request that was out stays out).
    PTM_ORDER_MISMATCH = 4003,
    /// Saved session data is not valid, or was saved by an incompatible version.
    PTM_SESSION_RESTORE = 4004,
    /// A new refund attempt is refused: the last one is pending (Paytm's rule: never retry a pending refund) or succeeded.
    PTM_REFUND_NOT_ALLOWED = 4005,
    /// A saved session's seal is missing or does not match: it was edited, saved without the merchant key (a client half), or sealed under another key.
    PTM_SESSION_SEAL = 4006,
    /// A required pointer argument was NULL (C boundary).
    PTM_NULL_POINTER = 9001,
    /// A panic was caught at the library boundary; this is a bug, please report it.
    PTM_PANIC = 9002,
    /// The operating system's random number generator failed.
    PTM_RANDOM_UNAVAILABLE = 9003,
    /// A handle passed to the library is not a live object of the expected type.
    PTM_INVALID_HANDLE = 9004,
}

impl ptm_result {
    /// Every constant, in numeric order: `PTM_OK`, then one per core code.
    pub const ALL: &'static [ptm_result] = &[
        ptm_result::PTM_OK,
        ptm_result::PTM_INVALID_KEY_LENGTH,
        ptm_result::PTM_INVALID_SALT,
        ptm_result::PTM_INVALID_PARAMS,
        ptm_result::PTM_INVALID_UTF8,
        ptm_result::PTM_INPUT_TOO_LARGE,
        ptm_result::PTM_INVALID_AMOUNT,
        ptm_result::PTM_INVALID_ORDER_ID,
        ptm_result::PTM_INVALID_MID,
        ptm_result::PTM_INVALID_CUSTOMER_ID,
        ptm_result::PTM_INVALID_VPA,
        ptm_result::PTM_INVALID_MOBILE,
        ptm_result::PTM_INVALID_EMAIL,
        ptm_result::PTM_INVALID_POS_ID,
        ptm_result::PTM_INVALID_CURRENCY,
        ptm_result::PTM_INVALID_CARD_NUMBER,
        ptm_result::PTM_INVALID_CVV,
        ptm_result::PTM_INVALID_EXPIRY,
        ptm_result::PTM_INVALID_CARD_INFO,
        ptm_result::PTM_INVALID_PLAN_ID,
        ptm_result::PTM_INVALID_URL,
        ptm_result::PTM_MISSING_FIELD,
        ptm_result::PTM_INVALID_FIELD,
        ptm_result::PTM_INVALID_TIMESTAMP,
        ptm_result::PTM_INVALID_REF_ID,
        ptm_result::PTM_INVALID_TOKEN,
        ptm_result::PTM_INVALID_CREDENTIALS,
        ptm_result::PTM_INVALID_ARGUMENT,
        ptm_result::PTM_CHECKSUM_MISMATCH,
        ptm_result::PTM_CHECKSUM_ENCODING,
        ptm_result::PTM_CHECKSUM_LENGTH,
        ptm_result::PTM_CHECKSUM_PADDING,
        ptm_result::PTM_CHECKSUM_CONTENT,
        ptm_result::PTM_SIGNATURE_MISSING,
        ptm_result::PTM_SIGNATURE_AMBIGUOUS,
        ptm_result::PTM_RESPONSE_NOT_JSON,
        ptm_result::PTM_RESPONSE_MALFORMED,
        ptm_result::PTM_RESPONSE_HTTP_STATUS,
        ptm_result::PTM_CALLBACK_MALFORMED,
        ptm_result::PTM_UNKNOWN_API,
        ptm_result::PTM_SESSION_STATE,
        ptm_result::PTM_TXN_TOKEN_EXPIRED,
        ptm_result::PTM_ORDER_MISMATCH,
        ptm_result::PTM_SESSION_RESTORE,
        ptm_result::PTM_REFUND_NOT_ALLOWED,
        ptm_result::PTM_SESSION_SEAL,
        ptm_result::PTM_NULL_POINTER,
        ptm_result::PTM_PANIC,
        ptm_result::PTM_RANDOM_UNAVAILABLE,
        ptm_result::PTM_INVALID_HANDLE,
    ];
}
