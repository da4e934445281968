//! What a publisher can approve: a page (with its bundle), the theme (with
//! every template and static file) or `site.toml`, resolved from the path a
//! person typed, after the same checks the build makes of it.

use std::collections::BTreeMap;

use crate::admin::ApprovalRequest;
use crate::approvals::current_assets;
use crate::build::Prepared;
use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;
use crate::inputs::{ThemeFiles, THEME_MANIFEST};
use crate::render::Theme;
use crate::trust::approval::{ApprovedAsset, Schedule, TranslationOf};
use crate::trust::Timestamp;

/// One thing about to be approved, with what the publisher must be shown.
#[derive(Debug, Clone)]
pub struct Subject {
    /// The path the approval names (`content/om/kontakt.md`,
    /// `themes/default/theme.toml`, `site.toml`).
    pub path: String,
    pub bytes: Vec<u8>,
    pub assets: Vec<ApprovedAsset>,
    /// Size in bytes of each asset, by path, to show the publisher.
    pub asset_sizes: BTreeMap<String, u64>,
    /// The page's `publisher`; `None` for the theme and `site.toml`.
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub aliases: Vec<String>,
    /// For a translation: the approved version of its source it follows.
    pub translation_of: Option<TranslationOf>,
    /// The page's publication times.
    pub schedule: Schedule,
}

impl Subject {
    /// The request `admin::draft_approval` takes.
    pub fn request<'a>(&'a self, site: &'a crate::config::Site, trust_dir: &'a std::path::Path, note: &'a str, minor: bool, review_by: Option<Timestamp>, now: Timestamp) -> ApprovalRequest<'a> {
        ApprovalRequest {
            site: &site.config.site,
            trust_dir,
            path: &self.path,
            bytes: &self.bytes,
            assets: self.assets.clone(),
            front_matter_publisher: self.publisher.as_deref(),
            url: self.url.as_deref(),
            aliases: &self.aliases,
            translation_of: self.translation_of.clone(),
            schedule: self.schedule,
            note,
            minor,
            review_by,
            default_review_days: site.config.review_days,
            now,
        }
    }
}

