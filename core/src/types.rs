//! Validated value types for request inputs: an [`Amount`], [`OrderId`], [`Mid`] … that exists is
//! one Paytm accepts.
//!
//! Every type here is built through a constructor that checks one documented rule and fails with
//! that rule's [`ErrorCode`]; JSON inputs go through the same check (`Deserialize` is implemented
//! via `TryFrom<String>`). Error messages name the field and the rule, never the value, so they are
//! safe to log even when the input was a token or a secret typed into the wrong field.
//!
//! This module owns formats only. It never reads a clock: timestamps are inputs, and the one
//! random value (a request id) comes from the operating system only when the caller asks for it.

use core::fmt;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::{Error, ErrorCode, Result};
use crate::input::serde_error::raise;

fn err(code: ErrorCode, field: &str, rule: &str) -> Error {
    Error::with_message(code, format!("{field}: {rule}"))
}

/// `[A-Za-z0-9@._-]`: the characters Paytm allows in order ids and refund ids.
fn is_id_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'@' | b'.' | b'_' | b'-')
}

/// Printable ASCII without space and without `|` (Paytm's map-mode separator, result code 1008).
/// The special characters Paytm allows in a custId besides ASCII letters and digits: "The
/// allowed special characters for this parameter are @, ! ,_ ,$, ." (Auto Debit API, `CustId`,
/// <https://business.paytm.com/docs/api/v1/auto-debit-api>; `spec/auto-debit.md`'s Add Money
/// `CUST_ID` names `@ ! _ $`).
pub const CUST_ID_SPECIALS: &[u8] = b"@!_$.";

/// The longest custId accepted (Paytm's Initiate Transaction documents `string(64)`).
pub const CUST_ID_MAX_LEN: usize = 64;

/// Whether `v` is a custId Paytm accepts: 1–[`CUST_ID_MAX_LEN`] characters of ASCII letters,
/// digits and [`CUST_ID_SPECIALS`]. What [`CustomerId::new`] checks.
pub fn is_customer_id(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= CUST_ID_MAX_LEN
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || CUST_ID_SPECIALS.contains(&b))
}

fn is_visible_no_pipe(b: u8) -> bool {
    b.is_ascii_graphic() && b != b'|'
}

