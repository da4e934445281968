//! The foundation: validation reports every mistake with file:line, a failed
//! build leaves the previous output as it was, builds are deterministic, and
//! the site commands work.

use crate::common;

use common::{page, snapshot, Fixture};

#[test]
fn six_mistakes_in_six_files_are_all_reported_and_nothing_is_written() {
    let f = Fixture::new();
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "{stderr}");
    let before = snapshot(&f.path("public"));
    f.write("content/a.md", "+++\ntitle = \"A\"\npublsher = \"anna\"\nowner = \"X\"\n+++\nText.\n");
    f.write("content/b.md", "+++\ntitle = \"B\"\npublisher = \"anna\"\nowner = \"X\"\nupdated = 2026-13-40\n+++\nText.\n");
    f.write("content/c.md", &page("C", "anna", "Se [vår sida om parkering](/parkering/)."));
    f.write("content/d.md", &page("D", "anna", "Karta:\n\n![](karta.png)"));
    f.write("content/e.md", &page("E", "anna", "## Del\n\n#### Underdel"));
    f.write("content/f.md", &page("F", "anna", "Mer information [klicka här](/om/kontakt/)."));
    let out = f.sigill().args(["check", "--strict"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for expected in [
        "content/a.md:3:1: error: unknown field `publsher`",
        "content/b.md:5:",
        "content/c.md:8:4: error: link to /parkering/, which does not exist",
        "content/d.md:10:1: error: image karta.png has no alt text",
        "content/e.md:10:1: error: heading level skips from h2 to h4",
        "content/f.md:8:17: error: link text \"klicka här\" does not say where it leads",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
    assert!(stderr.contains("help: did you mean `publisher`?"), "{stderr}");
    let (code, _) = f.build();
    assert_eq!(code, 1);
    assert_eq!(snapshot(&f.path("public")), before, "a failed build changed public/");
    // The everyday build reports the same mistakes as warnings, leaves the
    // unapproved pages out and publishes the approved site as it was.
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("content/c.md:8:4: warning: link to /parkering/, which does not exist"), "{stderr}");
    assert!(stderr.contains("content/a.md: warning: not published"), "{stderr}");
    // The pages are as they were; only the release and its log moved on.
    let pages = |files: Vec<(String, Vec<u8>)>| files.into_iter().filter(|(p, _)| !p.starts_with(".well-known/sigill/")).collect::<Vec<_>>();
    assert_eq!(pages(snapshot(&f.path("public"))), pages(before), "nothing unapproved was published");
}

#[test]
fn check_reports_json_for_scripts() {
    let f = Fixture::new();
    f.write("content/d.md", &page("D", "anna", "![](karta.png)"));
    let out = f.sigill().args(["check", "--format", "json", "--strict"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], false);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert!(diagnostics.iter().any(|d| d["file"] == "content/d.md" && d["line"] == 8 && d["message"].as_str().unwrap().contains("alt text")), "{json}");
    // Without --strict the site would still be published; what is pending is listed.
    let out = f.sigill().args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], true);
    let pending = json["pending"].as_array().unwrap();
    assert!(pending.iter().any(|d| d["file"] == "content/d.md" && d["severity"] == "warning" && d["message"].as_str().unwrap().contains("alt text")), "{json}");
    assert!(pending.iter().any(|d| d["file"] == "content/d.md" && d["message"] == "not published: never approved"), "{json}");
}

