//! `sigill approve`: show what is being approved, ask, sign, write.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use super::args::ApproveArgs;
use super::passphrase::open_key;
use super::CliError;
use sigill::admin;
use sigill::build::{self, BuildOptions};
use sigill::subject::{self, Subject};
use sigill::trust::Timestamp;

pub fn run(root: &Path, args: &ApproveArgs) -> Result<(), CliError> {
    let now = Timestamp::now();
    let options = BuildOptions { out: None, now, write: false, release_key: None, protected: Vec::new(), strict: false, state: None };
    let prepared = build::prepare(root, &options).map_err(CliError::from)?;
    let site = &prepared.site;
    let Some(state) = prepared.trust.as_ref() else {
        let trust = build::load_trust(site, now).err().map(|d| vec![d]).unwrap_or_default();
        return Err(CliError::Diagnostics { diagnostics: trust, setup: false });
    };
    let review_by = match &args.review_by {
        Some(text) => Some(Timestamp::parse_date_or_time(text).ok_or_else(|| CliError::Usage(tr!("approve-review-by-not-date-like", text = format!("{:?}", text))))?),
        None => None,
    };
    let interactive = std::io::stdin().is_terminal();
    if !args.yes && !interactive {
        return Err(CliError::Usage(tr!("approve-approve-asks-for-confirmation-there")));
    }
    let subjects = subject::resolve(&prepared, &args.paths).map_err(|diagnostics| CliError::Diagnostics { diagnostics, setup: false })?;
    let key = open_key(&args.key)?;
    let trust_dir = site.trust_dir();
    let mut drafts = Vec::new();
    for subject in &subjects {
        let request = subject.request(site, &trust_dir, &args.note, args.minor, review_by, now);
        let draft = admin::draft_approval(state, &request, key.public())?;
        show_change(&draft, subject);
        drafts.push(draft);
    }
    if !args.yes && !confirm(drafts.len())? {
        return Err(CliError::Failed(tr!("approve-not-approved-nothing-was-written")));
    }
    let batch: Vec<(&admin::ApprovalDraft, &[u8])> = drafts.iter().zip(&subjects).map(|(d, s)| (d, s.bytes.as_slice())).collect();
    admin::write_approvals(&batch, &key, &trust_dir)?;
    for draft in &drafts {
        if draft.payload.co_approves.is_some() {
            println!("{}", tr!("approve-co-approved", path = draft.payload.path, publisher_name = super::visible(&draft.publisher_name), sequence = draft.payload.sequence));
            continue;
        }
        println!("{}", tr!("approve-approved-as-sequence-review-by", path = draft.payload.path, publisher_name = super::visible(&draft.publisher_name), sequence = draft.payload.sequence, date = draft.payload.review_by.date()));
    }
    Ok(())
}

/// `sigill history`: every approved version of a page, newest first.
pub fn history(root: &Path, args: &super::args::HistoryArgs) -> Result<(), CliError> {
    let now = Timestamp::now();
    let site = sigill::config::load(root)?;
    let trust = build::load_trust(&site, now).map_err(|d| CliError::Diagnostics { diagnostics: vec![d], setup: true })?;
    let path = sigill::trust::scope::normalize(args.path.trim_start_matches("./")).ok_or_else(|| CliError::Usage(tr!("approve-not-path-inside-site", path = format!("{:?}", args.path))))?;
    let chain = sigill::trust::approval::load_chain(&site.trust_dir(), &path, &site.config.site, &trust.registry)
        .map_err(|e| CliError::Failed(tr!("approve-message", path = path, error = e)))?;
    let versions = sigill::history::versions(&chain, &site.trust_dir(), &trust, &|_| None, None);
    println!("{}", tr!("approve-approved-version-newest-first", path = path, versions_count = versions.len()));
    for v in versions.iter().rev() {
        let kind = if v.minor { " (minor change)" } else { "" };
        let changes = if v.diff.is_some() { format!("  +{} −{}", v.added, v.removed) } else { String::new() };
        println!("\n{:>4}  {}  {}{kind}{changes}", v.sequence, v.approved_on, super::visible(&v.publisher));
        if !v.note.is_empty() {
            println!("{}", tr!("approve-message-2", note = super::visible(&v.note)));
        }
        if args.diff {
            for line in v.diff.iter().flatten() {
                let mark = match line.kind {
                    "added" => "+ ",
                    "removed" => "- ",
                    "gap" => "…",
                    _ => "  ",
                };
                println!("{}", tr!("approve-message-3", mark = mark, text = super::visible(&line.text)));
            }
        }
    }
    Ok(())
}

