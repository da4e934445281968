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
    let mut bytes = Vec::new();
    write_canonical_sorted(&mut bytes, value).expect("in-memory value serialises");
    bytes
}

/// [`to_canonical_sorted`] into a writer (a file being written), for the
/// indexes whose bytes a build never needs to hold.
pub fn write_canonical_sorted<T: Serialize>(writer: &mut dyn std::io::Write, value: &T) -> std::io::Result<()> {
    debug_assert!(serde_json::to_vec(value).is_ok_and(|bytes| bytes == to_canonical(value)), "{} does not declare its fields in sorted order", std::any::type_name::<T>());
    serde_json::to_writer(writer, value).map_err(std::io::Error::from)
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

/// [`from_canonical`] for the types [`to_canonical_sorted`] writes (the
/// files and pages indexes, proofs, log states): the value is re-encoded
/// straight into a comparison with the input, with no in-memory tree and
/// no copy (a verifier reads one proof per page and the files index of
/// every file). Every debug build checks the verdict against
/// [`from_canonical`]'s.
pub fn from_canonical_sorted<T: DeserializeOwned + Serialize>(bytes: &[u8], limit: usize) -> Result<T, CanonicalError> {
    if bytes.len() > limit {
        return Err(CanonicalError::TooLarge { len: bytes.len(), limit });
    }
    let value: T = serde_json::from_slice(bytes).map_err(|e| CanonicalError::Invalid(e.to_string()))?;
    let mut rest = bytes;
    let same = serde_json::to_writer(SameAs { rest: &mut rest }, &value).is_ok() && rest.is_empty();
    debug_assert_eq!(same, to_canonical(&value) == bytes, "{} does not declare its fields in sorted order", std::any::type_name::<T>());
    if !same {
        return Err(CanonicalError::NotCanonical);
    }
    Ok(value)
}

/// A writer that accepts exactly the bytes of `rest`, in order, and fails
/// at the first that differs.
struct SameAs<'a, 'b> {
    rest: &'a mut &'b [u8],
}

impl<'b> std::io::Write for SameAs<'_, 'b> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let rest: &'b [u8] = self.rest;
        match rest.strip_prefix(buf) {
            Some(after) => {
                *self.rest = after;
                Ok(buf.len())
            }
            None => Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "not canonical")),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
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

    /// Fields declared in sorted order, with a map: what the sorted form
    /// is for.
    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Sorted {
        alpha: String,
        beta: std::collections::BTreeMap<String, u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        gamma: Option<Vec<u64>>,
    }

    #[test]
    fn the_sorted_form_accepts_and_rejects_exactly_what_the_tree_form_does() {
        let value = Sorted { alpha: "å \"x\"\n".into(), beta: [("b".to_string(), 2), ("a".to_string(), 1)].into_iter().collect(), gamma: Some(vec![3]) };
        let canonical = to_canonical(&value);
        assert_eq!(from_canonical_sorted::<Sorted>(&canonical, 1 << 10), Ok(value));
        let mut variants: Vec<Vec<u8>> = vec![
            br#"{"alpha":"x", "beta":{}}"#.to_vec(),
            br#"{"beta":{},"alpha":"x"}"#.to_vec(),
            br#"{"alpha":"x","beta":{"b":1,"a":2}}"#.to_vec(),
            br#"{"alpha":"x","beta":{}}"#.to_vec(),
            br#"{"alpha":"x","beta":{},"gamma":null}"#.to_vec(),
            br#"{"alpha":"\u0078","beta":{}}"#.to_vec(),
        ];
        variants.push([canonical.as_slice(), b" "].concat());
        variants.push(canonical[..canonical.len() - 1].to_vec());
        for bytes in variants {
            let sorted = from_canonical_sorted::<Sorted>(&bytes, 1 << 10);
            assert_eq!(sorted, from_canonical::<Sorted>(&bytes, 1 << 10), "{}", String::from_utf8_lossy(&bytes));
        }
        assert_eq!(from_canonical_sorted::<Sorted>(br#"{"alpha":"x", "beta":{}}"#, 1 << 10), Err(CanonicalError::NotCanonical));
        assert_eq!(from_canonical_sorted::<Sorted>(br#"{"alpha":"x","beta":{}}"#, 1 << 10).map(|v| v.alpha), Ok("x".to_string()));
        assert!(matches!(from_canonical_sorted::<Sorted>(&canonical, 4), Err(CanonicalError::TooLarge { .. })));
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
