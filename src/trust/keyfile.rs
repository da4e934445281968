//! Key files: a private Ed25519 seed sealed under a passphrase.
//!
//! Format (`sigill-key-v1`, JSON, at most 64 KiB), documented in
//! `docs/format.md` ("Key files"):
//!
//! ```text
//! {"format":"sigill-key-v1","label":"…","public":"<b64 32 bytes>","keyid":"<hex>",
//!  "protection":{"kind":"passphrase","kdf":"pbkdf2-hmac-sha256","iterations":600000,
//!                "salt":"<b64 16>","cipher":"chacha20-poly1305","nonce":"<b64 12>",
//!                "sealed":"<b64 48: seed + tag>"}}
//! ```
//!
//! The AEAD's associated data is the canonical JSON of every field except
//! `sealed`, so editing the label, the public key or the KDF cost makes
//! opening fail. Costs below [`MIN_ITERATIONS`] are refused outright. A key for
//! an unattended build server may be stored unprotected (`"kind":"none"`)
//! when its creator asks for that explicitly.

use std::fs::OpenOptions;
use std::io::Write;
use std::num::NonZeroU32;
use std::path::Path;

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::canonical::to_canonical;
use super::encoding::{b64_decode, b64_encode};
use super::keys::{PublicKey, SigningKey, SigningKeyError};

/// The format tag every key file starts with.
pub const FORMAT: &str = "sigill-key-v1";
/// The lowest PBKDF2 cost accepted (OWASP 2023 for HMAC-SHA256).
pub const MIN_ITERATIONS: u32 = 600_000;
/// An upper bound so a crafted file cannot make opening take hours.
pub const MAX_ITERATIONS: u32 = 20_000_000;
/// Largest key file read.
pub const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// A key file as stored. No `Debug` or `Clone`: an unprotected file holds
/// the seed itself (see [`Protection::None`]).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    pub format: String,
    pub label: String,
    pub public: String,
    pub keyid: String,
    pub protection: Protection,
}

/// How the seed is protected. No `Debug` or `Clone`, and the clear seed of
/// an unprotected key is wiped from memory when dropped.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Protection {
    /// PBKDF2-HMAC-SHA256 → ChaCha20-Poly1305.
    Passphrase {
        kdf: String,
        iterations: u32,
        salt: String,
        cipher: String,
        nonce: String,
        sealed: String,
    },
    /// The seed in base64, for unattended release keys only.
    None { seed: SeedText },
}

/// The base64 text of a clear seed: wiped from memory when dropped, never
/// printed.
pub struct SeedText(Zeroizing<String>);

impl SeedText {
    fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for SeedText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SeedText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Self(Zeroizing::new(text)))
    }
}

/// Why a key file could not be read, written or opened.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("{}", tr!("keyfile-cannot-read", path = .path, source = .source))]
    Read { path: String, source: std::io::Error },
    #[error("{}", tr!("admin-cannot-write", path = .path, source = .source))]
    Write { path: String, source: std::io::Error },
    #[error("{}", tr!("keyfile-already-exists-choose-another-file", path = .path))]
    Exists { path: String },
    #[error("{}", tr!("keyfile-bytes-key-file-at-most", path = .path, len = .len, max_bytes = MAX_KEY_FILE_BYTES))]
    TooLarge { path: String, len: u64 },
    #[error("{}", tr!("keyfile-not-sigill-key-file-it", path = .path, reason = .reason))]
    Malformed { path: String, reason: String },
    #[error("{}", tr!("keyfile-asks-for-pbkdf-iterations-at", path = .path, iterations = .iterations, min_iterations = MIN_ITERATIONS))]
    WeakKdf { path: String, iterations: u32 },
    #[error("{}", tr!("keyfile-wrong-passphrase-for-file-was", path = .path))]
    WrongPassphrase { path: String },
    #[error("{}", tr!("keyfile-message", path = .path, source = .source))]
    Key { path: String, source: SigningKeyError },
    #[error("{}", tr!("keyfile-system-random-number-generator-failed"))]
    Random,
    #[error("{}", tr!("keyfile-sealing-key-failed-encryption-library"))]
    Seal,
}

/// Header fields bound into the AEAD as associated data.
#[derive(Serialize)]
struct Header<'a> {
    format: &'a str,
    label: &'a str,
    public: &'a str,
    keyid: &'a str,
    kdf: &'a str,
    iterations: u32,
    salt: &'a str,
    cipher: &'a str,
    nonce: &'a str,
}

fn derive(passphrase: &str, salt: &[u8], iterations: u32) -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0u8; 32]);
    ring::pbkdf2::derive(
        ring::pbkdf2::PBKDF2_HMAC_SHA256,
        NonZeroU32::new(iterations).expect("iterations checked non-zero"),
        salt,
        passphrase.as_bytes(),
        &mut key[..],
    );
    key
}

fn aead_key(key: &[u8; 32]) -> LessSafeKey {
    LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, key).expect("32-byte key"))
}

