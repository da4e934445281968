//! The in-browser verifier and the theme in a real browser: Debian's
//! Chromium driven by playwright-core (tests/browser/run.mjs), against sites
//! served by nginx. Checks the verifier's verdicts against `sigill verify`,
//! axe-core (WCAG 2.1 A/AA, EN 301 549) on every page type in both
//! languages at two widths, keyboard use, and writes screenshots to
//! tests/screenshots/. Required under CI=true; skipped with a message
//! elsewhere.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::nginx::Nginx;
use common::{copy_tree, example_copy, restamp};
use sigill::trust::approval::{sign_approval, ApprovalPayload};
use sigill::trust::canonical::to_canonical;
use sigill::trust::encoding::{b64_decode, b64_encode};
use sigill::trust::envelope::{Envelope, REGISTRY_TYPE};
use sigill::trust::keyfile::KeyFile;
use sigill::trust::registry::RegistryPayload;
use sigill::trust::SigningKey;

const CHROMIUM: &str = "/usr/bin/chromium";

fn browser_ready() -> bool {
    let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/playwright-core");
    let ok = Path::new(CHROMIUM).exists() && runner.exists() && Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(!common::required(), "Chromium, Node and tests/browser/node_modules are required under CI=true (.ci/run installs them)");
        eprintln!("skipped: install chromium (apt-get install chromium), node, and run `npm ci` in tests/browser");
    }
    ok
}

fn build(root: &Path) -> PathBuf {
    let out = common::sigill_command().arg("--root").arg(root).arg("build").env("SIGILL_PASSPHRASE", "sigill-demo").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    root.join("public")
}

fn demo_key(root: &Path, name: &str) -> SigningKey {
    let path = root.join("demo-keys").join(name);
    KeyFile::read(&path).unwrap().open(&path, Some("sigill-demo")).unwrap()
}

fn head_approval(root: &Path, path: &str) -> ApprovalPayload {
    let dir = root.join("trust/approvals").join(path);
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    let envelope = Envelope::parse(&std::fs::read(files.last().unwrap()).unwrap()).unwrap();
    serde_json::from_slice(&b64_decode(&envelope.payload).unwrap()).unwrap()
}

/// A copy of a built site in a new folder.
fn variant(public: &Path, keep: &mut Vec<tempfile::TempDir>) -> PathBuf {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(public, dir.path());
    let path = dir.path().to_path_buf();
    keep.push(dir);
    path
}

const PAGE: &str = "/om/it-strategi/";

