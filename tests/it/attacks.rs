//! Every attack from the trust model that a build can meet: each must make
//! `sigill build` exit 1 with the specific reason and write nothing.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::common;

use common::{assert_rejected, page, Fixture, SITE};
use sigill::trust::canonical::to_canonical;
use sigill::trust::encoding::{b64_decode, b64_encode};
use sigill::trust::envelope::{Envelope, APPROVAL_TYPE, REGISTRY_TYPE};
use sigill::trust::registry::KeyStatus;
use sigill::trust::SigningKey;

const PAGE: &str = "content/om/kontakt.md";

#[test]
fn untampered_fixture_builds() {
    let f = Fixture::new();
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "{stderr}");
    assert!(f.path("public/om/kontakt/index.html").exists());
}

#[test]
fn content_changed_after_approval() {
    let f = Fixture::new();
    f.build();
    let text = f.read(PAGE).replace("0100-123 45", "0100-999 99");
    f.write(PAGE, &text);
    assert_rejected(&f, "content/om/kontakt.md: error: kept at the approved version of");
    let (_, stderr) = f.build();
    assert!(stderr.contains("(approval 1): changed since approval"), "{stderr}");
}

#[test]
fn front_matter_publisher_swapped() {
    let f = Fixture::new();
    let text = f.read("content/social/stod.md").replace("publisher = \"bo\"", "publisher = \"anna\"");
    f.write("content/social/stod.md", &text);
    assert_rejected(&f, "approval is by publisher \"bo\", but the front matter names \"anna\"");
}

#[test]
fn approval_copied_to_another_path() {
    let f = Fixture::new();
    f.write("content/om/adress.md", &f.read(PAGE));
    let from = f.path("trust/approvals/content/om/kontakt.md/000001.json");
    let to = f.path("trust/approvals/content/om/adress.md/000001.json");
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
    assert_rejected(&f, "approval is for path \"content/om/kontakt.md\", not \"content/om/adress.md\"");
}

#[test]
fn approval_copied_from_another_site() {
    let f = Fixture::new();
    f.resign_head(PAGE, &f.publishers[0].key, |p| p.site = "other.example".into());
    assert_rejected(&f, "approval is for site \"other.example\", not \"test.example\"");
}

#[test]
fn two_approvals_with_one_sequence() {
    let f = Fixture::new();
    let (_, mut payload) = f.head_payload(PAGE);
    payload.note = "another version".into();
    let envelope = sigill::trust::approval::sign_approval(&payload, &f.publishers[0].key);
    std::fs::write(f.path("trust/approvals/content/om/kontakt.md/000001-b.json"), envelope.to_bytes()).unwrap();
    assert_rejected(&f, "two different approvals with sequence 1");
}

#[test]
fn broken_previous_chain() {
    let f = Fixture::new();
    let text = f.read(PAGE).replace("0100-123 45", "0100-555 55");
    f.write(PAGE, &text);
    f.approve(PAGE, 0);
    f.resign_head(PAGE, &f.publishers[0].key, |p| p.previous = Some(sigill::trust::digest::Sha256::of(b"something else")));
    assert_rejected(&f, "approval chain is broken at sequence 2");
}

#[test]
fn missing_link_in_chain() {
    let f = Fixture::new();
    let text = f.read(PAGE).replace("0100-123 45", "0100-555 55");
    f.write(PAGE, &text);
    f.approve(PAGE, 0);
    std::fs::remove_file(f.path("trust/approvals/content/om/kontakt.md/000001.json")).unwrap();
    assert_rejected(&f, "approval chain is broken at sequence 1");
}

#[test]
fn compromised_key_voids_even_older_approvals() {
    let f = Fixture::new();
    f.registry_version(|r| {
        let key = &mut r.publishers.iter_mut().find(|p| p.id == "anna").unwrap().keys[0];
        key.status = KeyStatus::Compromised;
        // Marked compromised only from tomorrow: the approval predates it.
        key.status_since = common::now().plus_days(1);
    });
    assert_rejected(&f, "is marked compromised since");
}

#[test]
fn retired_key_keeps_older_approvals_but_not_newer() {
    let f = Fixture::new();
    f.registry_version(|r| {
        let key = &mut r.publishers.iter_mut().find(|p| p.id == "anna").unwrap().keys[0];
        key.status = KeyStatus::Retired;
        key.status_since = common::now().plus_days(1);
    });
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "an approval made before retirement stays valid: {stderr}");
    f.registry_version(|r| {
        let key = &mut r.publishers.iter_mut().find(|p| p.id == "anna").unwrap().keys[0];
        key.status_since = common::now().plus_days(-1);
    });
    assert_rejected(&f, "retired since");
}

