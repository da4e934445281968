//! Site inputs stage: the theme and `site.toml`, approved like pages.
//!
//! Whoever can write the repository is not trusted for what citizens read.
//! Templates, the theme's static files and the site-wide texts of the mark
//! (the label, the organisation, the links in `site.toml`) reach the output
//! only when a publisher whose scope covers them approved their exact bytes.
//! A theme is approved as one bundle: `themes/<name>/theme.toml` is its
//! source and every other file of the theme folder an asset. The files are
//! read once, here; what was approved is what is rendered and published.

use std::collections::BTreeSet;
use std::path::Path;

use walkdir::WalkDir;

use crate::approvals::fix_for_input;
use crate::diagnostic::Diagnostic;
use crate::trust::approval::{check_head, load_chain, ApprovalProblem, ApprovedAsset, CheckedApproval, PageSource};
use crate::trust::scope::{is_canonical_path, CONFIG_SCOPE};
use crate::trust::{Timestamp, TrustState};

/// The file that names a theme and stands for it in its approval.
pub const THEME_MANIFEST: &str = "theme.toml";
/// Largest file of a theme.
pub const MAX_THEME_FILE_BYTES: u64 = 10 << 20;
/// Most files a theme may have.
pub const MAX_THEME_FILES: usize = 5_000;

/// One file of the theme folder, as read.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Site-relative path: `themes/default/templates/page.html`.
    pub path: String,
    pub bytes: Vec<u8>,
    pub sha256: crate::trust::digest::Sha256,
}

/// Every file of a theme folder, read once without following links.
#[derive(Debug, Clone)]
pub struct ThemeFiles {
    /// `themes/default/`.
    dir: String,
    manifest: Vec<u8>,
    files: Vec<ThemeFile>,
}

