//! Test-only forgery kit: re-stamps a built site after replacing one page's
//! approval or the registry, re-signing the release with the real release
//! key. It makes sites that pass every check but the one under test.

use std::path::Path;

use sigill::trust::canonical::to_canonical;
use sigill::trust::digest::Sha256;
use sigill::trust::encoding::b64_decode;
use sigill::trust::envelope::{Envelope, RELEASE_TYPE};
use sigill::trust::merkle::{root, Tiles};
use sigill::trust::release::{tile_path, FilesIndex, PageProof, PagesIndex, ReleasePayload, FILES_FORMAT, WELL_KNOWN};
use sigill::trust::SigningKey;
use sigill::log::read::LogLocation;
use sigill::log::write::LogHistory;
use sigill::log::{checkpoint_origin, read_log, LogEntry, ReleaseState, LOG_DIR};
use sigill::verify::proof_path;
use sigill::verify::source::DirSource;

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Replaces the approval of the page at `url` with `approval`, updates its
/// leaf, rebuilds every proof and the pages index, and re-signs the release.
pub fn replace_approval(public: &Path, release_key: &SigningKey, url: &str, approval: Envelope) {
    let payload: sigill::trust::approval::ApprovalPayload = serde_json::from_slice(&b64_decode(&approval.payload).unwrap()).unwrap();
    restamp(public, release_key, |index, proofs| {
        let at = index.leaves.iter().position(|l| l.url == url).expect("page in the release");
        let leaf = &mut index.leaves[at];
        leaf.approvals = vec![Sha256::of(&approval.to_bytes())];
        leaf.approved_at = payload.approved_at;
        leaf.review_by = payload.review_by;
        leaf.publisher = payload.publisher.clone();
        proofs[at].approvals = vec![approval.clone()];
    });
}

/// Adds a further publisher's co-approval to the page at `url` (its proof
/// and its leaf), re-signing everything: a release that carries the second
/// approval the two-person rule asks for.
pub fn add_co_approval(public: &Path, release_key: &SigningKey, url: &str, approval: Envelope) {
    restamp(public, release_key, |index, proofs| {
        let at = index.leaves.iter().position(|l| l.url == url).expect("page in the release");
        index.leaves[at].approvals.push(Sha256::of(&approval.to_bytes()));
        proofs[at].approvals.push(approval.clone());
    });
}

/// Binds the page at `url` to the HTML now in `public` (a build machine
/// that publishes other bytes than it rendered), re-signing everything.
pub fn rehash_page(public: &Path, release_key: &SigningKey, url: &str) {
    let html = std::fs::read(public.join(url.trim_start_matches('/')).join("index.html")).unwrap();
    restamp(public, release_key, |index, _| {
        let leaf = index.leaves.iter_mut().find(|l| l.url == url).expect("page in the release");
        leaf.html_sha256 = Sha256::of(&html);
        leaf.html_len = html.len() as u64;
    });
}

/// Replaces the published registry with `registry` bytes and re-signs the
/// release so it pins them.
pub fn replace_registry(public: &Path, release_key: &SigningKey, registry: &[u8]) {
    std::fs::write(public.join(".well-known/sigill/registry.json"), registry).unwrap();
    restamp(public, release_key, |_, _| {});
}

/// Rewrites `files.json` from what is in `public` now and binds it in
/// `payload`, so a forged site is consistent in every file but the one a
/// test is about.
pub fn relist_files(public: &Path, payload: &mut ReleasePayload) {
    let files = sigill::seal::list_files(public).unwrap();
    let index = FilesIndex { files, format: FILES_FORMAT.into() };
    let bytes = to_canonical(&index);
    std::fs::write(public.join(WELL_KNOWN.trim_start_matches('/')).join("files.json"), &bytes).unwrap();
    payload.files_count = index.files.len() as u64;
    payload.files_sha256 = Sha256::of(&bytes);
}

