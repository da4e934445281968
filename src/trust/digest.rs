//! Hashes and key ids as types: a signed payload's `sha256` and `keyid`
//! fields are checked to be 64 lowercase hex digits once, when the payload
//! is parsed, and cannot hold anything else afterwards.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::encoding::{is_sha256_hex, sha256};

macro_rules! hex_digest {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        ///
        /// Held as its 32 raw bytes: a build holds several of these per
        /// page. It reads and writes as 64 lowercase hex digits.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name([u8; 32]);

        impl $name {
            /// The value, when `text` is 64 lowercase hex digits.
            pub fn parse(text: &str) -> Option<Self> {
                if !is_sha256_hex(text) {
                    return None;
                }
                let value = |digit: u8| if digit.is_ascii_digit() { digit - b'0' } else { digit - b'a' + 10 };
                let mut digest = [0u8; 32];
                for (byte, pair) in digest.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
                    *byte = value(pair[0]) << 4 | value(pair[1]);
                }
                Some(Self(digest))
            }

            /// The 64 hex digits, as text that lives as long as the
            /// expression it is used in.
            pub fn hex(&self) -> HexText {
                const DIGITS: &[u8; 16] = b"0123456789abcdef";
                let mut digits = [0u8; 64];
                for (pair, byte) in digits.chunks_exact_mut(2).zip(&self.0) {
                    pair[0] = DIGITS[(byte >> 4) as usize];
                    pair[1] = DIGITS[(byte & 15) as usize];
                }
                HexText(digits)
            }

            /// The value of a raw 32-byte digest.
            fn from_raw(digest: &[u8; 32]) -> Self {
                Self(*digest)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.hex())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), &*self.hex())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                *self.hex() == *other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                *self.hex() == **other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                *self.hex() == **other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                **self == *other.hex()
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                *self == *other.hex()
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                **self == *other.hex()
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.hex().to_string()
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.hex())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Digits;
                impl serde::de::Visitor<'_> for Digits {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "{} (64 lowercase hex digits)", $what)
                    }
                    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<$name, E> {
                        $name::parse(text).ok_or_else(|| E::custom(format!("{text:?} is not {} (64 lowercase hex digits)", $what)))
                    }
                }
                deserializer.deserialize_str(Digits)
            }
        }
    };
}

/// A hash's 64 lowercase hex digits, made on demand from its raw bytes.
pub struct HexText([u8; 64]);

impl std::ops::Deref for HexText {
    type Target = str;
    fn deref(&self) -> &str {
        // Only `hex` makes one: always ASCII hex digits.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for HexText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

hex_digest!(
    /// A SHA-256 hash as lowercase hex: what every payload uses to bind bytes.
    Sha256,
    "a sha256"
);

hex_digest!(
    /// A key id: the SHA-256 of a raw Ed25519 public key, lowercase hex.
    KeyId,
    "a key id"
);

impl Sha256 {
    /// A raw 32-byte digest as hex.
    pub fn from_digest(digest: &[u8; 32]) -> Self {
        Self::from_raw(digest)
    }

    /// The raw 32-byte digest: where a build keeps many hashes that it
    /// only writes out later.
    pub fn to_digest(&self) -> [u8; 32] {
        self.0
    }

    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self::from_raw(&sha256(bytes))
    }
}

impl KeyId {
    /// The key id of the raw public key `bytes`.
    pub fn of_public_key(bytes: &[u8]) -> Self {
        Self::from_raw(&sha256(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::encoding::sha256_hex;

    #[test]
    fn only_lowercase_hex_of_the_right_length_parses() {
        let good = "a".repeat(64);
        assert!(Sha256::parse(&good).is_some());
        assert!(Sha256::parse(&"A".repeat(64)).is_none());
        assert!(Sha256::parse(&"a".repeat(63)).is_none());
        assert!(KeyId::parse("sha256:abc").is_none());
        let parsed: Result<Sha256, _> = serde_json::from_str("\"nothex\"");
        assert!(parsed.is_err());
        let hash = Sha256::of(b"x");
        assert_eq!(serde_json::to_string(&hash).unwrap(), format!("\"{}\"", sha256_hex(b"x")));
        assert_eq!(hash, sha256_hex(b"x"));
    }

    #[test]
    fn a_hash_is_found_and_ordered_as_its_text_and_read_back() {
        let a = Sha256::of(b"a");
        let b = Sha256::of(b"b");
        let mut map = std::collections::HashMap::new();
        map.insert(a, 1);
        assert_eq!(map.get(&a), Some(&1));
        assert_eq!(map.get(&b), None);
        assert_eq!(a.cmp(&b), a.hex().cmp(&b.hex()), "ordered as its text");
        assert_eq!(b.cmp(&a), b.hex().cmp(&a.hex()));
        assert_eq!(String::from(a), sha256_hex(b"a"));
        assert_eq!(Sha256::from_digest(&sha256(b"a")), a);
        assert_eq!(a.to_digest(), sha256(b"a"), "and back");
        let digits = Sha256::parse("0123456789abcdef".repeat(4).as_str()).unwrap();
        assert_eq!(Sha256::from_digest(&digits.to_digest()), digits, "every hex digit");
        assert_eq!(&*KeyId::of_public_key(b"k").hex(), sha256_hex(b"k"));
        assert_eq!(format!("{a:?}"), format!("Sha256({})", sha256_hex(b"a")));
        let from_value: Sha256 = serde_json::from_value(serde_json::Value::String(a.to_string())).unwrap();
        assert_eq!(from_value, a, "read from an owned string too");
    }
}