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
    let opts = BuildOptions::new(Environment::Staging);
    let mut json_errs = vec![];
    for cardinfo in [
        json!({"type":"new","cardNumber":bad_pan,"cvv":CVV,"expiry":"122032"}),
        json!({"type":"new","cardNumber":PAN,"cvv":format!("{CVV}9"),"expiry":"122032"}),
        json!({"type":"new","cardNumber":PAN,"cvv":CVV,"expiry":"132032"}),
        json!({"type":"new","cardNumber":PAN,"cvv":CVV,"expiry":"122032","extra":PAN}),
        json!({"type":"mystery","cardNumber":PAN,"cvv":CVV}),
    ] {
        let p = json!({"txnToken":"t","mid":"INTEGR7769XXXXXX9383","orderId":"O1","paymentMode":"CREDIT_CARD","cardInfo":cardinfo});
        json_errs.push(
            build_request(
                "process_transaction",
                p.to_string().as_bytes(),
                &creds(),
                &opts,
            )
            .unwrap_err(),
        );
    }
    let p = json!({"txnToken":"t","mid":"INTEGR7769XXXXXX9383","orderId":"O1","paymentMode":"CREDIT_CARD","cardTokenInfo":{"cardToken":TOKEN_PAN,"tokenExpiry":"122030","TAVV":format!("{TAVV}!"),"cardSuffix":"6467","panUniqueReference":"P","tokenType":"COFT"},"cardInfo":{"type":"token","cvv":CVV}});
    json_errs.push(
        build_request(
            "process_transaction",
            p.to_string().as_bytes(),
            &creds(),
            &opts,
        )
        .unwrap_err(),
    );
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
            .build(
                &Environment::Staging,
                c.client_id.as_ref().unwrap(),
                c.client_secret.as_ref().unwrap(),
            )
            .unwrap(),
        ),
        (
            "revoke",
            RevokeAccess {
                session_token: SsoToken::new(SSO).unwrap(),
            }
            .build(
                &Environment::Staging,
                c.client_id.as_ref().unwrap(),
                c.client_secret.as_ref().unwrap(),
            )
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