#[test]
fn two_builds_are_byte_identical() {
    // Reproducible builds: the same sources, the same release time
    // (SOURCE_DATE_EPOCH) and the same log state give the same bytes.
    let f = Fixture::new();
    let epoch = common::now().unix().to_string();
    let build = |out: &str, state: &str| f.sigill().args(["build", "--out"]).arg(f.path(out)).arg("--state").arg(f.data.path().join(state)).env("SOURCE_DATE_EPOCH", &epoch).output().unwrap();
    let a = build("out-a", "state-a");
    let b = build("out-b", "state-b");
    assert!(a.status.success() && b.status.success());
    let (a, b) = (snapshot(&f.path("out-a")), snapshot(&f.path("out-b")));
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn output_has_pretty_urls_feeds_and_404() {
    let f = Fixture::new();
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "{stderr}");
    for file in ["index.html", "om/kontakt/index.html", "social/stod/index.html", "404.html", "sitemap.xml", "atom.xml", "robots.txt", "css/sigill.css"] {
        assert!(f.path("public").join(file).is_file(), "missing {file}");
    }
    let sitemap = f.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://test.example/om/kontakt/</loc>"), "{sitemap}");
    let home = f.read("public/index.html");
    assert!(home.contains("href=\"&#x2F;om&#x2F;kontakt&#x2F;\"") || home.contains("href=\"/om/kontakt/\""), "markdown link rewritten: {home}");
    assert!(home.contains("<html lang=\"sv\" dir=\"ltr\">"));
    assert!(home.contains("Kvalitetsgranskad"));
    assert!(home.contains("Anna Ek, Kommunikationschef, Kommunledningskontoret"));
}

#[test]
fn drafts_are_left_out() {
    let f = Fixture::new();
    f.write("content/utkast.md", "+++\ntitle = \"Utkast\"\npublisher = \"anna\"\nowner = \"X\"\ndraft = true\n+++\nEj klar.\n");
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "a draft needs no approval: {stderr}");
    assert!(!f.path("public/utkast").exists());
}

#[test]
fn page_bundle_assets_are_approved_and_copied() {
    let f = Fixture::new();
    f.write("content/om/karta/index.md", &page("Karta", "anna", "![Karta över centrum](karta.png)\n\n[Karta som PDF](karta.pdf)"));
    std::fs::write(f.path("content/om/karta/karta.png"), b"\x89PNG fake").unwrap();
    std::fs::write(f.path("content/om/karta/karta.pdf"), b"%PDF-1.4 fake").unwrap();
    let state = f.trust();
    let bytes = std::fs::read(f.path("content/om/karta/index.md")).unwrap();
    let mut assets: Vec<_> = ["karta.pdf", "karta.png"]
        .iter()
        .map(|n| sigill::trust::approval::ApprovedAsset {
            path: format!("content/om/karta/{n}"),
            sha256: sigill::trust::digest::Sha256::of(&std::fs::read(f.path(&format!("content/om/karta/{n}"))).unwrap()),
        })
        .collect();
    assets.sort();
    let request = sigill::admin::ApprovalRequest {
        site: common::SITE,
        trust_dir: &f.path("trust"),
        path: "content/om/karta/index.md",
        bytes: &bytes,
        assets,
        front_matter_publisher: Some("anna"),
        url: Some("/om/karta/"),
        aliases: &[],
        translation_of: None,
        schedule: Default::default(),
        note: "",
        minor: false,
        review_by: None,
        default_review_days: 100,
        now: f.now,
    };
    let draft = sigill::admin::draft_approval(&state, &request, f.publishers[0].key.public()).unwrap();
    sigill::admin::write_approval(&draft, &f.publishers[0].key, &f.path("trust"), &bytes).unwrap();
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read(f.path("public/om/karta/karta.pdf")).unwrap(), b"%PDF-1.4 fake");
    std::fs::write(f.path("content/om/karta/karta.pdf"), b"%PDF-1.4 swapped").unwrap();
    common::assert_rejected(&f, "bundle file content/om/karta/karta.pdf was modified");
}

#[test]
fn stray_files_outside_bundles_are_refused() {
    let f = Fixture::new();
    std::fs::write(f.path("content/om/logga.png"), b"png").unwrap();
    common::assert_rejected(&f, "file is not part of a page bundle");
}

