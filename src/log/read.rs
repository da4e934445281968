//! Reading a published log from a folder or a web server and checking it
//! against its checkpoint: every entry is fetched and hashed, so what the
//! reader gets is exactly what the signed tree commits to.

use super::checkpoint::{self, SignedCheckpoint, MAX_CHECKPOINT_BYTES};
use super::entry::{release_path, state_path, LogEntry, ReleaseState, ENTRY_FORMAT, MAX_ENTRY_BYTES, MAX_STATE_BYTES, STATE_FORMAT};
use super::tiles::{bundle_layout, parse_bundle, MemoryTree, BUNDLE_SIZE};
use super::LogError;
use crate::trust::canonical::from_canonical;
use crate::trust::envelope::MAX_ENVELOPE_BYTES;
use crate::trust::PublicKey;
use crate::verify::source::{FetchError, Source};

/// Most entries a reader accepts (about one release an hour for a century).
pub const MAX_LOG_ENTRIES: u64 = 1_000_000;

/// A log whose entries hash to its signed checkpoint.
#[derive(Debug, Clone)]
pub struct PublishedLog {
    pub checkpoint: SignedCheckpoint,
    /// Each entry's exact bytes and its parsed form, in log order.
    pub entries: Vec<(Vec<u8>, LogEntry)>,
    pub tree: MemoryTree,
}

/// Where a log's files are: a source and the folder inside it
/// (`/.well-known/sigill/log` in a site, `` in a state folder).
pub struct LogLocation<'a> {
    pub source: &'a dyn Source,
    pub dir: String,
}

impl LogLocation<'_> {
    /// Reads `rel` (a path inside the log folder).
    pub fn get(&self, rel: &str, limit: usize) -> Result<Vec<u8>, FetchError> {
        self.source.get(&format!("{}/{rel}", self.dir), limit)
    }

    /// The length and hash of `rel`, read or known ([`Source::digest`]).
    pub fn digest(&self, rel: &str, limit: usize) -> Result<(u64, crate::trust::digest::Sha256), FetchError> {
        self.source.digest(&format!("{}/{rel}", self.dir), limit)
    }

    /// Where `rel` is on this machine, when the log is in a folder.
    pub fn local_path(&self, rel: &str) -> Option<std::path::PathBuf> {
        self.source.local_path(&format!("{}/{rel}", self.dir))
    }
}

/// The two files each log entry commits to by hash.
#[derive(Clone, Copy)]
enum LogFile {
    State,
    Release,
}

impl LogFile {
    /// The error for a file of entry `index` that is not what it commits to.
    fn mismatch(self, index: u64) -> LogError {
        match self {
            Self::State => LogError::Mismatch(tr!("read-not-state-entry-commits", index = state_path(index), index2 = index)),
            Self::Release => LogError::Mismatch(tr!("read-not-release-entry-commits", index = release_path(index), index2 = index)),
        }
    }
}

/// Reads the checkpoint only, `Ok(None)` when there is no log yet.
pub fn read_checkpoint(at: &LogLocation<'_>, origin: &str, keys: &[PublicKey]) -> Result<Option<SignedCheckpoint>, LogError> {
    match at.get("checkpoint", MAX_CHECKPOINT_BYTES) {
        Ok(bytes) => checkpoint::verify(&bytes, origin, keys).map(Some),
        Err(FetchError::NotFound(_)) => Ok(None),
        Err(e) => Err(LogError::Fetch(e.to_string())),
    }
}

/// Reads and checks the whole log at `at`; `Ok(None)` when there is none.
pub fn read_log(at: &LogLocation<'_>, origin: &str, keys: &[PublicKey]) -> Result<Option<PublishedLog>, LogError> {
    let Some(checkpoint) = read_checkpoint(at, origin, keys)? else {
        return Ok(None);
    };
    if checkpoint.size > MAX_LOG_ENTRIES {
        return Err(LogError::TooLarge(checkpoint.size));
    }
    let mut entries = Vec::new();
    for (path, count) in bundle_layout(checkpoint.size) {
        let bytes = at.get(&path, (BUNDLE_SIZE as usize) * (MAX_ENTRY_BYTES + 2)).map_err(|e| LogError::Fetch(e.to_string()))?;
        let raw = parse_bundle(&bytes, count).map_err(|e| LogError::Mismatch(format!("{path}: {e}")))?;
        entries.extend(raw);
    }
    let tree = MemoryTree::new(entries.iter().map(Vec::as_slice));
    if tree.root() != checkpoint.root {
        return Err(LogError::Mismatch(tr!("read-entries-do-not-hash")));
    }
    let mut parsed = Vec::with_capacity(entries.len());
    for (index, bytes) in entries.into_iter().enumerate() {
        let entry: LogEntry = from_canonical(&bytes, MAX_ENTRY_BYTES).map_err(|e| LogError::Mismatch(format!("entry {index}: {e}")))?;
        if entry.format != ENTRY_FORMAT || entry.index != index as u64 {
            return Err(LogError::Mismatch(tr!("read-entry-not-entry-sigill-log", index = index)));
        }
        parsed.push((bytes, entry));
    }
    Ok(Some(PublishedLog { checkpoint, entries: parsed, tree }))
}

