//! Appending a release to the log and laying out every file of the log
//! folder. The files are a pure function of the entries, states and
//! releases, so a verifier can recompute them and notice any change.

use super::checkpoint;
use super::entry::{release_path, state_path, LogEntry, ENTRY_FORMAT};
use super::read::{LogLocation, PublishedLog};
use super::tiles::{entry_bundles, MemoryTree};
use super::LogError;
use crate::trust::canonical::to_canonical;
use crate::trust::SigningKey;

/// Everything a log holds, as bytes: what the next build copies forward.
#[derive(Debug, Clone, Default)]
pub struct LogHistory {
    pub entries: Vec<Vec<u8>>,
    pub states: Vec<Vec<u8>>,
    pub releases: Vec<Vec<u8>>,
}

impl LogHistory {
    /// Reads every state and release of a verified log, each checked
    /// against the hash its entry holds (the states are carried, not parsed).
    pub fn load(log: &PublishedLog, at: &LogLocation<'_>) -> Result<Self, LogError> {
        let mut history = Self::default();
        for (bytes, entry) in &log.entries {
            history.entries.push(bytes.clone());
            history.states.push(log.state_bytes(at, entry.index)?);
            history.releases.push(log.release(at, entry.index)?);
        }
        Ok(history)
    }

    /// The number of entries.
    pub fn size(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Appends `entry` (its `index` is set here) with the state and release
    /// it commits to.
    pub fn append(&mut self, mut entry: LogEntry, state: Vec<u8>, release: Vec<u8>) -> LogEntry {
        entry.index = self.size();
        entry.format = ENTRY_FORMAT.into();
        self.entries.push(to_canonical(&entry));
        self.states.push(state);
        self.releases.push(release);
        entry
    }

    /// Every file of the log folder (path inside it, bytes), with a
    /// checkpoint signed by `key`.
    pub fn files(&self, origin: &str, key: &SigningKey) -> Result<Vec<(String, Vec<u8>)>, LogError> {
        let tree = MemoryTree::new(self.entries.iter().map(Vec::as_slice));
        let mut files = vec![("checkpoint".to_string(), checkpoint::sign(origin, tree.size(), tree.root(), key)?)];
        files.extend(tree.hash_tiles());
        files.extend(entry_bundles(&self.entries));
        for (index, (state, release)) in self.states.iter().zip(&self.releases).enumerate() {
            files.push((state_path(index as u64), state.clone()));
            files.push((release_path(index as u64), release.clone()));
        }
        Ok(files)
    }
}
