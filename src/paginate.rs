//! Listing pages: a section with `paginate = N` lists its pages N at a
//! time, the first N on the section page itself and the rest on
//! `<section>sida/2/`, `sida/3/` … (`page/2/` on an English site), each
//! with previous and next links.

use serde::Serialize;

use crate::language::Language;
use crate::render::NavLink;

/// The URL of listing page `number` (1 is the section itself).
pub fn listing_url(section: &str, number: usize, language: Language) -> String {
    if number <= 1 {
        return section.to_string();
    }
    let word = match language {
        Language::Sv => "sida",
        Language::En => "page",
    };
    format!("{section}{word}/{number}/")
}

/// One link of the page-number list.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PageNumber {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// What a listing page shows and links to.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    /// The pages listed here.
    pub pages: Vec<NavLink>,
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub numbers: Vec<PageNumber>,
}

/// How many listing pages `count` pages make, `per_page` at a time (at
/// least one, even for an empty section).
pub fn page_count(count: usize, per_page: u32) -> usize {
    count.div_ceil(per_page.max(1) as usize).max(1)
}

/// Listing page `number` of `children` (in the section's order).
pub fn paginate(section: &str, children: Vec<NavLink>, per_page: u32, number: usize, language: Language) -> Paginator {
    let per_page = per_page.max(1) as usize;
    let total = page_count(children.len(), per_page as u32);
    let number = number.clamp(1, total);
    let pages = children.into_iter().skip((number - 1) * per_page).take(per_page).collect();
    Paginator {
        pages,
        current: number,
        total,
        previous: (number > 1).then(|| listing_url(section, number - 1, language)),
        next: (number < total).then(|| listing_url(section, number + 1, language)),
        numbers: (1..=total).map(|n| PageNumber { number: n, url: listing_url(section, n, language), current: n == number }).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(n: usize) -> Vec<NavLink> {
        (0..n).map(|i| NavLink { title: format!("Nyhet {i}"), url: format!("/nyheter/{i}/"), ..NavLink::default() }).collect()
    }

    #[test]
    fn twelve_items_ten_per_page_make_two_pages_with_links_both_ways() {
        let first = paginate("/nyheter/", links(12), 10, 1, Language::Sv);
        assert_eq!((first.pages.len(), first.total, first.previous.as_deref(), first.next.as_deref()), (10, 2, None, Some("/nyheter/sida/2/")));
        let second = paginate("/nyheter/", links(12), 10, 2, Language::Sv);
        assert_eq!((second.pages.len(), second.previous.as_deref(), second.next.as_deref()), (2, Some("/nyheter/"), None));
        assert_eq!(second.pages[0].title, "Nyhet 10");
        assert!(second.numbers[1].current && !second.numbers[0].current);
        assert_eq!(listing_url("/news/", 3, Language::En), "/news/page/3/");
        assert_eq!(page_count(0, 10), 1);
    }
}