impl ThemeFiles {
    /// Reads `themes/<theme>/` under `site_root`: no symbolic links, plain
    /// lowercase names, size limits, no private keys, and a `theme.toml`.
    pub fn load(site_root: &Path, theme: &str) -> Result<Self, Vec<Diagnostic>> {
        let dir = format!("themes/{theme}/");
        let abs = site_root.join("themes").join(theme);
        if !is_canonical_path(theme) || !abs.is_dir() {
            return Err(vec![Diagnostic::error(&dir, tr!("inputs-theme-folder-missing"))
                .help(tr!("inputs-set-theme-in-site-toml"))]);
        }
        let mut problems = Vec::new();
        let mut files = Vec::new();
        let mut manifest = None;
        for entry in WalkDir::new(&abs).follow_links(false).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    problems.push(Diagnostic::error(&dir, tr!("inputs-cannot-read-theme", error = e)));
                    continue;
                }
            };
            let Ok(rel) = entry.path().strip_prefix(site_root) else { continue };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if entry.path_is_symlink() {
                problems.push(Diagnostic::error(&rel, tr!("inputs-symbolic-links-are-not-allowed"))
                    .help(tr!("inputs-replace-link-with-file-itself")));
                continue;
            }
            if entry.depth() == 0 || entry.file_type().is_dir() || entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if !is_canonical_path(&rel) {
                problems.push(Diagnostic::error(&rel, tr!("inputs-file-name-in-theme-not"))
                    .help(tr!("inputs-rename-it-using-lowercase-z")));
                continue;
            }
            if files.len() >= MAX_THEME_FILES {
                problems.push(Diagnostic::error(&dir, tr!("inputs-theme-has-more-than-files", max_theme_files = MAX_THEME_FILES)));
                break;
            }
            let bytes = match crate::load::read_limited(entry.path(), MAX_THEME_FILE_BYTES) {
                Ok(bytes) => bytes,
                Err(message) => {
                    problems.push(Diagnostic::error(&rel, message));
                    continue;
                }
            };
            if crate::trust::keyfile::looks_like_private_key(&bytes) {
                problems.push(crate::load::private_key_here(&rel));
                continue;
            }
            if rel == format!("{dir}{THEME_MANIFEST}") {
                manifest = Some(bytes);
            } else {
                files.push(ThemeFile { sha256: crate::trust::digest::Sha256::of(&bytes), path: rel, bytes });
            }
        }
        let Some(manifest) = manifest else {
            problems.push(Diagnostic::error(format!("{dir}{THEME_MANIFEST}"), tr!("inputs-theme-has-no-theme-toml"))
                .help(tr!("inputs-add-theme-toml-with-theme")));
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Self { dir, manifest, files })
    }

    /// The theme's folder, `themes/default/`: the scope that approves it.
    pub fn dir(&self) -> &str {
        &self.dir
    }

    /// The path an approval of the theme names: `themes/default/theme.toml`.
    pub fn manifest_path(&self) -> String {
        format!("{}{THEME_MANIFEST}", self.dir)
    }

    /// The bytes of `theme.toml`.
    pub fn manifest(&self) -> &[u8] {
        &self.manifest
    }

    /// Every other file of the theme, in approval form.
    pub fn assets(&self) -> Vec<ApprovedAsset> {
        self.files.iter().map(|f| ApprovedAsset { path: f.path.clone(), sha256: f.sha256 }).collect()
    }

    /// Every file other than `theme.toml`, sorted by path.
    pub fn files(&self) -> &[ThemeFile] {
        &self.files
    }

    /// The templates: name under `templates/` (`page.html`) and bytes.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &[u8])> {
        let prefix = format!("{}templates/", self.dir);
        self.files.iter().filter_map(move |f| f.path.strip_prefix(prefix.as_str()).map(|name| (name, f.bytes.as_slice())))
    }

    /// The static files: the URL they are published at (`/css/sigill.css`)
    /// and bytes.
    pub fn statics(&self) -> impl Iterator<Item = (String, &[u8])> {
        let prefix = format!("{}static/", self.dir);
        self.files.iter().filter_map(move |f| f.path.strip_prefix(prefix.as_str()).map(|rest| (format!("/{rest}"), f.bytes.as_slice())))
    }

    /// The components the theme offers: `templates/components/<name>.html`.
    pub fn components(&self) -> BTreeSet<String> {
        self.templates().filter_map(|(name, _)| name.strip_prefix("components/").and_then(|n| n.strip_suffix(".html")).map(str::to_string)).collect()
    }

    /// Element ids the templates use literally (`id="main"`): Markdown
    /// headings never take them, so a page cannot pose as part of the mark.
    pub fn reserved_ids(&self) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        for (_, bytes) in self.templates() {
            let text = String::from_utf8_lossy(bytes);
            for part in text.split("id=\"").skip(1) {
                if let Some(id) = part.split('"').next().filter(|id| !id.is_empty() && !id.contains('{')) {
                    ids.insert(id.to_string());
                }
            }
        }
        ids
    }
}

/// The theme and `site.toml` after their approvals verified. Its fields
/// are private and only [`approve_inputs`] makes one.
#[derive(Debug, Clone)]
pub struct ApprovedInputs {
    theme: ThemeFiles,
    /// The approved data and static files.
    files: crate::site_files::SiteFiles,
    /// The newest approval of each input, sorted by path.
    approvals: Vec<CheckedApproval>,
}

impl ApprovedInputs {
    /// The approved theme files.
    pub fn theme(&self) -> &ThemeFiles {
        &self.theme
    }
    /// The approved data and static files.
    pub fn files(&self) -> &crate::site_files::SiteFiles {
        &self.files
    }
    /// The approvals that a release binds, sorted by path: data files,
    /// `site.toml`, static files, the theme.
    pub fn approvals(&self) -> &[CheckedApproval] {
        &self.approvals
    }
}

