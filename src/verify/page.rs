//! The per-page part of a check: served bytes, proof, inclusion, approval,
//! published source, and the files the page embeds.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::reason::{Finding, Reason};
use super::source::{FetchError, Source};
use super::{files, ApprovalSummary, Outcome, PageReport, SiteContext};
use crate::trust::registry::KeyStatus;
use crate::trust::approval::{check_authority, verify_approval_bytes};
use crate::trust::canonical::from_canonical_sorted;
use crate::trust::digest::Sha256;
use crate::trust::merkle::Hash;
use crate::trust::release::*;
use crate::trust::Timestamp;

/// Checks one page against the verified site state.
pub fn verify_page(source: &dyn Source, ctx: &SiteContext, url: &str, expected: Option<&Hash>, now: Timestamp) -> PageReport {
    verify_page_reading(source, ctx, url, expected, now).0
}

/// A file a check read whole: its URL path, length and SHA-256. A site
/// check compares it with `files.json` without reading it a second time.
pub(super) struct ReadFile {
    pub path: String,
    pub len: u64,
    pub sha256: Sha256,
}

/// [`verify_page`], with the files it read whole (the page, its proof and
/// its published source).
pub(super) fn verify_page_reading(source: &dyn Source, ctx: &SiteContext, url: &str, expected: Option<&Hash>, now: Timestamp) -> (PageReport, Vec<ReadFile>) {
    let mut read = Vec::with_capacity(3);
    // Of the served bytes, a site check needs only their length and hash
    // (what the page embeds is checked as a published file of its own).
    let served = source.digest(&source.page_path(url), MAX_PAGE_BYTES).map_err(|e| Finding::new(Reason::PageMissing, tr!("page-cannot-read-page", error = e)));
    let report = match served {
        Ok(served) => check_page(source, ctx, url, served, expected, now, &mut read),
        Err(finding) => unreadable(url, finding),
    };
    (report, read)
}

/// The page's served bytes, or why they could not be read.
pub(super) fn fetch_page(source: &dyn Source, url: &str) -> Result<Vec<u8>, Finding> {
    source.get(&source.page_path(url), MAX_PAGE_BYTES).map_err(|e| Finding::new(Reason::PageMissing, tr!("page-cannot-read-page", error = e)))
}

/// The report of a page that could not be read.
pub(super) fn unreadable(url: &str, finding: Finding) -> PageReport {
    PageReport { url: url.to_string(), outcome: Outcome::Failed, intact: false, approval: None, problems: vec![finding], warnings: Vec::new() }
}

/// Checks one page whose served bytes were already fetched.
pub(super) fn verify_fetched_page(source: &dyn Source, ctx: &SiteContext, url: &str, html: &[u8], expected: Option<&Hash>, now: Timestamp) -> PageReport {
    check_page(source, ctx, url, (html.len() as u64, Sha256::of(html)), expected, now, &mut Vec::new())
}

