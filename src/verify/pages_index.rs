//! `pages.json` as a whole-site check needs it: each leaf's URL and hash,
//! read one leaf at a time. A check of 100 000 pages would otherwise hold
//! every leaf (tens of megabytes) while it checks the pages.

use serde::de::{DeserializeSeed, SeqAccess, Visitor};

use crate::trust::canonical::to_canonical;
use crate::trust::merkle::{leaf_hash, Hash};
use crate::trust::release::{PageLeaf, INDEX_FORMAT, MAX_PAGES_INDEX_BYTES};

/// A listed page: its URL and its leaf hash.
pub(super) struct ListedPage {
    pub url: String,
    pub hash: Hash,
}

/// Why `pages.json` was refused.
#[derive(Debug, thiserror::Error)]
pub(super) enum IndexError {
    #[error("larger than {MAX_PAGES_INDEX_BYTES} bytes")]
    TooLarge,
    #[error("not canonical JSON of format {INDEX_FORMAT}")]
    NotCanonical,
    #[error("{0}")]
    Invalid(String),
}

/// The leaves of `bytes`, which must be exactly the canonical encoding of
/// `{"format":"sigill-pages-v1","leaves":[…]}`: each leaf is parsed, encoded
/// again and compared with the bytes it came from, so the whole document
/// is compared byte for byte while only one leaf is held at a time.
pub(super) fn read_leaves(bytes: &[u8]) -> Result<Vec<ListedPage>, IndexError> {
    if bytes.len() > MAX_PAGES_INDEX_BYTES {
        return Err(IndexError::TooLarge);
    }
    let head = format!("{{\"format\":\"{INDEX_FORMAT}\",\"leaves\":");
    let array = bytes.strip_prefix(head.as_bytes()).and_then(|rest| rest.strip_suffix(b"}")).ok_or(IndexError::NotCanonical)?;
    let mut deserializer = serde_json::Deserializer::from_slice(array);
    let mut cursor = Cursor { rest: array.strip_prefix(b"[").ok_or(IndexError::NotCanonical)?, canonical: true };
    let leaves = Leaves { cursor: &mut cursor }.deserialize(&mut deserializer).map_err(|e| IndexError::Invalid(e.to_string()))?;
    deserializer.end().map_err(|e| IndexError::Invalid(e.to_string()))?;
    if !cursor.canonical || cursor.rest != b"]" {
        return Err(IndexError::NotCanonical);
    }
    Ok(leaves)
}

/// Where the comparison with the input stands: the bytes not yet matched.
struct Cursor<'a> {
    rest: &'a [u8],
    canonical: bool,
}

impl Cursor<'_> {
    /// Matches the next leaf's canonical bytes, and the comma before it
    /// unless it is the first.
    fn take(&mut self, encoded: &[u8], first: bool) {
        let rest = if first { Some(self.rest) } else { self.rest.strip_prefix(b",") };
        match rest.and_then(|rest| rest.strip_prefix(encoded)) {
            Some(after) => self.rest = after,
            None => self.canonical = false,
        }
    }
}

struct Leaves<'c, 'a> {
    cursor: &'c mut Cursor<'a>,
}

impl<'de> DeserializeSeed<'de> for Leaves<'_, '_> {
    type Value = Vec<ListedPage>;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Leaves<'_, '_> {
    type Value = Vec<ListedPage>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of page leaves")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut pages = Vec::new();
        while let Some(leaf) = seq.next_element::<PageLeaf>()? {
            let encoded = to_canonical(&leaf);
            self.cursor.take(&encoded, pages.is_empty());
            pages.push(ListedPage { hash: leaf_hash(&encoded), url: leaf.url });
        }
        Ok(pages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::release::PagesIndex;

    fn leaf(url: &str) -> PageLeaf {
        PageLeaf {
            approvals: vec![crate::trust::digest::Sha256::of(url.as_bytes())],
            approved_at: crate::trust::Timestamp::parse("2026-12-01T00:00:00Z").unwrap(),
            html_len: 3,
            html_sha256: crate::trust::digest::Sha256::of(b"abc"),
            path: format!("content{url}index.md"),
            publisher: "anna".into(),
            review_by: crate::trust::Timestamp::parse("2027-12-01T00:00:00Z").unwrap(),
            source_sha256: crate::trust::digest::Sha256::of(url.as_bytes()),
            url: url.into(),
        }
    }

    #[test]
    fn the_leaves_of_a_canonical_index_and_nothing_else() {
        for count in [0usize, 1, 3] {
            let index = PagesIndex { format: INDEX_FORMAT.into(), leaves: (0..count).map(|i| leaf(&format!("/s{i}/"))).collect() };
            let bytes = to_canonical(&index);
            let read = read_leaves(&bytes).expect("canonical");
            assert_eq!(read.iter().map(|p| (p.url.clone(), p.hash)).collect::<Vec<_>>(), index.leaves.iter().map(|l| (l.url.clone(), l.hash())).collect::<Vec<_>>());
            // Whitespace anywhere, a reordered field, a trailing byte: refused.
            let text = String::from_utf8(bytes.clone()).unwrap();
            let spaced = text.replacen(',', ", ", 1);
            assert!(read_leaves(spaced.as_bytes()).is_err(), "{spaced}");
            assert!(read_leaves(&[bytes.as_slice(), b" "].concat()).is_err());
            assert!(read_leaves(text.replace("sigill-pages-v1", "sigill-pages-v2").as_bytes()).is_err());
            if count > 0 {
                let reordered = text.replacen("\"approved_at\"", "\"approved_ut\"", 1);
                assert!(read_leaves(reordered.as_bytes()).is_err(), "an unknown field");
                let escaped = text.replacen("anna", "\\u0061nna", 1);
                assert!(read_leaves(escaped.as_bytes()).is_err(), "the same value, not canonically encoded");
            }
        }
        // Two leaves without a comma, or with two.
        let one = String::from_utf8(to_canonical(&leaf("/a/"))).unwrap();
        let two = String::from_utf8(to_canonical(&leaf("/b/"))).unwrap();
        let head = format!("{{\"format\":\"{INDEX_FORMAT}\",\"leaves\":[");
        assert!(read_leaves(format!("{head}{one},{two}]}}").as_bytes()).is_ok());
        assert!(read_leaves(format!("{head}{one},,{two}]}}").as_bytes()).is_err());
        assert!(read_leaves(format!("{head}{one}{two}]}}").as_bytes()).is_err());
    }
}
