//! The native checkout helpers: seven APIs a custom checkout page calls between Initiate
//! Transaction and Process Transaction, all authenticated by the txnToken (no merchant key, no
//! checksum), so they are built in a browser as well as on a server.
//!
//! Every request is `POST {pg}{path}?mid={mid}&orderId={orderId}` with the JSON
//! `{"head":{AUTH,version?,requestTimestamp?,channelId?},"body":{…}}`, AUTH being
//! `"txnToken":…` or `"tokenType":"TXN_TOKEN","token":…` as each page documents it. The JSON
//! input of each is `{"txnToken","mid","orderId","head"?, …its body members}`.
//!
//! | api | type | path | AUTH | body | Paytm's page |
//! | --- | --- | --- | --- | --- | --- |
//! | `fetch_payment_options` | [`FetchPaymentOptions`] | `/theia/api/v2/fetchPaymentOptions` | txnToken | `{}` | <https://business.paytm.com/docs/api/v2/fetch-payment-options-api> |
//! | `fetch_bin_details` | [`FetchBinDetails`] | `/theia/api/v1/fetchBinDetail` | tokenType, `head.channelId` required | `bin` | <https://business.paytm.com/docs/api/fetch-bin-details-api> |
//! | `validate_vpa` | [`ValidateVpa`] | `/theia/api/v1/vpa/validate` | tokenType | `vpa` or `numericId` | <https://paytmpayments.com/docs/api/validate-vpa> |
//! | `fetch_emi_details` | [`FetchEmiDetails`] | `/theia/api/v1/fetchEMIDetail` | txnToken | `channelCode`, `amount`?, `emiType`? | <https://paytmpayments.com/docs/api/fetch-emi-detail-api> |
//! | `apply_promo` | [`ApplyPromo`] | `/theia/api/v1/applyPromo` | tokenType, `head.channelId` required | `mid`, `promocode`?, `paymentOptions`, `totalTransactionAmount` | <https://paytmpayments.com/docs/api/apply-promo> |
//! | `send_checkout_otp` | [`SendCheckoutOtp`] | `/login/sendOtp` | txnToken | `mobileNo` | <https://paytmpayments.com/docs/api/sendotp-checkout-api> |
//! | `validate_checkout_otp` | [`ValidateCheckoutOtp`] | `/login/validateOtp` | txnToken | `otp` | <https://business.paytm.com/docs/validateotp-checkout-api> |
//!
//! Not confirmed by those pages (docs/native-checkout.md keeps the list): the token member of
//! Fetch Payment Options v2 and its empty body (taken from the v1 page); `TXN_TOKEN` for Apply
//! Promo (its page lists `ACCESS` and `CHECKSUM`). Apply Promo takes no card number here: card
//! data stays out of this request (`savedCardId` names a saved card).
//!
//! The txnToken and the OTP are redacted in the request's Debug, curl and JSON views. This
//! module builds requests only; [`crate::response`] reads the answers.

use std::borrow::Cow;

use super::process::{EmiType, PaymentMode};
use super::shared::{missing, pg_order_url, Head};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{unsigned_json, Environment, HttpRequest, Method};
use crate::input::{Json, Obj};
use crate::names::Named;
use crate::types::{Amount, Bin, Code, Mid, Mobile, NumericId, OrderId, Otp, TxnToken, Vpa};

/// What every helper's input carries: the txnToken, the optional head members and the order
/// the token was issued for.
#[derive(Debug, Clone)]
pub struct Checkout {
    /// The txnToken from Initiate Transaction (redacted in Debug).
    pub txn_token: TxnToken,
    /// Optional head members (version, requestTimestamp, channelId).
    pub head: Head,
    /// Merchant id (query).
    pub mid: Mid,
    /// The order id given to Initiate Transaction (query).
    pub order_id: OrderId,
}

impl Checkout {
    /// The token and order, no optional head member.
    pub fn new(txn_token: TxnToken, mid: Mid, order_id: OrderId) -> Checkout {
        Checkout {
            txn_token,
            head: Head::default(),
            mid,
            order_id,
        }
    }
}

/// How the txnToken travels in the head.
#[derive(Clone, Copy)]
enum Auth {
    /// `"txnToken":…`.
    TxnToken,
    /// `"tokenType":"TXN_TOKEN","token":…`.
    TokenType,
}

/// One API's constants.
struct Spec {
    api: &'static str,
    path: &'static str,
    auth: Auth,
    /// Whether the page marks `head.channelId` mandatory.
    channel_required: bool,
    /// The input's members besides the common ones.
    members: &'static [&'static str],
}

