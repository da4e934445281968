//! `sigill verify` on built folders and pages, and agreement with an
//! independent verifier written from docs/format.md.

use crate::common;

use common::{independent_verify, verify, Fixture};
use sigill::trust::canonical::to_canonical;
use sigill::trust::envelope::{Envelope, RELEASE_TYPE};
use sigill::trust::release::ReleasePayload;
use sigill::trust::SigningKey;

#[test]
fn a_fresh_build_verifies_with_and_without_a_pinned_anchor() {
    let f = Fixture::new();
    let public = f.built();
    let dir = public.to_str().unwrap();
    let (code, stdout, stderr) = verify(&[dir, "--root", &f.anchor()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("✔ /om/kontakt/  approved by Anna Ek, Kommunikationschef, Kommunledningskontoret on"), "{stdout}");
    assert!(stdout.contains("3 of 3 page(s) verified"), "{stdout}");
    assert!(stdout.contains("pinned with --root"));
    let (code, stdout, _) = verify(&[dir]);
    assert_eq!(code, 0);
    assert!(stdout.contains("NOT pinned"), "{stdout}");
    let page = public.join("social/stod/index.html");
    let (code, stdout, _) = verify(&[page.to_str().unwrap(), "--anchor", &f.anchor()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("✔ /social/stod/  approved by Bo Lind"), "{stdout}");
    let (code, json, _) = verify(&[dir, "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["pinned"], false);
    assert_eq!(report["pages"].as_array().unwrap().len(), 3);
    if let Some((ok, out)) = independent_verify(dir, "/om/kontakt/", Some(&f.anchor())) {
        assert!(ok, "{out}");
        assert!(out.contains("Anna Ek"));
    }
}

#[test]
fn published_files_are_in_place() {
    let f = Fixture::new();
    let public = f.built();
    for file in [".well-known/sigill/root/1.root.json", ".well-known/sigill/registry.json", ".well-known/sigill/release.json", ".well-known/sigill/pages.json", ".well-known/sigill/fingerprint.txt", "om/kontakt/index.html.proof.json", "om/kontakt/index.md"] {
        assert!(public.join(file).is_file(), "missing {file}");
    }
    assert_eq!(std::fs::read(public.join("om/kontakt/index.md")).unwrap(), std::fs::read(f.path("content/om/kontakt.md")).unwrap());
    let html = f.read("public/om/kontakt/index.html");
    assert!(html.contains("<link rel=\"describedby\" type=\"application/json\" href=\"index.html.proof.json\">"), "{html}");
    assert!(html.contains("\"@type\":\"WebPage\"") && html.contains("\"reviewedBy\""));
    assert!(f.read("public/.well-known/sigill/fingerprint.txt").contains(&f.anchor()));
}

fn both_reject(f: &Fixture, url: &str, anchor: Option<&str>, reason: &str) {
    let dir = f.path("public");
    let dir = dir.to_str().unwrap();
    let mut args = vec![dir];
    if let Some(anchor) = anchor {
        args.extend(["--root", anchor]);
    }
    let (code, stdout, stderr) = verify(&args);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains(reason), "expected {reason:?} in:\n{stdout}");
    if let Some((ok, out)) = independent_verify(dir, url, anchor) {
        assert!(!ok, "the independent verifier accepted a case sigill rejects: {out}");
    }
}

#[test]
fn a_changed_byte_in_served_html_is_caught() {
    let f = Fixture::new();
    let public = f.built();
    let page = public.join("om/kontakt/index.html");
    let mut html = std::fs::read(&page).unwrap();
    let at = html.windows(5).position(|w| w == b"0100-").unwrap();
    html[at] = b'9';
    std::fs::write(&page, html).unwrap();
    both_reject(&f, "/om/kontakt/", None, "✘ /om/kontakt/  does NOT match its approval");
    let (_, stdout, _) = verify(&[public.to_str().unwrap()]);
    assert!(stdout.contains("content does not match its approval"), "{stdout}");
    assert!(stdout.contains("⚠ /social/stod/  approved by Bo Lind"), "other pages still verify (with the unpinned-anchor warning): {stdout}");
}

#[test]
fn the_proof_of_one_page_beside_another_is_caught() {
    let f = Fixture::new();
    let public = f.built();
    std::fs::copy(public.join("social/stod/index.html.proof.json"), public.join("om/kontakt/index.html.proof.json")).unwrap();
    both_reject(&f, "/om/kontakt/", None, "the proof is for /social/stod/, not for /om/kontakt/");
}

#[test]
fn another_anchor_is_a_failure() {
    let f = Fixture::new();
    f.built();
    let other = format!("sha256:{}", "ab".repeat(32));
    both_reject(&f, "/om/kontakt/", Some(&other), "hashes to");
}

#[test]
fn a_release_signed_by_a_key_outside_the_root_is_refused() {
    let f = Fixture::new();
    let public = f.built();
    let release_file = public.join(".well-known/sigill/release.json");
    let envelope = Envelope::parse(&std::fs::read(&release_file).unwrap()).unwrap();
    let payload: ReleasePayload = serde_json::from_slice(&sigill::trust::encoding::b64_decode(&envelope.payload).unwrap()).unwrap();
    let forger = SigningKey::generate().unwrap();
    std::fs::write(&release_file, Envelope::sign(RELEASE_TYPE, &to_canonical(&payload), &[&forger]).to_bytes()).unwrap();
    both_reject(&f, "/om/kontakt/", Some(&f.anchor()), "not signed by the release key the root names");
}

#[test]
fn an_edited_pages_index_is_refused() {
    let f = Fixture::new();
    let public = f.built();
    let index = public.join(".well-known/sigill/pages.json");
    let text = std::fs::read_to_string(&index).unwrap().replace("/social/stod/", "/social/stod2/");
    std::fs::write(&index, text).unwrap();
    let (code, stdout, _) = verify(&[public.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("is not the list of pages the release signs"), "{stdout}");
}

#[test]
fn a_changed_published_source_is_caught() {
    let f = Fixture::new();
    let public = f.built();
    std::fs::write(public.join("om/kontakt/index.md"), "+++\ntitle = \"Falsk\"\n+++\n").unwrap();
    both_reject(&f, "/om/kontakt/", None, "the published source (index.md) is not the approved text");
}

#[test]
fn oversized_proofs_are_refused() {
    let f = Fixture::new();
    let public = f.built();
    std::fs::write(public.join("om/kontakt/index.html.proof.json"), vec![b' '; (1 << 20) + 1]).unwrap();
    let (code, stdout, _) = verify(&[public.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("is larger than 1048576 bytes"), "{stdout}");
}

#[test]
fn a_folder_that_is_not_a_built_site_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = verify(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is not inside a site built by Sigill"), "{stderr}");
    let (code, _, _) = verify(&["/does/not/exist"]);
    assert_eq!(code, 2);
    let (code, _, _) = verify(&[dir.path().to_str().unwrap(), "--root", "sha256:xyz"]);
    assert_eq!(code, 2);
}
