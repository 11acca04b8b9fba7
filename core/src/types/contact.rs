//! The customer's contact details and free text: a UPI address, mobile number, email, point of
//! sale, free text Paytm echoes back, and the channel a request comes from.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::{ensure, is_visible_no_pipe, two_runs};
use crate::error::ErrorCode;

text_type!(
    /// A UPI virtual payment address `name@handle`: name of `[A-Za-z0-9._-]`, handle of letters
    /// and digits, at most 255 characters (e.g. `7777777777@paytm`).
    Vpa, "payerAccount", redact = false, check = |v| {
        let name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-');
        let alnum = |b: u8| b.is_ascii_alphanumeric();
        let ok = v.len() <= 255 && two_runs(v, '@', (1, name), (2, alnum));
        ensure(ok, ErrorCode::InvalidVpa, "payerAccount", "must look like name@handle (letters, digits, . _ - before @; letters and digits after)")
    }
);

text_type!(
    /// A 10-digit Indian mobile number, without country code or separators.
    Mobile, "mobile", redact = false, check = |v| {
        let ok = v.len() == 10 && v.bytes().all(|b| b.is_ascii_digit());
        ensure(ok, ErrorCode::InvalidMobile, "mobile", "must be exactly 10 digits")
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
        ensure(ok, ErrorCode::InvalidEmail, "email", "must be local@domain.tld without spaces or |")
    }
);

text_type!(
    /// A point-of-sale id `StoreId_PosId` (e.g. `S12_123`): two non-empty runs of letters and
    /// digits joined by one `_`, at most 50 characters.
    PosId, "posId", redact = false, check = |v| {
        let alnum = |b: u8| b.is_ascii_alphanumeric();
        let ok = v.len() <= 50 && two_runs(v, '_', (1, alnum), (1, alnum));
        ensure(ok, ErrorCode::InvalidPosId, "posId", "must be StoreId_PosId (letters and digits, one _ , at most 50 characters)")
    }
);

text_type!(
    /// Free text Paytm echoes back or shows (comments, display names, addresses): at most 256
    /// characters, no control characters and no `|`.
    Text, "text", redact = false, check = |v| {
        let ok = v.chars().count() <= 256 && !v.chars().any(|c| c.is_control() || c == '|');
        ensure(ok, ErrorCode::InvalidField, "text", "must be at most 256 characters without control characters or |")
    }
);

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