/// A body member's value: text, an object, or a list of objects.
enum Val<'a> {
    Text(Cow<'a, str>),
    Obj(Members<'a>),
    List(Vec<Members<'a>>),
}

type Members<'a> = Vec<(&'static str, Val<'a>)>;

fn text(s: &str) -> Val<'_> {
    Val::Text(Cow::Borrowed(s))
}

/// Appends `name: value` when `value` is present.
fn put<'a>(m: &mut Members<'a>, name: &'static str, value: Option<&'a str>) {
    if let Some(v) = value {
        m.push((name, text(v)));
    }
}

/// Paytm's money object, `{"value":"1.00","currency":"INR"}`.
fn money<'a>(a: Amount) -> Val<'a> {
    Val::Obj(vec![
        ("value", Val::Text(Cow::Owned(a.to_string()))),
        ("currency", text("INR")),
    ])
}

fn write(out: &mut Vec<u8>, members: &Members<'_>) {
    out.push(b'{');
    for (i, (k, v)) in members.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        crate::http::push_json_str(out, k);
        out.push(b':');
        match v {
            Val::Text(s) => crate::http::push_json_str(out, s),
            Val::Obj(m) => write(out, m),
            Val::List(items) => {
                out.push(b'[');
                for (j, m) in items.iter().enumerate() {
                    if j > 0 {
                        out.push(b',');
                    }
                    write(out, m);
                }
                out.push(b']');
            }
        }
    }
    out.push(b'}');
}

const COMMON: &[&str] = &["txnToken", "head", "mid", "orderId"];

/// The input's top-level object (the common members and `spec`'s) and its common part.
fn read_root<'a>(spec: &Spec, json: &'a Json) -> Result<(Checkout, Obj<'a>)> {
    let mut known = COMMON.to_vec();
    known.extend_from_slice(spec.members);
    let o = Obj::root(spec.api, json, &known)?;
    let txn_token = o.req_text("txnToken", |s| TxnToken::new(s))?;
    let head = Head::read_member(&o)?;
    let c = Checkout {
        txn_token,
        head,
        mid: o.req_text("mid", |s| Mid::new(s))?,
        order_id: o.req_text("orderId", |s| OrderId::new(s))?,
    };
    Ok((c, o))
}

/// The request: the head (AUTH, then the optional members), the body as `body` writes it, the
/// token and `secret` redacted.
fn send(
    spec: &Spec,
    c: &Checkout,
    body: &Members<'_>,
    secret: Option<&str>,
    env: &Environment,
) -> Result<HttpRequest> {
    if spec.channel_required && c.head.channel_id.is_none() {
        return Err(missing(spec.api, "head.channelId"));
    }
    let token = c.txn_token.as_str();
    let mut head = match spec.auth {
        Auth::TxnToken => vec![("txnToken", token)],
        Auth::TokenType => vec![("tokenType", "TXN_TOKEN"), ("token", token)],
    };
    head.extend(c.head.fields());
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(64));
    write(&mut bytes, body);
    let url = pg_order_url(env, spec.path, &c.mid, &c.order_id);
    let mut req = HttpRequest::new(Method::Post, url)
        .with_json(unsigned_json(&head, &bytes))
        .redacting(token);
    if let Some(s) = secret {
        req = req.redacting(s);
    }
    Ok(req)
}

