//! Everyday operations: a build never deletes what it did not make, and a
//! citizen's check forgives harmless differences in how a page or an anchor
//! is written.

mod common;

use common::{snapshot, Fixture};

#[test]
fn build_never_replaces_a_folder_it_did_not_make() {
    let f = Fixture::new();
    f.built();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("notes.txt"), "mine").unwrap();
    let site_parent = f.root().parent().unwrap().to_path_buf();
    let cases: Vec<(String, &str)> = vec![
        ("trust".into(), "it overlaps the site's trust/ folder"),
        ("content".into(), "it overlaps the site's content/ folder"),
        ("content/om".into(), "it overlaps the site's content/ folder"),
        ("themes/default".into(), "it overlaps the site's themes/ folder"),
        (".".into(), "it is the site folder or holds it"),
        (site_parent.display().to_string(), "it is the site folder or holds it"),
        (outside.path().display().to_string(), "it is not empty and is not a site built by Sigill"),
    ];
    for (out, reason) in cases {
        let before = snapshot(f.root());
        let outside_before = snapshot(outside.path());
        let result = f.sigill().current_dir(f.root()).args(["build", "--out", &out]).output().unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "--out {out}: {stderr}");
        assert!(stderr.contains("refusing to write the site into") && stderr.contains(reason), "--out {out}: expected {reason:?} in {stderr}");
        assert_eq!(snapshot(f.root()), before, "--out {out} changed the site");
        assert_eq!(snapshot(outside.path()), outside_before, "--out {out} changed the other folder");
    }
}

#[test]
fn build_refuses_the_folder_of_its_release_key() {
    let f = Fixture::new();
    let keys = f.path("nycklar");
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::rename(f.path("release.key"), keys.join("release.key")).unwrap();
    let before = snapshot(f.root());
    let result = f.sigill().args(["build", "--release-key"]).arg(keys.join("release.key")).arg("--out").arg(&keys).output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("it overlaps the folder of the key file"), "{stderr}");
    assert_eq!(snapshot(f.root()), before);
}

#[test]
fn build_keeps_files_it_did_not_make() {
    let f = Fixture::new();
    let public = f.built();
    std::fs::write(public.join("google1234.html"), "verification").unwrap();
    let before = snapshot(&public);
    let (code, stderr) = f.build();
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("it holds files the last build did not make (/google1234.html)"), "{stderr}");
    assert_eq!(snapshot(&public), before);
    std::fs::remove_file(public.join("google1234.html")).unwrap();
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "a folder holding only what the last build made is replaced: {stderr}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let f = Fixture::new();
    let public = f.built();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sigill"))
        .args(["verify", public.to_str().unwrap(), "--root", &f.anchor()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the report is written, as `| head -1` does.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
}

#[test]
fn front_matter_mistakes_get_clear_errors_and_are_all_reported() {
    let f = Fixture::new();
    f.write("content/om/yaml.md", "---\ntitle: Om oss\npublisher: anna\nowner: Kommunstyrelsen\n---\nText.\n");
    f.write("content/om/typos.md", "+++\ntitel = \"A\"\npublsher = \"anna\"\nowner = \"K\"\n+++\nText.\n");
    f.write("content/om/bom.md", &format!("\u{feff}{}", common::page("Med BOM", "anna", "Text.")));
    let out = f.sigill().arg("check").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/om/yaml.md:1:1: error: the front matter is YAML (between --- lines); Sigill uses TOML between +++ lines"), "{stderr}");
    assert!(stderr.contains("title = \"Om oss\""), "the converted example is shown: {stderr}");
    assert!(stderr.contains("content/om/typos.md:2:1: error: unknown field `titel`"), "{stderr}");
    assert!(stderr.contains("content/om/typos.md:3:1: error: unknown field `publsher`"), "{stderr}");
    // A byte order mark is no error: the page is only waiting for approval.
    assert!(!stderr.contains("bom.md:1:1"), "{stderr}");
    assert!(stderr.contains("content/om/bom.md: error: not approved: never approved"), "{stderr}");
}
