//! Continuity stage: the build never goes backwards. It reads the log the
//! build machine last published — from a state folder outside the
//! repository or from the live site — and refuses a release that would
//! roll back the root, the registry or a page's approval, drop an approved
//! page without a signed withdrawal, or not be later than the last one.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::approvals::LapsePolicy;
use crate::diagnostic::Diagnostic;
use crate::log::entry::{LoggedApproval, LoggedWithdrawal, ReleaseState, STATE_FORMAT};
use crate::log::read::LogLocation;
use crate::log::write::LogHistory;
use crate::log::{checkpoint_origin, read_log, LogError, PublishedLog, LOG_DIR};
use crate::trust::approval::CheckedApproval;
use crate::trust::digest::Sha256;
use crate::trust::registry::KeyStatus;
use crate::trust::withdrawal::BY_REGISTRY;
use crate::trust::{PublicKey, Timestamp, TrustState};
use crate::log::checked_files::CheckedLogFiles;
use crate::verify::source::{HttpSource, KnownDir};

/// Where the build learns what it last published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateSource {
    /// A folder the build machine keeps (`--state`, or the default under
    /// the user's data folder); the build writes the new log there.
    Dir(PathBuf),
    /// The live site (`--log-url https://www.example.se`): its published
    /// log is read, nothing is written back.
    Url(String),
}

/// The default state folder for `site`: `$XDG_DATA_HOME/sigill/state/<site>`
/// (or `~/.local/share/…`, `%APPDATA%\sigill\state\…`).
pub fn default_state_dir(site: &str) -> Option<PathBuf> {
    Some(crate::verify::log::user_data_dir()?.join("sigill").join("state").join(site))
}

/// What the build last published: its verified log and last state.
pub struct Previous {
    pub log: PublishedLog,
    pub history: LogHistory,
    pub state: ReleaseState,
}

/// Every release key any version of the root named: the log may have been
/// signed before a release key was rotated.
pub fn release_keys(trust: &TrustState) -> Vec<PublicKey> {
    crate::verify::log::release_keys(&trust.root)
}

/// Reads the last published log from `source`; `Ok(None)` when there is none yet.
/// In a state folder, the files the build machine's record says it checked
/// before ([`crate::log::checked_files`], signed by `release`, the release
/// key this build holds and the root names) are not read again.
pub fn read_previous(source: &StateSource, trust: &TrustState, release: Option<&PublicKey>) -> Result<Option<Previous>, LogError> {
    let origin = checkpoint_origin(&trust.root.payload().site);
    let keys = release_keys(trust);
    let (dir_source, http_source);
    let at = match source {
        StateSource::Dir(dir) => {
            let checked = release.map(|key| CheckedLogFiles::load(dir, key)).unwrap_or_default();
            dir_source = KnownDir::new(dir, checked);
            LogLocation { source: &dir_source, dir: String::new() }
        }
        StateSource::Url(url) => {
            http_source = HttpSource::new(url);
            LogLocation { source: &http_source, dir: LOG_DIR.to_string() }
        }
    };
    let Some(log) = read_log(&at, &origin, &keys)? else {
        return Ok(None);
    };
    let history = LogHistory::load(&log, &at)?;
    let last = log.last().map(|e| e.index).unwrap_or_default();
    let (_, state) = log.state(&at, last)?;
    Ok(Some(Previous { log, history, state }))
}

/// The new release's state document, written as soon as it is decided:
/// beside the state folder when the build keeps one (so that a build does
/// not hold the whole state while it writes the pages; the file is linked
/// into the release and the state folder, then its own `name` is
/// removed), else held as bytes.
pub struct NewState {
    pub blob: crate::log::write::LogBlob,
    pub sha256: crate::trust::digest::Sha256,
    /// The file's own name, removed when this is dropped.
    pub name: Option<tempfile::TempPath>,
}

