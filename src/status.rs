//! `sigill status`: every page's approval state and who must act.

use serde::Serialize;

use crate::approvals::{evaluate, Verdict};
use crate::config::Site;
use crate::model::Page;
use crate::trust::approval::{ApprovalProblem, CheckedApproval};
use crate::trust::{Timestamp, TrustState};

/// The states a page can be in, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageState {
    Invalid,
    PublisherRevoked,
    OutOfScope,
    Lapsed,
    NeverApproved,
    /// Approved, but by fewer publishers than the scope's rule requires.
    AwaitingApprovals,
    ChangedSinceApproval,
    /// A translation whose source was approved again since.
    TranslationOutdated,
    ReviewDueSoon,
    /// Approved, to be published later (`publish_at`).
    Scheduled,
    Approved,
}

impl PageState {
    /// Plain words for people.
    pub fn label(self) -> String {
        match self {
            PageState::Invalid => tr!("status-invalid"),
            PageState::PublisherRevoked => tr!("status-publisher-revoked"),
            PageState::OutOfScope => tr!("status-out-of-scope"),
            PageState::Lapsed => tr!("status-lapsed"),
            PageState::NeverApproved => tr!("status-never-approved"),
            PageState::AwaitingApprovals => tr!("status-awaiting-approvals"),
            PageState::ChangedSinceApproval => tr!("status-changed"),
            PageState::ReviewDueSoon => tr!("status-review-due-soon"),
            PageState::TranslationOutdated => tr!("status-translation-outdated"),
            PageState::Scheduled => tr!("status-scheduled"),
            PageState::Approved => tr!("status-approved"),
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct PageStatus {
    pub path: String,
    pub url: String,
    pub state: PageState,
    pub publisher: String,
    pub publisher_name: Option<String>,
    pub review_by: Option<String>,
    pub days_left: Option<i64>,
    pub reasons: Vec<String>,
    pub action: Option<String>,
    /// For a translation out of date: since when (`YYYY-MM-DD`).
    pub outdated_since: Option<String>,
    /// The signed publication times of the newest approval.
    pub publish_at: Option<String>,
    pub unpublish_at: Option<String>,
    /// The names of the publishers who approved the current version, the
    /// page's own publisher first.
    pub approved_by: Vec<String>,
    /// How many different publishers must approve (the two-person rule).
    pub approvals_needed: u32,
    /// The publisher sent the page back with a comment, after its newest
    /// approval.
    pub sent_back: Option<crate::sent_back::SentBack>,
}

/// Classifies every page: each on its own, then translations against
/// their sources' approvals.
pub fn site_status<P: std::borrow::Borrow<Page>>(pages: &[P], site: &Site, trust: &TrustState, now: Timestamp) -> Vec<PageStatus> {
    let checked: Vec<(PageStatus, Option<Vec<CheckedApproval>>)> = pages.iter().map(|p| page_status_with_chain(p.borrow(), site, trust, now)).collect();
    let chains: std::collections::BTreeMap<&str, &Vec<CheckedApproval>> = checked.iter().filter_map(|(s, c)| c.as_ref().map(|c| (s.path.as_str(), c))).collect();
    let mut out = Vec::with_capacity(checked.len());
    for ((status, chain), page) in checked.iter().zip(pages) {
        let page: &Page = page.borrow();
        let mut status = status.clone();
        let head = chain.as_ref().and_then(|c| c.last());
        if let (Some(head), Some(source)) = (head, page.front.translation_of.as_deref()) {
            if let Some((since, sequence)) = chains.get(source).and_then(|c| crate::translations::outdated(&head.payload, c)) {
                status.outdated_since = Some(since.clone());
                status.reasons.push(tr!("status-translation-outdated-since", since = since, source = source, sequence = sequence));
                status.state = status.state.min(PageState::TranslationOutdated);
                status.action.get_or_insert_with(|| tr!("approve-command", path = page.source.path, who = page.front.publisher));
            }
        }
        if let Some(head) = head {
            let schedule = head.payload.schedule();
            status.publish_at = schedule.publish_at.map(|t| t.to_string());
            status.unpublish_at = schedule.unpublish_at.map(|t| t.to_string());
            if schedule.is_before(now) && status.state == PageState::Approved {
                status.state = PageState::Scheduled;
            }
        }
        out.push(status);
    }
    out
}

/// Postings and removals still to come, from the pages' statuses, soonest
/// first: (time, removal?, path).
pub fn upcoming(statuses: &[PageStatus], now: Timestamp) -> Vec<(Timestamp, bool, String)> {
    let mut out: Vec<(Timestamp, bool, String)> = statuses
        .iter()
        .flat_map(|s| {
            [(s.publish_at.as_deref(), false), (s.unpublish_at.as_deref(), true)]
                .into_iter()
                .filter_map(|(at, removal)| at.and_then(Timestamp::parse).filter(|t| *t > now).map(|t| (t, removal, s.path.clone())))
        })
        .collect();
    out.sort();
    out
}

/// Classifies one page.
pub fn page_status(page: &Page, site: &Site, trust: &TrustState, now: Timestamp) -> PageStatus {
    page_status_with_chain(page, site, trust, now).0
}

fn page_status_with_chain(page: &Page, site: &Site, trust: &TrustState, now: Timestamp) -> (PageStatus, Option<Vec<CheckedApproval>>) {
    let publisher_name = trust.registry.publisher(&page.front.publisher).map(|p| p.name.clone());
    let mut status = PageStatus {
        path: page.source.path.clone(),
        url: page.url.clone(),
        state: PageState::Approved,
        publisher: page.front.publisher.clone(),
        publisher_name,
        review_by: None,
        days_left: None,
        reasons: Vec::new(),
        action: None,
        outdated_since: None,
        publish_at: None,
        unpublish_at: None,
        approved_by: Vec::new(),
        approvals_needed: trust.registry.payload().required_approvals(&page.source.path),
        sent_back: None,
    };
    let mut approvals = None;
    match evaluate(page, trust, &site.trust_dir(), &site.config.site, now) {
        Verdict::Approved { info, chain } => {
            approvals = Some(chain);
            status.approved_by = std::iter::once(info.publisher_name.clone()).chain(info.co_approvers.iter().map(|c| c.publisher_name.clone())).collect();
            let review = Timestamp::parse(&info.review_by).expect("verified");
            let days = now.days_until(&review);
            status.review_by = Some(info.review_on.clone());
            status.days_left = Some(days);
            if days < i64::from(site.config.review_due_soon_days) {
                status.state = PageState::ReviewDueSoon;
                status.action = Some(tr!("approve-command", path = page.source.path, who = page.front.publisher));
            }
        }
        Verdict::Rejected(problems) => {
            status.state = problems.iter().map(state_of).min().unwrap_or(PageState::Invalid);
            status.reasons = problems.iter().map(ToString::to_string).collect();
            status.action = problems.first().map(|p| crate::approvals::fix_for(p, &page.source.path, &page.front.publisher));
            if let Some(ApprovalProblem::TooFewApprovals { by, .. }) = problems.iter().find(|p| matches!(p, ApprovalProblem::TooFewApprovals { .. })) {
                status.approved_by = by.split(", ").map(|id| trust.registry.publisher(id).map_or_else(|| id.to_string(), |p| p.name.clone())).collect();
            }
        }
    }
    let head = approvals.as_ref().and_then(|c| c.last()).map(|h| h.payload.approved_at);
    status.sent_back = crate::sent_back::read(&site.trust_dir(), &page.source.path).filter(|note| head.is_none_or(|at| at <= note.at));
    if let Some(note) = &status.sent_back {
        status.reasons.push(tr!("status-sent-back", name = note.publisher_name, comment = note.comment));
    }
    if trust.registry.publisher(&page.front.publisher).is_none() {
        status.state = PageState::Invalid;
        status.reasons.push(tr!("status-publisher-not-in-registry", publisher = format!("{:?}", page.front.publisher)));
    }
    (status, approvals)
}

/// Something signed that expires soon, and the command that renews it.
#[derive(Debug, Clone, Serialize)]
pub struct Expiring {
    pub what: String,
    pub expires: String,
    pub days_left: i64,
    pub action: String,
}

/// Everything that expires within `within_days` (or already has): the root,
/// the registry and publisher keys, each with the command that renews it.
pub fn expiring(trust: &TrustState, now: Timestamp, within_days: i64) -> Vec<Expiring> {
    let mut out = Vec::new();
    let mut check = |what: String, at: &Timestamp, action: String| {
        let days_left = now.days_until(at);
        if days_left <= within_days {
            out.push(Expiring { what, expires: at.to_string(), days_left, action });
        }
    };
    let root = trust.root.payload();
    check(tr!("status-root-trust-version", version = root.version), &root.expires, "sigill trust renew-root --days 730 --sign-with <root key files>".into());
    let registry = trust.registry.payload();
    check(tr!("status-publisher-registry-version", version = registry.version), &registry.expires, "sigill trust renew-registry --days 365 --sign-with <registry key file>".into());
    for publisher in &registry.publishers {
        for key in publisher.keys.iter().filter(|k| k.status == crate::trust::registry::KeyStatus::Active) {
            check(
                tr!("status-key-publisher", keyid = crate::trust::keys::fingerprint(&key.keyid.hex()), id = publisher.id),
                &key.valid_until,
                tr!("status-have-make-new-key-sigill", name = publisher.name, id = publisher.id),
            );
        }
    }
    out
}

/// The state of a site input (`site.toml` or the theme), for `status`.
#[derive(Debug, Clone, Serialize)]
pub struct InputStatus {
    pub path: String,
    pub state: PageState,
    pub reasons: Vec<String>,
    pub action: Option<String>,
}

/// Classifies `site.toml` and the theme: they are approved like pages.
pub fn input_statuses(site: &Site, trust: &TrustState, now: Timestamp) -> Vec<InputStatus> {
    let theme_dir = format!("themes/{}/", site.config.theme);
    crate::inputs::input_status(&site.root, &site.bytes, &site.config.theme, trust, &site.config.site, now)
        .into_iter()
        .map(|(path, problems)| InputStatus {
            state: problems.iter().map(state_of).min().unwrap_or(PageState::Approved),
            reasons: problems.iter().map(ToString::to_string).collect(),
            action: problems.first().map(|p| crate::approvals::fix_for_input(p, &path, &theme_dir)),
            path,
        })
        .collect()
}

fn state_of(problem: &ApprovalProblem) -> PageState {
    match problem {
        ApprovalProblem::NeverApproved => PageState::NeverApproved,
        ApprovalProblem::TooFewApprovals { .. } => PageState::AwaitingApprovals,
        ApprovalProblem::Changed { .. } | ApprovalProblem::AssetChanged { .. } | ApprovalProblem::PublisherMismatch { .. } => {
            PageState::ChangedSinceApproval
        }
        ApprovalProblem::Lapsed { .. } => PageState::Lapsed,
        ApprovalProblem::OutOfScope { .. } => PageState::OutOfScope,
        ApprovalProblem::Compromised { .. } | ApprovalProblem::KeyNotValid { .. } => PageState::PublisherRevoked,
        _ => PageState::Invalid,
    }
}
