//! `sigill verify`: a citizen's check, in plain words.

use std::path::{Path, PathBuf};

use super::args::{Format, LogCommand, VerifyArgs};
use super::{visible, CliError};
use sigill::trust::Timestamp;
use sigill::verify::source::{DirSource, HttpSource};
use sigill::verify::{verify_one, verify_site, MemoryHandle, Outcome, Reason, SiteReport, VerifyOptions};

/// An anchor as people copy it — with or without `sha256:`, in groups of
/// four as printed on every page, in either case — in the one form
/// verification compares.
pub fn normalize_anchor(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let hex = trimmed.strip_prefix("sha256:").or_else(|| trimmed.strip_prefix("SHA256:")).unwrap_or(trimmed);
    let hex: String = hex.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    sigill::trust::encoding::is_sha256_hex(&hex).then(|| format!("sha256:{hex}"))
}

/// A page address as people write it: `/om/it-strategi`, `/om/it-strategi/`
/// and `/om/it-strategi/index.html` all name the page `/om/it-strategi/`.
pub fn normalize_page(path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let last = path.rsplit('/').next().unwrap_or("");
    if path.ends_with('/') || last.contains('.') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

pub fn run(args: &VerifyArgs) -> Result<(), CliError> {
    let anchor = match &args.anchor {
        Some(text) => Some(normalize_anchor(text).ok_or_else(|| {
            CliError::Usage(tr!("verify-root-not-trust-anchor-give", text = format!("{:?}", text)))
        })?),
        None => None,
    };
    // What this verifier saw of each site before, kept per site.
    let memory = (!args.no_remember).then(memory::FileMemory::open).flatten();
    let witnesses = args
        .witness
        .iter()
        .map(|text| sigill::log::witness::Witness::parse(text).ok_or_else(|| CliError::Usage(tr!("verify-witness-not-name-key", text = text))))
        .collect::<Result<Vec<_>, _>>()?;
    let options = VerifyOptions {
        anchor: anchor.clone(),
        now: Timestamp::now(),
        memory: memory.clone().map(|m| MemoryHandle(std::sync::Arc::new(m))),
        witnesses,
        log_verified: None,
    };
    let report = run_check(args, &options)?;
    if let Some(memory) = &memory {
        if let Err(e) = memory.remember(&report) {
            eprintln!("{}", tr!("verify-warning-cannot-remember-site-log", folder = memory.folder.display(), error = e));
        }
    }
    if args.format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&report).expect("serialises"));
    } else {
        print_report(&report);
    }
    exit_for(&report)
}

/// Exit 0 when verified, 3 when the only failure is a stale release, 4
/// when it is only a release dated in the future, 1 otherwise.
fn exit_for(report: &SiteReport) -> Result<(), CliError> {
    if !report.failed() {
        return Ok(());
    }
    let site_only = report.pages.iter().all(|p| p.problems.is_empty());
    let only = |reason: Reason| site_only && !report.problems.is_empty() && report.problems.iter().all(|f| f.reason == reason);
    if only(Reason::ReleaseStale) {
        return Err(CliError::Exit { code: 3, message: tr!("verify-release-has-expired-site-was", error = report.source) });
    }
    if only(Reason::ReleaseFuture) {
        return Err(CliError::Exit { code: 4, message: tr!("verify-release-dated-in-future", error = report.source) });
    }
    Err(CliError::Failed(tr!("verify-verification-failed-for", error = report.source)))
}

