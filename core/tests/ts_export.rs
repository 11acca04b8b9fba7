//! The TypeScript declarations of the npm package's JSON types, from core's own types (feature
//! `ts`, ts-rs): every type a function of the package returns or takes, with the serde names of
//! the JSON it really returns, and everything those types name.
//!
//! `scripts/build-wasm.sh` runs this test with `PAYTM_TS_OUT=<file>`: it writes the declarations
//! there as JSON, and the script adds to each build's `.d.ts` those that build's declarations
//! name. Without `PAYTM_TS_OUT` the test only checks that the declarations can be made: every
//! type is declared once, and the table of response APIs matches core's list.
//!
//! `cargo test -p paytm-checkout --features ts --test ts_export`
#![cfg(feature = "ts")]

use std::any::TypeId;
use std::collections::HashSet;

use paytm_checkout::api::BuildOptions;
use paytm_checkout::callback::Callback;
use paytm_checkout::card::CardInfo;
use paytm_checkout::doctor::{DoctorInput, Report as DoctorReport};
use paytm_checkout::explain::Explanation;
use paytm_checkout::http::HttpRequest;
use paytm_checkout::reconcile::{ExpectedOrder, Verdict};
use paytm_checkout::response::{ParseOptions, TransactionResult, RESPONSE_API_NAMES};
use paytm_checkout::result_codes::{CodeTable, ResultCode};
use paytm_checkout::session::{
    Action, CheckoutConfig, Outcome, Purpose, RefundConfig, SessionKind, SubscriptionConfig,
    WalletConfig,
};
use serde_json::json;
use ts_rs::{Config, TypeVisitor, TS};

/// `parseCallback`'s result: core's [`Callback`] plus its reconciliation facts, as
/// `Callback::to_json` writes them.
#[derive(TS)]
#[allow(dead_code)]
struct ParsedCallback {
    #[ts(flatten)]
    callback: Callback,
    /// The facts {@link reconcile} needs.
    transaction: TransactionResult,
}

/// Whether a parsed response carries `transaction` (see `ParsedResponse::transaction`).
#[derive(Clone, Copy)]
enum Reports {
    /// Always: the response reports a payment.
    Always,
    /// When Paytm sent one (Process Transaction's txnInfo).
    Sometimes,
    /// Never.
    Never,
}

/// The typed `data` of each API's parsed response, and whether it reports a payment: the
/// `ResponseDataMap` and `PaymentReportingApi` of the `.d.ts`. Checked here against core's list
/// of names, and by scripts/test-js.sh against every golden response vector.
fn response_apis(cfg: &Config) -> Vec<(&'static str, String, Reports)> {
    use paytm_checkout::response::*;
    use Reports::*;
    /// One row per API: `"api" => DataType, Reports;`.
    macro_rules! table {
        ($($api:literal => $data:ty, $reports:ident;)*) => {
            vec![$(($api, <$data>::name(cfg), $reports)),*]
        };
    }
    table! {
        "initiate_transaction" => InitiateResponse, Never;
        "process_transaction" => ProcessResponse, Sometimes;
        "transaction_status" => StatusResponse, Always;
        "legacy_transaction_status" => TxnInfo, Always;
        "refund" => RefundResponse, Never;
        "refund_status" => RefundStatusResponse, Never;
        "refund_webhook" => RefundStatusResponse, Never;
        "legacy_refund" => LegacyRefundResponse, Never;
        "legacy_refund_status" => LegacyRefundResponse, Never;
        "send_otp" => SendOtpResponse, Never;
        "validate_otp" => ValidateOtpResponse, Never;
        "user_details" => UserDetailsResponse, Never;
        "revoke_access" => RevokeResponse, Never;
        "check_balance" => ConsultResponse, Never;
        "add_money" => TxnInfo, Always;
        "withdraw" => WithdrawResponse, Always;
        "send_payment_request" => PaymentRequestResponse, Never;
        "resend_payment_request" => PaymentRequestResponse, Never;
        "initiate_subscription" => InitiateSubscriptionResponse, Never;
        "renew_subscription" => SubscriptionActionResponse, Never;
        "subscription_status" => SubscriptionStatusResponse, Never;
        "cancel_subscription" => SubscriptionActionResponse, Never;
        "pause_resume_subscription" => SubscriptionActionResponse, Never;
        "pre_notify_subscription" => SubscriptionActionResponse, Never;
        "subscription_webhook" => SubscriptionWebhook, Never;
        "create_payment_link" => CreatePaymentLinkResponse, Never;
        "fetch_payment_link" => FetchPaymentLinkResponse, Never;
        "resend_payment_link" => PaymentLinkActionResponse, Never;
        "expire_payment_link" => PaymentLinkActionResponse, Never;
        "payment_link_webhook" => PaymentLinkWebhook, Always;
        "fetch_payment_options" => PaymentOptionsResponse, Never;
        "fetch_bin_details" => BinDetailsResponse, Never;
        "validate_vpa" => VpaResponse, Never;
        "fetch_emi_details" => EmiDetailsResponse, Never;
        "apply_promo" => PromoResponse, Never;
        "send_checkout_otp" => CheckoutOtpResponse, Never;
        "validate_checkout_otp" => CheckoutOtpResponse, Never;
    }
}

