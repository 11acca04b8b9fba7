//! Request builders for every Paytm API the spec describes, and one JSON dispatcher for C and JS.
//!
//! Each API has an input type with Paytm's own camelCase field names that is both a Rust struct
//! (public fields, a `new` with the mandatory ones) and a serde `Deserialize` target, so the C
//! library and the npm package pass the very same JSON object. Every field is a validated type:
//! an input that deserializes builds a request Paytm accepts, and an input that does not fails
//! with the field's documented [`ErrorCode`].
//!
//! | `api` name | module | method and path |
//! | --- | --- | --- |
//! | `initiate_transaction` | [`initiate`] | POST `/theia/api/v1/initiateTransaction?mid=…&orderId=…` (signed JSON) |
//! | `process_transaction` | [`process`] | POST `/theia/api/v1/processTransaction?mid=…&orderId=…` (txnToken JSON) |
//! | `transaction_status` | [`status`] | POST `/v3/order/status` (signed JSON) |
//! | `legacy_transaction_status` | [`status`] | POST `/merchant-status/getTxnStatus` (JsonData + CHECKSUMHASH) |
//! | `refund` | [`refund`] | POST `/refund/apply` (signed JSON) |
//! | `refund_status` | [`refund`] | POST `/v2/refund/status` (signed JSON) |
//! | `legacy_refund` | [`refund`] | POST `/refund/HANDLER_INTERNAL/REFUND` (JsonData + CHECKSUM) |
//! | `legacy_refund_status` | [`refund`] | POST `/refund/HANDLER_INTERNAL/getRefundStatus` (JsonData + CHECKSUMHASH) |
//! | `send_otp` | [`autodebit`] | POST OAuth `/signin/otp` |
//! | `validate_otp` | [`autodebit`] | POST OAuth `/signin/validate/otp` (Basic auth) |
//! | `user_details` | [`autodebit`] | GET OAuth `/user/details` (`session_token` header) |
//! | `revoke_access` | [`autodebit`] | DELETE OAuth `/oauth2/accessToken/{token}` (Basic auth) |
//! | `check_balance` | [`autodebit`] | POST `/paymentservices/pay/consult` (signed JSON) |
//! | `add_money` | [`autodebit`] | POST `/theia/processTransaction` (form + CHECKSUMHASH) |
//! | `withdraw` | [`autodebit`] | POST `/order/directPay` (JsonData + CheckSum) |
//! | `send_payment_request` | [`payment_request`] | POST (signed JSON) |
//! | `resend_payment_request` | [`payment_request`] | POST (signed JSON) |
//! | `settlement` | [`settlement`] | POST (JWT headers) |
//! | `initiate_subscription` | [`subscription`] | POST `/subscription/create?mid=…&orderId=…` (signed JSON) |
//! | `renew_subscription` | [`subscription`] | POST `/subscription/renew` (signed JSON) |
//! | `subscription_status` | [`subscription`] | POST `/subscription/checkStatus` (signed JSON, `tokenType: AES`) |
//! | `cancel_subscription` | [`subscription`] | POST `/subscription/cancel` (signed JSON, `tokenType: AES`) |
//! | `pause_resume_subscription` | [`subscription`] | POST `/subscription/status/modify` (signed JSON, `tokenType: AES`) |
//! | `pre_notify_subscription` | [`subscription`] | POST `/subscription/preNotify` (signed JSON, `tokenType: AES`) |
//! | `create_payment_link` | [`link`] | POST `/link/create` (signed JSON, `tokenType: AES`) |
//! | `fetch_payment_link` | [`link`] | POST `/link/fetch` (signed JSON, `tokenType: AES`) |
//! | `resend_payment_link` | [`link`] | POST `/link/resendNotification` (signed JSON, `tokenType: AES`) |
//! | `expire_payment_link` | [`link`] | POST `/link/expire` (signed JSON, `tokenType: AES`) |
//! | `fetch_payment_options`, `fetch_bin_details`, `validate_vpa`, `fetch_emi_details`, `apply_promo`, `send_checkout_otp`, `validate_checkout_otp` | [`native`] | POST `/theia/api/…`, `/login/…` `?mid=…&orderId=…` (txnToken JSON) |
//!
//! The core reads no clock: request timestamps, JWT `iat` and request ids are inputs; salts and
//! request ids are random only when the caller does not pass them.

pub mod autodebit;
pub mod initiate;
pub mod link;
pub mod native;
pub mod payment_request;
pub mod process;
pub mod refund;
pub mod settlement;
pub mod status;
pub mod subscription;

pub(crate) mod names;
mod shared;

pub use shared::{BuildOptions, Credentials, Head};

use shared::signed_json_api;

use crate::error::{Error, ErrorCode, Result};
use crate::http::HttpRequest;

// The one mapper of serde_json errors lives in a leaf module that imports neither this module
// nor `response` (both map through it); `parse` is public here, where the bindings find it.
pub use crate::input::serde_error::parse;

/// Every `api` name [`build_request`] knows, in the order of the module table.
pub const API_NAMES: &[&str] = names::BUILD;

