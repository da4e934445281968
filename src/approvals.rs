//! Approvals stage: checks each page's approval chain against the verified
//! registry and policy, and wraps the pages that pass into [`ApprovedPage`] —
//! the only kind of page the renderer accepts.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::accessibility::PageFinding;
use crate::model::{Page, SourcePage};
use crate::trust::approval::{check_authority, check_head, load_chain, ApprovalProblem, ApprovedAsset, CheckedApproval, PageSource, SourceDigest};
use crate::trust::{Timestamp, TrustState};

/// What a citizen sees about an approval; built only from verified data.
#[derive(Debug, Clone, Serialize)]
pub struct ApprovalInfo {
    pub publisher_id: String,
    pub publisher_name: String,
    pub publisher_title: String,
    pub publisher_unit: String,
    pub approved_at: String,
    pub approved_on: String,
    pub review_by: String,
    pub review_on: String,
    pub note: String,
    pub sequence: u64,
    pub keyid: String,
    /// The date of the newest approval that was not a minor change: what
    /// the page shows as "updated" unless its front matter says otherwise.
    pub updated_on: String,
    /// The review date has passed: the theme shows that instead of a valid mark.
    pub lapsed: bool,
    /// The further publishers who approved the same text under the
    /// two-person rule (empty for an ordinary page).
    pub co_approvers: Vec<CoApprover>,
}

/// A further publisher who approved the same text, as the mark names them.
#[derive(Debug, Clone, Serialize)]
pub struct CoApprover {
    pub publisher_id: String,
    pub publisher_name: String,
    pub publisher_title: String,
    pub publisher_unit: String,
    pub approved_on: String,
}

/// Which approved version of a page is published, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Standing {
    /// An earlier approved version (this sequence) is published: the file
    /// has changes that nobody has approved yet.
    pub last_approved: Option<u64>,
    /// The review date has passed; published under `lapsed = "notice"`.
    pub lapsed: bool,
}

/// What `site.toml` says to do with a page whose review date has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LapsePolicy {
    /// Keep it published, with a notice in place of the valid mark
    /// (verifiers warn `approval_lapsed`). The default: the information
    /// stays available and nobody mistakes it for a current review.
    #[default]
    Notice,
    /// Leave it out of the site until it is approved again.
    Withdraw,
    /// Stop the build.
    Fail,
}

/// A page whose newest approval verified. Its fields are private and it has
/// no public constructor: only [`approve_pages`] makes one.
#[derive(Debug, Clone)]
pub struct ApprovedPage {
    /// The page; its source text is cut to the front matter (see [`ApprovedPage::read_text`]).
    /// Boxed, so that moving an approved page moves a pointer.
    page: Box<Page>,
    /// The file the approved text is read from when the page is written,
    /// when it is not the page's own file (the copy kept beside an earlier
    /// approval); `None` saves a path per page.
    text_file: Option<PathBuf>,
    chain: Box<[CheckedApproval]>,
    /// Further publishers' approvals of the published version.
    co_approvals: Box<[CheckedApproval]>,
    standing: Standing,
    accessibility: Box<[crate::accessibility::PageFinding]>,
}