/// Declares a helper's input type: the [`Checkout`] (token, head, order) and its own fields,
/// all public, in the order given.
macro_rules! input {
    ($(#[$doc:meta])* $ty:ident { $($(#[$fdoc:meta])* $field:ident: $t:ty,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $ty {
            /// Token, head and order.
            pub checkout: Checkout,
            $($(#[$fdoc])* pub $field: $t,)*
        }
    };
}

/// Declares each helper: its constants, `from_json`, `from_tree` and `build`, and the
/// dispatchers over all of them. A row: `Type = "api", "path", Auth, channel_required,
/// [own members]`; the type has `read(Checkout, &Obj)` and `body(&self) -> Result<Members>` (and
/// may name a `secret` field, redacted in the request's views).
macro_rules! helpers {
    ($($ty:ident = $api:literal, $path:literal, $auth:ident, $channel:literal, [$($m:literal),*]
        $(, secret = $secret:ident)?;)*) => {
        $(impl $ty {
            const SPEC: Spec = Spec {
                api: $api,
                path: $path,
                auth: Auth::$auth,
                channel_required: $channel,
                members: &[$($m),*],
            };

            /// Reads the JSON input (see the module docs).
            pub fn from_json(json: &[u8]) -> Result<$ty> {
                $ty::from_tree(&Json::parse($api, json)?)
            }

            /// As `from_json`, from a JSON tree the host parsed (see [`crate::input`]).
            pub fn from_tree(tree: &Json) -> Result<$ty> {
                let (c, o) = read_root(&$ty::SPEC, tree)?;
                $ty::read(c, &o)
            }

            /// The request (no key needed).
            pub fn build(&self, env: &Environment) -> Result<HttpRequest> {
                #[allow(unused_mut, unused_assignments)]
                let mut secret: Option<&str> = None;
                $(secret = Some(self.$secret.as_str());)?
                send(&$ty::SPEC, &self.checkout, &self.body()?, secret, env)
            }
        })*

        /// Every helper's `api` name, in the order of the module table.
        pub const NAMES: &[&str] = &[$($api),*];

        /// Builds the helper named `api` from its JSON tree; `None` when `api` is not one.
        pub fn build_tree(api: &str, tree: &Json, env: &Environment) -> Option<Result<HttpRequest>> {
            Some(match api {
                $($api => $ty::from_tree(tree).and_then(|t| t.build(env)),)*
                _ => return None,
            })
        }
    };
}

helpers! {
    FetchPaymentOptions = "fetch_payment_options", "/theia/api/v2/fetchPaymentOptions", TxnToken,
        false, [];
    FetchBinDetails = "fetch_bin_details", "/theia/api/v1/fetchBinDetail", TokenType, true,
        ["bin"];
    ValidateVpa = "validate_vpa", "/theia/api/v1/vpa/validate", TokenType, false,
        ["vpa", "numericId"];
    FetchEmiDetails = "fetch_emi_details", "/theia/api/v1/fetchEMIDetail", TxnToken, false,
        ["channelCode", "amount", "emiType"];
    ApplyPromo = "apply_promo", "/theia/api/v1/applyPromo", TokenType, true,
        ["promocode", "payMethod", "transactionAmount", "bankCode", "savedCardId", "vpa"];
    SendCheckoutOtp = "send_checkout_otp", "/login/sendOtp", TxnToken, false, ["mobileNo"];
    ValidateCheckoutOtp = "validate_checkout_otp", "/login/validateOtp", TxnToken, false,
        ["otp"], secret = otp;
}

/// `&[names…, helpers…]`: a name table (core's API names, the response API names) with the
/// helpers' names appended, so those are written once, here.
macro_rules! with_helpers {
    ($($name:literal),* $(,)?) => {
        &[
            $($name,)*
            "fetch_payment_options",
            "fetch_bin_details",
            "validate_vpa",
            "fetch_emi_details",
            "apply_promo",
            "send_checkout_otp",
            "validate_checkout_otp",
        ]
    };
}
pub(crate) use with_helpers;

/// Builds the helper named `api` from its JSON text; `None` when `api` is not one.
pub fn build_json(api: &str, params: &[u8], env: &Environment) -> Option<Result<HttpRequest>> {
    if !NAMES.contains(&api) {
        return None;
    }
    match Json::parse(api, params) {
        Ok(tree) => build_tree(api, &tree, env),
        Err(e) => Some(Err(e)),
    }
}

input! {
    /// Fetch Payment Options: the pay modes, channels, saved cards and EMI plans open to this
    /// transaction.
    FetchPaymentOptions {
    }
}

impl FetchPaymentOptions {
    fn read(checkout: Checkout, _: &Obj<'_>) -> Result<FetchPaymentOptions> {
        Ok(FetchPaymentOptions { checkout })
    }

    fn body(&self) -> Result<Members<'_>> {
        Ok(Vec::new())
    }
}

input! {
    /// Validate VPA: whether a UPI id (or numeric id) exists, before a UPI collect payment.
    ValidateVpa {
        /// The UPI id (exactly one of `vpa` and `numeric_id`).
        vpa: Option<Vpa>,
        /// The UPI numeric id.
        numeric_id: Option<NumericId>,
    }
}

impl ValidateVpa {
    fn read(checkout: Checkout, o: &Obj<'_>) -> Result<ValidateVpa> {
        let vpa = o.text("vpa", |s| Vpa::new(s))?;
        let numeric_id = o.text("numericId", |s| NumericId::new(s))?;
        Ok(ValidateVpa {
            checkout,
            vpa,
            numeric_id,
        })
    }

    fn body(&self) -> Result<Members<'_>> {
        let mut m = Vec::with_capacity(1);
        put(&mut m, "vpa", self.vpa.as_ref().map(Vpa::as_str));
        put(
            &mut m,
            "numericId",
            self.numeric_id.as_ref().map(NumericId::as_str),
        );
        match m.len() {
            0 => Err(missing(ValidateVpa::SPEC.api, "vpa")),
            1 => Ok(m),
            _ => Err(Error::with_message(
                ErrorCode::InvalidField,
                "validate_vpa: give vpa or numericId, not both",
            )),
        }
    }
}

