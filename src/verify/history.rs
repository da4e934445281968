//! Page histories, as a verifier checks them: every published version of a
//! page (`<page>/historik/<n>.approval.json`, `history/` in English) is an
//! approval signed by a registry key, for that page's URL, numbered as its
//! sequence and chained to the version before; its approved text
//! (`<n>.md`), when published, is the text the approval covers.

use std::collections::BTreeMap;

use super::reason::{Finding, Reason};
use super::site::SiteContext;
use super::source::Source;
use crate::trust::approval::verify_approval_bytes;
use crate::trust::encoding::sha256_hex;
use crate::trust::envelope::MAX_ENVELOPE_BYTES;
use crate::trust::release::MAX_SOURCE_BYTES;

/// The folder names of histories (Swedish, English).
pub const HISTORY_FOLDERS: [&str; 2] = ["historik", "history"];

fn invalid(detail: String) -> Finding {
    Finding::new(Reason::HistoryInvalid, detail)
}

/// (page URL, sequence) of a history approval path, e.g.
/// `/om/historik/2.approval.json` → (`/om/`, 2).
fn parse(path: &str) -> Option<(String, u64)> {
    let (folder, name) = path.rsplit_once('/')?;
    let sequence: u64 = name.strip_suffix(".approval.json")?.parse().ok()?;
    let (page, slug) = folder.rsplit_once('/')?;
    HISTORY_FOLDERS.contains(&slug).then(|| (format!("{page}/"), sequence))
}

/// Checks every history the release lists.
pub(super) fn check_histories(source: &dyn Source, ctx: &SiteContext) -> Vec<Finding> {
    let mut pages: BTreeMap<(String, String), BTreeMap<u64, String>> = BTreeMap::new();
    for path in ctx.files.keys() {
        if let Some((url, sequence)) = parse(path) {
            let folder = path.rsplit_once('/').map(|(f, _)| f.to_string()).unwrap_or_default();
            pages.entry((url, folder)).or_default().insert(sequence, path.clone());
        }
    }
    let mut problems = Vec::new();
    for ((url, folder), versions) in pages {
        let mut previous: Option<crate::trust::digest::Sha256> = None;
        let mut previous_at: Option<crate::trust::Timestamp> = None;
        for (index, (sequence, path)) in versions.iter().enumerate() {
            let bytes = match source.get(path, MAX_ENVELOPE_BYTES) {
                Ok(bytes) => bytes,
                Err(e) => {
                    problems.push(invalid(format!("{path}: {e}")));
                    break;
                }
            };
            let (payload_bytes, payload) = match verify_approval_bytes(&bytes, path, &ctx.registry) {
                Ok(verified) => verified,
                Err(e) => {
                    problems.push(invalid(e.to_string()));
                    break;
                }
            };
            // Approvals of one page are in order: numbered, chained, and
            // never dated before the one they follow.
            let in_order = *sequence == index as u64 + 1
                && payload.sequence == *sequence
                && payload.previous == previous
                && previous_at.is_none_or(|at| payload.approved_at >= at);
            if payload.url.as_deref() != Some(url.as_str()) || payload.site != ctx.root.payload().site || !in_order {
                problems.push(invalid(tr!("history-not-version-page-at-address", path = path, sequence = sequence, url = url)));
                break;
            }
            let text = format!("{folder}/{sequence}.md");
            if ctx.files.contains_key(&text) {
                match source.get(&text, MAX_SOURCE_BYTES as usize) {
                    Ok(bytes) if sha256_hex(&bytes) == payload.source_sha256 => {}
                    _ => problems.push(invalid(tr!("history-not-text-version-approves", text = text, sequence = sequence))),
                }
            }
            previous = Some(crate::trust::digest::Sha256::of(&payload_bytes));
            previous_at = Some(payload.approved_at);
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn history_paths_name_their_page_and_version() {
        assert_eq!(parse("/om/kontakt/historik/2.approval.json"), Some(("/om/kontakt/".into(), 2)));
        assert_eq!(parse("/historik/1.approval.json"), Some(("/".into(), 1)));
        assert_eq!(parse("/om/kontakt/historik/2.md"), None);
        assert_eq!(parse("/om/kontakt/annat/2.approval.json"), None);
    }
}
