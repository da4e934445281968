//! Witnesses: a second party (another municipality, an archive) checks that
//! a site's log only grows and cosigns its checkpoint, in the C2SP
//! tlog-cosignature format (timestamped Ed25519, signature type 0x04). A
//! verifier can then require a cosignature from witnesses it trusts: a site
//! cannot show one history to them and another to citizens.

use signed_note::{Note, Signature, Verifier, VerifierList};

use super::LogError;
use crate::trust::{PublicKey, SigningKey};

/// The signature type byte of a timestamped Ed25519 cosignature.
const ALG_COSIGNATURE: u8 = 4;

fn key_id(name: &str, key: &PublicKey) -> u32 {
    let mut encoded = vec![ALG_COSIGNATURE];
    encoded.extend_from_slice(key.as_bytes());
    signed_note::key_id(name, &encoded)
}

/// What a cosignature signs: the header, the time and the checkpoint text.
fn signed_message(time: u64, checkpoint_text: &[u8]) -> Vec<u8> {
    let mut message = format!("cosignature/v1\ntime {time}\n").into_bytes();
    message.extend_from_slice(checkpoint_text);
    message
}

/// Cosigns the checkpoint note `note` at `time` (Unix seconds) as witness
/// `name`; returns the signature line to add to the note.
pub fn cosign(note: &[u8], name: &str, key: &SigningKey, time: u64) -> Result<String, LogError> {
    if !signed_note::is_key_name_valid(name) {
        return Err(LogError::Checkpoint(format!("{name:?} is not a valid witness name")));
    }
    let parsed = Note::from_bytes(note).map_err(|e| LogError::Checkpoint(e.to_string()))?;
    let mut sig = time.to_be_bytes().to_vec();
    sig.extend_from_slice(&key.sign(&signed_message(time, parsed.text())));
    let signature = Signature::new(name.to_string(), key_id(name, key.public()), sig).map_err(|e| LogError::Checkpoint(e.to_string()))?;
    Ok(String::from_utf8_lossy(&signature.to_bytes()).trim_end().to_string())
}

/// Adds a witness's signature line to the checkpoint note `note`.
pub fn add_cosignature(note: &[u8], line: &str) -> Result<Vec<u8>, LogError> {
    let parsed = Note::from_bytes(note).map_err(|e| LogError::Checkpoint(e.to_string()))?;
    let added = Signature::from_bytes(line.trim_end().as_bytes()).map_err(|e| LogError::Checkpoint(format!("not a signature line: {e}")))?;
    let mut out = note.to_vec();
    out.extend_from_slice(&added.to_bytes());
    Note::from_bytes(&out).map_err(|e| LogError::Checkpoint(e.to_string()))?;
    let _ = parsed;
    Ok(out)
}

struct CosignatureVerifier {
    name: String,
    id: u32,
    key: PublicKey,
}

impl Verifier for CosignatureVerifier {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.id
    }
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Some((time, signature)) = sig.split_first_chunk::<8>() else {
            return false;
        };
        self.key.verify(&signed_message(u64::from_be_bytes(*time), msg), signature)
    }
}

/// A witness a verifier requires, given as `name=base64 key`.
#[derive(Debug, Clone)]
pub struct Witness {
    pub name: String,
    pub key: PublicKey,
}

impl Witness {
    /// Parses `name=base64`.
    pub fn parse(text: &str) -> Option<Self> {
        let (name, key) = text.split_once('=')?;
        signed_note::is_key_name_valid(name).then_some(())?;
        Some(Self { name: name.to_string(), key: PublicKey::from_base64(key).ok()? })
    }
}

/// True when the checkpoint note carries a valid cosignature of `witness`.
pub fn is_cosigned(note: &[u8], witness: &Witness) -> bool {
    let Ok(parsed) = Note::from_bytes(note) else {
        return false;
    };
    let verifier = CosignatureVerifier { name: witness.name.clone(), id: key_id(&witness.name, &witness.key), key: witness.key.clone() };
    parsed.verify(&VerifierList::new(vec![Box::new(verifier)])).is_ok_and(|(verified, _)| !verified.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cosignature_verifies_for_its_witness_only() {
        let release = SigningKey::generate().unwrap();
        let note = crate::log::checkpoint::sign("site.example/sigill-log", 3, [7u8; 32], &release).unwrap();
        let witness = SigningKey::generate().unwrap();
        let line = cosign(&note, "arkiv.example/witness", &witness, 1_800_000_000).unwrap();
        let cosigned = add_cosignature(&note, &line).unwrap();
        let trusted = Witness { name: "arkiv.example/witness".into(), key: witness.public().clone() };
        assert!(is_cosigned(&cosigned, &trusted));
        assert!(!is_cosigned(&note, &trusted), "no cosignature");
        let other = Witness { name: "arkiv.example/witness".into(), key: SigningKey::generate().unwrap().public().clone() };
        assert!(!is_cosigned(&cosigned, &other), "another key");
        // The release key's own signature still verifies.
        assert!(crate::log::checkpoint::verify(&cosigned, "site.example/sigill-log", &[release.public().clone()]).is_ok());
        // A cosignature of another checkpoint does not carry over.
        let other_note = crate::log::checkpoint::sign("site.example/sigill-log", 4, [8u8; 32], &release).unwrap();
        assert!(!is_cosigned(&add_cosignature(&other_note, &line).unwrap(), &trusted));
    }
}
