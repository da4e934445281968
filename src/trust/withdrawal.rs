//! Signed withdrawals: a publisher's (or, for a revoked publisher, the
//! registry's) decision to remove a published page. A withdrawal covers
//! the page's approvals up to `sequence`; a later approval publishes the
//! page again. The site serves a notice at the old address and the log
//! records the withdrawal.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::envelope::{Envelope, MAX_ENVELOPE_BYTES, WITHDRAWAL_TYPE};
use super::registry::{KeyStatus, VerifiedRegistry};
use super::root::VerifiedRoot;
use super::Timestamp;

/// Largest withdrawal payload read.
pub const MAX_WITHDRAWAL_PAYLOAD: usize = 16 * 1024;
/// Longest reason accepted, in characters.
pub const MAX_REASON_CHARS: usize = 500;
/// Who decided, when the registry (not a publisher) signed.
pub const BY_REGISTRY: &str = "registry";

/// The signed content of a withdrawal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WithdrawalPayload {
    /// The publisher id who decided, or `registry`.
    pub by: String,
    pub path: String,
    /// Why, in words for citizens.
    pub reason: String,
    /// The newest approval sequence the withdrawal covers.
    pub sequence: u64,
    pub site: String,
    pub url: String,
    pub withdrawn_at: Timestamp,
}

/// A withdrawal whose signature and authority held.
#[derive(Debug, Clone)]
pub struct CheckedWithdrawal {
    pub file: PathBuf,
    pub envelope_bytes: Vec<u8>,
    pub payload: WithdrawalPayload,
    /// The name, title and unit of who decided, for the notice.
    pub decided_by: String,
}

/// Why a withdrawal does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WithdrawalError {
    #[error("{}", tr!("approval-message", file = .file, reason = .reason))]
    Malformed { file: String, reason: String },
    #[error("{}", tr!("withdrawal-not-signed-by-publisher-responsible", file = .file, path = .path, reason = .reason))]
    Unauthorised { file: String, path: String, reason: String },
    #[error("{}", tr!("withdrawal-withdrawal-for-not", file = .file, field = .field, found = format!("{:?}", .found), expected = format!("{:?}", .expected)))]
    WrongTarget { file: String, field: &'static str, found: String, expected: String },
}

/// Where the withdrawal of `path` lives: `trust/withdrawals/<path>.json`.
pub fn withdrawal_file(trust_dir: &Path, path: &str) -> PathBuf {
    trust_dir.join("withdrawals").join(format!("{path}.json"))
}

