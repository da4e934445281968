//! Freshness and history: every build appends its release to the site's log
//! and never goes backwards; verifiers remember the log they saw. Each
//! attack of issue #11 is tried as a repository writer (or a replaying
//! server) would, and must meet its own refusal, with nothing written.

use crate::common;

use std::path::{Path, PathBuf};

use common::{assert_rejected, copy_tree, key_file, page, restamp, snapshot, Fixture};
use sigill::admin;
use sigill::trust::registry::KeyStatus;
use sigill::trust::{SigningKey, Timestamp};

const KONTAKT: &str = "content/om/kontakt.md";
const STOD: &str = "content/social/stod.md";

/// Removes every approval file (and snapshot) of `path` from `sequence` on.
fn delete_approvals_from(f: &Fixture, path: &str, sequence: u64) {
    let dir = f.path("trust/approvals").join(path);
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let number: u64 = name.split('.').next().unwrap().parse().unwrap();
        if number >= sequence {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
}

/// `sigill` with the fixture's data folder, without the fixture's --root
/// (which `verify` reads as a trust anchor).
fn verifier(f: &Fixture) -> assert_cmd::Command {
    let mut cmd = common::sigill_command();
    cmd.env("XDG_DATA_HOME", f.data.path());
    cmd
}

/// Runs `sigill verify TARGET --format json` with the fixture's data
/// folder (so the verifier remembers across calls); returns (exit, reasons).
fn verify_remembering(f: &Fixture, target: &Path, now: Option<&str>) -> (i32, Vec<String>) {
    let mut cmd = verifier(f);
    if let Some(now) = now {
        cmd.env("SIGILL_NOW", now);
    }
    let out = cmd.arg("verify").arg(target).args(["--format", "json"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    let mut reasons: Vec<String> = report["problems"].as_array().unwrap().iter().map(|p| p["reason"].as_str().unwrap().to_string()).collect();
    for page in report["pages"].as_array().unwrap() {
        reasons.extend(page["problems"].as_array().unwrap().iter().map(|p| p["reason"].as_str().unwrap().to_string()));
    }
    (out.status.code().unwrap_or(-1), reasons)
}

#[test]
fn deleting_the_newest_approval_and_restoring_the_old_text_is_refused() {
    let f = Fixture::new();
    f.built();
    let old_text = f.read(KONTAKT);
    f.write(KONTAKT, &page("Kontakt", "anna", "Ring oss på 0100-999 99 (nytt nummer)."));
    f.approve(KONTAKT, 0);
    f.built();
    delete_approvals_from(&f, KONTAKT, 2);
    f.write(KONTAKT, &old_text);
    assert_rejected(&f, "content/om/kontakt.md: error: approval went backwards: release 1 published approval 2, this build has approval 1");
}

#[test]
fn deleting_the_registry_version_that_revoked_a_key_is_refused() {
    let f = Fixture::new();
    f.built();
    f.registry_version(|p| {
        let key = &mut p.publishers.iter_mut().find(|p| p.id == "bo").unwrap().keys[0];
        key.status = KeyStatus::Compromised;
        key.status_since = f.now;
    });
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    std::fs::remove_file(f.path("trust/registry").join(sigill::trust::registry::registry_file_name(2))).unwrap();
    assert_rejected(&f, "registry rolled back: the newest registry is version 1, the log already used version 2");
}

#[test]
fn deleting_the_root_version_that_rotated_a_key_out_is_refused() {
    let f = Fixture::new();
    f.built();
    let keys = tempfile::tempdir().unwrap();
    let root_key = key_file(keys.path(), "root.key", &f.root_key);
    let out = f.sigill().args(["trust", "renew-root", "--days", "300", "--sign-with"]).arg(&root_key).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    f.built();
    std::fs::remove_file(f.path("trust/root/2.root.json")).unwrap();
    assert_rejected(&f, "root rolled back: the repository's newest root is version 1, the log already used version 2");
}

#[test]
fn a_new_root_reusing_the_release_key_is_refused() {
    let f = Fixture::new();
    f.built();
    // A repository writer makes a root of their own that names the build
    // machine's release key, and pins it.
    let writer = SigningKey::generate().unwrap();
    let bytes = admin::first_root(&admin::RootPlan {
        site: common::SITE,
        root_keys: &[&writer],
        root_threshold: 1,
        registry_keys: &[f.registry_key.public().clone()],
        registry_threshold: 1,
        release_keys: &[f.release_key.public().clone()],
        policy: sigill::trust::root::Policy { max_review_days: 400, release_max_days: 90 },
        expires: f.now.plus_days(365),
    })
    .unwrap();
    std::fs::write(f.path("trust/root/1.root.json"), &bytes).unwrap();
    let anchor = format!("sha256:{}", sigill::trust::encoding::sha256_hex(&bytes));
    let config = f.read("site.toml").replace(&f.anchor(), &anchor);
    f.write("site.toml", &config);
    f.approve_site_inputs();
    assert_rejected(&f, "the root does not chain from the logged root");
}

#[test]
fn an_approved_page_cannot_vanish_without_a_signed_withdrawal() {
    let f = Fixture::new();
    let public = f.built();
    let original = f.read(STOD);
    // Deleted: refused, and the published site stays as it was.
    std::fs::remove_file(f.path(STOD)).unwrap();
    let before = snapshot(&public);
    let (code, stderr) = f.publish();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/social/stod.md: error: an approved page vanished: release 0 published approval 1 of it, and there is no signed withdrawal"), "{stderr}");
    assert!(stderr.contains("sigill withdraw content/social/stod.md"), "the fix is named: {stderr}");
    assert_eq!(snapshot(&public), before);
    // Hidden with draft = true: the same.
    f.write(STOD, &original.replace("+++\n\n", "draft = true\n+++\n\n"));
    let (code, stderr) = f.publish();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("an approved page vanished"), "{stderr}");
    assert_eq!(snapshot(&public), before);
    // The publisher withdraws it with a signed decision: a notice stays at
    // its address, and the log records who decided and why.
    let keys = tempfile::tempdir().unwrap();
    let bo = key_file(keys.path(), "bo.key", &f.publishers[1].key);
    let out = f.sigill().args(["withdraw", STOD, "--reason", "Tjänsten har upphört", "--yes", "--key"]).arg(&bo).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    let notice = std::fs::read_to_string(public.join("social/stod/index.html")).unwrap();
    assert!(notice.contains("Sidan är borttagen") && notice.contains("Tjänsten har upphört") && notice.contains("Bo Lind, Socialchef"), "{notice}");
    assert!(!notice.contains("Socialtjänsten hjälper dig"), "{notice}");
    let (code, reasons) = verify_remembering(&f, &public, None);
    assert_eq!(code, 0, "{reasons:?}");
    if let Some((ok, out)) = common::independent_verify_site(public.to_str().unwrap(), Some(&f.anchor())) {
        assert!(ok, "{out}");
    }
    // Approved again (a new approval): published again.
    f.write(STOD, &original.replace("hjälper dig", "hjälper dig igen"));
    f.approve(STOD, 1);
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read_to_string(public.join("social/stod/index.html")).unwrap().contains("hjälper dig igen"));
}

#[test]
fn withdrawals_must_be_signed_by_someone_responsible() {
    let f = Fixture::new();
    f.built();
    let keys = tempfile::tempdir().unwrap();
    let webb = key_file(keys.path(), "webb.key", &f.publishers[2].key);
    let before = std::fs::read_dir(f.path("trust")).unwrap().count();
    let out = f.sigill().args(["withdraw", STOD, "--reason", "x", "--yes", "--key"]).arg(&webb).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"webb\" is not responsible for content/social/stod.md"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_dir(f.path("trust")).unwrap().count(), before, "nothing was written");
    // A withdrawal file forged with an outsider's key fails the build.
    let bo = key_file(keys.path(), "bo.key", &f.publishers[1].key);
    let out = f.sigill().args(["withdraw", STOD, "--reason", "Inaktuell", "--yes", "--key"]).arg(&bo).output().unwrap();
    assert!(out.status.success());
    let file = f.path("trust/withdrawals/content/social/stod.md.json");
    let mut envelope = sigill::trust::envelope::Envelope::parse(&std::fs::read(&file).unwrap()).unwrap();
    let outsider = SigningKey::generate().unwrap();
    let payload = sigill::trust::encoding::b64_decode(&envelope.payload).unwrap();
    envelope = sigill::trust::envelope::Envelope::sign(sigill::trust::envelope::WITHDRAWAL_TYPE, &payload, &[&outsider]);
    std::fs::write(&file, envelope.to_bytes()).unwrap();
    assert_rejected(&f, "trust/withdrawals/: error:");
}