/// Declares a validated string newtype: constructor, `as_str`, Display, Debug (value shown or
/// redacted), Serialize as the string, Deserialize through the constructor.
macro_rules! text_type {
    (
        $(#[$doc:meta])*
        $name:ident, $field:literal, redact = $redact:tt, check = $check:expr
    ) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(into = "String")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        pub struct $name(String);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<$name, D::Error> {
                $name::new(String::deserialize(d)?).map_err(raise)
            }
        }

        impl $name {
            /// Validates and wraps `value`.
            pub fn new(value: impl Into<String>) -> Result<$name> {
                let value = value.into();
                let check: fn(&str) -> Result<()> = $check;
                check(&value)?;
                Ok($name(value))
            }

            /// The value as Paytm receives it.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The field name used in error messages.
            pub const FIELD: &'static str = $field;
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(value: String) -> Result<$name> {
                $name::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = Error;
            fn try_from(value: &str) -> Result<$name> {
                $name::new(value)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0.clone()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        text_type!(@fmt $name, $redact);
    };
    (@fmt $name:ident, false) => {
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
    (@fmt $name:ident, true) => {
        // Tokens grant access to a user's wallet or a transaction: never printed.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}(<redacted, {} bytes>)", stringify!($name), self.0.len())
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }
    };
}

text_type!(
    /// A merchant order id: 1–50 characters of `[A-Za-z0-9@._-]`. `|` is always rejected (Paytm
    /// result code 1008, "Pipe character is not allowed").
    ///
    /// ```
    /// use paytm_checkout::types::OrderId;
    /// assert!(OrderId::new("ORDERID_98765").is_ok());
    /// assert_eq!(OrderId::new("A|B").unwrap_err().code().number(), 1007);
    /// ```
    OrderId, "orderId", redact = false, check = |v| {
        if v.is_empty() || v.len() > 50 || !v.bytes().all(is_id_char) {
            return Err(err(ErrorCode::InvalidOrderId, "orderId", "must be 1-50 characters of A-Z a-z 0-9 @ . _ -"));
        }
        Ok(())
    }
);

text_type!(
    /// A refund reference id (REFID), unique per refund: 1–50 characters of `[A-Za-z0-9@._-]`.
    RefId, "refId", redact = false, check = |v| {
        if v.is_empty() || v.len() > 50 || !v.bytes().all(is_id_char) {
            return Err(err(ErrorCode::InvalidRefId, "refId", "must be 1-50 characters of A-Z a-z 0-9 @ . _ -"));
        }
        Ok(())
    }
);

text_type!(
    /// A subscription id as Paytm issues it (`subscriptionId` in Initiate Subscription's answer,
    /// `subsId` / `SUBS_ID` elsewhere, e.g. `102771`): 1–64 characters of `[A-Za-z0-9@._-]`.
    /// The renewals, pre-notifications, pauses and cancellations of a subscription all name it.
    SubscriptionId, "subsId", redact = false, check = |v| {
        if v.is_empty() || v.len() > 64 || !v.bytes().all(is_id_char) {
            return Err(err(ErrorCode::InvalidField, "subsId", "must be 1-64 characters of A-Z a-z 0-9 @ . _ -"));
        }
        Ok(())
    }
);

text_type!(
    /// A merchant's reference for one pre-debit notification (`referenceId`), unique per
    /// notification: 1–50 characters of `[A-Za-z0-9@._-]`.
    NotifyRefId, "referenceId", redact = false, check = |v| {
        if v.is_empty() || v.len() > 50 || !v.bytes().all(is_id_char) {
            return Err(err(ErrorCode::InvalidRefId, "referenceId", "must be 1-50 characters of A-Z a-z 0-9 @ . _ -"));
        }
        Ok(())
    }
);

text_type!(
    /// A merchant id (MID): 1–32 ASCII letters and digits. Paytm issues 20 characters
    /// (e.g. `INTEGR7769XXXXXX9383`), but its own docs also show a 21-digit MID; refusing a real
    /// merchant's MID would block every request, so the bound leaves room.
    Mid, "mid", redact = false, check = |v| {
        if v.is_empty() || v.len() > 32 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(err(ErrorCode::InvalidMid, "mid", "must be 1-32 ASCII letters and digits"));
        }
        Ok(())
    }
);

text_type!(
    /// A customer id: 1–64 characters, each an ASCII letter or digit or one of the special
    /// characters Paytm documents for it, [`CUST_ID_SPECIALS`] (`@ ! _ $ .`; see that constant
    /// for the source). The one custId rule: the request builders and the sandbox both use it.
    CustomerId, "custId", redact = false, check = |v| {
        if !is_customer_id(v) {
            return Err(err(ErrorCode::InvalidCustomerId, "custId", "must be 1-64 characters of A-Z a-z 0-9 @ ! _ $ ."));
        }
        Ok(())
    }
);

text_type!(
    /// A UPI virtual payment address `name@handle`: name of `[A-Za-z0-9._-]`, handle of letters
    /// and digits, at most 255 characters (e.g. `7777777777@paytm`).
    Vpa, "payerAccount", redact = false, check = |v| {
        let ok = v.len() <= 255
            && match v.split_once('@') {
                Some((name, handle)) => {
                    !name.is_empty()
                        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
                        && handle.len() >= 2
                        && handle.bytes().all(|b| b.is_ascii_alphanumeric())
                }
                None => false,
            };
        if !ok {
            return Err(err(ErrorCode::InvalidVpa, "payerAccount", "must look like name@handle (letters, digits, . _ - before @; letters and digits after)"));
        }
        Ok(())
    }
);

text_type!(
    /// A 10-digit Indian mobile number, without country code or separators.
    Mobile, "mobile", redact = false, check = |v| {
        if v.len() != 10 || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(ErrorCode::InvalidMobile, "mobile", "must be exactly 10 digits"));
        }
        Ok(())
    }
);

text_type!(
    /// An email address: one `@`, a non-empty local part, a dotted domain, no spaces, controls or
    /// `|`, at most 254 characters. Deliverability is the mail system's business, not ours.
    Email, "email", redact = false, check = |v| {
        let ok = v.len() <= 254
            && v.bytes().all(is_visible_no_pipe)
            && match v.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !domain.contains("..")
                }
                None => false,
            };
        if !ok {
            return Err(err(ErrorCode::InvalidEmail, "email", "must be local@domain.tld without spaces or |"));
        }
        Ok(())
    }
);

