//! Accessibility stage: the known accessibility problems of what a release
//! publishes, found by the build's own checks, for the generated
//! accessibility statement (*tillgänglighetsredogörelse*, in the structure
//! of Digg's model).
//!
//! The checks: images without alt text, skipped heading levels and link
//! texts that say nothing, in every published page's approved text; the
//! contrast of the theme's colour pairs; PDFs in page bundles without a
//! text layer or a language. A statement never claims full compliance
//! while any of them reports a fault.

pub mod contrast;
pub mod pdf;

use serde::Serialize;

use crate::approvals::ApprovedPage;
use crate::inputs::ThemeFiles;
use crate::markdown::Rendered;

/// Link texts that say nothing out of context (WCAG 2.4.4).
pub const VAGUE_LINK_TEXTS: &[&str] = &["klicka här", "här", "läs mer", "mer", "länk", "click here", "here", "read more", "more", "link"];

/// What kind of fault a check found; the theme words each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// An image without alt text (WCAG 1.1.1).
    MissingAlt,
    /// A heading level skipped (WCAG 1.3.1).
    HeadingOrder,
    /// A link without text or with a text that says nothing (WCAG 2.4.4).
    LinkText,
    /// Text and background colours of the theme below 4.5:1 (WCAG 1.4.3).
    Contrast,
    /// A PDF without a text layer: a scanned image (WCAG 1.1.1).
    PdfNoText,
    /// A PDF that does not say its language (WCAG 3.1.1).
    PdfNoLanguage,
}

/// One fault found in the text of a page (the byte offset in its body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFinding {
    pub kind: ProblemKind,
    pub offset: usize,
    /// What was found: the image, the heading levels, the link text.
    pub detail: String,
}

/// A fault in the published site, as the statement lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct KnownProblem {
    pub kind: ProblemKind,
    /// Where: a page's URL, or a file of the theme or a bundle.
    pub location: String,
    /// The page's title, when the problem is on a page.
    pub title: Option<String>,
    pub detail: String,
}

/// The accessibility faults in a page's rendered Markdown.
pub fn page_findings(rendered: &Rendered) -> Vec<PageFinding> {
    let mut out = Vec::new();
    let mut previous_level = 1u8;
    for h in &rendered.headings {
        if h.heading.level > previous_level + 1 {
            out.push(PageFinding { kind: ProblemKind::HeadingOrder, offset: h.span.start, detail: format!("h{previous_level} → h{}: {}", h.heading.level, h.heading.text) });
        }
        previous_level = h.heading.level;
    }
    for link in &rendered.links {
        let text = link.text.to_lowercase();
        let text = text.trim_end_matches(['.', '!', ':']);
        if link.text.is_empty() || VAGUE_LINK_TEXTS.contains(&text) {
            out.push(PageFinding { kind: ProblemKind::LinkText, offset: link.span.start, detail: format!("“{}” → {}", link.text, link.dest) });
        }
    }
    for image in rendered.images.iter().filter(|i| i.alt.is_empty()) {
        out.push(PageFinding { kind: ProblemKind::MissingAlt, offset: image.span.start, detail: image.dest.clone() });
    }
    out
}

