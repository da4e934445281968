//! What a repository writer without a publisher's key cannot do any more:
//! change templates, theme files or site-wide texts, read the build
//! machine's environment or files, add behaviour through Markdown, move an
//! approval to another URL, hide a change from the publisher who approves
//! it, or spoof a terminal. Each refusal is checked against a real earlier
//! output that must stay byte for byte as it was.

use crate::common;

use common::{page, restamp, snapshot, Fixture};

/// Builds once (the earlier output), applies `attack`, and asserts that the
/// next build exits 1 naming `reason` and leaves the output as it was.
fn refused_after(f: &Fixture, attack: impl FnOnce(&Fixture), reason: &str) {
    f.built();
    let before = snapshot(&f.path("public"));
    assert!(before.len() > 20, "a real earlier output exists");
    attack(f);
    let (code, stderr) = f.build();
    assert_eq!(code, 1, "expected exit 1, stderr:\n{stderr}");
    assert!(stderr.contains(reason), "expected {reason:?} in:\n{stderr}");
    assert_eq!(snapshot(&f.path("public")), before, "a refused build changed the output");
}

fn edit(f: &Fixture, rel: &str, change: impl FnOnce(String) -> String) {
    let text = change(f.read(rel));
    f.write(rel, &text);
}

const THEME_REFUSED: &str = "themes/default/theme.toml: error: not approved: changed since approval: bundle file";

#[test]
fn a_changed_template_needs_the_theme_approval() {
    let f = Fixture::new();
    refused_after(
        &f,
        |f| edit(f, "themes/default/templates/page.html", |t| t.replace("{{ page.content | safe }}", "{{ page.content | replace(from=\"0100-123 45\", to=\"0900-666 66\") | safe }}<script>alert(1)</script>")),
        &format!("{THEME_REFUSED} themes/default/templates/page.html was modified"),
    );
    let (_, stderr) = f.build();
    assert!(stderr.contains("sigill approve themes/default/ --key"), "the fix is named: {stderr}");
    let status = f.sigill().arg("status").output().unwrap();
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("changed since approval   themes/default/theme.toml"), "{status}");
}

#[test]
fn a_theme_static_file_needs_the_theme_approval() {
    let f = Fixture::new();
    refused_after(
        &f,
        |f| edit(f, "themes/default/static/css/sigill.css", |t| t + "\nbody::after { content: \"Ring 0900-666 66\"; }\n"),
        &format!("{THEME_REFUSED} themes/default/static/css/sigill.css was modified"),
    );
}

#[test]
fn a_theme_file_cannot_reach_the_verifier_or_fingerprint() {
    for target in [".well-known/sigill/verify/verify.js", ".well-known/sigill/fingerprint.txt"] {
        let f = Fixture::new();
        refused_after(
            &f,
            |f| f.write(&format!("themes/default/static/{target}"), "document.body.dataset.outcome = 'verified';"),
            &format!("themes/default/static/{target}: error: file name in the theme is not a plain URL path"),
        );
    }
    let f = Fixture::new();
    refused_after(&f, |f| f.write("themes/default/static/robots.txt", "Disallow: /"), "themes/default/static/robots.txt was added");
}

#[test]
fn an_approved_theme_file_cannot_replace_a_file_the_build_makes() {
    let f = Fixture::new();
    f.write("content/om/karta/index.md", &page("Karta", "anna", "Se [kartan](karta.pdf)."));
    std::fs::write(f.path("content/om/karta/karta.pdf"), b"%PDF-1.4 approved").unwrap();
    f.approve("content/om/karta/index.md", 0);
    for target in ["om/karta/karta.pdf", "404.html", "sitemap.xml"] {
        f.built();
        f.write(&format!("themes/default/static/{target}"), "replaced");
        f.approve_site_inputs();
        let before = snapshot(&f.path("public"));
        let (code, stderr) = f.build();
        assert_eq!(code, 1, "{target}: {stderr}");
        assert!(stderr.contains(&format!("{target} would replace a file the build made")), "{stderr}");
        assert_eq!(snapshot(&f.path("public")), before);
        std::fs::remove_file(f.path(&format!("themes/default/static/{target}"))).unwrap();
        f.approve_site_inputs();
    }
}

