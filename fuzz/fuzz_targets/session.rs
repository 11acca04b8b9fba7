//! Any bytes as everything a host may feed a session: responses to whatever request is out,
//! callbacks, payment JSON, OTPs, saved-session JSON, at arbitrary times. The input is split at
//! 0xFF bytes; each piece's first byte picks the call. Never a panic; every error carries a code
//! of its family; what `save` writes always restores.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paytm_checkout::api::Credentials;
use paytm_checkout::session::{Session, SessionKind};
use paytm_checkout::MerchantKey;

const CHECKOUT: &[u8] = br#"{"environment":"staging","mid":"INTEGR7769XXXXXX9383","orderId":"ORDER_1001","amount":"1.00","initiate":{"mid":"INTEGR7769XXXXXX9383","orderId":"ORDER_1001","websiteName":"WEBSTAGING","txnAmount":{"value":"1.00"},"userInfo":{"custId":"CUST_001"}}}"#;
const CLIENT: &[u8] = br#"{"mid":"INTEGR7769XXXXXX9383","orderId":"ORDER_1001","amount":"1.00","txnToken":"f0bed899539742309eebd8XXXX7edcf61588842333227","tokenIssuedAt":0}"#;
const REFUND: &[u8] = br#"{"mid":"INTEGR7769XXXXXX9383","orderId":"ORDER_1001","txnId":"T1","refId":"R1","refundAmount":"1.00"}"#;

fn credentials() -> Credentials {
    Credentials {
        merchant_key: Some(MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap()),
        ..Credentials::default()
    }
}

fn check(e: &paytm_checkout::Error) {
    let n = e.code().number();
    // Input (1xxx), signature (2xxx), response (3xxx), flow (4xxx): never a 9xxx boundary code.
    assert!((1000..5000).contains(&n), "{n}");
}

fuzz_target!(|data: &[u8]| {
    let (kind, config, creds) = match data.first().map(|b| b % 3) {
        Some(1) => (SessionKind::Checkout, CLIENT, Credentials::default()),
        Some(2) => (SessionKind::Refund, REFUND, credentials()),
        _ => (SessionKind::Checkout, CHECKOUT, credentials()),
    };
    let mut s = Session::new(kind, config, creds).unwrap();
    let mut now: u64 = 1_700_000_000_000;
    for piece in data.split(|&b| b == 0xFF).skip(1) {
        let Some((&op, rest)) = piece.split_first() else {
            continue;
        };
        now = now.saturating_add(u64::from(op) * 7_919);
        let r = match op % 8 {
            0 => s.next_action(now).map(|a| {
                let _ = a.to_json();
            }),
            1 => s.handle_response(200, rest, now),
            2 => s.handle_response(u16::from(op), rest, now),
            3 => s.handle_callback(rest, now),
            4 => s.pay(rest, now),
            5 => s.handle_send_failure(now),
            6 => {
                let saved = s.save();
                s = Session::restore(saved.as_bytes(), credentials(), None)
                    .or_else(|_| Session::restore(saved.as_bytes(), Credentials::default(), None))
                    .expect("what save writes restores");
                Ok(())
            }
            _ => Session::restore(rest, credentials(), std::str::from_utf8(rest).ok()).map(|_| ()),
        };
        if let Err(e) = r {
            check(&e);
        }
    }
});
