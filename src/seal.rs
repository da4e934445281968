//! Seal stage: lists every file the build wrote with its hash and signs the
//! release over that list, so every published byte — pages, bundle files,
//! theme files, feeds, `404.html`, alias pages, the verifier's own files —
//! is covered, and a file added, removed or changed on the server is seen.

use std::path::Path;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::output::{OutputError, Staging};
use crate::stamp::StampedRelease;
use crate::trust::canonical::to_canonical;
use crate::trust::envelope::{Envelope, RELEASE_TYPE};
use crate::trust::release::{is_unlisted, FilesIndex, PublishedFile, ReleasePayload, FILES_FORMAT, WELL_KNOWN};
use crate::trust::{SigningKey, Timestamp, TrustState};

/// Every file under `dir` as a URL path (`/om/index.html`) with its hash,
/// sorted by path; the [`is_unlisted`] files are left out. For a folder
/// the build did not write (the build lists what it wrote: [`Staging::files`]).
pub fn list_files(dir: &Path) -> std::io::Result<Vec<PublishedFile>> {
    let mut paths = Vec::new();
    for entry in WalkDir::new(dir).follow_links(false) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).map_err(std::io::Error::other)?;
            let url = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
            if !is_unlisted(&url) {
                paths.push((url, entry.into_path()));
            }
        }
    }
    let mut files = paths
        .into_par_iter()
        .map(|(path, abs)| {
            let bytes = std::fs::read(abs)?;
            Ok(PublishedFile { len: bytes.len() as u64, sha256: crate::trust::digest::Sha256::of(&bytes), path })
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Writes `files.json` and the signed `release.json`; returns the payload
/// and the release's exact bytes.
pub fn seal(
    staging: &Staging,
    stamped: &StampedRelease,
    trust: &TrustState,
    release_key: &SigningKey,
    created: Timestamp,
) -> Result<(ReleasePayload, Vec<u8>), OutputError> {
    let files = staging.files()?;
    let index = FilesIndex { format: FILES_FORMAT.into(), files };
    let (_, files_sha256) = staging.write_streamed(&format!("{WELL_KNOWN}/files.json"), |w| crate::trust::canonical::write_canonical_sorted(w, &index))?;
    let files_count = index.files.len() as u64;
    drop(index);
    let policy = &trust.root.payload().policy;
    let expires = created.checked_plus_days(i64::from(policy.release_max_days)).ok_or_else(|| OutputError::Write {
        path: format!("{WELL_KNOWN}/release.json"),
        source: std::io::Error::other(tr!("seal-expiry-past-9999")),
    })?;
    let payload = ReleasePayload {
        builder: concat!("sigill ", env!("CARGO_PKG_VERSION")).into(),
        created,
        expires,
        files_count,
        files_sha256,
        inputs_sha256: stamped.inputs_sha256,
        pages_count: stamped.pages_count,
        pages_root: stamped.pages_root,
        registry_sha256: trust.registry.sha256(),
        release: format!("{}-{}", created.date().replace('-', ""), &stamped.pages_root.hex()[..12]),
        root_sha256: trust.root.latest_sha256(),
        site: trust.root.payload().site.clone(),
    };
    let envelope = Envelope::sign(RELEASE_TYPE, &to_canonical(&payload), &[release_key]);
    let bytes = envelope.to_bytes();
    staging.write(&format!("{WELL_KNOWN}/release.json"), &bytes)?;
    Ok((payload, bytes))
}
