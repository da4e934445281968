//! What each page's Markdown held at the last build, kept in the build
//! machine's state folder: a build does not parse again the Markdown of a
//! page whose file has not changed.
//!
//! What a page's own checks find ([`PageFacts`]) depends only on its file,
//! the program, whether raw HTML is allowed, the theme's element ids and
//! the components it offers. The record names all of that but the file
//! (its context); under the SHA-256 of each file it keeps, for a page
//! whose own checks found nothing, its heading ids and the destinations of
//! its links and images. A page with problems is checked again every time
//! (its messages are in the reader's language), and so is every page when
//! the context differs. Like the other records it is signed with the
//! release key ([`crate::trust::signature_cache`]): a forged one could
//! hide a broken link. A record that is missing, damaged, too large or
//! signed by another key only costs time.
//!
//! The record is written as the pages are loaded, into a temporary file
//! beside it, and takes its place only when the build succeeds: a large
//! site's record is tens of megabytes, not held in memory.

use std::collections::{BTreeSet, HashMap};
use std::io::{Seek, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;

use crate::trust::envelope::pae;
use crate::trust::{PublicKey, SigningKey};
use crate::validate::PageFacts;

/// The record's name in the state folder.
pub const FILE_NAME: &str = "markdown-facts";

/// What the release key's signature over the record says it is.
const PAYLOAD_TYPE: &str = "application/vnd.sigill.markdown-facts.v1";

/// The first bytes after the signature, before the context.
const MAGIC: &[u8] = b"sigill markdown facts v1\n";

/// A record larger than this is ignored unread.
const MAX_BYTES: usize = 512 << 20;

/// Everything besides a page's file that its facts depend on, as one hash.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FactsContext([u8; 32]);

impl FactsContext {
    /// The context of this program with these settings; `None` when the
    /// running program cannot be told apart from another build of it.
    pub fn new(raw_html: crate::config::RawHtml, reserved_ids: &BTreeSet<String>, components: &BTreeSet<String>) -> Option<Self> {
        let mut hash = ring::digest::Context::new(&ring::digest::SHA256);
        hash.update(MAGIC);
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        hash.update(b"\0");
        hash.update(&crate::output::program_identity()?);
        hash.update(match raw_html {
            crate::config::RawHtml::Escape => b"escape\0",
            crate::config::RawHtml::Sanitize => b"sanitize",
        });
        for (name, set) in [("reserved ids", reserved_ids), ("components", components)] {
            hash.update(name.as_bytes());
            hash.update(&(set.len() as u64).to_le_bytes());
            for item in set {
                hash.update(&(item.len() as u64).to_le_bytes());
                hash.update(item.as_bytes());
            }
        }
        let mut out = [0u8; 32];
        out.copy_from_slice(hash.finish().as_ref());
        Some(Self(out))
    }
}

/// The facts the last build kept, by the SHA-256 of each page's file.
#[derive(Default)]
pub struct FactsRecord {
    entries: Vec<u8>,
    index: HashMap<[u8; 32], Range<usize>>,
}

impl FactsRecord {
    /// The record in `state_dir`, when `release` signed it in `context`;
    /// empty otherwise.
    pub fn load(state_dir: &Path, release: &PublicKey, context: FactsContext) -> Self {
        let Ok(Some(bytes)) = crate::trust::read_at_most(&state_dir.join(FILE_NAME), MAX_BYTES) else { return Self::default() };
        Self::open(bytes, release, context).unwrap_or_default()
    }

    fn open(mut bytes: Vec<u8>, release: &PublicKey, context: FactsContext) -> Option<Self> {
        let header = 64 + MAGIC.len() + 32;
        let signature = bytes.get(..64)?.to_vec();
        if bytes.get(64..64 + MAGIC.len())? != MAGIC || bytes.get(64 + MAGIC.len()..header)? != context.0 {
            return None;
        }
        if !release.verify(&signed_message(&ring::digest::digest(&ring::digest::SHA256, bytes.get(64..)?)), &signature) {
            return None;
        }
        bytes.drain(..header);
        let index = index_entries(&bytes)?;
        Some(Self { entries: bytes, index })
    }

    /// The facts of the page whose file has this SHA-256, as the last
    /// build found them.
    pub fn get(&self, sha256: &[u8; 32]) -> Option<PageFacts> {
        let range = self.index.get(sha256)?;
        decode_facts(self.entries.get(range.clone())?)
    }

}

/// The record this build writes as it loads the pages: a temporary file
/// in the state folder until [`FactsWriter::commit`].
pub struct FactsWriter {
    state: Mutex<Option<Writing>>,
}

struct Writing {
    file: tempfile::NamedTempFile,
    /// What is not yet written to the file.
    buffer: Vec<u8>,
    /// Of everything after the signature.
    hash: ring::digest::Context,
}

/// How much [`Writing::buffer`] holds before it is written out.
const BUFFER: usize = 256 << 10;

impl FactsWriter {
    /// A new record for the state folder `state_dir` in `context`, written
    /// beside the folder (a build replaces the folder before its records
    /// are saved); `None` when there is no such folder yet, or no room for
    /// a temporary file beside it.
    pub fn create(state_dir: &Path, context: FactsContext) -> Option<Self> {
        let beside = state_dir.parent().filter(|_| state_dir.is_dir())?;
        let file = tempfile::Builder::new().prefix(crate::continuity::FACTS_TEMPORARY_PREFIX).tempfile_in(beside).ok()?;
        let mut writing = Writing { file, buffer: Vec::new(), hash: ring::digest::Context::new(&ring::digest::SHA256) };
        // Room for the signature, made when the record is complete.
        writing.file.write_all(&[0; 64]).ok()?;
        writing.put(MAGIC).ok()?;
        writing.put(&context.0).ok()?;
        Some(Self { state: Mutex::new(Some(writing)) })
    }

    /// Notes the facts of the page whose file has this SHA-256, when its
    /// own checks found nothing. A write that fails abandons the record.
    pub fn note(&self, sha256: &[u8; 32], facts: &PageFacts) {
        let Some(bytes) = encode_facts(facts) else { return };
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let Some(writing) = state.as_mut() else { return };
        // Two pages with the same text give the same entry twice, which
        // the reader takes once.
        let entry = (bytes.len() as u64).to_le_bytes();
        if writing.put(sha256).and_then(|()| writing.put(&entry)).and_then(|()| writing.put(&bytes)).is_err() {
            *state = None;
        }
    }

    /// Writes out what is buffered and lets go of the buffer: the pages
    /// are loaded, and the record is held until the build ends.
    pub fn settle(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(writing) = state.as_mut() {
            if writing.flush().is_err() {
                *state = None;
            }
        }
    }

    /// Signs the record with `release` and puts it in place in
    /// `state_dir` (always: a build replaces the folder).
    pub fn commit(self, state_dir: &Path, release: &SigningKey) -> std::io::Result<()> {
        let Some(writing) = self.state.into_inner().unwrap_or_else(|e| e.into_inner()) else {
            return Err(std::io::Error::other("the record could not be written"));
        };
        let mut writing = writing;
        writing.flush()?;
        let Writing { mut file, hash, .. } = writing;
        let signature = release.sign(&signed_message(&hash.finish()));
        file.as_file_mut().rewind()?;
        file.as_file_mut().write_all(&signature)?;
        file.persist(state_dir.join(FILE_NAME)).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Writing {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.hash.update(bytes);
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= BUFFER {
            self.file.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.write_all(&self.buffer)?;
        self.buffer = Vec::new();
        Ok(())
    }
}

/// What the release key signs: the PAE of the magic line and the SHA-256
/// of everything after the signature.
fn signed_message(digest: &ring::digest::Digest) -> Vec<u8> {
    let mut payload = MAGIC.to_vec();
    payload.extend_from_slice(digest.as_ref());
    pae(PAYLOAD_TYPE, &payload)
}

/// Each entry: the file's SHA-256, the length of the facts (8 bytes,
/// little-endian), the facts. `None` when any entry is cut short.
fn index_entries(entries: &[u8]) -> Option<HashMap<[u8; 32], Range<usize>>> {
    let mut index = HashMap::new();
    let mut at = 0;
    while at < entries.len() {
        let sha256: [u8; 32] = entries.get(at..at + 32)?.try_into().ok()?;
        let len = usize::try_from(u64::from_le_bytes(entries.get(at + 32..at + 40)?.try_into().ok()?)).ok()?;
        let start = at + 40;
        let end = start.checked_add(len)?;
        entries.get(start..end)?;
        index.insert(sha256, start..end);
        at = end;
    }
    Some(index)
}

/// A page's facts as bytes: its heading ids, then its destinations (each
/// a length-prefixed string, its offset in the body and whether it is an
/// image); `None` for facts with problems, which are not kept.
fn encode_facts(facts: &PageFacts) -> Option<Vec<u8>> {
    if !facts.is_clean() {
        return None;
    }
    let mut out = Vec::new();
    let put_str = |out: &mut Vec<u8>, s: &str| {
        out.extend_from_slice(&(s.len() as u64).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    };
    let anchors: Vec<&str> = facts.anchors().collect();
    out.extend_from_slice(&(anchors.len() as u64).to_le_bytes());
    for anchor in anchors {
        put_str(&mut out, anchor);
    }
    let destinations: Vec<(&str, usize, bool)> = facts.destinations().collect();
    out.extend_from_slice(&(destinations.len() as u64).to_le_bytes());
    for (dest, offset, image) in destinations {
        put_str(&mut out, dest);
        out.extend_from_slice(&(offset as u64).to_le_bytes());
        out.push(u8::from(image));
    }
    Some(out)
}

fn decode_facts(mut bytes: &[u8]) -> Option<PageFacts> {
    fn number(bytes: &mut &[u8]) -> Option<usize> {
        let (head, rest) = bytes.split_at_checked(8)?;
        *bytes = rest;
        usize::try_from(u64::from_le_bytes(head.try_into().ok()?)).ok()
    }
    fn text(bytes: &mut &[u8]) -> Option<Box<str>> {
        let len = number(bytes)?;
        let (head, rest) = bytes.split_at_checked(len)?;
        *bytes = rest;
        Some(std::str::from_utf8(head).ok()?.into())
    }
    // Each item takes at least 8 bytes: a count larger than that is damage.
    let count = number(&mut bytes).filter(|n| *n <= bytes.len() / 8)?;
    let anchors = (0..count).map(|_| text(&mut bytes)).collect::<Option<Vec<_>>>()?;
    let count = number(&mut bytes).filter(|n| *n <= bytes.len() / 8)?;
    let mut destinations = Vec::with_capacity(count);
    for _ in 0..count {
        let dest = text(&mut bytes)?;
        let offset = number(&mut bytes)?;
        let (&image, rest) = bytes.split_first()?;
        bytes = rest;
        destinations.push((dest, offset, image == 1));
    }
    bytes.is_empty().then(|| PageFacts::clean(anchors, destinations))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> FactsContext {
        FactsContext([7; 32])
    }

    /// A state folder inside a folder of its own (records are written
    /// beside the state folder first).
    fn state_folder() -> (tempfile::TempDir, std::path::PathBuf) {
        let root = tempfile::tempdir().expect("temp dir");
        let state = root.path().join("state");
        std::fs::create_dir(&state).expect("state folder");
        (root, state)
    }

    fn facts_of(markdown: &str) -> PageFacts {
        let rendered = crate::markdown::facts(markdown, crate::config::RawHtml::Escape, &crate::markdown::NoLinks, &BTreeSet::new());
        PageFacts::of("content/sida.md", markdown, 0, &rendered, &crate::validate::built_in_components())
    }

    #[test]
    fn a_page_without_problems_is_kept_and_read_back_as_it_was() {
        let (root, state) = state_folder();
        let release = SigningKey::generate().expect("key");
        let clean = facts_of("## Öppettider\n\nSe [kontakt](../kontakt.md#telefon) och ![Karta över torget](karta.png).\n\n## Kontakt\n");
        let flawed = facts_of("## Rubrik\n\n[här](a.md)\n");
        assert!(clean.is_clean() && !flawed.is_clean());
        assert!(FactsWriter::create(&root.path().join("no such folder"), context()).is_none(), "a first build keeps no record");
        let writer = FactsWriter::create(&state, context()).expect("writer");
        writer.note(&[1; 32], &clean);
        writer.note(&[2; 32], &flawed);
        writer.note(&[1; 32], &clean);
        writer.commit(&state, &release).expect("saved");
        let record = FactsRecord::load(&state, release.public(), context());
        assert_eq!(record.index.len(), 1, "only the page without problems");
        let back = record.get(&[1; 32]).expect("kept");
        assert_eq!(back.anchors().collect::<Vec<_>>(), clean.anchors().collect::<Vec<_>>());
        assert_eq!(back.destinations().collect::<Vec<_>>(), clean.destinations().collect::<Vec<_>>());
        assert_eq!(back.anchors().collect::<Vec<_>>(), ["öppettider", "kontakt"]);
        assert_eq!(back.destinations().map(|(d, _, image)| (d, image)).collect::<Vec<_>>(), [("../kontakt.md#telefon", false), ("karta.png", true)]);
        assert!(record.get(&[2; 32]).is_none());
        // Another context, another key, or any changed byte: nothing is used.
        assert!(FactsRecord::load(&state, release.public(), FactsContext([8; 32])).index.is_empty());
        assert!(FactsRecord::load(&state, SigningKey::generate().expect("key").public(), context()).index.is_empty());
        let bytes = std::fs::read(state.join(FILE_NAME)).expect("record");
        for at in [0, 70, 64 + MAGIC.len() + 32, bytes.len() - 1] {
            let mut changed = bytes.clone();
            changed[at] ^= 1;
            assert!(FactsRecord::open(changed, release.public(), context()).is_none(), "bit changed at {at}");
        }
        assert!(FactsRecord::open(bytes[..bytes.len() - 1].to_vec(), release.public(), context()).is_none());
    }

    #[test]
    fn a_new_record_holds_only_the_pages_of_this_build() {
        let (root, state) = state_folder();
        let release = SigningKey::generate().expect("key");
        let writer = FactsWriter::create(&state, context()).expect("writer");
        writer.note(&[1; 32], &facts_of("## A\n"));
        writer.commit(&state, &release).expect("saved");
        assert_eq!(FactsRecord::load(&state, release.public(), context()).index.len(), 1);
        // A page gone: the next record is without it.
        let writer = FactsWriter::create(&state, context()).expect("writer");
        writer.commit(&state, &release).expect("saved");
        assert!(FactsRecord::load(&state, release.public(), context()).index.is_empty());
        // Nothing left behind but the record itself.
        let names: Vec<_> = std::fs::read_dir(root.path()).expect("folder").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, ["state"]);
        let names: Vec<_> = std::fs::read_dir(&state).expect("folder").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, [FILE_NAME]);
        // A writer let go of without a commit leaves nothing.
        let writer = FactsWriter::create(&state, context()).expect("writer");
        writer.note(&[2; 32], &facts_of("## B\n"));
        drop(writer);
        let names: Vec<_> = std::fs::read_dir(root.path()).expect("folder").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, ["state"]);
    }

    #[test]
    fn damaged_entries_are_refused_not_trusted() {
        let clean = facts_of("## A\n\n[B](b.md)\n");
        let bytes = encode_facts(&clean).expect("clean");
        assert!(decode_facts(&bytes).is_some());
        for cut in 0..bytes.len() {
            assert!(decode_facts(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        assert!(decode_facts(&[bytes.as_slice(), &[0]].concat()).is_none());
        let mut huge = bytes.clone();
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode_facts(&huge).is_none());
        assert!(index_entries(&[0; 39]).is_none());
        let mut entry = vec![1; 32];
        entry.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(index_entries(&entry).is_none());
    }
}
