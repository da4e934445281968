//! Hashes and key ids as types: a signed payload's `sha256` and `keyid`
//! fields are checked to be 64 lowercase hex digits once, when the payload
//! is parsed, and cannot hold anything else afterwards.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::encoding::{is_sha256_hex, sha256_hex};

macro_rules! hex_digest {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The value, when `text` is 64 lowercase hex digits.
            pub fn parse(text: &str) -> Option<Self> {
                is_sha256_hex(text).then(|| Self(text.to_string()))
            }

            /// The hex text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not {} (64 lowercase hex digits)", $what)))
            }
        }
    };
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
        Self(super::encoding::hex(digest))
    }

    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self(sha256_hex(bytes))
    }
}

impl KeyId {
    /// The key id of the raw public key `bytes`.
    pub fn of_public_key(bytes: &[u8]) -> Self {
        Self(sha256_hex(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
