//! Git for publishers who never type a git command: when the site is a
//! checkout, the desk commits each approval (only the files it wrote) with
//! a message naming the page and the publisher, and pushes when the site
//! names a remote; it reads the communicator's change summary from the
//! newest commit that touched a page since its last approval.

use std::path::Path;
use std::process::Command;

use crate::config::{DeskConfig, Site};
use crate::trust::TrustState;

/// True when `root` is the top of a git checkout.
pub fn is_checkout(root: &Path) -> bool {
    root.join(".git").exists()
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git").arg("-C").arg(root).args(args).output().map_err(|e| format!("git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// Commits `files` (site-relative) with `message`, and pushes when the
/// site configures a remote. `None` when the site is not a checkout or
/// commits are turned off; otherwise the short commit id, or why git
/// failed (the files stay written either way).
pub fn record(root: &Path, config: &DeskConfig, files: &[String], message: &str) -> Option<Result<String, String>> {
    if !config.commit || !is_checkout(root) {
        return None;
    }
    let result = (|| {
        let mut add = vec!["add", "-A", "--"];
        add.extend(files.iter().map(String::as_str));
        git(root, &add)?;
        let mut commit = vec!["commit", "-q", "-m", message, "--"];
        commit.extend(files.iter().map(String::as_str));
        git(root, &commit)?;
        let id = git(root, &["rev-parse", "--short", "HEAD"])?;
        if let Some(remote) = &config.push {
            git(root, &["push", "-q", remote, "HEAD"]).map_err(|e| format!("{id}: {e}"))?;
        }
        Ok(id)
    })();
    Some(result)
}

/// The subject of the newest commit that touched `path` after the page's
/// newest approval: what the communicator wrote about the change.
pub fn change_summary(root: &Path, path: &str, trust: &TrustState, site: &Site) -> Option<String> {
    if !is_checkout(root) {
        return None;
    }
    let head = crate::trust::approval::load_chain(&site.trust_dir(), path, &site.config.site, &trust.registry).ok().and_then(|c| c.last().map(|h| h.payload.approved_at));
    let since = head.map(|t| format!("--since={t}"));
    let mut args = vec!["log", "-1", "--format=%s"];
    if let Some(since) = &since {
        args.push(since);
    }
    args.extend(["--", path]);
    git(root, &args).ok().filter(|s| !s.is_empty()).map(|s| s.chars().take(300).collect())
}
