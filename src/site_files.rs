//! Site files stage: `data/*.toml` (opening hours, contact lists) that
//! templates and components read, and `static/` files published as they
//! are. Both are approved like pages, one approval per file, by a
//! publisher whose scope covers the file; nothing here reaches the public
//! or a rendered page unapproved.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::trust::digest::Sha256;
use crate::trust::scope::is_canonical_path;

/// The folder of data files.
pub const DATA_DIR: &str = "data";
/// The folder of site-wide static files.
pub const STATIC_DIR: &str = "static";
/// Largest data file.
pub const MAX_DATA_BYTES: u64 = 1 << 20;
/// Largest static file.
pub const MAX_STATIC_BYTES: u64 = 50 << 20;
/// Most files in `data/` and `static/` together.
pub const MAX_SITE_FILES: usize = 20_000;

/// One data or static file, as read.
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// Site-relative path: `data/kontakter.toml`, `static/logo.svg`.
    pub path: String,
    pub bytes: Vec<u8>,
    pub sha256: Sha256,
}

impl SiteFile {
    /// Where a static file is published: `static/img/logo.svg` →
    /// `/img/logo.svg`.
    pub fn url(&self) -> String {
        format!("/{}", self.path.strip_prefix("static/").unwrap_or(&self.path))
    }
}

/// Every data and static file of a site.
#[derive(Debug, Clone, Default)]
pub struct SiteFiles {
    pub data: Vec<SiteFile>,
    pub statics: Vec<SiteFile>,
}

impl SiteFiles {
    /// Reads `data/` (TOML files only) and `static/` under `root`: no
    /// symbolic links, plain lowercase names, size limits, no private keys.
    pub fn load(root: &Path) -> Result<Self, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let data = read_tree(root, DATA_DIR, MAX_DATA_BYTES, &mut problems);
        let statics = read_tree(root, STATIC_DIR, MAX_STATIC_BYTES, &mut problems);
        for file in data.iter().filter(|f| !f.path.ends_with(".toml")) {
            problems.push(Diagnostic::error(&file.path, tr!("site-files-data-not-toml")).help(tr!("site-files-data-not-toml-help")));
        }
        if data.len() + statics.len() > MAX_SITE_FILES {
            problems.push(Diagnostic::error("static/", tr!("site-files-too-many", max = MAX_SITE_FILES)));
        }
        if problems.is_empty() {
            Ok(Self { data, statics })
        } else {
            Err(problems)
        }
    }

    /// Every file, data first, sorted by path within each.
    pub fn all(&self) -> impl Iterator<Item = &SiteFile> {
        self.data.iter().chain(&self.statics)
    }

    /// The data files parsed, for templates as `data.<name>` (`data/
    /// oppettider.toml` → `data.oppettider`; a file in a subfolder
    /// `data/skolor/norr.toml` → `data["skolor/norr"]`).
    pub fn parsed_data(&self) -> Result<BTreeMap<String, serde_json::Value>, Vec<Diagnostic>> {
        let mut out = BTreeMap::new();
        let mut problems = Vec::new();
        for file in &self.data {
            let name = file.path.trim_start_matches("data/").trim_end_matches(".toml").to_string();
            let parsed = std::str::from_utf8(&file.bytes).map_err(|e| e.to_string()).and_then(|text| toml::from_str::<toml::Table>(text).map_err(|e| e.to_string()));
            match parsed.and_then(|table| serde_json::to_value(table).map_err(|e| e.to_string())) {
                Ok(value) => {
                    out.insert(name, value);
                }
                Err(e) => problems.push(Diagnostic::error(&file.path, tr!("site-files-data-unreadable", error = e.trim_end())).help(tr!("site-files-data-unreadable-help"))),
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }
}

fn read_tree(root: &Path, dir: &str, limit: u64, problems: &mut Vec<Diagnostic>) -> Vec<SiteFile> {
    let abs = root.join(dir);
    let mut files = Vec::new();
    if !abs.is_dir() {
        return files;
    }
    // Hidden files and folders (`.git`, `.well-known`) are never read.
    let walker = WalkDir::new(&abs).follow_links(false).sort_by_file_name().into_iter().filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(Diagnostic::error(format!("{dir}/"), tr!("site-files-cannot-read", error = e)));
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(root) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.path_is_symlink() {
            problems.push(Diagnostic::error(&rel, tr!("inputs-symbolic-links-are-not-allowed")).help(tr!("inputs-replace-link-with-file-itself")));
            continue;
        }
        if entry.depth() == 0 || entry.file_type().is_dir() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if !is_canonical_path(&rel) {
            problems.push(Diagnostic::error(&rel, tr!("inputs-file-name-in-theme-not")).help(tr!("inputs-rename-it-using-lowercase-z")));
            continue;
        }
        match crate::load::read_limited(entry.path(), limit) {
            Ok(bytes) if crate::trust::keyfile::looks_like_private_key(&bytes) => problems.push(crate::load::private_key_here(&rel)),
            Ok(bytes) => files.push(SiteFile { sha256: Sha256::of(&bytes), path: rel, bytes }),
            Err(message) => problems.push(Diagnostic::error(&rel, message)),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// True for a path under `data/` or `static/`: approved as a site file.
pub fn is_site_file(path: &str) -> bool {
    path.starts_with("data/") || path.starts_with("static/")
}