/// Every known problem of what is about to be published, sorted.
pub fn known_problems(pages: &[ApprovedPage], theme: &ThemeFiles) -> Vec<KnownProblem> {
    let mut out = Vec::new();
    for page in pages {
        let p = page.page();
        for finding in page.accessibility() {
            out.push(KnownProblem { kind: finding.kind, location: p.url.clone(), title: Some(p.front.title.clone()), detail: finding.detail.clone() });
        }
        for asset in p.source.assets.iter().filter(|a| a.path.to_ascii_lowercase().ends_with(".pdf")) {
            let Ok(bytes) = crate::load::read_limited(&asset.abs, crate::load::MAX_ASSET_BYTES) else { continue };
            let facts = pdf::inspect(&bytes);
            if !facts.has_text {
                out.push(KnownProblem { kind: ProblemKind::PdfNoText, location: asset.url.clone(), title: Some(p.front.title.clone()), detail: asset.path.clone() });
            }
            if !facts.has_language {
                out.push(KnownProblem { kind: ProblemKind::PdfNoLanguage, location: asset.url.clone(), title: Some(p.front.title.clone()), detail: asset.path.clone() });
            }
        }
    }
    for file in theme.files().iter().filter(|f| f.path.ends_with(".css")) {
        for pair in contrast::low_contrast_pairs(&String::from_utf8_lossy(&file.bytes)) {
            out.push(KnownProblem {
                kind: ProblemKind::Contrast,
                location: file.path.clone(),
                title: None,
                detail: format!("{}: {} / {} = {:.2}:1", pair.selector, pair.foreground, pair.background, pair.ratio),
            });
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The languages the site publishes in without an accessibility statement
/// in them: one warning each, naming a page in that language and what to
/// add (the statement is due in every language the site speaks).
pub fn missing_statements(pages: &[ApprovedPage], site_language: crate::language::Language) -> Vec<crate::diagnostic::Diagnostic> {
    use std::collections::BTreeMap;
    let is_statement = |p: &ApprovedPage| p.page().front.template.as_deref() == Some(crate::render::STATEMENT_TEMPLATE);
    let Some(source) = pages.iter().find(|p| is_statement(p) && p.page().front.translation_of.is_none()) else {
        return vec![crate::diagnostic::Diagnostic::warning(crate::config::CONFIG_FILE, tr!("accessibility-no-statement-page")).help(tr!("accessibility-no-statement-page-help"))];
    };
    let covered: Vec<String> = pages.iter().filter(|p| is_statement(p)).map(|p| p.page().language(site_language).to_string()).collect();
    let mut used: BTreeMap<String, &str> = BTreeMap::new();
    for page in pages {
        used.entry(page.page().language(site_language).to_string()).or_insert(&page.page().source.path);
    }
    used.into_iter()
        .filter(|(lang, _)| !covered.contains(lang))
        .map(|(lang, page)| {
            crate::diagnostic::Diagnostic::warning(&source.page().source.path, tr!("accessibility-statement-missing-in", lang = lang.as_str(), page = page))
                .help(tr!("accessibility-statement-missing-help", lang = lang.as_str(), source = source.page().source.path.as_str()))
        })
        .collect()
}

/// What the generated statement says: the facts from `site.toml`, the
/// problems the checks found and the compliance that follows from both.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    /// `full`, `partial` or `not`: never `full` while a problem is listed.
    pub compliance: crate::config::Compliance,
    /// What `site.toml` claims.
    pub claimed: crate::config::Compliance,
    pub problems: Vec<KnownProblem>,
    pub responsible: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub contact_url: Option<String>,
    pub authority: String,
    pub authority_url: String,
    pub assessed_on: String,
    pub method: String,
    /// The date of the build that made the list.
    pub checked_on: String,
}

/// The supervisory authority of the Swedish accessibility law.
const DIGG: &str = "Myndigheten för digital förvaltning (Digg)";
const DIGG_REPORT: &str = "https://www.digg.se/tdosanmalan";

/// The statement of a release made at `now`.
pub fn statement(facts: &crate::config::AccessibilityFacts, problems: Vec<KnownProblem>, now: crate::trust::Timestamp) -> Statement {
    let at_least = if problems.is_empty() { crate::config::Compliance::Full } else { crate::config::Compliance::Partial };
    Statement {
        compliance: facts.claim.max(at_least),
        claimed: facts.claim,
        problems,
        responsible: facts.responsible.clone(),
        email: facts.email.clone(),
        phone: facts.phone.clone(),
        contact_url: facts.contact_url.clone(),
        authority: facts.supervisory_authority.clone().unwrap_or_else(|| DIGG.to_string()),
        authority_url: facts.supervisory_url.clone().unwrap_or_else(|| DIGG_REPORT.to_string()),
        assessed_on: facts.assessed_on.date.map(|d| d.to_string()).unwrap_or_else(|| facts.assessed_on.to_string()),
        method: facts.method.clone(),
        checked_on: now.date(),
    }
}