impl PublishedLog {
    /// The newest entry.
    pub fn last(&self) -> Option<&LogEntry> {
        self.entries.last().map(|(_, e)| e)
    }

    /// Reads release `index`'s state document and checks it against its entry.
    pub fn state(&self, at: &LogLocation<'_>, index: u64) -> Result<(Vec<u8>, ReleaseState), LogError> {
        let bytes = self.state_bytes(at, index)?;
        let state: ReleaseState = crate::trust::canonical::from_canonical_sorted(&bytes, MAX_STATE_BYTES).map_err(|e| LogError::Mismatch(format!("{}: {e}", state_path(index))))?;
        if state.format != STATE_FORMAT {
            return Err(LogError::Mismatch(format!("{}: unknown format {:?}", state_path(index), state.format)));
        }
        Ok((bytes, state))
    }

    /// Reads release `index`'s state bytes and checks them against the hash
    /// its entry holds, without parsing them.
    pub fn state_bytes(&self, at: &LogLocation<'_>, index: u64) -> Result<Vec<u8>, LogError> {
        self.read_checked(at, index, LogFile::State)
    }

    /// Checks release `index`'s state file against the hash its entry
    /// holds, by its hash alone (which its source may know unread).
    pub fn check_state(&self, at: &LogLocation<'_>, index: u64) -> Result<(), LogError> {
        self.check(at, index, LogFile::State)
    }

    /// Checks release `index`'s signed release file against its entry, by
    /// its hash alone.
    pub fn check_release(&self, at: &LogLocation<'_>, index: u64) -> Result<(), LogError> {
        self.check(at, index, LogFile::Release)
    }

    /// Reads release `index`'s signed release and checks it against its entry.
    pub fn release(&self, at: &LogLocation<'_>, index: u64) -> Result<Vec<u8>, LogError> {
        self.read_checked(at, index, LogFile::Release)
    }

    /// Reads the `file` of entry `index` and checks it against its hash.
    fn read_checked(&self, at: &LogLocation<'_>, index: u64, file: LogFile) -> Result<Vec<u8>, LogError> {
        let (path, limit, sha256) = self.expected(index, file)?;
        let bytes = at.get(&path, limit).map_err(|e| LogError::Fetch(e.to_string()))?;
        if crate::trust::digest::Sha256::of(&bytes) != *sha256 {
            return Err(file.mismatch(index));
        }
        Ok(bytes)
    }

    /// Checks the `file` of entry `index` by its hash ([`LogLocation::digest`]).
    fn check(&self, at: &LogLocation<'_>, index: u64, file: LogFile) -> Result<(), LogError> {
        let (path, limit, sha256) = self.expected(index, file)?;
        let (_, got) = at.digest(&path, limit).map_err(|e| LogError::Fetch(e.to_string()))?;
        if got != *sha256 {
            return Err(file.mismatch(index));
        }
        Ok(())
    }

    /// Where the `file` of entry `index` is, its size limit, and the hash
    /// the entry commits to.
    fn expected(&self, index: u64, file: LogFile) -> Result<(String, usize, &crate::trust::digest::Sha256), LogError> {
        let entry = self.entry(index)?;
        Ok(match file {
            LogFile::State => (state_path(index), MAX_STATE_BYTES, &entry.state_sha256),
            LogFile::Release => (release_path(index), MAX_ENVELOPE_BYTES, &entry.release_sha256),
        })
    }

    fn entry(&self, index: u64) -> Result<&LogEntry, LogError> {
        usize::try_from(index).ok().and_then(|i| self.entries.get(i)).map(|(_, e)| e).ok_or_else(|| LogError::Mismatch(tr!("read-log-has-no-entry", index = index)))
    }
}
