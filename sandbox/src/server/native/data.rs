//! The native checkout helpers' test data: card BINs, EMI plans, promo codes, VPAs, the saved
//! instruments of the test customers and the banks each payment mode offers. Documented in
//! `docs/sandbox.md` ("Native checkout"); keep the two in step. Plain data and the arithmetic
//! on it, in paise (never floats).

/// A card BIN the sandbox knows (the first six digits of a test card).
pub(super) struct Bin {
    pub prefix: &'static str,
    /// Paytm's channel code of the scheme: VISA, MASTER, AMEX, RUPAY.
    pub scheme: &'static str,
    /// CREDIT_CARD or DEBIT_CARD.
    pub card_type: &'static str,
    pub bank_code: &'static str,
    pub bank: &'static str,
    /// Digits of the CVV (0: none asked).
    pub cvv_length: u8,
    /// Whether the OTP can be entered on the merchant's page (native OTP).
    pub native_otp: bool,
}

impl Bin {
    /// Whether EMI plans exist for this card's bank and type ([`EMI_PLANS`] are credit cards).
    pub fn emi(&self) -> bool {
        self.card_type == "CREDIT_CARD" && emi_plans(self.bank_code).next().is_some()
    }
}

/// The test cards' BINs.
pub(super) const BINS: &[Bin] = &[
    // 4111111111111111: success.
    Bin {
        prefix: "411111",
        scheme: "VISA",
        card_type: "CREDIT_CARD",
        bank_code: "HDFC",
        bank: "HDFC Bank",
        cvv_length: 3,
        native_otp: true,
    },
    // 5555555555554444: success.
    Bin {
        prefix: "555555",
        scheme: "MASTER",
        card_type: "DEBIT_CARD",
        bank_code: "ICICI",
        bank: "ICICI Bank",
        cvv_length: 3,
        native_otp: false,
    },
    // 4000000000000002 / …119 / …127: declined, pending, pending forever.
    Bin {
        prefix: "400000",
        scheme: "VISA",
        card_type: "CREDIT_CARD",
        bank_code: "SBI",
        bank: "State Bank of India",
        cvv_length: 3,
        native_otp: false,
    },
    // 378282246310005: success, a four-digit CVV.
    Bin {
        prefix: "378282",
        scheme: "AMEX",
        card_type: "CREDIT_CARD",
        bank_code: "AMEX",
        bank: "American Express",
        cvv_length: 4,
        native_otp: false,
    },
];

/// The known BIN `bin` (6 to 9 leading digits of a card) starts with.
pub(super) fn bin(bin: &str) -> Option<&'static Bin> {
    if !(6..=9).contains(&bin.len()) || !bin.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    BINS.iter().find(|b| bin.starts_with(b.prefix))
}

