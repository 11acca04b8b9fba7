//! A host: the small loop that drives the engine's sessions over real HTTP. It is what a
//! merchant's server (and, for the bank page and the UPI app, the customer's browser) does:
//! ask the session what to do, do it, feed back what happened.
//!
//! Time is the sandbox's: the host reads `GET /__admin/clock` for `now`, and a `Wait` is served by
//! advancing the sandbox clock (`POST /__admin/advance`) instead of sleeping, so a 72-hour
//! pending schedule runs in well under a second.

use std::time::Duration;

use paytm_checkout::api::process::ProcessTransaction;
use paytm_checkout::http::{form_encode, HttpRequest};
use paytm_checkout::response::{BankForm, ResponseData};
use paytm_checkout::session::{
    Action, CheckoutSession, Outcome, Purpose, RefundSession, SubscriptionSession, WaitReason,
    WalletSession,
};
use paytm_checkout::types::TxnToken;
use paytm_checkout::{Environment, Error, ErrorCode};
use serde_json::{json, Value};

use crate::html::{read_form, ReadForm};
use crate::server::{UPI_APP_PATH, WALLET_PAGE_PATH};
use crate::TEST_MID;

/// One thing the host did, in order. Requests are kept as `to_curl` text: card data, tokens and
/// credentials are already redacted there.
#[derive(Debug, Clone)]
pub enum Step {
    /// A request went out and this came back.
    Sent {
        /// What it was for.
        purpose: Purpose,
        /// `request.to_curl()` (redacted).
        curl: String,
        /// HTTP status.
        status: u16,
        /// The response body as received.
        body: String,
    },
    /// No response (connection error).
    SendFailed {
        /// What it was for.
        purpose: Purpose,
        /// The transport error.
        error: String,
    },
    /// The session refused a response or callback (tampered, malformed): it counts as none.
    Refused {
        /// What was refused (`status`, `callback` …).
        what: String,
        /// The engine's error code.
        code: ErrorCode,
        /// Its message.
        message: String,
    },
    /// The customer chose how to pay (the payment JSON, card data masked).
    Paid {
        /// Payment mode.
        mode: String,
    },
    /// The customer's browser opened the bank page (OTP form) at this URL.
    BankPage {
        /// The page's URL.
        url: String,
        /// The HTML received.
        html: String,
    },
    /// The customer's UPI app was opened with this deep link.
    DeepLink {
        /// The `upi://` link.
        url: String,
    },
    /// The browser was sent back to the merchant with these fields (the callback).
    Callback {
        /// The callbackUrl the form posts to.
        action: String,
        /// The posted fields, CHECKSUMHASH included.
        fields: Vec<(String, String)>,
    },
    /// The user typed the OAuth OTP (wallet linking).
    OtpSubmitted,
    /// The customer's browser opened the wallet's add-money page at this URL.
    WalletPage {
        /// The page's URL.
        url: String,
        /// The HTML received.
        html: String,
    },
    /// The session waited; the sandbox clock was advanced by `ms`.
    Waited {
        /// Why.
        reason: WaitReason,
        /// How long.
        ms: u64,
    },
    /// The session ended.
    Done {
        /// How.
        outcome: Outcome,
    },
}

/// What the customer does at the bank page and in the UPI app.
#[derive(Debug, Clone)]
pub struct Customer {
    /// The OTP typed at the bank page.
    pub otp: String,
    /// Approve (true) or decline the UPI intent payment.
    pub upi_approve: bool,
    /// The VPA the UPI app pays from (selects the outcome, see the instruments).
    pub upi_vpa: Option<String>,
    /// The OTP the customer types to log their Paytm wallet in at the checkout (`collect_otp`
    /// of a payment with `loginMobile`): the one the sandbox texts, [`crate::OAUTH_OTP`].
    pub login_otp: String,
}

impl Default for Customer {
    fn default() -> Customer {
        Customer {
            otp: crate::instruments::GOOD_OTP.to_owned(),
            upi_approve: true,
            upi_vpa: None,
            login_otp: crate::OAUTH_OTP.to_owned(),
        }
    }
}

