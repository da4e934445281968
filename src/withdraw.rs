//! `withdraw`: a publisher's signed decision to remove a published page
//! (or the registry's, for a revoked publisher). What it covers comes from
//! the page's approval chain: its address and newest approval.

use std::path::Path;

use crate::admin::{write_new_file, AdminError};
use crate::trust::approval::load_chain;
use crate::trust::canonical::to_canonical;
use crate::trust::envelope::{Envelope, WITHDRAWAL_TYPE};
use crate::trust::registry::KeyStatus;
use crate::trust::scope::normalize;
use crate::trust::withdrawal::{withdrawal_file, WithdrawalPayload, BY_REGISTRY, MAX_REASON_CHARS};
use crate::trust::{SigningKey, Timestamp, TrustState};

/// Makes the withdrawal of `path`, signed by `key`, and writes it to
/// `trust/withdrawals/<path>.json`. Returns the payload.
pub fn withdraw(trust: &TrustState, trust_dir: &Path, site: &str, path: &str, reason: &str, key: &SigningKey, now: Timestamp) -> Result<WithdrawalPayload, AdminError> {
    let path = normalize(path).ok_or_else(|| AdminError::Usage(tr!("withdraw-not-path-inside-site-such", path = format!("{:?}", path))))?;
    if !path.starts_with("content/") || !path.ends_with(".md") {
        return Err(AdminError::Usage(tr!("withdraw-not-page-only-pages-content", path = path)));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS || reason.chars().any(char::is_control) {
        return Err(AdminError::Usage(tr!("withdraw-reason-must-say-why-in", max_reason_chars = MAX_REASON_CHARS)));
    }
    let chain = load_chain(trust_dir, &path, site, &trust.registry).map_err(|e| AdminError::Refused(tr!("withdraw-only-approved-page-can-be", path = path, error = e)))?;
    let Some(head) = chain.last() else {
        return Err(AdminError::Refused(tr!("withdraw-was-never-approved-delete-file", path = path)));
    };
    let url = head.payload.url.clone().ok_or_else(|| AdminError::Refused(tr!("withdraw-has-no-published-address", path = path)))?;
    let keyid = key.public().keyid();
    let registry_role = &trust.root.payload().roles.registry;
    let by = if registry_role.keyids.contains(&keyid) {
        if registry_role.threshold > 1 {
            return Err(AdminError::Refused(tr!("withdraw-registry-role-needs-signatures-withdrawal", threshold = registry_role.threshold)));
        }
        BY_REGISTRY.to_string()
    } else {
        let (publisher, entry, _) = trust.registry.key(&keyid).ok_or_else(|| AdminError::Refused(tr!("withdraw-this-key-neither-publisher-key")))?;
        if entry.status != KeyStatus::Active {
            return Err(AdminError::Refused(tr!("withdraw-key-can-no-longer-sign", keyid = keyid, id = format!("{:?}", publisher.id), status = format!("{:?}", entry.status))));
        }
        if !publisher.covers(&path) {
            return Err(AdminError::Refused(tr!("withdraw-not-responsible-for-scopes", id = format!("{:?}", publisher.id), path = path, join = publisher.scopes.join(", "))));
        }
        publisher.id.clone()
    };
    let file = withdrawal_file(trust_dir, &path);
    let earlier = std::fs::read(&file).ok();
    if let Some(bytes) = &earlier {
        let covered = Envelope::parse(bytes)
            .ok()
            .and_then(|e| crate::trust::encoding::b64_decode(&e.payload).ok())
            .and_then(|raw| serde_json::from_slice::<WithdrawalPayload>(&raw).ok())
            .map(|w| w.sequence);
        if covered.is_none_or(|seq| seq >= head.payload.sequence) {
            return Err(AdminError::Refused(tr!("withdraw-exists-page-already-withdrawn", file = file.display())));
        }
    }
    let payload = WithdrawalPayload {
        by,
        path: path.clone(),
        reason: reason.to_string(),
        sequence: head.payload.sequence,
        site: site.to_string(),
        url,
        withdrawn_at: now,
    };
    let envelope = Envelope::sign(WITHDRAWAL_TYPE, &to_canonical(&payload), &[key]);
    // A withdrawal superseded by a newer approval is replaced; if writing
    // the new one fails, the old one is put back.
    if earlier.is_some() {
        std::fs::remove_file(&file).map_err(|source| AdminError::Io { path: file.display().to_string(), source })?;
    }
    if let Err(e) = write_new_file(&file, &envelope.to_bytes()) {
        if let Some(bytes) = &earlier {
            let _ = std::fs::write(&file, bytes);
        }
        return Err(e);
    }
    Ok(payload)
}