/// An EMI plan: bank code, months, yearly interest in basis points (1300 = 13.00 %).
pub(super) type EmiPlan = (&'static str, u16, u32);

/// The EMI plans (credit cards), by bank.
pub(super) const EMI_PLANS: &[EmiPlan] = &[
    ("HDFC", 3, 1300),
    ("HDFC", 6, 1400),
    ("HDFC", 12, 1500),
    ("SBI", 3, 1400),
    ("SBI", 6, 1500),
    ("AMEX", 3, 1200),
];

/// The smallest and largest amount (paise) an EMI plan takes.
pub(super) const EMI_MIN_PAISE: u64 = 100_000;
pub(super) const EMI_MAX_PAISE: u64 = 50_000_000;

/// The plans of `bank`.
pub(super) fn emi_plans(bank: &str) -> impl Iterator<Item = &'static EmiPlan> + '_ {
    EMI_PLANS.iter().filter(move |p| p.0 == bank)
}

/// What a plan of `months` at `rate_bp` costs on `paise`: (interest, total, monthly
/// instalment), in paise. Flat interest: `paise × rate × months / 12`, rounded half up to the
/// paisa; the instalment is the total over the months, rounded up (the last one may be less).
pub(super) fn emi_cost(paise: u64, months: u16, rate_bp: u32) -> (u64, u64, u64) {
    let scaled = u128::from(paise) * u128::from(rate_bp) * u128::from(months);
    let divisor = 12 * 10_000u128;
    let interest = u64::try_from((scaled + divisor / 2) / divisor).unwrap_or(u64::MAX);
    let total = paise.saturating_add(interest);
    let months = u64::from(months.max(1));
    (interest, total, total.div_ceil(months))
}

/// A promo code: its code, the percentage off (basis points) or the flat discount (paise),
/// the most it takes off (paise), the least order it applies to (paise), and whether it is for
/// card payments only.
pub(super) struct Promo {
    pub code: &'static str,
    pub percent_bp: u32,
    pub flat_paise: u64,
    pub cap_paise: u64,
    pub min_order_paise: u64,
    pub cards_only: bool,
    pub text: &'static str,
}

/// The promo codes.
pub(super) const PROMOS: &[Promo] = &[
    Promo {
        code: "SANDBOX10",
        percent_bp: 1000,
        flat_paise: 0,
        cap_paise: 10_000,
        min_order_paise: 1,
        cards_only: false,
        text: "10% off, up to Rs 100, any payment mode",
    },
    Promo {
        code: "CARD50",
        percent_bp: 0,
        flat_paise: 5_000,
        cap_paise: 5_000,
        min_order_paise: 20_000,
        cards_only: true,
        text: "Rs 50 off card payments of Rs 200 or more",
    },
];

impl Promo {
    /// The discount on an order of `paise` (paise; always less than the order).
    pub fn discount(&self, paise: u64) -> u64 {
        let percent = u128::from(paise) * u128::from(self.percent_bp) / 10_000;
        let off = u64::try_from(percent).unwrap_or(u64::MAX);
        off.saturating_add(self.flat_paise)
            .min(self.cap_paise)
            .min(paise.saturating_sub(1))
    }
}

/// The promo `code` names (case-insensitive).
pub(super) fn promo(code: &str) -> Option<&'static Promo> {
    PROMOS.iter().find(|p| p.code.eq_ignore_ascii_case(code))
}

/// VPAs Validate VPA knows, with the account holder's name. The outcome VPAs of UPI payments
/// (`fail…@`, `pending…@`, `renewfail…@`) are valid too, named [`INSTRUMENT_VPA_NAME`].
pub(super) const TEST_VPAS: &[(&str, &str)] = &[
    ("7777777777@paytm", "Asha Verma"),
    ("5558889990@paytm", "Ravi Iyer"),
    ("success@paytm", "Sandbox Payer"),
];

/// The name an outcome VPA validates with.
pub(super) const INSTRUMENT_VPA_NAME: &str = "Sandbox Test Payer";

/// The account holder's name of a valid VPA; `None`: invalid.
pub(super) fn vpa_holder(vpa: &str) -> Option<&'static str> {
    let vpa = vpa.to_ascii_lowercase();
    if let Some((_, name)) = TEST_VPAS.iter().find(|(v, _)| *v == vpa) {
        return Some(name);
    }
    let (user, handle) = vpa.split_once('@')?;
    let outcome = ["fail", "pending", "renewfail"]
        .iter()
        .any(|p| user.starts_with(p));
    (outcome && !handle.is_empty()).then_some(INSTRUMENT_VPA_NAME)
}

/// A saved card: Paytm's card id, its BIN (first six), last four digits, expiry (MMYYYY).
pub(super) type SavedCard = (&'static str, &'static str, &'static str, &'static str);

/// The test customers' saved instruments, by custId: cards (masked) and VPAs.
pub(super) const SAVED: &[(&str, &[SavedCard], &[&str])] = &[
    (
        "CUST_001",
        &[
            ("SBX_CARD_0001", "411111", "1111", "122030"),
            ("SBX_CARD_0002", "555555", "4444", "062029"),
        ],
        &["7777777777@paytm"],
    ),
    (
        "CUST_002",
        &[("SBX_CARD_0003", "378282", "0005", "012031")],
        &["5558889990@paytm", "success@paytm"],
    ),
];