impl ApprovedPage {
    /// The accessibility faults in the published text, for the statement.
    pub fn accessibility(&self) -> &[crate::accessibility::PageFinding] {
        &self.accessibility
    }
    /// The page's front matter, address and files. Its source text is
    /// empty: a build keeps no page texts between approving and writing,
    /// [`ApprovedPage::read_text`] reads the text.
    pub fn page(&self) -> &Page {
        &self.page
    }
    /// The approved text, read again from its file (the page's own or the
    /// copy kept beside its approval) and checked against the approval's
    /// length and SHA-256: a file changed after the approvals stage is
    /// never published. It must also be the very text the page's front
    /// matter was parsed from (its digest as loaded).
    pub fn read_text(&self) -> Result<ApprovedText, TextChanged> {
        let head = &self.chain.last().expect("an approved page has an approval").payload;
        let changed = || TextChanged { path: self.page.source.path.clone() };
        let own_file;
        let file = match &self.text_file {
            Some(file) => file.as_path(),
            None => {
                own_file = self.page.source.abs();
                &own_file
            }
        };
        let bytes = crate::trust::read_at_most(file, crate::load::MAX_PAGE_BYTES as usize).ok().flatten().ok_or_else(changed)?;
        let sha256 = crate::trust::digest::Sha256::of(&bytes);
        let parsed = &self.page.source.digest;
        if bytes.len() as u64 != head.source_len || sha256 != head.source_sha256 || bytes.len() as u64 != parsed.len || sha256 != parsed.sha256 {
            return Err(changed());
        }
        let text = String::from_utf8(bytes).map_err(|_| changed())?;
        if !text.is_char_boundary(self.page.body_offset) {
            return Err(changed());
        }
        Ok(ApprovedText { text, body_offset: self.page.body_offset, sha256 })
    }
    /// What the page's mark shows of its approval. Made from the verified
    /// approvals when the page is rendered, not held for every page while
    /// the site is built; `trust` is the state the approvals stage checked
    /// them against, so it is there (`None` only for another state that
    /// does not know the key).
    pub fn approval(&self, trust: &TrustState) -> Option<ApprovalInfo> {
        info_of(&self.chain, &self.co_approvals, trust, self.standing.lapsed)
    }
    /// The published approval's sequence number.
    pub fn sequence(&self) -> u64 {
        self.head().payload.sequence
    }
    /// The day the published version was approved (`2026-12-01`).
    pub fn approved_on(&self) -> String {
        self.head().payload.approved_at.date()
    }
    fn head(&self) -> &CheckedApproval {
        self.chain.last().expect("an approved page has an approval")
    }
    /// Every approval of the page, oldest first (the page's history).
    pub fn chain(&self) -> &[CheckedApproval] {
        &self.chain
    }
    /// The further publishers' approvals of the published version (the
    /// two-person rule), published in its proof beside the approval.
    pub fn co_approvals(&self) -> &[CheckedApproval] {
        &self.co_approvals
    }
    /// Which approved version is published, and whether it has lapsed.
    pub fn standing(&self) -> Standing {
        self.standing
    }
}

/// An approved page's text as read back for writing: exactly the bytes
/// its approval covers.
pub struct ApprovedText {
    text: String,
    body_offset: usize,
    sha256: crate::trust::digest::Sha256,
}

impl ApprovedText {
    /// The exact bytes, published as the page's `index.md`.
    pub fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }
    /// The SHA-256 of [`Self::bytes`], which the approval signs.
    pub fn sha256(&self) -> &crate::trust::digest::Sha256 {
        &self.sha256
    }
    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// An approved page's file no longer holds the approved text (it changed
/// while the site was being built).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChanged {
    pub path: String,
}

impl std::fmt::Display for TextChanged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&tr!("approvals-text-changed-during-build", path = self.path.as_str()))
    }
}

impl std::error::Error for TextChanged {}

/// Makes the published page: lets go of the page's text (read again when
/// it is written) and keeps the accessibility findings of its Markdown.
fn approved(mut page: Box<Page>, accessibility: Vec<PageFinding>, text_file: Option<PathBuf>, chain: Vec<CheckedApproval>, co_approvals: Vec<CheckedApproval>, standing: Standing) -> ApprovedPage {
    // Read again, and checked against its digest, when written.
    page.source.text = String::new();
    let text_file = text_file.filter(|file| *file != page.source.abs());
    let (chain, co_approvals) = (chain.into_boxed_slice(), co_approvals.into_boxed_slice());
    ApprovedPage { page, text_file, accessibility: accessibility.into_boxed_slice(), chain, co_approvals, standing }
}

