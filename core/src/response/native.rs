//! The answers of the native checkout helpers ([`crate::api::native`]): Fetch Payment Options,
//! Fetch BIN Details, Validate VPA, Fetch EMI Details, Apply Promo and the checkout's Send /
//! Validate OTP.
//!
//! Each is `{"head","body":{"resultInfo",…}}` with HTTP 200. Paytm's pages (linked in
//! [`crate::api::native`]) show no signature in these answers: the txnToken authenticated the
//! call. They parse as [`Verification::Unsigned`] and move no money by themselves (a promo's
//! discount is a claim until Transaction Status confirms the amount paid). Read as one compact
//! JSON tree, like Process Transaction, so the npm package's browser build reads them too.
//!
//! Money is [`Amount`] (a `{value,currency}` object or a decimal string; zero is absent), flags
//! are JSON booleans or `"true"`/`"false"`, and a saved card keeps its first six and last four
//! digits only (checked as digits, shown as `411111XXXXXX1111`). A success that breaks its
//! promise (Validate VPA without `valid`, Validate OTP without `authenticated: true`) is
//! [`ErrorCode::ResponseMalformed`]; a VPA Paytm calls invalid is [`ResultClass::Failure`].

use serde::Serialize;

use super::members::Members;
use super::outcome::ResultFields;
use super::pg::head_body;
use super::{ResponseHead, ResultInfo, Verification};
use crate::error::{Error, ErrorCode, Result};
use crate::input::Json;
use crate::result_codes::{
    ResultClass, CHECKOUT_SEND_OTP, CHECKOUT_VALIDATE_OTP, NATIVE_CHECKOUT, VALIDATE_VPA,
};
use crate::types::Amount;

