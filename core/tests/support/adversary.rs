//! A model-based adversary for the session engine, shared by `core/tests/adversary.rs` (random
//! interleavings in `cargo test`) and the `session` fuzz target (interleavings chosen by the
//! fuzzer), through `#[path]`.
//!
//! The adversary holds the test merchant key, so every message it sends is *validly signed*:
//! statuses, refund statuses, callbacks, withdrawals and Process answers about this order and
//! about other orders, refunds, MIDs, payments and amounts, or naming none of them, in every
//! state. It delivers them in any order, duplicated, as answers to whatever request is out (or to
//! none), after `done`, across save/restore and edited saves, at any time. After every step it
//! checks the engine's money invariants:
//!
//! 1. never `success` without a verified status for this order, MID and amount delivered;
//! 2. never `refunded` without a verified Refund Status for this refund attempt delivered;
//! 3. never a second refund raised while one is pending or unknown: each attempt sends Refund
//!    at most once, and a new attempt starts only after a failure *of that attempt* was delivered;
//! 4. an answer about something else changes nothing (the save is byte for byte the same),
//!    whether it is refused or not; an `ORDER_MISMATCH` error changes nothing either;
//! 5. once done, the outcome never changes;
//! 6. an edited save never restores (`SESSION_SEAL`), and the keyless client half never restores
//!    into `success` or `refunded`;
//! 7. errors carry a code of their family (never a 9xxx boundary code), and nothing panics.
#![allow(dead_code)]

use paytm_checkout::api::Credentials;
use paytm_checkout::error::ErrorCode;
use paytm_checkout::session::{Action, Outcome, OutcomeStatus, Purpose, Session, SessionKind};
use paytm_checkout::{MerchantKey, Params, Salt};

pub const KEY: &[u8] = b"PmX#a0x4VpTXRzfK";
const MID: &str = "INTEGR7769XXXXXX9383";
const OTHER_MID: &str = "OTHERM7769XXXXX9383";
const ORDER: &str = "ORDER_1001";
const TOKEN: &str = "f0bed899539742309eebd8XXXX7edcf61588842333227";
const TXN: &str = "20231114XXXXXX00000000000000000001";
const OTHER_TXN: &str = "20231114XXXXXX00000000000000000002";
const AMOUNT: &str = "100.00";
const WALLET_AMOUNT: &str = "10.00";
const REF: &str = "REF_1001";
const T0: u64 = 1_700_000_000_000;
/// Refund attempts the pool has messages for.
const ATTEMPTS: u32 = 3;

const SERVER: &str = r#"{"environment":"staging","mid":"INTEGR7769XXXXXX9383","orderId":"ORDER_1001","amount":"100.00","initiate":{"mid":"INTEGR7769XXXXXX9383","orderId":"ORDER_1001","websiteName":"WEBSTAGING","txnAmount":{"value":"100.00"},"userInfo":{"custId":"CUST_001"}}}"#;
const CLIENT: &str = r#"{"environment":"staging","mid":"INTEGR7769XXXXXX9383","orderId":"ORDER_1001","amount":"100.00","txnToken":"f0bed899539742309eebd8XXXX7edcf61588842333227","tokenIssuedAt":1700000000000}"#;
const REFUND: &str = r#"{"environment":"staging","mid":"INTEGR7769XXXXXX9383","orderId":"ORDER_1001","txnId":"20231114XXXXXX00000000000000000001","refId":"REF_1001","refundAmount":"100.00"}"#;
const WALLET: &str = r#"{"environment":"staging","mid":"INTEGR7769XXXXXX9383","orderId":"ORDER_1001","amount":"10.00","custId":"CUST_001","channel":"WAP","industryType":"Retail","website":"WEBSTAGING","appIp":"10.0.0.1","deviceId":"D1","addMoneyCallbackUrl":"https://merchant.example/add-money","ssoToken":"c748d624-d92a-4599-b954-5c6274e01552"}"#;
const SSO: &str = "c748d624-d92a-4599-b954-5c6274e01552";

/// What a message says it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    /// This session's order (refunds: this attempt's REFID).
    This,
    OtherOrder,
    OtherMid,
    /// 0.01 where the session expects 100.00 (or 10.00).
    OtherAmount,
    /// Another payment of the same order (refunds bind to their payment's txn id).
    OtherTxn,
    /// Another refund attempt's REFID (refunds only).
    OtherRef,
    /// No order id, MID, txn id, REFID or amount at all.
    Missing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Success,
    Failure,
    Pending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Initiate,
    ProcessForm,
    ProcessRetry,
    ProcessDeclined,
    /// A Process answer with a direct result (txnInfo).
    ProcessDirect,
    Status,
    Callback,
    Refund,
    RefundStatus,
    ConsultSufficient,
    ConsultShort,
    Withdraw,
    AddMoneyCallback,
}