/// The result of checking one page, for `build`, `status` and `serve`.
#[derive(Debug, Clone)]
pub enum Verdict {
    Approved { info: Box<ApprovalInfo>, chain: Vec<CheckedApproval> },
    Rejected(Vec<ApprovalProblem>),
}

/// Current sha256 of each bundle asset, in approval form.
pub fn current_assets(page: &Page) -> Vec<ApprovedAsset> {
    let mut assets: Vec<ApprovedAsset> =
        page.source.assets.iter().map(|a| ApprovedAsset { path: a.path.clone(), sha256: a.sha256 }).collect();
    assets.sort();
    assets
}

/// A page whose front matter names a publisher the registry does not
/// know: it is not published (the same rule for `build` and the preview).
pub fn unknown_publisher(page: &Page, registry: &crate::trust::VerifiedRegistry) -> Option<Diagnostic> {
    if registry.publisher(&page.front.publisher).is_some() {
        return None;
    }
    let known: Vec<&str> = registry.payload().publishers.iter().map(|p| p.id.as_str()).collect();
    let line = page.source.text().lines().position(|l| l.trim_start().starts_with("publisher")).map_or(1, |i| i + 1);
    let d = Diagnostic::warning(&page.source.path, tr!("approvals-not-published-publisher-not-in", publisher = format!("{:?}", page.front.publisher))).at(line, 1);
    Some(match crate::diagnostic::did_you_mean(&page.front.publisher, &known) {
        Some(close) => d.help(tr!("approvals-did-you-mean-sigill-publisher", close = format!("{:?}", close))),
        None => d.help(tr!("approvals-use-id-from-sigill-publisher")),
    })
}

/// Checks one page's approvals.
pub fn evaluate(page: &Page, trust: &TrustState, trust_dir: &Path, site: &str, now: Timestamp) -> Verdict {
    // The same rule as the build: a page naming an unknown publisher is not published.
    if trust.registry.publisher(&page.front.publisher).is_none() {
        return Verdict::Rejected(vec![ApprovalProblem::UnknownPublisher { publisher: page.front.publisher.clone() }]);
    }
    let chain = match load_chain(trust_dir, &page.source.path, site, &trust.registry) {
        Ok(chain) => chain,
        Err(problem) => return Verdict::Rejected(vec![problem]),
    };
    let head = chain.last().expect("load_chain returns at least one");
    let assets = current_assets(page);
    let source = PageSource {
        path: &page.source.path,
        digest: page.source.digest.clone(),
        assets: &assets,
        front_matter_publisher: Some(&page.front.publisher),
        url: Some(&page.url),
        aliases: &page.front.aliases,
        terms: Some(page.terms()),
    };
    let mut problems = check_head(head, &source, &trust.registry, &trust.root.payload().policy, now);
    problems.extend(crate::trust::approval::check_naming(&head.payload, &trust.namings));
    let (co, short) = co_signers(head, trust, trust_dir, now);
    problems.extend(short);
    if !problems.is_empty() {
        return Verdict::Rejected(problems);
    }
    match info_of(&chain, &co, trust, false) {
        Some(info) => Verdict::Approved { info: Box::new(info), chain },
        None => Verdict::Rejected(vec![ApprovalProblem::BadSignature { file: page.source.path.clone(), reason: tr!("approvals-key-not-in-registry") }]),
    }
}

