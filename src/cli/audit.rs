//! `sigill audit`: re-render a published site and compare every byte.

use std::path::Path;

use super::args::{AuditArgs, Format};
use super::{visible, CliError};
use sigill::trust::Timestamp;

pub fn run(root: &Path, args: &AuditArgs) -> Result<(), CliError> {
    let site = sigill::config::load(root)?;
    let published = args.published.clone().unwrap_or_else(|| site.output_dir());
    if !published.join(".well-known/sigill/release.json").is_file() {
        return Err(CliError::Usage(format!("{} is not a site built by Sigill (no .well-known/sigill/release.json)", published.display())));
    }
    let report = sigill::audit::audit(root, &published, Timestamp::now(), &sigill::progress::Silent)?;
    if args.format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| CliError::Usage(e.to_string()))?);
    } else {
        if report.verification.failed() {
            println!("✘ the published site does not verify from the anchor in site.toml (run `sigill verify` for details)");
        }
        for path in &report.differ {
            println!("✘ {} differs from what the approved sources render to", visible(path));
        }
        for path in &report.not_reproduced {
            println!("✘ {} is published, but the approved sources do not make it", visible(path));
        }
        for path in &report.not_published {
            println!("✘ {} is made from the approved sources, but not published", visible(path));
        }
        if report.passed() {
            println!("✔ all {} published files are exactly what the approved sources and theme render to", report.compared);
        }
    }
    if report.passed() {
        Ok(())
    } else {
        Err(CliError::Failed(format!("the audit of {} failed", published.display())))
    }
}