#[test]
fn in_browser_verifier_and_theme() {
    if !browser_ready() {
        return;
    }
    let sv = example_copy();
    let public = build(sv.path());
    let en = example_copy();
    let config = std::fs::read_to_string(en.path().join("site.toml")).unwrap().replace("language = \"sv\"", "language = \"en\"").replace("publisher_label = \"Granskad av\"\n", "");
    std::fs::write(en.path().join("site.toml"), config).unwrap();
    // Site-wide texts are approved like pages: the web editor signs the change.
    let approve = common::sigill_command().arg("--root").arg(en.path()).args(["approve", "site.toml", "--key", "demo-keys/webb.key", "--yes"]).current_dir(en.path()).env("SIGILL_PASSPHRASE", "sigill-demo").output().unwrap();
    assert!(approve.status.success(), "{}", String::from_utf8_lossy(&approve.stderr));
    let public_en = build(en.path());
    let release_key = demo_key(sv.path(), "release.key");
    let mut keep = Vec::new();

    let tampered = variant(&public, &mut keep);
    let file = tampered.join("om/it-strategi/index.html");
    let mut html = std::fs::read(&file).unwrap();
    let at = html.windows(9).position(|w| w == b"IT-strate").expect("the page names its topic");
    html[at] ^= 0x20;
    std::fs::write(&file, html).unwrap();

    let swapped = variant(&public, &mut keep);
    std::fs::copy(swapped.join("kontakt/index.html.proof.json"), swapped.join("om/it-strategi/index.html.proof.json")).unwrap();

    let outsider = variant(&public, &mut keep);
    let mut payload = head_approval(sv.path(), "content/om/it-strategi.md");
    let stranger = SigningKey::generate().unwrap();
    payload.keyid = stranger.public().keyid();
    restamp::replace_approval(&outsider, &release_key, PAGE, sign_approval(&payload, &stranger));

    let lapsed = variant(&public, &mut keep);
    let mut payload = head_approval(sv.path(), "content/om/it-strategi.md");
    payload.approved_at = common::now().plus_days(-10);
    payload.review_by = common::now().plus_days(-1);
    payload.sequence += 1;
    restamp::replace_approval(&lapsed, &release_key, PAGE, sign_approval(&payload, &demo_key(sv.path(), "kommunikation.key")));

    // The real approval with its signature malleated to S + L: every
    // Ed25519 implementation that checks S < L must refuse it.
    let malleated = variant(&public, &mut keep);
    let payload = head_approval(sv.path(), "content/om/it-strategi.md");
    let mut envelope = sign_approval(&payload, &demo_key(sv.path(), "kommunikation.key"));
    let mut sig = b64_decode(&envelope.signatures[0].sig).unwrap();
    common::add_group_order(&mut sig);
    envelope.signatures[0].sig = b64_encode(&sig);
    restamp::replace_approval(&malleated, &release_key, PAGE, envelope);

    // A registry that lists a small-order key (the identity point), properly
    // signed by the registry key: both verifiers must refuse it.
    let small_order = variant(&public, &mut keep);
    let registry_env = Envelope::parse(&std::fs::read(public.join(".well-known/sigill/registry.json")).unwrap()).unwrap();
    let mut registry: RegistryPayload = serde_json::from_slice(&b64_decode(&registry_env.payload).unwrap()).unwrap();
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let key = &mut registry.publishers[0].keys[0];
    key.public = b64_encode(&identity);
    key.keyid = sigill::trust::digest::KeyId::of_public_key(&identity);
    let signed = Envelope::sign(REGISTRY_TYPE, &to_canonical(&registry), &[&demo_key(sv.path(), "registry.key")]).to_bytes();
    restamp::replace_registry(&small_order, &release_key, &signed);

    // Two sites with different roots, served one after the other at the
    // same origin (through a symlink nginx resolves per request).
    let (site_a, site_b) = (common::Fixture::new(), common::Fixture::new());
    let (built_a, built_b) = (site_a.built(), site_b.built());
    // Site A's first release, kept; then a second release replaces it. A
    // browser that saw the second must refuse the first (a replay).
    let older_a = variant(&built_a, &mut keep);
    site_a.write("content/om/kontakt.md", &common::page("Kontakt", "anna", "Ring oss på 0100-123 45. Vi svarar vardagar."));
    site_a.approve("content/om/kontakt.md", 0);
    site_a.built();
    let switch = tempfile::tempdir().unwrap();
    let link = switch.path().join("current");
    std::os::unix::fs::symlink(&built_a, &link).unwrap();

    // A failed check of site A at the same origin comes first: it must not be remembered.
    let broken_a = variant(&built_a, &mut keep);
    let page_a = broken_a.join("om/kontakt/index.html");
    std::fs::write(&page_a, std::fs::read_to_string(&page_a).unwrap().replace("0100-123 45", "0900-666 66")).unwrap();

    // The shared fixture cases that check one page (every verifier can).
    let cases_dir = tempfile::tempdir().unwrap();
    let set = common::cases::write_cases(cases_dir.path());
    let page_cases: Vec<&common::cases::Case> = set.cases.iter().filter(|c| c.mode == "page").collect();
    let case_roots: Vec<PathBuf> = page_cases.iter().map(|c| cases_dir.path().join(&c.dir)).collect();

    let mut roots: Vec<&Path> = vec![&public, &public_en, &tampered, &swapped, &outsider, &lapsed, &small_order, &malleated, &link, &built_a];
    roots.extend(case_roots.iter().map(PathBuf::as_path));
    let Some(server) = Nginx::serve_many(&roots) else { return };
    let [valid, english, tampered, swapped, outsider, lapsed, small_order, malleated, switching, other] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(|i| server.origin(i));
    let case_plan: Vec<serde_json::Value> = page_cases
        .iter()
        .enumerate()
        .map(|(i, c)| serde_json::json!({"name": c.name, "origin": server.origin(10 + i), "page": c.url, "anchor": c.anchor, "now": set.now}))
        .collect();

    let screenshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/screenshots");
    let mut verify_cases = Vec::new();
    for page in ["/", "/om/", PAGE, "/bygga-bo/bygglov/", "/kontakt/", "/om/tillganglighet/"] {
        verify_cases.push(serde_json::json!({"name": format!("valid {page}"), "origin": valid, "page": page}));
    }
    for (name, origin) in [("tampered", &tampered), ("swapped", &swapped), ("outsider", &outsider), ("lapsed", &lapsed), ("small-order", &small_order), ("malleated", &malleated), ("english", &english)] {
        verify_cases.push(serde_json::json!({"name": name, "origin": origin, "page": PAGE}));
    }
    let mut axe = Vec::new();
    let mut shots = Vec::new();
    for (lang, origin) in [("sv", &valid), ("en", &english)] {
        let history = format!("{PAGE}{}/", if lang == "sv" { "historik" } else { "history" });
        for (kind, path) in [
            ("start", "/"),
            ("section", "/bygga-bo/"),
            ("page", PAGE),
            ("table", "/kontakt/"),
            ("accessibility", "/om/tillganglighet/"),
            ("404", "/404.html"),
            ("verifier", "/.well-known/sigill/verify/?page=/om/it-strategi/"),
            ("history", history.as_str()),
            ("withdrawn", "/om/vinterinformation-2025/"),
            ("finnish", "/fi/"),
            ("north-sami", "/se/"),
            ("easy-read", "/lattlast/"),
            ("notice-board", "/anslagstavla/"),
            ("notice", "/anslagstavla/kommunfullmaktige-2026-11-23/"),
            ("notice-archive", "/anslagstavla/arkiv/"),
            ("statement-english", "/en/accessibility/"),
            ("search", if lang == "sv" { "/sok/" } else { "/search/" }),
            ("tags", if lang == "sv" { "/taggar/" } else { "/tags/" }),
            ("tag", if lang == "sv" { "/taggar/miljo/" } else { "/tags/miljo/" }),
            ("news", "/nyheter/"),
            ("news-page-2", if lang == "sv" { "/nyheter/sida/2/" } else { "/nyheter/page/2/" }),
            ("components", "/bygga-bo/bygglov/"),
        ] {
            for width in [375, 1280] {
                axe.push(serde_json::json!({"name": format!("{kind} {lang}"), "url": format!("{origin}{path}"), "width": width}));
                if ["page", "verifier", "history", "finnish", "notice-board", "accessibility", "search", "news", "components"].contains(&kind) {
                    shots.push(serde_json::json!({"name": format!("{kind}-{lang}-{width}"), "url": format!("{origin}{path}"), "width": width}));
                }
            }
        }
    }
    let plan = serde_json::json!({
        "chromium": CHROMIUM,
        "now": common::NOW,
        "verify": verify_cases,
        "axe": axe,
        "screenshotDir": screenshots,
        "screenshots": shots,
        "keyboard": {"origin": valid, "page": PAGE},
        "languageSwitcher": {"origin": valid, "page": "/", "label": "Suomi"},
        "search": {"origin": valid, "page": "/sok/", "cases": [
            {"query": "återbruk", "keyboard": true},
            {"query": "plogbilarna"},
            {"query": "förskolan"},
            {"query": "zyxwvutsrq"},
        ]},
        "tofu": {"verifier": switching, "target": "/om/kontakt/", "link": link, "broken": broken_a, "first": built_a, "second": built_b, "older": older_a},
        "cases": case_plan,
        "crossOrigin": {"verifier": valid, "target": format!("{other}/om/kontakt/"), "anchor": site_a.anchor()},
    });
    let plan_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(plan_file.path(), plan.to_string()).unwrap();
    let out = Command::new("node").arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/run.mjs")).arg(plan_file.path()).output().unwrap();
    assert!(out.status.success(), "browser run failed: {}", String::from_utf8_lossy(&out.stderr));
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    let verdict = |name: &str| results["verify"].as_array().unwrap().iter().find(|v| v["name"] == name).unwrap().clone();
    // A first visit trusts the site's own anchor: intact and approved, with
    // the warning that the anchor was not pinned, as `sigill verify` says.
    for page in ["/", "/om/", PAGE, "/bygga-bo/bygglov/", "/kontakt/", "/om/tillganglighet/"] {
        let v = verdict(&format!("valid {page}"));
        assert_eq!(v["outcome"], "warning", "{page}: {v}");
        assert_eq!(v["reasons"], serde_json::json!(["anchor_not_pinned"]), "{page}: {v}");
        assert!(v["text"].as_str().unwrap().contains("Godkänd av"), "{v}");
    }
    let english_verdict = verdict("english");
    assert_eq!(english_verdict["outcome"], "warning", "{english_verdict}");
    assert!(english_verdict["text"].as_str().unwrap().contains("The trust anchor was not pinned"), "{english_verdict}");
    assert!(english_verdict["text"].as_str().unwrap().contains("Approved by\nKarin Lund, Kommunikationschef"), "{english_verdict}");

    // The browser and the CLI agree, case by case, with the reason shown.
    let anchor = sigill::config::load(sv.path()).unwrap().config.trust.root.unwrap();
    for (name, origin, reason) in [
        ("tampered", &tampered, "content does not match its approval"),
        ("swapped", &swapped, "the proof is for /kontakt/, not for /om/it-strategi/"),
        ("outsider", &outsider, "does not verify under a key of the publisher registry"),
        ("lapsed", &lapsed, "granskningsdatum har passerat"),
        ("small-order", &small_order, "small order"),
        ("malleated", &malleated, "does not verify under a key of the publisher registry"),
    ] {
        let v = verdict(name);
        assert_eq!(v["outcome"], "failed", "{name}: {v}");
        assert!(v["text"].as_str().unwrap().contains(reason), "{name}: expected {reason:?} in {v}");
        let (code, stdout, _) = common::verify(&[&format!("{origin}{PAGE}"), "--root", &anchor]);
        assert_eq!(code, 1, "the CLI must agree on {name}: {stdout}");
    }
    let (code, stdout, _) = common::verify(&[&format!("{valid}{PAGE}"), "--root", &anchor]);
    assert_eq!(code, 0, "{stdout}");

    assert_eq!(results["axe"].as_array().unwrap().len(), 88, "every page type, both languages, both widths");
    let search = |query: &str| results["search"].as_array().unwrap().iter().find(|s| s["query"] == query).unwrap().clone();
    let found = search("återbruk");
    assert!(found["urls"].as_array().unwrap().iter().any(|u| u == "/nyheter/nytt-aterbruk/"), "a Swedish word with å, by keyboard: {found}");
    assert!(found["marks"].as_u64().unwrap() > 0, "the word is marked in the excerpt: {found}");
    let found = search("plogbilarna");
    assert!(found["urls"].as_array().unwrap().iter().any(|u| u == "/nyheter/vinterdack-och-snorojning/"), "a word from a page's body: {found}");
    let found = search("förskolan");
    assert!(found["urls"].as_array().unwrap().iter().any(|u| u == "/utbildning/forskola/"), "ö, and a Swedish inflection: {found}");
    let found = search("zyxwvutsrq");
    assert!(found["urls"].as_array().unwrap().is_empty() && found["status"].as_str().unwrap().contains("Inga sidor"), "{found}");
    let without = &results["searchWithoutScript"];
    assert!(without["message"].as_str().unwrap().contains("Sökningen behöver JavaScript") && without["formHidden"] == true, "{without}");
    for check in results["axe"].as_array().unwrap() {
        assert!(check["violations"].as_array().unwrap().is_empty(), "axe violations on {} at {} px: {:#}", check["name"], check["width"], check["violations"]);
    }
    let tofu = &results["tofu"];
    assert_eq!(tofu["broken"]["outcome"], "failed", "{tofu}");
    assert_eq!(tofu["storedAfterFailure"], 0, "a failed check pins nothing: {tofu}");
    assert_eq!(tofu["first"]["outcome"], "warning", "the first successful check pins the anchor: {tofu}");
    assert!(tofu["first"]["text"].as_str().unwrap().contains("Första besöket"), "{tofu}");
    assert_eq!(tofu["second"]["outcome"], "failed", "a changed anchor is a failure: {tofu}");
    assert!(tofu["second"]["reasons"].as_array().unwrap().iter().any(|r| r == "anchor_changed"), "{tofu}");
    assert!(tofu["second"]["text"].as_str().unwrap().contains("fingeravtryck har ändrats"), "{tofu}");
    assert_eq!(tofu["older"]["outcome"], "failed", "an older release after a newer one is a replay: {tofu}");
    assert!(tofu["older"]["reasons"].as_array().unwrap().iter().any(|r| r == "log_rollback"), "{tofu}");

    // Another site's page: refused without an anchor the user typed, checked
    // against it when given (grouped and in upper case is fine), with the
    // full origin shown; nothing about the other site is remembered.
    let cross = &results["crossOrigin"];
    assert_eq!(cross["without"]["outcome"], "refused", "{cross}");
    assert!(cross["without"]["text"].as_str().unwrap().contains(&other), "the other origin is named: {cross}");
    assert_eq!(cross["wrong"]["outcome"], "failed", "{cross}");
    assert!(cross["wrong"]["reasons"].as_array().unwrap().iter().any(|r| r == "anchor_mismatch"), "{cross}");
    assert_eq!(cross["withAnchor"]["outcome"], "verified", "{cross}");
    assert!(cross["withAnchor"]["text"].as_str().unwrap().contains(&format!("{other}/om/kontakt/")), "{cross}");
    assert_eq!(cross["stored"], serde_json::Value::Null, "{cross}");

    // The shared fixture cases: the browser reaches the verdict and reason
    // the Rust and Python verifiers reach (tests/it/cases.rs).
    let mut disagreements = Vec::new();
    for case in &page_cases {
        let got = results["cases"].as_array().unwrap().iter().find(|r| r["name"] == case.name.as_str()).unwrap();
        let reasons: Vec<&str> = got["reasons"].as_array().unwrap().iter().filter_map(|r| r.as_str()).collect();
        let ok = got["outcome"] == case.verdict && case.reason.is_none_or(|r| reasons.contains(&r)) && (case.verdict != "verified" || reasons.is_empty());
        if !ok {
            disagreements.push(format!("{}: expected {} {:?}, got {} {reasons:?}: {}", case.name, case.verdict, case.reason, got["outcome"], got["text"]));
        }
    }
    assert!(disagreements.is_empty(), "the browser verifier disagrees:\n{}", disagreements.join("\n"));

    let switcher = &results["languageSwitcher"];
    assert_eq!(switcher["reached"], true, "the switcher is reached with Tab: {switcher}");
    assert_eq!((switcher["path"].as_str(), switcher["lang"].as_str()), (Some("/fi/"), Some("fi")), "Enter opens the Finnish page: {switcher}");
    assert!(switcher["focused"].as_array().unwrap().iter().all(|f| f["outline"] == true), "every focused element shows focus: {switcher}");
    let keyboard = &results["keyboard"];
    assert_eq!(keyboard["outcome"], "warning", "{keyboard}");
    assert_eq!(keyboard["focusAfter"], "verdict", "focus moves to the verdict: {keyboard}");
    assert!(keyboard["focused"].as_array().unwrap().iter().all(|f| f["outline"] == true), "every focused element shows focus: {keyboard}");
    for shot in results["screenshots"].as_array().unwrap() {
        assert!(Path::new(shot.as_str().unwrap()).is_file());
    }
}


