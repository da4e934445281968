//! The pages a build machine rendered, by what they were rendered from,
//! kept in its state folder between builds.
//!
//! A page's HTML is a pure function of its inputs: its approved text and
//! files, everything its template is given (menu, breadcrumbs, listing,
//! mark, languages, notices: see `PageParts` in [`crate::render`]), the
//! theme, `site.toml`, the data files, where every page's links lead, and
//! the program itself. A [`RenderKey`] is a hash of all of them. Each build
//! notes, for each page it published, the key and the hash and length of
//! the HTML; the next build gives a page whose key it finds the live file
//! that holds exactly that HTML, linked unread, instead of rendering it
//! again. A page whose inputs changed in any way has another key and is
//! rendered. The record is signed with the release key, like the other
//! records of the state folder ([`crate::trust::signature_cache`]):
//! whoever could forge it could sign a release already. A record that is
//! missing, damaged or signed by another key is ignored: every page is
//! rendered, as without it. `sigill audit` never uses it.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use crate::approvals::ApprovedPage;
use crate::trust::digest::Sha256;
use crate::trust::signature_cache::{open_record, sign_record};
use crate::trust::{PublicKey, SigningKey};

/// The record's name in the state folder.
pub const FILE_NAME: &str = "rendered-pages";

/// What the release key's signature over the record says it is.
const PAYLOAD_TYPE: &str = "application/vnd.sigill.rendered-pages.v1";

/// The payload's first bytes, before the (key, hash, length) entries.
const MAGIC: &[u8] = b"sigill rendered pages v1\n";

/// One entry: key, hash of the HTML, its length.
const ENTRY: usize = 32 + 32 + 8;

/// A record larger than this is ignored unread (two million pages).
const MAX_BYTES: usize = 64 + MAGIC.len() + 2_000_000 * ENTRY;

/// The hash of everything one output file was rendered from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RenderKey([u8; 32]);

/// What every page's key has in common (the site key), and how a page's
/// own inputs are added to it.
pub struct RenderKeys {
    site: [u8; 32],
}

/// A SHA-256 being fed, as a writer.
struct Hasher(ring::digest::Context);

impl Write for Hasher {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Hasher {
    fn new(domain: &str) -> Self {
        let mut context = ring::digest::Context::new(&ring::digest::SHA256);
        context.update(domain.as_bytes());
        context.update(&[0]);
        Self(context)
    }
    /// A named part: its name, its length and its bytes, so that no two
    /// sequences of parts run together alike.
    fn part(&mut self, name: &str, bytes: &[u8]) {
        self.0.update(name.as_bytes());
        self.0.update(&[0]);
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }
    fn finish(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.copy_from_slice(self.0.finish().as_ref());
        out
    }
}

impl RenderKeys {
    /// The site key over `parts` (each named, in order) and this program:
    /// its version and the executable's length and change time, so that
    /// another build of Sigill renders every page anew. `None` when the
    /// running program cannot be identified: then nothing is taken from
    /// the record.
    pub fn new(parts: &[(&str, &[u8])]) -> Option<Self> {
        let mut hasher = Hasher::new("sigill render site key v1");
        hasher.part("version", env!("CARGO_PKG_VERSION").as_bytes());
        hasher.part("program", &program_identity()?);
        for (name, bytes) in parts {
            hasher.part(name, bytes);
        }
        Some(Self { site: hasher.finish() })
    }

    /// A page's key: the site key, what its content is made of (its newest
    /// approval's payload, which binds its text and files, its path and
    /// address) and what its template is given (`parts` writes them).
    pub fn page(&self, page: &ApprovedPage, parts: &dyn Fn(&mut dyn Write)) -> RenderKey {
        let mut hasher = Hasher::new("sigill render page key v1");
        hasher.part("site", &self.site);
        let head = page.chain().last().map(|a| a.payload_sha256.to_digest()).unwrap_or_default();
        hasher.part("approval", &head);
        hasher.part("path", page.page().source.path.as_bytes());
        hasher.part("url", page.page().url.as_bytes());
        hasher.part("parts", b"");
        buffered(&mut hasher, parts);
        RenderKey(hasher.finish())
    }

    /// The SHA-256 of what `parts` writes, hashed as it is written: a part
    /// of the site key too large to hold as bytes (where every page's
    /// links lead: 100 000 pages, 7 MB of JSON).
    pub fn digest_of(parts: &dyn Fn(&mut dyn Write)) -> [u8; 32] {
        let mut hasher = Hasher::new("sigill render part v1");
        buffered(&mut hasher, parts);
        hasher.finish()
    }

