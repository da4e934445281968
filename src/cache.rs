//! The build machine's cache folder, for work worth keeping between
//! builds (encoded images, external link answers). A cache that cannot be
//! read or written only costs time.

use std::path::{Path, PathBuf};

/// `$XDG_CACHE_HOME/sigill`, else the user's data folder's `sigill/cache`.
pub fn dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(|d| PathBuf::from(d).join("sigill"))
        .or_else(|| crate::verify::log::user_data_dir().map(|d| d.join("sigill/cache")))
}

/// Writes a cache entry atomically (a temporary file renamed into place);
/// failures are ignored.
pub fn store(path: &Path, bytes: &[u8]) {
    let Some(parent) = path.parent() else { return };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&temporary, bytes).is_ok() && std::fs::rename(&temporary, path).is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
}