text_type!(
    /// A point-of-sale id `StoreId_PosId` (e.g. `S12_123`): two non-empty runs of letters and
    /// digits joined by one `_`, at most 50 characters.
    PosId, "posId", redact = false, check = |v| {
        let ok = v.len() <= 50
            && match v.split_once('_') {
                Some((store, pos)) => {
                    !store.is_empty()
                        && !pos.is_empty()
                        && store.bytes().all(|b| b.is_ascii_alphanumeric())
                        && pos.bytes().all(|b| b.is_ascii_alphanumeric())
                }
                None => false,
            };
        if !ok {
            return Err(err(ErrorCode::InvalidPosId, "posId", "must be StoreId_PosId (letters and digits, one _ , at most 50 characters)"));
        }
        Ok(())
    }
);

text_type!(
    /// A currency code. Paytm settles in INR and reports INR or USD; we accept those two so that a
    /// typo cannot reach the gateway.
    Currency, "currency", redact = false, check = |v| {
        if !matches!(v, "INR" | "USD") {
            return Err(err(ErrorCode::InvalidCurrency, "currency", "must be INR or USD"));
        }
        Ok(())
    }
);

impl Default for Currency {
    fn default() -> Currency {
        Currency("INR".to_owned())
    }
}

text_type!(
    /// An EPOCH timestamp as Paytm's `requestTimestamp` carries it: 10 digits (seconds) or 13
    /// digits (milliseconds). Core never reads a clock: the host passes the time in.
    RequestTimestamp, "requestTimestamp", redact = false, check = |v| {
        if !(v.len() == 10 || v.len() == 13) || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(ErrorCode::InvalidTimestamp, "requestTimestamp", "must be 10 digits (epoch seconds) or 13 digits (epoch milliseconds)"));
        }
        Ok(())
    }
);

impl RequestTimestamp {
    /// The timestamp for `millis` milliseconds since the epoch, rendered in milliseconds.
    pub fn from_millis(millis: u64) -> Result<RequestTimestamp> {
        RequestTimestamp::new(millis.to_string())
    }

    /// The timestamp for `secs` seconds since the epoch, rendered in seconds.
    pub fn from_secs(secs: u64) -> Result<RequestTimestamp> {
        RequestTimestamp::new(secs.to_string())
    }
}

text_type!(
    /// A local date and time `yyyy-MM-dd HH:mm:ss` (e.g. a payment request's `expiry`), checked
    /// against the calendar (month lengths, leap years).
    DateTime, "expiry", redact = false, check = |v| {
        let b = v.as_bytes();
        let shape = b.len() == 19
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                10 => *c == b' ',
                13 | 16 => *c == b':',
                _ => c.is_ascii_digit(),
            });
        let num = |r: core::ops::Range<usize>| v[r].parse::<u32>().unwrap_or(u32::MAX);
        let ok = shape && {
            let (y, m, d) = (num(0..4), num(5..7), num(8..10));
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let days = match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => 0,
            };
            y >= 1970 && d >= 1 && d <= days && num(11..13) < 24 && num(14..16) < 60 && num(17..19) < 60
        };
        if !ok {
            return Err(err(ErrorCode::InvalidTimestamp, "expiry", "must be a calendar date and time yyyy-MM-dd HH:mm:ss"));
        }
        Ok(())
    }
);

text_type!(
    /// A calendar date `yyyy-MM-dd` (settlement queries).
    Date, "date", redact = false, check = |v| {
        if v.len() != 10 || DateTime::new(format!("{v} 00:00:00")).is_err() {
            return Err(err(ErrorCode::InvalidTimestamp, "date", "must be a calendar date yyyy-MM-dd"));
        }
        Ok(())
    }
);

text_type!(
    /// A request id (e.g. the settlement APIs' `reqMsgId`): 1–128 characters of
    /// `[A-Za-z0-9_-]`. [`RequestId::random`] makes a UUID v4 when the caller has none.
    RequestId, "requestId", redact = false, check = |v| {
        if v.is_empty() || v.len() > 128 || !v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')) {
            return Err(err(ErrorCode::InvalidField, "requestId", "must be 1-128 characters of A-Z a-z 0-9 - _"));
        }
        Ok(())
    }
);