#[test]
fn the_release_time_must_move_forward() {
    let f = Fixture::new();
    let public = f.built();
    let before = snapshot(&public);
    // The clock set back to the time of the approvals, before the last release.
    let out = f.sigill().env("SIGILL_NOW", common::NOW).arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("this release's time 2026-12-01T12:00:00Z is not later than the last logged release (0, at 2026-12-01T12:00:01Z)"), "{stderr}");
    assert_eq!(snapshot(&public), before);
}

#[test]
fn a_retired_key_cannot_sign_by_backdating() {
    let f = Fixture::new();
    f.built();
    // An approval signed with anna's key and dated now, which no release
    // published; her key is retired an hour later; then a build tries to
    // publish the approval.
    f.write(KONTAKT, &page("Kontakt", "anna", "Ring aldrig oss."));
    f.approve(KONTAKT, 0);
    let retired_at = Timestamp::from_unix(f.now.unix() + 3600).unwrap();
    f.registry_version(|p| {
        let key = &mut p.publishers.iter_mut().find(|p| p.id == "anna").unwrap().keys[0];
        key.status = KeyStatus::Retired;
        key.status_since = retired_at;
    });
    let public = f.path("public");
    let before = snapshot(&public);
    let later = Timestamp::from_unix(f.now.unix() + 7200).unwrap().to_string();
    let out = f.sigill().env("SIGILL_NOW", &later).args(["build", "--strict"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/om/kontakt.md: error: approval 2 is first published now, but key"), "{stderr}");
    assert!(stderr.contains("was retired at 2026-12-01T13:00:00Z — before this release; its approved_at does not count"), "{stderr}");
    assert_eq!(snapshot(&public), before);
}

#[test]
fn a_later_approval_dated_before_an_earlier_one_is_refused() {
    let f = Fixture::new();
    f.built();
    f.write(KONTAKT, &page("Kontakt", "anna", "Nytt nummer."));
    f.approve(KONTAKT, 0);
    f.resign_head(KONTAKT, &f.publishers[0].key, |p| p.approved_at = f.now.plus_days(-3));
    assert_rejected(&f, "approval chain is broken at sequence 2: it is dated 2026-11-28T12:00:00Z, before approval 1");
}

#[test]
fn verifiers_refuse_a_replayed_or_rewritten_log_and_stale_or_future_releases() {
    let f = Fixture::new();
    let public = f.built();
    let first = f.data.path().join("first-release");
    copy_tree(&public, &first);
    assert_eq!(verify_remembering(&f, &public, None).0, 0);
    f.write(KONTAKT, &page("Kontakt", "anna", "Ring oss på 0100-999 99."));
    f.approve(KONTAKT, 0);
    f.built();
    let (code, reasons) = verify_remembering(&f, &public, None);
    assert_eq!(code, 0, "{reasons:?}");
    // The old release, validly signed, served again: a replay.
    let (code, reasons) = verify_remembering(&f, &first, None);
    assert_eq!(code, 1);
    assert!(reasons.contains(&"log_rollback".to_string()), "{reasons:?}");
    // A log with another history of the same length: rewritten.
    let fork_state = f.data.path().join("fork-state");
    let fork = f.data.path().join("fork");
    for _ in 0..2 {
        let out = f.sigill().args(["build", "--out"]).arg(&fork).arg("--state").arg(&fork_state).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let (code, reasons) = verify_remembering(&f, &fork, None);
    assert_eq!(code, 1);
    assert!(reasons.contains(&"log_fork".to_string()), "{reasons:?}");
    // The genuine site still verifies: memory was not overwritten by a refusal.
    assert_eq!(verify_remembering(&f, &public, None).0, 0);
    // Stale: exit 3. From the future: exit 4.
    let stale = Timestamp::from_unix(f.now.unix() + 100 * 86_400).unwrap().to_string();
    let out = verifier(&f).env("SIGILL_NOW", &stale).args(["verify", "--no-remember"]).arg(&public).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stdout));
    let future = f.data.path().join("future");
    copy_tree(&public, &future);
    let created = f.now.plus_days(30);
    restamp::resign_release(&future, &f.release_key, |p| {
        p.created = created;
        p.expires = created.plus_days(90);
    });
    let out = verifier(&f).args(["verify", "--no-remember"]).arg(&future).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stdout));
    // Another root for the same site: the anchor changed.
    let other = Fixture::new();
    let other_public = other.built();
    let (code, reasons) = verify_remembering(&f, &other_public, None);
    assert_eq!(code, 1);
    assert!(reasons.contains(&"anchor_changed".to_string()), "{reasons:?}");
    // --no-remember checks an archived copy on purpose.
    let out = verifier(&f).args(["verify", "--no-remember"]).arg(&first).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