/// The command that fixes a problem of the page at `path` whose front
/// matter names `publisher`, for the diagnostic's help line.
pub fn fix_for(problem: &ApprovalProblem, path: &str, publisher: &str) -> String {
    let approve = tr!("approve-command", path = path, who = publisher);
    match problem {
        ApprovalProblem::NeverApproved
        | ApprovalProblem::Changed { .. }
        | ApprovalProblem::AssetChanged { .. }
        | ApprovalProblem::Lapsed { .. }
        | ApprovalProblem::PublisherMismatch { .. } => tr!("approvals-have-publisher-review-page-run-2", approve = approve),
        // The old key cannot approve again: a new key comes first.
        ApprovalProblem::Compromised { publisher, .. } | ApprovalProblem::KeyNotValid { publisher, .. } => tr!("approvals-needs-new-key-they-run", publisher = publisher, approve = approve),
        ApprovalProblem::OutOfScope { publisher, .. } => tr!("approvals-set-publisher-publisher-responsible-for", publisher = publisher),
        ApprovalProblem::TooFewApprovals { .. } => tr!("approvals-ask-second-publisher", path = path),
        ApprovalProblem::UrlMismatch { .. } => tr!("approvals-page-url-changed-file-name", approve = approve),
        ApprovalProblem::UrlOutOfScope { publisher, .. } => tr!("approvals-remove-slug-alias-that-leaves", publisher = publisher),
        ApprovalProblem::ReviewBeyondPolicy { .. } | ApprovalProblem::FromTheFuture { .. } => {
            tr!("approvals-approve-again-with-valid-date", approve = approve)
        }
        _ => tr!("approvals-remove-approval-files-that-do", approve = approve),
    }
}

/// The command that fixes a problem of the theme or `site.toml`.
pub fn fix_for_input(problem: &ApprovalProblem, path: &str, theme_dir: &str) -> String {
    let target = if path == crate::trust::scope::CONFIG_SCOPE || crate::site_files::is_site_file(path) { path } else { theme_dir };
    let approve = tr!("approvals-approve-input-command", target = target);
    match problem {
        ApprovalProblem::OutOfScope { .. } => tr!("approvals-ask-system-owner-give-publisher", target = target, approve = approve),
        _ => tr!("approvals-have-responsible-publisher-review-change", approve = approve),
    }
}

/// What the approvals stage needs besides the pages.
pub struct ApprovalContext<'a> {
    pub trust: &'a TrustState,
    /// Shared by every approval the stage loads (see [`CheckedApproval::file`]).
    pub trust_dir: &'a std::sync::Arc<Path>,
    pub site: &'a str,
    pub now: Timestamp,
    pub lapse: LapsePolicy,
    /// The accessibility findings of a page's Markdown
    /// ([`crate::accessibility::page_findings`]; used for an earlier
    /// approved text).
    pub findings: &'a (dyn Fn(&Page) -> Vec<PageFinding> + Sync),
}

/// The pages to publish, and what is pending: each page is published in
/// its newest approved version, so one page never stops the others.
#[derive(Debug, Default)]
pub struct ApprovalOutcome {
    pub approved: Vec<ApprovedPage>,
    /// Warnings: pages kept at an earlier version, published as lapsed or
    /// left out, each with the command that fixes it.
    pub pending: Vec<Diagnostic>,
    /// Problems that stop the build (`lapsed = "fail"`).
    pub errors: Vec<Diagnostic>,
}

/// Problems that mean the file changed since its newest approval — the
/// approval itself still holds for the text it covers.
fn is_change(problem: &ApprovalProblem) -> bool {
    matches!(
        problem,
        ApprovalProblem::Changed { .. }
            | ApprovalProblem::AssetChanged { .. }
            | ApprovalProblem::PublisherMismatch { .. }
            | ApprovalProblem::UrlMismatch { .. }
            | ApprovalProblem::UrlOutOfScope { .. }
    )
}

