//! Components: safe blocks a communicator writes in Markdown without raw
//! HTML, in the spirit of Zola's shortcodes. A block stands alone between
//! empty lines:
//!
//! ```text
//! {% notice kind="important" %}
//! Markdown text …
//! {% end %}
//!
//! {{ contact id="kontaktcenter" }}
//! ```
//!
//! Arguments are plain text (`key="value"`), escaped where they are shown,
//! and never a script URL; the HTML comes from the theme's approved
//! `templates/components/<name>.html`, so Markdown adds no behaviour. The
//! Markdown stage leaves markers that rendering replaces (the markers
//! cannot come from a page: raw HTML is escaped or cleaned of comments).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::Serialize;

/// The components of the default theme, with the arguments each needs.
pub const BUILT_IN: &[(&str, &[&str])] = &[("notice", &[]), ("contact", &["id"]), ("video", &["url", "title"]), ("details", &["summary"])];

/// One use of a component in a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentCall {
    pub name: String,
    pub args: BTreeMap<String, String>,
    /// Has a body (`{% … %}` … `{% end %}`), or stands alone (`{{ … }}`).
    pub block: bool,
    /// Where it is written in the page's body.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// A directive line: `{% name args %}`, `{% end %}` or `{{ name args }}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    Open { name: String, args: BTreeMap<String, String> },
    End,
    Single { name: String, args: BTreeMap<String, String> },
}

/// Reads a directive from a paragraph's whole text; `Err` for text that
/// looks like one but is malformed, `Ok(None)` for ordinary text.
pub fn parse_directive(text: &str) -> Result<Option<Directive>, String> {
    let text = text.trim();
    let (inner, block) = if let Some(inner) = text.strip_prefix("{%").and_then(|t| t.strip_suffix("%}")) {
        (inner.trim(), true)
    } else if let Some(inner) = text.strip_prefix("{{").and_then(|t| t.strip_suffix("}}")) {
        (inner.trim(), false)
    } else {
        return Ok(None);
    };
    if block && inner == "end" {
        return Ok(Some(Directive::End));
    }
    let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_') {
        return Err(tr!("components-bad-name", name = format!("{:?}", name)));
    }
    let args = parse_args(rest)?;
    Ok(Some(if block { Directive::Open { name: name.into(), args } } else { Directive::Single { name: name.into(), args } }))
}

/// `key="value" key2="value"`: keys in lowercase, values in double quotes.
fn parse_args(mut text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut args = BTreeMap::new();
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return Ok(args);
        }
        let Some((key, rest)) = text.split_once('=') else {
            return Err(tr!("components-bad-args", text = text));
        };
        let key = key.trim();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(tr!("components-bad-args", text = text));
        }
        let Some(rest) = rest.trim_start().strip_prefix('"') else {
            return Err(tr!("components-bad-args", text = text));
        };
        let Some(end) = rest.find('"') else {
            return Err(tr!("components-bad-args", text = text));
        };
        let value = &rest[..end];
        if let Some(scheme) = unsafe_scheme(value) {
            return Err(tr!("components-unsafe-url", key = key, scheme = scheme));
        }
        if args.insert(key.to_string(), value.to_string()).is_some() {
            return Err(tr!("components-repeated-arg", key = key));
        }
        text = &rest[end + 1..];
    }
}

/// A URL scheme other than `http`, `https`, `mailto` and `tel` at the start
/// of an argument (`javascript:`, `data:`): an argument never runs code.
fn unsafe_scheme(value: &str) -> Option<String> {
    let (scheme, _) = value.trim().split_once(':')?;
    let is_scheme = !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (is_scheme && !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https" | "mailto" | "tel")).then(|| scheme.to_string())
}

/// The marker a component leaves in the Markdown stage's HTML.
pub fn marker(kind: &str, index: usize) -> String {
    format!("<!--sigill:{kind}:{index}-->")
}

/// Problems of a page's components that the theme can tell: an unknown
/// name (with the known ones) or a built-in one missing an argument.
pub fn check_call(call: &ComponentCall, known: &BTreeSet<String>) -> Option<String> {
    if !known.contains(&call.name) {
        let names: Vec<&str> = known.iter().map(String::as_str).collect();
        return Some(tr!("components-unknown", name = call.name.as_str(), known = names.join(", ")));
    }
    let needed = BUILT_IN.iter().find(|(name, _)| *name == call.name).map_or(&[][..], |(_, args)| *args);
    if let Some(missing) = needed.iter().find(|a| !call.args.contains_key(**a)) {
        return Some(tr!("components-missing-arg", name = call.name.as_str(), arg = *missing));
    }
    if call.name == "notice" && call.args.get("kind").is_some_and(|k| k != "info" && k != "important") {
        return Some(tr!("components-notice-kind"));
    }
    if (call.name == "details" || call.name == "notice") != call.block && BUILT_IN.iter().any(|(n, _)| *n == call.name) {
        return Some(tr!("components-wrong-form", name = call.name.as_str()));
    }
    None
}

/// Replaces every marker in `html` with its component rendered by
/// `render(call, body)`, innermost first.
pub fn expand(html: &str, calls: &[ComponentCall], render: &dyn Fn(&ComponentCall, &str) -> Result<String, String>) -> Result<String, String> {
    let mut html = html.to_string();
    for (index, call) in calls.iter().enumerate().rev() {
        if call.block {
            let (open, close) = (marker("open", index), marker("close", index));
            let (Some(start), Some(end)) = (html.find(&open), html.find(&close)) else { continue };
            if end < start {
                continue;
            }
            let body = html[start + open.len()..end].to_string();
            let rendered = render(call, &body)?;
            html.replace_range(start..end + close.len(), &rendered);
        } else {
            let single = marker("component", index);
            if let Some(at) = html.find(&single) {
                let rendered = render(call, "")?;
                html.replace_range(at..at + single.len(), &rendered);
            }
        }
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_and_their_arguments() {
        assert_eq!(parse_directive("{% end %}"), Ok(Some(Directive::End)));
        let Ok(Some(Directive::Open { name, args })) = parse_directive("{% notice kind=\"important\" %}") else { panic!() };
        assert_eq!((name.as_str(), args["kind"].as_str()), ("notice", "important"));
        let Ok(Some(Directive::Single { name, args })) = parse_directive("{{ video url=\"https://play.example/v/1\" title=\"Så söker du\" }}") else { panic!() };
        assert_eq!((name.as_str(), args.len()), ("video", 2));
        assert_eq!(parse_directive("Vanlig text"), Ok(None));
        assert!(parse_directive("{{ video url=javascript:alert(1) }}").is_err());
        assert!(parse_directive("{{ video url=\"javascript:alert(1)\" }}").unwrap_err().contains("javascript"));
        assert!(parse_directive("{{ video url=\" data:text/html,x\" }}").is_err());
        assert!(parse_directive("{% Notice %}").is_err());
    }

    #[test]
    fn nested_components_expand_from_the_inside() {
        let calls = vec![
            ComponentCall { name: "details".into(), args: BTreeMap::new(), block: true, span: 0..0 },
            ComponentCall { name: "notice".into(), args: BTreeMap::new(), block: true, span: 0..0 },
        ];
        let html = format!("a{}b{}c{}d{}e", marker("open", 0), marker("open", 1), marker("close", 1), marker("close", 0));
        let out = expand(&html, &calls, &|call, body| Ok(format!("<{}>{body}</{}>", call.name, call.name))).unwrap();
        assert_eq!(out, "a<details>b<notice>c</notice>d</details>e");
    }
}
