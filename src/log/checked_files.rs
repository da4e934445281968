//! The log files a build machine checked against their entries, kept in its
//! state folder between builds.
//!
//! Each build reads the log it published last from the state folder, and
//! every state and release of it must hash to what its entry commits to.
//! The log grows by a state with every release, so reading them all again
//! made each build slower than the last. A build notes instead, for each
//! file it checked, the file's device, inode, length and change time with
//! the hash it checked; the next build takes a file whose metadata is
//! still exactly that as holding that hash, unread. Any write, new link or
//! rename moves a file's change time, and nothing sets it back. The record
//! is signed with the release key, like the record of verified signatures
//! ([`crate::trust::signature_cache`]): whoever could forge it could sign
//! the log already. A record that is missing, damaged or signed by another
//! key is ignored: every file is read, as without it.

use std::collections::HashMap;
use std::path::Path;

use crate::trust::digest::Sha256;
use crate::trust::signature_cache::{open_record, sign_record};
use crate::trust::{PublicKey, SigningKey};
use crate::verify::source::KnownFiles;

/// The record's name in the state folder.
pub const FILE_NAME: &str = "checked-log-files";

/// What the release key's signature over the record says it is.
const PAYLOAD_TYPE: &str = "application/vnd.sigill.checked-log-files.v1";

/// The payload's first bytes, before the (metadata digest, hash) pairs.
const MAGIC: &[u8] = b"sigill checked log files v1\n";

/// A record larger than this is ignored unread (two million files).
const MAX_BYTES: usize = 64 + MAGIC.len() + 2_000_000 * 64;

/// The files of a state folder checked before: the digest of each one's
/// path and metadata, and the hash it held.
#[derive(Debug, Default)]
pub struct CheckedLogFiles {
    checked: HashMap<[u8; 32], Sha256>,
}

impl CheckedLogFiles {
    /// The record in `state_dir`, when `release` signed it; empty otherwise.
    pub fn load(state_dir: &Path, release: &PublicKey) -> Self {
        let Ok(Some(bytes)) = crate::trust::read_at_most(&state_dir.join(FILE_NAME), MAX_BYTES) else { return Self::default() };
        let Some(body) = open_record(&bytes, PAYLOAD_TYPE, MAGIC, release) else { return Self::default() };
        if body.len() % 64 != 0 {
            return Self::default();
        }
        let checked = body
            .chunks_exact(64)
            .filter_map(|pair| {
                let (key, hash) = pair.split_at(32);
                Some((<[u8; 32]>::try_from(key).ok()?, Sha256::from_digest(&<[u8; 32]>::try_from(hash).ok()?)))
            })
            .collect();
        Self { checked }
    }

    /// Notes in `state_dir`, signed with `release`, that each of `files`
    /// (a path inside the state folder and the hash its log entry commits
    /// to, checked by this build) is as it is now. A file that cannot be
    /// looked at is left out: the next build reads it.
    pub fn save(state_dir: &Path, files: &[(String, Sha256)], release: &SigningKey) -> std::io::Result<()> {
        let mut body = Vec::with_capacity(files.len() * 64);
        for (rel, sha256) in files {
            if let Some(key) = std::fs::symlink_metadata(state_dir.join(rel)).ok().and_then(|meta| metadata_key(rel, &meta)) {
                body.extend_from_slice(&key);
                body.extend_from_slice(&sha256.to_digest());
            }
        }
        let bytes = sign_record(PAYLOAD_TYPE, MAGIC, &body, release);
        crate::trust::signature_cache::replace_record(state_dir, FILE_NAME, &bytes)
    }
}

impl KnownFiles for CheckedLogFiles {
    fn known(&self, root: &Path, path: &str) -> Option<(u64, Sha256)> {
        if self.checked.is_empty() {
            return None;
        }
        let rel = path.trim_start_matches('/');
        let meta = std::fs::symlink_metadata(root.join(rel)).ok()?;
        let sha256 = self.checked.get(&metadata_key(rel, &meta)?)?;
        Some((meta.len(), *sha256))
    }
}

/// What identifies the file at `rel` as it is: its path, device, inode,
/// length and change time. `None` for anything but a regular file.
#[cfg(unix)]
fn metadata_key(rel: &str, meta: &std::fs::Metadata) -> Option<[u8; 32]> {
    use std::os::unix::fs::MetadataExt;
    if !meta.file_type().is_file() {
        return None;
    }
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    context.update(rel.as_bytes());
    context.update(&[0]);
    for n in [meta.dev(), meta.ino(), meta.len(), meta.ctime() as u64, meta.ctime_nsec() as u64] {
        context.update(&n.to_le_bytes());
    }
    context.finish().as_ref().try_into().ok()
}

#[cfg(not(unix))]
fn metadata_key(_: &str, _: &std::fs::Metadata) -> Option<[u8; 32]> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_checked_file_is_known_until_it_changes_and_only_under_the_release_key() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = dir.path();
        std::fs::create_dir_all(state.join("state")).expect("folder");
        std::fs::write(state.join("state/0.json"), b"state 0").expect("state 0");
        std::fs::write(state.join("state/1.json"), b"state 1").expect("state 1");
        let release = SigningKey::generate().expect("key");
        let files = [("state/0.json".to_string(), Sha256::of(b"state 0")), ("state/1.json".to_string(), Sha256::of(b"state 1")), ("state/2.json".to_string(), Sha256::of(b"none"))];
        CheckedLogFiles::save(state, &files, &release).expect("save");
        let checked = CheckedLogFiles::load(state, release.public());
        assert_eq!(checked.known(state, "/state/0.json"), Some((7, Sha256::of(b"state 0"))));
        assert_eq!(checked.known(state, "/state/1.json"), Some((7, Sha256::of(b"state 1"))));
        assert_eq!(checked.known(state, "/state/2.json"), None, "a file that was not there is not known");
        // Under another name (renamed, or the same file linked elsewhere): not known.
        std::fs::hard_link(state.join("state/1.json"), state.join("state/3.json")).expect("link");
        assert_eq!(checked.known(state, "/state/3.json"), None);
        // The new link moved state 1's change time: no longer known either.
        assert_eq!(checked.known(state, "/state/1.json"), None);
        // Written again, even with the same bytes: not known.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(state.join("state/0.json"), b"state 0").expect("again");
        assert_eq!(checked.known(state, "/state/0.json"), None);
        // Another key's record, or a changed one, is no record.
        CheckedLogFiles::save(state, &files, &release).expect("save");
        assert!(CheckedLogFiles::load(state, SigningKey::generate().expect("key").public()).known(state, "/state/0.json").is_none());
        assert!(CheckedLogFiles::load(state, release.public()).known(state, "/state/0.json").is_some());
        let mut bytes = std::fs::read(state.join(FILE_NAME)).expect("record");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(state.join(FILE_NAME), &bytes).expect("damage");
        assert!(CheckedLogFiles::load(state, release.public()).known(state, "/state/0.json").is_none());
    }
}