#[test]
fn lapsed_approval() {
    let f = Fixture::new();
    f.resign_head(PAGE, &f.publishers[0].key, |p| {
        p.approved_at = common::now().plus_days(-20);
        p.review_by = common::now().plus_days(-1);
    });
    assert_rejected(&f, "approval lapsed: review was due");
}

#[test]
fn review_by_beyond_policy() {
    let f = Fixture::new();
    f.resign_head(PAGE, &f.publishers[0].key, |p| p.review_by = common::now().plus_days(401));
    assert_rejected(&f, "is more than the policy's 400 days after approval");
}

#[test]
fn approved_at_in_the_future() {
    let f = Fixture::new();
    f.resign_head(PAGE, &f.publishers[0].key, |p| p.approved_at = common::now().plus_days(2));
    assert_rejected(&f, "is in the future");
}

#[test]
fn publisher_out_of_scope_at_segment_boundary() {
    let f = Fixture::new();
    let path = "content/socialtjanst/hjalp.md";
    f.write(path, &page("Hjälp", "bo", "Text."));
    // Sign as bo directly: `approve` itself would refuse.
    let (_, mut payload) = f.head_payload("content/social/stod.md");
    let bytes = std::fs::read(f.path(path)).unwrap();
    payload.path = path.into();
    payload.sequence = 1;
    payload.previous = None;
    payload.source_sha256 = sigill::trust::digest::Sha256::of(&bytes);
    payload.source_len = bytes.len() as u64;
    f.write_approval(&payload, &f.publishers[1].key);
    assert_rejected(&f, "publisher \"bo\" is not responsible for content/socialtjanst/hjalp.md");
}

#[test]
fn dot_dot_unicode_and_case_variants_are_not_paths() {
    for name in ["content/Social/stod.md", "content/soci\u{e4}l/stod.md", "content/soci\u{430}l/stod.md"] {
        let f = Fixture::new();
        f.write(name, &page("Stöd", "bo", "Text."));
        assert_rejected(&f, "file or folder name is not a plain URL path");
    }
    let f = Fixture::new();
    f.resign_head("content/social/stod.md", &f.publishers[1].key, |p| p.path = "content/social/../om/kontakt.md".into());
    assert_rejected(&f, "approval is for path \"content/social/../om/kontakt.md\"");
}

#[cfg(unix)]
#[test]
fn symlink_into_scope_is_refused() {
    let f = Fixture::new();
    std::os::unix::fs::symlink(f.path("content/om/kontakt.md"), f.path("content/social/kontakt.md")).unwrap();
    assert_rejected(&f, "symbolic links are not allowed in content/");
    let f = Fixture::new();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::os::unix::fs::symlink(outside.path(), f.path("content/social/ut.md")).unwrap();
    assert_rejected(&f, "symbolic link points outside the site");
}

fn replace_registry(f: &Fixture, bytes: Vec<u8>) {
    let state = f.trust();
    let version = state.registry.payload().version;
    std::fs::write(f.path("trust/registry").join(sigill::trust::registry::registry_file_name(version)), bytes).unwrap();
}

#[test]
fn unsigned_registry() {
    let f = Fixture::new();
    let mut envelope = Envelope::parse(f.trust().registry.bytes()).unwrap();
    envelope.signatures.clear();
    replace_registry(&f, envelope.to_bytes());
    assert_rejected(&f, "not signed by the registry role: 0 valid signature(s)");
}

#[test]
fn registry_signed_by_a_key_outside_the_root() {
    let f = Fixture::new();
    let payload = f.trust().registry.payload().clone();
    let stranger = SigningKey::generate().unwrap();
    replace_registry(&f, Envelope::sign(REGISTRY_TYPE, &to_canonical(&payload), &[&stranger]).to_bytes());
    assert_rejected(&f, "not signed by the registry role");
}

#[test]
fn under_threshold_registry() {
    let f = Fixture::with_registry_threshold(2, 2);
    // The fixture signed with both keys; re-sign with only one.
    let payload = f.trust().registry.payload().clone();
    replace_registry(&f, Envelope::sign(REGISTRY_TYPE, &to_canonical(&payload), &[&f.registry_key]).to_bytes());
    assert_rejected(&f, "1 valid signature(s) from the required keys, threshold is 2");
}

