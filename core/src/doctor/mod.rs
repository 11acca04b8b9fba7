//! Configuration diagnosis ("doctor"): a merchant configuration in, findings out. Pure logic: no
//! network, no clock, no files.
//!
//! [`diagnose`] checks what a [`DoctorInput`] gives — MID, merchant key, environment, hosts,
//! websiteName, callback URL, client id and secret, a sample order id, custId and amount, and
//! optionally a captured callback or a response — and returns a [`Report`] of [`Finding`]s, each
//! with a stable [`FindingCode`], a [`Severity`] and one line of fix (the table is in `codes`;
//! docs/doctor.md lists it). A correct configuration has no findings. Formats are checked with
//! the crate's own validated types ([`Mid`], [`OrderId`], [`CustomerId`], [`Amount`],
//! [`ClientId`], [`ClientSecret`], [`MerchantKey`]), so there is one rule for each, not two.
//!
//! Facts from Paytm's public documentation this module relies on:
//! - staging and production hosts, `securestage.paytmpayments.com` / `secure.paytmpayments.com`,
//!   and the older `securegw-stage.paytm.in` / `securegw.paytm.in`:
//!   <https://www.paytmpayments.com/docs/api/initiate-transaction-api>;
//! - websiteName `WEBSTAGING` on staging, and the production value from the dashboard's production
//!   keys (`DEFAULT` for most merchants): <https://business.paytm.com/docs/api/initiate-transaction-api>
//!   and <https://business.paytm.com/docs/getting-started>;
//! - the callback's fields and `CHECKSUMHASH`, RESPCODE 227 ("Your payment has been declined by
//!   your bank"): <https://business.paytm.com/docs/payment-status>;
//! - result codes 501 ("System Error") and 1006 ("Your Session has expired"), and the txnToken's
//!   15-minute life: <https://business.paytm.com/docs/api/initiate-transaction-api> and
//!   <https://business.paytm.com/docs/api/process-transaction-api>;
//! - RESPCODE 330, "Invalid checksum", what Paytm answers when the checksum it received does not
//!   verify: the transaction response codes list linked from
//!   <https://www.paytmpayments.com/docs/v1/payment-gateway>.
//!
//! Nothing here prints the merchant key or client secret: findings name input members, never
//! their values.
//!
//! ```
//! use paytm_checkout::doctor::{diagnose, DoctorInput, FindingCode};
//! let input = DoctorInput::from_json(br#"{"environment":"production","websiteName":"WEBSTAGING"}"#)?;
//! let report = diagnose(&input);
//! assert_eq!(report.codes(), [FindingCode::WebsiteStagingOnProduction]);
//! # Ok::<(), paytm_checkout::Error>(())
//! ```

mod codes;
mod input;
mod report;

pub use codes::{FindingCode, Severity};
pub use input::{CapturedCallback, CapturedResponse, DoctorInput, DoctorKey, SecretText, Target};
pub use report::{Finding, Report};

use crate::checksum::MerchantKey;
use crate::params::{Params, CHECKSUMHASH};
use crate::types::{Amount, ClientId, ClientSecret, CustomerId, Mid, OrderId};

/// Paytm's gateway hosts: (host, environment, legacy).
const HOSTS: &[(&str, Target, bool)] = &[
    ("securestage.paytmpayments.com", Target::Staging, false),
    ("secure.paytmpayments.com", Target::Production, false),
    ("securegw-stage.paytm.in", Target::Staging, true),
    ("securegw.paytm.in", Target::Production, true),
];

/// Diagnoses a configuration; see the [module docs](self). Never fails, never panics.
pub fn diagnose(input: &DoctorInput) -> Report {
    let mut r = Report::default();
    let env = input.environment;
    if let Some(w) = &input.website_name {
        website(&mut r, env, w);
    }
    for h in &input.hosts {
        host(&mut r, env, h);
    }
    if let Some(mid) = &input.mid {
        if Mid::new(mid.as_str()).is_err() {
            r.push(FindingCode::MidInvalid, "mid", None);
        } else if mid.len() != 20 {
            r.push(
                FindingCode::MidUnusualLength,
                "mid",
                Some(format!("{} characters", mid.len())),
            );
        }
    }
    if let Some(k) = &input.merchant_key {
        key(&mut r, k);
    }
    if let Some(url) = &input.callback_url {
        callback_url(&mut r, env, url);
    }
    client(&mut r, input);
    let (order_id, cust_id) = (input.order_id.as_deref(), input.cust_id.as_deref());
    r.refused(
        FindingCode::OrderIdInvalid,
        "orderId",
        order_id,
        OrderId::new,
    );
    r.refused(
        FindingCode::CustIdInvalid,
        "custId",
        cust_id,
        CustomerId::new,
    );
    r.refused(
        FindingCode::AmountInvalid,
        "amount",
        input.amount.as_deref(),
        Amount::parse,
    );
    if let Some(cb) = &input.callback {
        let url = cb.url.as_deref().or(input.callback_url.as_deref());
        let key = input.merchant_key.as_ref().and_then(|k| k.key.as_ref());
        callback(&mut r, cb, url, key, input.mid.as_deref());
    }
    if let Some(resp) = &input.response {
        response(&mut r, resp);
    }
    r
}

