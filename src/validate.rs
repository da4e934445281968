//! Validate stage: site-wide checks a communicator needs before publishing —
//! duplicate URLs, broken internal links and anchors, images without alt
//! text, skipped heading levels, empty headings and vague link texts.

use std::collections::{BTreeMap, BTreeSet};

use crate::accessibility::PageFinding;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::markdown::Rendered;
use crate::model::Page;
use crate::parse::resolve_markdown_link;

use crate::accessibility::VAGUE_LINK_TEXTS;

/// What a page's Markdown holds that the checks between pages need (its
/// anchors and where its links and images lead), with what its own checks
/// found. A build holds this for every page until the links between
/// pages are checked: not the texts of its headings and links, which only
/// its own checks read (100 000 pages: about 40 MB instead of 130).
#[derive(Debug, Default)]
pub struct PageFacts {
    /// Problems of the page's own text: headings, link and alt texts,
    /// components; located.
    problems: Vec<Diagnostic>,
    /// Its accessibility faults, for the statement.
    pub findings: Vec<PageFinding>,
    /// Its heading ids: the anchors other pages link to.
    anchors: Box<[Box<str>]>,
    /// Its links and images, in order.
    destinations: Box<[Destination]>,
}

/// A link's or an image's destination, as written.
#[derive(Debug)]
struct Destination {
    dest: Box<str>,
    /// Where it is in the body.
    offset: usize,
    image: bool,
}

impl PageFacts {
    /// Checks the Markdown of the page at `path` on its own — headings,
    /// link and alt texts, the `components` it calls — where `rendered`
    /// is what the body of `text` (the whole file, its body at
    /// `body_offset`) holds, and keeps what the checks between pages need.
    pub fn of(path: &str, text: &str, body_offset: usize, rendered: &Rendered, components: &BTreeSet<String>) -> Self {
        let lines = std::cell::OnceCell::new();
        let mut problems = Vec::new();
        let mut at = |span_start: usize, message: String, help: &str| {
            let (line, column) = lines.get_or_init(|| LineIndex::new(text)).position(body_offset + span_start);
            problems.push(Diagnostic::error(path, message).at(line, column).help(help));
        };
        let mut previous_level = 1u8;
        for h in &rendered.headings {
            if h.heading.text.is_empty() {
                at(h.span.start, tr!("validate-empty-heading"), &tr!("validate-empty-heading-help"));
            }
            if h.heading.level == 1 {
                at(h.span.start, tr!("validate-level-1-heading"), &tr!("validate-level-1-heading-help"));
            } else if h.heading.level > previous_level + 1 {
                at(
                    h.span.start,
                    tr!("validate-heading-level-skips-from-h", previous_level = previous_level, level = h.heading.level),
                    &tr!("validate-use-here-so-screen-reader", usize = "#".repeat(previous_level as usize + 1)),
                );
            }
            previous_level = h.heading.level;
        }
        for link in &rendered.links {
            let text = link.text.to_lowercase();
            let text = text.trim_end_matches(['.', '!', ':']);
            if link.text.is_empty() {
                at(link.span.start, tr!("validate-link-without-text"), &tr!("validate-link-without-text-help"));
            } else if VAGUE_LINK_TEXTS.contains(&text) {
                at(link.span.start, tr!("validate-link-text-does-not-say", text = link.text), &tr!("validate-name-destination"));
            }
        }
        for (span, problem) in &rendered.component_problems {
            at(span.start, problem.clone(), &tr!("components-help"));
        }
        for call in &rendered.body.components {
            if let Some(problem) = crate::components::check_call(call, components) {
                at(call.span.start, problem, &tr!("components-help"));
            }
        }
        for image in rendered.images.iter().filter(|i| i.alt.is_empty()) {
            at(image.span.start, tr!("validate-image-has-no-alt-text", dest = image.dest), &tr!("validate-describe-image"));
        }
        let links = rendered.links.iter().map(|l| Destination { dest: l.dest.as_str().into(), offset: l.span.start, image: false });
        let images = rendered.images.iter().map(|i| Destination { dest: i.dest.as_str().into(), offset: i.span.start, image: true });
        Self {
            problems,
            findings: crate::accessibility::page_findings(rendered),
            anchors: rendered.headings.iter().map(|h| h.heading.id.as_str().into()).collect(),
            destinations: links.chain(images).collect(),
        }
    }

