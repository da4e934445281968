//! The release manifest, page leaves and per-page proofs: what a build
//! publishes so anyone can check a page without trusting the web server.

use serde::{Deserialize, Serialize};

use super::canonical::to_canonical;
use super::digest::Sha256;
use super::envelope::Envelope;
use super::merkle::{leaf_hash, Hash};
use super::timestamp::Timestamp;

/// Largest proof file read.
pub const MAX_PROOF_BYTES: usize = 1 << 20;
/// Largest release payload read.
pub const MAX_RELEASE_PAYLOAD: usize = 64 * 1024;
/// Largest pages index read (about 150 000 pages).
pub const MAX_PAGES_INDEX_BYTES: usize = 64 << 20;
/// Largest Markdown source file read, by the build and by verifiers.
pub const MAX_SOURCE_BYTES: u64 = 1024 * 1024;
/// Largest page HTML read by a verifier.
pub const MAX_PAGE_BYTES: usize = 16 << 20;
/// The format tag of proof files: a proof names its leaf's place in the
/// pages tree, and a verifier reads the page tiles to reach the root.
pub const PROOF_FORMAT: &str = "sigill-proof-v2";
/// The format tag of the pages index.
pub const INDEX_FORMAT: &str = "sigill-pages-v1";
/// The format tag of the list of published files.
pub const FILES_FORMAT: &str = "sigill-files-v1";
/// The format tag of the published approvals of the theme and `site.toml`.
pub const INPUTS_FORMAT: &str = "sigill-inputs-v1";
/// Largest list of published files read (about 300 000 files).
pub const MAX_FILES_INDEX_BYTES: usize = 64 << 20;
/// Largest inputs file read.
pub const MAX_INPUTS_BYTES: usize = 4 << 20;
/// Largest published file other than a page read by a verifier (bundle
/// assets are at most 50 MiB).
pub const MAX_PUBLISHED_FILE_BYTES: usize = 64 << 20;

/// Where the published trust files live.
pub const WELL_KNOWN: &str = "/.well-known/sigill";

/// Where a tile of the pages tree is published: level and number, as in
/// `/.well-known/sigill/page-tiles/0/12`.
pub fn tile_path(level: u32, n: u64) -> String {
    format!("{WELL_KNOWN}/page-tiles/{level}/{n}")
}

/// Largest page tile read: 256 hashes.
pub const MAX_TILE_BYTES: usize = super::merkle::TILE_WIDTH * 32;

/// The page's proof path: `/om/` → `/om/index.html.proof.json`.
pub fn proof_path(url: &str) -> String {
    if url.ends_with('/') {
        format!("{url}index.html.proof.json")
    } else {
        format!("{url}.proof.json")
    }
}

/// The page's published source: `/om/` → `/om/index.md`.
pub fn source_path(url: &str) -> String {
    if url.ends_with('/') {
        format!("{url}index.md")
    } else {
        format!("{url}.md")
    }
}

/// The signed content of a release manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ReleasePayload {
    pub builder: String,
    pub created: Timestamp,
    pub expires: Timestamp,
    /// How many files `files.json` lists.
    pub files_count: u64,
    /// sha256 of `files.json`: every published byte is bound to the release.
    pub files_sha256: Sha256,
    /// sha256 of `inputs.json`: the approvals of the theme and `site.toml`
    /// the pages were rendered with.
    pub inputs_sha256: Sha256,
    pub pages_count: u64,
    pub pages_root: Sha256,
    pub registry_sha256: Sha256,
    pub release: String,
    pub root_sha256: Sha256,
    pub site: String,
}

/// What one published page is bound to: its URL, its exact served bytes and
/// the approval it was built from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PageLeaf {
    /// sha256 of each approval envelope's bytes (today exactly one).
    pub approvals: Vec<Sha256>,
    pub approved_at: Timestamp,
    pub html_len: u64,
    pub html_sha256: Sha256,
    pub path: String,
    pub publisher: String,
    pub review_by: Timestamp,
    pub source_sha256: Sha256,
    pub url: String,
}

impl PageLeaf {
    /// The leaf's canonical bytes, which the Merkle tree hashes.
    pub fn bytes(&self) -> Vec<u8> {
        to_canonical(self)
    }
    /// `SHA-256(0x00 || canonical leaf)`.
    pub fn hash(&self) -> Hash {
        leaf_hash(&self.bytes())
    }
}

/// `<page>/index.html.proof.json`: everything needed to check one page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PageProof {
    pub approvals: Vec<Envelope>,
    pub format: String,
    pub leaf: PageLeaf,
    pub leaf_index: u64,
    /// Where the release manifest is, relative to the site root.
    pub release: String,
    pub tree_size: u64,
}

/// `/.well-known/sigill/pages.json`: every leaf in tree order, so a whole
/// site can be checked from its release manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PagesIndex {
    pub format: String,
    pub leaves: Vec<PageLeaf>,
}

/// The files `files.json` does not list: the release itself (signed),
/// `files.json` (its hash is in the release) and the release log under
/// `/.well-known/sigill/log/` (its signed checkpoint covers it, and it
/// names the release, so the release cannot name it).
pub fn is_unlisted(path: &str) -> bool {
    path.strip_prefix(WELL_KNOWN).is_some_and(|rest| rest == "/release.json" || rest == "/files.json" || rest.starts_with("/log/"))
}

/// One published file and its exact bytes' hash.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PublishedFile {
    pub len: u64,
    /// URL path from the site root: `/om/index.html`.
    pub path: String,
    pub sha256: Sha256,
}

/// `/.well-known/sigill/files.json`: every file of the published site but
/// the two [`unlisted_files`], sorted by path, so a verifier notices any
/// changed, missing or added file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FilesIndex {
    pub files: Vec<PublishedFile>,
    pub format: String,
}

/// `/.well-known/sigill/inputs.json`: the approvals of `site.toml` and the
/// theme that the release's pages were rendered with, sorted by path.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct InputsIndex {
    pub approvals: Vec<Envelope>,
    pub format: String,
}