/// Declares an answer type: `name?: T` is an `Option<T>` left out of the JSON when absent;
/// `name: T` is written always. Every type derives Debug, Clone, Default, PartialEq and
/// Serialize (camelCase) and, with feature `ts`, its TypeScript type.
macro_rules! answer {
    ($(#[$m:meta])* pub struct $name:ident { $($body:tt)* }) => {
        answer!(@munch [$(#[$m])*] $name [] $($body)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*]
        $(#[$fm:meta])* $f:ident ?: $t:ty, $($rest:tt)*) => {
        answer!(@munch $meta $name [$($done)* $(#[$fm])*
            #[serde(skip_serializing_if = "Option::is_none")] pub $f: Option<$t>,] $($rest)*);
    };
    (@munch $meta:tt $name:ident [$($done:tt)*]
        $(#[$fm:meta])* $f:ident : $t:ty, $($rest:tt)*) => {
        answer!(@munch $meta $name [$($done)* $(#[$fm])* pub $f: $t,] $($rest)*);
    };
    (@munch [$(#[$m:meta])*] $name:ident [$($done:tt)*]) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        #[serde(rename_all = "camelCase")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
        pub struct $name { $($done)* }
    };
}

answer! {
    /// One EMI plan (Fetch EMI Details, and EMI channels of Fetch Payment Options).
    pub struct EmiPlan {
        /// The plan id to pay with (Process Transaction's `planId`).
        plan_id?: String,
        /// Yearly interest rate, as sent (`"13"`).
        interest_rate?: String,
        /// Tenure in months, as sent (`ofMonths`).
        months?: String,
        /// Smallest amount the plan takes.
        min_amount?: Amount,
        /// Largest amount the plan takes.
        max_amount?: Amount,
        /// The monthly instalment.
        emi_amount?: Amount,
        /// What the customer pays in all.
        total_amount?: Amount,
    }
}

answer! {
    /// One channel of a pay mode: a bank, a card network, a UPI app, an EMI bank.
    pub struct PayChannel {
        /// `channelCode` (`HDFC`, `VISA` …).
        channel_code?: String,
        /// Display name.
        channel_name?: String,
        /// Logo URL.
        icon_url?: String,
        /// `isDisabled.status`: not to be offered now.
        disabled?: bool,
        /// `hasLowSuccess.status`: payments here fail often; offer another option first.
        low_success_rate?: bool,
        /// EMI: `DEBIT_CARD` or `CREDIT_CARD`.
        emi_type?: String,
        /// EMI: smallest amount.
        min_amount?: Amount,
        /// EMI: largest amount.
        max_amount?: Amount,
        /// EMI plans, when the answer lists them (`emiChannelInfos`).
        emi_plans: Vec<EmiPlan>,
    }
}

answer! {
    /// One pay mode of Fetch Payment Options (`merchantPayOption.paymentModes[]`).
    pub struct PayMode {
        /// `BALANCE`, `UPI`, `CREDIT_CARD`, `NET_BANKING`, `EMI` … as sent.
        payment_mode: String,
        /// Display name.
        display_name?: String,
        /// `isDisabled.status`.
        disabled?: bool,
        /// Its channels.
        channels: Vec<PayChannel>,
    }
}

answer! {
    /// A customer's saved card (`merchantPayOption.savedInstruments[]`): masked, never the
    /// number.
    pub struct SavedCard {
        /// The saved card's id (Apply Promo's `savedCardId`, Process Transaction's saved card).
        card_id?: String,
        /// `CREDIT_CARD` or `DEBIT_CARD`.
        card_type?: String,
        /// First six and last four digits, the rest `X`.
        masked_number?: String,
        /// Issuing bank.
        issuing_bank?: String,
        /// Card network (`VISA` …).
        channel_code?: String,
        /// Whether EMI is available on it.
        emi_available?: bool,
        /// Authentication modes (`otp`, `pin`).
        auth_modes: Vec<String>,
        /// `hasLowSuccess.status`: Paytm advises against this card now.
        low_success_rate?: bool,
    }
}

answer! {
    /// Fetch Payment Options' answer.
    pub struct PaymentOptionsResponse {
        /// The response head.
        head: ResponseHead,
        /// The outcome.
        result_info: ResultInfo,
        /// The pay modes open to this transaction.
        payment_modes: Vec<PayMode>,
        /// The customer's saved cards.
        saved_cards: Vec<SavedCard>,
        /// `loginInfo.userLoggedIn`: a wallet user is logged in (checkout OTP).
        user_logged_in?: bool,
    }
}

answer! {
    /// Fetch BIN Details' answer.
    pub struct BinDetailsResponse {
        /// The response head.
        head: ResponseHead,
        /// The outcome.
        result_info: ResultInfo,
        /// The BIN Paytm matched.
        bin?: String,
        /// `CREDIT_CARD` or `DEBIT_CARD` (`binDetail.paymentMode`).
        card_type?: String,
        /// Issuing bank's name.
        issuing_bank?: String,
        /// Issuing bank's code (`HDFC`).
        issuing_bank_code?: String,
        /// Card network code (`binDetail.channelCode`: `VISA`, `MASTER` …).
        scheme?: String,
        /// Card network's name.
        scheme_name?: String,
        /// Whether the card needs a CVV (`binDetail.cvvR`).
        cvv_required?: bool,
        /// Whether the card needs an expiry (`binDetail.expR`).
        expiry_required?: bool,
        /// Whether `authModes` offers `otp`.
        otp_required?: bool,
        /// Issued in India.
        indian?: bool,
        /// Accepted by Paytm now.
        active?: bool,
        /// Whether EMI is available on it.
        emi_available?: bool,
        /// `hasLowSuccessRate.status`.
        low_success_rate?: bool,
        /// Whether subscriptions can be paid with it.
        subscription_available?: bool,
        /// Authentication modes (`otp`, `pin`).
        auth_modes: Vec<String>,
    }
}

answer! {
    /// Validate VPA's answer.
    pub struct VpaResponse {
        /// The response head.
        head: ResponseHead,
        /// The outcome.
        result_info: ResultInfo,
        /// The VPA checked.
        vpa?: String,
        /// Whether it exists (present in every success).
        valid?: bool,
        /// The account holder's name, when Paytm gives one (not on its pages).
        name?: String,
    }
}

answer! {
    /// Fetch EMI Details' answer.
    pub struct EmiDetailsResponse {
        /// The response head.
        head: ResponseHead,
        /// The outcome.
        result_info: ResultInfo,
        /// `DEBIT_CARD` or `CREDIT_CARD`.
        emi_type?: String,
        /// The plans (`emiDetail.emiChannelInfos`).
        plans: Vec<EmiPlan>,
    }
}

answer! {
    /// One offer of Apply Promo's `paymentOffer.offerBreakup`.
    pub struct PromoOffer {
        /// The promo code applied.
        promocode?: String,
        /// The offer's text for the customer.
        text?: String,
        /// Taken off the amount now.
        instant_discount?: Amount,
        /// Paid back later.
        cashback_amount?: Amount,
        /// The pay method it applies to.
        pay_method?: String,
    }
}

answer! {
    /// Apply Promo's answer.
    pub struct PromoResponse {
        /// The response head.
        head: ResponseHead,
        /// The outcome.
        result_info: ResultInfo,
        /// All instant discounts (`paymentOffer.totalInstantDiscount`).
        total_instant_discount?: Amount,
        /// All cashback (`paymentOffer.totalCashbackAmount`).
        total_cashback_amount?: Amount,
        /// The offers applied.
        offers: Vec<PromoOffer>,
    }
}

impl PromoResponse {
    /// What the customer pays for `amount` after the instant discount: `amount` when there is
    /// none, `None` when the discount is not below `amount` (nothing sensible to pay).
    pub fn discounted(&self, amount: Amount) -> Option<Amount> {
        match self.total_instant_discount {
            None => Some(amount),
            Some(d) => Amount::from_paise(amount.paise().checked_sub(d.paise())?).ok(),
        }
    }
}

answer! {
    /// The checkout's Send OTP and Validate OTP answers.
    pub struct CheckoutOtpResponse {
        /// The response head.
        head: ResponseHead,
        /// The outcome.
        result_info: ResultInfo,
        /// Validate OTP: whether the wallet user is logged in.
        authenticated?: bool,
    }
}

/// A native checkout helper's typed answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum NativeResponse {
    /// `fetch_payment_options`.
    PaymentOptions(PaymentOptionsResponse),
    /// `fetch_bin_details`.
    BinDetails(BinDetailsResponse),
    /// `validate_vpa`.
    Vpa(VpaResponse),
    /// `fetch_emi_details`.
    EmiDetails(EmiDetailsResponse),
    /// `apply_promo`.
    Promo(PromoResponse),
    /// `send_checkout_otp`, `validate_checkout_otp`.
    CheckoutOtp(CheckoutOtpResponse),
}

/// The helpers' `api` names (as [`crate::api::native::NAMES`]).
pub(crate) use crate::api::native::NAMES;

/// A money member: `{value,currency}` or a decimal string; zero or empty is absent.
fn money(m: &Members<'_>, name: &str) -> Result<Option<Amount>> {
    let text = match m.obj(name) {
        Ok(Some(o)) => o.text("value")?,
        _ => m.text(name)?,
    };
    let Some(t) = text.filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.bytes().all(|b| b == b'0' || b == b'.') {
        return Ok(None);
    }
    Amount::parse(&t)
        .map(Some)
        .map_err(|_| m.error(name, "expected an amount with at most 2 decimals"))
}

/// A `{status,msg}` flag (`isDisabled`, `hasLowSuccess`), or a plain flag.
fn status(m: &Members<'_>, name: &str) -> Result<Option<bool>> {
    match m.obj(name) {
        Ok(Some(o)) => o.flag("status"),
        _ => m.flag(name),
    }
}

/// An array of strings (`authModes`).
fn words(m: &Members<'_>, name: &str) -> Result<Vec<String>> {
    match m.raw(name) {
        None => Ok(Vec::new()),
        Some(Json::Arr(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Json::Str(s) => out.push(s.clone()),
                    _ => return Err(m.error(name, "expected an array of strings")),
                }
            }
            Ok(out)
        }
        Some(_) => Err(m.error(name, "expected an array of strings")),
    }
}

fn plans(m: &Members<'_>, name: &str) -> Result<Vec<EmiPlan>> {
    let mut out = Vec::new();
    for p in m.objs(name)? {
        out.push(EmiPlan {
            min_amount: money(&p, "minAmount")?,
            plan_id: p.text("planId")?,
            max_amount: money(&p, "maxAmount")?,
            interest_rate: p.text("interestRate")?,
            emi_amount: money(&p, "emiAmount")?,
            months: p.text("ofMonths")?,
            total_amount: money(&p, "totalAmount")?,
        });
    }
    Ok(out)
}

/// `firstSixDigit` + `X`s + `lastFourDigit`; anything but 6 and 4 digits is malformed (a
/// longer value could be the card number itself).
fn masked(card: &Members<'_>) -> Result<Option<String>> {
    let digits = |name: &str, len: usize| -> Result<Option<String>> {
        match card.text(name)? {
            Some(d) if d.len() == len && d.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(d)),
            Some(_) => Err(card.error(name, &format!("expected {len} digits"))),
            None => Ok(None),
        }
    };
    Ok(
        match (digits("firstSixDigit", 6)?, digits("lastFourDigit", 4)?) {
            (Some(f), Some(l)) => Some(format!("{f}XXXXXX{l}")),
            _ => None,
        },
    )
}

fn payment_options(
    head: ResponseHead,
    b: &Members<'_>,
    result_info: ResultInfo,
) -> Result<PaymentOptionsResponse> {
    let mut r = PaymentOptionsResponse {
        head,
        result_info,
        user_logged_in: b
            .obj("loginInfo")?
            .map(|l| l.flag("userLoggedIn"))
            .transpose()?
            .flatten(),
        ..Default::default()
    };
    let Some(o) = b.obj("merchantPayOption")? else {
        return Ok(r);
    };
    for mode in o.objs("paymentModes")? {
        let mut channels = Vec::new();
        for c in mode.objs("payChannelOptions")? {
            channels.push(PayChannel {
                channel_code: c.text("channelCode")?,
                channel_name: c.text("channelName")?,
                icon_url: c.text("iconUrl")?,
                emi_type: c.text("emiType")?,
                disabled: status(&c, "isDisabled")?,
                low_success_rate: status(&c, "hasLowSuccess")?,
                min_amount: money(&c, "minAmount")?,
                max_amount: money(&c, "maxAmount")?,
                emi_plans: plans(&c, "emiChannelInfos")?,
            });
        }
        let Some(payment_mode) = mode.text("paymentMode")? else {
            return Err(mode.error("paymentMode", "is required"));
        };
        r.payment_modes.push(PayMode {
            payment_mode,
            display_name: mode.text("displayName")?,
            disabled: status(&mode, "isDisabled")?,
            channels,
        });
    }
    for s in o.objs("savedInstruments")? {
        let card = s.obj("cardDetails")?;
        let card_text = |name| card.as_ref().map(|c| c.text(name)).transpose();
        r.saved_cards.push(SavedCard {
            card_id: card_text("cardId")?.flatten(),
            card_type: card_text("cardType")?.flatten(),
            masked_number: card.as_ref().map(masked).transpose()?.flatten(),
            issuing_bank: s.text("issuingBank")?,
            channel_code: s.text("channelCode")?,
            emi_available: s.flag("isEmiAvailable")?,
            auth_modes: words(&s, "authModes")?,
            low_success_rate: status(&s, "hasLowSuccess")?,
        });
    }
    Ok(r)
}

fn bin_details(
    head: ResponseHead,
    b: &Members<'_>,
    result_info: ResultInfo,
) -> Result<BinDetailsResponse> {
    let auth_modes = words(b, "authModes")?;
    let mut r = BinDetailsResponse {
        head,
        result_info,
        otp_required: (!auth_modes.is_empty()).then(|| auth_modes.iter().any(|m| m == "otp")),
        emi_available: b.flag("isEmiAvailable")?,
        low_success_rate: status(b, "hasLowSuccessRate")?,
        subscription_available: b.flag("isSubscriptionAvailable")?,
        auth_modes,
        ..Default::default()
    };
    if let Some(d) = b.obj("binDetail")? {
        r.bin = d.text("bin")?;
        r.card_type = d.text("paymentMode")?;
        r.issuing_bank = d.text("issuingBank")?;
        r.issuing_bank_code = d.text("issuingBankCode")?;
        r.scheme = d.text("channelCode")?;
        r.scheme_name = d.text("channelName")?;
        r.cvv_required = d.flag("cvvR")?;
        r.expiry_required = d.flag("expR")?;
        r.indian = d.flag("isIndian")?;
        r.active = d.flag("isActive")?;
    }
    Ok(r)
}

fn promo(head: ResponseHead, b: &Members<'_>, result_info: ResultInfo) -> Result<PromoResponse> {
    let mut r = PromoResponse {
        head,
        result_info,
        ..Default::default()
    };
    if let Some(o) = b.obj("paymentOffer")? {
        r.total_instant_discount = money(&o, "totalInstantDiscount")?;
        r.total_cashback_amount = money(&o, "totalCashbackAmount")?;
        for x in o.objs("offerBreakup")? {
            r.offers.push(PromoOffer {
                promocode: x.text("promocodeApplied")?,
                text: x.text("promotext")?,
                instant_discount: money(&x, "instantDiscount")?,
                cashback_amount: money(&x, "cashbackAmount")?,
                pay_method: x.text("payMethod")?,
            });
        }
    }
    Ok(r)
}

/// A success that lacks what success promises.
fn broken(api: &str, what: &str) -> Error {
    Error::with_message(
        ErrorCode::ResponseMalformed,
        format!("{api}: a success answer without {what}"),
    )
}

/// Reads helper `api`'s answer from its tree: the class and the typed answer. `api` is one of
/// [`NAMES`].
pub(crate) fn read(
    api: &'static str,
    tree: &Json,
) -> Result<(Verification, ResultClass, NativeResponse)> {
    let (head, b, info) = head_body(api, tree)?;
    let (class, data) = match api {
        "fetch_payment_options" => {
            let class = info.class_in(NATIVE_CHECKOUT);
            (
                class,
                NativeResponse::PaymentOptions(payment_options(head, &b, info)?),
            )
        }
        "fetch_bin_details" => {
            let class = info.class_in(NATIVE_CHECKOUT);
            (
                class,
                NativeResponse::BinDetails(bin_details(head, &b, info)?),
            )
        }
        "fetch_emi_details" => {
            let class = info.class_in(NATIVE_CHECKOUT);
            let emi = b.obj("emiDetail")?;
            let r = EmiDetailsResponse {
                head,
                result_info: info,
                emi_type: emi
                    .as_ref()
                    .map(|e| e.text("emiType"))
                    .transpose()?
                    .flatten(),
                plans: emi
                    .as_ref()
                    .map(|e| plans(e, "emiChannelInfos"))
                    .transpose()?
                    .unwrap_or_default(),
            };
            (class, NativeResponse::EmiDetails(r))
        }
        "apply_promo" => {
            let class = info.class_in(NATIVE_CHECKOUT);
            (class, NativeResponse::Promo(promo(head, &b, info)?))
        }
        "validate_vpa" => {
            let mut class = info.class_in(VALIDATE_VPA);
            let valid = b.flag("valid")?;
            if class == ResultClass::Success {
                match valid {
                    None => return Err(broken(api, "valid")),
                    Some(false) => class = ResultClass::Failure,
                    Some(true) => {}
                }
            }
            let r = VpaResponse {
                head,
                result_info: info,
                vpa: b.text("vpa")?,
                valid,
                name: b.text("name")?,
            };
            (class, NativeResponse::Vpa(r))
        }
        _ => {
            let validate = api == "validate_checkout_otp";
            let class = info.class_in(if validate {
                CHECKOUT_VALIDATE_OTP
            } else {
                CHECKOUT_SEND_OTP
            });
            let authenticated = b.flag("authenticated")?;
            if validate && class == ResultClass::Success && authenticated != Some(true) {
                return Err(broken(api, "authenticated: true"));
            }
            let r = CheckoutOtpResponse {
                head,
                result_info: info,
                authenticated,
            };
            (class, NativeResponse::CheckoutOtp(r))
        }
    };
    Ok((Verification::Unsigned, class, data))
}
