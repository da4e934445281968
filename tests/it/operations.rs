//! Everyday operations: a build never deletes what it did not make, and a
//! citizen's check forgives harmless differences in how a page or an anchor
//! is written.

use crate::common;
use common::key_file;

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
    // The folder is checked while the pages load; its refusal still comes
    // first and alone, as when it was checked before them.
    let page = f.path("content/om/kontakt.md");
    let text = std::fs::read(&page).unwrap();
    std::fs::write(&page, "+++\ntitle = \"Kontakt\"\n").unwrap();
    let (code, stderr) = f.build();
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("it holds files the last build did not make (/google1234.html)"), "{stderr}");
    assert!(!stderr.contains("kontakt.md"), "only the refusal is reported: {stderr}");
    assert_eq!(snapshot(&public), before);
    std::fs::write(&page, text).unwrap();
    std::fs::remove_file(public.join("google1234.html")).unwrap();
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "a folder holding only what the last build made is replaced: {stderr}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let f = Fixture::new();
    let public = f.built();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sigill"))
        .env("SIGILL_NOW", common::NOW)
        .env("SIGILL_LANG", "en")
        .env("XDG_DATA_HOME", f.data.path())
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
    let out = f.sigill().args(["check", "--strict"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/om/yaml.md:1:1: error: the front matter is YAML (between --- lines); Sigill uses TOML between +++ lines"), "{stderr}");
    assert!(stderr.contains("title = \"Om oss\""), "the converted example is shown: {stderr}");
    assert!(stderr.contains("content/om/typos.md:2:1: error: unknown field `titel`"), "{stderr}");
    assert!(stderr.contains("content/om/typos.md:3:1: error: unknown field `publsher`"), "{stderr}");
    // A byte order mark is no error: the page is only waiting for approval.
    assert!(!stderr.contains("bom.md:1:1"), "{stderr}");
    assert!(stderr.contains("content/om/bom.md: error: not published: never approved"), "{stderr}");
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
        common::sigill_command().current_dir(work.path()).env("SIGILL_PASSPHRASE", passphrase).args(args).output().unwrap()
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
    let build = common::sigill_command().current_dir(work.path()).args(["--root", "nora", "build"]).output().unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    // A second init into the same folder changes nothing.
    let before = snapshot(work.path());
    let out = sigill("ett långt lösenord", &["init", "nora", "--site", "www.nora.se"]);
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(snapshot(work.path()), before);
}

#[test]
fn publishing_never_stalls_on_one_page() {
    let f = Fixture::new();
    let public = f.built();
    let approved_contact = std::fs::read(public.join("om/kontakt/index.md")).unwrap();
    // One unapproved edit, one page whose front matter no longer parses, one new page.
    f.write("content/om/kontakt.md", &f.read("content/om/kontakt.md").replace("0100-123 45", "0900-666 66"));
    f.write("content/social/stod.md", "+++\ntitle = \"Stöd\npublisher = \"bo\"\n+++\nTrasig.\n");
    f.write("content/om/ny.md", &common::page("Ny", "anna", "Ny sida."));
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("content/om/kontakt.md: warning: kept at the approved version of"), "{stderr}");
    assert!(stderr.contains("content/social/stod.md: warning: kept at the approved version of"), "{stderr}");
    assert!(stderr.contains("content/om/ny.md: warning: not published: never approved"), "{stderr}");
    assert!(stderr.contains("sigill approve content/om/kontakt.md --key <anna's key file>"), "who must act: {stderr}");
    assert_eq!(std::fs::read(public.join("om/kontakt/index.md")).unwrap(), approved_contact, "the approved text stays live");
    let html = std::fs::read_to_string(public.join("om/kontakt/index.html")).unwrap();
    assert!(html.contains("0100-123 45") && !html.contains("0900-666 66"), "the unapproved change is not published");
    assert!(public.join("social/stod/index.html").exists(), "the broken page keeps its approved version");
    assert!(!public.join("om/ny/index.html").exists(), "a never approved page is left out");
    let (code, stdout, _) = common::verify(&[public.to_str().unwrap(), "--root", &f.anchor()]);
    assert_eq!(code, 0, "{stdout}");
    // A CI gate still fails on all three, and writes nothing.
    let before = snapshot(&public);
    let (code, stderr) = f.build();
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(snapshot(&public), before);
}

