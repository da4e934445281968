//! `sigill verify`: a citizen's check, in plain words.

use std::path::{Path, PathBuf};

use super::args::{Format, VerifyArgs};
use super::{visible, CliError};
use sigill::trust::Timestamp;
use sigill::verify::source::{DirSource, HttpSource};
use sigill::verify::{verify_one, verify_site, Outcome, SiteReport, VerifyOptions};

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
            CliError::Usage(format!("--root {text:?} is not a trust anchor: give sha256: and the 64 hex digits of the site's fingerprint (spaces and upper case are fine)"))
        })?),
        None => None,
    };
    let options = VerifyOptions { anchor, now: Timestamp::now() };
    let report = if args.target.starts_with("http://") || args.target.starts_with("https://") {
        let (origin, path) = HttpSource::split_url(&args.target).ok_or_else(|| CliError::Usage(format!("{} is not a URL this tool can fetch", args.target)))?;
        let source = HttpSource::new(&origin);
        if path == "/" {
            verify_site(&source, &options)
        } else {
            verify_one(&source, &options, &normalize_page(&path))
        }
    } else {
        let target = PathBuf::from(&args.target);
        if !target.exists() {
            return Err(CliError::Usage(format!("{} does not exist", target.display())));
        }
        let (root, url) = locate(&target)?;
        let source = DirSource::new(&root);
        match url {
            None => verify_site(&source, &options),
            Some(url) => verify_one(&source, &options, &url),
        }
    };
    if args.format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&report).expect("serialises"));
    } else {
        print_report(&report);
    }
    if report.failed() {
        Err(CliError::Failed(format!("verification failed for {}", report.source)))
    } else {
        Ok(())
    }
}

/// Finds the built site holding `target` and the page URL it names, if any.
fn locate(target: &Path) -> Result<(PathBuf, Option<String>), CliError> {
    let absolute = target.canonicalize().map_err(|e| CliError::Usage(format!("{}: {e}", target.display())))?;
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
                return Err(CliError::Usage(format!("{} is not a page (give a folder of the site, or its index.html)", target.display())));
            };
            return Ok((dir.to_path_buf(), Some(url)));
        }
    }
    Err(CliError::Failed(format!("{} is not inside a site built by Sigill (no .well-known/sigill/release.json above it)", target.display())))
}

/// The date part of a time from a checked site, made safe for a terminal.
fn date_of(time: &str) -> String {
    Timestamp::parse(time).map_or_else(|| visible(time), |t| t.date())
}

/// Every string in the report may come from a hostile site: it reaches the
/// terminal only through [`visible`].
fn print_report(report: &SiteReport) {
    println!("Checked {}", visible(&report.source));
    if let Some(site) = &report.site {
        println!("Site: {}", visible(site));
    }
    if let (Some(anchor), Some(fp)) = (&report.anchor, &report.fingerprint) {
        let how = if report.pinned { "pinned with --root" } else { "NOT pinned (trusted on first use)" };
        println!("Trust anchor: {}\n  fingerprint {} — {how}", visible(anchor), visible(fp));
    }
    if let Some(release) = &report.release {
        println!(
            "Release {} of {} page(s), made {}, fresh until {}{}",
            visible(&release.release),
            release.pages_count,
            date_of(&release.created),
            date_of(&release.expires),
            if release.stale { " (STALE)" } else { "" }
        );
    }
    for warning in &report.warnings {
        println!("⚠ {}", visible(&warning.detail));
    }
    for problem in &report.problems {
        println!("✘ {}", visible(&problem.detail));
    }
    for page in &report.pages {
        let mark = match page.outcome {
            Outcome::Verified => "✔",
            Outcome::Warning => "⚠",
            Outcome::Failed => "✘",
        };
        match (&page.approval, page.outcome) {
            (Some(a), Outcome::Verified | Outcome::Warning) => println!(
                "{mark} {}  approved by {}, {}, {} on {}; review by {}",
                visible(&page.url),
                visible(&a.name),
                visible(&a.title),
                visible(&a.unit),
                date_of(&a.approved_at),
                date_of(&a.review_by)
            ),
            _ => println!("{mark} {}  {}", visible(&page.url), if page.intact { "intact, but not trustworthy" } else { "does NOT match its approval" }),
        }
        for problem in &page.problems {
            println!("    ✘ {}", visible(&problem.detail));
        }
        for warning in &page.warnings {
            println!("    ⚠ {}", visible(&warning.detail));
        }
    }
    if !report.pages.is_empty() {
        let ok = report.pages.iter().filter(|p| p.outcome != Outcome::Failed).count();
        println!("{ok} of {} page(s) verified", report.pages.len());
    }
    if !report.problems.is_empty() {
        println!("The site as a whole FAILED: {} problem(s) above", report.problems.len());
    }
    if !report.pinned {
        println!("To rely on this, pass the anchor the site's owner publishes elsewhere: sigill verify TARGET --root sha256:…");
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
