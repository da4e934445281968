//! The release log: every release a build machine makes is appended to an
//! append-only Merkle log (RFC 6962), published as static files under
//! `/.well-known/sigill/log/` in the C2SP tlog-tiles layout with a C2SP
//! signed-note checkpoint. A build continues the log it last published and
//! refuses to go backwards; a verifier remembers the checkpoint it saw and
//! refuses a log that does not extend it.

#[cfg(feature = "site")]
pub mod checked_files;
pub mod checkpoint;
pub mod entry;
pub mod read;
pub mod tiles;
pub mod witness;
pub mod write;

pub use checkpoint::{checkpoint_origin, SignedCheckpoint};
pub use entry::{LogEntry, LoggedApproval, LoggedWithdrawal, PublishedTimes, ReleaseState};
pub use read::{read_log, PublishedLog};

/// Where the log lives inside a published site.
pub const LOG_DIR: &str = "/.well-known/sigill/log";

/// Why a log could not be read or trusted.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum LogError {
    /// A file of the log is missing or unreadable.
    #[error("{0}")]
    Fetch(String),
    /// The checkpoint is not a well-formed signed note of this log.
    #[error("{}", tr!("log-checkpoint", value0 = .0))]
    Checkpoint(String),
    /// The entries do not hash to the checkpoint's root, or an entry,
    /// state or release does not match what the log commits to.
    #[error("{0}")]
    Mismatch(String),
    /// The log is larger than a verifier reads.
    #[error("{}", tr!("log-log-has-entries-more-than", value0 = .0))]
    TooLarge(u64),
}