/// Re-signs the release after `edit` changed its payload, relisting files.
pub fn resign_release(public: &Path, release_key: &SigningKey, edit: impl FnOnce(&mut ReleasePayload)) {
    let release_file = public.join(WELL_KNOWN.trim_start_matches('/')).join("release.json");
    let envelope = Envelope::parse(&std::fs::read(&release_file).unwrap()).unwrap();
    let mut payload: ReleasePayload = serde_json::from_slice(&b64_decode(&envelope.payload).unwrap()).unwrap();
    relist_files(public, &mut payload);
    edit(&mut payload);
    std::fs::write(release_file, Envelope::sign(RELEASE_TYPE, &to_canonical(&payload), &[release_key]).to_bytes()).unwrap();
    relog(public, release_key);
}

/// Re-signs the release after `edit` changed its payload as JSON (to write
/// what the typed payload cannot hold, such as an impossible time).
pub fn resign_release_json(public: &Path, release_key: &SigningKey, edit: impl FnOnce(&mut serde_json::Value)) {
    let release_file = public.join(WELL_KNOWN.trim_start_matches('/')).join("release.json");
    let envelope = Envelope::parse(&std::fs::read(&release_file).unwrap()).unwrap();
    let mut payload: ReleasePayload = serde_json::from_slice(&b64_decode(&envelope.payload).unwrap()).unwrap();
    relist_files(public, &mut payload);
    let mut value = serde_json::to_value(&payload).unwrap();
    edit(&mut value);
    std::fs::write(release_file, Envelope::sign(RELEASE_TYPE, &to_canonical(&value), &[release_key]).to_bytes()).unwrap();
    relog(public, release_key);
}

fn restamp(public: &Path, release_key: &SigningKey, edit: impl FnOnce(&mut PagesIndex, &mut Vec<PageProof>)) {
    let well_known = public.join(WELL_KNOWN.trim_start_matches('/'));
    let mut index: PagesIndex = read_json(&well_known.join("pages.json"));
    let mut proofs: Vec<PageProof> = index.leaves.iter().map(|l| read_json(&public.join(proof_path(&l.url).trim_start_matches('/')))).collect();
    edit(&mut index, &mut proofs);
    let hashes: Vec<_> = index.leaves.iter().map(|l| l.hash()).collect();
    for (i, proof) in proofs.iter_mut().enumerate() {
        proof.leaf = index.leaves[i].clone();
        proof.leaf_index = i as u64;
        proof.tree_size = hashes.len() as u64;
        std::fs::write(public.join(proof_path(&proof.leaf.url).trim_start_matches('/')), to_canonical(proof)).unwrap();
    }
    // The tiles of the new tree replace the old ones.
    let _ = std::fs::remove_dir_all(well_known.join("page-tiles"));
    for (level, n, entries) in Tiles::new(hashes.clone()).tiles() {
        let file = public.join(tile_path(level, n).trim_start_matches('/'));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, entries.concat()).unwrap();
    }
    std::fs::write(well_known.join("pages.json"), to_canonical(&index)).unwrap();
    let release_file = well_known.join("release.json");
    let envelope = Envelope::parse(&std::fs::read(&release_file).unwrap()).unwrap();
    let mut payload: ReleasePayload = serde_json::from_slice(&b64_decode(&envelope.payload).unwrap()).unwrap();
    payload.pages_root = Sha256::from_digest(&root(&hashes));
    payload.registry_sha256 = Sha256::of(&std::fs::read(well_known.join("registry.json")).unwrap());
    relist_files(public, &mut payload);
    std::fs::write(release_file, Envelope::sign(RELEASE_TYPE, &to_canonical(&payload), &[release_key]).to_bytes()).unwrap();
    relog(public, release_key);
}

