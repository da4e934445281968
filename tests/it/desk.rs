//! The approval desk (`sigill desk`) over real HTTP: the guard refuses
//! requests without the token, from a foreign origin or for a foreign host,
//! and such requests sign nothing; a publisher approves with the passphrase
//! typed in the page and the page builds with its mark; a wrong passphrase
//! and a page outside the publisher's scope sign nothing; a page sent back
//! shows its comment in `status` and the preview; the two-person rule.

use crate::common::desk::{q, DeskProcess};
use crate::common::{self, page, snapshot, Fixture, NOW};

use sigill::trust::keyfile::KeyFile;
use sigill::trust::registry::ScopeRule;

const PASSPHRASE: &str = "rätt lösenfras 2026";

fn sealed_key(fixture: &Fixture, who: usize) -> std::path::PathBuf {
    let dir = fixture.data.path().join("keys");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}.key", fixture.publishers[who].id));
    KeyFile::seal(&fixture.publishers[who].key, fixture.publishers[who].id, Some(PASSPHRASE), 600_000).unwrap().write_new(&path).unwrap();
    path
}

fn desk(fixture: &Fixture, who: usize) -> DeskProcess {
    DeskProcess::start(fixture.root(), &sealed_key(fixture, who), NOW, "en", &fixture.data.path().join("desk"))
}

