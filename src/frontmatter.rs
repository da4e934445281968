//! Splits a Markdown file into TOML front matter and body, and parses the
//! front matter strictly (unknown fields are errors with a hint).

use crate::diagnostic::Diagnostic;
use crate::toml_errors::{parse_all, Fields};
use crate::model::{FrontMatter, FRONT_MATTER_FIELDS};
use crate::trust::approval::Schedule;
use crate::trust::Timestamp;

/// The parsed front matter and the byte offset of the body.
#[derive(Debug)]
pub struct Split {
    pub front: FrontMatter,
    pub body_offset: usize,
    /// `publish_at` and `unpublish_at` as instants.
    pub schedule: Schedule,
}

/// Parses the `+++`-delimited TOML at the start of `text` (after a UTF-8
/// byte order mark, if an editor wrote one).
pub fn parse(text: &str, file: &str) -> Result<Split, Vec<Diagnostic>> {
    let Some(start) = toml_start(text) else {
        let after_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
        if after_bom.starts_with("---\n") || after_bom.starts_with("---\r\n") {
            return Err(vec![yaml_front_matter(after_bom, file)]);
        }
        return Err(vec![Diagnostic::error(file, tr!("frontmatter-page-does-not-start-with"))
            .at(1, 1)
            .help(tr!("frontmatter-start-file-with-line-toml"))]);
    };
    let Some((toml_end, body_offset)) = closing_line(text, start) else {
        return Err(vec![Diagnostic::error(file, tr!("frontmatter-front-matter-not-closed")).at(1, 1).help(tr!("frontmatter-add-line-after-last-front"))]);
    };
    let toml_text = &text[start..toml_end];
    let fields = Fields { known: FRONT_MATTER_FIELDS, required: &["title", "publisher", "owner"] };
    let front: FrontMatter = parse_all(toml_text, file, &fields).map_err(|problems| {
        problems
            .into_iter()
            .map(|mut d| {
                // Positions are relative to the TOML; the file has one `+++` line first.
                d.line = Some(d.line.map_or(1, |l| l + 1));
                d.column = d.column.or(Some(1));
                if d.message.starts_with("missing field") {
                    d = d.help(tr!("frontmatter-add-it-front-matter-every"));
                }
                d
            })
            .collect::<Vec<_>>()
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
            problems.push(Diagnostic::error(file, tr!("frontmatter-empty", name = name)).at(field_line(name), 1).help(tr!("frontmatter-write-page-it-shown-readers", name = name)));
        }
    }
    if let Some(updated) = &front.updated {
        if updated.date.is_none() || updated.time.is_some() {
            problems.push(Diagnostic::error(file, tr!("frontmatter-updated-not-date", updated = updated)).at(field_line("updated"), 1).help(tr!("frontmatter-write-it-as-date-updated")));
        }
    }
    if let Some(date) = &front.date {
        if date.date.is_none() || date.time.is_some() {
            problems.push(Diagnostic::error(file, tr!("frontmatter-date-not-date", date = date)).at(field_line("date"), 1).help(tr!("frontmatter-write-it-as-date-updated")));
        }
    }
    if let Some(n) = front.paginate {
        if n == 0 || n > crate::model::MAX_PAGINATE {
            problems.push(Diagnostic::error(file, tr!("frontmatter-paginate-range", n = n, max = crate::model::MAX_PAGINATE)).at(field_line("paginate"), 1));
        }
    }
    for tag in &front.tags {
        if tag.trim().is_empty() || tag.chars().count() > 60 || crate::taxonomy::slug(tag).is_empty() {
            problems.push(Diagnostic::error(file, tr!("frontmatter-tag-invalid", tag = format!("{:?}", tag))).at(field_line("tags"), 1).help(tr!("frontmatter-tag-help")));
        }
    }
    if let Some(slug) = &front.slug {
        if !crate::trust::scope::is_canonical_segment(slug) {
            problems.push(Diagnostic::error(file, tr!("frontmatter-slug-not-plain-url-segment", slug = format!("{:?}", slug))).at(field_line("slug"), 1).help(tr!("frontmatter-use-lowercase-letters-z-digits")));
        }
    }
    let mut schedule = Schedule::default();
    for (name, value, slot) in [("publish_at", &front.publish_at, &mut schedule.publish_at), ("unpublish_at", &front.unpublish_at, &mut schedule.unpublish_at)] {
        let Some(value) = value else { continue };
        match instant(value) {
            Some(at) => *slot = Some(at),
            None => problems.push(
                Diagnostic::error(file, tr!("frontmatter-time-needs-offset", name = name, value = value.to_string()))
                    .at(field_line(name), 1)
                    .help(tr!("frontmatter-write-time-with-offset", name = name)),
            ),
        }
    }
    if let (Some(from), Some(to)) = (schedule.publish_at, schedule.unpublish_at) {
        if to <= from {
            problems.push(Diagnostic::error(file, tr!("frontmatter-unpublish-before-publish", from = from.to_string(), to = to.to_string())).at(field_line("unpublish_at"), 1).help(tr!("frontmatter-unpublish-after-publish")));
        }
    }
    if let Some(source) = &front.translation_of {
        if !source.starts_with("content/") || !source.ends_with(".md") || crate::trust::scope::normalize(source).as_deref() != Some(source.as_str()) {
            problems.push(Diagnostic::error(file, tr!("frontmatter-translation-of-not-a-page", source = format!("{:?}", source))).at(field_line("translation_of"), 1).help(tr!("frontmatter-translation-of-help")));
        } else if source == file {
            problems.push(Diagnostic::error(file, tr!("frontmatter-translation-of-itself")).at(field_line("translation_of"), 1).help(tr!("frontmatter-translation-of-help")));
        }
    }
    if problems.is_empty() {
        Ok(Split { front, body_offset, schedule })
    } else {
        Err(problems)
    }
}

