//! The independent check: Paytm's own Python library (paytmchecksum, in the venv that
//! scripts/setup.sh makes) signs requests to the sandbox and verifies its answers, over HTTP
//! (tests/crosscheck.py). A sandbox that agreed with a wrong engine would fail here.
//!
//! The venv is `$PAYTM_TOOLS/venv` (default `~/.cache/paytm-checkout/venv`). Without it the test
//! fails with the command that makes it; `PAYTM_SANDBOX_SKIP_PYTHON=1` skips it explicitly.

use std::path::PathBuf;
use std::process::Command;

use paytm_sandbox::{Config, Sandbox};

fn python() -> PathBuf {
    let tools = std::env::var_os("PAYTM_TOOLS").map_or_else(
        || {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/paytm-checkout")
        },
        PathBuf::from,
    );
    tools.join("venv/bin/python")
}

#[test]
fn paytms_python_library_agrees_with_the_sandbox() {
    let py = python();
    if !py.exists() {
        if std::env::var_os("PAYTM_SANDBOX_SKIP_PYTHON").is_some() {
            eprintln!("SKIPPED (PAYTM_SANDBOX_SKIP_PYTHON): the paytmchecksum cross-check");
            return;
        }
        panic!(
            "{} not found: run `scripts/setup.sh python` (or set PAYTM_SANDBOX_SKIP_PYTHON=1 to skip this check)",
            py.display()
        );
    }
    let sb = Sandbox::start(Config::default()).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/crosscheck.py");
    let out = Command::new(&py)
        .arg(script)
        .arg(sb.base_url())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let n: usize = stdout
        .trim()
        .strip_prefix("crosscheck: ")
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    assert_eq!(n, 22, "checks run: {stdout}");
}
