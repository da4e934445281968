//! New sites and new pages: `sigill init` and `sigill new`.

use std::path::Path;

use crate::admin::{write_new_file, AdminError};
use crate::config::Language;

/// The default theme, embedded so `init` works from the binary alone.
pub const THEME_FILES: &[(&str, &str)] = &[
    ("theme.toml", include_str!("../themes/default/theme.toml")),
    ("templates/base.html", include_str!("../themes/default/templates/base.html")),
    ("templates/macros.html", include_str!("../themes/default/templates/macros.html")),
    ("templates/page.html", include_str!("../themes/default/templates/page.html")),
    ("templates/section.html", include_str!("../themes/default/templates/section.html")),
    ("templates/index.html", include_str!("../themes/default/templates/index.html")),
    ("templates/404.html", include_str!("../themes/default/templates/404.html")),
    ("templates/withdrawn.html", include_str!("../themes/default/templates/withdrawn.html")),
    ("templates/history.html", include_str!("../themes/default/templates/history.html")),
    ("templates/notice-archive.html", include_str!("../themes/default/templates/notice-archive.html")),
    ("templates/accessibility-statement.html", include_str!("../themes/default/templates/accessibility-statement.html")),
    ("templates/tags.html", include_str!("../themes/default/templates/tags.html")),
    ("templates/tag.html", include_str!("../themes/default/templates/tag.html")),
    ("templates/search.html", include_str!("../themes/default/templates/search.html")),
    ("templates/components/notice.html", include_str!("../themes/default/templates/components/notice.html")),
    ("templates/components/details.html", include_str!("../themes/default/templates/components/details.html")),
    ("templates/components/contact.html", include_str!("../themes/default/templates/components/contact.html")),
    ("templates/components/video.html", include_str!("../themes/default/templates/components/video.html")),
    ("static/js/search.js", include_str!("../themes/default/static/js/search.js")),
    ("i18n/sv.toml", include_str!("../themes/default/i18n/sv.toml")),
    ("i18n/en.toml", include_str!("../themes/default/i18n/en.toml")),
    ("i18n/fi.toml", include_str!("../themes/default/i18n/fi.toml")),
    ("i18n/fit.toml", include_str!("../themes/default/i18n/fit.toml")),
    ("i18n/se.toml", include_str!("../themes/default/i18n/se.toml")),
    ("i18n/smj.toml", include_str!("../themes/default/i18n/smj.toml")),
    ("i18n/sma.toml", include_str!("../themes/default/i18n/sma.toml")),
    ("i18n/rom.toml", include_str!("../themes/default/i18n/rom.toml")),
    ("i18n/yi.toml", include_str!("../themes/default/i18n/yi.toml")),
    ("i18n/sv-x-lattlast.toml", include_str!("../themes/default/i18n/sv-x-lattlast.toml")),
    ("static/css/sigill.css", include_str!("../themes/default/static/css/sigill.css")),
];

/// Keeps Markdown at LF so the bytes a publisher approves are the bytes built.
pub const GITATTRIBUTES: &str = "*.md text eol=lf\ntrust/** -text\n";

/// Front matter and a first paragraph for a new page.
pub fn page_template(title: &str, publisher: &str, owner: &str, date: &str, language: Language) -> String {
    let body = match language {
        Language::Sv => "Skriv sidans text här. Börja med det viktigaste.",
        Language::En => "Write the page's text here. Start with what matters most.",
    };
    format!("+++\ntitle = \"{title}\"\ndescription = \"\"\npublisher = \"{publisher}\"\nowner = \"{owner}\"\nupdated = {date}\n+++\n\n{body}\n")
}

/// Creates a new site skeleton in `dir` (which must not hold a site yet).
pub fn init_site(dir: &Path, site: &str, language: Language, publisher: &str, date: &str) -> Result<(), AdminError> {
    if dir.join(crate::config::CONFIG_FILE).exists() {
        return Err(AdminError::Refused(tr!("site-already-holds-site-site-toml", dir = dir.display())));
    }
    let (title, organization, owner, start) = match language {
        Language::Sv => ("Min webbplats", "Min organisation", "Kommunikationsenheten", "Startsida"),
        Language::En => ("My website", "My organisation", "Communications unit", "Home"),
    };
    let config = format!(
        "# Sigill site configuration. Reference: README.md of Sigill.\nsite = \"{site}\"\nbase_url = \"https://{site}\"\ntitle = \"{title}\"\norganization = \"{organization}\"\nlanguage = \"{}\"\ntheme = \"default\"\noutput_dir = \"public\"\nreview_days = 365\n\n[[menu]]\ntitle = \"{start}\"\nurl = \"/\"\n\n[trust]\n",
        language.code()
    );
    let mut start_page = page_template(start, publisher, owner, date, language);
    start_page = start_page.replace("description = \"\"", &format!("description = \"{title}\""));
    let mut files: Vec<(String, String)> = vec![
        ("site.toml".into(), config),
        (".gitattributes".into(), GITATTRIBUTES.into()),
        (".gitignore".into(), "/public/\n# The release before the live one, kept by `sigill build` to recycle.\n/.sigill-previous-*/\n# Private keys never belong in the site's repository.\n*.key\n".into()),
        ("content/_index.md".into(), start_page),
    ];
    for (rel, text) in THEME_FILES {
        files.push((format!("themes/default/{rel}"), text.to_string()));
    }
    for (rel, text) in &files {
        write_new_file(&dir.join(rel), text.as_bytes())?;
    }
    Ok(())
}

/// Sets `[trust] root` in site.toml (kept with the other trust writes in
/// [`crate::admin`]; re-exported here for `init`).
pub use crate::admin::pin_anchor;
