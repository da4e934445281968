//! The list of published files and the approvals of the site inputs: every
//! byte of a release is bound to its signature.

use rayon::prelude::*;

use super::page::ReadFile;
use super::reason::{Finding, Reason};
use super::source::{FetchError, Source};
use super::{SiteContext, SiteReport};
use crate::trust::approval::{check_authority, verify_approval_bytes};
use crate::trust::canonical::from_canonical;
use crate::trust::encoding::sha256_hex;
use crate::trust::registry::VerifiedRegistry;
use crate::trust::release::*;
use crate::trust::root::VerifiedRoot;
use crate::trust::scope::CONFIG_SCOPE;
use crate::trust::Timestamp;

/// Every file `files.json` lists, sorted by path as the list must be, and
/// looked up by binary search: a large site's list (hundreds of thousands
/// of files) is held once, as it was read.
#[derive(Debug, Default)]
pub struct ListedFiles(Vec<PublishedFile>);

impl ListedFiles {
    /// The listed file at URL path `path`: what the published file must be.
    pub fn get(&self, path: &str) -> Option<&PublishedFile> {
        self.0.binary_search_by(|file| file.path.as_str().cmp(path)).ok().and_then(|i| self.0.get(i))
    }
    /// Whether the list names `path`.
    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }
    /// Every listed path, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|file| &file.path)
    }
}

/// Reads `files.json` and checks it is the list the release signs.
pub(super) fn load_files(source: &dyn Source, release: &ReleasePayload) -> Result<ListedFiles, Finding> {
    let path = format!("{WELL_KNOWN}/files.json");
    let invalid = |detail: String| Finding::new(Reason::FilesInvalid, detail);
    let bytes = source.get(&path, MAX_FILES_INDEX_BYTES).map_err(|e| invalid(tr!("files-cannot-read-list-published-files", error = e)))?;
    if sha256_hex(&bytes) != release.files_sha256 {
        return Err(invalid(tr!("files-not-list-files-release-signs", path = path)));
    }
    let index: FilesIndex = crate::trust::canonical::from_canonical_sorted(&bytes, MAX_FILES_INDEX_BYTES).map_err(|e| invalid(format!("{path}: {e}")))?;
    drop(bytes);
    let sorted = index.files.windows(2).all(|w| w[0].path < w[1].path);
    if index.format != FILES_FORMAT || !sorted || index.files.len() as u64 != release.files_count {
        return Err(invalid(tr!("files-malformed-format-order-count", path = path)));
    }
    for file in &index.files {
        let clean = file.path.starts_with('/') && file.path.split('/').skip(1).all(|s| !s.is_empty() && s != "." && s != "..");
        if !clean || is_unlisted(&file.path) {
            return Err(invalid(tr!("files-lists-malformed-entry", path = path, path2 = format!("{:?}", file.path))));
        }
    }
    Ok(ListedFiles(index.files))
}

/// Reads `inputs.json` and checks the approvals of `site.toml`, the theme
/// the pages were rendered with, the data files they read and the static
/// files published: signed by a registered key whose publisher's scope
/// covers them, not revoked, not lapsed; each static file published with
/// the bytes its approval covers.
pub(super) fn load_inputs(
    source: &dyn Source,
    release: &ReleasePayload,
    root: &VerifiedRoot,
    registry: &VerifiedRegistry,
    files: &ListedFiles,
    now: Timestamp,
    warnings: &mut Vec<Finding>,
) -> Vec<Finding> {
    let path = format!("{WELL_KNOWN}/inputs.json");
    let invalid = |detail: String| Finding::new(Reason::InputsInvalid, detail);
    let bytes = match source.get(&path, MAX_INPUTS_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => return vec![invalid(tr!("files-cannot-read-approvals-theme-site", error = e))],
    };
    if sha256_hex(&bytes) != release.inputs_sha256 {
        return vec![invalid(tr!("files-not-one-release-signs", path = path))];
    }
    let index: InputsIndex = match from_canonical(&bytes, MAX_INPUTS_BYTES) {
        Ok(index) => index,
        Err(e) => return vec![invalid(format!("{path}: {e}"))],
    };
    let mut problems = Vec::new();
    let mut paths = Vec::new();
    for envelope in &index.approvals {
        match verify_approval_bytes(&envelope.to_bytes(), &path, registry) {
            Err(problem) => problems.push(invalid(problem.to_string())),
            Ok((_, payload)) => {
                if payload.site != root.payload().site {
                    problems.push(invalid(tr!("files-approval-for-another-site", path = payload.path)));
                }
                if payload.url.is_some() {
                    problems.push(invalid(tr!("files-page-approval-not-one-theme", path = payload.path)));
                }
                if let Some(rest) = payload.path.strip_prefix("static/") {
                    let url = format!("/{rest}");
                    if files.get(&url).is_none_or(|f| f.sha256 != payload.source_sha256 || f.len != payload.source_len) {
                        problems.push(invalid(tr!("files-static-not-published-as-approved", path = payload.path, url = url)));
                    }
                }
                for problem in check_authority(&payload, &payload.path, registry, &root.payload().policy, now) {
                    if matches!(problem, crate::trust::approval::ApprovalProblem::Lapsed { .. }) {
                        warnings.push(Finding::new(Reason::ApprovalLapsed, tr!("files-message", path = payload.path, problem = problem)));
                    } else {
                        problems.push(invalid(format!("{}: {problem}", payload.path)));
                    }
                }
                paths.push(payload.path);
            }
        }
    }
    let themes = paths.iter().filter(|p| p.starts_with("themes/") && p.ends_with("/theme.toml")).count();
    let configs = paths.iter().filter(|p| *p == CONFIG_SCOPE).count();
    let others_are_site_files = paths.iter().all(|p| *p == CONFIG_SCOPE || (p.starts_with("themes/") && p.ends_with("/theme.toml")) || (p.starts_with("data/") && p.ends_with(".toml")) || p.starts_with("static/"));
    if index.format != INPUTS_FORMAT || themes != 1 || configs != 1 || !others_are_site_files || !paths.windows(2).all(|w| w[0] < w[1]) {
        problems.push(invalid(tr!("files-must-hold-exactly-one-approval", path = path)));
    }
    problems
}

