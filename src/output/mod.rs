//! Write stage: a staging directory beside the output, then a swap.
//!
//! Nothing is written into the live output until every page has been written
//! and checked; a build that fails at any point leaves the previous output
//! exactly as it was. The release before the live one is kept beside it
//! (`.sigill-previous-<name>`) and recycled as the next staging folder, so a
//! rebuild writes only the files that changed and deletes nothing in bulk.

use std::path::{Path, PathBuf};

mod live;
mod live_record;
mod render_record;
mod staging;
mod swap;
mod written;

pub use live::LiveFiles;
pub use live_record::LiveRecord;
pub use render_record::{RenderKey, RenderKeys, RenderRecord};
pub(crate) use render_record::program_identity;
pub use staging::{Staging, WrittenPage};
pub(crate) use staging::HashingWriter;
pub use swap::previous_release_path;

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
    /// An approval to be published changed after it was verified.
    #[error(transparent)]
    Changed(#[from] crate::trust::approval::ApprovalChanged),
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
    check_target_listed(target, site_root, protected, ListedPaths(None))
}

/// The paths the live release's `files.json` lists, sorted, when they were
/// read already from the list the build machine noted
/// ([`LiveFiles::read_listing`]); otherwise [`check_target_listed`] reads
/// the list itself.
pub struct ListedPaths(Option<Vec<String>>);

impl ListedPaths {
    /// Not read: [`check_target_listed`] reads the list itself.
    pub fn none() -> Self {
        Self(None)
    }
}

/// [`check_target`], with the paths of the live list when they were read
/// already: the list is parsed once per build, not twice.
pub fn check_target_listed(target: &Path, site_root: &Path, protected: &[&Path], listed: ListedPaths) -> Result<(), OutputError> {
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
    let made = match listed.0 {
        Some(paths) => paths,
        None => {
            let listed = out.join(".well-known/sigill/files.json");
            // Read as a stream: a large site's list is tens of megabytes.
            let index: crate::trust::release::FilesIndex = std::fs::File::open(&listed)
                .ok()
                .filter(|file| file.metadata().is_ok_and(|meta| meta.is_file()))
                // A list longer than the limit is cut short there, and then does not parse.
                .and_then(|file| serde_json::from_reader(std::io::BufReader::with_capacity(1 << 16, std::io::Read::take(file, crate::trust::release::MAX_FILES_INDEX_BYTES as u64))).ok())
                .ok_or_else(|| unsafe_because(tr!("output-not-empty-not-sigill")))?;
            let mut made: Vec<String> = index.files.into_iter().map(|f| f.path).collect();
            made.sort_unstable();
            made
        }
    };
    // Folders are read in parallel; one that cannot be read is walked
    // past, as before a release could be listed at all.
    let present = crate::verify::source::list_files(&out, "").unwrap_or_else(|| {
        walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .filter(|e| !e.file_type().is_dir())
            .filter_map(|e| e.path().strip_prefix(&out).ok().map(|r| format!("/{}", r.to_string_lossy().replace('\\', "/"))))
            .collect()
    });
    let mut foreign: Vec<String> = present.into_iter().filter(|p| made.binary_search(p).is_err() && !crate::trust::release::is_unlisted(p)).collect();
    foreign.sort();
    foreign.truncate(5);
    if !foreign.is_empty() {
        return Err(unsafe_because(tr!("output-it-holds-files-last-build", join = foreign.join(", "))));
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

    #[test]
    fn the_paths_of_a_list_read_already_decide_as_the_list_would() {
        let site = tempfile::tempdir().expect("temp dir");
        let out = site.path().join("public");
        std::fs::create_dir_all(out.join("om")).expect("folder");
        std::fs::write(out.join("om/index.html"), "page").expect("page");
        let listed = |paths: &[&str]| ListedPaths(Some(paths.iter().map(|p| p.to_string()).collect()));
        // No files.json on disk: the paths given are the list.
        assert!(check_target_listed(&out, site.path(), &[], listed(&["/om/index.html"])).is_ok());
        std::fs::write(out.join("google1234.html"), "verification").expect("stray");
        let refused = check_target_listed(&out, site.path(), &[], listed(&["/om/index.html"])).expect_err("a file the list does not name");
        assert!(refused.to_string().contains("/google1234.html"), "{refused}");
        // Without them, the list is read from the folder: there is none.
        assert!(check_target_listed(&out, site.path(), &[], ListedPaths::none()).is_err());
    }
}
