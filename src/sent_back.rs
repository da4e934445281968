//! Pages a publisher sent back: the comment a communicator sees in `serve`
//! and `status` until the page is approved again. A note to a colleague,
//! not a trust document: it is never signed and never published, and it
//! lives beside the approvals (`trust/sent-back/<path>.json`) so the desk
//! writes nowhere else.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::trust::Timestamp;

/// The longest comment kept.
pub const MAX_COMMENT_CHARS: usize = 4000;

/// The largest note file read.
const MAX_NOTE_BYTES: usize = 64 * 1024;

/// One page sent back with a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentBack {
    pub path: String,
    pub publisher: String,
    pub publisher_name: String,
    pub comment: String,
    pub at: Timestamp,
}

/// Why a page could not be sent back.
#[derive(Debug, thiserror::Error)]
pub enum SentBackError {
    #[error("{}", tr!("sent-back-empty"))]
    Empty,
    #[error("{}", tr!("sent-back-too-long", max = MAX_COMMENT_CHARS))]
    TooLong,
    #[error("{}", tr!("admin-cannot-write", path = .path, source = .source))]
    Io { path: String, source: std::io::Error },
}

/// Where the note for `path` (`content/om/_index.md`) is kept.
pub fn note_path(trust_dir: &Path, path: &str) -> PathBuf {
    trust_dir.join("sent-back").join(format!("{path}.json"))
}

/// The note for `path`, when there is a readable one.
pub fn read(trust_dir: &Path, path: &str) -> Option<SentBack> {
    let bytes = crate::trust::read_at_most(&note_path(trust_dir, path), MAX_NOTE_BYTES).ok().flatten()?;
    serde_json::from_slice::<SentBack>(&bytes).ok().filter(|note| note.path == path)
}

/// Writes (or replaces) the note for the page: whole or not at all.
pub fn write(trust_dir: &Path, note: &SentBack) -> Result<PathBuf, SentBackError> {
    if note.comment.trim().is_empty() {
        return Err(SentBackError::Empty);
    }
    if note.comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(SentBackError::TooLong);
    }
    let file = note_path(trust_dir, &note.path);
    let io = |source| SentBackError::Io { path: file.display().to_string(), source };
    let parent = file.parent().unwrap_or(trust_dir);
    std::fs::create_dir_all(parent).map_err(io)?;
    let mut bytes = serde_json::to_vec_pretty(note).expect("serialises");
    bytes.push(b'\n');
    let mut temp = tempfile::NamedTempFile::new_in(parent).map_err(io)?;
    std::io::Write::write_all(&mut temp, &bytes).map_err(io)?;
    temp.persist(&file).map_err(|e| io(e.error))?;
    Ok(file)
}
