//! What the build machine knows of the `files.json` it last published.
//!
//! A file of the live release that has not changed since its `files.json`
//! was written holds the bytes that list names, which the build that
//! wrote it checked ([`super::live`]). That argument needs the list to be
//! the very file that build wrote: whoever can write the output folder
//! could otherwise change a file and then write `files.json` again, with
//! the same bytes and a later change time. So each build notes, in the
//! build machine's state folder, where its `files.json` is (the output
//! folder, the device and inode) with its change time and hash; the next
//! build trusts the live list only when all of them still hold. A list
//! written again, even byte for byte, has a later change time.

use std::path::{Path, PathBuf};

use crate::trust::digest::Sha256;

/// The file's name in the state folder.
pub const FILE_NAME: &str = "live-release";

/// A record larger than this is ignored unread.
const MAX_BYTES: usize = 8 << 10;

/// The `files.json` a build published, as the build machine noted it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LiveRecord {
    /// The output folder, absolute.
    pub target: PathBuf,
    pub dev: u64,
    pub ino: u64,
    /// The change time of `files.json`, in nanoseconds.
    pub ctime_ns: i128,
    /// The hash of its bytes, as the release signs it.
    pub sha256: Sha256,
}

impl LiveRecord {
    /// The record of `files.json` at `file`, to be published in `target`
    /// (the folder moves, the file does not: its inode and change time
    /// stay as they are now).
    #[cfg(unix)]
    pub fn of(file: &Path, target: &Path, sha256: Sha256) -> std::io::Result<Self> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::symlink_metadata(file)?;
        Ok(Self { target: super::absolute_path(target), dev: meta.dev(), ino: meta.ino(), ctime_ns: super::live::change_time(&meta).unwrap_or_default(), sha256 })
    }

    #[cfg(not(unix))]
    pub fn of(_: &Path, _: &Path, _: Sha256) -> std::io::Result<Self> {
        Err(std::io::Error::other("change times are known on unix only"))
    }

    /// `meta` is the metadata of `target`'s `files.json`, whose bytes hash
    /// to `sha256`, and this is that very file, unchanged since it was noted.
    #[cfg(unix)]
    pub(super) fn holds(&self, target: &Path, meta: &std::fs::Metadata, sha256: &Sha256) -> bool {
        use std::os::unix::fs::MetadataExt;
        meta.file_type().is_file()
            && self.dev == meta.dev()
            && self.ino == meta.ino()
            && super::live::change_time(meta) == Some(self.ctime_ns)
            && self.sha256 == *sha256
            && self.target == super::absolute_path(target)
    }

    #[cfg(not(unix))]
    pub(super) fn holds(&self, _: &Path, _: &std::fs::Metadata, _: &Sha256) -> bool {
        false
    }

    /// The record in `state_dir`; `None` when there is none or it does not
    /// parse (then the live release is compared byte for byte, as without).
    pub fn load(state_dir: &Path) -> Option<Self> {
        let bytes = crate::trust::read_at_most(&state_dir.join(FILE_NAME), MAX_BYTES).ok()??;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes the record into `state_dir`, owner-only, replacing the last.
    pub fn save(&self, state_dir: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        crate::trust::signature_cache::replace_record(state_dir, FILE_NAME, &bytes)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_record_holds_only_for_the_same_file_unchanged_in_the_same_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        let file = target.join("files.json");
        std::fs::create_dir_all(&target).expect("folder");
        std::fs::write(&file, b"list").expect("write");
        let sha = Sha256::of(b"list");
        let record = LiveRecord::of(&file, &target, sha).expect("record");
        let meta = || std::fs::symlink_metadata(&file).expect("meta");
        assert!(record.holds(&target, &meta(), &sha));
        // Saved and loaded, it is the same record.
        let state = dir.path().join("state");
        std::fs::create_dir_all(&state).expect("state");
        record.save(&state).expect("save");
        assert_eq!(LiveRecord::load(&state), Some(record.clone()));
        // Another folder or another hash: not this release.
        assert!(!record.holds(&dir.path().join("other"), &meta(), &sha));
        assert!(!record.holds(&target, &meta(), &Sha256::of(b"lisT")));
        // Written again with the same bytes: a later change time, not the file noted.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&file, b"list").expect("write again");
        assert!(!record.holds(&target, &meta(), &sha));
        // Replaced by a copy: another inode.
        let copy = dir.path().join("copy");
        std::fs::write(&copy, b"list").expect("copy");
        let again = LiveRecord::of(&file, &target, sha).expect("record");
        std::fs::rename(&copy, &file).expect("replace");
        assert!(!again.holds(&target, &meta(), &sha));
        // A damaged record is no record.
        std::fs::write(state.join(FILE_NAME), b"{\"target\":").expect("damage");
        assert_eq!(LiveRecord::load(&state), None);
    }
}
