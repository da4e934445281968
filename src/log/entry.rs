//! What one log entry says about a release, and the state document it
//! commits to: every page's and input's approval and every withdrawal.

use serde::{Deserialize, Serialize};

use crate::trust::digest::{KeyId, Sha256};
use crate::trust::Timestamp;

/// The format tag of a log entry.
pub const ENTRY_FORMAT: &str = "sigill-log-entry-v1";
/// The format tag of a release's state document.
pub const STATE_FORMAT: &str = "sigill-log-state-v1";
/// Largest entry (an entry bundle holds at most 65 535 bytes per entry).
pub const MAX_ENTRY_BYTES: usize = 16 * 1024;
/// Largest state document read.
pub const MAX_STATE_BYTES: usize = 64 << 20;

/// One release, as the log records it. The entry's bytes are canonical
/// JSON; its RFC 6962 leaf hash is what the tree commits to.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    /// When the release was made; strictly later than the entry before.
    pub created: Timestamp,
    pub format: String,
    /// Position in the log, from 0.
    pub index: u64,
    pub pages_root: Sha256,
    pub registry_sha256: Sha256,
    pub registry_version: u64,
    /// sha256 of the release envelope (`release/<index>.json`).
    pub release_sha256: Sha256,
    /// sha256 of the newest root version the release used.
    pub root_sha256: Sha256,
    pub root_version: u64,
    pub site: String,
    /// sha256 of the release's state document (`state/<index>.json`).
    pub state_sha256: Sha256,
}

/// The approval a release published for one path.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct LoggedApproval {
    /// sha256 of the approval envelope's bytes.
    pub approval_sha256: Sha256,
    /// The key that signed the approval.
    pub keyid: KeyId,
    /// When the approval was first logged: the time of the first release
    /// that published it (its own `approved_at` is only the signer's word).
    pub logged_at: Timestamp,
    pub path: String,
    pub publisher: String,
    /// Until when the approval holds.
    pub review_by: Timestamp,
    pub sequence: u64,
    /// The page's URL; `None` for the theme and `site.toml`.
    pub url: Option<String>,
}

/// A page removed by a signed withdrawal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct LoggedWithdrawal {
    /// The publisher id who decided, or `registry`.
    pub by: String,
    /// Who decided, in words for the notice (name, title, unit).
    pub decided_by: String,
    pub path: String,
    /// Why, in words for citizens.
    pub reason: String,
    /// The last approval sequence the withdrawal covers.
    pub sequence: u64,
    pub url: String,
    /// sha256 of the signed withdrawal, or of the registry version that
    /// marked the approving key compromised.
    pub withdrawal_sha256: Sha256,
    pub withdrawn_at: Timestamp,
}

/// Everything a release published, by path, sorted: what the next build
/// must not go back on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct ReleaseState {
    /// Further publishers' approvals of published pages (the two-person
    /// rule), each logged like the page's own; absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_approvals: Vec<LoggedApproval>,
    pub format: String,
    pub inputs: Vec<LoggedApproval>,
    pub pages: Vec<LoggedApproval>,
    pub withdrawn: Vec<LoggedWithdrawal>,
}

impl ReleaseState {
    /// When the page approval of hash `approval_sha256` was first logged,
    /// when this state publishes it. The pages are sorted as the state is
    /// written (by the whole entry, whose first field is the approval's
    /// hash), so this is a binary search, with no map of every page.
    pub fn page_logged_at(&self, approval_sha256: &Sha256) -> Option<Timestamp> {
        debug_assert!(self.pages.is_sorted(), "a state's pages are sorted");
        let at = self.pages.partition_point(|a| &a.approval_sha256 < approval_sha256);
        self.pages.get(at).filter(|a| &a.approval_sha256 == approval_sha256).map(|a| a.logged_at)
    }
}

/// What writing a release needs of its state: when each published page
/// approval was first logged, and the withdrawals. A build holds this
/// while it writes the pages, not the whole state (at 100 000 pages, tens
/// of megabytes), which is written out before.
#[derive(Debug, Clone, Default)]
pub struct PublishedTimes {
    /// Each page approval's hash and when it was first logged, sorted.
    pages: Vec<(Sha256, Timestamp)>,
    pub withdrawn: Vec<LoggedWithdrawal>,
}

impl PublishedTimes {
    pub fn of(state: &ReleaseState) -> Self {
        debug_assert!(state.pages.is_sorted(), "a state's pages are sorted");
        // In the state's order (by hash first), so that a search finds what
        // the state's own would.
        let pages = state.pages.iter().map(|a| (a.approval_sha256, a.logged_at)).collect();
        Self { pages, withdrawn: state.withdrawn.clone() }
    }

    /// As [`ReleaseState::page_logged_at`].
    pub fn page_logged_at(&self, approval_sha256: &Sha256) -> Option<Timestamp> {
        let at = self.pages.partition_point(|(sha256, _)| sha256 < approval_sha256);
        self.pages.get(at).filter(|(sha256, _)| sha256 == approval_sha256).map(|(_, logged_at)| *logged_at)
    }
}

/// `state/<index>.json` inside the log folder.
pub fn state_path(index: u64) -> String {
    format!("state/{index}.json")
}

/// `release/<index>.json` inside the log folder: the signed release itself.
pub fn release_path(index: u64) -> String {
    format!("release/{index}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged(text: &str, at: i64) -> LoggedApproval {
        LoggedApproval {
            approval_sha256: Sha256::of(text.as_bytes()),
            keyid: KeyId::of_public_key(&[7; 32]),
            logged_at: Timestamp::from_unix(at).expect("time"),
            path: format!("content/{text}.md"),
            publisher: "anna".into(),
            review_by: Timestamp::from_unix(at + 1000).expect("time"),
            sequence: 1,
            url: Some(format!("/{text}/")),
        }
    }

    #[test]
    fn a_published_approval_is_found_by_its_hash_and_no_other() {
        let mut state = ReleaseState { format: "sigill-log-state-v1".into(), pages: (0..50).map(|n| logged(&format!("sida-{n}"), 1_000 + n)).collect(), ..Default::default() };
        state.pages.sort();
        for n in [0, 17, 49] {
            let hash = Sha256::of(format!("sida-{n}").as_bytes());
            assert_eq!(state.page_logged_at(&hash), Timestamp::from_unix(1_000 + n), "page {n}");
        }
        assert_eq!(state.page_logged_at(&Sha256::of(b"sida-50")), None, "an approval the state does not publish");
        assert_eq!(ReleaseState::default().page_logged_at(&Sha256::of(b"sida-0")), None);
        // What a build keeps while it writes answers the same.
        let times = PublishedTimes::of(&state);
        for n in 0..51 {
            let hash = Sha256::of(format!("sida-{n}").as_bytes());
            assert_eq!(times.page_logged_at(&hash), state.page_logged_at(&hash), "page {n}");
        }
    }
}
