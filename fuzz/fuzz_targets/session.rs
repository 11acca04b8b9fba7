//! The session engine against the adversary of `core/tests/support/adversary.rs`, with the
//! fuzzer choosing: validly signed messages about this and other orders, refunds, MIDs and
//! amounts, duplicated, reordered, delayed, after `done`, across save/restore and edited saves,
//! plus hostile bytes as responses, callbacks and saves. The first byte picks the session kind;
//! every later byte is a choice. The model's invariants (never `success` or `refunded` without a
//! verified answer about this order or refund; never a second refund while one is pending; an
//! answer about something else changes nothing; edited saves never restore; errors in their
//! families; no panic) are asserted after every step.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "../../core/tests/support/adversary.rs"]
mod adversary;

use adversary::{pool, run, Bytes, Pool, Target};

/// Every message signed once per process (signing is the model's, not the engine's, cost).
fn pools() -> &'static [Pool; 4] {
    static POOLS: OnceLock<[Pool; 4]> = OnceLock::new();
    POOLS.get_or_init(|| Target::ALL.map(pool))
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let i = usize::from(first) % Target::ALL.len();
    run(Target::ALL[i], &pools()[i], &mut Bytes(rest), 48);
});
