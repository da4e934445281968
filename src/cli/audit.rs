//! `sigill audit`: re-render a published site and compare every byte.

use std::path::Path;

use super::args::{AuditArgs, Format};
use super::{visible, CliError};
use sigill::trust::Timestamp;

pub fn run(root: &Path, args: &AuditArgs) -> Result<(), CliError> {
    let site = sigill::config::load(root)?;
    let published = args.published.clone().unwrap_or_else(|| site.output_dir());
    if !published.join(".well-known/sigill/release.json").is_file() {
        return Err(CliError::Usage(tr!("audit-not-site-built-by-sigill", published = published.display())));
    }
    let report = sigill::audit::audit(root, &published, Timestamp::now(), &sigill::progress::Silent)?;
    if args.format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| CliError::Usage(e.to_string()))?);
    } else {
        if report.verification.failed() {
            println!("{}", tr!("audit-published-site-does-not-verify"));
        }
        for path in &report.differ {
            println!("{}", tr!("audit-differs-from-what-approved-sources", path = visible(path)));
        }
        for path in &report.not_reproduced {
            println!("{}", tr!("audit-published-but-approved-sources-do", path = visible(path)));
        }
        for path in &report.not_published {
            println!("{}", tr!("audit-made-from-approved-sources-but", path = visible(path)));
        }
        if report.passed() {
            println!("{}", tr!("audit-all-published-files-are-exactly", compared = report.compared));
        }
    }
    if report.passed() {
        Ok(())
    } else {
        Err(CliError::Failed(tr!("audit-audit-failed", published = published.display())))
    }
}