#[test]
fn site_wide_texts_need_the_site_toml_approval() {
    let f = Fixture::new();
    refused_after(
        &f,
        |f| edit(f, "site.toml", |t| t.replace("organization = \"Testby kommun\"", "organization = \"Testby kommun – ring 0900-666 66\"")),
        "site.toml: error: not approved: changed since approval",
    );
    let (_, stderr) = f.build();
    assert!(stderr.contains("sigill approve site.toml --key"), "{stderr}");
}

#[test]
fn templates_cannot_read_the_environment() {
    let f = Fixture::new();
    f.built();
    let before = snapshot(&f.path("public"));
    edit(&f, "themes/default/templates/page.html", |t| t.replace("{{ page.content | safe }}", "{{ page.content | safe }}<p>{{ get_env(name=\"SIGILL_PASSPHRASE\", default=\"\") }}</p>"));
    // A careless web editor approves it: the template still cannot read secrets.
    f.approve_site_inputs();
    let out = f.sigill().arg("build").env("SIGILL_PASSPHRASE", "hemligt-lösenord-123").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("templates cannot read the build machine's environment"), "{stderr}");
    assert_eq!(snapshot(&f.path("public")), before);
    assert!(!snapshot(&f.path("public")).iter().any(|(_, b)| String::from_utf8_lossy(b).contains("hemligt")));
}

#[cfg(unix)]
#[test]
fn links_in_the_theme_or_trust_are_refused() {
    let f = Fixture::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("release.key"), f.read("release.key")).unwrap();
    refused_after(
        &f,
        |f| std::os::unix::fs::symlink(outside.path().join("release.key"), f.path("themes/default/templates/key.html")).unwrap(),
        "themes/default/templates/key.html: error: symbolic links are not allowed in a theme",
    );
    std::fs::remove_file(f.path("themes/default/templates/key.html")).unwrap();
    refused_after(
        &f,
        |f| std::os::unix::fs::symlink(outside.path(), f.path("trust/elsewhere")).unwrap(),
        "trust/elsewhere: error: symbolic links are not allowed here",
    );
}

#[test]
fn key_files_are_found_however_they_are_named_or_laid_out() {
    let f = Fixture::new();
    let key: serde_json::Value = serde_json::from_str(&f.read("release.key")).unwrap();
    // Pretty-printed, keys in another order, with a misleading name.
    let mut fields: Vec<(String, serde_json::Value)> = key.as_object().unwrap().clone().into_iter().collect();
    fields.reverse();
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("  {}: {}", serde_json::to_string(k).unwrap(), v)).collect();
    let disguised = format!("{{\n{}\n}}\n", body.join(",\n"));
    assert!(disguised.find("sigill-key-v1").unwrap() > 256, "the format is not at the start");
    for place in ["themes/default/static/notes.txt", "trust/backup.json", "content/om/karta/notes.txt"] {
        let f = Fixture::new();
        if place.starts_with("content/om/karta/") {
            f.write("content/om/karta/index.md", &page("Karta", "anna", "Karta."));
            f.approve("content/om/karta/index.md", 0);
        }
        refused_after(&f, |f| f.write(place, &disguised), &format!("{place}: error: a private key file lies inside"));
    }
    let f = Fixture::new();
    refused_after(&f, |f| f.write("themes/default/static/id.pem", "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n"), "themes/default/static/id.pem: error: a private key file lies inside");
}

#[test]
fn markdown_heading_attributes_add_no_behaviour() {
    let f = Fixture::new();
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "## Ring oss {.quality-mark #quality-mark-title onmouseover=alert(1) style=color:red}\n\nText."));
    f.approve("content/om/kontakt.md", 0);
    let public = f.built();
    let html = std::fs::read_to_string(public.join("om/kontakt/index.html")).unwrap();
    let heading = html.split("<h2").find(|part| part.contains("Ring oss")).unwrap();
    let tag = &heading[..heading.find('>').unwrap()];
    assert!(!tag.contains("class") && !tag.contains("onmouseover") && !tag.contains("style"), "{tag}");
    assert!(tag.contains("id=\"quality-mark-title-2\""), "the theme's id is not taken: {tag}");
    assert_eq!(html.matches("id=\"quality-mark-title\"").count(), 1, "the mark's own id stays unique");
}