    /// Facts whose own checks found nothing: the heading ids, and each
    /// link's or image's destination, its offset in the body and whether
    /// it is an image (as [`crate::facts_record`] kept them).
    pub(crate) fn clean(anchors: Vec<Box<str>>, destinations: Vec<(Box<str>, usize, bool)>) -> Self {
        let destinations = destinations.into_iter().map(|(dest, offset, image)| Destination { dest, offset, image }).collect();
        Self { problems: Vec::new(), findings: Vec::new(), anchors: anchors.into(), destinations }
    }

    /// Whether the page's own checks found nothing.
    pub(crate) fn is_clean(&self) -> bool {
        self.problems.is_empty() && self.findings.is_empty()
    }

    /// Its heading ids, in order.
    pub(crate) fn anchors(&self) -> impl Iterator<Item = &str> {
        self.anchors.iter().map(|a| &**a)
    }

    /// Its links' and images' destinations, offsets in the body, and
    /// whether each is an image, in order.
    pub(crate) fn destinations(&self) -> impl Iterator<Item = (&str, usize, bool)> {
        self.destinations.iter().map(|d| (&*d.dest, d.offset, d.image))
    }

    /// Whether the page has a heading with id `anchor`.
    fn has_anchor(&self, anchor: &str) -> bool {
        self.anchors.iter().any(|id| **id == *anchor)
    }
}

/// What the validator knows about the whole site.
pub struct SiteIndex<'a> {
    /// Content path → URL, for Markdown links.
    pub urls_by_path: &'a BTreeMap<String, String>,
    /// URL → what that page's Markdown holds (its headings are its
    /// anchors); borrowed, as the index of a large site would otherwise
    /// copy or list every heading id while every page's facts are held.
    pub facts_by_url: BTreeMap<&'a str, &'a PageFacts>,
    /// Other URLs that exist: bundle assets and theme static files.
    pub files: BTreeSet<String>,
}

/// The components pages may use when there is no theme to take them from
/// (a theme's are its `templates/components/`).
pub fn built_in_components() -> BTreeSet<String> {
    crate::components::BUILT_IN.iter().map(|(name, _)| name.to_string()).collect()
}

impl<'a> SiteIndex<'a> {
    /// The index of a site whose pages are `pages`, whose theme publishes
    /// `static_urls`: the one index `build`, `check` and the preview use.
    pub fn of(urls_by_path: &'a BTreeMap<String, String>, pages: &[(&'a Page, &'a PageFacts)], static_urls: impl IntoIterator<Item = String>, language: crate::language::Language, search: bool) -> Self {
        let mut files: BTreeSet<String> = static_urls.into_iter().collect();
        // Pages the build makes (tags, search, listing pages, archives).
        files.extend(crate::generated::addresses(pages.iter().map(|(p, _)| *p), language, search).into_iter().map(|(url, _)| url));
        for (page, _) in pages {
            files.extend(page.source.assets.iter().map(|a| a.url.clone()));
        }
        files.extend(["/atom.xml", "/robots.txt", "/404.html"].map(String::from));
        files.extend(crate::feeds::sitemap_files(pages.len()));
        SiteIndex {
            urls_by_path,
            facts_by_url: pages.iter().map(|(p, r)| (p.url.as_str(), *r)).collect(),
            files,
        }
    }
}

