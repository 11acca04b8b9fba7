//! The card encoder: in both builds (a browser builds Process Transaction's `cardInfo`).

use paytm_checkout::card::CardInfo;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::args::json_arg;
use crate::error::to_js;

/// Encodes a card as Process Transaction's `cardInfo` string: `|PAN|CVV|MMYYYY` for a new card,
/// `ID||CVV|` for a saved one, `||CVV|` for a token card. The card number must pass the Luhn
/// check; expiry is `MMYYYY`. {@link buildRequest} does this itself for `cardInfo` objects.
///
/// The result contains the card number and CVV: send it, never log or store it. Errors
/// (`INVALID_CARD_NUMBER`, `INVALID_CVV`, `INVALID_EXPIRY`, `INVALID_FIELD`, `MISSING_FIELD`)
/// never contain them.
#[wasm_bindgen(js_name = encodeCardInfo)]
pub fn encode_card_info(
    #[wasm_bindgen(unchecked_param_type = "CardInfo | string")] card: &JsValue,
) -> Result<String, JsValue> {
    to_js((|| {
        let text = Zeroizing::new(json_arg(card, "card")?);
        #[cfg(not(feature = "process"))]
        let card = CardInfo::from_json(text.as_bytes())?;
        #[cfg(feature = "process")]
        let card = CardInfo::from_tree(&crate::tree::parse(
            &text,
            "cardInfo",
            paytm_checkout::ErrorCode::InvalidParams,
        )?)?;
        Ok(card.encode().to_string())
    })())
}
