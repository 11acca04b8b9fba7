//! Test instruments: the card numbers, VPAs, OTPs and amounts that choose what the sandbox does.
//! The table is documented in `docs/sandbox.md`; keep the two in step.

use paytm_checkout::types::Amount;

/// The OTP that completes a payment at the sandbox bank page (any other OTP declines it).
pub const GOOD_OTP: &str = "123456";

/// Cards.
pub const CARD_SUCCESS: &str = "4111111111111111";
/// A second success card (Mastercard test number).
pub const CARD_SUCCESS_MC: &str = "5555555555554444";
/// Declined after the OTP; the CVV selects the RESPCODE (3 digits; `111` or none: 227).
pub const CARD_DECLINED: &str = "4000000000000002";
/// Pending for 2 status queries after the OTP, then success.
pub const CARD_PENDING: &str = "4000000000000119";
/// Pending forever (the 72-hour policy ends it).
pub const CARD_PENDING_FOREVER: &str = "4000000000000127";

/// Wallet (BALANCE, WALLET, PAYTM_DIGITAL_CREDIT, PPBL) balance: above it, the direct result is
/// a failure with RESPCODE 227 (insufficient balance).
pub const WALLET_BALANCE_PAISE: u64 = 500_000;

/// Amounts with a special meaning, whatever the payment mode.
pub const AMOUNT_TAMPER_FIRST_STATUS: &str = "666.00";
/// Every Transaction Status response of this order is tampered with.
pub const AMOUNT_TAMPER_EVERY_STATUS: &str = "667.00";
/// Process Transaction answers 1006 (session expired).
pub const AMOUNT_PROCESS_1006: &str = "1006.00";
/// The payment webhook of this order is delivered twice (a duplicate).
pub const AMOUNT_WEBHOOK_DUPLICATE: &str = "201.00";
/// After this order's final payment webhook, a stale PENDING one is delivered (out of order).
pub const AMOUNT_WEBHOOK_OUT_OF_ORDER: &str = "202.00";

/// How a payment ends, once the customer has done their part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// Status queries answered PENDING before the final state (`u32::MAX`: forever).
    pub pending_queries: u32,
    /// `None`: success; `Some(code)`: failure with that RESPCODE.
    pub failure: Option<String>,
}

impl Resolution {
    /// Success at once.
    pub fn success() -> Resolution {
        Resolution {
            pending_queries: 0,
            failure: None,
        }
    }

    fn failed(code: &str) -> Resolution {
        Resolution {
            pending_queries: 0,
            failure: Some(code.to_owned()),
        }
    }

    fn pending(n: u32) -> Resolution {
        Resolution {
            pending_queries: n,
            failure: None,
        }
    }
}

/// What a card number (and CVV) selects.
pub fn card(number: &str, cvv: &str) -> Resolution {
    match number {
        CARD_DECLINED => {
            let code = if cvv.len() == 3 && cvv != "111" && cvv.bytes().all(|b| b.is_ascii_digit())
            {
                cvv
            } else {
                "227"
            };
            Resolution::failed(code)
        }
        CARD_PENDING => Resolution::pending(2),
        CARD_PENDING_FOREVER => Resolution::pending(u32::MAX),
        _ => Resolution::success(),
    }
}

/// What a UPI VPA selects (UPI collect, and the UPI app page for intent payments):
/// `fail@…` (227) or `fail<code>@…`, `pending<N>@…` (N status queries), `pendingforever@…`;
/// anything else succeeds.
pub fn vpa(vpa: &str) -> Resolution {
    let user = vpa.split('@').next().unwrap_or("").to_ascii_lowercase();
    if user == "pendingforever" {
        return Resolution::pending(u32::MAX);
    }
    if let Some(n) = user.strip_prefix("pending") {
        return Resolution::pending(n.parse().unwrap_or(1));
    }
    if let Some(code) = user.strip_prefix("fail") {
        let code = if code.is_empty() { "227" } else { code };
        return Resolution::failed(code);
    }
    Resolution::success()
}

/// What a subscription's renewal debit selects, from the VPA that authorised the mandate and
/// the number of `earlier` renewals: `renewfail@…` declines every renewal (227, insufficient
/// funds), `renewfail<N>@…` the first N; anything else succeeds.
pub fn renewal(mandate_vpa: Option<&str>, earlier: usize) -> Resolution {
    let user = mandate_vpa
        .and_then(|v| v.split('@').next())
        .unwrap_or("")
        .to_ascii_lowercase();
    match user.strip_prefix("renewfail") {
        Some("") => Resolution::failed("227"),
        Some(n) if n.parse::<usize>().is_ok_and(|n| earlier < n) => Resolution::failed("227"),
        _ => Resolution::success(),
    }
}

/// What a wallet payment of `amount` selects.
pub fn wallet(amount: Amount) -> Resolution {
    if amount.paise() > WALLET_BALANCE_PAISE {
        Resolution::failed("227")
    } else {
        Resolution::success()
    }
}

/// Paytm's message for a RESPCODE the sandbox sends.
pub fn resp_msg(code: &str) -> &'static str {
    match code {
        "01" => "Txn Success",
        "402" => "Looks like the payment is not complete. Please wait while we confirm the status with your bank.",
        "227" => "Your payment has been declined by your bank. Please contact your bank for any queries.",
        "141" => "Cancelled by user",
        "501" => "System Error",
        "810" => "Txn Failed",
        _ => "Txn Failed",
    }
}

/// How many Transaction Status responses of an order are tampered with.
pub fn tampered_status_responses(amount: &str) -> u32 {
    match amount {
        AMOUNT_TAMPER_FIRST_STATUS => 1,
        AMOUNT_TAMPER_EVERY_STATUS => u32::MAX,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instruments_select_what_the_docs_say() {
        assert_eq!(card(CARD_SUCCESS, "123"), Resolution::success());
        assert_eq!(card(CARD_DECLINED, "810").failure.as_deref(), Some("810"));
        assert_eq!(card(CARD_DECLINED, "111").failure.as_deref(), Some("227"));
        assert_eq!(card(CARD_PENDING, "").pending_queries, 2);
        assert_eq!(vpa("pending3@paytm").pending_queries, 3);
        assert_eq!(vpa("fail141@paytm").failure.as_deref(), Some("141"));
        assert_eq!(vpa("fail@paytm").failure.as_deref(), Some("227"));
        assert_eq!(vpa("pendingforever@paytm").pending_queries, u32::MAX);
        assert_eq!(vpa("7777777777@paytm"), Resolution::success());
        assert_eq!(
            renewal(Some("renewfail@paytm"), 7).failure.as_deref(),
            Some("227")
        );
        assert_eq!(
            renewal(Some("renewfail1@paytm"), 0).failure.as_deref(),
            Some("227")
        );
        assert_eq!(renewal(Some("renewfail1@paytm"), 1), Resolution::success());
        assert_eq!(renewal(Some("cust@paytm"), 0), Resolution::success());
        assert_eq!(renewal(None, 0), Resolution::success());
        assert!(wallet("5000.01".parse().unwrap()).failure.is_some());
        assert!(wallet("5000.00".parse().unwrap()).failure.is_none());
    }
}