/// The saved cards and VPAs of `cust_id` (none for any other customer).
pub(super) fn saved(cust_id: &str) -> (&'static [SavedCard], &'static [&'static str]) {
    SAVED
        .iter()
        .find(|(c, _, _)| *c == cust_id)
        .map_or((&[], &[]), |(_, cards, vpas)| (*cards, *vpas))
}

/// A payment mode Fetch Payment Options lists: paymentMode, displayName, channels
/// (channelCode, channelName; for net banking, EMI and mandates, the banks).
pub(super) type Mode = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const BANKS: &[(&str, &str)] = &[
    ("SBI", "State Bank of India"),
    ("HDFC", "HDFC Bank"),
    ("ICICI", "ICICI Bank"),
    ("AXIS", "Axis Bank"),
];

/// Every mode, in the order listed. BANK_MANDATE only for a subscription's txnToken; NET_BANKING
/// and EMI only for a payment's.
pub(super) const MODES: &[Mode] = &[
    ("BALANCE", "Paytm Balance", &[]),
    (
        "UPI",
        "BHIM UPI",
        &[("UPI", "UPI Collect"), ("UPIPUSH", "UPI Intent")],
    ),
    (
        "CREDIT_CARD",
        "Credit Card",
        &[
            ("VISA", "Visa"),
            ("MASTER", "Mastercard"),
            ("AMEX", "American Express"),
            ("RUPAY", "RuPay"),
        ],
    ),
    (
        "DEBIT_CARD",
        "Debit Card",
        &[
            ("VISA", "Visa"),
            ("MASTER", "Mastercard"),
            ("RUPAY", "RuPay"),
        ],
    ),
    ("NET_BANKING", "Net Banking", BANKS),
    (
        "EMI",
        "EMI",
        &[
            ("HDFC", "HDFC Bank"),
            ("SBI", "State Bank of India"),
            ("AMEX", "American Express"),
        ],
    ),
    ("BANK_MANDATE", "Bank Mandate", BANKS),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emi_costs_are_exact_paise() {
        // 3,000.00 at 13 % for 3 months: 97.50 interest, 3,097.50 in 3 × 1,032.50.
        assert_eq!(emi_cost(300_000, 3, 1300), (9_750, 309_750, 103_250));
        // Rounded half up, instalment rounded up: 1,000.01 at 14 % for 6 months.
        assert_eq!(emi_cost(100_001, 6, 1400), (7_000, 107_001, 17_834));
        assert_eq!(emi_cost(100_000, 3, 0), (0, 100_000, 33_334)); // a 0 % plan
        assert_eq!(emi_cost(u64::MAX, 99, u32::MAX).1, u64::MAX);
    }

    #[test]
    fn promos_discount_within_their_cap_and_never_the_whole_order() {
        let ten = promo("sandbox10").unwrap();
        assert_eq!(ten.discount(50_000), 5_000);
        assert_eq!(ten.discount(500_000), 10_000);
        assert_eq!(ten.discount(1), 0);
        assert_eq!(promo("CARD50").unwrap().discount(20_000), 5_000);
        assert!(promo("NOPE").is_none());
    }

    #[test]
    fn bins_vpas_and_saved_instruments() {
        assert_eq!(bin("411111").unwrap().bank_code, "HDFC");
        assert!(bin("411111").unwrap().emi() && !bin("555555999").unwrap().emi());
        assert!(bin("41111").is_none() && bin("4111111111").is_none() && bin("999999").is_none());
        assert_eq!(vpa_holder("7777777777@PAYTM"), Some("Asha Verma"));
        assert_eq!(vpa_holder("fail141@paytm"), Some(INSTRUMENT_VPA_NAME));
        assert_eq!(vpa_holder("cust@paytm"), None);
        assert_eq!(vpa_holder("fail"), None);
        assert_eq!(saved("CUST_001").0.len(), 2);
        assert!(saved("OTHER").0.is_empty());
    }
}
