//! DSSE v1 envelopes: the one shape of every signature Sigill makes or checks.
//!
//! The signature covers `PAE(payloadType, payload)`, so a payload of one kind
//! can never be passed off as another, and the payload bytes travel verbatim.

use serde::{Deserialize, Serialize};

use super::canonical::{from_canonical, from_canonical_sorted, to_canonical_sorted, CanonicalError};
use super::encoding::{b64_decode, b64_encode};
use super::keys::{PublicKey, SigningKey};

/// payloadType of root documents.
pub const ROOT_TYPE: &str = "application/vnd.sigill.root.v1+json";
/// payloadType of the publisher registry.
pub const REGISTRY_TYPE: &str = "application/vnd.sigill.registry.v1+json";
/// payloadType of an approval of one source file.
pub const APPROVAL_TYPE: &str = "application/vnd.sigill.approval.v1+json";
/// payloadType of a build's release manifest.
pub const RELEASE_TYPE: &str = "application/vnd.sigill.release.v1+json";
/// A publisher's (or the registry's) signed decision to remove a page.
pub const WITHDRAWAL_TYPE: &str = "application/vnd.sigill.withdrawal.v1+json";

/// Largest envelope Sigill reads (a registry of many publishers fits easily).
pub const MAX_ENVELOPE_BYTES: usize = 1 << 20;

/// DSSE pre-authentication encoding.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + payload_type.len() + 32);
    out.extend_from_slice(b"DSSEv1 ");
    out.extend_from_slice(payload_type.len().to_string().as_bytes());
    out.push(b' ');
    out.extend_from_slice(payload_type.as_bytes());
    out.push(b' ');
    out.extend_from_slice(payload.len().to_string().as_bytes());
    out.push(b' ');
    out.extend_from_slice(payload);
    out
}

/// One signature inside an envelope.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub keyid: String,
    pub sig: String,
}

/// A DSSE envelope as stored on disk.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    pub payload: String,
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    pub signatures: Vec<Signature>,
}

/// Why an envelope was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EnvelopeError {
    #[error("{}", tr!("envelope-envelope", value0 = .0))]
    Format(#[from] CanonicalError),
    #[error("{}", tr!("envelope-payloadtype-expected", found = format!("{:?}", .found), expected = format!("{:?}", .expected)))]
    WrongType { found: String, expected: String },
    #[error("{}", tr!("envelope-payload-not-valid-base", value0 = .0))]
    PayloadBase64(String),
    #[error("{}", tr!("envelope-signature-by-not-valid-base", keyid = .keyid, reason = .reason))]
    SignatureBase64 { keyid: String, reason: String },
    #[error("{}", tr!("envelope-keyid-appears-twice-in-envelope", value0 = .0))]
    DuplicateKeyid(String),
    #[error("{}", tr!("envelope-valid-signature-from-required-keys", valid = .valid, threshold = .threshold))]
    Threshold { valid: usize, threshold: usize },
}

impl Envelope {
    /// Signs canonical `payload` with each key, keyids sorted.
    pub fn sign(payload_type: &str, payload: &[u8], keys: &[&SigningKey]) -> Self {
        let message = pae(payload_type, payload);
        let mut signatures: Vec<Signature> = keys
            .iter()
            .map(|k| Signature { keyid: k.public().keyid().to_string(), sig: b64_encode(&k.sign(&message)) })
            .collect();
        signatures.sort_by(|a, b| a.keyid.cmp(&b.keyid));
        Self { payload: b64_encode(payload), payload_type: payload_type.to_string(), signatures }
    }

    /// Parses a stored envelope: size limit, strict fields, canonical form
    /// (checked without a JSON tree: the fields are declared in sorted
    /// order, and a build parses one envelope per approval and page).
    pub fn parse(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        Ok(from_canonical_sorted(bytes, MAX_ENVELOPE_BYTES)?)
    }

    /// The canonical bytes to store (written directly: the fields are
    /// declared in sorted order).
    pub fn to_bytes(&self) -> Vec<u8> {
        to_canonical_sorted(self)
    }

