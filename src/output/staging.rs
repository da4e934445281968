//! The staging folder a build writes into before the swap.
//!
//! It is either a new empty folder or the release before the live one,
//! recycled: a file already there with the bytes this build would write is
//! left alone, any other file is replaced by a new file (never written
//! through, since it may share its inode with the live release), and
//! [`Staging::files`] removes what this build did not write. Every file
//! written is recorded with its length and hash, which is what `files.json`
//! lists.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::TempDir;

use super::live::{LiveFiles, LiveRelease};
use super::live_record::LiveRecord;
use super::swap;
use super::written::{NotNoted, Recorded, WrittenFiles};
use super::OutputError;
use crate::render::RenderedPage;
use crate::trust::digest::Sha256;
use crate::trust::release::{is_unlisted, PublishedFile};
use crate::verify::source::{KnownDir, KnownFiles};

/// Files larger than this are never compared with an earlier release's copy.
const MAX_COMPARED_BYTES: u64 = 64 << 20;

/// A build's files on their way into place.
pub struct Staging {
    dir: TempDir,
    target: PathBuf,
    /// The folder holds the release before the live one, being brought up to date.
    recycled: bool,
    /// Every file written by this build (site-relative, no leading `/`):
    /// its length and hash (none for a file `files.json` does not list).
    written: Mutex<WrittenFiles>,
    /// Folders this build made or found in place, relative to the staging
    /// folder (held for every page, so kept short): a page's folder holds
    /// several files, each of which would otherwise ask for it again.
    made: Mutex<std::collections::HashSet<Box<Path>>>,
    /// The live release exists: only then can a file be linked from it.
    live: bool,
    /// The live release's files known unread (see [`super::live`]).
    known: Option<LiveRelease>,
}

/// A page in the staging folder: what the stages after writing need of it.
pub struct WrittenPage {
    url: String,
    len: u64,
    sha256: Sha256,
    html: Option<Vec<u8>>,
}

impl WrittenPage {
    /// The page's URL path (`/om/kontakt/`).
    pub fn url(&self) -> &str {
        &self.url
    }
    /// sha256 of the bytes written, lowercase hex.
    pub fn sha256(&self) -> &Sha256 {
        &self.sha256
    }
    /// The length of the bytes written.
    pub fn len(&self) -> u64 {
        self.len
    }
    /// True for an empty page (never, for a theme's templates).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// The bytes written, when they were kept.
    pub fn html(&self) -> Option<&[u8]> {
        self.html.as_deref()
    }
    /// The bytes written, when they were kept, taken.
    pub fn into_html(self) -> Option<Vec<u8>> {
        self.html
    }
}

impl Staging {
    /// A staging folder next to `target`: the release before the live one
    /// when Sigill kept it there, otherwise a new empty folder. With the
    /// build machine's `record` of the live release, the live files it
    /// lists that have not changed since are placed unread.
    pub fn new(target: &Path, record: Option<&LiveRecord>) -> Result<Self, OutputError> {
        Self::with_live(target, LiveFiles::read(target, record))
    }

