//! Sandbox time: the wall clock plus every `/__admin/advance`, bounded above so that no
//! arithmetic on it (token expiry, refund dates, the engine's own deadlines) can overflow.
//!
//! It never goes backwards and never wraps: an advance that would carry it past [`MAX_MS`] is
//! refused and changes nothing.

use std::sync::{Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The latest sandbox time: 9999-12-31 23:59:59.999 UTC, in ms since the Unix epoch. Far below
/// `u64::MAX` (about 5.8 × 10^8 years), so `now + any realistic duration` cannot overflow, and
/// TXNDATE keeps its four-digit year.
pub const MAX_MS: u64 = 253_402_300_799_999;

/// Wall clock at start + monotonic elapsed time + the sum of all advances.
pub(crate) struct Clock {
    epoch_ms: u64,
    started: Instant,
    offset_ms: Mutex<u64>,
}

impl Clock {
    pub(crate) fn new() -> Clock {
        let epoch_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(MAX_MS))
            .unwrap_or(0);
        Clock {
            epoch_ms,
            started: Instant::now(),
            offset_ms: Mutex::new(0),
        }
    }

    fn offset(&self) -> MutexGuard<'_, u64> {
        // Nothing panics while holding it; if something did, the number is still good.
        self.offset_ms.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn at(&self, offset: u64) -> u64 {
        let elapsed = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.epoch_ms
            .saturating_add(elapsed)
            .saturating_add(offset)
            .min(MAX_MS)
    }

    /// Sandbox time in ms since the Unix epoch (never above [`MAX_MS`]).
    pub(crate) fn now(&self) -> u64 {
        let offset = *self.offset();
        self.at(offset)
    }

    /// Moves sandbox time forward by `ms` and returns the new time, or refuses (changing
    /// nothing) with the largest advance that is still possible.
    pub(crate) fn advance(&self, ms: u64) -> Result<u64, u64> {
        let mut offset = self.offset();
        let room = MAX_MS - self.at(*offset);
        if ms > room {
            return Err(room);
        }
        // offset + ms ≤ MAX_MS: the check above bounds both.
        *offset = offset.saturating_add(ms);
        Ok(self.at(*offset))
    }

    /// Back to the wall clock.
    pub(crate) fn reset(&self) {
        *self.offset() = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_advance_past_the_maximum_is_refused_and_changes_nothing() {
        let c = Clock::new();
        let before = c.now();
        // The hostile tester's value: 2^64 - now + 5000 would wrap an unchecked sum to 1970.
        let wrap = u64::MAX - before + 5001;
        let room = c.advance(wrap).unwrap_err();
        assert!(room <= MAX_MS - before, "{room}");
        assert!(c.advance(u64::MAX).is_err());
        let after = c.now();
        assert!(
            after >= before && after - before < 60_000,
            "{before} {after}"
        );
    }

    #[test]
    fn advancing_up_to_the_maximum_works_and_time_then_stays_there() {
        let c = Clock::new();
        let now = c.now();
        let t = c.advance(1000).unwrap();
        assert!(t >= now + 1000 && t < now + 61_000, "{now} {t}");
        let room = MAX_MS - c.now();
        // A little less than all the room (wall time moves between the two reads).
        let t = c.advance(room - 10_000).unwrap();
        assert!(t > MAX_MS - 20_000 && t <= MAX_MS, "{t}");
        assert!(c.advance(86_400_000).is_err());
        assert!(c.now() <= MAX_MS);
        c.reset();
        assert!(c.now() < now + 60_000);
    }
}
