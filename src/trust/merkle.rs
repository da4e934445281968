//! RFC 6962 Merkle trees over page leaves: one root per release, published
//! as tiles through which each page proves its place, so a single signature
//! covers every page.

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

/// Hashes per tile: tiles of height 8, as in C2SP tlog-tiles.
pub const TILE_WIDTH: usize = 256;

/// The pages tree of a release published as tiles, so that one page's
/// proof needs no audit path that changes with every other page: level 0
/// holds the leaf hashes in tree order, each level above holds the tile
/// hashes of the level below, and a tile hash is the Merkle Tree Hash of
/// its entries taken as already-hashed leaves. Every split RFC 6962 makes
/// in a range longer than a tile falls on a tile boundary, so the single
/// tile of the top level hashes to the tree's root (`docs/format.md`,
/// "Page tiles").
pub struct Tiles {
    /// `levels[l]`: the entries of level `l`, left to right.
    levels: Vec<Vec<Hash>>,
    width: usize,
}

impl Tiles {
    /// The tiles over already-hashed `leaves`.
    pub fn new(leaves: Vec<Hash>) -> Self {
        Self::of_width(leaves, TILE_WIDTH)
    }

    fn of_width(leaves: Vec<Hash>, width: usize) -> Self {
        let mut levels = vec![leaves];
        while let Some(below) = levels.last().filter(|level| level.len() > width) {
            let above: Vec<Hash> = below.chunks(width).map(root).collect();
            levels.push(above);
        }
        Tiles { levels, width }
    }

    /// The Merkle Tree Hash of all leaves (`MTH` in RFC 6962).
    pub fn root(&self) -> Hash {
        root(self.levels.last().map(Vec::as_slice).unwrap_or_default())
    }

    /// Every tile: its level, its number within the level, its entries.
    pub fn tiles(&self) -> impl Iterator<Item = (u32, u64, &[Hash])> + '_ {
        self.levels.iter().enumerate().filter(|(_, entries)| !entries.is_empty()).flat_map(move |(level, entries)| {
            entries.chunks(self.width).enumerate().map(move |(n, tile)| (level as u32, n as u64, tile))
        })
    }
}

/// One published tile, read and hashed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tile {
    pub entries: Vec<Hash>,
    /// The Merkle Tree Hash of `entries`.
    pub hash: Hash,
}

impl Tile {
    /// A tile from its published bytes (entries of 32 bytes each, one
    /// after another); `None` unless it holds exactly `width` entries.
    pub fn parse(bytes: &[u8], width: usize) -> Option<Tile> {
        if width == 0 || bytes.len() != width * 32 {
            return None;
        }
        let entries: Vec<Hash> = bytes.chunks_exact(32).map(|c| c.try_into().expect("32 bytes")).collect();
        let hash = root(&entries);
        Some(Tile { entries, hash })
    }
}

/// The place of a tile a proof reads: level, number, and how many entries
/// it must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileAt {
    pub level: u32,
    pub n: u64,
    pub width: usize,
}

/// Recomputes the root from a leaf hash, its index and the tree size,
/// reading the tiles on its way up through `tile`: at each level the tile
/// must hold the hash from below at the expected place. `None` when the
/// index is outside the tree or a tile is missing or does not fit.
pub fn root_from_tiles(leaf: &Hash, index: u64, size: u64, tile: impl FnMut(TileAt) -> Option<std::sync::Arc<Tile>>) -> Option<Hash> {
    root_from_tiles_of_width(leaf, index, size, TILE_WIDTH as u64, tile)
}

