//! The addresses the build makes pages at besides the approved pages:
//! notice board archives, the search page, tag pages and listing pages 2
//! and on. Links may point at them, and no page may take them.

use crate::language::Language;
use crate::model::{Page, PageKind};

/// The search page in the site's language.
pub fn search_url(language: Language) -> &'static str {
    match language {
        Language::Sv => "/sok/",
        Language::En => "/search/",
    }
}

/// Every generated address with what it is, for `pages` (published or
/// about to be).
pub fn addresses<'p>(pages: impl Iterator<Item = &'p Page> + Clone, language: Language, search: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if search {
        out.push((search_url(language).to_string(), tr!("build-generated-search")));
    }
    let taxonomy = crate::taxonomy::Taxonomy::of(pages.clone().map(|p| (p.url.as_str(), p.front.tags.as_slice())), language);
    if !taxonomy.is_empty() {
        out.push((crate::taxonomy::tags_url(language).to_string(), tr!("build-generated-tags")));
        out.extend(taxonomy.all().iter().map(|t| (t.url.clone(), tr!("build-generated-tag", tag = t.name.as_str()))));
    }
    // How many pages each section lists, counted once when one paginates.
    let mut children_of: Option<std::collections::HashMap<String, usize>> = None;
    for p in pages.clone() {
        let is_listing = p.source.kind == PageKind::Section || p.url == "/";
        if p.front.notice_board && is_listing {
            out.push((crate::schedule::archive_url(&p.url, language), tr!("build-generated-archive")));
        }
        if let Some(per_page) = p.front.paginate.filter(|_| is_listing) {
            let counts = children_of.get_or_insert_with(|| {
                let mut counts = std::collections::HashMap::new();
                for parent in pages.clone().filter_map(|c| c.parent_url()) {
                    *counts.entry(parent).or_insert(0) += 1;
                }
                counts
            });
            let children = counts.get(p.url.as_str()).copied().unwrap_or(0);
            for number in 2..=crate::paginate::page_count(children, per_page) {
                out.push((crate::paginate::listing_url(&p.url, number, language), tr!("build-generated-listing", number = number, path = p.source.path.as_str())));
            }
        }
    }
    out
}
