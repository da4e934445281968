//! The shared verifier fixture cases (tests/it/common/cases.rs), run through
//! the Rust verifier and the independent Python verifier; tests/it/browser.rs
//! runs the same cases in Chromium. Every verifier must reach the expected
//! verdict and report the expected reason code.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::common;

use std::path::Path;

use common::cases::{write_cases, Case};
use sigill::trust::Timestamp;
use sigill::verify::source::DirSource;
use sigill::verify::{verify_one, verify_site, verify_site_failures, Outcome, VerifyOptions};

fn rust_verdict(dir: &Path, case: &Case, now: Timestamp) -> (&'static str, Vec<String>) {
    let source = DirSource::new(dir);
    let options = VerifyOptions { anchor: case.anchor.clone(), now, memory: None, witnesses: Vec::new(), log_verified: None };
    let report = if case.mode == "site" { verify_site(&source, &options) } else { verify_one(&source, &options, &case.url) };
    if case.mode == "site" {
        // The build's self-check: the same verdict, keeping only the failed pages.
        let failures = verify_site_failures(&source, &options);
        assert_eq!(failures.failed(), report.failed(), "{}", case.name);
        assert_eq!(failures.problems, report.problems, "{}", case.name);
        let failed: Vec<_> = report.pages.iter().filter(|p| p.outcome == Outcome::Failed).map(|p| (&p.url, &p.problems)).collect();
        assert_eq!(failures.pages.iter().map(|p| (&p.url, &p.problems)).collect::<Vec<_>>(), failed, "{}", case.name);
    }
    let verdict = if report.failed() {
        "failed"
    } else if !report.warnings.is_empty() || report.pages.iter().any(|p| p.outcome == Outcome::Warning) {
        "warning"
    } else {
        "verified"
    };
    (verdict, report.reasons().iter().map(|r| r.code().to_string()).collect())
}

#[test]
fn every_case_in_rust_and_python() {
    let dir = tempfile::tempdir().unwrap();
    let set = write_cases(dir.path());
    assert!(set.cases.len() >= 40, "the set covers every attack class: {}", set.cases.len());
    let now = Timestamp::parse(&set.now).unwrap();
    let mut failures = Vec::new();
    for case in &set.cases {
        let (verdict, reasons) = rust_verdict(&dir.path().join(&case.dir), case, now);
        if verdict != case.verdict || case.reason.is_some_and(|r| !reasons.iter().any(|x| x == r)) || (case.verdict == "verified" && !reasons.is_empty()) {
            failures.push(format!("rust {}: expected {} {:?}, got {verdict} {reasons:?}", case.name, case.verdict, case.reason));
        }
    }
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/independent_verifier.py");
    let has_python = std::process::Command::new("python3").args(["-c", "import cryptography"]).output().is_ok_and(|o| o.status.success());
    if has_python {
        for case in &set.cases {
            let mut cmd = std::process::Command::new("python3");
            cmd.arg(&python).arg(dir.path().join(&case.dir));
            if case.mode == "site" {
                cmd.arg("--site");
            } else {
                cmd.arg(&case.url);
            }
            if let Some(anchor) = &case.anchor {
                cmd.args(["--anchor", anchor]);
            }
            cmd.args(["--now", &set.now]);
            let out = cmd.output().unwrap();
            let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}: {}", case.name, String::from_utf8_lossy(&out.stderr)));
            let mut warnings: Vec<String> = result["warnings"].as_array().map(|w| w.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default();
            if result["stale"] == true {
                warnings.push("release_stale".into());
            }
            if result["pinned"] == false {
                warnings.push("anchor_not_pinned".into());
            }
            let verdict = match result["ok"].as_bool() {
                Some(true) if warnings.is_empty() => "verified",
                Some(true) => "warning",
                _ => "failed",
            };
            let reason = match verdict {
                "failed" => result["reason"].as_str().map(str::to_string),
                "warning" => case.reason.filter(|r| warnings.iter().any(|w| w == r)).map(str::to_string).or_else(|| warnings.first().cloned()),
                _ => None,
            };
            if verdict != case.verdict || reason.as_deref() != case.reason {
                failures.push(format!("python {}: expected {} {:?}, got {verdict} {reason:?} ({result})", case.name, case.verdict, case.reason));
            }
        }
    } else {
        assert!(!common::required(), "python3 with cryptography is required under CI=true");
        eprintln!("skipped the Python half: install python3 and its cryptography package");
    }
    assert!(failures.is_empty(), "verifiers disagree with the expected verdicts:\n{}", failures.join("\n"));
}