input! {
    /// Fetch EMI Details: a bank's EMI plans (tenure, interest, amounts).
    FetchEmiDetails {
        /// The transaction amount (sent as `{"value","currency":"INR"}`).
        amount: Option<Amount>,
        /// The bank, e.g. `HDFC`.
        channel_code: Code,
        /// Debit- or credit-card EMI (mandatory at Paytm for a debit-card bank).
        emi_type: Option<EmiType>,
    }
}

impl FetchEmiDetails {
    fn read(checkout: Checkout, o: &Obj<'_>) -> Result<FetchEmiDetails> {
        Ok(FetchEmiDetails {
            channel_code: o.req_text("channelCode", |s| Code::new(s))?,
            amount: o.text("amount", Amount::parse)?,
            emi_type: o.choice("emiType", EmiType::ALL)?,
            checkout,
        })
    }

    fn body(&self) -> Result<Members<'_>> {
        let mut m = vec![("channelCode", text(self.channel_code.as_str()))];
        if let Some(a) = self.amount {
            m.push(("amount", money(a)));
        }
        put(&mut m, "emiType", self.emi_type.map(EmiType::name));
        Ok(m)
    }
}

input! {
    /// Apply Promo: the discount a promo code (or Paytm's best offer) gives one payment option.
    ApplyPromo {
        /// How the customer pays.
        pay_method: PaymentMode,
        /// The amount the option pays (also the total: one option).
        transaction_amount: Amount,
        /// The promo code; absent, Paytm applies the best offer.
        promocode: Option<Code>,
        /// The bank (net banking).
        bank_code: Option<Code>,
        /// A saved card's id (from Fetch Payment Options).
        saved_card_id: Option<Code>,
        /// The UPI id (UPI).
        vpa: Option<Vpa>,
    }
}

impl ApplyPromo {
    fn read(checkout: Checkout, o: &Obj<'_>) -> Result<ApplyPromo> {
        let code = |name| o.text(name, |s| Code::new(s));
        let promocode = code("promocode")?;
        let pay_method = o.req_choice("payMethod", PaymentMode::ALL)?;
        let transaction_amount = o.req_text("transactionAmount", Amount::parse)?;
        Ok(ApplyPromo {
            checkout,
            promocode,
            pay_method,
            transaction_amount,
            bank_code: code("bankCode")?,
            saved_card_id: code("savedCardId")?,
            vpa: o.text("vpa", |s| Vpa::new(s))?,
        })
    }

    fn body(&self) -> Result<Members<'_>> {
        let amount = self.transaction_amount.to_string();
        let mut option = vec![
            ("transactionAmount", Val::Text(Cow::Owned(amount.clone()))),
            ("payMethod", text(self.pay_method.name())),
        ];
        put(
            &mut option,
            "bankCode",
            self.bank_code.as_ref().map(Code::as_str),
        );
        put(
            &mut option,
            "savedCardId",
            self.saved_card_id.as_ref().map(Code::as_str),
        );
        put(&mut option, "vpa", self.vpa.as_ref().map(Vpa::as_str));
        let mut m = vec![("mid", text(self.checkout.mid.as_str()))];
        put(
            &mut m,
            "promocode",
            self.promocode.as_ref().map(Code::as_str),
        );
        m.push(("paymentOptions", Val::List(vec![option])));
        m.push(("totalTransactionAmount", Val::Text(Cow::Owned(amount))));
        Ok(m)
    }
}

/// Declares the helpers whose body is one required text member: `Type, "member", field: T
/// (its `new` validates), field doc;` with the type's doc first.
macro_rules! one_member {
    ($($(#[$doc:meta])* $ty:ident, $member:literal, $field:ident: $t:ident, $fdoc:literal;)*) => {$(
        input! {
            $(#[$doc])*
            $ty {
                #[doc = $fdoc]
                $field: $t,
            }
        }

        impl $ty {
            fn read(checkout: Checkout, o: &Obj<'_>) -> Result<$ty> {
                let $field = o.req_text($member, |s| $t::new(s))?;
                Ok($ty { checkout, $field })
            }

            fn body(&self) -> Result<Members<'_>> {
                Ok(vec![($member, text(self.$field.as_str()))])
            }
        }
    )*};
}

one_member! {
    /// Fetch BIN Details: a card's type, issuer, scheme, EMI eligibility and whether CVV/OTP is
    /// needed, from its first digits (`head.channelId` required).
    FetchBinDetails, "bin", bin: Bin, "The card's first 6-9 digits.";
    /// Send OTP (checkout): texts a Paytm user the OTP that logs the wallet in for this
    /// transaction.
    SendCheckoutOtp, "mobileNo", mobile_no: Mobile, "The user's 10-digit mobile number.";
    /// Validate OTP (checkout): the OTP the user typed; success logs the wallet in.
    ValidateCheckoutOtp, "otp", otp: Otp, "The OTP (redacted).";
}
