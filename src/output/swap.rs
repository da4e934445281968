//! The swap: the staged release takes the output folder's place in one
//! step, and the release it replaces is kept beside it to be recycled.
//!
//! On Linux the two folders are exchanged atomically (`renameat2` with
//! `RENAME_EXCHANGE`): a reader sees the old release or the new one, never
//! neither. Elsewhere, or on a file system without exchange, the old folder
//! is renamed away and the new one into place.

use std::path::{Path, PathBuf};

use super::OutputError;
use crate::trust::release::WELL_KNOWN;

/// Where the release before the live one is kept: `.sigill-previous-<name>`
/// beside the output folder `target`.
pub fn previous_release_path(target: &Path) -> Option<PathBuf> {
    let name = target.file_name()?.to_str()?;
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Some(parent.join(format!(".sigill-previous-{name}")))
}

/// A folder (not a link) holding a release Sigill built: its `files.json`.
pub(super) fn is_kept_release(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && std::fs::symlink_metadata(dir.join(WELL_KNOWN.trim_start_matches('/')).join("files.json")).is_ok_and(|m| m.is_file())
}

/// Puts the folder `staged` at `target` and keeps what was there as the
/// previous release.
pub(super) fn swap_into_place(staged: &Path, target: &Path) -> Result<(), OutputError> {
    let shown = target.display().to_string();
    let failed = |source| {
        let _ = std::fs::remove_dir_all(staged);
        OutputError::Swap { target: shown.clone(), source }
    };
    make_world_readable(staged).map_err(failed)?;
    if std::fs::symlink_metadata(target).is_err() {
        return std::fs::rename(staged, target).map_err(failed);
    }
    // After the exchange the replaced release is at `staged`.
    let replaced = if exchange(staged, target).is_ok() {
        staged.to_path_buf()
    } else {
        let aside = staged.with_file_name(format!(".sigill-old-{}", std::process::id()));
        std::fs::rename(target, &aside).map_err(failed)?;
        if let Err(source) = std::fs::rename(staged, target) {
            let _ = std::fs::rename(&aside, target);
            return Err(failed(source));
        }
        aside
    };
    keep_as_previous(&replaced, target);
    Ok(())
}

/// Keeps the replaced release for the next build, or removes it when it
/// cannot be kept (not a release, or the place is taken).
fn keep_as_previous(replaced: &Path, target: &Path) {
    if let Some(previous) = previous_release_path(target) {
        if is_kept_release(replaced) && std::fs::symlink_metadata(&previous).is_err() && std::fs::rename(replaced, &previous).is_ok() {
            return;
        }
    }
    let _ = std::fs::remove_dir_all(replaced);
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
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
