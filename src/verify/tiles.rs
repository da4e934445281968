//! The pages tree's tiles as one check reads them: each tile fetched and
//! hashed once, however many pages of a site check pass through it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::source::Source;
use crate::trust::merkle::{root_from_tiles, Hash, Tile, TileAt};
use crate::trust::release::{tile_path, MAX_TILE_BYTES};

/// A tile by level and number, as read: `None` when it was missing or
/// malformed.
type ReadTiles = HashMap<(u32, u64), Option<Arc<Tile>>>;

/// The tiles read so far; a missing or malformed tile is remembered as
/// `None`, so every page through it fails alike without a second fetch.
#[derive(Default)]
pub struct TileReader {
    read: Mutex<ReadTiles>,
}

impl TileReader {
    /// The root the leaf `leaf` at `index` of a tree of `size` leaves
    /// leads to through the published tiles, or `None` where they do not fit.
    pub fn root(&self, source: &dyn Source, leaf: &Hash, index: u64, size: u64) -> Option<Hash> {
        root_from_tiles(leaf, index, size, |at| self.tile(source, at))
    }

    fn tile(&self, source: &dyn Source, at: TileAt) -> Option<Arc<Tile>> {
        let key = (at.level, at.n);
        if let Some(known) = self.read.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            // One tree size per check: a tile's width follows from its place.
            return known.clone().filter(|tile| tile.entries.len() == at.width);
        }
        let tile = source.get(&tile_path(at.level, at.n), MAX_TILE_BYTES).ok().and_then(|bytes| Tile::parse(&bytes, at.width)).map(Arc::new);
        self.read.lock().unwrap_or_else(|e| e.into_inner()).insert(key, tile.clone());
        tile
    }
}
