//! The native helpers inside the payment step, shared by both halves ([`crate::api::native`]):
//! before Process Transaction goes out, `pay` may ask for a UPI collect VPA to be checked
//! (Validate VPA), a card's BIN to be resolved (Fetch BIN Details) and a promo code to be
//! applied (Apply Promo) — in that order, each only after the one before passed.
//!
//! Rules (money safety: only an answer about *this* VPA, BIN or promo code lets the payment go):
//! - an answer naming another VPA, BIN or promo code is [`ErrorCode::OrderMismatch`] and changes
//!   nothing (the check is still out);
//! - Paytm saying no ends that attempt before any money moved: the session collects the payment
//!   again, `retryOf.code` saying why — `INVALID_VPA`; `CARD_NOT_SUPPORTED` (BIN inactive),
//!   `CARD_MODE_MISMATCH` (a credit card paid as `DEBIT_CARD` or the reverse), `EMI_NOT_AVAILABLE`
//!   (`EMI` on a card without it), `CVV_REQUIRED` (the BIN needs a CVV the card input lacks);
//!   `PROMO_NOT_APPLIED` (Paytm refused the code, with Paytm's message);
//! - an answer that does not read (garbled, an outage, a success without the member that names
//!   what it is about) ends the attempt too (`VPA_UNVERIFIED`, `BIN_UNVERIFIED`,
//!   `PROMO_UNVERIFIED`) and is returned as an error;
//! - an applied promo's instant discount must leave something to pay: the order's payable amount
//!   is then the discounted one, which Process Transaction's answer, the callbacks and the
//!   verified Transaction Status must carry (reconciled against it, not the order's amount). It
//!   is saved (sealed in a server's save) and stays for the session: Paytm keeps an applied promo
//!   on the order, so a later attempt without one still pays the discounted amount;
//! - a check that got no response is sent again; a save never holds the prepared request (card
//!   or VPA data), so a session restored while a check was out collects the payment again.
//!
//! A build without the cargo feature `checkout-helpers` (the npm package's default web entry,
//! for size) refuses a payment that asks for a check ([`ErrorCode::UnknownApi`]).
//!
//! Sources: Validate VPA <https://paytmpayments.com/docs/api/validate-vpa>, Fetch BIN Details
//! <https://business.paytm.com/docs/api/fetch-bin-details-api>, Apply Promo
//! <https://paytmpayments.com/docs/api/apply-promo> (see docs/native-checkout.md).

use crate::api::native::{
    ApplyPromo, Checkout, FetchBinDetails, FetchPaymentOptions, SendCheckoutOtp,
    ValidateCheckoutOtp, ValidateVpa,
};
use crate::api::process::{PaymentMode, ProcessTransaction};
use crate::card::CardInfo;
use crate::error::{Error, ErrorCode, Result};
use crate::http::{Environment, HttpRequest};
use crate::input::Json;
use crate::response::{CheckoutOtpResponse, NativeResponse};
use crate::result_codes::ResultClass;
use crate::session::action::{state_error, Failure, Purpose, RawJson};
use crate::types::{Amount, Bin, Channel, Code, Mid, Mobile, OrderId, Otp, Vpa};

/// Whether this build runs the checks (cargo feature `checkout-helpers`).
const BUILT: bool = cfg!(feature = "checkout-helpers");

/// The payment options a checkout was configured to fetch (never saved: fetched again after a
/// restore; see [`super::CheckoutConfig::fetch_payment_options`]).
#[derive(Clone, Default)]
pub(super) enum Options {
    /// Not asked for.
    #[default]
    Off,
    /// To fetch before the payment is collected.
    Due,
    /// Fetched: Fetch Payment Options' typed answer.
    Ready(RawJson),
    /// Paytm did not give them (or no answer came): the payment is collected without them.
    Unavailable,
}

impl Options {
    /// `Due` when `on`, else `Off`.
    pub(super) fn wanted(on: bool) -> Options {
        if on {
            Options::Due
        } else {
            Options::Off
        }
    }

    /// Whether the config asked for them.
    pub(super) fn asked(&self) -> bool {
        !matches!(self, Options::Off)
    }

    /// What `collect_payment` carries.
    pub(super) fn ready(&self) -> Option<RawJson> {
        match self {
            Options::Ready(json) => Some(json.clone()),
            _ => None,
        }
    }