/// Resolves each wanted path to a subject, refusing any that the build
/// would reject for a reason other than its approval (a broken link, a
/// missing alt text, a template that does not compile).
pub fn resolve(prepared: &Prepared, wanted: &[String]) -> Result<Vec<Subject>, Vec<Diagnostic>> {
    let mut subjects = Vec::new();
    let mut refused = Vec::new();
    for raw in wanted {
        let path = raw.trim_start_matches("./").replace('\\', "/");
        let theme_dir = format!("themes/{}/", prepared.site.config.theme);
        if path == CONFIG_FILE {
            subjects.push(Subject {
                path,
                bytes: prepared.site.bytes.clone(),
                assets: Vec::new(),
                asset_sizes: BTreeMap::new(),
                publisher: None,
                url: None,
                aliases: Vec::new(),
                translation_of: None,
                schedule: Schedule::default(),
            });
        } else if crate::site_files::is_site_file(&path) || path == "data" || path == "static" {
            // A data or static file, or every file of such a folder.
            let Some(files) = prepared.site_files.as_ref() else {
                refused.push(Diagnostic::error(&path, tr!("subject-site-files-unreadable")));
                continue;
            };
            let folder = format!("{}/", path.trim_end_matches('/'));
            let matching: Vec<&crate::site_files::SiteFile> = files.all().filter(|f| f.path == path || f.path.starts_with(&folder)).collect();
            if matching.is_empty() {
                refused.push(Diagnostic::error(&path, tr!("subject-no-site-file", path = path)));
                continue;
            }
            for file in matching {
                subjects.push(Subject {
                    path: file.path.clone(),
                    bytes: file.bytes.clone(),
                    assets: Vec::new(),
                    asset_sizes: BTreeMap::new(),
                    publisher: None,
                    url: None,
                    aliases: Vec::new(),
                    translation_of: None,
                    schedule: Schedule::default(),
                });
            }
        } else if path.starts_with("themes/") {
            let wanted_dir = if path.ends_with(THEME_MANIFEST) { path.trim_end_matches(THEME_MANIFEST).to_string() } else { format!("{}/", path.trim_end_matches('/')) };
            if wanted_dir != theme_dir {
                refused.push(Diagnostic::error(&path, tr!("subject-site-uses-theme-not", theme_dir = theme_dir, wanted_dir = wanted_dir)).help(tr!("subject-approve-set-theme-in-site", theme_dir = theme_dir)));
                continue;
            }
            match theme_subject(prepared.theme_files.as_ref()) {
                Ok(subject) => subjects.push(subject),
                Err(mut problems) => refused.append(&mut problems),
            }
        } else {
            let own: Vec<Diagnostic> = prepared.diagnostics.iter().chain(&prepared.page_diagnostics).filter(|d| d.is_error() && d.file == path).cloned().collect();
            if !own.is_empty() {
                refused.extend(own);
                continue;
            }
            let Some((page, _)) = prepared.rendered.iter().find(|(p, _)| p.source.path == path) else {
                let why = if prepared.drafts.contains(&path) {
                    tr!("subject-is-draft")
                } else {
                    tr!("subject-not-a-page")
                };
                refused.push(Diagnostic::error(&path, tr!("subject-message", path = path, why = why)));
                continue;
            };
            let translation_of = match translated_version(prepared, page) {
                Ok(version) => version,
                Err(d) => {
                    refused.push(d);
                    continue;
                }
            };
            subjects.push(Subject {
                path,
                bytes: page.source.bytes().to_vec(),
                assets: current_assets(page),
                asset_sizes: page.source.assets.iter().map(|a| (a.path.clone(), std::fs::metadata(&a.abs).map(|m| m.len()).unwrap_or(0))).collect(),
                publisher: Some(page.front.publisher.clone()),
                url: Some(page.url.clone()),
                aliases: page.front.aliases.clone(),
                translation_of,
                schedule: page.schedule,
            });
        }
    }
    if refused.is_empty() {
        Ok(subjects)
    } else {
        Err(refused)
    }
}

/// For a translation, the newest approved version of its source: what
/// the translator worked from, recorded in the approval. A source that was
/// never approved cannot be translated yet.
fn translated_version(prepared: &Prepared, page: &crate::model::Page) -> Result<Option<TranslationOf>, Diagnostic> {
    let Some(source) = &page.front.translation_of else { return Ok(None) };
    let Some(trust) = prepared.trust.as_ref() else {
        return Err(Diagnostic::error(&page.source.path, tr!("subject-trust-unreadable")));
    };
    match crate::trust::approval::load_chain(&prepared.site.trust_dir(), source, &prepared.site.config.site, &trust.registry) {
        Ok(chain) => Ok(chain.last().map(|head| TranslationOf { path: source.clone(), source_sha256: head.payload.source_sha256 })),
        Err(problem) => Err(Diagnostic::error(&page.source.path, tr!("subject-source-not-approved", source = source, problem = problem)).help(tr!("subject-approve-source-first", source = source))),
    }
}

fn theme_subject(files: Option<&ThemeFiles>) -> Result<Subject, Vec<Diagnostic>> {
    let Some(files) = files else {
        return Err(vec![Diagnostic::error("themes/", tr!("subject-theme-could-not-be-read"))]);
    };
    Theme::from_files(files)?;
    Ok(Subject {
        path: files.manifest_path(),
        bytes: files.manifest().to_vec(),
        assets: files.assets(),
        asset_sizes: files.files().iter().map(|f| (f.path.clone(), f.bytes.len() as u64)).collect(),
        publisher: None,
        url: None,
        aliases: Vec::new(),
        translation_of: None,
        schedule: Schedule::default(),
    })
}