#[test]
fn requests_without_the_token_from_another_origin_or_for_another_host_are_refused_and_sign_nothing() {
    let fixture = Fixture::new();
    fixture.write("content/social/stod.md", &page("Stöd", "bo", "Socialtjänsten hjälper dig dygnet runt."));
    let desk = desk(&fixture, 1);
    let before = snapshot(&fixture.path("trust"));
    let host = format!("127.0.0.1:{}", desk.port);
    let cookie = format!("sigill_desk_{}={}", desk.port, desk.token);
    let approve = desk.form(&[("path", "content/social/stod.md"), ("note", "n"), ("change", "major"), ("passphrase", PASSPHRASE)]);
    let h = |pairs: &[(&str, &str)]| -> Vec<(String, String)> { pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect() };
    let origin = desk.origin();
    // Reading needs the token.
    assert_eq!(desk.request("GET", "/", &h(&[("Host", &host)]), "").status, 403);
    assert_eq!(desk.request("GET", "/?token=wrong", &h(&[("Host", &host)]), "").status, 403);
    assert_eq!(desk.request("GET", "/", &h(&[("Host", &host), ("Cookie", &format!("sigill_desk_{}=wrong", desk.port))]), "").status, 403);
    // DNS rebinding: the browser sends the attacker's name as Host.
    let foreign_host = format!("attacker.example:{}", desk.port);
    assert_eq!(desk.request("GET", &format!("/?token={}", desk.token), &h(&[("Host", &foreign_host)]), "").status, 403);
    let rebound = desk.request("POST", "/approve", &h(&[("Host", &foreign_host), ("Origin", &format!("http://{foreign_host}")), ("Cookie", &cookie)]), &approve);
    assert_eq!(rebound.status, 403, "{}", rebound.body);
    // A cross-site form: foreign Origin, or none, even with the cookie.
    for origin_header in [Some("http://evil.example"), Some("null"), None] {
        let mut headers = h(&[("Host", &host), ("Cookie", &cookie)]);
        if let Some(o) = origin_header {
            headers.push(("Origin".into(), o.into()));
        }
        assert_eq!(desk.request("POST", "/approve", &headers, &approve).status, 403, "{origin_header:?}");
    }
    // The desk's own origin without the token, or with another token in the form.
    assert_eq!(desk.request("POST", "/approve", &h(&[("Host", &host), ("Origin", &origin)]), &approve).status, 403);
    let other_form = approve.replace(&desk.token, "0000");
    assert_eq!(desk.request("POST", "/approve", &h(&[("Host", &host), ("Origin", &origin), ("Cookie", &cookie)]), &other_form).status, 403);
    assert_eq!(desk.request("POST", "/send-back", &h(&[("Host", &host), ("Origin", "http://evil.example"), ("Cookie", &cookie)]), &desk.form(&[("path", "content/social/stod.md"), ("comment", "x")])).status, 403);
    assert_eq!(snapshot(&fixture.path("trust")), before, "a refused request wrote something");
    // The printed address sets the token as a strict, script-proof cookie.
    let first = desk.request("GET", &format!("/?token={}", desk.token), &h(&[("Host", &host)]), "");
    assert_eq!(first.status, 303);
    let set = first.header("set-cookie").expect("a cookie");
    assert!(set.contains(&desk.token) && set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    // With everything right, the same request signs.
    let ok = desk.request("POST", "/approve", &desk.own(), &approve);
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert!(fixture.path("trust/approvals/content/social/stod.md/000002.json").is_file());
}

#[test]
fn a_publisher_approves_in_the_desk_and_the_page_builds_with_its_mark_while_a_wrong_passphrase_or_another_scope_signs_nothing() {
    let fixture = Fixture::new();
    fixture.write("content/social/stod.md", &page("Stöd", "bo", "Socialtjänsten hjälper dig dygnet runt."));
    fixture.write("content/om/kontakt.md", &page("Kontakt", "anna", "Ring oss på 0100-999 99."));
    let desk = desk(&fixture, 1);
    // The queue: bo's changed page to sign; anna's shown, not signable.
    let queue = desk.get("/");
    assert_eq!(queue.status, 200);
    let (mine, others) = queue.body.split_once("id=\"others\"").expect("others' pages are listed apart");
    assert!(mine.contains("data-path=\"content/social/stod.md\" data-state=\"changed-since-approval\""), "{mine}");
    assert!(!mine.contains("content/om/kontakt.md") && others.contains("data-path=\"content/om/kontakt.md\""), "{}", queue.body);
    assert!(others.contains("You cannot approve it"), "{others}");
    // The review: the page as published, the words that changed, the form.
    let review = desk.get(&format!("/review?path={}", q("content/social/stod.md")));
    assert_eq!(review.status, 200);
    assert!(review.body.contains("<iframe") && review.body.contains("src=\"/social/stod/\""), "{}", review.body);
    assert!(review.body.contains("<del><span class=\"vh\">[removed] </span>dig.</del><ins><span class=\"vh\">[added] </span>dig dygnet runt.</ins>"), "{}", review.body);
    assert!(review.body.contains("3 words added, 1 words removed."), "{}", review.body);
    assert!(review.body.contains("action=\"/approve\"") && review.body.contains("type=\"password\""));
    let framed = desk.get("/social/stod/");
    assert!(framed.status == 200 && framed.body.contains("dygnet runt"), "the frame shows the page as rendered");
    // Another publisher's page: no form, and a forged post is refused.
    let other = desk.get(&format!("/review?path={}", q("content/om/kontakt.md")));
    assert!(other.body.contains("id=\"not-signable\"") && !other.body.contains("action=\"/approve\""), "{}", other.body);
    let before = snapshot(&fixture.path("trust"));
    let out_of_scope = desk.post("/approve", &[("path", "content/om/kontakt.md"), ("note", "n"), ("change", "major"), ("passphrase", PASSPHRASE)]);
    assert_eq!(out_of_scope.status, 403, "{}", out_of_scope.body);
    assert!(out_of_scope.body.contains("role=\"alert\""));
    // A wrong passphrase signs nothing and says so.
    let wrong = desk.post("/approve", &[("path", "content/social/stod.md"), ("note", "n"), ("change", "major"), ("passphrase", "fel lösenfras")]);
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("The passphrase does not open your key. Nothing was signed"), "{}", wrong.body);
    assert_eq!(snapshot(&fixture.path("trust")), before, "nothing may be written");
    // The right one signs exactly what `sigill approve` would.
    let ok = desk.post("/approve", &[("path", "content/social/stod.md"), ("note", "Öppet dygnet runt"), ("change", "minor"), ("review_by", "2027-06-01"), ("passphrase", PASSPHRASE)]);
    assert_eq!(ok.status, 303, "{}", ok.body);
    let after = desk.get(&format!("/review?path={}", q("content/social/stod.md")));
    assert!(after.body.contains("Approved and signed: content/social/stod.md, approval 2."), "{}", after.body);
    let (sequence, payload) = fixture.head_payload("content/social/stod.md");
    assert_eq!((sequence, payload.note.as_str(), payload.minor, payload.review_by.date()), (2, "Öppet dygnet runt", Some(true), "2027-06-01".to_string()));
    assert!(fixture.path("trust/approvals/content/social/stod.md/000002.source").is_file());
    assert!(!desk.get("/").body.contains("data-path=\"content/social/stod.md\""), "the queue updates at once");
    drop(desk);
    let (code, stderr) = fixture.publish();
    assert_eq!(code, 0, "{stderr}");
    let html = fixture.read("public/social/stod/index.html");
    assert!(html.contains("dygnet runt") && html.contains("Bo Lind") && html.contains("quality-mark"), "the page builds with its mark");
    let (code, stdout, stderr) = common::verify(&[fixture.path("public/social/stod/index.html").to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn a_page_sent_back_shows_the_comment_to_the_communicator_and_the_two_person_rule_needs_a_second_publisher() {
    let fixture = Fixture::new();
    // The site is a git checkout: the desk commits what it writes.
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git").arg("-C").arg(fixture.root()).args(args).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "desk@test.example"]);
    git(&["config", "user.name", "Desk Test"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "site"]);
    fixture.registry_version(|r| r.rules.push(ScopeRule { required_approvals: 2, scope: "content/social/".into() }));
    git(&["add", "-A"]);
    git(&["commit", "-qm", "Two publishers for content/social/"]);
    fixture.write("content/om/kontakt.md", &page("Kontakt", "anna", "Ring oss på 0100-999 99."));
    git(&["commit", "-qam", "Nytt telefonnummer till växeln"]);
    // bo's approval alone no longer publishes the page.
    let status = fixture.sigill().args(["status", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let stod = json["pages"].as_array().unwrap().iter().find(|p| p["path"] == "content/social/stod.md").unwrap();
    assert_eq!((stod["state"].as_str(), stod["approvals_needed"].as_u64()), (Some("awaiting-approvals"), Some(2)), "{stod}");
    let (code, stderr) = fixture.publish();
    assert_eq!(code, 0, "{stderr}");
    assert!(!fixture.path("public/social/stod/index.html").exists(), "one publisher of two does not publish");
    let desk = desk(&fixture, 0);
    let queue = desk.get("/");
    assert!(queue.body.contains("data-path=\"content/social/stod.md\" data-state=\"awaiting-approvals\""), "{}", queue.body);
    assert!(queue.body.contains("1 of 2 approvals (Bo Lind)"), "{}", queue.body);
    assert!(queue.body.contains("Change: Nytt telefonnummer till växeln"), "the communicator's summary from git: {}", queue.body);
    // Sending back needs a comment; then the communicator sees it.
    let mut preview = sigill::serve::preview::Preview::load_with_clock(fixture.root(), common::now).unwrap();
    assert!(!preview.html("/om/kontakt/").unwrap().contains("Kontrollera numret"));
    let before = snapshot(&fixture.path("trust"));
    let empty = desk.post("/send-back", &[("path", "content/om/kontakt.md"), ("comment", "  ")]);
    assert_eq!(empty.status, 403);
    assert_eq!(snapshot(&fixture.path("trust")), before);
    let sent = desk.post("/send-back", &[("path", "content/om/kontakt.md"), ("comment", "Kontrollera numret med växeln")]);
    assert_eq!(sent.status, 303, "{}", sent.body);
    // The second publisher joins bo's approval.
    let co = desk.post("/approve", &[("path", "content/social/stod.md"), ("note", "Granskad av två"), ("change", "major"), ("passphrase", PASSPHRASE)]);
    assert_eq!(co.status, 303, "{}", co.body);
    assert!(fixture.path("trust/approvals/content/social/stod.md/co/000001.anna.json").is_file());
    let again = desk.post("/approve", &[("path", "content/social/stod.md"), ("note", "igen"), ("change", "major"), ("passphrase", PASSPHRASE)]);
    assert_eq!(again.status, 403, "one publisher counts once");
    drop(desk);
    assert!(git(&["log", "-2", "--format=%s"]).contains("Co-approve content/social/stod.md (anna, Anna Ek), approval 1"), "{}", git(&["log", "-3", "--format=%s"]));
    assert!(git(&["log", "-2", "--format=%s"]).contains("Send back content/om/kontakt.md (anna, Anna Ek)"));
    assert_eq!(git(&["status", "--porcelain", "trust"]), "", "everything the desk wrote is committed");
    let status = fixture.sigill().args(["status"]).output().unwrap();
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(text.contains("sent back by Anna Ek: Kontrollera numret med växeln"), "{text}");
    // The running preview picks the note up as the watcher reports it.
    preview.apply(&[fixture.path("trust/sent-back/content/om/kontakt.md.json")]).unwrap();
    assert!(preview.html("/om/kontakt/").unwrap().contains("Kontrollera numret med växeln"), "the preview shows the comment");
    let (code, stderr) = fixture.publish();
    assert_eq!(code, 0, "{stderr}");
    let html = fixture.read("public/social/stod/index.html");
    assert!(html.contains("Bo Lind") && html.contains("mark-co-approver") && html.contains("Anna Ek"), "the mark names both");
    let (code, stdout, stderr) = common::verify(&["--format", "json", fixture.path("public/social/stod/index.html").to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["pages"][0]["approval"]["co_approvers"][0]["name"], "Anna Ek", "{report}");
}

#[test]
fn under_the_two_person_rule_a_new_text_one_publisher_approved_leaves_the_last_version_both_approved_published() {
    let fixture = Fixture::new();
    fixture.registry_version(|r| r.rules.push(ScopeRule { required_approvals: 2, scope: "content/social/".into() }));
    // anna joins bo's approval (the library's own path, as `sigill approve` takes it).
    fixture.approve("content/social/stod.md", 0);
    assert!(fixture.path("trust/approvals/content/social/stod.md/co/000001.anna.json").is_file());
    let (code, stderr) = fixture.publish();
    assert_eq!(code, 0, "{stderr}");
    assert!(fixture.read("public/social/stod/index.html").contains("Socialtjänsten hjälper dig."));
    // bo approves a new text alone.
    fixture.write("content/social/stod.md", &page("Stöd", "bo", "Socialtjänsten har stängt."));
    fixture.approve("content/social/stod.md", 1);
    let (code, stderr) = fixture.publish();
    assert_eq!(code, 0, "{stderr}");
    let html = fixture.read("public/social/stod/index.html");
    assert!(html.contains("Socialtjänsten hjälper dig.") && !html.contains("har stängt"), "the version both approved stays: {html}");
    assert!(html.contains("mark-co-approver") && html.contains("Anna Ek"));
    assert!(stderr.contains("approved by 1 of 2 publishers (bo)"), "{stderr}");
    // A forged co-approval (signed by a key outside the registry) counts for nothing.
    let stranger = sigill::trust::SigningKey::generate().unwrap();
    let (_, head) = fixture.head_payload("content/social/stod.md");
    let mut forged = head.clone();
    forged.co_approves = Some(sigill::trust::digest::Sha256::of(&sigill::trust::canonical::to_canonical(&head)));
    forged.publisher = "anna".into();
    forged.keyid = stranger.public().keyid();
    std::fs::write(fixture.path("trust/approvals/content/social/stod.md/co/000002.anna.json"), sigill::trust::approval::sign_approval(&forged, &stranger).to_bytes()).unwrap();
    let (code, stderr) = fixture.publish();
    assert_eq!(code, 0, "{stderr}");
    assert!(!fixture.read("public/social/stod/index.html").contains("har stängt"), "a forged co-approval does not publish the new text");
}
