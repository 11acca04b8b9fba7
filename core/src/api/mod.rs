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
//!
//! The core reads no clock: request timestamps, JWT `iat` and request ids are inputs; salts and
//! request ids are random only when the caller does not pass them.

pub mod autodebit;
pub mod initiate;
pub mod payment_request;
pub mod process;
pub mod refund;
pub mod settlement;
pub mod status;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::checksum::{MerchantKey, Salt};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{Environment, HttpRequest};
use crate::params::Params;
use crate::types::{Channel, ClientId, ClientSecret, Code, RequestTimestamp};

/// The secrets a request may need. Each API takes only what it uses and says which
/// ([`ErrorCode::InvalidCredentials`] when one is missing).
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// The merchant key (checksums).
    pub merchant_key: Option<MerchantKey>,
    /// The client id (auto-debit, consult, payment requests, settlement).
    pub client_id: Option<ClientId>,
    /// The client secret (auto-debit OAuth Basic auth, settlement JWT).
    pub client_secret: Option<ClientSecret>,
}

impl Credentials {
    /// Credentials with a merchant key only.
    pub fn with_key(key: MerchantKey) -> Credentials {
        Credentials {
            merchant_key: Some(key),
            ..Credentials::default()
        }
    }

    /// Credentials from their parts, each optional: the one place a binding assembles them.
    /// The client id and secret are checked ([`ErrorCode::InvalidCredentials`]); the secret is
    /// copied into storage zeroed on drop.
    pub fn from_parts(
        merchant_key: Option<MerchantKey>,
        client_id: Option<&str>,
        client_secret: Option<&str>,
    ) -> Result<Credentials> {
        Ok(Credentials {
            merchant_key,
            client_id: client_id.map(ClientId::new).transpose()?,
            client_secret: client_secret.map(ClientSecret::new).transpose()?,
        })
    }

    /// Credentials from JSON `{"merchantKey":"…","clientId":"…","clientSecret":"…"}` (each
    /// optional). The JSON text should be zeroized by the caller; copies made here are.
    pub fn from_json(json: &[u8]) -> Result<Credentials> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        struct Raw {
            merchant_key: Option<String>,
            client_id: Option<ClientId>,
            client_secret: Option<ClientSecret>,
        }
        let mut raw: Raw =
            serde_json::from_slice(json).map_err(|e| json_error("credentials", &e))?;
        let key = raw.merchant_key.take().map(Zeroizing::new);
        Ok(Credentials {
            merchant_key: key.map(|k| MerchantKey::new(k.as_bytes())).transpose()?,
            client_id: raw.client_id,
            client_secret: raw.client_secret,
        })
    }

    pub(crate) fn key(&self, api: &str) -> Result<&MerchantKey> {
        self.merchant_key.as_ref().ok_or_else(|| {
            Error::with_message(
                ErrorCode::InvalidCredentials,
                format!("{api}: a merchant key is required to sign this request"),
            )
        })
    }

    pub(crate) fn client_id(&self, api: &str) -> Result<&ClientId> {
        self.client_id.as_ref().ok_or_else(|| {
            Error::with_message(
                ErrorCode::InvalidCredentials,
                format!("{api}: a client id is required"),
            )
        })
    }

    pub(crate) fn client_secret(&self, api: &str) -> Result<&ClientSecret> {
        self.client_secret.as_ref().ok_or_else(|| {
            Error::with_message(
                ErrorCode::InvalidCredentials,
                format!("{api}: a client secret is required"),
            )
        })
    }
}

/// Where to send and how to make the random parts reproducible.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct BuildOptions {
    /// Target environment (default: production, current hosts).
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub environment: Environment,
    /// A fixed checksum salt (tests, reproducible builds); random when absent.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub salt: Option<Salt>,
}

impl<'de> Deserialize<'de> for BuildOptions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        crate::input::deserialize_with(d, "options", BuildOptions::read)
    }
}

impl BuildOptions {
    /// Reads `{"environment": "staging" | "production" | "legacy-staging" | "legacy-production" |
    /// {"custom": "https://…"}, "salt": "abcd"}` (both optional) — the JSON the C library and the
    /// npm package take.
    pub fn from_json(json: &[u8]) -> Result<BuildOptions> {
        BuildOptions::read(&crate::input::Json::parse("options", json)?, "options")
    }

