//! The one verifier: what a citizen's check does, used by `sigill verify`
//! and by `build` on its own output before it is published.
//!
//! Order: the root chain from the anchor, the release manifest under the
//! root's release role, the registry the release pins, then per page: the
//! served bytes against the leaf, the leaf's inclusion in the release, and
//! the approval under the registry. Bytes are verified before they are parsed
//! wherever a signature covers them.

pub mod source;

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::trust::approval::{check_authority, verify_approval_bytes, ApprovalProblem};
use crate::trust::canonical::{from_canonical, to_canonical};
use crate::trust::encoding::sha256_hex;
use crate::trust::envelope::{Envelope, MAX_ENVELOPE_BYTES, RELEASE_TYPE};
use crate::trust::keys::fingerprint;
use crate::trust::merkle::{root as merkle_root, root_from_proof, Hash};
use crate::trust::registry::{verify_registry, VerifiedRegistry};
use crate::trust::release::*;
use crate::trust::root::{verify_root_versions, VerifiedRoot};
use crate::trust::Timestamp;
use source::{FetchError, Source};

/// How a check came out, from a citizen's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Intact and approved, and every trust check held.
    Verified,
    /// Intact and approved, with something to know (anchor not pinned,
    /// release stale).
    Warning,
    /// Something did not match or a trust check failed.
    Failed,
}

/// Who approved a page, for people.
#[derive(Debug, Clone, Serialize)]
pub struct ApprovalSummary {
    pub publisher: String,
    pub name: String,
    pub title: String,
    pub unit: String,
    pub approved_at: String,
    pub review_by: String,
    pub note: String,
}

/// The result for one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageReport {
    pub url: String,
    pub outcome: Outcome,
    /// The served bytes match the leaf, the leaf is in the release, and the
    /// approval covers the page's source.
    pub intact: bool,
    pub approval: Option<ApprovalSummary>,
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
}

/// The release a site serves.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseSummary {
    pub release: String,
    pub created: String,
    pub expires: String,
    pub pages_count: u64,
    pub stale: bool,
}

/// The result for a site (one page or all of them).
#[derive(Debug, Clone, Serialize)]
pub struct SiteReport {
    pub source: String,
    pub site: Option<String>,
    pub anchor: Option<String>,
    pub fingerprint: Option<String>,
    pub pinned: bool,
    pub release: Option<ReleaseSummary>,
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
    pub pages: Vec<PageReport>,
}

impl SiteReport {
    /// True when anything failed; the exit code is 1 then.
    pub fn failed(&self) -> bool {
        !self.problems.is_empty() || self.pages.iter().any(|p| p.outcome == Outcome::Failed)
    }
}

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// `sha256:<hex>` of the first root, given out of band; `None` trusts
    /// the site's own root on first use (and says so).
    pub anchor: Option<String>,
    pub now: Timestamp,
}

/// The verified site-wide state pages are checked against.
pub struct SiteContext {
    pub root: VerifiedRoot,
    pub registry: VerifiedRegistry,
    pub release: ReleasePayload,
    /// Every published file the release binds, by URL path.
    pub files: std::collections::BTreeMap<String, PublishedFile>,
    pages_root: Hash,
}

/// The page's proof path: `/om/` → `/om/index.html.proof.json`.
pub fn proof_path(url: &str) -> String {
    if url.ends_with('/') {
        format!("{url}index.html.proof.json")
    } else {
        format!("{url}.proof.json")
    }
}

/// The page's published source: `/om/` → `/om/index.md`.
pub fn source_path(url: &str) -> String {
    if url.ends_with('/') {
        format!("{url}index.md")
    } else {
        format!("{url}.md")
    }
}

fn empty_report(source: &dyn Source, options: &VerifyOptions) -> SiteReport {
    SiteReport {
        source: source.describe(),
        site: None,
        anchor: options.anchor.clone(),
        fingerprint: None,
        pinned: options.anchor.is_some(),
        release: None,
        problems: Vec::new(),
        warnings: Vec::new(),
        pages: Vec::new(),
    }
}

