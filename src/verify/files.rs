//! The list of published files and the approvals of the site inputs: every
//! byte of a release is bound to its signature.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::page::ReadFile;
use super::reason::{Finding, Reason};
use super::source::{FetchError, Source};
use super::{SiteContext, SiteReport};
use crate::trust::approval::{check_authority, verify_approval_bytes};
use crate::trust::canonical::{from_canonical, to_canonical};
use crate::trust::encoding::{is_sha256_hex, sha256_hex};
use crate::trust::registry::VerifiedRegistry;
use crate::trust::release::*;
use crate::trust::root::VerifiedRoot;
use crate::trust::scope::CONFIG_SCOPE;
use crate::trust::Timestamp;

/// A file `files.json` lists, kept under its path: what a published file
/// must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFile {
    pub len: u64,
    pub sha256: crate::trust::digest::Sha256,
}

/// Reads `files.json` and checks it is the list the release signs.
pub(super) fn load_files(source: &dyn Source, release: &ReleasePayload) -> Result<BTreeMap<String, ListedFile>, Finding> {
    let path = format!("{WELL_KNOWN}/files.json");
    let invalid = |detail: String| Finding::new(Reason::FilesInvalid, detail);
    let bytes = source.get(&path, MAX_FILES_INDEX_BYTES).map_err(|e| invalid(tr!("files-cannot-read-list-published-files", error = e)))?;
    if sha256_hex(&bytes) != release.files_sha256 {
        return Err(invalid(tr!("files-not-list-files-release-signs", path = path)));
    }
    let index: FilesIndex = crate::trust::canonical::from_canonical_sorted(&bytes, MAX_FILES_INDEX_BYTES).map_err(|e| invalid(format!("{path}: {e}")))?;
    let sorted = index.files.windows(2).all(|w| w[0].path < w[1].path);
    if index.format != FILES_FORMAT || !sorted || index.files.len() as u64 != release.files_count {
        return Err(invalid(tr!("files-malformed-format-order-count", path = path)));
    }
    for file in &index.files {
        let clean = file.path.starts_with('/') && file.path.split('/').skip(1).all(|s| !s.is_empty() && s != "." && s != "..");
        if !clean || !is_sha256_hex(&file.sha256) || is_unlisted(&file.path) {
            return Err(invalid(tr!("files-lists-malformed-entry", path = path, path2 = format!("{:?}", file.path))));
        }
    }
    Ok(index.files.into_iter().map(|f| (f.path, ListedFile { len: f.len, sha256: f.sha256 })).collect())
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
    files: &BTreeMap<String, ListedFile>,
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
        match verify_approval_bytes(&to_canonical(envelope), &path, registry) {
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
    let Some(listed) = ctx.files.get(path) else {
        return Some(Finding::new(Reason::FileExtra, tr!("files-not-file-signed-release-added", path = path)));
    };
    let got = match read {
        Some(read) => Ok((read.len, read.sha256.clone())),
        None => source.get(path, MAX_PUBLISHED_FILE_BYTES).map(|bytes| (bytes.len() as u64, crate::trust::digest::Sha256::of(&bytes))),
    };
    match got {
        Ok((len, sha256)) if sha256 == listed.sha256 && len == listed.len => None,
        Ok(_) => Some(Finding::new(Reason::FileChanged, tr!("files-was-changed-after-build-it", path = path))),
        Err(FetchError::NotFound(_)) => Some(Finding::new(Reason::FileMissing, tr!("files-missing-signed-release-lists-it", path = path))),
        Err(e) => Some(Finding::new(Reason::FileMissing, tr!("approve-message", path = path, error = e))),
    }
}

/// Checks every file the release lists and, where the source can list its
/// files, that there are no others. The files in `read` were read whole by
/// the check already (each page, its proof and its source): their length
/// and hash are compared, not read again.
pub(super) fn check_all_files(source: &dyn Source, ctx: &SiteContext, report: &mut SiteReport, read: Vec<ReadFile>) {
    let read: HashMap<&str, &ReadFile> = read.iter().map(|file| (file.path.as_str(), file)).collect();
    let paths: Vec<&String> = ctx.files.keys().collect();
    let mut problems: Vec<Finding> = paths.par_iter().filter_map(|path| check_file_read(source, ctx, path, read.get(path.as_str()).copied())).collect();
    if let Some(present) = source.list() {
        problems.extend(
            present
                .into_iter()
                .filter(|p| !ctx.files.contains_key(p) && !is_unlisted(p))
                .map(|p| Finding::new(Reason::FileExtra, tr!("files-not-file-signed-release-added-2", value = p))),
        );
    }
    problems.sort();
    report.problems.extend(problems);
}