    /// Fetch Payment Options' request, when the options are due.
    pub(super) fn request(
        &self,
        checkout: impl FnOnce() -> Result<Checkout>,
        env: &Environment,
    ) -> Result<Option<HttpRequest>> {
        if !BUILT || !matches!(self, Options::Due) {
            return Ok(None);
        }
        let fetch = FetchPaymentOptions {
            checkout: checkout()?,
        };
        fetch.build(env).map(Some)
    }

    /// Reads Fetch Payment Options' answer: the options, or none (a refusal); an unreadable
    /// answer is returned as the error and the payment is collected without them.
    pub(super) fn read(
        &mut self,
        http_status: u16,
        body: &[u8],
        parse: impl FnOnce(&str) -> Result<Json>,
    ) -> Result<()> {
        *self = Options::Unavailable;
        if !BUILT {
            return Ok(());
        }
        let api = Purpose::FetchPaymentOptions.api();
        let answer = crate::response::native_keyless(api, http_status, body, parse)?;
        if let (_, ResultClass::Success, NativeResponse::PaymentOptions(r)) = answer {
            *self = Options::Ready(RawJson::of(&r));
        }
        Ok(())
    }
}

/// A config asking for the payment options in a build without the helpers is refused.
pub(super) fn options_built(on: bool) -> Result<()> {
    if on && !BUILT {
        return Err(Error::with_message(
            ErrorCode::UnknownApi,
            "fetchPaymentOptions: this build leaves out the checkout helpers; the npm package's \
             web-helpers entry has them",
        ));
    }
    Ok(())
}

/// Whether `purpose` is one of the checks before a payment (nothing is paid while it is out).
pub(super) fn is_check(purpose: Purpose) -> bool {
    matches!(
        purpose,
        Purpose::ValidateVpa
            | Purpose::FetchBinDetails
            | Purpose::ApplyPromo
            | Purpose::SendCheckoutOtp
            | Purpose::ValidateCheckoutOtp
            | Purpose::FetchPaymentOptions
    )
}

/// The order a payment is for: environment, MID, order id and its amount.
pub(super) type Order<'a> = (&'a Environment, &'a Mid, &'a OrderId, Amount);

/// What a payment asks the session to check before it pays (the session's own members of the
/// `pay` JSON input: `"validateVpa": true`, `"checkBin": true`, `"promoCode": "…"`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PayChecks {
    /// A UPI collect payment's VPA is checked with Validate VPA.
    pub validate_vpa: bool,
    /// A new card's BIN is resolved with Fetch BIN Details and must fit the payment.
    pub check_bin: bool,
    /// This promo code is applied with Apply Promo; the discounted amount is paid.
    pub promo_code: Option<Code>,
    /// A wallet payment (`BALANCE`) logs this Paytm user in first, by the OTP Send OTP texts
    /// them ([`Action::CollectOtp`](crate::session::Action), then `submit_otp`).
    pub login_mobile: Option<Mobile>,
}

impl PayChecks {
    /// No check: as `pay`.
    pub fn none() -> PayChecks {
        PayChecks::default()
    }

    /// Checks a UPI collect VPA.
    pub fn validate_vpa(mut self) -> PayChecks {
        self.validate_vpa = true;
        self
    }

    /// Resolves a new card's BIN.
    pub fn check_bin(mut self) -> PayChecks {
        self.check_bin = true;
        self
    }

    /// Applies a promo code.
    pub fn promo(mut self, code: Code) -> PayChecks {
        self.promo_code = Some(code);
        self
    }

    /// Logs a wallet user in by OTP.
    pub fn login(mut self, mobile: Mobile) -> PayChecks {
        self.login_mobile = Some(mobile);
        self
    }

    fn any(&self) -> bool {
        self.validate_vpa
            || self.check_bin
            || self.promo_code.is_some()
            || self.login_mobile.is_some()
    }

