//! `sigill status`: every page's approval state and who must act.

use serde::Serialize;

use crate::approvals::{evaluate, Verdict};
use crate::config::Site;
use crate::model::Page;
use crate::trust::approval::ApprovalProblem;
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
    ChangedSinceApproval,
    ReviewDueSoon,
    Approved,
}

impl PageState {
    /// Plain words for people.
    pub fn label(self) -> &'static str {
        match self {
            PageState::Invalid => "approval does not verify",
            PageState::PublisherRevoked => "publisher key revoked",
            PageState::OutOfScope => "publisher out of scope",
            PageState::Lapsed => "lapsed",
            PageState::NeverApproved => "never approved",
            PageState::ChangedSinceApproval => "changed since approval",
            PageState::ReviewDueSoon => "review due soon",
            PageState::Approved => "approved",
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
}

/// Classifies one page.
pub fn page_status(page: &Page, site: &Site, trust: &TrustState, now: Timestamp) -> PageStatus {
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
    };
    match evaluate(page, trust, &site.trust_dir(), &site.config.site, now) {
        Verdict::Approved { info, .. } => {
            let review = Timestamp::parse(&info.review_by).expect("verified");
            let days = now.days_until(&review);
            status.review_by = Some(info.review_on.clone());
            status.days_left = Some(days);
            if days < i64::from(site.config.review_due_soon_days) {
                status.state = PageState::ReviewDueSoon;
                status.action = Some(format!("sigill approve {} --key <{}'s key file>", page.source.path, page.front.publisher));
            }
        }
        Verdict::Rejected(problems) => {
            status.state = problems.iter().map(state_of).min().unwrap_or(PageState::Invalid);
            status.reasons = problems.iter().map(ToString::to_string).collect();
            status.action = problems.first().map(|p| crate::approvals::fix_for(p, &page.source.path, &page.front.publisher));
        }
    }
    if trust.registry.publisher(&page.front.publisher).is_none() {
        status.state = PageState::Invalid;
        status.reasons.push(format!("publisher {:?} is not in the registry", page.front.publisher));
    }
    status
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
        ApprovalProblem::Changed { .. } | ApprovalProblem::AssetChanged { .. } | ApprovalProblem::PublisherMismatch { .. } => {
            PageState::ChangedSinceApproval
        }
        ApprovalProblem::Lapsed { .. } => PageState::Lapsed,
        ApprovalProblem::OutOfScope { .. } => PageState::OutOfScope,
        ApprovalProblem::Compromised { .. } | ApprovalProblem::KeyNotValid { .. } => PageState::PublisherRevoked,
        _ => PageState::Invalid,
    }
}
