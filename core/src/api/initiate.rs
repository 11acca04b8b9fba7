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

crate::json_struct::json_struct! {
    /// The customer.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct UserInfo {
        /// The merchant's id for the customer (mandatory).
        pub cust_id: CustomerId,
        /// 10-digit mobile number.
        pub mobile: Option<Mobile> => omit,
        /// Email address.
        pub email: Option<Email> => omit,
        /// First name.
        pub first_name: Option<Text> => omit,
        /// Last name.
        pub last_name: Option<Text> => omit,
    }
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

crate::json_struct::json_struct! {
    /// A payment mode to enable or disable: `{"mode":"UPI","channels":["UPIPUSH"]}`.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct PaymentModeFilter {
        /// BALANCE, PPBL, UPI, CREDIT_CARD, DEBIT_CARD, NET_BANKING, EMI, PAYTM_DIGITAL_CREDIT …
        pub mode: Code,
        /// Channels within the mode (e.g. UPI: UPI, UPIPUSH, UPIPUSHEXPRESS; cards: VISA, MASTER, AMEX).
        pub channels: Option<Vec<Code>> => omit,
        /// Banks within the mode (NET_BANKING, EMI: bank codes).
        pub banks: Option<Vec<Code>> => omit,
    }
}

crate::json_struct::json_struct! {
    /// Order-level free fields Paytm echoes in callbacks and reports.
    #[derive(Debug, Clone, Default, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct ExtendInfo {
        /// User-defined field 1.
        pub udf1: Option<Text> => omit,
        /// User-defined field 2.
        pub udf2: Option<Text> => omit,
        /// User-defined field 3.
        pub udf3: Option<Text> => omit,
        /// Merchant's unique reference.
        pub merc_unq_ref: Option<Text> => omit,
        /// Comments.
        pub comments: Option<Text> => omit,
    }
}

crate::json_struct::json_struct! {
    /// One item of the order.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct GoodsInfo {
        /// Merchant's id for the item.
        pub merchant_goods_id: Option<Code> => omit,
        /// Merchant's shipping id for the item.
        pub merchant_shipping_id: Option<Code> => omit,
        /// Image URL.
        pub snapshot_url: Option<CallbackUrl> => omit,
        /// Description (mandatory).
        pub description: Text,
        /// Category.
        pub category: Option<Text> => omit,
        /// Quantity, as Paytm's string (mandatory), e.g. `"1"`.
        pub quantity: Code,
        /// Unit, e.g. `Kg`.
        pub unit: Option<Code> => omit,
        /// Unit price (mandatory).
        pub price: Money,
        /// Item-level extra information.
        pub extend_info: Option<ExtendInfo> => omit,
    }
}

crate::json_struct::json_struct! {
    /// Where the order ships.
    #[derive(Debug, Clone, Default, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct ShippingInfo {
        /// Merchant's shipping id.
        pub merchant_shipping_id: Option<Code> => omit,
        /// Tracking number.
        pub tracking_no: Option<Code> => omit,
        /// Carrier.
        pub carrier: Option<Text> => omit,
        /// Shipping charge.
        pub charge_amount: Option<Money> => omit,
        /// Country.
        pub country_name: Option<Text> => omit,
        /// State.
        pub state_name: Option<Text> => omit,
        /// City.
        pub city_name: Option<Text> => omit,
        /// Address line 1.
        pub address1: Option<Text> => omit,
        /// Address line 2.
        pub address2: Option<Text> => omit,
        /// Recipient's first name.
        pub first_name: Option<Text> => omit,
        /// Recipient's last name.
        pub last_name: Option<Text> => omit,
        /// Recipient's mobile number.
        pub mobile_no: Option<Mobile> => omit,
        /// PIN code.
        pub zip_code: Option<Code> => omit,
        /// Recipient's email.
        pub email: Option<Email> => omit,
    }
}

crate::json_struct::json_struct! {
    /// The customer's virtual account (VAN) details.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct VanInfo {
        /// Merchant prefix of the VAN.
        pub merchant_prefix: Code,
        /// Identification number of the VAN.
        pub identification_no: Code,
        /// Purpose.
        pub purpose: Option<Text> => omit,
    }
}

