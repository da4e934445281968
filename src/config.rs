//! `site.toml`: the site's identity, language, theme, menu and trust anchor.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The configuration file's name at the site root.
pub const CONFIG_FILE: &str = "site.toml";
const MAX_CONFIG_BYTES: usize = 256 * 1024;

pub use crate::language::Language;

/// What happens to raw HTML written inside Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Shown as text (the default): a page cannot fake a mark or add script.
    #[default]
    Escape,
    /// Cleaned with ammonia: harmless tags kept, scripts and handlers removed.
    Sanitize,
}

/// One entry of the main menu.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub title: String,
    pub url: String,
    /// Entries under this one; a section's pages when absent.
    #[serde(default)]
    pub children: Vec<MenuItem>,
}

/// The facts of the accessibility statement that no check can find: who
/// answers, how to reach them, who supervises, and the last assessment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityFacts {
    /// Who answers for the statement (a unit of the organisation).
    pub responsible: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// A page for reporting problems (`/kontakt/#skriv-till-oss`).
    pub contact_url: Option<String>,
    /// The supervisory authority; Digg when absent.
    pub supervisory_authority: Option<String>,
    /// Where to report to the authority; Digg's form when absent.
    pub supervisory_url: Option<String>,
    /// The date of the last assessment.
    pub assessed_on: toml::value::Datetime,
    /// How it was assessed (self-assessment, external audit, tools).
    pub method: String,
    /// The compliance the organisation claims from its own assessment;
    /// the statement says less whenever the build's checks find a fault.
    #[serde(default)]
    pub claim: Compliance,
}

/// How far a site complies with the accessibility law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    /// Fully compliant: only when no check reports a fault.
    #[default]
    Full,
    /// Partially compliant, because of the problems listed.
    Partial,
    /// Not compliant.
    Not,
}

/// The trust anchor and where the release key is.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TrustConfig {
    /// `sha256:<hex>` of `trust/root/1.root.json`.
    pub root: Option<String>,
    /// Path of the release key file, relative to the site root.
    pub release_key: Option<String>,
}

/// The whole `site.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's id, its domain name (`www.nora.se`); bound into every signature.
    pub site: String,
    /// Absolute base URL, e.g. `https://www.nora.se`.
    pub base_url: String,
    pub title: String,
    #[serde(default = "default_language")]
    pub language: Language,
    /// The public body's name (used in the footer and JSON-LD).
    pub organization: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output")]
    pub output_dir: String,
    /// Default days from approval to review.
    #[serde(default = "default_review_days")]
    pub review_days: u32,
    /// Days before the review date at which a page counts as "due soon".
    #[serde(default = "default_due_soon")]
    pub review_due_soon_days: u32,
    /// The label shown for the responsible publisher; the theme's default
    /// ("Granskad av" / "Reviewed by") when absent.
    pub publisher_label: Option<String>,
    #[serde(default)]
    pub raw_html: RawHtml,
    /// Path (URL) of the accessibility statement, linked from every footer.
    pub accessibility_url: Option<String>,
    /// Path (URL) of the page that explains the quality mark.
    pub about_mark_url: Option<String>,
    /// What to do with a page whose review date has passed.
    #[serde(default)]
    pub lapsed: crate::approvals::LapsePolicy,
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// Whether the build writes a search index and page (`/sok/`).
    #[serde(default = "default_true")]
    pub search: bool,
    /// The accessibility statement's facts; the page with
    /// `template = "accessibility-statement.html"` shows them.
    pub accessibility: Option<AccessibilityFacts>,
    #[serde(default)]
    pub trust: TrustConfig,
    /// How the approval desk (`sigill desk`) records approvals.
    #[serde(default)]
    pub desk: DeskConfig,
}

/// `[desk]` in site.toml.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskConfig {
    /// Commit each approval when the site is a git checkout (default true).
    #[serde(default = "default_true")]
    pub commit: bool,
    /// The git remote the desk pushes each commit to (`origin`); no push
    /// when absent.
    pub push: Option<String>,
}

impl Default for DeskConfig {
    fn default() -> Self {
        Self { commit: true, push: None }
    }
}