/// Appends a paragraph to a page of the site.
fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let mut body = std::fs::read_to_string(&path).unwrap();
    body.push_str(&format!("\n{text}\n"));
    std::fs::write(path, body).unwrap();
}

/// The approval desk in Chromium on the example site: the queue, a review
/// with a wrong passphrase and then the right one (by keyboard), the
/// two-person rule on a notice, another publisher's page that cannot be
/// signed, a page sent back; axe-core on every view in Swedish and English
/// at 375 and 1280 px; then the site builds with the new marks and the
/// communicator sees the comment.
#[test]
fn approval_desk_in_chromium() {
    if !browser_ready() {
        return;
    }
    let site = example_copy();
    let root = site.path();
    let data = tempfile::tempdir().unwrap();
    let mine = "content/om/_index.md";
    let notice = "content/anslagstavla/kommunfullmaktige-2026-11-23.md";
    let others = "content/bygga-bo/avfall.md";
    let send_back = "content/kontakt.md";
    append(root, mine, "Kommunstyrelsen sammanträder en gång i månaden.");
    append(root, send_back, "Växeln har öppet till klockan 17.");
    append(root, others, "Sophämtningen flyttas en dag vid helgdagar.");
    append(root, notice, "Sammanträdet sänds också på kommunens webbplats.");
    // The registrar approves the notice; it then awaits a second publisher.
    let kansli = common::sigill_command().arg("--root").arg(root).args(["approve", notice, "--key", "demo-keys/kansli.key", "--note", "Sänds på webben", "--yes"]).env("SIGILL_PASSPHRASE", "sigill-demo").output().unwrap();
    assert!(kansli.status.success(), "{}", String::from_utf8_lossy(&kansli.stderr));
    let desk = common::desk::DeskProcess::start(root, &root.join("demo-keys/kommunikation.key"), common::NOW, "sv", data.path());
    let plan = serde_json::json!({
        "url": desk.url,
        "passphrase": "sigill-demo",
        "screenshotDir": Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/screenshots"),
        "mine": mine,
        "notice": notice,
        "others": others,
        "sendBack": send_back,
    });
    let plan_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(plan_file.path(), plan.to_string()).unwrap();
    let out = Command::new("node").arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/desk.mjs")).arg(plan_file.path()).output().unwrap();
    assert!(out.status.success(), "desk.mjs failed: {}", String::from_utf8_lossy(&out.stderr));
    drop(desk);
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = &results["steps"];
    assert!(steps["withoutToken"]["text"].as_str().unwrap().contains("token"), "{steps}");
    assert!(!steps["queueUrl"].as_str().unwrap().contains("token="), "the token leaves the address bar: {steps}");
    assert_eq!(steps["queue"]["heading"], "Att granska", "{steps}");
    let queue_mine = steps["queue"]["mine"].as_array().unwrap();
    let state_of = |path: &str| queue_mine.iter().find(|i| i["path"] == path).map(|i| i["state"].as_str().unwrap().to_string());
    assert_eq!(state_of(mine).as_deref(), Some("changed-since-approval"), "{steps}");
    assert_eq!(state_of(notice).as_deref(), Some("awaiting-approvals"), "{steps}");
    assert!(queue_mine.iter().any(|i| i["path"] == notice && i["text"].as_str().unwrap().contains("1 av 2 godkännanden")), "{steps}");
    assert!(steps["queue"]["others"].as_array().unwrap().iter().any(|i| i["path"] == others), "{steps}");
    assert!(steps["review"]["inserted"].as_array().unwrap().iter().any(|t| t.as_str().unwrap().contains("sammanträder en gång i månaden")), "{steps}");
    assert!(steps["review"]["frame"].as_str().unwrap().contains("sammanträder en gång i månaden"), "the page as it will be published: {steps}");
    assert!(steps["wrongPassphrase"]["alert"].as_str().unwrap().contains("Lösenfrasen öppnar inte din nyckel"), "{steps}");
    assert!(steps["approved"]["status"].as_str().unwrap().contains("Godkänd och signerad: content/om/_index.md"), "{steps}");
    assert!(!steps["queueAfter"].as_array().unwrap().iter().any(|p| p == mine), "the queue updates at once: {steps}");
    assert!(steps["notice"]["approvals"].as_str().unwrap().contains("1 av 2 godkännanden"), "{steps}");
    assert!(steps["coApproved"]["status"].as_str().unwrap().contains("andra ansvarig"), "{steps}");
    assert_eq!(steps["others"]["forms"], 0, "{steps}");
    assert!(steps["others"]["notice"].as_str().unwrap().contains("Du kan inte godkänna den"), "{steps}");
    assert!(steps["sentBack"]["status"].as_str().unwrap().contains("Återsänd"), "{steps}");
    assert_eq!((steps["english"]["lang"].as_str(), steps["english"]["heading"].as_str()), (Some("en"), Some("To review")), "{steps}");
    for (name, value) in steps.as_object().unwrap() {
        if name.ends_with("-overflow") {
            assert_eq!(value, false, "{name}: the desk scrolls sideways");
        }
    }
    let axe = results["axe"].as_array().unwrap();
    for view in ["desk-queue-sv", "desk-review-sv", "desk-queue-en", "desk-review-en"] {
        for width in [375, 1280] {
            assert!(axe.iter().any(|a| a["name"] == view && a["width"] == width), "axe did not run on {view} at {width}");
        }
    }
    let violations: Vec<String> = axe.iter().filter(|a| !a["violations"].as_array().unwrap().is_empty()).map(|a| format!("{} {}: {}", a["name"], a["width"], a["violations"])).collect();
    assert!(violations.is_empty(), "axe-core:\n{}", violations.join("\n"));
    for shot in results["screenshots"].as_array().unwrap() {
        assert!(Path::new(shot.as_str().unwrap()).is_file());
    }
    // What the desk signed builds, with the marks; the communicator sees the comment.
    let public = build(root);
    let om = std::fs::read_to_string(public.join("om/index.html")).unwrap();
    assert!(om.contains("sammanträder en gång i månaden") && om.contains("quality-mark"), "the approved page is published with its mark");
    let notice_html = std::fs::read_to_string(public.join("anslagstavla/kommunfullmaktige-2026-11-23/index.html")).unwrap();
    assert!(notice_html.contains("sänds också på kommunens webbplats") && notice_html.contains("mark-co-approver"), "the notice is published with both publishers");
    let status = common::sigill_command().arg("--root").arg(root).args(["status", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let kontakt = json["pages"].as_array().unwrap().iter().find(|p| p["path"] == send_back).unwrap();
    assert_eq!(kontakt["sent_back"]["comment"], "Kontrollera öppettiderna med växeln innan jag godkänner.", "{kontakt}");
}
