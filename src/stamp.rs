//! Stamp stage: page leaves, the Merkle tree, one signed release manifest,
//! per-page proofs and the published trust files under `/.well-known/sigill/`.

use rayon::prelude::*;

use crate::approvals::ApprovedPage;
use crate::output::{OutputError, Staging};
use crate::trust::canonical::to_canonical;
use crate::trust::encoding::{hex, sha256_hex};
use crate::trust::envelope::{Envelope, RELEASE_TYPE};
use crate::trust::keys::fingerprint;
use crate::trust::merkle::{all_inclusion_proofs, root};
use crate::trust::release::*;
use crate::trust::{SigningKey, Timestamp, TrustState};
use crate::verify::{proof_path, source_path};

/// What rendering learned about a page's served bytes.
#[derive(Debug, Clone)]
pub struct PageDigest {
    pub html_sha256: String,
    pub html_len: u64,
}

/// When a release was made: the build's date (midnight UTC), or
/// `SOURCE_DATE_EPOCH` when set, so rebuilding the same sources on the same
/// day gives the same bytes.
pub fn release_time(now: Timestamp) -> Timestamp {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.parse::<i64>().ok()).and_then(Timestamp::from_unix) {
        return epoch;
    }
    Timestamp::from_unix(now.unix() - now.unix().rem_euclid(86_400)).expect("midnight is a valid time")
}

/// Writes proofs, sources and the release; returns the signed payload.
pub fn stamp(
    staging: &Staging,
    pages: &[ApprovedPage],
    digests: &[PageDigest],
    trust: &TrustState,
    release_key: &SigningKey,
    created: Timestamp,
) -> Result<ReleasePayload, OutputError> {
    let mut entries: Vec<(PageLeaf, &ApprovedPage)> = pages
        .iter()
        .zip(digests)
        .map(|(page, digest)| {
            let head = page.chain().last().expect("approved pages have an approval");
            let leaf = PageLeaf {
                approvals: vec![sha256_hex(&head.envelope_bytes)],
                approved_at: head.payload.approved_at.clone(),
                html_len: digest.html_len,
                html_sha256: digest.html_sha256.clone(),
                path: page.page().source.path.clone(),
                publisher: head.payload.publisher.clone(),
                review_by: head.payload.review_by.clone(),
                source_sha256: head.payload.source_sha256.clone(),
                url: page.page().url.clone(),
            };
            (leaf, page)
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
    let policy = &trust.root.payload().policy;
    let payload = ReleasePayload {
        builder: concat!("sigill ", env!("CARGO_PKG_VERSION")).into(),
        created: created.to_string(),
        expires: created.plus_days(i64::from(policy.release_max_days)).to_string(),
        pages_count: size,
        pages_root: pages_root.clone(),
        registry_sha256: trust.registry.sha256(),
        release: format!("{}-{}", created.date().replace('-', ""), &pages_root[..12]),
        root_sha256: trust.root.latest_sha256(),
        site: trust.root.payload().site.clone(),
    };
    let envelope = Envelope::sign(RELEASE_TYPE, &to_canonical(&payload), &[release_key]);
    for (n, bytes) in trust.root.versions().iter().enumerate() {
        staging.write(&format!("{WELL_KNOWN}/root/{}.root.json", n + 1), bytes)?;
    }
    staging.write(&format!("{WELL_KNOWN}/registry.json"), trust.registry.bytes())?;
    staging.write(&release_url, &envelope.to_bytes())?;
    let index = PagesIndex { format: INDEX_FORMAT.into(), leaves: entries.into_iter().map(|(leaf, _)| leaf).collect() };
    staging.write(&format!("{WELL_KNOWN}/pages.json"), &to_canonical(&index))?;
    let anchor = trust.root.anchor();
    staging.write(
        &format!("{WELL_KNOWN}/fingerprint.txt"),
        format!(
            "Site: {site}\nTrust anchor: {anchor}\nFingerprint: {fp}\n\nCompare the fingerprint with the one the site's owner publishes elsewhere\n(printed notices, council minutes). Check a page independently with:\n  sigill verify https://{site}/ --root {anchor}\n",
            site = payload.site,
            fp = fingerprint(anchor.trim_start_matches("sha256:")),
        )
        .as_bytes(),
    )?;
    Ok(payload)
}
