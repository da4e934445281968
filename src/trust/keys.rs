//! Ed25519 public keys, key ids and signing keys.
//!
//! A [`PublicKey`] can only be built through [`PublicKey::from_bytes`], which
//! rejects non-canonical encodings and points of small order: with such a key
//! a trivial signature verifies for any message in every common Ed25519
//! implementation. A key whose bytes are not on the curve at all cannot be
//! spotted without field arithmetic, which we do not write ourselves; ring
//! rejects every signature under such a key, so it fails closed.

use std::fmt;

use ring::signature::{Ed25519KeyPair, KeyPair, UnparsedPublicKey, ED25519};
use zeroize::Zeroizing;

use super::digest::KeyId;
use super::encoding::{b64_decode, b64_encode};

/// Why bytes offered as a public key were refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PublicKeyError {
    #[error("{}", tr!("keys-public-key-bytes-this-one", value0 = .0))]
    Length(usize),
    #[error("{}", tr!("keys-public-key-not-canonically-encoded"))]
    NonCanonical,
    #[error("{}", tr!("keys-public-key-point-small-order"))]
    SmallOrder,
    #[error("{}", tr!("keys-public-key-not-valid-base", value0 = .0))]
    Base64(String),
}

/// y-coordinates (sign bit cleared) of the eight points of order dividing 8.
const SMALL_ORDER_Y: [[u8; 32]; 5] = [
    [0; 32],
    [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
];

/// The field prime p = 2^255 - 19, little-endian.
const FIELD_PRIME: [u8; 32] = [
    0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
];

/// An Ed25519 public key that passed the encoding and small-order checks.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PublicKey([u8; 32]);

impl PublicKey {
    /// Accepts exactly 32 bytes of a canonical point not of small order.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PublicKeyError> {
        let raw: [u8; 32] = bytes.try_into().map_err(|_| PublicKeyError::Length(bytes.len()))?;
        let mut y = raw;
        y[31] &= 0x7f;
        // y >= p, compared as little-endian integers.
        if y.iter().rev().cmp(FIELD_PRIME.iter().rev()).is_ge() {
            return Err(PublicKeyError::NonCanonical);
        }
        if SMALL_ORDER_Y.contains(&y) {
            return Err(PublicKeyError::SmallOrder);
        }
        Ok(Self(raw))
    }

    /// Parses the base64 form used in every signed document.
    pub fn from_base64(text: &str) -> Result<Self, PublicKeyError> {
        Self::from_bytes(&b64_decode(text).map_err(PublicKeyError::Base64)?)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn to_base64(&self) -> String {
        b64_encode(&self.0)
    }

    /// `hex(sha256(raw key))`, the key's identifier in every document.
    pub fn keyid(&self) -> KeyId {
        KeyId::of_public_key(&self.0)
    }

    /// Checks an Ed25519 signature over `message`. Any malformed signature
    /// (wrong length, S not reduced) is simply a failed check.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        if signature.len() != 64 {
            return false;
        }
        let fact = verified::fact(&self.0, message, signature);
        if verified::known(&fact) {
            return true;
        }
        let valid = UnparsedPublicKey::new(&ED25519, &self.0).verify(message, signature).is_ok();
        if valid {
            verified::remember(fact);
        }
        valid
    }
}

/// At most this many verified signatures are remembered (32 bytes each).
pub const MAX_REMEMBERED: usize = 1 << 20;

/// The hash naming a (key, message, signature) triple, as remembered once
/// the signature verified.
pub fn fact_of(key: &PublicKey, message: &[u8], signature: &[u8]) -> [u8; 32] {
    verified::fact(&key.0, message, signature)
}

/// Every signature this process verified or relied on, by [`fact_of`]
/// (for the build machine's record of them, [`super::signature_cache`]):
/// a trusted fact no check asked for is left out, so the record holds
/// what the last build used and does not grow with every release.
#[cfg(feature = "site")]
pub(crate) fn remembered() -> Vec<[u8; 32]> {
    verified::used()
}

