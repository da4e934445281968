//! Messages for people, in Swedish or English: every text the command line
//! and the pipeline's diagnostics show comes from the Fluent catalogues in
//! `locales/` (Project Fluent, the format Firefox is translated in), so a
//! translator edits one file per language and plurals are handled right.
//!
//! The language is chosen once per process by the command line
//! ([`set_language`]); the library only asks for texts by id.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use crate::language::Language;

/// The English catalogue.
const EN: &str = include_str!("../locales/en/sigill.ftl");
/// The Swedish catalogue.
const SV: &str = include_str!("../locales/sv/sigill.ftl");

static LANGUAGE: AtomicU8 = AtomicU8::new(0);

/// Sets the language of every message from now on (English by default).
pub fn set_language(language: Language) {
    LANGUAGE.store(if language == Language::Sv { 1 } else { 0 }, Ordering::Relaxed);
}

/// The language messages are in.
pub fn language() -> Language {
    if LANGUAGE.load(Ordering::Relaxed) == 1 {
        Language::Sv
    } else {
        Language::En
    }
}

/// The language a locale setting names (`sv_SE.UTF-8` → Swedish, `en_GB`
/// → English); `None` for anything else (`C`, `POSIX`, `de_DE`).
pub fn language_of_locale(value: &str) -> Option<Language> {
    let lower = value.trim().to_ascii_lowercase();
    let code = lower.split(['_', '-', '.', '@']).next().unwrap_or_default();
    match code {
        "sv" => Some(Language::Sv),
        "en" => Some(Language::En),
        _ => None,
    }
}

/// The language the environment asks for: `SIGILL_LANG`, then the POSIX
/// order `LC_ALL`, `LC_MESSAGES`, `LANG`; `None` when none names Swedish
/// or English.
pub fn language_from_env() -> Option<Language> {
    for name in ["SIGILL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Some(value) = std::env::var(name).ok().filter(|v| !v.is_empty()) {
            // The first variable that is set decides, as in POSIX.
            return language_of_locale(&value);
        }
    }
    None
}

fn bundle(language: Language) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| [make_bundle("en", EN), make_bundle("sv", SV)]);
    &bundles[if language == Language::Sv { 1 } else { 0 }]
}

fn make_bundle(code: &str, source: &str) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = code.parse().expect("a valid language code");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Texts go to terminals and logs, not to bidirectional layouts.
    bundle.set_use_isolating(false);
    // The catalogues are part of the program and tested to parse whole.
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(resource, _)| resource);
    let _ = bundle.add_resource(resource);
    bundle
}

/// The text `id` in the current language with `args`; the English text
/// when the language lacks it, and the id itself when neither has it (a
/// test makes sure that never happens).
pub fn text(id: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    text_in(language(), id, args)
}

/// The text `id` in `language` (see [`text`]).
pub fn text_in(chosen: Language, id: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    for language in [chosen, Language::En] {
        let bundle = bundle(language);
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
        }
    }
    id.to_string()
}

/// A value for a message argument: numbers stay numbers (so plural forms
/// work), everything else is shown with `Display`.
pub struct Arg<'a, T: ?Sized>(pub &'a T);

/// Numbers as Fluent numbers. Implemented for `&Arg<number>`, so method
/// resolution on `&&Arg` finds it before [`ViaDisplay`] (implemented one
/// reference lower, for every `Display` type).
pub trait ViaNumber {
    fn fluent(&self) -> FluentValue<'static>;
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl ViaNumber for &Arg<'_, $t> {
            fn fluent(&self) -> FluentValue<'static> {
                FluentValue::from(*self.0)
            }
        }
    )*};
}
numbers!(u8, u16, u32, u64, usize, i32, i64);

/// Anything else, as its `Display` text.
pub trait ViaDisplay {
    fn fluent(&self) -> FluentValue<'static>;
}

impl<T: std::fmt::Display + ?Sized> ViaDisplay for Arg<'_, T> {
    fn fluent(&self) -> FluentValue<'static> {
        FluentValue::from(self.0.to_string())
    }
}

/// A message in a given language (text that is published, which follows
/// the site's language, not the builder's): `tr_in!(language, "id", …)`.
#[macro_export]
macro_rules! tr_in {
    ($language:expr, $id:literal) => {
        $crate::l10n::text_in($language, $id, &[])
    };
    ($language:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::l10n::{ViaDisplay as _, ViaNumber as _};
        $crate::l10n::text_in($language, $id, &[$((stringify!($name), (&&$crate::l10n::Arg(&$value)).fluent())),+])
    }};
}

/// A message in the current language: `tr!("id")` or
/// `tr!("id", name = value, …)`.
#[macro_export]
macro_rules! tr {
    ($id:literal) => {
        $crate::l10n::text($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::l10n::{ViaDisplay as _, ViaNumber as _};
        $crate::l10n::text($id, &[$((stringify!($name), (&&$crate::l10n::Arg(&$value)).fluent())),+])
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_name_their_language() {
        assert_eq!(language_of_locale("sv_SE.UTF-8"), Some(Language::Sv));
        assert_eq!(language_of_locale("en_GB"), Some(Language::En));
        assert_eq!(language_of_locale("C"), None);
        assert_eq!(language_of_locale("de_DE.UTF-8"), None);
    }

    #[test]
    fn every_message_the_code_asks_for_is_in_the_catalogue() {
        let english: std::collections::BTreeSet<String> = EN.lines().filter_map(|l| l.split_once(" = ").map(|(id, _)| id.trim().to_string())).collect();
        let mut missing = Vec::new();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for entry in walkdir::WalkDir::new(src).into_iter().flatten().filter(|e| e.path().extension().is_some_and(|x| x == "rs")) {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (at, _) in text.match_indices("tr!(\"") {
                // `include_str!(` ends in `tr!(` too.
                if text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &text[at + 5..];
                let id = &rest[..rest.find('"').unwrap()];
                if id != "id" && !english.contains(id) {
                    missing.push(format!("{}: {id}", entry.path().display()));
                }
            }
        }
        assert!(missing.is_empty(), "messages missing from locales/en/sigill.ftl: {missing:?}");
    }

    #[test]
    fn messages_take_their_arguments_and_follow_the_language() {
        let args = [("index", FluentValue::from(3u64)), ("sequence", FluentValue::from(2u64)), ("sequence2", FluentValue::from(1u64))];
        let en = text_in(Language::En, "continuity-approval-went-backwards-release-published", &args);
        assert_eq!(en, "approval went backwards: release 3 published approval 2, this build has approval 1");
        let sv = text_in(Language::Sv, "continuity-approval-went-backwards-release-published", &args);
        assert!(sv.contains("godkännande") && sv.contains('3'), "{sv}");
        assert_eq!(text_in(Language::Sv, "no-such-message", &[]), "no-such-message");
    }

    #[test]
    fn both_catalogues_parse_whole_and_hold_the_same_messages() {
        let ids = |source: &str| -> std::collections::BTreeSet<String> {
            let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(_, errors)| panic!("{errors:?}"));
            resource
                .entries()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect()
        };
        let (en, sv) = (ids(EN), ids(SV));
        assert!(!en.is_empty());
        let missing_sv: Vec<_> = en.difference(&sv).collect();
        let missing_en: Vec<_> = sv.difference(&en).collect();
        assert!(missing_sv.is_empty() && missing_en.is_empty(), "only in English: {missing_sv:?}; only in Swedish: {missing_en:?}");
    }
}