/// [`verify_fetched_page`] for the length and hash of the served bytes,
/// noting in `read` the files it compared whole.
fn check_page(source: &dyn Source, ctx: &SiteContext, url: &str, served: (u64, Sha256), expected: Option<&Hash>, now: Timestamp, read: &mut Vec<ReadFile>) -> PageReport {
    let mut report = PageReport { url: url.to_string(), outcome: Outcome::Failed, intact: false, approval: None, problems: Vec::new(), warnings: Vec::new() };
    let (html_len, html_sha) = served;
    read.push(ReadFile { path: source.page_path(url), len: html_len, sha256: html_sha });
    let proof_bytes = source.get(&proof_path(url), MAX_PROOF_BYTES).map_err(|e| e.to_string());
    if let Ok(bytes) = &proof_bytes {
        read.push(ReadFile { path: proof_path(url), len: bytes.len() as u64, sha256: Sha256::of(bytes) });
    }
    let proof: PageProof = match proof_bytes.and_then(|bytes| from_canonical_sorted(&bytes, MAX_PROOF_BYTES).map_err(|e| e.to_string())) {
        Ok(proof) => proof,
        Err(e) => {
            report.problems.push(Finding::new(Reason::ProofInvalid, tr!("page-page-proof-missing-malformed", error = e)));
            return report;
        }
    };
    let leaf = &proof.leaf;
    let mut integrity = Vec::new();
    if proof.format != PROOF_FORMAT || proof.release != format!("{WELL_KNOWN}/release.json") {
        integrity.push(Finding::new(Reason::ProofInvalid, tr!("page-unknown-proof-format-release", proof = format!("{:?}", proof.format), release = format!("{:?}", proof.release))));
    }
    if leaf.url != url {
        integrity.push(Finding::new(Reason::ProofOtherPage, tr!("page-proof-for-not-for-proof", url = leaf.url, url2 = url)));
    }
    let leaf_hash = leaf.hash();
    if expected.is_some_and(|expected| *expected != leaf_hash) {
        integrity.push(Finding::new(Reason::ProofInvalid, tr!("page-proof-leaf-differs-from-release")));
    }
    if html_sha != leaf.html_sha256 || html_len != leaf.html_len {
        integrity.push(Finding::new(
            Reason::ContentMismatch,
            tr!("page-content-does-not-match-its", html_count = html_len, html_sha = html_sha, html_sha256 = leaf.html_sha256, html_len = leaf.html_len),
        ));
    }
    let included = proof.tree_size == ctx.release.pages_count && ctx.tiles.root(source, &leaf_hash, proof.leaf_index, proof.tree_size) == Some(ctx.pages_root());
    if !included {
        integrity.push(Finding::new(Reason::InclusionInvalid, tr!("page-page-proof-does-not-lead")));
    }
    let mut trust = Vec::new();
    // Each envelope's bytes, made once: for its hash here and for its check below.
    let envelopes: Vec<Vec<u8>> = proof.approvals.iter().map(|e| e.to_bytes()).collect();
    let approval_hashes: BTreeSet<crate::trust::digest::Sha256> = envelopes.iter().map(|bytes| crate::trust::digest::Sha256::of(bytes)).collect();
    if proof.approvals.is_empty() || approval_hashes != leaf.approvals.iter().cloned().collect() {
        integrity.push(Finding::new(Reason::ApprovalUnbound, tr!("page-approvals-in-proof-are-not")));
    }
    // Every approval must verify; exactly one is the page's own approval,
    // any other is a further publisher's co-approval of it.
    // (envelope bytes, payload bytes, payload) of each approval that verified.
    let mut verified: Vec<(Vec<u8>, Vec<u8>, crate::trust::approval::ApprovalPayload)> = Vec::new();
    for bytes in envelopes {
        match verify_approval_bytes(&bytes, &proof_path(url), &ctx.registry) {
            Err(problem) => trust.push(Finding::new(Reason::ApprovalInvalid, problem.to_string())),
            Ok((payload_bytes, payload)) => verified.push((bytes, payload_bytes, payload)),
        }
    }
    let primaries: Vec<usize> = (0..verified.len()).filter(|i| verified[*i].2.co_approves.is_none()).collect();
    if verified.len() == proof.approvals.len() && primaries.len() != 1 {
        integrity.push(Finding::new(Reason::ApprovalUnbound, tr!("page-one-primary-approval")));
    }
    if let [index] = primaries[..] {
        let (bytes, payload_bytes, payload) = &verified[index];
        let (bytes, payload) = (bytes.clone(), payload.clone());
        if payload.url.as_deref() != Some(leaf.url.as_str()) {
            integrity.push(Finding::new(
                Reason::UrlMismatch,
                tr!("page-approval-for-url-but-release", none = payload.url.as_deref().unwrap_or("(none)"), url = leaf.url),
            ));
        }
        // Bundle files are bound to the publisher's signature, not
        // only to the release: each must be published as approved.
        for asset in &payload.assets {
            let url_path = format!("/{}", asset.path.strip_prefix("content/").unwrap_or(&asset.path));
            if ctx.files.get(&url_path).is_none_or(|f| f.sha256 != asset.sha256) {
                integrity.push(Finding::new(Reason::ApprovalMismatch, tr!("page-bundle-file-not-published-as", url_path = url_path)));
            }
        }
        let site = &ctx.root.payload().site;
        let times = [("approved_at", payload.approved_at, leaf.approved_at), ("review_by", payload.review_by, leaf.review_by)];
        for (field, signed, bound) in times {
            if signed != bound {
                integrity.push(Finding::new(Reason::ApprovalMismatch, tr!("page-approval-differs-from-page", field = field, signed = signed, bound = bound)));
            }
        }
        // A page with a signed publication time is in no release
        // made before it (a notice's appeal period runs from it).
        if let Some(at) = payload.publish_at.filter(|at| ctx.release.created < *at) {
            integrity.push(Finding::new(Reason::PublishedEarly, tr!("page-published-before-its-time", at = at, created = ctx.release.created)));
        }
        for (field, signed, bound) in [
            ("site", payload.site.as_str(), site.as_str()),
            ("path", payload.path.as_str(), leaf.path.as_str()),
            ("source_sha256", &*payload.source_sha256.hex(), &*leaf.source_sha256.hex()),
            ("publisher", payload.publisher.as_str(), leaf.publisher.as_str()),
        ] {
            if signed != bound {
                integrity.push(Finding::new(Reason::ApprovalMismatch, tr!("page-approval-differs-from-page", field = field, signed = signed, bound = bound)));
            }
        }
        for problem in check_authority(&payload, &leaf.path, &ctx.registry, &ctx.root.payload().policy, now) {
            match Reason::of_approval_problem(&problem) {
                // Intact and approved, but due for review: a warning
                // the page itself also shows.
                Reason::ApprovalLapsed => report.warnings.push(Finding::new(Reason::ApprovalLapsed, tr!("page-intact-but", problem = problem))),
                reason => trust.push(Finding::new(reason, problem.to_string())),
            }
        }
        // Time comes from the log: the approval counts from the
        // release that first logged it, whatever approved_at says.
        match (ctx.logged.get(&crate::trust::digest::Sha256::of(&bytes)), ctx.registry.key(&payload.keyid)) {
            (None, _) if !ctx.logged.is_empty() => {
                integrity.push(Finding::new(Reason::LogMismatch, tr!("page-page-approval-not-in-log")));
            }
            (Some(logged_at), Some((_, entry, _))) if entry.status == KeyStatus::Retired && entry.status_since <= *logged_at => {
                trust.push(Finding::new(
                    Reason::KeyNotValid,
                    tr!("page-approval-was-first-published-on", logged_at = logged_at, keyid = payload.keyid, status_since = entry.status_since),
                ));
            }
            _ => {}
        }
        if let Some((publisher, _, _)) = ctx.registry.key(&payload.keyid) {
            // What the publisher signed; the registry's current
            // naming for approvals made before names were signed.
            report.approval = Some(summary_of(&payload, publisher));
        }
        let primary_sha = crate::trust::digest::Sha256::of(payload_bytes);
        let mut approvers = vec![payload.publisher.clone()];
        let mut co_approvers = Vec::new();
        for (co_bytes, _, co) in verified.iter().enumerate().filter(|(i, _)| *i != index).map(|(_, v)| v) {
            if let Some(field) = crate::trust::approval::co_approval_mismatch(co, &payload, &primary_sha) {
                trust.push(Finding::new(Reason::TooFewApprovals, tr!("page-co-approval-mismatch", field = field)));
                continue;
            }
            let mut fine = true;
            for problem in check_authority(co, &leaf.path, &ctx.registry, &ctx.root.payload().policy, now) {
                match Reason::of_approval_problem(&problem) {
                    Reason::ApprovalLapsed => report.warnings.push(Finding::new(Reason::ApprovalLapsed, tr!("page-intact-but", problem = problem))),
                    reason => {
                        fine = false;
                        trust.push(Finding::new(reason, problem.to_string()));
                    }
                }
            }
            if !ctx.logged.is_empty() && !ctx.logged.contains_key(&crate::trust::digest::Sha256::of(co_bytes)) {
                integrity.push(Finding::new(Reason::LogMismatch, tr!("page-page-approval-not-in-log")));
            }
            if fine && !approvers.contains(&co.publisher) {
                approvers.push(co.publisher.clone());
                if let Some((publisher, _, _)) = ctx.registry.key(&co.keyid) {
                    co_approvers.push(summary_of(co, publisher));
                }
            }
        }
        let need = ctx.registry.payload().required_approvals(&leaf.path);
        if (approvers.len() as u32) < need {
            trust.push(Finding::new(Reason::TooFewApprovals, tr!("approval-too-few-approvals", have = approvers.len(), need = need, by = approvers.join(", "))));
        }
        if let Some(summary) = report.approval.as_mut() {
            summary.co_approvers = co_approvers;
        }
    }
    match source.digest(&source_path(url), MAX_SOURCE_BYTES as usize) {
        Ok((len, sha256)) => {
            if sha256 != leaf.source_sha256 {
                integrity.push(Finding::new(Reason::SourceMismatch, tr!("page-published-source-index-md-not")));
            }
            read.push(ReadFile { path: source_path(url), len, sha256 });
        }
        Err(FetchError::NotFound(_)) => report.warnings.push(Finding::new(Reason::SourceMissing, tr!("page-approved-source-text-not-published"))),
        Err(e) => report.warnings.push(Finding::new(Reason::SourceMissing, tr!("page-approved-source-text-could-not", error = e))),
    }
    report.intact = integrity.is_empty();
    report.problems.extend(integrity);
    report.problems.extend(trust);
    report.settle();
    report
}