#[test]
fn invalid_utf8_and_oversized_files_are_reported() {
    let f = Fixture::new();
    std::fs::write(f.path("content/trasig.md"), b"+++\ntitle = \"x\"\n\xff\n").unwrap();
    std::fs::write(f.path("content/stor.md"), vec![b'a'; 1024 * 1024 + 1]).unwrap();
    let out = f.sigill().arg("check").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("content/trasig.md:3:1: error: the file is not valid UTF-8"), "{stderr}");
    assert!(stderr.contains("content/stor.md: error: the file is larger than the limit"), "{stderr}");
}

#[test]
fn duplicate_urls_and_missing_anchors_are_reported() {
    let f = Fixture::new();
    f.write("content/om/kontakt2.md", &page("Kontakt 2", "anna", "[Tider](/om/kontakt/#tider)").replace("+++\n\n", "slug = \"kontakt\"\n+++\n\n"));
    let out = f.sigill().arg("check").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("URL /om/kontakt/ is also used by"), "{stderr}");
    assert!(stderr.contains("the page has no heading with id \"tider\""), "{stderr}");
}

#[test]
fn missing_config_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::sigill_command().arg("--root").arg(dir.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sigill init"));
}

#[test]
fn init_with_keys_gives_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("nora");
    let keys = dir.path().join("nyckel");
    let run = |args: &[&str]| {
        common::sigill_command().env("SIGILL_PASSPHRASE", "a long passphrase").args(args).output().unwrap()
    };
    let out = run(&["init", site.to_str().unwrap(), "--site", "www.nora.example", "--keys", keys.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&["--root", site.to_str().unwrap(), "build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(site.join("public/index.html").is_file());
    assert!(std::fs::read_to_string(site.join(".gitattributes")).unwrap().contains("*.md text eol=lf"));
    // A new page does not break the build: it is left out until approved.
    let out = run(&["--root", site.to_str().unwrap(), "new", "content/om/kontakt.md", "--publisher", "redaktor"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&["--root", site.to_str().unwrap(), "build"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/om/kontakt.md: warning: not published: never approved"));
    assert!(!site.join("public/om/kontakt/index.html").exists(), "left out until approved");
    let out = run(&["--root", site.to_str().unwrap(), "build", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/om/kontakt.md: error: not published: never approved"));
    let key = keys.join("redaktor.key");
    let out = run(&["--root", site.to_str().unwrap(), "approve", "content/om/kontakt.md", "--key", key.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "no terminal and no --yes must refuse");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    let out = run(&["--root", site.to_str().unwrap(), "approve", "content/om/kontakt.md", "--key", key.to_str().unwrap(), "--yes", "--note", "Ny sida"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("First approval; the whole text"));
    let out = run(&["--root", site.to_str().unwrap(), "build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&["--root", site.to_str().unwrap(), "init", site.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "init never overwrites a site");
}

/// A warm rebuild after one page changed writes only what changed: the
/// other files of the previous output are kept (the same inode), the site
/// still swaps into place at once, and it verifies.
#[cfg(unix)]
#[test]
fn a_warm_rebuild_keeps_the_files_that_did_not_change() {
    use std::os::unix::fs::MetadataExt;
    let f = Fixture::new();
    let public = f.built();
    let inode = |rel: &str| std::fs::metadata(public.join(rel)).unwrap().ino();
    let before: Vec<(String, u64)> = [
        "om/kontakt/index.html",
        "om/kontakt/index.html.proof.json",
        "om/kontakt/index.md",
        "css/sigill.css",
        "social/stod/index.html",
        "social/stod/index.html.proof.json",
        ".well-known/sigill/page-tiles/0/0",
        ".well-known/sigill/release.json",
    ]
    .iter()
    .map(|r| (r.to_string(), inode(r)))
    .collect();
    f.write("content/social/stod.md", &page("Stöd", "bo", "Socialtjänsten hjälper dig, också på kvällar."));
    f.approve("content/social/stod.md", 1);
    f.built();
    let after: std::collections::BTreeMap<String, u64> = before.iter().map(|(r, _)| (r.clone(), inode(r))).collect();
    for (rel, old) in &before {
        // Another page's proof names its place, not a path through the
        // edited page: it stays; the tile holding the edited leaf changes.
        let unchanged = ["om/kontakt/index.html", "om/kontakt/index.html.proof.json", "om/kontakt/index.md", "css/sigill.css"].contains(&rel.as_str());
        if unchanged {
            assert_eq!(after[rel], *old, "{rel} did not change and was not written again");
        } else {
            assert_ne!(after[rel], *old, "{rel} changed and was written");
        }
    }
    assert!(f.read("public/social/stod/index.html").contains("också på kvällar"));
    let (code, stdout, _) = common::verify(&[public.to_str().unwrap(), "--root", &f.anchor()]);
    assert_eq!(code, 0, "{stdout}");
}

/// Issue #16's acceptance: a warm rebuild after one edited page writes only
/// the files whose bytes changed. Every file that holds the same bytes
/// before and after keeps its inode (it was linked or left in place, not
/// written again), across two rebuilds: the first links from the live
/// release, the second recycles the release kept beside it.
#[cfg(unix)]
#[test]
fn a_warm_rebuild_writes_only_the_files_whose_bytes_changed() {
    use std::os::unix::fs::MetadataExt;
    let f = Fixture::new();
    let public = f.built();
    let state = |dir: &std::path::Path| -> std::collections::BTreeMap<String, (Vec<u8>, u64, u64)> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let meta = e.metadata().unwrap();
                (e.path().strip_prefix(dir).unwrap().display().to_string(), (std::fs::read(e.path()).unwrap(), meta.ino(), meta.nlink()))
            })
            .collect()
    };
    for (round, text) in ["Socialtjänsten hjälper dig, också på kvällar.", "Socialtjänsten hjälper dig, dygnet runt."].iter().enumerate() {
        let before = state(&public);
        f.write("content/social/stod.md", &page("Stöd", "bo", text));
        f.approve("content/social/stod.md", 1);
        f.built();
        let after = state(&public);
        let mut kept = 0;
        let mut changed = Vec::new();
        for (rel, (bytes, inode, links)) in &after {
            match before.get(rel) {
                // A log file the first build wrote is linked from the build
                // machine's state folder by the next one (read by neither).
                Some((old, _, _)) if old == bytes && rel.starts_with(".well-known/sigill/log/") && *links >= 2 => kept += 1,
                Some((old, old_inode, _)) if old == bytes => {
                    assert_eq!(inode, old_inode, "round {round}: {rel} holds the same bytes but was written again");
                    kept += 1;
                }
                _ => changed.push(rel.clone()),
            }
        }
        // The edited page's files changed; every other page's did not.
        for rel in ["social/stod/index.html", "social/stod/index.md", "social/stod/index.html.proof.json", ".well-known/sigill/page-tiles/0/0", ".well-known/sigill/release.json"] {
            assert!(changed.contains(&rel.to_string()), "round {round}: {rel} should have changed: {changed:?}");
        }
        assert!(changed.iter().all(|rel| !rel.starts_with("om/")), "round {round}: another page's files changed: {changed:?}");
        assert!(kept > changed.len(), "round {round}: kept {kept}, changed {changed:?}");
    }
}

/// A warm rebuild takes each page an earlier build rendered from exactly
/// the same inputs from the live site, unread, instead of rendering it
/// again; and that never changes what is published. After each kind of
/// change (none, a page's text, its title, which its section lists, the
/// theme, a live page changed behind the build's back), the whole output
/// is byte for byte what a build that renders every page makes from the
/// same log state at the same moment, and only the pages whose inputs
/// changed were rendered.
#[cfg(unix)]
#[test]
fn a_warm_rebuild_renders_only_the_pages_whose_inputs_changed_and_publishes_what_a_full_build_would() {
    let f = Fixture::new();
    f.write("content/social/_index.md", &page("Social omsorg", "bo", "Vi hjälper dig."));
    f.approve("content/social/_index.md", 1);
    let out = f.sigill().args(["build", "--strict"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("unchanged"), "the first build renders every page");
    let reference = tempfile::tempdir().unwrap();
    let mut round = 0;
    let mut rebuild = |what: &str| -> usize {
        round += 1;
        // The build machine's state as it is now, without the record of
        // rendered pages, for a build that renders every page.
        let data = reference.path().join(format!("data-{round}"));
        common::copy_tree(f.data.path(), &data);
        let records: Vec<std::path::PathBuf> =
            walkdir::WalkDir::new(&data).into_iter().flatten().filter(|e| e.file_name() == "rendered-pages").map(|e| e.into_path()).collect();
        assert_eq!(records.len(), 1, "{what}: the last build kept a record of the pages it rendered");
        std::fs::remove_file(&records[0]).unwrap();
        let mut warm = f.sigill();
        let at = common::now().unix() + f.tick.get();
        let full_out = reference.path().join(format!("public-{round}"));
        let full = common::sigill_command()
            .arg("--root")
            .arg(f.root())
            .args(["build", "--strict", "--out"])
            .arg(&full_out)
            .env("SIGILL_NOW", sigill::trust::Timestamp::from_unix(at).unwrap().to_string())
            .env("XDG_DATA_HOME", &data)
            .output()
            .unwrap();
        assert!(full.status.success(), "{what}: {}", String::from_utf8_lossy(&full.stderr));
        assert!(!String::from_utf8_lossy(&full.stdout).contains("unchanged"), "{what}: without the record, every page is rendered");
        let warm = warm.args(["build", "--strict"]).output().unwrap();
        assert!(warm.status.success(), "{what}: {}", String::from_utf8_lossy(&warm.stderr));
        let (warm_files, full_files) = (snapshot(&f.path("public")), snapshot(&full_out));
        assert_eq!(warm_files.len(), full_files.len(), "{what}: the same files");
        for ((rel, bytes), (full_rel, full_bytes)) in warm_files.iter().zip(&full_files) {
            assert_eq!(rel, full_rel, "{what}: the same files");
            assert!(bytes == full_bytes, "{what}: {rel} differs from what a build rendering every page makes");
        }
        let stdout = String::from_utf8_lossy(&warm.stdout).to_string();
        match stdout.split_once(" page(s) rendered; ") {
            Some((before, _)) => before.rsplit(char::is_whitespace).next().unwrap().parse().unwrap(),
            None => {
                assert!(stdout.contains("built 4 page(s)"), "{what}: {stdout}");
                4
            }
        }
    };
    assert_eq!(rebuild("nothing changed"), 0);
    f.write("content/social/stod.md", &page("Stöd", "bo", "Socialtjänsten hjälper dig, också på kvällar."));
    f.approve("content/social/stod.md", 1);
    assert_eq!(rebuild("a page's text"), 1, "only the edited page is rendered");
    f.write("content/social/stod.md", &page("Stöd och hjälp", "bo", "Socialtjänsten hjälper dig, också på kvällar."));
    f.approve("content/social/stod.md", 1);
    assert_eq!(rebuild("a page's title"), 2, "the page and the section that lists it");
    assert!(f.read("public/social/index.html").contains("Stöd och hjälp"));
    let template = f.path("themes/default/templates/page.html");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, text.replacen("</article>", "</article>\n<!-- ny mall -->", 1)).unwrap();
    f.approve_site_inputs();
    assert_eq!(rebuild("the theme"), 4, "every page");
    assert!(f.read("public/om/kontakt/index.html").contains("ny mall"), "the new template is used");
    // A live page written through in place: never taken as what was rendered.
    let live = f.path("public/om/kontakt/index.html");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&live, f.read("public/om/kontakt/index.html").replace("Ring oss", "Ring inte")).unwrap();
    assert_eq!(rebuild("a live page changed"), 1, "the changed live page is rendered again");
    assert!(f.read("public/om/kontakt/index.html").contains("Ring oss"));
}

/// A build takes each unchanged page's Markdown facts from the build
/// machine's signed record instead of parsing the page again, and still
/// finds every problem between pages; a failed build leaves the record as
/// it was, and a damaged record is not used.
#[cfg(unix)]
#[test]
fn the_record_of_markdown_facts_spares_parsing_but_never_a_problem() {
    let f = Fixture::new();
    f.write("content/social/stod.md", &page("Stöd", "bo", "## Telefon\n\nRing oss på vardagar."));
    f.approve("content/social/stod.md", 1);
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "Se [telefontiderna för stöd](../social/stod.md#telefon)."));
    f.approve("content/om/kontakt.md", 0);
    // The first build on this machine starts its state folder; the second
    // keeps the record there.
    for _ in 0..2 {
        let (code, stderr) = f.build();
        assert_eq!(code, 0, "{stderr}");
    }
    let records: Vec<std::path::PathBuf> = walkdir::WalkDir::new(f.data.path()).into_iter().flatten().filter(|e| e.file_name() == "markdown-facts").map(|e| e.into_path()).collect();
    assert_eq!(records.len(), 1, "the build kept a record of what each page's Markdown holds");
    let record = &records[0];
    let kept = std::fs::read(record).unwrap();
    // The heading the unchanged page links to is renamed: its link is
    // found broken, from what the record kept of it.
    f.write("content/social/stod.md", &page("Stöd", "bo", "## Ring oss\n\nRing oss på vardagar."));
    f.approve("content/social/stod.md", 1);
    let (code, stderr) = f.build();
    assert_ne!(code, 0, "a broken link fails a strict build");
    assert!(stderr.contains("content/om/kontakt.md") && stderr.contains("\"telefon\""), "{stderr}");
    assert_eq!(std::fs::read(record).unwrap(), kept, "a failed build leaves the record as it was");
    // The heading back: the build passes again.
    f.write("content/social/stod.md", &page("Stöd", "bo", "## Telefon\n\nRing oss på vardagar och helger."));
    f.approve("content/social/stod.md", 1);
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "{stderr}");
    let good = std::fs::read(record).unwrap();
    // A damaged record: not used, and replaced by a whole one.
    let mut damaged = good.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    std::fs::write(record, &damaged).unwrap();
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "{stderr}");
    let replaced = std::fs::read(record).unwrap();
    assert!(replaced != damaged && replaced.len() == good.len(), "a whole record of the same pages");
}

/// Whoever can write the output folder cannot make a rebuild publish bytes
/// its release does not list. A live page changed in place, and then
/// `files.json` written again byte for byte (so that the page is the
/// older file, as if unchanged since it was listed), is compared all the
/// same: the build machine noted which `files.json` it published, and this
/// is not that file. The rebuild publishes the page it built.
#[cfg(unix)]
#[test]
fn a_live_file_changed_behind_a_list_written_again_is_never_published() {
    let f = Fixture::new();
    f.built();
    f.write("content/social/stod.md", &page("Stöd", "bo", "Socialtjänsten hjälper dig, också på kvällar."));
    f.approve("content/social/stod.md", 1);
    let public = f.built();
    let target = public.join("om/kontakt/index.html");
    let built = std::fs::read(&target).unwrap();
    let mut fake = built.clone();
    let at = fake.len() / 2;
    fake[at] = if fake[at] == b'x' { b'y' } else { b'x' };
    std::fs::write(&target, &fake).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let list = public.join(".well-known/sigill/files.json");
    let listed = std::fs::read(&list).unwrap();
    std::fs::write(&list, &listed).unwrap();
    f.write("content/social/stod.md", &page("Stöd", "bo", "Socialtjänsten hjälper dig, dygnet runt."));
    f.approve("content/social/stod.md", 1);
    f.built();
    assert_eq!(std::fs::read(&target).unwrap(), built, "the page as built, not as changed in the output folder");
    let (code, stdout, _) = common::verify(&[public.to_str().unwrap(), "--root", &f.anchor()]);
    assert_eq!(code, 0, "{stdout}");
}

/// The release before the live one is kept beside the output and recycled
/// by the next build: whatever is in it that the new release would not
/// publish byte for byte — a changed file, a stray file, a folder where a
/// file belongs, a file where a folder belongs — does not reach the output,
/// which verifies and equals a build from nothing.
#[cfg(unix)]
#[test]
fn a_rebuild_recycles_the_kept_release_and_publishes_only_what_it_built() {
    let f = Fixture::new();
    let public = f.built();
    let kept = f.path(".sigill-previous-public");
    assert!(!kept.exists(), "a first build has nothing to keep");
    f.write("content/social/stod.md", &page("Stöd", "bo", "Socialtjänsten hjälper dig, också på kvällar."));
    f.approve("content/social/stod.md", 1);
    f.built();
    assert!(kept.join(".well-known/sigill/files.json").is_file(), "the replaced release is kept beside the output");
    // Tamper with the kept release in every way it could mislead a build.
    // (Its unchanged files are hard links to the live ones: replace them,
    // never write through them.)
    let replace = |rel: &str, bytes: &[u8]| {
        let path = kept.join(rel);
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, bytes).unwrap();
    };
    let live = std::fs::read(public.join("om/kontakt/index.html")).unwrap();
    let mut same_length = live.clone();
    let at = same_length.len() / 2;
    same_length[at] = if same_length[at] == b'x' { b'y' } else { b'x' };
    replace("om/kontakt/index.html", &same_length);
    std::fs::write(kept.join("stray.html"), "<p>not built</p>").unwrap();
    std::fs::create_dir_all(kept.join("gammal/mapp")).unwrap();
    std::fs::write(kept.join("gammal/mapp/sida.html"), "old").unwrap();
    std::fs::remove_file(kept.join("404.html")).unwrap();
    std::fs::create_dir_all(kept.join("404.html/inside")).unwrap();
    std::fs::remove_dir_all(kept.join("social")).unwrap();
    std::fs::write(kept.join("social"), "a file where a folder belongs").unwrap();
    f.write("content/social/stod.md", &page("Stöd", "bo", "Socialtjänsten hjälper dig, dygnet runt."));
    f.approve("content/social/stod.md", 1);
    let before_live = snapshot(&public);
    f.built();
    assert_eq!(std::fs::read(public.join("om/kontakt/index.html")).unwrap(), live, "the changed file was replaced by the built one");
    assert!(!public.join("stray.html").exists() && !public.join("gammal").exists(), "files the build did not make are gone");
    assert!(public.join("404.html").is_file() && public.join("social/stod/index.html").is_file());
    assert!(f.read("public/social/stod/index.html").contains("dygnet runt"));
    let (code, stdout, _) = common::verify(&[public.to_str().unwrap(), "--root", &f.anchor()]);
    assert_eq!(code, 0, "{stdout}");
    // The release just replaced is the one kept now, untouched.
    assert_eq!(snapshot(&kept), before_live, "the kept release is the one replaced");
    // The recycled output holds exactly what a build into a new folder holds.
    let fresh = f.data.path().join("fresh");
    let out = f.sigill().args(["build", "--out", fresh.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let names = |dir: &std::path::Path| snapshot(dir).into_iter().map(|(p, _)| p).filter(|p| !p.starts_with(".well-known/sigill/")).collect::<Vec<_>>();
    assert_eq!(names(&public), names(&fresh));
}
