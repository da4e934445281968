//! What the live release holds, known without reading its files.
//!
//! The live release's `files.json` lists each file with its hash, and the
//! build that wrote it checked every file against it before the release
//! went live. A file that has not changed since then can be linked into the
//! next release unread when that release wants the same bytes there. A
//! file's change time (ctime) moves forward with every write, every new
//! link and every change of owner or mode, and no program can set it back,
//! so a file whose ctime is not after the ctime of `files.json` (written
//! whole, once, after every file it lists was in place) is as that build
//! checked it. Anything else is compared byte for byte, as before.
//!
//! The list is trusted only as the build machine noted it when it was
//! published ([`super::live_record`]): the same file, unchanged, with the
//! same hash. A list written again, or no record of it, and every live file
//! is compared byte for byte.

use std::path::{Path, PathBuf};

use super::live_record::LiveRecord;
use crate::trust::digest::Sha256;
use crate::trust::release::{MAX_FILES_INDEX_BYTES, WELL_KNOWN};

/// The live release's files as its `files.json` lists them, and when that
/// list was written.
pub(super) struct LiveRelease {
    dir: PathBuf,
    /// A digest of each listed (path, length, hash): 16 bytes an entry,
    /// not the list itself (a release can list hundreds of thousands),
    /// sorted for binary search (no hash table's spare room).
    listed: Vec<[u8; 16]>,
    /// The change time of `files.json`, in nanoseconds.
    listed_at: i128,
}

impl LiveRelease {
    /// The release in `dir`, when it has a readable `files.json` that
    /// `record` notes as published there and unchanged since.
    #[cfg(unix)]
    pub(super) fn read(dir: &Path, record: &LiveRecord) -> Option<Self> {
        Self::read_listing(dir, record).map(|(release, _)| release)
    }

    /// [`Self::read`], with every path the list names, sorted (for
    /// [`super::check_target`], which would otherwise parse the list again).
    #[cfg(unix)]
    pub(super) fn read_listing(dir: &Path, record: &LiveRecord) -> Option<(Self, Vec<String>)> {
        let file = dir.join(WELL_KNOWN.trim_start_matches('/')).join("files.json");
        let meta = std::fs::symlink_metadata(&file).ok()?;
        let listed_at = change_time(&meta)?;
        // Read as a stream and hashed on the way: the list of a large site
        // is tens of megabytes, more than what is kept of it.
        let handle = std::fs::File::open(&file).ok()?;
        let mut reader = HashingReader { inner: std::io::Read::take(handle, MAX_FILES_INDEX_BYTES as u64 + 1), hash: ring::digest::Context::new(&ring::digest::SHA256), len: 0 };
        let ListedFiles(listed, paths) = serde_json::from_reader(std::io::BufReader::with_capacity(1 << 16, &mut reader)).ok()?;
        std::io::copy(&mut reader, &mut std::io::sink()).ok()?;
        let mut digest = [0u8; 32];
        digest.copy_from_slice(reader.hash.finish().as_ref());
        if reader.len > MAX_FILES_INDEX_BYTES as u64 || !record.holds(dir, &meta, &Sha256::from_digest(&digest)) {
            return None;
        }
        Some((LiveRelease { dir: dir.to_path_buf(), listed, listed_at }, paths))
    }

    #[cfg(not(unix))]
    pub(super) fn read(_: &Path, _: &LiveRecord) -> Option<Self> {
        None
    }

    #[cfg(not(unix))]
    pub(super) fn read_listing(_: &Path, _: &LiveRecord) -> Option<(Self, Vec<String>)> {
        None
    }

    /// The live file at site-relative `rel` when it holds exactly the bytes
    /// of length `len` and hash `sha256`, known without reading it: listed
    /// so, a regular file of that length, unchanged since it was listed.
    pub(super) fn unchanged(&self, rel: &str, len: u64, sha256: &Sha256) -> Option<(PathBuf, std::fs::Metadata)> {
        if self.listed.binary_search(&entry_digest(rel.trim_start_matches('/'), len, sha256)).is_err() {
            return None;
        }
        let path = self.dir.join(rel.trim_start_matches('/'));
        let meta = std::fs::symlink_metadata(&path).ok()?;
        let unchanged = meta.file_type().is_file() && meta.len() == len && change_time(&meta).is_some_and(|at| at <= self.listed_at);
        unchanged.then_some((path, meta))
    }
}