/// Who approved, as they signed it; the registry's current naming for
/// approvals made before names were signed.
fn summary_of(payload: &crate::trust::approval::ApprovalPayload, publisher: &crate::trust::registry::Publisher) -> ApprovalSummary {
    ApprovalSummary {
        publisher: publisher.id.clone(),
        name: payload.publisher_name.clone().unwrap_or_else(|| publisher.name.clone()),
        title: payload.publisher_title.clone().unwrap_or_else(|| publisher.title.clone()),
        unit: payload.publisher_unit.clone().unwrap_or_else(|| publisher.unit.clone()),
        approved_at: payload.approved_at.to_string(),
        review_by: payload.review_by.to_string(),
        note: payload.note.clone(),
        co_approvers: Vec::new(),
    }
}

/// The same-origin files a page embeds (any `src`, and `href` on `<link>`)
/// or links inside its own folder (its bundle), as URL paths.
pub fn embedded_paths(html: &str, url: &str) -> Vec<String> {
    let mut found = BTreeSet::new();
    for (attribute, embeds_always) in [("src=\"", true), ("href=\"", false)] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            let Some(end) = rest.find('"') else { continue };
            let value = rest[..end].replace("&amp;", "&");
            let value = value.split(['#', '?']).next().unwrap_or_default();
            // Pages (ending in /) are checked on their own; other sites are not ours.
            if value.is_empty() || value.ends_with('/') || value.starts_with("//") || value.contains(':') {
                continue;
            }
            let joined = if value.starts_with('/') { value.to_string() } else { format!("{url}{value}") };
            let Some(path) = crate::trust::scope::normalize(&joined).map(|p| format!("/{p}")) else { continue };
            let tag = html[..at].rfind('<').map_or("", |i| &html[i..at]);
            if embeds_always || tag.starts_with("<link") || path.starts_with(url) {
                found.insert(path);
            }
        }
    }
    found.into_iter().collect()
}

/// Adds to `page` a problem for every file its served bytes `html` embed
/// that is not exactly the file the release lists.
pub(super) fn check_embedded(source: &dyn Source, ctx: &SiteContext, page: &mut PageReport, html: &[u8]) {
    let paths = embedded_paths(&String::from_utf8_lossy(html), &page.url);
    let problems: Vec<Finding> = paths.par_iter().filter_map(|path| files::check_file(source, ctx, path)).collect();
    if !problems.is_empty() {
        page.intact = false;
        page.problems.extend(problems);
        page.settle();
    }
}
