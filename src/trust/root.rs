//! Root documents: the system owner's statement of which keys hold which role.
//!
//! The first root's bytes are pinned by hash (the site's trust anchor); every
//! later version must be signed by a threshold of the previous root and of
//! itself, as in TUF.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::digest::KeyId;
use super::encoding::sha256_hex;
use super::envelope::{Envelope, ROOT_TYPE};
use super::keys::PublicKey;
use super::timestamp::Timestamp;
use super::TrustError;

/// Largest root payload accepted.
pub const MAX_ROOT_PAYLOAD: usize = 256 * 1024;

/// The signed content of a root document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RootPayload {
    pub expires: Timestamp,
    pub keys: BTreeMap<KeyId, RootKey>,
    pub policy: Policy,
    pub roles: Roles,
    pub site: String,
    pub version: u64,
}

/// A key named by the root.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RootKey {
    pub label: String,
    pub public: String,
}

/// The three roles and who holds them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    pub registry: Role,
    pub release: Role,
    pub root: Role,
}

/// Keys allowed to sign for a role and how many must.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub keyids: Vec<KeyId>,
    pub threshold: u32,
}

/// Limits the system owner sets for everyone else.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The longest an approval may stay valid.
    pub max_review_days: u32,
    /// The longest a release manifest may stay fresh.
    pub release_max_days: u32,
}

/// A root whose whole chain from the pinned anchor verified.
#[derive(Debug, Clone)]
pub struct VerifiedRoot {
    payload: RootPayload,
    keys: BTreeMap<KeyId, PublicKey>,
    /// Raw bytes of every version, oldest first, for publishing.
    versions: Vec<Vec<u8>>,
    anchor: String,
}

impl VerifiedRoot {
    pub fn payload(&self) -> &RootPayload {
        &self.payload
    }
    /// `sha256:<hex>` of the first root's bytes.
    pub fn anchor(&self) -> &str {
        &self.anchor
    }
    /// The stored bytes of each root version, oldest first.
    pub fn versions(&self) -> &[Vec<u8>] {
        &self.versions
    }
    /// The key with `keyid` if it holds `role`.
    pub fn role_key(&self, role: &Role, keyid: &KeyId) -> Option<&PublicKey> {
        role.keyids.iter().any(|k| k == keyid).then(|| self.keys.get(keyid)).flatten()
    }
    /// Every version's payload, oldest first (each verified with the chain).
    pub fn payload_history(&self) -> Vec<RootPayload> {
        self.versions
            .iter()
            .filter_map(|bytes| Envelope::parse(bytes).ok())
            .filter_map(|env| crate::trust::encoding::b64_decode(&env.payload).ok())
            .filter_map(|raw| crate::trust::canonical::from_canonical::<RootPayload>(&raw, MAX_ROOT_PAYLOAD).ok())
            .collect()
    }
    /// The sha256 of the newest root version's bytes.
    pub fn latest_sha256(&self) -> crate::trust::digest::Sha256 {
        crate::trust::digest::Sha256::of(self.versions.last().expect("at least one version"))
    }
}

fn check_payload(payload: &RootPayload, file: &str) -> Result<BTreeMap<KeyId, PublicKey>, TrustError> {
    let bad = |reason: String| TrustError::Root { file: file.to_string(), reason };
    let mut keys = BTreeMap::new();
    for (keyid, entry) in &payload.keys {
        let key = PublicKey::from_base64(&entry.public).map_err(|e| bad(format!("key {keyid}: {e}")))?;
        if &key.keyid() != keyid {
            return Err(bad(tr!("root-keyid-does-not-match-its", keyid = keyid)));
        }
        keys.insert(*keyid, key);
    }
    for (name, role) in [("root", &payload.roles.root), ("registry", &payload.roles.registry), ("release", &payload.roles.release)] {
        let mut unique = role.keyids.clone();
        unique.sort();
        unique.dedup();
        if unique.len() != role.keyids.len() {
            return Err(bad(tr!("root-role-names-key-twice", name = name)));
        }
        if let Some(missing) = role.keyids.iter().find(|k| !keys.contains_key(*k)) {
            return Err(bad(tr!("root-role-names-key-which-root", name = name, missing = missing)));
        }
        if role.threshold == 0 || role.threshold as usize > role.keyids.len() {
            return Err(bad(tr!("root-role-has-threshold-with-keys", name = name, threshold = role.threshold, keyids_count = role.keyids.len())));
        }
    }
    if payload.policy.max_review_days == 0 || payload.policy.release_max_days == 0 {
        return Err(bad(tr!("root-policy-at-least-one-day")));
    }
    Ok(keys)
}

