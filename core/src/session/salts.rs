//! Where sessions get checksum salts ([`SaltSource`]): from the OS by default, fixed in tests so
//! that every request is reproducible.

use crate::checksum::Salt;

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

/// The same salt every time (tests and reproducible transcripts).
#[derive(Debug, Clone, Copy)]
pub struct FixedSalt(pub Salt);

impl SaltSource for FixedSalt {
    fn next_salt(&mut self) -> Option<Salt> {
        Some(self.0)
    }
}