/// A static file server on 127.0.0.1 for one folder, for as long as the
/// test runs.
fn serve(dir: &Path) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let root = dir.to_path_buf();
    std::thread::spawn(move || {
        use std::io::{BufRead, BufReader, Write};
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).map(|n| n == 0).unwrap_or(true) || header == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let file = root.join(path.trim_start_matches('/'));
            let mut stream = stream;
            let response = match std::fs::read(&file) {
                Ok(body) if !path.contains("..") => {
                    let mut r = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
                    r.extend(body);
                    r
                }
                _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
            };
            let _ = stream.write_all(&response);
        }
    });
    origin
}

#[test]
fn the_build_can_learn_the_last_release_from_the_live_site() {
    let f = Fixture::new();
    f.built();
    f.write(KONTAKT, &page("Kontakt", "anna", "Ring oss på 0100-999 99."));
    f.approve(KONTAKT, 0);
    f.built();
    // The live site, as deployed.
    let live = f.data.path().join("live");
    copy_tree(&f.path("public"), &live);
    let origin = serve(&live);
    // A build machine without local state reads the live log by URL: a
    // rollback is refused just the same.
    delete_approvals_from(&f, KONTAKT, 2);
    f.write(KONTAKT, &page("Kontakt", "anna", "Ring oss på 0100-123 45."));
    let out_dir = f.data.path().join("ci-out");
    let out = f.sigill().args(["build", "--log-url", &origin, "--out"]).arg(&out_dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("approval went backwards: release 1 published approval 2, this build has approval 1"), "{stderr}");
    assert!(!out_dir.exists(), "nothing written");
    // Without the rollback it continues the live log.
    f.write(KONTAKT, &page("Kontakt", "anna", "Ring oss på 0100-999 99."));
    f.approve(KONTAKT, 0);
    let out = f.sigill().args(["build", "--log-url", &origin, "--out"]).arg(&out_dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let checkpoint = std::fs::read_to_string(out_dir.join(".well-known/sigill/log/checkpoint")).unwrap();
    assert_eq!(checkpoint.lines().nth(1), Some("3"), "{checkpoint}");
}

/// (size, root hex) of a built site's checkpoint.
fn checkpoint_of(public: &Path) -> (u64, String) {
    let text = std::fs::read_to_string(public.join(".well-known/sigill/log/checkpoint")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("test.example/sigill-log"));
    let size = lines.next().unwrap().parse().unwrap();
    let root = sigill::trust::encoding::b64_decode(lines.next().unwrap()).unwrap();
    (size, sigill::trust::encoding::hex(&root))
}

#[test]
fn ten_releases_keep_one_consistent_log() {
    let f = Fixture::new();
    let keys = tempfile::tempdir().unwrap();
    let root_key = key_file(keys.path(), "root.key", &f.root_key);
    let public: PathBuf = f.path("public");
    let mut heads = Vec::new();
    let mut release = |f: &Fixture| {
        let (code, stderr) = f.publish();
        assert_eq!(code, 0, "{stderr}");
        heads.push(checkpoint_of(&public));
    };
    release(&f);
    for n in 0..3 {
        f.write(KONTAKT, &page("Kontakt", "anna", &format!("Ring oss på 0100-123 4{n}.")));
        f.approve(KONTAKT, 0);
        release(&f);
    }
    // A revoked key: its pages leave with the registry's signed word.
    f.registry_version(|p| {
        let key = &mut p.publishers.iter_mut().find(|p| p.id == "bo").unwrap().keys[0];
        key.status = KeyStatus::Compromised;
        key.status_since = f.now;
    });
    release(&f);
    // A root rotation (renewal) and a new start page.
    let out = f.sigill().args(["trust", "renew-root", "--days", "300", "--sign-with"]).arg(&root_key).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    release(&f);
    f.write("content/_index.md", &page("Start", "anna", "Välkommen till nya Testby."));
    f.approve("content/_index.md", 0);
    release(&f);
    // A new page, then its withdrawal.
    f.write("content/om/nytt.md", &page("Nytt", "anna", "Nyhet."));
    f.approve("content/om/nytt.md", 0);
    release(&f);
    let anna = key_file(keys.path(), "anna.key", &f.publishers[0].key);
    let out = f.sigill().args(["withdraw", "content/om/nytt.md", "--reason", "Felpublicerad", "--yes", "--key"]).arg(&anna).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    release(&f);
    release(&f);
    assert_eq!(heads.len(), 10);
    assert_eq!(heads.iter().map(|h| h.0).collect::<Vec<_>>(), (1..=10).collect::<Vec<u64>>());
    // Every consistency proof between any two checkpoints, made by
    // `sigill log prove` and checked by the independent Python verifier
    // (RFC 9162's algorithm) against the roots each release published.
    let mut proofs = Vec::new();
    for (i, (old_size, old_root)) in heads.iter().enumerate() {
        for (new_size, new_root) in &heads[i..] {
            let out = verifier(&f).args(["log", "prove"]).arg(&public).args(["--from", &old_size.to_string(), "--to", &new_size.to_string()]).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let proof: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(proof["old_root"], old_root.as_str(), "the log still holds the earlier tree");
            assert_eq!(proof["new_root"], new_root.as_str());
            proofs.push(serde_json::json!({"old_size": old_size, "old_root": old_root, "new_size": new_size, "new_root": new_root, "proof": proof["proof"]}));
        }
    }
    assert_eq!(proofs.len(), 55);
    // A wrong proof must fail the independent check (the check can fail).
    let mut wrong = proofs[20].clone();
    wrong["old_root"] = serde_json::json!(heads[9].1);
    let file = f.data.path().join("proofs.json");
    if let Some((ok, out)) = common::independent_consistency(&file, &proofs) {
        assert!(ok, "{out}");
        let (ok, out) = common::independent_consistency(&file, &[wrong]).unwrap();
        assert!(!ok, "{out}");
    }
    // Every earlier version is published beside its page, the published
    // one in the page's proof (and `verify` checks each: signed by a
    // registry key, for that page, in order, with its approved text, and
    // leading to the published version).
    let versions = |dir: &str| std::fs::read_dir(public.join(dir)).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".approval.json")).count();
    assert_eq!(versions("om/kontakt/historik"), 3);
    assert_eq!(versions("historik"), 1);
    // The whole site, log and histories included, verifies in Rust and in Python.
    let (code, reasons) = verify_remembering(&f, &public, None);
    assert_eq!(code, 0, "{reasons:?}");
    if let Some((ok, out)) = common::independent_verify_site(public.to_str().unwrap(), Some(&f.anchor())) {
        assert!(ok, "{out}");
    }
    // Every release the log holds is signed by the release key.
    let out = verifier(&f).args(["log", "show"]).arg(&public).output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.starts_with("10 releases"), "{shown}");
    for index in 0..10 {
        let bytes = std::fs::read(public.join(format!(".well-known/sigill/log/release/{index}.json"))).unwrap();
        let envelope = sigill::trust::envelope::Envelope::parse(&bytes).unwrap();
        envelope.verify(sigill::trust::envelope::RELEASE_TYPE, 1, |id| (id == f.release_key.public().keyid()).then(|| f.release_key.public())).unwrap();
    }
}

