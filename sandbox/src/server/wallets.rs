//! The sandbox's wallets (auto-debit): the test customers and their balances, the OAuth states
//! and the access tokens that link them. Plain state, imported by [`super::state`] (one field of
//! the shared state) and by the handlers in [`super::wallet`] and [`super::auto_debit`].

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use paytm_checkout::types::Amount;

use crate::instruments::Resolution;

/// How long an access token lasts: 30 days of sandbox time.
pub const ACCESS_TOKEN_VALIDITY_MS: u64 = 30 * 86_400_000;

/// The test customers: (phone, balance in paise, add money allowed). Any other 10-digit phone
/// links as a new customer with an empty wallet that may be topped up.
pub const TEST_WALLETS: &[(&str, u64, bool)] = &[
    ("5558889990", 500_000, true),
    ("7777777777", 0, true),
    ("7777777778", 100, true),
    // Empty, and add money is not allowed (consult: funds insufficient, addMoneyAllowed false).
    ("7777777779", 0, false),
];

/// One customer's wallet.
#[derive(Debug, Clone)]
pub(super) struct Wallet {
    /// The balance in paise: a `paytm_checkout::types::Amount` cannot be zero, a balance can.
    pub balance_paise: u64,
    pub add_money_allowed: bool,
}

impl Wallet {
    /// Debits `amount` when the balance covers it (success); otherwise nothing is debited and
    /// the payment fails with RESPCODE 227 (insufficient balance).
    pub fn debit(&mut self, amount: Amount) -> Resolution {
        match self.balance_paise.checked_sub(amount.paise()) {
            Some(left) => {
                self.balance_paise = left;
                Resolution::success()
            }
            None => Resolution {
                pending_queries: 0,
                failure: Some("227".to_owned()),
            },
        }
    }
}

/// Paise as rupees with two decimals (`0.00`, `5000.00`), exactly.
pub(super) fn rupees(paise: u64) -> String {
    format!("{}.{:02}", paise / 100, paise % 100)
}

/// A live access token.
#[derive(Debug, Clone)]
pub(super) struct AccessToken {
    pub phone: String,
    pub expires: u64,
}

/// Every wallet and every link to one.
#[derive(Default)]
pub(super) struct Book {
    /// phone → wallet.
    pub wallets: BTreeMap<String, Wallet>,
    /// OAuth `state` (from Send OTP) → phone.
    pub otp_states: HashMap<String, String>,
    /// access token → whose, until when. A revoked token is removed.
    pub tokens: HashMap<String, AccessToken>,
    /// (mid, add-money ORDER_ID) → the phone whose wallet it credits.
    pub add_money: HashMap<(String, String), String>,
}

/// The wallets of one running sandbox.
pub(crate) struct Wallets(Mutex<Book>);

impl Default for Wallets {
    fn default() -> Wallets {
        Wallets(Mutex::new(Book::fresh()))
    }
}

impl Wallets {
    /// The book, locked.
    pub(super) fn book(&self) -> MutexGuard<'_, Book> {
        // Nothing panics while holding it; if something did, the data is still usable.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Back to the test customers' opening balances, no tokens.
    pub(super) fn reset(&self) {
        *self.book() = Book::fresh();
    }
}

impl Book {
    fn fresh() -> Book {
        let wallets = TEST_WALLETS
            .iter()
            .map(|(phone, paise, allowed)| {
                let w = Wallet {
                    balance_paise: *paise,
                    add_money_allowed: *allowed,
                };
                ((*phone).to_owned(), w)
            })
            .collect();
        Book {
            wallets,
            ..Book::default()
        }
    }

    /// The wallet of `phone`, opened empty if new.
    pub fn wallet(&mut self, phone: &str) -> &mut Wallet {
        self.wallets
            .entry(phone.to_owned())
            .or_insert_with(|| Wallet {
                balance_paise: 0,
                add_money_allowed: true,
            })
    }

    /// The phone whose live (issued, not revoked, not expired at `now`) token this is.
    pub fn holder(&self, token: &str, now: u64) -> Option<String> {
        self.tokens
            .get(token)
            .filter(|t| now < t.expires)
            .map(|t| t.phone.clone())
    }
}

/// A 10-digit mobile number.
pub(super) fn is_phone(v: &str) -> bool {
    v.len() == 10 && v.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_customers_open_with_their_balances() {
        let mut b = Book::fresh();
        assert_eq!(rupees(b.wallet("5558889990").balance_paise), "5000.00");
        assert_eq!(rupees(b.wallet("7777777777").balance_paise), "0.00");
        assert_eq!(rupees(b.wallet("7777777778").balance_paise), "1.00");
        assert!(!b.wallet("7777777779").add_money_allowed);
        assert_eq!(rupees(b.wallet("9000000000").balance_paise), "0.00");
        assert_eq!(rupees(5), "0.05");
        assert!(is_phone("9000000000") && !is_phone("900000000") && !is_phone("90000000a0"));
    }

    #[test]
    fn a_token_holds_until_it_expires() {
        let mut b = Book::fresh();
        b.tokens.insert(
            "t".into(),
            AccessToken {
                phone: "7777777777".into(),
                expires: 10,
            },
        );
        assert_eq!(b.holder("t", 9).as_deref(), Some("7777777777"));
        assert_eq!(b.holder("t", 10), None);
        assert_eq!(b.holder("u", 0), None);
    }
}
