//! Public page history: every approved version of a published page, with
//! its date, publisher, change note, the signed approval and the approved
//! source, and a readable diff to the version before. Minor changes are
//! listed too, marked as such. Made only from the verified approval chain
//! and the approved texts kept beside it.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::admin::snapshot_path;
use crate::language::Language;
use crate::trust::approval::CheckedApproval;
use crate::trust::encoding::sha256_hex;
use crate::trust::{Timestamp, TrustState};

/// The folder name of a page's history under its URL, in the site's language.
pub fn history_slug(language: Language) -> &'static str {
    match language {
        Language::Sv => "historik",
        Language::En => "history",
    }
}

/// The history page's URL for the page at `url`.
pub fn history_url(url: &str, language: Language) -> String {
    let base = if url.ends_with('/') { url.to_string() } else { format!("{url}/") };
    format!("{base}{}/", history_slug(language))
}

/// One line of a diff between two approved texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// `added`, `removed`, `same`, or `gap` (unchanged lines left out).
    pub kind: &'static str,
    pub text: String,
}

/// One approved version of a page.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub sequence: u64,
    pub approved_at: Timestamp,
    pub approved_on: String,
    pub publisher: String,
    pub note: String,
    pub minor: bool,
    /// When the version was first published (the release that logged it),
    /// when known.
    pub published_on: Option<String>,
    /// The approved text, when it is kept beside the approval.
    #[serde(skip)]
    pub source: Option<Vec<u8>>,
    /// Changes from the version before (`None` for the first, or when
    /// either text is not kept).
    pub diff: Option<Vec<DiffLine>>,
    /// Lines added and removed.
    pub added: usize,
    pub removed: usize,
}

/// Unchanged lines kept around each change.
const CONTEXT: usize = 2;

/// The changes between two texts, line by line, with a little context.
pub fn diff_lines(before: &str, after: &str) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(before, after);
    let mut lines = Vec::new();
    for (index, group) in diff.grouped_ops(CONTEXT).iter().enumerate() {
        if index > 0 {
            lines.push(DiffLine { kind: "gap", text: String::new() });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let kind = match change.tag() {
                    ChangeTag::Insert => "added",
                    ChangeTag::Delete => "removed",
                    ChangeTag::Equal => "same",
                };
                lines.push(DiffLine { kind, text: change.value().trim_end_matches(['\n', '\r']).to_string() });
            }
        }
    }
    lines
}

/// Every version of the page whose approval chain is `chain`, oldest first.
/// `published` gives when an approval (by the sha256 of its envelope) was
/// first published, where known. `newest` is the text the last approval
/// covers, when the caller has it checked already (a build, writing the
/// page); the others are read from the copies kept beside their approvals.
pub fn versions(
    chain: &[CheckedApproval],
    trust_dir: &std::path::Path,
    trust: &TrustState,
    published: &dyn Fn(&crate::trust::digest::Sha256) -> Option<Timestamp>,
    newest: Option<&[u8]>,
) -> Vec<Version> {
    let mut out: Vec<Version> = Vec::with_capacity(chain.len());
    for (index, approval) in chain.iter().enumerate() {
        let p = &approval.payload;
        let given = newest.filter(|_| index + 1 == chain.len()).map(<[u8]>::to_vec);
        debug_assert!(given.as_ref().is_none_or(|bytes| sha256_hex(bytes) == p.source_sha256), "the newest text given is the approved one");
        let source = given.or_else(|| {
            crate::trust::read_at_most(&snapshot_path(trust_dir, &p.path, p.sequence), crate::load::MAX_PAGE_BYTES as usize)
                .ok()
                .flatten()
                .filter(|bytes| sha256_hex(bytes) == p.source_sha256)
        });
        let registered = trust.registry.key(&p.keyid).map(|(publisher, _, _)| publisher);
        let name = p.publisher_name.clone().or_else(|| registered.map(|r| r.name.clone())).unwrap_or_else(|| p.publisher.clone());
        let title = p.publisher_title.clone().or_else(|| registered.map(|r| r.title.clone())).unwrap_or_default();
        let publisher = if title.is_empty() { name } else { format!("{name}, {title}") };
        let diff = match (out.last().and_then(|v| v.source.as_deref()), source.as_deref()) {
            (Some(before), Some(after)) => Some(diff_lines(&String::from_utf8_lossy(before), &String::from_utf8_lossy(after))),
            _ => None,
        };
        let count = |kind: &str| diff.as_ref().map_or(0, |d| d.iter().filter(|l| l.kind == kind).count());
        out.push(Version {
            sequence: p.sequence,
            approved_at: p.approved_at,
            approved_on: p.approved_at.date(),
            publisher,
            note: p.note.clone(),
            minor: p.minor == Some(true),
            published_on: published(&approval.envelope_sha256()).map(|t| t.date()),
            added: count("added"),
            removed: count("removed"),
            diff,
            source,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_shows_changed_lines_with_context_and_gaps() {
        let before = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
        let after = "a\nB\nc\nd\ne\nf\ng\nh\nI\n";
        let lines = diff_lines(before, after);
        let kinds: Vec<&str> = lines.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, ["same", "removed", "added", "same", "same", "gap", "same", "same", "removed", "added"]);
        assert_eq!(lines[2].text, "B");
        assert!(diff_lines("same\n", "same\n").is_empty());
    }

    #[test]
    fn history_urls_follow_the_language() {
        assert_eq!(history_url("/om/kontakt/", Language::Sv), "/om/kontakt/historik/");
        assert_eq!(history_url("/", Language::En), "/history/");
    }
}