/// Verifies root, release and registry; fills the site part of `report`.
pub fn load_context(source: &dyn Source, options: &VerifyOptions, report: &mut SiteReport) -> Option<SiteContext> {
    let mut versions = Vec::new();
    for n in 1..=1000u32 {
        let path = format!("{WELL_KNOWN}/root/{n}.root.json");
        match source.get(&path, MAX_ENVELOPE_BYTES) {
            Ok(bytes) => versions.push((path, bytes)),
            Err(FetchError::NotFound(_)) if n > 1 => break,
            Err(e) => {
                report.problems.push(format!("cannot read the site's root of trust: {e}"));
                return None;
            }
        }
    }
    let found_anchor = format!("sha256:{}", sha256_hex(&versions[0].1));
    let anchor = options.anchor.clone().unwrap_or_else(|| found_anchor.clone());
    report.anchor = Some(found_anchor.clone());
    report.fingerprint = Some(fingerprint(found_anchor.trim_start_matches("sha256:")));
    if options.anchor.is_none() {
        report.warnings.push("the trust anchor was not pinned: compare the fingerprint with the one the site's owner publishes elsewhere, or pass --root".into());
    }
    let root = match verify_root_versions(versions, &anchor, None, options.now) {
        Ok(root) => root,
        Err(e) => {
            report.problems.push(e.to_string());
            return None;
        }
    };
    report.site = Some(root.payload().site.clone());
    let release_path = format!("{WELL_KNOWN}/release.json");
    let release = match source.get(&release_path, MAX_ENVELOPE_BYTES).map_err(|e| e.to_string()).and_then(|bytes| {
        let envelope = Envelope::parse(&bytes).map_err(|e| e.to_string())?;
        let role = &root.payload().roles.release;
        let verified = envelope
            .verify(RELEASE_TYPE, role.threshold as usize, |id| root.role_key(role, id))
            .map_err(|e| format!("not signed by the release key the root names: {e}"))?;
        verified.parse::<ReleasePayload>(MAX_RELEASE_PAYLOAD).map_err(|e| e.to_string())
    }) {
        Ok(release) => release,
        Err(e) => {
            report.problems.push(format!("{release_path}: release manifest rejected: {e}"));
            return None;
        }
    };
    let mut site_problems = Vec::new();
    if release.site != root.payload().site {
        site_problems.push(format!("the release is for site {:?}, the root for {:?}", release.site, root.payload().site));
    }
    if release.root_sha256 != root.latest_sha256() {
        site_problems.push("the release pins another root version than the site publishes".to_string());
    }
    let pages_root = match decode_hex(&release.pages_root) {
        Some(bytes) if bytes.len() == 32 => bytes.try_into().expect("32 bytes"),
        _ => {
            site_problems.push("the release's pages_root is not a sha256".into());
            [0u8; 32]
        }
    };
    let registry_path = format!("{WELL_KNOWN}/registry.json");
    let registry = match source.get(&registry_path, MAX_ENVELOPE_BYTES) {
        Ok(bytes) if sha256_hex(&bytes) != release.registry_sha256 => {
            site_problems.push(format!("{registry_path} is not the registry the release pins"));
            None
        }
        Ok(bytes) => match verify_registry(bytes, Path::new(&registry_path), None, &root, options.now) {
            Ok(registry) => Some(registry),
            Err(e) => {
                site_problems.push(e.to_string());
                None
            }
        },
        Err(e) => {
            site_problems.push(format!("cannot read the registry: {e}"));
            None
        }
    };
    let (Some(created), Some(expires)) = (Timestamp::parse(&release.created), Timestamp::parse(&release.expires)) else {
        report.problems.push(format!("{release_path}: the release's created or expires is not a YYYY-MM-DDTHH:MM:SSZ time"));
        return None;
    };
    if expires <= created {
        site_problems.push("the release expires before it was created".into());
    }
    let stale = options.now >= expires;
    if stale {
        report.warnings.push(format!("the release expired at {}: the site has not been rebuilt in time (stale)", release.expires));
    }
    let files = load_files(source, &release).map_err(|e| site_problems.push(e)).unwrap_or_default();
    match load_inputs(source, &release, &root, registry.as_ref(), options.now) {
        Ok(()) => {}
        Err(mut problems) => site_problems.append(&mut problems),
    }
    report.release = Some(ReleaseSummary {
        release: release.release.clone(),
        created: release.created.clone(),
        expires: release.expires.clone(),
        pages_count: release.pages_count,
        stale,
    });
    if !site_problems.is_empty() {
        report.problems.extend(site_problems);
        return None;
    }
    let registry = registry?;
    Some(SiteContext { root, registry, release, files, pages_root })
}

