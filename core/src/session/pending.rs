//! When a pending payment or refund is asked about again ([`PendingPolicy`]): Paytm's own
//! schedules and custom ones, as offsets from the moment the payment was sent.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};

/// When to query the status of a pending payment, as offsets (ms) from the moment the payment
/// was sent to Paytm. A query that still says pending after the last offset ends the session with
/// [`FailureReason::PendingTimeout`](crate::session::FailureReason::PendingTimeout).
///
/// JSON: `"late_notification"`, `"pos_polling"` or `{"custom":[900000, …]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PendingPolicy {
    /// Paytm's "Delayed Notification" schedule: 15 min, 30 min, 1 h, 6 h, 12 h, 24 h, 48 h, 72 h
    /// after the transaction was sent; failed after 72 h
    /// (<https://business.paytm.com/docs/late-notification>).
    #[default]
    LateNotification,
    /// The All-in-One Payment Request (POS) guidance: "check the status 8 times/minute"
    /// (`spec/all-in-one-payment-request.md`): every 7.5 s for the first 10 minutes, then the
    /// late-notification schedule.
    PosPolling,
    /// Offsets of your own (ms, ascending).
    Custom(Vec<u64>),
}

const MINUTE: u64 = 60 * 1000;
const HOUR: u64 = 60 * MINUTE;
const LATE: [u64; 8] = [
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    6 * HOUR,
    12 * HOUR,
    24 * HOUR,
    48 * HOUR,
    72 * HOUR,
];
const POS_INTERVAL: u64 = 7_500;
const POS_WINDOW: u64 = 10 * MINUTE;

impl PendingPolicy {
    /// Refuses a custom schedule that is empty, unsorted or longer than 1,000 entries.
    pub fn validate(&self) -> Result<()> {
        if let PendingPolicy::Custom(v) = self {
            if v.is_empty() || v.len() > 1000 || v.windows(2).any(|w| w[0] >= w[1]) {
                return Err(Error::with_message(
                    ErrorCode::InvalidField,
                    "pendingPolicy.custom: 1-1000 offsets (ms), strictly ascending",
                ));
            }
        }
        Ok(())
    }

    /// The first offset strictly after `elapsed` (ms since submission), or `None` when the
    /// schedule is over.
    pub fn next_after(&self, elapsed: u64) -> Option<u64> {
        match self {
            PendingPolicy::LateNotification => LATE.iter().copied().find(|&o| o > elapsed),
            PendingPolicy::PosPolling => {
                if elapsed < POS_WINDOW {
                    Some((elapsed / POS_INTERVAL + 1) * POS_INTERVAL)
                } else {
                    LATE.iter().copied().find(|&o| o > elapsed)
                }
            }
            PendingPolicy::Custom(v) => v.iter().copied().find(|&o| o > elapsed),
        }
    }

    /// The next scheduled query (ms since the epoch) of a payment or refund sent at `origin`,
    /// asked at `now`; `None` when the schedule is over.
    pub(crate) fn next_check(&self, origin: u64, now: u64) -> Option<u64> {
        self.next_after(now.saturating_sub(origin))
            .map(|offset| origin.saturating_add(offset))
    }

    /// The first scheduled query (ms after submission).
    pub fn first(&self) -> u64 {
        self.next_after(0).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_notification_schedule_is_paytms_table() {
        let p = PendingPolicy::LateNotification;
        let mut at = 0;
        let mut seen = vec![];
        while let Some(n) = p.next_after(at) {
            seen.push(n / MINUTE);
            at = n;
        }
        assert_eq!(seen, [15, 30, 60, 360, 720, 1440, 2880, 4320]);
    }

    #[test]
    fn pos_polling_is_eight_a_minute_then_late_notification() {
        let p = PendingPolicy::PosPolling;
        assert_eq!(p.first(), 7_500);
        assert_eq!(p.next_after(7_500), Some(15_000));
        assert_eq!(p.next_after(59_999), Some(60_000));
        assert_eq!(p.next_after(POS_WINDOW), Some(15 * MINUTE));
        assert_eq!(p.next_after(72 * HOUR), None);
    }

    #[test]
    fn custom_policies_are_validated() {
        assert!(PendingPolicy::Custom(vec![]).validate().is_err());
        assert!(PendingPolicy::Custom(vec![5, 5]).validate().is_err());
        assert!(PendingPolicy::Custom(vec![5, 10]).validate().is_ok());
        assert_eq!(PendingPolicy::Custom(vec![5, 10]).next_after(10), None);
    }
}
