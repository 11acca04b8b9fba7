//! Paytm's result-code tables for JS (core's `result_codes`): what a `resultCode` means for the
//! host. The Node build only: a browser gets the class of a Process Transaction answer in the
//! parsed response (`class`) and its session's actions; the lookups cost the web build 9.6 KB
//! raw / 3.2 KB gzip (measured 2026-11-22), room its checkout session needed.

use paytm_checkout::result_codes::CodeTable;
use paytm_checkout::Error;
use wasm_bindgen::prelude::*;

use crate::args::{opt_string_arg, string_arg, to_plain};
use crate::error::to_js;

/// A result-code table by its name (core's `CodeTable::from_name`, which lists the names).
fn table_arg(v: &JsValue) -> Result<CodeTable, Error> {
    CodeTable::from_name(&string_arg(v, "table")?)
}

/// The table and the code of a lookup, read in that order.
fn table_and_code(table: &JsValue, code: &JsValue) -> Result<(CodeTable, String), Error> {
    Ok((table_arg(table)?, string_arg(code, "code")?))
}

/// The names of every result-code table.
#[wasm_bindgen(js_name = resultCodeTables, unchecked_return_type = "CodeTableName[]")]
pub fn result_code_tables() -> Result<JsValue, JsValue> {
    to_js(to_plain(&CodeTable::ALL))
}

/// Every documented code of a table, with Paytm's message and what it means for the host.
#[wasm_bindgen(js_name = resultCodeTable, unchecked_return_type = "ResultCode[]")]
pub fn result_code_table(
    #[wasm_bindgen(unchecked_param_type = "CodeTableName")] table: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| to_plain(&table_arg(table)?.entries()))())
}

/// The documented entry for `code` in a table, or `null` when the code is not documented
/// (treat it as "unknown": like pending, never like success).
#[wasm_bindgen(js_name = lookupResultCode, unchecked_return_type = "ResultCode | null")]
pub fn lookup_result_code(
    #[wasm_bindgen(unchecked_param_type = "CodeTableName")] table: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| {
        let (table, code) = table_and_code(table, code)?;
        to_plain(&table.lookup(&code))
    })())
}

/// What `code` with `resultStatus` means for the host: the table's class, but "unknown" for an
/// undocumented code or a status that contradicts it (success needs a success status too).
#[wasm_bindgen(js_name = classifyResult, unchecked_return_type = "ResultClass")]
pub fn classify_result(
    #[wasm_bindgen(unchecked_param_type = "CodeTableName")] table: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] result_status: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| {
        let (table, code) = table_and_code(table, code)?;
        let status = opt_string_arg(result_status, "resultStatus")?;
        to_plain(&table.classify(&code, status.as_deref()))
    })())
}