fn verify_with(
    envelope: &Envelope,
    role: &Role,
    keys: &BTreeMap<KeyId, PublicKey>,
    file: &str,
) -> Result<Vec<u8>, TrustError> {
    let lookup = |id: &str| KeyId::parse(id).and_then(|id| role.keyids.contains(&id).then(|| keys.get(&id)).flatten());
    envelope
        .verify(ROOT_TYPE, role.threshold as usize, lookup)
        .map(|v| v.bytes().to_vec())
        .map_err(|e| TrustError::Root { file: file.to_string(), reason: e.to_string() })
}

/// Reads `trust/root/1.root.json`, `2.root.json`, … and verifies the chain
/// from `anchor` (`sha256:<hex>`) for `site` at time `now`.
pub fn load_root(trust_dir: &Path, anchor: &str, site: &str, now: Timestamp) -> Result<VerifiedRoot, TrustError> {
    let dir = trust_dir.join("root");
    let mut versions = Vec::new();
    for n in 1u64.. {
        let path = dir.join(format!("{n}.root.json"));
        match super::read_limited(&path, super::envelope::MAX_ENVELOPE_BYTES) {
            Ok(bytes) => versions.push((path.display().to_string(), bytes)),
            Err(TrustError::Missing { .. }) if n > 1 => break,
            Err(e) => return Err(e),
        }
    }
    verify_root_versions(versions, anchor, Some(site), now)
}

