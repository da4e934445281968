//! The release log, as a verifier checks it: the checkpoint is signed by a
//! release key of the site's root, the entries hash to it, the newest entry
//! is the release being served, the history only moves forward, and the log
//! extends the one this verifier saw before (a consistency check against
//! the remembered checkpoint).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::reason::{Finding, Reason};
use super::source::Source;
use crate::log::entry::{release_path, state_path};
use crate::log::read::{read_log, LogLocation, PublishedLog};
use crate::log::tiles::entry_bundles;
use crate::log::{checkpoint_origin, LogError, LOG_DIR};
use crate::trust::encoding::{hex, sha256_hex};
use crate::trust::release::ReleasePayload;
use crate::trust::root::VerifiedRoot;
use crate::trust::PublicKey;

/// A log's size and root: what a verifier remembers between checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogHead {
    pub size: u64,
    /// The RFC 6962 root hash, lowercase hex.
    pub root: String,
}

/// The user's data folder: `$XDG_DATA_HOME`, else `~/.local/share`, else
/// `%APPDATA%`. The build's log state and the verifier's memory live under
/// `sigill/` there.
pub fn user_data_dir() -> Option<std::path::PathBuf> {
    use std::path::PathBuf;
    std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".local/share")))
        .or_else(|| std::env::var_os("APPDATA").filter(|v| !v.is_empty()).map(PathBuf::from))
}