    /// Checks signatures and returns the payload bytes only when at least
    /// `threshold` distinct allowed keys signed `PAE(expected_type, payload)`.
    /// `key_for` maps a keyid to the key allowed to sign, or `None`.
    pub fn verify<'k>(
        &self,
        expected_type: &str,
        threshold: usize,
        key_for: impl Fn(&str) -> Option<&'k PublicKey>,
    ) -> Result<VerifiedPayload, EnvelopeError> {
        if self.payload_type != expected_type {
            return Err(EnvelopeError::WrongType {
                found: self.payload_type.clone(),
                expected: expected_type.to_string(),
            });
        }
        let payload = b64_decode(&self.payload).map_err(EnvelopeError::PayloadBase64)?;
        let message = pae(expected_type, &payload);
        let mut seen = std::collections::BTreeSet::new();
        let mut signers = Vec::new();
        for signature in &self.signatures {
            if !seen.insert(signature.keyid.as_str()) {
                return Err(EnvelopeError::DuplicateKeyid(signature.keyid.clone()));
            }
            let sig = b64_decode(&signature.sig).map_err(|reason| EnvelopeError::SignatureBase64 {
                keyid: signature.keyid.clone(),
                reason,
            })?;
            if let Some(key) = key_for(&signature.keyid) {
                // The keyid must be the key's own id, not a label.
                if key.keyid() == signature.keyid && key.verify(&message, &sig) {
                    signers.push(signature.keyid.clone());
                }
            }
        }
        if threshold == 0 || signers.len() < threshold {
            return Err(EnvelopeError::Threshold { valid: signers.len(), threshold });
        }
        Ok(VerifiedPayload { bytes: payload, signers })
    }
}

/// Payload bytes whose signatures held; the only input payload parsers take.
#[derive(Debug)]
pub struct VerifiedPayload {
    bytes: Vec<u8>,
    signers: Vec<String>,
}

impl VerifiedPayload {
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
    /// Keyids whose signatures verified.
    pub fn signers(&self) -> &[String] {
        &self.signers
    }
    /// Parses the verified bytes as canonical JSON of type `T`.
    pub fn parse<T: serde::de::DeserializeOwned + Serialize>(
        &self,
        limit: usize,
    ) -> Result<T, CanonicalError> {
        from_canonical(&self.bytes, limit)
    }
    /// [`VerifiedPayload::parse`] for a type whose fields, at every level,
    /// are declared in sorted order and that holds no map but a
    /// `BTreeMap` of strings ([`from_canonical_sorted`]): as strict, with
    /// no JSON tree built to check the form.
    pub fn parse_sorted<T: serde::de::DeserializeOwned + Serialize>(&self, limit: usize) -> Result<T, CanonicalError> {
        from_canonical_sorted(&self.bytes, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_matches_dsse_spec_example() {
        // From the DSSE protocol document.
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
    }

    #[test]
    fn verifies_threshold_and_type() {
        let a = SigningKey::generate().unwrap();
        let b = SigningKey::generate().unwrap();
        let env = Envelope::sign(ROOT_TYPE, b"{}", &[&a, &b]);
        let parsed = Envelope::parse(&env.to_bytes()).unwrap();
        let keys = [a.public().clone(), b.public().clone()];
        let lookup = |id: &str| keys.iter().find(|k| k.keyid() == id);
        assert_eq!(parsed.verify(ROOT_TYPE, 2, lookup).unwrap().bytes(), b"{}");
        assert!(matches!(
            parsed.verify(REGISTRY_TYPE, 1, lookup),
            Err(EnvelopeError::WrongType { .. })
        ));
        let only_a = |id: &str| keys[..1].iter().find(|k| k.keyid() == id);
        assert!(matches!(
            parsed.verify(ROOT_TYPE, 2, only_a),
            Err(EnvelopeError::Threshold { valid: 1, threshold: 2 })
        ));
    }

    #[test]
    fn duplicate_signatures_count_once() {
        let a = SigningKey::generate().unwrap();
        let mut env = Envelope::sign(ROOT_TYPE, b"{}", &[&a]);
        env.signatures.push(env.signatures[0].clone());
        let key = a.public().clone();
        assert!(matches!(
            env.verify(ROOT_TYPE, 2, |_| Some(&key)),
            Err(EnvelopeError::DuplicateKeyid(_))
        ));
    }
}
