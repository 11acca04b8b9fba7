//! Process Transaction: pays an initiated transaction with a chosen payment mode.
//! POST `{pg}/theia/api/v1/processTransaction?mid={mid}&orderId={orderId}`, JSON
//! `{"head":{"txnToken":…},"body":{…}}` without a checksum: the txnToken authenticates, so this
//! request can be built on a phone that never holds the merchant key.
//!
//! Field list and payment modes: `spec/process-transaction.md`. Each mode's required members are
//! checked before building ([`ErrorCode::MissingField`] names the member):
//!
//! | paymentMode | requires |
//! | --- | --- |
//! | BALANCE, PAYTM_DIGITAL_CREDIT, PPBL, UPI_INTENT | — |
//! | WALLET (intelligent router) | walletType |
//! | UPI (collect) | payerAccount |
//! | CREDIT_CARD, DEBIT_CARD | cardInfo (a `token` cardInfo also needs cardTokenInfo) |
//! | NET_BANKING | channelCode |
//! | EMI | planId and cardInfo |
//!
//! Decoupled 3DS (authorization only): `eci` and `acsAuthenticationToken` go together;
//! `dsReferenceNumber`, `acsTransactionId`, `secureVersion3D` are optional.
//!
//! JSON input: `{"txnToken":"…","head":{…optional},"mid":"…","orderId":"…","paymentMode":"CREDIT_CARD",
//! "cardInfo":{"type":"new","cardNumber":"…","cvv":"…","expiry":"MMYYYY"},"authMode":"otp"}`.

use serde::Serialize;

use super::shared::{missing, pg_order_url, Head};
use crate::card::{CardInfo, CardTokenInfo, CoftConsent, PlanId};
use crate::error::{ErrorCode, Result};
use crate::http::{to_json_bytes, unsigned_json, Environment, HttpRequest, Method};
use crate::input::{Json, Obj};
use crate::names::Named;
use crate::types::{Code, Mid, Mobile, OrderId, TxnToken, Vpa};

const API: &str = "process_transaction";

crate::names::named! {
    /// The payment mode.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum PaymentMode {
        /// Paytm wallet.
        Balance = "BALANCE",
        /// Paytm Postpaid.
        PaytmDigitalCredit = "PAYTM_DIGITAL_CREDIT",
        /// UPI collect.
        Upi = "UPI",
        /// UPI intent (deep link).
        UpiIntent = "UPI_INTENT",
        /// Credit card.
        CreditCard = "CREDIT_CARD",
        /// Debit card.
        DebitCard = "DEBIT_CARD",
        /// Net banking.
        NetBanking = "NET_BANKING",
        /// EMI.
        Emi = "EMI",
        /// Paytm Payments Bank.
        Ppbl = "PPBL",
        /// Wallet through the intelligent router.
        Wallet = "WALLET",
    }
}

crate::names::named! {
    /// Card authentication mode.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum AuthMode {
        /// Mobile OTP.
        Otp = "otp",
        /// ATM PIN.
        Pin = "pin",
        /// ATM (the spec's sample 3 spells it so).
        Atm = "atm",
    }
}

crate::names::named! {
    /// The payment flow.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum PaymentFlow {
        /// Default.
        None = "NONE",
        /// Add money to the wallet, then pay.
        Addandpay = "ADDANDPAY",
        /// Hybrid.
        Hybrid = "HYBRID",
    }
}

crate::names::named! {
    /// Whether an EMI is on a debit or credit card.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum EmiType {
        /// Debit-card EMI.
        DebitCard = "DEBIT_CARD",
        /// Credit-card EMI.
        CreditCard = "CREDIT_CARD",
    }
}

crate::names::named! {
    /// Where card authentication happens.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum OtpPage {
        /// The bank's page.
        Bank = "bank",
        /// The merchant's or Paytm's hosted OTP page (Paytm fails the payment if it cannot honour it).
        Merchant = "merchant",
    }
}

