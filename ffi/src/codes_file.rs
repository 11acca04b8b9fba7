//! Writes `codes.rs`, the `ptm_result` enum, from core's `ErrorCode` table (number, name and doc
//! of every code): cbindgen reads source, not macros, so the one list becomes a committed file.
//!
//! The `codes_file` test fails when the committed file is stale; with `PTM_WRITE_CODES=1` it
//! rewrites it instead. `make header` (scripts/header.sh) runs it before cbindgen.

use std::fmt::Write;

use paytm_checkout::ErrorCode;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/codes.rs");

/// How to regenerate, as the stale-file failure says it.
const REGENERATE: &str =
    "`make header` (or `PTM_WRITE_CODES=1 cargo test -p paytm-checkout-ffi --lib codes_file`)";

/// The text of `codes.rs` for the current core table.
fn render() -> String {
    let mut variants = String::from("    /// Success.\n    PTM_OK = 0,\n");
    let mut all = String::from("        ptm_result::PTM_OK,\n");
    for &code in ErrorCode::ALL {
        let name = code.name();
        for line in code.doc().lines() {
            let _ = writeln!(variants, "    /// {}", line.trim());
        }
        let _ = writeln!(variants, "    PTM_{name} = {},", code.number());
        let _ = writeln!(all, "        ptm_result::PTM_{name},");
    }
    format!(
        r#"//! `ptm_result`, the C result codes. GENERATED from core's `ErrorCode` table (each code's
//! number, name and doc) by `codes_file.rs`: do not edit. Regenerate with
//! {REGENERATE}.
//!
//! cbindgen reads source, not macros: this file is how the one table reaches the C header.

/// The result of every fallible function: `PTM_OK` (0) or an error code.
///
/// The numbers are the core library's stable error codes and are never reused or renumbered:
/// 1xxx invalid input, 2xxx checksum or signature not valid (and why), 3xxx response parsing,
/// 4xxx session state, 9xxx boundary failures.
/// `ptm_result_message` gives a fixed description of any code.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ptm_result {{
{variants}}}

impl ptm_result {{
    /// Every constant, in numeric order: `PTM_OK`, then one per core code.
    pub const ALL: &'static [ptm_result] = &[
{all}    ];
}}
"#
    )
}

#[test]
fn codes_file() {
    let want = render();
    if std::env::var_os("PTM_WRITE_CODES").is_some() {
        std::fs::write(PATH, &want).expect("write ffi/src/codes.rs");
        return;
    }
    let have = std::fs::read_to_string(PATH).expect("read ffi/src/codes.rs");
    assert!(
        have == want,
        "ffi/src/codes.rs does not match core's ErrorCode table: regenerate it with\n    \
         {REGENERATE}\nand commit it"
    );
}