impl RequestId {
    /// A random UUID v4 from the operating system's generator, e.g.
    /// `6af7c70c-36f9-400b-90c7-865b917533ef`. Pass your own id instead in tests.
    pub fn random() -> Result<RequestId> {
        let mut b = [0u8; 16];
        getrandom::fill(&mut b).map_err(|_| Error::new(ErrorCode::RandomUnavailable))?;
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        Ok(RequestId(format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )))
    }
}

text_type!(
    /// A Paytm transaction id (TXNID): 1–64 ASCII letters and digits.
    TxnId, "txnId", redact = false, check = |v| {
        if v.is_empty() || v.len() > 64 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(err(ErrorCode::InvalidField, "txnId", "must be 1-64 ASCII letters and digits"));
        }
        Ok(())
    }
);

text_type!(
    /// A short Paytm-issued code or name (website name, industry type, bank code, channel code,
    /// scope, version …): 1–50 characters of `[A-Za-z0-9_.-]`.
    Code, "code", redact = false, check = |v| {
        if v.is_empty() || v.len() > 50 || !v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) {
            return Err(err(ErrorCode::InvalidField, "code", "must be 1-50 characters of A-Z a-z 0-9 _ . -"));
        }
        Ok(())
    }
);

text_type!(
    /// Free text Paytm echoes back or shows (comments, display names, addresses): at most 256
    /// characters, no control characters and no `|`.
    Text, "text", redact = false, check = |v| {
        if v.chars().count() > 256 || v.chars().any(|c| c.is_control() || c == '|') {
            return Err(err(ErrorCode::InvalidField, "text", "must be at most 256 characters without control characters or |"));
        }
        Ok(())
    }
);

/// Tokens: Paytm's are GUIDs, hex strings or JWE compact serializations, so the rule is loose but
/// closed: 1-2048 printable ASCII characters, no space, no `|`.
fn check_token(field: &str, v: &str) -> Result<()> {
    if v.is_empty() || v.len() > 2048 || !v.bytes().all(is_visible_no_pipe) {
        return Err(err(
            ErrorCode::InvalidToken,
            field,
            "must be 1-2048 printable ASCII characters without space or |",
        ));
    }
    Ok(())
}

text_type!(
    /// The `txnToken` returned by Initiate Transaction (valid 15 minutes). Redacted in Debug/Display.
    TxnToken, "txnToken", redact = true, check = |v| check_token("txnToken", v)
);

text_type!(
    /// A user's Paytm SSO / access token (auto-debit, `paytmSsoToken`, `session_token`). Redacted in
    /// Debug/Display: it spends the user's wallet.
    SsoToken, "ssoToken", redact = true, check = |v| check_token("ssoToken", v)
);

text_type!(
    /// A client id issued by Paytm (auto-debit OAuth, consult, payment requests, settlement):
    /// 1–64 characters of `[A-Za-z0-9_.-]`. `:` is excluded because it separates the id from the
    /// secret in HTTP Basic authentication.
    ClientId, "clientId", redact = false, check = |v| {
        if v.is_empty() || v.len() > 64 || !v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) {
            return Err(err(ErrorCode::InvalidCredentials, "clientId", "must be 1-64 characters of A-Z a-z 0-9 _ . -"));
        }
        Ok(())
    }
);

text_type!(
    /// A URL Paytm calls back or the browser is sent to: `https://host[:port][/path][?query]`, at
    /// most 2048 characters, no spaces, controls, quotes, angle brackets or `|`.
    ///
    /// A small closed check rather than a URL parser: the `url` crate would pull IDNA tables into
    /// the size-sensitive WASM build, and Paytm needs only "a plain https URL" here.
    CallbackUrl, "callbackUrl", redact = false, check = |v| check_url("callbackUrl", v, false)
);