/// Takes the triples named by `facts` as verified, without checking them:
/// only for a record whose authenticity was checked, a file signed by the
/// release key ([`super::signature_cache`]).
#[cfg(feature = "site")]
pub(crate) fn trust_remembered(facts: impl IntoIterator<Item = [u8; 32]>) {
    verified::trust_all(facts);
}

/// Signatures this process has already verified. A build checks each
/// approval more than once (the approvals stage, then the citizen's
/// verifier run over the staged release, and the page histories); whether
/// a signature verifies depends only on the key, the message and the
/// signature, so a valid one is remembered by the SHA-256 of all three and
/// not checked again. Failures are never remembered.
mod verified {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};

    use super::MAX_REMEMBERED as MAX_FACTS;

    /// Each fact, and whether this process used it (verified it, or found
    /// it when checking a signature) rather than only trusted it.
    fn facts() -> &'static Mutex<HashMap<[u8; 32], bool>> {
        static FACTS: OnceLock<Mutex<HashMap<[u8; 32], bool>>> = OnceLock::new();
        FACTS.get_or_init(Default::default)
    }

    /// The hash naming one (key, message, signature) triple; the key and
    /// signature have fixed lengths, so the encoding is unambiguous.
    pub(super) fn fact(key: &[u8; 32], message: &[u8], signature: &[u8]) -> [u8; 32] {
        let mut context = ring::digest::Context::new(&ring::digest::SHA256);
        context.update(b"sigill-verified-signature\0");
        context.update(key);
        context.update(signature);
        context.update(message);
        let mut out = [0u8; 32];
        out.copy_from_slice(context.finish().as_ref());
        out
    }

    /// True when `fact` is known; it then counts as used.
    pub(super) fn known(fact: &[u8; 32]) -> bool {
        match facts().lock().unwrap_or_else(|e| e.into_inner()).get_mut(fact) {
            Some(used) => {
                *used = true;
                true
            }
            None => false,
        }
    }

    #[cfg(feature = "site")]
    pub(super) fn used() -> Vec<[u8; 32]> {
        facts().lock().unwrap_or_else(|e| e.into_inner()).iter().filter(|(_, used)| **used).map(|(fact, _)| *fact).collect()
    }

    /// Takes facts as known without marking them used.
    #[cfg(feature = "site")]
    pub(super) fn trust_all(new: impl IntoIterator<Item = [u8; 32]>) {
        let mut facts = facts().lock().unwrap_or_else(|e| e.into_inner());
        for fact in new {
            if facts.len() >= MAX_FACTS {
                break;
            }
            facts.entry(fact).or_insert(false);
        }
    }

    /// A signature ring just verified.
    pub(super) fn remember(fact: [u8; 32]) {
        let mut facts = facts().lock().unwrap_or_else(|e| e.into_inner());
        if facts.len() < MAX_FACTS || facts.contains_key(&fact) {
            facts.insert(fact, true);
        }
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", fingerprint(&self.keyid().hex()))
    }
}

