//! `paytm-sandbox-demo`: one complete checkout through the engine against a sandbox, printed as
//! a transcript — initiate → card payment → bank page → callback → status → reconcile → refund →
//! refund status. `make demo` runs it against a `paytm-sandbox` process (see scripts/demo.sh).
//!
//! ```text
//! paytm-sandbox-demo [--base http://127.0.0.1:PORT]
//! ```
//! Without `--base` it starts a sandbox in-process. The merchant key and the card number are
//! never printed: requests are shown through `HttpRequest::to_curl`, which redacts them.
#![warn(missing_docs)]

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use paytm_checkout::reconcile::{reconcile, ExpectedOrder};
use paytm_checkout::session::{CheckoutSession, OutcomeStatus, RefundSession, WaitReason};
use paytm_checkout::MerchantKey;
use paytm_sandbox::host::{checkout_config, Customer, Host, Step};
use paytm_sandbox::{instruments, Config, Sandbox, TEST_KEY, TEST_MID};
use serde_json::json;

static N: AtomicUsize = AtomicUsize::new(0);

fn bold(s: &str) -> String {
    if std::io::stdout().is_terminal() {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_owned()
    }
}

fn heading(s: &str) {
    println!("\n{}", bold(&format!("== {s} ==")));
}

fn item(title: &str) {
    let n = N.fetch_add(1, Ordering::Relaxed) + 1;
    println!("\n{}", bold(&format!("[{n}] {title}")));
}

