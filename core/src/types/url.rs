//! URLs Paytm calls back or a browser is sent to, and the one URL rule the environment's custom
//! base and the doctor also apply.

use super::err;
use crate::error::{ErrorCode, Result};

text_type!(
    /// A URL Paytm calls back or the browser is sent to: `https://host[:port][/path][?query]`, at
    /// most 2048 characters, no spaces, controls, quotes, angle brackets or `|`.
    ///
    /// A small closed check rather than a URL parser: the `url` crate would pull IDNA tables into
    /// the size-sensitive WASM build, and Paytm needs only "a plain https URL" here.
    CallbackUrl, "callbackUrl", redact = false, check = |v| check_url("callbackUrl", v, false)
);

/// `https://` (or `http://` when `allow_http`) followed by a non-empty host of letters, digits,
/// `.` and `-`, an optional port, and a path/query of URL-safe characters.
pub(crate) fn check_url(field: &str, v: &str, allow_http: bool) -> Result<()> {
    let rest = v.strip_prefix("https://").or_else(|| {
        if allow_http {
            v.strip_prefix("http://")
        } else {
            None
        }
    });
    let ok = v.len() <= 2048
        && match rest {
            Some(rest) => {
                let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
                let (authority, tail) = rest.split_at(end);
                let (host, port) = match authority.rsplit_once(':') {
                    Some((h, p)) => (h, Some(p)),
                    None => (authority, None),
                };
                !host.is_empty()
                    && host
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
                    && port.is_none_or(|p| {
                        p.bytes().all(|b| b.is_ascii_digit())
                            && p.parse::<u16>().is_ok_and(|n| n > 0)
                    })
                    && tail.bytes().all(|b| {
                        b.is_ascii_graphic()
                            && !matches!(b, b'"' | b'<' | b'>' | b'|' | b'\\' | b'`')
                    })
            }
            None => false,
        };
    if !ok {
        let scheme = if allow_http { "http(s)" } else { "https" };
        return Err(err(
            ErrorCode::InvalidUrl,
            field,
            &format!(
                "must be a plain {scheme}://host[:port][/path] URL without spaces, quotes or |"
            ),
        ));
    }
    Ok(())
}