    /// Takes the session's members out of a `pay` JSON input's members.
    pub(super) fn take_from(members: &mut Vec<(String, Json)>) -> Result<PayChecks> {
        const OURS: [&str; 4] = ["validateVpa", "checkBin", "promoCode", "loginMobile"];
        if !BUILT {
            // Not read here: `Checks::of` refuses any check this build leaves out.
            let asked = members.iter().any(|(n, _)| OURS.contains(&n.as_str()));
            members.retain(|(n, _)| !OURS.contains(&n.as_str()));
            return Ok(PayChecks {
                validate_vpa: asked,
                ..PayChecks::default()
            });
        }
        let mut take = |name: &str| {
            let i = members.iter().position(|(n, _)| n == name)?;
            Some(members.remove(i).1)
        };
        let flag = |v: Option<Json>, name: &str| match v {
            None => Ok(false),
            Some(Json::Bool(b)) => Ok(b),
            Some(_) => Err(Error::with_message(
                ErrorCode::InvalidField,
                format!("payment: `{name}` must be true or false"),
            )),
        };
        let validate_vpa = flag(take("validateVpa"), "validateVpa")?;
        let check_bin = flag(take("checkBin"), "checkBin")?;
        let text = |v: Option<Json>, name: &str| match v {
            None => Ok(None),
            Some(Json::Str(ref s)) => Ok(Some(s.clone())),
            Some(_) => Err(Error::with_message(
                ErrorCode::InvalidField,
                format!("payment: `{name}` must be a string"),
            )),
        };
        let promo_code = text(take("promoCode"), "promoCode")?
            .map(Code::new)
            .transpose()?;
        let login_mobile = text(take("loginMobile"), "loginMobile")?
            .map(Mobile::new)
            .transpose()?;
        Ok(PayChecks {
            validate_vpa,
            check_bin,
            promo_code,
            login_mobile,
        })
    }
}

/// A BIN to resolve and what the payment needs of it.
#[derive(Clone)]
pub(super) struct BinCheck {
    bin: Bin,
    mode: PaymentMode,
    has_cvv: bool,
}

/// A promo code to apply to the payment's method and amount.
#[derive(Clone)]
pub(super) struct PromoCheck {
    code: Code,
    method: PaymentMode,
    amount: Amount,
    max_discount: Amount,
    vpa: Option<Vpa>,
}

/// Where a wallet login by OTP stands.
#[derive(Clone)]
enum Login {
    /// Send OTP is due.
    Send,
    /// The customer is asked for the OTP.
    Collect,
    /// Validate OTP is due with the OTP typed (a credential: never saved).
    Validate(Otp),
}

/// A Paytm wallet user to log in before a wallet payment.
#[derive(Clone)]
pub(super) struct LoginCheck {
    mobile: Mobile,
    stage: Login,
    /// OTPs Paytm refused so far.
    refused: u32,
    /// Why the last OTP was refused.
    retry_of: Option<Failure>,
}

/// How many OTPs a login may have refused before the attempt ends.
const OTP_TRIES: u32 = 3;

/// What the payment step does next for the checks.
pub(super) enum Next {
    /// Send this check.
    Send(Purpose, HttpRequest),
    /// Ask the customer for the OTP (why the last one was refused).
    CollectOtp(Option<Failure>),
}

/// The checks still due before the prepared payment goes out (never saved).
#[derive(Clone, Default)]
pub(super) struct Checks {
    login: Option<LoginCheck>,
    vpa: Option<Vpa>,
    bin: Option<BinCheck>,
    promo: Option<PromoCheck>,
    channel: Option<Channel>,
}

impl Checks {
    /// The checks `asked` for `payment` of the order's `amount`, a promo taking off at most
    /// `max_discount` (the config's): only those that apply to its payment mode.
    pub(super) fn of(
        asked: &PayChecks,
        payment: &ProcessTransaction,
        (amount, max_discount): (Amount, Option<Amount>),
    ) -> Result<Checks> {
        if !BUILT {
            if asked.any() {
                return Err(Error::with_message(
                    ErrorCode::UnknownApi,
                    "payment: this build leaves out the checkout helpers (validateVpa, checkBin, \
                     promoCode, loginMobile); the npm package's web-helpers entry has them",
                ));
            }
            return Ok(Checks::default());
        }
        let mode = payment.payment_mode;
        let vpa = match mode {
            PaymentMode::Upi if asked.validate_vpa => payment.payer_account.clone(),
            _ => None,
        };
        let card = matches!(
            mode,
            PaymentMode::CreditCard | PaymentMode::DebitCard | PaymentMode::Emi
        );
        let bin = match &payment.card_info {
            Some(CardInfo::New {
                card_number, cvv, ..
            }) if asked.check_bin && card => Some(BinCheck {
                bin: Bin::new(card_number.bin())?,
                mode,
                has_cvv: cvv.is_some(),
            }),
            _ => None,
        };
        let promo = match (asked.promo_code.clone(), max_discount) {
            (None, _) => None,
            (Some(_), None) => {
                return Err(Error::with_message(
                    ErrorCode::InvalidField,
                    "promoCode: the session's config sets no maxPromoDiscount (Apply Promo's \
                     answer is unsigned: the merchant bounds the discount it accepts)",
                ))
            }
            (Some(code), Some(max_discount)) => Some(PromoCheck {
                code,
                method: mode,
                amount,
                max_discount,
                vpa: payment.payer_account.clone(),
            }),
        };
        let login = match mode {
            PaymentMode::Balance => asked.login_mobile.clone().map(|mobile| LoginCheck {
                mobile,
                stage: Login::Send,
                refused: 0,
                retry_of: None,
            }),
            _ => None,
        };
        Ok(Checks {
            login,
            vpa,
            bin,
            promo,
            channel: payment.head.channel_id,
        })
    }