crate::json_struct::json_struct! {
    /// Simplified payment offers: `{"promoCode":"…","applyAvailablePromo":"true","validatePromo":"false"}`.
    /// The flags travel as the strings `"true"`/`"false"`, as in the spec's example.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct SimplifiedPaymentOffers {
        /// Promo code to apply.
        pub promo_code: Option<Code> => omit,
        /// Apply the best available promo when no code is given.
        #[serde(default, skip_serializing_if = "Option::is_none", with = "bool_string")]
        pub apply_available_promo: Option<bool>,
        /// Fail the transaction when the promo is not valid.
        #[serde(default, skip_serializing_if = "Option::is_none", with = "bool_string")]
        pub validate_promo: Option<bool>,
    }
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

crate::json_struct::json_struct! {
    /// One item of an EMI-subvention order.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct SubventionItem {
        /// Item id.
        pub id: Code,
        /// Product id.
        pub product_id: Code,
        /// Brand id.
        pub brand_id: Option<Code> => omit,
        /// Category id.
        pub category_id: Option<Code> => omit,
        /// Unit price.
        pub price: Amount,
        /// Quantity.
        pub quantity: u32,
    }
}

/// The selected EMI-subvention offer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OfferDetails {
    /// Offer id.
    pub offer_id: Code,
}

crate::json_struct::json_struct! {
    /// EMI subvention chosen at checkout.
    #[derive(Debug, Clone, Default, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct SimplifiedSubvention {
        /// The subvention plan id.
        pub plan_id: Option<Code> => omit,
        /// Customer id.
        pub customer_id: Option<CustomerId> => omit,
        /// Items (item-based subvention).
        pub items: Option<Vec<SubventionItem>> => omit,
        /// Amount-based subvention.
        pub subvention_amount: Option<Amount> => omit,
        /// Let the user pick the plan on Paytm's page.
        pub select_plan_on_cashier_page: Option<bool> => omit,
        /// The offer.
        pub offer_details: Option<OfferDetails> => omit,
    }
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

crate::json_struct::json_struct! {
    /// One part of a split settlement.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct SplitInfo {
        /// The MID receiving this part.
        pub mid: Mid,
        /// The part as an amount (split method AMOUNT).
        pub amount: Option<Money> => omit,
        /// The part as a percentage, e.g. `"40"` (split method PERCENTAGE).
        pub percentage: Option<Amount> => omit,
    }
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

crate::json_struct::json_struct! {
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
        pub callback_url: Option<CallbackUrl> => omit,
        /// The amount to charge.
        pub txn_amount: Money,
        /// The customer.
        pub user_info: UserInfo,
        /// The user's Paytm SSO token (linked wallets).
        pub paytm_sso_token: Option<SsoToken> => omit,
        /// Only these payment modes are offered.
        pub enable_payment_mode: Option<Vec<PaymentModeFilter>> => omit,
        /// These payment modes are not offered.
        pub disable_payment_mode: Option<Vec<PaymentModeFilter>> => omit,
        /// Promo code applied on the merchant's site.
        pub promo_code: Option<Code> => omit,
        /// Items of the order.
        pub goods: Option<Vec<GoodsInfo>> => omit,
        /// Shipping details.
        pub shipping_info: Option<ShippingInfo> => omit,
        /// Order-specific extra information.
        pub extend_info: Option<ExtendInfo> => omit,
        /// The customer's VAN details.
        #[serde(rename = "VanInfo", default, skip_serializing_if = "Option::is_none")]
        pub van_info: Option<VanInfo>,
        /// The `paymentOffer` object from the Apply Promo API's response, passed through unchanged.
        pub payment_offers_applied: Option<serde_json::Value> => omit,
        /// Simplified payment offers.
        pub simplified_payment_offers: Option<SimplifiedPaymentOffers> => omit,
        /// Simplified EMI subvention.
        pub simplified_subvention: Option<SimplifiedSubvention> => omit,
        /// Token from the EMI Subvention Validate API.
        pub emi_subvention_token: Option<SsoToken> => omit,
        /// `finalTransactionAmount` from the EMI Subvention Validate API.
        pub payable_amount: Option<Money> => omit,
        /// Split settlement (only when a split is required).
        pub split_settlement_info: Option<SplitSettlementInfo> => omit,
    }
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