/// Checks every page; returns every problem found.
pub fn validate(pages: &[(&Page, &PageFacts)], index: &SiteIndex<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (page, _) in pages {
        for url in std::iter::once(&page.url).chain(page.front.aliases.iter()) {
            if let Some(first) = seen.insert(url, &page.source.path) {
                diagnostics.push(
                    Diagnostic::error(&page.source.path, tr!("validate-url-also-used-by", url = url, first = first))
                        .help(tr!("validate-change-file-name-slug-aliases")),
                );
            }
        }
        for alias in &page.front.aliases {
            if !alias.starts_with('/') || !alias.ends_with('/') || crate::parse::normalize(alias).map(|n| format!("/{n}/").replace("//", "/")) != Some(alias.clone()) {
                diagnostics.push(Diagnostic::error(&page.source.path, tr!("validate-alias-not-site-path-like", alias = format!("{:?}", alias))).help(tr!("validate-write-aliases-as-absolute-paths")));
            }
        }
    }
    for (page, rendered) in pages {
        validate_page(page, rendered, index, &mut diagnostics);
    }
    diagnostics.extend(validate_translations(pages));
    diagnostics
}

/// A translation names a page that exists and is no translation itself,
/// in another language than its own; one source has one translation per
/// language; only a section's `_index.md` can be a notice board.
fn validate_translations(pages: &[(&Page, &PageFacts)]) -> Vec<Diagnostic> {
    let by_path: BTreeMap<&str, &Page> = pages.iter().map(|(p, _)| (p.source.path.as_str(), *p)).collect();
    let mut languages: BTreeMap<(&str, Option<&str>), &str> = BTreeMap::new();
    let mut out = Vec::new();
    let dated_sections: BTreeSet<&str> = pages.iter().filter(|(p, _)| p.front.sort_by == Some(crate::model::SortBy::Date)).map(|(p, _)| p.url.as_str()).collect();
    for (page, _) in pages {
        let line_of = |name: &str| page.source.text().lines().position(|l| l.trim_start().starts_with(name)).map_or(1, |i| i + 1);
        if page.front.date.is_none() && page.parent_url().is_some_and(|parent| dated_sections.contains(parent.as_str())) {
            out.push(Diagnostic::error(&page.source.path, tr!("validate-dated-section-needs-date")).at(1, 1).help(tr!("validate-dated-section-needs-date-help")));
        }
        if page.front.notice_board && page.source.kind != crate::model::PageKind::Section {
            out.push(Diagnostic::error(&page.source.path, tr!("validate-notice-board-not-section")).at(line_of("notice_board"), 1).help(tr!("validate-notice-board-help")));
        }
        let Some(source_path) = page.front.translation_of.as_deref() else { continue };
        let error = |message: String| Diagnostic::error(&page.source.path, message).at(line_of("translation_of"), 1);
        let Some(source) = by_path.get(source_path) else {
            out.push(error(tr!("validate-translation-source-missing", source = source_path)).help(tr!("frontmatter-translation-of-help")));
            continue;
        };
        if source.front.translation_of.is_some() {
            out.push(error(tr!("validate-translation-of-translation", source = source_path)).help(tr!("validate-translation-of-translation-help")));
            continue;
        }
        let (own, theirs) = (page.front.lang.as_ref().map(|l| l.as_str()), source.front.lang.as_ref().map(|l| l.as_str()));
        if own == theirs {
            out.push(error(tr!("validate-translation-same-language", source = source_path)).help(tr!("validate-translation-same-language-help")));
            continue;
        }
        if let Some(first) = languages.insert((source_path, own), &page.source.path) {
            out.push(error(tr!("validate-translation-duplicate", source = source_path, first = first)).help(tr!("validate-translation-same-language-help")));
        }
    }
    out
}

fn validate_page(page: &Page, facts: &PageFacts, index: &SiteIndex<'_>, out: &mut Vec<Diagnostic>) {
    out.extend(facts.problems.iter().cloned());
    let file = &page.source.path;
    // Located in the whole text, once a problem is found: the page's own
    // when it holds it (the preview), else read again (a build keeps only
    // the front matter), checked against the digest it was loaded with.
    let read_again = std::cell::OnceCell::new();
    let lines = std::cell::OnceCell::new();
    let at = |span_start: usize, message: String, help: &str| {
        let lines = lines.get_or_init(|| {
            let whole = page.source.text().len() as u64 == page.source.digest.len;
            let again: &Option<String> = read_again.get_or_init(|| (!whole).then(|| crate::load::read_again(&page.source).ok()).flatten());
            LineIndex::new(again.as_deref().unwrap_or(page.source.text()))
        });
        let (line, column) = lines.position(page.body_offset + span_start);
        Diagnostic::error(file, message).at(line, column).help(help)
    };
    for destination in facts.destinations.iter() {
        if let Some(problem) = check_destination(&destination.dest, page, index) {
            let help = if destination.image { tr!("validate-image-in-bundle") } else { tr!("validate-fix-address") };
            out.push(at(destination.offset, problem, &help));
        }
    }
}