#[test]
fn an_approval_is_bound_to_its_url() {
    let f = Fixture::new();
    refused_after(
        &f,
        |f| f.resign_head("content/om/kontakt.md", &f.publishers[0].key, |p| p.url = Some("/om/annan-adress/".into())),
        "not published: the approval is for the URL /om/annan-adress/, but the page is published at /om/kontakt/",
    );
}

#[test]
fn slugs_and_aliases_stay_in_the_publishers_section() {
    // Bo answers for content/social/ and tries to take /om/kontakt-gammal/
    // and, through a slug on his section page, /kontakt/.
    for (text, url) in [
        ("+++\ntitle = \"Stöd\"\npublisher = \"bo\"\nowner = \"Socialnämnden\"\naliases = [\"/om/kontakt-gammal/\"]\n+++\n\nStöd.\n", "/om/kontakt-gammal/"),
        ("+++\ntitle = \"Socialt\"\npublisher = \"bo\"\nowner = \"Socialnämnden\"\nslug = \"kontakt\"\n+++\n\nSocialt.\n", "/kontakt/"),
    ] {
        let f = Fixture::new();
        let path = if url == "/kontakt/" { "content/social/_index.md" } else { "content/social/stod.md" };
        f.write("content/social/_index.md", &page("Socialt", "bo", "Socialt."));
        f.approve("content/social/_index.md", 1);
        f.built();
        f.write(path, text);
        // `approve` refuses what the build would refuse.
        let trust_before = snapshot(&f.path("trust"));
        sigill::trust::keyfile::KeyFile::seal(&f.publishers[1].key, "bo", Some("test"), 600_000).unwrap().write_new(&f.path("bo.key")).unwrap();
        let out = f.sigill().args(["approve", path, "--key"]).arg(f.path("bo.key")).arg("--yes").env("SIGILL_PASSPHRASE", "test").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&format!("publisher \"bo\" cannot take the URL {url}")), "{stderr}");
        let state = f.trust();
        let bytes = std::fs::read(f.path(path)).unwrap();
        let request = sigill::admin::ApprovalRequest {
            site: common::SITE,
            trust_dir: &f.path("trust"),
            path,
            bytes: &bytes,
            assets: Vec::new(),
            front_matter_publisher: Some("bo"),
            url: Some(if url == "/kontakt/" { "/kontakt/" } else { "/social/stod/" }),
            aliases: &if url == "/kontakt/" { vec![] } else { vec![url.to_string()] },
            translation_of: None,
            schedule: Default::default(),
            note: "",
            minor: false,
            review_by: None,
            default_review_days: 100,
            now: f.now,
        };
        let refused = sigill::admin::draft_approval(&state, &request, f.publishers[1].key.public()).unwrap_err().to_string();
        assert!(refused.contains(&format!("cannot take the URL {url}")), "{refused}");
        assert_eq!(snapshot(&f.path("trust")), trust_before, "nothing was signed");
        // A forged approval (signed by bo all the same) is refused by the build.
        let (_, mut payload) = f.head_payload(path);
        payload.sequence += 1;
        payload.previous = Some(sigill::trust::approval::load_chain(&f.path("trust"), path, common::SITE, &f.trust().registry).unwrap().last().unwrap().payload_sha256());
        payload.source_sha256 = sigill::trust::digest::Sha256::of(&bytes);
        payload.source_len = bytes.len() as u64;
        payload.url = request.url.map(str::to_string);
        let before = snapshot(&f.path("public"));
        f.write_approval(&payload, &f.publishers[1].key);
        let (code, stderr) = f.build();
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains(&format!("publisher \"bo\" cannot take the URL {url}")), "{stderr}");
        assert_eq!(snapshot(&f.path("public")), before);
    }
}

