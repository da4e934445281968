//! The shared verifier fixture cases: one built site, then one copy per case
//! with a single thing changed (or nothing), and the verdict and reason code
//! every verifier must reach. The Rust verifier (tests/it/cases.rs), the
//! independent Python verifier (tests/it/cases.rs) and the browser verifier in
//! Chromium (tests/it/browser.rs) all run every case. `cargo run --example
//! gen-verify-cases DIR` writes the same set to a folder, with `cases.json`,
//! for anyone writing another verifier from docs/format.md.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sigill::trust::approval::{sign_approval, ApprovalPayload};
use sigill::trust::canonical::to_canonical;
use sigill::trust::encoding::{b64_decode, b64_encode};
use sigill::trust::envelope::{Envelope, APPROVAL_TYPE, REGISTRY_TYPE, RELEASE_TYPE};
use sigill::trust::registry::{KeyStatus, RegistryPayload};
use sigill::trust::release::{InputsIndex, PageProof, ReleasePayload, WELL_KNOWN};
use sigill::trust::{SigningKey, Timestamp};

use super::restamp;
use super::{copy_tree, Fixture};

/// The page most cases are about.
pub const PAGE: &str = "/om/kontakt/";

/// One case: a site folder, what to check, and the expected verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub name: String,
    /// Folder name under the cases folder.
    pub dir: String,
    /// `page`: check `url` and the files it embeds (every verifier);
    /// `site`: check every page and file (verifiers that can list a folder).
    pub mode: &'static str,
    pub url: String,
    /// The anchor to pin, or `null` for trust on first use.
    pub anchor: Option<String>,
    /// `verified`, `warning` or `failed`.
    pub verdict: &'static str,
    /// The reason code the verifier must report (`null` when verified).
    pub reason: Option<&'static str>,
}

/// The set, with the time every verifier must check at.
#[derive(Debug, Clone, Serialize)]
pub struct CaseSet {
    pub now: String,
    pub anchor: String,
    pub cases: Vec<Case>,
}

struct Maker<'a> {
    fixture: &'a Fixture,
    built: PathBuf,
    out: PathBuf,
    cases: Vec<Case>,
}

fn release_payload(public: &Path) -> ReleasePayload {
    let envelope = Envelope::parse(&std::fs::read(public.join(".well-known/sigill/release.json")).unwrap()).unwrap();
    serde_json::from_slice(&b64_decode(&envelope.payload).unwrap()).unwrap()
}

fn payload_of(envelope: &Envelope) -> ApprovalPayload {
    serde_json::from_slice(&b64_decode(&envelope.payload).unwrap()).unwrap()
}

impl Maker<'_> {
    fn anchor(&self) -> String {
        self.fixture.anchor()
    }

    /// A copy of the built site for a case, changed by `edit`.
    fn case(&mut self, name: &str, mode: &'static str, verdict: &'static str, reason: Option<&'static str>, edit: impl FnOnce(&Path)) {
        self.case_with(name, mode, PAGE, Some(self.anchor()), verdict, reason, edit);
    }

    #[allow(clippy::too_many_arguments)]
    fn case_with(&mut self, name: &str, mode: &'static str, url: &str, anchor: Option<String>, verdict: &'static str, reason: Option<&'static str>, edit: impl FnOnce(&Path)) {
        let dir = self.out.join(name);
        copy_tree(&self.built, &dir);
        edit(&dir);
        // A case about a change must have changed something.
        if reason.is_some_and(|r| r != "anchor_not_pinned" && r != "anchor_mismatch") {
            assert_ne!(super::snapshot(&dir), super::snapshot(&self.built), "case {name} changed nothing");
        }
        self.cases.push(Case { name: name.into(), dir: name.into(), mode, url: url.into(), anchor, verdict, reason });
    }

    /// The approval the built site publishes for `url`.
    fn approval(&self, url: &str) -> Envelope {
        let proof: PageProof = serde_json::from_slice(&std::fs::read(self.built.join(url.trim_start_matches('/')).join("index.html.proof.json")).unwrap()).unwrap();
        proof.approvals[0].clone()
    }
}

fn release_key(fixture: &Fixture) -> &SigningKey {
    &fixture.release_key
}

