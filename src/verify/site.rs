//! The site-wide part of a check: root chain, release, registry, the list
//! of files and the approvals of the theme and `site.toml`.

use std::collections::BTreeMap;
use std::path::Path;

use super::reason::{Finding, Reason};
use super::source::{FetchError, Source};
use super::{files, ReleaseSummary, SiteReport, VerifyOptions};
use crate::trust::encoding::sha256_hex;
use crate::trust::envelope::{Envelope, MAX_ENVELOPE_BYTES, RELEASE_TYPE};
use crate::trust::keys::fingerprint;
use crate::trust::merkle::Hash;
use crate::trust::registry::{verify_registry, VerifiedRegistry};
use crate::trust::release::*;
use crate::trust::root::{verify_root_versions, VerifiedRoot};
use crate::trust::TrustError;

/// How far a release's `created` may lie ahead of the checking clock
/// before it counts as dated in the future (clocks drift).
const CLOCK_SKEW_SECONDS: i64 = 600;

/// The verified site-wide state pages are checked against.
pub struct SiteContext {
    pub root: VerifiedRoot,
    pub registry: VerifiedRegistry,
    pub release: ReleasePayload,
    /// Every published file the release binds, by URL path.
    pub files: files::ListedFiles,
    pages_root: Hash,
    /// When each approval the release publishes was first logged, by the
    /// sha256 of its envelope (empty when the log did not verify).
    pub logged: BTreeMap<crate::trust::digest::Sha256, crate::trust::Timestamp>,
    /// The pages tree's tiles, read once for all the pages checked.
    pub(super) tiles: super::tiles::TileReader,
}

impl SiteContext {
    /// The Merkle tree hash over the page leaves the release signs.
    pub fn pages_root(&self) -> Hash {
        self.pages_root
    }
}

fn root_finding(error: &TrustError, pinned: Option<&str>) -> Finding {
    match error {
        TrustError::AnchorMismatch { found, .. } => Finding::new(
            Reason::AnchorMismatch,
            tr!("site-site-first-root-hashes-not", found = found, pinned = pinned.unwrap_or("?")),
        ),
        TrustError::Expired { .. } => Finding::new(Reason::RootExpired, error.to_string()),
        _ => Finding::new(Reason::RootInvalid, error.to_string()),
    }
}

