//! The customer's pages: the sandbox bank's OTP page (cards, EMI, net banking; keyed by `MD`)
//! and the sandbox UPI app (UPI intent; keyed by `tr`). Each acts only on the exact payment
//! attempt it was issued for, while that attempt is still waiting there; otherwise it refuses
//! and changes nothing. A completed step answers with the callback page.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::callback::callback_page;
use super::state::{AppState, Order, Orders, Page, Shared};
use super::wire::{approval, choice_refused, form, html_response, query};
use crate::html;
use crate::instruments::{self, Resolution};

/// The bank OTP page.
pub(super) const BANK_PAGE_PATH: &str = "/sandbox/bank/acs";
/// The UPI app page.
pub(crate) const UPI_APP_PATH: &str = "/sandbox/upi/pay";

/// The bank page of payment `txn_id`: the OTP form.
fn otp_page(base: &str, txn_id: &str, amount: &str) -> String {
    html::page(
        "Sandbox Bank: enter the OTP",
        &format!(
            "Paying INR {amount}. OTP {} completes the payment; any other OTP declines it.",
            instruments::GOOD_OTP
        ),
        &html::form(
            &format!("{base}{BANK_PAGE_PATH}"),
            &[("MD", txn_id)],
            &[("otp", "One-time password")],
            &[("action", "submit", "Pay")],
        ),
        false,
    )
}

/// The UPI app's page for payment `tr` (`what` it pays): approve or decline.
fn upi_app_page(base: &str, tr: &str, what: &str) -> String {
    html::page(
        "Sandbox UPI app",
        &format!("Approve {what}?"),
        &html::form(
            &format!("{base}{UPI_APP_PATH}"),
            &[("tr", tr)],
            &[],
            &[
                ("action", "approve", "Approve"),
                ("action", "decline", "Decline"),
            ],
        ),
        false,
    )
}

/// Why a customer page refuses a request. Nothing changes.
enum Refusal {
    /// No `MD` / `tr` (400).
    Missing(&'static str),
    /// No payment has this id (404).
    Unknown(&'static str),
    /// The payment ended and a newer one of the same order started (409).
    Superseded,
    /// The payment's customer step is at another page, or none (409).
    OtherPage,
    /// The payment's customer step is done (409).
    Done,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, title, why) = match self {
            Refusal::Missing(name) => (
                StatusCode::BAD_REQUEST,
                format!("Missing {name}"),
                format!("This page needs the {name} of the payment it was issued for."),
            ),
            Refusal::Unknown(name) => (
                StatusCode::NOT_FOUND,
                "Unknown transaction".to_owned(),
                format!("No payment has this {name}."),
            ),
            Refusal::Superseded => (
                StatusCode::CONFLICT,
                "Payment superseded".to_owned(),
                "This page was issued for an earlier payment of this order, which has ended; a \
                 newer payment has been started since, and this page cannot act on it."
                    .to_owned(),
            ),
            Refusal::OtherPage => (
                StatusCode::CONFLICT,
                "Not completed here".to_owned(),
                "This payment is not completed at this page (its payment mode uses another \
                 step)."
                    .to_owned(),
            ),
            Refusal::Done => (
                StatusCode::CONFLICT,
                "Already done".to_owned(),
                "This payment is no longer awaiting authentication: it was already completed."
                    .to_owned(),
            ),
        };
        html_response(
            status,
            html::page(&title, &format!("{why} Nothing was changed."), "", false),
        )
    }
}

/// The payment `id` names, if it is waiting at `page` now: the exact attempt the page was
/// issued for (never "the order's current payment"), still the order's latest, completed at
/// this page, and not finished. Otherwise why not.
fn awaiting<'a>(
    st: &'a mut Orders,
    page: Page,
    id: &str,
) -> Result<(&'a mut Order, usize), Refusal> {
    let name = page.id_field();
    if id.is_empty() {
        return Err(Refusal::Missing(name));
    }
    let o = st
        .txns
        .get(id)
        .and_then(|k| st.orders.get_mut(k))
        .ok_or(Refusal::Unknown(name))?;
    let i = o
        .attempts
        .iter()
        .position(|t| t.txn_id == id)
        .ok_or(Refusal::Unknown(name))?;
    let t = &o.attempts[i];
    if i + 1 != o.attempts.len() {
        Err(Refusal::Superseded)
    } else if t.page != page {
        Err(Refusal::OtherPage)
    } else if t.customer_done {
        Err(Refusal::Done)
    } else {
        Ok((o, i))
    }
}