/// Builds the fixture site and writes every case under `out`.
pub fn write_cases(out: &Path) -> CaseSet {
    let fixture = Fixture::new();
    // A page bundle: its image is approved with the page.
    fixture.write("content/om/karta/index.md", &super::page("Karta", "anna", "Så hittar du hit.\n\n![Karta över centrum](karta.png)"));
    std::fs::write(fixture.path("content/om/karta/karta.png"), b"\x89PNG\r\n\x1a\n approved map").unwrap();
    fixture.approve("content/om/karta/index.md", 0);
    // A page with an earlier version in its history.
    fixture.write("content/social/stod.md", &super::page("Stöd", "bo", "Socialtjänsten hjälper dig, också på kvällar."));
    fixture.approve("content/social/stod.md", 1);
    let built = fixture.built();
    std::fs::create_dir_all(out).unwrap();
    let now = fixture.now.plus_days(0);
    let check_time = Timestamp::from_unix(now.unix() + 3600).unwrap();
    let mut m = Maker { fixture: &fixture, built, out: out.to_path_buf(), cases: Vec::new() };
    let rk = release_key(&fixture);
    let anna = &fixture.publishers[0].key;
    let bo = &fixture.publishers[1].key;
    let head = payload_of(&m.approval(PAGE));
    let resign = |edit: &dyn Fn(&mut ApprovalPayload), key: &SigningKey| {
        let mut payload = head.clone();
        edit(&mut payload);
        sign_approval(&payload, key)
    };

    // Valid sites.
    let anchor = m.anchor();
    m.case("valid-page", "page", "verified", None, |_| {});
    m.case("valid-site", "site", "verified", None, |_| {});
    m.case_with("valid-start-page", "page", "/", Some(anchor), "verified", None, |_| {});
    m.case_with("anchor-not-pinned", "page", PAGE, None, "warning", Some("anchor_not_pinned"), |_| {});
    m.case_with("anchor-mismatch", "page", PAGE, Some(format!("sha256:{}", "ab".repeat(32))), "failed", Some("anchor_mismatch"), |_| {});

    // The served bytes.
    m.case("content-changed", "page", "failed", Some("content_mismatch"), |d| {
        let file = d.join("om/kontakt/index.html");
        let text = std::fs::read_to_string(&file).unwrap().replace("0100-123 45", "0900-666 66");
        std::fs::write(file, text).unwrap();
    });
    m.case("content-changed-site", "site", "failed", Some("content_mismatch"), |d| {
        let file = d.join("om/kontakt/index.html");
        let text = std::fs::read_to_string(&file).unwrap().replace("Ring oss", "Ring inte");
        std::fs::write(file, text).unwrap();
    });
    m.case("script-added", "page", "failed", Some("content_mismatch"), |d| {
        let file = d.join("om/kontakt/index.html");
        let text = std::fs::read_to_string(&file).unwrap().replace("</body>", "<script>alert(1)</script></body>");
        std::fs::write(file, text).unwrap();
    });
    m.case("proof-of-other-page", "page", "failed", Some("proof_other_page"), |d| {
        std::fs::copy(d.join("social/stod/index.html.proof.json"), d.join("om/kontakt/index.html.proof.json")).unwrap();
    });
    // The page's place in the tree: its proof names it, the tiles lead
    // from it to the signed root.
    let first_tile = format!("{}/page-tiles/0/0", WELL_KNOWN.trim_start_matches('/'));
    m.case("page-tile-changed", "page", "failed", Some("inclusion_invalid"), {
        let first_tile = first_tile.clone();
        move |d| {
            // Another page's entry: the page's own hash is still there.
            let file = d.join(&first_tile);
            let mut bytes = std::fs::read(&file).unwrap();
            let own: PageProof = serde_json::from_slice(&std::fs::read(d.join("om/kontakt/index.html.proof.json")).unwrap()).unwrap();
            let other = if own.leaf_index == 0 { 1 } else { 0 };
            bytes[other * 32] ^= 1;
            std::fs::write(file, bytes).unwrap();
        }
    });
    m.case("page-tile-missing", "page", "failed", Some("inclusion_invalid"), {
        let first_tile = first_tile.clone();
        move |d| std::fs::remove_file(d.join(&first_tile)).unwrap()
    });
    m.case("page-tile-short", "page", "failed", Some("inclusion_invalid"), move |d| {
        let file = d.join(&first_tile);
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(file, &bytes[..bytes.len() - 32]).unwrap();
    });
    m.case("proof-wrong-index", "page", "failed", Some("inclusion_invalid"), |d| {
        let file = d.join("om/kontakt/index.html.proof.json");
        let mut proof: PageProof = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        proof.leaf_index = if proof.leaf_index == 0 { 1 } else { proof.leaf_index - 1 };
        std::fs::write(file, to_canonical(&proof)).unwrap();
    });
    m.case("proof-not-canonical", "page", "failed", Some("proof_invalid"), |d| {
        let file = d.join("om/kontakt/index.html.proof.json");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(file, format!(" {text}")).unwrap();
    });
    m.case("proof-duplicate-key", "page", "failed", Some("proof_invalid"), |d| {
        let file = d.join("om/kontakt/index.html.proof.json");
        let text = std::fs::read_to_string(&file).unwrap().replacen("{\"approvals\"", "{\"approvals\":[],\"approvals\"", 1);
        std::fs::write(file, text).unwrap();
    });
    m.case("proof-missing", "page", "failed", Some("proof_invalid"), |d| {
        std::fs::remove_file(d.join("om/kontakt/index.html.proof.json")).unwrap();
    });
    m.case("source-changed", "page", "failed", Some("source_mismatch"), |d| {
        let file = d.join("om/kontakt/index.md");
        let text = std::fs::read_to_string(&file).unwrap().replace("0100-123 45", "0900-666 66");
        std::fs::write(file, text).unwrap();
    });

    // Files the page embeds, and every other file of the site.
    m.case("stylesheet-changed", "page", "failed", Some("file_changed"), |d| {
        let file = d.join("css/sigill.css");
        let text = std::fs::read_to_string(&file).unwrap() + "\nbody::after { content: \"0900-666 66\"; }\n";
        std::fs::write(file, text).unwrap();
    });
    m.case("stylesheet-missing", "page", "failed", Some("file_missing"), |d| {
        std::fs::remove_file(d.join("css/sigill.css")).unwrap();
    });
    m.case("not-found-page-changed", "site", "failed", Some("file_changed"), |d| {
        let file = d.join("404.html");
        let text = std::fs::read_to_string(&file).unwrap().replace("</body>", "<script>alert(1)</script></body>");
        std::fs::write(file, text).unwrap();
    });
    m.case("verifier-script-changed", "site", "failed", Some("file_changed"), |d| {
        let file = d.join(".well-known/sigill/verify/verify.js");
        let text = std::fs::read_to_string(&file).unwrap().replace("\"verified\"", "\"failed\"");
        std::fs::write(file, text).unwrap();
    });
    m.case("fingerprint-changed", "site", "failed", Some("file_changed"), |d| {
        let file = d.join(".well-known/sigill/fingerprint.txt");
        std::fs::write(file, "Fingerprint: 0000 0000\n").unwrap();
    });
    m.case("file-added", "site", "failed", Some("file_extra"), |d| {
        std::fs::write(d.join("om/kontakt/blankett.pdf"), b"%PDF-1.4 not approved").unwrap();
    });
    m.case("feed-deleted", "site", "failed", Some("file_missing"), |d| {
        std::fs::remove_file(d.join("atom.xml")).unwrap();
    });
    m.case("files-list-changed", "page", "failed", Some("files_invalid"), |d| {
        let file = d.join(".well-known/sigill/files.json");
        let text = std::fs::read_to_string(&file).unwrap().replacen("\"len\":", "\"len\": ", 1);
        std::fs::write(file, text).unwrap();
    });
    m.case("pages-list-changed", "site", "failed", Some("pages_index_invalid"), |d| {
        let file = d.join(".well-known/sigill/pages.json");
        let text = std::fs::read_to_string(&file).unwrap().replacen("/om/kontakt/", "/om/kontakt2/", 1);
        std::fs::write(file, text).unwrap();
        restamp::resign_release(d, rk, |_| {});
    });

    // A bundle's files: bound to the publisher's approval, not only the release.
    m.case_with("bundle-valid", "page", "/om/karta/", Some(m.anchor()), "verified", None, |_| {});
    m.case_with("bundle-image-changed", "page", "/om/karta/", Some(m.anchor()), "failed", Some("file_changed"), |d| {
        std::fs::write(d.join("om/karta/karta.png"), b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>").unwrap();
    });
    m.case_with("bundle-image-swapped-and-relisted", "page", "/om/karta/", Some(m.anchor()), "failed", Some("approval_mismatch"), |d| {
        std::fs::write(d.join("om/karta/karta.png"), b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>").unwrap();
        restamp::resign_release(d, rk, |_| {});
    });

    // The release.
    m.case("release-by-stranger", "page", "failed", Some("release_invalid"), |d| {
        let stranger = SigningKey::generate().unwrap();
        let payload = release_payload(d);
        std::fs::write(d.join(".well-known/sigill/release.json"), Envelope::sign(RELEASE_TYPE, &to_canonical(&payload), &[&stranger]).to_bytes()).unwrap();
    });
    m.case("release-impossible-date", "page", "failed", Some("release_invalid"), |d| {
        restamp::resign_release_json(d, rk, |p| p["created"] = "2026-02-30T00:00:00Z".into());
    });
    m.case("release-garbage-time", "page", "failed", Some("release_invalid"), |d| {
        restamp::resign_release_json(d, rk, |p| p["created"] = "yesterday, roughly".into());
    });
    m.case("release-unknown-field", "page", "failed", Some("release_invalid"), |d| {
        let payload = release_payload(d);
        let mut value = serde_json::to_value(&payload).unwrap();
        value["extra"] = serde_json::json!(1);
        let bytes = to_canonical(&value);
        std::fs::write(d.join(".well-known/sigill/release.json"), Envelope::sign(RELEASE_TYPE, &bytes, &[rk]).to_bytes()).unwrap();
    });
    m.case("release-float", "page", "failed", Some("release_invalid"), |d| {
        let payload = release_payload(d);
        let text = String::from_utf8(to_canonical(&payload)).unwrap().replacen(&format!("\"pages_count\":{}", payload.pages_count), &format!("\"pages_count\":{}.0", payload.pages_count), 1);
        std::fs::write(d.join(".well-known/sigill/release.json"), Envelope::sign(RELEASE_TYPE, text.as_bytes(), &[rk]).to_bytes()).unwrap();
    });
    m.case("release-signature-non-canonical-base64", "page", "failed", Some("release_invalid"), |d| {
        let file = d.join(".well-known/sigill/release.json");
        let mut envelope = Envelope::parse(&std::fs::read(&file).unwrap()).unwrap();
        let sig = envelope.signatures[0].sig.clone();
        // The last base64 character of 64 bytes carries 4 unused bits: set one.
        let last = sig.chars().nth(sig.len() - 3).unwrap();
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let index = alphabet.find(last).unwrap();
        let bumped = alphabet.chars().nth(index ^ 1).unwrap();
        envelope.signatures[0].sig = format!("{}{bumped}==", &sig[..sig.len() - 3]);
        std::fs::write(file, envelope.to_bytes()).unwrap();
    });
    m.case("release-from-the-future", "page", "failed", Some("release_future"), |d| {
        let created = check_time.plus_days(30);
        restamp::resign_release(d, rk, |p| {
            p.created = created;
            p.expires = created.plus_days(90);
        });
    });
    m.case("release-stale", "page", "failed", Some("release_stale"), |d| {
        let created = check_time.plus_days(-100);
        restamp::resign_release(d, rk, |p| {
            p.created = created;
            p.expires = created.plus_days(90);
        });
    });
    m.case("release-beyond-policy", "page", "failed", Some("release_invalid"), |d| {
        let created = check_time.plus_days(-1);
        restamp::resign_release(d, rk, |p| {
            p.created = created;
            p.expires = created.plus_days(3650);
        });
    });

    // The root and the registry.
    m.case_with("root-tampered", "page", PAGE, None, "failed", Some("root_invalid"), |d| {
        let file = d.join(".well-known/sigill/root/1.root.json");
        let text = std::fs::read_to_string(&file).unwrap().replacen("\"payloadType\"", " \"payloadType\"", 1);
        std::fs::write(file, text).unwrap();
    });
    let registry_key = &fixture.registry_key;
    let registry_with = |d: &Path, edit: &dyn Fn(&mut RegistryPayload)| {
        let envelope = Envelope::parse(&std::fs::read(d.join(".well-known/sigill/registry.json")).unwrap()).unwrap();
        let mut payload: RegistryPayload = serde_json::from_slice(&b64_decode(&envelope.payload).unwrap()).unwrap();
        edit(&mut payload);
        let signed = Envelope::sign(REGISTRY_TYPE, &to_canonical(&payload), &[registry_key]).to_bytes();
        restamp::replace_registry(d, rk, &signed);
    };
    m.case("key-compromised", "page", "failed", Some("key_compromised"), |d| {
        registry_with(d, &|p| {
            let key = &mut p.publishers.iter_mut().find(|p| p.id == "anna").unwrap().keys[0];
            key.status = KeyStatus::Compromised;
            key.status_since = check_time;
        });
    });
    m.case("key-retired-before", "page", "failed", Some("key_not_valid"), |d| {
        registry_with(d, &|p| {
            let key = &mut p.publishers.iter_mut().find(|p| p.id == "anna").unwrap().keys[0];
            key.status = KeyStatus::Retired;
            key.status_since = now.plus_days(-1);
        });
    });
    // Time comes from the log: the key was retired after the approval's
    // own date but before the first release that published it.
    m.case("key-retired-before-first-logged", "page", "failed", Some("key_not_valid"), |d| {
        registry_with(d, &|p| {
            let key = &mut p.publishers.iter_mut().find(|p| p.id == "anna").unwrap().keys[0];
            key.status = KeyStatus::Retired;
            key.status_since = Timestamp::from_unix(now.unix() + 1).unwrap();
        });
    });
    // A page's history: each version a signed approval of the page, with
    // the text it approves (the forger re-lists and re-signs everything).
    m.case("history-text-swapped", "site", "failed", Some("history_invalid"), |d| {
        std::fs::write(d.join("social/stod/historik/1.md"), "+++\ntitle = \"Stöd\"\n+++\nRing 0900-666 66.\n").unwrap();
        restamp::resign_release(d, rk, |_| {});
    });
    m.case("history-version-by-outsider", "site", "failed", Some("history_invalid"), |d| {
        let file = d.join("social/stod/historik/1.approval.json");
        let payload = payload_of(&Envelope::parse(&std::fs::read(&file).unwrap()).unwrap());
        let outsider = SigningKey::generate().unwrap();
        std::fs::write(&file, sigill::trust::approval::sign_approval(&payload, &outsider).to_bytes()).unwrap();
        restamp::resign_release(d, rk, |_| {});
    });
    // An earlier version replaced by another its publisher signed: in
    // order on its own, but the published version does not follow it.
    m.case("history-not-leading-to-published-version", "site", "failed", Some("history_invalid"), |d| {
        let file = d.join("social/stod/historik/1.approval.json");
        let mut payload = payload_of(&Envelope::parse(&std::fs::read(&file).unwrap()).unwrap());
        payload.note = "Omskriven i efterhand.".into();
        std::fs::write(&file, sigill::trust::approval::sign_approval(&payload, bo).to_bytes()).unwrap();
        restamp::resign_release(d, rk, |_| {});
    });
    m.case("registry-small-order-key", "page", "failed", Some("registry_invalid"), |d| {
        registry_with(d, &|p| {
            let mut identity = [0u8; 32];
            identity[0] = 1;
            let key = &mut p.publishers.iter_mut().find(|p| p.id == "anna").unwrap().keys[0];
            key.public = b64_encode(&identity);
            key.keyid = sigill::trust::digest::KeyId::of_public_key(&identity);
        });
    });
    m.case("registry-edited-unsigned", "page", "failed", Some("registry_invalid"), |d| {
        let file = d.join(".well-known/sigill/registry.json");
        let mut envelope = Envelope::parse(&std::fs::read(&file).unwrap()).unwrap();
        let mut payload: RegistryPayload = serde_json::from_slice(&b64_decode(&envelope.payload).unwrap()).unwrap();
        payload.publishers[0].name = "Mallory".into();
        envelope.payload = b64_encode(&to_canonical(&payload));
        let bytes = envelope.to_bytes();
        restamp::replace_registry(d, rk, &bytes);
    });

    // The page's approval.
    let stranger = SigningKey::generate().unwrap();
    m.case("approval-by-stranger", "page", "failed", Some("approval_invalid"), |d| {
        let mut payload = head.clone();
        payload.keyid = stranger.public().keyid();
        restamp::replace_approval(d, rk, PAGE, sign_approval(&payload, &stranger));
    });
    m.case("approval-malleated", "page", "failed", Some("approval_invalid"), |d| {
        let mut envelope = sign_approval(&head, anna);
        let mut sig = b64_decode(&envelope.signatures[0].sig).unwrap();
        super::add_group_order(&mut sig);
        envelope.signatures[0].sig = b64_encode(&sig);
        restamp::replace_approval(d, rk, PAGE, envelope);
    });
    m.case("approval-as-release-type", "page", "failed", Some("approval_invalid"), |d| {
        let envelope = Envelope::sign(RELEASE_TYPE, &to_canonical(&head), &[anna]);
        restamp::replace_approval(d, rk, PAGE, envelope);
    });
    m.case("approval-lapsed", "page", "warning", Some("approval_lapsed"), |d| {
        let envelope = resign(&|p| {
            p.approved_at = now.plus_days(-20);
            p.review_by = now.plus_days(-1);
        }, anna);
        restamp::replace_approval(d, rk, PAGE, envelope);
    });
    m.case("approval-from-the-future", "page", "failed", Some("approval_future"), |d| {
        let envelope = resign(&|p| p.approved_at = check_time.plus_days(2), anna);
        restamp::replace_approval(d, rk, PAGE, envelope);
    });
    // The build key's holder publishes a notice before the time its
    // publisher signed (its appeal period would run from the wrong day).
    m.case("published-before-publish-at", "page", "failed", Some("published_early"), |d| {
        let envelope = resign(&|p| p.publish_at = Some(now.plus_days(1)), anna);
        restamp::replace_approval(d, rk, PAGE, envelope);
    });
    m.case("review-beyond-policy", "page", "failed", Some("review_beyond_policy"), |d| {
        let envelope = resign(&|p| p.review_by = now.plus_days(401), anna);
        restamp::replace_approval(d, rk, PAGE, envelope);
    });
    m.case("approval-out-of-scope", "page", "failed", Some("out_of_scope"), |d| {
        let envelope = resign(&|p| {
            p.publisher = "bo".into();
            p.keyid = bo.public().keyid();
        }, bo);
        restamp::replace_approval(d, rk, PAGE, envelope);
    });
    m.case("key-of-other-publisher", "page", "failed", Some("key_not_owned"), |d| {
        let envelope = resign(&|p| p.publisher = "bo".into(), anna);
        restamp::replace_approval(d, rk, PAGE, envelope);
    });
    m.case("approval-for-other-url", "page", "failed", Some("url_mismatch"), |d| {
        let envelope = resign(&|p| p.url = Some("/om/annan-adress/".into()), anna);
        restamp::replace_approval(d, rk, PAGE, envelope);
    });
    m.case("approval-for-other-text", "page", "failed", Some("approval_mismatch"), |d| {
        let envelope = resign(&|p| p.source_sha256 = sigill::trust::digest::Sha256::parse(&"00".repeat(32)).unwrap(), anna);
        restamp::replace_approval(d, rk, PAGE, envelope);
    });
    m.case("approval-for-other-site", "page", "failed", Some("approval_mismatch"), |d| {
        let envelope = resign(&|p| p.site = "other.example".into(), anna);
        restamp::replace_approval(d, rk, PAGE, envelope);
    });
    // The two-person rule: the registry says pages under content/om/ need
    // two publishers; bo is given the scope too.
    let two_publishers = |p: &mut RegistryPayload| {
        p.rules = vec![sigill::trust::registry::ScopeRule { required_approvals: 2, scope: "content/om/".into() }];
        if let Some(bo) = p.publishers.iter_mut().find(|x| x.id == "bo") {
            bo.scopes = vec!["content/om/".into(), "content/social/".into()];
        }
    };
    let co_approval = |edit: &dyn Fn(&mut ApprovalPayload), key: &SigningKey| {
        let mut payload = head.clone();
        payload.co_approves = Some(sigill::trust::digest::Sha256::of(&to_canonical(&head)));
        payload.publisher = "bo".into();
        payload.keyid = bo.public().keyid();
        payload.publisher_name = Some("Bo Lind".into());
        payload.publisher_title = Some("Socialchef".into());
        payload.publisher_unit = Some("Socialförvaltningen".into());
        payload.note = "Granskad av två".into();
        edit(&mut payload);
        sign_approval(&payload, key)
    };
    m.case("two-person-rule-unmet", "page", "failed", Some("too_few_approvals"), |d| registry_with(d, &two_publishers));
    m.case("two-person-rule-met", "page", "verified", None, |d| {
        registry_with(d, &two_publishers);
        restamp::add_co_approval(d, rk, PAGE, co_approval(&|_| {}, bo));
    });
    m.case("co-approval-of-other-text", "page", "failed", Some("too_few_approvals"), |d| {
        registry_with(d, &two_publishers);
        restamp::add_co_approval(d, rk, PAGE, co_approval(&|p| p.source_sha256 = sigill::trust::digest::Sha256::parse(&"00".repeat(32)).unwrap(), bo));
    });
    m.case("co-approval-by-same-publisher", "page", "failed", Some("too_few_approvals"), |d| {
        registry_with(d, &two_publishers);
        restamp::add_co_approval(d, rk, PAGE, co_approval(&|p| {
            p.publisher = "anna".into();
            p.keyid = anna.public().keyid();
            p.publisher_name = head.publisher_name.clone();
            p.publisher_title = head.publisher_title.clone();
            p.publisher_unit = head.publisher_unit.clone();
        }, anna));
    });
    m.case("co-approval-out-of-scope", "page", "failed", Some("out_of_scope"), |d| {
        registry_with(d, &|p| p.rules = vec![sigill::trust::registry::ScopeRule { required_approvals: 2, scope: "content/om/".into() }]);
        restamp::add_co_approval(d, rk, PAGE, co_approval(&|_| {}, bo));
    });
    m.case("approval-not-bound", "page", "failed", Some("approval_unbound"), |d| {
        let file = d.join("om/kontakt/index.html.proof.json");
        let mut proof: PageProof = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        proof.approvals = vec![resign(&|p| p.note = "another".into(), anna)];
        std::fs::write(file, to_canonical(&proof)).unwrap();
    });

    // The approvals of the theme and site.toml.
    m.case("theme-approval-out-of-scope", "page", "failed", Some("inputs_invalid"), |d| {
        let file = d.join(".well-known/sigill/inputs.json");
        let mut inputs: InputsIndex = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let theme = inputs.approvals.iter_mut().find(|e| payload_of(e).path.starts_with("themes/")).unwrap();
        let mut payload = payload_of(theme);
        payload.publisher = "anna".into();
        payload.keyid = anna.public().keyid();
        *theme = Envelope::sign(APPROVAL_TYPE, &to_canonical(&payload), &[anna]);
        let bytes = to_canonical(&inputs);
        std::fs::write(&file, &bytes).unwrap();
        restamp::resign_release(d, rk, |p| p.inputs_sha256 = sigill::trust::digest::Sha256::of(&bytes));
    });
    m.case("inputs-changed", "page", "failed", Some("inputs_invalid"), |d| {
        let file = d.join(".well-known/sigill/inputs.json");
        let text = std::fs::read_to_string(&file).unwrap().replacen("sigill-inputs-v1", "sigill-inputs-v2", 1);
        std::fs::write(file, text).unwrap();
        restamp::resign_release(d, rk, |_| {});
    });
    let set = CaseSet { now: check_time.to_string(), anchor: m.anchor(), cases: m.cases };
    std::fs::write(out.join("cases.json"), serde_json::to_string_pretty(&set).unwrap()).unwrap();
    set
}