/// Verifies root, release, registry, files and inputs; fills the site part
/// of `report`. `None` when the site cannot be trusted at all.
pub fn load_context(source: &dyn Source, options: &VerifyOptions, report: &mut SiteReport) -> Option<SiteContext> {
    let mut versions = Vec::new();
    for n in 1..=1000u32 {
        let path = format!("{WELL_KNOWN}/root/{n}.root.json");
        match source.get(&path, MAX_ENVELOPE_BYTES) {
            Ok(bytes) => versions.push((path, bytes)),
            Err(FetchError::NotFound(_)) if n > 1 => break,
            Err(e) => {
                report.problems.push(Finding::new(Reason::RootInvalid, tr!("site-cannot-read-site-root-trust", error = e)));
                return None;
            }
        }
    }
    let found_anchor = format!("sha256:{}", sha256_hex(&versions[0].1));
    let anchor = options.anchor.clone().unwrap_or_else(|| found_anchor.clone());
    report.anchor = Some(found_anchor.clone());
    report.fingerprint = Some(fingerprint(found_anchor.trim_start_matches("sha256:")));
    if options.anchor.is_none() {
        report.warnings.push(Finding::new(
            Reason::AnchorNotPinned,
            tr!("site-trust-anchor-was-not-pinned"),
        ));
    }
    let root = match verify_root_versions(versions, &anchor, None, options.now) {
        Ok(root) => root,
        Err(e) => {
            report.problems.push(root_finding(&e, options.anchor.as_deref()));
            return None;
        }
    };
    report.site = Some(root.payload().site.clone());
    let release_path = format!("{WELL_KNOWN}/release.json");
    let release = match source.get(&release_path, MAX_ENVELOPE_BYTES).map_err(|e| e.to_string()).and_then(|bytes| {
        let envelope = Envelope::parse(&bytes).map_err(|e| e.to_string())?;
        let role = &root.payload().roles.release;
        let verified = envelope
            .verify(RELEASE_TYPE, role.threshold as usize, |id| crate::trust::digest::KeyId::parse(id).and_then(|id| root.role_key(role, &id)))
            .map_err(|e| tr!("site-not-signed-by-release-key", error = e))?;
        Ok((verified.parse::<ReleasePayload>(MAX_RELEASE_PAYLOAD).map_err(|e| e.to_string())?, bytes))
    }) {
        Ok(release) => release,
        Err(e) => {
            report.problems.push(Finding::new(Reason::ReleaseInvalid, tr!("site-release-manifest-rejected", release_path = release_path, error = e)));
            return None;
        }
    };
    let (release, release_bytes) = release;
    let (Some(created), Some(expires), Some(pages_root)) =
        (Some(release.created), Some(release.expires), Some(release.pages_root.to_digest()))
    else {
        report.problems.push(Finding::new(Reason::ReleaseInvalid, tr!("site-created-expires-pages-root-malformed", release_path = release_path)));
        return None;
    };
    let mut problems = Vec::new();
    if release.site != root.payload().site {
        problems.push(Finding::new(Reason::ReleaseMismatch, tr!("site-release-for-site-root-for", site = format!("{:?}", release.site), site2 = format!("{:?}", root.payload().site))));
    }
    if release.root_sha256 != root.latest_sha256() {
        problems.push(Finding::new(Reason::ReleaseMismatch, tr!("site-release-pins-another-root-version")));
    }
    let max_days = i64::from(root.payload().policy.release_max_days);
    if expires <= created || expires.unix() - created.unix() > max_days * 86_400 {
        problems.push(Finding::new(Reason::ReleaseInvalid, tr!("site-release-lifetime-not-within-root", max_days = max_days)));
    }
    if created.unix() > options.now.unix() + CLOCK_SKEW_SECONDS {
        problems.push(Finding::new(Reason::ReleaseFuture, tr!("site-release-dated-after-time-this", created = release.created)));
    }
    let stale = options.now >= expires;
    if stale {
        // A failure of its own (exit 3): the site may be intact, but nobody
        // vouches that it is still current.
        report.problems.push(Finding::new(Reason::ReleaseStale, tr!("site-release-expired-at-site-has", expires = release.expires)));
    }
    report.release = Some(ReleaseSummary {
        release: release.release.clone(),
        created: release.created.to_string(),
        expires: release.expires.to_string(),
        pages_count: release.pages_count,
        stale,
    });
    let registry_path = format!("{WELL_KNOWN}/registry.json");
    let registry = match source.get(&registry_path, MAX_ENVELOPE_BYTES) {
        Ok(bytes) if sha256_hex(&bytes) != release.registry_sha256 => {
            problems.push(Finding::new(Reason::RegistryInvalid, tr!("site-not-registry-release-pins", registry_path = registry_path)));
            None
        }
        Ok(bytes) => match verify_registry(bytes, Path::new(&registry_path), None, &root, options.now) {
            Ok(registry) => Some(registry),
            Err(e) => {
                problems.push(Finding::new(Reason::RegistryInvalid, e.to_string()));
                None
            }
        },
        Err(e) => {
            problems.push(Finding::new(Reason::RegistryInvalid, tr!("site-cannot-read-registry", error = e)));
            None
        }
    };
    // What this verifier saw of the site before: the same anchor, and a log
    // that the new one extends.
    let remembered = options.memory.as_ref().and_then(|m| m.0.recall(&root.payload().site));
    let remembered_log = match &remembered {
        Some(seen) if seen.anchor == found_anchor => Some(&seen.log),
        Some(seen) => {
            if options.anchor.is_none() {
                report.problems.push(Finding::new(
                    Reason::AnchorChanged,
                    tr!("site-site-trust-anchor-but-it", found_anchor = found_anchor, anchor = seen.anchor),
                ));
            }
            None
        }
        None => None,
    };
    // The log and the list of files are read side by side: each is
    // megabytes of JSON at a large site.
    let (checked_log, files) = rayon::join(
        || super::log::check_log(source, &root, &release, &release_bytes, remembered_log, &options.witnesses, options.log_verified.as_ref()),
        || files::load_files(source, &release),
    );
    report.log = checked_log.head;
    report.problems.extend(checked_log.problems);
    let logged = checked_log.logged;
    let files = files.map_err(|f| problems.push(f)).unwrap_or_default();
    if let Some(registry) = &registry {
        problems.extend(files::load_inputs(source, &release, &root, registry, &files, options.now, &mut report.warnings));
    }
    if !problems.is_empty() {
        report.problems.extend(problems);
        return None;
    }
    Some(SiteContext { root, registry: registry?, release, files, pages_root, logged, tiles: Default::default() })
}