/// Process Transaction input. Set the mode's members (see the module table), then
/// [`ProcessTransaction::build`].
#[derive(Debug, Clone)]
pub struct ProcessTransaction {
    /// The txnToken from Initiate Transaction.
    pub txn_token: TxnToken,
    /// Optional head members (version, channelId, requestTimestamp).
    pub head: Head,
    /// Merchant id.
    pub mid: Mid,
    /// The order id given to Initiate Transaction.
    pub order_id: OrderId,
    /// The payment mode.
    pub payment_mode: PaymentMode,
    /// The card (cards and EMI).
    pub card_info: Option<CardInfo>,
    /// Card authentication mode.
    pub auth_mode: Option<AuthMode>,
    /// Bank code (NET_BANKING, e.g. `SBI`) or UPI channel (e.g. `collect`).
    pub channel_code: Option<Code>,
    /// Payment flow.
    pub payment_flow: Option<PaymentFlow>,
    /// The payer's VPA (UPI collect).
    pub payer_account: Option<Vpa>,
    /// EMI plan.
    pub plan_id: Option<PlanId>,
    /// Wallet type for the intelligent router, e.g. `PAYTMPG`.
    pub wallet_type: Option<Code>,
    /// EMI card type (mandatory for debit-card EMI).
    pub emi_type: Option<EmiType>,
    /// Where card authentication happens.
    pub preferred_otp_page: Option<OtpPage>,
    /// Save the card at Paytm (sent as `"1"`/`"0"`, as in the spec's samples).
    pub store_instrument: Option<bool>,
    /// Tokenisation consent.
    pub coft_consent: Option<CoftConsent>,
    /// Network token data.
    pub card_token_info: Option<CardTokenInfo>,
    /// Mobile number (debit-card EMI eligibility).
    pub mobile_number: Option<Mobile>,
    /// Decoupled 3DS: electronic commerce indicator, e.g. `05`.
    pub eci: Option<Code>,
    /// Decoupled 3DS: the ACS authentication value (CAVV/AAV), base64.
    pub acs_authentication_token: Option<String>,
    /// Decoupled 3DS: directory server transaction id.
    pub ds_reference_number: Option<Code>,
    /// Decoupled 3DS: ACS transaction id.
    pub acs_transaction_id: Option<Code>,
    /// Decoupled 3DS: protocol version, e.g. `2.2.0`.
    pub secure_version_3d: Option<Code>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    request_type: &'static str,
    mid: &'a Mid,
    order_id: &'a OrderId,
    payment_mode: PaymentMode,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_info: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_mode: Option<AuthMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel_code: Option<&'a Code>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_flow: Option<PaymentFlow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payer_account: Option<&'a Vpa>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan_id: Option<&'a PlanId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wallet_type: Option<&'a Code>,
    #[serde(skip_serializing_if = "Option::is_none")]
    emi_type: Option<EmiType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    preferred_otp_page: Option<OtpPage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    store_instrument: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coft_consent: Option<&'a CoftConsent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_token_info: Option<&'a CardTokenInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mobile_number: Option<&'a Mobile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eci: Option<&'a Code>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acs_authentication_token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ds_reference_number: Option<&'a Code>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acs_transaction_id: Option<&'a Code>,
    #[serde(rename = "secureVersion3D", skip_serializing_if = "Option::is_none")]
    secure_version_3d: Option<&'a Code>,
}

crate::input::read_through_tree!(ProcessTransaction, API, ProcessTransaction::read_as);

const MEMBERS: &[&str] = &[
    "txnToken",
    "head",
    "mid",
    "orderId",
    "paymentMode",
    "cardInfo",
    "authMode",
    "channelCode",
    "paymentFlow",
    "payerAccount",
    "planId",
    "walletType",
    "emiType",
    "preferredOtpPage",
    "storeInstrument",
    "coftConsent",
    "cardTokenInfo",
    "mobileNumber",
    "eci",
    "acsAuthenticationToken",
    "dsReferenceNumber",
    "acsTransactionId",
    "secureVersion3D",
];

impl ProcessTransaction {
    /// Reads the JSON input shown in the module docs. The same reading as `Deserialize` and
    /// [`crate::build_request`], in much less code: what the npm package's browser build uses.
    pub fn from_json(json: &[u8]) -> Result<ProcessTransaction> {
        ProcessTransaction::read_as(&Json::parse(API, json)?, API)
    }