    /// The next check due: its purpose and request, or the OTP to collect.
    fn next(&self, checkout: Checkout, env: &Environment) -> Result<Option<Next>> {
        let mut checkout = checkout;
        checkout.head.channel_id = Some(self.channel.unwrap_or(Channel::Web));
        let (purpose, request) = if let Some(l) = &self.login {
            match &l.stage {
                Login::Send => {
                    let check = SendCheckoutOtp {
                        checkout,
                        mobile_no: l.mobile.clone(),
                    };
                    (Purpose::SendCheckoutOtp, check.build(env)?)
                }
                Login::Collect => return Ok(Some(Next::CollectOtp(l.retry_of.clone()))),
                Login::Validate(otp) => {
                    let check = ValidateCheckoutOtp {
                        checkout,
                        otp: otp.clone(),
                    };
                    (Purpose::ValidateCheckoutOtp, check.build(env)?)
                }
            }
        } else if let Some(vpa) = &self.vpa {
            let check = ValidateVpa {
                checkout,
                vpa: Some(vpa.clone()),
                numeric_id: None,
            };
            (Purpose::ValidateVpa, check.build(env)?)
        } else if let Some(b) = &self.bin {
            let check = FetchBinDetails {
                checkout,
                bin: b.bin.clone(),
            };
            (Purpose::FetchBinDetails, check.build(env)?)
        } else if let Some(p) = &self.promo {
            let check = ApplyPromo {
                checkout,
                pay_method: p.method,
                transaction_amount: p.amount,
                promocode: Some(p.code.clone()),
                bank_code: None,
                saved_card_id: None,
                vpa: p.vpa.clone(),
            };
            (Purpose::ApplyPromo, check.build(env)?)
        } else {
            return Ok(None);
        };
        Ok(Some(Next::Send(purpose, request)))
    }

    /// The OTP the customer typed, while a wallet login collects it.
    pub(super) fn submit_otp(&mut self, otp: &str) -> Result<()> {
        match &mut self.login {
            Some(l) if BUILT && matches!(l.stage, Login::Collect) => {
                l.stage = Login::Validate(Otp::new(otp)?);
                Ok(())
            }
            _ => Err(state_error("submit_otp: no OTP is being collected")),
        }
    }
}

fn failure(code: &str, message: &str) -> Option<Failure> {
    Some(Failure {
        code: Some(code.to_owned()),
        message: Some(message.to_owned()),
    })
}

/// How a check's answer ends.
pub(super) enum Verdict {
    /// It passed: the next check (or the payment) goes out; with the amount left to pay when a
    /// promo was applied.
    Pass(Option<Amount>),
    /// Not about this check (the check is still out): this error.
    Foreign(Error),
    /// The attempt ends: the payment is collected again with this failure.
    Drop(Option<Failure>),
    /// Unreadable (why, and the error returned): the attempt ends with [`unverified`]'s failure.
    Unread(&'static str, Error),
}

impl Checks {
    /// The next check's request, if one is due, for the token and order of `checkout`.
    pub(super) fn next_request(
        &self,
        checkout: Checkout,
        env: &Environment,
    ) -> Result<Option<Next>> {
        if !BUILT {
            return Ok(None);
        }
        self.next(checkout, env)
    }

