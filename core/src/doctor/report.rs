//! What [`diagnose`](super::diagnose) returns, and its JSON (the one the C, npm and CLI surfaces
//! give): `{"clean":false,"findings":[{"code":"key_length","severity":"error","field":"merchantKey","fix":"...","detail":"17 bytes"}]}`.

use serde::Serialize;

use super::codes::{FindingCode, Severity};

/// One thing found wrong (or worth knowing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "DoctorFinding"))]
pub struct Finding {
    /// The stable code.
    pub code: FindingCode,
    /// How bad it is (the code's).
    pub severity: Severity,
    /// The input member it is about (`websiteName`, `callback.body`...).
    pub field: &'static str,
    /// One line saying what to do (the code's).
    pub fix: &'static str,
    /// A fact that is not a secret: a length, a host, the names of mixed-in query parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub detail: Option<String>,
}

/// Every finding, in the order of the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "DoctorReport"))]
pub struct Report {
    /// True when there is no finding at all.
    pub clean: bool,
    /// The findings.
    pub findings: Vec<Finding>,
}

impl Default for Report {
    /// Clean: no finding.
    fn default() -> Report {
        Report {
            clean: true,
            findings: Vec::new(),
        }
    }
}

impl Report {
    pub(super) fn push(&mut self, code: FindingCode, field: &'static str, detail: Option<String>) {
        self.findings.push(Finding {
            code,
            severity: code.severity(),
            field,
            fix: code.fix(),
            detail,
        });
        self.clean = false;
    }

    /// Adds `code` on `field` when `value` is given and its type's own rule refuses it (one rule
    /// for each format: the crate's validated types).
    pub(super) fn refused<'v, T>(
        &mut self,
        code: FindingCode,
        field: &'static str,
        value: Option<&'v str>,
        rule: impl FnOnce(&'v str) -> crate::error::Result<T>,
    ) {
        if value.is_some_and(|v| rule(v).is_err()) {
            self.push(code, field, None);
        }
    }

    /// The codes found, in order.
    pub fn codes(&self) -> Vec<FindingCode> {
        self.findings.iter().map(|f| f.code).collect()
    }

    /// The report as JSON: `{"clean":false,"findings":[{"code":…,"severity":…,"field":…,"fix":…}]}`.
    pub fn to_json(&self) -> String {
        // Strings, booleans and names: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}
