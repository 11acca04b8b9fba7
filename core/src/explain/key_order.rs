//! The parameter-name orders of Paytm's official libraries that differ from the server's (names
//! sorted by their UTF-8 bytes): PHP's `ksort`, which compares numeric names as numbers, and
//! Java's `TreeMap`, which compares UTF-16 code units. Each gives the entries of a map in the
//! order that library signs them, so the search can rebuild what it signed.

use core::cmp::Ordering;

/// Names in PHP `ksort` order (Paytm_PHP_Checksum 2.0.2): names that are PHP numeric strings
/// (`7`, `17`, `1.5`, `1e3`) compared with each other as numbers, every other comparison by
/// bytes. `entries` (name, value) are in byte order of their names. PHP's comparison is not always a total order (`9` < `10` <
/// `1a` < `9`); the numeric names are put, in numeric order, in the places the numeric names
/// hold in byte order, which is PHP's result whenever its comparison is consistent. `None` when
/// fewer than two names are numeric (the order is then the byte order).
pub(super) fn php_ksort<'a, E: Copy>(entries: &[(&'a str, E)]) -> Option<Vec<(&'a str, E)>> {
    let numeric: Vec<(usize, f64)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, (name, _))| php_number(name).map(|v| (i, v)))
        .collect();
    if numeric.len() < 2 {
        return None;
    }
    let mut by_value: Vec<(usize, f64)> = numeric.clone();
    by_value.sort_by(|a, b| {
        a.1.total_cmp(&b.1)
            .then_with(|| entries[a.0].0.cmp(entries[b.0].0))
    });
    let mut out = entries.to_vec();
    for (&(slot, _), &(from, _)) in numeric.iter().zip(&by_value) {
        out[slot] = entries[from];
    }
    Some(out)
}

/// The value of a PHP 8 numeric string: optional surrounding whitespace, an optional sign,
/// decimal digits with an optional fraction and exponent. `None` for anything else.
fn php_number(name: &str) -> Option<f64> {
    let t = name.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let starts_like_a_number = unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    let only_number_chars = unsigned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if !starts_like_a_number || !only_number_chars {
        return None;
    }
    t.parse::<f64>().ok()
}

/// Names in UTF-16 code-unit order (Java's `String.compareTo`, so `TreeMap`, as in
/// paytmpayments-checksum 2.1.1). `None` when no name has a character beyond U+FFFF (the order
/// is then the byte order).
pub(super) fn utf16<'a, E: Copy>(entries: &[(&'a str, E)]) -> Option<Vec<(&'a str, E)>> {
    let beyond_bmp = |name: &str| name.chars().any(|c| u32::from(c) > 0xFFFF);
    if !entries.iter().any(|(name, _)| beyond_bmp(name)) {
        return None;
    }
    let mut out = entries.to_vec();
    out.sort_by(|a, b| utf16_cmp(a.0, b.0));
    Some(out)
}

fn utf16_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}
