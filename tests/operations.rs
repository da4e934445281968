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

#[test]
fn a_public_key_file_is_handed_over_as_the_readme_says() {
    let f = Fixture::new();
    let keys = tempfile::tempdir().unwrap();
    let karin = keys.path().join("karin.key");
    let new = f.sigill().env("SIGILL_PASSPHRASE", "karins långa lösenord").args(["key", "new"]).arg(&karin).output().unwrap();
    assert!(new.status.success(), "{}", String::from_utf8_lossy(&new.stderr));
    let shown = f.sigill().args(["key", "show", "--public"]).arg(&karin).output().unwrap();
    let public = String::from_utf8(shown.stdout).unwrap();
    assert_eq!(public.trim().len(), 44, "one line of base64: {public:?}");
    std::fs::write(keys.path().join("karin.pub"), &public).unwrap();
    let registry_key = keys.path().join("registry.key");
    sigill::trust::keyfile::KeyFile::seal(&f.registry_key, "registry", None, 600_000).unwrap().write_new(&registry_key).unwrap();
    let add = |id: &str, key: &str| {
        f.sigill()
            .args(["publisher", "add", id, "--name", "Karin Lund", "--title", "Chef", "--unit", "Enheten", "--public-key", key, "--scope", "content/om/", "--sign-with"])
            .arg(&registry_key)
            .output()
            .unwrap()
    };
    // A path that does not exist is named as such, and nothing is written.
    let before = snapshot(&f.path("trust"));
    let missing = add("karin", "./finns-inte/karin.pub");
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(missing.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("./finns-inte/karin.pub: no such file"), "{stderr}");
    assert_eq!(snapshot(&f.path("trust")), before);
    let added = add("karin", keys.path().join("karin.pub").to_str().unwrap());
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let state = f.trust();
    let entry = state.registry.publisher("karin").expect("karin is registered");
    assert_eq!(entry.keys[0].public, public.trim());
    // The base64 text itself works as well.
    let other = sigill::trust::SigningKey::generate().unwrap();
    let added = add("lena", &other.public().to_base64());
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
}

#[test]
fn init_leaves_nothing_behind_when_it_fails_and_keeps_keys_out_of_the_site() {
    let work = tempfile::tempdir().unwrap();
    let sigill = |passphrase: &str, args: &[&str]| {
        assert_cmd::Command::cargo_bin("sigill").unwrap().current_dir(work.path()).env("SIGILL_PASSPHRASE", passphrase).args(args).output().unwrap()
    };
    // Too short a passphrase: refused after the site was begun, and nothing stays.
    let out = sigill("kort", &["init", "nora", "--site", "www.nora.se", "--keys", "nora-nycklar"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(snapshot(work.path()), Vec::new(), "a failed init leaves no file");
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0, "and no folder");
    // Keys inside the site are refused.
    let out = sigill("ett långt lösenord", &["init", "nora", "--site", "www.nora.se", "--keys", "nora/nycklar"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lies inside the site folder"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0);
    // The retry works; site.toml names the key relative to the site and .gitignore covers keys.
    let out = sigill("ett långt lösenord", &["init", "nora", "--site", "www.nora.se", "--keys", "nora-nycklar"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let config = std::fs::read_to_string(work.path().join("nora/site.toml")).unwrap();
    assert!(config.contains("release_key = \"../nora-nycklar/release.key\""), "{config}");
    assert!(!config.contains(&work.path().display().to_string()), "no path of this machine: {config}");
    assert!(std::fs::read_to_string(work.path().join("nora/.gitignore")).unwrap().contains("*.key"));
    let build = assert_cmd::Command::cargo_bin("sigill").unwrap().current_dir(work.path()).args(["--root", "nora", "build"]).output().unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    // A second init into the same folder changes nothing.
    let before = snapshot(work.path());
    let out = sigill("ett långt lösenord", &["init", "nora", "--site", "www.nora.se"]);
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(snapshot(work.path()), before);
}
