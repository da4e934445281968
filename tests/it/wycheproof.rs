//! Project Wycheproof's Ed25519 vectors against Sigill's signature check
//! (key loading with the small-order and canonical checks, then ring).
//! The file lives in ../shared/vectors/ (data, not part of the project).

#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::common;

use sigill::trust::PublicKey;

fn hex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

#[test]
fn wycheproof_ed25519_vectors() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/wycheproof-ed25519_test.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(!common::required(), "{} is missing; CI must have it", path.display());
        eprintln!("skipped: {} not found (it is provided beside the repository in CI)", path.display());
        return;
    };
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut checked = 0;
    for group in doc["testGroups"].as_array().unwrap() {
        let key_bytes = hex(group["publicKey"]["pk"].as_str().unwrap());
        let key = PublicKey::from_bytes(&key_bytes);
        for test in group["tests"].as_array().unwrap() {
            let message = hex(test["msg"].as_str().unwrap());
            let signature = hex(test["sig"].as_str().unwrap());
            let accepted = key.as_ref().is_ok_and(|k| k.verify(&message, &signature));
            let expected = test["result"] == "valid";
            assert_eq!(accepted, expected, "tcId {} ({}): {:?}", test["tcId"], test["comment"], test["flags"]);
            checked += 1;
        }
    }
    assert_eq!(checked, doc["numberOfTests"].as_u64().unwrap() as usize);
}