#[test]
fn registry_key_bytes_edited_without_resigning() {
    let f = Fixture::new();
    let mut envelope = Envelope::parse(f.trust().registry.bytes()).unwrap();
    let attacker = SigningKey::generate().unwrap();
    let payload = String::from_utf8(b64_decode(&envelope.payload).unwrap()).unwrap();
    let anna = f.publishers[0].key.public();
    let edited = payload.replace(&anna.to_base64(), &attacker.public().to_base64()).replace(&*anna.keyid().hex(), &attacker.public().keyid().hex());
    envelope.payload = b64_encode(edited.as_bytes());
    replace_registry(&f, envelope.to_bytes());
    assert_rejected(&f, "not signed by the registry role");
}

#[test]
fn keyid_not_matching_the_key() {
    let f = Fixture::new();
    f.registry_version(|r| r.publishers[0].keys[0].keyid = sigill::trust::digest::KeyId::of_public_key(b"not the key"));
    assert_rejected(&f, "does not match its public key");
}

#[test]
fn small_order_key_with_trivial_signature() {
    let f = Fixture::new();
    // The identity point as a publisher key: (R = identity, S = 0) would
    // verify any message in a cofactorless verifier.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    f.registry_version(|r| {
        let key = &mut r.publishers[0].keys[0];
        key.public = b64_encode(&identity);
        key.keyid = sigill::trust::digest::KeyId::of_public_key(&identity);
    });
    assert_rejected(&f, "point of small order");
}

#[test]
fn approval_signed_by_a_key_not_in_the_registry() {
    // A key "supplied from a page or sidecar" is never consulted: only
    // registry keys verify approvals.
    let f = Fixture::new();
    let outsider = SigningKey::generate().unwrap();
    f.resign_head(PAGE, &outsider, |p| p.keyid = outsider.public().keyid());
    assert_rejected(&f, "signature does not verify under a registered publisher key");
}

fn tamper_signature(f: &Fixture, change: impl FnOnce(Vec<u8>) -> String) {
    let file = f.path("trust/approvals/content/om/kontakt.md/000001.json");
    let mut envelope = Envelope::parse(&std::fs::read(&file).unwrap()).unwrap();
    let sig = b64_decode(&envelope.signatures[0].sig).unwrap();
    envelope.signatures[0].sig = change(sig);
    std::fs::write(file, envelope.to_bytes()).unwrap();
}

#[test]
fn malformed_signatures() {
    type Tamper = Box<dyn Fn(Vec<u8>) -> String>;
    let cases: Vec<(&str, Tamper, &str)> = vec![
        ("63 bytes", Box::new(|s: Vec<u8>| b64_encode(&s[..63])), "signature does not verify"),
        ("65 bytes", Box::new(|s: Vec<u8>| b64_encode(&[s.as_slice(), &[0]].concat())), "signature does not verify"),
        ("bad base64", Box::new(|_| "!!!!".into()), "is not valid base64"),
        ("non-canonical base64", Box::new(|s: Vec<u8>| {
            // 64 bytes end in 1 leftover byte: set bits the padding must keep zero.
            let text = b64_encode(&s);
            let mut chars: Vec<char> = text.chars().collect();
            const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let i = chars.len() - 3;
            let value = ALPHABET.find(chars[i]).unwrap();
            chars[i] = ALPHABET.as_bytes()[value ^ 1] as char; // a trailing bit the padding must keep zero
            chars.into_iter().collect()
        }), "not valid base64"),
        ("S + L malleated", Box::new(|mut s: Vec<u8>| {
            common::add_group_order(&mut s);
            b64_encode(&s)
        }), "signature does not verify"),
        ("over another message", Box::new(|_| String::new()), "signature does not verify"),
    ];
    for (name, change, reason) in cases {
        let f = Fixture::new();
        if name == "over another message" {
            let key = &f.publishers[0].key;
            tamper_signature(&f, |_| b64_encode(&key.sign(b"another message")));
        } else {
            tamper_signature(&f, change);
        }
        eprintln!("case: {name}");
        assert_rejected(&f, reason);
    }
}

#[test]
fn envelope_of_another_payload_type() {
    let f = Fixture::new();
    let (_, payload) = f.head_payload(PAGE);
    let envelope = Envelope::sign(REGISTRY_TYPE, &to_canonical(&payload), &[&f.publishers[0].key]);
    std::fs::write(f.path("trust/approvals/content/om/kontakt.md/000001.json"), envelope.to_bytes()).unwrap();
    assert_rejected(&f, "payloadType is \"application/vnd.sigill.registry.v1+json\"");
}