/// Verifies root versions (name, bytes), oldest first, from `anchor`. With
/// `site` given, the root must be for that site.
pub fn verify_root_versions(
    versions: Vec<(String, Vec<u8>)>,
    anchor: &str,
    site: Option<&str>,
    now: Timestamp,
) -> Result<VerifiedRoot, TrustError> {
    let Some((first_file, first_bytes)) = versions.first() else {
        return Err(TrustError::Missing { file: "1.root.json".into() });
    };
    let found = format!("sha256:{}", sha256_hex(first_bytes));
    if found != anchor {
        return Err(TrustError::AnchorMismatch { file: first_file.clone(), expected: anchor.into(), found });
    }
    let mut current: Option<(RootPayload, BTreeMap<KeyId, PublicKey>)> = None;
    for (index, (file, bytes)) in versions.iter().enumerate() {
        let envelope = Envelope::parse(bytes).map_err(|e| TrustError::Root { file: file.clone(), reason: e.to_string() })?;
        // Version 1 is authenticated by the anchor; each later version must
        // first be signed by the previous root before its payload is read.
        let signed_by_previous = match &current {
            Some((previous, keys)) => Some(verify_with(&envelope, &previous.roles.root, keys, file)?),
            None => None,
        };
        let raw = match &signed_by_previous {
            Some(bytes) => bytes.clone(),
            None => crate::trust::encoding::b64_decode(&envelope.payload)
                .map_err(|e| TrustError::Root { file: file.clone(), reason: e })?,
        };
        let payload: RootPayload = crate::trust::canonical::from_canonical(&raw, MAX_ROOT_PAYLOAD)
            .map_err(|e| TrustError::Root { file: file.clone(), reason: e.to_string() })?;
        let keys = check_payload(&payload, file)?;
        verify_with(&envelope, &payload.roles.root, &keys, file)?;
        if payload.version != index as u64 + 1 {
            return Err(TrustError::Root { file: file.clone(), reason: tr!("root-version-expected", version = payload.version, index = index + 1) });
        }
        let expected_site = site.map(str::to_string).or_else(|| current.as_ref().map(|(p, _)| p.site.clone()));
        if let Some(expected) = expected_site {
            if payload.site != expected {
                return Err(TrustError::Root { file: file.clone(), reason: tr!("root-site-expected", site = format!("{:?}", payload.site), expected = format!("{:?}", expected)) });
            }
        }
        current = Some((payload, keys));
    }
    let Some((payload, keys)) = current else {
        return Err(TrustError::Missing { file: "1.root.json".into() });
    };
    if now >= payload.expires {
        let file = versions.last().map(|(f, _)| f.clone()).unwrap_or_default();
        return Err(TrustError::Expired { what: "root".into(), file, expires: payload.expires.to_string() });
    }
    Ok(VerifiedRoot { payload, keys, versions: versions.into_iter().map(|(_, b)| b).collect(), anchor: found })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::canonical::to_canonical;
    use crate::trust::SigningKey;

    fn key() -> SigningKey {
        SigningKey::generate().expect("a key")
    }

    fn payload(version: u64, root_keys: &[&SigningKey], other: &SigningKey, expires: &str) -> RootPayload {
        let mut keys = BTreeMap::new();
        for k in root_keys.iter().chain([&other]) {
            keys.insert(k.public().keyid(), RootKey { label: "k".into(), public: k.public().to_base64() });
        }
        let role = |ks: &[&SigningKey]| {
            let mut keyids: Vec<KeyId> = ks.iter().map(|k| k.public().keyid()).collect();
            keyids.sort();
            Role { keyids, threshold: 1 }
        };
        RootPayload {
            expires: Timestamp::parse(expires).expect("a time"),
            keys,
            policy: Policy { max_review_days: 400, release_max_days: 90 },
            roles: Roles { registry: role(&[other]), release: role(&[other]), root: role(root_keys) },
            site: "a.example".into(),
            version,
        }
    }

    fn signed(payload: &RootPayload, signers: &[&SigningKey]) -> Vec<u8> {
        Envelope::sign(ROOT_TYPE, &to_canonical(payload), signers).to_bytes()
    }

    fn now() -> Timestamp {
        Timestamp::parse("2026-12-01T00:00:00Z").expect("a time")
    }

    #[test]
    fn a_rotation_needs_the_old_keys_and_the_new() {
        let (old, new, other) = (key(), key(), key());
        let first = signed(&payload(1, &[&old], &other, "2030-01-01T00:00:00Z"), &[&old]);
        let anchor = format!("sha256:{}", sha256_hex(&first));
        let second = payload(2, &[&new], &other, "2030-01-01T00:00:00Z");
        let versions = |bytes: Vec<u8>| vec![("1.root.json".to_string(), first.clone()), ("2.root.json".to_string(), bytes)];
        let both = verify_root_versions(versions(signed(&second, &[&old, &new])), &anchor, Some("a.example"), now()).expect("signed by both");
        assert_eq!(both.payload().version, 2);
        assert!(verify_root_versions(versions(signed(&second, &[&new])), &anchor, None, now()).is_err(), "the old key must sign");
        assert!(verify_root_versions(versions(signed(&second, &[&old])), &anchor, None, now()).is_err(), "the new key must sign");
        let skipped = payload(3, &[&new], &other, "2030-01-01T00:00:00Z");
        assert!(verify_root_versions(versions(signed(&skipped, &[&old, &new])), &anchor, None, now()).is_err(), "versions count 1, 2, …");
    }

    #[test]
    fn an_expired_root_or_another_anchor_is_refused() {
        let (root_key, other) = (key(), key());
        let first = signed(&payload(1, &[&root_key], &other, "2026-06-01T00:00:00Z"), &[&root_key]);
        let anchor = format!("sha256:{}", sha256_hex(&first));
        let versions = vec![("1.root.json".to_string(), first.clone())];
        assert!(matches!(verify_root_versions(versions.clone(), &anchor, None, now()), Err(TrustError::Expired { .. })));
        let early = Timestamp::parse("2026-05-01T00:00:00Z").expect("a time");
        assert!(verify_root_versions(versions.clone(), &anchor, None, early).is_ok());
        let other_anchor = format!("sha256:{}", "00".repeat(32));
        assert!(matches!(verify_root_versions(versions, &other_anchor, None, early), Err(TrustError::AnchorMismatch { .. })));
    }
}
