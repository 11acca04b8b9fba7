//! Every API name, once: which [`build_request`](super::build_request) builds and which
//! [`parse_response`](crate::response::parse_response) parses (webhooks are parsed only; settlement
//! is built only), each table with the txnToken helpers' names appended
//! ([`with_helpers!`](super::native)).

/// The table: `"name" => both | build | parse,`, in the order both lists keep.
macro_rules! api_names {
    (@go [$($b:tt)*] [$($p:tt)*]) => {
        /// Every `api` name [`build_request`](super::build_request) knows, in table order.
        pub const BUILD: &[&str] = super::native::with_helpers![$($b)*];
        /// Every `api` name [`parse_response`](crate::response::parse_response) knows.
        pub const PARSE: &[&str] = super::native::with_helpers![$($p)*];
    };
    (@go [$($b:tt)*] [$($p:tt)*] $n:literal => both, $($rest:tt)*) => {
        api_names!(@go [$($b)* $n,] [$($p)* $n,] $($rest)*);
    };
    (@go [$($b:tt)*] [$($p:tt)*] $n:literal => build, $($rest:tt)*) => {
        api_names!(@go [$($b)* $n,] [$($p)*] $($rest)*);
    };
    (@go [$($b:tt)*] [$($p:tt)*] $n:literal => parse, $($rest:tt)*) => {
        api_names!(@go [$($b)*] [$($p)* $n,] $($rest)*);
    };
}

api_names! { @go [] []
    "initiate_transaction" => both,
    "process_transaction" => both,
    "transaction_status" => both,
    "legacy_transaction_status" => both,
    "refund" => both,
    "refund_status" => both,
    "refund_webhook" => parse,
    "legacy_refund" => both,
    "legacy_refund_status" => both,
    "send_otp" => both,
    "validate_otp" => both,
    "user_details" => both,
    "revoke_access" => both,
    "check_balance" => both,
    "add_money" => both,
    "withdraw" => both,
    "send_payment_request" => both,
    "resend_payment_request" => both,
    "settlement" => build,
    "initiate_subscription" => both,
    "renew_subscription" => both,
    "subscription_status" => both,
    "cancel_subscription" => both,
    "pause_resume_subscription" => both,
    "pre_notify_subscription" => both,
    "subscription_webhook" => parse,
    "create_payment_link" => both,
    "fetch_payment_link" => both,
    "resend_payment_link" => both,
    "expire_payment_link" => both,
    "payment_link_webhook" => parse,
}
