//! Formats every request-side type with a known card number, CVV, merchant key and client secret
//! (Debug, Display, error messages, `to_curl`, serialized requests) and finds none of them.

use paytm_checkout::api::autodebit::{RevokeAccess, UserDetails, ValidateOtp};
use paytm_checkout::api::process::{PaymentMode, ProcessTransaction};
use paytm_checkout::api::{build_request, BuildOptions, Credentials};
use paytm_checkout::card::{
    CardInfo, CardNumber, CardTokenInfo, CoftConsent, Cvv, Expiry, TokenType,
};
use paytm_checkout::http::Environment;
use paytm_checkout::types::*;
use paytm_checkout::MerchantKey;
use serde_json::json;

const PAN: &str = "4539148803436467";
const PAN_HEAD: &str = "453914880343"; // everything but the last four, which may be shown
const CVV: &str = "8261";
const KEY: &str = "Zq7#Wd2!Lx9$Rt4%";
const SECRET: &str = "cs-ultra-secret-9f3a169b3258";
const TOKEN_PAN: &str = "4895370012003478";
const TAVV: &str = "AAIBB0CCAwAABK9qNWMIdAAAAAA=";
const SSO: &str = "sso-7d1c2b9e-session-token";

fn assert_clean(label: &str, text: &str, allow_pan: bool) {
    for (what, s) in [
        ("CVV", CVV),
        ("merchant key", KEY),
        ("client secret", SECRET),
        ("token PAN", TOKEN_PAN),
        ("TAVV", TAVV),
    ] {
        assert!(!text.contains(s), "{label}: {what} leaked in {text}");
    }
    if !allow_pan {
        assert!(
            !text.contains(PAN_HEAD),
            "{label}: card number leaked in {text}"
        );
    }
    // Basic credentials are the secret in base64: also never in human-facing output.
    let basic = base64_of(&format!("merchant-ABC:{SECRET}"));
    assert!(!text.contains(&basic), "{label}: Basic credentials leaked");
}

fn base64_of(s: &str) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn card() -> CardInfo {
    CardInfo::new_card(
        CardNumber::new(PAN).unwrap(),
        Some(Cvv::new(CVV).unwrap()),
        Expiry::new(12, 2032).unwrap(),
    )
}

fn token_info() -> CardTokenInfo {
    CardTokenInfo {
        card_token: TOKEN_PAN.into(),
        token_expiry: Expiry::new(12, 2030).unwrap(),
        tavv: Some(TAVV.into()),
        card_suffix: "6467".into(),
        pan_unique_reference: "V0010013021194965787925417567".into(),
        token_unique_reference: None,
        merchant_token_requestor_id: None,
        token_type: TokenType::Coft,
    }
}

fn creds() -> Credentials {
    Credentials {
        merchant_key: Some(MerchantKey::new(KEY.as_bytes()).unwrap()),
        client_id: Some(ClientId::new("merchant-ABC").unwrap()),
        client_secret: Some(ClientSecret::new(SECRET).unwrap()),
    }
}

#[test]
fn value_types_and_card_data() {
    let c = card();
    for (label, text) in [
        (
            "CardNumber Debug",
            format!("{:?}", CardNumber::new(PAN).unwrap()),
        ),
        (
            "CardNumber Display",
            format!("{}", CardNumber::new(PAN).unwrap()),
        ),
        ("Cvv Debug", format!("{:?}", Cvv::new(CVV).unwrap())),
        ("CardInfo Debug", format!("{c:?}")),
        ("CardInfo Display", format!("{c}")),
        (
            "saved CardInfo",
            format!(
                "{:?}",
                CardInfo::saved(
                    paytm_checkout::card::SavedCardId::new("123456").unwrap(),
                    Some(Cvv::new(CVV).unwrap())
                )
            ),
        ),
        (
            "token CardInfo",
            format!(
                "{:?} {}",
                CardInfo::token(Some(Cvv::new(CVV).unwrap())),
                CardInfo::token(Some(Cvv::new(CVV).unwrap()))
            ),
        ),
        ("CardTokenInfo Debug", format!("{:?}", token_info())),
        (
            "CoftConsent Debug",
            format!("{:?}", CoftConsent::new(true, "Jul 22, 2021 02:46:54 PM")),
        ),
        (
            "ClientSecret Debug",
            format!("{:?}", ClientSecret::new(SECRET).unwrap()),
        ),
        (
            "MerchantKey Debug",
            format!("{:?}", MerchantKey::new(KEY.as_bytes()).unwrap()),
        ),
        ("Credentials Debug", format!("{:?}", creds())),
        (
            "SsoToken",
            format!(
                "{:?} {}",
                SsoToken::new(SSO).unwrap(),
                SsoToken::new(SSO).unwrap()
            ),
        ),
        (
            "TxnToken",
            format!(
                "{:?} {}",
                TxnToken::new(SSO).unwrap(),
                TxnToken::new(SSO).unwrap()
            ),
        ),
    ] {
        assert_clean(label, &text, false);
        assert!(!text.contains(SSO), "{label}: token leaked");
    }
    assert!(format!("{c}").ends_with("6467"));
}

