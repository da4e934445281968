//! Write stage: a staging directory beside the output, then a swap.
//!
//! Nothing is written into the live output until every page has been written
//! and checked; a build that fails at any point leaves the previous output
//! exactly as it was.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::render::RenderedPage;

/// A build's files on their way into place.
pub struct Staging {
    dir: TempDir,
    target: PathBuf,
}

/// Why writing the output failed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{}", tr!("output-cannot-create-staging-folder-beside", target = .target, source = .source))]
    Create { target: String, source: std::io::Error },
    #[error("{}", tr!("admin-cannot-write", path = .path, source = .source))]
    Write { path: String, source: std::io::Error },
    #[error("{}", tr!("output-cannot-move-new-site-into", target = .target, source = .source))]
    Swap { target: String, source: std::io::Error },
    #[error("{}", tr!("output-refusing-write-it-would-leave", path = .path))]
    Escape { path: String },
    #[error("{}", tr!("output-theme-static-file-would-replace", path = .path))]
    Taken { path: String },
    #[error("{}", tr!("output-refusing-write-site-into", target = .target, why = .why))]
    Unsafe { target: String, why: String },
}

/// A path as the file system will see it: absolute, with links and `..` in
/// the part that exists resolved and the rest appended as written.
pub fn absolute_path(path: &Path) -> PathBuf {
    let full = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut existing = full;
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        if name == ".." {
            resolved.pop();
        } else if name != "." {
            resolved.push(name);
        }
    }
    resolved
}

/// Checks that `target` may be replaced by a build of the site at
/// `site_root`: it must not be, hold or lie inside the site's own folders
/// (`content/`, `themes/`, `trust/`, the site root) or the folder of a key
/// file in `protected`; and if it exists, it must be empty or a site Sigill
/// built, holding only files that build listed. A build never deletes a
/// file it did not make.
pub fn check_target(target: &Path, site_root: &Path, protected: &[&Path]) -> Result<(), OutputError> {
    let shown = target.display().to_string();
    let unsafe_because = |why: String| OutputError::Unsafe { target: shown.clone(), why };
    let out = absolute_path(target);
    let root = absolute_path(site_root);
    if root.starts_with(&out) {
        return Err(unsafe_because(tr!("output-is-site-folder")));
    }
    for folder in ["content", "themes", "trust"] {
        let guarded = root.join(folder);
        if out.starts_with(&guarded) || guarded.starts_with(&out) {
            return Err(unsafe_because(tr!("output-it-overlaps-site-folder", folder = folder)));
        }
    }
    for key in protected {
        let key = absolute_path(key);
        if key.starts_with(&out) || key.parent().is_some_and(|dir| dir == out) {
            return Err(unsafe_because(tr!("output-it-overlaps-folder-key-file", key = key.display())));
        }
    }
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(unsafe_because(tr!("output-is-a-file")));
    }
    let mut entries = std::fs::read_dir(&out).map_err(|source| OutputError::Create { target: shown.clone(), source })?;
    if entries.next().is_none() {
        return Ok(());
    }
    let listed = out.join(".well-known/sigill/files.json");
    let index: crate::trust::release::FilesIndex = crate::trust::read_at_most(&listed, crate::trust::release::MAX_FILES_INDEX_BYTES)
        .ok()
        .flatten()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| unsafe_because(tr!("output-not-empty-not-sigill")))?;
    let made: std::collections::BTreeSet<String> = index.files.into_iter().map(|f| f.path).collect();
    let foreign: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| e.path().strip_prefix(&out).ok().map(|r| format!("/{}", r.to_string_lossy().replace('\\', "/"))))
        .filter(|p| !made.contains(p) && !crate::trust::release::is_unlisted(p))
        .take(5)
        .collect();
    if !foreign.is_empty() {
        return Err(unsafe_because(tr!("output-it-holds-files-last-build", join = foreign.join(", "))));
    }
    Ok(())
}

