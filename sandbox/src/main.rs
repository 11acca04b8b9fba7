//! `paytm-sandbox`: serve the offline Paytm-compatible gateway on 127.0.0.1.
//!
//! ```text
//! paytm-sandbox [--port N] [--merchant MID:KEY]... [--read-timeout-ms N] [--max-connections N]
//!               [--webhook-url URL]
//! ```
//! `--port 0` (the default) takes any free port; the first line on stdout is
//! `paytm-sandbox listening on http://127.0.0.1:PORT`. Without `--merchant`, the project's test
//! merchant (INTEGR7769XXXXXX9383) is configured. Stop it with SIGINT/SIGTERM.
#![warn(missing_docs)]

use std::io::Write;
use std::process::ExitCode;

use paytm_sandbox::{Config, Sandbox};

// A plain multi-line literal: a `\` line continuation would strip the indentation.
const USAGE: &str = "usage: paytm-sandbox [--port N] [--merchant MID:KEY]... [--read-timeout-ms N] [--max-connections N] [--webhook-url URL]
  --port N              listen on 127.0.0.1:N (0, the default: any free port; the address is printed)
  --merchant MID:KEY    a merchant and its 16/24/32-byte key (repeatable; default: the test merchant
                        INTEGR7769XXXXXX9383 with the project's test key)
  --read-timeout-ms N   a client must send a request head, then its body, within N ms each; an idle
                        keep-alive connection is closed after N ms (default 10000)
  --max-connections N   connections open at once (default 256); at the cap, the one waiting longest
                        for a request is closed to make room (503 if all are inside a handler)
  --webhook-url URL     POST every merchant's S2S webhooks (payment, refund) to this http:// URL
                        (POST /__admin/webhook?url=…&mid=… sets one per merchant)
Docs: docs/sandbox.md (endpoints, test instruments, admin endpoints, limits).";

fn main() -> ExitCode {
    let mut config = Config::default();
    let mut merchants = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (a.clone(), None),
        };
        let mut value = || inline.clone().or_else(|| args.next());
        match name.as_str() {
            "--port" => match value().and_then(|v| v.parse().ok()) {
                Some(p) => config.port = p,
                None => return usage("--port needs a number"),
            },
            "--merchant" => match value().as_deref().and_then(|v| v.split_once(':')) {
                Some((mid, key)) if !mid.is_empty() => {
                    merchants.push((mid.to_owned(), key.to_owned()))
                }
                _ => return usage("--merchant needs MID:KEY"),
            },
            "--read-timeout-ms" => match value().and_then(|v| v.parse::<u64>().ok()) {
                Some(ms) if ms > 0 => config.read_timeout = std::time::Duration::from_millis(ms),
                _ => return usage("--read-timeout-ms needs a number of milliseconds above 0"),
            },
            "--max-connections" => match value().and_then(|v| v.parse::<u32>().ok()) {
                Some(n) if n > 0 => config.max_connections = n,
                _ => return usage("--max-connections needs a number above 0"),
            },
            "--webhook-url" => match value() {
                Some(url) if url.starts_with("http://") => config.webhook_url = Some(url),
                _ => return usage("--webhook-url needs an http:// URL"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument {other:?}")),
        }
    }
    if !merchants.is_empty() {
        config.merchants = merchants;
    }
    let mids: Vec<String> = config.merchants.iter().map(|(m, _)| m.clone()).collect();
    let sandbox = match Sandbox::start(config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("paytm-sandbox: {e}");
            return ExitCode::from(1);
        }
    };
    // Scripts read this first line for the address; the keys are never printed.
    println!("paytm-sandbox listening on {}", sandbox.base_url());
    println!("merchants: {}", mids.join(", "));
    let _ = std::io::stdout().flush();
    match sandbox.wait() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("paytm-sandbox: {e}");
            ExitCode::from(1)
        }
    }
}

fn usage(why: &str) -> ExitCode {
    eprintln!("paytm-sandbox: {why}\n{USAGE}");
    ExitCode::from(2)
}
