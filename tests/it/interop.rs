//! Our approval signatures verify with Ed25519 implementations not written
//! here: Python `cryptography` and OpenSSL. Required under CI=true.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::common;

use std::process::Command;

use common::Fixture;
use sigill::trust::encoding::{b64_decode, b64_encode};
use sigill::trust::envelope::{pae, Envelope};

/// (PAE bytes, signature, raw public key) of the fixture's first approval.
fn approval_parts() -> (Fixture, Vec<u8>, Vec<u8>, Vec<u8>) {
    let f = Fixture::new();
    let bytes = std::fs::read(f.path("trust/approvals/content/om/kontakt.md/000001.json")).unwrap();
    let envelope = Envelope::parse(&bytes).unwrap();
    let message = pae(&envelope.payload_type, &b64_decode(&envelope.payload).unwrap());
    let signature = b64_decode(&envelope.signatures[0].sig).unwrap();
    let public = f.publishers[0].key.public().as_bytes().to_vec();
    (f, message, signature, public)
}

fn available(program: &str, probe: &[&str]) -> bool {
    let ok = Command::new(program).args(probe).output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(!common::required(), "{program} is required under CI=true (.ci/run installs it)");
        eprintln!("skipped: {program} not available (install it to run this check)");
    }
    ok
}

#[test]
fn python_cryptography_verifies_our_approval_signature() {
    if !available("python3", &["-c", "import cryptography"]) {
        return;
    }
    let (f, message, signature, public) = approval_parts();
    let dir = f.root();
    std::fs::write(dir.join("msg.bin"), &message).unwrap();
    let script = r#"
import sys, base64
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.exceptions import InvalidSignature
key = Ed25519PublicKey.from_public_bytes(base64.b64decode(sys.argv[1]))
msg = open(sys.argv[3], 'rb').read()
try:
    key.verify(base64.b64decode(sys.argv[2]), msg)
    print("valid")
except InvalidSignature:
    print("invalid")
"#;
    let run = |sig: &[u8], msg_file: &str| {
        let out = Command::new("python3")
            .args(["-c", script, &b64_encode(&public), &b64_encode(sig), dir.join(msg_file).to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    assert_eq!(run(&signature, "msg.bin"), "valid");
    let mut tampered = message.clone();
    *tampered.last_mut().unwrap() ^= 1;
    std::fs::write(dir.join("tampered.bin"), &tampered).unwrap();
    assert_eq!(run(&signature, "tampered.bin"), "invalid");
}

#[test]
fn openssl_verifies_our_approval_signature() {
    if !available("openssl", &["version"]) {
        return;
    }
    let (f, message, signature, public) = approval_parts();
    let dir = f.root();
    let mut der = vec![0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
    der.extend_from_slice(&public);
    std::fs::write(dir.join("pub.pem"), format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n", b64_encode(&der))).unwrap();
    std::fs::write(dir.join("msg.bin"), &message).unwrap();
    std::fs::write(dir.join("sig.bin"), &signature).unwrap();
    let verify = |msg: &str| {
        Command::new("openssl")
            .args(["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", msg, "-sigfile", "sig.bin"])
            .current_dir(dir)
            .output()
            .unwrap()
    };
    let good = verify("msg.bin");
    assert!(good.status.success(), "openssl rejected our signature: {}", String::from_utf8_lossy(&good.stdout));
    let mut tampered = message;
    tampered[0] ^= 1;
    std::fs::write(dir.join("tampered.bin"), &tampered).unwrap();
    assert!(!verify("tampered.bin").status.success(), "openssl accepted a tampered message");
}
