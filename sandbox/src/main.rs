//! `paytm-sandbox`: serve the offline Paytm-compatible gateway on 127.0.0.1.
//!
//! ```text
//! paytm-sandbox [--port N] [--merchant MID:KEY]...
//! ```
//! `--port 0` (the default) takes any free port; the first line on stdout is
//! `paytm-sandbox listening on http://127.0.0.1:PORT`. Without `--merchant`, the project's test
//! merchant (INTEGR7769XXXXXX9383) is configured. Stop it with SIGINT/SIGTERM.

use std::io::Write;
use std::process::ExitCode;

use paytm_sandbox::{Config, Sandbox};

const USAGE: &str = "usage: paytm-sandbox [--port N] [--merchant MID:KEY]...\n\
  --port N            listen on 127.0.0.1:N (0, the default: any free port; the address is printed)\n\
  --merchant MID:KEY  a merchant and its 16/24/32-byte key (repeatable; default: the test merchant\n\
                      INTEGR7769XXXXXX9383 with the project's test key)\n\
Docs: docs/sandbox.md (endpoints, test instruments, admin endpoints).";

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
