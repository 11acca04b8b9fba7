//! Initiate Transaction: starts a native checkout and returns the `txnToken` every later call
//! uses. POST `{pg}/theia/api/v1/initiateTransaction?mid={mid}&orderId={orderId}`, signed JSON.
//!
//! Field list: `spec/initiate-transaction.md` (every body member it names). The members of the
//! nested objects it collapses (goods, shippingInfo, extendInfo, VanInfo, simplifiedSubvention,
//! splitSettlementInfo) follow Paytm's public page
//! <https://paytmpayments.com/docs/api/initiate-transaction-api>.
//!
//! JSON input (the Rust struct's fields, camelCase; `head` optional):
//! ```json
//! {"head":{"version":"v1","channelId":"WEB","requestTimestamp":"1588402269"},
//!  "mid":"INTEGR7769XXXXXX9383","orderId":"ORDERID_98765","websiteName":"WEBSTAGING",
//!  "txnAmount":{"value":"1.00","currency":"INR"},"userInfo":{"custId":"CUST_001"},
//!  "callbackUrl":"https://merchant.example/callback"}
//! ```

use serde::{Deserialize, Serialize};

use super::shared::{code_defaults, Head};
use crate::types::{
    Amount, CallbackUrl, Code, Currency, CustomerId, Email, Mid, Mobile, OrderId, SsoToken, Text,
};

code_defaults!(payment = "Payment");

/// An amount with its currency: `{"value":"1.00","currency":"INR"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount (sent as `"1.00"`).
    pub value: Amount,
    /// The currency (default INR).
    #[serde(default)]
    pub currency: Currency,
}

impl Money {
    /// An amount in INR.
    pub fn inr(value: Amount) -> Money {
        Money {
            value,
            currency: Currency::default(),
        }
    }
}

/// The customer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserInfo {
    /// The merchant's id for the customer (mandatory).
    pub cust_id: CustomerId,
    /// 10-digit mobile number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<Mobile>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<Text>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<Text>,
}

impl UserInfo {
    /// A customer known only by their id.
    pub(crate) fn of(cust_id: CustomerId) -> UserInfo {
        UserInfo {
            cust_id,
            mobile: None,
            email: None,
            first_name: None,
            last_name: None,
        }
    }
}

/// A payment mode to enable or disable: `{"mode":"UPI","channels":["UPIPUSH"]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentModeFilter {
    /// BALANCE, PPBL, UPI, CREDIT_CARD, DEBIT_CARD, NET_BANKING, EMI, PAYTM_DIGITAL_CREDIT …
    pub mode: Code,
    /// Channels within the mode (e.g. UPI: UPI, UPIPUSH, UPIPUSHEXPRESS; cards: VISA, MASTER, AMEX).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<Code>>,
    /// Banks within the mode (NET_BANKING, EMI: bank codes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banks: Option<Vec<Code>>,
}

/// Order-level free fields Paytm echoes in callbacks and reports.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExtendInfo {
    /// User-defined field 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub udf1: Option<Text>,
    /// User-defined field 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub udf2: Option<Text>,
    /// User-defined field 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub udf3: Option<Text>,
    /// Merchant's unique reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merc_unq_ref: Option<Text>,
    /// Comments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<Text>,
}

/// One item of the order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GoodsInfo {
    /// Merchant's id for the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_goods_id: Option<Code>,
    /// Merchant's shipping id for the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_shipping_id: Option<Code>,
    /// Image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_url: Option<CallbackUrl>,
    /// Description (mandatory).
    pub description: Text,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Text>,
    /// Quantity, as Paytm's string (mandatory), e.g. `"1"`.
    pub quantity: Code,
    /// Unit, e.g. `Kg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Code>,
    /// Unit price (mandatory).
    pub price: Money,
    /// Item-level extra information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extend_info: Option<ExtendInfo>,
}