    /// The answer to the check `purpose` (its HTTP status and body, whose JSON text `parse`
    /// reads), judged by the rules of the module docs. A foreign answer leaves the check due.
    pub(super) fn judge(
        &mut self,
        purpose: Purpose,
        http_status: u16,
        body: &[u8],
        parse: impl FnOnce(&str) -> Result<Json>,
    ) -> Result<Verdict> {
        if !BUILT {
            return Err(state_error("checkout helpers: not in this build (a bug)"));
        }
        let api = purpose.api();
        let verdict = match crate::response::native_keyless(api, http_status, body, parse) {
            Err(e) => Verdict::Unread("could not be read", e),
            Ok((_, class, answer)) => match (purpose, answer) {
                (Purpose::ValidateVpa, NativeResponse::Vpa(r)) => self.vpa_verdict(class, r),
                (Purpose::FetchBinDetails, NativeResponse::BinDetails(r)) => {
                    self.bin_verdict(class, r)
                }
                (Purpose::ApplyPromo, NativeResponse::Promo(r)) => self.promo_verdict(class, r),
                (Purpose::SendCheckoutOtp, NativeResponse::CheckoutOtp(r)) => {
                    self.otp_sent(class, r)
                }
                (Purpose::ValidateCheckoutOtp, NativeResponse::CheckoutOtp(r)) => {
                    self.otp_checked(class, r)
                }
                _ => return Err(state_error("checkout helper: unexpected answer (a bug)")),
            },
        };
        Ok(verdict)
    }

    fn vpa_verdict(&mut self, class: ResultClass, r: crate::response::VpaResponse) -> Verdict {
        let Some(vpa) = self.vpa.take() else {
            return Verdict::Drop(None);
        };
        match r.vpa.as_deref() {
            Some(v) if !v.eq_ignore_ascii_case(vpa.as_str()) => {
                self.vpa = Some(vpa);
                return Verdict::Foreign(foreign("validate_vpa", "VPA"));
            }
            None if class == ResultClass::Success => {
                return Verdict::Unread("has no vpa", malformed("validate_vpa", "vpa"))
            }
            _ => {}
        }
        match (class, r.valid) {
            (ResultClass::Success, Some(true)) => Verdict::Pass(None),
            (_, Some(false)) => {
                Verdict::Drop(failure("INVALID_VPA", "the UPI id is not valid; pay again"))
            }
            // Paytm did not say (a refusal of the request, a system error): Paytm's words.
            _ => Verdict::Drop(paytm_said("VPA_UNVERIFIED", r.result_info.result_msg)),
        }
    }

    fn bin_verdict(
        &mut self,
        class: ResultClass,
        r: crate::response::BinDetailsResponse,
    ) -> Verdict {
        let Some(b) = self.bin.take() else {
            return Verdict::Drop(None);
        };
        if class != ResultClass::Success {
            return Verdict::Drop(paytm_said("BIN_UNVERIFIED", r.result_info.result_msg));
        }
        match r.bin.as_deref() {
            // Paytm may name the range it matched with fewer or more digits than sent (its pages
            // show 9): about this card when one is a prefix of the other.
            Some(got)
                if got.len() >= 6
                    && (b.bin.as_str().starts_with(got) || got.starts_with(b.bin.as_str())) => {}
            Some(_) => {
                self.bin = Some(b);
                return Verdict::Foreign(foreign("fetch_bin_details", "BIN"));
            }
            None => return Verdict::Unread("has no bin", malformed("fetch_bin_details", "bin")),
        }
        let card_type = r.card_type.as_deref();
        let mode_fits = match b.mode {
            PaymentMode::CreditCard => card_type != Some("DEBIT_CARD"),
            PaymentMode::DebitCard => card_type != Some("CREDIT_CARD"),
            _ => true,
        };
        if r.active == Some(false) {
            Verdict::Drop(failure(
                "CARD_NOT_SUPPORTED",
                "Paytm does not accept this card now; pay with another",
            ))
        } else if !mode_fits {
            Verdict::Drop(failure(
                "CARD_MODE_MISMATCH",
                "the card's type is not the payment mode chosen (credit or debit); pay again",
            ))
        } else if b.mode == PaymentMode::Emi && r.emi_available != Some(true) {
            Verdict::Drop(failure(
                "EMI_NOT_AVAILABLE",
                "EMI is not available on this card; pay another way",
            ))
        } else if r.cvv_required == Some(true) && !b.has_cvv {
            Verdict::Drop(failure(
                "CVV_REQUIRED",
                "this card needs its CVV; pay again",
            ))
        } else {
            Verdict::Pass(None)
        }
    }