fn website(r: &mut Report, env: Target, w: &str) {
    if w.is_empty() || !w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        r.push(FindingCode::WebsiteNameFormat, "websiteName", None);
        return;
    }
    match env {
        Target::Production if w == "WEBSTAGING" => {
            r.push(FindingCode::WebsiteStagingOnProduction, "websiteName", None)
        }
        Target::Staging if w != "WEBSTAGING" => {
            r.push(FindingCode::WebsiteNotStaging, "websiteName", None)
        }
        _ => {}
    }
}

/// The host of an `https://` URL, lowercased; `None` for anything else.
fn https_host(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    Some(rest[..end].to_ascii_lowercase())
}

fn host(r: &mut Report, env: Target, url: &str) {
    let known = https_host(url.trim()).and_then(|h| HOSTS.iter().find(|(n, _, _)| *n == h));
    let Some((name, host_env, legacy)) = known else {
        r.push(FindingCode::HostUnknown, "hosts", None);
        return;
    };
    let detail = Some((*name).to_owned());
    match (env, host_env) {
        (Target::Production, Target::Staging) => r.push(
            FindingCode::HostStagingOnProduction,
            "hosts",
            detail.clone(),
        ),
        (Target::Staging, Target::Production) => r.push(
            FindingCode::HostProductionOnStaging,
            "hosts",
            detail.clone(),
        ),
        _ => {}
    }
    if *legacy {
        r.push(FindingCode::HostLegacy, "hosts", detail);
    }
}

fn key(r: &mut Report, k: &DoctorKey) {
    if k.surrounding_whitespace {
        r.push(FindingCode::KeyWhitespace, "merchantKey", None);
    }
    if k.unusual_characters {
        r.push(FindingCode::KeyCharacters, "merchantKey", None);
    }
    match k.len {
        16 => {}
        24 | 32 => r.push(
            FindingCode::KeyNot16,
            "merchantKey",
            Some(format!("{} bytes", k.len)),
        ),
        n => r.push(
            FindingCode::KeyLength,
            "merchantKey",
            Some(format!("{n} bytes")),
        ),
    }
}

/// localhost, `.local` names and private or loopback IPv4 addresses: nothing Paytm's servers
/// can reach.
fn is_local(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") || host.ends_with(".local") {
        return true;
    }
    let octets: Vec<u8> = host.split('.').filter_map(|p| p.parse().ok()).collect();
    if octets.len() != 4 || host.split('.').count() != 4 {
        return false;
    }
    matches!(
        (octets[0], octets[1]),
        (127 | 10 | 0, _) | (192, 168) | (169, 254)
    ) || (octets[0] == 172 && (16..=31).contains(&octets[1]))
}

fn callback_url(r: &mut Report, env: Target, url: &str) {
    if crate::types::check_url("callbackUrl", url, true).is_err() {
        r.push(FindingCode::CallbackUrlInvalid, "callbackUrl", None);
        return;
    }
    let http = url.starts_with("http://");
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    let host = rest[..end].to_ascii_lowercase();
    if env == Target::Production {
        if http {
            r.push(
                FindingCode::CallbackUrlHttpOnProduction,
                "callbackUrl",
                None,
            );
        }
        if is_local(&host) {
            r.push(
                FindingCode::CallbackUrlLocalOnProduction,
                "callbackUrl",
                None,
            );
        }
    }
    // Paytm's own callback page (the app SDKs' default) carries the order id in its query.
    let paytm_page = HOSTS.iter().any(|(h, _, _)| *h == host);
    if url.contains('?') && !paytm_page {
        r.push(FindingCode::CallbackUrlQuery, "callbackUrl", None);
    }
}

