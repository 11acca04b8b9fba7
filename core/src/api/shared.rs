//! What every request builder shares: the credentials and build options a caller passes, the
//! `head` of Paytm's JSON APIs, and the writers of the bodies several APIs send. The builders
//! (the sibling modules) import it; it imports none of them.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::checksum::{MerchantKey, Salt};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{Environment, HttpRequest, Method};
use crate::input::serde_error::json_error;
use crate::params::Params;
use crate::types::{Channel, ClientId, ClientSecret, Code, Mid, OrderId, RequestTimestamp};

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

crate::json_struct::json_struct! {
    /// The optional `head` members of Paytm's JSON APIs. Which ones an API requires is said on the
    /// API; absent members are not sent. Sent in the order clientId, version, requestTimestamp,
    /// channelId (then signature), as Paytm's samples show them.
    #[derive(Debug, Clone, Default, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Head {
        /// Which of the merchant's keys signed (only when the merchant has several), e.g. `C11`.
        pub client_id: Option<ClientId> => omit,
        /// API version, e.g. `v1`.
        pub version: Option<Code> => omit,
        /// When the request is sent (epoch seconds or milliseconds; the host's clock).
        pub request_timestamp: Option<RequestTimestamp> => omit,
        /// WEB or WAP.
        pub channel_id: Option<Channel> => omit,
    }
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

    /// Fills an absent `clientId` from the credentials: the APIs that send one (consult,
    /// payment requests) take it from the input's head first, then from the caller's client id.
    pub(crate) fn default_client_id(&mut self, credentials: &Credentials) {
        if self.client_id.is_none() {
            self.client_id = credentials.client_id.clone();
        }
    }

    pub(crate) fn fields(&self) -> Vec<(&'static str, &str)> {
        self.fields_with_version(None)
    }

    /// The members sent, `version` taking `default_version` when the input gives none.
    fn fields_with_version(
        &self,
        default_version: Option<&'static str>,
    ) -> Vec<(&'static str, &str)> {
        let mut v = Vec::with_capacity(5);
        if let Some(c) = &self.client_id {
            v.push(("clientId", c.as_str()));
        }
        if let Some(x) = self.version.as_ref().map(Code::as_str).or(default_version) {
            v.push(("version", x));
        }
        if let Some(t) = &self.request_timestamp {
            v.push(("requestTimestamp", t.as_str()));
        }
        if let Some(c) = self.channel_id {
            v.push(("channelId", c.as_str()));
        }
        v
    }

    /// The members a signed JSON API sends under its [`HeadRule`] (before the signature).
    pub(crate) fn members(&self, rule: HeadRule) -> Result<Vec<(&'static str, &str)>> {
        match rule {
            HeadRule::Optional => Ok(self.fields()),
            HeadRule::TokenTypeAes => {
                let mut v = self.fields();
                v.push(("tokenType", "AES"));
                Ok(v)
            }
            HeadRule::Required(api, names) => {
                let v = self.fields_with_version(Some("v1"));
                match names.iter().find(|n| !v.iter().any(|(k, _)| k == *n)) {
                    Some(n) => Err(missing(api, &format!("head.{n}"))),
                    None => Ok(v),
                }
            }
        }
    }
}

/// Which `head` members a signed JSON API sends.
#[derive(Debug, Clone, Copy)]
pub(crate) enum HeadRule {
    /// The members the input gives, none required.
    Optional,
    /// The members the input gives, then `tokenType: AES` (the subscription management APIs,
    /// which authenticate by checksum).
    TokenTypeAes,
    /// `version` defaults to `v1`, then every named member must be present
    /// ([`ErrorCode::MissingField`] naming the first absent one after the `api` name).
    Required(&'static str, &'static [&'static str]),
}

/// The public `build` of every API that POSTs a signed JSON body, written once: the input
/// itself is the body, serialized once and signed as sent ([`crate::http::signed_json_post`]).
/// One row an API (`api/mod.rs` holds the table):
///
/// `Type => pg PATH | order PATH, head = HeadRule, check = method?, secrets = [field, …]?;`
///
/// - `pg PATH` posts to `{pg}PATH`; `order PATH` to `{pg}PATH?mid=…&orderId=…` ([`pg_order_url`]);
/// - the head members follow the [`HeadRule`], and then `check` (a `&self` method returning
///   `Result<()>`) runs, so a bad head is reported before a bad body;
/// - `secrets` names the token fields (`SsoToken` or `Option<SsoToken>`) that the request
///   carries, which its redacted views hide.
macro_rules! signed_json_api {
    (@url pg, $env:ident, $input:ident, $path:expr) => {
        format!("{}{}", $env.pg_base(), $path)
    };
    (@url order, $env:ident, $input:ident, $path:expr) => {
        $crate::api::shared::pg_order_url($env, $path, &$input.mid, &$input.order_id)
    };
    ($($ty:path => $at:ident $path:expr, head = $rule:expr
        $(, check = $check:ident)? $(, secrets = [$($secret:ident),*])?;)*) => {$(
        impl $ty {
            /// The signed request. `salt` fixes the checksum salt (tests); `None` draws a random
            /// one.
            pub fn build(
                &self,
                env: &$crate::http::Environment,
                key: &$crate::checksum::MerchantKey,
                salt: Option<$crate::checksum::Salt>,
            ) -> $crate::error::Result<$crate::http::HttpRequest> {
                #[allow(unused_imports)]
                use $crate::api::shared::HeadRule::*;
                let head = self.head.members($rule)?;
                $(self.$check()?;)?
                let url = $crate::api::shared::signed_json_api!(@url $at, env, self, $path);
                #[allow(unused_mut)]
                let mut req = $crate::http::signed_json_post(url, &head, self, key, salt)?;
                $(for t in [$(Option::<&$crate::types::SsoToken>::from(&self.$secret)),*]
                    .into_iter()
                    .flatten()
                {
                    req = req.redacting(t.as_str());
                })?
                Ok(req)
            }
        }
    )*};
}
pub(crate) use signed_json_api;

/// `{pg}{path}?mid=…&orderId=…`: the PG APIs that name the order in the query as well as in the
/// body (Initiate and Process Transaction, Initiate Subscription).
pub(crate) fn pg_order_url(env: &Environment, path: &str, mid: &Mid, order_id: &OrderId) -> String {
    crate::http::url_with_query(
        &format!("{}{path}", env.pg_base()),
        [("mid", mid.as_str()), ("orderId", order_id.as_str())],
    )
}

/// `Option<bool>` written as one of two words, `[yes, no]` (`"true"`/`"false"`, `"1"`/`"0"`),
/// and read from a JSON boolean or either word; `bad` is the error for anything else.
pub(crate) mod word_flag {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        v: &Option<bool>,
        s: S,
        [yes, no]: [&str; 2],
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => s.serialize_str(if *b { yes } else { no }),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
        [yes, no]: [&str; 2],
        bad: impl FnOnce() -> D::Error,
    ) -> Result<Option<bool>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Text(String),
        }
        match Option::<Raw>::deserialize(d)? {
            None => Ok(None),
            Some(Raw::Bool(b)) => Ok(Some(b)),
            Some(Raw::Text(t)) if t == yes => Ok(Some(true)),
            Some(Raw::Text(t)) if t == no => Ok(Some(false)),
            Some(Raw::Text(_)) => Err(bad()),
        }
    }
}

