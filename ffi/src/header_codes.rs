//! Writes the C header's `ptm_result` enum from core's `ErrorCode` table (number, name and doc of
//! every code), in cbindgen's layout. cbindgen reads source, not macros, and the Rust side of
//! `ptm_result` is a plain integer (`result.rs`), so the one table reaches C through this text:
//! `scripts/header.sh` runs the `header_codes` test with `PTM_HEADER_CODES=<file>` to write it,
//! and hands it to cbindgen as the header's `after_includes`.
//!
//! Run without that variable, the test checks that the committed header holds exactly this text.

use std::fmt::Write;

use paytm_checkout::ErrorCode;

/// The enum's own documentation, as the header gives it.
const ENUM_DOC: &str = "\
The result of every fallible function: `PTM_OK` (0) or an error code.

The numbers are the core library's stable error codes and are never reused or renumbered:
1xxx invalid input, 2xxx checksum or signature not valid (and why), 3xxx response parsing,
4xxx session state, 9xxx boundary failures.
`ptm_result_message` gives a fixed description of any code.";

/// Appends `doc` as a doxygen comment indented by `indent`, as cbindgen writes doc comments.
fn doxy(out: &mut String, indent: &str, doc: &str) {
    let _ = writeln!(out, "{indent}/**");
    for line in doc.lines() {
        let line = line.trim();
        if line.is_empty() {
            let _ = writeln!(out, "{indent} *");
        } else {
            let _ = writeln!(out, "{indent} * {line}");
        }
    }
    let _ = writeln!(out, "{indent} */");
}

/// The header's `ptm_result` enum for the current core table: `PTM_OK` = 0, then one constant per
/// core code.
fn render() -> String {
    let mut out = String::new();
    doxy(&mut out, "", ENUM_DOC);
    out.push_str("typedef enum ptm_result {\n");
    doxy(&mut out, "  ", "Success.");
    out.push_str("  PTM_OK = 0,\n");
    for &code in ErrorCode::ALL {
        doxy(&mut out, "  ", code.doc());
        let _ = writeln!(out, "  PTM_{} = {},", code.name(), code.number());
    }
    out.push_str("} ptm_result;\n");
    out
}

#[test]
fn header_codes() {
    let text = render();
    if let Some(path) = std::env::var_os("PTM_HEADER_CODES") {
        std::fs::write(&path, &text).expect("write the ptm_result enum for scripts/header.sh");
        return;
    }
    let header = include_str!("../../include/paytm_checkout.h");
    assert!(
        header.contains(&text),
        "include/paytm_checkout.h does not hold core's ErrorCode table as ptm_result: run \
         `make header` and commit the result"
    );
}