impl Staging {
    /// Creates an empty staging folder next to `target`.
    pub fn new(target: &Path) -> Result<Self, OutputError> {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|source| OutputError::Create { target: target.display().to_string(), source })?;
        let dir = tempfile::Builder::new()
            .prefix(".sigill-build-")
            .tempdir_in(parent)
            .map_err(|source| OutputError::Create { target: target.display().to_string(), source })?;
        Ok(Self { dir, target: target.to_path_buf() })
    }

    /// The folder being filled.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a rendered page at `<url>index.html`: the only way page HTML
    /// reaches the output from outside this crate.
    pub fn write_page(&self, page: &RenderedPage) -> Result<(), OutputError> {
        self.write(&format!("{}index.html", page.url().trim_start_matches('/')), page.html())
    }

    /// Writes `bytes` at the site-relative `rel` path (`om/index.html`):
    /// the stages' own files (proofs, feeds, trust documents).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.resolve(rel)?;
        let error = |source| OutputError::Write { path: rel.into(), source };
        if self.link_unchanged(rel, &path, bytes.len() as u64, |old| old == bytes) {
            return Ok(());
        }
        // Most folders exist already: try first, create on demand.
        match std::fs::write(&path, bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(path.parent().expect("inside staging")).map_err(error)?;
                std::fs::write(&path, bytes).map_err(error)
            }
            other => other.map_err(error),
        }
    }

    /// Writes a file that no other part of the build may have written:
    /// fails when `rel` exists, so a theme's static file can never replace
    /// a page, a bundle file or the verifier.
    pub(crate) fn write_new(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        use std::io::Write;
        let path = self.resolve(rel)?;
        let error = |source| OutputError::Write { path: rel.into(), source };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(error)?;
        }
        // A hard link fails where a file exists, so this keeps the promise.
        if !path.exists() && self.link_unchanged(rel, &path, bytes.len() as u64, |old| old == bytes) {
            return Ok(());
        }
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                OutputError::Taken { path: rel.into() }
            } else {
                error(e)
            }
        })?;
        file.write_all(bytes).map_err(error)
    }

    /// Creates the folder at the site-relative `rel` (a page URL such as `/om/`).
    pub fn create_dir(&self, rel: &str) -> Result<(), OutputError> {
        let clean = rel.trim_matches('/');
        let path = if clean.is_empty() { self.dir.path().to_path_buf() } else { self.resolve(clean)? };
        std::fs::create_dir_all(path).map_err(|source| OutputError::Write { path: rel.into(), source })
    }

    /// Copies a file into the staging folder (a bundle file).
    pub(crate) fn copy(&self, rel: &str, from: &Path) -> Result<(), OutputError> {
        let path = self.resolve(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| OutputError::Write { path: rel.into(), source })?;
        }
        let len = std::fs::metadata(from).map(|m| m.len()).unwrap_or(u64::MAX);
        if self.link_unchanged(rel, &path, len, |old| std::fs::read(from).is_ok_and(|new| new == old)) {
            return Ok(());
        }
        std::fs::copy(from, &path).map(|_| ()).map_err(|source| OutputError::Write { path: rel.into(), source })
    }

    /// A warm rebuild writes only what changed: when the previous output
    /// holds a regular file at `rel` of `len` bytes that `same` accepts, the staged
    /// file becomes a hard link to it (the swap stays atomic; removing the
    /// old tree then leaves the linked files in place). False when it could
    /// not (no such file, other bytes, another file system).
    fn link_unchanged(&self, rel: &str, path: &Path, len: u64, same: impl FnOnce(&[u8]) -> bool) -> bool {
        let old = self.target.join(rel.trim_start_matches('/'));
        let Ok(meta) = std::fs::symlink_metadata(&old) else { return false };
        // Nothing is read when the previous file cannot be the same.
        if !meta.file_type().is_file() || meta.len() != len {
            return false;
        }
        let Ok(Some(bytes)) = crate::trust::read_at_most(&old, 64 << 20) else { return false };
        if !same(&bytes) {
            return false;
        }
        if let Some(parent) = path.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                return false;
            }
        }
        std::fs::hard_link(&old, path).is_ok()
    }

    fn resolve(&self, rel: &str) -> Result<PathBuf, OutputError> {
        let clean = rel.trim_start_matches('/');
        if clean.split('/').any(|s| s == ".." || s.is_empty()) {
            return Err(OutputError::Escape { path: rel.into() });
        }
        Ok(self.dir.path().join(clean))
    }

    /// Moves the staged site into place, replacing the previous output.
    pub fn commit(self) -> Result<(), OutputError> {
        let target = self.target.clone();
        let shown = target.display().to_string();
        let staged = self.dir.keep();
        if let Err(source) = make_world_readable(&staged) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(OutputError::Swap { target: shown, source });
        }
        if target.exists() {
            let old = staged.with_file_name(format!(".sigill-old-{}", std::process::id()));
            if let Err(source) = std::fs::rename(&target, &old) {
                let _ = std::fs::remove_dir_all(&staged);
                return Err(OutputError::Swap { target: shown, source });
            }
            if let Err(source) = std::fs::rename(&staged, &target) {
                let _ = std::fs::rename(&old, &target);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(OutputError::Swap { target: shown, source });
            }
            let _ = std::fs::remove_dir_all(&old);
        } else if let Err(source) = std::fs::rename(&staged, &target) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(OutputError::Swap { target: shown, source });
        }
        Ok(())
    }
}

/// Temporary folders are created 0700; a published site is for everyone.
fn make_world_readable(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_folder_must_be_its_own() {
        let site = tempfile::tempdir().expect("temp dir");
        let root = site.path();
        for folder in ["content", "themes/default", "trust", "keys"] {
            std::fs::create_dir_all(root.join(folder)).expect("folder");
        }
        std::fs::write(root.join("keys/release.key"), "k").expect("key");
        let key = root.join("keys/release.key");
        let refused = |out: &Path| check_target(out, root, &[key.as_path()]).is_err();
        assert!(refused(&root.join("trust")));
        assert!(refused(&root.join("content/om")));
        assert!(refused(&root.join("themes")));
        assert!(refused(root));
        assert!(refused(root.parent().expect("a parent")));
        assert!(refused(&root.join("keys")), "the key's folder");
        assert!(!refused(&root.join("public")), "a new folder of its own");
        std::fs::create_dir_all(root.join("other")).expect("folder");
        std::fs::write(root.join("other/mine.txt"), "x").expect("file");
        assert!(refused(&root.join("other")), "a folder of someone else's files");
        std::fs::create_dir_all(root.join("empty")).expect("folder");
        assert!(!refused(&root.join("empty")), "an empty folder");
    }
}
