//! The trust chain: keys, signed statements and their verification.
//!
//! Everything here is library code with typed errors; nothing prints. The
//! layout on disk is described in `docs/format.md`.

pub mod approval;
pub mod canonical;
pub mod digest;
pub mod encoding;
pub mod envelope;
pub mod keyfile;
pub mod keys;
pub mod merkle;
pub mod registry;
pub mod release;
pub mod root;
pub mod scope;
#[cfg(feature = "site")]
pub mod signature_cache;
pub mod timestamp;
pub mod withdrawal;

use std::io::Read;
use std::path::Path;

pub use keys::{PublicKey, SigningKey};
pub use registry::VerifiedRegistry;
pub use root::VerifiedRoot;
pub use timestamp::Timestamp;

/// Why the site's root or registry could not be trusted.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum TrustError {
    #[error("{}", tr!("trust-missing", file = .file))]
    Missing { file: String },
    #[error("{}", tr!("trust-cannot-read", file = .file, reason = .reason))]
    Io { file: String, reason: String },
    #[error("{}", tr!("trust-larger-than-bytes", file = .file, limit = .limit))]
    TooLarge { file: String, limit: usize },
    #[error("{}", tr!("trust-hashes-but-site-toml-pins", file = .file, found = .found, expected = .expected))]
    AnchorMismatch { file: String, expected: String, found: String },
    #[error("{}", tr!("trust-root-document-rejected", file = .file, reason = .reason))]
    Root { file: String, reason: String },
    #[error("{}", tr!("trust-registry-rejected", file = .file, reason = .reason))]
    Registry { file: String, reason: String },
    #[error("{}", tr!("trust-expired-at", file = .file, what = .what, expires = .expires))]
    Expired { what: String, file: String, expires: String },
}

/// Reads a regular file of at most `limit` bytes, without trusting its
/// reported size: `Ok(None)` when it is larger. The one size-limited read
/// every loader of outside documents uses.
pub fn read_at_most(path: &Path, limit: usize) -> std::io::Result<Option<Vec<u8>>> {
    let handle = std::fs::File::open(path)?;
    let meta = handle.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "is a folder"));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit as u64 + 1) as usize + 1);
    handle.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() <= limit).then_some(bytes))
}

/// Reads a trust document of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, TrustError> {
    let file = path.display().to_string();
    match read_at_most(path, limit) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(TrustError::TooLarge { file, limit }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(TrustError::Missing { file }),
        Err(e) => Err(TrustError::Io { file, reason: e.to_string() }),
    }
}

/// The verified root and registry a build or a status report works from.
#[derive(Debug, Clone)]
pub struct TrustState {
    pub root: VerifiedRoot,
    pub registry: VerifiedRegistry,
    /// Every way each publisher has been named in a verified registry version.
    pub namings: std::collections::BTreeSet<registry::Naming>,
}

/// Verifies root (from the pinned anchor) and the newest registry.
pub fn load_trust(trust_dir: &Path, anchor: &str, site: &str, now: Timestamp) -> Result<TrustState, TrustError> {
    let root = root::load_root(trust_dir, anchor, site, now)?;
    let registry = registry::load_registry(trust_dir, &root, now)?;
    let namings = registry::naming_history(trust_dir, &root);
    Ok(TrustState { root, registry, namings })
}
