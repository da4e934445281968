//! The repository's own example site: it builds with the demo keys, a
//! changed byte is rejected naming the page, and approving with the demo
//! publisher key lets it build again.

use crate::common;

use std::path::Path;

use assert_cmd::Command;

fn sigill(root: &Path) -> Command {
    let mut cmd = common::sigill_command();
    cmd.arg("--root").arg(root).env_remove("SIGILL_RELEASE_KEY").env("SIGILL_PASSPHRASE", "sigill-demo");
    cmd
}

#[test]
fn example_site_builds_rejects_a_changed_byte_and_builds_after_approval() {
    let dir = common::example_copy();
    let root = dir.path();
    let out = sigill(root).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for page in ["index.html", "om/it-strategi/index.html", "om/tillganglighet/index.html", "kontakt/index.html", "bygga-bo/bygglov/index.html", "bygga-bo/bygglov/checklista.pdf", "bygga-bo/bygglov/situationsplan.png", "404.html"] {
        assert!(root.join("public").join(page).is_file(), "missing {page}");
    }
    let anchor = sigill::config::load(root).unwrap().config.trust.root.unwrap();
    let (code, stdout, _) = common::verify(&[root.join("public").to_str().unwrap(), "--root", &anchor]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("35 of 35 page(s) verified"), "{stdout}");
    let before = common::snapshot(&root.join("public"));

    let page = root.join("content/om/it-strategi.md");
    let mut bytes = std::fs::read(&page).unwrap();
    let at = bytes.iter().rposition(|b| *b == b'.').unwrap();
    bytes[at] = b'!';
    std::fs::write(&page, &bytes).unwrap();
    // A CI gate refuses and writes nothing.
    let out = sigill(root).args(["build", "--strict"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/om/it-strategi.md: error: kept at the approved version of"), "{stderr}");
    assert!(stderr.contains("changed since approval"), "{stderr}");
    assert_eq!(common::snapshot(&root.join("public")), before, "public/ must be untouched");
    // The everyday build publishes, keeping the approved text of the changed page.
    let out = sigill(root).arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("content/om/it-strategi.md: warning: kept at the approved version of"), "{stderr}");
    assert_ne!(std::fs::read(root.join("public/om/it-strategi/index.md")).unwrap(), bytes, "the unapproved text is not published");
    let approved = std::fs::read_dir(root.join("trust/approvals/content/om/it-strategi.md")).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "source")).max().unwrap();
    assert_eq!(std::fs::read(root.join("public/om/it-strategi/index.md")).unwrap(), std::fs::read(approved).unwrap(), "the approved text is");

    let out = sigill(root)
        .args(["approve", "content/om/it-strategi.md", "--key", "demo-keys/kommunikation.key", "--note", "Skiljetecken", "--yes"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("--- last approved") && shown.contains("+++ now"), "the diff is shown: {shown}");
    let out = sigill(root).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(root.join("public/om/it-strategi/index.html")).unwrap().contains("Skiljetecken"));
}

#[test]
fn the_wrong_publisher_key_cannot_approve() {
    let dir = common::example_copy();
    let root = dir.path();
    let before = common::snapshot(&root.join("trust"));
    let out = sigill(root)
        .args(["approve", "content/om/it-strategi.md", "--key", "demo-keys/utbildning.key", "--yes"])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("names \"kommunikation\" as its publisher, but this key belongs to \"utbildning\""), "{stderr}");
    assert_eq!(common::snapshot(&root.join("trust")), before, "nothing was written");
}

#[test]
fn status_lists_every_page_for_scripts() {
    let dir = common::example_copy();
    let root = dir.path();
    std::fs::write(root.join("content/om/_index.md"), std::fs::read_to_string(root.join("content/om/_index.md")).unwrap() + "\nNy mening.\n").unwrap();
    let out = sigill(root).args(["status", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pages = json["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 35);
    let changed = pages.iter().find(|p| p["path"] == "content/om/_index.md").unwrap();
    assert_eq!(changed["state"], "changed-since-approval");
    assert_eq!(changed["publisher"], "kommunikation");
    assert!(pages.iter().filter(|p| p["state"] == "approved").count() >= 33);
}

#[test]
fn new_pages_take_the_sections_publisher() {
    let dir = common::example_copy();
    let root = dir.path();
    let out = sigill(root).args(["new", "content/bygga-bo/strandskydd.md"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(root.join("content/bygga-bo/strandskydd.md")).unwrap();
    assert!(text.contains("publisher = \"samhallsbyggnad\""), "{text}");
    assert!(text.contains("owner = \"Samhällsbyggnadsnämnden\""), "{text}");
    assert!(text.contains("title = \"Strandskydd\""), "{text}");
    let again = sigill(root).args(["new", "content/bygga-bo/strandskydd.md"]).output().unwrap();
    assert_eq!(again.status.code(), Some(1), "an existing page is never overwritten");
}

#[test]
fn the_example_builds_two_years_ahead() {
    let site = common::example_copy();
    let out = sigill(site.path()).arg("build").env("SIGILL_NOW", "2028-12-01T12:00:00Z").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("approval lapsed: review was due"), "the pages say their review is overdue: {stderr}");
    let page = std::fs::read_to_string(site.path().join("public/om/it-strategi/index.html")).unwrap();
    assert!(page.contains("Granskningen har gått ut"), "no valid-looking mark past the review date");
    let anchor = sigill::config::load(site.path()).unwrap().config.trust.root.unwrap();
    let out = sigill(site.path()).env("SIGILL_NOW", "2028-12-01T12:00:00Z").args(["verify", site.path().join("public").to_str().unwrap(), "--root", &anchor]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

/// The example site's data and static files are approved content: a change
/// to either without approval stops the build, and the generated pages
/// (search, tags, news pages) are covered by the release.
#[test]
fn the_example_refuses_unapproved_data_and_static_files() {
    let dir = common::example_copy();
    let root = dir.path();
    let out = sigill(root).arg("build").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = root.join("public");
    for page in ["sok/index.html", "taggar/index.html", "taggar/miljo/index.html", "nyheter/sida/2/index.html", "nyheter/atom.xml", "pagefind/pagefind-entry.json", "img/karta-centrum.svg"] {
        assert!(public.join(page).is_file(), "missing {page}");
    }
    let files = std::fs::read_to_string(public.join(".well-known/sigill/files.json")).unwrap();
    assert!(files.contains("/nyheter/sida/2/index.html") && files.contains("/taggar/miljo/index.html") && files.contains("/sok/index.html"));
    let before = common::snapshot(&public);
    for (file, from, to) in [("data/kontakter.toml", "0100-12 34 56", "0900-666 66"), ("static/img/karta-centrum.svg", "Kommunhuset", "Stängt")] {
        let original = std::fs::read_to_string(root.join(file)).unwrap();
        std::fs::write(root.join(file), original.replace(from, to)).unwrap();
        let out = sigill(root).arg("build").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&format!("{file}: error: not approved: changed since approval")), "{stderr}");
        assert_eq!(common::snapshot(&public), before, "public/ must be untouched");
        std::fs::write(root.join(file), original).unwrap();
    }
}