#[test]
fn errors_never_quote_card_data_or_secrets() {
    let bad_pan = "4539148803436468"; // Luhn fails
    let errs = [
        CardNumber::new(bad_pan).unwrap_err(),
        CardNumber::new(format!("{PAN}0000")).unwrap_err(),
        Cvv::new(format!("{CVV}9")).unwrap_err(),
        ClientSecret::new(format!("{SECRET} x")).unwrap_err(),
        MerchantKey::new(format!("{KEY}x").as_bytes()).unwrap_err(),
        Credentials::from_json(
            json!({"merchantKey": format!("{KEY}x")})
                .to_string()
                .as_bytes(),
        )
        .unwrap_err(),
        Credentials::from_json(
            json!({"clientSecret": format!("{SECRET} x")})
                .to_string()
                .as_bytes(),
        )
        .unwrap_err(),
    ];
    let process_err = |p: &serde_json::Value| {
        let opts = BuildOptions::new(Environment::Staging);
        build_request(
            "process_transaction",
            p.to_string().as_bytes(),
            &creds(),
            &opts,
        )
        .unwrap_err()
    };
    let mut json_errs = vec![];
    for cardinfo in [
        json!({"type":"new","cardNumber":bad_pan,"cvv":CVV,"expiry":"122032"}),
        json!({"type":"new","cardNumber":PAN,"cvv":format!("{CVV}9"),"expiry":"122032"}),
        json!({"type":"new","cardNumber":PAN,"cvv":CVV,"expiry":"132032"}),
        json!({"type":"new","cardNumber":PAN,"cvv":CVV,"expiry":"122032","extra":PAN}),
        json!({"type":"mystery","cardNumber":PAN,"cvv":CVV}),
    ] {
        let p = json!({"txnToken":"t","mid":"INTEGR7769XXXXXX9383","orderId":"O1","paymentMode":"CREDIT_CARD","cardInfo":cardinfo});
        json_errs.push(process_err(&p));
    }
    let p = json!({"txnToken":"t","mid":"INTEGR7769XXXXXX9383","orderId":"O1","paymentMode":"CREDIT_CARD","cardTokenInfo":{"cardToken":TOKEN_PAN,"tokenExpiry":"122030","TAVV":format!("{TAVV}!"),"cardSuffix":"6467","panUniqueReference":"P","tokenType":"COFT"},"cardInfo":{"type":"token","cvv":CVV}});
    json_errs.push(process_err(&p));
    for e in errs.iter().chain(&json_errs) {
        let text = format!("{e} {e:?} {}", e.message());
        assert_clean("error", &text, false);
        assert!(!text.contains(bad_pan));
    }
}