/// Where the body starts (after the closing `+++` line), when the text
/// opens with front matter that is closed: what a build keeps of a page
/// until it looks at the Markdown (see [`crate::load::Texts`]).
pub fn body_offset(text: &str) -> Option<usize> {
    closing_line(text, toml_start(text)?).map(|(_, body)| body)
}

/// Where the TOML starts: after the opening `+++` line (and a UTF-8 byte
/// order mark, if an editor wrote one).
fn toml_start(text: &str) -> Option<usize> {
    let after_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = after_bom.strip_prefix("+++\n").or_else(|| after_bom.strip_prefix("+++\r\n"))?;
    Some(text.len() - rest.len())
}

/// The closing `+++` line at or after `start`: where the TOML ends and
/// where the body starts.
fn closing_line(text: &str, start: usize) -> Option<(usize, usize)> {
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// A TOML date (midnight UTC at its start) or a date and time with an
/// offset, as a UTC instant; a local time without an offset is ambiguous
/// and is refused.
fn instant(value: &toml::value::Datetime) -> Option<Timestamp> {
    match (value.date, value.time, value.offset) {
        (Some(_), None, None) => Timestamp::parse_date_or_time(&value.to_string()),
        (Some(_), Some(_), Some(_)) => {
            let parsed = time::OffsetDateTime::parse(&value.to_string(), &time::format_description::well_known::Rfc3339).ok()?;
            Timestamp::from_unix(parsed.unix_timestamp())
        }
        _ => None,
    }
}

/// YAML front matter (`---`) is what Hugo and Jekyll use: say so, and show
/// the same fields as TOML between `+++` lines.
fn yaml_front_matter(text: &str, file: &str) -> Diagnostic {
    let mut converted = vec!["+++".to_string()];
    for line in text.lines().skip(1).take_while(|l| l.trim_end() != "---") {
        let Some((key, value)) = line.split_once(':') else { continue };
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() || key.starts_with('#') || key.starts_with('-') {
            continue;
        }
        let plain = value.trim_matches(|c| c == '"' || c == '\'');
        let is_literal = value == "true"
            || value == "false"
            || value.parse::<i64>().is_ok()
            || (value.len() == 10 && value.as_bytes().get(4) == Some(&b'-') && value.as_bytes().get(7) == Some(&b'-'))
            || (value.starts_with('[') && value.ends_with(']'));
        let toml_value = if is_literal { value.to_string() } else { format!("{:?}", plain) };
        converted.push(format!("{key} = {toml_value}"));
    }
    converted.push("+++".into());
    Diagnostic::error(file, tr!("frontmatter-front-matter-yaml-between-lines"))
        .at(1, 1)
        .help(tr!("frontmatter-write-it-like-this", n = converted.join("\n")))
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
    fn the_body_starts_where_the_parser_says_or_nowhere_when_front_matter_is_not_closed() {
        let bom = format!("\u{feff}{PAGE}");
        let crlf = PAGE.replace('\n', "\r\n");
        let at_end = PAGE.trim_end_matches("# Rubrik\n").trim_end_matches('\n').to_string();
        for text in [PAGE, bom.as_str(), crlf.as_str(), at_end.as_str()] {
            let split = parse(text, "content/om.md").unwrap();
            assert_eq!(body_offset(text), Some(split.body_offset), "{text:?}");
            // Cut there, the text parses to the same front matter.
            assert_eq!(parse(&text[..split.body_offset], "content/om.md").unwrap().front.title, "Om oss");
        }
        for text in ["", "# Rubrik\n", "+++\ntitle = \"x\"\n", "---\ntitle: x\n---\n", "+++ \ntitle = \"x\"\n+++\n"] {
            assert_eq!(body_offset(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let text = format!("\u{feff}{PAGE}");
        let split = parse(&text, "content/om.md").unwrap();
        assert_eq!(&text[split.body_offset..], "# Rubrik\n");
    }

    #[test]
    fn yaml_front_matter_gets_the_toml_form() {
        let text = "---\ntitle: Om oss\npublisher: anna\nowner: \"Kommunstyrelsen\"\nupdated: 2026-11-02\nweight: 2\n---\nText\n";
        let d = &parse(text, "content/om.md").unwrap_err()[0];
        assert!(d.message.contains("Sigill uses TOML between +++ lines"), "{d}");
        let help = d.help.as_deref().unwrap();
        assert!(help.contains("+++\ntitle = \"Om oss\"\npublisher = \"anna\"\nowner = \"Kommunstyrelsen\"\nupdated = 2026-11-02\nweight = 2\n+++"), "{help}");
    }

    #[test]
    fn every_problem_of_the_front_matter_is_reported() {
        let text = PAGE.replace("publisher =", "publsher =").replace("owner =", "ownr =");
        let problems = parse(&text, "content/om.md").unwrap_err();
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.contains(&"unknown field `publsher`") && messages.contains(&"unknown field `ownr`"), "{messages:?}");
        assert!(messages.contains(&"missing field `publisher`") && messages.contains(&"missing field `owner`"), "{messages:?}");
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
