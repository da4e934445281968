//! Approvals stage: checks each page's approval chain against the verified
//! registry and policy, and wraps the pages that pass into [`ApprovedPage`] —
//! the only kind of page the renderer accepts.

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::model::{Page, RenderedBody};
use crate::trust::approval::{check_head, load_chain, ApprovalProblem, ApprovedAsset, CheckedApproval, PageSource};
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
}

/// A page whose newest approval verified. Its fields are private and it has
/// no public constructor: only [`approve_pages`] makes one.
#[derive(Debug, Clone)]
pub struct ApprovedPage {
    page: Page,
    body: RenderedBody,
    info: ApprovalInfo,
    chain: Vec<CheckedApproval>,
}

impl ApprovedPage {
    pub fn page(&self) -> &Page {
        &self.page
    }
    pub fn body(&self) -> &RenderedBody {
        &self.body
    }
    pub fn approval(&self) -> &ApprovalInfo {
        &self.info
    }
    /// Every approval of the page, oldest first (the page's history).
    pub fn chain(&self) -> &[CheckedApproval] {
        &self.chain
    }
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
        page.source.assets.iter().map(|a| ApprovedAsset { path: a.path.clone(), sha256: a.sha256.clone() }).collect();
    assets.sort();
    assets
}

/// Checks one page's approvals.
pub fn evaluate(page: &Page, trust: &TrustState, trust_dir: &Path, site: &str, now: Timestamp) -> Verdict {
    let chain = match load_chain(trust_dir, &page.source.path, site, &trust.registry) {
        Ok(chain) => chain,
        Err(problem) => return Verdict::Rejected(vec![problem]),
    };
    let head = chain.last().expect("load_chain returns at least one");
    let assets = current_assets(page);
    let source = PageSource {
        path: &page.source.path,
        bytes: page.source.bytes(),
        assets: &assets,
        front_matter_publisher: Some(&page.front.publisher),
        url: Some(&page.url),
        aliases: &page.front.aliases,
    };
    let problems = check_head(head, &source, &trust.registry, &trust.root.payload().policy, now);
    if !problems.is_empty() {
        return Verdict::Rejected(problems);
    }
    let p = &head.payload;
    let (publisher, _, _) = trust.registry.key(&p.keyid).expect("check_head found the key");
    let at = Timestamp::parse(&p.approved_at).expect("checked");
    let review = Timestamp::parse(&p.review_by).expect("checked");
    let info = ApprovalInfo {
        publisher_id: publisher.id.clone(),
        publisher_name: publisher.name.clone(),
        publisher_title: publisher.title.clone(),
        publisher_unit: publisher.unit.clone(),
        approved_at: p.approved_at.clone(),
        approved_on: at.date(),
        review_by: p.review_by.clone(),
        review_on: review.date(),
        note: p.note.clone(),
        sequence: p.sequence,
        keyid: p.keyid.clone(),
    };
    Verdict::Approved { info: Box::new(info), chain }
}

/// The command that fixes a problem, for the diagnostic's help line.
pub fn fix_for(problem: &ApprovalProblem, page: &Page) -> String {
    let approve = format!("sigill approve {} --key <{}'s key file>", page.source.path, page.front.publisher);
    match problem {
        ApprovalProblem::NeverApproved
        | ApprovalProblem::Changed { .. }
        | ApprovalProblem::AssetChanged { .. }
        | ApprovalProblem::Lapsed { .. }
        | ApprovalProblem::Compromised { .. }
        | ApprovalProblem::KeyNotValid { .. }
        | ApprovalProblem::PublisherMismatch { .. } => format!("have the publisher review the page and run: {approve}"),
        ApprovalProblem::OutOfScope { publisher, .. } => format!(
            "set `publisher` to the publisher responsible for this folder (see `sigill publisher list`), or ask the system owner to add the folder to {publisher}'s scopes"
        ),
        ApprovalProblem::UrlMismatch { .. } => format!("the page's URL changed (file name or `slug`): have the publisher approve it at its new address: {approve}"),
        ApprovalProblem::UrlOutOfScope { publisher, .. } => format!(
            "remove the `slug` or alias that leaves {publisher}'s section, or ask the system owner to widen {publisher}'s scopes (`sigill publisher list`)"
        ),
        ApprovalProblem::ReviewBeyondPolicy { .. } | ApprovalProblem::FromTheFuture { .. } => {
            format!("approve again with a valid date: {approve} --review-by YYYY-MM-DD")
        }
        _ => format!("remove the approval files that do not verify (they were not made by `sigill approve`), then run: {approve}"),
    }
}

/// The command that fixes a problem of the theme or `site.toml`.
pub fn fix_for_input(problem: &ApprovalProblem, path: &str, theme_dir: &str) -> String {
    let target = if path == crate::trust::scope::CONFIG_SCOPE { path } else { theme_dir };
    let approve = format!("sigill approve {target} --key <key file of a publisher whose scope covers {target}>");
    match problem {
        ApprovalProblem::OutOfScope { .. } => format!(
            "ask the system owner to give a publisher (for example the web manager) the scope {target} with `sigill publisher add … --scope {target}`, then run: {approve}"
        ),
        _ => format!("have the responsible publisher review the change and run: {approve} (`sigill status` lists what changed)"),
    }
}

/// Checks every page in parallel. Returns the approved pages, or every
/// problem of every rejected page.
pub fn approve_pages(
    pages: Vec<(Page, Rendered)>,
    trust: &TrustState,
    trust_dir: &Path,
    site: &str,
    now: Timestamp,
    progress: &dyn crate::progress::Progress,
) -> Result<Vec<ApprovedPage>, Vec<Diagnostic>> {
    let results: Vec<Result<ApprovedPage, Vec<Diagnostic>>> = pages
        .into_par_iter()
        .map(|(page, rendered)| {
            progress.advance(1);
            if trust.registry.publisher(&page.front.publisher).is_none() {
                let known: Vec<&str> = trust.registry.payload().publishers.iter().map(|p| p.id.as_str()).collect();
                let line = page.source.text().lines().position(|l| l.trim_start().starts_with("publisher")).map_or(1, |i| i + 1);
                let mut d = Diagnostic::error(&page.source.path, format!("publisher {:?} is not in the publisher registry", page.front.publisher)).at(line, 1);
                d = match crate::diagnostic::did_you_mean(&page.front.publisher, &known) {
                    Some(close) => d.help(format!("did you mean {close:?}? (`sigill publisher list` shows every publisher)")),
                    None => d.help("use an id from `sigill publisher list`"),
                };
                return Err(vec![d]);
            }
            match evaluate(&page, trust, trust_dir, site, now) {
                Verdict::Approved { info, chain } => Ok(ApprovedPage { page, body: rendered.body, info: *info, chain }),
                Verdict::Rejected(problems) => Err(problems
                    .iter()
                    .map(|problem| {
                        Diagnostic::error(&page.source.path, format!("not approved: {problem}")).help(fix_for(problem, &page))
                    })
                    .collect()),
            }
        })
        .collect();
    let mut approved = Vec::new();
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(page) => approved.push(page),
            Err(mut d) => diagnostics.append(&mut d),
        }
    }
    if diagnostics.is_empty() {
        approved.sort_by(|a, b| a.page.source.path.cmp(&b.page.source.path));
        Ok(approved)
    } else {
        Err(diagnostics)
    }
}
