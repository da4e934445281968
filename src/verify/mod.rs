//! The one verifier: what a citizen's check does, used by `sigill verify`
//! and by `build` on its own output before it is published.
//!
//! Order: the root chain from the anchor, the release manifest under the
//! root's release role, the registry, the list of published files and the
//! approvals of the theme and `site.toml` the release pins; then per page:
//! the served bytes against the leaf, the leaf's inclusion in the release,
//! the approval under the registry, and the files the page embeds. Bytes
//! are verified before they are parsed wherever a signature covers them.
//! Every problem carries a stable [`Reason`] code shared with the browser
//! and the independent verifiers.

mod files;
mod history;
pub mod log;
mod page;
mod pages_index;
pub mod reason;
mod site;
pub mod source;
mod tiles;

use serde::Serialize;

use crate::trust::release::{MAX_PAGES_INDEX_BYTES, WELL_KNOWN};
use crate::trust::Timestamp;
pub use files::check_file;
pub use crate::trust::release::{proof_path, source_path};
pub use page::{embedded_paths, verify_page};
pub use reason::{Finding, Reason};
pub use site::{load_context, SiteContext};
use source::Source;

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
    /// Further publishers who approved the same text (the two-person rule).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub co_approvers: Vec<ApprovalSummary>,
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
    pub problems: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

impl PageReport {
    fn settle(&mut self) {
        self.outcome = if !self.problems.is_empty() {
            Outcome::Failed
        } else if !self.warnings.is_empty() {
            Outcome::Warning
        } else {
            Outcome::Verified
        };
    }
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
    pub problems: Vec<Finding>,
    pub warnings: Vec<Finding>,
    pub pages: Vec<PageReport>,
    /// The release log's head, when it verified: what a verifier remembers.
    pub log: Option<log::LogHead>,
}

impl SiteReport {
    /// True when anything failed; the exit code is 1 then.
    pub fn failed(&self) -> bool {
        !self.problems.is_empty() || self.pages.iter().any(|p| p.outcome == Outcome::Failed)
    }

    /// Every reason found, site-wide and per page, problems and warnings.
    pub fn reasons(&self) -> std::collections::BTreeSet<Reason> {
        let pages = self.pages.iter().flat_map(|p| p.problems.iter().chain(&p.warnings));
        self.problems.iter().chain(&self.warnings).chain(pages).map(|f| f.reason).collect()
    }
}

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// `sha256:<hex>` of the first root, given out of band; `None` trusts
    /// the site's own root on first use (and says so).
    pub anchor: Option<String>,
    pub now: Timestamp,
    /// What this verifier saw of sites before: a site's log must extend
    /// the remembered one, and its anchor must not have changed.
    pub memory: Option<MemoryHandle>,
    /// Witnesses whose cosignature the log's checkpoint must carry.
    pub witnesses: Vec<crate::log::witness::Witness>,
    /// A prefix of the site's log this caller verified completely before
    /// and whose states and releases it has just checked against their
    /// entries' hashes (the build: its own last release, for its
    /// self-check, with the files of its state folder, which loading its
    /// log checked). When the log starts with it, the states and releases
    /// inside it are only required to be there, not read again, so a check
    /// does not grow with the number of releases.
    pub log_verified: Option<log::LogHead>,
}

/// What a verifier remembers of one site between checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remembered {
    /// The site's trust anchor, `sha256:<hex>`.
    pub anchor: String,
    /// The newest log head seen.
    pub log: log::LogHead,
}

/// Where a verifier keeps what it remembers (a file per site for the
/// command line, localStorage in the browser).
pub trait Memory: Send + Sync {
    /// What was remembered of `site`, if anything.
    fn recall(&self, site: &str) -> Option<Remembered>;
}

/// A shared [`Memory`] in the options.
#[derive(Clone)]
pub struct MemoryHandle(pub std::sync::Arc<dyn Memory>);

impl std::fmt::Debug for MemoryHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MemoryHandle")
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
        log: None,
    }
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

/// Verifies one page of a site by its URL path (`/om/`), with the files it
/// embeds and the files of its bundle.
pub fn verify_one(source: &dyn Source, options: &VerifyOptions, url: &str) -> SiteReport {
    let mut report = empty_report(source, options);
    if let Some(ctx) = load_context(source, options, &mut report) {
        // The page is fetched once: for its own check and for what it embeds.
        let page = match page::fetch_page(source, url) {
            Ok(html) => {
                let mut page = page::verify_fetched_page(source, &ctx, url, &html, None, options.now);
                page::check_embedded(source, &ctx, &mut page, &html);
                page
            }
            Err(finding) => page::unreadable(url, finding),
        };
        report.pages.push(page);
    }
    finish(report)
}

/// Verifies every page the release lists and every published file.
pub fn verify_site(source: &dyn Source, options: &VerifyOptions) -> SiteReport {
    verify_site_keeping(source, options, |_| true)
}

/// [`verify_site`] for a build's self-check, which acts only on what
/// failed: the report keeps only the pages that failed, as a site of
/// 100 000 pages would otherwise hold a report for each.
pub fn verify_site_failures(source: &dyn Source, options: &VerifyOptions) -> SiteReport {
    verify_site_keeping(source, options, |page| page.outcome == Outcome::Failed)
}

fn verify_site_keeping(source: &dyn Source, options: &VerifyOptions, keep: impl Fn(&PageReport) -> bool + Sync) -> SiteReport {
    use rayon::prelude::*;
    let mut report = empty_report(source, options);
    let index_path = format!("{WELL_KNOWN}/pages.json");
    // The list of pages is read while the site's trust is checked; it is
    // used only once that holds, and only when the release signs it.
    let (ctx, leaves) = rayon::join(
        || load_context(source, options, &mut report),
        || source.get(&index_path, MAX_PAGES_INDEX_BYTES).map_err(|e| e.to_string()).and_then(|bytes| pages_index::read_leaves(&bytes).map_err(|e| e.to_string())),
    );
    let Some(ctx) = ctx else {
        return finish(report);
    };
    let leaves = match leaves {
        Ok(leaves) => leaves,
        Err(e) => {
            report.problems.push(Finding::new(Reason::PagesIndexInvalid, tr!("verify-message-6", index_path = index_path, error = e)));
            return finish(report);
        }
    };
    let hashes: Vec<_> = leaves.iter().map(|page| page.hash).collect();
    if leaves.len() as u64 != ctx.release.pages_count || crate::trust::merkle::root(&hashes) != ctx.pages_root() {
        report.problems.push(Finding::new(Reason::PagesIndexInvalid, tr!("verify-not-list-pages-release-signs", index_path = index_path)));
        return finish(report);
    }
    drop(hashes);
    // Each page's check reads its page, proof and source whole: they are
    // compared with files.json there, and only noted as read.
    type Checked = (Option<PageReport>, (files::ReadMask, Vec<Finding>));
    let (pages, read): (Vec<_>, Vec<_>) = leaves
        .par_iter()
        .map(|listed| {
            let (page, read) = page::verify_page_reading(source, &ctx, &listed.url, Some(&listed.hash), options.now);
            let checked: Checked = (keep(&page).then_some(page), files::note_read(&ctx, &listed.url, read));
            checked
        })
        .unzip();
    report.pages = pages.into_iter().flatten().collect();
    let (masks, problems): (Vec<files::ReadMask>, Vec<Vec<Finding>>) = read.into_iter().unzip();
    report.problems.extend(problems.into_iter().flatten());
    files::check_all_files(source, &ctx, &mut report, &leaves, &masks);
    report.problems.extend(history::check_histories(source, &ctx));
    finish(report)
}
