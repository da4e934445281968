//! Key files through the command line: mode 0600, never the seed in clear,
//! and clean exit-2 errors for a wrong passphrase, a lowered KDF cost or a
//! truncated file.

use crate::common;

use assert_cmd::Command;

fn sigill() -> Command {
    let mut cmd = common::sigill_command();
    cmd.env_remove("SIGILL_PASSPHRASE");
    cmd
}

#[test]
fn key_new_writes_an_encrypted_0600_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("anna.key");
    let out = sigill().env("SIGILL_PASSPHRASE", "correct horse battery").args(["key", "new"]).arg(&path).args(["--label", "Anna"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"kind\": \"passphrase\"") && text.contains("\"iterations\": 600000"), "{text}");
    assert!(!text.contains("\"seed\""));
    let shown = sigill().args(["key", "show"]).arg(&path).output().unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).contains("fingerprint:"));
    // Never overwrites.
    let before = std::fs::read(&path).unwrap();
    let again = sigill().env("SIGILL_PASSPHRASE", "another long passphrase").args(["key", "new"]).arg(&path).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn short_or_empty_passphrases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for passphrase in ["", "kort", "123456789"] {
        let path = dir.path().join("k.key");
        let out = sigill().env("SIGILL_PASSPHRASE", passphrase).args(["key", "new"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{passphrase:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(!path.exists(), "nothing was written for {passphrase:?}");
    }
}

/// Opens the key through `trust init` in a fresh site, which opens every
/// key it is given before writing anything.
fn open_via_trust_init(path: &std::path::Path, passphrase: &str) -> std::process::Output {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("site.toml"), "site = \"a.example\"\nbase_url = \"https://a.example\"\ntitle = \"A\"\norganization = \"A\"\n").unwrap();
    sigill()
        .env("SIGILL_PASSPHRASE", passphrase)
        .arg("--root")
        .arg(site.path())
        .args(["trust", "init", "--root-key"])
        .arg(path)
        .arg("--registry-key")
        .arg(path)
        .arg("--release-key")
        .arg(path)
        .output()
        .unwrap()
}

#[test]
fn wrong_passphrase_lowered_cost_and_truncation_are_clean_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.key");
    let out = sigill().env("SIGILL_PASSPHRASE", "right passphrase").args(["key", "new"]).arg(&path).output().unwrap();
    assert!(out.status.success());
    let original = std::fs::read_to_string(&path).unwrap();

    let out = open_via_trust_init(&path, "wrong passphrase");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong passphrase"), "{}", String::from_utf8_lossy(&out.stderr));

    std::fs::write(&path, original.replace("600000", "1000")).unwrap();
    let out = open_via_trust_init(&path, "right passphrase");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 600000 are required"), "{}", String::from_utf8_lossy(&out.stderr));

    std::fs::write(&path, &original[..original.len() - 40]).unwrap();
    let out = open_via_trust_init(&path, "right passphrase");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a Sigill key file"), "{}", String::from_utf8_lossy(&out.stderr));

    std::fs::write(&path, &original).unwrap();
    let out = open_via_trust_init(&path, "right passphrase");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn help_version_and_completions() {
    let help = sigill().arg("--help").output().unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Exit codes: 0 success"));
    let version = sigill().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("sigill "));
    let completions = sigill().args(["completions", "bash"]).output().unwrap();
    assert!(String::from_utf8_lossy(&completions.stdout).contains("approve"));
    let bad = sigill().arg("--no-such-flag").output().unwrap();
    assert_eq!(bad.status.code(), Some(2), "usage errors exit 2");
}
