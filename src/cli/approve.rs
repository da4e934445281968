//! `sigill approve`: show what is being approved, ask, sign, write.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use super::args::ApproveArgs;
use super::passphrase::open_key;
use super::CliError;
use crate::admin::{self, ApprovalRequest};
use crate::approvals::current_assets;
use crate::build::load_trust;
use crate::trust::Timestamp;
use crate::{config, load, parse};

pub fn run(root: &Path, args: &ApproveArgs) -> Result<(), CliError> {
    let site = config::load(root).map_err(|d| CliError::Diagnostics { diagnostics: vec![d], setup: true })?;
    let now = Timestamp::now();
    let state = load_trust(&site, now).map_err(|d| CliError::Diagnostics { diagnostics: vec![d], setup: false })?;
    let review_by = match &args.review_by {
        Some(text) => Some(Timestamp::parse_date_or_time(text).ok_or_else(|| CliError::Usage(format!("--review-by {text:?} is not a date like 2027-05-31")))?),
        None => None,
    };
    let interactive = std::io::stdin().is_terminal();
    if !args.yes && !interactive {
        return Err(CliError::Usage("approve asks for confirmation, and there is no terminal; pass --yes to approve without asking".into()));
    }
    let wanted: Vec<String> = args.paths.iter().map(|p| p.trim_start_matches("./").replace('\\', "/")).collect();
    let inventory = load::load_content(root);
    let parsed = parse::parse_pages(inventory.pages);
    for path in &wanted {
        if !parsed.pages.iter().any(|p| &p.source.path == path) {
            let reason = parsed
                .diagnostics
                .iter()
                .chain(inventory.diagnostics.iter())
                .find(|d| &d.file == path)
                .map(|d| d.to_string())
                .unwrap_or_else(|| format!("{path} is not a page of this site (give the path from the site root, e.g. content/om/kontakt.md; drafts cannot be approved)"));
            return Err(CliError::Failed(reason));
        }
    }
    let key = open_key(&args.key)?;
    let mut drafts = Vec::new();
    for path in &wanted {
        let page = parsed.pages.iter().find(|p| &p.source.path == path).expect("checked above");
        let request = ApprovalRequest {
            site: &site.config.site,
            trust_dir: &site.trust_dir(),
            path,
            bytes: page.source.bytes(),
            assets: current_assets(page),
            front_matter_publisher: &page.front.publisher,
            note: &args.note,
            review_by,
            default_review_days: site.config.review_days,
            now,
        };
        let draft = admin::draft_approval(&state, &request, key.public())?;
        show_change(&draft, page.source.text(), &page.source.assets.iter().map(|a| a.path.as_str()).collect::<Vec<_>>());
        drafts.push((draft, page.source.bytes().to_vec()));
    }
    if !args.yes && !confirm(drafts.len())? {
        return Err(CliError::Failed("not approved; nothing was written".into()));
    }
    let trust_dir = site.trust_dir();
    for (draft, bytes) in &drafts {
        admin::write_approval(draft, &key, &trust_dir, bytes)?;
        println!(
            "approved {} as {} (sequence {}, review by {})",
            draft.payload.path,
            draft.publisher_name,
            draft.payload.sequence,
            Timestamp::parse(&draft.payload.review_by).map(|t| t.date()).unwrap_or_default()
        );
    }
    Ok(())
}

fn show_change(draft: &admin::ApprovalDraft, text: &str, assets: &[&str]) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "== {} (approval {} by {})", draft.payload.path, draft.payload.sequence, draft.publisher_name);
    match (&draft.previous_text, draft.payload.sequence) {
        (_, 1) => {
            let _ = writeln!(out, "First approval; the whole text:");
            for line in text.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        (Some(previous), _) if previous == text => {
            let _ = writeln!(out, "The text is unchanged since the last approval (this renews the review date).");
        }
        (Some(previous), _) => {
            let diff = similar::TextDiff::from_lines(previous.as_str(), text);
            let _ = write!(out, "{}", diff.unified_diff().context_radius(3).header("last approved", "now"));
        }
        (None, _) => {
            let _ = writeln!(out, "The last approved text is not available here; the whole text:");
            for line in text.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    if !assets.is_empty() {
        let _ = writeln!(out, "Files of the bundle, approved with the page: {}", assets.join(", "));
    }
}

fn confirm(count: usize) -> Result<bool, CliError> {
    print!("Approve {count} page(s) with your signature? [y/N] ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(|e| CliError::Usage(e.to_string()))?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes" | "j" | "ja"))
}
