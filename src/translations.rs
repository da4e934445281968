//! Translations stage: links each page to its versions in other languages
//! and finds translations whose source was approved again since.
//!
//! A translation names its source in front matter (`translation_of`), and
//! its approval records the exact approved version of the source it
//! follows. When the source gets a newer approval, the translation is out
//! of date from that approval's date until it is approved again.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::approvals::ApprovedPage;
use crate::content_language::LanguageTag;
use crate::language::Language;
use crate::model::Page;
use crate::trust::approval::{ApprovalPayload, CheckedApproval};

/// A page with its approvals, oldest first.
struct Entry<'a> {
    page: &'a Page,
    chain: &'a [CheckedApproval],
}

impl Entry<'_> {
    fn page(&self) -> &Page {
        self.page
    }
    fn chain(&self) -> &[CheckedApproval] {
        self.chain
    }
}

/// One language version of a page, for `hreflang` links and the switcher.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Alternate {
    pub lang: String,
    pub url: String,
    pub title: String,
    /// This is the page being shown.
    pub current: bool,
}

/// A translation whose source has a newer approved version.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Outdated {
    /// The date of the source's first approval after the translated one.
    pub since: String,
    pub source_url: String,
    pub source_path: String,
    pub source_lang: String,
}

/// What a page knows about its languages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageLanguages {
    /// Every version of the page, this one included, sorted by language;
    /// empty for a page without translations.
    pub alternates: Vec<Alternate>,
    pub outdated: Option<Outdated>,
}

/// The languages of every published page, by URL.
#[derive(Debug, Clone, Default)]
pub struct LanguageVersions {
    /// Only the pages with another language version or an outdated
    /// translation: most pages of a site have neither.
    by_url: BTreeMap<String, PageLanguages>,
}

impl LanguageVersions {
    /// Links the published pages: each source with its translations (a
    /// translation whose source is not published stands alone).
    pub fn of(pages: &[ApprovedPage], site_language: Language) -> Self {
        let entries: Vec<Entry<'_>> = pages.iter().map(|p| Entry { page: p.page(), chain: p.chain() }).collect();
        Self::of_entries(&entries, site_language)
    }

    /// The same for pages and their approvals (empty for a page not
    /// approved), as the live preview has them.
    pub fn of_pages<'p>(pages: impl Iterator<Item = (&'p Page, &'p [CheckedApproval])>, site_language: Language) -> Self {
        let entries: Vec<Entry<'_>> = pages.map(|(page, chain)| Entry { page, chain }).collect();
        Self::of_entries(&entries, site_language)
    }

    fn of_entries(pages: &[Entry<'_>], site_language: Language) -> Self {
        // Only translations and their sources have other versions: the
        // other pages (most of a site) are not grouped at all, so a large
        // site holds nothing for them here.
        let named: BTreeSet<&str> = pages.iter().filter_map(|p| p.page().front.translation_of.as_deref()).collect();
        let by_path: BTreeMap<&str, &Entry<'_>> = pages.iter().filter(|p| named.contains(p.page().source.path.as_str())).map(|p| (p.page().source.path.as_str(), p)).collect();
        let mut groups: BTreeMap<&str, Vec<&Entry<'_>>> = BTreeMap::new();
        for page in pages {
            let own = page.page().source.path.as_str();
            let root = match page.page().front.translation_of.as_deref().filter(|s| by_path.contains_key(s)) {
                Some(source) => source,
                None if by_path.contains_key(own) => own,
                // Neither a translation nor a source: a page of its own.
                None => continue,
            };
            groups.entry(root).or_default().push(page);
        }
        let mut by_url = BTreeMap::new();
        for (root, members) in &groups {
            let source = by_path.get(root).copied();
            let mut versions: Vec<(LanguageTag, &Entry<'_>)> = members.iter().map(|p| (p.page().language(site_language), *p)).collect();
            versions.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.page().url.cmp(&b.1.page().url)));
            for (_, page) in &versions {
                let alternates = if versions.len() > 1 {
                    versions
                        .iter()
                        .map(|(lang, other)| Alternate {
                            lang: lang.to_string(),
                            url: other.page().url.clone(),
                            title: other.page().front.title.clone(),
                            current: other.page().url == page.page().url,
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let outdated = match (source, page.page().front.translation_of.is_some()) {
                    (Some(source), true) => page.chain().last().and_then(|head| outdated(&head.payload, source.chain())).map(|(since, _)| Outdated {
                        since,
                        source_url: source.page().url.clone(),
                        source_path: source.page().source.path.clone(),
                        source_lang: source.page().language(site_language).to_string(),
                    }),
                    _ => None,
                };
                // A page with neither is what `get` gives for any URL not held.
                if !alternates.is_empty() || outdated.is_some() {
                    by_url.insert(page.page().url.clone(), PageLanguages { alternates, outdated });
                }
            }
        }
        Self { by_url }
    }

    /// The languages of the page at `url`.
    pub fn get(&self, url: &str) -> PageLanguages {
        self.by_url.get(url).cloned().unwrap_or_default()
    }

    /// Every translation that is out of date, by URL.
    pub fn outdated(&self) -> impl Iterator<Item = (&str, &Outdated)> {
        self.by_url.iter().filter_map(|(url, l)| l.outdated.as_ref().map(|o| (url.as_str(), o)))
    }
}

/// When a translation approved as `translation` fell out of date against
/// the source's approvals `source_chain` (oldest first): the date of the
/// source's first approval after the translated version, with that
/// approval's sequence; `None` while the translation follows the newest.
/// A translation that records no source version is out of date since the
/// source's newest approval.
pub fn outdated(translation: &ApprovalPayload, source_chain: &[CheckedApproval]) -> Option<(String, u64)> {
    let head = source_chain.last()?;
    let recorded = translation.translation_of.as_ref().map(|t| &t.source_sha256);
    if recorded == Some(&head.payload.source_sha256) {
        return None;
    }
    let translated = recorded.and_then(|sha| source_chain.iter().rposition(|c| &c.payload.source_sha256 == sha));
    let first_newer = match translated {
        Some(at) => source_chain.get(at + 1).unwrap_or(head),
        None => head,
    };
    Some((first_newer.payload.approved_at.date(), first_newer.payload.sequence))
}
