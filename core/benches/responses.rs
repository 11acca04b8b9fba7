//! Parse + verify the responses a checkout sees most: Process Transaction with a signed txnInfo
//! (target, issue 4: at most 2 µs on the project's 2-core machine), a signed Transaction Status
//! response, and a form-encoded callback. Inputs are the golden fixtures, read at start-up.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use paytm_checkout::callback::parse_callback;
use paytm_checkout::response::{parse_response, ParseOptions};
use paytm_checkout::MerchantKey;
use std::hint::black_box;

fn fixture(name: &str) -> Vec<u8> {
    let p = format!(
        "{}/../tests/vectors/responses/{name}/response.bin",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn responses(c: &mut Criterion) {
    let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
    let opts = ParseOptions::default();
    let process = fixture("process_wallet_success_txninfo");
    let status = fixture("status_success");
    let callback = fixture("callback_form_success");

    let mut g = c.benchmark_group("responses");
    g.throughput(Throughput::Elements(1));
    g.bench_function("process_transaction_txninfo_parse_verify", |b| {
        b.iter(|| {
            parse_response(
                "process_transaction",
                200,
                black_box(&process),
                Some(&key),
                &opts,
            )
            .unwrap()
        })
    });
    g.bench_function("transaction_status_parse_verify", |b| {
        b.iter(|| {
            parse_response(
                "transaction_status",
                200,
                black_box(&status),
                Some(&key),
                &opts,
            )
            .unwrap()
        })
    });
    g.bench_function("callback_form_parse_verify", |b| {
        b.iter(|| parse_callback(black_box(&callback), Some(&key), &opts).unwrap())
    });
    g.finish();
}

criterion_group!(benches, responses);
criterion_main!(benches);