impl KeyFile {
    /// Seals `key` under `passphrase` (or stores it unprotected when `None`).
    pub fn seal(
        key: &SigningKey,
        label: &str,
        passphrase: Option<&str>,
        iterations: u32,
    ) -> Result<Self, KeyFileError> {
        use ring::rand::SecureRandom;
        let public = key.public().to_base64();
        let keyid = key.public().keyid();
        let protection = match passphrase {
            None => Protection::None { seed: SeedText(Zeroizing::new(b64_encode(key.seed()))) },
            Some(passphrase) => {
                let rng = ring::rand::SystemRandom::new();
                let mut salt = [0u8; 16];
                let mut nonce = [0u8; 12];
                rng.fill(&mut salt).map_err(|_| KeyFileError::Random)?;
                rng.fill(&mut nonce).map_err(|_| KeyFileError::Random)?;
                let (salt_b64, nonce_b64) = (b64_encode(&salt), b64_encode(&nonce));
                let aad = to_canonical(&Header {
                    format: FORMAT,
                    label,
                    public: &public,
                    keyid: &keyid.hex(),
                    kdf: "pbkdf2-hmac-sha256",
                    iterations,
                    salt: &salt_b64,
                    cipher: "chacha20-poly1305",
                    nonce: &nonce_b64,
                });
                let wrapping = derive(passphrase, &salt, iterations);
                let mut sealed = Zeroizing::new(key.seed().to_vec());
                aead_key(&wrapping)
                    .seal_in_place_append_tag(
                        Nonce::assume_unique_for_key(nonce),
                        Aad::from(aad),
                        &mut *sealed,
                    )
                    .map_err(|_| KeyFileError::Seal)?;
                Protection::Passphrase {
                    kdf: "pbkdf2-hmac-sha256".into(),
                    iterations,
                    salt: salt_b64,
                    cipher: "chacha20-poly1305".into(),
                    nonce: nonce_b64,
                    sealed: b64_encode(&sealed),
                }
            }
        };
        Ok(Self { format: FORMAT.into(), label: label.into(), public, keyid: keyid.to_string(), protection })
    }

    /// True when opening needs a passphrase.
    pub fn needs_passphrase(&self) -> bool {
        matches!(self.protection, Protection::Passphrase { .. })
    }

    /// Reads and checks the structure of a key file without opening it.
    pub fn read(path: &Path) -> Result<Self, KeyFileError> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|source| KeyFileError::Read { path: shown.clone(), source })?;
        if meta.len() > MAX_KEY_FILE_BYTES {
            return Err(KeyFileError::TooLarge { path: shown, len: meta.len() });
        }
        // The bytes may hold a clear seed: wiped once parsed.
        let bytes = Zeroizing::new(std::fs::read(path).map_err(|source| KeyFileError::Read { path: shown.clone(), source })?);
        Self::parse(bytes.as_slice(), &shown)
    }

    /// Checks the structure of a key file's bytes (read from `shown`)
    /// without opening it.
    pub fn parse(bytes: &[u8], shown: &str) -> Result<Self, KeyFileError> {
        let shown = shown.to_string();
        if bytes.len() as u64 > MAX_KEY_FILE_BYTES {
            return Err(KeyFileError::TooLarge { path: shown, len: bytes.len() as u64 });
        }
        let file: KeyFile = serde_json::from_slice(bytes)
            .map_err(|e| KeyFileError::Malformed { path: shown.clone(), reason: e.to_string() })?;
        let malformed = |reason: &str| KeyFileError::Malformed { path: shown.clone(), reason: reason.into() };
        if file.format != FORMAT {
            return Err(malformed("unknown format tag"));
        }
        let public = PublicKey::from_base64(&file.public).map_err(|e| malformed(&e.to_string()))?;
        if public.keyid() != file.keyid {
            return Err(malformed(&tr!("keyfile-keyid-mismatch")));
        }
        if let Protection::Passphrase { kdf, iterations, cipher, .. } = &file.protection {
            if kdf != "pbkdf2-hmac-sha256" || cipher != "chacha20-poly1305" {
                return Err(malformed(&tr!("keyfile-unsupported-kdf")));
            }
            if *iterations < MIN_ITERATIONS {
                return Err(KeyFileError::WeakKdf { path: shown, iterations: *iterations });
            }
            if *iterations > MAX_ITERATIONS {
                return Err(malformed("KDF cost is unreasonably high"));
            }
        }
        Ok(file)
    }

    /// The public key recorded in the file (checked by [`KeyFile::read`]).
    pub fn public_key(&self) -> PublicKey {
        PublicKey::from_base64(&self.public).expect("checked when read")
    }

    /// Opens the file into a signing key.
    pub fn open(&self, path: &Path, passphrase: Option<&str>) -> Result<SigningKey, KeyFileError> {
        let shown = path.display().to_string();
        let malformed = |reason: &str| KeyFileError::Malformed { path: shown.clone(), reason: reason.into() };
        let public = b64_decode(&self.public).map_err(|e| malformed(&e))?;
        let seed: Zeroizing<[u8; 32]> = match &self.protection {
            Protection::None { seed } => {
                let bytes = Zeroizing::new(b64_decode(seed.as_str()).map_err(|e| malformed(&e))?);
                Zeroizing::new(bytes[..].try_into().map_err(|_| malformed("seed is not 32 bytes"))?)
            }
            Protection::Passphrase { kdf, iterations, salt, cipher, nonce, sealed } => {
                let passphrase = passphrase.unwrap_or("");
                let salt_bytes = b64_decode(salt).map_err(|e| malformed(&e))?;
                let nonce_bytes: [u8; 12] = b64_decode(nonce)
                    .map_err(|e| malformed(&e))?
                    .try_into()
                    .map_err(|_| malformed("nonce is not 12 bytes"))?;
                let mut sealed = Zeroizing::new(b64_decode(sealed).map_err(|e| malformed(&e))?);
                if sealed.len() != 48 {
                    return Err(malformed(&tr!("keyfile-sealed-seed-length")));
                }
                let aad = to_canonical(&Header {
                    format: &self.format,
                    label: &self.label,
                    public: &self.public,
                    keyid: &self.keyid,
                    kdf,
                    iterations: *iterations,
                    salt,
                    cipher,
                    nonce,
                });
                let wrapping = derive(passphrase, &salt_bytes, *iterations);
                let opened = aead_key(&wrapping)
                    .open_in_place(Nonce::assume_unique_for_key(nonce_bytes), Aad::from(aad), &mut sealed)
                    .map_err(|_| KeyFileError::WrongPassphrase { path: shown.clone() })?;
                Zeroizing::new(opened[..].try_into().map_err(|_| malformed("seed is not 32 bytes"))?)
            }
        };
        SigningKey::from_seed_checked(seed, Some(&public))
            .map_err(|source| KeyFileError::Key { path: shown, source })
    }

    /// Writes the file with mode 0600, refusing to overwrite anything.
    pub fn write_new(&self, path: &Path) -> Result<(), KeyFileError> {
        let shown = path.display().to_string();
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                KeyFileError::Exists { path: shown.clone() }
            } else {
                KeyFileError::Write { path: shown.clone(), source }
            }
        })?;
        let mut text = serde_json::to_string_pretty(self).expect("key file serialises");
        text.push('\n');
        let result = file.write_all(text.as_bytes()).and_then(|_| file.sync_all());
        if let Err(source) = result {
            let _ = std::fs::remove_file(path);
            return Err(KeyFileError::Write { path: shown, source });
        }
        Ok(())
    }
}