/// Checks the newest approvals of `site.toml` and of the theme against
/// their current bytes; returns the approved inputs with warnings (a review
/// date that passed does not stop publishing: verifiers warn about it), or
/// every problem of both.
pub fn approve_inputs(
    config_bytes: &[u8],
    theme: ThemeFiles,
    files: crate::site_files::SiteFiles,
    trust: &TrustState,
    trust_dir: &Path,
    site: &str,
    now: Timestamp,
) -> Result<(ApprovedInputs, Vec<Diagnostic>), Vec<Diagnostic>> {
    let theme_assets = theme.assets();
    let theme_path = theme.manifest_path();
    let subjects: Vec<(&str, &[u8], &[ApprovedAsset])> = [(CONFIG_SCOPE, config_bytes, &[][..]), (theme_path.as_str(), theme.manifest(), &theme_assets[..])]
        .into_iter()
        .chain(files.all().map(|f| (f.path.as_str(), f.bytes.as_slice(), &[][..])))
        .collect();
    let mut approvals = Vec::new();
    let mut diagnostics = Vec::new();
    let mut warnings = Vec::new();
    for (path, bytes, assets) in subjects {
        let (head, problems) = check_input(path, bytes, assets, trust, trust_dir, site, now);
        let (lapsed, blocking): (Vec<ApprovalProblem>, Vec<ApprovalProblem>) = problems.into_iter().partition(|p| matches!(p, ApprovalProblem::Lapsed { .. }));
        warnings.extend(lapsed.iter().map(|problem| Diagnostic::warning(path, tr!("inputs-message", problem = problem)).help(fix_for_input(problem, path, theme.dir()))));
        if blocking.is_empty() {
            approvals.extend(head);
        }
        diagnostics.extend(blocking.iter().map(|problem| Diagnostic::error(path, tr!("inputs-not-approved", problem = problem)).help(fix_for_input(problem, path, theme.dir()))));
    }
    if diagnostics.is_empty() {
        approvals.sort_by(|a, b| a.payload.path.cmp(&b.payload.path));
        Ok((ApprovedInputs { theme, files, approvals }, warnings))
    } else {
        Err(diagnostics)
    }
}

/// The newest approval of an input, and every problem it has.
fn check_input(
    path: &str,
    bytes: &[u8],
    assets: &[ApprovedAsset],
    trust: &TrustState,
    trust_dir: &Path,
    site: &str,
    now: Timestamp,
) -> (Option<CheckedApproval>, Vec<ApprovalProblem>) {
    let mut chain = match load_chain(trust_dir, path, site, &trust.registry) {
        Ok(chain) => chain,
        Err(problem) => return (None, vec![problem]),
    };
    let Some(head) = chain.pop() else { return (None, vec![ApprovalProblem::NeverApproved]) };
    let source = PageSource { path, digest: crate::trust::approval::SourceDigest::of(bytes), assets, front_matter_publisher: None, url: None, aliases: &[], terms: None };
    let mut problems = check_head(&head, &source, &trust.registry, &trust.root.payload().policy, now);
    problems.extend(crate::trust::approval::check_naming(&head.payload, &trust.namings));
    (Some(head), problems)
}

/// The current state of `site.toml` and the theme, for `status`: the path
/// and, when it is not approved, why.
pub fn input_status(
    site_root: &Path,
    config_bytes: &[u8],
    theme_name: &str,
    trust: &TrustState,
    site: &str,
    now: Timestamp,
) -> Vec<(String, Vec<ApprovalProblem>)> {
    let trust_dir = site_root.join("trust");
    let mut out = vec![(CONFIG_SCOPE.to_string(), check_input(CONFIG_SCOPE, config_bytes, &[], trust, &trust_dir, site, now).1)];
    match ThemeFiles::load(site_root, theme_name) {
        Ok(theme) => {
            let assets = theme.assets();
            let problems = check_input(&theme.manifest_path(), theme.manifest(), &assets, trust, &trust_dir, site, now).1;
            out.push((theme.manifest_path(), problems));
        }
        Err(diagnostics) => out.push((
            format!("themes/{theme_name}/{THEME_MANIFEST}"),
            vec![ApprovalProblem::Malformed { file: format!("themes/{theme_name}/"), reason: diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ") }],
        )),
    }
    if let Ok(files) = crate::site_files::SiteFiles::load(site_root) {
        for file in files.all() {
            out.push((file.path.clone(), check_input(&file.path, &file.bytes, &[], trust, &trust_dir, site, now).1));
        }
    }
    out
}
