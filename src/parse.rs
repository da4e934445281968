//! Parse stage: front matter and URLs for every loaded page; drafts set aside.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::frontmatter;
use crate::model::{Page, SourcePage};

/// Pages ready for rendering, and the drafts that were left out.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Each page boxed: the stages after parsing move pages between
    /// vectors, and a vector of boxes stays small while the pages' own
    /// memory moves with them (a vector of every page inline, and a second
    /// one being filled from it, were a build's peak of memory).
    pub pages: Vec<Box<Page>>,
    pub drafts: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files whose front matter does not parse (their newest approved
    /// version may still be published).
    pub unparsed: Vec<SourcePage>,
}

/// The pretty URL of a content path, before any `slug`.
pub fn url_for_path(path: &str, slug: Option<&str>) -> String {
    let rel = path.trim_start_matches("content/").trim_end_matches(".md");
    let (dir, stem) = match rel.rfind('/') {
        Some(i) => (&rel[..=i], &rel[i + 1..]),
        None => ("", rel),
    };
    let mut segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    if stem != "_index" && stem != "index" {
        segments.push(stem);
    }
    if let (Some(slug), Some(last)) = (slug, segments.last_mut()) {
        *last = slug;
    }
    if segments.is_empty() {
        "/".into()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

/// Parses every source page; drafts are set aside.
pub fn parse_pages(sources: Vec<SourcePage>) -> Parsed {
    parse(sources, false)
}

/// Parses every source page, keeping drafts among the pages (the live
/// preview shows them, under a banner); they are listed in `drafts` too.
pub fn parse_pages_keeping_drafts(sources: Vec<SourcePage>) -> Parsed {
    parse(sources, true)
}

fn parse(sources: Vec<SourcePage>, keep_drafts: bool) -> Parsed {
    use rayon::prelude::*;
    /// One source parsed: boxed, so that the list of every page's outcome
    /// is small beside the pages.
    enum Outcome {
        Page(Box<Page>),
        Unparsed(Box<SourcePage>, Vec<crate::diagnostic::Diagnostic>),
    }
    let mut parsed = Parsed::default();
    // Front matter parses page by page in parallel; pages keep their order.
    let outcomes: Vec<Outcome> = sources
        .into_par_iter()
        .map(|source| match frontmatter::parse(source.text(), &source.path) {
            Ok(split) => {
                let url = url_for_path(&source.path, split.front.slug.as_deref());
                let updated = split.front.updated.as_ref().and_then(|d| d.date).map(|d| d.to_string());
                Outcome::Page(Box::new(Page { source, front: split.front, body_offset: split.body_offset, url, updated, schedule: split.schedule }))
            }
            Err(problems) => Outcome::Unparsed(Box::new(source), problems),
        })
        .collect();
    for outcome in outcomes {
        match outcome {
            Outcome::Page(page) => {
                if page.front.draft {
                    parsed.drafts.push(page.source.path.clone());
                    if !keep_drafts {
                        continue;
                    }
                }
                parsed.pages.push(page);
            }
            Outcome::Unparsed(source, mut problems) => {
                parsed.diagnostics.append(&mut problems);
                parsed.unparsed.push(*source);
            }
        }
    }
    parsed
}

/// Resolves a link written in `page_path` to a Markdown file
/// (`kontakt.md`, `../om/kontakt.md#tider`, `content/om/kontakt.md`) into
/// its URL, keeping any `#anchor`. `None` when it is not such a link or
/// the file does not exist.
pub fn resolve_markdown_link(dest: &str, page_path: &str, urls: &BTreeMap<String, String>) -> Option<String> {
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    if !path.ends_with(".md") || path.contains(':') {
        return None;
    }
    let target = if path.starts_with("content/") {
        path.to_string()
    } else if let Some(rooted) = path.strip_prefix('/') {
        rooted.to_string()
    } else {
        let base = page_path.rfind('/').map_or("", |i| &page_path[..i]);
        normalize(&format!("{base}/{path}"))?
    };
    let url = urls.get(&target)?;
    Some(match anchor {
        Some(anchor) => format!("{url}#{anchor}"),
        None => url.clone(),
    })
}

pub use crate::trust::scope::normalize;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_urls() {
        assert_eq!(url_for_path("content/_index.md", None), "/");
        assert_eq!(url_for_path("content/index.md", None), "/");
        assert_eq!(url_for_path("content/om/_index.md", None), "/om/");
        assert_eq!(url_for_path("content/om/it-strategi.md", None), "/om/it-strategi/");
        assert_eq!(url_for_path("content/bygga/bygglov/index.md", None), "/bygga/bygglov/");
        assert_eq!(url_for_path("content/om/it-strategi.md", Some("it")), "/om/it/");
    }

    #[test]
    fn resolves_relative_markdown_links() {
        let mut urls = BTreeMap::new();
        urls.insert("content/om/kontakt.md".to_string(), "/om/kontakt/".to_string());
        let from = "content/om/it-strategi.md";
        assert_eq!(resolve_markdown_link("kontakt.md", from, &urls).as_deref(), Some("/om/kontakt/"));
        assert_eq!(resolve_markdown_link("../om/kontakt.md#tider", from, &urls).as_deref(), Some("/om/kontakt/#tider"));
        assert_eq!(resolve_markdown_link("content/om/kontakt.md", "content/x.md", &urls).as_deref(), Some("/om/kontakt/"));
        assert_eq!(resolve_markdown_link("saknas.md", from, &urls), None);
        assert_eq!(resolve_markdown_link("https://x.se/a.md", from, &urls), None);
    }
}