/// `sigill log show|prove`.
pub fn log(command: &LogCommand) -> Result<(), CliError> {
    let args = match command {
        LogCommand::Show(args) | LogCommand::Prove { log: args, .. } => args,
        #[cfg(feature = "site")]
        LogCommand::Witness { log: args, .. } => args,
        LogCommand::Cosign { dir, line } => return cosign(dir, line),
    };
    let anchor = match &args.anchor {
        Some(text) => Some(normalize_anchor(text).ok_or_else(|| CliError::Usage(tr!("verify-anchor-not-trust-anchor-sha", text = format!("{:?}", text))))?),
        None => None,
    };
    let (dir_source, http_source);
    let source: &dyn sigill::verify::source::Source = if args.target.starts_with("http://") || args.target.starts_with("https://") {
        let (origin, _) = HttpSource::split_url(&args.target).ok_or_else(|| CliError::Usage(tr!("verify-not-url-this-tool-can", target = args.target)))?;
        http_source = HttpSource::new(&origin);
        &http_source
    } else {
        dir_source = DirSource::new(Path::new(&args.target));
        &dir_source
    };
    let (_, log) = sigill::verify::log::open_site_log(source, anchor.as_deref(), Timestamp::now()).map_err(|e| CliError::Failed(tr!("verify-message", target = args.target, error = e)))?;
    let size = log.checkpoint.size;
    match command {
        LogCommand::Show(_) => {
            println!("{}", tr!("verify-releases-root", size = size, root = sigill::trust::encoding::hex(&log.checkpoint.root)));
            for (_, entry) in &log.entries {
                println!(
                    "{:>6}  {}  root v{}  registry v{}  pages {}",
                    entry.index,
                    entry.created,
                    entry.root_version,
                    entry.registry_version,
                    &entry.pages_root.hex()[..12]
                );
            }
        }
        #[cfg(feature = "site")]
        LogCommand::Witness { key, name, .. } => witness(&log, key, name)?,
        LogCommand::Cosign { .. } => {}
        LogCommand::Prove { from, to, .. } => {
            let to = to.unwrap_or(size);
            let proof = log.tree.consistency_proof(*from, to).ok_or_else(|| CliError::Usage(tr!("verify-from-need-from", from = from, to = to, size = size)))?;
            let hex = |h: &[u8; 32]| sigill::trust::encoding::hex(h);
            let json = serde_json::json!({
                "old_size": from,
                "old_root": log.tree.root_at(*from).map(|h| hex(&h)),
                "new_size": to,
                "new_root": log.tree.root_at(to).map(|h| hex(&h)),
                "proof": proof.iter().map(hex).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&json).map_err(|e| CliError::Usage(e.to_string()))?);
        }
    }
    Ok(())
}

/// `sigill log cosign`: adds a witness's line to a built site's checkpoint.
fn cosign(dir: &Path, line: &str) -> Result<(), CliError> {
    let path = dir.join(sigill::log::LOG_DIR.trim_start_matches('/')).join("checkpoint");
    let note = std::fs::read(&path).map_err(|e| CliError::Usage(tr!("verify-message", target = path.display(), error = e)))?;
    let cosigned = sigill::log::witness::add_cosignature(&note, line).map_err(|e| CliError::Failed(e.to_string()))?;
    std::fs::write(&path, cosigned).map_err(|e| CliError::Usage(tr!("verify-message", target = path.display(), error = e)))?;
    println!("{}", tr!("log-cosignature-added", path = path.display()));
    Ok(())
}

/// `sigill log witness`: the log must extend what this witness saw before;
/// then the checkpoint is cosigned and remembered.
#[cfg(feature = "site")]
fn witness(log: &sigill::log::PublishedLog, key_file: &Path, name: &str) -> Result<(), CliError> {
    let key = super::passphrase::open_key(key_file)?;
    let folder = sigill::verify::log::user_data_dir().map(|d| d.join("sigill").join("witness"));
    let origin = log.checkpoint.origin.clone();
    let memory = folder.as_ref().map(|f| f.join(format!("{}.json", origin.replace('/', "_"))));
    if let Some(seen) = memory.as_ref().and_then(|m| std::fs::read(m).ok()).and_then(|b| serde_json::from_slice::<sigill::verify::log::LogHead>(&b).ok()) {
        let extends = log.checkpoint.size >= seen.size && log.tree.root_at(seen.size).map(|r| sigill::trust::encoding::hex(&r)) == Some(seen.root.clone());
        if !extends {
            return Err(CliError::Failed(tr!("log-witness-refuses", size = seen.size, root = seen.root)));
        }
    }
    let now = u64::try_from(Timestamp::now().unix()).unwrap_or_default();
    let line = sigill::log::witness::cosign(&log.checkpoint.bytes, name, &key, now).map_err(|e| CliError::Failed(e.to_string()))?;
    if let (Some(folder), Some(memory)) = (&folder, &memory) {
        let head = sigill::verify::log::LogHead { size: log.checkpoint.size, root: sigill::trust::encoding::hex(&log.checkpoint.root) };
        let saved = std::fs::create_dir_all(folder).and_then(|()| std::fs::write(memory, serde_json::to_vec(&head).unwrap_or_default()));
        if let Err(e) = saved {
            eprintln!("{}", tr!("verify-warning-cannot-remember-site-log", folder = folder.display(), error = e));
        }
    }
    println!("{line}");
    eprintln!("{}", tr!("log-witness-key", name = name, key = key.public().to_base64()));
    Ok(())
}