    /// The key of an output made by `kind` from what `parts` writes, with
    /// the site key (a page's history, written as JSON).
    pub fn of(&self, kind: &str, parts: &dyn Fn(&mut dyn Write)) -> RenderKey {
        let mut hasher = Hasher::new("sigill render key v1");
        hasher.part("site", &self.site);
        hasher.part("kind", kind.as_bytes());
        buffered(&mut hasher, parts);
        RenderKey(hasher.finish())
    }
}

/// Runs `parts` into `hasher` through a buffer: serialisers write a few
/// bytes at a time.
fn buffered(hasher: &mut Hasher, parts: &dyn Fn(&mut dyn Write)) {
    let mut buffer = std::io::BufWriter::with_capacity(16 << 10, hasher);
    parts(&mut buffer);
    let _ = buffer.flush();
}

/// The running program's length and change time (and, on Unix, its
/// inode and status change time): another build of it differs.
pub(crate) fn program_identity() -> Option<Vec<u8>> {
    let meta = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let changed = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    let mut out = meta.len().to_le_bytes().to_vec();
    out.extend_from_slice(&changed.as_nanos().to_le_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        out.extend_from_slice(&meta.ino().to_le_bytes());
        out.extend_from_slice(&meta.ctime().to_le_bytes());
        out.extend_from_slice(&meta.ctime_nsec().to_le_bytes());
    }
    Some(out)
}

/// One page rendered: its key, the hash and length of its HTML.
type Entry = (RenderKey, [u8; 32], u64);

/// How many notes of this build one chunk holds (288 KiB).
const CHUNK: usize = 4096;

/// The pages rendered by the last build (sorted by key: a build holds one
/// entry per page while it holds every page) and by this one, noted in
/// chunks: the notes grow as the pages are let go of, never ahead of them
/// (room for every note at once would be held beside every page: 100 000
/// pages, 14 MB), and never by copying the whole list to double it.
#[derive(Default)]
pub struct RenderRecord {
    earlier: Vec<Entry>,
    now: Mutex<Vec<Vec<Entry>>>,
}

impl RenderRecord {
    /// The record in `state_dir`, when `release` signed it; empty otherwise.
    pub fn load(state_dir: &Path, release: &PublicKey) -> Self {
        let Ok(Some(bytes)) = crate::trust::read_at_most(&state_dir.join(FILE_NAME), MAX_BYTES) else { return Self::default() };
        let Some(body) = open_record(&bytes, PAYLOAD_TYPE, MAGIC, release) else { return Self::default() };
        if body.len() % ENTRY != 0 {
            return Self::default();
        }
        // Sized once: a build holds this list while it holds every page.
        let mut earlier: Vec<Entry> = Vec::with_capacity(body.len() / ENTRY);
        for entry in body.chunks_exact(ENTRY) {
            let (key, rest) = entry.split_at(32);
            let (sha256, len) = rest.split_at(32);
            let (Ok(key), Ok(sha256), Ok(len)) = (<[u8; 32]>::try_from(key), <[u8; 32]>::try_from(sha256), <[u8; 8]>::try_from(len)) else {
                return Self::default();
            };
            earlier.push((RenderKey(key), sha256, u64::from_le_bytes(len)));
        }
        // Saved sorted; sorted again all the same, as lookups need it.
        earlier.sort_unstable_by_key(|entry| entry.0 .0);
        Self { earlier, now: Mutex::default() }
    }

    /// The hash and length of the file an earlier build rendered from `key`.
    pub fn earlier(&self, key: &RenderKey) -> Option<(Sha256, u64)> {
        let at = self.earlier.binary_search_by_key(&key.0, |entry| entry.0 .0).ok()?;
        self.earlier.get(at).map(|(_, sha256, len)| (Sha256::from_digest(sha256), *len))
    }

    /// Lets go of what the last build rendered, once this build's pages are
    /// written: only what this one notes is saved.
    pub fn forget_earlier(&mut self) {
        self.earlier = Vec::new();
    }