/// Rewrites the log's newest entry for the release now in `public`, and
/// re-signs the checkpoint: the forger holds the release key, which signs
/// both.
pub fn relog(public: &Path, release_key: &SigningKey) {
    let well_known = public.join(WELL_KNOWN.trim_start_matches('/'));
    let release_bytes = std::fs::read(well_known.join("release.json")).unwrap();
    let envelope = Envelope::parse(&release_bytes).unwrap();
    let payload: serde_json::Value = serde_json::from_slice(&b64_decode(&envelope.payload).unwrap()).unwrap();
    let source = DirSource::new(public);
    let at = LogLocation { source: &source, dir: LOG_DIR.to_string() };
    let site = payload["site"].as_str().unwrap_or_default().to_string();
    let origin = checkpoint_origin(&site);
    let log = read_log(&at, &origin, &[release_key.public().clone()]).unwrap().expect("the site has a log");
    let mut history = LogHistory::load(&log, &at).unwrap();
    let mut entry: LogEntry = serde_json::from_slice(&history.entries.pop().unwrap()).unwrap();
    // The state follows the (forged) pages: each page's approval as its
    // proof now holds it.
    let mut state: ReleaseState = serde_json::from_slice(&history.states.pop().unwrap().read().unwrap()).unwrap();
    let index: PagesIndex = read_json(&well_known.join("pages.json"));
    for leaf in &index.leaves {
        let Some(proof) = std::fs::read(public.join(proof_path(&leaf.url).trim_start_matches('/'))).ok().and_then(|b| serde_json::from_slice::<PageProof>(&b).ok()) else {
            continue;
        };
        let Some(approval) = proof.approvals.first() else { continue };
        let approval_payload: sigill::trust::approval::ApprovalPayload = serde_json::from_slice(&b64_decode(&approval.payload).unwrap()).unwrap();
        if let Some(logged) = state.pages.iter_mut().find(|p| p.path == leaf.path) {
            logged.approval_sha256 = Sha256::of(&to_canonical(approval));
            logged.keyid = approval_payload.keyid;
            logged.review_by = approval_payload.review_by;
            logged.sequence = approval_payload.sequence;
            logged.publisher = approval_payload.publisher.clone();
        }
    }
    // Co-approvals (the two-person rule) are logged like the page's own.
    let created = payload["created"].as_str().and_then(sigill::trust::Timestamp::parse);
    state.co_approvals.clear();
    for leaf in &index.leaves {
        let Some(proof) = std::fs::read(public.join(proof_path(&leaf.url).trim_start_matches('/'))).ok().and_then(|b| serde_json::from_slice::<PageProof>(&b).ok()) else {
            continue;
        };
        for approval in proof.approvals.iter().skip(1) {
            let p: sigill::trust::approval::ApprovalPayload = serde_json::from_slice(&b64_decode(&approval.payload).unwrap()).unwrap();
            state.co_approvals.push(sigill::log::LoggedApproval {
                approval_sha256: Sha256::of(&to_canonical(approval)),
                keyid: p.keyid,
                logged_at: created.unwrap_or(entry.created),
                path: p.path.clone(),
                publisher: p.publisher.clone(),
                review_by: p.review_by,
                sequence: p.sequence,
                url: Some(leaf.url.clone()),
            });
        }
    }
    state.co_approvals.sort();
    let state = to_canonical(&state);
    entry.state_sha256 = Sha256::of(&state);
    history.releases.pop();
    let text = |key: &str, old: &str| payload[key].as_str().unwrap_or(old).to_string();
    let hash = |key: &str, old: &Sha256| Sha256::parse(&text(key, &old.hex())).unwrap_or(*old);
    entry.release_sha256 = Sha256::of(&release_bytes);
    entry.pages_root = hash("pages_root", &entry.pages_root);
    entry.root_sha256 = hash("root_sha256", &entry.root_sha256);
    entry.registry_sha256 = hash("registry_sha256", &entry.registry_sha256);
    entry.site = text("site", &entry.site);
    if let Some(created) = payload["created"].as_str().and_then(sigill::trust::Timestamp::parse) {
        entry.created = created;
    }
    history.append(entry, sigill::log::write::LogBlob::Bytes(state), release_bytes);
    let log_dir = public.join(LOG_DIR.trim_start_matches('/'));
    // Read before the folder they may be in is removed.
    let files: Vec<(String, Vec<u8>)> = history.files(&origin, release_key).unwrap().into_iter().map(|(rel, blob)| (rel, blob.read().unwrap().into_owned())).collect();
    std::fs::remove_dir_all(&log_dir).unwrap();
    for (rel, bytes) in files {
        let path = log_dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}