/// A checkout session's configuration (`CheckoutSession::from_json`) for the test merchant: order
/// `order_id` of INR `amount` at the sandbox at `base`, customer CUST_001, website WEBSTAGING and
/// a merchant callback URL. What the tests and the demo start a checkout from.
pub fn checkout_config(base: &str, order_id: &str, amount: &str) -> Value {
    json!({
        "environment": {"custom": base},
        "mid": TEST_MID, "orderId": order_id, "amount": amount,
        "initiate": {"mid": TEST_MID, "orderId": order_id, "websiteName": "WEBSTAGING",
                     "txnAmount": {"value": amount, "currency": "INR"},
                     "userInfo": {"custId": "CUST_001"},
                     "callbackUrl": "https://merchant.example/paytm/callback"}
    })
}

/// Called before each request is sent (tests use it to tamper in transit or move the clock).
pub type BeforeSend<'a> = dyn FnMut(Purpose, &mut HttpRequest, &Host) + 'a;

/// Called with each step as it happens.
pub type OnStep = Box<dyn FnMut(&Step)>;

/// A host bound to one sandbox.
pub struct Host {
    agent: ureq::Agent,
    base: String,
    /// Every step so far.
    pub steps: Vec<Step>,
    /// Called with each step as it happens (the demo prints them).
    pub on_step: Option<OnStep>,
    /// Safety net: a session that has not ended after this many actions is a bug.
    pub max_actions: usize,
}

/// A host error: the session misbehaved or the sandbox answered something unusable.
#[derive(Debug)]
pub struct HostError(pub String);

impl core::fmt::Display for HostError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HostError {}

impl From<Error> for HostError {
    fn from(e: Error) -> HostError {
        HostError(format!("engine error {}: {}", e.code().name(), e.message()))
    }
}

type R<T> = Result<T, HostError>;

impl Host {
    /// A host for the sandbox at `base` (`http://127.0.0.1:PORT`).
    pub fn new(base: &str) -> Host {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .max_redirects(0)
            .build()
            .new_agent();
        Host {
            agent,
            base: base.trim_end_matches('/').to_owned(),
            steps: Vec::new(),
            on_step: None,
            max_actions: 500,
        }
    }

