//! The signatures a build machine has verified before, kept between builds.
//!
//! Whether an Ed25519 signature verifies depends only on the key, the
//! message and the signature, and never changes. A build remembers each
//! valid (key, message, signature) triple by its hash ([`super::keys`]);
//! this module keeps those hashes in the build machine's state folder,
//! signed with the release key, so the next build does not verify the same
//! approvals again. A build trusts the file only when its signature
//! verifies under the release key the build itself holds and the trust
//! root names: whoever could forge it could sign releases already. A file
//! that is missing, damaged, too large or signed by another key is
//! ignored: it only costs time. Replaying an older file is harmless too,
//! since every hash in it named a signature that verified.

use std::io::Write;
use std::path::Path;

use super::envelope::pae;
use super::keys::{self, PublicKey, SigningKey};

/// The file's name in the state folder.
pub const FILE_NAME: &str = "verified-signatures";

/// What the release key's signature over the file says it is: no other
/// document the release key signs has this type.
pub const PAYLOAD_TYPE: &str = "application/vnd.sigill.verified-signatures.v1";

/// The payload's first bytes, before the 32-byte hashes.
const MAGIC: &[u8] = b"sigill verified signatures v1\n";

/// A file larger than this is ignored unread.
const MAX_BYTES: usize = 64 + MAGIC.len() + keys::MAX_REMEMBERED * 32;

/// Reads the file in `state_dir` and, when `release` signed it, lets this
/// process trust the signatures it names. Returns how many it named; 0 for
/// a file that is missing or not trusted.
pub fn load(state_dir: &Path, release: &PublicKey) -> usize {
    let Ok(Some(bytes)) = super::read_at_most(&state_dir.join(FILE_NAME), MAX_BYTES) else { return 0 };
    match decode(&bytes, release) {
        Some(facts) => {
            let count = facts.len();
            keys::trust_remembered(facts);
            count
        }
        None => 0,
    }
}

/// Writes every signature this process verified or relied on into
/// `state_dir`, signed with `release`, owner-only. A signature trusted
/// from the last record that no check asked for is left out, so the record
/// does not grow with every release.
pub fn save(state_dir: &Path, release: &SigningKey) -> std::io::Result<()> {
    let mut facts = keys::remembered();
    facts.sort_unstable();
    replace_record(state_dir, FILE_NAME, &encode(&facts, release))
}

/// Replaces the record `name` in `state_dir` with `bytes`: a temporary
/// file (owner-only, as tempfile makes them) renamed into place, so that a
/// build stopped halfway leaves the last record whole.
pub(crate) fn replace_record(state_dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let mut temporary = tempfile::NamedTempFile::new_in(state_dir)?;
    temporary.write_all(bytes)?;
    temporary.persist(state_dir.join(name)).map_err(|e| e.error)?;
    Ok(())
}

/// The file's bytes for `facts` (hashes as [`keys::fact_of`] makes them),
/// signed with `release`: the signature (64 bytes) over the PAE of the
/// payload, then the payload, a fixed header and the hashes.
pub fn encode(facts: &[[u8; 32]], release: &SigningKey) -> Vec<u8> {
    sign_record(PAYLOAD_TYPE, MAGIC, &facts.concat(), release)
}

/// The hashes in `bytes`, when `release` signed exactly these bytes.
fn decode(bytes: &[u8], release: &PublicKey) -> Option<Vec<[u8; 32]>> {
    let hashes = open_record(bytes, PAYLOAD_TYPE, MAGIC, release)?;
    if hashes.len() % 32 != 0 {
        return None;
    }
    Some(hashes.chunks_exact(32).filter_map(|c| <[u8; 32]>::try_from(c).ok()).collect())
}

/// A record the build machine keeps for itself, signed with its release
/// key: the signature (64 bytes) over the PAE of the payload (`magic`,
/// then `body`) under `payload_type`, then the payload.
pub(crate) fn sign_record(payload_type: &str, magic: &[u8], body: &[u8], release: &SigningKey) -> Vec<u8> {
    let mut payload = Vec::with_capacity(magic.len() + body.len());
    payload.extend_from_slice(magic);
    payload.extend_from_slice(body);
    let signature = release.sign(&pae(payload_type, &payload));
    let mut out = Vec::with_capacity(64 + payload.len());
    out.extend_from_slice(&signature);
    out.extend_from_slice(&payload);
    out
}