    /// As [`ProcessTransaction::from_json`], from a JSON tree the host parsed (see
    /// [`crate::input`]).
    pub fn from_tree(tree: &Json) -> Result<ProcessTransaction> {
        ProcessTransaction::read_as(tree, API)
    }

    /// The reader, with `what` as the messages' prefix.
    pub(crate) fn read_as(json: &Json, what: &str) -> Result<ProcessTransaction> {
        let o = Obj::root(what, json, MEMBERS)?;
        let code = |name| o.text(name, |s| Code::new(s));
        // Members in this order (the first bad one is the error), set one by one on the value:
        // a struct literal of `?`s drops every field read so far on each error path, which made
        // this function 8 KB of the browser build's WebAssembly.
        let txn_token = o.req_text("txnToken", |s| TxnToken::new(s))?;
        let head = Head::read_member(&o)?;
        let mut p = ProcessTransaction::new(
            txn_token,
            o.req_text("mid", |s| Mid::new(s))?,
            o.req_text("orderId", |s| OrderId::new(s))?,
            o.req_choice("paymentMode", PaymentMode::ALL)?,
        );
        p.head = head;
        p.card_info = o
            .obj("cardInfo", CardInfo::MEMBERS)?
            .map(|c| CardInfo::read(&c))
            .transpose()?;
        p.auth_mode = o.choice("authMode", AuthMode::ALL)?;
        p.channel_code = code("channelCode")?;
        p.payment_flow = o.choice("paymentFlow", PaymentFlow::ALL)?;
        p.payer_account = o.text("payerAccount", |s| Vpa::new(s))?;
        p.plan_id = o.text("planId", PlanId::parse)?;
        p.wallet_type = code("walletType")?;
        p.emi_type = o.choice("emiType", EmiType::ALL)?;
        p.preferred_otp_page = o.choice("preferredOtpPage", OtpPage::ALL)?;
        p.store_instrument = o.flag("storeInstrument")?;
        p.coft_consent = o
            .obj("coftConsent", CoftConsent::MEMBERS)?
            .map(|c| CoftConsent::read(&c))
            .transpose()?;
        p.card_token_info = o
            .obj("cardTokenInfo", CardTokenInfo::MEMBERS)?
            .map(|c| CardTokenInfo::read(&c))
            .transpose()?;
        p.mobile_number = o.text("mobileNumber", |s| Mobile::new(s))?;
        p.eci = code("eci")?;
        p.acs_authentication_token = o.str("acsAuthenticationToken")?.map(str::to_owned);
        p.ds_reference_number = code("dsReferenceNumber")?;
        p.acs_transaction_id = code("acsTransactionId")?;
        p.secure_version_3d = code("secureVersion3D")?;
        Ok(p)
    }

    /// A request for `payment_mode` with no mode-specific members yet.
    pub fn new(
        txn_token: TxnToken,
        mid: Mid,
        order_id: OrderId,
        payment_mode: PaymentMode,
    ) -> Self {
        ProcessTransaction {
            txn_token,
            head: Head::default(),
            mid,
            order_id,
            payment_mode,
            card_info: None,
            auth_mode: None,
            channel_code: None,
            payment_flow: None,
            payer_account: None,
            plan_id: None,
            wallet_type: None,
            emi_type: None,
            preferred_otp_page: None,
            store_instrument: None,
            coft_consent: None,
            card_token_info: None,
            mobile_number: None,
            eci: None,
            acs_authentication_token: None,
            ds_reference_number: None,
            acs_transaction_id: None,
            secure_version_3d: None,
        }
    }

    /// Sets the card.
    pub fn card(mut self, card: CardInfo) -> Self {
        self.card_info = Some(card);
        self
    }

    /// Sets the UPI payer VPA.
    pub fn payer_account(mut self, vpa: Vpa) -> Self {
        self.payer_account = Some(vpa);
        self
    }

    /// Sets the bank or channel code.
    pub fn channel_code(mut self, code: Code) -> Self {
        self.channel_code = Some(code);
        self
    }

    /// Sets the EMI plan.
    pub fn plan(mut self, plan: PlanId) -> Self {
        self.plan_id = Some(plan);
        self
    }