/// Rewrites the log of the site in `public` after `edit` changed its
/// history, re-signing the checkpoint with the release key (a dishonest
/// build machine can; the log's own rules must still catch it).
fn rewrite_log(public: &Path, f: &Fixture, edit: impl FnOnce(&mut sigill::log::write::LogHistory)) {
    use sigill::log::read::LogLocation;
    let source = sigill::verify::source::DirSource::new(public);
    let at = LogLocation { source: &source, dir: sigill::log::LOG_DIR.to_string() };
    let origin = sigill::log::checkpoint_origin(common::SITE);
    let log = sigill::log::read_log(&at, &origin, &[f.release_key.public().clone()]).unwrap().unwrap();
    let mut history = sigill::log::write::LogHistory::load(&log, &at).unwrap();
    edit(&mut history);
    let dir = public.join(sigill::log::LOG_DIR.trim_start_matches('/'));
    // Read before the folder they may be in is removed.
    let files: Vec<(String, Vec<u8>)> = history.files(&origin, &f.release_key).unwrap().into_iter().map(|(rel, blob)| (rel, blob.read().unwrap().into_owned())).collect();
    std::fs::remove_dir_all(&dir).unwrap();
    for (rel, bytes) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// `sigill verify --no-remember DIR --format json`: (exit, reasons).
fn verify_folder(f: &Fixture, dir: &Path) -> (i32, Vec<String>) {
    let out = verifier(f).args(["verify", "--no-remember", "--format", "json"]).arg(dir).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reasons = report["problems"].as_array().unwrap().iter().map(|p| p["reason"].as_str().unwrap().to_string()).collect();
    (out.status.code().unwrap_or(-1), reasons)
}

#[test]
fn verifiers_see_a_page_dropped_from_the_log_and_a_history_out_of_order() {
    let f = Fixture::new();
    f.built();
    f.write(KONTAKT, &page("Kontakt", "anna", "Ring oss på 0100-999 99."));
    f.approve(KONTAKT, 0);
    f.write(KONTAKT, &page("Kontakt", "anna", "Ring oss på 0100-999 99, vardagar."));
    f.approve(KONTAKT, 0);
    let public = f.built();
    assert_eq!(verify_folder(&f, &public).0, 0);
    // The history folder holds the versions before the published one.
    assert!(public.join("om/kontakt/historik/2.approval.json").is_file() && public.join("om/kontakt/historik/2.md").is_file());
    assert!(!public.join("om/kontakt/historik/3.approval.json").exists() && !public.join("om/kontakt/historik/3.md").exists());
    // A page the first release published and the second dropped, with no
    // withdrawal: the log's own history shows it.
    let dropped = f.data.path().join("dropped");
    copy_tree(&public, &dropped);
    rewrite_log(&dropped, &f, |history| {
        let mut state: sigill::log::ReleaseState = serde_json::from_slice(&history.states[0].read().unwrap()).unwrap();
        let mut ghost = state.pages[0].clone();
        ghost.path = "content/spok.md".into();
        ghost.url = Some("/spok/".into());
        state.pages.push(ghost);
        state.pages.sort();
        history.states[0] = sigill::log::write::LogBlob::Bytes(sigill::trust::canonical::to_canonical(&state));
        let mut entry: sigill::log::LogEntry = serde_json::from_slice(&history.entries[0]).unwrap();
        entry.state_sha256 = sigill::trust::digest::Sha256::of(&history.states[0].read().unwrap());
        history.entries[0] = sigill::trust::canonical::to_canonical(&entry);
    });
    let (code, reasons) = verify_folder(&f, &dropped);
    assert_eq!(code, 1);
    assert!(reasons.contains(&"log_invalid".to_string()), "{reasons:?}");
    if let Some((ok, out)) = common::independent_verify_site(dropped.to_str().unwrap(), Some(&f.anchor())) {
        assert!(!ok && out.contains("log_invalid"), "{out}");
    }
    // A later version of a page dated before the one it follows, re-signed
    // by its publisher and re-listed by the build machine.
    let backdated = f.data.path().join("backdated");
    copy_tree(&public, &backdated);
    let file = backdated.join("om/kontakt/historik/2.approval.json");
    let envelope = sigill::trust::envelope::Envelope::parse(&std::fs::read(&file).unwrap()).unwrap();
    let mut payload: sigill::trust::approval::ApprovalPayload = serde_json::from_slice(&sigill::trust::encoding::b64_decode(&envelope.payload).unwrap()).unwrap();
    payload.approved_at = f.now.plus_days(-3);
    std::fs::write(&file, sigill::trust::approval::sign_approval(&payload, &f.publishers[0].key).to_bytes()).unwrap();
    restamp::resign_release(&backdated, &f.release_key, |_| {});
    let (code, reasons) = verify_folder(&f, &backdated);
    assert_eq!(code, 1);
    assert!(reasons.contains(&"history_invalid".to_string()), "{reasons:?}");
    if let Some((ok, out)) = common::independent_verify_site(backdated.to_str().unwrap(), Some(&f.anchor())) {
        assert!(!ok && out.contains("history_invalid"), "{out}");
    }
    // A history cut short: the version before the published one left out
    // and the release re-listed. The folder alone is in order (version 1);
    // the published version 3 does not follow it.
    let cut = f.data.path().join("cut");
    copy_tree(&public, &cut);
    std::fs::remove_file(cut.join("om/kontakt/historik/2.approval.json")).unwrap();
    std::fs::remove_file(cut.join("om/kontakt/historik/2.md")).unwrap();
    restamp::resign_release(&cut, &f.release_key, |_| {});
    let (code, reasons) = verify_folder(&f, &cut);
    assert_eq!(code, 1);
    assert_eq!(reasons, ["history_invalid"], "only the history is wrong");
    if let Some((ok, out)) = common::independent_verify_site(cut.to_str().unwrap(), Some(&f.anchor())) {
        assert!(!ok && out.contains("history_invalid"), "{out}");
    }
}

#[test]
fn a_witness_cosigns_a_growing_log_and_verifiers_can_require_it() {
    let f = Fixture::new();
    let public = f.built();
    let keys = tempfile::tempdir().unwrap();
    let witness_key = SigningKey::generate().unwrap();
    let witness_file = key_file(keys.path(), "witness.key", &witness_key);
    let name = "arkiv.example/witness";
    let required = format!("{name}={}", witness_key.public().to_base64());
    let witness = |dir: &Path| {
        let out = verifier(&f).args(["log", "witness"]).arg(dir).args(["--anchor", &f.anchor(), "--name", name, "--key"]).arg(&witness_file).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).trim().to_string(), String::from_utf8_lossy(&out.stderr).to_string())
    };
    let verify_with_witness = |dir: &Path| {
        let out = verifier(&f).args(["verify", "--no-remember", "--format", "json", "--witness", &required]).arg(dir).output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), report["problems"].to_string())
    };
    // Not yet cosigned: a verifier that requires the witness refuses.
    let (code, problems) = verify_with_witness(&public);
    assert_eq!(code, Some(1));
    assert!(problems.contains("log_unwitnessed"), "{problems}");
    // The witness cosigns; the site adds the line; the check passes.
    let (code, line, stderr) = witness(&public);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(line.starts_with(&format!("— {name} ")), "{line}");
    assert!(stderr.contains(&required), "the witness says how to require it: {stderr}");
    let out = verifier(&f).args(["log", "cosign"]).arg(&public).args(["--line", &line]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (code, problems) = verify_with_witness(&public);
    assert_eq!(code, Some(0), "{problems}");
    // Verifiers that do not ask for witnesses see no difference.
    assert_eq!(verify_remembering(&f, &public, None).0, 0);
    if let Some((ok, out)) = common::independent_verify_site(public.to_str().unwrap(), Some(&f.anchor())) {
        assert!(ok, "{out}");
    }
    // A cosignature by another key does not count.
    let stranger = SigningKey::generate().unwrap();
    let other_required = format!("{name}={}", stranger.public().to_base64());
    let out = verifier(&f).args(["verify", "--no-remember", "--witness", &other_required]).arg(&public).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    // The log grows: the witness cosigns the next checkpoint; an older,
    // forked log (another history of the same site) it refuses.
    let old = f.data.path().join("old");
    copy_tree(&public, &old);
    f.write(KONTAKT, &page("Kontakt", "anna", "Ring oss på 0100-999 99."));
    f.approve(KONTAKT, 0);
    f.built();
    let (code, _, stderr) = witness(&public);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = witness(&old);
    assert_eq!(code, Some(1), "an older log is not cosigned: {stderr}");
    assert!(stderr.contains("does not extend the one this witness cosigned before"), "{stderr}");
}

