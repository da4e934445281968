//! Page histories, as a verifier checks them: every published version of a
//! page (`<page>/historik/<n>.approval.json`, `history/` in English) is an
//! approval signed by a registry key, for that page's URL, numbered as its
//! sequence and chained to the version before; its approved text
//! (`<n>.md`), when published, is the text the approval covers; and the
//! page's published approval (in its proof) is the last of them or the next.

use std::collections::BTreeMap;

use super::reason::{Finding, Reason};
use super::site::SiteContext;
use super::source::Source;
use crate::trust::approval::verify_approval_bytes;
use crate::trust::encoding::sha256_hex;
use crate::trust::envelope::MAX_ENVELOPE_BYTES;
use crate::trust::canonical::from_canonical_sorted;
use crate::trust::release::{PageProof, MAX_PROOF_BYTES, MAX_SOURCE_BYTES};

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
    pages.iter().filter_map(|((url, folder), versions)| check_history(source, ctx, url, folder, versions).err()).collect()
}

/// The last version a history folder holds, as the published approval continues it.
struct Last {
    sequence: u64,
    payload_sha256: crate::trust::digest::Sha256,
    approved_at: crate::trust::Timestamp,
}

/// One page's history: its versions in order, and the page's published
/// approval the same as the last of them or the next after it.
fn check_history(source: &dyn Source, ctx: &SiteContext, url: &str, folder: &str, versions: &BTreeMap<u64, String>) -> Result<(), Finding> {
    let mut last: Option<Last> = None;
    for (index, (sequence, path)) in versions.iter().enumerate() {
        let bytes = source.get(path, MAX_ENVELOPE_BYTES).map_err(|e| invalid(format!("{path}: {e}")))?;
        let (payload_bytes, payload) = verify_approval_bytes(&bytes, path, &ctx.registry).map_err(|e| invalid(e.to_string()))?;
        // Approvals of one page are in order: numbered, chained, and
        // never dated before the one they follow.
        let in_order = *sequence == index as u64 + 1
            && payload.sequence == *sequence
            && payload.previous.as_ref() == last.as_ref().map(|l| &l.payload_sha256)
            && last.as_ref().is_none_or(|l| payload.approved_at >= l.approved_at);
        if payload.url.as_deref() != Some(url) || payload.site != ctx.root.payload().site || !in_order {
            return Err(invalid(tr!("history-not-version-page-at-address", path = path, sequence = sequence, url = url)));
        }
        let text = format!("{folder}/{sequence}.md");
        if ctx.files.contains_key(&text) {
            match source.get(&text, MAX_SOURCE_BYTES as usize) {
                Ok(bytes) if sha256_hex(&bytes) == payload.source_sha256 => {}
                _ => return Err(invalid(tr!("history-not-text-version-approves", text = text, sequence = sequence))),
            }
        }
        last = Some(Last { sequence: payload.sequence, payload_sha256: crate::trust::digest::Sha256::of(&payload_bytes), approved_at: payload.approved_at });
    }
    match last {
        Some(last) => continues(source, ctx, url, &last),
        None => Ok(()),
    }
}

/// The page's own published approval (in its proof) is the history's last
/// version, or the version right after it: numbered next, naming it as
/// `previous`, and not dated before it.
fn continues(source: &dyn Source, ctx: &SiteContext, url: &str, last: &Last) -> Result<(), Finding> {
    let broken = || invalid(tr!("history-does-not-lead-to-published-version", url = url, sequence = last.sequence));
    let proof: PageProof = source
        .get(&format!("{url}index.html.proof.json"), MAX_PROOF_BYTES)
        .ok()
        .and_then(|bytes| from_canonical_sorted(&bytes, MAX_PROOF_BYTES).ok())
        .ok_or_else(broken)?;
    let published = proof
        .approvals
        .iter()
        .filter_map(|envelope| verify_approval_bytes(&envelope.to_bytes(), url, &ctx.registry).ok())
        .find(|(_, payload)| payload.co_approves.is_none())
        .ok_or_else(broken)?;
    let (payload_bytes, payload) = published;
    let same = payload.sequence == last.sequence && crate::trust::digest::Sha256::of(&payload_bytes) == last.payload_sha256;
    let next = payload.sequence == last.sequence + 1 && payload.previous.as_ref() == Some(&last.payload_sha256) && payload.approved_at >= last.approved_at;
    if same || next {
        Ok(())
    } else {
        Err(broken())
    }
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
