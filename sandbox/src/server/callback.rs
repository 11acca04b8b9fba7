//! The payment result as the merchant receives it: the callback fields (ORDERID … BANKNAME, in
//! Paytm's order), their map checksum, and the page that posts them to the order's callbackUrl.
//! Wallet payments return the same fields inline in Process Transaction's `txnInfo`; the S2S
//! payment webhook ([`super::webhook`]) carries them too.

use paytm_checkout::{MerchantKey, Params};
use serde_json::{Map, Value};

use super::state::{Order, Txn};
use crate::{html, instruments};

/// The callback fields of payment `t` of order `o`, as Paytm posts them (CHECKSUMHASH apart).
pub(super) fn callback_fields(o: &Order, t: &Txn) -> Vec<(&'static str, String)> {
    let (status, code) = t.view().status_and_code();
    let bank_txn = t.bank_txn_id_for(status).to_owned();
    let mut v = vec![
        ("ORDERID", o.order_id.clone()),
        ("MID", o.mid.clone()),
        ("TXNID", t.txn_id.clone()),
        ("TXNAMOUNT", o.amount.to_string()),
        ("PAYMENTMODE", t.mode.to_owned()),
        ("CURRENCY", "INR".to_owned()),
        ("TXNDATE", t.date.clone()),
        ("STATUS", status.to_owned()),
        ("RESPMSG", instruments::resp_msg(&code).to_owned()),
        ("RESPCODE", code),
        ("GATEWAYNAME", t.gateway.to_owned()),
        ("BANKTXNID", bank_txn),
        ("BANKNAME", t.bank.to_owned()),
    ];
    if let Some(vpa) = &t.vpa {
        v.push(("VPA", vpa.clone()));
    }
    if let Some(m) = &o.mandate {
        // The payment that authorises a subscription names it, as Paytm's callback does.
        v.push(("SUBS_ID", m.subs_id.clone()));
    }
    v
}

/// The map checksum (CHECKSUMHASH) of `fields`.
pub(super) fn map_checksum(key: &MerchantKey, fields: &[(&str, String)]) -> String {
    let mut p = Params::new();
    for (k, v) in fields {
        p.insert(*k, v.as_str());
    }
    key.generate_map(&p).unwrap_or_default()
}

/// The callback fields as a JSON object (a wallet payment's `txnInfo`), with CHECKSUMHASH when
/// the merchant's key is known.
pub(super) fn callback_object(key: Option<&MerchantKey>, o: &Order, t: &Txn) -> Map<String, Value> {
    let fields = callback_fields(o, t);
    let mut info = Map::new();
    for (k, v) in &fields {
        info.insert((*k).to_owned(), Value::String(v.clone()));
    }
    if let Some(key) = key {
        info.insert(
            "CHECKSUMHASH".to_owned(),
            Value::String(map_checksum(key, &fields)),
        );
    }
    info
}

/// The auto-submitting page that returns the customer to the merchant with the callback.
pub(super) fn callback_page(key: &MerchantKey, o: &Order, t: &Txn) -> String {
    let fields = callback_fields(o, t);
    let sum = map_checksum(key, &fields);
    let mut hidden: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    hidden.push(("CHECKSUMHASH", &sum));
    html::page(
        "Returning to the merchant",
        "This page posts the payment result to the merchant's callbackUrl.",
        &html::form(&o.callback_url, &hidden, &[], &[("", "", "Continue")]),
        true,
    )
}