/// What is known of the live release before the staging folder is made:
/// read while the pages are loaded (a large site's list is tens of
/// megabytes of JSON), handed to [`super::Staging::with_live`].
pub struct LiveFiles(pub(super) Option<LiveRelease>);

impl LiveFiles {
    /// The live release in `target` as the build machine's `record` notes
    /// it; nothing is known without a record or a release there.
    pub fn read(target: &Path, record: Option<&LiveRecord>) -> Self {
        Self(record.filter(|_| target.is_dir()).and_then(|record| LiveRelease::read(target, record)))
    }

    /// [`Self::read`], with the paths the live list names when it was
    /// read ([`super::ListedPaths`]): a build checks its output folder
    /// with them instead of parsing the list a second time.
    pub fn read_listing(target: &Path, record: Option<&LiveRecord>) -> (Self, super::ListedPaths) {
        match record.filter(|_| target.is_dir()).and_then(|record| LiveRelease::read_listing(target, record)) {
            Some((release, paths)) => (Self(Some(release)), super::ListedPaths(Some(paths))),
            None => (Self(None), super::ListedPaths(None)),
        }
    }

    /// Nothing known: every live file is compared byte for byte.
    pub fn none() -> Self {
        Self(None)
    }
}

/// Hashes and counts what is read through it.
struct HashingReader<R> {
    inner: R,
    hash: ring::digest::Context,
    len: u64,
}

impl<R: std::io::Read> std::io::Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
}

/// A file's change time in nanoseconds.
#[cfg(unix)]
pub(super) fn change_time(meta: &std::fs::Metadata) -> Option<i128> {
    use std::os::unix::fs::MetadataExt;
    Some(i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()))
}

#[cfg(not(unix))]
pub(super) fn change_time(_: &std::fs::Metadata) -> Option<i128> {
    None
}

/// What the set keeps of one listed file.
fn entry_digest(rel: &str, len: u64, sha256: &Sha256) -> [u8; 16] {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    context.update(rel.as_bytes());
    context.update(&[0]);
    context.update(&len.to_le_bytes());
    context.update(&sha256.to_digest());
    let mut out = [0u8; 16];
    out.copy_from_slice(&context.finish().as_ref()[..16]);
    out
}

/// `files.json` read one entry at a time into [`entry_digest`]s, so the
/// list is never held whole; and its paths, sorted.
struct ListedFiles(Vec<[u8; 16]>, Vec<String>);

impl<'de> serde::Deserialize<'de> for ListedFiles {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Index;
        impl<'de> serde::de::Visitor<'de> for Index {
            type Value = ListedFiles;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a files.json object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ListedFiles, A::Error> {
                let mut listed = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "files" => listed = Some(map.next_value_seed(Entries)?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                listed.map(|(digests, paths)| ListedFiles(digests, paths)).ok_or_else(|| serde::de::Error::missing_field("files"))
            }
        }
        deserializer.deserialize_map(Index)
    }
}

/// The `files` array, each entry digested as it is read.
struct Entries;

