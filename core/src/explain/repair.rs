//! Checksum repair: the transport damage a checksum commonly suffers (whitespace, URL encoding,
//! URL-safe base64, `+` turned into a space, lost padding), each undone in turn until the
//! checksum opens with the key.

use super::report::CauseKind;
use crate::checksum::{MerchantKey, Opened, CHECKSUM_LEN};

/// One kind of transport damage, undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Repair {
    Trim,
    Percent,
    UrlSafe,
    SpaceToPlus,
    Pad,
}

impl Repair {
    const ALL: [Repair; 5] = [
        Repair::Trim,
        Repair::Percent,
        Repair::UrlSafe,
        Repair::SpaceToPlus,
        Repair::Pad,
    ];

    pub(super) fn kind(self) -> CauseKind {
        match self {
            Repair::Trim => CauseKind::ChecksumSurroundingWhitespace,
            Repair::Percent => CauseKind::ChecksumPercentEncoded,
            Repair::UrlSafe => CauseKind::ChecksumUrlSafeBase64,
            Repair::SpaceToPlus => CauseKind::ChecksumPlusAsSpace,
            Repair::Pad => CauseKind::ChecksumPaddingStripped,
        }
    }

    pub(super) fn message(self) -> &'static str {
        match self {
            Repair::Trim => {
                "the checksum has surrounding whitespace or a newline; it opens once trimmed"
            }
            Repair::Percent => {
                "the checksum is still URL-encoded (%2B, %2F, %3D); it opens once decoded: \
                 URL-decode it exactly once"
            }
            Repair::UrlSafe => {
                "the checksum uses URL-safe base64 ('-' and '_'); it opens with '+' and '/'"
            }
            Repair::SpaceToPlus => {
                "the checksum has spaces where '+' was (a URL/form decoder turned '+' into a \
                 space); it opens with '+' put back: URL-encode the checksum when sending it \
                 in a URL or form"
            }
            Repair::Pad => "the checksum lost its trailing '=' padding; it opens with it restored",
        }
    }

    fn apply(self, c: &[u8]) -> Vec<u8> {
        match self {
            Repair::Trim => c.trim_ascii().to_vec(),
            Repair::Percent => {
                let mut out = Vec::with_capacity(c.len());
                let mut i = 0;
                while i < c.len() {
                    let decoded = match c.get(i..i + 3) {
                        Some([b'%', a, b]) => match (a, b.to_ascii_uppercase()) {
                            (b'2', b'B') => Some(b'+'),
                            (b'2', b'F') => Some(b'/'),
                            (b'3', b'D') => Some(b'='),
                            _ => None,
                        },
                        _ => None,
                    };
                    match decoded {
                        Some(d) => {
                            out.push(d);
                            i += 3;
                        }
                        None => {
                            out.push(c[i]);
                            i += 1;
                        }
                    }
                }
                out
            }
            Repair::UrlSafe => c
                .iter()
                .map(|&b| match b {
                    b'-' => b'+',
                    b'_' => b'/',
                    b => b,
                })
                .collect(),
            Repair::SpaceToPlus => c
                .iter()
                .map(|&b| if b == b' ' { b'+' } else { b })
                .collect(),
            Repair::Pad => {
                let mut v = c.to_vec();
                while v.len() % 4 != 0 {
                    v.push(b'=');
                }
                v
            }
        }
    }
}

/// The smallest set of repairs (applied in a fixed order) after which the checksum opens.
pub(super) fn repair_checksum(
    key: &MerchantKey,
    checksum: &[u8],
) -> Option<(Opened, Vec<u8>, Vec<Repair>)> {
    // Damage adds at most a few bytes per character; anything longer is not a damaged checksum.
    if checksum.len() > 4 * CHECKSUM_LEN {
        return None;
    }
    let n = Repair::ALL.len();
    let mut subsets: Vec<u32> = (1u32..(1 << n)).collect();
    subsets.sort_by_key(|m| (m.count_ones(), *m));
    for mask in subsets {
        let mut c = checksum.to_vec();
        let mut steps = Vec::new();
        let mut every_step_changes = true;
        for (i, r) in Repair::ALL.iter().enumerate() {
            if mask & (1 << i) != 0 {
                let next = r.apply(&c);
                if next == c {
                    every_step_changes = false;
                    break;
                }
                c = next;
                steps.push(*r);
            }
        }
        if !every_step_changes {
            continue;
        }
        if let Ok(o) = key.open(&c) {
            return Some((o, c, steps));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// JSON: an order-preserving tree read through serde_json's deserializer, and the writers of the
// styles signers use.
