//! Appending a release to the log and laying out every file of the log
//! folder. The files are a pure function of the entries, states and
//! releases, so a verifier can recompute them and notice any change.

use std::borrow::Cow;
use std::path::PathBuf;

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
    pub states: Vec<LogBlob>,
    pub releases: Vec<LogBlob>,
}

/// A state or release of the log: its bytes, or the file on this machine
/// that holds them (checked against its entry's hash when the log was
/// loaded). A log grows with every release; its states are not all held in
/// memory.
#[derive(Debug, Clone)]
pub enum LogBlob {
    Bytes(Vec<u8>),
    File(PathBuf),
}

impl LogBlob {
    /// The bytes, read from the file when they are in one.
    pub fn read(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match self {
            Self::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
            Self::File(path) => std::fs::read(path).map(Cow::Owned),
        }
    }
}

impl LogHistory {
    /// Reads every state and release of a verified log, each checked
    /// against the hash its entry holds (the states are carried, not parsed).
    pub fn load(log: &PublishedLog, at: &LogLocation<'_>) -> Result<Self, LogError> {
        use rayon::prelude::*;
        // Each file is checked against its hash (in parallel: the log grows
        // with every release). One in a folder is then referred to by its
        // path, and need not be read when its source knows its hash
        // ([`super::checked_files`]); one on a web server is kept.
        let files: Vec<(LogBlob, LogBlob)> = log
            .entries
            .par_iter()
            .map(|(_, entry)| {
                let state = match at.local_path(&state_path(entry.index)) {
                    Some(path) => log.check_state(at, entry.index).map(|()| LogBlob::File(path))?,
                    None => LogBlob::Bytes(log.state_bytes(at, entry.index)?),
                };
                let release = match at.local_path(&release_path(entry.index)) {
                    Some(path) => log.check_release(at, entry.index).map(|()| LogBlob::File(path))?,
                    None => LogBlob::Bytes(log.release(at, entry.index)?),
                };
                Ok((state, release))
            })
            .collect::<Result<_, LogError>>()?;
        let (states, releases) = files.into_iter().unzip();
        Ok(Self { entries: log.entries.iter().map(|(bytes, _)| bytes.clone()).collect(), states, releases })
    }

    /// Each state and release file (its path in the log folder) with the
    /// hash its entry commits to.
    pub fn file_hashes(&self) -> Vec<(String, crate::trust::digest::Sha256)> {
        self.entries
            .iter()
            .filter_map(|bytes| crate::trust::canonical::from_canonical::<LogEntry>(bytes, super::entry::MAX_ENTRY_BYTES).ok())
            .flat_map(|entry| [(state_path(entry.index), entry.state_sha256), (release_path(entry.index), entry.release_sha256)])
            .collect()
    }

    /// The number of entries.
    pub fn size(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Appends `entry` (its `index` is set here) with the state and release
    /// it commits to.
    pub fn append(&mut self, mut entry: LogEntry, state: LogBlob, release: Vec<u8>) -> LogEntry {
        entry.index = self.size();
        entry.format = ENTRY_FORMAT.into();
        self.entries.push(to_canonical(&entry));
        self.states.push(state);
        self.releases.push(LogBlob::Bytes(release));
        entry
    }

    /// Every file of the log folder (path inside it, bytes), with a
    /// checkpoint signed by `key`. Takes the history: its states move into
    /// the list rather than being held twice.
    pub fn files(self, origin: &str, key: &SigningKey) -> Result<Vec<(String, LogBlob)>, LogError> {
        let tree = MemoryTree::new(self.entries.iter().map(Vec::as_slice));
        let mut files = vec![("checkpoint".to_string(), LogBlob::Bytes(checkpoint::sign(origin, tree.size(), tree.root(), key)?))];
        files.extend(tree.hash_tiles().into_iter().map(|(path, bytes)| (path, LogBlob::Bytes(bytes))));
        files.extend(entry_bundles(&self.entries).into_iter().map(|(path, bytes)| (path, LogBlob::Bytes(bytes))));
        for (index, (state, release)) in self.states.into_iter().zip(self.releases).enumerate() {
            files.push((state_path(index as u64), state));
            files.push((release_path(index as u64), release));
        }
        Ok(files)
    }
}