    /// [`Self::new`] with the live release read already ([`LiveFiles::read`]).
    pub fn with_live(target: &Path, live_files: LiveFiles) -> Result<Self, OutputError> {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|source| OutputError::Create { target: target.display().to_string(), source })?;
        // Named by its real path: every file of the release is reached
        // through it, and `site/../` would be looked up for each of them.
        let parent = std::fs::canonicalize(parent).map_err(|source| OutputError::Create { target: target.display().to_string(), source })?;
        let dir = tempfile::Builder::new()
            .prefix(".sigill-build-")
            .tempdir_in(&parent)
            .map_err(|source| OutputError::Create { target: target.display().to_string(), source })?;
        // Moving the kept release onto the empty folder claims it: a second
        // build running at the same time finds nothing to recycle.
        let recycled = swap::previous_release_path(target).is_some_and(|previous| swap::is_kept_release(&previous) && std::fs::rename(&previous, dir.path()).is_ok());
        let live = target.is_dir();
        let known = live_files.0.filter(|_| live);
        Ok(Self { dir, target: target.to_path_buf(), recycled, written: Mutex::default(), made: Mutex::default(), live, known })
    }

    /// The folder being filled.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a rendered page at `<url>index.html`: the only way page HTML
    /// reaches the output from outside this crate. The page's HTML is kept
    /// only when `keep_html` (the search index reads it); the rest of the
    /// build needs its address, length and hash.
    pub fn write_page(&self, page: RenderedPage, keep_html: bool) -> Result<WrittenPage, OutputError> {
        self.write_hashed(&format!("{}index.html", page.url().trim_start_matches('/')), page.html(), *page.sha256())?;
        let len = page.len();
        let (url, html, sha256) = page.into_parts();
        Ok(WrittenPage { url, len, sha256, html: keep_html.then_some(html) })
    }

    /// Places at `<url>index.html` the live page an earlier build rendered
    /// from the same inputs ([`super::RenderRecord`]): `len` bytes of hash
    /// `sha256`. `None`, with nothing placed, when the live release holds
    /// no such file unchanged: the caller renders the page.
    pub fn keep_page(&self, url: &str, len: u64, sha256: &Sha256, keep_html: bool) -> Result<Option<WrittenPage>, OutputError> {
        let rel = format!("{}index.html", url.trim_start_matches('/'));
        if !self.keep(&rel, len, sha256)? {
            return Ok(None);
        }
        let html = match keep_html {
            // The search index reads the page: read, and checked once more.
            true => {
                let bytes = std::fs::read(self.resolve(&rel)?).map_err(|source| OutputError::Write { path: rel.clone(), source })?;
                if Sha256::of(&bytes) != *sha256 {
                    return Err(OutputError::Write { path: rel, source: std::io::Error::other(tr!("output-kept-file-changed")) });
                }
                Some(bytes)
            }
            false => None,
        };
        Ok(Some(WrittenPage { url: url.to_string(), len, sha256: *sha256, html }))
    }

    /// Lets go of what is known of the live release, once the pages are
    /// written: the files written after them (the seal, the log) are new
    /// with each release, and a large site's list is megabytes.
    pub(crate) fn forget_live(&mut self) {
        self.known = None;
    }

    /// Whether [`Self::keep`] would find the live file at `rel` holding
    /// exactly `len` bytes of hash `sha256`.
    pub fn can_keep(&self, rel: &str, len: u64, sha256: &Sha256) -> bool {
        self.known.as_ref().is_some_and(|live| live.unchanged(rel, len, sha256).is_some())
    }

    /// Places at `rel` the live file known, unread, to hold exactly `len`
    /// bytes of hash `sha256` ([`LiveRelease::unchanged`]): a file whose
    /// bytes the build knows without making them. `false`, with nothing
    /// placed, when there is no such live file.
    pub(crate) fn keep(&self, rel: &str, len: u64, sha256: &Sha256) -> Result<bool, OutputError> {
        let Some((old, meta)) = self.known.as_ref().and_then(|live| live.unchanged(rel, len, sha256)) else { return Ok(false) };
        let path = self.resolve(rel)?;
        // Noted first (a file placed unread is noted as such); a caller
        // told `false` writes the file, which notes it again.
        self.record(rel, len, Some(*sha256), false)?;
        self.place_unchanged(rel, &path, &old, &meta)
    }

    /// Places the live file `old` (metadata `meta`), known to hold the
    /// bytes wanted at `rel`, at `path`, unread: left alone where the
    /// recycled release holds that very file, linked otherwise, and noted
    /// as placed unread. `false` when it cannot be linked (another file
    /// system): the caller writes the bytes.
    fn place_unchanged(&self, rel: &str, path: &Path, old: &Path, meta: &std::fs::Metadata) -> Result<bool, OutputError> {
        if self.recycled && std::fs::symlink_metadata(path).is_ok_and(|there| is_same_inode(&there, meta)) {
            self.note_placed(rel, meta);
            return Ok(true);
        }
        self.make_room(rel, path)?;
        if std::fs::hard_link(old, path).is_err() {
            return Ok(false);
        }
        // The link moved the file's change time: noted as it is now.
        if let Ok(linked) = std::fs::symlink_metadata(path) {
            self.note_placed(rel, &linked);
        }
        Ok(true)
    }

    /// [`Self::write`] for bytes whose hash is known already (a rendered
    /// page, an approved text checked against its approval): the pages
    /// are not hashed twice. `files.json` lists `sha256`; a wrong one
    /// would fail the build's self-check.
    pub(crate) fn write_hashed(&self, rel: &str, bytes: &[u8], sha256: Sha256) -> Result<(), OutputError> {
        debug_assert_eq!(sha256, Sha256::of(bytes), "{rel}: the hash given is the bytes' hash");
        let path = self.resolve(rel)?;
        self.record(rel, bytes.len() as u64, Some(sha256), false)?;
        self.place(rel, &path, bytes, &sha256)
    }

    /// Writes `bytes` at the site-relative `rel` path (`om/index.html`):
    /// the stages' own files (proofs, feeds, trust documents).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.resolve(rel)?;
        let sha256 = Sha256::of(bytes);
        self.record(rel, bytes.len() as u64, Some(sha256), false)?;
        self.place(rel, &path, bytes, &sha256)
    }

    /// Writes a file that no other part of the build may have written:
    /// fails when `rel` was written already, so a theme's static file can
    /// never replace a page, a bundle file or the verifier.
    pub(crate) fn write_new(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.resolve(rel)?;
        let sha256 = Sha256::of(bytes);
        self.record(rel, bytes.len() as u64, Some(sha256), true)?;
        self.place(rel, &path, bytes, &sha256)
    }

    /// Copies a file into the staging folder (a bundle file, a log file),
    /// reading it once: for its hash and for the comparison.
    pub(crate) fn copy(&self, rel: &str, from: &Path) -> Result<(), OutputError> {
        let path = self.resolve(rel)?;
        let error = |source| OutputError::Write { path: rel.into(), source };
        let bytes = std::fs::read(from).map_err(error)?;
        let sha256 = Sha256::of(&bytes);
        self.record(rel, bytes.len() as u64, Some(sha256), false)?;
        self.place(rel, &path, &bytes, &sha256)
    }

    /// Writes a large file the build makes once per release (`pages.json`,
    /// `files.json`) straight to disk as `produce` serialises it, hashing
    /// as it goes, so its bytes are never held in memory; returns its
    /// length and hash. The file is always written anew: it changes with
    /// any page, so comparing it with an earlier release's copy would only
    /// cost a read.
    pub(crate) fn write_streamed(&self, rel: &str, produce: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(u64, Sha256), OutputError> {
        let path = self.resolve(rel)?;
        let error = |source| OutputError::Write { path: rel.into(), source };
        self.make_room(rel, &path)?;
        let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(error)?;
        // Buffered before hashing: serde writes a few bytes at a time.
        let mut writer = std::io::BufWriter::with_capacity(256 << 10, HashingWriter::new(file));
        produce(&mut writer).map_err(error)?;
        let (_, len, sha256) = writer.into_inner().map_err(|e| error(e.into_error()))?.finish();
        self.record(rel, len, Some(sha256), false)?;
        Ok((len, sha256))
    }

    /// Puts the file `from` at `rel`, one that `files.json` does not list
    /// (a log state or release, which the signed checkpoint covers): as a
    /// hard link to `from`, and without reading it when the recycled
    /// release holds that very file already. The log grows by a state with
    /// every release; this keeps a build's cost from growing with it.
    pub(crate) fn link_unlisted(&self, rel: &str, from: &Path) -> Result<(), OutputError> {
        let path = self.resolve(rel)?;
        let error = |source| OutputError::Write { path: rel.into(), source };
        if !is_unlisted(&format!("/{}", rel.trim_start_matches('/'))) {
            return Err(error(std::io::Error::other(format!("{rel} is listed in files.json"))));
        }
        let source = std::fs::metadata(from).map_err(error)?;
        self.record(rel, source.len(), None, false)?;
        if self.recycled && std::fs::symlink_metadata(&path).is_ok_and(|there| is_same_inode(&there, &source)) {
            return Ok(());
        }
        self.make_room(rel, &path)?;
        if std::fs::hard_link(from, &path).is_ok() {
            return Ok(());
        }
        // Another file system: a copy.
        std::fs::copy(from, &path).map(|_| ()).map_err(error)
    }

    /// Creates the folder at the site-relative `rel` (a page URL such as `/om/`).
    pub fn create_dir(&self, rel: &str) -> Result<(), OutputError> {
        let clean = rel.trim_matches('/');
        let path = if clean.is_empty() { self.dir.path().to_path_buf() } else { self.resolve(clean)? };
        self.make_dir(&path).map_err(|source| OutputError::Write { path: rel.into(), source })
    }

    /// Every file this build wrote, sorted by path, as `files.json` lists
    /// them (without the [`is_unlisted`] files). In a recycled folder, the
    /// files of the earlier release this build did not write are removed
    /// first, so the folder holds exactly what is listed.
    pub fn files(&self) -> Result<Vec<PublishedFile>, OutputError> {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        if self.recycled {
            prune(self.dir.path(), &written).map_err(|source| OutputError::Write { path: "(removing files of an earlier release)".into(), source })?;
        }
        let mut files: Vec<PublishedFile> = written
            .iter()
            .filter_map(|(rel, recorded)| Some(PublishedFile { len: recorded.len, path: format!("/{rel}"), sha256: Sha256::from_digest(recorded.sha256.as_ref()?) }))
            .filter(|f| !is_unlisted(&f.path))
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Moves the staged site into place; the release it replaces is kept
    /// beside it for the next build to recycle.
    pub fn commit(self) -> Result<(), OutputError> {
        let staged = self.dir.keep();
        swap::swap_into_place(&staged, &self.target)
    }

    /// Notes that this build writes `rel`; with `new`, fails when it did already.
    fn record(&self, rel: &str, len: u64, sha256: Option<Sha256>, new: bool) -> Result<(), OutputError> {
        let key = rel.trim_start_matches('/');
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        match written.insert(key, Recorded { len, sha256: sha256.map(|h| h.to_digest()) }, new) {
            Ok(()) => Ok(()),
            Err(NotNoted::Taken) => Err(OutputError::Taken { path: rel.into() }),
            Err(NotNoted::Full) => Err(OutputError::Write { path: rel.into(), source: std::io::Error::other("too many files for one release") }),
        }
    }

    /// Puts `bytes` (with hash `sha256`) at `path`: leaves an identical
    /// file of the recycled release alone, links an identical file of the
    /// live release, and writes a new file otherwise. A live file known to
    /// hold these bytes ([`LiveRelease::unchanged`]) is linked, or left
    /// alone where the recycled release holds that very file, unread.
    /// Whichever way, the file is then noted as placed ([`Self::known`]):
    /// the build's self-check does not read back what it just wrote.
    fn place(&self, rel: &str, path: &Path, bytes: &[u8], sha256: &Sha256) -> Result<(), OutputError> {
        if let Some((old, meta)) = self.known.as_ref().and_then(|live| live.unchanged(rel, bytes.len() as u64, sha256)) {
            if self.place_unchanged(rel, path, &old, &meta)? {
                return Ok(());
            }
            return self.write_file(rel, path, bytes);
        }
        if self.recycled {
            if let Some(meta) = same_file(path, bytes) {
                self.note_placed(rel, &meta);
                return Ok(());
            }
        }
        self.make_room(rel, path)?;
        let old = self.target.join(rel.trim_start_matches('/'));
        if self.live && same_file(&old, bytes).is_some() && std::fs::hard_link(&old, path).is_ok() {
            // The link moved the file's change time: noted as it is now.
            if let Ok(linked) = std::fs::symlink_metadata(path) {
                self.note_placed(rel, &linked);
            }
            return Ok(());
        }
        self.write_file(rel, path, bytes)
    }

    /// Writes `bytes` to a new file at `path` and notes it as placed, with
    /// its metadata just after the write.
    fn write_file(&self, rel: &str, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        use std::io::Write;
        let error = |source| OutputError::Write { path: rel.into(), source };
        let mut file = std::fs::File::create(path).map_err(error)?;
        file.write_all(bytes).map_err(error)?;
        if let Ok(meta) = file.metadata() {
            self.note_placed(rel, &meta);
        }
        Ok(())
    }

    /// Notes that the file at `rel` holds the bytes noted for it, with
    /// `meta` its metadata now (see [`Self::known`]).
    fn note_placed(&self, rel: &str, meta: &std::fs::Metadata) {
        if let Some(digest) = metadata_digest(meta) {
            self.written.lock().unwrap_or_else(|e| e.into_inner()).note_placed(rel.trim_start_matches('/'), digest);
        }
    }

    /// The length and hash of the staged file at `rel` (a URL path), known
    /// without reading it: a file this build wrote from bytes it hashed,
    /// an identical file it compared byte for byte, or a live file the
    /// build machine's record vouches for ([`super::live`]) placed unread;
    /// and unchanged since (its device, inode, length and change time are
    /// as they were just after). `None` for any other file: it must be read. A build's self-check reads the staging
    /// folder through this ([`KnownFiles`]).
    pub fn known(&self, rel: &str) -> Option<(u64, Sha256)> {
        let path = self.resolve(rel).ok()?;
        let (len, sha256, digest) = self.written.lock().unwrap_or_else(|e| e.into_inner()).placed(rel.trim_start_matches('/'))?;
        let meta = std::fs::symlink_metadata(path).ok()?;
        (meta.file_type().is_file() && meta.len() == len && metadata_digest(&meta) == Some(digest)).then(|| (len, Sha256::from_digest(&sha256)))
    }

    /// The staging folder as a check reads it: what [`Self::known`]
    /// vouches for is not read again.
    pub fn source(&self) -> KnownDir<&Self> {
        KnownDir::new(self.dir.path(), self)
    }

    /// Clears `path` (site-relative `rel`) for a new file: in a recycled
    /// folder, whatever of the earlier release stands there is removed, and
    /// the folders above it are made.
    fn make_room(&self, rel: &str, path: &Path) -> Result<(), OutputError> {
        let error = |source| OutputError::Write { path: rel.into(), source };
        if self.recycled {
            // A folder holding files this build wrote is not the earlier
            // release's to remove: two outputs want the same path.
            let clean = rel.trim_start_matches('/');
            let folder = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
            if folder && self.wrote_under(clean) {
                return Err(error(std::io::Error::other(tr!("output-folder-of-this-build-there"))));
            }
            // Never write through a file of the recycled release: it may be
            // a hard link to the same file in the live one.
            remove_any(path).map_err(error)?;
            if folder {
                let removed = self.made_key(path);
                self.made.lock().unwrap_or_else(|e| e.into_inner()).retain(|made| !made.starts_with(removed));
            }
        }
        match path.parent() {
            Some(parent) => self.make_dir(parent).map_err(error),
            None => Ok(()),
        }
    }

    /// Creates `dir` and its parents; in a recycled folder, a file of the
    /// earlier release standing where a folder is now needed is removed.
    fn make_dir(&self, dir: &Path) -> std::io::Result<()> {
        let key = self.made_key(dir);
        if self.made.lock().unwrap_or_else(|e| e.into_inner()).contains(key) {
            return Ok(());
        }
        self.make_dir_uncached(dir)?;
        self.made.lock().unwrap_or_else(|e| e.into_inner()).insert(key.into());
        Ok(())
    }

    /// How [`Self::made`] names the folder `dir`: its path inside the
    /// staging folder (every folder a build makes is).
    fn made_key<'p>(&self, dir: &'p Path) -> &'p Path {
        dir.strip_prefix(self.dir.path()).unwrap_or(dir)
    }

    fn make_dir_uncached(&self, dir: &Path) -> std::io::Result<()> {
        match std::fs::create_dir_all(dir) {
            Err(e) if self.recycled && dir.starts_with(self.dir.path()) => {
                let mut at = self.dir.path().to_path_buf();
                let mut rel = String::new();
                for part in dir.strip_prefix(self.dir.path()).unwrap_or(Path::new("")).components() {
                    at.push(part);
                    if !rel.is_empty() {
                        rel.push('/');
                    }
                    rel.push_str(&part.as_os_str().to_string_lossy());
                    // Only a file of the earlier release gives way, never one this build wrote.
                    if std::fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) && !self.wrote(&rel) {
                        std::fs::remove_file(&at)?;
                    }
                }
                std::fs::create_dir_all(dir).map_err(|_| e)
            }
            other => other,
        }
    }

    /// This build wrote the file at `rel`.
    fn wrote(&self, rel: &str) -> bool {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).contains(rel)
    }

    /// This build wrote a file under the folder `rel`.
    fn wrote_under(&self, rel: &str) -> bool {
        let prefix = format!("{}/", rel.trim_end_matches('/'));
        self.written.lock().unwrap_or_else(|e| e.into_inner()).iter().any(|(k, _)| k.starts_with(&prefix))
    }

    fn resolve(&self, rel: &str) -> Result<PathBuf, OutputError> {
        let clean = rel.trim_start_matches('/');
        if clean.split('/').any(|s| s == ".." || s.is_empty() || s == ".") {
            return Err(OutputError::Escape { path: rel.into() });
        }
        Ok(self.dir.path().join(clean))
    }
}

