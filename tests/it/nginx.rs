//! End to end with a real web server: nginx (Debian package) serves a built
//! site on 127.0.0.1 and `sigill verify` checks it by URL. Required under
//! CI=true (.ci/run installs nginx); skipped with a message elsewhere.

use crate::common;

use std::path::PathBuf;

use common::nginx::Nginx;
use common::{independent_verify, verify, Fixture};
use sigill::trust::canonical::to_canonical;
use sigill::trust::envelope::{Envelope, RELEASE_TYPE};
use sigill::trust::release::ReleasePayload;
use sigill::trust::SigningKey;

fn built_site() -> (Fixture, PathBuf) {
    let f = Fixture::new();
    let public = f.built();
    (f, public)
}

#[test]
fn verify_by_url_against_nginx() {
    let (f, public) = built_site();
    let Some(server) = Nginx::serve(&public) else { return };
    let anchor = f.anchor();

    let (code, stdout, stderr) = verify(&[&server.url("/om/kontakt/"), "--root", &anchor]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("✔ /om/kontakt/  approved by Anna Ek"), "{stdout}");
    let (code, stdout, _) = verify(&[&server.url("/"), "--root", &anchor]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("3 of 3 page(s) verified"), "whole site: {stdout}");
    let origin = server.url("");
    if let Some((ok, out)) = independent_verify(&origin, "/om/kontakt/", Some(&anchor)) {
        assert!(ok, "{out}");
    }

    // The deployment guide's configuration: trust files reachable despite a
    // dotfile ban, security headers sent, sources served as Markdown.
    let agent: ureq::Agent = ureq::Agent::config_builder().max_redirects(0).http_status_as_error(false).build().into();
    let header = |response: &ureq::http::Response<ureq::Body>, name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let trust = agent.get(&server.url("/.well-known/sigill/release.json")).call().unwrap();
    assert_eq!(trust.status().as_u16(), 200);
    assert_eq!(agent.get(&server.url("/.hidden")).call().unwrap().status().as_u16(), 403, "other dotfiles stay denied");
    let page_response = agent.get(&server.url("/om/kontakt/")).call().unwrap();
    let csp = header(&page_response, "content-security-policy");
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(header(&page_response, "x-content-type-options"), "nosniff");
    let source = agent.get(&server.url("/om/kontakt/index.md")).call().unwrap();
    assert!(header(&source, "content-type").starts_with("text/markdown"), "{}", header(&source, "content-type"));

    // The page as people write its address, the anchor as printed on it.
    let grouped = sigill::trust::keys::fingerprint(anchor.trim_start_matches("sha256:")).to_uppercase();
    for (page, given) in [("/om/kontakt", anchor.as_str()), ("/om/kontakt/index.html", anchor.as_str()), ("/om/kontakt/", grouped.as_str())] {
        let (code, stdout, stderr) = verify(&[&server.url(page), "--root", given]);
        assert_eq!(code, 0, "{page} with {given}: {stdout}{stderr}");
        assert!(stdout.contains("✔ /om/kontakt/  approved by Anna Ek"), "{page}: {stdout}");
    }

    // A redirect to another host is never followed silently.
    let (code, stdout, _) = verify(&[&server.url("/moved/"), "--root", &anchor]);
    assert_eq!(code, 1);
    assert!(stdout.contains("redirected to another site"), "{stdout}");

    // Another anchor.
    let other = format!("sha256:{}", "cd".repeat(32));
    let (code, stdout, _) = verify(&[&server.url("/om/kontakt/"), "--root", &other]);
    assert_eq!(code, 1);
    assert!(stdout.contains(&format!("not to the anchor given with --root ({other})")), "{stdout}");
    if let Some((ok, _)) = independent_verify(&origin, "/om/kontakt/", Some(&other)) {
        assert!(!ok);
    }

    // One changed byte in a served page.
    let page = public.join("om/kontakt/index.html");
    let original = std::fs::read(&page).unwrap();
    let mut changed = original.clone();
    let at = changed.windows(5).position(|w| w == b"0100-").unwrap();
    changed[at] = b'7';
    std::fs::write(&page, &changed).unwrap();
    let (code, stdout, _) = verify(&[&server.url("/om/kontakt/"), "--root", &anchor]);
    assert_eq!(code, 1);
    assert!(stdout.contains("✘ /om/kontakt/  does NOT match its approval"), "{stdout}");
    let (code, stdout, _) = verify(&[&server.url("/"), "--root", &anchor]);
    assert_eq!(code, 1);
    assert!(stdout.contains("✘ /om/kontakt/") && stdout.contains("2 of 3 page(s) verified"), "{stdout}");
    if let Some((ok, _)) = independent_verify(&origin, "/om/kontakt/", Some(&anchor)) {
        assert!(!ok);
    }
    std::fs::write(&page, &original).unwrap();

    // Page A's proof served beside page B.
    let proof = public.join("om/kontakt/index.html.proof.json");
    let original_proof = std::fs::read(&proof).unwrap();
    std::fs::copy(public.join("social/stod/index.html.proof.json"), &proof).unwrap();
    let (code, stdout, _) = verify(&[&server.url("/om/kontakt/"), "--root", &anchor]);
    assert_eq!(code, 1);
    assert!(stdout.contains("the proof is for /social/stod/, not for /om/kontakt/"), "{stdout}");
    if let Some((ok, _)) = independent_verify(&origin, "/om/kontakt/", Some(&anchor)) {
        assert!(!ok);
    }
    std::fs::write(&proof, original_proof).unwrap();

    // A release manifest signed by a key the root does not name.
    let release_file = public.join(".well-known/sigill/release.json");
    let envelope = Envelope::parse(&std::fs::read(&release_file).unwrap()).unwrap();
    let payload: ReleasePayload = serde_json::from_slice(&sigill::trust::encoding::b64_decode(&envelope.payload).unwrap()).unwrap();
    let forger = SigningKey::generate().unwrap();
    std::fs::write(&release_file, Envelope::sign(RELEASE_TYPE, &to_canonical(&payload), &[&forger]).to_bytes()).unwrap();
    let (code, stdout, _) = verify(&[&server.url("/om/kontakt/"), "--root", &anchor]);
    assert_eq!(code, 1);
    assert!(stdout.contains("not signed by the release key the root names"), "{stdout}");
    if let Some((ok, _)) = independent_verify(&origin, "/om/kontakt/", Some(&anchor)) {
        assert!(!ok);
    }
}