fn approve_output(f: &Fixture, path: &str) -> (i32, String, String) {
    let out = f.sigill().args(["approve", path, "--key"]).arg(f.path("anna.key")).arg("--yes").env("SIGILL_PASSPHRASE", "test").output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).to_string(), String::from_utf8_lossy(&out.stderr).to_string())
}

/// Writes anna's key to `anna.key` in the site, as a key file the CLI opens.
fn anna_key_file(f: &Fixture) {
    sigill::trust::keyfile::KeyFile::seal(&f.publishers[0].key, "anna", Some("test"), 600_000).unwrap().write_new(&f.path("anna.key")).unwrap();
}

#[test]
fn approve_shows_hidden_characters() {
    let f = Fixture::new();
    anna_key_file(&f);
    edit(&f, "content/om/kontakt.md", |t| t.replace("Ring oss på 0100-123 45.", "Ring oss på 0100-123 45.\u{1b}[2K\u{1b}[1A\rRing oss på 0900-666 66. \u{202e}stnemelppus\u{202c}"));
    let (code, stdout, stderr) = approve_output(&f, "content/om/kontakt.md");
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{202e}') && !stdout.contains('\r'), "nothing reaches the terminal raw: {stdout:?}");
    assert!(stdout.contains("<U+001B>[2K<U+001B>[1A<U+000D>Ring oss på 0900-666 66"), "{stdout}");
    assert!(stdout.contains("<U+202E>stnemelppus<U+202C>"), "{stdout}");
    assert!(stdout.contains("WARNING: the text holds 5 invisible, control or direction-changing character(s)"), "{stdout}");
}

#[test]
fn approve_lists_bundle_changes_file_by_file() {
    let f = Fixture::new();
    anna_key_file(&f);
    f.write("content/om/karta/index.md", &page("Karta", "anna", "Se kartan i [PDF](karta.pdf)."));
    std::fs::write(f.path("content/om/karta/karta.png"), vec![0x89; 120]).unwrap();
    std::fs::write(f.path("content/om/karta/karta.pdf"), b"%PDF-1.4 v1").unwrap();
    let (code, _, stderr) = approve_output(&f, "content/om/karta/index.md");
    assert_eq!(code, 0, "{stderr}");
    // The text stays the same; the image is swapped for an SVG with script.
    std::fs::remove_file(f.path("content/om/karta/karta.png")).unwrap();
    std::fs::write(f.path("content/om/karta/karta.svg"), b"<svg onload=\"alert(1)\"/>").unwrap();
    std::fs::write(f.path("content/om/karta/karta.pdf"), b"%PDF-1.4 v2 changed").unwrap();
    let (code, stdout, stderr) = approve_output(&f, "content/om/karta/index.md");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("The text is unchanged since the last approval."), "{stdout}");
    assert!(stdout.contains("added    content/om/karta/karta.svg (SVG image: can hold script, 24 bytes)"), "{stdout}");
    assert!(stdout.contains("removed  content/om/karta/karta.png (image)"), "{stdout}");
    assert!(stdout.contains("changed  content/om/karta/karta.pdf (PDF document, 19 bytes)"), "{stdout}");
}

#[test]
fn approve_refuses_what_the_build_would_reject() {
    let f = Fixture::new();
    anna_key_file(&f);
    edit(&f, "content/om/kontakt.md", |t| t + "\n[Mer](finns-inte.md)\n\n![](bild.png)\n");
    let before = snapshot(&f.path("trust"));
    let (code, stdout, stderr) = approve_output(&f, "content/om/kontakt.md");
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("content/om/kontakt.md"), "{stderr}");
    assert!(stderr.contains("finns-inte.md"), "the broken link is named: {stderr}");
    assert_eq!(snapshot(&f.path("trust")), before, "nothing was signed");
}

