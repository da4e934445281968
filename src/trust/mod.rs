//! The trust chain: keys, signed statements and their verification.
//!
//! Everything here is library code with typed errors; nothing prints. The
//! layout on disk is described in `docs/format.md`.

pub mod approval;
pub mod canonical;
pub mod encoding;
pub mod envelope;
pub mod keyfile;
pub mod keys;
pub mod merkle;
pub mod registry;
pub mod release;
pub mod root;
pub mod scope;
pub mod timestamp;

use std::io::Read;
use std::path::Path;

pub use keys::{PublicKey, SigningKey};
pub use registry::VerifiedRegistry;
pub use root::VerifiedRoot;
pub use timestamp::Timestamp;

/// Why the site's root or registry could not be trusted.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum TrustError {
    #[error("{file} is missing")]
    Missing { file: String },
    #[error("cannot read {file}: {reason}")]
    Io { file: String, reason: String },
    #[error("{file} is larger than {limit} bytes")]
    TooLarge { file: String, limit: usize },
    #[error("{file} hashes to {found}, but site.toml pins {expected}")]
    AnchorMismatch { file: String, expected: String, found: String },
    #[error("{file}: root document rejected: {reason}")]
    Root { file: String, reason: String },
    #[error("{file}: registry rejected: {reason}")]
    Registry { file: String, reason: String },
    #[error("{file}: the {what} expired at {expires}")]
    Expired { what: String, file: String, expires: String },
}

/// Reads a file of at most `limit` bytes, without trusting its reported size.
pub fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, TrustError> {
    let file = path.display().to_string();
    let handle = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => TrustError::Missing { file: file.clone() },
        _ => TrustError::Io { file: file.clone(), reason: e.to_string() },
    })?;
    let size = handle.metadata().map_or(0, |m| m.len()).min(limit as u64 + 1);
    let mut bytes = Vec::with_capacity(size as usize + 1);
    handle
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| TrustError::Io { file: file.clone(), reason: e.to_string() })?;
    if bytes.len() > limit {
        return Err(TrustError::TooLarge { file, limit });
    }
    Ok(bytes)
}

/// The verified root and registry a build or a status report works from.
#[derive(Debug, Clone)]
pub struct TrustState {
    pub root: VerifiedRoot,
    pub registry: VerifiedRegistry,
}

/// Verifies root (from the pinned anchor) and the newest registry.
pub fn load_trust(trust_dir: &Path, anchor: &str, site: &str, now: Timestamp) -> Result<TrustState, TrustError> {
    let root = root::load_root(trust_dir, anchor, site, now)?;
    let registry = registry::load_registry(trust_dir, &root, now)?;
    Ok(TrustState { root, registry })
}