impl NewState {
    pub fn write(state: &crate::log::ReleaseState, source: Option<&StateSource>) -> std::io::Result<Self> {
        let beside = match source {
            Some(StateSource::Dir(dir)) => dir.parent().filter(|parent| parent.is_dir()),
            _ => None,
        };
        let Some(beside) = beside else {
            let bytes = crate::trust::canonical::to_canonical_sorted(state);
            let sha256 = crate::trust::digest::Sha256::of(&bytes);
            return Ok(Self { blob: crate::log::write::LogBlob::Bytes(bytes), sha256, name: None });
        };
        remove_stale_temporaries(beside);
        let (file, name) = tempfile::Builder::new().prefix(TEMPORARY_PREFIXES[0]).tempfile_in(beside)?.into_parts();
        // Published: readable by the web server, as every file of a release.
        #[cfg(unix)]
        file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))?;
        let mut writer = std::io::BufWriter::with_capacity(256 << 10, crate::output::HashingWriter::new(file));
        crate::trust::canonical::write_canonical_sorted(&mut writer, state)?;
        let (_, _, sha256) = writer.into_inner().map_err(std::io::IntoInnerError::into_error)?.finish();
        Ok(Self { blob: crate::log::write::LogBlob::File(name.to_path_buf()), sha256, name: Some(name) })
    }
}

/// Files a build writes beside the state folder while it runs, by the
/// start of their names; a build ended by a signal leaves its own behind.
const TEMPORARY_PREFIXES: [&str; 2] = [".log-state", FACTS_TEMPORARY_PREFIX];

/// The start of the name of the record of Markdown facts a build is writing.
pub(crate) const FACTS_TEMPORARY_PREFIX: &str = ".markdown-facts";

/// How old a build's temporary file must be before a later build takes it
/// as left behind (a build of 100 000 pages takes under a minute; one that
/// is still running is not disturbed).
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files of builds that were ended before they could
/// (by Ctrl-C or a signal) from `beside`, the state folder's parent.
fn remove_stale_temporaries(beside: &Path) {
    let Ok(entries) = std::fs::read_dir(beside) else { return };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !TEMPORARY_PREFIXES.iter().any(|prefix| name.starts_with(prefix)) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|meta| meta.modified().ok())
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The new log files written beside the state folder, not yet in its
/// place: a build writes them before its self-check, so that it does not
/// hold the new state's bytes while the verifier reads the release, and
/// puts them in place only once the release has passed.
pub struct StagedState {
    dir: PathBuf,
    staged: PathBuf,
}

/// Writes the new log files beside the state folder `dir` (see
/// [`StagedState::commit`]). A file the old folder holds with the same
/// bytes (every earlier state and release) is linked, not written.
pub fn stage_state(dir: &Path, files: &[(String, crate::log::write::LogBlob)]) -> std::io::Result<StagedState> {
    let parent = dir.parent().ok_or_else(|| std::io::Error::other(tr!("continuity-state-folder-no-parent")))?;
    std::fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".{}.new", dir.file_name().and_then(|n| n.to_str()).unwrap_or("state")));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    for (rel, blob) in files {
        let path = staging.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        match blob {
            crate::log::write::LogBlob::File(from) => {
                if std::fs::hard_link(from, &path).is_err() {
                    std::fs::copy(from, &path)?;
                }
            }
            crate::log::write::LogBlob::Bytes(bytes) => std::fs::write(path, bytes)?,
        }
    }
    Ok(StagedState { dir: dir.to_path_buf(), staged: staging })
}

impl StagedState {
    /// Replaces the state folder's log files with the staged ones.
    pub fn commit(self) -> std::io::Result<()> {
        let (dir, parent) = (&self.dir, self.staged.parent().unwrap_or(&self.staged));
        let old = parent.join(format!(".{}.old", dir.file_name().and_then(|n| n.to_str()).unwrap_or("state")));
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        if dir.exists() {
            std::fs::rename(dir, &old)?;
        }
        std::fs::rename(&self.staged, dir)?;
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }

    /// Removes the staged files: the release they log was not published.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staged);
    }
}

fn logged(approval: &CheckedApproval, url: Option<String>, logged_before: &HashMap<&Sha256, Timestamp>, created: Timestamp) -> LoggedApproval {
    let sha = approval.envelope_sha256();
    LoggedApproval {
        logged_at: logged_before.get(&sha).copied().unwrap_or(created),
        approval_sha256: sha,
        keyid: approval.payload.keyid,
        path: approval.payload.path.clone(),
        publisher: approval.payload.publisher.clone(),
        review_by: approval.payload.review_by,
        sequence: approval.payload.sequence,
        url,
    }
}

