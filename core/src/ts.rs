//! TypeScript of what a derive cannot describe (feature `ts`, development only): the names and
//! docs of the [`named!`](crate::names) enums, and the types whose JSON is written by hand.
//!
//! The npm package's `.d.ts` declares core's JSON types from core itself: derived types carry
//! `#[cfg_attr(feature = "ts", derive(ts_rs::TS), …)]` beside their serde attributes, and
//! `tests/ts_export.rs` writes the declarations that `scripts/build-wasm.sh` adds to each build.
//! A named enum's union comes from its one table of names; what `named!` cannot see (the doc
//! comment on the enum, and a TypeScript name the package published before these were derived)
//! is here.

/// Named enums with a doc, and a TypeScript name when it differs from the Rust name (the
/// default, with no doc): (Rust name, TypeScript name, doc).
const NAMED: &[(&str, Option<&str>, &str)] = &[
    ("Purpose", Some("SessionPurpose"), "What a `send` action is for."),
    ("CodeTable", Some("CodeTableName"), "A result-code table (one per API family)."),
    ("ResultClass", None, "What a result means for the host; \"unknown\" is treated like \"pending\", never like success."),
    ("Verification", None, "How a response was authenticated: \"skipped\" only when `allowUnsigned` let it through."),
    ("TxnState", None, "A payment's state, normalised from Paytm's status words."),
    ("Mismatch", None, "Why an order must not be fulfilled."),
    ("OutcomeStatus", None, "How a session ended. Only \"success\" may be fulfilled."),
    ("FailureReason", None, "Why a session failed."),
    ("WaitReason", None, "Why a session is waiting."),
    ("Method", None, "An HTTP method."),
    ("FindingCode", Some("DoctorFindingCode"), "A `doctor` finding's stable code (docs/doctor.md)."),
    ("Severity", Some("DoctorSeverity"), "How bad a `doctor` finding is."),
    ("Target", Some("DoctorEnvironment"), "The environment a configuration is meant for."),
];

/// The TypeScript name and JSDoc of the named enum `rust` (its Rust name).
pub(crate) fn named_type(rust: &'static str) -> (&'static str, Option<String>) {
    match NAMED.iter().find(|(r, _, _)| *r == rust) {
        Some((_, ts, doc)) => (ts.unwrap_or(rust), Some(format!("/**\n * {doc}\n */\n"))),
        None => (rust, None),
    }
}

/// `"a" | "b"`: the TypeScript union of `names`.
pub(crate) fn union(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// `explain`'s verdict: its `Serialize` writes `status`, then `code`, `name` and `message` unless
/// valid.
impl ts_rs::TS for crate::explain::Verdict {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "ChecksumVerdict".to_owned()
    }
    fn docs() -> Option<String> {
        Some(
            "/**\n * Whether the checksum is valid, and the error code when it is not.\n */\n"
                .to_owned(),
        )
    }
    fn inline(_: &ts_rs::Config) -> String {
        "{ status: \"valid\" } | { status: \"mismatch\" | \"malformed\"; code: number; \
         name: ErrorCodeName; message: string }"
            .to_owned()
    }
    fn decl(cfg: &ts_rs::Config) -> String {
        format!(
            "type {} = {};",
            <Self as ts_rs::TS>::name(cfg),
            <Self as ts_rs::TS>::inline(cfg)
        )
    }
    fn decl_concrete(cfg: &ts_rs::Config) -> String {
        <Self as ts_rs::TS>::decl(cfg)
    }
    fn output_path() -> Option<std::path::PathBuf> {
        Some("ChecksumVerdict.ts".into())
    }
}