/// Every release key any root version names.
pub fn release_keys(root: &VerifiedRoot) -> Vec<PublicKey> {
    let mut keys = Vec::new();
    for payload in root.payload_history() {
        for keyid in &payload.roles.release.keyids {
            if let Some(Ok(key)) = payload.keys.get(keyid).map(|k| PublicKey::from_base64(&k.public)) {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
    }
    keys
}

fn invalid(detail: impl Into<String>) -> Finding {
    Finding::new(Reason::LogInvalid, detail)
}

/// What a check of the log found.
pub(super) struct LogCheck {
    /// The log's head, when it verified.
    pub head: Option<LogHead>,
    pub problems: Vec<Finding>,
    /// When each approval the newest release publishes was first logged,
    /// by the sha256 of its envelope.
    pub logged: BTreeMap<crate::trust::digest::Sha256, crate::trust::Timestamp>,
}

/// Checks the site's log against the served release.
pub(super) fn check_log(
    source: &dyn Source,
    root: &VerifiedRoot,
    release: &ReleasePayload,
    release_bytes: &[u8],
    remembered: Option<&LogHead>,
    witnesses: &[crate::log::witness::Witness],
    verified: Option<&LogHead>,
) -> LogCheck {
    let (head, mut problems, logged, note) = check_log_inner(source, root, release, release_bytes, remembered, verified);
    if !witnesses.is_empty() {
        for witness in witnesses.iter().filter(|w| !crate::log::witness::is_cosigned(&note, w)) {
            problems.push(Finding::new(Reason::LogUnwitnessed, tr!("log-not-cosigned-by", name = witness.name)));
        }
    }
    LogCheck { head, problems, logged }
}

/// The head, the problems, when each approval was logged, and the checkpoint's bytes.
type Checked = (Option<LogHead>, Vec<Finding>, BTreeMap<crate::trust::digest::Sha256, crate::trust::Timestamp>, Vec<u8>);

fn check_log_inner(source: &dyn Source, root: &VerifiedRoot, release: &ReleasePayload, release_bytes: &[u8], remembered: Option<&LogHead>, verified: Option<&LogHead>) -> Checked {
    let at = LogLocation { source, dir: LOG_DIR.to_string() };
    let origin = checkpoint_origin(&root.payload().site);
    let log = match read_log(&at, &origin, &release_keys(root)) {
        Ok(Some(log)) => log,
        Ok(None) => return (None, vec![invalid(tr!("log-checkpoint-missing-release-not-in", log_dir = LOG_DIR))], BTreeMap::new(), Vec::new()),
        Err(e @ LogError::Fetch(_)) => return (None, vec![invalid(tr!("log-log-cannot-be-read", error = e))], BTreeMap::new(), Vec::new()),
        Err(e) => return (None, vec![invalid(e.to_string())], BTreeMap::new(), Vec::new()),
    };
    let mut logged = BTreeMap::new();
    // The newest state, parsed once: for the times its approvals were
    // logged, and for what it must still hold of the state before it.
    let mut newest: Option<(u64, crate::log::ReleaseState)> = None;
    let head = LogHead { size: log.checkpoint.size, root: hex(&log.checkpoint.root) };
    let mut problems = history_problems(&log);
    if let Some(last) = log.last() {
        let same = last.release_sha256 == sha256_hex(release_bytes)
            && last.created == release.created
            && last.pages_root == release.pages_root
            && last.root_sha256 == release.root_sha256
            && last.registry_sha256 == release.registry_sha256
            && last.site == release.site;
        if !same {
            problems.push(Finding::new(Reason::LogMismatch, tr!("log-served-release-not-newest-release", index = last.index, created = last.created)));
        } else {
            match log.state(&at, last.index) {
                Ok((_, state)) => {
                    logged = state.pages.iter().chain(&state.inputs).chain(&state.co_approvals).map(|a| (a.approval_sha256, a.logged_at)).collect();
                    newest = Some((last.index, state));
                }
                Err(e) => problems.push(invalid(e.to_string())),
            }
        }
    }
    if let Some(before) = remembered {
        problems.extend(consistency(&log, before));
    }
    if let Some(present) = source.list() {
        // Entries before the last of a prefix verified before need no new comparison.
        let compared_from = verified.filter(|v| consistency(&log, v).is_none()).map_or(0, |v| v.size.saturating_sub(1));
        problems.extend(exact_files(&log, &at, &present, compared_from, newest.as_ref()));
    }
    let note = log.checkpoint.bytes.clone();
    (Some(head), problems, logged, note)
}

/// The remembered head must be a prefix of this log.
fn consistency(log: &PublishedLog, before: &LogHead) -> Option<Finding> {
    if log.checkpoint.size < before.size {
        return Some(Finding::new(
            Reason::LogRollback,
            tr!("log-log-has-releases-but-this", size = log.checkpoint.size, size2 = before.size),
        ));
    }
    match log.tree.root_at(before.size) {
        Some(root) if hex(&root) == before.root => None,
        _ => Some(Finding::new(
            Reason::LogFork,
            tr!("log-log-does-not-extend-one", size = before.size, root = before.root),
        )),
    }
}

/// Entries move forward: strictly later, never a lower root or registry
/// version, one site.
fn history_problems(log: &PublishedLog) -> Vec<Finding> {
    let mut problems = Vec::new();
    for pair in log.entries.windows(2) {
        let (a, b) = (&pair[0].1, &pair[1].1);
        if b.created <= a.created || b.root_version < a.root_version || b.registry_version < a.registry_version || b.site != a.site {
            problems.push(invalid(tr!("log-entry-goes-backwards-from-entry", index = b.index, index2 = a.index)));
        }
    }
    problems
}

/// Every page one release published is in the next, approved at the same
/// or a later sequence, or withdrawn.
/// `earlier` is the earlier release's pages, each path with its sequence.
fn vanished(earlier: &[(String, u64)], later: &crate::log::ReleaseState, index: u64) -> Vec<Finding> {
    // The highest sequence the later release keeps or withdraws, by path.
    let mut highest: std::collections::HashMap<&str, u64> = std::collections::HashMap::with_capacity(later.pages.len() + later.withdrawn.len());
    for (path, sequence) in later.pages.iter().map(|p| (p.path.as_str(), p.sequence)).chain(later.withdrawn.iter().map(|w| (w.path.as_str(), w.sequence))) {
        let at = highest.entry(path).or_insert(sequence);
        *at = (*at).max(sequence);
    }
    earlier
        .iter()
        .filter(|(path, earlier)| highest.get(path.as_str()).is_none_or(|&sequence| sequence < *earlier))
        .map(|(path, sequence)| invalid(tr!("log-release-dropped-approval-without-withdrawal", index = index, path = path, sequence = sequence)))
        .collect()
}

/// A folder holds exactly the log's files, byte for byte. The states and
/// releases of entries before `compared_from`, inside a prefix the caller
/// verified, are only required to be there.
fn exact_files(log: &PublishedLog, at: &LogLocation<'_>, present: &[String], compared_from: u64, parsed: Option<&(u64, crate::log::ReleaseState)>) -> Vec<Finding> {
    let mut expected: BTreeMap<String, Option<Vec<u8>>> = BTreeMap::new();
    expected.insert("checkpoint".into(), Some(log.checkpoint.bytes.clone()));
    for (path, bytes) in log.tree.hash_tiles() {
        expected.insert(path, Some(bytes));
    }
    let raw: Vec<Vec<u8>> = log.entries.iter().map(|(b, _)| b.clone()).collect();
    for (path, bytes) in entry_bundles(&raw) {
        expected.insert(path, Some(bytes));
    }
    let mut problems = Vec::new();
    // Of the state before, only its pages' paths and sequences are kept.
    let mut before: Option<Vec<(String, u64)>> = None;
    for (_, entry) in &log.entries {
        // Each state and release is checked against the hash its entry holds.
        expected.insert(state_path(entry.index), None);
        expected.insert(release_path(entry.index), None);
        if entry.index < compared_from {
            // Checked against their hashes by the caller that verified
            // this prefix (the build, when it loaded its state folder).
            continue;
        }
        // A state parsed already (the newest, read from this same log) is
        // not read again.
        let state = match parsed.filter(|(index, _)| *index == entry.index) {
            Some((_, state)) => Ok(std::borrow::Cow::Borrowed(state)),
            None => log.state(at, entry.index).map(|(_, state)| std::borrow::Cow::Owned(state)),
        };
        match state {
            Ok(state) => {
                if let Some(earlier) = &before {
                    problems.extend(vanished(earlier, &state, entry.index));
                }
                before = Some(state.pages.iter().map(|page| (page.path.clone(), page.sequence)).collect());
            }
            Err(e) => problems.push(invalid(e.to_string())),
        }
        if let Err(e) = log.release(at, entry.index) {
            problems.push(invalid(e.to_string()));
        }
    }
    let prefix = format!("{LOG_DIR}/");
    let mut seen = 0;
    for path in present.iter().filter_map(|p| p.strip_prefix(&prefix)) {
        match expected.get(path) {
            None => problems.push(Finding::new(Reason::FileExtra, tr!("log-not-file-log", prefix = prefix, path = path))),
            Some(Some(bytes)) => {
                seen += 1;
                if at.get(path, bytes.len() + 1).ok().as_ref() != Some(bytes) {
                    problems.push(Finding::new(Reason::FileChanged, tr!("log-differs-from-what-log-entries", prefix = prefix, path = path)));
                }
            }
            Some(None) => seen += 1,
        }
    }
    if seen < expected.len() {
        problems.push(Finding::new(Reason::FileMissing, tr!("log-file-log-are-missing", seen = expected.len() - seen)));
    }
    problems
}

/// Reads a site's root chain (from `anchor`, or the site's own on first
/// use) and its log, for `sigill log`.
pub fn open_site_log(source: &dyn Source, anchor: Option<&str>, now: crate::trust::Timestamp) -> Result<(VerifiedRoot, PublishedLog), String> {
    use crate::trust::release::WELL_KNOWN;
    let mut versions = Vec::new();
    for n in 1..=1000u32 {
        let path = format!("{WELL_KNOWN}/root/{n}.root.json");
        match source.get(&path, crate::trust::envelope::MAX_ENVELOPE_BYTES) {
            Ok(bytes) => versions.push((path, bytes)),
            Err(super::source::FetchError::NotFound(_)) if n > 1 => break,
            Err(e) => return Err(tr!("site-cannot-read-site-root-trust", error = e)),
        }
    }
    let own = format!("sha256:{}", sha256_hex(&versions[0].1));
    let root = crate::trust::root::verify_root_versions(versions, anchor.unwrap_or(&own), None, now).map_err(|e| e.to_string())?;
    let at = LogLocation { source, dir: LOG_DIR.to_string() };
    let log = read_log(&at, &checkpoint_origin(&root.payload().site), &release_keys(&root))
        .map_err(|e| e.to_string())?
        .ok_or_else(|| tr!("log-site-has-no-log"))?;
    Ok((root, log))
}