    /// Notes that this build published, for `key`, the file of hash
    /// `sha256` and length `len`.
    pub fn note(&self, key: RenderKey, sha256: &Sha256, len: u64) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        match now.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push((key, sha256.to_digest(), len)),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push((key, sha256.to_digest(), len));
                now.push(chunk);
            }
        }
    }

    /// Saves what this build noted in `state_dir`, signed with `release`.
    pub fn save(&self, state_dir: &Path, release: &SigningKey) -> std::io::Result<()> {
        let chunks = std::mem::take(&mut *self.now.lock().unwrap_or_else(|e| e.into_inner()));
        let mut now: Vec<Entry> = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
        for chunk in chunks {
            now.extend(chunk);
        }
        now.sort_by_key(|entry| entry.0 .0);
        now.dedup_by(|a, b| a.0 == b.0);
        let mut body = Vec::with_capacity(now.len() * ENTRY);
        for (key, sha256, len) in &now {
            body.extend_from_slice(&key.0);
            body.extend_from_slice(sha256);
            body.extend_from_slice(&len.to_le_bytes());
        }
        let bytes = sign_record(PAYLOAD_TYPE, MAGIC, &body, release);
        crate::trust::signature_cache::replace_record(state_dir, FILE_NAME, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_noted_page_is_found_by_its_key_and_only_under_the_release_key() {
        let dir = tempfile::tempdir().expect("temp dir");
        let release = SigningKey::generate().expect("key");
        let record = RenderRecord::default();
        let (a, b) = (RenderKey([1; 32]), RenderKey([2; 32]));
        record.note(a, &Sha256::of(b"page a"), 6);
        record.save(dir.path(), &release).expect("save");
        let loaded = RenderRecord::load(dir.path(), release.public());
        assert_eq!(loaded.earlier(&a), Some((Sha256::of(b"page a"), 6)));
        assert_eq!(loaded.earlier(&b), None);
        assert!(RenderRecord::load(dir.path(), SigningKey::generate().expect("key").public()).earlier(&a).is_none(), "another key's record is no record");
        let mut bytes = std::fs::read(dir.path().join(FILE_NAME)).expect("record");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(dir.path().join(FILE_NAME), &bytes).expect("damage");
        assert!(RenderRecord::load(dir.path(), release.public()).earlier(&a).is_none(), "a damaged record is no record");
        // A record holds what the build that saved it noted, nothing older.
        let next = RenderRecord::load(dir.path(), release.public());
        next.note(b, &Sha256::of(b"page b"), 6);
        next.save(dir.path(), &release).expect("save");
        let loaded = RenderRecord::load(dir.path(), release.public());
        assert_eq!((loaded.earlier(&a), loaded.earlier(&b).map(|(_, len)| len)), (None, Some(6)));
    }

    #[test]
    fn the_notes_grow_with_the_pages_noted_and_never_ahead_of_them() {
        let record = RenderRecord::default();
        let held = || record.now.lock().expect("record").iter().map(Vec::capacity).sum::<usize>();
        assert_eq!(held(), 0, "nothing is set aside before a page is noted");
        let release = SigningKey::generate().expect("key");
        let key = |n: u32| {
            let mut key = [0u8; 32];
            key[..4].copy_from_slice(&n.to_be_bytes());
            RenderKey(key)
        };
        for n in 0..(3 * CHUNK as u32 + 1) {
            record.note(key(n), &Sha256::of(&n.to_le_bytes()), u64::from(n));
            let noted = n as usize + 1;
            assert!(held() >= noted && held() <= noted + CHUNK, "{noted} notes held in room for {}", held());
        }
        // Every chunk's notes are saved, whichever chunk they were in.
        let dir = tempfile::tempdir().expect("temp dir");
        record.save(dir.path(), &release).expect("save");
        let loaded = RenderRecord::load(dir.path(), release.public());
        for n in [0, CHUNK as u32 - 1, CHUNK as u32, 3 * CHUNK as u32] {
            assert_eq!(loaded.earlier(&key(n)), Some((Sha256::of(&n.to_le_bytes()), u64::from(n))), "note {n}");
        }
        assert_eq!(loaded.earlier.len(), 3 * CHUNK + 1);
    }

    #[test]
    fn a_streamed_part_is_the_hash_of_what_was_written() {
        let digest = |text: &'static [u8]| RenderKeys::digest_of(&move |w: &mut dyn Write| w.write_all(text).expect("hash"));
        assert_eq!(digest(b"abc"), digest(b"abc"));
        assert_ne!(digest(b"abc"), digest(b"abd"));
        let mut whole = Hasher::new("sigill render part v1");
        whole.0.update(b"abc");
        assert_eq!(digest(b"abc"), whole.finish());
    }

    #[test]
    fn every_part_of_a_key_counts() {
        let keys = |parts: &[(&str, &[u8])]| RenderKeys::new(parts).expect("program").site;
        assert_ne!(keys(&[("a", b"1")]), keys(&[("a", b"2")]));
        assert_ne!(keys(&[("a", b"12")]), keys(&[("a", b"1"), ("2", b"")]), "parts never run together");
        assert_eq!(keys(&[("a", b"1")]), keys(&[("a", b"1")]));
        let site = RenderKeys::new(&[]).expect("program");
        let of = |kind: &str, text: &'static [u8]| site.of(kind, &move |w: &mut dyn Write| w.write_all(text).expect("hash"));
        assert_ne!(of("history", b"x"), of("history", b"y"));
        assert_ne!(of("history", b"x"), of("other", b"x"));
    }
}