/// The co-approvals of `primary` that count under the two-person rule (each
/// by another publisher, with authority over the page), and the problem
/// when they are fewer than the page's scope rule requires.
pub fn co_signers(primary: &CheckedApproval, trust: &TrustState, trust_dir: &Path, now: Timestamp) -> (Vec<CheckedApproval>, Option<ApprovalProblem>) {
    let path = &primary.payload.path;
    let need = trust.registry.payload().required_approvals(path);
    let (found, _) = crate::trust::approval::load_co_approvals(trust_dir, primary, &trust.registry);
    let policy = &trust.root.payload().policy;
    let mut counted: Vec<CheckedApproval> = Vec::new();
    for co in found {
        let problems = check_authority(&co.payload, path, &trust.registry, policy, now);
        let fine = problems.iter().all(|p| matches!(p, ApprovalProblem::Lapsed { .. })) && crate::trust::approval::check_naming(&co.payload, &trust.namings).is_none();
        if fine && !counted.iter().any(|c| c.payload.publisher == co.payload.publisher) {
            counted.push(co);
        }
    }
    let have = 1 + counted.len() as u32;
    if have >= need {
        return (counted, None);
    }
    let by: Vec<String> = std::iter::once(primary.payload.publisher.clone()).chain(counted.iter().map(|c| c.payload.publisher.clone())).collect();
    (counted, Some(ApprovalProblem::TooFewApprovals { have, need, by: by.join(", ") }))
}

fn info_of(chain: &[CheckedApproval], co: &[CheckedApproval], trust: &TrustState, lapsed: bool) -> Option<ApprovalInfo> {
    let head = chain.last()?;
    let p = &head.payload;
    let major = chain.iter().rev().find(|c| c.payload.minor != Some(true)).unwrap_or(head);
    let (publisher, _, _) = trust.registry.key(&p.keyid)?;
    let (at, review) = (p.approved_at, p.review_by);
    // The names the publisher signed, when the approval has them: a later
    // rename in the registry never rewrites an old mark.
    Some(ApprovalInfo {
        publisher_id: publisher.id.clone(),
        publisher_name: p.publisher_name.clone().unwrap_or_else(|| publisher.name.clone()),
        publisher_title: p.publisher_title.clone().unwrap_or_else(|| publisher.title.clone()),
        publisher_unit: p.publisher_unit.clone().unwrap_or_else(|| publisher.unit.clone()),
        approved_at: p.approved_at.to_string(),
        approved_on: at.date(),
        review_by: p.review_by.to_string(),
        review_on: review.date(),
        note: p.note.clone(),
        sequence: p.sequence,
        keyid: p.keyid.to_string(),
        updated_on: major.payload.approved_at.date(),
        lapsed,
        co_approvers: co
            .iter()
            .filter_map(|c| {
                let (who, _, _) = trust.registry.key(&c.payload.keyid)?;
                Some(CoApprover {
                    publisher_id: who.id.clone(),
                    publisher_name: c.payload.publisher_name.clone().unwrap_or_else(|| who.name.clone()),
                    publisher_title: c.payload.publisher_title.clone().unwrap_or_else(|| who.title.clone()),
                    publisher_unit: c.payload.publisher_unit.clone().unwrap_or_else(|| who.unit.clone()),
                    approved_on: c.payload.approved_at.date(),
                })
            })
            .collect(),
    })
}

/// The page as its newest approval covers it, rebuilt from the approved
/// text kept beside the approval (checked against the approval's hash), with
/// the current bundle files when they are the approved ones.
fn last_approved_page(current: &SourcePage, head: &CheckedApproval, ctx: &ApprovalContext<'_>) -> Result<(Page, Vec<PageFinding>, PathBuf), String> {
    let p = &head.payload;
    let snapshot = crate::admin::snapshot_path(ctx.trust_dir, &p.path, p.sequence);
    let bytes = crate::trust::read_at_most(&snapshot, crate::load::MAX_PAGE_BYTES as usize)
        .ok()
        .flatten()
        .filter(|b| crate::trust::encoding::sha256_hex(b) == p.source_sha256 && b.len() as u64 == p.source_len)
        .ok_or_else(|| tr!("approvals-approved-text-not-kept"))?;
    let assets = current_assets_of(&current.assets);
    if assets != p.assets {
        return Err(tr!("approvals-bundle-files-changed-too"));
    }
    let text = String::from_utf8(bytes).map_err(|_| tr!("approvals-approved-text-not-utf8"))?;
    let split = crate::frontmatter::parse(&text, &p.path).map_err(|_| tr!("approvals-approved-text-no-longer-parses"))?;
    let url = crate::parse::url_for_path(&p.path, split.front.slug.as_deref());
    if p.url.as_deref() != Some(url.as_str()) {
        return Err(tr!("approvals-approved-text-address-differs"));
    }
    let updated = split.front.updated.as_ref().and_then(|d| d.date).map(|d| d.to_string());
    let source = SourcePage { digest: SourceDigest::of(text.as_bytes()), text, ..current.clone() };
    let page = Page { source, front: split.front, body_offset: split.body_offset, url, updated, schedule: split.schedule };
    let findings = (ctx.findings)(&page);
    Ok((page, findings, snapshot))
}