/// The serde `default` of a member that is a constant code: one function per constant.
macro_rules! code_defaults {
    ($($name:ident = $value:literal),* $(,)?) => {
        $(fn $name() -> $crate::types::Code {
            $crate::types::Code::new($value).expect("constant is valid")
        })*
    };
}
pub(crate) use code_defaults;

pub(crate) fn missing(api: &str, field: &str) -> Error {
    Error::with_message(
        ErrorCode::MissingField,
        format!("{api}: {field} is required"),
    )
}

/// What a builder signed with the merchant key takes, bundled: where to send, the key, and
/// the checksum salt (`None` draws a random one).
pub(crate) struct Keyed<'a> {
    pub env: &'a Environment,
    pub key: &'a MerchantKey,
    pub salt: Option<Salt>,
}

impl Keyed<'_> {
    /// POST to `{pg}{path}` of the form `JsonData={fields…, checksum_name: S}`, `S` the map-mode
    /// checksum of the fields ([`legacy_json_data`]).
    pub fn json_data_post(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        checksum_name: &str,
    ) -> Result<HttpRequest> {
        let (json, _) = legacy_json_data(fields, checksum_name, self.key, self.salt)?;
        Ok(
            HttpRequest::new(Method::Post, format!("{}{path}", self.env.pg_base()))
                .with_form([("JsonData", json.as_str())]),
        )
    }
}

/// What a builder authenticated with the client id and secret takes, bundled.
pub(crate) struct Client<'a> {
    pub env: &'a Environment,
    pub id: &'a ClientId,
    pub secret: &'a ClientSecret,
}

/// Public builder methods with the usual parameters — `keyed:` `(env, key, salt)`, `client:`
/// `(env, client_id, secret)` — each calling a private method of the type that takes them
/// bundled ([`Keyed`], [`Client`]). One row a method: `Type::method -> Output = private;`.
macro_rules! builders {
    (@fn $(#[$doc:meta])* $ty:ident::$name:ident -> $ret:ty = $inner:ident,
        ($($param:ident: $t:ty),*) => $bundle:expr) => {
        impl $ty {
            $(#[$doc])*
            pub fn $name(&self, $($param: $t),*) -> $crate::error::Result<$ret> {
                self.$inner(&$bundle)
            }
        }
    };
    (keyed: $($(#[$doc:meta])* $ty:ident::$name:ident -> $ret:ty = $inner:ident;)*) => {$(
        $crate::api::shared::builders!(@fn $(#[$doc])* $ty::$name -> $ret = $inner, (
            env: &$crate::http::Environment,
            key: &$crate::checksum::MerchantKey,
            salt: Option<$crate::checksum::Salt>
        ) => $crate::api::shared::Keyed { env, key, salt });
    )*};
    (client: $($(#[$doc:meta])* $ty:ident::$name:ident -> $ret:ty = $inner:ident;)*) => {$(
        $crate::api::shared::builders!(@fn $(#[$doc])* $ty::$name -> $ret = $inner, (
            env: &$crate::http::Environment,
            client_id: &$crate::types::ClientId,
            secret: &$crate::types::ClientSecret
        ) => $crate::api::shared::Client { env, id: client_id, secret });
    )*};
}
pub(crate) use builders;

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
