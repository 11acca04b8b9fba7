//! The independent checks, with Paytm's own Python code from the venv that scripts/setup.sh
//! makes, over HTTP:
//!
//! - its checksum library (`paytmchecksum`) signs requests to the sandbox and verifies its
//!   answers (tests/crosscheck.py): a sandbox that agreed with a wrong engine would fail here;
//! - its server SDK (`paytm-pg`, as published, only its URLs pointed here) runs initiate (at
//!   `/order/initiate`) → transaction status → refund → refund status (tests/sdk_python.py): the
//!   sandbox verifies the SDK's signatures, the SDK verifies the sandbox's, and every reply's
//!   head echoes the SDK's `version` (`v2`).
//!
//! The venv is `$PAYTM_TOOLS/venv` (default `~/.cache/paytm-checkout/venv`). Without it the tests
//! fail with the command that makes it; `PAYTM_SANDBOX_SKIP_PYTHON=1` skips them explicitly.

use std::path::PathBuf;
use std::process::Command;

use paytm_sandbox::{Config, Sandbox, TEST_KEY, TEST_MID};

fn venv_python() -> PathBuf {
    let tools = std::env::var_os("PAYTM_TOOLS").map_or_else(
        || {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/paytm-checkout")
        },
        PathBuf::from,
    );
    tools.join("venv/bin/python")
}

/// Runs `tests/<script>` with the venv's python and `args` against a fresh sandbox (its base URL
/// first) and returns its stdout, after asserting it succeeded; `None` when the python checks
/// are skipped (`what` names the check skipped).
fn run_python(what: &str, script: &str, args: &[&str]) -> Option<String> {
    let py = venv_python();
    if !py.exists() {
        if std::env::var_os("PAYTM_SANDBOX_SKIP_PYTHON").is_some() {
            eprintln!("SKIPPED (PAYTM_SANDBOX_SKIP_PYTHON): {what}");
            return None;
        }
        panic!(
            "{} not found: run `scripts/setup.sh python` (or set PAYTM_SANDBOX_SKIP_PYTHON=1 to skip this check)",
            py.display()
        );
    }
    let sb = Sandbox::start(Config::default()).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(script);
    let out = Command::new(&py)
        .arg(script)
        .arg(sb.base_url())
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    Some(stdout)
}

#[test]
fn paytms_python_library_agrees_with_the_sandbox() {
    let Some(stdout) = run_python("the paytmchecksum cross-check", "crosscheck.py", &[]) else {
        return;
    };
    let n: usize = stdout
        .trim()
        .strip_prefix("crosscheck: ")
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    assert_eq!(n, 22, "checks run: {stdout}");
}

#[test]
fn paytms_python_sdk_runs_unmodified_against_the_sandbox() {
    let Some(stdout) = run_python(
        "the paytm-pg SDK run",
        "sdk_python.py",
        &[TEST_MID, TEST_KEY],
    ) else {
        return;
    };
    assert_eq!(stdout.trim(), "sdk-python: 17 checks");
}
