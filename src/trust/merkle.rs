//! RFC 6962 Merkle trees over page leaves: one root per release, one
//! inclusion proof per page, so a single signature covers every page.

use super::encoding::sha256;

/// A 32-byte node hash.
pub type Hash = [u8; 32];

/// `SHA-256(0x00 || leaf)`.
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    let mut data = Vec::with_capacity(leaf.len() + 1);
    data.push(0);
    data.extend_from_slice(leaf);
    sha256(&data)
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut data = [0u8; 65];
    data[0] = 1;
    data[1..33].copy_from_slice(left);
    data[33..].copy_from_slice(right);
    sha256(&data)
}

/// The largest power of two smaller than `n` (n >= 2).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k << 1 < n {
        k <<= 1;
    }
    k
}

/// The Merkle Tree Hash of already-hashed leaves (`MTH` in RFC 6962).
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => sha256(b""),
        1 => leaves[0],
        n => {
            let k = split(n);
            node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// The audit path of leaf `index` (`PATH(m, D[n])` in RFC 6962).
pub fn inclusion_proof(leaves: &[Hash], index: usize) -> Vec<Hash> {
    let n = leaves.len();
    if n <= 1 || index >= n {
        return Vec::new();
    }
    let k = split(n);
    if index < k {
        let mut path = inclusion_proof(&leaves[..k], index);
        path.push(root(&leaves[k..]));
        path
    } else {
        let mut path = inclusion_proof(&leaves[k..], index - k);
        path.push(root(&leaves[..k]));
        path
    }
}

/// A tree kept as its complete subtrees, from which each leaf's audit path
/// is read on demand: stamping a release needs every path, but holding them
/// all at once would take a kilobyte per page at 100 000 pages, where these
/// levels take 64 bytes.
pub struct Tree {
    /// `levels[j][i]`: the hash of the complete subtree of `2^j` leaves
    /// that starts at leaf `i * 2^j`.
    levels: Vec<Vec<Hash>>,
    /// The hash of each range `[start, size)` on the tree's right edge,
    /// by start: the only subtrees of an RFC 6962 tree that may be
    /// incomplete.
    right_edge: Vec<(usize, Hash)>,
    size: usize,
}

impl Tree {
    /// The tree over already-hashed `leaves`.
    pub fn new(leaves: Vec<Hash>) -> Self {
        let size = leaves.len();
        let mut levels = vec![leaves];
        while let Some(below) = levels.last().filter(|level| level.len() >= 2) {
            let above: Vec<Hash> = below.chunks_exact(2).map(|pair| node_hash(&pair[0], &pair[1])).collect();
            levels.push(above);
        }
        let mut tree = Tree { levels, right_edge: Vec::new(), size };
        // From the smallest range at the right edge up to the whole tree.
        let mut starts = Vec::new();
        let (mut start, mut len) = (0, size);
        while len > 0 && !len.is_power_of_two() {
            starts.push(start);
            let k = split(len);
            start += k;
            len -= k;
        }
        for &start in starts.iter().rev() {
            let k = split(size - start);
            let hash = node_hash(&tree.block(start, k), &tree.range(start + k, size - start - k));
            tree.right_edge.push((start, hash));
        }
        tree
    }

    /// The Merkle Tree Hash of all leaves (`MTH` in RFC 6962).
    pub fn root(&self) -> Hash {
        match self.size {
            0 => sha256(b""),
            n => self.range(0, n),
        }
    }

    /// The audit path of leaf `index` (`PATH(m, D[n])` in RFC 6962), from
    /// the leaf's sibling up; empty for a tree of one leaf or an index
    /// outside the tree.
    pub fn proof(&self, index: usize) -> Vec<Hash> {
        if self.size <= 1 || index >= self.size {
            return Vec::new();
        }
        let mut path = Vec::with_capacity(usize::BITS as usize - self.size.leading_zeros() as usize);
        let (mut start, mut len) = (0, self.size);
        while len > 1 {
            let k = split(len);
            if index < start + k {
                path.push(self.range(start + k, len - k));
                len = k;
            } else {
                path.push(self.block(start, k));
                start += k;
                len -= k;
            }
        }
        path.reverse();
        path
    }

    /// A complete subtree: `len` a power of two, `start` a multiple of it.
    fn block(&self, start: usize, len: usize) -> Hash {
        let level = len.trailing_zeros() as usize;
        self.levels[level][start >> level]
    }

    /// The hash of a subtree the RFC 6962 recursion visits: a complete
    /// one, or one on the right edge.
    fn range(&self, start: usize, len: usize) -> Hash {
        if len.is_power_of_two() {
            return self.block(start, len);
        }
        match self.right_edge.iter().find(|(s, _)| *s == start) {
            Some((_, hash)) => *hash,
            // Not reached: every incomplete range ends at the right edge.
            None => root(&self.levels[0][start..start + len]),
        }
    }
}

/// Recomputes the root from a leaf hash and its audit path (RFC 9162
/// §2.1.3.2). Returns `None` when the proof does not fit the tree size.
pub fn root_from_proof(leaf: &Hash, index: u64, size: u64, proof: &[Hash]) -> Option<Hash> {
    if index >= size {
        return None;
    }
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if sn == 0 {
            return None;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    (sn == 0).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::encoding::hex;

    fn decode(text: &str) -> Vec<u8> {
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
    }

    /// The leaves of the Certificate Transparency / transparency-dev test suite.
    const LEAVES: [&str; 8] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
    const ROOTS: [&str; 8] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    fn leaves() -> Vec<Hash> {
        LEAVES.iter().map(|l| leaf_hash(&decode(l))).collect()
    }

    #[test]
    fn roots_match_rfc6962_vectors() {
        let leaves = leaves();
        for (n, expected) in ROOTS.iter().enumerate() {
            assert_eq!(hex(&root(&leaves[..=n])), *expected, "size {}", n + 1);
        }
        assert_eq!(hex(&root(&[])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn inclusion_proofs_match_published_paths() {
        let leaves = leaves();
        let p0: Vec<String> = inclusion_proof(&leaves, 0).iter().map(|h| hex(h)).collect();
        assert_eq!(p0, [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ]);
        let p5: Vec<String> = inclusion_proof(&leaves, 5).iter().map(|h| hex(h)).collect();
        assert_eq!(p5, [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]);
    }

    #[test]
    fn every_proof_of_every_size_verifies_and_no_other() {
        assert_eq!(Tree::new(Vec::new()).root(), root(&[]));
        for n in 1..=70usize {
            let leaves: Vec<Hash> = (0..n).map(|i| leaf_hash(&[i as u8; 3])).collect();
            let expected = root(&leaves);
            let tree = Tree::new(leaves.clone());
            assert_eq!(tree.root(), expected, "n={n}");
            let all: Vec<Vec<Hash>> = (0..n).map(|i| tree.proof(i)).collect();
            assert_eq!(tree.proof(n), Vec::<Hash>::new());
            for i in 0..n {
                assert_eq!(all[i], inclusion_proof(&leaves, i), "n={n} i={i}");
                assert_eq!(root_from_proof(&leaves[i], i as u64, n as u64, &all[i]), Some(expected), "n={n} i={i}");
                if n > 1 {
                    let other = (i + 1) % n;
                    assert_ne!(root_from_proof(&leaves[i], other as u64, n as u64, &all[i]), Some(expected));
                }
            }
            assert_eq!(root_from_proof(&leaves[0], n as u64, n as u64, &all[0]), None);
        }
    }
}