    /// As [`BuildOptions::from_json`], from a JSON tree the host parsed (see [`crate::input`]).
    pub fn from_tree(tree: &crate::input::Json) -> Result<BuildOptions> {
        BuildOptions::read(tree, "options")
    }

    /// Options as the bindings (C, npm, CLI) take them, one argument: empty or blank text means
    /// the defaults, and every fault is [`ErrorCode::InvalidArgument`] with core's message
    /// naming the member (the rule [`crate::ParseOptions::from_json`] applies too).
    pub fn from_argument(json: &[u8]) -> Result<BuildOptions> {
        if json.iter().all(u8::is_ascii_whitespace) {
            return Ok(BuildOptions::default());
        }
        BuildOptions::from_json(json).map_err(as_argument)
    }

    /// As [`BuildOptions::from_argument`], from a JSON tree the host parsed.
    pub fn from_argument_tree(tree: &crate::input::Json) -> Result<BuildOptions> {
        BuildOptions::from_tree(tree).map_err(as_argument)
    }

    fn read(tree: &crate::input::Json, what: &str) -> Result<BuildOptions> {
        let o = crate::input::Obj::root(what, tree, &["environment", "salt"])?;
        let environment = Environment::read_member(&o)?;
        let salt = o.text("salt", |s| Salt::new(s.as_bytes()))?;
        Ok(BuildOptions { environment, salt })
    }

    /// Options for an environment, random salts.
    pub fn new(environment: Environment) -> BuildOptions {
        BuildOptions {
            environment,
            salt: None,
        }
    }
}

/// An options argument's fault, whatever it was, as [`ErrorCode::InvalidArgument`] with its message.
pub(crate) fn as_argument(e: Error) -> Error {
    Error::with_message(ErrorCode::InvalidArgument, e.message())
}

/// The optional `head` members of Paytm's JSON APIs. Which ones an API requires is said on the
/// API; absent members are not sent. Sent in the order clientId, version, requestTimestamp,
/// channelId (then signature), as Paytm's samples show them.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Head {
    /// Which of the merchant's keys signed (only when the merchant has several), e.g. `C11`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<ClientId>,
    /// API version, e.g. `v1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Code>,
    /// When the request is sent (epoch seconds or milliseconds; the host's clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_timestamp: Option<RequestTimestamp>,
    /// WEB or WAP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Channel>,
}

impl<'de> Deserialize<'de> for Head {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Head, D::Error> {
        crate::input::deserialize_with(d, "head", |json, what| {
            Head::read(&crate::input::Obj::root(what, json, Head::MEMBERS)?)
        })
    }
}

impl Head {
    const MEMBERS: &'static [&'static str] =
        &["clientId", "version", "requestTimestamp", "channelId"];

    /// Reads the `head` member of an input (absent: the default head).
    pub(crate) fn read_member(o: &crate::input::Obj<'_>) -> Result<Head> {
        o.obj("head", Head::MEMBERS)?
            .map_or_else(|| Ok(Head::default()), |h| Head::read(&h))
    }

    fn read(o: &crate::input::Obj<'_>) -> Result<Head> {
        Ok(Head {
            client_id: o.text("clientId", |s| ClientId::new(s))?,
            version: o.text("version", |s| Code::new(s))?,
            request_timestamp: o.text("requestTimestamp", |s| RequestTimestamp::new(s))?,
            channel_id: o.choice("channelId", &[("WEB", Channel::Web), ("WAP", Channel::Wap)])?,
        })
    }

    pub(crate) fn fields(&self) -> Vec<(&'static str, &str)> {
        let mut v = Vec::with_capacity(4);
        if let Some(c) = &self.client_id {
            v.push(("clientId", c.as_str()));
        }
        if let Some(x) = &self.version {
            v.push(("version", x.as_str()));
        }
        if let Some(t) = &self.request_timestamp {
            v.push(("requestTimestamp", t.as_str()));
        }
        if let Some(c) = self.channel_id {
            v.push(("channelId", c.as_str()));
        }
        v
    }

    /// Fails with [`ErrorCode::MissingField`] unless every named member is present.
    pub(crate) fn require(&self, api: &str, names: &[&str]) -> Result<()> {
        for &n in names {
            let present = match n {
                "clientId" => self.client_id.is_some(),
                "version" => self.version.is_some(),
                "requestTimestamp" => self.request_timestamp.is_some(),
                "channelId" => self.channel_id.is_some(),
                _ => true,
            };
            if !present {
                return Err(missing(api, &format!("head.{n}")));
            }
        }
        Ok(())
    }
}

