//! Contrast of a theme's colours (WCAG 2.1, 1.4.3): every CSS rule that
//! sets both a text colour and a background, and the text colours of the
//! page as a whole (`body`, links, headings) against the page background,
//! must reach 4.5:1.

/// The least contrast for normal text.
pub const MIN_RATIO: f64 = 4.5;

/// Selectors whose text stands on the page's own background.
const ON_PAGE: &[&str] = &["a", "a:hover", "a:visited", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", ".lead", "main", "article"];

/// A text and background colour below [`MIN_RATIO`].
#[derive(Debug, Clone, PartialEq)]
pub struct LowContrast {
    pub selector: String,
    pub foreground: String,
    pub background: String,
    pub ratio: f64,
}

/// One rule: its selector and declarations, comments removed.
struct Rule {
    selector: String,
    declarations: Vec<(String, String)>,
}

fn rules(css: &str) -> Vec<Rule> {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    text.push_str(rest);
    let mut out = Vec::new();
    // Blocks inside @media are read as rules of their own: the selector is
    // what follows the last `{` before the declarations.
    for block in text.split('}') {
        let Some((selector, body)) = block.rsplit_once('{') else { continue };
        let selector = selector.rsplit(['{', ';']).next().unwrap_or(selector).trim().to_string();
        let declarations = body
            .split(';')
            .filter_map(|d| d.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().trim_end_matches("!important").trim().to_string()))
            .collect();
        out.push(Rule { selector, declarations });
    }
    out
}

/// An sRGB colour from `#rgb`, `#rrggbb`, `rgb(r, g, b)`, `white` or
/// `black`, after resolving `var(--name)` against `vars`.
fn colour(value: &str, vars: &[(String, String)], depth: usize) -> Option<(u8, u8, u8)> {
    let value = value.trim();
    if let Some(name) = value.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) {
        let name = name.split(',').next()?.trim();
        let found = vars.iter().rev().find(|(n, _)| n == name)?;
        return if depth < 8 { colour(&found.1, vars, depth + 1) } else { None };
    }
    match value.to_ascii_lowercase().as_str() {
        "white" => return Some((255, 255, 255)),
        "black" => return Some((0, 0, 0)),
        _ => {}
    }
    if let Some(hex) = value.strip_prefix('#') {
        let digit = |i: usize, len: usize| u8::from_str_radix(hex.get(i..i + len)?, 16).ok();
        return match hex.len() {
            3 => Some((digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 => Some((digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        };
    }
    let inner = value.strip_prefix("rgb(").and_then(|v| v.strip_suffix(')'))?;
    let parts: Vec<u8> = inner.split([',', ' ']).filter(|p| !p.is_empty()).take(3).filter_map(|p| p.parse().ok()).collect();
    (parts.len() == 3).then(|| (parts[0], parts[1], parts[2]))
}

/// WCAG relative luminance.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// Every colour pair in `css` below the minimum contrast.
pub fn low_contrast_pairs(css: &str) -> Vec<LowContrast> {
    let rules = rules(css);
    let vars: Vec<(String, String)> = rules.iter().flat_map(|r| r.declarations.iter().filter(|(n, _)| n.starts_with("--")).cloned()).collect();
    let get = |rule: &Rule, names: &[&str]| rule.declarations.iter().rev().find(|(n, _)| names.contains(&n.as_str())).map(|(_, v)| v.clone());
    let page_background = rules
        .iter()
        .filter(|r| r.selector == "body" || r.selector == "html")
        .find_map(|r| get(r, &["background", "background-color"]).and_then(|v| colour(&v, &vars, 0)))
        .unwrap_or((255, 255, 255));
    let mut out = Vec::new();
    for rule in &rules {
        let Some(foreground) = get(rule, &["color"]) else { continue };
        let Some(fg) = colour(&foreground, &vars, 0) else { continue };
        let background = get(rule, &["background", "background-color"]);
        let (bg, background) = match background.as_deref().and_then(|v| colour(v, &vars, 0).map(|c| (c, v.to_string()))) {
            Some(pair) => pair,
            None if background.is_none() && (rule.selector == "body" || rule.selector.split(',').all(|s| ON_PAGE.contains(&s.trim()))) => (page_background, "page background".to_string()),
            None => continue,
        };
        let r = ratio(fg, bg);
        if r < MIN_RATIO {
            out.push(LowContrast { selector: rule.selector.clone(), foreground, background, ratio: (r * 100.0).floor() / 100.0 });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wcag_ratios_of_known_pairs() {
        assert!((ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        assert!((ratio((0x76, 0x76, 0x76), (255, 255, 255)) - 4.54).abs() < 0.01);
    }

    #[test]
    fn pale_text_on_white_is_found_through_variables_and_good_pairs_are_not() {
        let css = ":root { --ink: #1b1b1b; --pale: #aaa; }\nbody { color: var(--ink); background: #fff; }\n/* a comment { color: #eee } */\n.hint { color: var(--pale); }\na { color: var(--pale); }\n.banner { color: #fff; background: #005293; }\n@media print { .x { color: #ccc; background: white; } }";
        let found = low_contrast_pairs(css);
        let selectors: Vec<&str> = found.iter().map(|f| f.selector.as_str()).collect();
        assert_eq!(selectors, ["a", ".x"], "{found:?}");
        assert!(found[0].ratio < 4.5 && found[0].background == "page background");
    }

    #[test]
    fn the_default_theme_has_enough_contrast() {
        let css = include_str!("../../themes/default/static/css/sigill.css");
        assert_eq!(low_contrast_pairs(css), Vec::new());
    }
}