fn run_check(args: &VerifyArgs, options: &VerifyOptions) -> Result<SiteReport, CliError> {
    let options = options.clone();
    let report = if args.target.starts_with("http://") || args.target.starts_with("https://") {
        let (origin, path) = HttpSource::split_url(&args.target).ok_or_else(|| CliError::Usage(tr!("verify-not-url-this-tool-can", target = args.target)))?;
        let source = HttpSource::new(&origin);
        if path == "/" {
            verify_site(&source, &options)
        } else {
            verify_one(&source, &options, &normalize_page(&path))
        }
    } else {
        let target = PathBuf::from(&args.target);
        if !target.exists() {
            return Err(CliError::Usage(tr!("verify-does-not-exist", target = target.display())));
        }
        let (root, url) = locate(&target)?;
        let source = DirSource::new(&root);
        match url {
            None => verify_site(&source, &options),
            Some(url) => verify_one(&source, &options, &url),
        }
    };
    Ok(report)
}

/// What `sigill verify` remembers between checks: one small file per site
/// with its anchor and the log head it last saw, under the user's data
/// folder.
mod memory {
    use std::path::{Path, PathBuf};

    use sigill::verify::{Memory, Reason, Remembered, SiteReport};

    /// One small JSON file per site under `$XDG_DATA_HOME/sigill/verify`
    /// (or `~/.local/share/…`, `%APPDATA%\\…`).
    #[derive(Clone)]
    pub struct FileMemory {
        pub folder: PathBuf,
    }

    impl FileMemory {
        pub fn open() -> Option<Self> {
            Some(Self { folder: sigill::verify::log::user_data_dir()?.join("sigill").join("verify") })
        }

        fn file(&self, site: &str) -> Option<PathBuf> {
            // A site name is a domain name: nothing else becomes a file name.
            let safe = !site.is_empty() && site.len() <= 253 && site.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') && !site.starts_with('.');
            safe.then(|| self.folder.join(format!("{site}.json")))
        }

        /// Remembers the site's anchor and log head, unless the check found
        /// the log rolled back or rewritten or the anchor replaced.
        pub fn remember(&self, report: &SiteReport) -> std::io::Result<()> {
            let (Some(site), Some(anchor), Some(log)) = (&report.site, &report.anchor, &report.log) else {
                return Ok(());
            };
            let refused = report.problems.iter().any(|f| matches!(f.reason, Reason::LogInvalid | Reason::LogMismatch | Reason::LogRollback | Reason::LogFork | Reason::AnchorChanged | Reason::AnchorMismatch));
            let Some(path) = self.file(site).filter(|_| !refused) else {
                return Ok(());
            };
            std::fs::create_dir_all(&self.folder)?;
            let bytes = serde_json::to_vec(&Remembered { anchor: anchor.clone(), log: log.clone() }).map_err(std::io::Error::other)?;
            let temp = path.with_extension("json.new");
            std::fs::write(&temp, bytes)?;
            std::fs::rename(temp, path)
        }
    }

    impl Memory for FileMemory {
        fn recall(&self, site: &str) -> Option<Remembered> {
            let path = self.file(site)?;
            let bytes = sigill::trust::read_at_most(Path::new(&path), 4096).ok().flatten()?;
            serde_json::from_slice(&bytes).ok()
        }
    }
}

/// Finds the built site holding `target` and the page URL it names, if any.
fn locate(target: &Path) -> Result<(PathBuf, Option<String>), CliError> {
    let absolute = target.canonicalize().map_err(|e| CliError::Usage(tr!("verify-message", target = target.display(), error = e)))?;
    for dir in absolute.ancestors() {
        if dir.join(".well-known/sigill/release.json").is_file() {
            if dir == absolute {
                return Ok((dir.to_path_buf(), None));
            }
            let rel = absolute.strip_prefix(dir).expect("ancestor").to_string_lossy().replace('\\', "/");
            let url = if absolute.is_dir() {
                format!("/{rel}/")
            } else if let Some(page_dir) = rel.strip_suffix("index.html") {
                format!("/{page_dir}")
            } else {
                return Err(CliError::Usage(tr!("verify-not-page-give-folder-site", target = target.display())));
            };
            return Ok((dir.to_path_buf(), Some(url)));
        }
    }
    Err(CliError::Failed(tr!("verify-not-inside-site-built-by", target = target.display())))
}