/// Returns why an internal destination does not exist, or `None`.
fn check_destination(dest: &str, page: &Page, index: &SiteIndex<'_>) -> Option<String> {
    let lower = dest.to_ascii_lowercase();
    if lower.starts_with("javascript:") || lower.starts_with("data:") || lower.starts_with("vbscript:") {
        return Some(tr!("validate-link-not-allowed", dest = dest));
    }
    if dest.contains("://") || lower.starts_with("mailto:") || lower.starts_with("tel:") || dest.starts_with("//") {
        return None;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return check_anchor(&page.url, anchor, index, dest);
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    if path.ends_with(".md") {
        return match resolve_markdown_link(dest, &page.source.path, index.urls_by_path) {
            Some(url) => anchor.and_then(|a| check_anchor(url.split('#').next().unwrap_or(""), a, index, dest)),
            None => Some(tr!("validate-link-which-not-page-this", path = path)),
        };
    }
    let absolute = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}{}", page.url, path)
    };
    let absolute = match crate::parse::normalize(&absolute) {
        Some(n) if absolute.ends_with('/') && !n.is_empty() => format!("/{n}/"),
        Some(n) if !n.is_empty() => format!("/{n}"),
        Some(_) => "/".into(),
        None => return Some(tr!("validate-link-leaves-site", dest = dest)),
    };
    if index.facts_by_url.contains_key(absolute.as_str()) {
        return anchor.and_then(|a| check_anchor(&absolute, a, index, dest));
    }
    if index.facts_by_url.contains_key(format!("{absolute}/").as_str()) {
        return Some(tr!("validate-link-lacks-final-page", absolute = absolute));
    }
    if index.files.contains(&absolute) {
        return None;
    }
    Some(tr!("validate-link-which-does-not-exist", dest = dest))
}