#[test]
fn a_damaged_earlier_state_in_the_build_machines_folder_stops_the_build() {
    // The self-check does not read the log's earlier states again: the
    // build checked each against its entry when it loaded its state folder.
    let f = Fixture::new();
    for n in 0..3 {
        f.write(KONTAKT, &page("Kontakt", "anna", &format!("Ring oss på 0100-123 4{n}.")));
        f.approve(KONTAKT, 0);
        let (code, stderr) = f.publish();
        assert_eq!(code, 0, "{stderr}");
    }
    // The build machine's record of the log files it checked lets a build
    // skip reading them, but only while each is the very file it checked:
    // a file written through in place (same inode, same length) or
    // replaced by a new one is read and refused.
    let state = f.data.path().join("sigill/state").join(common::SITE).join("state/0.json");
    assert!(f.data.path().join("sigill/state").join(common::SITE).join("checked-log-files").is_file(), "the record is kept");
    let kept = std::fs::read(&state).unwrap();
    let mut bytes = kept.clone();
    let at = bytes.iter().position(|b| b.is_ascii_digit()).unwrap();
    bytes[at] = if bytes[at] == b'9' { b'8' } else { bytes[at] + 1 };
    for in_place in [true, false] {
        std::thread::sleep(std::time::Duration::from_millis(20));
        if in_place {
            std::fs::OpenOptions::new().write(true).open(&state).and_then(|mut file| std::io::Write::write_all(&mut file, &bytes)).unwrap();
        } else {
            // A new file: the old one is hard-linked into the published log.
            std::fs::remove_file(&state).unwrap();
            std::fs::write(&state, &bytes).unwrap();
        }
        let before = snapshot(&f.path("public"));
        let (code, stderr) = f.build();
        assert_eq!(code, 2, "in place {in_place}: {stderr}");
        assert!(stderr.contains("state/0.json is not the state entry 0 commits to"), "in place {in_place}: {stderr}");
        assert_eq!(snapshot(&f.path("public")), before, "in place {in_place}: a failed build changed the output");
        if in_place {
            // Put back for the next way (a new file, as the published log
            // holds the changed one now).
            std::fs::remove_file(&state).unwrap();
            std::fs::write(&state, &kept).unwrap();
        }
    }
}