#[test]
fn verify_never_prints_a_sites_control_characters() {
    let f = Fixture::new();
    f.registry_version(|p| p.publishers[0].name = "Anna Ek\u{1b}]0;pwned\u{7}\u{1b}[2J".into());
    // An approval made now signs that naming, and verify prints it.
    f.write("content/om/kontakt.md", &f.read("content/om/kontakt.md").replace("0100-123 45", "0100-123 46"));
    f.approve("content/om/kontakt.md", 0);
    let public = f.built();
    let (code, stdout, _) = common::verify(&[public.join("om/kontakt/").to_str().unwrap(), "--root", &f.anchor()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'), "{stdout:?}");
    assert!(stdout.contains("approved by Anna Ek<U+001B>]0;pwned<U+0007><U+001B>[2J"), "{stdout}");
}

#[test]
fn audit_reproduces_a_release_and_catches_a_dishonest_build_machine() {
    let f = Fixture::new();
    let public = f.built();
    let out = f.sigill().arg("audit").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("published files are exactly what the approved sources and theme render to"), "{stdout}");
    // The build machine (holding the release key) publishes another text,
    // with every list and signature made consistent: verify cannot tell,
    // the audit can.
    let page = public.join("om/kontakt/index.html");
    std::fs::write(&page, std::fs::read_to_string(&page).unwrap().replace("0100-123 45", "0900-666 66")).unwrap();
    restamp::rehash_page(&public, &f.release_key, "/om/kontakt/");
    let (code, verified, _) = common::verify(&[public.to_str().unwrap(), "--root", &f.anchor()]);
    assert_eq!(code, 0, "the forged release verifies: {verified}");
    let out = f.sigill().arg("audit").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("✘ /om/kontakt/index.html differs from what the approved sources render to"), "{stdout}");
}

/// A build holds no page bodies between approving and writing: each
/// approved text is read again when its page is written, and a file that
/// changed in between (the page's own, or the approved copy an earlier
/// version is published from) is refused, never published.
#[test]
fn a_text_changed_after_the_approvals_stage_is_never_written() {
    use sigill::build::{check_site, BuildOptions};
    let f = Fixture::new();
    let options = BuildOptions { out: None, now: common::now(), write: false, release_key: None, protected: Vec::new(), state: None, strict: false };
    // kontakt.md is published as it is; stod.md at its approved version
    // while an unapproved change waits.
    let approved_stod = f.read("content/social/stod.md");
    edit(&f, "content/social/stod.md", |t| t + "\nÄndrat men inte godkänt.\n");
    let mut checked = check_site(f.root(), &options, &sigill::progress::Silent).unwrap();
    let by_path = |path: &str| checked.approved.iter().find(|p| p.page().source.path == path).unwrap();
    let kontakt = by_path("content/om/kontakt.md");
    let stod = by_path("content/social/stod.md");
    assert_eq!(stod.standing().last_approved, Some(1), "stod.md is published at its approved version");
    // What an approved page holds of its text is its front matter.
    assert!(kontakt.page().body().is_empty());
    let original = f.read("content/om/kontakt.md");
    assert_eq!(kontakt.read_text().unwrap().bytes(), original.as_bytes());
    assert_eq!(stod.read_text().unwrap().bytes(), approved_stod.as_bytes());
    assert!(stod.read_text().unwrap().body().contains(approved_stod.split("+++").nth(2).unwrap().trim()));

    // Changed after the check: refused, whichever file it is.
    f.write("content/om/kontakt.md", &original.replace("+++\n\n", "+++\n\nInsmugglad mening.\n"));
    let error = kontakt.read_text().err().expect("a changed page file is refused");
    assert_eq!(error.path, "content/om/kontakt.md");
    let snapshot = sigill::admin::snapshot_path(&f.path("trust"), "content/social/stod.md", 1);
    let kept = std::fs::read(&snapshot).unwrap();
    let mut tampered = kept.clone();
    *tampered.last_mut().unwrap() ^= 1;
    std::fs::write(&snapshot, &tampered).unwrap();
    assert_eq!(stod.read_text().err().expect("a changed approved copy is refused").path, "content/social/stod.md");

    // And the writing stage stops with that file named, before any release.
    std::fs::write(&snapshot, &kept).unwrap();
    let out = f.path("staged");
    let staging = sigill::output::Staging::new(&out, None).unwrap();
    let state = sigill::continuity::next_state(&checked, None, common::now());
    let Err(sigill::build::BuildError::Site(problems)) = sigill::build::write_site(&mut checked, &sigill::log::PublishedTimes::of(&state), &staging, None, &sigill::progress::Silent) else {
        panic!("writing a changed page must fail");
    };
    let shown: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
    assert!(shown.iter().any(|d| d.contains("content/om/kontakt.md") && d.contains("changed while the site was being built")), "{shown:?}");
    assert!(!shown.iter().any(|d| d.contains("stod.md")), "{shown:?}");
}