/// The state a release publishes: each page's and input's approval, with
/// when it was first logged, and the withdrawals in force: the signed ones,
/// the ones logged before whose page is still gone, and pages whose
/// approving key the registry has since marked compromised.
pub fn next_state(checked: &crate::build::Checked, previous: Option<&ReleaseState>, created: Timestamp) -> ReleaseState {
    let (pages, inputs, withdrawals, trust) = (&checked.approved, &checked.inputs, &checked.withdrawals, &checked.trust);
    let (lapse, language) = (checked.site.config.lapsed, checked.site.config.language);
    // When each approval the last release logged was first logged, by its hash.
    let before: HashMap<&Sha256, Timestamp> = previous
        .map(|s| s.pages.iter().chain(&s.inputs).chain(&s.co_approvals).rev().map(|a| (&a.approval_sha256, a.logged_at)).collect())
        .unwrap_or_default();
    let mut state = ReleaseState {
        format: STATE_FORMAT.into(),
        pages: {
            // Sized once: one entry per page, held while every page is.
            let mut logged_pages = Vec::with_capacity(pages.len());
            logged_pages.extend(pages.iter().filter_map(|p| p.chain().last().map(|head| logged(head, Some(p.page().url.clone()), &before, created))));
            logged_pages
        },
        co_approvals: pages.iter().flat_map(|p| p.co_approvals().iter().map(|c| logged(c, Some(p.page().url.clone()), &before, created))).collect(),
        inputs: inputs.approvals().iter().map(|a| logged(a, None, &before, created)).collect(),
        withdrawn: Vec::new(),
    };
    let published: BTreeMap<&str, u64> = state.pages.iter().map(|p| (p.path.as_str(), p.sequence)).collect();
    let mut withdrawn: BTreeMap<String, LoggedWithdrawal> = BTreeMap::new();
    for w in withdrawals {
        if published.get(w.payload.path.as_str()).is_some_and(|&seq| seq > w.payload.sequence) {
            continue; // approved again after the withdrawal
        }
        withdrawn.insert(
            w.payload.path.clone(),
            LoggedWithdrawal {
                by: w.payload.by.clone(),
                decided_by: if w.payload.by == BY_REGISTRY { tr_in!(language, "continuity-decided-by-registry") } else { w.decided_by.clone() },
                path: w.payload.path.clone(),
                reason: w.payload.reason.clone(),
                sequence: w.payload.sequence,
                url: w.payload.url.clone(),
                withdrawal_sha256: Sha256::of(&w.envelope_bytes),
                withdrawn_at: w.payload.withdrawn_at,
            },
        );
    }
    if let Some(previous) = previous {
        // A withdrawal, once logged, stays until the page is approved anew.
        for w in &previous.withdrawn {
            if published.get(w.path.as_str()).is_none_or(|&seq| seq <= w.sequence) {
                withdrawn.entry(w.path.clone()).or_insert_with(|| w.clone());
            }
        }
        // The registry's signed word that a key is compromised withdraws
        // what that key approved.
        for before in &previous.pages {
            if published.contains_key(before.path.as_str()) || withdrawn.contains_key(&before.path) {
                continue;
            }
            // Left out by a signed decision other than a withdrawal file: the
            // site's approved lapse policy, or the registry's compromise of
            // the approving key.
            let ended = checked.timetable.ended.iter().find(|e| e.head.payload.path == before.path && e.head.payload.sequence >= before.sequence);
            let decided = if let Some(ended) = ended {
                let p = &ended.head.payload;
                let who = [p.publisher_name.as_deref(), p.publisher_title.as_deref(), p.publisher_unit.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ");
                Some((BY_SCHEDULE, if who.is_empty() { p.publisher.clone() } else { who }, tr_in!(language, "continuity-reason-schedule-ended", date = ended.at.date()), ended.head.envelope_sha256()))
            } else if lapse == LapsePolicy::Withdraw && before.review_by <= created {
                Some((BY_POLICY, tr_in!(language, "continuity-decided-by-policy"), tr_in!(language, "continuity-reason-review-due", date = before.review_by.date()), next_inputs_sha(&state.inputs)))
            } else {
                trust.registry.key(&before.keyid).filter(|(_, e, _)| e.status == KeyStatus::Compromised).map(|(_, entry, _)| {
                    (
                        BY_REGISTRY,
                        tr_in!(language, "continuity-decided-by-registry"),
                        tr_in!(language, "continuity-reason-key-compromised", date = entry.status_since.date()),
                        trust.registry.sha256(),
                    )
                })
            };
            if let Some((by, decided_by, reason, withdrawal_sha256)) = decided {
                withdrawn.insert(
                    before.path.clone(),
                    LoggedWithdrawal {
                        by: by.into(),
                        decided_by,
                        path: before.path.clone(),
                        reason,
                        sequence: before.sequence,
                        url: before.url.clone().unwrap_or_default(),
                        withdrawal_sha256,
                        withdrawn_at: created,
                    },
                );
            }
        }
    }
    state.withdrawn = withdrawn.into_values().collect();
    state.pages.sort();
    state.inputs.sort();
    state.co_approvals.sort();
    state
}

/// Who decided, when a page left the site at the end its approval signed.
pub const BY_SCHEDULE: &str = "schedule";

/// Who decided, when a page left the site by the site's review policy.
pub const BY_POLICY: &str = "policy";

/// The sha256 of the approval of `site.toml`, whose policy decided.
fn next_inputs_sha(inputs: &[LoggedApproval]) -> Sha256 {
    inputs.iter().find(|a| a.path == crate::config::CONFIG_FILE).map(|a| a.approval_sha256).unwrap_or_else(|| Sha256::of(b""))
}

/// Checks that `next` (released at `created`) goes forward from `previous`.
pub fn check(previous: &Previous, next: &ReleaseState, trust: &TrustState, created: Timestamp) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let Some(last) = previous.log.last() else {
        return problems;
    };
    if created <= last.created {
        problems.push(
            Diagnostic::error("release", tr!("continuity-this-release-time-not-later", created = created, index = last.index, created2 = last.created))
                .help(tr!("continuity-check-build-machine-clock-sigill")),
        );
    }
    let root = trust.root.payload();
    if root.version < last.root_version {
        problems.push(
            Diagnostic::error("trust/root/", tr!("continuity-root-rolled-back-repository-newest", version = root.version, root_version = last.root_version))
                .help(tr!("continuity-restore-trust-root-root-json", root_version = last.root_version)),
        );
    } else {
        let logged = usize::try_from(last.root_version).ok().and_then(|v| v.checked_sub(1)).and_then(|i| trust.root.versions().get(i));
        if logged.map(|bytes| Sha256::of(bytes)) != Some(last.root_sha256) {
            problems.push(
                Diagnostic::error("trust/root/", tr!("continuity-root-does-not-chain-from", root_version = last.root_version, root_sha256 = last.root_sha256))
                    .help(tr!("continuity-trust-anchor-root-files-were")),
            );
        }
    }
    let registry = trust.registry.payload();
    if registry.version < last.registry_version {
        problems.push(
            Diagnostic::error("trust/registry/", tr!("continuity-registry-rolled-back-newest-registry", version = registry.version, registry_version = last.registry_version))
                .help(tr!("continuity-restore-missing-registry-versions-from")),
        );
    } else if registry.version == last.registry_version && trust.registry.sha256() != last.registry_sha256 {
        problems.push(
            Diagnostic::error(trust.registry.file().display().to_string(), tr!("continuity-registry-version-differs-from-version", version = registry.version, version2 = registry.version))
                .help(tr!("continuity-published-registry-version-can-never")),
        );
    }
    let next_pages: BTreeMap<&str, &LoggedApproval> = next.pages.iter().chain(&next.inputs).map(|a| (a.path.as_str(), a)).collect();
    let withdrawn: BTreeMap<&str, &LoggedWithdrawal> = next.withdrawn.iter().map(|w| (w.path.as_str(), w)).collect();
    for before in previous.state.pages.iter().chain(&previous.state.inputs) {
        match next_pages.get(before.path.as_str()) {
            Some(now) if now.sequence < before.sequence => problems.push(
                Diagnostic::error(&before.path, tr!("continuity-approval-went-backwards-release-published", index = last.index, sequence = before.sequence, sequence2 = now.sequence))
                    .help(tr!("continuity-restore-approval-files-from-version", path = before.path)),
            ),
            Some(now) if now.sequence == before.sequence && now.approval_sha256 != before.approval_sha256 => problems.push(
                Diagnostic::error(&before.path, tr!("continuity-approval-differs-from-approval-release", sequence = now.sequence, sequence2 = before.sequence, index = last.index))
                    .help(tr!("continuity-published-approval-can-never-be")),
            ),
            Some(_) => {}
            None if withdrawn.get(before.path.as_str()).is_some_and(|w| w.sequence >= before.sequence) => {}
            None => problems.push(
                Diagnostic::error(&before.path, tr!("continuity-approved-page-vanished-release-published", index = last.index, sequence = before.sequence))
                    .help(tr!("continuity-restore-page-have-its-publisher", path = before.path)),
            ),
        }
    }
    for w in &previous.state.withdrawn {
        if let Some(now) = next.pages.iter().find(|p| p.path == w.path && p.sequence <= w.sequence) {
            problems.push(
                Diagnostic::error(&w.path, tr!("continuity-page-was-withdrawn-at-approval", sequence = w.sequence, withdrawn_at = w.withdrawn_at, sequence2 = now.sequence))
                    .help(tr!("continuity-withdrawn-page-published-again-only", path = w.path)),
            );
        }
    }
    // Time comes from the log: an approval first logged now must have been
    // made by a key that is still usable now, whatever `approved_at` says.
    for now in next.pages.iter().chain(&next.inputs).filter(|a| a.logged_at == created) {
        if let Some((owner, entry, _)) = trust.registry.key(&now.keyid) {
            let unusable = match entry.status {
                KeyStatus::Active => None,
                KeyStatus::Retired => Some("retired"),
                KeyStatus::Compromised => Some("compromised"),
            };
            if let Some(status) = unusable.filter(|_| entry.status_since <= created) {
                problems.push(
                    Diagnostic::error(&now.path, tr!("continuity-approval-first-published-now-but", sequence = now.sequence, keyid = now.keyid, id = format!("{:?}", owner.id), status = status, status_since = entry.status_since))
                        .help(tr!("continuity-have-publisher-with-current-key", path = now.path)),
                );
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_removes_what_interrupted_builds_left_beside_the_state_folder() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("exempelby.se");
        std::fs::create_dir_all(&dir).expect("state folder");
        let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
        for name in [".log-stateAbC123", ".markdown-factsXyZ789", ".log-stateFresh1", "other-file"] {
            let file = std::fs::File::create(root.path().join(name)).expect("file");
            if name != ".log-stateFresh1" {
                file.set_modified(hours_ago).expect("mtime");
            }
        }
        let state = crate::log::ReleaseState { format: crate::log::entry::STATE_FORMAT.into(), ..Default::default() };
        let written = NewState::write(&state, Some(&StateSource::Dir(dir.clone()))).expect("written");
        let mut left: Vec<String> = std::fs::read_dir(root.path()).expect("list").flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        left.sort();
        // Its own file holds the state, and goes with it.
        let crate::log::write::LogBlob::File(path) = &written.blob else { panic!("a file beside the state folder") };
        let own = path.file_name().expect("a name").to_string_lossy().into_owned();
        assert!(own.starts_with(".log-state"), "{own}");
        let mut expected = vec![".log-stateFresh1".to_string(), "exempelby.se".into(), "other-file".into(), own];
        expected.sort();
        assert_eq!(left, expected, "a running build's file, the state folder and other files stay");
        assert_eq!(crate::trust::digest::Sha256::of(&std::fs::read(path).expect("state")), written.sha256);
        assert_eq!(std::fs::read(path).expect("state"), crate::trust::canonical::to_canonical_sorted(&state));
        let path = path.clone();
        drop(written);
        assert!(!path.exists());
    }
}