fn current_assets_of(assets: &[crate::model::Asset]) -> Vec<ApprovedAsset> {
    let mut out: Vec<ApprovedAsset> = assets.iter().map(|a| ApprovedAsset { path: a.path.clone(), sha256: a.sha256 }).collect();
    out.sort();
    out
}

/// One page's fate: the page to publish (if any) and what to report.
type Decision = (Option<ApprovedPage>, Vec<Diagnostic>);

/// Decides one page: published as it is, at its newest approved version,
/// as lapsed, or left out.
/// A page file whose current text parses: the page, the accessibility
/// findings of its Markdown and the digest of its text (the text itself is
/// not kept).
type Current = (Box<Page>, Vec<PageFinding>, SourceDigest);

fn decide(source: &SourcePage, current: Option<Current>, ctx: &ApprovalContext<'_>) -> Decision {
    match decide_inner(source, current, ctx) {
        Ok(decision) => decision,
        Err(withheld) => (None, withheld),
    }
}

fn decide_inner(source: &SourcePage, current: Option<Current>, ctx: &ApprovalContext<'_>) -> Result<Decision, Vec<Diagnostic>> {
    let path = source.path.clone();
    let named = current.as_ref().map(|(p, _, _)| p.front.publisher.clone());
    let approve_cmd = |who: &str| tr!("approve-command", path = path, who = who);
    let withheld = |problems: &[ApprovalProblem], who: &str| -> Vec<Diagnostic> {
        problems
            .iter()
            .map(|problem| {
                let help = match problem {
                    ApprovalProblem::NeverApproved => tr!("approvals-it-published-once-its-publisher", who = approve_cmd(who)),
                    _ => fix_for(problem, &path, named.as_deref().unwrap_or(who)),
                };
                Diagnostic::warning(&path, tr!("approvals-not-published", problem = problem)).help(help)
            })
            .collect()
    };
    let chain = match crate::trust::approval::load_chain_in(ctx.trust_dir, &path, ctx.site, &ctx.trust.registry) {
        Ok(chain) => chain,
        Err(problem) => return Err(withheld(&[problem], named.as_deref().unwrap_or("the publisher"))),
    };
    let Some(head) = chain.last() else {
        return Err(withheld(&[ApprovalProblem::NeverApproved], named.as_deref().unwrap_or("the publisher")));
    };
    let who = head.payload.publisher.clone();
    // The two-person rule: until enough publishers approved the newest
    // text, the newest version that had them stays published.
    let (co, short) = co_signers(head, ctx.trust, ctx.trust_dir, ctx.now);
    if let Some(problem) = short {
        let complete = chain[..chain.len() - 1].iter().rposition(|c| co_signers(c, ctx.trust, ctx.trust_dir, ctx.now).1.is_none() && !c.payload.schedule().is_before(ctx.now));
        let mut pending = withheld(&[problem], &who);
        if let Some(at) = complete {
            return match publish_earlier(source, &chain, at, ctx) {
                Ok((page, mut notes)) => {
                    notes.append(&mut pending);
                    Ok((page, notes))
                }
                Err(_) => Err(pending),
            };
        }
        return Err(pending);
    }
    // A newer version approved to be published later leaves the version
    // before it published until then.
    if head.payload.schedule().is_before(ctx.now) {
        if let Some(at) = chain.iter().rposition(|c| !c.payload.schedule().is_before(ctx.now)) {
            return publish_earlier(source, &chain, at, ctx).map_err(|why| {
                vec![Diagnostic::warning(&path, tr!("approvals-earlier-version-not-published", sequence = chain[at].payload.sequence, why = why)).help(tr!("approvals-have-publisher-review-page-run", who = approve_cmd(&who)))]
            });
        }
    }
    let policy = &ctx.trust.root.payload().policy;
    let problems = match &current {
        Some((page, _, digest)) => {
            let assets = current_assets(page);
            let page_source = PageSource {
                path: &path,
                digest: digest.clone(),
                assets: &assets,
                front_matter_publisher: Some(&page.front.publisher),
                url: Some(&page.url),
                aliases: &page.front.aliases,
                terms: Some(page.terms()),
            };
            check_head(head, &page_source, &ctx.trust.registry, policy, ctx.now)
        }
        // The current file does not even parse: only the approval's own authority counts.
        None => {
            let mut problems = check_authority(&head.payload, &path, &ctx.trust.registry, policy, ctx.now);
            problems.push(ApprovalProblem::Changed { approved: head.payload.source_sha256.to_string(), found: tr!("approvals-text-does-not-parse") });
            problems
        }
    };
    let mut problems = problems;
    problems.extend(crate::trust::approval::check_naming(&head.payload, &ctx.trust.namings));
    let lapsed = problems.iter().any(|p| matches!(p, ApprovalProblem::Lapsed { .. }));
    let blocking: Vec<ApprovalProblem> = problems.iter().filter(|p| !is_change(p) && !matches!(p, ApprovalProblem::Lapsed { .. })).cloned().collect();
    if !blocking.is_empty() {
        return Err(withheld(&blocking, &who));
    }
    if lapsed && ctx.lapse != LapsePolicy::Notice {
        let review = head.payload.review_by.date();
        let message = tr!("approvals-review-was-due", review = review);
        let help = tr!("approvals-have-publisher-review-page-run", who = approve_cmd(&who));
        return Err(vec![match ctx.lapse {
            LapsePolicy::Fail => Diagnostic::error(&path, tr!("approvals-not-approved-approval-lapsed", message = message)).help(help),
            _ => Diagnostic::warning(&path, tr!("approvals-not-published-approval-lapsed-lapsed", message = message)).help(help),
        }]);
    }
    let changes: Vec<&ApprovalProblem> = problems.iter().filter(|p| is_change(p)).collect();
    let (page, findings, text_file, last_approved) = if changes.is_empty() {
        let (page, findings, _) = current.ok_or_else(|| withheld(&[ApprovalProblem::NeverApproved], &who))?;
        (page, findings, None, None)
    } else {
        match last_approved_page(source, head, ctx) {
            Ok((page, findings, file)) => (Box::new(page), findings, Some(file), Some(head.payload.sequence)),
            Err(why) => {
                let mut out = withheld(&changes.iter().map(|p| (*p).clone()).collect::<Vec<_>>(), &who);
                for d in &mut out {
                    d.message = tr!("approvals-earlier-approved-version-cannot-be", message = d.message, why = why);
                }
                return Err(out);
            }
        }
    };
    let Some(info) = info_of(&chain, &co, ctx.trust, lapsed) else {
        return Err(withheld(&[ApprovalProblem::BadSignature { file: path.clone(), reason: tr!("approvals-key-not-in-registry") }], &who));
    };
    let standing = Standing { last_approved, lapsed };
    let mut notes = Vec::new();
    if let Some(sequence) = last_approved {
        for change in changes {
            notes.push(
                Diagnostic::warning(&path, tr!("approvals-kept-at-approved-version-approval", approved_on = info.approved_on, sequence = sequence, change = change))
                    .help(tr!("approvals-change-published-once-publisher-approves", who = approve_cmd(&who))),
            );
        }
    }
    if lapsed {
        notes.push(
            Diagnostic::warning(&path, tr!("approvals-approval-lapsed-review-was-due", review_on = info.review_on))
                .help(tr!("approvals-have-publisher-review-page-run", who = approve_cmd(&who))),
        );
    }
    Ok((Some(approved(page, findings, text_file, chain, co, standing)), notes))
}

