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

/// `state/<index>.json` inside the log folder.
pub fn state_path(index: u64) -> String {
    format!("state/{index}.json")
}

/// `release/<index>.json` inside the log folder: the signed release itself.
pub fn release_path(index: u64) -> String {
    format!("release/{index}.json")
}
