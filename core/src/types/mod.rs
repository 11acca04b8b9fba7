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
//!
//! | module | what it holds |
//! | --- | --- |
//! | `ids` | identifiers: [`OrderId`], [`RefId`], [`SubscriptionId`], [`NotifyRefId`], [`Mid`], [`CustomerId`], [`TxnId`], [`RequestId`], [`Code`], [`Bin`], [`NumericId`] |
//! | `contact` | the customer's contact and place: [`Vpa`], [`Mobile`], [`Email`], [`PosId`], [`Text`], [`Channel`] |
//! | `amount` | money: [`Amount`], [`Currency`] |
//! | `time` | [`RequestTimestamp`], [`DateTime`], [`Date`] |
//! | `secret` | credentials and tokens: [`TxnToken`], [`SsoToken`], [`ClientId`], [`ClientSecret`], [`Otp`] |
//! | `url` | [`CallbackUrl`] and the one URL rule |

use crate::error::{Error, ErrorCode, Result};

fn err(code: ErrorCode, field: &str, rule: &str) -> Error {
    Error::with_message(code, format!("{field}: {rule}"))
}

/// `Ok` when `ok`; otherwise `code`, naming `field` and `rule`: the end of every format check.
fn ensure(ok: bool, code: ErrorCode, field: &str, rule: &str) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(err(code, field, rule))
    }
}

/// Whether `v` is two runs joined at its first `sep`, each at least `min` bytes long and all of
/// its `allowed` bytes: `name@handle` (a VPA), `StoreId_PosId`.
fn two_runs(
    v: &str,
    sep: char,
    left: (usize, fn(u8) -> bool),
    right: (usize, fn(u8) -> bool),
) -> bool {
    let run =
        |s: &str, (min, allowed): (usize, fn(u8) -> bool)| s.len() >= min && s.bytes().all(allowed);
    v.split_once(sep)
        .is_some_and(|(l, r)| run(l, left) && run(r, right))
}

/// The rule most ids and tokens share: 1–`max` bytes, each one `allowed`; otherwise `code`,
/// naming `field` and `rule`.
pub(crate) fn check_chars(
    v: &str,
    max: usize,
    allowed: fn(u8) -> bool,
    code: ErrorCode,
    field: &str,
    rule: &str,
) -> Result<()> {
    let ok = !v.is_empty() && v.len() <= max && v.bytes().all(allowed);
    ensure(ok, code, field, rule)
}

/// Printable ASCII without space and without `|` (Paytm's map-mode separator, result code 1008).
fn is_visible_no_pipe(b: u8) -> bool {
    b.is_ascii_graphic() && b != b'|'
}

/// Declares a validated string newtype: constructor, `as_str`, Display, Debug (value shown or
/// redacted), Serialize as the string, Deserialize through the constructor.
///
/// `check = <fn(&str) -> Result<()>>` gives the rule; `chars = (max, allowed, code, rule)` is
/// the common rule of `check_chars` under the type's own field name.
macro_rules! text_type {
    (
        $(#[$doc:meta])*
        $name:ident, $field:literal, redact = $redact:tt,
        chars = ($max:expr, $allowed:expr, $code:expr, $rule:expr)
    ) => {
        text_type!(
            $(#[$doc])*
            $name, $field, redact = $redact,
            check = |v| $crate::types::check_chars(v, $max, $allowed, $code, $field, $rule)
        );
    };
    (
        $(#[$doc:meta])*
        $name:ident, $field:literal, redact = $redact:tt, check = $check:expr
    ) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize)]
        #[serde(into = "String")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        pub struct $name(String);

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<$name, D::Error> {
                $name::new(<String as ::serde::Deserialize>::deserialize(d)?)
                    .map_err($crate::input::serde_error::raise)
            }
        }

        impl $name {
            /// Validates and wraps `value`.
            pub fn new(value: impl Into<String>) -> $crate::error::Result<$name> {
                let value = value.into();
                let check: fn(&str) -> $crate::error::Result<()> = $check;
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
            type Error = $crate::error::Error;
            fn try_from(value: String) -> $crate::error::Result<$name> {
                $name::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::error::Error;
            fn try_from(value: &str) -> $crate::error::Result<$name> {
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
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
    (@fmt $name:ident, true) => {
        // Tokens grant access to a user's wallet or a transaction: never printed.
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "{}(<redacted, {} bytes>)", stringify!($name), self.0.len())
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str("<redacted>")
            }
        }
    };
}

/// The text form of a value type that is parsed from text and written by Display (an
/// [`Amount`], an EMI plan id): Debug as `Type(text)`, `TryFrom<String>` through `parse` and
/// `String::from` through Display, for serde's `into = "String"`.
macro_rules! text_form {
    ($name:ident) => {
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "{}({})", stringify!($name), self)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::error::Error;
            fn try_from(s: String) -> $crate::error::Result<$name> {
                $name::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.to_string()
            }
        }
    };
}
pub(crate) use text_form;

mod amount;
mod contact;
mod ids;
mod secret;
mod time;
mod url;

pub use amount::{Amount, Currency};
pub use contact::{Channel, Email, Mobile, PosId, Text, Vpa};
pub use ids::{
    is_customer_id, Bin, Code, CustomerId, Mid, NotifyRefId, NumericId, OrderId, RefId, RequestId,
    SubscriptionId, TxnId, CUST_ID_MAX_LEN, CUST_ID_SPECIALS,
};
pub use secret::{ClientId, ClientSecret, Otp, SsoToken, TxnToken};
pub use time::{Date, DateTime, RequestTimestamp};
pub(crate) use url::check_url;
pub use url::CallbackUrl;
