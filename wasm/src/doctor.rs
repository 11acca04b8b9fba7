//! `doctor()` (the Node build): what is wrong with a merchant configuration, by core's diagnosis
//! (`paytm_checkout::doctor`); here only its argument and result.

use paytm_checkout::doctor::{diagnose, DoctorInput};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::args::{json_arg, plain_json};
use crate::error::to_js;

/// Diagnoses a merchant configuration (docs/doctor.md): `environment` (`"staging"` or
/// `"production"`) and any of `mid`, `merchantKey`, `hosts`, `websiteName`, `callbackUrl`,
/// `clientId`, `clientSecret`, `orderId`, `custId`, `amount`, `callback` (`{ body, url }`) and
/// `response` (`{ respCode, body }`). Pure logic: nothing is sent anywhere.
///
/// Returns `{ clean, findings: [{ code, severity, field, fix, detail? }] }`; a configuration with
/// problems is a report, not an exception. Throws a {@link PaytmCheckoutError} for input that is
/// not such an object (`INVALID_PARAMS`, `INVALID_FIELD`, `MISSING_FIELD`), naming the member,
/// never its value. The report never contains the merchant key or the client secret.
#[wasm_bindgen(unchecked_return_type = "DoctorReport")]
pub fn doctor(
    #[wasm_bindgen(unchecked_param_type = "DoctorInput | string")] input: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| {
        // The text holds the merchant key and the client secret: zeroed when dropped.
        let text = Zeroizing::new(json_arg(input, "input")?);
        let input = DoctorInput::from_json(text.as_bytes())?;
        plain_json(&diagnose(&input).to_json())
    })())
}