#[test]
fn json_tricks_in_signed_payloads() {
    // Each trick is validly signed by the publisher: only strict parsing stops it.
    type Trick = fn(&str) -> String;
    let tricks: [(&str, Trick); 7] = [
        ("duplicate key", |c| c.replacen('{', "{\"note\":\"x\",", 1)),
        ("unknown field", |c| c.replacen('{', "{\"admin\":true,", 1)),
        ("trailing bytes", |c| format!("{c} ")),
        ("BOM", |c| format!("\u{feff}{c}")),
        ("float", |c| c.replace("\"sequence\":1", "\"sequence\":1.0")),
        ("non-canonical order", |c| c.replacen("\"approved_at\":", "\"assets\":[],\"approved_at\":", 1).replacen(",\"assets\":[]", "", 1)),
        ("whitespace", |c| c.replace(",\"keyid\"", ", \"keyid\"")),
    ];
    for (name, trick) in tricks {
        let f = Fixture::new();
        let (_, payload) = f.head_payload(PAGE);
        let canonical = String::from_utf8(to_canonical(&payload)).unwrap();
        let text = trick(&canonical);
        assert_ne!(text, canonical, "{name}: the trick changed nothing");
        let envelope = Envelope::sign(APPROVAL_TYPE, text.as_bytes(), &[&f.publishers[0].key]);
        std::fs::write(f.path("trust/approvals/content/om/kontakt.md/000001.json"), envelope.to_bytes()).unwrap();
        eprintln!("case: {name}");
        assert_rejected(&f, "content/om/kontakt.md: error: not published: ");
        let (_, stderr) = f.build();
        assert!(
            ["canonical", "duplicate field", "unknown field", "invalid type", "expected"].iter().any(|w| stderr.contains(w)),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn raw_html_cannot_fake_a_mark_or_add_script() {
    let f = Fixture::new();
    let body = "<aside class=\"quality-mark\">Kvalitetsgranskad av Kommunchefen</aside>\n\n<script>alert('x')</script>\n\nText <img src=x onerror=alert(1)>";
    f.write(PAGE, &page("Kontakt", "anna", body));
    f.approve(PAGE, 0);
    let (code, stderr) = f.build();
    assert_eq!(code, 0, "{stderr}");
    let html = f.read("public/om/kontakt/index.html");
    assert_eq!(html.matches("<aside class=\"quality-mark\"").count(), 1, "only the generated mark");
    assert!(html.contains("&lt;aside class=&quot;quality-mark&quot;&gt;") || html.contains("&lt;aside class=\"quality-mark\"&gt;"), "{html}");
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x"));
}

#[test]
fn private_key_inside_the_site_is_refused() {
    let f = Fixture::new();
    let key = SigningKey::generate().unwrap();
    sigill::trust::keyfile::KeyFile::seal(&key, "oops", Some("passphrase"), 600_000).unwrap().write_new(&f.path("trust/anna.key")).unwrap();
    assert_rejected(&f, "a private key file lies inside the site's published or tracked folders");
}

#[test]
fn unregistered_front_matter_publisher() {
    let f = Fixture::new();
    let text = f.read(PAGE).replace("publisher = \"anna\"", "publisher = \"ana\"");
    f.write(PAGE, &text);
    assert_rejected(&f, "publisher \"ana\" is not in the publisher registry");
}

#[test]
fn every_rejected_page_is_listed_with_its_fix() {
    let f = Fixture::new();
    for path in [PAGE, "content/social/stod.md"] {
        let text = f.read(path) + "\nÄndrad.\n";
        f.write(path, &text);
    }
    f.write("content/om/ny.md", &page("Ny", "anna", "Ny sida."));
    let (code, stderr) = f.build();
    assert_eq!(code, 1);
    assert!(stderr.contains("content/om/kontakt.md: error: kept at the approved version of") && stderr.contains("(approval 1): changed since approval"), "{stderr}");
    assert!(stderr.contains("content/social/stod.md: error: kept at the approved version of"), "{stderr}");
    assert!(stderr.contains("content/om/ny.md: error: not published: never approved"), "{stderr}");
    assert!(stderr.contains("sigill approve content/om/ny.md --key"), "{stderr}");
    assert_eq!(SITE, "test.example");
}