fn print_step(s: &Step) {
    match s {
        Step::Sent {
            purpose,
            curl,
            status,
            body,
        } => {
            item(&format!("send {}", purpose.api()));
            println!("    request:  {curl}");
            println!("    response: HTTP {status} {body}");
        }
        Step::SendFailed { purpose, error } => {
            item(&format!("send {} failed: {error}", purpose.api()));
        }
        Step::Refused {
            what,
            code,
            message,
        } => {
            println!(
                "    engine refused the {what}: {} ({}) {message}",
                code.name(),
                code.number()
            );
        }
        Step::Paid { mode } => {
            item(&format!(
                "collect payment: the customer pays by {mode} (test card {} **** **** {}, shown masked)",
                &instruments::CARD_SUCCESS[..4],
                &instruments::CARD_SUCCESS[12..]
            ));
            println!("    engine: pay() builds the Process Transaction request (card data encoded, never logged)");
        }
        Step::BankPage { url, html } => {
            item("render bank form: the customer's browser posts the redirect form to the bank");
            println!("    POST {url}");
            let title = html
                .split("<title>")
                .nth(1)
                .and_then(|t| t.split("</title>").next())
                .unwrap_or("");
            println!("    bank page: \"{title}\" (an OTP form)");
            println!(
                "    the customer types OTP {} and submits",
                instruments::GOOD_OTP
            );
        }
        Step::OtpSubmitted => {
            item("collect OTP: the user types the OAuth OTP to link the wallet");
        }
        Step::WalletPage { url, .. } => {
            item("add money: the customer's browser posts the signed form to the wallet");
            println!("    POST {url}");
        }
        Step::DeepLink { url } => {
            item(&format!("open deep link {url}"));
        }
        Step::Callback { action, fields } => {
            item("callback: the bank page auto-submits the result to the merchant's callbackUrl");
            println!("    POST {action}");
            for (k, v) in fields {
                println!("      {k}={v}");
            }
            println!("    engine: handle_callback verifies CHECKSUMHASH (map mode), then asks the status API");
        }
        Step::Waited { reason, ms } => {
            let why = match reason {
                WaitReason::Pending => "pending: the next scheduled status query",
                WaitReason::Callback => "waiting for the customer",
                WaitReason::Retry => "retry",
                WaitReason::Response => "response",
                _ => "wait",
            };
            item(&format!(
                "wait {} s ({why}); the sandbox clock is advanced instead of sleeping",
                ms / 1000
            ));
        }
        Step::Done { outcome } => {
            item("done");
            println!(
                "    outcome: {}",
                serde_json::to_string(outcome).unwrap_or_default()
            );
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut _own = None;
    let base = match args.iter().position(|a| a == "--base") {
        Some(i) => match args.get(i + 1) {
            Some(b) => b.clone(),
            None => {
                eprintln!("usage: paytm-sandbox-demo [--base http://127.0.0.1:PORT]");
                return ExitCode::from(2);
            }
        },
        None => match Sandbox::start(Config::default()) {
            Ok(s) => {
                let b = s.base_url();
                _own = Some(s);
                b
            }
            Err(e) => {
                eprintln!("paytm-sandbox-demo: {e}");
                return ExitCode::from(1);
            }
        },
    };
    match run(&base) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\npaytm-sandbox-demo: FAILED: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(base: &str) -> Result<(), Box<dyn std::error::Error>> {
    let key = MerchantKey::new(TEST_KEY.as_bytes())?;
    let mut host = Host::new(base);
    host.on_step = Some(Box::new(print_step));
    let t0 = host.now()?;
    let order = format!("DEMO_{}", t0 / 1000);
    let amount = "1.00";

    heading("paytm-sandbox: one checkout through the engine, over real HTTP");
    println!(
        "sandbox:  {base}  (offline, Paytm-compatible; Environment::custom points the engine here)"
    );
    println!("merchant: {TEST_MID}  (the project's TEST key; never printed)");
    println!("order:    {order}, INR {amount}, customer CUST_001");

    heading("checkout: initiate, card payment, bank page, callback, status");
    let config = checkout_config(base, &order, amount);
    let mut session = CheckoutSession::from_json(&serde_json::to_vec(&config)?, Some(key.clone()))?;
    let payment = json!({"paymentMode": "CREDIT_CARD", "authMode": "otp",
        "cardInfo": {"type": "new", "cardNumber": instruments::CARD_SUCCESS, "cvv": "123",
                     "expiry": "122032"}})
    .to_string();
    let outcome = host.run_checkout(&mut session, &payment, &Customer::default())?;
    if outcome.status != OutcomeStatus::Success {
        return Err(format!("checkout ended {:?}", outcome.status).into());
    }
    let txn = outcome.transaction.clone().ok_or("no transaction")?;

    heading("reconcile: the verified status against the order we charged");
    let expected = ExpectedOrder {
        order_id: order.as_str().try_into()?,
        amount: amount.parse()?,
        mid: Some(TEST_MID.to_owned()),
    };
    let verdict = reconcile(&expected, &txn);
    item(&format!(
        "reconcile(order {order}, INR {amount}, MID {TEST_MID}) against status (order {}, INR {}, {:?}, {:?})",
        txn.order_id.as_ref().map_or("-", |o| o.as_str()),
        txn.amount.map(|a| a.to_string()).unwrap_or_default(),
        txn.state,
        txn.verification
    ));
    println!("    verdict: {verdict:?}: fulfil the order");

    heading("refund: INR 1.00 back to the card, confirmed by Refund Status");
    let txn_id = txn.txn_id.clone().ok_or("no txnId")?;
    let refund = json!({"environment": {"custom": base}, "mid": TEST_MID, "orderId": order,
                        "txnId": txn_id, "refId": format!("REF_{order}"), "refundAmount": amount});
    let mut r = RefundSession::from_json(&serde_json::to_vec(&refund)?, key)?;
    let outcome = host.run_refund(&mut r)?;
    if outcome.status != OutcomeStatus::Refunded {
        return Err(format!("refund ended {:?}", outcome.status).into());
    }
    let elapsed = host.now()? - t0;
    heading("summary");
    println!(
        "paid, verified, reconciled and refunded: {} steps, {} min of sandbox time",
        N.load(Ordering::Relaxed),
        elapsed / 60_000
    );
    Ok(())
}