/// Reads `files.json` and checks it is the list the release signs.
fn load_files(source: &dyn Source, release: &ReleasePayload) -> Result<std::collections::BTreeMap<String, PublishedFile>, String> {
    let path = format!("{WELL_KNOWN}/files.json");
    let bytes = source.get(&path, MAX_FILES_INDEX_BYTES).map_err(|e| format!("cannot read the list of published files: {e}"))?;
    if sha256_hex(&bytes) != release.files_sha256 {
        return Err(format!("{path} is not the list of files the release signs"));
    }
    let index: FilesIndex = from_canonical(&bytes, MAX_FILES_INDEX_BYTES).map_err(|e| format!("{path}: {e}"))?;
    let sorted = index.files.windows(2).all(|w| w[0].path < w[1].path);
    if index.format != FILES_FORMAT || !sorted || index.files.len() as u64 != release.files_count {
        return Err(format!("{path} is malformed (format, order or count)"));
    }
    let unlisted = unlisted_files();
    for file in &index.files {
        if !file.path.starts_with('/') || file.path.split('/').skip(1).any(|s| s.is_empty() || s == "." || s == "..") || !crate::trust::encoding::is_sha256_hex(&file.sha256) || unlisted.contains(&file.path) {
            return Err(format!("{path} lists a malformed entry {:?}", file.path));
        }
    }
    Ok(index.files.into_iter().map(|f| (f.path.clone(), f)).collect())
}