/// Where the order ships.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ShippingInfo {
    /// Merchant's shipping id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_shipping_id: Option<Code>,
    /// Tracking number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_no: Option<Code>,
    /// Carrier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<Text>,
    /// Shipping charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_amount: Option<Money>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_name: Option<Text>,
    /// State.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_name: Option<Text>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_name: Option<Text>,
    /// Address line 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address1: Option<Text>,
    /// Address line 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address2: Option<Text>,
    /// Recipient's first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<Text>,
    /// Recipient's last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<Text>,
    /// Recipient's mobile number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_no: Option<Mobile>,
    /// PIN code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<Code>,
    /// Recipient's email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
}

/// The customer's virtual account (VAN) details.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VanInfo {
    /// Merchant prefix of the VAN.
    pub merchant_prefix: Code,
    /// Identification number of the VAN.
    pub identification_no: Code,
    /// Purpose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Text>,
}

/// Simplified payment offers: `{"promoCode":"…","applyAvailablePromo":"true","validatePromo":"false"}`.
/// The flags travel as the strings `"true"`/`"false"`, as in the spec's example.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimplifiedPaymentOffers {
    /// Promo code to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo_code: Option<Code>,
    /// Apply the best available promo when no code is given.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "bool_string")]
    pub apply_available_promo: Option<bool>,
    /// Fail the transaction when the promo is not valid.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "bool_string")]
    pub validate_promo: Option<bool>,
}

/// `Option<bool>` as `"true"`/`"false"`, accepting JSON booleans or those strings on input.
pub(crate) mod bool_string {
    use serde::{Deserializer, Serializer};

    const WORDS: [&str; 2] = ["true", "false"];

    pub fn serialize<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        crate::api::shared::word_flag::serialize(v, s, WORDS)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        crate::api::shared::word_flag::deserialize(d, WORDS, || {
            serde::de::Error::custom("[INVALID_FIELD] flag: must be true or false")
        })
    }
}

/// One item of an EMI-subvention order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubventionItem {
    /// Item id.
    pub id: Code,
    /// Product id.
    pub product_id: Code,
    /// Brand id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<Code>,
    /// Category id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<Code>,
    /// Unit price.
    pub price: Amount,
    /// Quantity.
    pub quantity: u32,
}

/// The selected EMI-subvention offer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OfferDetails {
    /// Offer id.
    pub offer_id: Code,
}

/// EMI subvention chosen at checkout.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimplifiedSubvention {
    /// The subvention plan id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<Code>,
    /// Customer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<CustomerId>,
    /// Items (item-based subvention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<SubventionItem>>,
    /// Amount-based subvention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subvention_amount: Option<Amount>,
    /// Let the user pick the plan on Paytm's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select_plan_on_cashier_page: Option<bool>,
    /// The offer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_details: Option<OfferDetails>,
}

/// How a split is expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SplitMethod {
    /// Each part is an amount.
    Amount,
    /// Each part is a percentage.
    Percentage,
}

/// One part of a split settlement.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SplitInfo {
    /// The MID receiving this part.
    pub mid: Mid,
    /// The part as an amount (split method AMOUNT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// The part as a percentage, e.g. `"40"` (split method PERCENTAGE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Amount>,
}

/// Split settlement among several MIDs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SplitSettlementInfo {
    /// AMOUNT or PERCENTAGE.
    pub split_method: SplitMethod,
    /// The parts.
    pub split_info: Vec<SplitInfo>,
}

