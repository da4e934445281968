//! Stamp stage: page leaves, the Merkle tree, per-page proofs and the
//! published trust files under `/.well-known/sigill/`. The [`crate::seal`]
//! stage then lists every file and signs the release.

use rayon::prelude::*;

use crate::approvals::ApprovedPage;
use crate::render::RenderedPage;
use crate::output::{OutputError, Staging};
use crate::trust::canonical::to_canonical;
use crate::trust::encoding::{hex, sha256_hex};
use crate::inputs::ApprovedInputs;
use crate::trust::envelope::Envelope;
use crate::trust::keys::fingerprint;
use crate::trust::merkle::{all_inclusion_proofs, root};
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
    pub pages_root: String,
    pub inputs_sha256: String,
}

/// Writes proofs, sources, the pages index, the approvals of the site
/// inputs and the published trust documents.
pub fn stamp(
    staging: &Staging,
    pages: &[(&ApprovedPage, RenderedPage)],
    inputs: &ApprovedInputs,
    trust: &TrustState,
) -> Result<StampedRelease, OutputError> {
    let mut entries: Vec<(PageLeaf, &ApprovedPage)> = pages
        .iter()
        .map(|(page, rendered)| {
            let head = page.chain().last().expect("approved pages have an approval");
            let leaf = PageLeaf {
                approvals: vec![sha256_hex(&head.envelope_bytes)],
                approved_at: head.payload.approved_at,
                html_len: rendered.len(),
                html_sha256: rendered.sha256().to_string(),
                path: page.page().source.path.clone(),
                publisher: head.payload.publisher.clone(),
                review_by: head.payload.review_by,
                source_sha256: head.payload.source_sha256.clone(),
                url: rendered.url().to_string(),
            };
            (leaf, *page)
        })
        .collect();
    entries.sort_by(|a, b| a.0.url.cmp(&b.0.url));
    let hashes: Vec<_> = entries.par_iter().map(|(leaf, _)| leaf.hash()).collect();
    let pages_root = hex(&root(&hashes));
    let proofs = all_inclusion_proofs(&hashes);
    let release_url = format!("{WELL_KNOWN}/release.json");
    let size = entries.len() as u64;
    entries.par_iter().zip(proofs.par_iter()).enumerate().try_for_each(|(index, ((leaf, page), path))| {
        let head = page.chain().last().expect("approved");
        let envelope = Envelope::parse(&head.envelope_bytes).expect("verified approvals parse");
        let proof = PageProof {
            approvals: vec![envelope],
            format: PROOF_FORMAT.into(),
            inclusion: path.iter().map(|h| hex(h)).collect(),
            leaf: leaf.clone(),
            leaf_index: index as u64,
            release: release_url.clone(),
            tree_size: size,
        };
        staging.write(&proof_path(&leaf.url), &to_canonical(&proof))?;
        staging.write(&source_path(&leaf.url), page.page().source.bytes())
    })?;
    let inputs_index = InputsIndex {
        approvals: inputs.approvals().iter().map(|a| Envelope::parse(&a.envelope_bytes).expect("verified approvals parse")).collect(),
        format: INPUTS_FORMAT.into(),
    };
    let inputs_bytes = to_canonical(&inputs_index);
    staging.write(&format!("{WELL_KNOWN}/inputs.json"), &inputs_bytes)?;
    for (n, bytes) in trust.root.versions().iter().enumerate() {
        staging.write(&format!("{WELL_KNOWN}/root/{}.root.json", n + 1), bytes)?;
    }
    staging.write(&format!("{WELL_KNOWN}/registry.json"), trust.registry.bytes())?;
    let index = PagesIndex { format: INDEX_FORMAT.into(), leaves: entries.into_iter().map(|(leaf, _)| leaf).collect() };
    staging.write(&format!("{WELL_KNOWN}/pages.json"), &to_canonical(&index))?;
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
    Ok(StampedRelease { pages_count: size, pages_root, inputs_sha256: sha256_hex(&inputs_bytes) })
}