/// `https://` (or `http://` when `allow_http`) followed by a non-empty host of letters, digits,
/// `.` and `-`, an optional port, and a path/query of URL-safe characters.
pub(crate) fn check_url(field: &str, v: &str, allow_http: bool) -> Result<()> {
    let rest = v.strip_prefix("https://").or_else(|| {
        if allow_http {
            v.strip_prefix("http://")
        } else {
            None
        }
    });
    let ok = v.len() <= 2048
        && match rest {
            Some(rest) => {
                let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
                let (authority, tail) = rest.split_at(end);
                let (host, port) = match authority.rsplit_once(':') {
                    Some((h, p)) => (h, Some(p)),
                    None => (authority, None),
                };
                !host.is_empty()
                    && host
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
                    && port.is_none_or(|p| {
                        p.bytes().all(|b| b.is_ascii_digit())
                            && p.parse::<u16>().is_ok_and(|n| n > 0)
                    })
                    && tail.bytes().all(|b| {
                        b.is_ascii_graphic()
                            && !matches!(b, b'"' | b'<' | b'>' | b'|' | b'\\' | b'`')
                    })
            }
            None => false,
        };
    if !ok {
        let scheme = if allow_http { "http(s)" } else { "https" };
        return Err(err(
            ErrorCode::InvalidUrl,
            field,
            &format!(
                "must be a plain {scheme}://host[:port][/path] URL without spaces, quotes or |"
            ),
        ));
    }
    Ok(())
}

/// The channel a request comes from: `WEB` (desktop websites) or `WAP` (mobile web and apps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Channel {
    /// Desktop websites.
    #[serde(rename = "WEB")]
    Web,
    /// Mobile websites and apps.
    #[serde(rename = "WAP")]
    Wap,
}

impl Channel {
    /// `WEB` or `WAP`.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "WEB",
            Channel::Wap => "WAP",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An amount of money in paise: a decimal string greater than 0 with at most two decimals
/// (`"1"`, `"1.5"`, `"1.00"`), or whole paise. No sign, comma, exponent, whitespace or float ever.
///
/// `"1"` and `"1.00"` are the same amount; Paytm always receives the canonical rendering
/// `"1.00"`, which is also what gets signed.
///
/// ```
/// use paytm_checkout::types::Amount;
/// let a = Amount::parse("1")?;
/// assert_eq!(a, Amount::parse("1.00")?);
/// assert_eq!(a.to_string(), "1.00");
/// assert_eq!(Amount::from_paise(150)?.to_string(), "1.50");
/// assert_eq!(Amount::parse("1,000").unwrap_err().code().number(), 1006);
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(type = "string", rename = "AmountText")
)]
pub struct Amount(u64);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Amount, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string such as \"1.00\"")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> core::result::Result<Amount, E> {
                Amount::parse(s).map_err(raise)
            }
            // A JSON number would travel through a float in most JSON stacks: money is a string.
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> core::result::Result<Amount, E> {
                Err(raise(number_amount()))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> core::result::Result<Amount, E> {
                Err(raise(number_amount()))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> core::result::Result<Amount, E> {
                Err(raise(number_amount()))
            }
        }
        d.deserialize_any(V)
    }
}

fn number_amount() -> Error {
    err(
        ErrorCode::InvalidAmount,
        "amount",
        "must be a JSON string such as \"1.00\", not a number (numbers become floats)",
    )
}

/// Largest accepted amount: 10^13 rupees keeps every sum far from u64 overflow and is far above
/// any transaction limit.
const MAX_RUPEE_DIGITS: usize = 13;

impl Amount {
    /// Parses a decimal string: digits, optionally `.` and one or two more digits; greater than 0.
    pub fn parse(s: &str) -> Result<Amount> {
        let bad = || {
            err(
                ErrorCode::InvalidAmount,
                "amount",
                "must be a decimal greater than 0 with at most 2 decimals (digits and one '.', no sign, comma or exponent)",
            )
        };
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty()
            || int.len() > MAX_RUPEE_DIGITS
            || !int.bytes().all(|b| b.is_ascii_digit())
            || (s.contains('.') && (frac.is_empty() || frac.len() > 2))
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let rupees: u64 = int.parse().map_err(|_| bad())?;
        let paise: u64 = match frac.len() {
            0 => 0,
            1 => u64::from(frac.as_bytes()[0] - b'0') * 10,
            _ => frac.parse().map_err(|_| bad())?,
        };
        Amount::from_paise(rupees * 100 + paise)
    }

    /// An amount of whole paise (100 paise = 1 rupee); must be greater than 0.
    pub fn from_paise(paise: u64) -> Result<Amount> {
        if paise == 0 || paise >= 10u64.pow(MAX_RUPEE_DIGITS as u32) * 100 {
            return Err(err(
                ErrorCode::InvalidAmount,
                "amount",
                "must be greater than 0 and below 10^13 rupees",
            ));
        }
        Ok(Amount(paise))
    }

    /// The amount in paise.
    pub fn paise(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({self})")
    }
}