/// What the customer did at a page.
struct Decision<'a> {
    /// Approve: the instrument decides the outcome; otherwise a decline with `decline_code`.
    approve: bool,
    decline_code: &'static str,
    /// The payer VPA given at the UPI app (selects the outcome as for a collect request).
    vpa: Option<&'a str>,
}

/// Completes the customer step of payment `id` at `page` and returns the callback page, or
/// refuses (see [`awaiting`]) and changes nothing.
fn complete(sh: &Shared, page: Page, id: &str, d: Decision<'_>) -> Response {
    let mut st = sh.orders();
    let (o, i) = match awaiting(&mut st, page, id) {
        Ok(found) => found,
        Err(refused) => return refused.into_response(),
    };
    let Some(key) = sh.merchants.get(&o.mid) else {
        // Orders exist only for configured merchants.
        return Refusal::Unknown("MID").into_response();
    };
    let t = &mut o.attempts[i];
    if let Some(vpa) = d.vpa {
        t.resolution = instruments::vpa(vpa);
        t.vpa = Some(vpa.to_owned());
    }
    t.customer_done = true;
    if !d.approve {
        t.resolution = Resolution {
            pending_queries: 0,
            failure: Some(d.decline_code.to_owned()),
        };
    }
    let o = &*o;
    super::webhook::payment(&sh.webhooks, key, o);
    html_response(StatusCode::OK, callback_page(key, o, &o.attempts[i]))
}

/// The page of payment `id` (bank OTP form or UPI app), or the refusal.
fn show(sh: &Shared, page: Page, id: &str) -> Response {
    let (amount, mandate) = {
        let mut st = sh.orders();
        match awaiting(&mut st, page, id) {
            Ok((o, _)) => (
                o.amount.to_string(),
                o.mandate.as_ref().map(|m| m.max_amount),
            ),
            Err(refused) => return refused.into_response(),
        }
    };
    let html = match (page, mandate) {
        (Page::Bank, _) => otp_page(&sh.base, id, &amount),
        (_, None) => upi_app_page(&sh.base, id, &format!("a payment of INR {amount}")),
        (_, Some(max)) => upi_app_page(
            &sh.base,
            id,
            &format!("an autopay mandate: INR {amount} now, then up to INR {max} per renewal"),
        ),
    };
    html_response(StatusCode::OK, html)
}

/// [`show`] the payment the query's id field names.
fn show_queried(sh: &Shared, page: Page, raw_query: &Option<String>) -> Response {
    let id = query(raw_query).remove(page.id_field()).unwrap_or_default();
    show(sh, page, &id)
}

/// The fields of a form posted to `page`, and the payment id among them ("" when absent).
fn posted(bytes: &[u8], page: Page) -> (HashMap<String, String>, String) {
    let mut fields = form(bytes);
    let id = fields.remove(page.id_field()).unwrap_or_default();
    (fields, id)
}

/// `GET` the bank page of `?MD=`.
pub(super) async fn bank_get(State(sh): AppState, RawQuery(q): RawQuery) -> Response {
    show_queried(&sh, Page::Bank, &q)
}

/// `POST` to the bank page: the redirect form (shows the OTP page) or the OTP (completes the step).
pub(super) async fn bank_post(State(sh): AppState, bytes: Bytes) -> Response {
    let (f, md) = posted(&bytes, Page::Bank);
    match f.get("otp") {
        // The redirect form's own content (MD, PaReq): show the OTP page.
        None => show(&sh, Page::Bank, &md),
        Some(otp) => complete(
            &sh,
            Page::Bank,
            &md,
            Decision {
                approve: otp == instruments::GOOD_OTP,
                decline_code: "227",
                vpa: None,
            },
        ),
    }
}

/// `GET` the UPI app's page of `?tr=`.
pub(super) async fn upi_get(State(sh): AppState, RawQuery(q): RawQuery) -> Response {
    show_queried(&sh, Page::UpiApp, &q)
}

/// `POST` the customer's choice in the UPI app (`action=approve|decline`, optionally `vpa`).
pub(super) async fn upi_post(State(sh): AppState, bytes: Bytes) -> Response {
    let (f, tr) = posted(&bytes, Page::UpiApp);
    let Some(approve) = approval(&f) else {
        return choice_refused("Approve or decline?", "The UPI app");
    };
    complete(
        &sh,
        Page::UpiApp,
        &tr,
        Decision {
            approve,
            decline_code: "141",
            // Intent payments: the payer VPA (when given) selects the outcome like a collect.
            vpa: f.get("vpa").map(String::as_str),
        },
    )
}