/// The date part of a time from a checked site, made safe for a terminal.
fn date_of(time: &str) -> String {
    Timestamp::parse(time).map_or_else(|| visible(time), |t| t.date())
}

/// Every string in the report may come from a hostile site: it reaches the
/// terminal only through [`visible`].
fn print_report(report: &SiteReport) {
    println!("{}", tr!("verify-checked", error = visible(&report.source)));
    if let Some(site) = &report.site {
        println!("{}", tr!("verify-site", site = visible(site)));
    }
    if let (Some(anchor), Some(fp)) = (&report.anchor, &report.fingerprint) {
        let how = if report.pinned { "pinned with --root" } else { "NOT pinned (trusted on first use)" };
        println!("{}", tr!("verify-trust-anchor-fingerprint", anchor = visible(anchor), fp = visible(fp), how = how));
    }
    if let Some(release) = &report.release {
        println!("{}", tr!("verify-release-page-made-fresh-until", release = visible(&release.release), pages_count = release.pages_count, created = date_of(&release.created), expires = date_of(&release.expires), else = if release.stale { " (STALE)" } else { "" }));
    }
    for warning in &report.warnings {
        println!("{}", tr!("verify-message-2", detail = visible(&warning.detail)));
    }
    for problem in &report.problems {
        println!("{}", tr!("verify-message-3", detail = visible(&problem.detail)));
    }
    for page in &report.pages {
        let mark = match page.outcome {
            Outcome::Verified => "✔",
            Outcome::Warning => "⚠",
            Outcome::Failed => "✘",
        };
        match (&page.approval, page.outcome) {
            (Some(a), Outcome::Verified | Outcome::Warning) => {
                println!("{}", tr!("verify-approved-by-on-review-by", mark = mark, url = visible(&page.url), name = visible(&a.name), title = visible(&a.title), unit = visible(&a.unit), approved_at = date_of(&a.approved_at), review_by = date_of(&a.review_by)));
                for co in &a.co_approvers {
                    println!("{}", tr!("verify-also-approved-by", name = visible(&co.name), title = visible(&co.title), unit = visible(&co.unit), approved_at = date_of(&co.approved_at)));
                }
            }
            _ => println!("{mark} {}  {}", visible(&page.url), if page.intact { tr!("verify-intact-not-trustworthy") } else { tr!("verify-does-not-match-approval") }),
        }
        for problem in &page.problems {
            println!("{}", tr!("verify-message-4", detail = visible(&problem.detail)));
        }
        for warning in &page.warnings {
            println!("{}", tr!("verify-message-5", detail = visible(&warning.detail)));
        }
    }
    if !report.pages.is_empty() {
        let ok = report.pages.iter().filter(|p| p.outcome != Outcome::Failed).count();
        println!("{}", tr!("verify-page-verified", ok = ok, pages_count = report.pages.len()));
    }
    if !report.problems.is_empty() {
        println!("{}", tr!("verify-site-as-whole-failed-problem", problems_count = report.problems.len()));
    }
    if !report.pinned {
        println!("{}", tr!("verify-rely-on-this-pass-anchor"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_and_pages_as_people_write_them() {
        let hex = "556dd8c5f8a91b306d70a8274b60d4abda82dc3d3fd328732eb05be826300a6f";
        let want = Some(format!("sha256:{hex}"));
        assert_eq!(normalize_anchor(&format!("sha256:{hex}")), want);
        assert_eq!(normalize_anchor(hex), want);
        assert_eq!(normalize_anchor(&hex.to_uppercase()), want);
        assert_eq!(normalize_anchor(&sigill::trust::keys::fingerprint(hex)), want);
        assert_eq!(normalize_anchor(&format!("  SHA256:{}  ", sigill::trust::keys::fingerprint(hex).to_uppercase())), want);
        assert_eq!(normalize_anchor("sha256:1234"), None);
        assert_eq!(normalize_anchor(&format!("sha256:{}", &hex.replace('5', "g"))), None);
        assert_eq!(normalize_page("/om/it-strategi"), "/om/it-strategi/");
        assert_eq!(normalize_page("/om/it-strategi/"), "/om/it-strategi/");
        assert_eq!(normalize_page("/om/it-strategi/index.html"), "/om/it-strategi/");
        assert_eq!(normalize_page("/404.html"), "/404.html");
    }
}
