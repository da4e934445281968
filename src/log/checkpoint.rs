//! The log's checkpoint: a C2SP tlog-checkpoint (origin, tree size, root
//! hash) in a C2SP signed note, signed with the release key. The note
//! format comes from `signed_note` and the checkpoint body from
//! `tlog_tiles`; the Ed25519 signatures themselves are made and checked
//! with `ring` through the site's own key types.

use signed_note::{Note, Signer, Verifier, VerifierList};
use tlog_tiles::{Checkpoint, Hash};

use super::LogError;
use crate::trust::{PublicKey, SigningKey};

/// Largest checkpoint read.
pub const MAX_CHECKPOINT_BYTES: usize = 16 * 1024;
/// The signature type byte of Ed25519 in signed notes.
const ALG_ED25519: u8 = 1;

/// The log's origin line: `<site>/sigill-log`, which also names its key.
pub fn checkpoint_origin(site: &str) -> String {
    format!("{site}/sigill-log")
}

/// The signed-note key id of `key` under `name`.
fn note_key_id(name: &str, key: &PublicKey) -> u32 {
    let mut encoded = vec![ALG_ED25519];
    encoded.extend_from_slice(key.as_bytes());
    signed_note::key_id(name, &encoded)
}

struct RingSigner<'a> {
    name: &'a str,
    key: &'a SigningKey,
}

impl Signer for RingSigner<'_> {
    fn name(&self) -> &str {
        self.name
    }
    fn key_id(&self) -> u32 {
        note_key_id(self.name, self.key.public())
    }
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, signature::Error> {
        Ok(self.key.sign(msg).to_vec())
    }
}

struct RingVerifier {
    name: String,
    id: u32,
    key: PublicKey,
}

impl Verifier for RingVerifier {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.id
    }
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        self.key.verify(msg, sig)
    }
}

/// A checkpoint whose signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    pub origin: String,
    pub size: u64,
    pub root: [u8; 32],
    /// The note's exact bytes, as published.
    pub bytes: Vec<u8>,
}

/// Signs the checkpoint of a tree of `size` entries with root `root`.
pub fn sign(origin: &str, size: u64, root: [u8; 32], key: &SigningKey) -> Result<Vec<u8>, LogError> {
    let body = Checkpoint::new(origin, size, Hash(root), "").map_err(|e| LogError::Checkpoint(e.to_string()))?;
    let mut note = Note::new(&body.to_bytes(), &[]).map_err(|e| LogError::Checkpoint(e.to_string()))?;
    let signer = RingSigner { name: origin, key };
    note.add_sigs(&[&signer]).map_err(|e| LogError::Checkpoint(e.to_string()))?;
    Ok(note.to_bytes())
}

/// Verifies a checkpoint note of `origin` signed by one of `keys`.
pub fn verify(bytes: &[u8], origin: &str, keys: &[PublicKey]) -> Result<SignedCheckpoint, LogError> {
    if bytes.len() > MAX_CHECKPOINT_BYTES {
        return Err(LogError::Checkpoint(tr!("checkpoint-too-large")));
    }
    let note = Note::from_bytes(bytes).map_err(|e| LogError::Checkpoint(e.to_string()))?;
    let verifiers: Vec<Box<dyn Verifier>> = keys
        .iter()
        .map(|key| Box::new(RingVerifier { name: origin.to_string(), id: note_key_id(origin, key), key: key.clone() }) as Box<dyn Verifier>)
        .collect();
    note.verify(&VerifierList::new(verifiers)).map_err(|e| LogError::Checkpoint(tr!("checkpoint-not-signed-by-release-key", error = e)))?;
    let body = Checkpoint::from_bytes(note.text()).map_err(|e| LogError::Checkpoint(e.to_string()))?;
    if body.origin() != origin {
        return Err(LogError::Checkpoint(tr!("checkpoint-origin-expected", origin = format!("{:?}", body.origin()), origin2 = format!("{:?}", origin))));
    }
    Ok(SignedCheckpoint { origin: origin.to_string(), size: body.size(), root: body.hash().0, bytes: bytes.to_vec() })
}