/// Verifies one withdrawal: signed by an active key of a publisher whose
/// scope covers the path (at `withdrawn_at`, not in the future), or by the
/// registry role's threshold of keys.
pub fn verify_withdrawal(bytes: &[u8], shown: &str, site: &str, registry: &VerifiedRegistry, root: &VerifiedRoot, now: Timestamp) -> Result<CheckedWithdrawal, WithdrawalError> {
    let malformed = |reason: String| WithdrawalError::Malformed { file: shown.into(), reason };
    let envelope = Envelope::parse(bytes).map_err(|e| malformed(e.to_string()))?;
    let role = &root.payload().roles.registry;
    let by_registry = envelope.verify(WITHDRAWAL_TYPE, role.threshold as usize, |id| crate::trust::digest::KeyId::parse(id).and_then(|id| root.role_key(role, &id)));
    let (verified, decided_by) = match by_registry {
        Ok(v) => (v, "the publisher registry".to_string()),
        Err(registry_error) => {
            let v = envelope.verify(WITHDRAWAL_TYPE, 1, |id| crate::trust::digest::KeyId::parse(id).and_then(|id| registry.key(&id)).map(|(_, _, key)| key)).map_err(|e| WithdrawalError::Unauthorised {
                file: shown.into(),
                path: String::new(),
                reason: format!("{e}; {registry_error}"),
            })?;
            (v, String::new())
        }
    };
    let payload: WithdrawalPayload = verified.parse(MAX_WITHDRAWAL_PAYLOAD).map_err(|e| malformed(e.to_string()))?;
    if payload.site != site {
        return Err(WithdrawalError::WrongTarget { file: shown.into(), field: "site", found: payload.site, expected: site.into() });
    }
    if payload.reason.trim().is_empty() || payload.reason.chars().count() > MAX_REASON_CHARS || payload.reason.chars().any(char::is_control) {
        return Err(malformed(tr!("withdrawal-reason-must-be-characters-on", max_reason_chars = MAX_REASON_CHARS)));
    }
    if payload.withdrawn_at > now {
        return Err(malformed(tr!("withdrawal-it-dated-after-time-build", withdrawn_at = payload.withdrawn_at)));
    }
    let unauthorised = |reason: String| WithdrawalError::Unauthorised { file: shown.into(), path: payload.path.clone(), reason };
    let decided_by = if decided_by.is_empty() {
        let [signer] = verified.signers() else {
            return Err(unauthorised(tr!("withdrawal-one-signature")));
        };
        let (publisher, entry, _) = crate::trust::digest::KeyId::parse(signer).and_then(|id| registry.key(&id)).ok_or_else(|| unauthorised("unknown key".into()))?;
        if publisher.id != payload.by {
            return Err(unauthorised(tr!("withdrawal-signed-by-but-it-says", id = format!("{:?}", publisher.id), by = format!("{:?}", payload.by))));
        }
        if !publisher.covers(&payload.path) {
            return Err(unauthorised(tr!("withdrawal-not-responsible-for-it-scopes", id = format!("{:?}", publisher.id), join = publisher.scopes.join(", "))));
        }
        let active = entry.status == KeyStatus::Active || payload.withdrawn_at < entry.status_since;
        if !active || payload.withdrawn_at < entry.valid_from || payload.withdrawn_at >= entry.valid_until {
            return Err(unauthorised(tr!("withdrawal-key-was-not-valid-at", signer = signer, withdrawn_at = payload.withdrawn_at)));
        }
        format!("{}, {}, {}", publisher.name, publisher.title, publisher.unit)
    } else {
        if payload.by != BY_REGISTRY {
            return Err(unauthorised(tr!("withdrawal-signed-by-registry-keys-but", by = format!("{:?}", payload.by))));
        }
        decided_by
    };
    Ok(CheckedWithdrawal { file: PathBuf::from(shown), envelope_bytes: bytes.to_vec(), payload, decided_by })
}

/// Reads and verifies every withdrawal under `trust/withdrawals/`.
pub fn load_withdrawals(trust_dir: &Path, site: &str, registry: &VerifiedRegistry, root: &VerifiedRoot, now: Timestamp) -> (Vec<CheckedWithdrawal>, Vec<WithdrawalError>) {
    let dir = trust_dir.join("withdrawals");
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).follow_links(false).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let shown = entry.path().display().to_string();
        let expected = entry
            .path()
            .strip_prefix(&dir)
            .ok()
            .and_then(|rel| rel.to_str())
            .and_then(|rel| rel.strip_suffix(".json"))
            .map(|rel| rel.replace('\\', "/"));
        let result = super::read_limited(entry.path(), MAX_ENVELOPE_BYTES)
            .map_err(|e| WithdrawalError::Malformed { file: shown.clone(), reason: e.to_string() })
            .and_then(|bytes| verify_withdrawal(&bytes, &shown, site, registry, root, now))
            .and_then(|w| match &expected {
                Some(path) if *path == w.payload.path => Ok(w),
                _ => Err(WithdrawalError::WrongTarget { file: shown.clone(), field: "path", found: w.payload.path, expected: expected.clone().unwrap_or_default() }),
            });
        match result {
            Ok(w) => found.push(w),
            Err(e) => problems.push(e),
        }
    }
    (found, problems)
}
