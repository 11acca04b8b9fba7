//! The finding codes of [`diagnose`](super::diagnose), one table: each code's name, severity and
//! one line of fix are written once, here. docs/doctor.md lists the same table (a test checks
//! that it names every code).

use crate::names::Named;

crate::names::named! {
    /// How bad a finding is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Severity {
        /// Payments fail, or money could move on a wrong answer, until this is fixed.
        Error = "error",
        /// Works today but is fragile or about to break (a legacy host, a key some libraries cut).
        Warning = "warning",
        /// What an observed answer usually means; nothing in the configuration is wrong by itself.
        Info = "info",
    }
}

/// Declares [`FindingCode`] and its severity and fix from one list of rows.
macro_rules! finding_codes {
    ($( #[doc = $doc:literal] $variant:ident = $name:literal, $sev:ident, $fix:literal; )+) => {
        crate::names::named! {
            /// A stable finding code (serialized as its snake_case name; names are never reused).
            #[non_exhaustive]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum FindingCode {
                $( #[doc = $doc] $variant = $name, )+
            }
        }

        impl FindingCode {
            /// How bad it is.
            pub const fn severity(self) -> Severity {
                match self {
                    $(FindingCode::$variant => Severity::$sev,)+
                }
            }

            /// One line saying what to do.
            pub const fn fix(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $fix,)+
                }
            }

            /// What the code means (its doc).
            pub const fn doc(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $doc.trim_ascii(),)+
                }
            }
        }
    };
}