#[test]
fn requests_show_signatures_but_no_secrets() {
    let opts = BuildOptions::new(Environment::Staging);
    let c = creds();
    let (id, secret) = (
        c.client_id.as_ref().unwrap(),
        c.client_secret.as_ref().unwrap(),
    );
    let process = ProcessTransaction::new(
        TxnToken::new("f0bed899539742309eebd8XXXX7edcf61588842333227").unwrap(),
        Mid::new("INTEGR7769XXXXXX9383").unwrap(),
        OrderId::new("O1").unwrap(),
        PaymentMode::CreditCard,
    )
    .card(card());
    let mut token = process.clone();
    token.card_info = Some(CardInfo::token(Some(Cvv::new(CVV).unwrap())));
    token.card_token_info = Some(token_info());
    let mut reqs = vec![
        (
            "process new card",
            process.build(&Environment::Staging).unwrap(),
        ),
        (
            "process token card",
            token.build(&Environment::Staging).unwrap(),
        ),
        (
            "validate otp",
            ValidateOtp {
                otp: "324569".into(),
                state: "abc".into(),
            }
            .build(&Environment::Staging, id, secret)
            .unwrap(),
        ),
        (
            "revoke",
            RevokeAccess {
                session_token: SsoToken::new(SSO).unwrap(),
            }
            .build(&Environment::Staging, id, secret)
            .unwrap(),
        ),
        (
            "user details",
            UserDetails {
                session_token: SsoToken::new(SSO).unwrap(),
            }
            .build(&Environment::Staging)
            .unwrap(),
        ),
    ];
    for (api, params) in [
        (
            "initiate_transaction",
            json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1","websiteName":"WEBSTAGING","txnAmount":{"value":"1"},"userInfo":{"custId":"C"},"paytmSsoToken":SSO}),
        ),
        (
            "check_balance",
            json!({"head":{"requestTimestamp":"1507207312139","channelId":"WEB"},"mid":"INTEGR7769XXXXXX9383","userToken":SSO,"totalAmount":"5"}),
        ),
        (
            "withdraw",
            json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1","txnAmount":"1","appIp":"127.0.0.1","deviceId":"d","ssoToken":SSO,"custId":"c","industryType":"Retail","channel":"WAP"}),
        ),
        (
            "add_money",
            json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1","custId":"c","txnAmount":"1","channelId":"WEB","industryTypeId":"Retail","website":"WEBSTAGING","ssoToken":SSO}),
        ),
        (
            "settlement",
            json!({"path":"/s","email":"a@b.co","iat":1700000000,"mid":"INTEGR7769XXXXXX9383"}),
        ),
        (
            "legacy_refund",
            json!({"mid":"INTEGR7769XXXXXX9383","txnId":"1","orderId":"O1","refundAmount":"1","refId":"R1"}),
        ),
    ] {
        reqs.push((
            api,
            build_request(api, params.to_string().as_bytes(), &c, &opts).unwrap(),
        ));
    }
    let otp_input = ValidateOtp {
        otp: "324569".into(),
        state: "abc".into(),
    };
    assert!(
        !format!("{otp_input:?}").contains("324569"),
        "ValidateOtp's Debug shows the OTP"
    );
    for (label, req) in &reqs {
        let curl = req.to_curl();
        let debug = format!("{req:?}");
        for text in [&curl, &debug] {
            assert_clean(label, text, false);
            assert!(!text.contains(SSO), "{label}: SSO token in {text}");
            assert!(!text.contains("324569"), "{label}: OTP in {text}");
        }
        // What is sent carries what Paytm needs (the card, the Basic credentials) but never the
        // merchant key or the client secret in clear.
        let wire = req.to_json();
        assert!(
            !wire.contains(KEY) && !wire.contains(SECRET),
            "{label}: secret on the wire"
        );
    }
    // The signature itself is shown by to_curl (it is not a secret).
    let init = &reqs
        .iter()
        .find(|(l, _)| *l == "initiate_transaction")
        .unwrap()
        .1;
    assert!(init.to_curl().contains("\"signature\":\""));
    // The card really is in the body that is sent.
    assert!(reqs[0].1.body_str().unwrap().contains(PAN));
}

// ---- Secrets as member names and values, in every JSON entry point (issue #16, item 7) -------
//
// A hostile or careless caller puts a secret where a member name belongs (`{"4111…": …}`) or a
// value where another type belongs. Every JSON entry point must refuse such input without quoting
// any of it: not a value, not a member name. The inputs start from the shared vectors (every
// request, response, callback and session config); each mutation puts one secret in one place.

mod hostile_names {
    use std::path::{Path, PathBuf};

    use paytm_checkout::api::process::ProcessTransaction;
    use paytm_checkout::api::{build_request, BuildOptions, Credentials, API_NAMES};
    use paytm_checkout::callback::parse_callback;
    use paytm_checkout::card::CardInfo;
    use paytm_checkout::http::Environment;
    use paytm_checkout::response::{parse_response, ParseOptions, RESPONSE_API_NAMES};
    use paytm_checkout::session::{
        CheckoutSession, RefundSession, Session, SessionKind, SubscriptionSession, WalletSession,
    };
    use paytm_checkout::{Error, MerchantKey, Params};
    use serde_json::{json, Map, Value};