/// One validly signed message.
#[derive(Debug, Clone)]
pub struct Msg {
    pub kind: Kind,
    pub about: About,
    pub state: State,
    /// The refund attempt whose REFID it names (refunds).
    pub attempt: u32,
    pub body: Vec<u8>,
}

impl Msg {
    /// The purpose of the request this message answers (None: a callback).
    fn answers(&self) -> Option<Purpose> {
        Some(match self.kind {
            Kind::Initiate => Purpose::Initiate,
            Kind::ProcessForm
            | Kind::ProcessRetry
            | Kind::ProcessDeclined
            | Kind::ProcessDirect => Purpose::Process,
            Kind::Status => Purpose::Status,
            Kind::Refund => Purpose::Refund,
            Kind::RefundStatus => Purpose::RefundStatus,
            Kind::ConsultSufficient | Kind::ConsultShort => Purpose::CheckBalance,
            Kind::Withdraw => Purpose::Withdraw,
            Kind::Callback | Kind::AddMoneyCallback => return None,
        })
    }

    /// Would it end the session (then it must name what it is about)?
    fn ends(&self) -> bool {
        match self.kind {
            Kind::Withdraw | Kind::Refund => self.state == State::Failure,
            Kind::Status | Kind::RefundStatus => self.state != State::Pending,
            _ => false,
        }
    }

    /// The refund attempt whose REFID it names.
    fn names_attempt(&self) -> u32 {
        match self.about {
            About::OtherRef => self.attempt + 1,
            _ => self.attempt,
        }
    }

    /// Is it about something else than this session (refunds: than `attempt`), in a way it must
    /// be refused for — or, when it would end the session, for naming nothing?
    fn foreign(&self, attempt: u32) -> bool {
        match self.about {
            About::This => self.names_attempt() != attempt,
            About::OtherRef => self.names_attempt() != attempt,
            // Callbacks and direct results always name the order (Paytm's parser requires it).
            About::Missing => {
                !matches!(
                    self.kind,
                    Kind::Callback | Kind::ProcessDirect | Kind::AddMoneyCallback
                ) && self.ends()
            }
            _ => true,
        }
    }

    /// Is it this session's own, genuine answer?
    fn genuine(&self, attempt: u32) -> bool {
        matches!(self.about, About::This | About::OtherRef) && self.names_attempt() == attempt
    }
}

/// Which session the adversary attacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Server,
    Client,
    Refund,
    Wallet,
}

impl Target {
    pub const ALL: [Target; 4] = [
        Target::Server,
        Target::Client,
        Target::Refund,
        Target::Wallet,
    ];
}

/// Where the adversary's choices come from: a PRNG in `cargo test`, the fuzzer's bytes in the
/// fuzz target (`None`: the input is used up).
pub trait Choices {
    fn pick(&mut self, n: usize) -> Option<usize>;
    /// Arbitrary bytes (a hostile body or save); the PRNG gives small junk.
    fn bytes(&mut self) -> Option<Vec<u8>>;
}

/// A small xorshift PRNG (reproducible: the seed is the interleaving's number).
pub struct Rng(pub u64);

impl Choices for Rng {
    fn pick(&mut self, n: usize) -> Option<usize> {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Some((self.0 % n.max(1) as u64) as usize)
    }

    fn bytes(&mut self) -> Option<Vec<u8>> {
        let n = self.pick(24)?;
        Some((0..n).map(|_| self.pick(256).unwrap_or(0) as u8).collect())
    }
}

/// The fuzzer's bytes as choices.
pub struct Bytes<'a>(pub &'a [u8]);

impl Choices for Bytes<'_> {
    fn pick(&mut self, n: usize) -> Option<usize> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(usize::from(b) % n.max(1))
    }

    fn bytes(&mut self) -> Option<Vec<u8>> {
        let n = usize::from(*self.0.first()?).min(self.0.len() - 1);
        let out = self.0[1..=n].to_vec();
        self.0 = &self.0[n + 1..];
        Some(out)
    }
}

// ---- The message pool: every message signed once, with the test key ----

struct Signer {
    key: MerchantKey,
    n: u32,
}

impl Signer {
    fn salt(&mut self) -> Salt {
        self.n += 1;
        let s = format!("{:04}", self.n % 10_000);
        Salt::new(s.as_bytes()).unwrap()
    }