    /// Sets the card authentication mode.
    pub fn auth_mode(mut self, mode: AuthMode) -> Self {
        self.auth_mode = Some(mode);
        self
    }

    /// Checks that the mode's required members are present and nested objects are well formed.
    pub fn validate(&self) -> Result<()> {
        use PaymentMode::*;
        match self.payment_mode {
            Balance | PaytmDigitalCredit | Ppbl | UpiIntent => {}
            Wallet if self.wallet_type.is_none() => return Err(missing(API, "walletType")),
            Wallet => {}
            Upi if self.payer_account.is_none() => return Err(missing(API, "payerAccount")),
            Upi => {}
            NetBanking if self.channel_code.is_none() => return Err(missing(API, "channelCode")),
            NetBanking => {}
            CreditCard | DebitCard | Emi => {
                if self.card_info.is_none() {
                    return Err(missing(API, "cardInfo"));
                }
                if self.payment_mode == Emi && self.plan_id.is_none() {
                    return Err(missing(API, "planId"));
                }
            }
        }
        if matches!(self.card_info, Some(CardInfo::Token { .. })) && self.card_token_info.is_none()
        {
            return Err(missing(API, "cardTokenInfo"));
        }
        if let Some(c) = &self.coft_consent {
            c.validate()?;
        }
        if let Some(t) = &self.card_token_info {
            t.validate()?;
        }
        match (&self.eci, &self.acs_authentication_token) {
            (Some(_), None) => return Err(missing(API, "acsAuthenticationToken")),
            (None, Some(_)) => return Err(missing(API, "eci")),
            _ => {}
        }
        if let Some(t) = &self.acs_authentication_token {
            crate::types::check_chars(
                t,
                128,
                |b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'),
                ErrorCode::InvalidField,
                "acsAuthenticationToken",
                "must be 1-128 base64 characters",
            )?;
        }
        Ok(())
    }

    /// The request (no key needed).
    pub fn build(&self, env: &Environment) -> Result<HttpRequest> {
        self.validate()?;
        let card = self.card_info.as_ref().map(CardInfo::encode);
        let body = Body {
            request_type: "NATIVE",
            mid: &self.mid,
            order_id: &self.order_id,
            payment_mode: self.payment_mode,
            card_info: card.as_ref().map(|c| c.as_str()),
            auth_mode: self.auth_mode,
            channel_code: self.channel_code.as_ref(),
            payment_flow: self.payment_flow,
            payer_account: self.payer_account.as_ref(),
            plan_id: self.plan_id.as_ref(),
            wallet_type: self.wallet_type.as_ref(),
            emi_type: self.emi_type,
            preferred_otp_page: self.preferred_otp_page,
            store_instrument: self.store_instrument.map(|b| if b { "1" } else { "0" }),
            coft_consent: self.coft_consent.as_ref(),
            card_token_info: self.card_token_info.as_ref(),
            mobile_number: self.mobile_number.as_ref(),
            eci: self.eci.as_ref(),
            acs_authentication_token: self.acs_authentication_token.as_deref(),
            ds_reference_number: self.ds_reference_number.as_ref(),
            acs_transaction_id: self.acs_transaction_id.as_ref(),
            secure_version_3d: self.secure_version_3d.as_ref(),
        };
        let body = zeroize::Zeroizing::new(to_json_bytes(&body)?);
        let mut head = vec![("txnToken", self.txn_token.as_str())];
        head.extend(self.head.fields());
        let url = pg_order_url(
            env,
            "/theia/api/v1/processTransaction",
            &self.mid,
            &self.order_id,
        );
        let mut req = HttpRequest::new(Method::Post, url)
            .with_json(unsigned_json(&head, &body))
            .redacting(self.txn_token.as_str());
        if let Some(c) = &card {
            req = req.redacting(c.as_str());
        }
        if let Some(t) = &self.card_token_info {
            for s in t.secrets() {
                req = req.redacting(s);
            }
        }
        if let Some(t) = &self.acs_authentication_token {
            req = req.redacting(t.clone());
        }
        Ok(req)
    }
}