/// The keyid in groups of four, as shown to people.
pub fn fingerprint(keyid: &str) -> String {
    keyid
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A private signing key. The seed lives in zeroised memory and is never
/// printed; only the key file module can build one from stored bytes.
pub struct SigningKey {
    seed: Zeroizing<[u8; 32]>,
    pair: Ed25519KeyPair,
    public: PublicKey,
}

/// Why a signing key could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SigningKeyError {
    #[error("{}", tr!("keyfile-system-random-number-generator-failed"))]
    Random,
    #[error("{}", tr!("keys-stored-public-key-does-not"))]
    Mismatch,
    #[error(transparent)]
    Public(#[from] PublicKeyError),
}

impl SigningKey {
    /// Draws a fresh seed from the operating system.
    pub fn generate() -> Result<Self, SigningKeyError> {
        use ring::rand::SecureRandom;
        let mut seed = Zeroizing::new([0u8; 32]);
        ring::rand::SystemRandom::new().fill(&mut seed[..]).map_err(|_| SigningKeyError::Random)?;
        Self::from_seed(seed)
    }

    /// Rebuilds a key from its seed, checking the expected public key if given.
    pub(crate) fn from_seed_checked(
        seed: Zeroizing<[u8; 32]>,
        expected_public: Option<&[u8]>,
    ) -> Result<Self, SigningKeyError> {
        let key = Self::from_seed(seed)?;
        if let Some(expected) = expected_public {
            if expected != key.public.as_bytes() {
                return Err(SigningKeyError::Mismatch);
            }
        }
        Ok(key)
    }

    fn from_seed(seed: Zeroizing<[u8; 32]>) -> Result<Self, SigningKeyError> {
        let pair = Ed25519KeyPair::from_seed_unchecked(&seed[..]).map_err(|_| SigningKeyError::Random)?;
        let public = PublicKey::from_bytes(pair.public_key().as_ref())?;
        Ok(Self { seed, pair, public })
    }

    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    pub(crate) fn seed(&self) -> &[u8; 32] {
        &self.seed
    }

    /// Signs `message` (for Sigill always a DSSE PAE).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        let mut out = [0u8; 64];
        out.copy_from_slice(self.pair.sign(message).as_ref());
        out
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey(public {:?})", self.public)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_small_order_and_non_canonical_keys() {
        for y in SMALL_ORDER_Y {
            assert_eq!(PublicKey::from_bytes(&y), Err(PublicKeyError::SmallOrder));
            let mut signed = y;
            signed[31] |= 0x80;
            assert!(PublicKey::from_bytes(&signed).is_err());
        }
        assert_eq!(PublicKey::from_bytes(&FIELD_PRIME), Err(PublicKeyError::NonCanonical));
        let mut p_plus_one = FIELD_PRIME;
        p_plus_one[0] += 1;
        assert_eq!(PublicKey::from_bytes(&p_plus_one), Err(PublicKeyError::NonCanonical));
        assert_eq!(PublicKey::from_bytes(&[1u8; 31]), Err(PublicKeyError::Length(31)));
    }

    #[test]
    fn identity_key_with_trivial_signature_is_refused_before_verification() {
        // With the identity as public key, R = identity and S = 0 verifies
        // any message in a cofactorless verifier. We never get that far.
        let identity = SMALL_ORDER_Y[1];
        assert!(PublicKey::from_bytes(&identity).is_err());
    }

    #[test]
    fn signs_and_verifies_and_rejects_malformed_signatures() {
        let key = SigningKey::generate().unwrap();
        let sig = key.sign(b"message");
        assert!(key.public().verify(b"message", &sig));
        assert!(!key.public().verify(b"other", &sig));
        assert!(!key.public().verify(b"message", &sig[..63]));
        let mut long = sig.to_vec();
        long.push(0);
        assert!(!key.public().verify(b"message", &long));
        assert_eq!(key.public().keyid().hex().len(), 64);
    }

    #[test]
    fn a_remembered_signature_is_valid_only_for_its_own_key_message_and_signature() {
        let key = SigningKey::generate().unwrap();
        let other = SigningKey::generate().unwrap();
        let sig = key.sign(b"remembered");
        assert!(key.public().verify(b"remembered", &sig));
        // Asked again, from memory.
        assert!(key.public().verify(b"remembered", &sig));
        assert!(!key.public().verify(b"remembered!", &sig));
        assert!(!other.public().verify(b"remembered", &sig));
        let mut flipped = sig;
        flipped[10] ^= 1;
        assert!(!key.public().verify(b"remembered", &flipped));
        // A failure is not remembered as anything: still a failure.
        assert!(!key.public().verify(b"remembered", &flipped));
    }

    #[test]
    fn fingerprint_groups_in_fours() {
        assert_eq!(fingerprint("abcd1234ef"), "abcd 1234 ef");
    }
}
