//! Small, strict encoders shared by every signed document: base64, hex, sha256.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// Standard base64 with padding; decoding rejects non-canonical input
/// (missing padding, non-zero trailing bits, other alphabets).
pub fn b64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes canonical standard base64, or explains why it is not.
pub fn b64_decode(text: &str) -> Result<Vec<u8>, String> {
    let bytes = STANDARD.decode(text).map_err(|e| e.to_string())?;
    if STANDARD.encode(&bytes) != text {
        return Err("base64 is not in canonical form".into());
    }
    Ok(bytes)
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// SHA-256 of `bytes`, as 32 raw bytes.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

/// SHA-256 of `bytes` as lowercase hex, the form used in every payload.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha256(bytes))
}

/// True when `text` is 64 lowercase hex digits.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_strict() {
        assert_eq!(b64_decode("AAE=").unwrap(), vec![0, 1]);
        assert!(b64_decode("AAF=").is_err(), "non-zero trailing bits");
        assert!(b64_decode("AAE").is_err(), "missing padding");
        assert!(b64_decode("AA-_").is_err(), "url alphabet");
        assert!(b64_decode("AAE=\n").is_err());
    }

    #[test]
    fn sha256_matches_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(is_sha256_hex(&sha256_hex(b"")));
        assert!(!is_sha256_hex(&sha256_hex(b"").to_uppercase()));
    }
}
