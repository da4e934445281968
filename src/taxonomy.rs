//! Tags stage: the subjects pages are listed under. Each tag gets a page
//! (`/taggar/<slug>/`, `/tags/<slug>/` on an English site) listing its
//! published pages, and an index of every tag; both are built from approved
//! pages only and covered by the release like every other file.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::language::Language;

/// The readable URL segment of a tag: lowercase ASCII, `å`, `ä` → `a`,
/// `ö` → `o`, Sami and other Latin letters to their base letter, spaces
/// and punctuation to `-`; other scripts are left out.
pub fn slug(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    for c in tag.to_lowercase().chars() {
        let mapped: &str = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                continue;
            }
            'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' | 'ā' => "a",
            'ö' | 'ó' | 'ò' | 'ô' | 'õ' | 'ø' | 'ō' => "o",
            'é' | 'è' | 'ê' | 'ë' | 'ē' => "e",
            'í' | 'ì' | 'î' | 'ï' | 'ī' => "i",
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => "u",
            'ý' | 'ÿ' => "y",
            'ç' | 'č' | 'ć' => "c",
            'đ' | 'ð' => "d",
            'ŋ' | 'ñ' | 'ń' => "n",
            'š' | 'ś' => "s",
            'ŧ' => "t",
            'ž' | 'ź' | 'ż' => "z",
            'ł' => "l",
            'æ' => "ae",
            'ß' => "ss",
            ' ' | '-' | '_' | '.' | '/' | ',' | ':' | ';' | '\'' | '&' | '+' => "-",
            _ => "",
        };
        out.push_str(mapped);
    }
    let mut clean = String::with_capacity(out.len());
    for part in out.split('-').filter(|p| !p.is_empty()) {
        if !clean.is_empty() {
            clean.push('-');
        }
        clean.push_str(part);
    }
    clean
}

/// The folder of tag pages in the site's language.
pub fn tags_url(language: Language) -> &'static str {
    match language {
        Language::Sv => "/taggar/",
        Language::En => "/tags/",
    }
}

/// One tag with its pages.
#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    /// As written (the first spelling, in sort order, of those with this slug).
    pub name: String,
    pub slug: String,
    pub url: String,
    /// URLs of the pages listed under it.
    pub pages: Vec<String>,
}

/// Every tag of the published pages, by slug.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    tags: BTreeMap<String, Tag>,
}

impl Taxonomy {
    /// The tags of `pages` (URL and tags of each).
    pub fn of<'p>(pages: impl Iterator<Item = (&'p str, &'p [String])>, language: Language) -> Self {
        let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
        let mut spellings: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (url, names) in pages {
            for name in names {
                let slug = slug(name);
                if slug.is_empty() {
                    continue;
                }
                spellings.entry(slug.clone()).or_default().push(name.trim().to_string());
                let tag = tags.entry(slug.clone()).or_insert_with(|| Tag { name: String::new(), url: format!("{}{slug}/", tags_url(language)), slug, pages: Vec::new() });
                if !tag.pages.iter().any(|p| p == url) {
                    tag.pages.push(url.to_string());
                }
            }
        }
        for (slug, mut names) in spellings {
            names.sort();
            if let Some(tag) = tags.get_mut(&slug) {
                tag.name = names.swap_remove(0);
                tag.pages.sort();
            }
        }
        Self { tags }
    }

    /// Every tag, sorted by name as people read it.
    pub fn all(&self) -> Vec<&Tag> {
        let mut all: Vec<&Tag> = self.tags.values().collect();
        all.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.slug.cmp(&b.slug)));
        all
    }

    /// The tag with this slug.
    pub fn get(&self, slug: &str) -> Option<&Tag> {
        self.tags.get(slug)
    }

    /// True when no page has a tag.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_slug_readably() {
        assert_eq!(slug("Miljö och hälsa"), "miljo-och-halsa");
        assert_eq!(slug("Förskola"), "forskola");
        assert_eq!(slug("  Bygg & Bo! "), "bygg-bo");
        assert_eq!(slug("Sámi giella"), "sami-giella");
        assert_eq!(slug("ייִדיש"), "");
    }

    #[test]
    fn spellings_of_one_tag_meet_on_one_page() {
        let a = vec!["Miljö".to_string()];
        let b = vec!["miljö".to_string(), "Avfall".to_string()];
        let taxonomy = Taxonomy::of([("/a/", a.as_slice()), ("/b/", b.as_slice())].into_iter(), Language::Sv);
        let names: Vec<&str> = taxonomy.all().iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Avfall", "Miljö"]);
        assert_eq!(taxonomy.get("miljo").unwrap().pages, ["/a/", "/b/"]);
        assert_eq!(taxonomy.get("miljo").unwrap().url, "/taggar/miljo/");
    }
}