/// One declaration: its name, its text (`export type …`, JSDoc first) and the names it uses.
struct Decl {
    name: String,
    text: String,
    deps: Vec<String>,
}

/// Collects the declarations of a type and of everything it names, each once.
struct Collector<'a> {
    cfg: &'a Config,
    seen: HashSet<TypeId>,
    decls: Vec<Decl>,
}

impl TypeVisitor for Collector<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Only types with a declaration of their own (not string, number, arrays …).
        if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        let cfg = self.cfg;
        let decl = Decl {
            name: T::ident(cfg),
            text: tidy_docs(&format!(
                "{}export {}",
                T::docs().unwrap_or_default(),
                T::decl(cfg)
            )),
            deps: T::dependencies(cfg)
                .into_iter()
                .map(|d| d.ts_name)
                .collect(),
        };
        // Two Rust types may stand for one TypeScript type (`SentJson` is a `JsonValue`).
        match self.decls.iter().find(|d| d.name == decl.name) {
            Some(d) => assert_eq!(d.text, decl.text, "two types named {}", d.name),
            None => self.decls.push(decl),
        }
        T::visit_dependencies(self);
    }
}

/// Every declaration, roots first in this order.
fn declarations(cfg: &Config) -> Vec<Decl> {
    let mut c = Collector {
        cfg,
        seen: HashSet::new(),
        decls: Vec::new(),
    };
    /// Visits each type, in order.
    macro_rules! visit {
        ($($t:ty),* $(,)?) => {
            $(c.visit::<$t>();)*
        };
    }
    // Each function's arguments and results (the responses are reached through the table).
    visit![
        HttpRequest,
        BuildOptions,
        ParseOptions,
        TransactionResult,
        ParsedCallback,
        ExpectedOrder,
        Verdict,
        CardInfo,
        CodeTable,
        ResultCode,
        Explanation,
        DoctorInput,
        DoctorReport,
        SessionKind,
        CheckoutConfig,
        RefundConfig,
        WalletConfig,
        SubscriptionConfig,
        Action,
        Outcome,
        Purpose,
        serde_json::Value,
    ];
    {
        use paytm_checkout::response::*;
        visit![
            ProcessResponse,
            InitiateResponse,
            StatusResponse,
            RefundResponse,
            RefundStatusResponse,
            LegacyRefundResponse,
            SendOtpResponse,
            ValidateOtpResponse,
            UserDetailsResponse,
            RevokeResponse,
            ConsultResponse,
            WithdrawResponse,
            PaymentRequestResponse,
            InitiateSubscriptionResponse,
            SubscriptionStatusResponse,
            SubscriptionActionResponse,
            SubscriptionWebhook,
            ExpectedSubscription,
            CreatePaymentLinkResponse,
            FetchPaymentLinkResponse,
            PaymentLinkActionResponse,
            PaymentLinkWebhook,
            ExpectedPaymentLink,
            PaymentOptionsResponse,
            BinDetailsResponse,
            VpaResponse,
            EmiDetailsResponse,
            PromoResponse,
            CheckoutOtpResponse,
        ];
    }
    c.decls
}