/// Publishes the approved version `chain[at]` of a page whose newer
/// approvals are scheduled for later.
fn publish_earlier(source: &SourcePage, chain: &[CheckedApproval], at: usize, ctx: &ApprovalContext<'_>) -> Result<Decision, String> {
    let approval = &chain[at];
    let policy = &ctx.trust.root.payload().policy;
    let mut problems = check_authority(&approval.payload, &source.path, &ctx.trust.registry, policy, ctx.now);
    problems.extend(crate::trust::approval::check_naming(&approval.payload, &ctx.trust.namings));
    let lapsed = problems.iter().any(|p| matches!(p, ApprovalProblem::Lapsed { .. }));
    if let Some(problem) = problems.iter().find(|p| !matches!(p, ApprovalProblem::Lapsed { .. })) {
        return Err(problem.to_string());
    }
    if lapsed && ctx.lapse != LapsePolicy::Notice {
        return Err(tr!("approvals-review-was-due", review = approval.payload.review_by.date()));
    }
    let (co, short) = co_signers(approval, ctx.trust, ctx.trust_dir, ctx.now);
    if let Some(problem) = short {
        return Err(problem.to_string());
    }
    let (page, findings, text_file) = last_approved_page(source, approval, ctx)?;
    let chain = chain[..=at].to_vec();
    info_of(&chain, &co, ctx.trust, lapsed).ok_or_else(|| tr!("approvals-key-not-in-registry"))?;
    let standing = Standing { last_approved: Some(approval.payload.sequence), lapsed };
    Ok((Some(approved(Box::new(page), findings, Some(text_file), chain, co, standing)), Vec::new()))
}

