//! `sigill audit`: re-renders a published release from the site's approved
//! sources and approved theme, and checks that every published byte is what
//! this Sigill version makes of them. Then the text citizens read does not
//! rest on trust in the build machine: only on the approvals.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::build::{check_site, write_site, BuildError, BuildOptions};
use crate::continuity::release_keys;
use crate::diagnostic::Diagnostic;
use crate::log::read::LogLocation;
use crate::log::{checkpoint_origin, read_log, LOG_DIR};
use crate::output::Staging;
use crate::progress::Progress;
use crate::trust::canonical::from_canonical_sorted;
use crate::trust::release::{FilesIndex, PublishedFile, MAX_FILES_INDEX_BYTES, WELL_KNOWN};
use crate::trust::Timestamp;
use crate::verify::source::DirSource;
use crate::verify::{verify_site, SiteReport, VerifyOptions};

/// What an audit found.
#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    /// The published site, verified from the anchor pinned in `site.toml`.
    pub verification: SiteReport,
    /// Files published with other bytes than the re-rendering gives.
    pub differ: Vec<String>,
    /// Files the re-rendering makes that the release does not list.
    pub not_published: Vec<String>,
    /// Files the release lists that the re-rendering does not make.
    pub not_reproduced: Vec<String>,
    /// How many files were compared.
    pub compared: usize,
}

impl AuditReport {
    /// True when the published site verified and every file was reproduced.
    pub fn passed(&self) -> bool {
        !self.verification.failed() && self.differ.is_empty() && self.not_published.is_empty() && self.not_reproduced.is_empty()
    }
}

/// Verifies the site published in `published`, re-renders it from the site
/// at `root` at time `now`, and compares every file.
pub fn audit(root: &Path, published: &Path, now: Timestamp, progress: &dyn Progress) -> Result<AuditReport, BuildError> {
    let options = BuildOptions { out: None, now, write: false, release_key: None, protected: Vec::new(), strict: false, state: None };
    let mut checked = check_site(root, &options, progress)?;
    let anchor = checked.site.config.trust.root.clone();
    let source = DirSource::new(published);
    let verification = verify_site(&source, &VerifyOptions { anchor, now, memory: None, witnesses: Vec::new(), log_verified: None });
    let listed_path = published.join(WELL_KNOWN.trim_start_matches('/')).join("files.json");
    let setup = |what: String| BuildError::Setup(Diagnostic::error(published.display().to_string(), what));
    let listed: FilesIndex = crate::trust::read_at_most(&listed_path, MAX_FILES_INDEX_BYTES)
        .map_err(|e| setup(format!("cannot read {}: {e}", listed_path.display())))?
        .ok_or_else(|| setup(tr!("audit-files-json-too-large")))
        .and_then(|bytes| from_canonical_sorted(&bytes, MAX_FILES_INDEX_BYTES).map_err(|e| setup(format!("files.json: {e}"))))?;
    let scratch = tempfile::tempdir().map_err(|e| setup(tr!("audit-cannot-make-scratch-folder", error = e)))?;
    let staging = Staging::new(&scratch.path().join("site"), None).map_err(|e| setup(e.to_string()))?;
    // Withdrawal notices and page histories are made from the published
    // log's last state.
    let at = LogLocation { source: &source, dir: LOG_DIR.to_string() };
    let origin = checkpoint_origin(&checked.trust.root.payload().site);
    let state = match read_log(&at, &origin, &release_keys(&checked.trust)) {
        Ok(Some(log)) => {
            let last = log.last().map(|e| e.index).unwrap_or_default();
            log.state(&at, last).map(|(_, state)| state).map_err(|e| setup(tr!("audit-published-log", error = e)))?
        }
        Ok(None) => crate::log::ReleaseState::default(),
        Err(e) => return Err(setup(tr!("audit-published-log", error = e))),
    };
    write_site(&mut checked, &crate::log::PublishedTimes::of(&state), &staging, None, progress)?;
    let made: BTreeMap<String, PublishedFile> =
        staging.files().map_err(|e| setup(tr!("audit-cannot-list-re-rendered-site", error = e)))?.into_iter().map(|f| (f.path.clone(), f)).collect();
    let published_files: BTreeMap<String, PublishedFile> = listed.files.into_iter().map(|f| (f.path.clone(), f)).collect();
    // files.json itself is made by sealing; every file it lists is compared.
    let files_json = format!("{WELL_KNOWN}/files.json");
    let differ = published_files.iter().filter(|(p, f)| made.get(*p).is_some_and(|m| m != *f)).map(|(p, _)| p.clone()).collect();
    let not_reproduced = published_files.keys().filter(|p| !made.contains_key(*p)).cloned().collect();
    let not_published = made.keys().filter(|p| !published_files.contains_key(*p) && **p != files_json).cloned().collect();
    Ok(AuditReport { verification, differ, not_published, not_reproduced, compared: published_files.len() })
}
