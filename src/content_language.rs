//! The language a page is written in: a BCP 47 tag (`sv`, `fi`, `se`,
//! `sv-x-lattlast`), checked by ICU's parser and kept in canonical form.
//!
//! The interface languages of Sigill itself (Swedish, English) are
//! [`crate::language::Language`]; a page can be in any language the theme
//! has strings for.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Easy-to-read Swedish (*lättläst*): Swedish with a private-use subtag, so
/// browsers and screen readers still read it as Swedish.
pub const EASY_READ_SWEDISH: &str = "sv-x-lattlast";

/// The languages the default theme has strings for: the national minority
/// languages, English and easy-to-read Swedish besides Swedish.
pub const SUPPORTED: &[&str] = &["sv", "en", "fi", "fit", "se", "smj", "sma", "rom", "yi", EASY_READ_SWEDISH];

/// Languages written right to left (by their primary subtag), unless the
/// tag names a left-to-right script.
const RIGHT_TO_LEFT: &[&str] = &["ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"];

/// A well-formed BCP 47 language tag in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguageTag(String);

/// Why a text is not a language tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LanguageTagError {
    #[error("{}", tr!("language-tag-malformed", tag = format!("{:?}", .0)))]
    Malformed(String),
    #[error("{}", tr!("language-tag-not-canonical", tag = format!("{:?}", .0), canonical = .1))]
    NotCanonical(String, String),
}

impl LanguageTag {
    /// Parses `text`; it must already be in canonical form (`sv`, not `SV`).
    pub fn parse(text: &str) -> Result<Self, LanguageTagError> {
        let locale = icu_locale_core::Locale::try_from_str(text).map_err(|_| LanguageTagError::Malformed(text.to_string()))?;
        let canonical = locale.to_string();
        if locale.id.language.as_str() == "und" {
            return Err(LanguageTagError::Malformed(text.to_string()));
        }
        if canonical != text {
            return Err(LanguageTagError::NotCanonical(text.to_string(), canonical));
        }
        Ok(Self(canonical))
    }

    /// The tag for an interface language.
    pub fn of(language: crate::language::Language) -> Self {
        Self(language.code().to_string())
    }

    /// The tag as written (`sv-x-lattlast`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language subtag alone (`sv` for `sv-x-lattlast`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// `rtl` or `ltr`, for the `dir` attribute.
    pub fn direction(&self) -> &'static str {
        let latin_script = self.0.split('-').skip(1).any(|s| s.eq_ignore_ascii_case("latn") || s.eq_ignore_ascii_case("cyrl"));
        if RIGHT_TO_LEFT.contains(&self.primary()) && !latin_script {
            "rtl"
        } else {
            "ltr"
        }
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for LanguageTag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for LanguageTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        LanguageTag::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_supported_language_parses_in_canonical_form() {
        for tag in SUPPORTED {
            assert_eq!(LanguageTag::parse(tag).unwrap().as_str(), *tag);
        }
    }

    #[test]
    fn malformed_and_uncanonical_tags_are_refused_with_the_canonical_form() {
        assert!(matches!(LanguageTag::parse("swedish"), Err(LanguageTagError::Malformed(_))));
        assert!(matches!(LanguageTag::parse(""), Err(LanguageTagError::Malformed(_))));
        assert!(matches!(LanguageTag::parse("sv_SE"), Err(LanguageTagError::Malformed(_))));
        assert_eq!(LanguageTag::parse("sv-se"), Err(LanguageTagError::NotCanonical("sv-se".into(), "sv-SE".into())));
    }

    #[test]
    fn yiddish_is_right_to_left_and_easy_read_is_swedish() {
        assert_eq!(LanguageTag::parse("yi").unwrap().direction(), "rtl");
        assert_eq!(LanguageTag::parse("yi-Latn").unwrap().direction(), "ltr");
        assert_eq!(LanguageTag::parse("se").unwrap().direction(), "ltr");
        let easy = LanguageTag::parse(EASY_READ_SWEDISH).unwrap();
        assert_eq!((easy.primary(), easy.direction()), ("sv", "ltr"));
    }
}