#[test]
fn one_compromised_key_removes_only_its_pages() {
    let f = Fixture::new();
    f.built();
    f.registry_version(|p| {
        let key = &mut p.publishers.iter_mut().find(|p| p.id == "bo").unwrap().keys[0];
        key.status = sigill::trust::registry::KeyStatus::Compromised;
        key.status_since = f.now;
    });
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("content/social/stod.md: warning: not published: key"), "{stderr}");
    assert!(stderr.contains("is marked compromised"), "{stderr}");
    // bo's page is gone: its address shows the notice of the registry's decision.
    let notice = f.read("public/social/stod/index.html");
    assert!(notice.contains("Sidan är borttagen") && !notice.contains("Socialtjänsten hjälper dig"), "{notice}");
    assert!(notice.contains("nyckeln som godkände sidan spärrades som röjd"), "in the site's language: {notice}");
    assert!(f.path("public/om/kontakt/index.html").exists(), "anna's pages stay");
    let (code, stdout, _) = common::verify(&[f.path("public").to_str().unwrap(), "--root", &f.anchor()]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn a_lapsed_page_follows_the_sites_policy() {
    let lapse = |f: &Fixture| {
        f.resign_head("content/om/kontakt.md", &f.publishers[0].key, |p| {
            p.approved_at = f.now.plus_days(-20);
            p.review_by = f.now.plus_days(-1);
        })
    };
    // Default, "notice": published with a notice in place of the valid mark;
    // verifiers warn, they do not fail.
    let f = Fixture::new();
    lapse(&f);
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("content/om/kontakt.md: warning: approval lapsed: review was due"), "{stderr}");
    let html = std::fs::read_to_string(f.path("public/om/kontakt/index.html")).unwrap();
    assert!(html.contains("Granskningen har gått ut") && html.contains("mark-lapsed"), "the page says so");
    assert!(!html.contains("Kvalitetsgranskad</h2>"), "no valid-looking mark");
    let (code, stdout, _) = common::verify(&[f.path("public/om/kontakt/").to_str().unwrap(), "--root", &f.anchor(), "--format", "json"]);
    assert_eq!(code, 0, "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["pages"][0]["outcome"], "warning", "{report}");
    assert_eq!(report["pages"][0]["warnings"][0]["reason"], "approval_lapsed", "{report}");
    // "withdraw": left out; "fail": the build stops and writes nothing.
    for (policy, code_wanted) in [("withdraw", 0), ("fail", 1)] {
        // Published with the notice first; then the web editor changes the
        // policy (the review date lies before the release, so leaving the
        // page out needs no withdrawal).
        let f = Fixture::new();
        lapse(&f);
        assert_eq!(f.publish().0, 0);
        f.write("site.toml", &f.read("site.toml").replace("[trust]", &format!("lapsed = \"{policy}\"\n\n[trust]")));
        f.approve_site_inputs();
        let before = snapshot(&f.path("public"));
        let (code, stderr) = f.publish();
        assert_eq!(code, code_wanted, "{policy}: {stderr}");
        if policy == "withdraw" {
            assert!(stderr.contains("not published: approval lapsed"), "{stderr}");
            // Left out: the address shows the notice of the site's policy.
            let notice = f.read("public/om/kontakt/index.html");
            assert!(notice.contains("Sidan är borttagen") && notice.contains("skulle ha granskats senast"), "in the site's language: {notice}");
            assert!(!notice.contains("Ring oss"), "{notice}");
        } else {
            assert!(stderr.contains("content/om/kontakt.md: error: not approved: approval lapsed"), "{stderr}");
            assert_eq!(snapshot(&f.path("public")), before);
        }
    }
}

#[test]
fn keys_and_trust_documents_have_a_lifecycle() {
    let f = Fixture::new();
    f.built();
    let keys = tempfile::tempdir().unwrap();
    let root_key = key_file(keys.path(), "root.key", &f.root_key);
    let registry_key = key_file(keys.path(), "registry.key", &f.registry_key);
    // Each command a second after the one before, as releases must be.
    let run = |now: &str, args: &[&str]| {
        let at = sigill::trust::Timestamp::from_unix(sigill::trust::Timestamp::parse(now).unwrap().unix() + f.tick.get()).unwrap();
        let out = f.sigill().env("SIGILL_NOW", at.to_string()).args(args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).to_string(), String::from_utf8_lossy(&out.stderr).to_string())
    };
    // 30 days before the registry expires, status says so with the command.
    let soon = f.now.plus_days(340).to_string();
    let (_, stdout, _) = run(&soon, &["status"]);
    assert!(stdout.contains("the publisher registry (version 1) expires in"), "{stdout}");
    assert!(stdout.contains("sigill trust renew-registry"), "{stdout}");
    assert!(stdout.contains("the root of trust (version 1) expires in"), "{stdout}");
    // After they expired the build stops; renewing them (even late) mends that.
    let late = f.now.plus_days(370).to_string();
    let (code, _, stderr) = run(&late, &["build"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("the root expired at"), "{stderr}");
    let (code, _, stderr) = run(&late, &["trust", "renew-root", "--days", "3000", "--sign-with", root_key.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run(&late, &["build"]);
    assert!(code == Some(1) && stderr.contains("the registry expired at"), "{stderr}");
    let (code, _, stderr) = run(&late, &["trust", "renew-registry", "--days", "365", "--sign-with", registry_key.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run(&late, &["build"]);
    assert_eq!(code, Some(0), "{stderr}");
    // The release key replaced, then the root keys rotated (signed by the
    // old key and the new); the anchor never changes.
    let anchor = f.anchor();
    let new_release = sigill::trust::SigningKey::generate().unwrap();
    let new_release_file = key_file(keys.path(), "release-2.key", &new_release);
    let (code, _, stderr) = run(&late, &["trust", "release-key", "--new-key", new_release_file.to_str().unwrap(), "--sign-with", root_key.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run(&late, &["build"]);
    assert_eq!(code, Some(1), "the old release key no longer signs: {stderr}");
    assert!(stderr.contains("is not a release key named in the root"), "{stderr}");
    let (code, _, stderr) = run(&late, &["build", "--release-key", new_release_file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let new_root = sigill::trust::SigningKey::generate().unwrap();
    let new_root_file = key_file(keys.path(), "root-2.key", &new_root);
    let (code, _, stderr) = run(&late, &["trust", "rotate-root", "--new-key", new_root_file.to_str().unwrap(), "--sign-with", new_root_file.to_str().unwrap()]);
    assert_eq!(code, Some(1), "the old root keys must sign too: {stderr}");
    let (code, _, stderr) = run(&late, &["trust", "rotate-root", "--new-key", new_root_file.to_str().unwrap(), "--sign-with", root_key.to_str().unwrap(), new_root_file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run(&late, &["trust", "renew-root", "--days", "100", "--sign-with", root_key.to_str().unwrap()]);
    assert_eq!(code, Some(1), "the old root key is out: {stderr}");
    assert_eq!(f.anchor(), anchor);
    let (code, stdout, _) = run(&late, &["verify", f.path("public").to_str().unwrap(), "--root", &anchor]);
    assert_eq!(code, Some(0), "{stdout}");
    // A publisher's new key: the old one is retired, its approvals stay valid.
    let anna_2 = sigill::trust::SigningKey::generate().unwrap();
    let (code, _, stderr) = run(&late, &["publisher", "rotate", "anna", "--public-key", &anna_2.public().to_base64(), "--sign-with", registry_key.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run(&late, &["build", "--release-key", new_release_file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("not published"), "approvals made before the rotation stay valid: {stderr}");
    assert!(f.path("public/om/kontakt/index.html").exists());
}

#[test]
fn approve_writes_all_or_nothing() {
    let f = Fixture::new();
    sigill::trust::keyfile::KeyFile::seal(&f.publishers[0].key, "anna", None, 600_000).unwrap().write_new(&f.path("anna.key")).unwrap();
    f.write("content/om/kontakt.md", &f.read("content/om/kontakt.md").replace("0100-123 45", "0100-123 46"));
    f.write("content/_index.md", &f.read("content/_index.md").replace("Välkommen", "Hej och välkommen"));
    let before = snapshot(&f.path("trust"));
    // The second approval of the same page cannot be written: the first of
    // this command (of _index.md) is taken back too.
    let out = f.sigill().args(["approve", "content/_index.md", "content/om/kontakt.md", "content/om/kontakt.md", "--yes", "--key"]).arg(f.path("anna.key")).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists; nothing was written"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(snapshot(&f.path("trust")), before, "no approval of this command stays");
    let out = f.sigill().args(["approve", "content/_index.md", "content/om/kontakt.md", "--yes", "--key"]).arg(f.path("anna.key")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_mark_shows_the_names_the_publisher_signed() {
    let f = Fixture::new();
    f.built();
    // The publisher is renamed: old marks keep what was signed.
    f.registry_version(|p| {
        let anna = p.publishers.iter_mut().find(|p| p.id == "anna").unwrap();
        anna.name = "Anna Ek-Lind".into();
        anna.title = "Kommundirektör".into();
    });
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(f.path("public/om/kontakt/index.html")).unwrap();
    assert!(html.contains("Anna Ek, Kommunikationschef") && !html.contains("Kommundirektör"), "the signed naming stays");
    let (_, stdout, _) = common::verify(&[f.path("public/om/kontakt/").to_str().unwrap(), "--root", &f.anchor()]);
    assert!(stdout.contains("approved by Anna Ek, Kommunikationschef"), "{stdout}");
    // A new approval signs the new naming.
    f.write("content/om/kontakt.md", &f.read("content/om/kontakt.md").replace("0100-123 45", "0100-123 46"));
    f.approve("content/om/kontakt.md", 0);
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(f.path("public/om/kontakt/index.html")).unwrap();
    assert!(html.contains("Anna Ek-Lind, Kommundirektör"), "the new approval names her as the registry does now");
    // A naming the registry never gave is refused.
    f.resign_head("content/om/kontakt.md", &f.publishers[0].key, |p| p.publisher_title = Some("Kommunchef".into()));
    let (code, stderr) = f.build();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("names \"anna\" as \"Anna Ek-Lind, Kommunchef, Kommunledningskontoret\", which no registry version ever did"), "{stderr}");
}

/// Runs `sigill ARGS` in the fixture with the locale variables `env` (and
/// no SIGILL_LANG); returns (exit, stdout, stderr).
fn in_locale(f: &Fixture, env: &[(&str, &str)], args: &[&str]) -> (Option<i32>, String, String) {
    let mut cmd = f.sigill();
    cmd.env_remove("SIGILL_LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
    for (name, value) in env {
        cmd.env(name, value);
    }
    let out = cmd.args(args).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).to_string(), String::from_utf8_lossy(&out.stderr).to_string())
}

#[test]
fn the_cli_speaks_the_users_language_and_the_sites_for_builds() {
    let f = Fixture::new();
    let public = f.built();
    let before = common::snapshot(&public);
    f.write("content/om/kontakt.md", &common::page("Kontakt", "anna", "Se ![](karta.png)"));
    // LANG=sv_SE: Swedish, from the diagnostic labels to the help.
    let (code, _, stderr) = in_locale(&f, &[("LANG", "sv_SE.UTF-8")], &["build", "--strict"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("content/om/kontakt.md:8:4: fel: bilden karta.png saknar alternativtext"), "{stderr}");
    assert!(stderr.contains("fel: 2 problem hittades; inget skrevs") || stderr.contains("problem hittades; inget skrevs"), "{stderr}");
    // LANG=en_GB: English.
    let (_, _, stderr) = in_locale(&f, &[("LANG", "en_GB.UTF-8")], &["build", "--strict"]);
    assert!(stderr.contains("error: image karta.png has no alt text"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    // LC_ALL wins over LANG, as in POSIX.
    let (_, _, stderr) = in_locale(&f, &[("LANG", "sv_SE.UTF-8"), ("LC_ALL", "en_US.UTF-8")], &["build", "--strict"]);
    assert!(stderr.contains("has no alt text"), "{stderr}");
    // A locale that names neither (a build server's C): the site's language.
    let (_, _, stderr) = in_locale(&f, &[("LANG", "C")], &["build", "--strict"]);
    assert!(stderr.contains("saknar alternativtext"), "the site is Swedish: {stderr}");
    f.write("site.toml", &f.read("site.toml").replace("[trust]", "language = \"en\"\n\n[trust]"));
    f.approve_site_inputs();
    let (_, _, stderr) = in_locale(&f, &[("LANG", "C")], &["build", "--strict"]);
    assert!(stderr.contains("has no alt text"), "the site is English now: {stderr}");
    // The verifier, outside any site, follows the locale alone.
    let verify = |lang: &str| {
        let out = common::sigill_command().env_remove("SIGILL_LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", lang).args(["verify", "/finns/inte"]).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).to_string())
    };
    let (code, stderr) = verify("sv_SE.UTF-8");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("fel: /finns/inte finns inte"), "{stderr}");
    let (code, stderr) = verify("C");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("error: /finns/inte does not exist"), "{stderr}");
    // Nothing was written by any of the failed builds.
    assert_eq!(common::snapshot(&public), before);
}
