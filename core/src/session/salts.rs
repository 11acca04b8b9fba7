//! Where sessions get checksum salts ([`SaltSource`]): from the OS by default, fixed in tests so
//! that every request is reproducible; and [`Signer`], the merchant key a session signs with
//! beside its salts.

use crate::checksum::{MerchantKey, Salt};
use crate::error::Result;
use crate::http::HttpRequest;

/// Where sessions get checksum salts. The default draws them from the OS
/// (through [`crate::checksum`]); tests pass fixed ones so every request is reproducible.
pub trait SaltSource: Send {
    /// The salt for the next signed request (`None`: a random one).
    fn next_salt(&mut self) -> Option<Salt>;
}

/// Random salts from the operating system.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsSalts;

impl SaltSource for OsSalts {
    fn next_salt(&mut self) -> Option<Salt> {
        None
    }
}

/// The merchant key a session holding it signs its requests (and verifies its answers) with,
/// and where the salts of those signatures come from (the OS unless a host's `with_salts`
/// says otherwise).
pub(crate) struct Signer {
    /// The merchant key.
    pub key: MerchantKey,
    /// The salts.
    pub salts: Box<dyn SaltSource>,
}

impl Signer {
    /// `key`, with salts from the OS.
    pub fn new(key: MerchantKey) -> Signer {
        Signer {
            key,
            salts: Box::new(OsSalts),
        }
    }

    /// The request `build` makes, signed with the key and the next salt.
    pub fn sign(
        &mut self,
        build: impl FnOnce(&MerchantKey, Option<Salt>) -> Result<HttpRequest>,
    ) -> Result<HttpRequest> {
        let salt = self.salts.next_salt();
        build(&self.key, salt)
    }
}

/// The same salt every time (tests and reproducible transcripts).
#[derive(Debug, Clone, Copy)]
pub struct FixedSalt(pub Salt);

impl SaltSource for FixedSalt {
    fn next_salt(&mut self) -> Option<Salt> {
        Some(self.0)
    }
}