fn default_language() -> Language {
    Language::Sv
}
fn default_true() -> bool {
    true
}
fn default_theme() -> String {
    "default".into()
}
fn default_output() -> String {
    "public".into()
}
fn default_review_days() -> u32 {
    365
}
fn default_due_soon() -> u32 {
    30
}

const KNOWN_KEYS: &[&str] = &[
    "site", "base_url", "title", "language", "organization", "theme", "output_dir", "review_days",
    "review_due_soon_days", "publisher_label", "raw_html", "accessibility_url", "about_mark_url", "lapsed", "menu", "search", "accessibility", "trust", "desk",
];

/// A loaded configuration with the directory it came from.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// The exact bytes of `site.toml`, which its approval covers.
    pub bytes: Vec<u8>,
}

impl Site {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
    pub fn trust_dir(&self) -> PathBuf {
        self.root.join("trust")
    }
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.config.theme)
    }
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.output_dir)
    }
}

/// Every problem `site.toml` has (a configuration error: exit 2).
#[derive(Debug, Clone)]
pub struct ConfigError(pub Vec<Diagnostic>);

impl From<Diagnostic> for ConfigError {
    fn from(d: Diagnostic) -> Self {
        Self(vec![d])
    }
}

impl ConfigError {
    /// The first problem, for callers that show one.
    pub fn first(self) -> Diagnostic {
        self.0.into_iter().next().unwrap_or_else(|| Diagnostic::error(CONFIG_FILE, tr!("config-site-toml-not-valid")))
    }
}

/// Reads and checks `site.toml` under `root`, reporting every problem.
pub fn load(root: &Path) -> Result<Site, ConfigError> {
    let path = root.join(CONFIG_FILE);
    let shown = path.display().to_string();
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(&shown, tr!("config-cannot-read-site-configuration", error = e))
            .help(tr!("config-run-sigill-init-dir-create"))
    })?;
    if bytes.len() > MAX_CONFIG_BYTES {
        return Err(Diagnostic::error(&shown, tr!("config-site-toml-larger-than-kib")).into());
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| Diagnostic::error(&shown, tr!("config-site-toml-not-valid-utf")).help(tr!("config-save-file-as-utf-in")))?;
    let config = parse(text.strip_prefix('\u{feff}').unwrap_or(text), &shown).map_err(ConfigError)?;
    Ok(Site { root: root.to_path_buf(), config, bytes })
}

/// Parses the text of `site.toml`, reporting every problem with line and column.
pub fn parse(text: &str, shown: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let fields = crate::toml_errors::Fields { known: KNOWN_KEYS, required: &["site", "base_url", "title", "organization"] };
    let config: SiteConfig = crate::toml_errors::parse_all(text, shown, &fields)?;
    let mut problems = Vec::new();
    if config.site.is_empty() || !config.site.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') {
        problems.push("`site` must be the site's domain name, such as www.nora.se");
    }
    if !(config.base_url.starts_with("https://") || config.base_url.starts_with("http://")) {
        problems.push("`base_url` must start with https:// (or http:// for a local test)");
    }
    if config.review_days == 0 {
        problems.push("`review_days` must be at least 1");
    }
    if let Some(anchor) = &config.trust.root {
        let hex = anchor.strip_prefix("sha256:").unwrap_or("");
        if !crate::trust::encoding::is_sha256_hex(hex) {
            problems.push("`trust.root` must be `sha256:` followed by 64 lowercase hex digits");
        }
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems.into_iter().map(|p| Diagnostic::error(shown, p)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "site = \"www.nora.se\"\nbase_url = \"https://www.nora.se\"\ntitle = \"Nora\"\norganization = \"Nora kommun\"\n";

    #[test]
    fn parses_minimal_config_with_defaults() {
        let config = parse(MINIMAL, "site.toml").unwrap();
        assert_eq!(config.language, Language::Sv);
        assert_eq!(config.review_days, 365);
        assert_eq!(config.raw_html, RawHtml::Escape);
    }

    #[test]
    fn unknown_key_gets_line_and_hint() {
        let text = format!("{MINIMAL}langauge = \"en\"\n");
        let d = &parse(&text, "site.toml").unwrap_err()[0];
        assert_eq!(d.line, Some(5));
        assert_eq!(d.help.as_deref(), Some("did you mean `language`?"));
    }
}
