//! The publisher registry: the site owner's written delegation
//! ("skriftlig delegation") naming each responsible publisher, their keys and
//! the content paths they answer for.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::digest::KeyId;
use super::envelope::{Envelope, REGISTRY_TYPE};
use super::keys::PublicKey;
use super::root::VerifiedRoot;
use super::scope::{is_canonical_scope, scope_covers};
use super::timestamp::Timestamp;
use super::TrustError;

/// Largest registry payload accepted.
pub const MAX_REGISTRY_PAYLOAD: usize = 512 * 1024;

/// The signed content of a registry version.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RegistryPayload {
    pub expires: Timestamp,
    pub publishers: Vec<Publisher>,
    /// Scopes whose pages need more than one publisher's approval (the
    /// two-person rule); absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<ScopeRule>,
    pub site: String,
    pub version: u64,
}

/// A rule for every page a scope covers: how many different publishers
/// must approve the same text before it is published.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct ScopeRule {
    pub required_approvals: u32,
    pub scope: String,
}

/// The most approvals a scope rule may require.
pub const MAX_REQUIRED_APPROVALS: u32 = 5;

impl RegistryPayload {
    /// How many different publishers must approve `path`: the largest
    /// number any rule covering it requires, and 1 without a rule.
    pub fn required_approvals(&self, path: &str) -> u32 {
        self.rules.iter().filter(|r| scope_covers(&r.scope, path)).map(|r| r.required_approvals).max().unwrap_or(1).max(1)
    }
}

/// One responsible publisher.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub id: String,
    pub keys: Vec<PublisherKey>,
    pub name: String,
    pub scopes: Vec<String>,
    pub title: String,
    pub unit: String,
}

/// A publisher's key and its life.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PublisherKey {
    pub keyid: KeyId,
    pub public: String,
    pub status: KeyStatus,
    pub status_since: Timestamp,
    pub valid_from: Timestamp,
    pub valid_until: Timestamp,
}

/// Whether a key may still sign. A compromised key invalidates every
/// approval it ever made; a retired one only those made after retirement.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum KeyStatus {
    Active,
    Retired,
    Compromised,
}

impl Publisher {
    /// True when one of the publisher's scopes covers `path`.
    pub fn covers(&self, path: &str) -> bool {
        self.scopes.iter().any(|s| scope_covers(s, path))
    }
}

/// A registry version whose signatures and contents were checked.
#[derive(Debug, Clone)]
pub struct VerifiedRegistry {
    payload: RegistryPayload,
    keys: BTreeMap<KeyId, (usize, PublicKey)>,
    bytes: Vec<u8>,
    file: PathBuf,
}

impl VerifiedRegistry {
    pub fn payload(&self) -> &RegistryPayload {
        &self.payload
    }
    /// The envelope bytes, published beside the site.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
    pub fn sha256(&self) -> crate::trust::digest::Sha256 {
        crate::trust::digest::Sha256::of(&self.bytes)
    }
    pub fn file(&self) -> &Path {
        &self.file
    }
    pub fn publisher(&self, id: &str) -> Option<&Publisher> {
        self.payload.publishers.iter().find(|p| p.id == id)
    }
    /// The publisher owning `keyid`, its key entry and the checked key.
    pub fn key(&self, keyid: &KeyId) -> Option<(&Publisher, &PublisherKey, &PublicKey)> {
        let (index, key) = self.keys.get(keyid)?;
        let publisher = &self.payload.publishers[*index];
        let entry = publisher.keys.iter().find(|k| k.keyid == *keyid)?;
        Some((publisher, entry, key))
    }
}

/// Checks that `id` is a usable publisher id: lowercase ASCII, digits, `-`.
pub fn is_valid_publisher_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// Checks the registry's contents once its signatures held.
pub fn check_payload(payload: &RegistryPayload) -> Result<BTreeMap<KeyId, (usize, PublicKey)>, String> {
    let mut ids = BTreeSet::new();
    let mut keys = BTreeMap::new();
    for (index, publisher) in payload.publishers.iter().enumerate() {
        let who = &publisher.id;
        if !is_valid_publisher_id(who) {
            return Err(tr!("registry-publisher-id-must-be-lowercase", who = format!("{:?}", who)));
        }
        if !ids.insert(who.clone()) {
            return Err(tr!("registry-publisher-id-appears-twice", who = who));
        }
        for field in [&publisher.name, &publisher.title, &publisher.unit] {
            if field.trim().is_empty() {
                return Err(tr!("registry-publisher-has-empty-name-title", who = who));
            }
        }
        for scope in &publisher.scopes {
            if !is_canonical_scope(scope) {
                return Err(tr!("registry-publisher-has-scope-scope-content", who = who, scope = format!("{:?}", scope)));
            }
        }
        for key in &publisher.keys {
            let public = PublicKey::from_base64(&key.public).map_err(|e| format!("publisher {who}, key {}: {e}", key.keyid))?;
            if public.keyid() != key.keyid {
                return Err(tr!("registry-publisher-keyid-does-not-match", who = who, keyid = key.keyid));
            }
            if keys.insert(key.keyid, (index, public)).is_some() {
                return Err(tr!("registry-keyid-registered-twice", keyid = key.keyid));
            }
        }
    }
    let mut previous: Option<&str> = None;
    for rule in &payload.rules {
        if !is_canonical_scope(&rule.scope) || !rule.scope.starts_with("content/") {
            return Err(tr!("registry-rule-scope-invalid", scope = format!("{:?}", rule.scope)));
        }
        if previous.is_some_and(|p| p >= rule.scope.as_str()) {
            return Err(tr!("registry-rules-sorted-unique"));
        }
        if !(1..=MAX_REQUIRED_APPROVALS).contains(&rule.required_approvals) {
            return Err(tr!("registry-rule-count", scope = rule.scope, max = MAX_REQUIRED_APPROVALS));
        }
        previous = Some(&rule.scope);
    }
    Ok(keys)
}

