//! Identifiers: the merchant's (order, refund, notification, customer ids), Paytm's (MID,
//! transaction and subscription ids, codes) and request ids. Each is a closed character rule
//! with a length bound; none is ever redacted, since none grants access on its own.

use crate::error::{Error, ErrorCode, Result};

/// `[A-Za-z0-9@._-]`: the characters Paytm allows in order ids and refund ids.
fn is_id_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'@' | b'.' | b'_' | b'-')
}

/// The special characters Paytm allows in a custId besides ASCII letters and digits: "The
/// allowed special characters for this parameter are @, ! ,_ ,$, ." (Auto Debit API, `CustId`,
/// <https://business.paytm.com/docs/api/v1/auto-debit-api>; `spec/auto-debit.md`'s Add Money
/// `CUST_ID` names `@ ! _ $`).
pub const CUST_ID_SPECIALS: &[u8] = b"@!_$.";

/// The longest custId accepted (Paytm's Initiate Transaction documents `string(64)`).
pub const CUST_ID_MAX_LEN: usize = 64;

/// Whether `v` is a custId Paytm accepts: 1–[`CUST_ID_MAX_LEN`] characters of ASCII letters,
/// digits and [`CUST_ID_SPECIALS`]. What [`CustomerId::new`] checks.
pub fn is_customer_id(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= CUST_ID_MAX_LEN
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || CUST_ID_SPECIALS.contains(&b))
}

/// Declares the ids of the one rule of order and refund ids: 1–`max` characters of
/// `[A-Za-z0-9@._-]` (`is_id_char`), refused with the type's own code.
macro_rules! id_types {
    ($($(#[$doc:meta])* $name:ident, $field:literal, $max:literal, $code:expr;)*) => {$(
        text_type!(
            $(#[$doc])*
            $name, $field, redact = false,
            chars = ($max, is_id_char, $code, concat!("must be 1-", $max, " characters of A-Z a-z 0-9 @ . _ -"))
        );
    )*};
}

id_types! {
    /// A merchant order id: 1–50 characters of `[A-Za-z0-9@._-]`. `|` is always rejected (Paytm
    /// result code 1008, "Pipe character is not allowed").
    ///
    /// ```
    /// use paytm_checkout::types::OrderId;
    /// assert!(OrderId::new("ORDERID_98765").is_ok());
    /// assert_eq!(OrderId::new("A|B").unwrap_err().code().number(), 1007);
    /// ```
    OrderId, "orderId", 50, ErrorCode::InvalidOrderId;

    /// A refund reference id (REFID), unique per refund: 1–50 characters of `[A-Za-z0-9@._-]`.
    RefId, "refId", 50, ErrorCode::InvalidRefId;

    /// A subscription id as Paytm issues it (`subscriptionId` in Initiate Subscription's answer,
    /// `subsId` / `SUBS_ID` elsewhere, e.g. `102771`): 1–64 characters of `[A-Za-z0-9@._-]`.
    /// The renewals, pre-notifications, pauses and cancellations of a subscription all name it.
    SubscriptionId, "subsId", 64, ErrorCode::InvalidField;

    /// A merchant's reference for one pre-debit notification (`referenceId`), unique per
    /// notification: 1–50 characters of `[A-Za-z0-9@._-]`.
    NotifyRefId, "referenceId", 50, ErrorCode::InvalidRefId;
}

text_type!(
    /// A merchant id (MID): 1–32 ASCII letters and digits. Paytm issues 20 characters
    /// (e.g. `INTEGR7769XXXXXX9383`), but its own docs also show a 21-digit MID; refusing a real
    /// merchant's MID would block every request, so the bound leaves room.
    Mid, "mid", redact = false,
    chars = (32, |b| b.is_ascii_alphanumeric(), ErrorCode::InvalidMid, "must be 1-32 ASCII letters and digits")
);

text_type!(
    /// A customer id: 1–64 characters, each an ASCII letter or digit or one of the special
    /// characters Paytm documents for it, [`CUST_ID_SPECIALS`] (`@ ! _ $ .`; see that constant
    /// for the source). The one custId rule: the request builders and the sandbox both use it.
    CustomerId, "custId", redact = false, check = |v| {
        super::ensure(is_customer_id(v), ErrorCode::InvalidCustomerId, "custId", "must be 1-64 characters of A-Z a-z 0-9 @ ! _ $ .")
    }
);

text_type!(
    /// A Paytm transaction id (TXNID): 1–64 ASCII letters and digits.
    TxnId, "txnId", redact = false,
    chars = (64, |b| b.is_ascii_alphanumeric(), ErrorCode::InvalidField, "must be 1-64 ASCII letters and digits")
);

text_type!(
    /// A short Paytm-issued code or name (website name, industry type, bank code, channel code,
    /// scope, version …): 1–50 characters of `[A-Za-z0-9_.-]`.
    Code, "code", redact = false,
    chars = (50, |b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'), ErrorCode::InvalidField, "must be 1-50 characters of A-Z a-z 0-9 _ . -")
);

text_type!(
    /// A request id (e.g. the settlement APIs' `reqMsgId`): 1–128 characters of
    /// `[A-Za-z0-9_-]`. [`RequestId::random`] makes a UUID v4 when the caller has none.
    RequestId, "requestId", redact = false,
    chars = (128, |b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'), ErrorCode::InvalidField, "must be 1-128 characters of A-Z a-z 0-9 - _")
);

impl RequestId {
    /// A random UUID v4 from the operating system's generator, e.g.
    /// `6af7c70c-36f9-400b-90c7-865b917533ef`. Pass your own id instead in tests.
    pub fn random() -> Result<RequestId> {
        let mut b = [0u8; 16];
        getrandom::fill(&mut b).map_err(|_| Error::new(ErrorCode::RandomUnavailable))?;
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        Ok(RequestId(format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cust_ids_follow_paytms_documented_characters() {
        for ok in ["CUST_001", "a@b.c", "x!$_.9", &"c".repeat(64)] {
            assert!(CustomerId::new(ok).is_ok(), "{ok}");
        }
        // The ones the sandbox used to accept, and the characters Paytm does not list.
        for bad in [
            "CUST 001",
            "CUST_\u{e9}",
            "CUST_\u{20b9}",
            "CUST/1",
            "C-1",
            "a|b",
            "",
        ] {
            assert_eq!(
                CustomerId::new(bad).unwrap_err().code(),
                ErrorCode::InvalidCustomerId,
                "{bad}"
            );
        }
    }

    #[test]
    fn random_request_id_is_uuid_v4() {
        let id = RequestId::random().unwrap();
        assert_eq!(id.as_str().len(), 36);
        assert_eq!(&id.as_str()[14..15], "4");
        assert_ne!(id, RequestId::random().unwrap());
    }
}

/// `len` ASCII digits for some `len` in `min..=max`.
fn digits_between(v: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit())
}

text_type!(
    /// A card's BIN: its first 6 to 9 digits (Fetch BIN Details asks for 9 where it can; 6 is the
    /// shortest it accepts). Not card data on its own: no card is identified by its issuer prefix.
    Bin, "bin", redact = false, check = |v| {
        super::ensure(digits_between(v, 6, 9), ErrorCode::InvalidCardNumber, "bin", "must be 6-9 digits")
    }
);

text_type!(
    /// A UPI numeric id (`numericId` of Validate VPA): 8 to 11 digits (10 is a mobile number).
    NumericId, "numericId", redact = false, check = |v| {
        super::ensure(digits_between(v, 8, 11), ErrorCode::InvalidVpa, "numericId", "must be 8-11 digits")
    }
);
