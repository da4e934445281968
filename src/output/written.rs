//! The record of every file a build writes, kept compact.
//!
//! A release has four or more files per page, and the record is held
//! until the release is sealed, while the pages are still in memory: at
//! 100 000 pages a map of boxed paths to entries held more than 100 MB,
//! most of it the map's own slack and one allocation per path. Here the
//! paths share buffers of 64 KiB, the entries are kept in blocks of 4 096
//! (so that nothing is copied, nor held twice, as the record grows), and
//! the index holds only an entry's number.

use std::hash::BuildHasher;

use hashbrown::HashTable;

/// What the record notes of one file.
#[derive(Clone, Copy)]
pub(super) struct Recorded {
    pub len: u64,
    /// The raw SHA-256, for a file `files.json` lists.
    pub sha256: Option<[u8; 32]>,
}

/// Why [`WrittenFiles::insert`] noted nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NotNoted {
    /// The path was noted already, and only a new one was wanted.
    Taken,
    /// More than 4 GiB of paths, or 2³² files: more than `u32` indexes.
    Full,
}

/// Paths are kept in buffers of this many bytes (a longer one gets its own).
const PATH_BLOCK: usize = 64 << 10;
/// Entries are kept in blocks of this many.
const ENTRY_BLOCK: usize = 4096;

/// One file: where its path is in the path buffers, and what was noted.
struct Entry {
    block: u32,
    start: u32,
    path_len: u32,
    len: u64,
    sha256: [u8; 32],
    listed: bool,
    /// For a file known to hold what was noted ([`WrittenFiles::note_placed`]):
    /// a digest of its metadata just after it was placed; 0 otherwise.
    placed: u64,
}

/// Site-relative path (no leading `/`) → [`Recorded`], for every file a
/// build wrote. A path noted again replaces what was noted before.
pub(super) struct WrittenFiles {
    paths: Vec<String>,
    entries: Vec<Vec<Entry>>,
    count: usize,
    index: HashTable<u32>,
    hasher: std::hash::RandomState,
}

impl Default for WrittenFiles {
    fn default() -> Self {
        Self { paths: Vec::new(), entries: Vec::new(), count: 0, index: HashTable::new(), hasher: std::hash::RandomState::new() }
    }
}

impl WrittenFiles {
    /// Notes `rel`; with `only_new`, notes nothing when `rel` was noted
    /// already.
    pub fn insert(&mut self, rel: &str, recorded: Recorded, only_new: bool) -> Result<(), NotNoted> {
        let hash = self.hasher.hash_one(rel);
        if let Some(&number) = self.index.find(hash, |&i| self.path(i) == rel) {
            if only_new {
                return Err(NotNoted::Taken);
            }
            let entry = self.entry_mut(number);
            entry.len = recorded.len;
            entry.listed = recorded.sha256.is_some();
            entry.sha256 = recorded.sha256.unwrap_or_default();
            entry.placed = 0;
            return Ok(());
        }
        // 2³² files, or paths that long, cannot be indexed by `u32`; a
        // release is limited far below that.
        let (Ok(number), Ok(path_len)) = (u32::try_from(self.count), u32::try_from(rel.len())) else {
            return Err(NotNoted::Full);
        };
        let fits = self.paths.last().is_some_and(|last| last.capacity() - last.len() >= rel.len());
        if !fits {
            self.paths.push(String::with_capacity(rel.len().max(PATH_BLOCK)));
        }
        let (Ok(block), Some(last)) = (u32::try_from(self.paths.len() - 1), self.paths.last_mut()) else {
            return Err(NotNoted::Full);
        };
        let Ok(start) = u32::try_from(last.len()) else {
            return Err(NotNoted::Full);
        };
        last.push_str(rel);
        if self.entries.last().is_none_or(|last| last.len() == ENTRY_BLOCK) {
            self.entries.push(Vec::with_capacity(ENTRY_BLOCK));
        }
        if let Some(last) = self.entries.last_mut() {
            last.push(Entry { block, start, path_len, len: recorded.len, sha256: recorded.sha256.unwrap_or_default(), listed: recorded.sha256.is_some(), placed: 0 });
        }
        self.count += 1;
        let (hasher, paths, entries) = (&self.hasher, &self.paths, &self.entries);
        self.index.insert_unique(hash, number, |&i| hasher.hash_one(path_in(paths, &entries[i as usize / ENTRY_BLOCK][i as usize % ENTRY_BLOCK])));
        Ok(())
    }

    /// Notes that the file at `rel` (noted already) holds the bytes noted
    /// (this build wrote them, compared them, or linked a live file known
    /// to hold them), and `metadata` (non-zero) is what its metadata was
    /// just after. Nothing for a path not noted.
    pub fn note_placed(&mut self, rel: &str, metadata: u64) {
        let hash = self.hasher.hash_one(rel);
        if let Some(&number) = self.index.find(hash, |&i| self.path(i) == rel) {
            self.entry_mut(number).placed = metadata;
        }
    }