pub(crate) fn missing(api: &str, field: &str) -> Error {
    Error::with_message(
        ErrorCode::MissingField,
        format!("{api}: {field} is required"),
    )
}

/// A legacy `JsonData` object: the given members in order, then the checksum member, whose value
/// is the map-mode checksum of the other string members.
pub(crate) fn legacy_json_data(
    fields: &[(&str, &str)],
    checksum_name: &str,
    key: &MerchantKey,
    salt: Option<Salt>,
) -> Result<(String, String)> {
    let params: Params = fields.iter().map(|(k, v)| (*k, *v)).collect();
    let salt = crate::http::salt_or_random(key, salt)?;
    let checksum = key.generate_map_with_salt(&params, salt);
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.push((checksum_name, &checksum));
    Ok((json_object(&all), checksum))
}

/// `{"k":"v",…}` with members in the given order, strings escaped by serde_json.
pub(crate) fn json_object(fields: &[(&str, &str)]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(k).unwrap_or_default());
        out.push(':');
        out.push_str(&serde_json::to_string(v).unwrap_or_default());
    }
    out.push('}');
    out
}

/// Maps a serde_json error to the crate's codes: a validated field keeps its own code (carried
/// as a `[NAME]` prefix), a missing member is [`ErrorCode::MissingField`], anything else about
/// the shape is [`ErrorCode::InvalidField`], and text that is not JSON is
/// [`ErrorCode::InvalidParams`].
///
/// The message never quotes input: not a value, and not a member name either. serde's own texts
/// do (`unknown field `4111…``, `unknown variant `…``, `invalid type: string "…"`), and a card
/// number, key or token typed in the wrong place is exactly what such a text would print. An
/// unknown name is described by its length and the names that were expected instead
/// (issue #16).
pub(crate) fn json_error(what: &str, e: &serde_json::Error) -> Error {
    let text = e.to_string();
    // serde_json appends " at line L column C"; keep our part.
    let msg = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    if let Some(rest) = msg.strip_prefix('[') {
        if let Some((name, m)) = rest.split_once("] ") {
            if let Some(code) = crate::ErrorCode::ALL.iter().find(|c| c.name() == name) {
                return Error::with_message(*code, m.to_owned());
            }
        }
    }
    let (code, m) = match e.classify() {
        // "missing field `x`": x is one of the type's own field names, never input.
        serde_json::error::Category::Data if msg.starts_with("missing field") => {
            (ErrorCode::MissingField, msg.to_owned())
        }
        serde_json::error::Category::Data => match unknown_name(msg) {
            Some(u) => (ErrorCode::InvalidField, u.describe()),
            None => (
                ErrorCode::InvalidField,
                format!(
                    "a member has the wrong type or value at line {} column {}",
                    e.line(),
                    e.column()
                ),
            ),
        },
        _ => (
            ErrorCode::InvalidParams,
            format!("not valid JSON (line {} column {})", e.line(), e.column()),
        ),
    };
    Error::with_message(code, format!("{what}: {m}"))
}

/// serde's "unknown field `NAME`, expected …" or "unknown variant `NAME`, expected …", taken
/// apart. NAME is input and may hold anything, backticks and commas included: serde's own text
/// is found from the end.
struct UnknownName<'a> {
    /// "member" or "value".
    kind: &'static str,
    name: &'a str,
    /// "expected one of a, b, c", "there are no fields" ... (the schema's names, ours to show).
    expected: &'a str,
}