// Every API that POSTs a signed JSON body: its `build`, one row here (see `signed_json_api!`).
signed_json_api! {
    initiate::InitiateTransaction => order "/theia/api/v1/initiateTransaction", head = Optional,
        secrets = [paytm_sso_token, emi_subvention_token];
    status::TransactionStatus => pg "/v3/order/status", head = Optional;
    refund::Refund => pg "/refund/apply", head = Optional;
    refund::RefundStatus => pg "/v2/refund/status", head = Optional;
    autodebit::CheckBalance => pg "/paymentservices/pay/consult",
        head = Required("check_balance", &["clientId", "version", "requestTimestamp", "channelId"]),
        secrets = [user_token];
    payment_request::SendPaymentRequest => pg payment_request::SEND_PATH,
        head = Required("send_payment_request", payment_request::REQUIRED_HEAD),
        check = check_display_name;
    payment_request::ResendPaymentRequest => pg payment_request::RESEND_PATH,
        head = Required("resend_payment_request", payment_request::REQUIRED_HEAD);
    subscription::InitiateSubscription => order "/subscription/create", head = Optional,
        check = validate, secrets = [paytm_sso_token];
    subscription::RenewSubscription => pg "/subscription/renew", head = Optional;
    subscription::SubscriptionStatus => pg "/subscription/checkStatus", head = TokenTypeAes,
        check = validate;
    subscription::CancelSubscription => pg "/subscription/cancel", head = TokenTypeAes;
    subscription::PauseResumeSubscription => pg "/subscription/status/modify",
        head = TokenTypeAes;
    subscription::PreNotifySubscription => pg "/subscription/preNotify", head = TokenTypeAes,
        check = validate;
    link::CreatePaymentLink => pg link::CREATE_PATH, head = TokenTypeAes, check = validate;
    link::FetchPaymentLink => pg link::FETCH_PATH, head = TokenTypeAes, check = validate;
    link::ResendPaymentLink => pg link::RESEND_PATH, head = TokenTypeAes, check = validate;
    link::ExpirePaymentLink => pg link::EXPIRE_PATH, head = TokenTypeAes, check = validate;
}

/// Builds any API's request from its JSON input: one entry point for the C library and the npm
/// package. `params` is the API's input object (see each module for its schema).
///
/// ```
/// use paytm_checkout::api::{build_request, BuildOptions, Credentials};
/// use paytm_checkout::http::Environment;
/// use paytm_checkout::MerchantKey;
/// let creds = Credentials::with_key(MerchantKey::new(b"PmX#a0x4VpTXRzfK")?);
/// let req = build_request(
///     "transaction_status",
///     br#"{"mid":"INTEGR7769XXXXXX9383","orderId":"ORDERID_98765"}"#,
///     &creds,
///     &BuildOptions::new(Environment::Staging),
/// )?;
/// assert_eq!(req.url, "https://securestage.paytmpayments.com/v3/order/status");
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
pub fn build_request(
    api: &str,
    params: &[u8],
    credentials: &Credentials,
    options: &BuildOptions,
) -> Result<HttpRequest> {
    let env = &options.environment;
    // The txnToken helpers: the token in the input authenticates them.
    if let Some(r) = native::build_json(api, params, env) {
        return r;
    }
    let salt = options.salt;
    // The API's input, built with the credentials it takes (the head's `clientId` defaulting to
    // the caller's client id where the API sends one).
    macro_rules! keyed {
        ($t:ty) => {
            parse::<$t>(api, params)?.build(env, credentials.key(api)?, salt)
        };
        ($t:ty, default client id) => {{
            let mut input = parse::<$t>(api, params)?;
            input.head.default_client_id(credentials);
            input.build(env, credentials.key(api)?, salt)
        }};
    }
    macro_rules! client {
        ($t:ty) => {
            parse::<$t>(api, params)?.build(
                env,
                credentials.client_id(api)?,
                credentials.client_secret(api)?,
            )
        };
    }
    match api {
        // Signed with the merchant key.
        "initiate_transaction" => keyed!(initiate::InitiateTransaction),
        "transaction_status" => keyed!(status::TransactionStatus),
        "legacy_transaction_status" => keyed!(status::LegacyTransactionStatus),
        "refund" => keyed!(refund::Refund),
        "refund_status" => keyed!(refund::RefundStatus),
        "legacy_refund" => keyed!(refund::LegacyRefund),
        "legacy_refund_status" => keyed!(refund::LegacyRefundStatus),
        "add_money" => keyed!(autodebit::AddMoney),
        "withdraw" => keyed!(autodebit::Withdraw),
        "initiate_subscription" => keyed!(subscription::InitiateSubscription),
        "renew_subscription" => keyed!(subscription::RenewSubscription),
        "subscription_status" => keyed!(subscription::SubscriptionStatus),
        "cancel_subscription" => keyed!(subscription::CancelSubscription),
        "pause_resume_subscription" => keyed!(subscription::PauseResumeSubscription),
        "pre_notify_subscription" => keyed!(subscription::PreNotifySubscription),
        "create_payment_link" => keyed!(link::CreatePaymentLink),
        "fetch_payment_link" => keyed!(link::FetchPaymentLink),
        "resend_payment_link" => keyed!(link::ResendPaymentLink),
        "expire_payment_link" => keyed!(link::ExpirePaymentLink),
        // Signed with the merchant key, the head naming the client id.
        "check_balance" => keyed!(autodebit::CheckBalance, default client id),
        "send_payment_request" => {
            keyed!(payment_request::SendPaymentRequest, default client id)
        }
        "resend_payment_request" => {
            keyed!(payment_request::ResendPaymentRequest, default client id)
        }
        // Authenticated with the client id (and secret), or by the token they carry.
        "validate_otp" => client!(autodebit::ValidateOtp),
        "revoke_access" => client!(autodebit::RevokeAccess),
        "settlement" => client!(settlement::SettlementRequest),
        "send_otp" => {
            parse::<autodebit::SendOtp>(api, params)?.build(env, credentials.client_id(api)?)
        }
        "user_details" => parse::<autodebit::UserDetails>(api, params)?.build(env),
        "process_transaction" => parse::<process::ProcessTransaction>(api, params)?.build(env),
        other => Err(Error::with_message(
            ErrorCode::UnknownApi,
            format!(
                "api: unknown API name ({} characters); expected one of {}",
                other.len(),
                API_NAMES.join(", ")
            ),
        )),
    }
}