    /// A file noted as placed: its length, hash and metadata digest.
    pub fn placed(&self, rel: &str) -> Option<(u64, [u8; 32], u64)> {
        let hash = self.hasher.hash_one(rel);
        let &number = self.index.find(hash, |&i| self.path(i) == rel)?;
        let number = number as usize;
        let entry = self.entries.get(number / ENTRY_BLOCK)?.get(number % ENTRY_BLOCK)?;
        (entry.placed != 0 && entry.listed).then_some((entry.len, entry.sha256, entry.placed))
    }

    /// `rel` was noted.
    pub fn contains(&self, rel: &str) -> bool {
        let hash = self.hasher.hash_one(rel);
        self.index.find(hash, |&i| self.path(i) == rel).is_some()
    }

    /// Every noted path with what was noted, in the order first noted.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Recorded)> {
        self.entries.iter().flatten().map(|e| (path_in(&self.paths, e), Recorded { len: e.len, sha256: e.listed.then_some(e.sha256) }))
    }

    fn path(&self, number: u32) -> &str {
        let number = number as usize;
        self.entries.get(number / ENTRY_BLOCK).and_then(|block| block.get(number % ENTRY_BLOCK)).map_or("", |e| path_in(&self.paths, e))
    }

    fn entry_mut(&mut self, number: u32) -> &mut Entry {
        let number = number as usize;
        &mut self.entries[number / ENTRY_BLOCK][number % ENTRY_BLOCK]
    }
}

fn path_in<'a>(paths: &'a [String], entry: &Entry) -> &'a str {
    let start = entry.start as usize;
    paths.get(entry.block as usize).and_then(|block| block.get(start..start + entry.path_len as usize)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(len: u64, byte: u8) -> Recorded {
        Recorded { len, sha256: Some([byte; 32]) }
    }

    #[test]
    fn notes_paths_finds_them_and_replaces_what_was_noted_before() {
        let mut written = WrittenFiles::default();
        assert_eq!(written.insert("om/index.html", listed(10, 1), false), Ok(()));
        assert_eq!(written.insert("om/index.html.proof.json", Recorded { len: 3, sha256: None }, false), Ok(()));
        // More than a block of entries and of paths, and a path longer than a path block.
        let long = "a/".repeat(PATH_BLOCK) + "index.html";
        assert_eq!(written.insert(&long, listed(1, 9), false), Ok(()));
        for n in 0..5000 {
            assert_eq!(written.insert(&format!("sida-{n}/index.html"), listed(n, (n % 251) as u8), false), Ok(()));
        }
        assert!(written.contains("om/index.html") && written.contains("sida-4999/index.html") && written.contains(&long));
        assert!(written.paths.len() > 2 && written.entries.len() == 2, "{} path blocks, {} entry blocks", written.paths.len(), written.entries.len());
        assert!(!written.contains("om/") && !written.contains("om/index.htm") && !written.contains("sida-5000/index.html"));
        // Noting a path again replaces it; `only_new` refuses and keeps the first.
        assert_eq!(written.insert("om/index.html", listed(11, 2), false), Ok(()));
        assert_eq!(written.insert("om/index.html", listed(12, 3), true), Err(NotNoted::Taken));
        let all: Vec<(&str, Recorded)> = written.iter().collect();
        assert_eq!(all.len(), 5003);
        assert_eq!(all[2].0, long);
        assert_eq!(all[0].0, "om/index.html");
        assert_eq!((all[0].1.len, all[0].1.sha256), (11, Some([2; 32])));
        assert_eq!((all[1].0, all[1].1.len, all[1].1.sha256), ("om/index.html.proof.json", 3, None));
        assert_eq!((all[5002].0, all[5002].1.len, all[5002].1.sha256), ("sida-4999/index.html", 4999, Some([(4999 % 251) as u8; 32])));
        // A file noted as placed is known until it is noted again.
        assert_eq!(written.placed("sida-7/index.html"), None);
        written.note_placed("sida-7/index.html", 42);
        written.note_placed("not/noted", 43);
        assert_eq!(written.placed("sida-7/index.html"), Some((7, [7; 32], 42)));
        assert_eq!(written.placed("not/noted"), None);
        assert!(!written.contains("not/noted"));
        assert_eq!(written.insert("sida-7/index.html", listed(8, 8), false), Ok(()));
        assert_eq!(written.placed("sida-7/index.html"), None, "noted again: no longer known as placed");
        // A file files.json does not list is never known by a hash.
        written.note_placed("om/index.html.proof.json", 44);
        assert_eq!(written.placed("om/index.html.proof.json"), None);
    }
}