impl UnknownName<'_> {
    fn describe(&self) -> String {
        let n = self.name.chars().count();
        let unknown = match self.kind {
            "member" => format!("unknown member (its {n}-character name is not shown)"),
            _ => format!("unknown value (its {n} characters are not shown)"),
        };
        format!("{unknown}; {}", self.expected.replace('`', ""))
    }
}

fn unknown_name(msg: &str) -> Option<UnknownName<'_>> {
    let (kind, rest) = if let Some(r) = msg.strip_prefix("unknown field `") {
        ("member", r)
    } else {
        ("value", msg.strip_prefix("unknown variant `")?)
    };
    let end = rest
        .rfind("`, expected ")
        .or_else(|| rest.rfind("`, there are no "))?;
    Some(UnknownName {
        kind,
        name: &rest[..end],
        expected: &rest[end + 3..],
    })
}

/// Reads a probe text as the input's type: `None` when it reads, else the depth of the error's
/// path and its message.
type Probe<'a> = &'a mut dyn FnMut(&[u8]) -> Option<(usize, String)>;

/// The member path of a serde error as a message shows it (`userInfo.custId`, `goods[0].price`),
/// or `None` when there is nothing to show.
///
/// The path is made of the names the input used, so a name is shown only when the type at that
/// place declares it: `probe` reads a small JSON text as the same type, and a name counts as
/// declared when the type refuses a name no schema has (`"\u0001"`) there as an unknown field
/// but not this one. A name the type does not declare (the unknown name itself, a key of an open
/// map such as `amountDetails`, anything inside a member read as a JSON tree) is shown by its
/// length only, and nothing below it is shown. Errors that are not about the data (syntax) have
/// no path: their line and column say where.
fn shown_path(
    path: &serde_path_to_error::Path,
    e: &serde_json::Error,
    probe: Probe<'_>,
) -> Option<String> {
    use serde_path_to_error::Segment;
    if e.classify() != serde_json::error::Category::Data {
        return None;
    }
    let mut segments: Vec<&Segment> = path.iter().collect();
    // The unknown name of an "unknown field" error is the path's last step: its message already
    // describes it.
    let text = e.to_string();
    if let (Some(u), Some(Segment::Map { key })) = (unknown_name(&text), segments.last()) {
        if key == u.name {
            segments.pop();
        }
    }
    let mut out = String::new();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                let refused = |probe: Probe<'_>, name| {
                    probe(&probe_text(&segments[..i], name))
                        .is_some_and(|(depth, m)| depth == i + 1 && m.starts_with("unknown field"))
                };
                if refused(probe, "\u{1}") && !refused(probe, key) {
                    out.push_str(key);
                } else {
                    out.push_str(&format!(
                        "({}-character name not shown)",
                        key.chars().count()
                    ));
                    break;
                }
            }
            Segment::Enum { .. } | Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
                break;
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// JSON text that reaches `name` through `prefix`: `{"a":[{"b":{"NAME":null}}]}` for
/// `a[3].b` (any index reaches the same element type, so 0 stands for all).
fn probe_text(prefix: &[&serde_path_to_error::Segment], name: &str) -> Vec<u8> {
    use serde_path_to_error::Segment;
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut open = String::new();
    let mut close = String::new();
    for segment in prefix {
        match segment {
            Segment::Seq { .. } => {
                open.push('[');
                close.insert(0, ']');
            }
            Segment::Map { key } => {
                open.push('{');
                open.push_str(&quoted(key));
                open.push(':');
                close.insert(0, '}');
            }
            // Not reached: shown_path stops at these.
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    format!("{open}{{{}:null}}{close}", quoted(name)).into_bytes()
}

/// Deserializes an API input with the crate's error codes (a validated member keeps its own code,
/// a missing one is `MissingField`, any other shape error `InvalidField`, text that is not JSON
/// `InvalidParams`); errors name the member's path (`userInfo.custId`), never its value nor a
/// name the type does not declare. Public so that bindings which build one API directly map errors
/// exactly as [`build_request`] does.
pub fn parse<T: serde::de::DeserializeOwned>(api: &str, json: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let v: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let err = json_error(api, e.inner());
        // Reads a probe as the same type, through the same deserializer types (no second copy
        // of the type's reader in the npm package).
        let mut probe = |text: &[u8]| {
            let mut de = serde_json::Deserializer::from_slice(text);
            serde_path_to_error::deserialize::<_, T>(&mut de)
                .err()
                .map(|e| (e.path().iter().count(), e.inner().to_string()))
        };
        match shown_path(e.path(), e.inner(), &mut probe) {
            None => err,
            Some(path) => {
                // Replace the type's generic field name with the member's real path.
                let msg = err.message();
                let rule = msg.split_once(": ").map_or(msg, |(_, r)| r);
                Error::with_message(err.code(), format!("{api}: {path}: {rule}"))
            }
        }
    })?;
    de.end().map_err(|e| json_error(api, &e))?;
    Ok(v)
}