    /// What a hostile tester puts in names and values. The letters-only key proves that no
    /// "looks like an identifier" guess decides what is shown.
    const SECRETS: &[(&str, &str)] = &[
        ("merchant key", "PmX#a0x4VpTXRzfK"),
        ("letters-only merchant key", "qWeRtYuIoPaSdFgH"),
        ("card number", "4111111111111111"),
        ("CVV", "8261"),
        ("txn token", "b7e1c0ffee5e4d2a9c3b00a1d2e3f4a5b6c7d8e9f0"),
        ("SSO token", "sso-7d1c2b9e-session-token"),
        ("client secret", "cs-ultra-secret-9f3a169b3258"),
        ("TAVV", "AAIBB0CCAwAABK9qNWMIdAAAAAA="),
    ];
    const TEST_KEY: &[u8] = b"PmX#a0x4VpTXRzfK";

    fn vectors() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
    }

    fn read_json(p: &Path) -> Value {
        serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
    }

    fn subdirs(p: &Path) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        v.sort();
        v
    }

    /// The secret `text` holds, if any: a secret of 10 or more characters counts when any 10 of
    /// its consecutive characters appear (a cut or partly escaped copy is still a leak); a
    /// shorter one (the CVV) when it appears with no letter or digit around it.
    fn leaked(text: &str) -> Option<&'static str> {
        for &(what, s) in SECRETS {
            let chars: Vec<char> = s.chars().collect();
            if chars.len() >= 10 {
                for w in chars.windows(10) {
                    let w: String = w.iter().collect();
                    if text.contains(&w) {
                        return Some(what);
                    }
                }
            } else {
                for (i, _) in text.match_indices(s) {
                    let before = text[..i].chars().next_back();
                    let after = text[i + s.len()..].chars().next();
                    if !before.is_some_and(|c| c.is_alphanumeric())
                        && !after.is_some_and(|c| c.is_alphanumeric())
                    {
                        return Some(what);
                    }
                }
            }
        }
        None
    }

    /// Counts the calls and errors, and collects every error that quotes a secret (one example
    /// per message shape, so that one run shows every place that leaks).
    #[derive(Default)]
    struct Tally {
        calls: usize,
        errors: usize,
        leaks: std::collections::BTreeMap<String, String>,
    }

    impl Tally {
        fn check<T>(&mut self, label: &str, input: &[u8], r: Result<T, Error>) {
            self.calls += 1;
            if let Err(e) = r {
                self.errors += 1;
                let text = format!("{e} | {e:?}");
                if let Some(what) = leaked(&text) {
                    let mut shape = e.message().to_owned();
                    for &(_, s) in SECRETS {
                        shape = shape.replace(s, "<SECRET>");
                    }
                    // One shape for every position of the same mistake.
                    let shape: String = shape
                        .split(|c: char| c.is_ascii_digit())
                        .collect::<Vec<_>>()
                        .join("#");
                    self.leaks
                        .entry(format!("{label}: {shape}"))
                        .or_insert_with(|| {
                            format!(
                                "quotes a {what}: {text}\n    input: {}",
                                String::from_utf8_lossy(input)
                                    .chars()
                                    .take(300)
                                    .collect::<String>()
                            )
                        });
                }
            }
        }

        /// Fails listing every leak; else checks that enough inputs were refused to mean
        /// something.
        fn finish(self, min_errors: usize) {
            let list: Vec<String> = self
                .leaks
                .iter()
                .map(|(shape, example)| format!("  {shape}\n    {example}"))
                .collect();
            assert!(
                list.is_empty(),
                "{} error shapes quote a secret:\n{}",
                list.len(),
                list.join("\n")
            );
            assert!(
                self.errors >= min_errors,
                "{} errors of {} calls",
                self.errors,
                self.calls
            );
        }
    }

    /// A step from a JSON value to one of its children.
    #[derive(Clone)]
    enum Step {
        Member(String),
        Index(usize),
    }

    /// The path of every value in `v` (the root first).
    fn paths(v: &Value) -> Vec<Vec<Step>> {
        fn walk(v: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
            out.push(at.clone());
            match v {
                Value::Object(m) => {
                    for (k, child) in m {
                        at.push(Step::Member(k.clone()));
                        walk(child, at, out);
                        at.pop();
                    }
                }
                Value::Array(a) => {
                    for (i, child) in a.iter().enumerate() {
                        at.push(Step::Index(i));
                        walk(child, at, out);
                        at.pop();
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(v, &mut Vec::new(), &mut out);
        out
    }

    fn at_mut<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
        path.iter().fold(v, |v, s| match s {
            Step::Member(k) => &mut v[k.as_str()],
            Step::Index(i) => &mut v[*i],
        })
    }

    fn path_value<'a>(v: &'a Value, path: &[Step]) -> &'a Value {
        path.iter().fold(v, |v, s| match s {
            Step::Member(k) => &v[k.as_str()],
            Step::Index(i) => &v[*i],
        })
    }

    /// Marks where a member name is given twice: replaced in the text after serializing.
    const TWICE: &str = "\u{1}twice";

    /// Every mutation of `base` with secret `s`, as JSON text: at every value, the value
    /// replaced by each of `replacements` (made of the secret: [`every_kind`]); in
    /// every object, the secret added as a member name (once, and twice), and every member
    /// renamed to the secret; at most `max_depth` levels down.
    fn mutations(base: &Value, s: &str, max_depth: usize, replacements: &[Value]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut push = |v: Value| {
            let text = v.to_string();
            let twice = format!("{}:0", serde_json::to_string(TWICE).unwrap());
            let text = text.replace(
                &twice,
                &format!("{0}:\"1\",{0}:\"2\"", serde_json::to_string(s).unwrap()),
            );
            out.push(text.into_bytes());
        };
        for path in paths(base).into_iter().filter(|p| p.len() <= max_depth) {
            for replacement in replacements {
                let mut v = base.clone();
                *at_mut(&mut v, &path) = replacement.clone();
                push(v);
            }
            let Value::Object(original) = path_value(base, &path) else {
                continue;
            };
            let with = |m: Map<String, Value>| {
                let mut v = base.clone();
                *at_mut(&mut v, &path) = Value::Object(m);
                v
            };
            for added in [json!("x"), json!(s), json!(1), json!({})] {
                let mut m = original.clone();
                m.insert(s.to_owned(), added);
                push(with(m));
            }
            let mut m = original.clone();
            m.insert(TWICE.to_owned(), json!(0));
            push(with(m));
            for k in original.keys() {
                let m: Map<String, Value> = original
                    .iter()
                    .map(|(name, value)| {
                        let name = if name == k {
                            s.to_owned()
                        } else {
                            name.clone()
                        };
                        (name, value.clone())
                    })
                    .collect();
                push(with(m));
            }
        }
        // Text that is not the input's JSON at all.
        out.push(s.as_bytes().to_vec());
        out.push(format!("{{{s}}}").into_bytes());
        out.push(format!("{{\"{s}\"}}").into_bytes());
        out.push(format!("{{\"{s}\":").into_bytes());
        out
    }

    /// The secret as a string, inside an array, and as an object's name (with a string and an
    /// object as its value).
    fn every_kind(s: &str) -> Vec<Value> {
        vec![json!(s), json!([s]), json!({ s: s }), json!({ s: {} })]
    }

    fn credentials_of(v: &Value) -> Credentials {
        if v.is_null() || v.as_object().is_some_and(|m| m.is_empty()) {
            return Credentials::default();
        }
        Credentials::from_json(v.to_string().as_bytes()).unwrap()
    }

    fn full_credentials() -> Credentials {
        Credentials::from_json(
            br#"{"merchantKey":"PmX#a0x4VpTXRzfK","clientId":"C11","clientSecret":"client-secret-1"}"#,
        )
        .unwrap()
    }

    #[test]
    fn requests_every_api() {
        let mut t = Tally::default();
        let mut apis = std::collections::BTreeSet::new();
        for dir in subdirs(&vectors().join("requests")) {
            let case = read_json(&dir.join("input.json"));
            let api = case["api"].as_str().unwrap();
            apis.insert(api.to_owned());
            let creds = credentials_of(&case["credentials"]);
            let opts = BuildOptions::new(Environment::Staging);
            for &(_, s) in SECRETS {
                for input in mutations(&case["params"], s, usize::MAX, &every_kind(s)) {
                    let r = build_request(api, &input, &creds, &opts);
                    t.check(api, &input, r);
                }
            }
        }
        let every: std::collections::BTreeSet<String> =
            API_NAMES.iter().map(|s| s.to_string()).collect();
        assert_eq!(apis, every, "a request vector for every API name");
        // The API name itself.
        for &(_, s) in SECRETS {
            let r = build_request(s, b"{}", &full_credentials(), &BuildOptions::default());
            t.check("api name", s.as_bytes(), r);
        }
        t.finish(10_000);
    }

    /// Removes every signature so that the unsigned parse reaches every member.
    fn unsigned(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.retain(|k, _| k != "signature" && !k.to_ascii_lowercase().contains("checksum"));
                m.values_mut().for_each(unsigned);
            }
            Value::Array(a) => a.iter_mut().for_each(unsigned),
            _ => {}
        }
    }

    /// The value with every scalar blanked: its shape.
    fn skeleton(v: &Value) -> String {
        fn blank(v: &Value) -> Value {
            match v {
                Value::Object(m) => {
                    Value::Object(m.iter().map(|(k, v)| (k.clone(), blank(v))).collect())
                }
                Value::Array(a) => Value::Array(a.iter().map(blank).collect()),
                Value::String(_) => json!(""),
                Value::Number(_) => json!(0),
                other => other.clone(),
            }
        }
        blank(v).to_string()
    }

    #[test]
    fn responses_and_callbacks() {
        let mut t = Tally::default();
        let key = MerchantKey::new(TEST_KEY).unwrap();
        let lenient = ParseOptions::from_json(br#"{"allowUnsigned":true}"#).unwrap();
        let mut apis = std::collections::BTreeSet::new();
        let mut shapes = std::collections::BTreeSet::new();
        for dir in subdirs(&vectors().join("responses")) {
            let case = read_json(&dir.join("case.json"));
            let api = case["api"].as_str().unwrap();
            let status = case["httpStatus"].as_u64().unwrap() as u16;
            let raw = std::fs::read(dir.join("response.bin")).unwrap();
            // revoke_access answers with a status and no body: nothing of it is read.
            apis.insert(api.to_owned());
            let parse = |body: &[u8], key: Option<&MerchantKey>, o: &ParseOptions| {
                if api == "callback" {
                    parse_callback(body, key, o).map(drop)
                } else {
                    parse_response(api, status, body, key, o).map(drop)
                }
            };
            let base: Value = match serde_json::from_slice(&raw) {
                Ok(v) => v,
                Err(_) => {
                    // A form body (callbacks, add money): its fields as an object, re-encoded.
                    let Ok(text) = std::str::from_utf8(&raw) else {
                        continue;
                    };
                    if !text.contains('=') {
                        continue;
                    }
                    let fields: Map<String, Value> = form_urlencoded::parse(text.as_bytes())
                        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                        .collect();
                    for &(_, s) in SECRETS {
                        let mut all: Vec<Vec<(String, String)>> = Vec::new();
                        let pairs: Vec<(String, String)> = fields
                            .iter()
                            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                            .collect();
                        for i in 0..pairs.len() {
                            let mut p = pairs.clone();
                            p[i].0 = s.to_owned();
                            all.push(p);
                            let mut p = pairs.clone();
                            p[i].1 = s.to_owned();
                            all.push(p);
                        }
                        let mut p = pairs.clone();
                        p.push((s.to_owned(), "x".to_owned()));
                        p.push((s.to_owned(), "y".to_owned()));
                        all.push(p);
                        for p in all {
                            let body = paytm_checkout::http::form_encode(
                                p.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                            );
                            t.check(
                                api,
                                body.as_bytes(),
                                parse(body.as_bytes(), Some(&key), &lenient),
                            );
                            let stripped: String = form_urlencoded::Serializer::new(String::new())
                                .extend_pairs(p.iter().filter(|(k, _)| k != "CHECKSUMHASH"))
                                .finish();
                            t.check(
                                api,
                                stripped.as_bytes(),
                                parse(stripped.as_bytes(), None, &lenient),
                            );
                        }
                    }
                    continue;
                }
            };
            let mut bare = base.clone();
            unsigned(&mut bare);
            // One case per shape: fixtures that differ only in their values (tampered copies,
            // other result codes) reach the same readers.
            if !shapes.insert((api.to_owned(), skeleton(&bare))) {
                continue;
            }
            for &(_, s) in SECRETS {
                // Signed: what is read before the signature is checked (the envelope, `head`).
                for body in mutations(&base, s, 2, &every_kind(s)) {
                    t.check(
                        api,
                        &body,
                        parse(&body, Some(&key), &ParseOptions::default()),
                    );
                }
                // Unsigned, allowed: every member is read. Arrays and strings in the wrong place
                // are type errors about the schema's names (the requests cover those); a
                // name-bearing object is what reaches the readers of open maps.
                let kinds = [json!(s), json!({ s: {} })];
                for body in mutations(&bare, s, usize::MAX, &kinds) {
                    t.check(api, &body, parse(&body, None, &lenient));
                }
            }
        }
        let mut every: std::collections::BTreeSet<String> =
            RESPONSE_API_NAMES.iter().map(|s| s.to_string()).collect();
        every.insert("callback".into());
        assert_eq!(
            apis, every,
            "a response vector for every API name and callbacks"
        );
        for &(_, s) in SECRETS {
            let r = parse_response(s, 200, b"{}", Some(&key), &ParseOptions::default());
            t.check("api name", s.as_bytes(), r);
        }
        t.finish(10_000);
    }

    #[test]
    fn small_readers() {
        let mut t = Tally::default();
        let process = read_json(&vectors().join("requests/process_credit_card_new/input.json"));
        let bases: Vec<(&str, Value)> = vec![
            (
                "params",
                json!({"ORDERID":"O1","MID":"INTEGR7769XXXXXX9383","TXNAMOUNT":null}),
            ),
            (
                "credentials",
                json!({"merchantKey":"PmX#a0x4VpTXRzfK","clientId":"C11","clientSecret":"client-secret-1"}),
            ),
            (
                "build options",
                json!({"environment":{"custom":"http://127.0.0.1:8080"},"salt":"abcd"}),
            ),
            ("parse options", json!({"allowUnsigned":true})),
            ("card", process["params"]["cardInfo"].clone()),
            ("process", process["params"].clone()),
        ];
        for (what, base) in &bases {
            for &(_, s) in SECRETS {
                for input in mutations(base, s, usize::MAX, &every_kind(s)) {
                    let r = match *what {
                        "params" => Params::from_json(&input).map(drop),
                        "credentials" => Credentials::from_json(&input).map(drop),
                        "build options" => BuildOptions::from_json(&input).map(drop),
                        "parse options" => ParseOptions::from_json(&input).map(drop),
                        "card" => CardInfo::from_json(&input).map(drop),
                        _ => ProcessTransaction::from_json(&input).map(drop),
                    };
                    t.check(what, &input, r);
                }
            }
        }
        t.finish(1_000);
    }

    #[test]
    fn session_configs() {
        let mut t = Tally::default();
        let doc = read_json(&vectors().join("sessions/scenarios.json"));
        let key = || MerchantKey::new(TEST_KEY).unwrap();
        let mut kinds = std::collections::BTreeSet::new();
        for sc in doc["scenarios"].as_array().unwrap() {
            let kind = sc["kind"].as_str().unwrap();
            let with_key = !sc["key"].is_null();
            // One config per kind and half is enough: they share their readers.
            if !kinds.insert((kind.to_owned(), with_key)) {
                continue;
            }
            for &(_, s) in SECRETS {
                for config in mutations(&sc["config"], s, usize::MAX, &every_kind(s)) {
                    let label = format!("{kind} session (key: {with_key})");
                    let r = match kind {
                        "checkout" => {
                            let k = with_key.then(key);
                            let direct = CheckoutSession::from_json(&config, k).map(drop);
                            t.check(&label, &config, direct);
                            let creds = if with_key {
                                full_credentials()
                            } else {
                                Credentials::default()
                            };
                            Session::new(SessionKind::Checkout, &config, creds).map(drop)
                        }
                        "refund" => {
                            t.check(
                                &label,
                                &config,
                                RefundSession::from_json(&config, key()).map(drop),
                            );
                            Session::new(SessionKind::Refund, &config, full_credentials()).map(drop)
                        }
                        "subscription" => {
                            t.check(
                                &label,
                                &config,
                                SubscriptionSession::from_json(&config, key()).map(drop),
                            );
                            Session::new(SessionKind::Subscription, &config, full_credentials())
                                .map(drop)
                        }
                        _ => {
                            let direct = WalletSession::from_json(&config, full_credentials());
                            t.check(&label, &config, direct.map(drop));
                            Session::new(SessionKind::Wallet, &config, full_credentials()).map(drop)
                        }
                    };
                    t.check(&label, &config, r);
                }
            }
        }
        assert_eq!(
            kinds.len(),
            5,
            "checkout (server and client), refund, wallet, subscription"
        );
        for &(_, s) in SECRETS {
            t.check("kind", s.as_bytes(), SessionKind::parse(s).map(drop));
        }
        t.finish(3_000);
    }
}
