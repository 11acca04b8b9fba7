//! Timestamps and dates as Paytm's requests carry them. Core never reads a clock: the host
//! passes the time in.

use super::ensure;
use crate::error::{ErrorCode, Result};

text_type!(
    /// An EPOCH timestamp as Paytm's `requestTimestamp` carries it: 10 digits (seconds) or 13
    /// digits (milliseconds). Core never reads a clock: the host passes the time in.
    RequestTimestamp, "requestTimestamp", redact = false, check = |v| {
        let ok = (v.len() == 10 || v.len() == 13) && v.bytes().all(|b| b.is_ascii_digit());
        ensure(ok, ErrorCode::InvalidTimestamp, "requestTimestamp", "must be 10 digits (epoch seconds) or 13 digits (epoch milliseconds)")
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
        ensure(ok, ErrorCode::InvalidTimestamp, "expiry", "must be a calendar date and time yyyy-MM-dd HH:mm:ss")
    }
);

text_type!(
    /// A calendar date `yyyy-MM-dd` (settlement queries).
    Date, "date", redact = false, check = |v| {
        let ok = v.len() == 10 && DateTime::new(format!("{v} 00:00:00")).is_ok();
        ensure(ok, ErrorCode::InvalidTimestamp, "date", "must be a calendar date yyyy-MM-dd")
    }
);

#[cfg(test)]
mod tests {
    use super::*;

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
}