    /// The sandbox's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn record(&mut self, s: Step) {
        if let Some(f) = self.on_step.as_mut() {
            f(&s);
        }
        self.steps.push(s);
    }

    /// Sends a request exactly as the engine built it: (status, body).
    pub fn send(&self, req: &HttpRequest) -> Result<(u16, Vec<u8>), String> {
        let mut b = ureq::http::Request::builder()
            .method(req.method.as_str())
            .uri(&req.url);
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        let r = b.body(req.body.clone()).map_err(|e| e.to_string())?;
        let mut resp = self.agent.run(r).map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let body = resp.body_mut().read_to_vec().map_err(|e| e.to_string())?;
        Ok((status, body))
    }

    /// Posts `fields` to `url` as a customer's browser does and reads the form on the page that
    /// answers, which it also gives. `step` names the step in the errors: a status other than 200
    /// (with the page), or a page without a form (`missing`).
    fn form_at(
        &self,
        url: &str,
        fields: &[(String, String)],
        step: &str,
        missing: &str,
    ) -> R<(ReadForm, String)> {
        let (status, page) = self.post_form(url, fields)?;
        if status != 200 {
            return Err(HostError(format!("{step}: HTTP {status}: {page}")));
        }
        let form = read_form(&page).ok_or_else(|| HostError(format!("{step}: {missing}")))?;
        Ok((form, page))
    }

    fn post_form(&self, url: &str, fields: &[(String, String)]) -> R<(u16, String)> {
        let body = form_encode(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut resp = self
            .agent
            .post(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(body.as_bytes())
            .map_err(|e| HostError(format!("POST {url}: {e}")))?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .read_to_string()
            .map_err(|e| HostError(e.to_string()))?;
        Ok((status, text))
    }

    fn admin(&self, method: &str, path: &str) -> R<Value> {
        let url = format!("{}{path}", self.base);
        let resp = if method == "GET" {
            self.agent.get(&url).call()
        } else {
            self.agent.post(&url).send(&[][..])
        };
        let mut resp = resp.map_err(|e| HostError(format!("{method} {url}: {e}")))?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .read_to_string()
            .map_err(|e| HostError(e.to_string()))?;
        if status != 200 {
            return Err(HostError(format!("{method} {url}: HTTP {status}: {text}")));
        }
        serde_json::from_str(&text).map_err(|e| HostError(format!("{url}: {e}")))
    }

    /// The response bodies of the requests sent for `purpose`, oldest first.
    pub fn sent_bodies(&self, purpose: Purpose) -> Vec<&str> {
        self.steps
            .iter()
            .filter_map(|s| match s {
                Step::Sent {
                    purpose: p, body, ..
                } if *p == purpose => Some(body.as_str()),
                _ => None,
            })
            .collect()
    }

    /// What the requests sent so far were for, in order.
    pub fn sent_purposes(&self) -> Vec<Purpose> {
        self.steps
            .iter()
            .filter_map(|s| match s {
                Step::Sent { purpose, .. } => Some(*purpose),
                _ => None,
            })
            .collect()
    }

    /// The sandbox's current time (ms).
    pub fn now(&self) -> R<u64> {
        self.admin("GET", "/__admin/clock")?["now"]
            .as_u64()
            .ok_or_else(|| HostError("clock: no now".into()))
    }

    /// Moves the sandbox clock forward by `ms`; returns the new time.
    pub fn advance(&self, ms: u64) -> R<u64> {
        self.admin("POST", &format!("/__admin/advance?ms={ms}"))?["now"]
            .as_u64()
            .ok_or_else(|| HostError("advance: no now".into()))
    }

    /// Forgets every order and resets the clock offset.
    pub fn reset(&self) -> R<()> {
        self.admin("POST", "/__admin/reset").map(|_| ())
    }

    /// Drives a checkout to its end. `payment` is the Process Transaction JSON without
    /// txnToken/mid/orderId (`{"paymentMode":"BALANCE"}` …).
    pub fn run_checkout(
        &mut self,
        session: &mut CheckoutSession,
        payment: &str,
        customer: &Customer,
    ) -> R<Outcome> {
        self.run_checkout_with(session, payment, customer, &mut |_, _, _| {})
    }

    /// As [`Host::run_checkout`], calling `before_send` before each request goes out.
    pub fn run_checkout_with(
        &mut self,
        session: &mut CheckoutSession,
        payment: &str,
        customer: &Customer,
        before_send: &mut BeforeSend<'_>,
    ) -> R<Outcome> {
        let unended = format!(
            "the checkout did not end within {} actions",
            self.max_actions
        );
        self.drive(
            session,
            before_send,
            |host, session, action, now| match action {
                Action::CollectPayment { .. } => {
                    let mode = serde_json::from_str::<Value>(payment)
                        .ok()
                        .and_then(|v| v["paymentMode"].as_str().map(str::to_owned))
                        .unwrap_or_default();
                    session.pay_json(payment.as_bytes(), now)?;
                    host.record(Step::Paid { mode });
                    Ok(())
                }
                Action::RenderBankForm { form } => {
                    let cb = host.bank_page(&form, &customer.otp)?;
                    host.callback(session, cb)
                }
                Action::CollectOtp { .. } => Ok(session.submit_otp(&customer.login_otp, now)?),
                Action::OpenDeepLink { url } => {
                    host.record(Step::DeepLink { url: url.clone() });
                    let cb = host.upi_app(&url, customer)?;
                    host.callback(session, cb)
                }
                Action::Wait { until: None, .. } => Err(HostError(
                    "the session waits for a response, but none is outstanding".into(),
                )),
                other => Err(HostError(format!(
                    "checkout: unexpected action {}",
                    other.to_json()
                ))),
            },
            unended,
        )
    }

    /// Every wallet of the sandbox (`GET /__admin/wallets`): phone → balance (`"5000.00"`).
    pub fn wallets(&self) -> R<Vec<(String, String)>> {
        let v = self.admin("GET", "/__admin/wallets")?;
        Ok(v["wallets"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|w| {
                        (
                            w["phone"].as_str().unwrap_or_default().to_owned(),
                            w["balance"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The balance of `phone`'s wallet (`"5000.00"`), from [`Host::wallets`].
    pub fn balance(&self, phone: &str) -> R<String> {
        self.wallets()?
            .into_iter()
            .find(|(p, _)| p == phone)
            .map(|(_, b)| b)
            .ok_or_else(|| HostError(format!("no wallet {phone}")))
    }

    /// Drives a wallet (auto-debit) session to its end: each time the OTP is asked for, the user
    /// types the next of `otps` (the last one again once they run out), and approves
    /// (`approve_add_money`) or cancels each add-money page.
    pub fn run_wallet(
        &mut self,
        session: &mut WalletSession,
        otps: &[&str],
        approve_add_money: bool,
    ) -> R<Outcome> {
        let mut typed = 0;
        self.drive(
            session,
            &mut |_, _, _| {},
            |host, session, action, now| match action {
                Action::CollectOtp { .. } => {
                    let otp = otps
                        .get(typed)
                        .or(otps.last())
                        .ok_or_else(|| HostError("wallet: no OTP to type".into()))?;
                    typed += 1;
                    session.submit_otp(otp, now)?;
                    host.record(Step::OtpSubmitted);
                    Ok(())
                }
                Action::OpenForm { form } => {
                    let cb = host.wallet_page(&form.action, &form.fields, approve_add_money)?;
                    host.callback(session, cb)
                }
                other => Err(HostError(format!(
                    "wallet: unexpected action {}",
                    other.to_json()
                ))),
            },
            "the wallet session did not end".into(),
        )
    }

    /// The customer's browser at Add Money: posts the signed form, reads the wallet page,
    /// approves or cancels, and returns the auto-submitting callback form it gets back.
    pub fn wallet_page(
        &mut self,
        action: &str,
        fields: &[(String, String)],
        approve: bool,
    ) -> R<ReadForm> {
        let (f, page) = self.form_at(action, fields, "add money", "no form")?;
        self.record(Step::WalletPage {
            url: action.to_owned(),
            html: page,
        });
        let mut fields = f.fields;
        let choice = if approve { "approve" } else { "decline" };
        fields.push(("action".into(), choice.into()));
        let url = format!("{}{WALLET_PAGE_PATH}", self.base);
        Ok(self
            .form_at(&url, &fields, "wallet page", "no callback form")?
            .0)
    }

    /// Drives a refund to its end.
    pub fn run_refund(&mut self, session: &mut RefundSession) -> R<Outcome> {
        self.drive(
            session,
            &mut |_, _, _| {},
            |_, _, other, _| {
                Err(HostError(format!(
                    "refund: unexpected action {}",
                    other.to_json()
                )))
            },
            "the refund did not end".into(),
        )
    }

    /// Drives a subscription session until it ends (`Some`) or waits for the host (`None`: the
    /// mandate is active and idle; call `collect` or `cancel`, then run it again). The customer
    /// authorises the mandate with Process Transaction of `payment` (as for a checkout, e.g.
    /// `{"paymentMode":"UPI","payerAccount":"cust@paytm"}`) on the creation order `order_id` of
    /// the test merchant: a UPI collect request is approved (or declined) in the UPI app as
    /// `customer` says, a card at the bank page; the page's callback goes to the session. If the
    /// session asks again (no usable callback), the token is left to expire.
    pub fn run_subscription(
        &mut self,
        session: &mut SubscriptionSession,
        order_id: &str,
        payment: &str,
        customer: &Customer,
    ) -> R<Option<Outcome>> {
        let mut paid = false;
        self.drive_until_idle(
            session,
            &mut |_, _, _| {},
            |host, session, action, now| match action {
                Action::CollectPayment { txn_token, .. } if !paid => {
                    paid = true;
                    let cb = host.authorise(&txn_token, order_id, payment, customer)?;
                    host.callback(session, cb)
                }
                Action::CollectPayment { expires_at, .. } => host
                    .advance(expires_at.saturating_sub(now).max(1))
                    .map(|_| ()),
                other => Err(HostError(format!(
                    "subscription: unexpected action {}",
                    other.to_json()
                ))),
            },
            true,
            "the subscription session did not end or settle".into(),
        )
    }

    /// The customer authorises a mandate: Process Transaction of `payment` with `token` on
    /// `order_id`, then the page the answer leads to (bank page, UPI app for a collect request
    /// or an intent); returns the callback form.
    fn authorise(
        &mut self,
        token: &TxnToken,
        order_id: &str,
        payment: &str,
        customer: &Customer,
    ) -> R<ReadForm> {
        let mut p: Value = serde_json::from_str(payment)
            .map_err(|e| HostError(format!("subscription payment JSON: {e}")))?;
        p["txnToken"] = json!(token.as_str());
        p["mid"] = json!(TEST_MID);
        p["orderId"] = json!(order_id);
        let env = Environment::custom(&self.base)?;
        let req = ProcessTransaction::from_json(p.to_string().as_bytes())?.build(&env)?;
        let (status, body) = self.send(&req).map_err(HostError)?;
        self.record(Step::Paid {
            mode: p["paymentMode"].as_str().unwrap_or_default().to_owned(),
        });
        let parsed = paytm_checkout::parse_response(
            "process_transaction",
            status,
            &body,
            None,
            &Default::default(),
        )?;
        if let ResponseData::Process(r) = parsed.data {
            if let Some(form) = r.bank_form {
                return self.bank_page(&form, &customer.otp);
            }
        }
        // The collect request's page (a sandbox-only member) or the intent's deep link.
        let answer: Value = serde_json::from_slice(&body).unwrap_or_default();
        let b = &answer["body"];
        let link = b["sandboxCollectLink"]
            .as_str()
            .or(b["deepLinkInfo"]["deepLink"].as_str())
            .ok_or_else(|| HostError(format!("mandate: HTTP {status}: {answer}")))?;
        self.record(Step::DeepLink { url: link.into() });
        self.upi_app(link, customer)
    }

    /// The loop every session kind shares: asks `session` what to do until it is done, at most
    /// [`Host::max_actions`] times (then the error is `unended`). A request goes out (after
    /// `before_send`) and its answer, or the failure to get one, goes back to the session; a
    /// timed wait advances the sandbox clock; any other action is `other`'s to carry out.
    fn drive<S: Driven>(
        &mut self,
        session: &mut S,
        before_send: &mut BeforeSend<'_>,
        other: impl FnMut(&mut Host, &mut S, Action, u64) -> R<()>,
        unended: String,
    ) -> R<Outcome> {
        self.drive_until_idle(session, before_send, other, false, unended.clone())?
            .ok_or(HostError(unended))
    }

    /// [`Host::drive`]; with `idle_returns`, a wait without a deadline (the session waits for
    /// the host) returns `None` instead of going to `other`.
    fn drive_until_idle<S: Driven>(
        &mut self,
        session: &mut S,
        before_send: &mut BeforeSend<'_>,
        mut other: impl FnMut(&mut Host, &mut S, Action, u64) -> R<()>,
        idle_returns: bool,
        unended: String,
    ) -> R<Option<Outcome>> {
        for _ in 0..self.max_actions {
            let now = self.now()?;
            match session.next_action(now)? {
                Action::Send {
                    purpose,
                    mut request,
                } => {
                    before_send(purpose, &mut request, self);
                    match self.send(&request) {
                        Ok((status, body)) => {
                            self.record(Step::Sent {
                                purpose,
                                curl: request.to_curl(),
                                status,
                                body: String::from_utf8_lossy(&body).into_owned(),
                            });
                            let now = self.now()?;
                            if let Err(e) = session.handle_response(status, &body, now) {
                                self.refused(purpose_name(purpose), &e);
                            }
                        }
                        Err(error) => {
                            self.record(Step::SendFailed { purpose, error });
                            session.handle_send_failure(self.now()?)?;
                        }
                    }
                }
                Action::Wait {
                    until: Some(t),
                    reason,
                } => {
                    let ms = t.saturating_sub(now).max(1);
                    self.advance(ms)?;
                    self.record(Step::Waited { reason, ms });
                }
                Action::Done { outcome } => {
                    self.record(Step::Done {
                        outcome: outcome.clone(),
                    });
                    return Ok(Some(outcome));
                }
                Action::Wait { until: None, .. } if idle_returns => return Ok(None),
                action => other(self, session, action, now)?,
            }
        }
        Err(HostError(unended))
    }

    fn refused(&mut self, what: &str, e: &Error) {
        self.record(Step::Refused {
            what: what.to_owned(),
            code: e.code(),
            message: e.message().to_owned(),
        });
    }

    /// Hands the callback form's fields, form-encoded, to the session (a refusal is recorded).
    fn callback<S: Driven>(&mut self, session: &mut S, cb: ReadForm) -> R<()> {
        let body = form_encode(cb.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        self.record(Step::Callback {
            action: cb.action,
            fields: cb.fields,
        });
        let now = self.now()?;
        if let Err(e) = session.handle_callback(body.as_bytes(), now) {
            self.refused("callback", &e);
        }
        Ok(())
    }

    /// The customer's browser at the bank: posts the redirect form, reads the OTP page, posts
    /// the OTP, and returns the auto-submitting callback form it gets back.
    pub fn bank_page(&mut self, form: &BankForm, otp: &str) -> R<ReadForm> {
        let f = form
            .redirect_form
            .as_ref()
            .ok_or_else(|| HostError("bank form without redirectForm".into()))?;
        let url = f
            .action_url
            .clone()
            .ok_or_else(|| HostError("bank form without actionURL".into()))?;
        let content: Vec<(String, String)> = f
            .content
            .as_ref()
            .map(|c| c.to_value())
            .as_ref()
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let (otp_form, page) = self.form_at(&url, &content, "bank page", "no form")?;
        self.record(Step::BankPage {
            url: url.clone(),
            html: page,
        });
        let mut fields = otp_form.fields;
        fields.push(("otp".into(), otp.into()));
        Ok(self
            .form_at(&otp_form.action, &fields, "bank OTP", "no callback form")?
            .0)
    }

    /// The customer's UPI app: approves (or declines) the payment the deep link names, through
    /// the sandbox's UPI page, and returns the callback form.
    pub fn upi_app(&mut self, deep_link: &str, customer: &Customer) -> R<ReadForm> {
        let query = deep_link.split_once('?').map_or("", |(_, q)| q);
        let tr = form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "tr")
            .map(|(_, v)| v.into_owned())
            .ok_or_else(|| HostError("deep link without tr".into()))?;
        let mut fields = vec![
            ("tr".to_owned(), tr),
            (
                "action".to_owned(),
                if customer.upi_approve {
                    "approve"
                } else {
                    "decline"
                }
                .to_owned(),
            ),
        ];
        if let Some(v) = &customer.upi_vpa {
            fields.push(("vpa".into(), v.clone()));
        }
        let url = format!("{}{UPI_APP_PATH}", self.base);
        Ok(self
            .form_at(&url, &fields, "UPI app", "no callback form")?
            .0)
    }
}

/// What [`Host`]'s loop needs of a session; the checkout, refund and wallet sessions all offer it.
trait Driven {
    fn next_action(&mut self, now: u64) -> Result<Action, Error>;
    fn handle_response(&mut self, status: u16, body: &[u8], now: u64) -> Result<(), Error>;
    fn handle_send_failure(&mut self, now: u64) -> Result<(), Error>;
    fn handle_callback(&mut self, body: &[u8], now: u64) -> Result<(), Error>;
}

/// [`Driven`] for session types, each through its own methods of the same names.
macro_rules! driven {
    ($($session:ty),*) => {$(
        impl Driven for $session {
            fn next_action(&mut self, now: u64) -> Result<Action, Error> {
                <$session>::next_action(self, now)
            }
            fn handle_response(&mut self, status: u16, body: &[u8], now: u64) -> Result<(), Error> {
                <$session>::handle_response(self, status, body, now)
            }
            fn handle_send_failure(&mut self, now: u64) -> Result<(), Error> {
                <$session>::handle_send_failure(self, now)
            }
            fn handle_callback(&mut self, body: &[u8], now: u64) -> Result<(), Error> {
                <$session>::handle_callback(self, body, now)
            }
        }
    )*};
}

driven!(
    CheckoutSession,
    RefundSession,
    WalletSession,
    SubscriptionSession
);

/// A short name for a purpose (the API name of its response parser).
pub fn purpose_name(p: Purpose) -> &'static str {
    p.api()
}
