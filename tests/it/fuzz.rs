//! Fuzz targets (bolero) for everything Sigill parses from outside: front
//! matter and Markdown, canonical JSON documents, envelopes, proofs, key
//! files, releases, log checkpoints and entry bundles. Under `cargo test`
//! each runs a fixed number of generated inputs from a fresh seed (a
//! failure prints `BOLERO_RANDOM_SEED=…` to replay it); `cargo bolero test
//! fuzz::<name>` runs the same target under libFuzzer for as long as you
//! like. None may panic.

use std::collections::BTreeSet;

use sigill::log::checkpoint;
use sigill::log::tiles::parse_bundle;
use sigill::trust::approval::ApprovalPayload;
use sigill::trust::canonical::from_canonical;
use sigill::trust::envelope::{Envelope, APPROVAL_TYPE};
use sigill::trust::keyfile::KeyFile;
use sigill::trust::merkle::{root_from_tiles, Tile};
use sigill::trust::registry::RegistryPayload;
use sigill::trust::release::{PageProof, ReleasePayload};
use sigill::trust::root::RootPayload;
use sigill::trust::{SigningKey, Timestamp};

/// Generated inputs per target under `cargo test`.
const ITERATIONS: usize = 10_000;
/// Longest generated input.
const MAX_LEN: usize = 4096;

#[test]
fn front_matter_and_markdown() {
    bolero::check!().with_iterations(ITERATIONS).with_max_len(MAX_LEN).for_each(|input: &[u8]| {
        let text = String::from_utf8_lossy(input);
        if let Ok(split) = sigill::frontmatter::parse(&text, "content/fuzz.md") {
            let _ = split.front.title.len();
        }
        let resolver = |dest: &str| Some(format!("/{dest}/"));
        for raw in [sigill::config::RawHtml::Escape, sigill::config::RawHtml::Sanitize] {
            let rendered = sigill::markdown::render(&text, raw, &resolver, &BTreeSet::new());
            let _ = rendered.body.html.len();
        }
    });
}

#[test]
fn canonical_documents() {
    bolero::check!().with_iterations(ITERATIONS).with_max_len(MAX_LEN).for_each(|input: &[u8]| {
        let _ = from_canonical::<serde_json::Value>(input, MAX_LEN);
        let _ = from_canonical::<ApprovalPayload>(input, MAX_LEN);
        let _ = from_canonical::<ReleasePayload>(input, MAX_LEN);
        let _ = from_canonical::<RegistryPayload>(input, MAX_LEN);
        let _ = from_canonical::<RootPayload>(input, MAX_LEN);
        let _ = from_canonical::<sigill::log::LogEntry>(input, MAX_LEN);
        let _ = from_canonical::<sigill::log::ReleaseState>(input, MAX_LEN);
        if let Ok(text) = std::str::from_utf8(input) {
            let _ = Timestamp::parse(text);
            let _ = Timestamp::parse_date_or_time(text);
        }
    });
}

#[test]
fn envelopes() {
    let key = SigningKey::generate().unwrap();
    bolero::check!().with_iterations(ITERATIONS).with_max_len(MAX_LEN).for_each(|input: &[u8]| {
        if let Ok(envelope) = Envelope::parse(input) {
            let _ = envelope.verify(APPROVAL_TYPE, 1, |id| (id == key.public().keyid()).then(|| key.public()));
        }
    });
}

#[test]
fn proofs() {
    bolero::check!().with_iterations(ITERATIONS).with_max_len(MAX_LEN).for_each(|input: &[u8]| {
        if let Ok(proof) = from_canonical::<PageProof>(input, MAX_LEN) {
            let _ = root_from_tiles(&proof.leaf.hash(), proof.leaf_index, proof.tree_size, |_| None);
        }
        // Arbitrary indexes, sizes and tiles straight from the bytes: every
        // tile asked for is the rest of the input, whatever width is wanted.
        if input.len() >= 16 {
            let index = u64::from_le_bytes(input[..8].try_into().unwrap());
            let size = u64::from_le_bytes(input[8..16].try_into().unwrap());
            let _ = root_from_tiles(&[7u8; 32], index, size, |at| Tile::parse(&input[16..], at.width).map(std::sync::Arc::new));
        }
    });
}

#[test]
fn key_files() {
    bolero::check!().with_iterations(ITERATIONS).with_max_len(MAX_LEN).for_each(|input: &[u8]| {
        if let Ok(file) = KeyFile::parse(input, "fuzz.key") {
            // Opening a passphrase-protected file costs 600 000 PBKDF2
            // rounds by design; an unprotected one is opened.
            if !file.needs_passphrase() {
                let _ = file.open(std::path::Path::new("fuzz.key"), None);
            }
        }
        let _ = sigill::trust::keyfile::looks_like_private_key(input);
    });
}

#[test]
fn log_checkpoints_and_bundles() {
    let key = SigningKey::generate().unwrap();
    let keys = [key.public().clone()];
    bolero::check!().with_iterations(ITERATIONS).with_max_len(MAX_LEN).for_each(|input: &[u8]| {
        let _ = checkpoint::verify(input, "fuzz.example/sigill-log", &keys);
        for count in [0, 1, 3, 256] {
            let _ = parse_bundle(input, count);
        }
    });
}