impl<'de> serde::de::DeserializeSeed<'de> for Entries {
    type Value = (Vec<[u8; 16]>, Vec<String>);
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Entries {
    type Value = (Vec<[u8; 16]>, Vec<String>);
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of files")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut listed = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        let mut paths = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(file) = seq.next_element::<crate::trust::release::PublishedFile>()? {
            listed.push(entry_digest(file.path.trim_start_matches('/'), file.len, &file.sha256));
            paths.push(file.path);
        }
        listed.sort_unstable();
        listed.dedup();
        listed.shrink_to_fit();
        paths.sort_unstable();
        Ok((listed, paths))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn release_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut listed = Vec::new();
        for (rel, bytes) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            std::fs::write(&path, bytes).expect("file");
            listed.push(crate::trust::release::PublishedFile { len: bytes.len() as u64, path: format!("/{rel}"), sha256: Sha256::of(bytes) });
        }
        let index = crate::trust::release::FilesIndex { files: listed, format: crate::trust::release::FILES_FORMAT.into() };
        let at = dir.path().join(".well-known/sigill/files.json");
        std::fs::create_dir_all(at.parent().expect("parent")).expect("folder");
        std::fs::write(at, serde_json::to_vec(&index).expect("json")).expect("files.json");
        dir
    }

    /// The build machine's record of the release in `dir` as it is now.
    fn noted(dir: &Path) -> LiveRecord {
        let at = dir.join(".well-known/sigill/files.json");
        LiveRecord::of(&at, dir, Sha256::of(&std::fs::read(&at).expect("files.json"))).expect("record")
    }

    #[test]
    fn a_file_is_known_only_as_listed_and_unchanged_since() {
        let dir = release_with(&[("om/index.html", b"page"), ("css/a.css", b"body{}"), ("x.txt", b"x")]);
        let record = noted(dir.path());
        let live = LiveRelease::read(dir.path(), &record).expect("a release");
        // Read with its paths: every path the list names, sorted.
        let (_, paths) = LiveRelease::read_listing(dir.path(), &record).expect("a release");
        assert_eq!(paths, ["/css/a.css", "/om/index.html", "/x.txt"]);
        assert!(live.unchanged("om/index.html", 4, &Sha256::of(b"page")).is_some());
        assert!(live.unchanged("/css/a.css", 6, &Sha256::of(b"body{}")).is_some(), "with or without the leading slash");
        // Other bytes, another length or another path: not this file.
        assert!(live.unchanged("om/index.html", 4, &Sha256::of(b"pagf")).is_none());
        assert!(live.unchanged("om/index.html", 5, &Sha256::of(b"page")).is_none());
        assert!(live.unchanged("css/a.css", 4, &Sha256::of(b"page")).is_none());
        // Changed after it was listed, even back to the same length: refused.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.path().join("om/index.html"), b"PAGE").expect("write");
        assert!(live.unchanged("om/index.html", 4, &Sha256::of(b"page")).is_none());
        // A new link to a file moves its change time too: it is no longer known.
        std::fs::hard_link(dir.path().join("x.txt"), dir.path().join("y.txt")).expect("link");
        assert!(live.unchanged("x.txt", 1, &Sha256::of(b"x")).is_none());
        // Replaced by a folder or gone: not known.
        std::fs::remove_file(dir.path().join("css/a.css")).expect("remove");
        std::fs::create_dir(dir.path().join("css/a.css")).expect("folder");
        assert!(live.unchanged("css/a.css", 6, &Sha256::of(b"body{}")).is_none());
        // No files.json, or one that does not parse: no release to know.
        std::fs::write(dir.path().join(".well-known/sigill/files.json"), b"{\"files\":[{\"len\":1}]}").expect("write");
        assert!(LiveRelease::read(dir.path(), &noted(dir.path())).is_none());
        assert!(LiveRelease::read(&dir.path().join("nothing"), &record).is_none());
    }

    #[test]
    fn a_list_written_again_is_not_trusted_even_with_the_same_bytes() {
        let dir = release_with(&[("om/index.html", b"page")]);
        let record = noted(dir.path());
        assert!(LiveRelease::read(dir.path(), &record).is_some());
        // Whoever can write the output folder changes a page, then writes
        // files.json again, byte for byte, so that it is the later file.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.path().join("om/index.html"), b"fake").expect("tamper");
        let list = dir.path().join(".well-known/sigill/files.json");
        let bytes = std::fs::read(&list).expect("files.json");
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&list, &bytes).expect("rewrite");
        assert!(LiveRelease::read(dir.path(), &record).is_none(), "the list is not the one the build machine noted");
        // Only a new record of it (a build's own) would trust it.
        assert!(LiveRelease::read(dir.path(), &noted(dir.path())).is_some());
    }
}