/// Initiate Transaction input. Build one with [`InitiateTransaction::new`] and the setters, or
/// deserialize it from JSON; then [`InitiateTransaction::build`].
///
/// ```
/// use paytm_checkout::api::initiate::InitiateTransaction;
/// use paytm_checkout::http::Environment;
/// use paytm_checkout::{MerchantKey, Salt};
/// let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK")?;
/// let req = InitiateTransaction::new(
///     "INTEGR7769XXXXXX9383".try_into()?,
///     "ORDERID_98765".try_into()?,
///     "WEBSTAGING".try_into()?,
///     "1".parse()?,
///     "CUST_001".try_into()?,
/// )
/// .callback_url("https://merchant.example/callback".try_into()?)
/// .build(&Environment::Staging, &key, Some(Salt::new(b"aB3x")?))?;
/// assert!(req.url.ends_with("/theia/api/v1/initiateTransaction?mid=INTEGR7769XXXXXX9383&orderId=ORDERID_98765"));
/// assert!(req.body_str().unwrap().contains(r#""txnAmount":{"value":"1.00","currency":"INR"}"#));
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InitiateTransaction {
    /// Optional head members (version, channelId, requestTimestamp, clientId).
    #[serde(default, skip_serializing)]
    pub head: Head,
    /// `Payment` for one-time payments (the default).
    #[serde(default = "payment")]
    pub request_type: Code,
    /// Merchant id.
    pub mid: Mid,
    /// Website name: `WEBSTAGING` on staging, `DEFAULT` in production (Paytm tells you).
    pub website_name: Code,
    /// The order id (unique per MID).
    pub order_id: OrderId,
    /// Where Paytm posts the result; overrides the one configured for `websiteName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<CallbackUrl>,
    /// The amount to charge.
    pub txn_amount: Money,
    /// The customer.
    pub user_info: UserInfo,
    /// The user's Paytm SSO token (linked wallets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paytm_sso_token: Option<SsoToken>,
    /// Only these payment modes are offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_payment_mode: Option<Vec<PaymentModeFilter>>,
    /// These payment modes are not offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_payment_mode: Option<Vec<PaymentModeFilter>>,
    /// Promo code applied on the merchant's site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo_code: Option<Code>,
    /// Items of the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods: Option<Vec<GoodsInfo>>,
    /// Shipping details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_info: Option<ShippingInfo>,
    /// Order-specific extra information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extend_info: Option<ExtendInfo>,
    /// The customer's VAN details.
    #[serde(rename = "VanInfo", default, skip_serializing_if = "Option::is_none")]
    pub van_info: Option<VanInfo>,
    /// The `paymentOffer` object from the Apply Promo API's response, passed through unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_offers_applied: Option<serde_json::Value>,
    /// Simplified payment offers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simplified_payment_offers: Option<SimplifiedPaymentOffers>,
    /// Simplified EMI subvention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simplified_subvention: Option<SimplifiedSubvention>,
    /// Token from the EMI Subvention Validate API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emi_subvention_token: Option<SsoToken>,
    /// `finalTransactionAmount` from the EMI Subvention Validate API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payable_amount: Option<Money>,
    /// Split settlement (only when a split is required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_settlement_info: Option<SplitSettlementInfo>,
}

impl InitiateTransaction {
    /// The mandatory members; the amount is in INR.
    pub fn new(
        mid: Mid,
        order_id: OrderId,
        website_name: Code,
        amount: Amount,
        cust_id: CustomerId,
    ) -> InitiateTransaction {
        InitiateTransaction {
            head: Head::default(),
            request_type: payment(),
            mid,
            website_name,
            order_id,
            callback_url: None,
            txn_amount: Money::inr(amount),
            user_info: UserInfo::of(cust_id),
            paytm_sso_token: None,
            enable_payment_mode: None,
            disable_payment_mode: None,
            promo_code: None,
            goods: None,
            shipping_info: None,
            extend_info: None,
            van_info: None,
            payment_offers_applied: None,
            simplified_payment_offers: None,
            simplified_subvention: None,
            emi_subvention_token: None,
            payable_amount: None,
            split_settlement_info: None,
        }
    }

    /// Sets the callback URL.
    pub fn callback_url(mut self, url: CallbackUrl) -> Self {
        self.callback_url = Some(url);
        self
    }

    /// Sets the customer's mobile number.
    pub fn mobile(mut self, mobile: Mobile) -> Self {
        self.user_info.mobile = Some(mobile);
        self
    }

    /// Sets the customer's email.
    pub fn email(mut self, email: Email) -> Self {
        self.user_info.email = Some(email);
        self
    }

    /// Sets the head.
    pub fn head(mut self, head: Head) -> Self {
        self.head = head;
        self
    }

    /// Offers only these payment modes.
    pub fn enable_payment_modes(mut self, modes: Vec<PaymentModeFilter>) -> Self {
        self.enable_payment_mode = Some(modes);
        self
    }
}
