//! Credentials and tokens: what grants access is redacted in Debug and Display, and a client
//! secret is also zeroized on drop and never serialized.

use core::fmt;

use serde::Deserialize;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{err, is_visible_no_pipe};
use crate::error::{Error, ErrorCode, Result};
use crate::input::serde_error::raise;

/// Tokens: Paytm's are GUIDs, hex strings or JWE compact serializations, so the rule is loose but
/// closed: 1-2048 printable ASCII characters, no space, no `|`.
const TOKEN_RULE: &str = "must be 1-2048 printable ASCII characters without space or |";

text_type!(
    /// The `txnToken` returned by Initiate Transaction (valid 15 minutes). Redacted in Debug/Display.
    TxnToken, "txnToken", redact = true,
    chars = (2048, is_visible_no_pipe, ErrorCode::InvalidToken, TOKEN_RULE)
);

text_type!(
    /// A user's Paytm SSO / access token (auto-debit, `paytmSsoToken`, `session_token`). Redacted in
    /// Debug/Display: it spends the user's wallet.
    SsoToken, "ssoToken", redact = true,
    chars = (2048, is_visible_no_pipe, ErrorCode::InvalidToken, TOKEN_RULE)
);

text_type!(
    /// A one-time password the customer typed (Validate OTP of the checkout): 4-8 digits.
    /// Redacted in Debug/Display: it logs a wallet in.
    Otp, "otp", redact = true, check = |v| {
        let ok = (4..=8).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit());
        super::ensure(ok, ErrorCode::InvalidField, "otp", "must be 4-8 digits")
    }
);

text_type!(
    /// A client id issued by Paytm (auto-debit OAuth, consult, payment requests, settlement):
    /// 1–64 characters of `[A-Za-z0-9_.-]`. `:` is excluded because it separates the id from the
    /// secret in HTTP Basic authentication.
    ClientId, "clientId", redact = false,
    chars = (64, |b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'), ErrorCode::InvalidCredentials, "must be 1-64 characters of A-Z a-z 0-9 _ . -")
);

/// A client secret (auto-debit OAuth, settlement JWT): zeroized on drop, redacted in Debug, no
/// Display, not serializable. It leaves this type only as HTTP Basic credentials or an HMAC key.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ClientSecret(String);

impl<'de> Deserialize<'de> for ClientSecret {
    fn deserialize<D: serde::Deserializer<'de>>(
        d: D,
    ) -> core::result::Result<ClientSecret, D::Error> {
        ClientSecret::try_from(String::deserialize(d)?).map_err(raise)
    }
}

impl ClientSecret {
    /// A secret of 1–256 printable ASCII characters (no space).
    pub fn new(secret: impl Into<String>) -> Result<ClientSecret> {
        let mut s: String = secret.into();
        if s.is_empty() || s.len() > 256 || !s.bytes().all(|b| b.is_ascii_graphic()) {
            s.zeroize();
            return Err(err(
                ErrorCode::InvalidCredentials,
                "clientSecret",
                "must be 1-256 printable ASCII characters without space",
            ));
        }
        Ok(ClientSecret(s))
    }

    /// The secret's bytes, for signing. Crate-internal so it cannot be printed by accident.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ClientSecret {
    type Error = Error;
    fn try_from(mut s: String) -> Result<ClientSecret> {
        let r = ClientSecret::new(s.as_str());
        s.zeroize();
        r
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClientSecret(<redacted, {} bytes>)", self.0.len())
    }
}
