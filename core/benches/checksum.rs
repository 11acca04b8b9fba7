//! Checksum throughput: sign and verify a 236-byte Initiate Transaction body and a 4 KB body.
//! Targets (issue 2): >= 2,000,000 signs/s and >= 3,000,000 verifies/s for the 236-byte body,
//! with constant-time AES (RustCrypto `aes`: AES-NI or fixsliced software — never tables).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use paytm_checkout::{MerchantKey, Params, Salt};
use std::hint::black_box;

const BODY_236: &[u8] = include_bytes!("../../tests/vectors/bench-body-236.json");

fn bodies() -> Vec<(&'static str, Vec<u8>)> {
    assert_eq!(BODY_236.len(), 236);
    let mut big = Vec::with_capacity(4096);
    while big.len() < 4096 {
        big.extend_from_slice(BODY_236);
    }
    big.truncate(4096);
    vec![("236B", BODY_236.to_vec()), ("4KB", big)]
}

fn checksum(c: &mut Criterion) {
    let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
    let mut g = c.benchmark_group("checksum");
    for (name, body) in bodies() {
        g.throughput(Throughput::Elements(1));
        let sig = key.generate(&body).unwrap();
        g.bench_with_input(BenchmarkId::new("sign", name), &body, |b, body| {
            b.iter(|| key.generate(black_box(body)).unwrap())
        });
        let salt = Salt::new(b"aB3x").unwrap();
        g.bench_with_input(
            BenchmarkId::new("sign_with_salt", name),
            &body,
            |b, body| b.iter(|| key.generate_with_salt(black_box(body), salt)),
        );
        g.bench_with_input(BenchmarkId::new("verify", name), &body, |b, body| {
            b.iter(|| assert!(key.verify(black_box(body), black_box(&sig))))
        });
    }
    g.bench_function("key_new", |b| {
        b.iter(|| MerchantKey::new(black_box(b"PmX#a0x4VpTXRzfK")))
    });
    let callback = Params::from_json(
        br#"{"BANKNAME":"WALLET","BANKTXNID":"","CURRENCY":"INR","GATEWAYNAME":"WALLET","MID":"INTEGR7769XXXXXX9383","ORDERID":"ORDERID_98765","PAYMENTMODE":"PPI","RESPCODE":"01","RESPMSG":"Txn Success","STATUS":"TXN_SUCCESS","TXNAMOUNT":"1.00","TXNDATE":"2026-11-20 10:11:12.0","TXNID":"20261120111212800110168470101509706"}"#,
    )
    .unwrap();
    let sig = key.generate_map(&callback).unwrap();
    g.bench_function("verify_map_callback", |b| {
        b.iter(|| assert!(key.verify_map(black_box(&callback), black_box(&sig))))
    });
    g.finish();
}

criterion_group!(benches, checksum);
criterion_main!(benches);