fn check_anchor(url: &str, anchor: &str, index: &SiteIndex<'_>, dest: &str) -> Option<String> {
    let facts = index.facts_by_url.get(url)?;
    if anchor.starts_with("fn-") || anchor.is_empty() || facts.has_anchor(anchor) {
        None
    } else {
        Some(tr!("validate-link-page-has-no-heading", dest = dest, anchor = anchor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown;
    use crate::model::{PageKind, SourcePage};
    use crate::parse::parse_pages;

    fn source(path: &str, body: &str, extra: &str) -> SourcePage {
        let text = format!("+++\ntitle = \"T\"\npublisher = \"anna\"\nowner = \"O\"\n{extra}+++\n\n{body}\n");
        SourcePage { path: path.into(), root: std::sync::Arc::from(std::path::Path::new("")), digest: crate::trust::approval::SourceDigest::of(text.as_bytes()), text, kind: PageKind::Page, assets: Vec::new() }
    }

    /// Parses, renders and validates `pages`; returns each problem as
    /// `file:line: message`.
    fn problems(pages: Vec<SourcePage>, files: &[&str]) -> Vec<String> {
        let parsed = parse_pages(pages);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let urls: BTreeMap<String, String> = parsed.pages.iter().map(|p| (p.source.path.clone(), p.url.clone())).collect();
        let rendered: Vec<(Page, Rendered)> = parsed
            .pages
            .into_iter()
            .map(|page| {
                let resolver = |dest: &str| resolve_markdown_link(dest, &page.source.path, &urls);
                let r = markdown::render(page.body(), crate::config::RawHtml::Escape, &resolver, &BTreeSet::new());
                (*page, r)
            })
            .collect();
        let facts: Vec<(&Page, PageFacts)> = rendered.iter().map(|(p, r)| (p, PageFacts::of(&p.source.path, p.source.text(), p.body_offset, r, &built_in_components()))).collect();
        let index = SiteIndex { urls_by_path: &urls, facts_by_url: facts.iter().map(|(p, f)| (p.url.as_str(), f)).collect(), files: files.iter().map(|f| f.to_string()).collect() };
        let pairs: Vec<(&Page, &PageFacts)> = facts.iter().map(|(p, f)| (*p, f)).collect();
        validate(&pairs, &index).iter().map(|d| format!("{}:{}: {}", d.file, d.line.unwrap_or(0), d.message)).collect()
    }

    #[test]
    fn a_clean_page_has_no_problems() {
        let found = problems(vec![source("content/a.md", "## Rubrik\n\nSe [kontaktsidan](b.md) och [avsnittet](/b/#rubrik-2).", ""), source("content/b.md", "## Rubrik 2\n\nText.", "")], &[]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let body = "# Två h1\n\n## A\n\n#### Hopp\n\n[klicka här](/b/)\n\n![](bild.png)\n\n[saknas](/finns-inte/)\n\n[utan snedstreck](/b)\n\n[ankare](/b/#nej)\n\n##\n";
        let found = problems(vec![source("content/a.md", body, ""), source("content/b.md", "Text.", "")], &["/bild.png"]);
        let expect = [
            "content/a.md:7: a level-1 heading in the text",
            "content/a.md:11: heading level skips from h2 to h4",
            "content/a.md:13: link text \"klicka här\" does not say where it leads",
            "content/a.md:15: image bild.png has no alt text",
            "content/a.md:15: link to bild.png, which does not exist on this site",
            "content/a.md:17: link to /finns-inte/, which does not exist on this site",
            "content/a.md:19: link to /b lacks the final / (the page is /b/)",
            "content/a.md:21: link to /b/#nej: the page has no heading with id \"nej\"",
            "content/a.md:23: empty heading",
        ];
        for e in expect {
            assert!(found.iter().any(|f| f.starts_with(e)), "missing {e:?} in {found:?}");
        }
        assert_eq!(found.len(), expect.len(), "{found:?}");
    }

    #[test]
    fn two_pages_at_one_address_are_refused() {
        let found = problems(vec![source("content/a.md", "Text.", "slug = \"b\"\n"), source("content/b.md", "Text.", "")], &[]);
        assert!(found.iter().any(|f| f.contains("URL /b/ is also used by")), "{found:?}");
        let found = problems(vec![source("content/a.md", "Text.", "aliases = [\"gammal\"]\n")], &[]);
        assert!(found.iter().any(|f| f.contains("alias \"gammal\" is not a site path like /gammal/adress/")), "{found:?}");
    }

    #[test]
    fn a_page_is_checked_on_its_own_once_and_keeps_only_its_anchors_and_destinations() {
        let text = "+++\ntitle = \"T\"\n+++\n\n## Rubrik ett\n\n[klicka här](/b/)\n\n![](bild.png)\n";
        let offset = crate::frontmatter::body_offset(text).expect("front matter");
        let rendered = markdown::facts(&text[offset..], crate::config::RawHtml::Escape, &markdown::NoLinks, &BTreeSet::new());
        let facts = PageFacts::of("content/a.md", text, offset, &rendered, &built_in_components());
        let problems: Vec<(String, Option<usize>)> = facts.problems.iter().map(|d| (d.file.clone(), d.line)).collect();
        assert_eq!(problems, [("content/a.md".to_string(), Some(7)), ("content/a.md".to_string(), Some(9))], "{:?}", facts.problems);
        assert_eq!(facts.findings.len(), 2, "the vague link text and the missing alt text: {:?}", facts.findings);
        assert_eq!(facts.anchors.iter().map(|a| &**a).collect::<Vec<_>>(), ["rubrik-ett"]);
        assert!(facts.has_anchor("rubrik-ett") && !facts.has_anchor("rubrik"));
        let destinations: Vec<(&str, usize, bool)> = facts.destinations.iter().map(|d| (&*d.dest, d.offset, d.image)).collect();
        let at = |s: &str| text[offset..].find(s).expect("in the body");
        assert_eq!(destinations, [("/b/", at("[klicka"), false), ("bild.png", at("![]"), true)]);
    }
}