/// The body of a record [`sign_record`] made, when `release` signed
/// exactly these bytes as `payload_type` and they start with `magic`.
pub(crate) fn open_record<'a>(bytes: &'a [u8], payload_type: &str, magic: &[u8], release: &PublicKey) -> Option<&'a [u8]> {
    let (signature, payload) = bytes.split_at_checked(64)?;
    let body = payload.strip_prefix(magic)?;
    release.verify(&pae(payload_type, payload), signature).then_some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh_key() -> SigningKey {
        SigningKey::generate().expect("random")
    }

    /// A signature that does not verify, and the key and message it is for.
    fn bogus_triple() -> (PublicKey, Vec<u8>, [u8; 64]) {
        let key = fresh_key();
        let message = format!("message {:?}", std::time::SystemTime::now()).into_bytes();
        let mut signature = key.sign(&message);
        signature[10] ^= 1;
        (key.public().clone(), message, signature)
    }

    #[test]
    fn a_file_the_release_key_signed_is_trusted_and_any_other_is_not() {
        let release = fresh_key();
        let (key, message, signature) = bogus_triple();
        assert!(!key.verify(&message, &signature), "the altered signature does not verify");
        let fact = keys::fact_of(&key, &message, &signature);
        let bytes = encode(&[[7; 32], fact], &release);
        // Another key, one changed bit anywhere, a cut or a longer file: refused.
        assert_eq!(decode(&bytes, fresh_key().public()), None);
        for at in [0, 63, 64, MAGIC.len() + 64, bytes.len() - 1] {
            let mut changed = bytes.clone();
            changed[at] ^= 1;
            assert_eq!(decode(&changed, release.public()), None, "bit changed at {at}");
        }
        assert_eq!(decode(&bytes[..bytes.len() - 1], release.public()), None);
        assert_eq!(decode(&[bytes.as_slice(), &[0; 32]].concat(), release.public()), None);
        assert_eq!(decode(&bytes[..40], release.public()), None);
        assert_eq!(decode(&bytes, release.public()), Some(vec![[7; 32], fact]));

        // Saved and loaded: the signature it names is now taken as verified.
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(FILE_NAME), &bytes).expect("write");
        assert_eq!(load(dir.path(), fresh_key().public()), 0, "signed by another key");
        assert!(!key.verify(&message, &signature));
        assert_eq!(load(dir.path(), release.public()), 2);
        assert!(key.verify(&message, &signature), "trusted from the file, not checked again");
    }

    #[test]
    fn what_a_build_verified_is_saved_signed_and_readable() {
        let release = fresh_key();
        let signer = fresh_key();
        let message = b"an approval".to_vec();
        let signature = signer.sign(&message);
        assert!(signer.public().verify(&message, &signature));
        let dir = tempfile::tempdir().expect("temp dir");
        // A record naming a signature no check asks for in this process.
        let (key, unused_message, unused_signature) = bogus_triple();
        let unused = keys::fact_of(&key, &unused_message, &unused_signature);
        std::fs::write(dir.path().join(FILE_NAME), encode(&[unused], &release)).expect("write");
        assert_eq!(load(dir.path(), release.public()), 1);
        save(dir.path(), &release).expect("saved");
        let bytes = std::fs::read(dir.path().join(FILE_NAME)).expect("read");
        let facts = decode(&bytes, release.public()).expect("signed by the release key");
        assert!(facts.contains(&keys::fact_of(signer.public(), &message, &signature)));
        assert!(!facts.contains(&unused), "a trusted signature nothing used is not kept");
        assert!(facts.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE_NAME)).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1, "no temporary file left");
    }

    #[test]
    fn a_missing_or_oversized_file_is_ignored() {
        let release = fresh_key();
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(load(dir.path(), release.public()), 0);
        let file = std::fs::File::create(dir.path().join(FILE_NAME)).expect("create");
        file.set_len(MAX_BYTES as u64 + 1).expect("grow");
        assert_eq!(load(dir.path(), release.public()), 0);
    }
}
