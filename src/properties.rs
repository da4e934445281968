//! Property tests of everything that parses untrusted input: canonical JSON,
//! envelopes, Merkle proofs, front matter, key files and release payloads.
//! Each runs a fixed number of generated cases from a fixed seed (no test
//! depends on chance), and none may panic on any input.

use proptest::prelude::*;

use crate::trust::canonical::{from_canonical, to_canonical};
use crate::trust::envelope::{Envelope, APPROVAL_TYPE, RELEASE_TYPE};
use crate::trust::merkle::{leaf_hash, root, root_from_tiles, Tile, TileAt, Tiles, TILE_WIDTH};
use crate::trust::release::{PageProof, ReleasePayload};
use crate::trust::SigningKey;

/// JSON values as Sigill documents hold them: strings (any Unicode, control
/// characters included), integers, booleans, null, arrays and objects.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<String>().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6).prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5161_1100),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Encoding is canonical: parsing the bytes and encoding again gives the
    /// same bytes, and the value survives.
    #[test]
    fn canonical_json_round_trips(value in json_value()) {
        let bytes = to_canonical(&value);
        let parsed: serde_json::Value = from_canonical(&bytes, 1 << 20).expect("canonical bytes parse");
        prop_assert_eq!(&parsed, &value);
        prop_assert_eq!(to_canonical(&parsed), bytes);
    }

    /// Any change to canonical bytes is refused or re-encodes identically;
    /// nothing panics.
    #[test]
    fn canonical_json_refuses_every_other_form(value in json_value(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = to_canonical(&value);
        let i = at.index(bytes.len());
        bytes[i] = byte;
        if let Ok(parsed) = from_canonical::<serde_json::Value>(&bytes, 1 << 20) {
            prop_assert_eq!(to_canonical(&parsed), bytes);
        }
    }

    /// Arbitrary bytes never make the strict parsers panic.
    #[test]
    fn parsers_survive_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Envelope::parse(&bytes);
        let _ = from_canonical::<PageProof>(&bytes, 1 << 20);
        let _ = from_canonical::<ReleasePayload>(&bytes, 1 << 20);
        let _ = serde_json::from_slice::<crate::trust::keyfile::KeyFile>(&bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = crate::frontmatter::parse(text, "content/x.md");
            let _ = crate::config::parse(text, "site.toml");
            let _ = crate::trust::Timestamp::parse(text);
        }
    }

    /// Front matter that is valid TOML with the three required fields
    /// parses, whatever the strings hold.
    #[test]
    fn front_matter_holds_any_strings(title in "[^\u{0}]{1,40}", publisher in "[a-z][a-z0-9-]{0,15}", owner in "[^\u{0}]{1,40}", body in any::<String>()) {
        let toml_string = |s: &str| toml::Value::String(s.to_string()).to_string();
        let text = format!("+++\ntitle = {}\npublisher = {}\nowner = {}\n+++\n{body}", toml_string(&title), toml_string(&publisher), toml_string(&owner));
        match crate::frontmatter::parse(&text, "content/x.md") {
            Ok(split) => {
                prop_assert_eq!(&split.front.title, &title);
                prop_assert_eq!(&text[split.body_offset..], body.as_str());
            }
            // Only blank titles or owners are refused.
            Err(problems) => prop_assert!(title.trim().is_empty() || owner.trim().is_empty(), "{:?}", problems),
        }
    }

    /// Every leaf of every tree reaches the RFC 6962 root through the
    /// published tiles; the same leaf at another index, or a tile with one
    /// entry changed, does not.
    #[test]
    fn merkle_tiles_hold_and_break(leaves in prop::collection::vec(any::<[u8; 8]>(), 1..700), pick in any::<prop::sample::Index>(), entry in any::<prop::sample::Index>()) {
        use std::sync::Arc;
        let hashes: Vec<_> = leaves.iter().map(|l| leaf_hash(l)).collect();
        let tree = root(&hashes);
        let tiles = Tiles::new(hashes.clone());
        prop_assert_eq!(tiles.root(), tree);
        let published: std::collections::HashMap<(u32, u64), Arc<Tile>> =
            tiles.tiles().map(|(level, n, e)| ((level, n), Arc::new(Tile::parse(&e.concat(), e.len()).expect("tile")))).collect();
        let read = |at: TileAt| published.get(&(at.level, at.n)).cloned();
        let size = hashes.len() as u64;
        for (i, hash) in hashes.iter().enumerate() {
            prop_assert_eq!(root_from_tiles(hash, i as u64, size, read), Some(tree));
        }
        let i = pick.index(hashes.len());
        if hashes.len() > 1 {
            let other = (i + 1) % hashes.len();
            if hashes[other] != hashes[i] {
                prop_assert_eq!(root_from_tiles(&hashes[i], other as u64, size, read), None);
            }
        }
        // One entry of the leaf's own tile changed: the tile no longer fits.
        let own = (i / TILE_WIDTH) as u64;
        let mut bad = (*published[&(0, own)]).clone();
        let at = entry.index(bad.entries.len());
        bad.entries[at][0] ^= 1;
        bad.hash = root(&bad.entries);
        let bad = Arc::new(bad);
        prop_assert_ne!(root_from_tiles(&hashes[i], i as u64, size, |t: TileAt| if (t.level, t.n) == (0, own) { Some(bad.clone()) } else { read(t) }), Some(tree));
    }

    /// A signed envelope verifies; any changed byte of it is refused.
    #[test]
    fn envelopes_refuse_any_change(payload in json_value(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let key = SigningKey::generate().expect("a key");
        let envelope = Envelope::sign(APPROVAL_TYPE, &to_canonical(&payload), &[&key]);
        let bytes = envelope.to_bytes();
        let verify = |b: &[u8]| -> bool {
            Envelope::parse(b).ok().is_some_and(|e| e.verify(APPROVAL_TYPE, 1, |id| (key.public().keyid() == id).then(|| key.public())).is_ok())
        };
        prop_assert!(verify(&bytes));
        prop_assert!(Envelope::parse(&bytes).unwrap().verify(RELEASE_TYPE, 1, |_| Some(key.public())).is_err(), "another payloadType");
        let mut changed = bytes.clone();
        let i = at.index(changed.len());
        if changed[i] != byte {
            changed[i] = byte;
            prop_assert!(!verify(&changed), "a changed envelope verified");
        }
    }
}

#[test]
fn key_files_refuse_damage_and_wrong_passphrases() {
    // Opening costs 600 000 PBKDF2 rounds, so a handful of cases only.
    let key = SigningKey::generate().expect("a key");
    let file = crate::trust::keyfile::KeyFile::seal(&key, "test", Some("a long passphrase"), crate::trust::keyfile::MIN_ITERATIONS).expect("sealed");
    let bytes = serde_json::to_vec(&file).expect("serialises");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("k.key");
    std::fs::write(&path, &bytes).expect("written");
    let read = |p: &std::path::Path| crate::trust::keyfile::KeyFile::read(p);
    assert!(read(&path).expect("reads").open(&path, Some("wrong passphrase")).is_err());
    for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&path, &bytes[..cut]).expect("written");
        assert!(read(&path).is_err(), "a key file cut at {cut} bytes was read");
    }
}
