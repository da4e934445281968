//! A theme's interface strings: one TOML file per language under the
//! theme's `i18n/` folder (`sv.toml`, `fi.toml`, `sv-x-lattlast.toml`),
//! approved with the rest of the theme.
//!
//! A file may hold only the strings that differ from its primary language
//! (easy-to-read Swedish falls back to Swedish); whatever a page's language
//! still lacks after that is an error that lists the missing strings.

use std::collections::{BTreeMap, BTreeSet};

use crate::content_language::LanguageTag;
use crate::diagnostic::Diagnostic;
use crate::inputs::ThemeFiles;

/// Largest strings file.
const MAX_STRINGS_BYTES: usize = 256 * 1024;

/// Strings by key (`skip_to_content` → "Hoppa till innehållet").
pub type Strings = BTreeMap<String, String>;

/// Every language of a theme, each with its primary language's strings
/// filled in where its own file has none.
#[derive(Debug, Clone, Default)]
pub struct ThemeStrings {
    /// `themes/default/i18n/`, for messages.
    dir: String,
    resolved: BTreeMap<String, Strings>,
}

impl ThemeStrings {
    /// Reads `i18n/<tag>.toml` from the theme's files: each named by a
    /// canonical language tag and holding only `key = "text"` lines.
    pub fn from_files(files: &ThemeFiles) -> Result<Self, Vec<Diagnostic>> {
        let dir = format!("{}i18n/", files.dir());
        let mut own: BTreeMap<String, Strings> = BTreeMap::new();
        let mut problems = Vec::new();
        for file in files.files() {
            let Some(name) = file.path.strip_prefix(dir.as_str()) else { continue };
            let Some(tag) = name.strip_suffix(".toml") else {
                problems.push(Diagnostic::error(&file.path, tr!("i18n-not-a-strings-file")).help(tr!("i18n-strings-file-help")));
                continue;
            };
            if let Err(e) = LanguageTag::parse(tag) {
                problems.push(Diagnostic::error(&file.path, e.to_string()).help(tr!("i18n-strings-file-help")));
                continue;
            }
            if file.bytes.len() > MAX_STRINGS_BYTES {
                problems.push(Diagnostic::error(&file.path, tr!("i18n-strings-file-too-large", max = MAX_STRINGS_BYTES)));
                continue;
            }
            let parsed = std::str::from_utf8(&file.bytes).map_err(|e| e.to_string()).and_then(|text| toml::from_str::<Strings>(text).map_err(|e| e.to_string()));
            match parsed {
                Ok(strings) => {
                    own.insert(tag.to_string(), strings);
                }
                Err(e) => problems.push(Diagnostic::error(&file.path, tr!("i18n-strings-file-unreadable", error = e.trim_end())).help(tr!("i18n-strings-file-help"))),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let resolved = own
            .iter()
            .map(|(tag, strings)| {
                let primary = tag.split('-').next().unwrap_or(tag);
                let mut merged = if primary != tag { own.get(primary).cloned().unwrap_or_default() } else { Strings::new() };
                merged.extend(strings.iter().map(|(k, v)| (k.clone(), v.clone())));
                (tag.clone(), merged)
            })
            .collect();
        Ok(Self { dir, resolved })
    }

    /// The strings for `tag`: its own file's, or its primary language's
    /// (`sv` for `sv-FI`); `None` when the theme has neither.
    pub fn get(&self, tag: &LanguageTag) -> Option<&Strings> {
        self.resolved.get(tag.as_str()).or_else(|| self.resolved.get(tag.primary()))
    }

    /// The languages the theme has strings for.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.resolved.keys().map(String::as_str)
    }

    /// For each language the site uses (with a page that uses it), an
    /// error listing every string the theme lacks in it compared with the
    /// site's own language.
    pub fn check(&self, used: &BTreeMap<LanguageTag, String>, site_language: &LanguageTag) -> Vec<Diagnostic> {
        let reference: BTreeSet<&String> = self.get(site_language).map(|s| s.keys().collect()).unwrap_or_default();
        let mut problems = Vec::new();
        if self.get(site_language).is_none() {
            problems.push(
                Diagnostic::error(&self.dir, tr!("i18n-theme-lacks-site-language", tag = site_language.as_str()))
                    .help(tr!("i18n-add-strings-file", file = format!("{}{}.toml", self.dir, site_language))),
            );
        }
        for (tag, page) in used {
            let missing: Vec<&str> = match self.get(tag) {
                Some(strings) => reference.iter().filter(|k| !strings.contains_key(**k)).map(|k| k.as_str()).collect(),
                None => reference.iter().map(|k| k.as_str()).collect(),
            };
            if missing.is_empty() && self.get(tag).is_some() {
                continue;
            }
            problems.push(
                Diagnostic::error(&self.dir, tr!("i18n-theme-lacks-strings", tag = tag.as_str(), page = page, count = missing.len(), missing = missing.join(", ")))
                    .help(tr!("i18n-add-strings-file", file = format!("{}{}.toml", self.dir, tag))),
            );
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_speaks_every_supported_language_completely() {
        let files = ThemeFiles::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), "default").unwrap();
        let strings = ThemeStrings::from_files(&files).unwrap();
        let used: BTreeMap<LanguageTag, String> = crate::content_language::SUPPORTED.iter().map(|t| (LanguageTag::parse(t).unwrap(), format!("{t}.md"))).collect();
        assert_eq!(strings.check(&used, &LanguageTag::parse("sv").unwrap()), Vec::new());
        assert_eq!(strings.get(&LanguageTag::parse("sv-x-lattlast").unwrap()).unwrap()["home"], "Startsida", "easy-read falls back to Swedish");
    }

    #[test]
    fn a_language_the_theme_lacks_is_an_error_listing_what_is_missing() {
        let files = ThemeFiles::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), "default").unwrap();
        let strings = ThemeStrings::from_files(&files).unwrap();
        let used = BTreeMap::from([(LanguageTag::parse("de").unwrap(), "content/de.md".to_string())]);
        let problems = strings.check(&used, &LanguageTag::parse("sv").unwrap());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("\"de\"") && problems[0].message.contains("content/de.md") && problems[0].message.contains("skip_to_content"), "{}", problems[0]);
        assert!(problems[0].help.as_deref().unwrap().contains("themes/default/i18n/de.toml"));
    }
}