impl TryFrom<String> for Amount {
    type Error = Error;
    fn try_from(s: String) -> Result<Amount> {
        Amount::parse(&s)
    }
}

impl From<Amount> for String {
    fn from(a: Amount) -> String {
        a.to_string()
    }
}

impl core::str::FromStr for Amount {
    type Err = Error;
    fn from_str(s: &str) -> Result<Amount> {
        Amount::parse(s)
    }
}

/// A client secret (auto-debit OAuth, settlement JWT): zeroized on drop, redacted in Debug, no
/// Display, not serializable. It leaves this type only as HTTP Basic credentials or an HMAC key.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ClientSecret(String);

impl<'de> Deserialize<'de> for ClientSecret {
    fn deserialize<D: serde::Deserializer<'de>>(
        d: D,
    ) -> core::result::Result<ClientSecret, D::Error> {
        ClientSecret::try_from(String::deserialize(d)?).map_err(raise)
    }
}

impl ClientSecret {
    /// A secret of 1–256 printable ASCII characters (no space).
    pub fn new(secret: impl Into<String>) -> Result<ClientSecret> {
        let mut s: String = secret.into();
        if s.is_empty() || s.len() > 256 || !s.bytes().all(|b| b.is_ascii_graphic()) {
            s.zeroize();
            return Err(err(
                ErrorCode::InvalidCredentials,
                "clientSecret",
                "must be 1-256 printable ASCII characters without space",
            ));
        }
        Ok(ClientSecret(s))
    }

    /// The secret's bytes, for signing. Crate-internal so it cannot be printed by accident.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ClientSecret {
    type Error = Error;
    fn try_from(mut s: String) -> Result<ClientSecret> {
        let r = ClientSecret::new(s.as_str());
        s.zeroize();
        r
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClientSecret(<redacted, {} bytes>)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cust_ids_follow_paytms_documented_characters() {
        for ok in ["CUST_001", "a@b.c", "x!$_.9", &"c".repeat(64)] {
            assert!(CustomerId::new(ok).is_ok(), "{ok}");
        }
        // The ones the sandbox used to accept, and the characters Paytm does not list.
        for bad in [
            "CUST 001",
            "CUST_\u{e9}",
            "CUST_\u{20b9}",
            "CUST/1",
            "C-1",
            "a|b",
            "",
        ] {
            assert_eq!(
                CustomerId::new(bad).unwrap_err().code(),
                ErrorCode::InvalidCustomerId,
                "{bad}"
            );
        }
    }

    #[test]
    fn amounts() {
        for (s, p) in [
            ("1", 100),
            ("1.00", 100),
            ("1.5", 150),
            ("0.01", 1),
            ("0001.10", 110),
        ] {
            assert_eq!(Amount::parse(s).unwrap().paise(), p, "{s}");
        }
        assert_eq!(Amount::parse("1").unwrap(), Amount::parse("1.00").unwrap());
        for bad in [
            "", "0", "0.00", "-1", "+1", "1,000", "1e3", "1.", ".5", "1.001", " 1", "1 ", "NaN",
            "inf", "１",
        ] {
            assert_eq!(
                Amount::parse(bad).unwrap_err().code(),
                ErrorCode::InvalidAmount,
                "{bad:?}"
            );
        }
        assert!(Amount::parse("99999999999999").is_err());
        assert_eq!(
            Amount::from_paise(0).unwrap_err().code(),
            ErrorCode::InvalidAmount
        );
    }

    #[test]
    fn datetime_calendar() {
        assert!(DateTime::new("2024-02-29 23:59:59").is_ok());
        for bad in [
            "2023-02-29 10:00:00",
            "2024-13-01 10:00:00",
            "2024-04-31 10:00:00",
            "2024-01-01 24:00:00",
            "2024-01-01T10:00:00",
            "2024-1-01 10:00:00",
        ] {
            assert_eq!(
                DateTime::new(bad).unwrap_err().code(),
                ErrorCode::InvalidTimestamp,
                "{bad}"
            );
        }
    }

    #[test]
    fn random_request_id_is_uuid_v4() {
        let id = RequestId::random().unwrap();
        assert_eq!(id.as_str().len(), 36);
        assert_eq!(&id.as_str()[14..15], "4");
        assert_ne!(id, RequestId::random().unwrap());
    }
}