/// Every `api` name [`build_request`] knows, in the order of the module table.
pub const API_NAMES: &[&str] = &[
    "initiate_transaction",
    "process_transaction",
    "transaction_status",
    "legacy_transaction_status",
    "refund",
    "refund_status",
    "legacy_refund",
    "legacy_refund_status",
    "send_otp",
    "validate_otp",
    "user_details",
    "revoke_access",
    "check_balance",
    "add_money",
    "withdraw",
    "send_payment_request",
    "resend_payment_request",
    "settlement",
];

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
    let salt = options.salt;
    match api {
        "initiate_transaction" => parse::<initiate::InitiateTransaction>(api, params)?.build(
            env,
            credentials.key(api)?,
            salt,
        ),
        "process_transaction" => parse::<process::ProcessTransaction>(api, params)?.build(env),
        "transaction_status" => {
            parse::<status::TransactionStatus>(api, params)?.build(env, credentials.key(api)?, salt)
        }
        "legacy_transaction_status" => parse::<status::LegacyTransactionStatus>(api, params)?
            .build(env, credentials.key(api)?, salt),
        "refund" => parse::<refund::Refund>(api, params)?.build(env, credentials.key(api)?, salt),
        "refund_status" => {
            parse::<refund::RefundStatus>(api, params)?.build(env, credentials.key(api)?, salt)
        }
        "legacy_refund" => {
            parse::<refund::LegacyRefund>(api, params)?.build(env, credentials.key(api)?, salt)
        }
        "legacy_refund_status" => parse::<refund::LegacyRefundStatus>(api, params)?.build(
            env,
            credentials.key(api)?,
            salt,
        ),
        "send_otp" => {
            parse::<autodebit::SendOtp>(api, params)?.build(env, credentials.client_id(api)?)
        }
        "validate_otp" => parse::<autodebit::ValidateOtp>(api, params)?.build(
            env,
            credentials.client_id(api)?,
            credentials.client_secret(api)?,
        ),
        "user_details" => parse::<autodebit::UserDetails>(api, params)?.build(env),
        "revoke_access" => parse::<autodebit::RevokeAccess>(api, params)?.build(
            env,
            credentials.client_id(api)?,
            credentials.client_secret(api)?,
        ),
        "check_balance" => {
            let mut input = parse::<autodebit::CheckBalance>(api, params)?;
            if input.head.client_id.is_none() {
                input.head.client_id = credentials.client_id.clone();
            }
            input.build(env, credentials.key(api)?, salt)
        }
        "add_money" => {
            parse::<autodebit::AddMoney>(api, params)?.build(env, credentials.key(api)?, salt)
        }
        "withdraw" => {
            parse::<autodebit::Withdraw>(api, params)?.build(env, credentials.key(api)?, salt)
        }
        "send_payment_request" => {
            let mut input = parse::<payment_request::SendPaymentRequest>(api, params)?;
            if input.head.client_id.is_none() {
                input.head.client_id = credentials.client_id.clone();
            }
            input.build(env, credentials.key(api)?, salt)
        }
        "resend_payment_request" => {
            let mut input = parse::<payment_request::ResendPaymentRequest>(api, params)?;
            if input.head.client_id.is_none() {
                input.head.client_id = credentials.client_id.clone();
            }
            input.build(env, credentials.key(api)?, salt)
        }
        "settlement" => parse::<settlement::SettlementRequest>(api, params)?.build(
            env,
            credentials.client_id(api)?,
            credentials.client_secret(api)?,
        ),
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
