//! Splits a Markdown file into TOML front matter and body, and parses the
//! front matter strictly (unknown fields are errors with a hint).

use crate::config::toml_diagnostic;
use crate::diagnostic::Diagnostic;
use crate::model::{FrontMatter, FRONT_MATTER_FIELDS};

/// The parsed front matter and the byte offset of the body.
#[derive(Debug)]
pub struct Split {
    pub front: FrontMatter,
    pub body_offset: usize,
}

/// Parses the `+++`-delimited TOML at the start of `text`.
pub fn parse(text: &str, file: &str) -> Result<Split, Vec<Diagnostic>> {
    let Some(rest) = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")) else {
        return Err(vec![Diagnostic::error(file, "the page does not start with front matter")
            .at(1, 1)
            .help("start the file with a line `+++`, the TOML fields (title, publisher, owner), and another `+++`")]);
    };
    let start = text.len() - rest.len();
    let mut offset = start;
    let mut end = None;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((toml_end, body_offset)) = end else {
        return Err(vec![Diagnostic::error(file, "front matter is not closed").at(1, 1).help("add a line `+++` after the last front matter field")]);
    };
    let toml_text = &text[start..toml_end];
    let front: FrontMatter = toml::from_str(toml_text).map_err(|e| {
        let mut d = toml_diagnostic(&e, toml_text, file, FRONT_MATTER_FIELDS);
        // Positions are relative to the TOML; the file has one `+++` line first.
        d.line = Some(d.line.map_or(1, |l| l + 1));
        d.column = d.column.or(Some(1));
        if d.message.starts_with("missing field") {
            d = d.help("add it to the front matter; every page names its title, publisher (the publisher's id) and owner");
        }
        vec![d]
    })?;
    let mut problems = Vec::new();
    let field_line = |name: &str| {
        toml_text
            .lines()
            .position(|l| l.trim_start().starts_with(name))
            .map_or(1, |i| i + 2)
    };
    for (name, value) in [("title", &front.title), ("publisher", &front.publisher), ("owner", &front.owner)] {
        if value.trim().is_empty() {
            problems.push(Diagnostic::error(file, format!("`{name}` is empty")).at(field_line(name), 1).help(format!("write the page's {name}; it is shown to readers and may not be blank")));
        }
    }
    if let Some(updated) = &front.updated {
        if updated.date.is_none() || updated.time.is_some() {
            problems.push(Diagnostic::error(file, format!("`updated` is {updated}, not a date")).at(field_line("updated"), 1).help("write it as a date: updated = 2026-11-28"));
        }
    }
    if let Some(slug) = &front.slug {
        if !crate::trust::scope::is_canonical_segment(slug) {
            problems.push(Diagnostic::error(file, format!("slug {slug:?} is not a plain URL segment")).at(field_line("slug"), 1).help("use lowercase letters a-z, digits and '-', e.g. slug = \"bygglov\""));
        }
    }
    if problems.is_empty() {
        Ok(Split { front, body_offset })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"Om oss\"\npublisher = \"anna\"\nowner = \"Kommunstyrelsen\"\nupdated = 2026-11-02\n+++\n# Rubrik\n";

    #[test]
    fn splits_front_matter_and_body() {
        let split = parse(PAGE, "content/om.md").unwrap();
        assert_eq!(split.front.title, "Om oss");
        assert_eq!(&PAGE[split.body_offset..], "# Rubrik\n");
    }

    #[test]
    fn typo_in_publisher_is_an_error_with_hint_and_line() {
        let text = PAGE.replace("publisher =", "publsher =");
        let d = &parse(&text, "content/om.md").unwrap_err()[0];
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("publsher"), "{}", d.message);
        assert_eq!(d.help.as_deref(), Some("did you mean `publisher`?"));
    }

    #[test]
    fn invalid_date_and_missing_fields_are_errors() {
        let bad_date = PAGE.replace("2026-11-02", "2026-13-02");
        let d = &parse(&bad_date, "a.md").unwrap_err()[0];
        assert_eq!(d.line, Some(5), "{d}");
        let missing = PAGE.replace("owner = \"Kommunstyrelsen\"\n", "");
        let d = &parse(&missing, "a.md").unwrap_err()[0];
        assert!(d.message.contains("owner"), "{d}");
        assert!(parse("# no front matter", "a.md").is_err());
    }
}