/// The registry file for a version number.
pub fn registry_file_name(version: u64) -> String {
    format!("{version:04}.registry.json")
}

/// Lists `trust/registry/NNNN.registry.json` files, highest version last.
pub fn registry_versions(trust_dir: &Path) -> Result<Vec<(u64, PathBuf)>, TrustError> {
    let dir = trust_dir.join("registry");
    let entries = std::fs::read_dir(&dir).map_err(|_| TrustError::Missing { file: dir.display().to_string() })?;
    let mut versions = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if let Some(number) = name.strip_suffix(".registry.json") {
            let version = number.parse::<u64>().ok().filter(|v| registry_file_name(*v) == name).ok_or_else(|| TrustError::Registry {
                file: entry.path().display().to_string(),
                reason: tr!("registry-file-names"),
            })?;
            versions.push((version, entry.path()));
        }
    }
    versions.sort();
    if versions.is_empty() {
        return Err(TrustError::Missing { file: dir.join(registry_file_name(1)).display().to_string() });
    }
    Ok(versions)
}

/// Loads the highest registry version and verifies it under `root`.
pub fn load_registry(trust_dir: &Path, root: &VerifiedRoot, now: Timestamp) -> Result<VerifiedRegistry, TrustError> {
    let (version, path) = registry_versions(trust_dir)?.pop().expect("non-empty");
    let bytes = super::read_limited(&path, super::envelope::MAX_ENVELOPE_BYTES)?;
    verify_registry(bytes, &path, Some(version), root, now)
}

/// How a publisher has been named in any registry version: id, name, title
/// and unit. An approval may show only such a naming, so a rename never
/// rewrites old marks and nobody can sign a title the registry never gave.
pub type Naming = (String, String, String, String);

/// Every naming of every publisher in every registry version kept in
/// `trust/registry/` that was signed by the registry role of some version
/// of the verified root (expiry does not matter for history).
pub fn naming_history(trust_dir: &Path, root: &VerifiedRoot) -> std::collections::BTreeSet<Naming> {
    let mut names = std::collections::BTreeSet::new();
    let roots = root.payload_history();
    for (_, path) in registry_versions(trust_dir).unwrap_or_default() {
        let Ok(bytes) = super::read_limited(&path, super::envelope::MAX_ENVELOPE_BYTES) else { continue };
        let Ok(envelope) = Envelope::parse(&bytes) else { continue };
        let verified = roots.iter().find_map(|r| {
            let role = &r.roles.registry;
            let key = |id: &KeyId| {
                role.keyids.iter().any(|k| k == id).then(|| r.keys.get(id)).flatten().and_then(|k| PublicKey::from_base64(&k.public).ok())
            };
            let keys: BTreeMap<KeyId, PublicKey> = role.keyids.iter().filter_map(|id| key(id).map(|k| (*id, k))).collect();
            envelope.verify(REGISTRY_TYPE, role.threshold as usize, |id| KeyId::parse(id).and_then(|id| keys.get(&id))).ok()
        });
        let Some(payload) = verified.and_then(|v| v.parse::<RegistryPayload>(MAX_REGISTRY_PAYLOAD).ok()) else { continue };
        if payload.site != root.payload().site {
            continue;
        }
        for p in payload.publishers {
            names.insert((p.id, p.name, p.title, p.unit));
        }
    }
    names
}

/// Verifies registry envelope bytes under `root`; `version`, when known from
/// the file name, must match the payload's.
pub fn verify_registry(bytes: Vec<u8>, path: &Path, version: Option<u64>, root: &VerifiedRoot, now: Timestamp) -> Result<VerifiedRegistry, TrustError> {
    let file = path.display().to_string();
    let bad = |reason: String| TrustError::Registry { file: file.clone(), reason };
    let envelope = Envelope::parse(&bytes).map_err(|e| bad(e.to_string()))?;
    let role = &root.payload().roles.registry;
    let verified = envelope
        .verify(REGISTRY_TYPE, role.threshold as usize, |id| KeyId::parse(id).and_then(|id| root.role_key(role, &id)))
        .map_err(|e| bad(tr!("registry-not-signed-by-registry-role", error = e)))?;
    let payload: RegistryPayload = verified.parse(MAX_REGISTRY_PAYLOAD).map_err(|e| bad(e.to_string()))?;
    if let Some(version) = version {
        if payload.version != version {
            return Err(bad(tr!("registry-version-but-file-name-says", version = payload.version, version2 = version)));
        }
    }
    if payload.site != root.payload().site {
        return Err(bad(tr!("registry-site-this-site", site = format!("{:?}", payload.site), site2 = format!("{:?}", root.payload().site))));
    }
    let keys = check_payload(&payload).map_err(bad)?;
    if now >= payload.expires {
        return Err(TrustError::Expired { what: "registry".into(), file, expires: payload.expires.to_string() });
    }
    Ok(VerifiedRegistry { payload, keys, bytes, file: path.to_path_buf() })
}
