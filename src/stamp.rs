//! Stamp stage: page leaves, the Merkle tree, per-page proofs and the
//! published trust files under `/.well-known/sigill/`. The [`crate::seal`]
//! stage then lists every file and signs the release.

use rayon::prelude::*;

use crate::approvals::ApprovedPage;
use crate::output::{OutputError, RenderKeys, RenderRecord, Staging, WrittenPage};
use crate::trust::canonical::to_canonical;
use crate::inputs::ApprovedInputs;
use crate::trust::envelope::Envelope;
use crate::trust::keys::fingerprint;
use crate::trust::merkle::Tiles;
use crate::trust::release::*;
use crate::trust::{Timestamp, TrustState};


/// When a release was made: the build's time, or `SOURCE_DATE_EPOCH` when
/// set, so rebuilding the same sources gives the same bytes. Each release
/// in a log must be later than the one before it.
pub fn release_time(now: Timestamp) -> Timestamp {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.parse::<i64>().ok()).and_then(Timestamp::from_unix) {
        return epoch;
    }
    now
}

/// What the stamp stage fixed for the release; [`crate::seal`] adds the
/// list of files and signs.
#[derive(Debug, Clone)]
pub struct StampedRelease {
    pub pages_count: u64,
    pub pages_root: crate::trust::digest::Sha256,
    pub inputs_sha256: crate::trust::digest::Sha256,
}

/// Sorts `entries` by their URL and returns the tiles of the Merkle tree
/// over their leaves, in that order.
fn page_tree<T: Send + Sync>(entries: &mut [T], url: impl Fn(&T) -> &str, leaf: impl Fn(&T) -> PageLeaf + Sync) -> Tiles {
    entries.sort_by(|a, b| url(a).cmp(url(b)));
    Tiles::new(entries.par_iter().map(|entry| leaf(entry).hash()).collect())
}

/// What the stamp stage needs of one written page: its leaf (what its
/// approval and its written HTML fix) and where its approvals' envelopes
/// are, made as the page is written, so that the page itself, its text
/// and its approvals are let go of.
pub struct StampEntry {
    leaf: PageLeaf,
    /// The newest approval's envelope, then the co-approvals'.
    envelopes: Vec<crate::trust::approval::EnvelopeFile>,
    /// The page's HTML, when it was kept for the search index.
    html: Option<Vec<u8>>,
}

impl StampEntry {
    /// The entry of `page`, written as `written`.
    pub fn new(page: &ApprovedPage, written: WrittenPage) -> Self {
        let head = page.chain().last().expect("approved pages have an approval");
        let approvals = || std::iter::once(head).chain(page.co_approvals());
        let leaf = PageLeaf {
            approvals: approvals().map(|a| a.envelope_sha256()).collect(),
            approved_at: head.payload.approved_at,
            html_len: written.len(),
            html_sha256: *written.sha256(),
            path: page.page().source.path.clone(),
            publisher: head.payload.publisher.clone(),
            review_by: head.payload.review_by,
            source_sha256: head.payload.source_sha256,
            url: written.url().to_string(),
        };
        Self { leaf, envelopes: approvals().map(|a| a.envelope_file()).collect(), html: written.into_html() }
    }
    /// The page's URL path.
    pub fn url(&self) -> &str {
        &self.leaf.url
    }
    /// The page's HTML, when it was kept.
    pub fn html(&self) -> Option<&[u8]> {
        self.html.as_deref()
    }
}

/// `pages.json` as [`PagesIndex`] serialises it, its leaves made one at a
/// time as they are written.
#[derive(serde::Serialize)]
struct PagesIndexOf<'a> {
    format: &'a str,
    leaves: LeavesOf<'a>,
}

struct LeavesOf<'a>(&'a [StampEntry]);

impl serde::Serialize for LeavesOf<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|entry| &entry.leaf))
    }
}