/// `sigill withdraw`: shows what is withdrawn, asks, signs, writes.
pub fn withdraw(root: &Path, args: &super::args::WithdrawArgs) -> Result<(), CliError> {
    let now = Timestamp::now();
    let site = sigill::config::load(root)?;
    let trust = build::load_trust(&site, now).map_err(|d| CliError::Diagnostics { diagnostics: vec![d], setup: true })?;
    let interactive = std::io::stdin().is_terminal();
    if !args.yes && !interactive {
        return Err(CliError::Usage(tr!("approve-withdraw-asks-for-confirmation-there")));
    }
    if !args.yes {
        println!("{}", tr!("approve-withdraw-page-removed-at-next", path = args.path, reason = super::visible(&args.reason)));
        if !ask("Withdraw the page with your signature?")? {
            return Err(CliError::Failed(tr!("approve-not-withdrawn-nothing-was-written")));
        }
    }
    let key = open_key(&args.key)?;
    let payload = sigill::withdraw::withdraw(&trust, &site.trust_dir(), &site.config.site, &args.path, &args.reason, &key, now)?;
    println!("{}", tr!("approve-withdrew-approvals-up-at-next", path = payload.path, sequence = payload.sequence, url = payload.url));
    Ok(())
}

fn show_change(draft: &admin::ApprovalDraft, subject: &Subject) {
    let mut out = std::io::stdout().lock();
    let text = String::from_utf8_lossy(&subject.bytes);
    let _ = writeln!(out, "== {} (approval {} by {})", draft.payload.path, draft.payload.sequence, super::visible(&draft.publisher_name));
    if let Some(url) = &subject.url {
        let _ = writeln!(out, "{}", tr!("approve-published-at", url = url));
    }
    if let Some(source) = &draft.payload.translation_of {
        let _ = writeln!(out, "{}", tr!("approve-translates", path = source.path, sha = &source.source_sha256.hex()[..12]));
    }
    if let Some(at) = draft.payload.publish_at {
        let _ = writeln!(out, "{}", tr!("approve-publish-from", at = at.to_string()));
    }
    if let Some(at) = draft.payload.unpublish_at {
        let _ = writeln!(out, "{}", tr!("approve-publish-until", at = at.to_string()));
    }
    let hidden = super::hidden_characters(&text);
    if hidden > 0 {
        let _ = writeln!(out, "WARNING: the text holds {hidden} invisible, control or direction-changing character(s), shown below as <U+XXXX>.");
    }
    match (&draft.previous_text, draft.payload.sequence) {
        (_, 1) => {
            let _ = writeln!(out, "First approval; the whole text:");
            for line in text.lines() {
                let _ = writeln!(out, "  {}", super::visible(line));
            }
        }
        (Some(previous), _) if previous.as_str() == text => {
            let _ = writeln!(out, "The text is unchanged since the last approval.");
        }
        (Some(previous), _) => {
            let (previous, now) = (super::visible_lines(previous), super::visible_lines(&text));
            let diff = similar::TextDiff::from_lines(previous.as_str(), now.as_str());
            let _ = write!(out, "{}", diff.unified_diff().context_radius(3).header("last approved", "now"));
        }
        (None, _) => {
            let _ = writeln!(out, "The last approved text is not available here; the whole text:");
            for line in text.lines() {
                let _ = writeln!(out, "  {}", super::visible(line));
            }
        }
    }
    let changes = admin::asset_changes(draft, &subject.assets);
    if changes.is_empty() && !subject.assets.is_empty() {
        let _ = writeln!(out, "Files approved with it, unchanged: {}", subject.assets.len());
    }
    for change in changes {
        let size = subject.asset_sizes.get(&change.path).map(|n| format!(", {n} bytes")).unwrap_or_default();
        let _ = writeln!(out, "  {:<8} {} ({}{size})", change.how.word(), super::visible(&change.path), admin::file_kind(&change.path));
    }
}

fn confirm(count: usize) -> Result<bool, CliError> {
    ask(&tr!("approve-approve-item-with-your-signature", count = count))
}

fn ask(question: &str) -> Result<bool, CliError> {
    print!("{}", tr!("approve-y-n", question = question));
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(|e| CliError::Usage(e.to_string()))?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes" | "j" | "ja"))
}