/// The build machine's record of the signatures it verified (kept in its
/// state folder between builds, so that a build does not verify every
/// approval again) counts only when the release key signed it: a record
/// anyone else made, here naming a forged approval signature, is ignored
/// and the forgery is refused as before. The control shows that the
/// record is read: signed by the release key, the same record is believed,
/// because whoever holds that key can sign a release anyway.
#[test]
fn a_record_of_verified_signatures_counts_only_when_the_release_key_signed_it() {
    use sigill::trust::envelope::{pae, Envelope, APPROVAL_TYPE};
    use sigill::trust::encoding::{b64_decode, b64_encode};
    use sigill::trust::signature_cache;
    let f = Fixture::new();
    f.built();
    let state = f.data.path().join("sigill/state").join(common::SITE);
    let record = state.join(signature_cache::FILE_NAME);

    // The build keeps a record, signed by its release key, naming each approval it verified.
    let bytes = std::fs::read(&record).expect("the build keeps a record");
    let (signature, payload) = bytes.split_at(64);
    ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, f.release_key.public().as_bytes())
        .verify(&pae(signature_cache::PAYLOAD_TYPE, payload), signature)
        .expect("signed by the release key");
    let envelope_file = f.path("trust/approvals/content/om/kontakt.md/000001.json");
    let envelope = Envelope::parse(&std::fs::read(&envelope_file).unwrap()).unwrap();
    let payload_bytes = b64_decode(&envelope.payload).unwrap();
    let anna = f.publishers[0].key.public();
    let fact = sigill::trust::keys::fact_of(anna, &pae(APPROVAL_TYPE, &payload_bytes), &b64_decode(&envelope.signatures[0].sig).unwrap());
    assert!(payload.windows(32).any(|c| c == fact), "the record names the approval of kontakt");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&record).unwrap().permissions().mode() & 0o777, 0o600);
    }

    // A new version of kontakt whose approval's signature is forged.
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "Ring oss på 0100-666 66."));
    f.approve("content/om/kontakt.md", 0);
    let forged_file = f.path("trust/approvals/content/om/kontakt.md/000002.json");
    let mut forged = Envelope::parse(&std::fs::read(&forged_file).unwrap()).unwrap();
    let mut bad = b64_decode(&forged.signatures[0].sig).unwrap();
    bad[5] ^= 1;
    forged.signatures[0].sig = b64_encode(&bad);
    std::fs::write(&forged_file, forged.to_bytes()).unwrap();
    let forged_fact = sigill::trust::keys::fact_of(anna, &pae(APPROVAL_TYPE, &b64_decode(&forged.payload).unwrap()), &bad);

    // Signed by any other key, the record naming the forgery is ignored.
    let before = snapshot(&f.path("public"));
    let intruder = sigill::trust::SigningKey::generate().unwrap();
    std::fs::write(&record, signature_cache::encode(&[forged_fact], &intruder)).unwrap();
    let (code, stderr) = f.build();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("kontakt.md/000002.json: signature does not verify under a registered publisher key"), "{stderr}");
    assert_eq!(snapshot(&f.path("public")), before, "a refused build changed the output");

    // Signed by the release key, it is believed (the control).
    std::fs::write(&record, signature_cache::encode(&[forged_fact], &f.release_key)).unwrap();
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "the release key's record is read: {stderr}");
}
