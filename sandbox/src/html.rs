//! The HTML the sandbox serves (bank OTP page, UPI app page, the auto-submitting callback form)
//! and the small reader a host uses to pick a form out of it again. Every value written into
//! HTML is escaped; the reader only reads the sandbox's own pages (a browser is the real client).

use html_escape::{decode_html_entities, encode_double_quoted_attribute, encode_text};

/// A page with a title, a paragraph of help and a form.
pub fn page(title: &str, help: &str, form: &str, autosubmit: bool) -> String {
    let onload = if autosubmit {
        r#" onload="document.forms[0].submit()""#
    } else {
        ""
    };
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title></head>\n\
         <body{onload}>\n<h1>{t}</h1>\n<p>{h}</p>\n{form}\n</body></html>\n",
        t = encode_text(title),
        h = encode_text(help),
    )
}

/// A POST form with hidden fields, visible inputs (name, label) and submit buttons
/// (name, value, label).
pub fn form(
    action: &str,
    hidden: &[(&str, &str)],
    inputs: &[(&str, &str)],
    buttons: &[(&str, &str, &str)],
) -> String {
    let mut out = format!(
        "<form method=\"post\" action=\"{}\">\n",
        encode_double_quoted_attribute(action)
    );
    for (k, v) in hidden {
        out.push_str(&format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
            encode_double_quoted_attribute(k),
            encode_double_quoted_attribute(v)
        ));
    }
    for (k, label) in inputs {
        out.push_str(&format!(
            "<label>{} <input type=\"text\" name=\"{}\" autocomplete=\"one-time-code\"></label>\n",
            encode_text(label),
            encode_double_quoted_attribute(k)
        ));
    }
    for (name, value, label) in buttons {
        out.push_str(&format!(
            "<button type=\"submit\" name=\"{}\" value=\"{}\">{}</button>\n",
            encode_double_quoted_attribute(name),
            encode_double_quoted_attribute(value),
            encode_text(label)
        ));
    }
    out.push_str("</form>");
    out
}

/// A form as a host reads it back: its action and its hidden fields, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadForm {
    /// The `action` URL.
    pub action: String,
    /// `(name, value)` of every hidden input.
    pub fields: Vec<(String, String)>,
}

/// Reads the first form of a page the sandbox served (the format [`form`] writes).
pub fn read_form(html: &str) -> Option<ReadForm> {
    let start = html.find("<form ")?;
    let end = start + html[start..].find("</form>")?;
    let f = &html[start..end];
    let action = attr(f, "action")?;
    let mut fields = Vec::new();
    let mut rest = f;
    while let Some(i) = rest.find("<input type=\"hidden\"") {
        let tag_end = rest[i..].find('>')? + i;
        let tag = &rest[i..tag_end];
        fields.push((attr(tag, "name")?, attr(tag, "value")?));
        rest = &rest[tag_end..];
    }
    Some(ReadForm { action, fields })
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')? + i;
    Some(decode_html_entities(&tag[i..j]).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_reads_back_with_escapes() {
        let f = form(
            "https://m.example/cb?a=1&b=2",
            &[("A", "x\"<y>&z"), ("B", "")],
            &[("otp", "OTP")],
            &[],
        );
        let p = page("T", "h", &f, true);
        let r = read_form(&p).unwrap();
        assert_eq!(r.action, "https://m.example/cb?a=1&b=2");
        assert_eq!(
            r.fields,
            [("A".into(), "x\"<y>&z".into()), ("B".into(), "".into())]
        );
    }
}