    fn promo_verdict(&mut self, class: ResultClass, r: crate::response::PromoResponse) -> Verdict {
        let Some(p) = self.promo.take() else {
            return Verdict::Drop(None);
        };
        if class != ResultClass::Success {
            return Verdict::Drop(paytm_said("PROMO_NOT_APPLIED", r.result_info.result_msg));
        }
        let named = r.offers.iter().filter_map(|o| o.promocode.as_deref());
        let mut ours = false;
        for code in named {
            if !code.eq_ignore_ascii_case(p.code.as_str()) {
                self.promo = Some(p);
                return Verdict::Foreign(foreign("apply_promo", "promo code"));
            }
            ours = true;
        }
        if !ours {
            return Verdict::Unread(
                "names no promo code",
                malformed("apply_promo", "offerBreakup[].promocodeApplied"),
            );
        }
        match r.discounted(p.amount) {
            Some(pay)
                if pay.paise() > 0 && p.amount.paise() - pay.paise() > p.max_discount.paise() =>
            {
                Verdict::Drop(failure(
                    "PROMO_DISCOUNT_TOO_HIGH",
                    "the promo takes off more than this merchant accepts; start a new order",
                ))
            }
            Some(pay) if pay.paise() > 0 => Verdict::Pass(Some(pay)),
            _ => Verdict::Unread(
                "leaves nothing to pay",
                Error::with_message(
                    ErrorCode::ResponseMalformed,
                    "apply_promo: the instant discount is not below the amount",
                ),
            ),
        }
    }
}

/// An answer about another VPA, BIN or promo code than the check's.
fn foreign(api: &str, what: &str) -> Error {
    Error::with_message(
        ErrorCode::OrderMismatch,
        format!("{api}: the answer is about another {what}"),
    )
}

impl Checks {
    fn otp_sent(&mut self, class: ResultClass, r: CheckoutOtpResponse) -> Verdict {
        let Some(l) = &mut self.login else {
            return Verdict::Drop(None);
        };
        if class != ResultClass::Success {
            return Verdict::Drop(paytm_said("OTP_NOT_SENT", r.result_info.result_msg));
        }
        l.stage = Login::Collect;
        Verdict::Pass(None)
    }

    fn otp_checked(&mut self, class: ResultClass, r: CheckoutOtpResponse) -> Verdict {
        let Some(l) = &mut self.login else {
            return Verdict::Drop(None);
        };
        match (class, r.authenticated) {
            (ResultClass::Success, Some(true)) => {
                self.login = None;
                Verdict::Pass(None)
            }
            (ResultClass::RetryAllowed, _) | (_, Some(false)) if l.refused + 1 < OTP_TRIES => {
                l.refused += 1;
                l.stage = Login::Collect;
                l.retry_of = paytm_said("INVALID_OTP", r.result_info.result_msg);
                Verdict::Pass(None)
            }
            (ResultClass::RetryAllowed, _) | (_, Some(false)) => Verdict::Drop(failure(
                "OTP_ATTEMPTS_EXHAUSTED",
                "the OTP was refused three times; pay again",
            )),
            (ResultClass::Success, None) => Verdict::Unread(
                "does not say the user is logged in",
                malformed("validate_checkout_otp", "authenticated: true"),
            ),
            _ => Verdict::Drop(paytm_said("LOGIN_FAILED", r.result_info.result_msg)),
        }
    }
}

/// The failure an unreadable answer to the check `purpose` ends the attempt with (`why` it
/// could not be read).
pub(super) fn unverified(purpose: Purpose, why: &str) -> Option<Failure> {
    let code = match purpose {
        Purpose::ValidateVpa => "VPA_UNVERIFIED",
        Purpose::FetchBinDetails => "BIN_UNVERIFIED",
        Purpose::ApplyPromo => "PROMO_UNVERIFIED",
        _ => "LOGIN_UNVERIFIED",
    };
    failure(
        code,
        &format!("{}: the answer {why}; pay again", purpose.api()),
    )
}

fn malformed(api: &str, member: &str) -> Error {
    Error::with_message(
        ErrorCode::ResponseMalformed,
        format!("{api}: a success answer without {member}"),
    )
}

/// A failure in Paytm's words (its `resultMsg`), or ours when it gave none.
fn paytm_said(code: &str, message: Option<impl Into<String>>) -> Option<Failure> {
    Some(Failure {
        code: Some(code.to_owned()),
        message: Some(
            message
                .map(Into::into)
                .unwrap_or_else(|| "Paytm did not confirm the check; pay again".to_owned()),
        ),
    })
}