/// Rust doc comments made JSDoc: the first paragraph of each (the rest speaks of Rust: examples,
/// `None`, other functions), with intra-doc links as plain code (`` [`crate::a::B`] `` → `` `B` ``).
fn tidy_docs(text: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        let t = line.trim();
        if t == "*/" {
            skipping = false;
        } else if t == "*" {
            skipping = true;
        }
        if skipping {
            continue;
        }
        // Only doc lines (` * …`): `[key in string]` in a type is not a link.
        if t.starts_with('*') {
            out.push_str(&plain_links(line));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// `` [`a::b::C`] `` → `` `C` ``, `[text](target)` → `text`.
fn plain_links(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let label = &rest[open + 1..close];
        let label = match label.strip_prefix('`').and_then(|l| l.strip_suffix('`')) {
            Some(code) => format!("`{}`", code.rsplit("::").next().unwrap_or(code)),
            None => label.to_owned(),
        };
        out.push_str(&label);
        rest = &rest[close + 1..];
        if rest.starts_with('(') {
            if let Some(end) = rest.find(')') {
                rest = &rest[end + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn config() -> Config {
    // JSON numbers: JSON.parse gives a number for u64 (milliseconds, offsets).
    Config::new().with_large_int("number")
}

#[test]
fn typescript_declarations() {
    let cfg = config();
    let decls = declarations(&cfg);

    let mut names = HashSet::new();
    for d in &decls {
        assert!(names.insert(d.name.as_str()), "{} declared twice", d.name);
        assert!(
            d.text.contains(&format!("export type {} ", d.name)),
            "{}",
            d.text
        );
    }
    for d in &decls {
        for dep in &d.deps {
            assert!(
                names.contains(dep.as_str()),
                "{} names undeclared {dep}",
                d.name
            );
        }
    }
    let apis = response_apis(&cfg);
    let listed: Vec<&str> = apis.iter().map(|(api, _, _)| *api).collect();
    assert_eq!(
        listed, RESPONSE_API_NAMES,
        "one row per response API, in core's order"
    );
    for (api, data, _) in &apis {
        assert!(
            names.contains(data.as_str()),
            "{api}: {data} is not declared"
        );
    }

    let Ok(path) = std::env::var("PAYTM_TS_OUT") else {
        return;
    };
    let json = json!({
        "declarations": decls.iter().map(|d| json!({
            "name": d.name, "text": d.text, "deps": d.deps,
        })).collect::<Vec<_>>(),
        "responseApis": apis.iter().map(|(api, data, reports)| json!({
            "api": api,
            "data": data,
            "transaction": match reports {
                Reports::Always => "always",
                Reports::Sometimes => "sometimes",
                Reports::Never => "never",
            },
        })).collect::<Vec<_>>(),
    });
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap())
        .unwrap_or_else(|e| panic!("{path}: {e}"));
}

#[test]
fn docs_become_jsdoc() {
    let text = "/**\n * See [`crate::reconcile::reconcile`] and [the docs](https://x).\n *\n * ```\n * code\n * ```\n */\nexport type A = { \n/**\n * Field.\n */\na: string, };";
    assert_eq!(
        tidy_docs(text),
        "/**\n * See `reconcile` and the docs.\n */\nexport type A = { \n/**\n * Field.\n */\na: string, };"
    );
}
