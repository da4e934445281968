//! The Merkle tree of the log and its C2SP tlog-tiles files: hash tiles
//! (`tile/<L>/<N>[.p/<W>]`, height 8) and entry bundles
//! (`tile/entries/<N>[.p/<W>]`, each entry as a big-endian uint16 length
//! and its bytes). The hashing and tiling come from `tlog_tiles`.

use tlog_tiles::{record_hash, stored_hashes, tree_hash, Hash, HashReader, Tile};

/// C2SP tlog-tiles fixes the tile height at 8 (256 hashes per tile).
pub const TILE_HEIGHT: u8 = 8;
/// Entries per full entry bundle.
pub const BUNDLE_SIZE: u64 = 1 << TILE_HEIGHT;

/// Every stored hash of a log held in memory, in `tlog` storage order.
#[derive(Debug, Default, Clone)]
pub struct MemoryTree {
    hashes: Vec<Hash>,
    size: u64,
}

impl HashReader for MemoryTree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| usize::try_from(i).ok().and_then(|i| self.hashes.get(i)).copied().ok_or(tlog_tiles::Error::IndexesNotInTree))
            .collect()
    }
}

impl MemoryTree {
    /// The tree over `entries`, in order.
    pub fn new<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut tree = Self::default();
        for entry in entries {
            tree.append(entry);
        }
        tree
    }

    /// Appends one record.
    pub fn append(&mut self, entry: &[u8]) {
        let added = stored_hashes(self.size, entry, self).expect("every earlier hash is stored");
        self.hashes.extend(added);
        self.size += 1;
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// The RFC 6962 root of the first `n` records (`n <= size`).
    pub fn root_at(&self, n: u64) -> Option<[u8; 32]> {
        (n <= self.size).then(|| tree_hash(n, self).ok()).flatten().map(|h| h.0)
    }

    /// The root of the whole tree.
    pub fn root(&self) -> [u8; 32] {
        self.root_at(self.size).expect("the whole tree is stored")
    }

    /// An RFC 6962 consistency proof from the first `old` records to the
    /// first `new` (`0 < old <= new <= size`).
    pub fn consistency_proof(&self, old: u64, new: u64) -> Option<Vec<[u8; 32]>> {
        if old == 0 || old > new || new > self.size {
            return None;
        }
        tlog_tiles::prove_tree(new, old, self).ok().map(|p| p.into_iter().map(|h| h.0).collect())
    }

    /// The hash tiles of the whole tree: (path inside the log folder, bytes).
    pub fn hash_tiles(&self) -> Vec<(String, Vec<u8>)> {
        Tile::new_tiles(TILE_HEIGHT, 0, self.size)
            .into_iter()
            .map(|tile| {
                let data = tile.read_data(self).expect("every hash of the tree is stored");
                (c2sp_path(&tile.path()), data)
            })
            .collect()
    }
}

/// Checks an RFC 6962 consistency proof between two tree heads.
pub fn check_consistency(proof: &[[u8; 32]], old_size: u64, old_root: [u8; 32], new_size: u64, new_root: [u8; 32]) -> bool {
    let proof: Vec<Hash> = proof.iter().map(|h| Hash(*h)).collect();
    tlog_tiles::check_tree(&proof, new_size, Hash(new_root), old_size, Hash(old_root)).is_ok()
}

/// The leaf hash of one entry: `SHA-256(0x00 || entry)`.
pub fn entry_hash(entry: &[u8]) -> [u8; 32] {
    record_hash(entry).0
}

/// `tile/8/0/x001/234.p/5` (the Go sumdb form `tlog_tiles` writes) as the
/// C2SP path `tile/0/x001/234.p/5`.
fn c2sp_path(sumdb: &str) -> String {
    let rest = sumdb.strip_prefix(&format!("tile/{TILE_HEIGHT}/")).unwrap_or(sumdb);
    format!("tile/{rest}")
}

/// The C2SP path of entry bundle `n` holding `width` entries.
pub fn bundle_path(n: u64, width: u64) -> String {
    let level0 = c2sp_path(&Tile::new(TILE_HEIGHT, 0, n, u32::try_from(width).unwrap_or(1 << TILE_HEIGHT), false).path());
    level0.replacen("tile/0/", "tile/entries/", 1)
}

/// The entry bundles of `entries`: (path inside the log folder, bytes).
pub fn entry_bundles(entries: &[Vec<u8>]) -> Vec<(String, Vec<u8>)> {
    entries
        .chunks(BUNDLE_SIZE as usize)
        .enumerate()
        .map(|(n, chunk)| {
            let mut bytes = Vec::new();
            for entry in chunk {
                let len = u16::try_from(entry.len()).expect("entries are at most MAX_ENTRY_BYTES");
                bytes.extend_from_slice(&len.to_be_bytes());
                bytes.extend_from_slice(entry);
            }
            (bundle_path(n as u64, chunk.len() as u64), bytes)
        })
        .collect()
}

/// The paths of the bundles a tree of `size` entries has, with the number
/// of entries each holds.
pub fn bundle_layout(size: u64) -> Vec<(String, u64)> {
    let full = size / BUNDLE_SIZE;
    let mut layout: Vec<(String, u64)> = (0..full).map(|n| (bundle_path(n, BUNDLE_SIZE), BUNDLE_SIZE)).collect();
    if size % BUNDLE_SIZE > 0 {
        layout.push((bundle_path(full, size % BUNDLE_SIZE), size % BUNDLE_SIZE));
    }
    layout
}

/// Splits an entry bundle into exactly `count` entries.
pub fn parse_bundle(bytes: &[u8], count: u64) -> Result<Vec<Vec<u8>>, String> {
    let mut entries = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let (len, tail) = rest.split_first_chunk::<2>().ok_or("an entry length is cut off")?;
        let len = usize::from(u16::from_be_bytes(*len));
        if tail.len() < len {
            return Err("an entry is cut off".into());
        }
        entries.push(tail[..len].to_vec());
        rest = &tail[len..];
    }
    if entries.len() as u64 != count {
        return Err(tr!("tiles-holds-entries-expected", entries_count = entries.len(), count = count));
    }
    Ok(entries)
}

