//! Every problem of a TOML document at once — syntax errors, unknown and
//! missing fields — with line and column, instead of only the first one the
//! parser meets.

use serde::de::DeserializeOwned;

use crate::diagnostic::{did_you_mean, Diagnostic, LineIndex};

/// How many syntax errors are looked for before giving up.
const MAX_SYNTAX_ERRORS: usize = 50;

/// What a document may and must hold at its top level.
pub struct Fields<'a> {
    pub known: &'a [&'a str],
    pub required: &'a [&'a str],
}

fn at(error: &toml::de::Error, text: &str, shown: &str) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(shown, error.message().trim().to_string());
    if let Some(span) = error.span() {
        let (line, column) = LineIndex::new(text).position(span.start.min(text.len()));
        diagnostic = diagnostic.at(line, column);
    }
    diagnostic
}

fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')) || l.trim() == format!("[{key}]") || l.trim() == format!("[[{key}]]")
        })
        .map_or(1, |i| i + 1)
}

/// Parses `text` into `T`, or returns every problem found: each syntax
/// error (the parser is run again with each bad line blanked), then every
/// unknown top-level field (with a "did you mean"), every missing required
/// field, and finally the first type error.
pub fn parse_all<T: DeserializeOwned>(text: &str, shown: &str, fields: &Fields<'_>) -> Result<T, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut probe = text.to_string();
    let table = loop {
        match toml::from_str::<toml::Table>(&probe) {
            Ok(table) => break Some(table),
            Err(e) => {
                problems.push(at(&e, text, shown));
                let Some(span) = e.span() else { break None };
                // Blank the line the error is on and look for the next one.
                let start = probe[..span.start.min(probe.len())].rfind('\n').map_or(0, |i| i + 1);
                let end = probe[start..].find('\n').map_or(probe.len(), |i| start + i);
                if start == end || problems.len() >= MAX_SYNTAX_ERRORS {
                    break None;
                }
                probe.replace_range(start..end, &" ".repeat(end - start));
            }
        }
    };
    let Some(table) = table else {
        problems.sort();
        problems.dedup_by(|a, b| a.line == b.line);
        return Err(problems);
    };
    for key in table.keys() {
        if !fields.known.contains(&key.as_str()) {
            let mut d = Diagnostic::error(shown, tr!("toml-errors-unknown-field", key = key)).at(key_line(text, key), 1);
            d = match did_you_mean(key, fields.known) {
                Some(close) => d.help(tr!("toml-errors-did-you-mean", close = close)),
                None => d.help(tr!("toml-errors-known-fields", join = fields.known.join(", "))),
            };
            problems.push(d);
        }
    }
    for key in fields.required {
        if !table.contains_key(*key) {
            problems.push(Diagnostic::error(shown, tr!("toml-errors-missing-field", key = key)).at(1, 1));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    toml::from_str::<T>(text).map_err(|e| {
        let mut d = at(&e, text, shown);
        if let Some(unknown) = d.message.strip_prefix("unknown field `").and_then(|m| m.split('`').next()).map(str::to_string) {
            d.message = format!("unknown field `{unknown}`");
        }
        vec![d]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        owner: String,
        weight: Option<i64>,
    }

    const FIELDS: Fields<'static> = Fields { known: &["title", "owner", "weight"], required: &["title", "owner"] };

    #[test]
    fn reports_every_syntax_error_with_its_line() {
        let text = "title = \"A\"\nowner = \"B\nweight = 1\nbad line\n";
        let problems = parse_all::<Doc>(text, "a.toml", &FIELDS).unwrap_err();
        let lines: Vec<Option<usize>> = problems.iter().map(|d| d.line).collect();
        assert!(lines.contains(&Some(2)) && lines.contains(&Some(4)), "{problems:?}");
    }

    #[test]
    fn reports_every_unknown_and_missing_field() {
        let text = "titel = \"A\"\nownr = \"B\"\n";
        let problems = parse_all::<Doc>(text, "a.toml", &FIELDS).unwrap_err();
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["unknown field `ownr`", "unknown field `titel`", "missing field `title`", "missing field `owner`"], "{problems:?}");
        assert_eq!(problems[1].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(problems[1].line, Some(1));
    }

    #[test]
    fn a_type_error_is_reported_with_its_place() {
        let problems = parse_all::<Doc>("title = \"A\"\nowner = \"B\"\nweight = \"x\"\n", "a.toml", &FIELDS).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3), "{problems:?}");
    }
}