fn root_from_tiles_of_width(leaf: &Hash, index: u64, size: u64, width: u64, mut tile: impl FnMut(TileAt) -> Option<std::sync::Arc<Tile>>) -> Option<Hash> {
    if index >= size {
        return None;
    }
    let (mut want, mut index, mut count, mut level) = (*leaf, index, size, 0u32);
    loop {
        let n = index / width;
        let in_tile = (count - n * width).min(width);
        let found = tile(TileAt { level, n, width: in_tile as usize })?;
        if found.entries.len() as u64 != in_tile || found.entries.get((index % width) as usize) != Some(&want) {
            return None;
        }
        if count <= width {
            return Some(found.hash);
        }
        want = found.hash;
        index = n;
        count = count.div_ceil(width);
        level += 1;
    }
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
    fn tiles_hash_to_the_rfc6962_root_and_prove_every_leaf_and_no_other() {
        use std::sync::Arc;
        assert_eq!(Tiles::new(Vec::new()).root(), root(&[]));
        // A power of two, like 256: then every split falls on a tile boundary.
        for width in [2usize, 4, 8] {
            for n in 1..=70usize {
                let leaves: Vec<Hash> = (0..n).map(|i| leaf_hash(&[i as u8; 3])).collect();
                let expected = root(&leaves);
                let tiles = Tiles::of_width(leaves.clone(), width);
                assert_eq!(tiles.root(), expected, "width={width} n={n}");
                let published: std::collections::HashMap<(u32, u64), Arc<Tile>> = tiles
                    .tiles()
                    .map(|(level, k, entries)| ((level, k), Arc::new(Tile::parse(&entries.concat(), entries.len()).expect("tile"))))
                    .collect();
                let read = |at: TileAt| published.get(&(at.level, at.n)).cloned();
                for (i, leaf) in leaves.iter().enumerate() {
                    assert_eq!(root_from_tiles_of_width(leaf, i as u64, n as u64, width as u64, read), Some(expected), "width={width} n={n} i={i}");
                    if n > 1 {
                        let other = ((i + 1) % n) as u64;
                        assert_eq!(root_from_tiles_of_width(leaf, other, n as u64, width as u64, read), None, "another index");
                    }
                }
                assert_eq!(root_from_tiles_of_width(&leaves[0], n as u64, n as u64, width as u64, read), None, "outside the tree");
                // One entry changed anywhere breaks every proof through its tile.
                for ((level, k), tile) in &published {
                    let mut bad = (**tile).clone();
                    bad.entries[0][0] ^= 1;
                    bad.hash = root(&bad.entries);
                    let bad = Arc::new(bad);
                    let read_bad = |at: TileAt| if (at.level, at.n) == (*level, *k) { Some(bad.clone()) } else { read(at) };
                    let first = (*k as usize) * width.pow(*level + 1);
                    assert_ne!(root_from_tiles_of_width(&leaves[first], first as u64, n as u64, width as u64, read_bad), Some(expected), "tile {level}/{k}");
                }
            }
        }
    }

    #[test]
    fn tiles_of_256_cover_more_than_two_levels() {
        let n = 256 * 256 + 300;
        let leaves: Vec<Hash> = (0..n as u32).map(|i| leaf_hash(&i.to_le_bytes())).collect();
        let tiles = Tiles::new(leaves.clone());
        assert_eq!(tiles.root(), root(&leaves));
        let counts: Vec<(u32, usize)> = [0u32, 1, 2].iter().map(|l| (*l, tiles.tiles().filter(|(level, _, _)| level == l).count())).collect();
        assert_eq!(counts, [(0, 258), (1, 2), (2, 1)]);
        let published: std::collections::HashMap<(u32, u64), std::sync::Arc<Tile>> =
            tiles.tiles().map(|(level, k, e)| ((level, k), std::sync::Arc::new(Tile::parse(&e.concat(), e.len()).expect("tile")))).collect();
        for i in [0usize, 255, 256, 65_535, 65_536, n - 1] {
            assert_eq!(root_from_tiles(&leaves[i], i as u64, n as u64, |at| published.get(&(at.level, at.n)).cloned()), Some(tiles.root()), "leaf {i}");
        }
        assert!(Tile::parse(&[0u8; 64], 3).is_none(), "a tile of the wrong width");
    }
}