/// Checks one published file against the list the release signs.
pub fn check_file(source: &dyn Source, ctx: &SiteContext, path: &str) -> Option<Finding> {
    check_file_read(source, ctx, path, None)
}

/// [`check_file`], taking the length and hash of a file the check read
/// already instead of reading it again.
fn check_file_read(source: &dyn Source, ctx: &SiteContext, path: &str, read: Option<&ReadFile>) -> Option<Finding> {
    let got = match read {
        Some(read) => Ok((read.len, read.sha256)),
        None => source.digest(path, MAX_PUBLISHED_FILE_BYTES),
    };
    check_file_read_as(path, ctx, got)
}

/// [`check_file_read`] for a file read (or not) already.
fn check_file_read_as(path: &str, ctx: &SiteContext, got: Result<(u64, crate::trust::digest::Sha256), FetchError>) -> Option<Finding> {
    let Some(listed) = ctx.files.get(path) else {
        return Some(Finding::new(Reason::FileExtra, tr!("files-not-file-signed-release-added", path = path)));
    };
    match got {
        Ok((len, sha256)) if sha256 == listed.sha256 && len == listed.len => None,
        Ok(_) => Some(Finding::new(Reason::FileChanged, tr!("files-was-changed-after-build-it", path = path))),
        Err(FetchError::NotFound(_)) => Some(Finding::new(Reason::FileMissing, tr!("files-missing-signed-release-lists-it", path = path))),
        Err(e) => Some(Finding::new(Reason::FileMissing, tr!("approve-message", path = path, error = e))),
    }
}

/// Which of a listed page's own files its check read whole and compared
/// with `files.json` already: a bit for its HTML, its proof, its source.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ReadMask(u8);

/// The files of a page at `url` whose bits [`ReadMask`] keeps, in order.
fn own_files(url: &str) -> [String; 3] {
    [format!("{url}index.html"), proof_path(url), source_path(url)]
}

/// Compares the files a page's check read with `files.json` (only those it
/// lists; any other is checked or reported by [`check_all_files`]), and
/// notes which of the page's own files were read.
pub(super) fn note_read(ctx: &SiteContext, url: &str, read: Vec<ReadFile>) -> (ReadMask, Vec<Finding>) {
    let own = own_files(url);
    let mut mask = ReadMask::default();
    let mut problems = Vec::new();
    for file in read {
        let Some(bit) = own.iter().position(|path| *path == file.path) else { continue };
        if ctx.files.contains_key(&file.path) {
            problems.extend(check_file_read_as(&file.path, ctx, Ok((file.len, file.sha256))));
            mask.0 |= 1 << bit;
        }
    }
    (mask, problems)
}

/// True when `path` is one of the own files of a listed page whose check
/// read it (`pages` sorted by URL, as `pages.json` lists them; if they are
/// not, a file is read again, never skipped wrongly).
fn was_read(path: &str, pages: &[super::pages_index::ListedPage], masks: &[ReadMask]) -> bool {
    let url = [("index.html.proof.json", 1), ("index.html", 0), ("index.md", 2)]
        .into_iter()
        .find_map(|(suffix, bit)| path.strip_suffix(suffix).filter(|url| url.ends_with('/')).map(|url| (url, bit)));
    let Some((url, bit)) = url else { return false };
    match pages.binary_search_by(|page| page.url.as_str().cmp(url)) {
        Ok(i) => masks.get(i).is_some_and(|mask| mask.0 & (1 << bit) != 0) && own_files(url)[bit] == path,
        Err(_) => false,
    }
}

/// Checks every file the release lists and, where the source can list its
/// files, that there are no others. The own files of the `pages` that
/// their checks read (`masks`, see [`note_read`]) were compared already
/// and are not read again.
pub(super) fn check_all_files(source: &dyn Source, ctx: &SiteContext, report: &mut SiteReport, pages: &[super::pages_index::ListedPage], masks: &[ReadMask]) {
    let paths: Vec<&String> = ctx.files.keys().collect();
    let mut problems: Vec<Finding> = paths.par_iter().filter(|path| !was_read(path, pages, masks)).filter_map(|path| check_file_read(source, ctx, path, None)).collect();
    if let Some(present) = source.list() {
        problems.extend(
            present
                .iter()
                .filter(|p| !ctx.files.contains_key(p) && !is_unlisted(p))
                .map(|p| Finding::new(Reason::FileExtra, tr!("files-not-file-signed-release-added-2", value = p))),
        );
    }
    problems.sort();
    report.problems.extend(problems);
}