/// Reads `inputs.json` and checks the approvals of `site.toml` and the
/// theme the pages were rendered with: signed by a registered key whose
/// publisher's scope covers them, not compromised, not lapsed.
fn load_inputs(source: &dyn Source, release: &ReleasePayload, root: &VerifiedRoot, registry: Option<&VerifiedRegistry>, now: Timestamp) -> Result<(), Vec<String>> {
    let path = format!("{WELL_KNOWN}/inputs.json");
    let bytes = source.get(&path, MAX_INPUTS_BYTES).map_err(|e| vec![format!("cannot read the approvals of the theme and site.toml: {e}")])?;
    if sha256_hex(&bytes) != release.inputs_sha256 {
        return Err(vec![format!("{path} is not the one the release signs")]);
    }
    let index: InputsIndex = from_canonical(&bytes, MAX_INPUTS_BYTES).map_err(|e| vec![format!("{path}: {e}")])?;
    let Some(registry) = registry else { return Ok(()) };
    let mut problems = Vec::new();
    let mut paths = Vec::new();
    for envelope in &index.approvals {
        match verify_approval_bytes(&to_canonical(envelope), &path, registry) {
            Err(problem) => problems.push(problem.to_string()),
            Ok((_, payload)) => {
                if payload.site != root.payload().site {
                    problems.push(format!("the approval of {} is for another site", payload.path));
                }
                if payload.url.is_some() {
                    problems.push(format!("{} is a page approval, not one of the theme or site.toml", payload.path));
                }
                for problem in check_authority(&payload, &payload.path, registry, &root.payload().policy, now) {
                    problems.push(format!("{}: {problem}", payload.path));
                }
                paths.push(payload.path);
            }
        }
    }
    let themes = paths.iter().filter(|p| p.starts_with("themes/") && p.ends_with("/theme.toml")).count();
    let configs = paths.iter().filter(|p| *p == crate::trust::scope::CONFIG_SCOPE).count();
    if index.format != INPUTS_FORMAT || paths.len() != 2 || themes != 1 || configs != 1 || !paths.windows(2).all(|w| w[0] < w[1]) {
        problems.push(format!("{path} must hold exactly one approval of site.toml and one of a theme, sorted by path"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Checks one published file against the list the release signs.
pub fn check_file(source: &dyn Source, ctx: &SiteContext, path: &str) -> Option<String> {
    let Some(listed) = ctx.files.get(path) else {
        return Some(format!("{path} is not a file of the signed release (added after the build?)"));
    };
    match source.get(path, MAX_PUBLISHED_FILE_BYTES) {
        Ok(bytes) if sha256_hex(&bytes) == listed.sha256 && bytes.len() as u64 == listed.len => None,
        Ok(_) => Some(format!("{path} was changed after the build: it does not match the signed release")),
        Err(FetchError::NotFound(_)) => Some(format!("{path} is missing: the signed release lists it")),
        Err(e) => Some(format!("{path}: {e}")),
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || !text.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

/// Checks one page against the verified site state.
pub fn verify_page(source: &dyn Source, ctx: &SiteContext, url: &str, expected: Option<&PageLeaf>, now: Timestamp) -> PageReport {
    let mut report = PageReport { url: url.to_string(), outcome: Outcome::Failed, intact: false, approval: None, problems: Vec::new(), warnings: Vec::new() };
    let html = match source.get(&source.page_path(url), MAX_PAGE_BYTES) {
        Ok(html) => html,
        Err(e) => {
            report.problems.push(format!("cannot read the page: {e}"));
            return report;
        }
    };
    let proof: PageProof = match source.get(&proof_path(url), MAX_PROOF_BYTES).map_err(|e| e.to_string()).and_then(|bytes| from_canonical(&bytes, MAX_PROOF_BYTES).map_err(|e| e.to_string())) {
        Ok(proof) => proof,
        Err(e) => {
            report.problems.push(format!("the page's proof is missing or malformed: {e}"));
            return report;
        }
    };
    let leaf = &proof.leaf;
    let mut integrity = Vec::new();
    if proof.format != PROOF_FORMAT {
        integrity.push(format!("unknown proof format {:?}", proof.format));
    }
    if leaf.url != url {
        integrity.push(format!("the proof is for {}, not for {url} (a proof of another page)", leaf.url));
    }
    if let Some(expected) = expected {
        if expected != leaf {
            integrity.push("the proof's leaf differs from the release's list of pages".into());
        }
    }
    let html_sha = sha256_hex(&html);
    if html_sha != leaf.html_sha256 || html.len() as u64 != leaf.html_len {
        integrity.push(format!(
            "content does not match its approval: the served page ({} bytes) hashes to {html_sha}, the release says {} ({} bytes)",
            html.len(),
            leaf.html_sha256,
            leaf.html_len
        ));
    }
    let inclusion: Option<Vec<Hash>> = proof.inclusion.iter().map(|h| decode_hex(h).and_then(|b| b.try_into().ok())).collect();
    let included = proof.tree_size == ctx.release.pages_count
        && inclusion.is_some_and(|path| root_from_proof(&leaf.hash(), proof.leaf_index, proof.tree_size, &path) == Some(ctx.pages_root));
    if !included {
        integrity.push("the page's proof does not lead to the signed release (a proof of another page or another build)".into());
    }
    let mut trust = Vec::new();
    let approval_hashes: BTreeSet<String> = proof.approvals.iter().map(|e| sha256_hex(&to_canonical(e))).collect();
    if proof.approvals.is_empty() || approval_hashes != leaf.approvals.iter().cloned().collect() {
        integrity.push("the approvals in the proof are not the ones the release binds".into());
    }
    for envelope in &proof.approvals {
        let bytes = to_canonical(envelope);
        match verify_approval_bytes(&bytes, &proof_path(url), &ctx.registry) {
            Err(problem) => trust.push(problem.to_string()),
            Ok((_, payload)) => {
                let site = &ctx.root.payload().site;
                if payload.url.as_deref() != Some(leaf.url.as_str()) {
                    integrity.push(format!(
                        "the approval is for the URL {}, but the release puts it at {} (an approval moved to another address)",
                        payload.url.as_deref().unwrap_or("(none)"),
                        leaf.url
                    ));
                }
                for (field, signed, bound) in [
                    ("site", &payload.site, site),
                    ("path", &payload.path, &leaf.path),
                    ("source_sha256", &payload.source_sha256, &leaf.source_sha256),
                    ("publisher", &payload.publisher, &leaf.publisher),
                    ("approved_at", &payload.approved_at, &leaf.approved_at),
                    ("review_by", &payload.review_by, &leaf.review_by),
                ] {
                    if signed != bound {
                        integrity.push(format!("the approval's {field} ({signed}) differs from the page's ({bound})"));
                    }
                }
                for problem in check_authority(&payload, &leaf.path, &ctx.registry, &ctx.root.payload().policy, now) {
                    match problem {
                        ApprovalProblem::Lapsed { .. } => trust.push(format!("intact, but the {problem}")),
                        other => trust.push(other.to_string()),
                    }
                }
                if let Some((publisher, _, _)) = ctx.registry.key(&payload.keyid) {
                    report.approval = Some(ApprovalSummary {
                        publisher: publisher.id.clone(),
                        name: publisher.name.clone(),
                        title: publisher.title.clone(),
                        unit: publisher.unit.clone(),
                        approved_at: payload.approved_at.clone(),
                        review_by: payload.review_by.clone(),
                        note: payload.note.clone(),
                    });
                }
            }
        }
    }
    match source.get(&source_path(url), crate::load::MAX_PAGE_BYTES as usize) {
        Ok(bytes) if sha256_hex(&bytes) != leaf.source_sha256 => integrity.push("the published source (index.md) is not the approved text".into()),
        Ok(_) => {}
        Err(FetchError::NotFound(_)) => report.warnings.push("the approved source text is not published beside the page".into()),
        Err(e) => report.warnings.push(format!("the approved source text could not be read: {e}")),
    }
    report.intact = integrity.is_empty();
    report.problems.extend(integrity);
    report.problems.extend(trust);
    report.outcome = if !report.problems.is_empty() {
        Outcome::Failed
    } else if !report.warnings.is_empty() {
        Outcome::Warning
    } else {
        Outcome::Verified
    };
    report
}

fn finish(mut report: SiteReport) -> SiteReport {
    if !report.warnings.is_empty() {
        for page in &mut report.pages {
            if page.outcome == Outcome::Verified {
                page.outcome = Outcome::Warning;
            }
        }
    }
    report
}

/// The same-origin files a page embeds (`src`, `<link href>`) or links in
/// its own folder (its bundle), as URL paths.
pub fn embedded_paths(html: &str, url: &str) -> Vec<String> {
    let mut found = std::collections::BTreeSet::new();
    for (attribute, any_link) in [("src=\"", true), ("href=\"", false)] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            let Some(end) = rest.find('"') else { continue };
            let value = rest[..end].replace("&amp;", "&");
            let value = value.split(['#', '?']).next().unwrap_or_default();
            if value.is_empty() || value.starts_with("//") || value.contains(':') {
                continue;
            }
            if value.ends_with('/') {
                continue; // a page, checked on its own
            }
            let joined = if value.starts_with('/') { value.to_string() } else { format!("{url}{value}") };
            let Some(path) = crate::parse::normalize(&joined).map(|p| format!("/{p}")) else { continue };
            let tag_start = html[..at].rfind('<').map_or("", |i| &html[i..at]);
            let embeds = any_link || tag_start.starts_with("<link");
            let in_bundle = path.starts_with(url) && !path.ends_with('/');
            if (embeds || in_bundle) && !path.ends_with('/') {
                found.insert(path);
            }
        }
    }
    found.into_iter().collect()
}

/// Verifies one page of a site by its URL path (`/om/`), with the files it
/// embeds and the files of its bundle.
pub fn verify_one(source: &dyn Source, options: &VerifyOptions, url: &str) -> SiteReport {
    let mut report = empty_report(source, options);
    if let Some(ctx) = load_context(source, options, &mut report) {
        let mut page = verify_page(source, &ctx, url, None, options.now);
        if let Ok(html) = source.get(&source.page_path(url), MAX_PAGE_BYTES) {
            let problems: Vec<String> = embedded_paths(&String::from_utf8_lossy(&html), url).par_iter().filter_map(|path| check_file(source, &ctx, path)).collect();
            if !problems.is_empty() {
                page.intact = false;
                page.outcome = Outcome::Failed;
                page.problems.extend(problems);
            }
        }
        report.pages.push(page);
    }
    finish(report)
}

/// Checks every file the release lists and, where the source can list its
/// files, that there are no others.
fn check_all_files(source: &dyn Source, ctx: &SiteContext, report: &mut SiteReport) {
    let paths: Vec<&String> = ctx.files.keys().collect();
    let mut problems: Vec<String> = paths.par_iter().filter_map(|path| check_file(source, ctx, path)).collect();
    if let Some(present) = source.list() {
        let unlisted = unlisted_files();
        problems.extend(
            present
                .into_iter()
                .filter(|p| !ctx.files.contains_key(p) && !unlisted.contains(p))
                .map(|p| format!("{p} is not a file of the signed release (added after the build?)")),
        );
    }
    problems.sort();
    report.problems.extend(problems);
}

/// Verifies every page the release lists.
pub fn verify_site(source: &dyn Source, options: &VerifyOptions) -> SiteReport {
    let mut report = empty_report(source, options);
    let Some(ctx) = load_context(source, options, &mut report) else {
        return finish(report);
    };
    let index_path = format!("{WELL_KNOWN}/pages.json");
    let index: PagesIndex = match source
        .get(&index_path, MAX_PAGES_INDEX_BYTES)
        .map_err(|e| e.to_string())
        .and_then(|bytes| from_canonical(&bytes, MAX_PAGES_INDEX_BYTES).map_err(|e| e.to_string()))
    {
        Ok(index) => index,
        Err(e) => {
            report.problems.push(format!("{index_path}: {e}"));
            return finish(report);
        }
    };
    let hashes: Vec<Hash> = index.leaves.par_iter().map(PageLeaf::hash).collect();
    if index.format != INDEX_FORMAT || index.leaves.len() as u64 != ctx.release.pages_count || merkle_root(&hashes) != ctx.pages_root {
        report.problems.push(format!("{index_path} is not the list of pages the release signs"));
        return finish(report);
    }
    report.pages = index.leaves.par_iter().map(|leaf| verify_page(source, &ctx, &leaf.url, Some(leaf), options.now)).collect();
    check_all_files(source, &ctx, &mut report);
    finish(report)
}
