//! The engine against an adversary holding the merchant key: random interleavings of validly
//! signed messages about this and other orders, refunds, MIDs and amounts — duplicated,
//! reordered, delayed, after `done`, across save/restore and edited saves (see
//! `support/adversary.rs` for the model and its invariants). The `session` fuzz target runs the
//! same model with the fuzzer choosing.
//!
//! Rerun one failing interleaving with the line it prints:
//! `ADVERSARY_SEED=<n> ADVERSARY_TRACE=1 cargo test -p paytm-checkout --test adversary <kind>`.

#[path = "support/adversary.rs"]
mod adversary;

use adversary::{pool, run, Rng, Tally, Target};

/// Interleavings per session kind: 4 kinds × 2,600 = 10,400 in all.
const RUNS: u64 = 2_600;
const STEPS: usize = 48;

fn attack(target: Target) -> Tally {
    let seed_only: Option<u64> = std::env::var("ADVERSARY_SEED")
        .ok()
        .and_then(|s| s.parse().ok());
    let pool = pool(target);
    let mut tally = Tally::default();
    for seed in (0..RUNS).filter(|s| seed_only.is_none_or(|o| o == *s)) {
        // Distinct, non-zero seeds per kind (xorshift stays at zero).
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15
            ^ (seed + 1).wrapping_mul(0x2545_F491_4F6C_DD1D)
            ^ target as u64);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(target, &pool, &mut rng, STEPS)
        }));
        match r {
            Ok(t) => tally += t,
            Err(e) => {
                eprintln!(
                    "violated: {target:?} seed {seed} (rerun: ADVERSARY_SEED={seed} \
                     ADVERSARY_TRACE=1 cargo test -p paytm-checkout --test adversary)"
                );
                std::panic::resume_unwind(e)
            }
        }
    }
    eprintln!("{target:?}: {RUNS} interleavings, {tally:?}");
    if seed_only.is_none() {
        // The suite must be able to fail: the genuine paths are reached, the adversary's
        // foreign answers are met and refused, and edited saves are tried.
        assert!(tally.refused > 1000, "{target:?}: {tally:?}");
        assert!(tally.edits_refused > 1000, "{target:?}: {tally:?}");
    }
    tally
}

/// One test per session kind (they run in parallel), each with what the genuine paths of its
/// kind must reach.
macro_rules! kinds {
    ($($name:ident: $target:ident, $check:expr;)*) => {$(
        #[test]
        fn $name() {
            let check: fn(Tally) = $check;
            check(attack(Target::$target));
        }
    )*};
}

kinds! {
    server_checkout: Server, |t| assert!(t.success > 100 && t.failure > 100, "{t:?}");
    client_half: Client, |t| {
        assert_eq!(t.success, 0);
        assert!(t.unverified > 100, "{t:?}");
    };
    refund: Refund, |t| assert!(t.refunded > 100 && t.failure > 100, "{t:?}");
    wallet: Wallet, |t| assert!(t.success > 50 && t.failure > 50, "{t:?}");
}