/// Decides every page in parallel: what is published, and what is pending
/// with who must act. `unparsed` are page files whose current text does not
/// parse; their newest approved version is published when it can be.
pub fn approve_pages(pages: Vec<(Box<Page>, Vec<PageFinding>)>, unparsed: Vec<SourcePage>, ctx: &ApprovalContext<'_>, progress: &dyn crate::progress::Progress) -> ApprovalOutcome {
    // Each page is taken (not copied) into its decision, which keeps only
    // what a published page needs.
    let parsed = pages.into_par_iter().map(|(page, findings)| {
        progress.advance(1);
        if let Some(d) = unknown_publisher(&page, &ctx.trust.registry) {
            return (None, vec![d]);
        }
        // The text's digest is all the decision needs of it (a published
        // page's text is read again, and checked, when it is written).
        let digest = page.source.digest.clone();
        let source = SourcePage { text: String::new(), ..page.source.clone() };
        decide(&source, Some((page, findings, digest)), ctx)
    });
    let unparsed = unparsed.into_par_iter().map(|source| {
        progress.advance(1);
        decide(&source, None, ctx)
    });
    let mut results: Vec<Decision> = parsed.chain(unparsed).collect();
    let mut outcome = ApprovalOutcome::default();
    for (_, notes) in &mut results {
        for note in std::mem::take(notes) {
            if note.is_error() {
                outcome.errors.push(note);
            } else {
                outcome.pending.push(note);
            }
        }
    }
    // Collected in place, into the decisions' own memory: a second vector
    // of every approved page, grown as pages are added, was the build's
    // peak of memory (30 000 pages: 20 MB).
    outcome.approved = results.into_iter().filter_map(|(page, _)| page).collect();
    outcome.approved.sort_by(|a, b| a.page.source.path.cmp(&b.page.source.path));
    outcome.pending.sort();
    outcome
}