impl KnownFiles for Staging {
    fn known(&self, root: &Path, path: &str) -> Option<(u64, Sha256)> {
        (root == self.dir.path()).then(|| Staging::known(self, path)).flatten()
    }
}

/// Passes bytes on to a file while hashing and counting them.
pub(crate) struct HashingWriter<W> {
    inner: W,
    hash: ring::digest::Context,
    len: u64,
}

impl<W> HashingWriter<W> {
    pub(crate) fn new(inner: W) -> Self {
        Self { inner, hash: ring::digest::Context::new(&ring::digest::SHA256), len: 0 }
    }

    /// The writer, and the length and hash of what passed through it.
    pub(crate) fn finish(self) -> (W, u64, Sha256) {
        let digest = self.hash.finish();
        let mut sha256 = [0u8; 32];
        sha256.copy_from_slice(digest.as_ref());
        (self.inner, self.len, Sha256::from_digest(&sha256))
    }
}

impl<W: std::io::Write> std::io::Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The metadata of `path`, taken before it was read, when it is a regular
/// file holding exactly `bytes`. Nothing is read when the length already
/// differs.
fn same_file(path: &Path, bytes: &[u8]) -> Option<std::fs::Metadata> {
    let len = bytes.len() as u64;
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() || meta.len() != len || len > MAX_COMPARED_BYTES {
        return None;
    }
    let same = crate::trust::read_at_most(path, MAX_COMPARED_BYTES as usize).is_ok_and(|old| old.as_deref() == Some(bytes));
    same.then_some(meta)
}