/// True when a file's bytes look like a private key: a Sigill key file (its
/// format, wherever it stands and however the file is laid out; PEM and
/// OpenSSH private keys too): used to refuse builds that find private keys
/// inside published or tracked trees.
pub fn looks_like_private_key(bytes: &[u8]) -> bool {
    const MARKERS: [&[u8]; 4] = [FORMAT.as_bytes(), b"PRIVATE KEY-----", b"BEGIN OPENSSH PRIVATE KEY", b"sigill\\u002dkey"];
    if MARKERS.iter().any(|marker| memchr::memmem::find(bytes, marker).is_some()) {
        return true;
    }
    // A key file re-encoded with JSON escapes still names its format once
    // parsed, however its fields are ordered or spaced.
    let trimmed = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(bytes).trim_ascii_start();
    trimmed.starts_with(b"{")
        && serde_json::from_slice::<serde_json::Value>(trimmed).is_ok_and(|v| v.get("format").and_then(|f| f.as_str()) == Some(FORMAT))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: u32 = MIN_ITERATIONS;

    fn temp_path(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        (dir, path)
    }

    #[test]
    fn round_trips_and_hides_the_seed() {
        let key = SigningKey::generate().unwrap();
        let (_dir, path) = temp_path("k.key");
        KeyFile::seal(&key, "test", Some("correct horse"), FAST).unwrap().write_new(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(&b64_encode(key.seed())));
        assert!(!text.contains(&crate::trust::encoding::hex(key.seed())));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let file = KeyFile::read(&path).unwrap();
        let opened = file.open(&path, Some("correct horse")).unwrap();
        assert_eq!(opened.public(), key.public());
        assert!(matches!(file.open(&path, Some("wrong")), Err(KeyFileError::WrongPassphrase { .. })));
        assert!(matches!(KeyFile::seal(&key, "x", None, FAST).unwrap().write_new(&path), Err(KeyFileError::Exists { .. })));
    }

    #[test]
    fn refuses_lowered_cost_and_truncation() {
        let key = SigningKey::generate().unwrap();
        let (_dir, path) = temp_path("k.key");
        KeyFile::seal(&key, "test", Some("pw"), FAST).unwrap().write_new(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("600000", "1000")).unwrap();
        assert!(matches!(KeyFile::read(&path), Err(KeyFileError::WeakKdf { iterations: 1000, .. })));
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
        assert!(matches!(KeyFile::read(&path), Err(KeyFileError::Malformed { .. })));
        // A raised cost is authenticated too: opening fails rather than
        // silently deriving another key.
        std::fs::write(&path, text.replace("600000", "600001")).unwrap();
        let raised = KeyFile::read(&path).unwrap();
        assert!(matches!(raised.open(&path, Some("pw")), Err(KeyFileError::WrongPassphrase { .. })));
    }
}
