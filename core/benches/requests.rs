//! Build + sign an Initiate Transaction (the request every checkout starts with).
//! Target (issue 3): at most 2 µs per request on the project's 2-core machine.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use paytm_checkout::api::initiate::InitiateTransaction;
use paytm_checkout::http::Environment;
use paytm_checkout::{MerchantKey, Salt};
use std::hint::black_box;

fn requests(c: &mut Criterion) {
    let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
    let input = InitiateTransaction::new(
        "INTEGR7769XXXXXX9383".try_into().unwrap(),
        "ORDERID_98765".try_into().unwrap(),
        "WEBSTAGING".try_into().unwrap(),
        "1.00".parse().unwrap(),
        "CUST_001".try_into().unwrap(),
    )
    .callback_url("https://merchant.example/callback".try_into().unwrap());
    let env = Environment::Staging;
    let json = br#"{"mid":"INTEGR7769XXXXXX9383","orderId":"ORDERID_98765","websiteName":"WEBSTAGING","txnAmount":{"value":"1.00","currency":"INR"},"userInfo":{"custId":"CUST_001"},"callbackUrl":"https://merchant.example/callback"}"#;
    let creds = paytm_checkout::Credentials::with_key(key.clone());
    let opts = paytm_checkout::BuildOptions::new(Environment::Staging);

    let mut g = c.benchmark_group("initiate_transaction");
    g.throughput(Throughput::Elements(1));
    g.bench_function("build_sign", |b| {
        b.iter(|| black_box(&input).build(&env, &key, None).unwrap())
    });
    let salt = Salt::new(b"aB3x").unwrap();
    g.bench_function("build_sign_fixed_salt", |b| {
        b.iter(|| black_box(&input).build(&env, &key, Some(salt)).unwrap())
    });
    g.bench_function("from_json_build_sign", |b| {
        b.iter(|| {
            paytm_checkout::build_request("initiate_transaction", black_box(json), &creds, &opts)
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, requests);
criterion_main!(benches);
