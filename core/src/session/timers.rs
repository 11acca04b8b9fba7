//! The deadlines a session keeps, in one table per session (quinn-proto's `TimerTable`): an
//! enum of timers ([`Timer`]) and a fixed array of optional deadlines (ms since the Unix epoch),
//! set, read and stopped by name. Also the fixed durations they are computed from.
//!
//! A session saves its table as the members it has always written (`tokenExpiresAt`, `retryAt`,
//! `nextCheckAt`: each session's saved state names them), so saves keep their bytes. The table
//! never reads a clock: `now` is always passed in.

use super::action::{Action, WaitReason};

/// How long a txnToken is valid: "It is valid for 15 minutes" (`spec/initiate-transaction.md`).
pub const TXN_TOKEN_VALIDITY_MS: u64 = 15 * 60 * 1000;

/// After a transport failure or an unusable response, a status query or refund query is asked
/// again this much later.
pub const RETRY_DELAY_MS: u64 = 30 * 1000;

/// How long before a UPI or wallet (PPI) mandate's debit its pre-debit notification must have
/// been accepted: 24 hours (RBI's rule as docs/subscriptions.md lists it; the sandbox's
/// `PRE_NOTIFY_LEAD_MS` is the same).
pub const PRE_NOTIFY_LEAD_MS: u64 = 24 * 60 * 60 * 1000;

/// One day, for grace days.
pub(crate) const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// A deadline a session may keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Timer {
    /// The token expires: a checkout's txnToken (15 minutes after it was issued), a wallet
    /// user's access token (as Paytm reported it).
    TokenExpiry,
    /// A failed Initiate is sent again (checkout).
    Retry,
    /// The status of a pending (or unanswered) payment or refund is asked again.
    NextCheck,
}

impl Timer {
    const COUNT: usize = 3;
    const ALL: [Timer; Timer::COUNT] = [Timer::TokenExpiry, Timer::Retry, Timer::NextCheck];
}

/// A session's deadlines, one slot per [`Timer`]; a stopped (or never set) timer is `None`.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TimerTable {
    at: [Option<u64>; Timer::COUNT],
}

impl TimerTable {
    /// The table with these deadlines: the members a save writes them as (`tokenExpiresAt`,
    /// `retryAt`, `nextCheckAt`; `None` for one a session does not keep or has stopped).
    pub fn of(
        token_expiry: Option<u64>,
        retry: Option<u64>,
        next_check: Option<u64>,
    ) -> TimerTable {
        let mut t = TimerTable::default();
        t.put(Timer::TokenExpiry, token_expiry);
        t.put(Timer::Retry, retry);
        t.put(Timer::NextCheck, next_check);
        t
    }

    /// Sets `timer` to expire at `at`.
    pub fn set(&mut self, timer: Timer, at: u64) {
        self.at[timer as usize] = Some(at);
    }

    /// Sets `timer` to `at`, or stops it for `None` (a restored save's member).
    pub fn put(&mut self, timer: Timer, at: Option<u64>) {
        self.at[timer as usize] = at;
    }

    /// When `timer` expires, if it is set.
    pub fn get(&self, timer: Timer) -> Option<u64> {
        self.at[timer as usize]
    }

    /// Stops `timer`.
    pub fn stop(&mut self, timer: Timer) {
        self.at[timer as usize] = None;
    }

    /// "Wait until `timer` expires" while it is set and not yet due at `now`; `None` when it is
    /// due (or not set): the step it guards goes ahead.
    pub fn wait(&self, timer: Timer, now: u64, reason: WaitReason) -> Option<Action> {
        self.get(timer)
            .filter(|&until| now < until)
            .map(|until| Action::Wait {
                until: Some(until),
                reason,
            })
    }
}

impl core::fmt::Debug for TimerTable {
    /// The timers that are set, by name.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_map()
            .entries(
                Timer::ALL
                    .iter()
                    .filter_map(|&t| self.get(t).map(|at| (t, at))),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_are_set_read_and_stopped_by_name() {
        let mut t = TimerTable::default();
        t.set(Timer::NextCheck, 50);
        t.put(Timer::TokenExpiry, Some(90));
        assert_eq!(t.get(Timer::NextCheck), Some(50));
        assert_eq!(t.get(Timer::Retry), None);
        assert_eq!(format!("{t:?}"), "{TokenExpiry: 90, NextCheck: 50}");
        assert!(matches!(
            t.wait(Timer::NextCheck, 49, WaitReason::Pending),
            Some(Action::Wait {
                until: Some(50),
                reason: WaitReason::Pending
            })
        ));
        assert_eq!(t.wait(Timer::NextCheck, 50, WaitReason::Pending), None);
        t.stop(Timer::NextCheck);
        assert_eq!(t.wait(Timer::NextCheck, 0, WaitReason::Pending), None);
        t.put(Timer::TokenExpiry, None);
        assert_eq!(t, TimerTable::default());
    }
}
