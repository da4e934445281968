//! Canonical JSON: the only form in which Sigill signs or accepts a payload.
//!
//! Canonical means: UTF-8, object keys sorted, no insignificant whitespace,
//! integers only. Rather than trusting a hand-written checker, a payload is
//! parsed into a strict type (unknown fields and duplicate keys rejected by
//! serde), re-encoded, and compared byte for byte with the input.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a byte string is not an acceptable canonical payload.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CanonicalError {
    #[error("{}", tr!("canonical-document-bytes-over-limit-bytes", len = .len, limit = .limit))]
    TooLarge { len: usize, limit: usize },
    #[error("{}", tr!("canonical-not-valid-json-for-this", value0 = .0))]
    Invalid(String),
    #[error("{}", tr!("canonical-json-not-in-canonical-form"))]
    NotCanonical,
}

/// Encodes a value as canonical JSON bytes.
pub fn to_canonical<T: Serialize>(value: &T) -> Vec<u8> {
    // serde_json::Value keeps object keys in a BTreeMap (sorted), and the
    // compact writer emits no whitespace.
    let tree = serde_json::to_value(value).expect("in-memory value serialises");
    serde_json::to_vec(&tree).expect("JSON value serialises")
}

/// [`to_canonical`] for the large documents a build writes (the files
/// and pages indexes, proofs, log states), written directly instead of
/// through an in-memory tree (tens of MB for a site of 10 000 pages). Only
/// for types whose fields are declared in sorted order at every level and
/// that hold no map but a `BTreeMap` of strings: then serde writes the
/// canonical form as it is. Every debug build (each test) checks that the
/// bytes are the same as [`to_canonical`]'s.
pub fn to_canonical_sorted<T: Serialize>(value: &T) -> Vec<u8> {
    let bytes = serde_json::to_vec(value).expect("in-memory value serialises");
    debug_assert!(bytes == to_canonical(value), "{} does not declare its fields in sorted order", std::any::type_name::<T>());
    bytes
}

/// Parses bytes that must be canonical JSON of type `T`, within `limit` bytes.
pub fn from_canonical<T: DeserializeOwned + Serialize>(
    bytes: &[u8],
    limit: usize,
) -> Result<T, CanonicalError> {
    if bytes.len() > limit {
        return Err(CanonicalError::TooLarge { len: bytes.len(), limit });
    }
    let value: T =
        serde_json::from_slice(bytes).map_err(|e| CanonicalError::Invalid(e.to_string()))?;
    if to_canonical(&value) != bytes {
        return Err(CanonicalError::NotCanonical);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        zeta: u64,
        alpha: String,
    }

    #[test]
    fn sorts_keys_and_round_trips() {
        let doc = Doc { zeta: 3, alpha: "å".into() };
        let bytes = to_canonical(&doc);
        assert_eq!(bytes, "{\"alpha\":\"å\",\"zeta\":3}".as_bytes());
        assert_eq!(from_canonical::<Doc>(&bytes, 100).unwrap(), doc);
    }

    #[test]
    fn rejects_json_tricks() {
        let cases: &[&[u8]] = &[
            br#"{"zeta":3,"alpha":"a"}"#,              // wrong order
            br#"{"alpha": "a","zeta":3}"#,             // whitespace
            br#"{"alpha":"a","zeta":3} "#,             // trailing whitespace
            b"\xef\xbb\xbf{\"alpha\":\"a\",\"zeta\":3}", // BOM
            br#"{"alpha":"a","zeta":3.0}"#,            // float
            br#"{"alpha":"a","alpha":"b","zeta":3}"#,  // duplicate key
            br#"{"alpha":"a","extra":1,"zeta":3}"#,    // unknown field
            br#"{"alpha":"a","zeta":3}x"#,             // trailing bytes
            br#"{"alpha":"\u0061","zeta":3}"#,         // needless escape
        ];
        for case in cases {
            assert!(from_canonical::<Doc>(case, 1000).is_err(), "{:?}", String::from_utf8_lossy(case));
        }
    }

    #[test]
    fn sorted_declarations_are_written_canonically_as_they_are() {
        #[derive(Serialize)]
        struct Entry {
            len: u64,
            path: String,
        }
        #[derive(Serialize)]
        struct Index {
            entries: Vec<Entry>,
            format: &'static str,
        }
        let index = Index { entries: vec![Entry { len: 2, path: "/b".into() }, Entry { len: 1, path: "/a".into() }], format: "x" };
        assert_eq!(to_canonical_sorted(&index), to_canonical(&index));
        assert_eq!(to_canonical_sorted(&index), br#"{"entries":[{"len":2,"path":"/b"},{"len":1,"path":"/a"}],"format":"x"}"#);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "does not declare its fields in sorted order")]
    fn a_type_declared_out_of_order_is_caught_in_every_debug_build() {
        #[derive(Serialize)]
        struct Unsorted {
            zeta: u8,
            alpha: u8,
        }
        to_canonical_sorted(&Unsorted { zeta: 1, alpha: 2 });
    }

    #[test]
    fn enforces_size_limit() {
        let bytes = to_canonical(&Doc { zeta: 1, alpha: "x".repeat(50) });
        assert!(matches!(from_canonical::<Doc>(&bytes, 10), Err(CanonicalError::TooLarge { .. })));
    }
}