/// A verified approval's envelope as a proof or index publishes it: read
/// again from its file, which must still hold exactly what was verified.
fn published_envelope(file: &crate::trust::approval::EnvelopeFile) -> Result<Envelope, OutputError> {
    let bytes = file.read()?;
    Envelope::parse(&bytes).map_err(|e| OutputError::Write { path: file.file.display().to_string(), source: std::io::Error::other(e.to_string()) })
}

/// What a proof's key is made of besides the site key: the proof format,
/// the leaf's hash, its index, the tree's size and the release's address.
fn proof_key_parts(w: &mut dyn std::io::Write, leaf: &PageLeaf, index: u64, size: u64, release_url: &str) {
    let _ = w.write_all(PROOF_FORMAT.as_bytes());
    let _ = w.write_all(b"\0");
    let _ = w.write_all(&leaf.hash());
    let _ = w.write_all(&index.to_le_bytes());
    let _ = w.write_all(&size.to_le_bytes());
    let _ = w.write_all(release_url.as_bytes());
}

/// Writes proofs, sources, the pages index, the approvals of the site
/// inputs and the published trust documents. With the build machine's
/// `record` of the last build (and this build's keys), a proof the live
/// release holds unchanged is placed unread, as a page is.
pub fn stamp(
    staging: &Staging,
    pages: &mut [StampEntry],
    inputs: &ApprovedInputs,
    trust: &TrustState,
    record: Option<(&RenderRecord, &RenderKeys)>,
) -> Result<StampedRelease, OutputError> {
    let tree = page_tree(pages, |entry| entry.url(), |entry| entry.leaf.clone());
    let pages_root = crate::trust::digest::Sha256::from_digest(&tree.root());
    let release_url = format!("{WELL_KNOWN}/release.json");
    let size = pages.len() as u64;
    pages.par_iter().enumerate().try_for_each(|(index, entry)| -> Result<(), OutputError> {
        let rel = proof_path(&entry.leaf.url);
        // A proof's bytes follow from its leaf (which names each approval
        // by the hash of its published bytes), its place and the tree's
        // size: one the last build published for the same is kept.
        let key = record.map(|(record, keys)| (record, keys.of("proof", &|w| proof_key_parts(w, &entry.leaf, index as u64, size, &release_url))));
        if let Some((record, key)) = &key {
            if let Some((sha256, len)) = record.earlier(key) {
                if staging.keep(&rel, len, &sha256)? {
                    record.note(*key, &sha256, len);
                    return Ok(());
                }
            }
        }
        let approvals = entry.envelopes.iter().map(published_envelope).collect::<Result<_, _>>()?;
        let proof = PageProof {
            approvals,
            format: PROOF_FORMAT.into(),
            leaf: entry.leaf.clone(),
            leaf_index: index as u64,
            release: release_url.clone(),
            tree_size: size,
        };
        let bytes = crate::trust::canonical::to_canonical_sorted(&proof);
        let sha256 = crate::trust::digest::Sha256::of(&bytes);
        staging.write_hashed(&rel, &bytes, sha256)?;
        if let Some((record, key)) = key {
            record.note(key, &sha256, bytes.len() as u64);
        }
        Ok(())
    })?;
    // A page's proof names its place; the tiles lead from it to the root.
    // They change only where a leaf changed, and so does every proof.
    for (level, n, entries) in tree.tiles() {
        staging.write(&tile_path(level, n), &entries.concat())?;
    }
    drop(tree);
    let inputs_index = InputsIndex {
        approvals: inputs.approvals().iter().map(|a| published_envelope(&a.envelope_file())).collect::<Result<_, _>>()?,
        format: INPUTS_FORMAT.into(),
    };
    let inputs_bytes = to_canonical(&inputs_index);
    staging.write(&format!("{WELL_KNOWN}/inputs.json"), &inputs_bytes)?;
    for (n, bytes) in trust.root.versions().iter().enumerate() {
        staging.write(&format!("{WELL_KNOWN}/root/{}.root.json", n + 1), bytes)?;
    }
    staging.write(&format!("{WELL_KNOWN}/registry.json"), trust.registry.bytes())?;
    let index = PagesIndexOf { format: INDEX_FORMAT, leaves: LeavesOf(pages) };
    staging.write_streamed(&format!("{WELL_KNOWN}/pages.json"), |w| crate::trust::canonical::write_canonical_sorted(w, &index))?;
    let anchor = trust.root.anchor();
    staging.write(
        &format!("{WELL_KNOWN}/fingerprint.txt"),
        format!(
            "Site: {site}\nTrust anchor: {anchor}\nFingerprint: {fp}\n\nCompare the fingerprint with the one the site's owner publishes elsewhere\n(printed notices, council minutes). Check a page independently with:\n  sigill verify https://{site}/ --root {anchor}\n",
            site = trust.root.payload().site,
            fp = fingerprint(anchor.trim_start_matches("sha256:")),
        )
        .as_bytes(),
    )?;
    Ok(StampedRelease { pages_count: size, pages_root, inputs_sha256: crate::trust::digest::Sha256::of(&inputs_bytes) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(url: &str) -> PageLeaf {
        PageLeaf {
            approvals: vec![crate::trust::digest::Sha256::parse(&"a".repeat(64)).unwrap()],
            approved_at: Timestamp::parse("2026-12-01T00:00:00Z").unwrap(),
            html_len: url.len() as u64,
            html_sha256: crate::trust::digest::Sha256::of(url.as_bytes()),
            path: format!("content{url}index.md"),
            publisher: "anna".into(),
            review_by: Timestamp::parse("2027-12-01T00:00:00Z").unwrap(),
            source_sha256: crate::trust::digest::Sha256::of(url.as_bytes()),
            url: url.into(),
        }
    }

    #[test]
    fn every_leaf_proves_its_place_under_one_root_sorted_by_url() {
        use crate::trust::merkle::{root_from_tiles, Tile};
        for count in [1usize, 2, 3, 5, 8, 13, 300] {
            let mut entries: Vec<(PageLeaf, usize)> = (0..count).rev().map(|i| (leaf(&format!("/sida-{i:03}/")), i)).collect();
            let tree = page_tree(&mut entries, |(leaf, _)| leaf.url.as_str(), |(leaf, _)| leaf.clone());
            assert!(entries.windows(2).all(|w| w[0].0.url < w[1].0.url), "sorted by URL");
            assert_eq!(entries.iter().map(|(_, i)| *i).collect::<Vec<_>>(), (0..count).collect::<Vec<_>>(), "what rides along stays with its leaf");
            let hashes: Vec<_> = entries.iter().map(|(leaf, _)| leaf.hash()).collect();
            assert_eq!(tree.root(), crate::trust::merkle::root(&hashes), "the RFC 6962 root of the sorted leaves");
            let published: std::collections::HashMap<String, std::sync::Arc<Tile>> =
                tree.tiles().map(|(level, n, e)| (tile_path(level, n), std::sync::Arc::new(Tile::parse(&e.concat(), e.len()).expect("tile")))).collect();
            let read = |at: crate::trust::merkle::TileAt| published.get(&tile_path(at.level, at.n)).cloned();
            for (index, (leaf, _)) in entries.iter().enumerate() {
                assert_eq!(root_from_tiles(&leaf.hash(), index as u64, count as u64, read), Some(tree.root()), "leaf {index} of {count}");
                // The place of one leaf does not prove another.
                if count > 1 {
                    let other = &entries[(index + 1) % count].0;
                    assert_eq!(root_from_tiles(&other.hash(), index as u64, count as u64, read), None);
                }
            }
        }
    }

    #[test]
    fn release_time_is_the_build_time_to_the_second() {
        let now = Timestamp::parse("2026-12-01T12:34:56Z").unwrap();
        if std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
            assert_eq!(release_time(now), now);
        }
    }
}