/// A non-zero digest of what identifies a file and moves with any change
/// to it: device, inode, length and change time.
#[cfg(unix)]
fn metadata_digest(meta: &std::fs::Metadata) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    use std::os::unix::fs::MetadataExt;
    let mut hasher = std::hash::DefaultHasher::new();
    (meta.dev(), meta.ino(), meta.len(), meta.ctime(), meta.ctime_nsec()).hash(&mut hasher);
    Some(hasher.finish().max(1))
}

#[cfg(not(unix))]
fn metadata_digest(_: &std::fs::Metadata) -> Option<u64> {
    None
}

/// Both are the same file (not a copy: one inode).
#[cfg(unix)]
fn is_same_inode(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.file_type().is_file() && a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn is_same_inode(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// Removes whatever is at `path` (a file, a link or a folder), if anything.
fn remove_any(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        // Nothing there, or a file of the earlier release where a folder of
        // the path should be ([`Staging::make_dir`] clears that); anything
        // else the write that follows reports.
        Err(_) => Ok(()),
    }
}

/// Removes every file under `dir` that is not in `written`, and every
/// folder left empty. The folder is listed in parallel (a release has tens
/// of thousands of files); only folders something was removed from are
/// opened again, deepest first (an earlier release has no empty folders).
fn prune(dir: &Path, written: &WrittenFiles) -> std::io::Result<()> {
    use rayon::prelude::*;
    let present = crate::verify::source::list_files(dir, "").ok_or_else(|| std::io::Error::other(format!("{} cannot be listed", dir.display())))?;
    let stale: Vec<&str> = present.iter().map(|p| p.trim_start_matches('/')).filter(|rel| !written.contains(rel)).collect();
    stale.par_iter().try_for_each(|rel| std::fs::remove_file(dir.join(rel)))?;
    // Deepest first: a folder emptied by removing its last folder is seen after it.
    let mut emptied: std::collections::BTreeSet<(std::cmp::Reverse<usize>, String)> = std::collections::BTreeSet::new();
    let parent = |rel: &str| rel.rsplit_once('/').map(|(folder, _)| (std::cmp::Reverse(folder.matches('/').count() + 1), folder.to_string()));
    emptied.extend(stale.iter().filter_map(|rel| parent(rel)));
    while let Some((_, folder)) = emptied.pop_first() {
        let path = dir.join(&folder);
        if std::fs::read_dir(&path)?.next().is_none() {
            std::fs::remove_dir(&path)?;
            emptied.extend(parent(&folder));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output folder with a kept earlier release beside it, both holding `files`.
    fn kept_release(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
        let root = tempfile::tempdir().expect("temp dir");
        let target = root.path().join("public");
        for dir in [target.clone(), root.path().join(".sigill-previous-public")] {
            for (rel, text) in files.iter().chain(&[(".well-known/sigill/files.json", "{}")]) {
                let path = dir.join(rel);
                std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
                std::fs::write(path, text).expect("file");
            }
        }
        (root, target)
    }

    #[cfg(unix)]
    #[test]
    fn log_files_are_linked_and_a_recycled_link_is_left_alone() {
        use std::os::unix::fs::MetadataExt;
        let inode = |p: &Path| std::fs::metadata(p).expect("file").ino();
        let (root, target) = kept_release(&[]);
        let state = root.path().join("state");
        std::fs::create_dir_all(&state).expect("state folder");
        let (first, second) = (state.join("1.json"), state.join("2.json"));
        std::fs::write(&first, "state 1").expect("state");
        std::fs::write(&second, "state 2").expect("state");
        // The kept release holds state 1 as the very same file, and a
        // stale copy of state 2.
        let kept = root.path().join(".sigill-previous-public/.well-known/sigill/log/state");
        std::fs::create_dir_all(&kept).expect("folder");
        std::fs::hard_link(&first, kept.join("1.json")).expect("link");
        std::fs::write(kept.join("2.json"), "stale").expect("stale copy");
        let staging = Staging::new(&target, None).expect("staging");
        staging.link_unlisted(".well-known/sigill/log/state/1.json", &first).expect("state 1");
        staging.link_unlisted(".well-known/sigill/log/state/2.json", &second).expect("state 2");
        let staged = staging.path().join(".well-known/sigill/log/state");
        assert_eq!(inode(&staged.join("1.json")), inode(&first));
        assert_eq!(inode(&staged.join("2.json")), inode(&second), "the stale copy gave way to the state itself");
        assert_eq!(std::fs::read(staged.join("2.json")).expect("read"), b"state 2");
        // Only a file files.json does not list may be published unread.
        assert!(staging.link_unlisted("om/index.html", &first).is_err());
        assert!(!staging.path().join("om/index.html").exists());
        let listed: Vec<String> = staging.files().expect("files").into_iter().map(|f| f.path).collect();
        assert!(listed.is_empty(), "{listed:?}");
        assert!(staged.join("1.json").exists() && staged.join("2.json").exists(), "what this build linked is kept");
    }

    /// The release in `target` as a build publishes it: `files` listed in
    /// its `files.json`, and the build machine's record of that list.
    #[cfg(unix)]
    fn published(target: &Path, files: &[(&str, &[u8])]) -> LiveRecord {
        let mut listed = Vec::new();
        for (rel, bytes) in files {
            let path = target.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            std::fs::write(&path, bytes).expect("file");
            listed.push(PublishedFile { len: bytes.len() as u64, path: format!("/{rel}"), sha256: Sha256::of(bytes) });
        }
        let index = crate::trust::release::FilesIndex { files: listed, format: crate::trust::release::FILES_FORMAT.into() };
        let list = target.join(".well-known/sigill/files.json");
        std::fs::create_dir_all(list.parent().expect("parent")).expect("folder");
        let bytes = serde_json::to_vec(&index).expect("json");
        std::fs::write(&list, &bytes).expect("files.json");
        LiveRecord::of(&list, target, Sha256::of(&bytes)).expect("record")
    }

    #[cfg(unix)]
    #[test]
    fn a_placed_file_is_known_until_anything_changes_it() {
        use std::os::unix::fs::MetadataExt;
        let root = tempfile::tempdir().expect("temp dir");
        let target = root.path().join("public");
        let record = published(&target, &[("om/index.html", b"page"), ("a.css", b"body{}"), ("b.txt", b"b")]);
        let staging = Staging::new(&target, Some(&record)).expect("staging");
        staging.write("om/index.html", b"page").expect("page");
        staging.write("a.css", b"body{}").expect("css");
        staging.write("b.txt", b"other bytes").expect("changed file");
        staging.write("new.txt", b"new").expect("new file");
        // Linked from the live release, unread, and known by what it listed.
        assert_eq!(staging.path().join("om/index.html").metadata().expect("staged").ino(), target.join("om/index.html").metadata().expect("live").ino());
        assert_eq!(staging.known("/om/index.html"), Some((4, Sha256::of(b"page"))));
        assert_eq!(staging.known("a.css"), Some((6, Sha256::of(b"body{}"))));
        // What the build wrote itself is known by the bytes it wrote.
        assert_eq!(staging.known("/b.txt"), Some((11, Sha256::of(b"other bytes"))));
        assert_eq!(staging.known("/new.txt"), Some((3, Sha256::of(b"new"))));
        assert_eq!(staging.known("/nothing"), None);
        assert_eq!(staging.known("/../public/a.css"), None);
        // Written through after it was placed (same length, same inode):
        // no longer known, so the self-check reads it.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(staging.path().join("om/index.html"), b"fake").expect("tamper");
        assert_eq!(staging.known("/om/index.html"), None);
        std::fs::write(staging.path().join("new.txt"), b"old").expect("tamper");
        assert_eq!(staging.known("/new.txt"), None);
        // Replaced by another file of the same bytes: another inode, not known.
        std::fs::remove_file(staging.path().join("a.css")).expect("remove");
        std::fs::write(staging.path().join("a.css"), b"body{}").expect("replace");
        assert_eq!(staging.known("/a.css"), None);
        // Without the build machine's record, a live file is compared byte
        // for byte before it is linked, and then known.
        let unrecorded = Staging::new(&target, None).expect("staging");
        unrecorded.write("b.txt", b"b").expect("file");
        assert_eq!(unrecorded.path().join("b.txt").metadata().expect("staged").ino(), target.join("b.txt").metadata().expect("live").ino(), "compared byte for byte and linked");
        assert_eq!(unrecorded.known("/b.txt"), Some((1, Sha256::of(b"b"))));
        // A file noted but not placed (the bytes it should hold were never
        // put there) is not known.
        unrecorded.record("c.txt", 1, Some(Sha256::of(b"c")), false).expect("noted");
        std::fs::write(unrecorded.path().join("c.txt"), b"x").expect("someone else's file");
        assert_eq!(unrecorded.known("/c.txt"), None);
    }

    #[cfg(unix)]
    #[test]
    fn an_identical_file_of_a_recycled_release_is_left_alone_and_known() {
        use std::os::unix::fs::MetadataExt;
        let (_root, target) = kept_release(&[("om/index.html", "same page"), ("a.txt", "old")]);
        let staging = Staging::new(&target, None).expect("staging");
        let before = staging.path().join("om/index.html").metadata().expect("recycled").ino();
        staging.write("om/index.html", b"same page").expect("page");
        staging.write("a.txt", b"new").expect("file");
        assert_eq!(staging.path().join("om/index.html").metadata().expect("staged").ino(), before, "left alone");
        assert_eq!(staging.known("/om/index.html"), Some((9, Sha256::of(b"same page"))));
        assert_eq!(staging.known("/a.txt"), Some((3, Sha256::of(b"new"))));
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(staging.path().join("om/index.html"), b"fake page").expect("tamper");
        assert_eq!(staging.known("/om/index.html"), None, "changed after it was compared: read again");
    }

    #[test]
    fn a_recycled_release_never_loses_a_file_this_build_wrote() {
        let (root, target) = kept_release(&[("om/index.html", "old page"), ("kontakt", "old file")]);
        let staging = Staging::new(&target, None).expect("staging");
        assert!(staging.recycled, "the kept release is recycled");
        assert!(!root.path().join(".sigill-previous-public").exists(), "and claimed");
        // A file where a folder of this build's files is: refused, nothing lost.
        staging.write("om/index.html", b"new page").expect("page");
        assert!(staging.write_new("om", b"a static file").is_err());
        assert_eq!(std::fs::read(staging.path().join("om/index.html")).expect("kept"), b"new page");
        // A folder where a file this build wrote is: refused, nothing lost.
        staging.write("kontakt", b"new file").expect("file");
        assert!(staging.write("kontakt/index.html", b"page").is_err());
        assert_eq!(std::fs::read(staging.path().join("kontakt")).expect("kept"), b"new file");
        // Files of the earlier release stand aside for this build's.
        let (_root, target) = kept_release(&[("a", "old file"), ("b/index.html", "old page")]);
        let staging = Staging::new(&target, None).expect("staging");
        staging.write("a/index.html", b"page").expect("a folder where an old file was");
        staging.write("b", b"file").expect("a file where an old folder was");
        let listed: Vec<String> = staging.files().expect("files").into_iter().map(|f| f.path).collect();
        assert_eq!(listed, ["/a/index.html", "/b"]);
        assert!(!staging.path().join(".well-known/sigill/files.json").exists(), "what this build did not write is gone");
    }

    #[test]
    fn pruning_a_recycled_release_removes_what_was_not_written_and_the_folders_it_empties() {
        let (_root, target) = kept_release(&[("a/b/c/index.html", "old"), ("a/b/d.txt", "old"), ("a/e.txt", "old"), ("f/index.html", "old"), ("g.txt", "old")]);
        let staging = Staging::new(&target, None).expect("staging");
        staging.write("f/index.html", b"new").expect("page");
        staging.write("a/e.txt", b"new").expect("file");
        let listed: Vec<String> = staging.files().expect("files").into_iter().map(|f| f.path).collect();
        assert_eq!(listed, ["/a/e.txt", "/f/index.html"]);
        let mut left: Vec<String> = walkdir::WalkDir::new(staging.path())
            .min_depth(1)
            .into_iter()
            .map(|e| e.expect("entry").path().strip_prefix(staging.path()).expect("inside").to_string_lossy().replace('\\', "/"))
            .collect();
        left.sort();
        assert_eq!(left, ["a", "a/e.txt", "f", "f/index.html"], "a/b and everything under it, .well-known and g.txt are gone");
    }

    #[cfg(unix)]
    #[test]
    fn a_streamed_index_is_written_as_produced_listed_with_its_hash_and_never_written_through() {
        use std::os::unix::fs::MetadataExt;
        let rel = ".well-known/sigill/pages.json";
        let (root, target) = kept_release(&[(rel, "the last release's index")]);
        // The kept release's copy is the same file as the live one's (a
        // release recycled after a rebuild links what did not change).
        let live = target.join(rel);
        std::fs::remove_file(&live).expect("remove");
        std::fs::hard_link(root.path().join(".sigill-previous-public").join(rel), &live).expect("link");
        let staging = Staging::new(&target, None).expect("staging");
        let bytes: Vec<u8> = (0..300_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let (len, sha256) = staging
            .write_streamed(rel, |w| {
                // Written in pieces, as a serialiser does.
                for piece in bytes.chunks(7) {
                    w.write_all(piece)?;
                }
                Ok(())
            })
            .expect("streamed");
        assert_eq!((len, sha256), (bytes.len() as u64, Sha256::of(&bytes)));
        assert_eq!(std::fs::read(staging.path().join(rel)).expect("written"), bytes);
        assert_eq!(std::fs::read(&live).expect("live"), b"the last release's index", "the live release's file was not written through");
        assert_ne!(std::fs::metadata(staging.path().join(rel)).expect("staged").ino(), std::fs::metadata(&live).expect("live").ino());
        let listed: Vec<(String, u64, String)> = staging.files().expect("files").into_iter().map(|f| (f.path, f.len, f.sha256.to_string())).collect();
        assert_eq!(listed, [(format!("/{rel}"), bytes.len() as u64, sha256.to_string())]);
        // A serialiser's error fails the write, naming the file.
        let failed = staging.write_streamed("other.json", |_| Err(std::io::Error::other("cannot serialise"))).expect_err("an error");
        assert!(failed.to_string().contains("other.json"), "{failed}");
    }
}