fn client(r: &mut Report, input: &DoctorInput) {
    let id = input.client_id.as_deref();
    let secret = input.client_secret.as_ref().map(SecretText::as_str);
    r.refused(FindingCode::ClientIdInvalid, "clientId", id, ClientId::new);
    r.refused(
        FindingCode::ClientSecretInvalid,
        "clientSecret",
        secret,
        ClientSecret::new,
    );
    if input.client_id.is_some() != input.client_secret.is_some() {
        let field = if input.client_id.is_some() {
            "clientSecret"
        } else {
            "clientId"
        };
        r.push(FindingCode::ClientCredentialsIncomplete, field, None);
    }
}

/// The fields of a captured callback body: a flat JSON object, else form-urlencoded text.
fn callback_fields(body: &str) -> Option<Params> {
    let t = body.trim();
    if t.starts_with('{') {
        return Params::from_json(t.as_bytes()).ok();
    }
    if t.is_empty() {
        return None;
    }
    let mut p = Params::new();
    for (k, v) in form_urlencoded::parse(t.as_bytes()) {
        if k.is_empty() || k.contains('\u{FFFD}') || v.contains('\u{FFFD}') {
            return None;
        }
        p.insert(k, v);
    }
    Some(p)
}

fn callback(
    r: &mut Report,
    cb: &CapturedCallback,
    url: Option<&str>,
    key: Option<&MerchantKey>,
    mid: Option<&str>,
) {
    let Some(fields) = callback_fields(&cb.body) else {
        r.push(FindingCode::CallbackUnreadable, "callback.body", None);
        return;
    };
    // Query parameters that reappear among the fields with the same value: a merged map.
    let query = url.and_then(|u| u.split_once('?')).map(|(_, q)| q);
    let mixed: Vec<String> = query
        .map(|q| {
            form_urlencoded::parse(q.split('#').next().unwrap_or("").as_bytes())
                .filter(|(k, v)| fields.get(k) == Some(Some(v.as_ref())))
                .map(|(k, _)| k.into_owned())
                .collect()
        })
        .unwrap_or_default();
    if !mixed.is_empty() {
        r.push(
            FindingCode::CallbackQueryMixed,
            "callback.body",
            Some(mixed.join(", ")),
        );
    }
    if let (Some(expected), Some(Some(got))) = (mid, fields.get("MID")) {
        if expected != got {
            r.push(FindingCode::CallbackMidMismatch, "callback.body", None);
        }
    }
    let Some(Some(sum)) = fields.get(CHECKSUMHASH) else {
        r.push(FindingCode::CallbackChecksumMissing, "callback.body", None);
        return;
    };
    let Some(key) = key else { return };
    if key.verify_map(&fields, sum) {
        return;
    }
    // Without the mixed-in query parameters, does it verify? Then the mixing is the whole story.
    let mut without = fields.clone();
    for k in &mixed {
        without.remove(k);
    }
    if mixed.is_empty() || !key.verify_map(&without, sum) {
        r.push(FindingCode::CallbackChecksumInvalid, "callback.body", None);
    }
}

/// The result code of a captured response: given, else read from its body (`RESPCODE`, a JSON
/// `resultInfo.resultCode` at the top or under `body`, or the "session has expired" page).
fn resp_code(resp: &CapturedResponse) -> Option<String> {
    if let Some(c) = &resp.resp_code {
        return Some(c.trim().to_owned());
    }
    let body = resp.body.as_deref()?.trim();
    if body.starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(body).ok()?;
        let text = |v: Option<&serde_json::Value>| v.and_then(|x| x.as_str()).map(str::to_owned);
        return text(v.get("RESPCODE"))
            .or_else(|| text(v.pointer("/body/resultInfo/resultCode")))
            .or_else(|| text(v.pointer("/resultInfo/resultCode")));
    }
    if let Some((_, v)) = form_urlencoded::parse(body.as_bytes()).find(|(k, _)| k == "RESPCODE") {
        return Some(v.into_owned());
    }
    let lower = body.to_ascii_lowercase();
    (lower.contains("session has expired") || lower.contains("session expired"))
        .then(|| "1006".to_owned())
}

fn response(r: &mut Report, resp: &CapturedResponse) {
    let code = match resp_code(resp).as_deref() {
        Some("330") => FindingCode::Respcode330,
        Some("227") => FindingCode::Respcode227,
        Some("501") => FindingCode::Respcode501,
        Some("1006") => FindingCode::SessionExpired,
        _ => return,
    };
    r.push(code, "response", None);
}

#[cfg(test)]
mod tests;