#[rustfmt::skip]
finding_codes! {
    /// websiteName `WEBSTAGING` with the production environment.
    WebsiteStagingOnProduction = "website_staging_on_production", Error,
        "use the production websiteName from the dashboard's production API keys (usually DEFAULT); WEBSTAGING exists only on staging";
    /// A websiteName other than `WEBSTAGING` with the staging environment.
    WebsiteNotStaging = "website_not_staging", Error,
        "use websiteName WEBSTAGING on staging; DEFAULT and the other production names are refused there";
    /// websiteName is empty or has characters other than letters, digits and `_` (spaces, quotes).
    WebsiteNameFormat = "website_name_format", Error,
        "copy websiteName exactly as the dashboard shows it (letters, digits, _; no spaces or quotes)";
    /// A staging host (securestage.paytmpayments.com, securegw-stage.paytm.in) with production.
    HostStagingOnProduction = "host_staging_on_production", Error,
        "production uses https://secure.paytmpayments.com; staging credentials and hosts never mix with production ones";
    /// A production host (secure.paytmpayments.com, securegw.paytm.in) with staging.
    HostProductionOnStaging = "host_production_on_staging", Error,
        "staging uses https://securestage.paytmpayments.com; a staging MID and key are unknown to the production host";
    /// A legacy `paytm.in` host: Paytm moved the gateway to `paytmpayments.com`.
    HostLegacy = "host_legacy", Warning,
        "move to the paytmpayments.com host of the same environment (securestage.paytmpayments.com / secure.paytmpayments.com)";
    /// A host that is not one of Paytm's gateway hosts (or not https).
    HostUnknown = "host_unknown", Warning,
        "use https://securestage.paytmpayments.com (staging) or https://secure.paytmpayments.com (production) unless this is a test double";
    /// The MID is not 1-32 ASCII letters and digits.
    MidInvalid = "mid_invalid", Error,
        "copy the MID from the dashboard's API keys page: letters and digits only, no spaces or quotes";
    /// The MID is well-formed but not the 20 characters Paytm issues.
    MidUnusualLength = "mid_unusual_length", Warning,
        "check the MID against the dashboard: Paytm issues 20-character MIDs";
    /// The merchant key is not 16, 24 or 32 bytes long.
    KeyLength = "key_length", Error,
        "copy the merchant key from the dashboard again: it is 16 characters (AES accepts only 16, 24 or 32 bytes)";
    /// The merchant key has whitespace or a newline at either end (a copy-paste or `.env` quirk).
    KeyWhitespace = "key_whitespace", Error,
        "remove the whitespace around the merchant key (a trailing newline from a file or environment variable is the usual one)";
    /// The merchant key has quotes, spaces, or characters other than printable ASCII.
    KeyCharacters = "key_characters", Warning,
        "Paytm's keys are printable ASCII: remove quotes or characters added by an editor or a shell";
    /// A 24- or 32-byte key: PHP's library silently cuts it to 16 bytes and Ruby's refuses it.
    KeyNot16 = "key_not_16", Warning,
        "use the 16-character key Paytm issues; a 24/32-byte key signs differently in Paytm's PHP library and fails in the Ruby one";
    /// The callback URL is not a plain http(s) URL.
    CallbackUrlInvalid = "callback_url_invalid", Error,
        "use a plain https://host[/path] URL without spaces, quotes or |";
    /// An `http://` callback URL on production.
    CallbackUrlHttpOnProduction = "callback_url_http_on_production", Error,
        "serve the callback over https on production";
    /// A callback URL on localhost or a private address on production: Paytm cannot reach it.
    CallbackUrlLocalOnProduction = "callback_url_local_on_production", Error,
        "use a public https host for the production callback URL";
    /// The callback URL carries a query string: frameworks mix its parameters into the POSTed fields.
    CallbackUrlQuery = "callback_url_query", Warning,
        "keep state in the orderId, not in the callback URL's query: many frameworks merge query parameters into the POST fields, which breaks the checksum";
    /// The client id is not 1-64 characters of `A-Z a-z 0-9 _ . -`.
    ClientIdInvalid = "client_id_invalid", Error,
        "copy the client id from the dashboard again";
    /// The client secret is not 1-256 printable ASCII characters without space.
    ClientSecretInvalid = "client_secret_invalid", Error,
        "copy the client secret from the dashboard again (no spaces or newlines)";
    /// A client id without a secret, or a secret without an id.
    ClientCredentialsIncomplete = "client_credentials_incomplete", Warning,
        "give both the client id and the client secret, or neither (only OAuth, payment requests and settlement APIs use them)";
    /// The sample order id is not 1-50 characters of `A-Z a-z 0-9 @ . _ -`.
    OrderIdInvalid = "order_id_invalid", Error,
        "make order ids of letters, digits and @ . _ - only, at most 50 characters";
    /// The sample custId is not 1-64 printable ASCII characters without space or `|`.
    CustIdInvalid = "cust_id_invalid", Error,
        "make custId 1-64 printable ASCII characters without space or |";
    /// The sample amount is not a decimal greater than 0 with at most 2 decimals.
    AmountInvalid = "amount_invalid", Error,
        "send the amount as a string like \"1.00\": greater than 0, at most 2 decimals, no comma, sign or exponent";
    /// The captured callback body is neither form data nor a flat JSON object of strings.
    CallbackUnreadable = "callback_unreadable", Error,
        "capture the raw POST body exactly as received (form-urlencoded or a JSON object)";
    /// Callback fields include the callback URL's query parameters.
    CallbackQueryMixed = "callback_query_mixed", Error,
        "verify the checksum over the POST body only (not a merged request map such as $_REQUEST or query+body), and drop the query from the callback URL";
    /// The captured callback has no CHECKSUMHASH.
    CallbackChecksumMissing = "callback_checksum_missing", Warning,
        "a callback without CHECKSUMHASH cannot be trusted: confirm the payment with the Transaction Status API";
    /// The callback's CHECKSUMHASH does not verify with the merchant key.
    CallbackChecksumInvalid = "callback_checksum_invalid", Error,
        "run `paytm-checkout checksum explain --map` on the callback: the key is another environment's, or the fields were changed after Paytm signed them";
    /// The callback's MID is not the configured MID.
    CallbackMidMismatch = "callback_mid_mismatch", Error,
        "this callback is about another merchant (or environment): never fulfil from it";
    /// RESPCODE 330, "Invalid checksum": Paytm could not verify the checksum the merchant sent.
    Respcode330 = "respcode_330", Error,
        "sign exactly the parameters you send, with the key of this MID and environment; `paytm-checkout checksum explain` shows which mistake";
    /// RESPCODE 227: the payment was declined by the bank (on staging: the test instrument).
    Respcode227 = "respcode_227", Info,
        "a decline, not a configuration error: let the user retry another way; on staging use Paytm's test instruments";
    /// RESPCODE 501, "System Error": the outcome is not known yet.
    Respcode501 = "respcode_501", Warning,
        "treat as pending: ask the Transaction Status API before fulfilling or charging again";
    /// Result code 1006 or the "session has expired" page: the txnToken is no longer valid.
    SessionExpired = "session_expired", Warning,
        "initiate again: a txnToken lives 15 minutes and works only on the host, MID and orderId it was created for";
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn name(self) -> &'static str {
        <Severity as Named>::name(self)
    }
}

impl FindingCode {
    /// The stable snake_case name (as serialized).
    pub fn name(self) -> &'static str {
        <FindingCode as Named>::name(self)
    }

    /// The code of a name, if it is one.
    pub fn from_name(name: &str) -> Option<FindingCode> {
        <FindingCode as Named>::from_name(name)
    }

    /// Every code, in table order.
    pub fn all() -> impl Iterator<Item = FindingCode> {
        <FindingCode as Named>::ALL.iter().map(|(_, c)| *c)
    }
}