    /// `{"head":{…,"signature":…},"body":BODY}` signed over BODY's exact bytes.
    fn envelope(&mut self, body: &str, signed: bool) -> Vec<u8> {
        let head = if signed {
            let salt = self.salt();
            let sig = self.key.generate_with_salt(body.as_bytes(), salt);
            format!(r#"{{"responseTimestamp":"1588402269","version":"v1","signature":"{sig}"}}"#)
        } else {
            r#"{"responseTimestamp":"1588402269","version":"v1"}"#.to_owned()
        };
        format!(r#"{{"head":{head},"body":{body}}}"#).into_bytes()
    }

    /// A signed v3 Transaction Status answer about `about` in `state` (the checkout's and the
    /// wallet's confirmation).
    fn status(&mut self, about: About, state: State, amount: &str, mode: &str) -> Vec<u8> {
        let (order, mid, txn, amt, _) = ids(about, amount, 1);
        let members = json_members(&[
            ("txnId", txn),
            ("orderId", order),
            ("txnAmount", amt),
            ("mid", mid),
        ]);
        let sep = if members.is_empty() { "" } else { "," };
        let status = format!(
            r#"{{"resultInfo":{}{sep}{members},"txnType":"SALE","paymentMode":"{mode}"}}"#,
            result_info(state, Kind::Status)
        );
        self.envelope(&status, true)
    }

    fn map_checksum(&mut self, fields: &[(&str, String)]) -> String {
        let params: Params = fields.iter().map(|(k, v)| (*k, v.clone())).collect();
        let salt = self.salt();
        self.key.generate_map_with_salt(&params, salt)
    }

    /// A signed callback, form-encoded.
    fn form(&mut self, fields: &[(&str, String)]) -> Vec<u8> {
        let sum = self.map_checksum(fields);
        let mut out = String::new();
        for (k, v) in fields
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .chain([("CHECKSUMHASH", sum.as_str())])
        {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(k);
            out.push('=');
            for b in v.bytes() {
                if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                    out.push(b as char);
                } else {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
        out.into_bytes()
    }
}

/// A message's identity members: order, MID, txn id, amount, REFID (`None`: not named).
type Ids = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The identity members of a message `about` something.
fn ids(about: About, amount: &str, attempt: u32) -> Ids {
    let this_ref = ref_of(attempt);
    let (mut order, mut mid, mut txn, mut amt, mut rf) = (
        Some(ORDER.to_owned()),
        Some(MID.to_owned()),
        Some(TXN.to_owned()),
        Some(amount.to_owned()),
        Some(this_ref),
    );
    match about {
        About::This => {}
        About::OtherOrder => order = Some("ORDER_10010".to_owned()),
        About::OtherMid => mid = Some(OTHER_MID.to_owned()),
        About::OtherAmount => amt = Some("0.01".to_owned()),
        About::OtherTxn => txn = Some(OTHER_TXN.to_owned()),
        About::OtherRef => rf = Some(ref_of(attempt + 1)),
        About::Missing => (order, mid, txn, amt, rf) = (None, None, None, None, None),
    }
    (order, mid, txn, amt, rf)
}

fn ref_of(attempt: u32) -> String {
    if attempt <= 1 {
        REF.to_owned()
    } else {
        format!("{REF}-{attempt}")
    }
}

fn json_members(members: &[(&str, Option<String>)]) -> String {
    members
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!(r#""{k}":"{v}""#)))
        .collect::<Vec<_>>()
        .join(",")
}

fn result_info(state: State, kind: Kind) -> &'static str {
    match (kind, state) {
        (Kind::Refund | Kind::RefundStatus, State::Success) => {
            r#"{"resultStatus":"TXN_SUCCESS","resultCode":"10","resultMsg":"Refund Successfull"}"#
        }
        (Kind::Refund | Kind::RefundStatus, State::Failure) => {
            r#"{"resultStatus":"TXN_FAILURE","resultCode":"617","resultMsg":"Refund Failed"}"#
        }
        (Kind::Refund | Kind::RefundStatus, State::Pending) => {
            r#"{"resultStatus":"PENDING","resultCode":"601","resultMsg":"Refund request was raised"}"#
        }
        (_, State::Success) => {
            r#"{"resultStatus":"TXN_SUCCESS","resultCode":"01","resultMsg":"Txn Success"}"#
        }
        (_, State::Failure) => {
            r#"{"resultStatus":"TXN_FAILURE","resultCode":"227","resultMsg":"Declined"}"#
        }
        (_, State::Pending) => {
            r#"{"resultStatus":"PENDING","resultCode":"402","resultMsg":"Pending"}"#
        }
    }
}

fn txn_status(state: State) -> &'static str {
    match state {
        State::Success => "TXN_SUCCESS",
        State::Failure => "TXN_FAILURE",
        State::Pending => "PENDING",
    }
}

/// The form fields of a payment report (callbacks, txnInfo).
fn txn_fields(
    about: About,
    state: State,
    amount: &str,
    order: Option<String>,
) -> Vec<(&'static str, String)> {
    let (o, mid, txn, amt, _) = ids(about, amount, 1);
    let mut f = Vec::new();
    // A callback always names an order (Paytm's parser requires ORDERID): "missing" keeps only
    // the order id.
    f.push(("ORDERID", order.or(o).unwrap_or_else(|| ORDER.to_owned())));
    if let Some(m) = mid {
        f.push(("MID", m));
    }
    if let Some(t) = txn {
        f.push(("TXNID", t));
    }
    if let Some(a) = amt {
        f.push(("TXNAMOUNT", a));
    }
    f.push(("CURRENCY", "INR".to_owned()));
    f.push(("STATUS", txn_status(state).to_owned()));
    f.push((
        "RESPCODE",
        if state == State::Success { "01" } else { "227" }.to_owned(),
    ));
    f.push(("RESPMSG", "Txn".to_owned()));
    f.push(("PAYMENTMODE", "PPI".to_owned()));
    f.push(("TXNDATE", "2023-11-14".to_owned()));
    f
}

const ABOUTS: [About; 7] = [
    About::This,
    About::OtherOrder,
    About::OtherMid,
    About::OtherAmount,
    About::OtherTxn,
    About::OtherRef,
    About::Missing,
];
const STATES: [State; 3] = [State::Success, State::Failure, State::Pending];

/// Every message the adversary may send to one kind of session, signed once, with indexes by
/// the request each answers and by the refund attempt each is genuine for.
pub struct Pool {
    msgs: Vec<Msg>,
    answering: Vec<(Purpose, Vec<usize>)>,
    genuine: Vec<Vec<usize>>,
}

impl Pool {
    fn answering(&self, p: Option<Purpose>) -> &[usize] {
        p.and_then(|p| self.answering.iter().find(|(q, _)| *q == p))
            .map_or(&[], |(_, v)| v.as_slice())
    }

    fn genuine(&self, attempt: u32) -> &[usize] {
        self.genuine
            .get(attempt as usize)
            .map_or(&[], |v| v.as_slice())
    }
}

/// Every message the adversary may send to `target`, signed once.
pub fn pool(target: Target) -> Pool {
    let msgs = messages(target);
    let mut answering: Vec<(Purpose, Vec<usize>)> = Vec::new();
    let mut genuine = vec![Vec::new(); ATTEMPTS as usize + 2];
    for (i, m) in msgs.iter().enumerate() {
        if let Some(p) = m.answers() {
            match answering.iter_mut().find(|(q, _)| *q == p) {
                Some((_, v)) => v.push(i),
                None => answering.push((p, vec![i])),
            }
        }
        for (attempt, g) in genuine.iter_mut().enumerate() {
            if m.genuine(attempt as u32) {
                g.push(i);
            }
        }
    }
    Pool {
        msgs,
        answering,
        genuine,
    }
}

/// Paytm's status answer for an order it does not know.
const UNKNOWN_ORDER: &str =
    r#"{"resultInfo":{"resultStatus":"F","resultCode":"334","resultMsg":"Invalid Order Id."}}"#;

fn messages(target: Target) -> Vec<Msg> {
    let mut s = Signer {
        key: MerchantKey::new(KEY).unwrap(),
        n: 0,
    };
    let mut out = Vec::new();
    let mut add = |kind, about, state, attempt, body| {
        out.push(Msg {
            kind,
            about,
            state,
            attempt,
            body,
        })
    };
    // Checkout and wallet sessions bind to the order, not to one of its payments; refunds bind
    // to the payment and the REFID too.
    let abouts: Vec<About> = ABOUTS
        .iter()
        .copied()
        .filter(|a| match target {
            Target::Refund => true,
            _ => !matches!(a, About::OtherTxn | About::OtherRef),
        })
        .collect();
    match target {
        Target::Server | Target::Client => {
            let init = r#"{"resultInfo":{"resultStatus":"S","resultCode":"0000","resultMsg":"Success"},"txnToken":"f0bed899539742309eebd8XXXX7edcf61588842333227","isPromoCodeValid":false,"authenticated":false}"#;
            let body = s.envelope(init, true);
            add(Kind::Initiate, About::This, State::Success, 1, body);
            let form = r#"{"resultInfo":{"resultStatus":"S","resultCode":"0000","resultMsg":"Success","retry":false},"bankForm":{"pageType":"redirect","redirectForm":{"actionURL":"https://bank.example/acs","method":"post","type":"redirect","headers":{},"content":{"MD":"1"}}}}"#;
            let body = s.envelope(form, false);
            add(Kind::ProcessForm, About::This, State::Pending, 1, body);
            let retry = r#"{"resultInfo":{"resultStatus":"F","resultCode":"1006","resultMsg":"Retry","retry":true}}"#;
            let body = s.envelope(retry, false);
            add(Kind::ProcessRetry, About::This, State::Failure, 1, body);
            let declined = r#"{"resultInfo":{"resultStatus":"F","resultCode":"227","resultMsg":"Declined","retry":false}}"#;
            let body = s.envelope(declined, false);
            add(Kind::ProcessDeclined, About::This, State::Failure, 1, body);
            for &about in &abouts {
                for state in STATES {
                    let f = txn_fields(about, state, AMOUNT, None);
                    let sum = s.map_checksum(&f);
                    let txn = f
                        .iter()
                        .map(|(k, v)| format!(r#""{k}":"{v}""#))
                        .chain([format!(r#""CHECKSUMHASH":"{sum}""#)])
                        .collect::<Vec<_>>()
                        .join(",");
                    let direct = format!(
                        r#"{{"resultInfo":{{"resultStatus":"S","resultCode":"0000","resultMsg":"Success"}},"txnInfo":{{{txn}}}}}"#
                    );
                    let body = s.envelope(&direct, false);
                    add(Kind::ProcessDirect, about, state, 1, body);
                    let body = if target == Target::Client {
                        // JS Checkout's relayed object: JSON, unsigned.
                        format!(
                            "{{{}}}",
                            f.iter()
                                .map(|(k, v)| format!(r#""{k}":"{v}""#))
                                .collect::<Vec<_>>()
                                .join(",")
                        )
                        .into_bytes()
                    } else {
                        s.form(&f)
                    };
                    add(Kind::Callback, about, state, 1, body);
                    let body = s.status(about, state, AMOUNT, "CC");
                    add(Kind::Status, about, state, 1, body);
                }
            }
            let body = s.envelope(UNKNOWN_ORDER, true);
            add(Kind::Status, About::Missing, State::Pending, 1, body);
        }
        Target::Refund => {
            for attempt in 1..=ATTEMPTS {
                for &about in &abouts {
                    for state in STATES {
                        let (order, mid, txn, amt, rf) = ids(about, AMOUNT, attempt);
                        let members = json_members(&[
                            ("orderId", order),
                            ("mid", mid),
                            ("refId", rf),
                            ("txnId", txn),
                            ("refundAmount", amt),
                        ]);
                        for kind in [Kind::Refund, Kind::RefundStatus] {
                            let sep = if members.is_empty() { "" } else { "," };
                            let body = format!(
                                r#"{{"resultInfo":{}{sep}{members},"refundId":"RFD_1","txnTimestamp":"2023-11-14 22:13:20.0"}}"#,
                                result_info(state, kind)
                            );
                            let body = s.envelope(&body, true);
                            add(kind, about, state, attempt, body);
                        }
                    }
                }
            }
        }
        Target::Wallet => {
            for (kind, sufficient, allowed) in [
                (Kind::ConsultSufficient, true, false),
                (Kind::ConsultShort, false, true),
            ] {
                let consult = format!(
                    r#"{{"fundsSufficient":{sufficient},"addMoneyAllowed":{allowed},"deficitAmount":"4.00","resultInfo":{{"resultStatus":"SUCCESS","resultCode":"CS_0000","resultMsg":"ok"}}}}"#
                );
                let body = s.envelope(&consult, true);
                add(kind, About::This, State::Success, 1, body);
            }
            for &about in &abouts {
                for state in STATES {
                    let (order, mid, txn, amt, _) = ids(about, WALLET_AMOUNT, 1);
                    let mut w: Vec<(&str, String)> = Vec::new();
                    for (k, v) in [
                        ("TxnId", txn.clone()),
                        ("MID", mid.clone()),
                        ("OrderId", order.clone()),
                        ("TxnAmount", amt.clone()),
                    ] {
                        if let Some(v) = v {
                            w.push((k, v));
                        }
                    }
                    w.push(("ResponseCode", "01".to_owned()));
                    w.push(("ResponseMessage", "Txn".to_owned()));
                    w.push(("Status", txn_status(state).to_owned()));
                    w.push(("PaymentMode", "PPI".to_owned()));
                    let sum = s.map_checksum(&w);
                    let withdraw = format!(
                        "{{{},\"CheckSum\":\"{sum}\"}}",
                        w.iter()
                            .map(|(k, v)| format!(r#""{k}":"{v}""#))
                            .collect::<Vec<_>>()
                            .join(",")
                    );
                    add(Kind::Withdraw, about, state, 1, withdraw.into_bytes());
                    let body = s.status(about, state, WALLET_AMOUNT, "PPI");
                    add(Kind::Status, about, state, 1, body);
                }
            }
            let body = s.envelope(UNKNOWN_ORDER, true);
            add(Kind::Status, About::Missing, State::Pending, 1, body);
            for (about, order) in [
                (About::This, format!("{ORDER}-AM1")),
                (About::OtherOrder, "ORDER_10010-AM1".to_owned()),
                (About::OtherOrder, format!("{ORDER}-AM9")),
                (About::OtherMid, format!("{ORDER}-AM1")),
            ] {
                let mut f = txn_fields(
                    if about == About::OtherMid {
                        About::OtherMid
                    } else {
                        About::This
                    },
                    State::Success,
                    "4.00",
                    Some(order),
                );
                f.retain(|(k, _)| *k != "TXNAMOUNT" || about != About::Missing);
                let body = s.form(&f);
                add(Kind::AddMoneyCallback, about, State::Success, 1, body);
            }
        }
    }
    out
}

// ---- The run ----

/// What a run saw, for the suite's totals.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub steps: u64,
    pub success: u64,
    pub refunded: u64,
    pub failure: u64,
    pub unverified: u64,
    pub refused: u64,
    pub edits_refused: u64,
}

/// The target's credentials, made once per process (a key schedule and the seal key's
/// derivation each time would be most of a short run).
fn credentials(target: Target) -> Credentials {
    static MADE: std::sync::OnceLock<[Credentials; 4]> = std::sync::OnceLock::new();
    MADE.get_or_init(|| Target::ALL.map(make_credentials))[target as usize].clone()
}

fn make_credentials(target: Target) -> Credentials {
    match target {
        Target::Client => Credentials::default(),
        Target::Wallet => Credentials::from_json(
            br#"{"merchantKey":"PmX#a0x4VpTXRzfK","clientId":"C11","clientSecret":"client-secret-1"}"#,
        )
        .unwrap(),
        _ => Credentials {
            merchant_key: Some(MerchantKey::new(KEY).unwrap()),
            ..Credentials::default()
        },
    }
}

fn new_session(target: Target) -> Session {
    let (kind, config) = match target {
        Target::Server => (SessionKind::Checkout, SERVER),
        Target::Client => (SessionKind::Checkout, CLIENT),
        Target::Refund => (SessionKind::Refund, REFUND),
        Target::Wallet => (SessionKind::Wallet, WALLET),
    };
    Session::new(kind, config.as_bytes(), credentials(target)).unwrap()
}

fn token(target: Target) -> Option<&'static str> {
    match target {
        Target::Server | Target::Client => Some(TOKEN),
        Target::Wallet => Some(SSO),
        Target::Refund => None,
    }
}

fn status_of(s: &Session) -> Option<(OutcomeStatus, &Outcome)> {
    s.outcome().map(|o| (o.status, o))
}

/// Trace every step to stderr (`ADVERSARY_TRACE=1`).
/// A restored session must not be `success` or `refunded`: nothing the host can edit makes one.
fn assert_not_settled(r: &Session, step: usize, what: &str) {
    let st = status_of(r).map(|(st, _)| st);
    assert!(
        !matches!(st, Some(OutcomeStatus::Success | OutcomeStatus::Refunded)),
        "step {step}: {what} restored into {st:?}"
    );
}

fn trace() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("ADVERSARY_TRACE").is_some())
}

/// Edits an attacker would make to a save.
fn edit(saved: &str, which: usize) -> Option<String> {
    let edits: [(&str, &str); 6] = [
        (r#""amount":"100.00""#, r#""amount":"0.01""#),
        (r#""refundAmount":"100.00""#, r#""refundAmount":"0.01""#),
        (r#""amount":"10.00""#, r#""amount":"0.01""#),
        (r#""phase":"#, r#""outcome":{"status":"success"},"phase":"#),
        (r#""phase":"#, r#""outcome":{"status":"refunded"},"phase":"#),
        (
            r#""phase":"#,
            r#""outcome":{"status":"success","transaction":{"orderId":"ORDER_1001","amount":"100.00","state":"success","verification":"verified"}},"phase":"#,
        ),
    ];
    let (from, to) = edits[which % edits.len()];
    saved.contains(from).then(|| saved.replacen(from, to, 1))
}

/// One interleaving against `target`, with the messages of `pool`. Panics on a violated
/// invariant (with the step and the reason).
pub fn run(target: Target, pool: &Pool, c: &mut impl Choices, max_steps: usize) -> Tally {
    let mut t = Tally::default();
    let mut s = new_session(target);
    let mut now = T0;
    // What the session asked for last (the request it considers out).
    let mut out: Option<Purpose> = None;
    // Truths the adversary delivered, accepted.
    let mut genuine_success = false;
    let mut genuine_refund_success: Vec<u32> = Vec::new();
    let mut genuine_refund_failure: Vec<u32> = Vec::new();
    let mut attempt: u32 = 1;
    let mut refunds_sent_this_attempt = 0u32;
    let mut done: Option<Outcome> = None;

    for step in 0..max_steps {
        let Some(op) = c.pick(12) else { break };
        t.steps += 1;
        // A foreign delivery is judged by the save before and after (restarts and edits use the
        // save itself). Saving seals (an HMAC over the whole save), so only then.
        let mut before: Option<String> = None;
        let mut foreign = false;
        let mut genuine = false;
        let result: Result<(), paytm_checkout::Error> = match op {
            0 | 1 => match s.next_action(now) {
                Ok(a) => {
                    match &a {
                        Action::Send { purpose, .. } => {
                            out = Some(*purpose);
                            if *purpose == Purpose::Refund {
                                refunds_sent_this_attempt += 1;
                                assert!(
                                    refunds_sent_this_attempt == 1,
                                    "step {step}: a second Refund raised in attempt {attempt}"
                                );
                            }
                        }
                        Action::Wait { until: Some(u), .. } if op == 1 => now = (*u).max(now),
                        _ => {}
                    }
                    Ok(())
                }
                Err(e) => Err(e),
            },
            2..=4 => {
                // Any message; or one answering the request that is out; or this session's own.
                let Some(how) = c.pick(4) else { break };
                let genuine_fits: Vec<usize>;
                let fits: &[usize] = match how {
                    0 => &[],
                    1 | 2 => pool.answering(out),
                    _ => {
                        genuine_fits = pool
                            .genuine(attempt)
                            .iter()
                            .copied()
                            .filter(|&i| out.is_none() || pool.msgs[i].answers() == out)
                            .collect();
                        &genuine_fits
                    }
                };
                let m = if fits.is_empty() {
                    let Some(i) = c.pick(pool.msgs.len()) else {
                        break;
                    };
                    &pool.msgs[i]
                } else {
                    let Some(i) = c.pick(fits.len()) else { break };
                    &pool.msgs[fits[i]]
                };
                if trace() {
                    eprintln!(
                        "  deliver {:?} {:?} {:?} attempt {}",
                        m.kind, m.about, m.state, m.attempt
                    );
                }
                foreign = m.foreign(attempt);
                if foreign {
                    before = Some(s.save());
                }
                let asked = out;
                let r = match m.answers() {
                    Some(p) => {
                        let r = s.handle_response(200, &m.body, now);
                        // Only an answer of the kind asked for can be judged as about
                        // something else; a mis-typed one is an unusable answer.
                        foreign &= out == Some(p);
                        genuine = m.genuine(attempt) && out == Some(p);
                        r
                    }
                    None => {
                        genuine = m.kind == Kind::Callback && m.about == About::This;
                        s.handle_callback(&m.body, now)
                    }
                };
                if r.is_ok() && out == m.answers() && m.answers().is_some() {
                    out = None;
                }
                // What the session asked for decides what a genuine answer proves (Refund and
                // Refund Status answers look alike and are signed alike).
                if r.is_ok() && m.genuine(attempt) && m.answers().is_some() {
                    match (asked, m.state) {
                        (Some(Purpose::Status), State::Success) => genuine_success = true,
                        (Some(Purpose::RefundStatus), State::Success) => {
                            genuine_refund_success.push(attempt)
                        }
                        (Some(Purpose::Refund | Purpose::RefundStatus), State::Failure) => {
                            genuine_refund_failure.push(attempt)
                        }
                        _ => {}
                    }
                }
                r
            }
            5 => {
                let r = s.handle_send_failure(now);
                if r.is_ok() {
                    out = None;
                }
                r
            }
            6 => {
                // The last two ask for checks before paying (issue #22): the adversary has no
                // genuine answer to a check, so each one ends the attempt or changes nothing —
                // and the invariants above hold through them.
                let payments: [&[u8]; 5] = [
                    br#"{"paymentMode":"BALANCE"}"#,
                    br#"{"paymentMode":"UPI","payerAccount":"7777777777@paytm"}"#,
                    br#"{"paymentMode":"CREDIT_CARD","authMode":"otp","cardInfo":{"type":"new","cardNumber":"4111111111111111","cvv":"111","expiry":"122032"}}"#,
                    br#"{"paymentMode":"UPI","payerAccount":"7777777777@paytm","validateVpa":true}"#,
                    br#"{"paymentMode":"BALANCE","loginMobile":"7777777777"}"#,
                ];
                let Some(i) = c.pick(payments.len()) else {
                    break;
                };
                s.pay(payments[i], now)
            }
            7 => {
                let Some(i) = c.pick(6) else { break };
                now = now.saturating_add(
                    [1_000, 60_000, 15 * 60_000, 6 * 3_600_000, 80 * 3_600_000, 0][i],
                );
                Ok(())
            }
            8 => {
                // A restart: the genuine save restores (a request that was out is unanswered).
                let with_token = c.pick(2) == Some(1);
                let before = before.insert(s.save());
                s = Session::restore(
                    before.as_bytes(),
                    credentials(target),
                    token(target).filter(|_| with_token),
                )
                .unwrap_or_else(|e| panic!("step {step}: a genuine save did not restore: {e}"));
                out = None;
                Ok(())
            }
            9 => {
                // An edited save never restores into anything (server) or into a verdict (client).
                let Some(i) = c.pick(6) else { break };
                let before = before.insert(s.save());
                if let Some(edited) = edit(before, i) {
                    match Session::restore(edited.as_bytes(), credentials(target), token(target)) {
                        Err(e) => {
                            assert!(
                                matches!(
                                    e.code(),
                                    ErrorCode::SessionSeal | ErrorCode::SessionRestore
                                ),
                                "step {step}: edited save refused with {:?}",
                                e.code()
                            );
                            t.edits_refused += 1;
                        }
                        Ok(r) => {
                            assert_eq!(
                                target,
                                Target::Client,
                                "step {step}: an edited sealed save restored"
                            );
                            assert_not_settled(&r, step, "the client half");
                        }
                    }
                }
                Ok(())
            }
            10 => {
                let r = s.retry(now);
                if r.is_ok() {
                    assert!(
                        genuine_refund_failure.contains(&attempt),
                        "step {step}: a new refund attempt without a failure of attempt {attempt}"
                    );
                    attempt += 1;
                    refunds_sent_this_attempt = 0;
                    out = None;
                    done = None;
                }
                r
            }
            _ => {
                // Hostile bytes: as a response, a callback, or a save.
                let Some(junk) = c.bytes() else { break };
                let Some(how) = c.pick(3) else { break };
                match how {
                    0 => {
                        let r = s.handle_response(200, &junk, now);
                        if r.is_ok() {
                            out = None;
                        }
                        r
                    }
                    1 => s.handle_callback(&junk, now),
                    _ => {
                        if let Ok(r) = Session::restore(&junk, credentials(target), token(target)) {
                            assert_not_settled(&r, step, "arbitrary bytes");
                        }
                        Ok(())
                    }
                }
            }
        };
        let after = before.as_ref().map(|_| s.save());
        if trace() {
            eprintln!(
                "step {step} op {op} attempt {attempt} out {out:?} -> {result:?}\n  {}",
                s.save()
            );
        }
        if let Err(e) = &result {
            let n = e.code().number();
            assert!(
                (1000..5000).contains(&n),
                "step {step}: boundary code {n}: {e}"
            );
            if e.code() == ErrorCode::OrderMismatch {
                t.refused += 1;
                assert!(
                    !genuine,
                    "step {step}: this session's own answer was refused"
                );
                assert_eq!(
                    before, after,
                    "step {step}: ORDER_MISMATCH changed the session"
                );
            }
        }
        // (An answer the parser cannot read counts as no answer: the request is asked again.)
        let refused_or_taken = result
            .as_ref()
            .err()
            .is_none_or(|e| e.code() == ErrorCode::OrderMismatch);
        if foreign && refused_or_taken {
            assert_eq!(
                before, after,
                "step {step}: an answer about something else changed the session ({result:?})"
            );
        }
        if let Some((status, outcome)) = status_of(&s) {
            if let Some(prev) = &done {
                assert_eq!(prev, outcome, "step {step}: the outcome changed after done");
            }
            match status {
                OutcomeStatus::Success => assert!(
                    genuine_success && matches!(target, Target::Server | Target::Wallet),
                    "step {step}: success without a verified status for this order and amount"
                ),
                OutcomeStatus::Refunded => assert!(
                    genuine_refund_success.contains(&attempt),
                    "step {step}: refunded without this refund's verified status"
                ),
                _ => {}
            }
            done = Some(outcome.clone());
        } else {
            assert!(done.is_none(), "step {step}: the outcome disappeared");
        }
    }
    match status_of(&s).map(|(st, _)| st) {
        Some(OutcomeStatus::Success) => t.success += 1,
        Some(OutcomeStatus::Refunded) => t.refunded += 1,
        Some(OutcomeStatus::Failure) => t.failure += 1,
        Some(OutcomeStatus::Unverified) => t.unverified += 1,
        _ => {}
    }
    t
}

impl core::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.steps += o.steps;
        self.success += o.success;
        self.refunded += o.refunded;
        self.failure += o.failure;
        self.unverified += o.unverified;
        self.refused += o.refused;
        self.edits_refused += o.edits_refused;
    }
}
