//! Every single-file mutation of a built site is caught: hundreds of seeded
//! mutations of the built example site (a flipped byte, a truncated,
//! deleted or added file, a garbage time, reordered JSON keys, a release
//! re-signed with the real key over a garbage time), each checked with
//! `sigill verify --root`: exit 1, never 0, never a crash.

use crate::common;

use std::path::{Path, PathBuf};

use common::{copy_tree, example_copy};
use sigill::trust::canonical::to_canonical;
use sigill::trust::encoding::b64_decode;
use sigill::trust::envelope::{Envelope, RELEASE_TYPE};
use sigill::trust::keyfile::KeyFile;
use sigill::trust::release::ReleasePayload;

/// A small deterministic generator (xorshift64*), so a failing mutation
/// can be replayed from its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn files_of(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir).into_iter().flatten().filter(|e| e.file_type().is_file()).map(|e| e.into_path()).collect();
    files.sort();
    files
}

/// JSON with every object's keys in reverse order: the same data, not in
/// canonical form.
fn reversed(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let parts: Vec<String> = map.iter().rev().map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), reversed(v))).collect();
            format!("{{{}}}", parts.join(","))
        }
        serde_json::Value::Array(items) => format!("[{}]", items.iter().map(reversed).collect::<Vec<_>>().join(",")),
        other => other.to_string(),
    }
}

/// Applies mutation `kind` to a copy of the site; returns what it did.
fn mutate(site: &Path, kind: usize, rng: &mut Rng, release_key: &sigill::trust::SigningKey) -> Option<String> {
    let files = files_of(site);
    let file = files[rng.below(files.len())].clone();
    let rel = file.strip_prefix(site).unwrap().display().to_string();
    let bytes = std::fs::read(&file).unwrap();
    match kind {
        0 => {
            let mut bytes = bytes;
            if bytes.is_empty() {
                return None;
            }
            let at = rng.below(bytes.len());
            bytes[at] ^= 1 << rng.below(8);
            std::fs::write(&file, bytes).unwrap();
            Some(format!("flipped a bit of {rel}"))
        }
        1 => {
            let keep = rng.below(bytes.len().max(1));
            std::fs::write(&file, &bytes[..keep]).unwrap();
            Some(format!("truncated {rel} to {keep} bytes"))
        }
        2 => {
            std::fs::remove_file(&file).unwrap();
            Some(format!("deleted {rel}"))
        }
        3 => {
            let dir = file.parent().unwrap();
            let name = ["x.html", "index.htm", "evil.svg", "2.root.json", ".hidden", "a.pdf"][rng.below(6)];
            let target = dir.join(name);
            if target.exists() {
                return None;
            }
            std::fs::write(&target, b"<script>alert(1)</script>").unwrap();
            Some(format!("added {}", target.strip_prefix(site).unwrap().display()))
        }
        4 => {
            let text = String::from_utf8(bytes).ok()?;
            let at = text.find("T00:").or_else(|| text.find(":00Z"))?;
            let start = text[..at].rfind('"')? + 1;
            let end = start + text[start..].find('"')?;
            let garbled = format!("{}2026-02-30T25:61:00Z{}", &text[..start], &text[end..]);
            std::fs::write(&file, garbled).unwrap();
            Some(format!("garbage time in {rel}"))
        }
        5 => {
            let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
            let text = reversed(&value);
            if text.as_bytes() == bytes.as_slice() {
                return None;
            }
            std::fs::write(&file, text).unwrap();
            Some(format!("reordered the JSON of {rel}"))
        }
        _ => {
            // The real release key signs a release whose times are garbage.
            let release = site.join(".well-known/sigill/release.json");
            let envelope = Envelope::parse(&std::fs::read(&release).unwrap()).unwrap();
            let payload: ReleasePayload = serde_json::from_slice(&b64_decode(&envelope.payload).unwrap()).unwrap();
            let mut value = serde_json::to_value(&payload).unwrap();
            let garbage = ["", "2026-13-01T00:00:00Z", "2026-11-29", "9999-99-99T99:99:99Z", "0"][rng.below(5)];
            value["created"] = garbage.into();
            std::fs::write(&release, Envelope::sign(RELEASE_TYPE, &to_canonical(&value), &[release_key]).to_bytes()).unwrap();
            Some(format!("release re-signed with created = {garbage:?}"))
        }
    }
}

#[test]
fn every_single_file_mutation_fails_verification() {
    let site = example_copy();
    let out = common::sigill_command().arg("--root").arg(site.path()).arg("build").env("SIGILL_PASSPHRASE", "sigill-demo").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = site.path().join("public");
    let anchor = sigill::config::load(site.path()).unwrap().config.trust.root.unwrap();
    let key_path = site.path().join("demo-keys/release.key");
    let release_key = KeyFile::read(&key_path).unwrap().open(&key_path, Some("sigill-demo")).unwrap();
    let (code, stdout, _) = common::verify(&[public.to_str().unwrap(), "--root", &anchor]);
    assert_eq!(code, 0, "the unmutated site verifies: {stdout}");

    let mut rng = Rng(0x5167_111c_0ffe_e001);
    let mut done = 0;
    let mut kinds = [0usize; 7];
    let mut accepted = Vec::new();
    while done < 300 {
        let kind = done % 7;
        let work = tempfile::tempdir().unwrap();
        copy_tree(&public, work.path());
        let Some(what) = mutate(work.path(), kind, &mut rng, &release_key) else { continue };
        let out = common::sigill_command().args(["verify", work.path().to_str().unwrap(), "--root", &anchor]).output().unwrap();
        match out.status.code() {
            Some(1) => {}
            other => accepted.push(format!("#{done} {what}: exit {other:?}\n{}", String::from_utf8_lossy(&out.stdout))),
        }
        kinds[kind] += 1;
        done += 1;
    }
    assert!(kinds.iter().all(|&n| n >= 40), "every kind of mutation ran: {kinds:?}");
    assert!(accepted.is_empty(), "{} of {done} mutations were not refused:\n{}", accepted.len(), accepted.join("\n"));
}
